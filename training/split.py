"""Deterministic dev splits: grouped by a near-duplicate key, and whole held-out sources."""

from __future__ import annotations

import re
import zlib

from training.datasets import Example

DEV_SHARE = 0.12
# Whole sources held out of the "unseen sources" run: a news/forum insult set, a hate forum, chat abuse
# with the only separate sexual-content label, and music-video spam.
HELDOUT_SOURCES = ("impermium", "stormfront", "convabuse", "youtube")
SYNTHETIC_PREFIX = "synthetic"

_NOISE = re.compile(r"https?://\S+|www\.\S+|@\w+|\[(?:user|url)\]|<user>|\brt\b|#\w+")
_WORD = re.compile(r"[a-z]+")


def group_key(text: str) -> str:
    """Near-duplicates (retweets, copies differing in links, mentions, numbers or case) share a key."""
    words = _WORD.findall(_NOISE.sub(" ", text.lower()))
    return " ".join(words[:10]) if words else text.strip().lower()


def is_dev(example: Example) -> bool:
    """Dev membership by a stable hash of the group key (never for synthetic text or fairness rows)."""
    if example.source.startswith(SYNTHETIC_PREFIX) or example.meta.get("fairness"):
        return False
    return (zlib.crc32(group_key(example.text).encode()) % 10_000) < DEV_SHARE * 10_000


def split(examples: list[Example]) -> tuple[list[Example], list[Example], list[Example]]:
    """(train, dev, fairness): dev groups never share a key with train; fairness rows are never trained on."""
    train: list[Example] = []
    dev: list[Example] = []
    fairness: list[Example] = []
    for ex in examples:
        if ex.meta.get("fairness"):
            fairness.append(ex)
        elif is_dev(ex):
            dev.append(ex)
        else:
            train.append(ex)
    return train, dev, fairness
