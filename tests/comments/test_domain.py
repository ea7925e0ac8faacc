"""Domain pieces on their own: cursors, tokens, trending weights, Markdown rendering."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from civility.comments.cursors import Cursor
from civility.comments.errors import Invalid, Unauthorized
from civility.comments.rendering import clean_line, render_markdown
from civility.comments.tokens import ReaderTokens
from civility.comments.trending import score_threads
from civility.storage.records import Keyset, SortOrder, TrendingBucket


def test_a_cursor_round_trips_and_stays_opaque() -> None:
    cursor = Cursor(Keyset(SortOrder.TOP, 42, -3), 7)
    encoded = cursor.encode()
    assert "42" not in encoded and Cursor.decode(encoded) == cursor


FORGED = ["", "!!!", "bnVsbA", "W10", "eyJzIjoieCJ9", "x" * 201, "eyJzIjoibmV3ZXN0IiwicCI6bnVsbCwiaSI6IngifQ"]


@pytest.mark.parametrize("value", FORGED)
def test_a_forged_cursor_is_invalid_naming_the_field(value: str) -> None:
    with pytest.raises(Invalid) as error:
        Cursor.decode(value)
    assert error.value.field == "cursor"


def test_a_reader_token_is_bound_to_its_site_and_secret() -> None:
    tokens = ReaderTokens("secret-one")
    reader_id, token = tokens.issue("news", datetime(2026, 1, 1, tzinfo=UTC))
    assert tokens.reader_id(token, "news") == reader_id
    with pytest.raises(Unauthorized):
        tokens.reader_id(token, "other")
    with pytest.raises(Unauthorized):
        ReaderTokens("secret-two").reader_id(token, "news")


def test_recent_comments_weigh_more_than_old_ones() -> None:
    now = 100 * 3600.0
    buckets = [
        TrendingBucket(thread_id=1, hour=60, count=10),  # 10 comments, 40 hours ago
        TrendingBucket(thread_id=2, hour=99, count=3),  # 3 comments, this hour
    ]
    scores = score_threads(buckets, now, hours=48)
    assert [s.thread_id for s in scores] == [2, 1]
    assert scores[1].recent_comments == 10


def test_markdown_links_get_rel_and_unsafe_schemes_are_dropped() -> None:
    html = render_markdown("[ok](https://example.com) [bad](javascript:alert(1))")
    assert '<a href="https://example.com" rel="nofollow ugc noopener">ok</a>' in html
    assert "javascript" not in html.split("</a>", 1)[1].split("href", 1)[-1] or 'href="javascript' not in html
    assert html.count("<a ") == 1


def test_headings_and_images_are_not_part_of_the_subset() -> None:
    html = render_markdown("# Big\n\n![img](https://example.com/x.png)")
    assert "<h1>" not in html and "<img" not in html


def test_names_lose_control_and_bidi_override_characters() -> None:
    assert clean_line(" Ann\u202e\u0000  Lee \n") == "Ann Lee"
