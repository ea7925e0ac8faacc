"""A per-site model learned from the site's own moderator decisions: "would our moderators remove this?"

Thresholds (`tuning.py`) cannot tell hate speech from the swearing a site tolerates: the same categories
fire on both. This model can: a logistic regression over the engine's seven scores, the engine's
decision, and the learned tier's hashed character and word n-grams (`learned_features.featurize`, folded
into 2 x 2^14 columns), fitted to the site's labels (every moderator decision, stored next to the
engine's scores; the comment's text is read back from the comment).

At posting time it corrects the engine's decision (`SiteModel.correct`):
- the engine would publish, and the probability that the moderators would remove the comment is at
  least `hold_at`: the comment is held for review;
- the engine would hold it, the probability is below `allow_below`, and every category that held it is
  one this site's moderators keep approving (at least 10 decisions on comments it flagged, at least 70 %
  approved; for hate at least 50 and 97 %): the comment is published.
It never touches a rejection, a nudge the author has not posted anyway, a hold without scores (a
detector failed), or a hold by doxing or violence; those stay with the engine and the moderators.

Only numpy runs here (no scikit-learn at run time); the weights are JSON (base64 float32), never pickle.
The model is used only when cross-validation on the site's own history shows a gain in F1 of "stopped"
(held or rejected) against the decisions, with at least `min_decisions` decisions of which 20 removals.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from civility.moderation.categories import Action, Category
from civility.moderation.detectors.learned_features import FeatureConfig, featurize
from civility.moderation.normalize import normalize
from civility.moderation.policy_config import PolicyConfig

FORMAT = 1
FOLD_BITS = 14  # each hashed block (characters, words) folds into 2^14 columns
CATEGORIES = tuple(category.value for category in Category)
DECISIONS = ("allow", "hold", "reject")
N_DENSE = len(CATEGORIES) + len(DECISIONS)
N_FEATURES = N_DENSE + 2 * (1 << FOLD_BITS)
NEVER_RELAXED = frozenset({Category.DOXING.value, Category.VIOLENCE.value})
MIN_POSITIVES = 20
TOLERANCE_DECISIONS = 10
TOLERANCE_SHARE = 0.7
# Hate is tolerated only on the bar `civility tune` sets for loosening it: publishing hate on a model's
# word needs far stronger evidence than publishing swearing.
HATE_TOLERANCE_DECISIONS = 50
HATE_TOLERANCE_SHARE = 0.97
FOLDS = 4
REGULARISATION = (1e-3, 3e-3, 1e-2)
HOLD_GRID = (0.5, 0.6, 0.7, 0.8, 0.9, 1.01)  # 1.01: never hold on the model's word
ALLOW_GRID = (0.0, 0.02, 0.03, 0.05, 0.07, 0.1, 0.15, 0.2, 0.3)  # 0.0: never publish on the model's word
REMOVED = frozenset({"rejected", "spam"})


@dataclass(frozen=True)
class LabeledComment:
    """One moderator decision with what the engine knew at posting time."""

    label: str
    text: str
    scores: Mapping[str, float]
    engine_decision: str | None


@dataclass(frozen=True)
class Rates:
    """Precision and recall of "stopped" (held or rejected) against the moderators' decisions."""

    precision: float
    recall: float
    f1: float

    def as_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


def rates(stopped: Sequence[bool], removed: Sequence[bool]) -> Rates:
    true_positive = sum(1 for s, r in zip(stopped, removed, strict=True) if s and r)
    n_stopped, n_removed = sum(stopped), sum(removed)
    precision = true_positive / n_stopped if n_stopped else 1.0
    recall = true_positive / n_removed if n_removed else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Rates(round(precision, 4), round(recall, 4), round(f1, 4))


@dataclass(frozen=True)
class Features:
    """Sparse rows (doc, column, value) and the dense block of a batch."""

    doc: npt.NDArray[np.int64]
    column: npt.NDArray[np.int64]
    value: npt.NDArray[np.float64]
    dense: npt.NDArray[np.float64]

    @property
    def n_docs(self) -> int:
        return int(self.dense.shape[0])


