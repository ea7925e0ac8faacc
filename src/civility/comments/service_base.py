"""The state that every operation of the comment service shares.

`CommentServiceBase` holds the service's fields (database, sites, secret, clock, moderation hook, page
cache, account look-ups) and the two helpers that reads and writes both need: `site`, which finds a site's
settings, and `hash_ip`. `CommentReads` (`civility.comments.comment_reads`) and `CommentWrites`
(`civility.comments.comment_writes`) build on it, and `civility.comments.service.CommentService` joins them.
`utc_now` is the service's default clock.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from civility.comments.errors import NotFound
from civility.comments.moderation_hook import ModerationHook, publish_everything
from civility.comments.page_cache import PageCache
from civility.settings import SiteSettings
from civility.storage.database import Database


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class CommentServiceBase:
    """The comment service's configuration and shared helpers (see `CommentService`)."""

    database: Database
    sites: Mapping[str, SiteSettings]
    secret: str
    clock: Callable[[], datetime] = utc_now
    moderate: ModerationHook = publish_everything
    cache: PageCache = field(default_factory=PageCache)
    is_account: Callable[[str], bool] = lambda _reader_id: False
    """Whether a reader id belongs to a commenter account (which may post where anonymity is off)."""
    account_name: Callable[[str], str | None] = lambda _reader_id: None
    """The display name of the account behind a reader id (None for an anonymous reader): an account
    always comments under its own name, whatever the request's author_name says."""
    _ip_key: hmac.HMAC | None = field(default=None, init=False, repr=False)

    # ---- sites -------------------------------------------------------------------------------
    def site(self, site: str) -> SiteSettings:
        """The settings of a known site; NotFound('site') otherwise."""
        found = self.sites.get(site)
        if found is None:
            raise NotFound(f"site: no site called {site[:64]!r} is served here", "site")
        return found

    def hash_ip(self, ip: str | None) -> str | None:
        """A keyed hash of the author's IP (kept for moderation, never the IP itself)."""
        if not ip:
            return None
        keyed = self._ip_key
        if keyed is None:
            keyed = self._ip_key = hmac.new(self.secret.encode(), digestmod=hashlib.sha256)
        digest = keyed.copy()  # the key schedule is computed once, not on every post
        digest.update(ip.encode())
        return digest.hexdigest()[:32]
