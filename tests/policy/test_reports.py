"""Readers' reports: not one's own, once per comment, weighted; past the threshold the comment is hidden."""

from __future__ import annotations

from typing import Any

from conftest import CLEAN, Reader, listing, post
from fastapi import FastAPI
from fastapi.testclient import TestClient

from civility.comments.reports import ReportService

API = "/api/v1/sites/news"


def report(
    client: TestClient, who: dict[str, str], comment_id: int, reason: str = "spam", **extra: str
) -> Any:
    return client.post(f"{API}/comments/{comment_id}/reports", json={"reason": reason, **extra}, headers=who)


def test_an_author_cannot_report_their_own_comment(client: TestClient, reader: Reader) -> None:
    author = reader()
    comment = post(client, author, CLEAN).json()
    refused = report(client, author, comment["id"])
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "own_comment"


def test_one_report_per_reader_per_comment(client: TestClient, reader: Reader) -> None:
    comment = post(client, reader(), CLEAN).json()
    someone = reader()
    first = report(client, someone, comment["id"], "discourtesy")
    assert first.status_code == 201 and first.json()["received"] is True
    assert "not told who reported" in first.json()["message"]
    again = report(client, someone, comment["id"], "spam")
    assert again.status_code == 409 and again.json()["error"]["field"] == "id"


def test_other_needs_a_note_and_unknown_reasons_are_refused(client: TestClient, reader: Reader) -> None:
    comment = post(client, reader(), CLEAN).json()
    who = reader()
    assert report(client, who, comment["id"], "other").json()["error"]["field"] == "note"
    assert report(client, who, comment["id"], "boring").status_code == 422
    assert report(client, who, comment["id"], "other", note="Off topic advertising").status_code == 201


def test_five_fresh_readers_marking_spam_hide_the_comment_pending_review(
    client: TestClient, reader: Reader, policy_app: FastAPI
) -> None:
    author = reader()
    comment = post(client, author, CLEAN).json()
    for n in range(4):
        assert report(client, reader(), comment["id"]).status_code == 201
        assert [c["id"] for c in listing(client)] == [comment["id"]], f"hidden after {n + 1} fresh reports"
    assert report(client, reader(), comment["id"]).status_code == 201
    assert listing(client) == []
    assert [(c["id"], c["pending"]) for c in listing(client, author)] == [(comment["id"], True)]
    assert client.get(f"{API}/thread", params={"thread": "t"}).json()["comment_count"] == 0
    reports: ReportService = policy_app.state.reports
    queue = reports.reported_queue("news")
    assert [(q.comment_id, q.reports, q.reasons) for q in queue] == [(comment["id"], 5, {"spam": 5})]
    assert abs(queue[0].weight - 3.0) < 1e-6


def test_established_readers_count_more_and_dismissed_reporters_less(
    client: TestClient, reader: Reader, policy_app: FastAPI
) -> None:
    reports: ReportService = policy_app.state.reports
    established = []
    for n in range(3):
        who = reader()
        assert (
            post(client, who, f"{CLEAN} My view number {n}.", thread=f"own{n}").json()["status"]
            == "published"
        )
        established.append(who)
    target = post(client, reader(), CLEAN).json()
    for who in established[:2]:
        report(client, who, target["id"])
    assert [c["id"] for c in listing(client)] == [target["id"]]
    report(client, established[2], target["id"])
    assert listing(client) == []  # three established readers reach the default threshold of 3.0
    reports.judge(target["id"], upheld=False)  # a moderator dismisses: back in public, reporters count less
    assert [c["id"] for c in listing(client)] == [target["id"]]
    second = post(client, reader(), CLEAN + " Second.", thread="t2").json()
    for who in established:
        report(client, who, second["id"])
    assert [c["id"] for c in listing(client, thread="t2")] == [second["id"]]  # 3 × 0.67 < 3.0
