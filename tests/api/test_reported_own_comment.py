"""A comment hidden by readers' reports is still shown to its author, as awaiting review; to no one else."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from civility_fixtures import API
from fastapi import FastAPI
from fastapi.testclient import TestClient

from civility.comments.reports import ReportService

Reader = Callable[[], dict[str, str]]
TEXT = "The council's figures on the tram line do not add up, as the article shows."


def _post(client: TestClient, who: dict[str, str], text: str = TEXT, **extra: Any) -> dict[str, Any]:
    response = client.post(
        f"{API}/comments", json={"thread": "t", "author_name": "Ann", "text": text, **extra}, headers=who
    )
    assert response.status_code == 201, response.text
    answer: dict[str, Any] = response.json()
    return answer


def _hide_by_reports(client: TestClient, reader: Reader, comment_id: int) -> None:
    """Five fresh readers mark it as spam: 5 × 0.6 reaches the default threshold of 3.0."""
    for _ in range(5):
        response = client.post(
            f"{API}/comments/{comment_id}/reports", json={"reason": "spam"}, headers=reader()
        )
        assert response.status_code == 201, response.text


def _page(client: TestClient, who: dict[str, str] | None = None) -> dict[str, Any]:
    response = client.get(f"{API}/comments", params={"thread": "t"}, headers=who or {})
    assert response.status_code == 200
    page: dict[str, Any] = response.json()
    return page


def test_the_author_sees_their_reported_comment_as_awaiting_review(
    client: TestClient, reader: Reader
) -> None:
    author, other = reader(), reader()
    comment = _post(client, author)
    _hide_by_reports(client, reader, comment["id"])
    own = _page(client, author)["comments"]
    assert [(c["id"], c["pending"], c["mine"], c["text"]) for c in own] == [(comment["id"], True, True, TEXT)]
    assert _page(client, other)["comments"] == []
    assert _page(client)["comments"] == []
    assert _page(client)["total"] == 0


def test_a_reported_reply_is_shown_under_its_parent_to_its_author_only(
    client: TestClient, reader: Reader
) -> None:
    first, author, other = reader(), reader(), reader()
    parent = _post(client, first, "A first comment on the tram line, for replies to hang from.")
    reply = _post(client, author, parent_id=parent["id"])
    _hide_by_reports(client, reader, reply["id"])

    def replies(who: dict[str, str] | None) -> list[tuple[int, bool]]:
        return [(r["id"], r["pending"]) for r in _page(client, who)["comments"][0]["replies"]]

    assert replies(author) == [(reply["id"], True)]
    assert replies(other) == [] and replies(None) == []


def test_editing_a_reported_comment_keeps_it_under_review(
    client: TestClient, reader: Reader, app: FastAPI
) -> None:
    author = reader()
    comment = _post(client, author)
    _hide_by_reports(client, reader, comment["id"])
    edited = client.patch(
        f"{API}/comments/{comment['id']}",
        json={"text": "A calmer version of the same point."},
        headers=author,
    )
    assert edited.status_code == 200, edited.text
    body = edited.json()
    assert (body["status"], body["decision"], body["pending"]) == ("pending", "hold", True)
    assert "awaiting review" in body["message"]
    assert _page(client)["comments"] == []
    reports: ReportService = app.state.reports
    assert [q.comment_id for q in reports.reported_queue("news")] == [comment["id"]]
    reports.judge(comment["id"], upheld=False)  # a moderator dismisses the reports: public again
    assert [c["id"] for c in _page(client)["comments"]] == [comment["id"]]
