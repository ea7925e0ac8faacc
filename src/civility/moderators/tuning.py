"""Per-category thresholds recalibrated to a site's own moderator decisions.

Every moderator decision is a label stored next to the engine's scores at posting time. A comment
moderators rejected or removed as spam should have been stopped (held or rejected); one they approved
should not. `propose` searches, one category at a time (coordinate ascent, a few passes), for the
thresholds that maximise F1 of "the engine stops it" against those labels on the site's history, and
reports precision and recall before and after. Thresholds move only where the site has enough decisions,
by at most MAX_STEP, and never above a category's reject threshold.

A category may also be switched to allow (stored as the threshold `ALLOW`, above any score: it no longer
holds or nudges, its words are still highlighted and its reject threshold still rejects) when the site's
moderators approve nearly all the comments it alone stops: a site that tolerates swearing stops having
it held. Every loosening (a higher threshold, or allow) needs evidence, shown with the proposal: at least
LOOSEN_MIN comments of the history that only this change lets through, at least LOOSEN_SHARE of them
approved (hate: HATE_MIN and HATE_SHARE). Doxing and violence are never loosened.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from civility.moderation.categories import Action, Category
from civility.moderation.policy_config import CategoryRule, PolicyConfig
from civility.storage.database import Database
from civility.storage.moderators import ModeratorRepository, SiteRules
from civility.storage.staff_tables import Label

MIN_DECISIONS = 20
MIN_POSITIVES = 5
GRID = tuple(round(0.05 * step, 2) for step in range(1, 20))  # 0.05 .. 0.95
ALLOW = 1.01  # a stored threshold above any score: the category's action becomes allow on this site
PASSES = 3
MAX_STEP = 0.3
STOPPED = Label.REJECTED.value, Label.SPAM.value
NEVER_LOOSENED = frozenset({Category.DOXING.value, Category.VIOLENCE.value})
MAX_RECALL_LOSS = 0.1  # the default share of the history's recall a proposal may give up
LOOSEN_MIN = 20
LOOSEN_SHARE = 0.9
HATE_MIN = 50
HATE_SHARE = 0.97

Labels = Sequence[tuple[str, Mapping[str, float]]]


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
class Evidence:
    """Why a category may be loosened: the comments of the history only that change lets through."""

    released: int
    approved: int

    @property
    def share(self) -> float:
        return self.approved / self.released if self.released else 0.0


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
    evidence: dict[str, Evidence] = field(default_factory=dict)  # per loosened category
    effect: dict[str, Quality] = field(default_factory=dict)  # per changed category, made alone


def is_allow(threshold: float) -> bool:
    """Whether a tuned threshold means "allow": the category no longer stops comments on this site."""
    return threshold > 1.0


def stopping_categories(policy: PolicyConfig) -> dict[str, float]:
    """The thresholds of categories whose action stops a comment (hold or reject), by category name."""
    return {
        category.value: rule.threshold
        for category, rule in policy.rules.items()
        if rule.action in (Action.HOLD, Action.REJECT, Action.NUDGE)
    }


def quality(labels: Labels, thresholds: Mapping[str, float]) -> Quality:
    """Precision and recall of stopping a comment when any category reaches its threshold."""
    true_positive = stopped = should_stop = 0
    for label, scores in labels:
        positive = label in STOPPED
        flagged = _stops(scores, thresholds)
        should_stop += positive
        stopped += flagged
        true_positive += positive and flagged
    precision = true_positive / stopped if stopped else 1.0
    recall = true_positive / should_stop if should_stop else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Quality(round(precision, 4), round(recall, 4), round(f1, 4), stopped, should_stop, len(labels))


def _stops(scores: Mapping[str, float], thresholds: Mapping[str, float]) -> bool:
    return any(float(scores.get(c, 0.0)) >= t for c, t in thresholds.items())


def _effective(thresholds: Mapping[str, float], ceilings: Mapping[str, float]) -> dict[str, float]:
    """Where each category stops a comment: an allowed category still rejects at its reject threshold."""
    return {c: min(t, ceilings.get(c, t)) for c, t in thresholds.items()}


def evidence(
    labels: Labels, thresholds: Mapping[str, float], category: str, looser: float, stricter: float
) -> Evidence:
    """The comments stopped with `category` at `stricter` and let through at `looser` (others as given)."""
    strict = {**thresholds, category: stricter}
    loose = {**thresholds, category: looser}
    released = approved = 0
    for label, scores in labels:
        if _stops(scores, strict) and not _stops(scores, loose):
            released += 1
            approved += label not in STOPPED
    return Evidence(released, approved)


def may_loosen(category: str, found: Evidence) -> bool:
    """Whether the site's decisions justify letting these comments through (never doxing or violence)."""
    if category in NEVER_LOOSENED:
        return False
    minimum, share = (HATE_MIN, HATE_SHARE) if category == Category.HATE.value else (LOOSEN_MIN, LOOSEN_SHARE)
    return found.released >= minimum and found.share >= share - 1e-9


