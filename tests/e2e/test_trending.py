"""The trending widget (`data-mode="trending"`) lists the site's most-discussed threads, in order."""

from __future__ import annotations

import pytest
from browser_support import QUIET_SITE, TREND_SITE, Live, minutes_ago
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_trending_lists_threads_by_recent_discussion_with_titles_links_and_counts(
    live: Live, page: Page
) -> None:
    plan = {"quiet": 1, "busy": 6, "lively": 3, "stale": 9}
    for key, count in plan.items():
        # "stale" was busy long ago, outside the widget's window.
        age = 60 * 24 * 30 if key == "stale" else 30
        for n in range(count):
            live.comment(key, f"comment {n}", site=TREND_SITE, at=minutes_ago(age + n),
                         title=f"The {key} story")
    page.goto(live.page(site=TREND_SITE, mode="trending", limit="5"))
    nav = page.get_by_role("navigation", name="Trending discussions")
    expect(nav.get_by_text("Trending:")).to_be_visible()
    links = nav.get_by_role("link")
    expect(links).to_have_text(["The busy story", "The lively story", "The quiet story"])
    expect(nav.locator("li .n")).to_have_text(["(6)", "(3)", "(1)"])
    expect(links.first).to_have_attribute("href", f"{live.host_url}/articles/busy")


def test_trending_says_so_when_nothing_is_discussed(live: Live, page: Page) -> None:
    page.goto(live.page(site=QUIET_SITE, mode="trending"))
    expect(page.get_by_role("navigation", name="Trending discussions")).to_contain_text("no discussions yet")


def test_trending_of_an_unknown_site_says_it_is_unavailable(live: Live, page: Page) -> None:
    page.goto(live.page(site="no-such-site", mode="trending"))
    expect(page.get_by_role("navigation", name="Trending discussions")).to_contain_text("unavailable")
