"""Helpers shared by the server's tests (importable because tests/ is on the import path)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from civility.settings import Settings, SiteSettings

NEWS_ORIGIN = "http://news.example"
SITE = "news"
API = f"/api/v1/sites/{SITE}"


def make_settings(database_url: str, **site_overrides: Any) -> Settings:
    # Tests post many comments as one reader (e.g. 50 nested replies): rate limits well above that.
    site_overrides.setdefault("comment_rate_limit", "200/minute")
    site_overrides.setdefault("comment_ip_rate_limit", "400/minute")
    site = SiteSettings(name="The Example Times", allowed_origins=[NEWS_ORIGIN], **site_overrides)
    return Settings(database_url=database_url, sites={SITE: site, "other": SiteSettings(name="Other")})



class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
