"""Posting under the site's policy: allow, nudge (post anyway), hold, reject; evidence kept for moderators."""

from __future__ import annotations

from conftest import CLEAN, DISCOURTEOUS, DOXING, PROFANE, Reader, listing, post
from fastapi.testclient import TestClient
from sqlalchemy import select

from civility.storage.database import Database
from civility.storage.tables import comments


def stored(database: Database) -> list[dict[str, object]]:
    with database.read() as connection:
        return [dict(row._mapping) for row in connection.execute(select(comments).order_by(comments.c.id))]


def test_a_clean_comment_is_published_at_once(client: TestClient, reader: Reader) -> None:
    response = post(client, reader(), CLEAN)
    assert response.status_code == 201
    body = response.json()
    assert (body["decision"], body["status"], body["reasons"]) == ("allow", "published", [])
    assert [c["id"] for c in listing(client)] == [body["id"]]


def test_a_discourteous_comment_is_nudged_with_its_words_and_nothing_is_stored(
    client: TestClient, reader: Reader, database: Database
) -> None:
    response = post(client, reader(), DISCOURTEOUS)
    assert response.status_code == 200
    body = response.json()
    assert body["decision"] == "nudge" and body["status"] is None and "id" not in body
    categories = {reason["category"]: reason for reason in body["reasons"]}
    assert "discourtesy" in categories
    span = categories["discourtesy"]["spans"][0]
    assert span["text"] == "idiot" and DISCOURTEOUS[span["start"] : span["end"]] == "idiot"
    assert "idiot" in body["message"]
    assert stored(database) == []


def test_posting_anyway_after_a_nudge_holds_it_for_its_author_only(
    client: TestClient, reader: Reader
) -> None:
    author, other = reader(), reader()
    response = post(client, author, DISCOURTEOUS, post_anyway=True)
    assert response.status_code == 201
    body = response.json()
    assert (body["decision"], body["status"], body["pending"]) == ("hold", "pending", True)
    assert "awaiting review" in body["message"]
    mine = listing(client, author)
    assert [(c["id"], c["pending"]) for c in mine] == [(body["id"], True)]
    assert listing(client, other) == [] and listing(client) == []


def test_doxing_is_held_with_the_phone_number_and_address_as_evidence(
    client: TestClient, reader: Reader, database: Database
) -> None:
    response = post(client, reader(), DOXING)
    assert response.status_code == 201
    body = response.json()
    assert (body["decision"], body["status"]) == ("hold", "pending")
    doxing = next(reason for reason in body["reasons"] if reason["category"] == "doxing")
    assert {span["text"] for span in doxing["spans"]} >= {"0161 496 0123", "12 Oak Street"}
    row = stored(database)[0]
    assert row["status"] == "pending" and row["moderation_decision"] == "hold"
    scores = row["moderation_scores"]
    assert isinstance(scores, dict) and scores["doxing"] >= 0.5 and set(scores) >= {"spam", "violence"}
    spans = row["moderation_spans"]
    assert isinstance(spans, list) and {"start": 11, "end": 24, "category": "doxing"} in spans


def test_a_rejected_comment_tells_the_author_why_and_is_kept_only_for_audit(
    client: TestClient, reader: Reader, database: Database
) -> None:
    author = reader()
    response = post(client, author, PROFANE)
    assert response.status_code == 201
    body = response.json()
    assert (body["decision"], body["status"]) == ("reject", "rejected")
    assert "profanity" in body["message"] and "fucking" in body["message"]
    assert [s["text"] for r in body["reasons"] for s in r["spans"]] == ["fucking"]
    assert listing(client, author) == [] and listing(client) == []
    assert [(row["status"], row["text"]) for row in stored(database)] == [("rejected", PROFANE)]


def test_an_edit_is_moderated_again_and_a_clean_edit_is_published(client: TestClient, reader: Reader) -> None:
    author = reader()
    held = post(client, author, DISCOURTEOUS, post_anyway=True).json()
    url = f"/api/v1/sites/news/comments/{held['id']}"
    nudged = client.patch(url, json={"text": "And you are a moron too."}, headers=author)
    assert nudged.status_code == 200 and nudged.json()["decision"] == "nudge"
    assert listing(client, author)[0]["text"] == DISCOURTEOUS
    clean = client.patch(url, json={"text": CLEAN}, headers=author)
    assert clean.status_code == 200
    assert (clean.json()["decision"], clean.json()["status"]) == ("allow", "published")
    assert [c["id"] for c in listing(client)] == [held["id"]]


def test_the_policy_text_is_served_as_the_publisher_wrote_it(client: TestClient) -> None:
    config = client.get("/api/v1/sites/news/config").json()
    assert config["policy_text"].startswith("We have no tolerance for comments containing violence")
