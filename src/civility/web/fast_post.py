"""The hot write path: createComment answered before routing, like `fast_read` does for reads.

FastAPI's per-request machinery (routing, dependency solving, the body model, the hop into the
thread pool) cost about two fifths of a worker's CPU at 100 posts/s, more than the write itself.
This pure ASGI middleware sits inside the CORS and security-header middlewares (so origin checks,
preflights and headers are the routes' own) and answers a plain createComment itself: it reads the
body, parses it as the route does (`json.loads`), validates it with the route's own model
(`schemas.NewCommentBody`), and runs the route's own function (`api.post_comment`) in one trip
through the thread pool. Errors map through the routes' handlers (`errors.handled_error`).

Anything unusual goes on to the route with the body replayed, so the route answers it as
documented: another content type, an unparseable or invalid body (the route names the field),
no bearer token, a very large body, a client that went away.
"""

from __future__ import annotations

import json
import re

from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import State
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from civility.web.api import post_comment
from civility.web.errors import handled_error
from civility.web.schemas import NewCommentBody

_PATH = re.compile(r"^/api/v1/sites/([^/]{1,64})/comments$")
_JSON_TYPES = frozenset({b"application/json", b"application/json; charset=utf-8"})
MAX_FAST_BODY = 1 << 20
"""Bodies larger than this (far above the largest valid comment) go to the route."""


def _bearer_token(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The token of one `Authorization: Bearer <token>` header, as FastAPI's HTTPBearer reads it."""
    found = [value for name, value in headers if name == b"authorization"]
    if len(found) != 1:
        return None
    scheme, _, token = found[0].decode("latin-1").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return token


def _content_type_is_json(headers: list[tuple[bytes, bytes]]) -> bool:
    found = [value for name, value in headers if name == b"content-type"]
    return len(found) == 1 and found[0].lower() in _JSON_TYPES


class FastPostMiddleware:
    """Answers plain createComment requests without entering the router; `answered` counts them."""

    def __init__(self, app: ASGIApp, state: State) -> None:
        self.app = app
        self.state = state
        self.answered = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        match = _PATH.match(scope["path"])
        headers = scope["headers"]
        token = _bearer_token(headers) if match is not None else None
        if match is None or token is None or not _content_type_is_json(headers):
            await self.app(scope, receive, send)
            return
        messages, body = await _read_body(receive)
        body_model = None if body is None else _valid_body(body)
        if body_model is None:
            await self.app(scope, _replay(messages, receive), send)
            return
        client = scope.get("client")
        ip = client[0] if client else None
        site = match.group(1)
        try:
            response = await run_in_threadpool(post_comment, self.state, site, body_model, token, ip)
        except Exception as error:  # answered as the routes answer it; an unexpected one goes on up (500)
            handled = await handled_error(Request(scope), error)
            if handled is None:
                raise
            response = handled
        self.answered += 1
        await response(scope, receive, send)


def _valid_body(body: bytes) -> NewCommentBody | None:
    """The body as the route would validate it, or None when the route should answer instead."""
    if not body:
        return None
    try:
        value = json.loads(body)
    except ValueError:  # JSONDecodeError and undecodable bytes alike: the route says why
        return None
    if not isinstance(value, dict):
        return None
    try:
        return NewCommentBody.model_validate(value)
    except ValidationError:
        return None


async def _read_body(receive: Receive) -> tuple[list[Message], bytes | None]:
    """The request's messages read so far, and the whole body (None when it stopped short or is too big)."""
    messages: list[Message] = []
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return messages, None
        size += len(message.get("body", b""))
        if size > MAX_FAST_BODY:
            return messages, None
        if not message.get("more_body", False):
            return messages, b"".join(m.get("body", b"") for m in messages)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """A receive that gives the messages already read, then the rest of the request."""
    pending = list(messages)

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed
