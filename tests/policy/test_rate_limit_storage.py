"""Rate-limit counters in Redis when `redis_url` is set, so that every worker shares them."""

from __future__ import annotations

import time
import uuid

import pytest
import redis

from civility.comments.errors import RateLimited
from civility.comments.rate_limits import RateLimits, SweptMemoryStorage
from civility.settings import SiteSettings

REDIS_URL = "redis://127.0.0.1:6379/15"


def test_two_workers_share_the_posting_limit_through_redis() -> None:
    site = f"site-{uuid.uuid4().hex[:8]}"
    sites = {site: SiteSettings(comment_rate_limit="3/minute")}
    first, second = RateLimits.create(sites, REDIS_URL), RateLimits.create(sites, REDIS_URL)
    try:
        first.check_comment(site, "reader-1", None)
        second.check_comment(site, "reader-1", None)
        first.check_comment(site, "reader-1", None)
        with pytest.raises(RateLimited) as refused:
            second.check_comment(site, "reader-1", None)
        assert 1 <= refused.value.retry_after <= 60
        second.check_comment(site, "reader-2", None)  # another author has their own allowance
    finally:
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"*{site}*"):
            client.delete(key)
        client.close()


def test_a_rate_limit_setting_that_cannot_be_read_is_refused() -> None:
    with pytest.raises(ValueError, match="not a rate limit"):
        SiteSettings(comment_rate_limit="ten per minute")


def _sweeps_started(limits: RateLimits, hits: int) -> int:
    """Post `hits` comments by as many authors, and count the expiry sweeps their storage started."""
    storage = limits.storage
    assert isinstance(storage, SweptMemoryStorage)
    started = 0
    for n in range(hits):
        before = storage.timer
        limits.check_comment("busy", f"reader-{n}", f"ip-{n}")
        started += storage.timer is not before
    return started


def test_in_memory_limits_sweep_expired_entries_once_a_second_not_after_every_post() -> None:
    busy = SiteSettings(comment_rate_limit="100000/minute", comment_ip_rate_limit="100000/minute")
    sites = {"busy": busy, "strict": SiteSettings(comment_rate_limit="2/minute")}
    limits = RateLimits.create(sites)
    assert isinstance(limits.storage, SweptMemoryStorage)
    # limits' own storage would start a timer thread (10 ms) that walks every key after each of these
    # hits that comes later than the last timer fired; ours starts at most one per second
    deadline = time.monotonic() + 0.5
    started = 0
    while time.monotonic() < deadline:
        started += _sweeps_started(limits, 50)
    assert started <= 1
    # the limits still count the same
    limits.check_comment("strict", "reader-0", None)
    limits.check_comment("strict", "reader-0", None)
    with pytest.raises(RateLimited, match="posting too quickly"):
        limits.check_comment("strict", "reader-0", None)


def test_expired_entries_are_still_swept_from_memory() -> None:
    sites = {"site": SiteSettings(comment_rate_limit="5/second", comment_ip_rate_limit="5/second")}
    limits = RateLimits.create(sites)
    storage = limits.storage
    assert isinstance(storage, SweptMemoryStorage)
    storage.sweep_interval_s = 0.05
    limits.check_comment("site", "reader-1", "ip-1")
    assert any("reader-1" in key for key in storage.events)
    deadline = time.monotonic() + 10
    # a second after the hit its entries have expired; the sweep that a later post schedules drops them,
    # and the key with them (limits' own sweep kept an empty list for every author ever seen)
    polls = 0
    while any("reader-1" in key for key in storage.events):
        assert time.monotonic() < deadline, "expired rate-limit entries were never swept"
        polls += 1
        limits.check_comment("site", f"poller-{polls}", None)
        time.sleep(0.02)  # polling with a deadline
    limits.check_comment("site", "reader-1", "ip-1")  # and reader-1 starts a fresh window
