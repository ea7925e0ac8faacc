"""The comment API as the widget uses it: post, reply, list, edit, delete, vote, sort, page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from civility_fixtures import API, FakeClock
from fastapi.testclient import TestClient

Reader = Callable[[], dict[str, str]]


def post(client: TestClient, who: dict[str, str], text: str, thread: str = "article-1", **extra: Any) -> Any:
    body = {"thread": thread, "author_name": extra.pop("name", "Ann"), "text": text, **extra}
    response = client.post(f"{API}/comments", json=body, headers=who)
    assert response.status_code == 201, response.text
    return response.json()


def page(client: TestClient, who: dict[str, str] | None = None, **params: Any) -> Any:
    response = client.get(f"{API}/comments", params={"thread": "article-1", **params}, headers=who or {})
    assert response.status_code == 200, response.text
    return response.json()


def test_the_first_comment_creates_the_thread_with_its_title_and_url(
    client: TestClient, reader: Reader
) -> None:
    me = reader()
    assert client.get(f"{API}/thread", params={"thread": "article-1"}).status_code == 404
    post(client, me, "First!", thread_title="Rates rise", thread_url="https://news.example/rates")
    post(client, me, "Second", thread_title="Ignored later", thread_url="https://news.example/other")
    thread = client.get(f"{API}/thread", params={"thread": "article-1"}).json()
    assert (thread["title"], thread["url"], thread["comment_count"]) == (
        "Rates rise",
        "https://news.example/rates",
        2,
    )
    assert thread["created_at"].endswith("Z")


def test_a_new_thread_lists_as_an_empty_page(client: TestClient) -> None:
    assert page(client) == {"thread": None, "comments": [], "next_cursor": None, "total": 0}


def test_replies_nest_three_levels_with_in_reply_to(client: TestClient, reader: Reader) -> None:
    ann, bob = reader(), reader()
    top = post(client, ann, "top")
    one = post(client, bob, "one", parent_id=top["id"], name="Bob")
    two = post(client, ann, "two", parent_id=one["id"])
    three = post(client, bob, "three", parent_id=two["id"], name="Bob")
    four = post(client, ann, "four", parent_id=three["id"])
    assert four["depth"] == 4 and four["in_reply_to"] == "Bob"
    listed = page(client)["comments"][0]
    level1 = listed["replies"][0]
    level3 = level1["replies"][0]["replies"][0]
    assert level1["in_reply_to"] == "Ann" and level3["id"] == three["id"]
    assert level3["replies"] == [] and level3["reply_count"] == 1
    rest = page(client, parent=three["id"], cursor=level3["replies_cursor"])
    assert [c["id"] for c in rest["comments"]] == [four["id"]]
    assert rest["total"] == 1


def test_show_more_replies_loads_the_rest_through_the_replies_cursor(
    client: TestClient, reader: Reader
) -> None:
    me = reader()
    top = post(client, me, "top")
    replies = [post(client, me, f"reply {i}", parent_id=top["id"])["id"] for i in range(7)]
    listed = page(client)["comments"][0]
    assert [r["id"] for r in listed["replies"]] == replies[:3]
    assert listed["reply_count"] == 7
    rest = page(client, parent=top["id"], cursor=listed["replies_cursor"], limit=10)
    assert [r["id"] for r in rest["comments"]] == replies[3:]
    assert rest["next_cursor"] is None


def test_keyset_pages_cover_every_comment_once_in_each_sort(client: TestClient, reader: Reader) -> None:
    me, voter = reader(), reader()
    ids = [post(client, me, f"comment {i}")["id"] for i in range(12)]
    for comment_id in ids[3:6]:
        client.post(f"{API}/comments/{comment_id}/vote", json={"value": 1}, headers=voter)
    for sort, expected in (
        ("newest", ids[::-1]),
        ("oldest", ids),
        ("top", ids[3:6][::-1] + [i for i in ids[::-1] if i not in ids[3:6]]),
    ):
        seen: list[int] = []
        cursor = None
        while True:
            params: dict[str, Any] = {"sort": sort, "limit": 5}
            if cursor:
                params["cursor"] = cursor
            result = page(client, **params)
            assert result["total"] == 12
            seen += [c["id"] for c in result["comments"]]
            cursor = result["next_cursor"]
            if cursor is None:
                break
        assert seen == expected, sort


def test_only_the_author_edits_and_only_within_the_window(
    client: TestClient, reader: Reader, clock: FakeClock
) -> None:
    ann, eve = reader(), reader()
    comment = post(client, ann, "Helo")
    denied = client.patch(f"{API}/comments/{comment['id']}", json={"text": "pwned"}, headers=eve)
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "not_author"
    edited = client.patch(f"{API}/comments/{comment['id']}", json={"text": "Hello **all**"}, headers=ann)
    assert edited.status_code == 200
    assert edited.json()["html"] == "<p>Hello <strong>all</strong></p>" and edited.json()["edited_at"]
    clock.advance(seconds=901)
    late = client.patch(f"{API}/comments/{comment['id']}", json={"text": "late"}, headers=ann)
    assert late.status_code == 403 and late.json()["error"]["code"] == "edit_window_closed"


def test_writes_need_a_reader_token(client: TestClient) -> None:
    response = client.post(f"{API}/comments", json={"thread": "t", "author_name": "A", "text": "x"})
    assert response.status_code == 401
    assert response.json()["error"]["field"] == "authorization"
    forged = client.post(
        f"{API}/comments",
        json={"thread": "t", "author_name": "A", "text": "x"},
        headers={"Authorization": "Bearer not.a.token"},
    )
    assert forged.status_code == 401


def test_personal_fields_never_leak_to_other_readers(client: TestClient, reader: Reader) -> None:
    ann, bob = reader(), reader()
    comment = post(client, ann, "mine")
    client.post(f"{API}/comments/{comment['id']}/vote", json={"value": -1}, headers=ann)
    page(client)  # fill the public cache first
    as_ann = page(client, ann)["comments"][0]
    as_bob = page(client, bob)["comments"][0]
    anonymous = page(client)["comments"][0]
    assert (as_ann["mine"], as_ann["text"], as_ann["my_vote"]) == (True, "mine", -1)
    for other in (as_bob, anonymous):
        assert (other["mine"], other["text"], other["my_vote"], other["editable_until"]) == (
            False,
            None,
            0,
            None,
        )


def test_a_write_invalidates_the_cached_page_and_its_etag(client: TestClient, reader: Reader) -> None:
    me = reader()
    post(client, me, "one")
    first = client.get(f"{API}/comments", params={"thread": "article-1"})
    etag = first.headers["etag"]
    again = client.get(f"{API}/comments", params={"thread": "article-1"}, headers={"If-None-Match": etag})
    assert again.status_code == 304
    post(client, me, "two")
    fresh = client.get(f"{API}/comments", params={"thread": "article-1"}, headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and len(fresh.json()["comments"]) == 2


def test_a_cached_answer_is_the_same_as_the_first_one(client: TestClient, reader: Reader) -> None:
    me = reader()
    for text in ("one", "two"):
        post(client, me, text)
    params = {"thread": "article-1", "limit": "10", "sort": "oldest"}
    first = client.get(f"{API}/comments", params=params)  # a miss: built by the route
    second = client.get(f"{API}/comments", params=params)  # a hit: answered before routing
    assert first.content == second.content
    for header in ("etag", "content-type", "cache-control", "vary"):
        assert first.headers[header] == second.headers[header]
    zipped = client.get(f"{API}/comments", params=params, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip" and zipped.content == first.content


def test_a_reader_sees_their_vote_on_someone_elses_reply(client: TestClient, reader: Reader) -> None:
    ann, bob = reader(), reader()
    top = post(client, ann, "top")
    reply = post(client, ann, "reply", parent_id=top["id"])
    client.post(f"{API}/comments/{reply['id']}/vote", json={"value": -1}, headers=bob)
    shown = page(client, bob)["comments"][0]["replies"][0]
    assert (shown["my_vote"], shown["mine"], shown["text"], shown["downvotes"]) == (-1, False, None, 1)
