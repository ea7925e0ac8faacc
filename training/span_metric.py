"""The SemEval-2021 Task 5 (Toxic Spans) per-post F1, shared by the span tagger's training and
`bench/span_quality.py`."""

from __future__ import annotations


def span_f1(predicted: set[int], gold: set[int]) -> float:
    """F1 of the predicted against the gold character offsets of one post: 1 when both are empty, 0 when
    only one is."""
    if not gold:
        return 1.0 if not predicted else 0.0
    hit = len(predicted & gold)
    if not hit:
        return 0.0
    precision, recall = hit / len(predicted), hit / len(gold)
    return 2 * precision * recall / (precision + recall)
