"""The stacked fusion's training rows: which categories are modelled and on which features, the features
read from the engine with the fusion phase's own code, and each category's labelled rows with their folds.

Used by `training.fit_fusion` (the command line) and `training.fusion_fitting`; the features themselves are
defined by `civility.moderation.stacking.FEATURES` and computed by `FusionPhase.stack_features`.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression

from civility.moderation.calibration import Calibration
from civility.moderation.categories import Category
from civility.moderation.detector import Detector
from civility.moderation.engine import ModerationEngine
from civility.moderation.phases import DetectionPhase, FusionPhase, NormalizationPhase, PrerequisitesPhase
from civility.moderation.phases.fusion import guard_reason, guarded
from civility.moderation.pipeline import ModerationContext, ModerationState
from civility.moderation.policy_config import PolicyConfig
from civility.moderation.stacking import FEATURES
from training.datasets import CATEGORIES, Example
from training.split import group_key

# cross-fitting folds, assigned by near-duplicate key (`folds_of`) so that no near-duplicate of a scored
# row is in the rows that fitted its model
FOLDS = 5
# Spam keeps the hand-written fusion: on the one spam source never seen in training (YouTube) it ranks
# better than the learned tier and than a stacker (docs/moderation-benchmarks.md), and a stacker fitted on
# dev plus that source raises short pleasantries and bare promotions ("Buy from ACME corp today").
MODELLED = ("violence", "hate", "profanity", "vulgarity", "discourtesy")
# The features each category's model uses, chosen by cross-fitted dev AUC/AP (docs/moderation-benchmarks.md):
# where the rules and the context add nothing the learned tier does not know (violence, vulgarity with 31
# dev positives), the model is kept to the learned score and the rule score.
FEATURE_SETS: dict[str, tuple[str, ...]] = {
    "violence": ("learned", "rule", "rule_found"),
    "hate": (
        "learned",
        "old",
        "rule",
        "rule_found",
        "rule_spans",
        "explained",
        "learned_explained",
        "det:lexicon",
        "det:hate_rules",
        "counter",
        "denied",
        "quoted",
        "self_identity",
        "identity_evidence",
    ),
    "profanity": (
        "learned",
        "old",
        "rule",
        "rule_found",
        "rule_spans",
        "explained",
        "learned_explained",
        "det:lexicon",
        "quoted",
        "addressee",
    ),
    "vulgarity": ("learned", "rule", "rule_found"),
    "discourtesy": (
        "learned",
        "old",
        "rule",
        "rule_found",
        "rule_spans",
        "explained",
        "learned_explained",
        "det:lexicon",
        "addressee",
        "quoted",
    ),
}


@dataclass(slots=True)
class Collected:
    """Per category: every feature (rows x `FEATURES`), the hand-written score, the learned score, and
    what the fusion phase's guards read (why the context check discounted the learned score; the rule
    score)."""

    X: dict[str, npt.NDArray[np.float64]]
    hand: dict[str, npt.NDArray[np.float64]]
    learned: dict[str, npt.NDArray[np.float64]]
    reason: dict[str, npt.NDArray[np.object_]]
    rule: dict[str, npt.NDArray[np.float64]]


def columns(X: npt.NDArray[np.float64], category: str) -> npt.NDArray[np.float64]:
    """The columns of a collected matrix that `category`'s model uses."""
    return X[:, [FEATURES.index(name) for name in FEATURE_SETS[category]]]


def collect(rows: Sequence[str], detectors: Sequence[Detector] | None = None) -> Collected:
    """Run the detectors over `rows` and read the stacker's features with the fusion phase's code."""
    engine = ModerationEngine.load()
    detectors = tuple(detectors) if detectors is not None else engine.detectors
    phases: list[PrerequisitesPhase | NormalizationPhase | DetectionPhase] = [
        PrerequisitesPhase(engine.max_length),
        NormalizationPhase(),
        DetectionPhase(detectors, engine.clock, engine.cpu_clock),
    ]
    fusion = FusionPhase(detectors, Calibration(engine.calibration.maps, None))
    policy = PolicyConfig()
    X = {c: np.zeros((len(rows), len(FEATURES))) for c in CATEGORIES}
    hand = {c: np.zeros(len(rows)) for c in CATEGORIES}
    learned = {c: np.zeros(len(rows)) for c in CATEGORIES}
    reason = {c: np.full(len(rows), "", dtype=object) for c in CATEGORIES}
    rule = {c: np.zeros(len(rows)) for c in CATEGORIES}
    for i in range(0, len(rows), 256):
        states = [
            ModerationState(text=text, policy=policy, context=ModerationContext())
            for text in rows[i : i + 256]
        ]
        live = states
        for phase in phases:
            live = [s for s in live if not s.final]
            phase.run_batch(live)
        for j, state in enumerate(states):
            if state.final or state.normalized is None:
                continue
            inputs = fusion.inputs(state)
            values = fusion.stack_features(state, inputs)
            for c in CATEGORIES:
                category = Category(c)
                hand[c][i + j] = fusion.hand_written(inputs, category)
                reason[c][i + j] = guard_reason(inputs, category) or ""
                rule[c][i + j] = inputs.rules.get(category, 0.0)
                if category in values:
                    learned[c][i + j] = inputs.learned[category] if inputs.learned else 0.0
                    X[c][i + j] = [values[category].get(name, 0.0) for name in FEATURES]
    return Collected(X, hand, learned, reason, rule)


