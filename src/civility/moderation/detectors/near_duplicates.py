"""Near-duplicate comments: MinHash signatures of word shingles, and a store of recent ones.

Copy-pasted promotions arrive as many near-identical comments. `signature` turns a normalised comment
into 32 MinHash values (stable across processes: CRC-32 of each shingle and fixed hash parameters), so
the fraction of equal values estimates the Jaccard similarity of two comments' shingle sets.
`RecentCommentStore` is the interface the spam detector uses; `InMemoryRecentStore` keeps the last N
signatures per site with locality-sensitive band buckets. The comment service (issue 5) can back the same
interface with the database, storing the signature as 32 integers.
"""

from __future__ import annotations

import re
import threading
import zlib
from collections import deque
from dataclasses import dataclass
from typing import Protocol

import numpy as np

SIGNATURE_SIZE = 32
BANDS = 8
_ROWS = SIGNATURE_SIZE // BANDS
_PRIME = 4294967291  # the largest prime below 2**32
# Fixed (a, b) parameters of the SIGNATURE_SIZE hash functions h(x) = (a * x + b) mod p, derived from
# CRC-32 of their index so that every process (and a database-backed store) computes the same signature.
# a < 2**31 and x < 2**32 keep a * x + b below 2**64, so uint64 arithmetic is exact.
_A = np.array([zlib.crc32(f"a{i}".encode()) % (1 << 31) | 1 for i in range(SIGNATURE_SIZE)], dtype=np.uint64)
_B = np.array([zlib.crc32(f"b{i}".encode()) % _PRIME for i in range(SIGNATURE_SIZE)], dtype=np.uint64)
_WORD = re.compile(r"[a-z0-9]+")
MIN_WORDS = 8

Signature = tuple[int, ...]


def shingles(text: str, size: int = 3) -> set[str]:
    """Word `size`-grams of a normalised text (the whole text when shorter)."""
    words = _WORD.findall(text)
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def signature(text: str) -> Signature | None:
    """The MinHash signature of a normalised text; None for texts too short to compare meaningfully."""
    if len(_WORD.findall(text)) < MIN_WORDS:
        return None
    hashes = np.fromiter((zlib.crc32(shingle.encode()) for shingle in shingles(text)), dtype=np.uint64)
    values = ((_A[:, None] * hashes[None, :] + _B[:, None]) % np.uint64(_PRIME)).min(axis=1)
    return tuple(int(value) for value in values)


def similarity(first: Signature, second: Signature) -> float:
    """Estimated Jaccard similarity of the two comments' shingle sets."""
    return sum(1 for a, b in zip(first, second, strict=True) if a == b) / SIGNATURE_SIZE


def count_similar(sig: Signature, others: list[list[int]], threshold: float) -> int:
    """How many of `others` have `similarity(sig, other) >= threshold`, compared all at once (a post
    compares its signature with up to 20 of its author's recent ones)."""
    if not others:
        return 0
    equal = np.count_nonzero(np.array(others, dtype=np.int64) == np.array(sig, dtype=np.int64), axis=1)
    return int(np.count_nonzero(equal / SIGNATURE_SIZE >= threshold))


@dataclass(frozen=True, slots=True)
class NearDuplicates:
    """How many recent comments are near-identical, and how many of them by the same author."""

    count: int
    same_author: int


class RecentCommentStore(Protocol):
    """Recent comments' signatures per site, for near-duplicate spam."""

    def check_and_add(
        self, site: str, author: str | None, sig: Signature, threshold: float
    ) -> NearDuplicates:
        """Count earlier near-duplicates (similarity >= threshold), then remember this comment."""
        ...


class InMemoryRecentStore:
    """The last `capacity` signatures per site in memory, found through LSH band buckets."""

    def __init__(self, capacity: int = 5000) -> None:
        self.capacity = capacity
        self._lock = threading.Lock()
        self._sites: dict[str, _SiteStore] = {}

    def check_and_add(
        self, site: str, author: str | None, sig: Signature, threshold: float
    ) -> NearDuplicates:
        with self._lock:
            store = self._sites.setdefault(site, _SiteStore(self.capacity))
            return store.check_and_add(author, sig, threshold)


class _SiteStore:
    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.entries: deque[tuple[int, str | None, Signature]] = deque()
        self.buckets: dict[tuple[int, Signature], set[int]] = {}
        self.by_id: dict[int, tuple[str | None, Signature]] = {}
        self.next_id = 0

    def check_and_add(self, author: str | None, sig: Signature, threshold: float) -> NearDuplicates:
        keys = [(band, sig[band * _ROWS : (band + 1) * _ROWS]) for band in range(BANDS)]
        candidates: set[int] = set()
        for key in keys:
            candidates |= self.buckets.get(key, set())
        count = same = 0
        for candidate in candidates:
            other_author, other = self.by_id[candidate]
            if similarity(sig, other) >= threshold:
                count += 1
                if author is not None and other_author == author:
                    same += 1
        identifier = self.next_id
        self.next_id += 1
        self.entries.append((identifier, author, sig))
        self.by_id[identifier] = (author, sig)
        for key in keys:
            self.buckets.setdefault(key, set()).add(identifier)
        if len(self.entries) > self.capacity:
            old_id, _, old_sig = self.entries.popleft()
            del self.by_id[old_id]
            for band in range(BANDS):
                bucket = self.buckets.get((band, old_sig[band * _ROWS : (band + 1) * _ROWS]))
                if bucket is not None:
                    bucket.discard(old_id)
        return NearDuplicates(count, same)
