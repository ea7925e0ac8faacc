"""Stacked fusion: per category, a small logistic model over what the detectors and the context found.

The hand-written fusion (`phases.fusion`: context check, damped noisy-OR) ranks comments worse than the
learned tier alone on held-out rows, because its fixed discounts and rule scores do not weigh the evidence
the way the data does. The stacker learns those weights instead, per category, from a few features of
one comment (`FEATURES`): the learned tier's probability (as a logit), each rule detector's score, whether
the rules found the category, how many words they marked, the context facts (news language, an idiom, a
negated threat, counter-speech, a denied generalisation, medicine, a quotation, the reader's own identity,
an addressee), whether the hand-written context check explains the learned score away, and the
hand-written fused score itself. It is fitted by `training/fit_fusion.py` on the dev split (rows the
learned tier never saw), with positives re-weighted to a common reference share, and shipped as JSON
coefficients (`models/fusion.json`); no pickle, a dot product of about fifteen numbers per category.

The stacker's probability then goes through a per-category monotone map (knots in the same JSON) that
puts 0.5 where the cross-fitted precision of everything scored at or above it, at the reference share,
reaches the same target in every category: one threshold, about the same precision everywhere.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np
import numpy.typing as npt

from civility.moderation.calibration import PiecewiseLinear
from civility.moderation.categories import Category

FEATURES: tuple[str, ...] = (
    "learned",  # logit of the learned tier's probability
    "old",  # logit of the hand-written fused score (before calibration)
    "rule",  # the strongest rule score in the category
    "rule_found",  # 1 when that score is at least RULES_FOUND
    "rule_spans",  # words the rules marked in the category (at most 3)
    "explained",  # 1 when the context check explains the learned score away
    "learned_explained",  # learned x explained
    "identity_evidence",  # share of the learned tier's evidence words that are identity/function words
    "det:lexicon",
    "det:violence_rules",
    "det:hate_rules",
    "det:spam",
    "news",
    "idiom",
    "negated",
    "counter",
    "denied",
    "medical",
    "quoted",
    "self_identity",
    "addressee",
)
"""Every feature the stacker may use; a category's model names the subset it was fitted with."""

COLUMNS: dict[str, int] = {name: i for i, name in enumerate(FEATURES)}
"""Each feature's column in a feature row (`feature_row`), in `FEATURES` order."""
FACTS: tuple[str, ...] = FEATURES[FEATURES.index("news") :]
"""The context facts, the last columns of a feature row (computed once per comment by the fusion phase)."""

BUILTIN_DETECTORS = frozenset({"lexicon", "violence_rules", "hate_rules", "doxing", "spam", "learned"})
"""The detectors the stacker was fitted on; a site's extra detectors are combined after it."""

_LOGIT_CLIP = 1e-3


def logit(p: float) -> float:
    """log(p / (1 - p)) with p clipped to [0.001, 0.999]."""
    p = min(1.0 - _LOGIT_CLIP, max(_LOGIT_CLIP, p))
    return math.log(p / (1.0 - p))


