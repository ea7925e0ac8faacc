"""The policy where readers write, in Chromium on a cross-origin host page, with the moderation engine on.

A nudge highlights the author's words and offers "post anyway" (then the comment awaits review, seen only
by its author); a clean comment is published; doxing is held; marking spam from the ∨ menu by enough
readers hides a comment; a reader cannot report their own comment.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import Live, free_socket, serving, unique_key
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pydantic import SecretStr

from civility.settings import Settings, SiteSettings
from civility.storage.database import Database
from civility.storage.migrate import upgrade
from civility.web.app import create_app

pytestmark = pytest.mark.browser

POLICY_SITE = "policy"


@pytest.fixture(scope="module")
def enforced(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """A comment server whose posts go through the engine (two fresh readers' reports hide a comment)."""
    api_sock, host_sock = free_socket(), free_socket()
    api_url = f"http://127.0.0.1:{api_sock.getsockname()[1]}"
    host_url = f"http://127.0.0.1:{host_sock.getsockname()[1]}"
    site = SiteSettings(name="Policy", allowed_origins=[host_url], report_threshold=1.2)
    folder: Path = tmp_path_factory.mktemp("e2e-policy")
    database_url = f"sqlite:///{folder / 'civility.db'}"
    settings = Settings(
        database_url=database_url, sites={POLICY_SITE: site}, secret_key=SecretStr(uuid.uuid4().hex)
    )
    database = Database(database_url)
    upgrade(database)
    app = create_app(settings, database=database)
    try:
        with serving(app, api_sock, host_sock, api_url, host_url) as live:
            yield live
    finally:
        database.dispose()


def open_thread(browser: Browser, live: Live, key: str) -> tuple[BrowserContext, Page]:
    """A fresh reader (own browser context) on the host page of thread `key`."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(live.page(site=POLICY_SITE, thread=key))
    expect(page.get_by_label("Your comment")).to_be_visible()
    return context, page


def write(page: Page, text: str, name: str = "Ann") -> None:
    page.get_by_label("Your comment").fill(text)
    page.get_by_label("Display name").fill(name)
    page.get_by_role("button", name="Post comment").click()


def comment_texts(page: Page) -> list[str]:
    return page.locator("article.c .tx").all_inner_texts()


def test_a_nudge_highlights_the_insult_then_post_anyway_awaits_review(
    enforced: Live, browser: Browser
) -> None:
    key = unique_key("nudge")
    author_context, page = open_thread(browser, enforced, key)
    write(page, "You are an idiot, and everyone here can see it.")
    nudge = page.locator(".ng")
    expect(nudge).to_contain_text("discourtesy")
    expect(nudge.locator("mark")).to_have_text(["idiot"])
    assert comment_texts(page) == []
    nudge.get_by_role("button", name="Post anyway").click()
    held = page.locator("article.c")
    expect(held).to_have_count(1)
    expect(held.locator(".pend")).to_have_text("Awaiting review")
    expect(page.get_by_role("status")).to_contain_text("awaiting review")
    page.reload()
    expect(page.locator("article.c .pend")).to_have_text("Awaiting review")  # the author still sees it

    other_context, other = open_thread(browser, enforced, key)
    expect(other.get_by_text("No comments yet")).to_be_visible()
    assert comment_texts(other) == []
    other_context.close()
    author_context.close()


def test_a_clean_comment_is_published_for_everyone(enforced: Live, browser: Browser) -> None:
    key = unique_key("clean")
    author_context, page = open_thread(browser, enforced, key)
    text = "Thanks for the careful reporting, this was a useful read about the council budget."
    write(page, text)
    expect(page.locator("article.c .tx")).to_have_text([text])
    expect(page.locator("article.c .pend")).to_have_count(0)
    other_context, other = open_thread(browser, enforced, key)
    expect(other.locator("article.c .tx")).to_have_text([text])
    other_context.close()
    author_context.close()


def test_doxing_is_held_for_review(enforced: Live, browser: Browser) -> None:
    key = unique_key("doxing")
    author_context, page = open_thread(browser, enforced, key)
    write(page, "call me at 0161 496 0123, he lives at 12 Oak Street")
    expect(page.locator("article.c .pend")).to_have_text("Awaiting review")
    other_context, other = open_thread(browser, enforced, key)
    expect(other.get_by_text("No comments yet")).to_be_visible()
    other_context.close()
    author_context.close()


def mark_as_spam(page: Page, author: str) -> None:
    page.get_by_role("button", name=f"More actions for the comment by {author}").click()
    page.get_by_role("menuitem", name="Mark as spam").click()


def test_enough_readers_marking_spam_hide_it_and_the_author_cannot_report(
    enforced: Live, browser: Browser
) -> None:
    key = unique_key("spam")
    text = "Interesting point about the tram line budget, and the consultation deserves a wider audience."
    made = enforced.comment(key, text, name="Sam", site=POLICY_SITE, reader="spam-author")
    assert made["status"] == "published"  # type: ignore[typeddict-item]

    readers = [open_thread(browser, enforced, key) for _ in range(2)]
    for _context, page in readers:
        expect(page.locator("article.c .tx")).to_have_text([text])
        mark_as_spam(page, "Sam")
        expect(page.locator(".slot .ok")).to_contain_text("Thank you for marking this comment as spam")
    late_context, late = open_thread(browser, enforced, key)
    expect(late.get_by_text("No comments yet")).to_be_visible()
    late_context.close()
    for context, _page in readers:
        context.close()

    own_key = unique_key("own")
    author_context, page = open_thread(browser, enforced, own_key)
    write(page, "A comment of my own about the council's plans for the library opening hours.", name="Ola")
    expect(page.locator("article.c")).to_have_count(1)
    page.get_by_role("button", name="More actions for the comment by Ola").click()
    page.get_by_role("menuitem", name="Report…").click()
    dialog = page.get_by_role("dialog", name="Report this comment")
    dialog.get_by_label("Racism or hate").check()
    dialog.get_by_role("button", name="Send report").click()
    expect(page.locator(".slot .err")).to_have_text("id: you cannot report your own comment")
    author_context.close()
