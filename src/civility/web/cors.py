"""Per-site CORS: each site's `allowed_origins` may embed it; other origins get a clear 403.

A pure ASGI middleware, because the allowed origins depend on the site named in the path
(`/api/v1/sites/{site}/...`) and preflight requests must be answered before routing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from civility.settings import SiteSettings

SITE_PREFIX = "/api/v1/sites/"
ALLOWED_METHODS = "GET, POST, PATCH, DELETE, OPTIONS"
ALLOWED_HEADERS = "Authorization, Content-Type, If-None-Match"
EXPOSED_HEADERS = "ETag"


def site_of(path: str) -> str | None:
    """The site id in an API path, or None for paths outside /api/v1/sites/."""
    if not path.startswith(SITE_PREFIX):
        return None
    return path[len(SITE_PREFIX) :].split("/", 1)[0]


class SiteCORSMiddleware:
    """Checks Origin against the site's allowed origins; answers preflights; adds CORS headers."""

    def __init__(self, app: ASGIApp, sites: Mapping[str, SiteSettings]) -> None:
        self.app = app
        self.allowed = {
            name: frozenset(o.rstrip("/") for o in site.allowed_origins) for name, site in sites.items()
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        site = site_of(scope["path"])
        if site is None:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        allowed = self.allowed.get(site)
        if allowed is None:
            await _json(send, 404, "not_found", f"site: no site called {site[:64]!r} is served here", "site")
            return
        if origin is not None and origin.rstrip("/") not in allowed:
            await _json(
                send,
                403,
                "origin_not_allowed",
                f"origin: {origin[:200]} may not embed the comments of site {site!r}; "
                "add it to the site's allowed_origins",
                "origin",
                origin=origin,  # readable by the widget, so publishers see why
            )
            return
        if origin is None:
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            await send(
                {
                    "type": "http.response.start",
                    "status": 204,
                    "headers": [
                        *_cors_headers(origin),
                        (b"access-control-allow-methods", ALLOWED_METHODS.encode()),
                        (b"access-control-allow-headers", ALLOWED_HEADERS.encode()),
                        (b"access-control-max-age", b"600"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + _cors_headers(origin)
            await send(message)

        await self.app(scope, receive, send_with_cors)


def _cors_headers(origin: str) -> list[tuple[bytes, bytes]]:
    return [
        (b"access-control-allow-origin", origin.encode("latin-1", "replace")),
        (b"access-control-expose-headers", EXPOSED_HEADERS.encode()),
        (b"vary", b"Origin"),
    ]


async def _json(
    send: Send, status: int, code: str, message: str, field: str | None, origin: str | None = None
) -> None:
    body = json.dumps({"error": {"code": code, "message": message, "field": field}}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if origin is not None:
        headers += _cors_headers(origin)
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
