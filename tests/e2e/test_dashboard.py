"""The moderators' dashboard in Chromium: a moderator signs in, works the Pending queue by keyboard, rejects
a held comment (its author's widget then shows the rejection and its reason), bans the author (their next
post is refused with a message), and the audit log shows both actions.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser_support import Live, free_socket, serving, unique_key
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pydantic import SecretStr

from civility.settings import Settings, SiteSettings
from civility.storage.database import Database
from civility.storage.migrate import upgrade
from civility.storage.staff_tables import Role
from civility.web.app import create_app

pytestmark = pytest.mark.browser

DESK_SITE = "desk"
MODERATOR = "moderator@example.org"
PASSWORD = "a long moderator password"
DOXING = "call me at 0161 496 0123, he lives at 12 Oak Street"


@dataclass
class Desk:
    live: Live
    app_url: str


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    """A comment server with the moderation engine on, and a moderator of its one site."""
    api_sock, host_sock = free_socket(), free_socket()
    api_url = f"http://127.0.0.1:{api_sock.getsockname()[1]}"
    host_url = f"http://127.0.0.1:{host_sock.getsockname()[1]}"
    site = SiteSettings(name="Desk Gazette", allowed_origins=[host_url])
    folder: Path = tmp_path_factory.mktemp("e2e-desk")
    database_url = f"sqlite:///{folder / 'civility.db'}"
    settings = Settings(
        database_url=database_url,
        sites={DESK_SITE: site},
        secret_key=SecretStr(uuid.uuid4().hex),
        public_url=api_url,
    )
    database = Database(database_url)
    upgrade(database)
    app = create_app(settings, database=database)
    app.state.accounts.add_user(MODERATOR, PASSWORD, roles={DESK_SITE: Role.MODERATOR})
    try:
        with serving(app, api_sock, host_sock, api_url, host_url) as live:
            yield Desk(live, api_url)
    finally:
        database.dispose()


def reader_page(browser: Browser, desk: Desk, key: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(desk.live.page(site=DESK_SITE, thread=key))
    expect(page.get_by_label("Your comment")).to_be_visible()
    return context, page


def moderator_page(browser: Browser, desk: Desk) -> tuple[BrowserContext, Page]:
    """A browser signed in to the dashboard as the site's moderator."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    moderator = context.new_page()
    moderator.goto(f"{desk.app_url}/dashboard/login")
    moderator.get_by_label("E-mail").fill(MODERATOR)
    moderator.get_by_label("Password").fill(PASSWORD)
    moderator.get_by_role("button", name="Sign in").click()
    expect(moderator.get_by_role("link", name="Audit log")).to_be_visible()
    return context, moderator


def write(page: Page, text: str, name: str) -> None:
    page.get_by_label("Your comment").fill(text)
    page.get_by_label("Display name").fill(name)
    page.get_by_role("button", name="Post comment").click()


