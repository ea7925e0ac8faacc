"""The widget stays small: embed.js as served must fit the 12 KB gzip budget (Isso's embed is 20.3 KB gzip).

The server minifies the source (rjsmin) when the app is built; the budget applies to what readers download.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from fastapi.testclient import TestClient

from civility.settings import Settings
from civility.web.app import create_app

EMBED = Path(__file__).resolve().parents[1] / "src" / "civility" / "web" / "static" / "embed.js"
BUDGET_BYTES = 12 * 1024


def _served(tmp_path: Path) -> bytes:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/size.db", check_migrations=False)
    with TestClient(create_app(settings)) as client:
        response = client.get("/embed.js", headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    return response.content


def test_embed_js_as_served_fits_the_gzip_budget(tmp_path: Path) -> None:
    gzipped = len(gzip.compress(_served(tmp_path), compresslevel=9))
    assert gzipped <= BUDGET_BYTES, (
        f"embed.js is {gzipped} bytes gzipped as served; the budget is {BUDGET_BYTES}"
    )


def test_the_served_widget_is_the_minified_source(tmp_path: Path) -> None:
    """Minifying keeps the licence notice and every string of the source, and only ever shrinks it."""
    source = EMBED.read_text(encoding="utf-8")
    served = _served(tmp_path).decode("utf-8")
    assert served.startswith("/*! Civility embed.js") and len(served) < len(source)
    for needle in ('"Mark as spam"', '"Report…"', '"Post anyway"', '"Awaiting review"', "/reports"):
        assert needle in source and needle in served


def test_embed_js_is_plain_javascript_without_imports() -> None:
    """Publishers load it with one <script> tag: no ES module syntax, no external dependencies."""
    text = EMBED.read_text(encoding="utf-8")
    assert "\nimport " not in text and "\nexport " not in text and "require(" not in text
