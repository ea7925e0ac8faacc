"""Dashboard rendering: evidence highlighting, escaping of readers' text, spreadsheet-safe CSV."""

from __future__ import annotations

from collections.abc import Callable

from civility_fixtures import API, SITE
from dashboard_support import sign_in_directly
from fastapi import FastAPI
from fastapi.testclient import TestClient

from civility.moderators.desk import _csv_safe
from civility.storage.staff_tables import Role
from civility.web.dashboard.pages import Segment, highlight


def test_evidence_spans_split_the_text_by_category_overlaps_merged() -> None:
    spans = [
        {"start": 4, "end": 9, "category": "discourtesy"},
        {"start": 6, "end": 12, "category": "vulgarity"},
        {"start": 50, "end": 60, "category": "spam"},  # beyond the text: clipped away
        {"start": "x", "end": 2, "category": "spam"},  # malformed: ignored
    ]
    assert highlight("you idiot jerk", spans) == [
        Segment("you ", None),
        Segment("idiot", "discourtesy"),
        Segment(" je", "vulgarity"),
        Segment("rk", None),
    ]


def test_readers_text_is_escaped_in_the_queue(
    app: FastAPI, client: TestClient, reader: Callable[[], dict[str, str]]
) -> None:
    moderator = sign_in_directly(app, "mod@example.org", roles={SITE: Role.MODERATOR})
    body = {
        "thread": "<script>t</script>",
        "author_name": "<b>Bold</b>",
        "text": "<img src=x onerror=alert(1)>",
    }
    assert client.post(f"{API}/comments", json=body, headers=reader()).status_code == 201
    page = moderator.client.get(f"/dashboard/sites/{SITE}?queue=all").text
    assert "<img src=x" not in page and "<b>Bold</b>" not in page and "<script>t</script>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "&lt;b&gt;Bold&lt;/b&gt;" in page


def test_csv_cells_that_look_like_formulas_are_quoted() -> None:
    assert _csv_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _csv_safe("@SUM") == "'@SUM" and _csv_safe("Spam.") == "Spam."
