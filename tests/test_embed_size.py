"""The widget stays small: embed.js must fit the 12 KB gzip budget (Isso's embed is 20.3 KB gzip)."""

from __future__ import annotations

import gzip
from pathlib import Path

EMBED = Path(__file__).resolve().parents[1] / "src" / "civility" / "web" / "static" / "embed.js"
BUDGET_BYTES = 12 * 1024


def test_embed_js_fits_the_gzip_budget() -> None:
    body = EMBED.read_bytes()
    gzipped = len(gzip.compress(body, compresslevel=9))
    assert gzipped <= BUDGET_BYTES, f"embed.js is {gzipped} bytes gzipped; the budget is {BUDGET_BYTES}"


def test_embed_js_is_plain_javascript_without_imports() -> None:
    """Publishers load it with one <script> tag: no ES module syntax, no external dependencies."""
    text = EMBED.read_text(encoding="utf-8")
    assert "\nimport " not in text and "\nexport " not in text and "require(" not in text
