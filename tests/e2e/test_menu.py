"""The ∨ menu on every comment: hidden until hover or focus, fully usable from the keyboard."""

from __future__ import annotations

import pytest
from browser_support import Live, unique_key
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

MAX_TABS = 60


def focused_label(page: Page) -> str | None:
    """The accessible label (or text) of the focused element inside the widget's shadow root."""
    result = page.evaluate(
        """() => {
            const el = document.getElementById('civility-thread').shadowRoot.activeElement;
            return el ? (el.getAttribute('aria-label') || el.textContent.trim()) : null;
        }"""
    )
    return result if isinstance(result, str) else None


def tab_to(page: Page, label: str) -> None:
    """Press Tab until the element labelled `label` has the focus, as a keyboard user would."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if focused_label(page) == label:
            return
    raise AssertionError(f"Tab never reached {label!r}")


def test_the_menu_works_with_the_keyboard_alone(live: Live, page: Page) -> None:
    key = unique_key("menu")
    made = live.comment(key, "Keyboard users count too", name="Kay")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live.host_url)
    page.goto(live.page(thread=key))
    button = page.get_by_role("button", name="More actions for the comment by Kay")
    expect(button).to_have_css("opacity", "0")  # hidden until hover or focus

    tab_to(page, "More actions for the comment by Kay")
    expect(button).to_be_focused()
    expect(button).to_have_css("opacity", "1")
    expect(button).to_have_attribute("aria-expanded", "false")

    page.keyboard.press("Enter")
    menu = page.get_by_role("menu", name="Comment actions")
    expect(menu).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("menuitem")).to_have_text(["Reply", "Copy link", "Mark as spam", "Report…"])
    reply, copy = menu.get_by_role("menuitem", name="Reply"), menu.get_by_role("menuitem", name="Copy link")
    report = menu.get_by_role("menuitem", name="Report…")
    expect(reply).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(copy).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(reply).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(report).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(reply).to_be_focused()
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "false")

    # Space opens it too; End goes to the last entry; Enter runs it.
    page.keyboard.press("Space")
    expect(reply).to_be_focused()
    page.keyboard.press("End")
    expect(report).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(copy).to_be_focused()
    page.keyboard.press("Enter")
    expect(menu).to_be_hidden()
    expect(page.get_by_role("status")).to_have_text("Link to the comment copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{live.host_url}/articles/{key}#civility-comment-{made['id']}"
    expect(button).to_be_focused()

    # Reply from the menu, type and send with the keyboard only.
    page.keyboard.press("Enter")
    expect(reply).to_be_focused()
    page.keyboard.press("Enter")
    box = page.get_by_label("Your reply to Kay")
    expect(box).to_be_focused()
    page.keyboard.type("Agreed, from the keyboard.")
    page.keyboard.press("Tab")  # the formatting help
    page.keyboard.press("Tab")  # the display name
    page.keyboard.type("Tabitha")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    expect(box).to_be_focused()
    page.keyboard.press("Control+Enter")
    reply_comment = page.locator(f"#civility-comment-{made['id']} > .rs > article.c")
    expect(reply_comment.locator(".tx")).to_have_text("Agreed, from the keyboard.")
    expect(reply_comment.locator(".au")).to_have_text("Tabitha")


def test_clicking_outside_closes_the_menu(live: Live, page: Page) -> None:
    key = unique_key("menu-click")
    live.comment(key, "Click around", name="Mo")
    page.goto(live.page(thread=key))
    button = page.get_by_role("button", name="More actions for the comment by Mo")
    page.locator("article.c .tx").first.hover()
    expect(button).to_have_css("opacity", "1")  # shown on hover
    button.click()
    expect(page.get_by_role("menu")).to_be_visible()
    page.get_by_role("heading", name="Host article").click()
    expect(page.get_by_role("menu")).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")


def test_the_menu_button_is_always_visible_on_touch_screens(live: Live, browser: Browser) -> None:
    key = unique_key("menu-touch")
    live.comment(key, "Tap me", name="Tess")
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(live.page(thread=key))
        button = page.get_by_role("button", name="More actions for the comment by Tess")
        expect(button).to_have_css("opacity", "1")
        button.tap()
        expect(page.get_by_role("menuitem", name="Copy link")).to_be_visible()
    finally:
        context.close()


def test_a_copied_link_opens_the_article_at_that_comment(live: Live, page: Page) -> None:
    key = unique_key("permalink")
    target = live.comment(key, "Link to me", name="Lin")
    for n in range(30):
        live.comment(key, f"Newer comment {n}", name=f"Other {n}")
    page.goto(f"{live.host_url}/articles/{key}?page-size=40#civility-comment-{target['id']}")
    comment = page.locator(f"#civility-comment-{target['id']}")
    expect(comment).to_be_focused()
    expect(comment).to_be_in_viewport()
