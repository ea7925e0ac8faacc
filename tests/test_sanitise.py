"""Sanitising: a hundred-odd known XSS payloads come back as inert text, through the renderer and the API."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from civility_fixtures import API
from fastapi.testclient import TestClient
from html_safety import script_capable_parts

from civility.comments.rendering import clean_line, render_markdown

PAYLOADS = [
    line for line in (Path(__file__).with_name("xss_payloads.txt")).read_text("utf-8").splitlines() if line
]


def test_there_are_at_least_a_hundred_payloads() -> None:
    assert len(set(PAYLOADS)) >= 100


def test_the_checker_catches_script_capable_html() -> None:
    assert script_capable_parts('<img src=x onerror="alert(1)">')
    assert script_capable_parts('<a href="javascript:alert(1)" rel="nofollow ugc noopener">x</a>')
    assert script_capable_parts("<script>alert(1)</script>")
    assert script_capable_parts('<a href="https://x.example">x</a>')  # our rel is missing
    assert not script_capable_parts('<p><a href="https://x.example" rel="nofollow ugc noopener">x</a></p>')


@pytest.mark.parametrize("payload", PAYLOADS)
def test_rendering_a_payload_gives_no_script_capable_html(payload: str) -> None:
    assert script_capable_parts(render_markdown(payload)) == []


def test_the_markdown_subset_survives_sanitising() -> None:
    html = render_markdown("*em* **strong** `code`\n\n> quote\n\n- one\n- two\n\n[link](https://example.com)")
    for fragment in (
        "<em>em</em>",
        "<strong>strong</strong>",
        "<code>code</code>",
        "<blockquote>",
        "<li>one</li>",
        '<a href="https://example.com" rel="nofollow ugc noopener">link</a>',
    ):
        assert fragment in html


def test_payloads_posted_as_text_names_and_titles_come_back_inert(
    client: TestClient, reader: Callable[[], dict[str, str]]
) -> None:
    me = reader()
    for number, payload in enumerate(PAYLOADS):
        response = client.post(
            f"{API}/comments",
            json={
                "thread": f"xss-{number % 10}",
                "thread_title": payload[:300],
                "thread_url": "https://news.example/a",
                "author_name": payload[:80],
                "text": payload,
            },
            headers=me,
        )
        assert response.status_code == 201, (payload, response.text)
    served: list[dict[str, object]] = []
    for thread in range(10):
        response = client.get(f"{API}/comments", params={"thread": f"xss-{thread}", "limit": 100})
        assert response.headers["content-type"].startswith("application/json")
        assert response.headers["x-content-type-options"] == "nosniff"
        body = response.json()
        served += body["comments"]
        assert body["thread"]["title"] == clean_line(PAYLOADS[thread][:300])
    assert len(served) == len(PAYLOADS)
    by_text = {clean_line(p[:80]): p for p in PAYLOADS}
    for comment in served:
        assert script_capable_parts(str(comment["html"])) == [], comment
        # Names travel as JSON strings, exactly as typed (minus control characters): plain text
        # that the widget puts in the page with textContent, never as HTML.
        assert comment["author_name"] in by_text
    trending = client.get(f"{API}/trending").json()["threads"]
    assert {t["title"] for t in trending} == {clean_line(PAYLOADS[n][:300]) for n in range(10)}
