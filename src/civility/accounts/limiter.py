"""Sign-in throttling with the `limits` package: in memory, or in Redis when `redis_url` is set.

Failed attempts are counted per submitted e-mail (known or not, so the lockout says nothing about
whether an account exists) and per client IP. A locked-out request is refused before the password is
checked.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from civility.comments.errors import RateLimited

PER_EMAIL = "5/15minutes"
PER_IP = "30/15minutes"


@dataclass
class SignInLimiter:
    """Counts failed sign-ins; `check` raises RateLimited while a key is locked out."""

    storage: Storage
    per_email: RateLimitItem
    per_ip: RateLimitItem

    @classmethod
    def create(
        cls, redis_url: str | None = None, per_email: str = PER_EMAIL, per_ip: str = PER_IP
    ) -> SignInLimiter:
        storage = MemoryStorage() if redis_url is None else storage_from_string(redis_url)
        if not isinstance(storage, Storage):
            raise ValueError("redis_url: expected a synchronous storage URL such as redis://host:6379/0")
        return cls(storage, parse(per_email), parse(per_ip))

    @property
    def _limiter(self) -> MovingWindowRateLimiter:
        return MovingWindowRateLimiter(self.storage)

    def check(self, email: str, ip: str | None) -> None:
        """Refuse (RateLimited) while the e-mail or the IP has used up its failed attempts."""
        limiter = self._limiter
        keys = [(self.per_email, "email", _key(email)), (self.per_ip, "ip", _key(ip or "-"))]
        for item, kind, key in keys:
            if not limiter.test(item, "signin", kind, key):
                reset, _remaining = limiter.get_window_stats(item, "signin", kind, key)
                wait = max(1, math.ceil(reset - time.time()))
                minutes = max(1, math.ceil(wait / 60))
                raise RateLimited(
                    f"email: too many failed sign-in attempts; wait {minutes} minute"
                    f"{'s' if minutes != 1 else ''} and try again",
                    retry_after=wait,
                )

    def failed(self, email: str, ip: str | None) -> None:
        """Count one failed attempt against the e-mail and the IP."""
        limiter = self._limiter
        limiter.hit(self.per_email, "signin", "email", _key(email))
        limiter.hit(self.per_ip, "signin", "ip", _key(ip or "-"))


def _key(value: str) -> str:
    # Keys in a shared Redis should not hold e-mails or IPs in clear.
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
