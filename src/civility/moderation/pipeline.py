"""The moderation pipeline: an ordered list of small phases sharing one state per comment.

A phase reads and extends the `ModerationState`; a phase that reaches a final decision (an empty comment,
a failed detector) sets `state.final` and the pipeline stops there. Phases never log comment text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from civility.moderation.categories import Action, Category
from civility.moderation.detector import DetectorOutput, EvidenceSpan, NormalizedText
from civility.moderation.policy_config import PolicyConfig
from civility.moderation.result import ModerationResult, Reason, Status

Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class ModerationContext:
    """Facts about a comment besides its text, for detectors that use them (e.g. near-duplicate spam)."""

    site: str = "default"
    thread: str | None = None
    author: str | None = None
    live: bool = False
    """True when the comment is being posted now: it then joins the recent-comments store, and repeated
    near-identical posts count as spam. Re-scoring an archive or a one-off check leaves it False."""


@dataclass(frozen=True, slots=True)
class DetectorFailure:
    """A detector that could not vouch for a comment: it raised, or overran its time budget."""

    detector: str
    kind: str  # "error" or "timeout"
    detail: str  # the exception type or the elapsed time; never comment text

    def describe(self) -> str:
        return f"detector {self.detector} {self.kind} ({self.detail}): sent to review"


@dataclass(slots=True)
class ModerationState:
    """Everything the phases know about one comment so far."""

    text: str
    policy: PolicyConfig
    context: ModerationContext
    normalized: NormalizedText | None = None
    outputs: dict[str, DetectorOutput] = field(default_factory=dict)
    failures: list[DetectorFailure] = field(default_factory=list)
    scores: dict[Category, float] = field(default_factory=lambda: dict.fromkeys(Category, 0.0))
    spans: list[EvidenceSpan] = field(default_factory=list)
    model_spans: set[EvidenceSpan] = field(default_factory=set)  # of `spans`, a model's attribution only
    # the spans the evidence phase added (the only ones shown for a category below its threshold)
    evidence_words: set[EvidenceSpan] = field(default_factory=set)
    # the categories whose model score the context explained away, and why ("idiom", "news", ...)
    explained: dict[Category, str] = field(default_factory=dict)
    reasons: list[Reason] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    decision: Action = Action.ALLOW
    status: Status = Status.SCORED
    final: bool = False

    def finish(self, decision: Action, status: Status, note: str) -> None:
        """Decide now and stop the pipeline."""
        self.decision = decision
        self.status = status
        self.notes.append(note)
        self.final = True

    def result(self) -> ModerationResult:
        return ModerationResult(
            decision=self.decision,
            scores={category: self.scores.get(category, 0.0) for category in Category},
            spans=sorted(self.spans, key=lambda span: (span.start, span.end, span.category.value)),
            reasons=self.reasons,
            status=self.status,
            notes=self.notes,
        )


class Phase(Protocol):
    """One step of the pipeline."""

    name: str

    def run(self, state: ModerationState) -> None:
        """Read and extend `state`; call `state.finish` to decide early."""
        ...

    def run_batch(self, states: Sequence[ModerationState]) -> None:
        """The same for many comments at once (phases may vectorise; the default loops)."""
        ...


class Pipeline:
    """Runs the phases in order; a phase that finishes a comment ends its run."""

    def __init__(self, phases: Sequence[Phase]) -> None:
        self.phases = tuple(phases)

    def run(self, state: ModerationState) -> ModerationResult:
        for phase in self.phases:
            if state.final:
                break
            phase.run(state)
        return state.result()

    def run_batch(self, states: Sequence[ModerationState]) -> list[ModerationResult]:
        for phase in self.phases:
            pending = [state for state in states if not state.final]
            if not pending:
                break
            phase.run_batch(pending)
        return [state.result() for state in states]
