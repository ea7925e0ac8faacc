"""Per-category thresholds recalibrated to a site's own moderator decisions.

Every moderator decision is a label stored next to the engine's scores at posting time. A comment
moderators rejected or removed as spam should have been stopped (held or rejected); one they approved
should not. `propose` searches, one category at a time (coordinate ascent, a few passes), for the
thresholds that maximise F1 of "the engine stops it" against those labels on the site's history, and
reports precision and recall before and after. Thresholds move only where the site has enough decisions,
and never above a category's reject threshold.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from civility.moderation.categories import Action, Category
from civility.moderation.policy_config import PolicyConfig
from civility.storage.database import Database
from civility.storage.moderators import ModeratorRepository, SiteRules
from civility.storage.staff_tables import Label

MIN_DECISIONS = 20
MIN_POSITIVES = 5
GRID = tuple(round(0.05 * step, 2) for step in range(1, 20))  # 0.05 .. 0.95
PASSES = 3
MAX_STEP = 0.3
STOPPED = Label.REJECTED.value, Label.SPAM.value


@dataclass(frozen=True)
class Quality:
    """How well "the engine stops it" matches the moderators: precision, recall, F1, and counts."""

    precision: float
    recall: float
    f1: float
    stopped: int
    should_stop: int
    decisions: int


@dataclass(frozen=True)
class Proposal:
    """Proposed thresholds with the expected effect on the site's own history."""

    current: dict[str, float]
    proposed: dict[str, float]
    before: Quality
    after: Quality
    decisions: int
    enough: bool
    changed: dict[str, tuple[float, float]] = field(default_factory=dict)


def stopping_categories(policy: PolicyConfig) -> dict[str, float]:
    """The thresholds of categories whose action stops a comment (hold or reject), by category name."""
    return {
        category.value: rule.threshold
        for category, rule in policy.rules.items()
        if rule.action in (Action.HOLD, Action.REJECT, Action.NUDGE)
    }


def quality(labels: Sequence[tuple[str, Mapping[str, float]]], thresholds: Mapping[str, float]) -> Quality:
    """Precision and recall of stopping a comment when any category reaches its threshold."""
    true_positive = stopped = should_stop = 0
    for label, scores in labels:
        positive = label in STOPPED
        flagged = any(float(scores.get(c, 0.0)) >= t for c, t in thresholds.items())
        should_stop += positive
        stopped += flagged
        true_positive += positive and flagged
    precision = true_positive / stopped if stopped else 1.0
    recall = true_positive / should_stop if should_stop else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Quality(round(precision, 4), round(recall, 4), round(f1, 4), stopped, should_stop, len(labels))


def _fit(
    labels: Sequence[tuple[str, Mapping[str, float]]],
    current: Mapping[str, float],
    ceilings: Mapping[str, float],
) -> dict[str, float]:
    """Per category on the comments it is responsible for, then coordinate ascent on the overall F1.

    A comment is the responsibility of the category that passes its threshold by most (or misses it by
    least): raising one category's threshold alone rarely changes a comment several categories flag,
    so fitting each on its own comments first lets thresholds move together. No threshold moves more
    than MAX_STEP from where it started.
    """
    start = dict(current)
    for category in sorted(start):
        own = [(label, scores) for label, scores in labels if _responsible(scores, current) == category]
        if len(own) < MIN_POSITIVES:
            continue
        start[category] = _best_threshold(own, category, current[category], ceilings.get(category, 1.0))
    best = start
    best_f1 = quality(labels, best).f1
    for _ in range(PASSES):
        improved = False
        for category in sorted(best):
            ceiling = ceilings.get(category, 1.0)
            for candidate in GRID:
                if candidate > ceiling or candidate == best[category]:
                    continue
                if abs(candidate - current[category]) > MAX_STEP + 1e-9:
                    continue
                trial = {**best, category: candidate}
                score = quality(labels, trial).f1
                # ties keep the current threshold: move only for a measurable gain
                if score > best_f1 + 1e-9:
                    best, best_f1, improved = trial, score, True
        if not improved:
            break
    return best


