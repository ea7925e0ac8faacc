"""The hot read path: anonymous listComments answered from the page cache before routing.

FastAPI's per-request parameter machinery costs several times more than the cached answer itself,
so this pure ASGI middleware serves a cache hit directly: it parses the query string strictly,
asks the service for the cached public page (one indexed SELECT of the thread's version), and
answers with the same headers as the route. Anything it is not sure about (a reader token, an
unusual parameter, a value out of range, a cache miss, any domain error) goes on to the route,
which validates and answers as documented.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from civility.comments.comment_reads import PageResponse
from civility.comments.errors import DomainError
from civility.comments.inputs import MAX_PAGE_SIZE, MAX_THREAD_KEY_LENGTH
from civility.comments.service import CommentService
from civility.storage.records import SortOrder

_PATH = re.compile(r"^/api/v1/sites/([^/]{1,64})/comments$")
_KNOWN = frozenset({"thread", "sort", "cursor", "limit", "parent"})
_SORTS = {s.value: s for s in SortOrder}
_MAX_ID = 2**31 - 1


def _small_int(value: str, high: int) -> int | None:
    if not value.isdigit() or len(value) > 10:
        return None
    number = int(value)
    return number if 1 <= number <= high else None


class CachedPageMiddleware:
    """Answers anonymous listComments cache hits without entering the router."""

    def __init__(self, app: ASGIApp, service: CommentService) -> None:
        self.app = app
        self.service = service

    def _lookup(self, scope: Scope) -> tuple[PageResponse, dict[bytes, bytes]] | None:
        match = _PATH.match(scope["path"])
        if match is None:
            return None
        headers = dict(scope["headers"])
        if b"authorization" in headers:
            return None
        try:
            params = parse_qsl(scope["query_string"].decode("latin-1"), strict_parsing=True)
        except ValueError:
            return None
        query = dict(params)
        if len(query) != len(params) or not query.keys() <= _KNOWN:
            return None
        thread = query.get("thread")
        if thread is None or not 1 <= len(thread) <= MAX_THREAD_KEY_LENGTH:
            return None
        sort = None
        if "sort" in query:
            sort = _SORTS.get(query["sort"])
            if sort is None:
                return None
        limit = parent = None
        if "limit" in query and (limit := _small_int(query["limit"], MAX_PAGE_SIZE)) is None:
            return None
        if "parent" in query and (parent := _small_int(query["parent"], _MAX_ID)) is None:
            return None
        cursor = query.get("cursor")
        if cursor is not None and len(cursor) > 200:
            return None
        try:
            page = self.service.cached_public_page(
                match.group(1), thread, sort=sort, cursor=cursor, limit=limit, parent_id=parent
            )
        except DomainError:
            return None
        return None if page is None else (page, headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        found = self._lookup(scope)
        if found is None:
            await self.app(scope, receive, send)
            return
        page, request_headers = found
        response_headers = [
            (b"etag", page.etag.encode()),
            (b"cache-control", b"no-cache"),
            (b"vary", b"Authorization, Origin, Accept-Encoding"),
        ]
        if page.etag.encode() in request_headers.get(b"if-none-match", b""):
            await send({"type": "http.response.start", "status": 304, "headers": response_headers})
            await send({"type": "http.response.body", "body": b""})
            return
        body = page.body
        if page.gzipped is not None and b"gzip" in request_headers.get(b"accept-encoding", b""):
            body = page.gzipped
            response_headers.append((b"content-encoding", b"gzip"))
        response_headers += [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": response_headers})
        await send({"type": "http.response.body", "body": body})
