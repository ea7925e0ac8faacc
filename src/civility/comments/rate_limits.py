"""Rate limits on posting and reporting, with the `limits` package.

Counters live in memory by default (one process), or in Redis when `redis_url` is configured (shared
by every worker). Posting is limited per author (reader id) and per IP (its keyed hash), reporting per
reader; each site sets its own limits in the `limits` notation ("10/minute;100/hour"). A refused
request raises `RateLimited` with a clear message and the seconds to wait (sent as Retry-After).
"""

from __future__ import annotations

import bisect
import math
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from civility.comments.errors import RateLimited
from civility.settings import SiteSettings


class SweptMemoryStorage(MemoryStorage):
    """`limits`' MemoryStorage, with its expired entries swept once a second instead of 10 ms after
    every hit.

    The stock storage starts a `threading.Timer(0.01)` on a hit whenever the previous one has fired,
    and each timer walks every key it holds. Posting at 100/s per worker, that is a new thread and a
    walk over all keys for nearly every post: 0.45 ms of CPU per post with 200 readers' keys and 9 ms
    with 20,000 (bench: docs/performance.md, "Rate limits in memory"), growing with the site's
    audience. Sweeping is housekeeping only: a moving window counts just the entries inside it
    whether or not old ones were dropped, so answers are the same; memory is freed a second later.
    Unlike the stock sweep, ours also forgets a key whose entries have all expired (the stock one
    keeps an empty list for every author ever seen, and walks them all on every sweep).
    """

    sweep_interval_s = 1.0
    """How often expired entries are dropped."""

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: str) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._sweep_lock = threading.Lock()

    def _MemoryStorage__schedule_expiry(self) -> None:
        """Called by the storage on every hit: start a sweep `sweep_interval_s` from now, unless one is
        pending (a daemon thread, so a worker's exit never waits for it)."""
        if self.timer.is_alive():
            return
        with self._sweep_lock:
            if self.timer.is_alive():
                return
            timer = threading.Timer(self.sweep_interval_s, self.sweep)
            timer.daemon = True
            timer.start()
            self.timer = timer

    def sweep(self) -> None:
        """Drop expired moving-window entries and counters, and the keys left with none."""
        now = time.time()
        for key in list(self.events):
            lock = self.locks[key]
            with lock:
                entries = self.events.get(key)
                if entries:  # newest first: the expired ones are a tail
                    del entries[bisect.bisect_left(entries, -now, key=_negative_expiry) :]
                if not entries and self.locks.get(key) is lock:
                    self.events.pop(key, None)
                    self.locks.pop(key, None)
        for key in list(self.expirations):
            if self.expirations.get(key, now) <= now:
                self.storage.pop(key, None)
                self.expirations.pop(key, None)
                self.locks.pop(key, None)


def _negative_expiry(entry: Any) -> float:
    return -float(entry.expiry)


class LimitedAction(StrEnum):
    """What a limit counts."""

    COMMENT = "comment"
    REPORT = "report"


def parse_limits(value: str) -> list[RateLimitItem]:
    """The limits of a setting such as "10/minute;100/hour" (ValueError when it cannot be read)."""
    return list(parse_many(value))


def _wait_words(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    if minutes < 90:
        return f"{minutes} minutes"
    return f"{math.ceil(minutes / 60)} hours"


@dataclass
class RateLimits:
    """Per-site posting and reporting limits over one `limits` storage."""

    storage: Storage
    sites: Mapping[str, SiteSettings]

    @classmethod
    def create(cls, sites: Mapping[str, SiteSettings], redis_url: str | None = None) -> RateLimits:
        storage = SweptMemoryStorage() if redis_url is None else storage_from_string(redis_url)
        assert isinstance(storage, Storage)
        return cls(storage, sites)

    def __post_init__(self) -> None:
        self._limiter = MovingWindowRateLimiter(self.storage)
        self._parsed: dict[str, list[RateLimitItem]] = {}

    def _items(self, spec: str) -> list[RateLimitItem]:
        found = self._parsed.get(spec)
        if found is None:
            found = self._parsed[spec] = parse_limits(spec)
        return found

    def _hit(self, spec: str, keys: tuple[str, ...], refusal: str, field: str) -> None:
        for item in self._items(spec):
            if not self._limiter.hit(item, *keys):
                reset, _remaining = self._limiter.get_window_stats(item, *keys)
                wait = max(1, math.ceil(reset - time.time()))
                raise RateLimited(f"{field}: {refusal}; try again in {_wait_words(wait)}", retry_after=wait)

    def check_comment(self, site: str, reader_id: str, ip_hash: str | None) -> None:
        """Count one comment (or edit) by this author and IP; RateLimited when over a limit."""
        settings = self.sites[site]
        self._hit(
            settings.comment_rate_limit,
            (LimitedAction.COMMENT.value, site, "reader", reader_id),
            "you are posting too quickly",
            "text",
        )
        if ip_hash is not None:
            self._hit(
                settings.comment_ip_rate_limit,
                (LimitedAction.COMMENT.value, site, "ip", ip_hash),
                "too many comments from your network",
                "text",
            )

    def check_report(self, site: str, reader_id: str) -> None:
        """Count one report by this reader; RateLimited when over the site's limit."""
        self._hit(
            self.sites[site].report_rate_limit,
            (LimitedAction.REPORT.value, site, "reader", reader_id),
            "you are reporting too often",
            "reason",
        )