def _responsible(scores: Mapping[str, float], thresholds: Mapping[str, float]) -> str:
    return max(thresholds, key=lambda c: (float(scores.get(c, 0.0)) - thresholds[c], c))


def _best_threshold(
    labels: Sequence[tuple[str, Mapping[str, float]]], category: str, current: float, ceiling: float
) -> float:
    """The threshold of one category with the best F1 of "it fires" on these comments (ties: current)."""
    best, best_f1 = current, quality(labels, {category: current}).f1
    for candidate in GRID:
        if candidate > ceiling or abs(candidate - current) > MAX_STEP + 1e-9:
            continue
        score = quality(labels, {category: candidate}).f1
        if score > best_f1 + 1e-9:
            best, best_f1 = candidate, score
    return best


def cross_validated_gain(
    labels: Sequence[tuple[str, Mapping[str, float]]],
    current: Mapping[str, float],
    ceilings: Mapping[str, float],
) -> float:
    """F1 gain of fitting on one half of the history and checking on the other (both ways, averaged)."""
    halves = (list(labels[0::2]), list(labels[1::2]))
    gains = []
    for fit_on, check_on in (halves, halves[::-1]):
        fitted = _fit(fit_on, current, ceilings)
        gains.append(quality(check_on, fitted).f1 - quality(check_on, current).f1)
    return sum(gains) / len(gains)


def propose(
    labels: Sequence[tuple[str, Mapping[str, float]]],
    current: Mapping[str, float],
    ceilings: Mapping[str, float] | None = None,
) -> Proposal:
    """Thresholds fitted to `labels` ((label, scores) pairs), starting from `current`.

    A change is proposed only when fitting on half of the history improves F1 on the other half
    (so a few decisions cannot swing a threshold), and no threshold moves by more than MAX_STEP.
    """
    before = quality(labels, current)
    positives = sum(1 for label, _ in labels if label in STOPPED)
    enough = len(labels) >= MIN_DECISIONS and positives >= MIN_POSITIVES and positives < len(labels)
    limits = dict(ceilings or {})
    if not enough or cross_validated_gain(labels, current, limits) <= 0.0:
        return Proposal(dict(current), dict(current), before, before, len(labels), enough)
    best = _fit(labels, current, limits)
    changed = {c: (current[c], best[c]) for c in best if best[c] != current[c]}
    return Proposal(dict(current), best, before, quality(labels, best), len(labels), True, changed)


@dataclass
class ThresholdTuning:
    """Proposes and applies a site's thresholds from its decisions (the `civility tune` command)."""

    database: Database
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    def propose(self, site: str, policy: PolicyConfig) -> Proposal:
        with self.database.read() as connection:
            labels = ModeratorRepository(connection).labels(site)
            tuned = ModeratorRepository(connection).rules(site).thresholds or {}
        current = {
            **stopping_categories(policy),
            **{c: t for c, t in tuned.items() if c in policy_names(policy)},
        }
        ceilings = {
            category.value: rule.reject_threshold
            for category, rule in policy.rules.items()
            if rule.reject_threshold is not None
        }
        return propose(labels, current, ceilings)

    def apply(self, site: str, proposal: Proposal) -> None:
        """Store the proposed thresholds for the site (the server applies them when it starts)."""
        with self.database.write() as connection:
            repo = ModeratorRepository(connection)
            rules = repo.rules(site)
            repo.save_rules(
                site,
                SiteRules(rules.hold_first_comments, rules.max_rejection_rate, dict(proposal.proposed)),
                self.clock(),
            )


def policy_names(policy: PolicyConfig) -> set[str]:
    return {category.value for category in policy.rules}


def apply_tuned_thresholds(policy: PolicyConfig, thresholds: Mapping[str, float] | None) -> list[str]:
    """Set the policy's thresholds to the tuned ones (in memory); returns the categories changed."""
    changed = []
    for name, value in (thresholds or {}).items():
        try:
            category = Category(name)
        except ValueError:
            continue
        rule = policy.rules.get(category)
        if rule is None or not 0.0 < float(value) <= 1.0:
            continue
        ceiling = rule.reject_threshold if rule.reject_threshold is not None else 1.0
        rule.threshold = min(float(value), ceiling)
        changed.append(name)
    return changed
