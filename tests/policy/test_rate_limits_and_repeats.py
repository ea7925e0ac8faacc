"""Rate limits with Retry-After; near-duplicates of one's own recent comments, or of removed spam."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from civility_fixtures import API, make_settings
from conftest import CLEAN, Reader, post
from fastapi import FastAPI
from fastapi.testclient import TestClient

from civility.comments.reports import ReportService
from civility.storage.database import Database
from civility.web.app import create_app

PITCH = (
    "The council budget shows that the new tram line will cost far more than the old bus routes did last year"
)
REWORDED = PITCH + "!!"


@pytest.fixture
def strict_client(database_url: str, database: Database) -> Iterator[TestClient]:
    settings = make_settings(database_url, comment_rate_limit="2/minute", report_rate_limit="1/minute")
    with TestClient(create_app(settings, database=database)) as client:
        yield client


def test_posting_too_quickly_is_refused_with_retry_after(strict_client: TestClient) -> None:
    token = strict_client.post(f"{API}/readers").json()["reader_token"]
    me = {"Authorization": f"Bearer {token}"}
    for n in range(2):
        assert post(strict_client, me, f"{CLEAN} Part {n}.", thread=f"t{n}").status_code == 201
    refused = post(strict_client, me, CLEAN + " Part three.")
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    assert "posting too quickly" in refused.json()["error"]["message"]
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    other = {"Authorization": f"Bearer {strict_client.post(f'{API}/readers').json()['reader_token']}"}
    assert post(strict_client, other, CLEAN).status_code == 201  # the limit is per author


def test_reporting_too_often_is_refused_with_retry_after(strict_client: TestClient) -> None:
    tokens = [strict_client.post(f"{API}/readers").json()["reader_token"] for _ in range(2)]
    author, reporter = ({"Authorization": f"Bearer {t}"} for t in tokens)
    ids = [post(strict_client, author, f"{CLEAN} Point {n}.", thread=f"r{n}").json()["id"] for n in range(2)]
    first = strict_client.post(f"{API}/comments/{ids[0]}/reports", json={"reason": "spam"}, headers=reporter)
    assert first.status_code == 201
    second = strict_client.post(f"{API}/comments/{ids[1]}/reports", json={"reason": "spam"}, headers=reporter)
    assert second.status_code == 429 and int(second.headers["Retry-After"]) >= 1


def test_a_near_duplicate_of_the_authors_recent_comment_is_held_as_spam(
    client: TestClient, reader: Reader
) -> None:
    author, other = reader(), reader()
    first = post(client, author, PITCH, thread="a").json()
    assert first["decision"] == "allow"
    again = post(client, author, REWORDED, thread="b").json()
    assert (again["decision"], again["status"]) == ("hold", "pending")
    assert [reason["category"] for reason in again["reasons"]] == ["spam"]
    # Another reader making the same point is not a repeat of their own.
    assert post(client, other, PITCH, thread="c").json()["decision"] == "allow"


def test_a_nudged_draft_posted_anyway_is_not_a_repeat_of_itself(client: TestClient, reader: Reader) -> None:
    author = reader()
    text = "You are an idiot if you think the council budget will pay for the new tram line this year."
    assert post(client, author, text).json()["decision"] == "nudge"
    anyway = post(client, author, text, post_anyway=True).json()
    assert anyway["decision"] == "hold"
    assert {reason["category"] for reason in anyway["reasons"]} == {"discourtesy"}


def test_a_near_duplicate_of_a_comment_removed_as_spam_is_caught(
    client: TestClient, reader: Reader, policy_app: FastAPI
) -> None:
    first = post(client, reader(), PITCH, thread="a").json()
    assert first["decision"] == "allow"
    reports: ReportService = policy_app.state.reports
    reports.remove_as_spam(first["id"])
    copy = post(client, reader(), REWORDED, thread="b").json()
    assert (copy["decision"], copy["status"]) == ("hold", "pending")
    assert [reason["category"] for reason in copy["reasons"]] == ["spam"]
    unrelated = (
        "Interesting piece, though I wish it had said more about how the library opening hours are set."
    )
    assert post(client, reader(), unrelated, thread="c").json()["decision"] == "allow"
