"""Rate-limit counters in Redis when `redis_url` is set, so that every worker shares them."""

from __future__ import annotations

import uuid

import pytest
import redis

from civility.comments.errors import RateLimited
from civility.comments.rate_limits import RateLimits
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