def _decision_of(decision: str | None) -> str:
    return decision if decision in DECISIONS else "hold"  # nudge posted anyway, or a failure: held


def features(
    texts: Sequence[str],
    scores: Sequence[Mapping[str, float]],
    decisions: Sequence[str | None],
    config: FeatureConfig,
) -> Features:
    """The model's inputs: scores and decision (dense) and folded hashed n-grams of the normalised text."""
    normalised = [normalize(text) for text in texts]
    batch = featurize([n.text for n in normalised], config, [n.original for n in normalised])
    size = 1 << FOLD_BITS
    is_char = batch.index < config.n_char
    folded = np.where(is_char, batch.index % size, size + (batch.index - config.n_char) % size).astype(
        np.int64
    )
    dense = np.zeros((len(texts), N_DENSE), dtype=np.float64)
    for row, (score, decision) in enumerate(zip(scores, decisions, strict=True)):
        for col, category in enumerate(CATEGORIES):
            dense[row, col] = float(score.get(category, 0.0))
        dense[row, len(CATEGORIES) + DECISIONS.index(_decision_of(decision))] = 1.0
    return Features(batch.doc.astype(np.int64), folded + N_DENSE, batch.value.astype(np.float64), dense)


def _logits(x: Features, weights: npt.NDArray[np.float64], bias: float) -> npt.NDArray[np.float64]:
    sparse = np.bincount(x.doc, weights=x.value * weights[x.column], minlength=x.n_docs)
    result: npt.NDArray[np.float64] = sparse + x.dense @ weights[:N_DENSE] + bias
    return result


def _sigmoid(z: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    result: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))
    return result


def fit(
    x: Features, y: npt.NDArray[np.float64], l2: float, epochs: int = 300
) -> tuple[npt.NDArray[np.float64], float]:
    """L2-regularised logistic regression by full-batch Adam (deterministic, numpy only)."""
    weights = np.zeros(N_FEATURES, dtype=np.float64)
    bias = float(np.log((y.mean() + 1e-3) / (1.0 - y.mean() + 1e-3)))
    m = np.zeros(N_FEATURES + 1)
    v = np.zeros(N_FEATURES + 1)
    rate, beta1, beta2 = 0.05, 0.9, 0.999
    n = max(x.n_docs, 1)
    for step in range(1, epochs + 1):
        error = (_sigmoid(_logits(x, weights, bias)) - y) / n
        grad: npt.NDArray[np.float64] = np.bincount(
            x.column, weights=x.value * error[x.doc], minlength=N_FEATURES
        ).astype(np.float64)
        grad[:N_DENSE] = grad[:N_DENSE] + x.dense.T @ error
        grad = grad + l2 * weights
        full = np.append(grad, error.sum())
        m = beta1 * m + (1 - beta1) * full
        v = beta2 * v + (1 - beta2) * full * full
        update = rate * (m / (1 - beta1**step)) / (np.sqrt(v / (1 - beta2**step)) + 1e-8)
        weights -= update[:-1]
        bias -= float(update[-1])
    return weights, bias


def stopping_categories(scores: Mapping[str, float], policy: PolicyConfig) -> list[str]:
    """The categories whose score reaches a threshold with an action other than allow."""
    return [
        category.value
        for category, rule in policy.rules.items()
        if rule.action is not Action.ALLOW and float(scores.get(category.value, 0.0)) >= rule.threshold
    ]


def tolerated_categories(labels: Sequence[LabeledComment], policy: PolicyConfig) -> list[str]:
    """Categories moderators keep approving: >= 10 decisions on comments it flagged, >= 70 % approved
    (hate: >= 50 decisions, >= 97 % approved)."""
    seen: dict[str, list[bool]] = {}
    for item in labels:
        for category in stopping_categories(item.scores, policy):
            seen.setdefault(category, []).append(item.label not in REMOVED)

    def tolerated(category: str, approved: list[bool]) -> bool:
        hate = category == Category.HATE.value
        minimum = HATE_TOLERANCE_DECISIONS if hate else TOLERANCE_DECISIONS
        share = HATE_TOLERANCE_SHARE if hate else TOLERANCE_SHARE
        return len(approved) >= minimum and sum(approved) / len(approved) >= share

    return sorted(
        category
        for category, approved in seen.items()
        if category not in NEVER_RELAXED and tolerated(category, approved)
    )