def test_a_moderator_works_the_pending_queue_by_keyboard(desk: Desk, browser: Browser) -> None:
    key = unique_key("desk")
    earlier = desk.live.comment(
        key,
        "ring 0161 496 0999 and ask for the man at 3 Elm Road",
        name="Earlier",
        site=DESK_SITE,
        reader="earlier-author",
        title="Council budget",
    )
    assert earlier["status"] == "pending"  # type: ignore[typeddict-item]
    author_context, author = reader_page(browser, desk, key)
    write(author, DOXING, name="Dana")
    expect(author.locator("article.c .pend")).to_have_text("Awaiting review")

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    moderator = context.new_page()
    errors: list[str] = []
    moderator.on("pageerror", lambda error: errors.append(str(error)))
    moderator.goto(f"{desk.app_url}/dashboard/sites/{DESK_SITE}")
    expect(moderator).to_have_url(f"{desk.app_url}/dashboard/login?next=/dashboard/sites/{DESK_SITE}")
    moderator.get_by_label("E-mail").fill(MODERATOR)
    moderator.get_by_label("Password").fill(PASSWORD)
    moderator.get_by_role("button", name="Sign in").click()
    expect(moderator).to_have_url(f"{desk.app_url}/dashboard/sites/{DESK_SITE}")
    expect(moderator.locator(".hints")).to_contain_text("approve")

    items = moderator.locator(".item")
    expect(items).to_have_count(2)
    expect(items.nth(0).locator(".author")).to_have_text("Dana")  # newest first
    expect(items.nth(0).locator("mark.cat-doxing").first).to_be_visible()
    expect(items.nth(0)).to_have_class("item current")
    moderator.keyboard.press("j")
    expect(items.nth(1)).to_have_class("item current")
    moderator.keyboard.press("k")
    expect(items.nth(0)).to_have_class("item current")
    moderator.keyboard.press("?")
    expect(moderator.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    moderator.keyboard.press("?")
    expect(moderator.get_by_role("dialog", name="Keyboard shortcuts")).to_be_hidden()

    moderator.keyboard.press("r")
    expect(items.nth(0).locator(".reason")).to_be_focused()
    moderator.keyboard.type("Shares a private phone number and address")
    moderator.keyboard.press("Enter")
    expect(moderator.locator("#toast")).to_contain_text("rejected")
    expect(items.nth(0)).to_have_attribute("data-decided", "reject")
    expect(items.nth(1)).to_have_class("item current")  # on to the next one

    author.reload()
    expect(author.locator("article.c .rej")).to_have_text(
        "Rejected by the moderators: Shares a private phone number and address"
    )

    moderator.get_by_role("link", name="Rejected 1").click()
    expect(items).to_have_count(1)
    expect(items.nth(0).locator(".author")).to_have_text("Dana")
    moderator.keyboard.press("b")
    expect(moderator.locator("#toast")).to_contain_text("Dana is banned.")

    write(author, "I am back with a perfectly polite remark about the library.", name="Dana")
    expect(author.get_by_text("you are banned from commenting on this site")).to_be_visible()

    moderator.get_by_role("link", name="Audit log").click()
    rows = moderator.locator("table.audit tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator(".action")).to_have_text("ban")
    expect(rows.nth(1).locator(".action")).to_have_text("reject")
    expect(rows.nth(1)).to_contain_text("Shares a private phone number and address")
    expect(rows.nth(1)).to_contain_text(MODERATOR)
    assert errors == []
    context.close()
    author_context.close()


def test_a_comment_the_moderator_features_shows_first_with_a_badge(desk: Desk, browser: Browser) -> None:
    key = unique_key("pin")
    older = desk.live.comment(
        key, "The older, thoughtful comment about the bridge.", name="Olga", site=DESK_SITE
    )
    desk.live.comment(key, "A newer remark about the bridge.", name="Nils", site=DESK_SITE)
    reader_context, reader = reader_page(browser, desk, key)
    expect(reader.locator("article.c .au").first).to_have_text("Nils")  # newest first
    expect(reader.locator("article.c .pin")).to_have_count(0)

    context, moderator = moderator_page(browser, desk)
    moderator.goto(f"{desk.app_url}/dashboard/sites/{DESK_SITE}?queue=approved&thread={key}")
    item = moderator.locator(".item", has_text="The older, thoughtful comment")
    item.get_by_role("button", name="Feature").click()
    expect(moderator.locator("#toast")).to_contain_text(f"Comment {older['id']} featured")

    reader.reload()
    first = reader.locator("article.c").first
    expect(first.locator(".au").first).to_have_text("Olga")
    expect(first.locator(".pin").first).to_have_text("Featured")
    expect(reader.locator("article.c .pin")).to_have_count(1)
    context.close()
    reader_context.close()


def test_a_featured_reply_comes_first_among_its_siblings_and_is_listed_once(
    desk: Desk, browser: Browser
) -> None:
    key = unique_key("pin-reply")
    parent = desk.live.comment(
        key, "Which bridge design should the council pick?", name="Ada", site=DESK_SITE
    )
    replies = [
        desk.live.comment(
            key,
            f"Reply number {n} about the bridge.",
            name=f"Replier {n}",
            site=DESK_SITE,
            parent=parent["id"],
        )
        for n in range(5)
    ]
    context, moderator = moderator_page(browser, desk)
    moderator.goto(f"{desk.app_url}/dashboard/sites/{DESK_SITE}?queue=approved&thread={key}")
    # The last reply: without featuring, it would sit behind "Show 2 more replies".
    moderator.locator(".item", has_text="Reply number 4").get_by_role("button", name="Feature").click()
    expect(moderator.locator("#toast")).to_contain_text(f"Comment {replies[4]['id']} featured")

    reader_context, reader = reader_page(browser, desk, key)
    thread = reader.locator("#civility-thread article.c").first
    siblings = thread.locator(":scope > .rs > article.c")
    texts = siblings.locator(":scope > .cb .tx")
    expect(texts).to_have_text(
        ["Reply number 4 about the bridge."] + [f"Reply number {n} about the bridge." for n in range(2)]
    )
    expect(siblings.first.locator(":scope > .cb .pin")).to_have_text("Featured")
    expect(thread.locator(".pin")).to_have_count(1)
    thread.get_by_role("button", name="Show 2 more replies").click()
    # The next page continues after the ones shown; the featured reply is not listed a second time.
    expect(texts).to_have_text(
        ["Reply number 4 about the bridge."] + [f"Reply number {n} about the bridge." for n in range(4)]
    )
    context.close()
    reader_context.close()
