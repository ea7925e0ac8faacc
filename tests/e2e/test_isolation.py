"""The widget lives in a Shadow DOM: the host page's CSS cannot break it, nor it the host page."""

from __future__ import annotations

import pytest
from browser_support import Live, unique_key
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_hostile_host_css_does_not_reach_the_widget(live: Live, page: Page) -> None:
    key = unique_key("hostile")
    live.comment(key, "Readable despite the host's CSS", name="Iso")
    page.goto(live.page(thread=key, hostile="1"))
    text = page.locator("article.c .tx p").first
    expect(text).to_be_visible()
    expect(text).to_have_css("color", "rgb(31, 35, 40)")
    expect(text).to_have_css("text-transform", "none")
    expect(text).to_have_css("letter-spacing", "normal")
    post = page.get_by_role("button", name="Post comment")
    expect(post).to_be_visible()
    expect(post).to_have_css("background-color", "rgb(11, 92, 173)")
    expect(page.get_by_label("Your comment")).to_be_visible()
    expect(page.locator("article.c").first).to_have_css("border-top-width", "0px")


def test_the_widget_styles_do_not_leak_into_the_host_page(live: Live, page: Page) -> None:
    page.goto(live.page(thread=unique_key("leak")))
    expect(page.get_by_role("button", name="Post comment")).to_be_visible()
    # The host page has its own .btn and .tx elements; the widget's rules must not touch them.
    expect(page.locator("#host-button")).not_to_have_css("background-color", "rgb(11, 92, 173)")
    expect(page.locator("#host-paragraph")).to_have_css("margin-left", "0px")


def test_a_page_on_an_origin_that_is_not_allowed_gets_no_comments(live: Live, page: Page) -> None:
    key = unique_key("foreign")
    live.comment(key, "Only for the publisher's own pages", name="Owner")
    foreign = live.page(thread=key).replace("127.0.0.1", "localhost", 1)
    page.goto(foreign)
    expect(page.get_by_text("Comments are unavailable")).to_contain_text("allowed_origins")
    expect(page.locator("article.c")).to_have_count(0)
