"""Helpers of the browser tests: the host-page server, seeding through the domain service.

One comment server (uvicorn in a thread, SQLite in a temporary file) and one host-page server
(the "publisher", another port, hence another origin) serve the whole session; each test uses its
own thread keys and a fresh browser context, so tests do not see each other's readers.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

import uvicorn
from fastapi import FastAPI

from civility.comments.inputs import NewComment
from civility.comments.service import CommentService
from civility.comments.views import CommentView

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SITE = "e2e"
TREND_SITE = "trend"
QUIET_SITE = "quiet"
SHORT_EDIT_SITE = "short-edit"
SHORT_EDIT_SECONDS = 3
XSS_SITE = "xss"
XSS_TITLE_SITES = tuple(f"xss-titles-{n}" for n in range(4))
STARTUP_SECONDS = 20

# A host page whose CSS would wreck an embedded widget that is not isolated.
HOSTILE_CSS = """
* { color: rgb(255, 0, 0) !important; text-transform: uppercase !important;
    letter-spacing: 6px !important; font-family: "Comic Sans MS", cursive !important; }
button, p, textarea { display: none !important; }
.btn, .tx, .c, .menu { background: rgb(0, 255, 0) !important; border: 9px solid rgb(0, 0, 255) !important; }
"""


def free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


def unique_key(label: str) -> str:
    """A thread key no other test uses."""
    return f"{label}-{uuid.uuid4().hex[:10]}"


@dataclass
class Live:
    """The running servers and a way to seed data without going through the browser."""

    api_url: str
    host_url: str
    service: CommentService

    def page(self, site: str = SITE, **attrs: str) -> str:
        """The URL of a host page embedding the widget; attrs become data-* (thread, mode, poll…)."""
        return f"{self.host_url}/page?{urlencode({'site': site, **attrs})}"

    def comment(self, key: str, text: str, *, name: str = "Reader", site: str = SITE,
                parent: int | None = None, at: datetime | None = None, reader: str = "seed-reader",
                title: str | None = None) -> CommentView:
        """Post a comment through the domain service, optionally as if written at `at`."""
        service = self.service if at is None else replace(self.service, clock=_fixed(at))
        return service.create_comment(
            site,
            NewComment(thread=key, author_name=name, text=text, parent_id=parent, thread_title=title,
                       thread_url=f"{self.host_url}/articles/{key[:100]}"),
            reader_id=reader,
        )

    def votes(self, site: str, comment_id: int, up: int = 0, down: int = 0) -> None:
        for n in range(up):
            self.service.vote(site, comment_id, 1, f"voter-up-{n}")
        for n in range(down):
            self.service.vote(site, comment_id, -1, f"voter-down-{n}")


def _fixed(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


def _host_page(query: dict[str, list[str]], api_url: str, host_url: str) -> str:
    """A publisher's article page: a title, a canonical URL, the div and the script tag."""
    attrs = {k: v[-1] for k, v in query.items()}
    site = attrs.pop("site", SITE)
    title = attrs.pop("title", "Host article")
    hostile = attrs.pop("hostile", "") == "1"
    canonical = attrs.pop("canonical", f"{host_url}/articles/{attrs.get('thread', 'none')}")
    target = '<div id="civility-trending"></div>' if attrs.get("mode") == "trending" else (
        '<div id="civility-thread"></div>')
    if attrs.pop("no-target", "") == "1":
        target = ""
    data = "".join(f' data-{escape(k)}="{escape(v)}"' for k, v in attrs.items())
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{escape(title)}</title>
<link rel="canonical" href="{escape(canonical)}">
<style>{HOSTILE_CSS if hostile else ""}</style></head>
<body><h1>{escape(title)}</h1>
<p class="tx" id="host-paragraph">A paragraph of the host page.</p>
<button class="btn" id="host-button" type="button">Host button</button>
{target}
<script src="{escape(api_url)}/embed.js" data-site="{escape(site)}"{data} async></script>
</body></html>"""


def host_server(sock: socket.socket, api_url: str, host_url: str) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            if parts.path.startswith("/articles/"):
                # An article's canonical address: the page of thread KEY at /articles/KEY.
                query = {"thread": [unquote(parts.path[len("/articles/"):])], **query}
            elif parts.path != "/page":
                self.send_error(404)
                return
            body = _host_page(query, api_url, host_url).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler, bind_and_activate=False)
    server.socket.close()
    server.socket = sock
    server.server_address = sock.getsockname()
    sock.listen(64)
    return server


@dataclass
class Trap:
    """What a page did that it should not have: dialogs opened, script errors."""

    dialogs: list[str]
    errors: list[str]


def minutes_ago(minutes: float) -> datetime:
    return datetime.now(UTC) - timedelta(minutes=minutes)


@contextlib.contextmanager
def serving(
    app: FastAPI, api_sock: socket.socket, host_sock: socket.socket, api_url: str, host_url: str
) -> Iterator[Live]:
    """Serve `app` on `api_sock` and the host pages on `host_sock` (another origin) until the block ends."""
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    api_thread = threading.Thread(target=server.run, kwargs={"sockets": [api_sock]}, daemon=True)
    api_thread.start()
    host = host_server(host_sock, api_url, host_url)
    host_thread = threading.Thread(target=host.serve_forever, daemon=True)
    host_thread.start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while not server.started:
        assert time.monotonic() < deadline, "the comment server did not start"
        time.sleep(0.05)
    try:
        yield Live(api_url=api_url, host_url=host_url, service=app.state.comments)
    finally:
        host.shutdown()
        host.server_close()
        server.should_exit = True
        api_thread.join(timeout=10)
        host_thread.join(timeout=10)
