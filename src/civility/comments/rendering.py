"""Comment text: a Markdown subset rendered once at write time, then sanitised by nh3.

Markdown-it runs with raw HTML off, so markup typed by readers is shown as text; nh3 (ammonia)
then keeps only the tags of the subset and only http(s)/mailto links, each with
rel="nofollow ugc noopener". Plain-text fields (names, titles) are cleaned of control characters.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "br", "em", "strong", "a", "blockquote", "code", "pre", "ul", "ol", "li"}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href"}, "ol": {"start"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("zero", {"html": False, "breaks": True, "typographer": False})
    md.enable(
        ["emphasis", "link", "autolink", "blockquote", "code", "fence", "backticks", "list",
         "newline", "escape", "entity"]
    )
    md.validateLink = _safe_link  # type: ignore[method-assign]
    return md


def _safe_link(url: str) -> bool:
    scheme = url.split(":", 1)[0].strip().lower() if ":" in url else ""
    return scheme in ALLOWED_SCHEMES or scheme == ""


def sanitise_html(html: str) -> str:
    """Keep only the Markdown subset's tags, safe URLs and our link rel."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def render_markdown(text: str) -> str:
    """Render the Markdown subset to sanitised HTML."""
    return sanitise_html(_markdown().render(text)).strip()


def clean_text(text: str) -> str:
    """Normalise a comment's text: NFC, no control or bidi-override characters, trimmed."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def clean_line(value: str) -> str:
    """Normalise a one-line field (name, title): no control characters, single spaces."""
    return _SPACES.sub(" ", _CONTROL.sub("", unicodedata.normalize("NFC", value))).strip()
