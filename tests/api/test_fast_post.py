"""createComment's fast path (web/fast_post.py) answers exactly as the FastAPI route does.

Each case is sent to two apps on the same database: the normal one, and one built without the fast
path, so that the route answers. Status, body and every header must match (the new comment's id aside,
which the database assigns), and the fast path must have answered what it claims to handle.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from civility_fixtures import API, NEWS_ORIGIN, FakeClock, make_settings
from fastapi import FastAPI
from fastapi.testclient import TestClient

from civility.comments.moderation_hook import publish_everything
from civility.settings import Settings
from civility.storage.database import Database
from civility.web.app import create_app
from civility.web.fast_post import FastPostMiddleware

Pair = tuple[TestClient, TestClient]
DISCOURTEOUS = "You are an idiot, and everyone here can see it."
DOXING = "call me at 0161 496 0123, he lives at 12 Oak Street"


def _fast_path(app: FastAPI) -> FastPostMiddleware:
    layer = app.middleware_stack
    while layer is not None and not isinstance(layer, FastPostMiddleware):
        layer = getattr(layer, "app", None)
    assert isinstance(layer, FastPostMiddleware)
    return layer


def _pair(settings: Settings, database: Database, **options: Any) -> Iterator[Pair]:
    clock = FakeClock()
    fast = create_app(settings, database=database, **options)
    routed = create_app(settings, database=database, **options)
    routed.user_middleware = [m for m in routed.user_middleware if m.cls is not FastPostMiddleware]
    for app in (fast, routed):
        app.state.comments.clock = clock
    with TestClient(fast) as fast_client, TestClient(routed) as routed_client:
        yield fast_client, routed_client


@pytest.fixture
def pair(database_url: str, database: Database) -> Iterator[Pair]:
    settings = make_settings(database_url, comment_rate_limit="3/minute", max_comment_length=500)
    yield from _pair(settings, database, moderate=publish_everything)


@pytest.fixture
def engine_pair(database_url: str, database: Database) -> Iterator[Pair]:
    yield from _pair(make_settings(database_url), database)


def _token(client: TestClient) -> str:
    response = client.post(f"{API}/readers")
    assert response.status_code == 201
    token: str = response.json()["reader_token"]
    return token


def _send(client: TestClient, body: Any, headers: dict[str, str], raw: bytes | None = None) -> httpx.Response:
    if raw is not None:
        return client.post(f"{API}/comments", content=raw, headers=headers)
    return client.post(f"{API}/comments", json=body, headers=headers)


def _same(fast: httpx.Response, routed: httpx.Response) -> None:
    assert fast.status_code == routed.status_code, (fast.text, routed.text)
    fast_body, routed_body = fast.json(), routed.json()
    if isinstance(fast_body.get("id"), int):  # a stored comment: the ids differ by the database's sequence
        assert routed_body["id"] > fast_body["id"]
        fast_body["id"] = routed_body["id"] = 0
    assert fast_body == routed_body
    fast_headers = dict(fast.headers)
    routed_headers = dict(routed.headers)
    if fast_headers.get("content-length") != routed_headers.get("content-length"):
        assert len(fast.content) == int(fast_headers.pop("content-length"))
        assert len(routed.content) == int(routed_headers.pop("content-length"))
    assert fast_headers == routed_headers
    assert list(fast.headers.keys()) == list(routed.headers.keys())  # the same headers, in the same order


def _both(
    pair: Pair, body: Any, headers: dict[str, str], raw: bytes | None = None
) -> tuple[httpx.Response, httpx.Response, int]:
    """Send to the fast app, then to the routed one; also say whether the fast path answered."""
    fast, routed = pair
    layer = _fast_path(fast.app)  # type: ignore[arg-type]
    before = layer.answered
    fast_response = _send(fast, body, headers, raw)
    answered = layer.answered - before
    routed_response = _send(routed, body, headers, raw)
    _same(fast_response, routed_response)
    return fast_response, routed_response, answered


GOOD = {"thread": "article-1", "author_name": "Ann", "text": "A **fine** point.", "thread_title": "Budget"}


def test_a_good_comment_is_answered_by_the_fast_path_as_by_the_route(pair: Pair) -> None:
    auth = {"Authorization": f"Bearer {_token(pair[0])}"}
    fast, _routed, answered = _both(pair, GOOD, auth)
    assert fast.status_code == 201 and fast.json()["html"] == "<p>A <strong>fine</strong> point.</p>"
    assert answered == 1
    reply = {**GOOD, "parent_id": fast.json()["id"], "text": "Agreed."}
    fast, _routed, answered = _both(pair, reply, {**auth, "Origin": NEWS_ORIGIN})
    assert fast.status_code == 201 and fast.json()["depth"] == 1
    assert fast.headers["access-control-allow-origin"] == NEWS_ORIGIN and answered == 1
    assert fast.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**GOOD, "text": ""}, "text"),
        ({**GOOD, "text": "   "}, "text"),
        ({k: v for k, v in GOOD.items() if k != "author_name"}, "author_name"),
        ({**GOOD, "parent_id": 0}, "parent_id"),
        ({**GOOD, "parent_id": "seven"}, "parent_id"),
        ({**GOOD, "post_anyway": "perhaps"}, "post_anyway"),
        ({**GOOD, "thread_url": "javascript:alert(1)"}, "thread_url"),
        ({**GOOD, "colour": "red"}, "colour"),
        ({**GOOD, "thread": "x" * 1000}, "thread"),
        ([GOOD], "body"),
    ],
)
def test_an_invalid_body_gets_the_routes_answer_naming_the_field(pair: Pair, body: Any, field: str) -> None:
    auth = {"Authorization": f"Bearer {_token(pair[0])}"}
    fast, _routed, answered = _both(pair, body, auth)
    assert fast.status_code == 422 and fast.json()["error"]["field"] == field
    assert answered == 0


@pytest.mark.parametrize(
    ("raw", "content_type", "status"),
    [
        (b'{"thread": "t", "author_name": "Ann", "text": ', "application/json", 422),
        (b"\xff\xfe not utf-8", "application/json", 422),
        (b"", "application/json", 422),
        (b'{"thread": "t", "author_name": "Ann", "text": "hi"}', "text/plain", 422),
        (b"thread=t&author_name=Ann&text=hi", "application/x-www-form-urlencoded", 422),
    ],
)
def test_an_unusual_body_goes_to_the_route(pair: Pair, raw: bytes, content_type: str, status: int) -> None:
    headers = {"Authorization": f"Bearer {_token(pair[0])}", "Content-Type": content_type}
    fast, _routed, answered = _both(pair, None, headers, raw=raw)
    assert fast.status_code == status and fast.json()["error"]["field"] is not None
    assert answered == 0


def test_errors_of_the_service_are_answered_as_the_route_answers_them(pair: Pair) -> None:
    auth = {"Authorization": f"Bearer {_token(pair[0])}"}
    cases = [
        ({**GOOD, "text": "long " * 200}, auth, 422, "text"),  # over the site's max_comment_length
        ({**GOOD, "parent_id": 999_999}, auth, 404, "parent_id"),
        ({**GOOD, "thread": "bad key\n"}, auth, 422, "thread"),
        (GOOD, {"Authorization": "Bearer not-a-token"}, 401, "authorization"),
    ]
    for body, headers, status, field in cases:
        fast, _routed, answered = _both(pair, body, headers)
        assert (fast.status_code, fast.json()["error"]["field"]) == (status, field)
        assert answered == 1


def test_without_a_token_the_route_answers_401(pair: Pair) -> None:
    for headers in ({}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer "}):
        fast, _routed, answered = _both(pair, GOOD, headers)
        assert fast.status_code == 401 and fast.json()["error"]["field"] == "authorization"
        assert answered == 0


def test_origins_are_checked_before_either_path(pair: Pair) -> None:
    auth = {"Authorization": f"Bearer {_token(pair[0])}", "Origin": "http://evil.example"}
    fast, _routed, answered = _both(pair, GOOD, auth)
    assert fast.status_code == 403 and fast.json()["error"]["field"] == "origin"
    assert answered == 0


def test_rate_limits_are_the_same_on_both_paths(pair: Pair) -> None:
    fast_client, routed_client = pair
    auth = {"Authorization": f"Bearer {_token(fast_client)}"}
    answers = []
    for n in range(4):  # the site allows 3 a minute per author; each app counts its own
        body = {**GOOD, "text": f"Point number {n}."}
        answers.append((_send(fast_client, body, auth), _send(routed_client, body, auth)))
    assert [(f.status_code, r.status_code) for f, r in answers] == [(201, 201)] * 3 + [(429, 429)]
    fast, routed = answers[-1]
    wait_fast, wait_routed = int(fast.headers["retry-after"]), int(routed.headers["retry-after"])
    assert 1 <= wait_fast <= 60 and abs(wait_fast - wait_routed) <= 1  # a second boundary may fall between
    digits = re.compile(r"\d+")
    fast_error, routed_error = fast.json()["error"], routed.json()["error"]
    assert digits.sub("N", fast_error["message"]) == digits.sub("N", routed_error["message"])
    assert fast_error["code"] == routed_error["code"] and fast_error["message"].startswith("text: ")
    assert _fast_path(fast_client.app).answered >= 4  # type: ignore[arg-type]


def test_the_engines_verdicts_are_the_same_on_both_paths(engine_pair: Pair) -> None:
    for text, status, decision in [
        (DISCOURTEOUS, 200, "nudge"),
        (DOXING, 201, "hold"),
        ("Thanks, a clear and useful report on the budget.", 201, "allow"),
    ]:
        # A reader each: the same text twice from one author would be caught as a repeat.
        fast_client, routed_client = engine_pair
        fast = _send(fast_client, {**GOOD, "text": text}, {"Authorization": f"Bearer {_token(fast_client)}"})
        routed = _send(
            routed_client, {**GOOD, "text": text}, {"Authorization": f"Bearer {_token(routed_client)}"}
        )
        _same(fast, routed)
        assert (fast.status_code, fast.json()["decision"]) == (status, decision)
