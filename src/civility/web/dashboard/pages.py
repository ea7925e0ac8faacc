"""Rendering of dashboard pages: the Jinja2 environment (autoescaped) and the evidence highlighter."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import HTMLResponse

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")


@dataclass(frozen=True)
class Segment:
    """A piece of a comment's text; `category` is set when the engine flagged these words."""

    text: str
    category: str | None


def highlight(text: str, spans: list[dict[str, Any]]) -> list[Segment]:
    """Split `text` at the evidence spans (overlaps merged, first category wins)."""
    marks: list[tuple[int, int, str]] = []
    for span in spans:
        try:
            start, end, category = int(span["start"]), int(span["end"]), str(span["category"])
        except (KeyError, TypeError, ValueError):
            continue
        start, end = max(0, start), min(len(text), end)
        if start < end:
            marks.append((start, end, category))
    marks.sort()
    segments: list[Segment] = []
    position = 0
    for start, end, category in marks:
        if end <= position:
            continue
        start = max(start, position)
        if start > position:
            segments.append(Segment(text[position:start], None))
        segments.append(Segment(text[start:end], category))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:], None))
    return segments


def ago(moment: datetime | None, now: datetime | None = None) -> str:
    """'3 min ago', '2 h ago', '5 d ago'."""
    if moment is None:
        return "never"
    seconds = ((now or datetime.now(UTC)) - moment).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    return f"{int(seconds // 86400)} d ago"


@functools.cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["ago"] = ago
    env.globals["highlight"] = highlight
    return env


def render(name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    html = environment().get_template(name).render(**context)
    return HTMLResponse(
        html,
        status_code=status_code,
        headers={"Cache-Control": "no-store", "X-Frame-Options": "DENY"},
    )