@dataclass(frozen=True)
class Correction:
    """What the site model changed: the new decision ("hold" or "allow") and the probability."""

    decision: str
    probability: float


@dataclass
class SiteModel:
    """The fitted weights and the two probability cut-offs; `correct` applies them to one decision."""

    weights: npt.NDArray[np.float64]
    bias: float
    hold_at: float
    allow_below: float
    tolerated: list[str]
    config: FeatureConfig = field(default_factory=FeatureConfig)
    report: dict[str, Any] = field(default_factory=dict)

    def probabilities(
        self,
        texts: Sequence[str],
        scores: Sequence[Mapping[str, float]],
        decisions: Sequence[str | None],
    ) -> npt.NDArray[np.float64]:
        """The probability, per comment, that this site's moderators would remove it."""
        return _sigmoid(_logits(features(texts, scores, decisions, self.config), self.weights, self.bias))

    def correct(
        self, text: str, scores: Mapping[str, float] | None, decision: str | None, reasons: Sequence[str]
    ) -> Correction | None:
        """The corrected decision for one comment the engine decided, or None to keep the engine's."""
        if scores is None or decision not in ("allow", "hold"):
            return None  # a rejection, or a failure held without scores: never changed
        if (decision == "hold" and not self._relaxable(reasons)) or (
            decision == "allow" and self.hold_at > 1
        ):
            return None
        probability = float(self.probabilities([text], [scores], [decision])[0])
        if decision == "allow" and probability >= self.hold_at:
            return Correction("hold", probability)
        if decision == "hold" and probability < self.allow_below and self._relaxable(reasons):
            return Correction("allow", probability)
        return None

    def _relaxable(self, reasons: Sequence[str]) -> bool:
        return bool(reasons) and all(r in self.tolerated and r not in NEVER_RELAXED for r in reasons)

    # ---- storage (JSON only) -------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "fold_bits": FOLD_BITS,
            "features": {
                "char_bits": self.config.char_bits,
                "word_bits": self.config.word_bits,
                "min_n": self.config.min_n,
                "max_n": self.config.max_n,
            },
            "bias": self.bias,
            "weights_f32_base64": base64.b64encode(self.weights.astype("<f4").tobytes()).decode("ascii"),
            "hold_at": self.hold_at,
            "allow_below": self.allow_below,
            "tolerated": list(self.tolerated),
            "report": self.report,
        }

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> SiteModel:
        """Read a stored model; raises ValueError when it is not one this code can use."""
        try:
            if doc["format"] != FORMAT or doc["fold_bits"] != FOLD_BITS:
                raise ValueError("site model: stored in another format; retrain it")
            raw = base64.b64decode(doc["weights_f32_base64"], validate=True)
            weights = np.frombuffer(raw, dtype="<f4").astype(np.float64)
            if weights.shape != (N_FEATURES,) or not np.isfinite(weights).all():
                raise ValueError("site model: weights have the wrong size")
            feat = doc["features"]
            config = FeatureConfig(
                int(feat["char_bits"]), int(feat["word_bits"]), int(feat["min_n"]), int(feat["max_n"])
            )
            return cls(
                weights=weights,
                bias=float(doc["bias"]),
                hold_at=float(doc["hold_at"]),
                allow_below=float(doc["allow_below"]),
                tolerated=[str(c) for c in doc["tolerated"]],
                config=config,
                report=dict(doc.get("report") or {}),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"site model: unreadable ({error})") from error


