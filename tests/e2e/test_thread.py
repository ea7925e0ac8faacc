"""A reader on a publisher's page (another origin) uses the comment section end to end."""

from __future__ import annotations

import pytest
from browser_support import SHORT_EDIT_SECONDS, SHORT_EDIT_SITE, SITE, Live, Trap, minutes_ago, unique_key
from playwright.sync_api import Browser, Locator, Page, expect

pytestmark = pytest.mark.browser


def own(comment: Locator) -> Locator:
    """A comment's own block (header, text, buttons), without its replies."""
    return comment.locator(":scope > .cb")


def top_level(page: Page) -> Locator:
    return page.locator(".list > article.c")


def test_a_reader_posts_replies_votes_edits_and_deletes(live: Live, page: Page, trap: Trap) -> None:
    key = unique_key("flow")
    page.goto(live.page(thread=key, title="Council approves the river bridge"))
    expect(page.get_by_role("heading", name="0 Comments")).to_be_visible()
    expect(page.get_by_text("No comments yet")).to_be_visible()

    page.get_by_label("Your comment").fill("First thought: *great* reporting.")
    page.get_by_label("Display name").fill("Ada")
    page.get_by_role("button", name="Post comment").click()
    first = top_level(page).first
    expect(own(first).locator(".tx")).to_have_text("First thought: great reporting.")
    expect(own(first).locator(".tx em")).to_have_text("great")
    expect(own(first).locator("time")).to_have_text("just now")
    expect(page.get_by_role("heading", name="1 Comment")).to_be_visible()
    thread = live.service.get_thread(SITE, key)
    assert thread["title"] == "Council approves the river bridge"
    assert thread["url"] == f"{live.host_url}/articles/{key}"

    # A reply, remembered name included, then a reply to the reply under another name.
    own(first).get_by_role("button", name="Reply").click()
    form = own(first).locator("form")
    expect(form.get_by_label("Display name")).to_have_value("Ada")
    form.get_by_label("Display name").fill("Ben")
    form.get_by_label("Your reply to Ada").fill("A reply from Ben")
    form.get_by_role("button", name="Post reply").click()
    reply = first.locator(":scope > .rs > article.c")
    expect(own(reply).locator(".tx")).to_have_text("A reply from Ben")
    expect(reply).to_have_attribute("data-depth", "1")

    own(reply).get_by_role("button", name="Reply").click()
    own(reply).get_by_label("Your reply to Ben").fill("And Ada answers Ben")
    own(reply).get_by_label("Display name").fill("Ada")
    own(reply).get_by_role("button", name="Post reply").click()
    nested = reply.locator(":scope > .rs > article.c")
    expect(own(nested).locator(".tx")).to_have_text("And Ada answers Ben")
    expect(nested).to_have_attribute("data-depth", "2")
    expect(page.get_by_role("heading", name="3 Comments")).to_be_visible()

    # Votes: once per reader, withdrawn by pressing again, switched to a downvote.
    own(first).get_by_role("button", name="Upvote (0)").click()
    upvoted = own(first).get_by_role("button", name="Upvote (1)")
    expect(upvoted).to_have_attribute("aria-pressed", "true")
    upvoted.click()
    expect(own(first).get_by_role("button", name="Upvote (0)")).to_have_attribute("aria-pressed", "false")
    own(first).get_by_role("button", name="Downvote (0)").click()
    expect(own(first).get_by_role("button", name="Downvote (1)")).to_have_attribute("aria-pressed", "true")

    # Edit own comment within the window.
    own(reply).get_by_role("button", name="Edit").click()
    own(reply).get_by_label("Edit your comment").fill("A **corrected** reply from Ben")
    own(reply).get_by_role("button", name="Save").click()
    expect(own(reply).locator(".tx strong")).to_have_text("corrected")
    expect(own(reply).get_by_text("(edited)")).to_be_visible()

    # After a reload the token in localStorage still proves ownership and the vote.
    page.reload()
    first = top_level(page).first
    expect(own(first).get_by_role("button", name="Downvote (1)")).to_have_attribute("aria-pressed", "true")
    reply = first.locator(":scope > .rs > article.c")
    nested = reply.locator(":scope > .rs > article.c")
    expect(own(nested).get_by_role("button", name="Edit")).to_be_visible()

    # Delete a leaf: it disappears. Delete a comment with replies: a tombstone stays.
    own(nested).get_by_role("button", name="Delete").click()
    own(nested).get_by_role("button", name="Yes, delete").click()
    expect(nested).to_have_count(0)
    expect(page.get_by_role("heading", name="2 Comments")).to_be_visible()
    own(first).get_by_role("button", name="Delete").click()
    own(first).get_by_role("button", name="Yes, delete").click()
    expect(own(first)).to_contain_text("This comment was deleted.")
    expect(own(first).locator(".au")).to_have_count(0)
    expect(own(reply).locator(".tx")).to_have_text("A corrected reply from Ben")
    expect(page.get_by_role("heading", name="1 Comment")).to_be_visible()
    assert trap.errors == []


