"""Trending threads: comments of the last N hours, each weighted by its recency."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from civility.comments.views import TrendingThreadView
from civility.storage.records import ThreadRecord, TrendingBucket


@dataclass(frozen=True)
class TrendingScore:
    """One thread's weighted activity in the window."""

    thread_id: int
    recent_comments: int
    score: float


def hour_of(epoch_seconds: float) -> int:
    """Epoch hours: the bucket a comment posted at `epoch_seconds` is counted in."""
    return int(epoch_seconds // 3600)


def score_threads(buckets: list[TrendingBucket], now_seconds: float, hours: int) -> list[TrendingScore]:
    """Sum over comments of exp(-age / tau), tau = a quarter of the window, per thread, best first.

    A comment's age is taken at the middle of its hour bucket, so the query stays a GROUP BY
    over at most threads × hours rows whatever the traffic.
    """
    tau = max(hours / 4.0, 0.25) * 3600.0
    totals: defaultdict[int, float] = defaultdict(float)
    counts: defaultdict[int, int] = defaultdict(int)
    for bucket in buckets:
        age = max(0.0, now_seconds - (bucket.hour + 0.5) * 3600.0)
        totals[bucket.thread_id] += bucket.count * math.exp(-age / tau)
        counts[bucket.thread_id] += bucket.count
    scores = [TrendingScore(tid, counts[tid], round(totals[tid], 6)) for tid in totals]
    scores.sort(key=lambda s: (-s.score, -s.recent_comments, s.thread_id))
    return scores


def trending_view(score: TrendingScore, thread: ThreadRecord) -> TrendingThreadView:
    return {
        "key": thread.key,
        "title": thread.title,
        "url": thread.url,
        "comment_count": thread.comment_count,
        "recent_comments": score.recent_comments,
        "score": score.score,
    }
