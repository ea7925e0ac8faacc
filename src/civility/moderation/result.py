"""What the engine returns for one comment: a decision, all seven scores, evidence and reasons."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from civility.moderation.categories import Action, Category
from civility.moderation.detector import EvidenceSpan


class Status(StrEnum):
    """Why the decision is what it is, beyond the scores."""

    SCORED = "scored"  # every detector ran; the policy decided on the scores
    EMPTY = "empty"  # nothing to publish
    TOO_LONG = "too_long"  # over the length limit: not scored, held for a moderator
    DETECTOR_FAILED = "detector_failed"  # a detector raised or overran its budget: held for review


@dataclass(frozen=True, slots=True)
class Reason:
    """One cause of the decision: a category whose score reached its threshold, with its evidence."""

    category: Category
    score: float
    threshold: float
    action: Action
    spans: tuple[EvidenceSpan, ...] = ()

    def describe(self) -> str:
        """A one-line, text-free explanation (it never quotes the comment)."""
        return f"{self.category.value} {self.score:.2f} >= {self.threshold:.2f}: {self.action.value}"


@dataclass(slots=True)
class ModerationResult:
    """The engine's verdict on one comment under one policy."""

    decision: Action
    scores: dict[Category, float]
    spans: list[EvidenceSpan]
    reasons: list[Reason]
    status: Status = Status.SCORED
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """The stable JSON shape of the CLI and of integrations (see docs/moderation.md)."""
        return {
            "decision": self.decision.value,
            "scores": {category.value: round(self.scores.get(category, 0.0), 4) for category in Category},
            "spans": [
                {"start": span.start, "end": span.end, "category": span.category.value} for span in self.spans
            ],
            "reasons": [*self.notes, *(reason.describe() for reason in self.reasons)],
        }
