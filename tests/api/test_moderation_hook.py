"""The moderation hook decides a new comment's status; only published comments are public."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from civility_fixtures import API
from fastapi.testclient import TestClient

from civility.comments.moderation_hook import CommentDraft, ModerationOutcome
from civility.settings import Settings
from civility.storage.database import Database
from civility.storage.tables import CommentStatus
from civility.web.app import create_app


def hold_when_asked(draft: CommentDraft) -> ModerationOutcome:
    if "hold me" in draft.text:
        return ModerationOutcome(CommentStatus.PENDING, decision="hold", scores={"spam": 0.9})
    return ModerationOutcome(CommentStatus.PUBLISHED)


@pytest.fixture
def held_client(settings: Settings, database: Database) -> Iterator[TestClient]:
    with TestClient(create_app(settings, database=database, moderate=hold_when_asked)) as client:
        yield client


def _reader(client: TestClient) -> dict[str, str]:
    return {"Authorization": f"Bearer {client.post(f'{API}/readers').json()['reader_token']}"}


def test_a_held_comment_is_seen_only_by_its_author(held_client: TestClient) -> None:
    author, other = _reader(held_client), _reader(held_client)
    body = {"thread": "t", "author_name": "Ann", "text": "visible"}
    top = held_client.post(f"{API}/comments", json=body, headers=author).json()
    held = held_client.post(
        f"{API}/comments", json={**body, "text": "please hold me", "parent_id": top["id"]}, headers=author
    )
    assert held.status_code == 201 and held.json()["pending"] is True

    def replies(who: dict[str, str]) -> list[str]:
        page = held_client.get(f"{API}/comments", params={"thread": "t"}, headers=who).json()
        return [r["text"] or r["html"] for r in page["comments"][0]["replies"]]

    assert replies(author) == ["please hold me"]
    assert replies(other) == []
    thread = held_client.get(f"{API}/thread", params={"thread": "t"}).json()
    assert thread["comment_count"] == 1
    anonymous = held_client.get(f"{API}/comments", params={"thread": "t"}).json()["comments"][0]
    assert anonymous["reply_count"] == 0 and anonymous["replies"] == []


def test_publishing_a_held_comment_shows_it_to_everyone(held_client: TestClient) -> None:
    author = _reader(held_client)
    body = {"thread": "t", "author_name": "Ann", "text": "hold me until checked"}
    held = held_client.post(f"{API}/comments", json=body, headers=author).json()
    assert held_client.get(f"{API}/comments", params={"thread": "t"}).json()["comments"] == []
    held_client.app.state.comments.set_comment_status(held["id"], CommentStatus.PUBLISHED)  # type: ignore[attr-defined]
    page = held_client.get(f"{API}/comments", params={"thread": "t"}).json()
    assert [c["id"] for c in page["comments"]] == [held["id"]] and page["total"] == 1
    assert page["thread"]["comment_count"] == 1