def _candidates(category: str, current: float, ceiling: float) -> list[float]:
    """Thresholds within MAX_STEP of the current one and under the ceiling, and allow where it may loosen.

    An allowed category may come back at any threshold (that only tightens).
    """
    if is_allow(current):
        return [v for v in GRID if v <= ceiling]
    values = [v for v in GRID if v <= ceiling and abs(v - current) <= MAX_STEP + 1e-9]
    if category in NEVER_LOOSENED:
        return [v for v in values if v <= current]
    return [*values, ALLOW]


def _fit(
    labels: Labels,
    current: Mapping[str, float],
    ceilings: Mapping[str, float],
    max_recall_loss: float = MAX_RECALL_LOSS,
) -> dict[str, float]:
    """Per category on the comments it is responsible for, then coordinate ascent on the overall F1.

    A comment is the responsibility of the category that passes its threshold by most (or misses it by
    least): raising one category's threshold alone rarely changes a comment several categories flag,
    so fitting each on its own comments first lets thresholds move together. A loosening is kept only
    with its evidence (`may_loosen`) against the thresholds around it; a category that loses it at the
    end goes back to where it started. No step may lower recall on `labels` by more than `max_recall_loss`
    below the current thresholds' recall.
    """
    floor = quality(labels, _effective(current, ceilings)).recall - max_recall_loss - 1e-9
    start = dict(current)
    for category in sorted(start):
        own = [(label, scores) for label, scores in labels if _responsible(scores, current) == category]
        if len(own) < MIN_POSITIVES:
            continue
        start[category] = _best_threshold(own, category, current[category], ceilings.get(category, 1.0))
    best = _keep_justified(labels, current, start, ceilings)
    if _objective(labels, best, ceilings, floor) < 0.0:
        best = dict(current)
    best_f1 = _objective(labels, best, ceilings, floor)
    for _ in range(PASSES):
        improved = False
        for category in sorted(best):
            for candidate in _candidates(category, current[category], ceilings.get(category, 1.0)):
                if candidate == best[category]:
                    continue
                trial = {**best, category: candidate}
                effective = _effective(trial, ceilings)  # allow still rejects at the reject threshold
                if candidate > current[category] and not may_loosen(
                    category, evidence(labels, effective, category, effective[category], current[category])
                ):
                    continue
                score = _objective(labels, trial, ceilings, floor)
                # ties keep the current threshold: move only for a measurable gain
                if score > best_f1 + 1e-9:
                    best, best_f1, improved = trial, score, True
        if not improved:
            break
    return _keep_justified(labels, current, best, ceilings)


def _f1(labels: Labels, thresholds: Mapping[str, float], ceilings: Mapping[str, float]) -> float:
    return quality(labels, _effective(thresholds, ceilings)).f1


def _objective(
    labels: Labels, thresholds: Mapping[str, float], ceilings: Mapping[str, float], floor: float
) -> float:
    """F1 on the history, or -1 where recall falls below `floor`."""
    found = quality(labels, _effective(thresholds, ceilings))
    return found.f1 if found.recall >= floor else -1.0


def _loosening_evidence(
    labels: Labels, current: Mapping[str, float], proposed: Mapping[str, float], ceilings: Mapping[str, float]
) -> dict[str, Evidence]:
    """Per loosened category, the comments the proposal lets through only because of that category."""
    effective = _effective(proposed, ceilings)
    return {
        c: evidence(labels, effective, c, effective[c], current[c])
        for c in proposed
        if proposed[c] > current[c]
    }


def _keep_justified(
    labels: Labels, current: Mapping[str, float], proposed: Mapping[str, float], ceilings: Mapping[str, float]
) -> dict[str, float]:
    """`proposed` with every loosening that lacks its evidence put back (the weakest first, repeatedly)."""
    result = dict(proposed)
    while True:
        found = _loosening_evidence(labels, current, result, ceilings)
        unjustified = [c for c, e in found.items() if not may_loosen(c, e)]
        if not unjustified:
            return result
        weakest = min(unjustified, key=lambda c: (found[c].share, found[c].released, c))
        result[weakest] = current[weakest]


