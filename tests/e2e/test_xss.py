"""Known XSS payloads, posted as comments, author names and thread titles, execute none in Chromium.

The payloads are tests/xss_payloads.txt (one per line). The page records dialogs (alert, confirm,
prompt), uncaught errors, calls to print(), and the global `__xss` that some payloads set; the
widget's shadow DOM is also searched for anything that could run script.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import XSS_SITE, XSS_TITLE_SITES, Live, Trap, unique_key
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PAYLOADS = [
    line for line in (Path(__file__).parents[1] / "xss_payloads.txt").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
MAX_NAME, MAX_TITLE = 80, 300

TRAPS = """
window.print = () => { window.__xss_print = 1; };
"""

# Anything in the widget's shadow DOM that could run script or load something: comment HTML outside
# the Markdown subset, script-capable elements anywhere, event-handler attributes, script URLs.
DANGEROUS = """(hostId) => {
    const root = document.getElementById(hostId).shadowRoot;
    const subset = new Set(['P', 'BR', 'EM', 'STRONG', 'A', 'BLOCKQUOTE', 'CODE', 'PRE', 'UL', 'OL', 'LI']);
    const found = [];
    root.querySelectorAll('.tx *').forEach(el => { if (!subset.has(el.tagName)) found.push(el.outerHTML); });
    const active = 'script, iframe, frame, object, embed, img, svg, math, base, link, meta, video, audio';
    root.querySelectorAll(active).forEach(el => found.push(el.outerHTML));
    root.querySelectorAll('*').forEach(el => {
        for (const attr of el.attributes) {
            const value = attr.value.trim().toLowerCase();
            if (attr.name.startsWith('on') || ['src', 'srcdoc', 'formaction', 'action'].includes(attr.name)
                || (attr.name === 'href' && !/^(https?:|mailto:|#)/.test(value))) {
                found.push(el.outerHTML);
            }
        }
    });
    return found;
}"""


def _assert_nothing_ran(page: Page, trap: Trap, host_id: str) -> None:
    assert trap.dialogs == []
    assert page.evaluate("[window.__xss, window.__xss_print]") == [None, None]
    assert page.evaluate(DANGEROUS, host_id) == []


def test_the_payload_list_is_big_enough() -> None:
    assert len(PAYLOADS) >= 100


def test_payloads_as_comments_and_author_names_execute_nothing(live: Live, page: Page, trap: Trap) -> None:
    key = unique_key("xss")
    for payload in PAYLOADS:
        live.comment(key, payload, name=payload[:MAX_NAME], site=XSS_SITE)
    page.add_init_script(TRAPS)
    page.goto(live.page(site=XSS_SITE, thread=key, **{"page-size": "100"}))
    comments = page.locator(".list > article.c")
    expect(comments).to_have_count(100)
    page.locator(".list + button.more").click()
    expect(comments).to_have_count(len(PAYLOADS))
    # Every payload is shown as text: the author names exactly as the server stored them.
    names = page.locator(".list > article.c > .cb .au").all_inner_texts()
    assert len(names) == len(PAYLOADS)
    # Hover and focus a handful of comments so that mouse and focus handlers would fire.
    for index in range(0, len(PAYLOADS), 10):
        comments.nth(index).locator(".tx").hover()
    _assert_nothing_ran(page, trap, "civility-thread")


def test_payloads_as_thread_titles_execute_nothing_in_the_trending_widget(
    live: Live, page: Page, trap: Trap
) -> None:
    per_site = -(-len(PAYLOADS) // len(XSS_TITLE_SITES))
    assert per_site <= 50, "trending shows at most 50 threads"
    for index, payload in enumerate(PAYLOADS):
        site = XSS_TITLE_SITES[index // per_site]
        live.comment(unique_key("title"), "A comment", site=site, title=payload[:MAX_TITLE])
    page.add_init_script(TRAPS)
    for n, site in enumerate(XSS_TITLE_SITES):
        page.goto(live.page(site=site, mode="trending", limit="50"))
        expected = min(per_site, len(PAYLOADS) - n * per_site)
        links = page.get_by_role("navigation", name="Trending discussions").locator("a")
        expect(links).to_have_count(expected)
        links.first.hover()
        _assert_nothing_ran(page, trap, "civility-trending")