def test_every_control_has_a_label_and_every_button_a_name(live: Live, page: Page) -> None:
    key = unique_key("labels")
    made = live.comment(key, "Something to reply to", name="Cleo")
    page.goto(live.page(thread=key))
    comment = page.locator(f"#civility-comment-{made['id']}")
    own(comment).get_by_role("button", name="Reply").click()
    expect(own(comment).get_by_label("Your reply to Cleo")).to_be_focused()
    unnamed = page.evaluate(
        """() => {
            const root = document.getElementById('civility-thread').shadowRoot;
            const bad = [];
            root.querySelectorAll('input, textarea, select').forEach(el => {
                if (!el.id || !root.querySelector(`label[for="${el.id}"]`)) bad.push(el.outerHTML);
            });
            root.querySelectorAll('button').forEach(el => {
                if (!(el.getAttribute('aria-label') || el.textContent.trim())) bad.push(el.outerHTML);
            });
            return bad;
        }"""
    )
    assert unnamed == []


def test_a_validation_error_from_the_server_is_shown_next_to_the_form(live: Live, page: Page) -> None:
    page.goto(live.page(thread=unique_key("invalid")))
    # Zero-width characters pass the browser's "required" check; the server cleans them away.
    page.get_by_label("Display name").fill("\u200b\u200b")
    page.get_by_label("Your comment").fill("A fine comment")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("alert")).to_have_text("author_name: give a display name")
    expect(page.get_by_label("Display name")).to_be_focused()
    expect(page.get_by_role("heading", name="0 Comments")).to_be_visible()


def test_sorting_by_newest_oldest_and_top(live: Live, page: Page) -> None:
    key = unique_key("sort")
    oldest = live.comment(key, "written first", name="Oldest", at=minutes_ago(30))
    live.comment(key, "written second", name="Middle", at=minutes_ago(20))
    newest = live.comment(key, "written last", name="Newest", at=minutes_ago(10))
    live.votes(SITE, oldest["id"], down=2)
    live.votes(SITE, newest["id"], up=3)
    page.goto(live.page(thread=key))
    names = top_level(page).locator(":scope > .cb .au")
    expect(names).to_have_text(["Newest", "Middle", "Oldest"])
    expect(own(top_level(page).first).locator("time")).to_have_text("10 minutes ago")
    time_element = own(top_level(page).first).locator("time")
    expect(time_element).to_have_attribute("datetime", newest["created_at"] or "")
    page.get_by_label("Sort by").select_option("oldest")
    expect(names).to_have_text(["Oldest", "Middle", "Newest"])
    page.get_by_label("Sort by").select_option("top")
    expect(names).to_have_text(["Newest", "Middle", "Oldest"])


def test_load_more_on_a_300_comment_thread_and_show_more_replies(live: Live, page: Page) -> None:
    key = unique_key("big")
    for n in range(300):
        live.comment(key, f"Comment number {n}", name=f"Reader {n}", at=minutes_ago(600 - n))
    parent = live.comment(key, "The busiest comment", name="Popular")
    for n in range(7):
        live.comment(key, f"Reply number {n}", name=f"Replier {n}", parent=parent["id"])
    page.goto(live.page(thread=key))
    expect(page.get_by_role("heading", name="308 Comments")).to_be_visible()
    comments = top_level(page)
    expect(comments).to_have_count(20)

    busy = page.locator(f"#civility-comment-{parent['id']}")
    replies = busy.locator(":scope > .rs > article.c")
    expect(replies).to_have_count(3)
    busy.get_by_role("button", name="Show 4 more replies").click()
    expect(replies).to_have_count(7)
    expect(replies.locator(":scope > .cb .tx")).to_have_text([f"Reply number {n}" for n in range(7)])
    expect(busy.get_by_role("button", name="more replies")).to_have_count(0)

    # A CSS locator: resolving roles and names over 2,000 buttons is slow in Playwright itself.
    more = page.locator(".list + button.more")
    expect(more).to_have_text("Load more comments (281 more)")
    for shown in range(40, 321, 20):
        more.click()
        expect(comments).to_have_count(min(shown, 301))
    expect(more).to_be_hidden()
    texts = page.locator(".list > article.c > .cb > .tx").all_inner_texts()
    assert texts == ["The busiest comment"] + [f"Comment number {n}" for n in range(299, -1, -1)]


