"""A parser-based check that a piece of served HTML cannot run script."""

from __future__ import annotations

from html.parser import HTMLParser

from civility.comments.rendering import ALLOWED_TAGS, LINK_REL

SAFE_SCHEMES = ("http://", "https://", "mailto:")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "src", "srcdoc", "formaction", "action"):
                self.problems.append(f"attribute {name} on <{tag}>")
            if name == "href":
                href = (value or "").strip().lower()
                if not href.startswith(SAFE_SCHEMES) and ":" in href.split("/", 1)[0]:
                    self.problems.append(f"href {value!r}")
        if tag == "a":
            rel = dict(attrs).get("rel")
            if rel != LINK_REL:
                self.problems.append(f"<a> with rel={rel!r}")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data: str) -> None:
        self.problems.append("HTML comment")

    def handle_pi(self, data: str) -> None:
        self.problems.append("processing instruction")


def script_capable_parts(html: str) -> list[str]:
    """What in `html` could run script or load active content (empty when safe)."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.problems