@dataclass(frozen=True, slots=True)
class CategoryStack:
    """One category's logistic model (over named features) and its score map."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    intercept: float
    score_map: PiecewiseLinear

    def probability(self, values: Mapping[str, float]) -> float:
        z = self.intercept
        for name, weight in zip(self.features, self.weights, strict=True):
            z += weight * values.get(name, 0.0)
        return _sigmoid(z)

    def score(self, values: Mapping[str, float]) -> float:
        return min(1.0, max(0.0, self.score_map(self.probability(values))))

    def row_weights(self) -> tuple[tuple[int, float], ...]:
        """(column in a feature row, weight) of each feature the model reads, in the model's order."""
        pairs = zip(self.features, self.weights, strict=True)
        return tuple((COLUMNS[name], weight) for name, weight in pairs)

    def logit_of_row(self, weights: Sequence[tuple[int, float]], row: Sequence[float]) -> float:
        """The model's linear score of one feature row (`feature_row`); `weights` is `row_weights()`."""
        z = self.intercept
        for column, weight in weights:
            z += weight * row[column]
        return z

    def logits_of_rows(
        self, weights: Sequence[tuple[int, float]], rows: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.float64]:
        """`logit_of_row` of every row of a matrix at once. The terms are added one column at a time, in
        the same order as the scalar sum, so every result is bit-for-bit the scalar one (a BLAS product
        would sum in another order and differ in the last bits between a batch and a single comment)."""
        z = np.full(rows.shape[0], self.intercept)
        for column, weight in weights:
            z += weight * rows[:, column]
        return z

    def score_of_logit(self, z: float) -> float:
        """The mapped score of a linear score: the probability through the category's score map."""
        return min(1.0, max(0.0, self.score_map(_sigmoid(z))))


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@dataclass(frozen=True, slots=True)
class StackedFusion:
    """The stacked models of the categories that have one (the others keep the hand-written fusion)."""

    categories: dict[Category, CategoryStack]

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> StackedFusion:
        raw = data.get("categories", {})
        if not isinstance(raw, dict):
            raise ValueError("fusion model: 'categories' must be an object")
        stacks: dict[Category, CategoryStack] = {}
        for name, entry in raw.items():
            features = tuple(str(f) for f in entry["features"])
            weights = tuple(float(w) for w in entry["weights"])
            unknown = set(features) - set(FEATURES)
            if unknown or len(features) != len(weights):
                raise ValueError(
                    f"fusion model for {name}: unknown features {sorted(unknown)} or bad weights"
                )
            xs = tuple(float(x) for x in entry["map"]["x"])
            ys = tuple(float(y) for y in entry["map"]["y"])
            if len(xs) != len(ys) or list(xs) != sorted(xs) or list(ys) != sorted(ys):
                raise ValueError(f"fusion model for {name}: map knots must be ascending and of equal length")
            stacks[Category(name)] = CategoryStack(
                features, weights, float(entry["intercept"]), PiecewiseLinear(xs, ys)
            )
        return cls(stacks)

    @classmethod
    def load_shipped(cls) -> StackedFusion | None:
        """The stacked fusion shipped in the package (`models/fusion.json`), or None without one."""
        path = resources.files("civility.moderation").joinpath("models", "fusion.json")
        if not path.is_file():
            return None
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))


def feature_values(
    category: Category,
    learned: float,
    old: float,
    detector_scores: Mapping[str, float],
    rule_spans: int,
    explained: bool,
    facts: Mapping[str, bool],
    rules_found: float,
) -> dict[str, float]:
    """The named features of one comment in one category (`FEATURES`), as the stacker reads them."""
    rule = max(
        (s for name, s in detector_scores.items() if name != "learned"),
        default=0.0,
    )
    z = logit(learned)
    values = {
        "learned": z,
        "old": logit(old),
        "rule": rule,
        "rule_found": 1.0 if rule >= rules_found else 0.0,
        "rule_spans": float(min(3, rule_spans)),
        "explained": 1.0 if explained else 0.0,
        "learned_explained": z if explained else 0.0,
    }
    for name, score in detector_scores.items():
        if name != "learned":
            values["det:" + name] = score
    for name, fact in facts.items():
        values[name] = 1.0 if fact else 0.0
    return values


def feature_row(
    learned: float,
    old: float,
    detector_scores: Mapping[str, float],
    rule_spans: int,
    explained: bool,
    identity_evidence: float,
    facts: Sequence[float],
    rules_found: float,
) -> list[float]:
    """`feature_values` plus "identity_evidence" as one row in `FEATURES` order (0.0 where the dict has no
    key), with `facts` the values of `FACTS` (1.0 or 0.0): what the fusion phase scores, without a dict."""
    if "learned" in detector_scores:
        rule = max((s for name, s in detector_scores.items() if name != "learned"), default=0.0)
    else:  # the same maximum, over the same values in the same order, without a generator
        rule = max(detector_scores.values(), default=0.0)
    z = logit(learned)
    get = detector_scores.get
    return [
        z,
        logit(old),
        rule,
        1.0 if rule >= rules_found else 0.0,
        float(min(3, rule_spans)),
        1.0 if explained else 0.0,
        z if explained else 0.0,
        identity_evidence,
        get("lexicon", 0.0),
        get("violence_rules", 0.0),
        get("hate_rules", 0.0),
        get("spam", 0.0),
        *facts,
    ]


def values_row(values: Mapping[str, float]) -> list[float]:
    """Named feature values as a row in `FEATURES` order (a missing name reads 0.0)."""
    return [values.get(name, 0.0) for name in FEATURES]


def fact_names() -> Sequence[str]:
    """The context facts among the features (computed once per comment by the fusion phase)."""
    return FACTS