def _responsible(scores: Mapping[str, float], thresholds: Mapping[str, float]) -> str:
    return max(thresholds, key=lambda c: (float(scores.get(c, 0.0)) - thresholds[c], c))


def _best_threshold(labels: Labels, category: str, current: float, ceiling: float) -> float:
    """The threshold of one category with the best F1 of "it fires" on these comments (ties: current)."""
    best, best_f1 = current, quality(labels, {category: current}).f1
    for candidate in _candidates(category, current, ceiling):
        if is_allow(candidate):
            continue  # allow is decided on the whole history, with its evidence
        score = quality(labels, {category: candidate}).f1
        if score > best_f1 + 1e-9:
            best, best_f1 = candidate, score
    return best


def cross_validated_gain(
    labels: Labels,
    current: Mapping[str, float],
    ceilings: Mapping[str, float],
    max_recall_loss: float = MAX_RECALL_LOSS,
) -> float:
    """F1 gain of fitting on one half of the history and checking on the other (both ways, averaged)."""
    halves = (list(labels[0::2]), list(labels[1::2]))
    gains = []
    for fit_on, check_on in (halves, halves[::-1]):
        fitted = _fit(fit_on, current, ceilings, max_recall_loss)
        gains.append(_f1(check_on, fitted, ceilings) - _f1(check_on, current, ceilings))
    return sum(gains) / len(gains)


def propose(
    labels: Labels,
    current: Mapping[str, float],
    ceilings: Mapping[str, float] | None = None,
    max_recall_loss: float = MAX_RECALL_LOSS,
) -> Proposal:
    """Thresholds fitted to `labels` ((label, scores) pairs), starting from `current`.

    A change is proposed only when fitting on half of the history improves F1 on the other half
    (so a few decisions cannot swing a threshold); each loosened category comes with its evidence and
    each change with its effect made alone on the history. The proposal keeps at least the current
    recall on the history less `max_recall_loss`.
    """
    limits = dict(ceilings or {})
    before = quality(labels, _effective(current, limits))
    positives = sum(1 for label, _ in labels if label in STOPPED)
    enough = len(labels) >= MIN_DECISIONS and positives >= MIN_POSITIVES and positives < len(labels)
    if not enough or cross_validated_gain(labels, current, limits, max_recall_loss) <= 0.0:
        return Proposal(dict(current), dict(current), before, before, len(labels), enough)
    best = _fit(labels, current, limits, max_recall_loss)
    changed = {c: (current[c], best[c]) for c in best if best[c] != current[c]}
    effect = {c: quality(labels, _effective({**current, c: best[c]}, limits)) for c in changed}
    return Proposal(
        dict(current),
        best,
        before,
        quality(labels, _effective(best, limits)),
        len(labels),
        True,
        changed,
        _loosening_evidence(labels, current, best, limits),
        effect,
    )


@dataclass
class ThresholdTuning:
    """Proposes and applies a site's thresholds from its decisions (the `civility tune` command)."""

    database: Database
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    def propose(self, site: str, policy: PolicyConfig, max_recall_loss: float = MAX_RECALL_LOSS) -> Proposal:
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
        return propose(labels, current, ceilings, max_recall_loss)

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


# The action each rule had before a tuned "allow" replaced it (keyed by the rule object's id; the rule is
# kept so the id cannot be reused): tuning back to a threshold restores it.
_CONFIGURED_ACTIONS: dict[int, tuple[CategoryRule, Action]] = {}


def apply_tuned_thresholds(policy: PolicyConfig, thresholds: Mapping[str, float] | None) -> list[str]:
    """Set the policy's thresholds to the tuned ones (in memory); returns the categories changed.

    A tuned value above 1 (`ALLOW`) switches the category's action to allow; a tuned threshold, or no
    tuned value at all, puts back the action the site configured.
    """
    changed = []
    tuned = dict(thresholds or {})
    for category, rule in policy.rules.items():
        saved = _CONFIGURED_ACTIONS.get(id(rule))
        value = tuned.get(category.value)
        allow = value is not None and math.isfinite(float(value)) and is_allow(float(value))
        if saved is not None and saved[0] is rule and not allow:
            rule.action = saved[1]
            del _CONFIGURED_ACTIONS[id(rule)]
        if value is None or not math.isfinite(float(value)) or float(value) <= 0.0:
            continue
        if allow:
            if rule.action is not Action.ALLOW:
                _CONFIGURED_ACTIONS[id(rule)] = (rule, rule.action)
                rule.action = Action.ALLOW
        else:
            ceiling = rule.reject_threshold if rule.reject_threshold is not None else 1.0
            rule.threshold = min(float(value), ceiling)
        changed.append(category.value)
    return changed
