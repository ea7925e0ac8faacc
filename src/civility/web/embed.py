"""Serving the widget: embed.js read once when the app is built, precompressed, with an ETag."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

import rjsmin
from fastapi import Request, Response

from civility.comments.page_cache import etag_of
from civility.web.errors import error_response

STATIC_DIR = Path(__file__).with_name("static")
CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=86400"


@dataclass(frozen=True)
class Asset:
    """A static file held in memory, plain and gzipped."""

    body: bytes
    gzipped: bytes
    etag: str
    media_type: str

    @classmethod
    def load(cls, path: Path, media_type: str, *, minify: bool = False) -> Asset | None:
        """The file, minified first when asked (JavaScript, with rjsmin; `/*! ... */` notices stay)."""
        if not path.is_file():
            return None
        body = path.read_bytes()
        if minify:
            body = rjsmin.jsmin(body.decode("utf-8"), keep_bang_comments=True).encode("utf-8")
        return cls(body, gzip.compress(body, compresslevel=9, mtime=0), etag_of(body), media_type)


def serve(asset: Asset | None, request: Request, name: str) -> Response:
    """Answer with the asset (gzip when accepted, 304 on a matching If-None-Match)."""
    if asset is None:
        return error_response(
            404, "not_found", f"{name} is not built: src/civility/web/static/{name} is missing", None
        )
    headers = {"ETag": asset.etag, "Cache-Control": CACHE_CONTROL, "Vary": "Accept-Encoding"}
    if asset.etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(asset.gzipped, media_type=asset.media_type, headers=headers)
    return Response(asset.body, media_type=asset.media_type, headers=headers)
