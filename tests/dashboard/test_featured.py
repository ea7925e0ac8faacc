"""Featured (pinned) comments: a moderator's feature action reaches readers, first, without a stale page."""

from __future__ import annotations

from collections.abc import Callable

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


def pages(client: TestClient, sort: str) -> list[list[tuple[int, bool]]]:
    """Every top-level page of thread t for an anonymous reader, as (id, featured) pairs."""
    found: list[list[tuple[int, bool]]] = []
    cursor: str | None = None
    while True:
        url = f"{API}/comments?thread=t&sort={sort}&limit=2" + (f"&cursor={cursor}" if cursor else "")
        response = client.get(url)
        assert response.status_code == 200, response.text
        body = response.json()
        found.append([(c["id"], c["featured"]) for c in body["comments"]])
        cursor = body["next_cursor"]
        if cursor is None:
            return found


def test_a_featured_comment_is_listed_first_and_unfeaturing_removes_it(
    client: TestClient, reader: Reader, moderator: SignedIn
) -> None:
    author = reader()
    ids = [post_published(client, author, f"Comment number {n} on the article.") for n in range(5)]
    newest = list(reversed(ids))
    assert pages(client, "newest") == [[(i, False) for i in newest[:2]], [(i, False) for i in newest[2:4]],
                                       [(newest[4], False)]]  # fmt: skip
    pinned = ids[1]

    moderate(moderator, pinned, "feature")

    for sort, order in (("newest", newest), ("oldest", ids), ("top", newest)):
        listed = pages(client, sort)
        assert listed[0][0] == (pinned, True), (sort, listed)
        rest = [pair for page in listed for pair in page][1:]
        assert rest == [(i, False) for i in order if i != pinned], (sort, listed)
    # Later pages never carry the featured block.
    assert all(pinned not in [i for i, _ in page] for page in pages(client, "newest")[1:])

    moderate(moderator, pinned, "unfeature")

    assert pages(client, "newest") == [[(i, False) for i in newest[:2]], [(i, False) for i in newest[2:4]],
                                       [(newest[4], False)]]  # fmt: skip


def test_a_featured_comment_is_marked_for_its_signed_in_author_too(
    client: TestClient, reader: Reader, moderator: SignedIn
) -> None:
    author = reader()
    first = post_published(client, author, "The first comment.")
    post_published(client, author, "The second comment.")
    moderate(moderator, first, "feature")
    response = client.get(f"{API}/comments?thread=t", headers=author)
    assert response.status_code == 200
    listed = [(c["id"], c["featured"], c["mine"]) for c in response.json()["comments"]]
    assert listed[0] == (first, True, True)
    assert len(listed) == 2
