"""Rules the API enforces: deleting and tombstones, votes, CORS per site, limits and clear 4xx errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from civility_fixtures import API, NEWS_ORIGIN, FakeClock
from fastapi.testclient import TestClient

from civility.settings import Settings
from civility.web.app import create_app

Reader = Callable[[], dict[str, str]]
LONG_URL = "https://x/" + "a" * 2040


def post(client: TestClient, who: dict[str, str], text: str, **extra: Any) -> Any:
    body = {"thread": "t", "author_name": "Ann", "text": text, **extra}
    response = client.post(f"{API}/comments", json=body, headers=who)
    assert response.status_code == 201, response.text
    return response.json()


def listing(client: TestClient, **params: Any) -> Any:
    return client.get(f"{API}/comments", params={"thread": "t", **params}).json()


def test_a_deleted_comment_with_replies_stays_as_a_tombstone(client: TestClient, reader: Reader) -> None:
    ann, bob = reader(), reader()
    top = post(client, ann, "to be deleted")
    post(client, bob, "a reply", parent_id=top["id"], author_name="Bob")
    assert client.delete(f"{API}/comments/{top['id']}", headers=ann).status_code == 204
    shown = listing(client)["comments"][0]
    assert (shown["deleted"], shown["html"], shown["author_name"]) == (True, "", "")
    assert shown["replies"][0]["in_reply_to"] is None
    assert client.get(f"{API}/thread", params={"thread": "t"}).json()["comment_count"] == 1


def test_deleting_the_last_reply_of_a_tombstone_removes_both(client: TestClient, reader: Reader) -> None:
    ann, bob = reader(), reader()
    top = post(client, ann, "top")
    reply = post(client, bob, "reply", parent_id=top["id"])
    client.delete(f"{API}/comments/{top['id']}", headers=ann)
    assert client.delete(f"{API}/comments/{reply['id']}", headers=bob).status_code == 204
    assert listing(client)["comments"] == []
    assert listing(client)["total"] == 0


def test_only_the_author_deletes(client: TestClient, reader: Reader) -> None:
    ann, eve = reader(), reader()
    top = post(client, ann, "mine")
    assert client.delete(f"{API}/comments/{top['id']}", headers=eve).status_code == 403
    assert len(listing(client)["comments"]) == 1


def test_one_vote_per_reader_which_they_may_change_or_withdraw(client: TestClient, reader: Reader) -> None:
    ann, bob = reader(), reader()
    top = post(client, ann, "vote on me")
    url = f"{API}/comments/{top['id']}/vote"
    up = client.post(url, json={"value": 1}, headers=bob).json()
    assert up == {"upvotes": 1, "downvotes": 0, "my_vote": 1}
    assert client.post(url, json={"value": 1}, headers=bob).json()["upvotes"] == 1
    assert client.post(url, json={"value": -1}, headers=bob).json() == {
        "upvotes": 0,
        "downvotes": 1,
        "my_vote": -1,
    }
    withdrawn = client.post(url, json={"value": 0}, headers=bob).json()
    assert withdrawn == {"upvotes": 0, "downvotes": 0, "my_vote": 0}
    bad = client.post(url, json={"value": 2}, headers=bob)
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "value"


def test_trending_ranks_threads_by_recent_weighted_comments(
    client: TestClient, reader: Reader, clock: FakeClock
) -> None:
    me = reader()
    for _ in range(5):
        post(client, me, "old", thread="old-busy", thread_title="Old and busy")
    clock.advance(hours=10)
    for _ in range(3):
        post(client, me, "new", thread="new-hot", thread_title="New and hot", thread_url="https://n.example/a")
    post(client, me, "one", thread="quiet", thread_title="Quiet")
    clock.advance(hours=1)
    threads = client.get(f"{API}/trending", params={"hours": 48}).json()["threads"]
    assert [t["key"] for t in threads] == ["new-hot", "old-busy", "quiet"]
    assert threads[0] == {
        "key": "new-hot",
        "title": "New and hot",
        "url": "https://n.example/a",
        "comment_count": 3,
        "recent_comments": 3,
        "score": threads[0]["score"],
    }
    assert threads[0]["score"] > threads[1]["score"] > 0
    short = client.get(f"{API}/trending", params={"hours": 6}).json()["threads"]
    assert [t["key"] for t in short] == ["new-hot", "quiet"]


def test_an_allowed_origin_gets_cors_headers_and_a_preflight(client: TestClient) -> None:
    preflight = client.options(
        f"{API}/comments",
        headers={
            "Origin": NEWS_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == NEWS_ORIGIN
    assert "Authorization" in preflight.headers["access-control-allow-headers"]
    response = client.get(f"{API}/comments", params={"thread": "t"}, headers={"Origin": NEWS_ORIGIN})
    assert response.headers["access-control-allow-origin"] == NEWS_ORIGIN


def test_a_foreign_origin_is_refused_with_a_clear_message(client: TestClient) -> None:
    for method in ("GET", "OPTIONS"):
        response = client.request(
            method,
            f"{API}/comments",
            params={"thread": "t"},
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
        )
        assert response.status_code == 403
        error = response.json()["error"]
        assert error["code"] == "origin_not_allowed" and "https://evil.example" in error["message"]
    other_site = client.get(
        "/api/v1/sites/other/comments", params={"thread": "t"}, headers={"Origin": NEWS_ORIGIN}
    )
    assert other_site.status_code == 403


def test_an_unknown_site_is_404(client: TestClient) -> None:
    response = client.get("/api/v1/sites/nope/comments", params={"thread": "t"})
    assert response.status_code == 404 and response.json()["error"]["field"] == "site"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"thread": "t", "author_name": "A" * 81, "text": "x"}, "author_name"),
        ({"thread": "t", "author_name": "   ", "text": "x"}, "author_name"),
        ({"thread": "t", "author_name": "A", "text": "x" * 5001}, "text"),
        ({"thread": "t", "author_name": "A", "text": " \n "}, "text"),
        ({"thread": "k" * 513, "author_name": "A", "text": "x"}, "thread"),
        ({"thread": "t", "author_name": "A", "text": "x", "thread_title": "T" * 301}, "thread_title"),
        ({"thread": "t", "author_name": "A", "text": "x", "thread_url": "javascript:alert(1)"}, "thread_url"),
        ({"thread": "t", "author_name": "A", "text": "x", "thread_url": LONG_URL}, "thread_url"),
        ({"thread": "t", "author_name": "A", "text": "x", "parent_id": 999}, "parent_id"),
        ({"thread": "t", "author_name": "A"}, "text"),
        ({"thread": "t\u0000", "author_name": "A", "text": "x"}, "thread"),
    ],
)
def test_bad_comments_are_refused_naming_the_field(
    client: TestClient, reader: Reader, body: dict[str, Any], field: str
) -> None:
    response = client.post(f"{API}/comments", json=body, headers=reader())
    assert 400 <= response.status_code < 500, response.text
    error = response.json()["error"]
    assert error["field"] == field and field in error["message"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"thread": "t", "limit": 0}, "limit"),
        ({"thread": "t", "limit": 101}, "limit"),
        ({"thread": "t", "sort": "best"}, "sort"),
        ({"thread": "t", "cursor": "not-a-cursor"}, "cursor"),
        ({"thread": "t" * 513}, "thread"),
        ({}, "thread"),
    ],
)
def test_bad_list_queries_are_refused_naming_the_field(
    client: TestClient, reader: Reader, params: dict[str, Any], field: str
) -> None:
    post(client, reader(), "something to list")
    response = client.get(f"{API}/comments", params=params)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["field"] == field


def test_malformed_json_is_a_422_not_a_500(client: TestClient, reader: Reader) -> None:
    response = client.post(
        f"{API}/comments", content=b"{not json", headers={**reader(), "Content-Type": "application/json"}
    )
    assert response.status_code == 422 and response.json()["error"]["field"] == "body"


def test_replying_beyond_the_nesting_cap_is_refused(client: TestClient, reader: Reader) -> None:
    me = reader()
    parent = post(client, me, "0")["id"]
    for depth in range(1, 51):
        parent = post(client, me, str(depth), parent_id=parent)["id"]
    body = {"thread": "t", "author_name": "A", "text": "x", "parent_id": parent}
    response = client.post(f"{API}/comments", json=body, headers=me)
    assert response.status_code == 422 and response.json()["error"]["field"] == "parent_id"


def test_healthz_and_site_config(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    config = client.get(f"{API}/config").json()
    assert config["name"] == "The Example Times" and config["edit_window_seconds"] == 900


def test_embed_js_is_served_gzipped_with_an_etag(client: TestClient) -> None:
    response = client.get("/embed.js", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert "javascript" in response.headers["content-type"]
    assert "max-age" in response.headers["cache-control"]
    again = client.get("/embed.js", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304


def test_embed_js_missing_is_a_clear_404(client: TestClient) -> None:
    client.app.state.embed_js = None  # type: ignore[attr-defined]
    response = client.get("/embed.js")
    assert response.status_code == 404 and "embed.js" in response.json()["error"]["message"]


def test_healthz_is_503_when_the_database_does_not_answer() -> None:
    settings = Settings(database_url="postgresql://postgres@127.0.0.1:1/nothing")
    with TestClient(create_app(settings)) as client:
        response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["error"]["code"] == "database_unavailable"


def test_an_unreachable_database_is_a_503_not_a_500() -> None:
    settings = Settings(database_url="postgresql://postgres@127.0.0.1:1/nothing")
    with TestClient(create_app(settings)) as client:
        response = client.get("/api/v1/sites/demo/comments", params={"thread": "t"})
    assert response.status_code == 503 and response.headers["retry-after"] == "1"
    assert response.json()["error"]["code"] == "database_unavailable"
