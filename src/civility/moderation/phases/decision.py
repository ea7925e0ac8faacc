"""The policy decision: per category a threshold and an action; the harshest action wins.

A comment that a detector failed to check is held for review whatever the scores say: never published
unchecked, never rejected on partial evidence.
"""

from __future__ import annotations

from collections.abc import Sequence

from civility.moderation.categories import Action, Category
from civility.moderation.phases.evidence import shows_evidence
from civility.moderation.pipeline import ModerationState
from civility.moderation.result import Reason, Status


class DecisionPhase:
    """Applies the site's `PolicyConfig` to the fused scores."""

    name = "decision"

    def run(self, state: ModerationState) -> None:
        decision = Action.ALLOW
        flagged: set[Category] = set()
        for category in Category:
            rule = state.policy.rules.get(category)
            score = state.scores.get(category, 0.0)
            if rule is None or score < rule.threshold:
                continue
            flagged.add(category)
            action = rule.action
            if rule.reject_threshold is not None and score >= rule.reject_threshold:
                action = Action.REJECT
            if action is Action.ALLOW:
                continue
            spans = tuple(span for span in state.spans if span.category is category)
            state.reasons.append(Reason(category, score, rule.threshold, action, spans))
            if action.severity > decision.severity:
                decision = action
        state.reasons.sort(key=lambda reason: (-reason.action.severity, -reason.score))
        # evidence is reported for the flagged categories, and for those at the evidence threshold the
        # evidence phase's words (not the detectors' weak evidence, which they report for flagged ones)
        words = state.evidence_words
        state.spans = [
            span
            for span in state.spans
            if span.category in flagged or (span in words and shows_evidence(state, span.category))
        ]
        if state.failures:
            state.notes.extend(failure.describe() for failure in state.failures)
            state.status = Status.DETECTOR_FAILED
            decision = Action.HOLD
        state.decision = decision

    def run_batch(self, states: Sequence[ModerationState]) -> None:
        for state in states:
            self.run(state)
