"""The page cache: keyed by version, bounded in entries and in bytes."""

from __future__ import annotations

from civility.comments.listing import cache_entry
from civility.comments.page_cache import CachedPage, PageCache


def _page(version: int, size: int = 10) -> CachedPage:
    return cache_entry(1, version, {"thread": None, "comments": [], "next_cursor": "x" * size, "total": 0})


def test_a_new_version_misses() -> None:
    cache = PageCache()
    key = ("s", "t", None, "newest", None, 20)
    cache.put(key, _page(1))
    assert cache.get(key, 1) is not None
    assert cache.get(key, 2) is None


def test_the_cache_stays_within_its_byte_budget() -> None:
    cache = PageCache(max_bytes=10_000)
    for n in range(50):
        cache.put(("s", f"t{n}", None, "newest", None, 20), _page(1, size=1000))
    assert 0 < cache.size_bytes <= 10_000
    assert cache.get(("s", "t49", None, "newest", None, 20), 1) is not None
    assert cache.get(("s", "t0", None, "newest", None, 20), 1) is None
