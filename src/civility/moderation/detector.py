"""The one interface every detector plugs in through, built-in or a publisher's own."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from civility.moderation.categories import Category


@dataclass(frozen=True, slots=True)
class EvidenceSpan:
    """Characters [start, end) of the ORIGINAL comment text that support a category."""

    start: int
    end: int
    category: Category


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A comment after evasion-normalisation, with a map back to the original characters.

    `offsets[i]` is the index in `original` of the character that produced `text[i]`;
    `offsets` has `len(text) + 1` entries, the last being `len(original)`, so that a span
    [i, j) of `text` maps to [offsets[i], offsets[j - 1] + 1) of `original`.
    """

    original: str
    text: str
    offsets: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalised text to the span of the original it came from."""
        if end <= start:
            position = self.offsets[start]
            return position, position
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass(slots=True)
class DetectorOutput:
    """Per-category scores in [0, 1] and the evidence for them."""

    scores: dict[Category, float] = field(default_factory=dict)
    spans: list[EvidenceSpan] = field(default_factory=list)


@runtime_checkable
class Detector(Protocol):
    """A detector scores some categories of one comment within its time budget.

    A detector that raises or overruns `time_budget_ms` sends the comment to review: the
    pipeline never publishes a comment that a detector failed to check, and never rejects it.
    """

    name: str
    categories: frozenset[Category]
    time_budget_ms: float

    def detect(self, text: NormalizedText) -> DetectorOutput:
        """Score `text`; spans must point into `text.original`."""
        ...