def _corrected_stops(
    probabilities: npt.NDArray[np.float64],
    decisions: Sequence[str],
    relaxable: Sequence[bool],
    hold_at: float,
    allow_below: float,
) -> list[bool]:
    stopped = []
    for p, decision, relax in zip(probabilities, decisions, relaxable, strict=True):
        if decision == "allow":
            stopped.append(bool(p >= hold_at))
        elif decision == "hold" and relax:
            stopped.append(bool(p >= allow_below))
        else:
            stopped.append(decision != "allow")
    return stopped


@dataclass(frozen=True)
class Training:
    """The result of training: the model (None when it does not help) and what was measured."""

    model: SiteModel | None
    decisions: int
    removals: int
    enough: bool
    before: Rates | None = None
    after: Rates | None = None
    hold_at: float = 1.01
    allow_below: float = 0.0
    tolerated: tuple[str, ...] = ()


def train(
    labels: Sequence[LabeledComment],
    policy: PolicyConfig,
    min_decisions: int,
    max_recall_loss: float = 0.05,
) -> Training:
    """Fit the site model, choosing its regularisation and cut-offs by cross-validation on the history.

    The cut-offs maximise F1 of the corrected decisions on held-out folds, among those that lose at most
    `max_recall_loss` of the engine's recall; the model is returned only when that F1 beats the engine's.
    """
    removed = [item.label in REMOVED for item in labels]
    n_removed = sum(removed)
    enough = len(labels) >= min_decisions and n_removed >= MIN_POSITIVES and n_removed < len(labels)
    if not enough:
        return Training(None, len(labels), n_removed, False)
    config = FeatureConfig()
    decisions = [_decision_of(item.engine_decision) for item in labels]
    x = features([i.text for i in labels], [i.scores for i in labels], decisions, config)
    y = np.array(removed, dtype=np.float64)
    tolerated = tolerated_categories(labels, policy)
    relaxable = [
        bool(reasons) and all(r in tolerated for r in reasons)
        for reasons in (stopping_categories(item.scores, policy) for item in labels)
    ]
    folds = np.arange(len(labels)) % FOLDS
    engine = rates([d != "allow" for d in decisions], removed)
    best: tuple[Rates, float, float, float] | None = None  # held-out rates, l2, hold_at, allow_below
    for l2 in REGULARISATION:
        held_out = np.zeros(len(labels))
        for fold in range(FOLDS):
            train_rows, test_rows = np.flatnonzero(folds != fold), np.flatnonzero(folds == fold)
            w, b = fit(_rows(x, train_rows), y[train_rows], l2)
            held_out[test_rows] = _sigmoid(_logits(_rows(x, test_rows), w, b))
        for hold_at in HOLD_GRID:
            for allow_below in ALLOW_GRID:
                after = rates(_corrected_stops(held_out, decisions, relaxable, hold_at, allow_below), removed)
                if after.recall < engine.recall - max_recall_loss - 1e-9:
                    continue
                if best is None or after.f1 > best[0].f1 + 1e-9:
                    best = (after, l2, hold_at, allow_below)
    if best is None or best[0].f1 <= engine.f1 + 1e-9 or (best[2] > 1.0 and best[3] == 0.0):
        return Training(None, len(labels), n_removed, True, engine, engine, tolerated=tuple(tolerated))
    after, l2, hold_at, allow_below = best
    weights, bias = fit(x, y, l2)
    report = {
        "decisions": len(labels),
        "removals": n_removed,
        "l2": l2,
        "before": engine.as_dict(),
        "after": after.as_dict(),
    }
    model = SiteModel(weights, bias, hold_at, allow_below, tolerated, config, report)
    return Training(
        model, len(labels), n_removed, True, engine, after, hold_at, allow_below, tuple(tolerated)
    )


def _rows(x: Features, rows: npt.NDArray[np.int64]) -> Features:
    """The sub-batch of `rows` (renumbered 0..len(rows)-1)."""
    position = np.full(x.n_docs, -1, dtype=np.int64)
    position[rows] = np.arange(len(rows))
    keep = position[x.doc] >= 0
    return Features(position[x.doc[keep]], x.column[keep], x.value[keep], x.dense[rows])