def folds_of(texts: Sequence[str]) -> npt.NDArray[np.int64]:
    return np.array([zlib.crc32(group_key(t).encode()) % FOLDS for t in texts], dtype=np.int64)


def labelled(rows: Sequence[Example], category: str) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    idx = np.array([i for i, ex in enumerate(rows) if category in ex.labels], dtype=np.int64)
    y = np.array([rows[i].labels[category] >= 0.5 for i in idx], dtype=np.int64)
    return idx, y


def with_guards(
    score: npt.NDArray[np.float64],
    hand: npt.NDArray[np.float64],
    reason: npt.NDArray[np.object_],
    rule: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """The fusion phase's policy guards (`phases.fusion.guarded`, the same code), row by row."""
    return np.array(
        [
            guarded(float(s), float(h), str(r) or None, float(u))
            for s, h, r, u in zip(score, hand, reason, rule, strict=True)
        ],
        dtype=np.float64,
    )


@dataclass(slots=True)
class Rows:
    """One category's labelled rows: the model's features, the label, and what the report needs."""

    X: npt.NDArray[np.float64]
    y: npt.NDArray[np.int64]
    hand: npt.NDArray[np.float64]
    learned: npt.NDArray[np.float64]
    reason: npt.NDArray[np.object_]
    rule: npt.NDArray[np.float64]
    folds: npt.NDArray[np.int64]
    source: npt.NDArray[np.str_]
    out_of_source: npt.NDArray[np.bool_]  # scored by the learned tier trained without the row's source
    label: npt.NDArray[np.float64]  # the soft label (y is label >= 0.5), for the report's confident rows

    def __getitem__(self, keep: npt.NDArray[np.bool_]) -> Rows:
        return Rows(*(getattr(self, name)[keep] for name in Rows.__slots__))

    @staticmethod
    def concat(a: Rows, b: Rows) -> Rows:
        return Rows(*(np.concatenate([getattr(a, n), getattr(b, n)]) for n in Rows.__slots__))

    def stacked(self, model: LogisticRegression, kx: list[float], ky: list[float]) -> npt.NDArray[np.float64]:
        """What the fusion phase returns for these rows (map and guards included)."""
        return self.guarded(model, kx, ky)[0]

    def guarded(
        self, model: LogisticRegression, kx: list[float], ky: list[float]
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """`stacked`, and the same without the rule floor (what the model decides; `fusion_report`)."""
        p = np.asarray(np.interp(model.predict_proba(self.X)[:, 1], kx, ky), dtype=np.float64)
        unfloored = with_guards(p, self.hand, self.reason, np.zeros_like(self.rule))
        return with_guards(p, self.hand, self.reason, self.rule), unfloored


def category_rows(examples: Sequence[Example], collected: Collected, category: str, oos: bool) -> Rows:
    idx = np.array([i for i, ex in enumerate(examples) if category in ex.labels], dtype=np.int64)
    y = np.array([examples[i].labels[category] >= 0.5 for i in idx], dtype=np.int64)
    texts = [examples[i].text for i in idx]
    return Rows(
        columns(collected.X[category][idx], category),
        y,
        collected.hand[category][idx],
        collected.learned[category][idx],
        collected.reason[category][idx],
        collected.rule[category][idx],
        folds_of(texts),
        np.array([examples[i].source for i in idx], dtype=np.str_),
        np.full(len(idx), oos, dtype=bool),
        np.array([examples[i].labels[category] for i in idx], dtype=np.float64),
    )