def test_deep_replies_are_indented_to_the_limit_then_flattened(live: Live, page: Page) -> None:
    key = unique_key("deep")
    parent = None
    for depth in range(6):
        parent = live.comment(key, f"Depth {depth}", name=f"Level{depth}",
                              parent=None if parent is None else parent["id"])
    page.goto(live.page(thread=key))
    level = {d: page.locator(f"article.c[data-depth='{d}']") for d in range(6)}
    expect(level[3]).to_be_visible()
    level[3].get_by_role("button", name="Show 1 more reply").click()
    expect(own(level[5]).locator(".tx")).to_have_text("Depth 5")

    def left(depth: int) -> float:
        box = own(level[depth]).bounding_box()
        assert box is not None
        return box["x"]

    assert left(0) < left(1) < left(2)
    assert left(2) == left(3) == left(4) == left(5)
    for depth in (1, 2):
        expect(own(level[depth]).locator(".rt")).to_have_count(0)
    for depth in (3, 4, 5):
        expect(own(level[depth]).locator(".rt")).to_have_text(f"↳ in reply to Level{depth - 1}")


def test_new_comments_from_others_appear_live_and_are_announced(live: Live, page: Page) -> None:
    key = unique_key("live")
    existing = live.comment(key, "Already here", name="Early")
    page.goto(live.page(thread=key, poll="300"))
    expect(page.get_by_role("heading", name="1 Comment")).to_be_visible()
    live.comment(key, "Breaking: a new comment", name="Late", reader="another-reader")
    live.comment(key, "A live reply", name="Replier", parent=existing["id"], reader="another-reader")
    expect(own(top_level(page).first).locator(".tx")).to_have_text("Breaking: a new comment")
    reply = page.locator(f"#civility-comment-{existing['id']}").locator(":scope > .rs > article.c")
    expect(own(reply).locator(".tx")).to_have_text("A live reply")
    expect(page.get_by_role("status")).to_have_text("2 new comments.")
    expect(page.get_by_role("heading", name="3 Comments")).to_be_visible()
    expect(top_level(page)).to_have_count(2)


def test_edit_and_delete_disappear_when_the_edit_window_closes(live: Live, page: Page) -> None:
    page.goto(live.page(site=SHORT_EDIT_SITE, thread=unique_key("window"), poll="250"))
    page.get_by_label("Your comment").fill("Quick, edit me")
    page.get_by_label("Display name").fill("Hasty")
    page.get_by_role("button", name="Post comment").click()
    comment = top_level(page).first
    expect(own(comment).get_by_role("button", name="Edit")).to_be_visible()
    expect(own(comment).get_by_role("button", name="Delete")).to_be_visible()
    # The window is a few seconds on this site; the widget notices on its next tick.
    closes = (SHORT_EDIT_SECONDS + 5) * 1000
    expect(own(comment).get_by_role("button", name="Edit")).to_have_count(0, timeout=closes)
    expect(own(comment).get_by_role("button", name="Delete")).to_have_count(0)
    expect(own(comment).get_by_role("button", name="Reply")).to_be_visible()


def test_without_data_thread_the_canonical_url_is_the_thread_key(live: Live, page: Page) -> None:
    canonical = f"{live.host_url}/articles/{unique_key('canonical')}"
    page.goto(live.page(canonical=canonical, title="Keyed by its URL", **{"no-target": "1"}))
    # Without a #civility-thread element the widget places itself right after its script tag.
    page.get_by_label("Your comment").fill("Keyed by the canonical URL")
    page.get_by_label("Display name").fill("Cass")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("heading", name="1 Comment")).to_be_visible()
    thread = live.service.get_thread(SITE, canonical)
    assert (thread["comment_count"], thread["title"], thread["url"]) == (1, "Keyed by its URL", canonical)


def test_on_a_phone_long_words_and_deep_threads_do_not_widen_the_page(live: Live, browser: Browser) -> None:
    key = unique_key("phone")
    parent = None
    for depth in range(5):
        text = "https://example.com/" + "abcdefghij" * 25 + f" at depth {depth}"
        parent = live.comment(key, text, name="A rather long display name for a phone screen",
                              parent=None if parent is None else parent["id"])
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(live.page(thread=key))
        expect(page.locator("article.c[data-depth='3']")).to_be_visible()
        widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1]
    finally:
        context.close()
