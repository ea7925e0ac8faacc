"""Featured (pinned) replies: listed first among their siblings, in the nested replies and in reply pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from civility_fixtures import API, SITE
from dashboard_support import SignedIn, moderate, post_published, sign_in_directly
from fastapi import FastAPI
from fastapi.testclient import TestClient

from civility.storage.staff_tables import Role

Reader = Callable[[], dict[str, str]]


@pytest.fixture
def moderator(app: FastAPI) -> SignedIn:
    return sign_in_directly(app, "mod@example.org", roles={SITE: Role.MODERATOR})


def get(client: TestClient, query: str) -> dict[str, Any]:
    response = client.get(f"{API}/comments?thread=t&{query}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def pairs(views: list[dict[str, Any]]) -> list[tuple[int, bool]]:
    return [(v["id"], v["featured"]) for v in views]


def reply_pages(client: TestClient, parent: int, cursor: str | None) -> list[list[tuple[int, bool]]]:
    """Every page of the parent's replies from `cursor` (None: the first page), limit 2."""
    found: list[list[tuple[int, bool]]] = []
    while True:
        body = get(client, f"parent={parent}&limit=2" + (f"&cursor={cursor}" if cursor else ""))
        found.append(pairs(body["comments"]))
        cursor = body["next_cursor"]
        if cursor is None:
            return found


def test_a_featured_reply_is_listed_first_under_its_parent(
    client: TestClient, reader: Reader, moderator: SignedIn
) -> None:
    author = reader()
    top = post_published(client, author, "The article is about the river.")
    replies = [post_published(client, author, f"Reply number {n} to the article.", top) for n in range(5)]
    pinned = replies[3]

    nested = get(client, "sort=oldest")["comments"][0]["replies"]
    assert pairs(nested) == [(i, False) for i in replies[:3]]

    moderate(moderator, pinned, "feature")

    page = get(client, "sort=oldest")
    assert pairs(page["comments"]) == [(top, False)]  # a featured reply is not a featured top-level comment
    parent = page["comments"][0]
    assert pairs(parent["replies"]) == [(pinned, True), (replies[0], False), (replies[1], False)]
    # The rest of the replies, from the parent's cursor, never list the featured one twice.
    assert parent["replies_cursor"] is not None
    rest = [pair for page in reply_pages(client, top, parent["replies_cursor"]) for pair in page]
    assert rest == [(replies[2], False), (replies[4], False)]
    # The first page of the parent's replies starts with the featured one; later pages leave it out.
    assert reply_pages(client, top, None) == [
        [(pinned, True), (replies[0], False), (replies[1], False)],
        [(replies[2], False), (replies[4], False)],
    ]

    moderate(moderator, pinned, "unfeature")

    assert pairs(get(client, "sort=oldest")["comments"][0]["replies"]) == [(i, False) for i in replies[:3]]
    assert [p for page in reply_pages(client, top, None) for p in page] == [(i, False) for i in replies]


def test_a_featured_reply_deeper_down_comes_first_among_its_siblings(
    client: TestClient, reader: Reader, moderator: SignedIn
) -> None:
    author = reader()
    top = post_published(client, author, "The article is about the bridge.")
    middle = post_published(client, author, "A reply to the article.", top)
    deep = [post_published(client, author, f"Deeper reply number {n}.", middle) for n in range(2)]
    moderate(moderator, deep[1], "feature")

    child = get(client, "sort=newest")["comments"][0]["replies"][0]
    assert child["id"] == middle and child["featured"] is False
    assert pairs(child["replies"]) == [(deep[1], True), (deep[0], False)]
