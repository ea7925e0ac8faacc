"""A per-worker cache of serialised public pages, invalidated by the thread's version number.

Every write bumps `threads.version` in the database, and every read fetches the thread row
(one indexed lookup) before consulting the cache, so several worker processes stay coherent
without talking to each other. Only the PUBLIC page is cached; a reader's own fields are
overlaid per request and never stored here.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

from civility.comments.views import CommentPageView

PageKey = tuple[str, str, int | None, str, str | None, int]


@dataclass(frozen=True)
class CachedPage:
    """A page as served to anonymous readers: its body, ETag, and the ids it shows."""

    thread_id: int
    version: int
    body: bytes
    gzipped: bytes
    etag: str
    comment_ids: tuple[int, ...]
    view: CommentPageView


def etag_of(body: bytes) -> str:
    """A strong ETag for a response body."""
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


class PageCache:
    """An LRU of CachedPage keyed by (site, thread, parent, sort, cursor, limit), bounded in bytes.

    A page is held as its JSON, its gzip and its view; `2 × len(body)` approximates the lot.
    """

    def __init__(self, max_entries: int = 4096, max_bytes: int = 64 * 1024 * 1024) -> None:
        self._entries: OrderedDict[PageKey, CachedPage] = OrderedDict()
        self._lock = threading.Lock()
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.size_bytes = 0
        self.hits = 0
        self.misses = 0

    @staticmethod
    def _cost(page: CachedPage) -> int:
        return 2 * len(page.body) + len(page.gzipped)

    def get(self, key: PageKey, version: int) -> CachedPage | None:
        with self._lock:
            page = self._entries.get(key)
            if page is None or page.version != version:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return page

    def put(self, key: PageKey, page: CachedPage) -> None:
        cost = self._cost(page)
        if cost > self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size_bytes -= self._cost(old)
            self._entries[key] = page
            self.size_bytes += cost
            while len(self._entries) > self.max_entries or self.size_bytes > self.max_bytes:
                _key, evicted = self._entries.popitem(last=False)
                self.size_bytes -= self._cost(evicted)
