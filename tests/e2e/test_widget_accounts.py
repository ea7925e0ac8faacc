"""Commenter accounts in the widget, in Chromium on a cross-origin host page.

A reader creates an account, comments under its display name, signs out (the comment is no longer
theirs to edit) and back in (it is again, on another device too); a wrong password and the API's
validation errors appear under the field they name; where a site refuses anonymous comments, the
widget asks the reader to sign in before offering the comment form.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser_support import Live, Trap, free_socket, serving, unique_key
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect
from pydantic import SecretStr

from civility.accounts.service import AccountService
from civility.comments.moderation_hook import publish_everything
from civility.settings import Settings, SiteSettings
from civility.storage.database import Database
from civility.storage.migrate import upgrade
from civility.web.app import create_app

pytestmark = pytest.mark.browser

OPEN_SITE = "open"  # anonymous comments and accounts
MEMBERS_SITE = "members"  # accounts only
PASSWORD = "correct horse battery"


@dataclass
class AccountsLive(Live):
    accounts: AccountService


@pytest.fixture(scope="module")
def accounts_live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AccountsLive]:
    api_sock, host_sock = free_socket(), free_socket()
    api_url = f"http://127.0.0.1:{api_sock.getsockname()[1]}"
    host_url = f"http://127.0.0.1:{host_sock.getsockname()[1]}"
    sites = {
        OPEN_SITE: SiteSettings(name="Open", allowed_origins=[host_url]),
        MEMBERS_SITE: SiteSettings(name="Members", allowed_origins=[host_url], allow_anonymous=False),
    }
    folder: Path = tmp_path_factory.mktemp("e2e-accounts")
    database_url = f"sqlite:///{folder / 'civility.db'}"
    settings = Settings(database_url=database_url, sites=sites, secret_key=SecretStr(uuid.uuid4().hex))
    database = Database(database_url)
    upgrade(database)
    app = create_app(settings, database=database, moderate=publish_everything)
    try:
        with serving(app, api_sock, host_sock, api_url, host_url) as live:
            yield AccountsLive(**vars(live), accounts=app.state.accounts)
    finally:
        database.dispose()


@pytest.fixture
def reader(browser: Browser, trap: Trap) -> Iterator[tuple[BrowserContext, Page]]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("pageerror", lambda error: trap.errors.append(str(error)))
    yield context, page
    context.close()


def unique_email(label: str) -> str:
    return f"{label}-{uuid.uuid4().hex[:8]}@example.org"


def auth_form(page: Page, title: str) -> Locator:
    return page.get_by_role("form", name=title)


def create_account(page: Page, email: str, password: str, name: str) -> Locator:
    page.get_by_role("button", name="Create account").click()
    form = auth_form(page, "Create an account")
    expect(form.get_by_label("E-mail")).to_be_focused()
    form.get_by_label("E-mail").fill(email)
    form.get_by_label("Password").fill(password)
    form.get_by_label("Display name").fill(name)
    form.get_by_role("button", name="Create account").click()
    return form


def sign_in(page: Page, email: str, password: str) -> Locator:
    page.get_by_role("button", name="Sign in").click()
    form = auth_form(page, "Sign in")
    expect(form.get_by_label("E-mail")).to_be_focused()
    form.get_by_label("E-mail").fill(email)
    form.get_by_label("Password").fill(password)
    form.get_by_role("button", name="Sign in").click()
    return form


def error_of(form: Locator, label: str) -> Locator:
    """The error text tied to a field (its aria-describedby)."""
    field = form.get_by_label(label, exact=True)
    return form.locator(f"#{field.get_attribute('aria-describedby')}")


def test_a_reader_creates_an_account_comments_signs_out_and_back_in(
    accounts_live: AccountsLive, reader: tuple[BrowserContext, Page], browser: Browser, trap: Trap
) -> None:
    _context, page = reader
    key, email = unique_key("account"), unique_email("ann")
    page.goto(accounts_live.page(site=OPEN_SITE, thread=key))
    expect(page.get_by_text("Have an account?")).to_be_visible()
    page.get_by_label("Your comment").fill("A draft written before signing up.")

    create_account(page, email, PASSWORD, "Ann Account")
    signed_in = page.locator(".acc")
    expect(signed_in).to_have_text("Signed in as Ann Account · Sign out")
    expect(page.get_by_role("status")).to_have_text("Welcome, Ann Account!")
    comment_box = page.get_by_label("Your comment")
    expect(comment_box).to_be_focused()
    expect(comment_box).to_have_value("A draft written before signing up.")  # the draft survived
    expect(page.get_by_label("Display name")).to_be_hidden()  # the account's name is used

    page.get_by_role("button", name="Post comment").click()
    comment = page.locator("article.c")
    expect(comment.locator(".au")).to_have_text("Ann Account")
    expect(comment.get_by_role("button", name="Edit")).to_be_visible()

    # Signed out: the comment stays, but it is no longer this browser's to edit.
    signed_in.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_focused()
    expect(page.get_by_text("Have an account?")).to_be_visible()
    expect(comment.locator(".au")).to_have_text("Ann Account")
    expect(comment.get_by_role("button", name="Edit")).to_have_count(0)
    expect(page.get_by_label("Display name")).to_be_visible()

    # A wrong password: the API's message under the field it names, focus on that field.
    form = sign_in(page, email, "not the password at all")
    message = error_of(form, "E-mail")
    expect(message).to_have_text("The e-mail or the password is wrong")
    expect(form.get_by_label("E-mail")).to_have_attribute("aria-invalid", "true")
    expect(form.get_by_label("E-mail")).to_be_focused()

    form.get_by_label("Password").fill(PASSWORD)
    form.get_by_role("button", name="Sign in").click()
    expect(signed_in).to_have_text("Signed in as Ann Account · Sign out")
    expect(comment.get_by_role("button", name="Edit")).to_be_visible()  # theirs again

    # The comment belongs to the account, not to this browser: another device signs in and may edit it.
    other = browser.new_context()
    other.set_default_timeout(10_000)
    second = other.new_page()
    second.goto(accounts_live.page(site=OPEN_SITE, thread=key))
    expect(second.locator("article.c").get_by_role("button", name="Edit")).to_have_count(0)
    sign_in(second, email, PASSWORD)
    expect(second.locator("article.c").get_by_role("button", name="Edit")).to_be_visible()
    other.close()
    assert trap.errors == []


def test_sign_up_errors_appear_under_their_field_and_escape_cancels(
    accounts_live: AccountsLive, reader: tuple[BrowserContext, Page], trap: Trap
) -> None:
    _context, page = reader
    email = unique_email("taken")
    page.goto(accounts_live.page(site=OPEN_SITE, thread=unique_key("errors")))
    form = create_account(page, email, "short", "Bo")
    expect(error_of(form, "Password (10+ characters)")).to_have_text("At least 10 characters")
    expect(form.get_by_label("Password (10+ characters)")).to_be_focused()
    expect(error_of(form, "E-mail")).to_be_empty()

    form.get_by_label("Display name").fill("")
    form.get_by_role("button", name="Create account").click()
    expect(error_of(form, "Display name")).to_have_text("Please fill this in.")
    expect(error_of(form, "Password (10+ characters)")).to_be_empty()

    form.get_by_label("E-mail").press("Escape")
    expect(form).to_have_count(0)
    expect(page.get_by_role("button", name="Create account")).to_be_focused()
    expect(page.get_by_label("Your comment")).to_be_visible()

    # An e-mail that already has an account: the message goes under E-mail.
    create_account(page, email, PASSWORD, "Bo")
    expect(page.locator(".acc")).to_contain_text("Signed in as Bo")
    page.get_by_role("button", name="Sign out").click()
    form = create_account(page, email, PASSWORD, "Bo again")
    expect(error_of(form, "E-mail")).to_have_text("An account with this e-mail exists; sign in instead")
    assert trap.errors == []


def test_a_site_without_anonymous_comments_asks_readers_to_sign_in_first(
    accounts_live: AccountsLive, reader: tuple[BrowserContext, Page], trap: Trap
) -> None:
    _context, page = reader
    key = unique_key("members")
    member = accounts_live.accounts.register_commenter(MEMBERS_SITE, unique_email("m"), PASSWORD, "Member")
    accounts_live.comment(
        key, "A member's comment", name="Member", site=MEMBERS_SITE, reader=member.reader_id
    )
    page.goto(accounts_live.page(site=MEMBERS_SITE, thread=key))
    prompt = page.locator(".acc")
    expect(prompt).to_contain_text("Sign in or create an account to comment.")
    expect(prompt.get_by_role("button")).to_have_text(["Sign in", "Create account"])
    expect(page.locator("article.c .tx")).to_have_text(["A member's comment"])
    expect(page.get_by_label("Your comment")).to_have_count(0)
    expect(page.locator("article.c").get_by_role("button", name="Reply")).to_have_count(0)

    create_account(page, unique_email("member"), PASSWORD, "New Member")
    expect(page.locator(".acc")).to_have_text("Signed in as New Member · Sign out")
    expect(page.get_by_label("Your comment")).to_be_focused()
    first = page.locator("article.c").first
    first.get_by_role("button", name="Reply").click()
    reply_form = first.locator("form")
    expect(reply_form.get_by_label("Display name")).to_be_hidden()
    reply_form.get_by_label("Your reply to Member").fill("A reply under my account's name.")
    reply_form.get_by_role("button", name="Post reply").click()
    expect(first.locator(".rs article.c .au")).to_have_text(["New Member"])

    page.get_by_label("Your comment").fill("Now I may comment here.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator(".list > article.c > .cb .au")).to_have_text(["New Member", "Member"])

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_label("Your comment")).to_have_count(0)
    expect(page.get_by_role("button", name="Sign in")).to_be_focused()
    assert trap.errors == []


def test_an_account_token_the_server_no_longer_accepts_signs_the_reader_out(
    accounts_live: AccountsLive, reader: tuple[BrowserContext, Page], trap: Trap
) -> None:
    _context, page = reader
    page.goto(accounts_live.page(site=OPEN_SITE, thread=unique_key("expired")))
    create_account(page, unique_email("gone"), PASSWORD, "Gone Soon")
    expect(page.locator(".acc")).to_contain_text("Signed in as Gone Soon")
    # As after the server's secret key changed: the stored account token no longer verifies.
    page.evaluate(
        """() => {
            const key = Object.keys(localStorage).find(k => k.endsWith(':token'));
            localStorage.setItem(key, 'eyJhbGciOiJIUzI1NiJ9.e30.bm90LXZhbGlk');
        }"""
    )
    page.get_by_label("Your comment").fill("Posted after my session ended.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("status")).to_have_text("Your session ended; please sign in again.")
    expect(page.get_by_text("Have an account?")).to_be_visible()
    expect(page.get_by_role("button", name="Sign in")).to_be_focused()
    expect(page.get_by_label("Your comment")).to_have_value("Posted after my session ended.")
    expect(page.locator("article.c")).to_have_count(0)  # nothing was posted anonymously
    assert trap.errors == []


def test_signing_in_works_from_the_keyboard_and_every_field_is_labelled(
    accounts_live: AccountsLive, reader: tuple[BrowserContext, Page], trap: Trap
) -> None:
    _context, page = reader
    email = unique_email("keys")
    accounts_live.accounts.register_commenter(OPEN_SITE, email, PASSWORD, "Kay Board")
    page.goto(accounts_live.page(site=OPEN_SITE, thread=unique_key("keyboard")))
    expect(page.get_by_text("Have an account?")).to_be_visible()

    page.get_by_role("button", name="Create account").click()
    unlabelled = page.evaluate(
        """() => {
            const root = document.getElementById('civility-thread').shadowRoot;
            return [...root.querySelectorAll('form.sg input')]
                .filter(el => !el.id || !root.querySelector(`label[for="${el.id}"]`))
                .map(el => el.outerHTML);
        }"""
    )
    assert unlabelled == []
    expect(auth_form(page, "Create an account").locator("input")).to_have_count(3)
    page.keyboard.press("Escape")

    # From the host page's button: Tab to "Sort by", Tab to "Sign in", Enter, type, Tab, type, Enter.
    page.locator("#host-button").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Sort by")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Sign in")).to_be_focused()
    page.keyboard.press("Enter")
    form = auth_form(page, "Sign in")
    expect(form.get_by_label("E-mail")).to_be_focused()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    expect(form.get_by_label("Password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator(".acc")).to_have_text("Signed in as Kay Board · Sign out")
    expect(page.get_by_label("Your comment")).to_be_focused()
    assert trap.errors == []


def test_signing_in_or_out_in_one_tab_updates_the_other_tabs(
    accounts_live: AccountsLive, reader: tuple[BrowserContext, Page], trap: Trap
) -> None:
    context, first = reader
    email, key = unique_email("tabs"), unique_key("tabs")
    accounts_live.accounts.register_commenter(OPEN_SITE, email, PASSWORD, "Tab Twin")
    accounts_live.comment(key, "A comment from someone else.", name="Other", site=OPEN_SITE)
    first.goto(accounts_live.page(site=OPEN_SITE, thread=key))
    second = context.new_page()  # the same browser profile: the same host-page storage
    second.on("pageerror", lambda error: trap.errors.append(str(error)))
    second.goto(accounts_live.page(site=OPEN_SITE, thread=key))
    expect(second.get_by_text("Have an account?")).to_be_visible()
    second.get_by_label("Your comment").fill("A draft in the second tab.")

    sign_in(first, email, PASSWORD)
    expect(first.locator(".acc")).to_have_text("Signed in as Tab Twin · Sign out")
    # The other tab follows without a reload: it would otherwise post anonymously under a stale name.
    expect(second.locator(".acc")).to_have_text("Signed in as Tab Twin · Sign out")
    expect(second.get_by_role("status")).to_have_text("Signed in as Tab Twin in another tab.")
    expect(second.get_by_label("Display name")).to_be_hidden()
    expect(second.get_by_label("Your comment")).to_have_value("A draft in the second tab.")
    second.get_by_role("button", name="Post comment").click()
    mine = second.locator("article.c", has_text="A draft in the second tab.")
    expect(mine.locator(".au")).to_have_text("Tab Twin")
    expect(mine.get_by_role("button", name="Edit")).to_be_visible()

    second.locator(".acc").get_by_role("button", name="Sign out").click()
    expect(first.get_by_text("Have an account?")).to_be_visible()
    expect(first.get_by_role("status")).to_have_text("You were signed out in another tab.")
    expect(
        first.locator("article.c", has_text="A draft in the second tab.").get_by_role("button", name="Edit")
    ).to_have_count(0)
    assert trap.errors == []
