"""Browser tests: the real server on loopback, host pages on a second origin, Debian's Chromium.

One comment server (uvicorn in a thread, SQLite in a temporary file) and one host-page server
(the "publisher", another port, hence another origin) serve the whole session; each test uses its
own thread keys and a fresh browser context, so tests do not see each other's readers.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    QUIET_SITE,
    SHORT_EDIT_SECONDS,
    SHORT_EDIT_SITE,
    SITE,
    TREND_SITE,
    XSS_SITE,
    XSS_TITLE_SITES,
    Live,
    Trap,
    free_socket,
    serving,
)
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from pydantic import SecretStr

from civility.comments.moderation_hook import publish_everything
from civility.settings import Settings, SiteSettings
from civility.storage.database import Database
from civility.storage.migrate import upgrade
from civility.web.app import create_app


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    api_sock, host_sock = free_socket(), free_socket()
    api_url = f"http://127.0.0.1:{api_sock.getsockname()[1]}"
    host_url = f"http://127.0.0.1:{host_sock.getsockname()[1]}"
    allowed = [host_url]
    sites = {
        SITE: SiteSettings(name="E2E", allowed_origins=allowed, max_indent_depth=2, page_size=20),
        TREND_SITE: SiteSettings(name="Trending", allowed_origins=allowed),
        QUIET_SITE: SiteSettings(name="Quiet", allowed_origins=allowed),
        SHORT_EDIT_SITE: SiteSettings(
            name="Short", allowed_origins=allowed, edit_window_seconds=SHORT_EDIT_SECONDS
        ),
        XSS_SITE: SiteSettings(name="XSS", allowed_origins=allowed),
        **{name: SiteSettings(name=name, allowed_origins=allowed) for name in XSS_TITLE_SITES},
    }
    folder: Path = tmp_path_factory.mktemp("e2e-db")
    database_url = f"sqlite:///{folder / 'civility.db'}"
    secret = SecretStr("e2e-" + uuid.uuid4().hex)
    settings = Settings(database_url=database_url, sites=sites, secret_key=secret)
    database = Database(database_url)
    upgrade(database)
    # Widget mechanics with every comment published; test_policy*.py runs a server with the engine.
    app = create_app(settings, database=database, moderate=publish_everything)
    try:
        with serving(app, api_sock, host_sock, api_url, host_url) as live:
            yield live
    finally:
        database.dispose()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
    yield browser
    browser.close()


@pytest.fixture
def trap() -> Trap:
    return Trap(dialogs=[], errors=[])


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext, trap: Trap) -> Page:
    """A fresh page that records dialogs and uncaught errors (a test asserts on them)."""
    page = context.new_page()
    page.on("dialog", lambda dialog: (trap.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: trap.errors.append(str(error)))
    return page
