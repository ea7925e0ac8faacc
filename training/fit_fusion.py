"""Fit the engine's stacked fusion (`civility.moderation.stacking`) on the held-out dev split.

    .venv/bin/python -m training.fit_fusion [--data ../shared/data] [--share 0.3] [--target 0.8]

1. Runs the default engine's detectors over the dev split (the rows the learned tier was not trained on;
   `training.split`) and reads, with the fusion phase's own code, the stacker's features per category
   (`FusionPhase.stack_features`), the hand-written fused score and what the policy guards read.
2. Per category, fits an L2 logistic regression of "is in the category" (label >= 0.5) on the features
   named in `FEATURE_SETS`, positives re-weighted to a common reference share (`--share`, 0.3 as for the
   learned tier's Platt step).
3. Per category, a monotone map of the probability to the score: 0 stays 0, 1 stays 1, and 0.5 goes to
   the lowest cross-fitted probability at which everything scored at or above it is in the category with
   precision `--target` at the reference share (never below 0.5). Precision depends on prevalence, so a
   common reference share is the only way one threshold can mean the same precision in every category.
4. Writes `src/civility/moderation/models/fusion.json` (features, weights, intercept, map per category,
   provenance) and `training/fusion_metrics.json`, and prints a markdown table: learned tier alone,
   hand-written fusion, stacked fusion (guards included), on
   * the dev rows, cross-fitted over five folds grouped by near-duplicate key (each row scored by a model
     and a map fitted without its fold);
   * the whole sources held out of the learned tier's second run (`training.split.HELDOUT_SOURCES`), all
     three systems reading a learned tier trained without them (`heldout_learned`, cached in
     build/heldout_learned/, never shipped): how the engine does on a site it has never seen.
   With `--fit-on-heldout` those sources' rows are training rows too (each then evaluated by leaving its
   source out); measured, it did not help on them and cost dev discourtesy AP 0.05, so it is off.
   Two more tables (`training.fusion_report`): where the flags at 0.5 come from (the model, or the rule
   floor alone; and all flags on the rows with a confident label), and what a spam map putting 0.5 at
   the target precision would cost on comments that are not spam.

Spam and doxing keep the hand-written fusion (see `MODELLED`). The policy guards
(`phases.fusion.guarded`) apply on top of the stacker at run time and in every figure here.
"""

from __future__ import annotations

import argparse
import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, roc_auc_score

from civility.moderation.calibration import Calibration
from civility.moderation.categories import Category
from civility.moderation.detector import Detector
from civility.moderation.detectors.learned import LearnedDetector, LearnedModel
from civility.moderation.engine import ModerationEngine
from civility.moderation.phases import DetectionPhase, FusionPhase, NormalizationPhase, PrerequisitesPhase
from civility.moderation.phases.fusion import guard_reason, guarded
from civility.moderation.pipeline import ModerationContext, ModerationState
from civility.moderation.policy_config import PolicyConfig
from civility.moderation.stacking import FEATURES
from training.datasets import CATEGORIES, Example, load_all, spam_negatives_from
from training.fusion_report import flag_sources, precision_at_share, sources_table, spam_table, spam_what_if
from training.split import HELDOUT_SOURCES, group_key, split
from training.train import SEED

REPO = Path(__file__).resolve().parent.parent
MODELS = REPO / "src" / "civility" / "moderation" / "models"
THRESHOLD = 0.5
FOLDS = 5
C = 1.0  # inverse L2 strength; the features are few and on unit scales
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


def share_weights(y: npt.NDArray[np.int64], share: float) -> npt.NDArray[np.float64]:
    """Sample weights that make positives `share` of the total weight (mean weight 1)."""
    pos = max(1.0, float(y.sum()))
    neg = max(1.0, float(len(y) - y.sum()))
    w = np.where(y == 1, share / pos, (1.0 - share) / neg)
    return np.asarray(w * len(y), dtype=np.float64)


def fit_lr(X: npt.NDArray[np.float64], y: npt.NDArray[np.int64], share: float) -> LogisticRegression:
    model = LogisticRegression(C=C, max_iter=2000)
    model.fit(X, y, sample_weight=share_weights(y, share))
    return model


def threshold_for(p: npt.NDArray[np.float64], y: npt.NDArray[np.int64], share: float, target: float) -> float:
    """The lowest probability t such that every t' >= t keeps precision at the share >= target (a
    monotone envelope, so a noisy dip does not pick a threshold below a worse region)."""
    order = np.argsort(-p, kind="stable")
    ys, ps = y[order], p[order]
    pos, neg = max(1.0, float(y.sum())), max(1.0, float(len(y) - y.sum()))
    tp = np.cumsum(ys == 1) / pos
    fp = np.cumsum(ys == 0) / neg
    prec = share * tp / np.maximum(1e-12, share * tp + (1 - share) * fp)
    # only distinct probability values are valid cut points: the last index of each run of ties
    last = np.r_[ps[1:] != ps[:-1], True]
    ok = (prec >= target) & last
    # running "all cut points from the top down to here are fine" would be too strict at the very top
    # (one early negative); require the cumulative precision, which is what a threshold gives
    if not ok.any():
        return float(ps[0]) + 1e-6
    idx = np.nonzero(ok)[0][-1]
    return float(ps[idx])


def score_map(t: float) -> tuple[list[float], list[float]]:
    """Knots: 0 -> 0, t -> 0.5, 1 -> 1 (linear in between). t is never below 0.5: a comment whose
    probability of being in the category (at the reference share) is below one half is never flagged,
    even where the precision target would allow it (spam, whose dev rows are easy)."""
    t = min(0.999, max(0.5, t))
    return [0.0, round(t, 6), 1.0], [0.0, 0.5, 1.0]


def measure(y: npt.NDArray[np.int64], p: npt.NDArray[np.float64], share: float) -> dict[str, float]:
    """AUC, AP, precision/recall at 0.5 (natural), and precision at 0.5 re-weighted to the share."""
    flagged = p >= THRESHOLD
    tp = float((flagged & (y == 1)).sum())
    both = 0 < y.sum() < len(y)
    return {
        "auc": float(roc_auc_score(y, p)) if both else float("nan"),
        "ap": float(average_precision_score(y, p)) if both else float("nan"),
        "p": tp / float(flagged.sum()) if flagged.sum() else float("nan"),
        "r": tp / max(1.0, float(y.sum())),
        "p_share": precision_at_share(y, flagged, share),
    }


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


def cross_fitted(rows: Rows, share: float) -> npt.NDArray[np.float64]:
    """Out-of-fold probabilities: each fold scored by a model fitted on the other folds."""
    out = np.zeros(len(rows.y))
    for k in range(FOLDS):
        held = rows.folds == k
        if held.any():
            out[held] = fit_lr(rows.X[~held], rows.y[~held], share).predict_proba(rows.X[held])[:, 1]
    return out


def fit_map(rows: Rows, share: float, target: float) -> tuple[list[float], list[float]]:
    return score_map(threshold_for(cross_fitted(rows, share), rows.y, share, target))


@dataclass(slots=True)
class Fitted:
    """One category's final model, its map, and the cross-fitted figures."""

    model: LogisticRegression
    kx: list[float]
    ky: list[float]
    report: dict[str, object]


def systems(
    rows: Rows, stacked: npt.NDArray[np.float64], decided: npt.NDArray[np.float64], share: float
) -> dict[str, object]:
    return {
        "n": len(rows.y),
        "pos": int(rows.y.sum()),
        "learned": measure(rows.y, rows.learned, share),
        "hand_written": measure(rows.y, rows.hand, share),
        "stacked": measure(rows.y, stacked, share),
        "flags": flag_sources(rows.y, rows.label, stacked, decided, share),
    }


def fit_category(rows: Rows, share: float, target: float, fit_on_heldout: bool = False) -> Fitted:
    """Fit on the dev rows (and, with `fit_on_heldout`, the held-out sources' rows too); report the dev
    rows cross-fitted by fold and every held-out source scored by a model (and map) fitted without any
    row of it."""
    report: dict[str, object] = {}
    dev = ~rows.out_of_source
    allowed = np.ones(len(rows.y), dtype=bool) if fit_on_heldout else dev
    stacked, decided = np.zeros(len(rows.y)), np.zeros(len(rows.y))
    for k in range(FOLDS):
        held = rows.folds == k
        train = rows[~held & allowed]
        kx, ky = fit_map(train, share, target)
        stacked[held], decided[held] = rows[held].guarded(fit_lr(train.X, train.y, share), kx, ky)
    report["dev_cross_fitted"] = systems(rows[dev], stacked[dev], decided[dev], share)
    unseen: dict[str, object] = {}
    for source in sorted(set(rows.source[rows.out_of_source].tolist())):
        test = rows[rows.out_of_source & (rows.source == source)]
        if test.y.sum() < 5 or test.y.sum() == len(test.y):
            continue
        train = rows[(rows.source != source) & allowed]
        kx, ky = fit_map(train, share, target)
        unseen[source] = systems(test, *test.guarded(fit_lr(train.X, train.y, share), kx, ky), share)
    report["unseen_sources"] = unseen
    final = rows[allowed]
    kx, ky = fit_map(final, share, target)
    return Fitted(fit_lr(final.X, final.y, share), kx, ky, report)


def payload(
    fitted: dict[str, Fitted], share: float, target: float, rows: dict[str, int]
) -> dict[str, object]:
    """The JSON shipped as models/fusion.json."""
    return {
        "format": 1,
        "categories": {
            category: {
                "features": list(FEATURE_SETS[category]),
                "weights": [round(float(w), 6) for w in f.model.coef_[0]],
                "intercept": round(float(f.model.intercept_[0]), 6),
                "map": {"x": f.kx, "y": f.ky},
            }
            for category, f in fitted.items()
        },
        "provenance": {
            "method": "L2 logistic regression per category (stacked fusion) on the dev split; 0.5 at a "
            "common cross-fitted precision at the reference share",
            "reference_positive_share": share,
            "target_precision_at_share": target,
            "C": C,
            "rows": rows,
            "script": "training/fit_fusion.py",
        },
    }


def fit_all(
    dev: Sequence[Example],
    dev_collected: Collected,
    oos: Sequence[Example],
    oos_collected: Collected,
    share: float,
    target: float,
    min_positives: int,
    fit_on_heldout: bool = False,
) -> tuple[dict[str, Fitted], dict[str, object]]:
    fitted: dict[str, Fitted] = {}
    report: dict[str, object] = {}
    for category in MODELLED:
        rows = Rows.concat(
            category_rows(dev, dev_collected, category, False),
            category_rows(oos, oos_collected, category, True),
        )
        if rows.y.sum() < min_positives:
            report[category] = {"note": f"hand-written fusion: fewer than {min_positives} positives"}
            continue
        fitted[category] = fit_category(rows, share, target, fit_on_heldout)
        report[category] = fitted[category].report
    return fitted, report


def heldout_learned(data: Path, out_dir: Path, retrain: bool = False) -> Path:
    """Train the learned tier without the held-out sources (`training.split.HELDOUT_SOURCES`), as the
    training run's second run does, and write it to `out_dir` (not shipped; used only to score those
    sources as a new site's comments). An existing one is reused unless `retrain`."""
    if not retrain and (out_dir / "learned.json").is_file() and (out_dir / "learned.npz").is_file():
        return out_dir
    from civility.moderation.detectors.learned_features import FeatureConfig
    from training import train
    from training.synthetic import generate

    config = FeatureConfig()
    examples = load_all(data, SEED) + generate(SEED, data)
    spam_negatives_from(examples, SEED)
    X = train.matrix(train.normalised_texts(examples), [ex.text for ex in examples], config)
    position = {id(ex): i for i, ex in enumerate(examples)}
    training_rows, dev, fairness = split(examples)
    seen = [ex for ex in [*training_rows, *fairness] if ex.source not in HELDOUT_SOURCES]
    models = train.train_models(X[[position[id(ex)] for ex in seen]], seen)
    dev_seen = [ex for ex in dev if ex.source not in HELDOUT_SOURCES]
    train.calibrate(X[[position[id(ex)] for ex in dev_seen]], dev_seen, models)
    train.export(models, config, out_dir, {"seed": SEED, "heldout_sources": list(HELDOUT_SOURCES)})
    return out_dir


def run(
    data: Path,
    share: float,
    target: float,
    min_positives: int,
    out: Path,
    metrics_path: Path,
    cache: Path,
    retrain: bool = False,
    fit_on_heldout: bool = False,
) -> dict[str, object]:
    examples = load_all(data, SEED)
    spam_negatives_from(examples, SEED)
    _, dev, _ = split(examples)
    oos = [ex for ex in examples if ex.source in HELDOUT_SOURCES]
    dev_collected = collect([ex.text for ex in dev])
    engine = ModerationEngine.load()
    held = LearnedDetector(
        model=LearnedModel.load(heldout_learned(data, cache, retrain)), evidence_threshold=0.45
    )
    detectors = [held if d.name == "learned" else d for d in engine.detectors]
    oos_collected = collect([ex.text for ex in oos], detectors)
    fitted, report = fit_all(
        dev, dev_collected, oos, oos_collected, share, target, min_positives, fit_on_heldout
    )
    report[SPAM_WHAT_IF] = spam_report(dev, dev_collected, oos, oos_collected, share, target)
    doc = payload(fitted, share, target, {"dev": len(dev), "held_out_sources": len(oos)})
    out.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    metrics_path.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return report


SPAM_WHAT_IF = "spam_what_if"
"""The report's key for `spam_report` (not a category: `table` and `sources_table` skip it)."""


def spam_report(
    dev: Sequence[Example],
    dev_collected: Collected,
    oos: Sequence[Example],
    oos_collected: Collected,
    share: float,
    target: float,
) -> dict[str, dict[str, object]]:
    """Spam keeps the hand-written fusion and its calibration map (which never raises a score); what a
    map putting 0.5 at the target precision at the share would do (`fusion_report.spam_what_if`): the
    threshold is fitted on the dev rows, cross-fitted by fold, and applied to every unseen source."""
    idx, y = labelled(dev, "spam")
    score = dev_collected.hand["spam"][idx]
    folds = folds_of([dev[i].text for i in idx])
    per_row = np.zeros(len(y))
    for k in range(FOLDS):
        held = folds == k
        per_row[held] = threshold_for(score[~held], y[~held], share, target)
    sets: dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.float64] | float]]
    sets = {"dev (cross-fitted)": (y, score, per_row)}
    everywhere = threshold_for(score, y, share, target)
    oos_idx, oos_y = labelled(oos, "spam")
    sources = np.array([oos[i].source for i in oos_idx], dtype=np.str_)
    for source in sorted(set(sources.tolist())):
        keep = sources == source
        sets[f"unseen: {source}"] = (oos_y[keep], oos_collected.hand["spam"][oos_idx[keep]], everywhere)
    return spam_what_if(sets, share)


def table(report: dict[str, object]) -> str:
    lines = [
        "| category | rows | n / pos | system | AUC | AP | P@0.5 | R@0.5 | P@0.5 at share |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for category, entry in report.items():
        assert isinstance(entry, dict)
        if category == SPAM_WHAT_IF:
            continue
        if "note" in entry:
            lines.append(f"| {category} | | | {entry['note']} | | | | | |")
            continue
        sets = {"dev (cross-fitted)": entry["dev_cross_fitted"]}
        sets.update({f"unseen: {k}": v for k, v in entry["unseen_sources"].items()})
        for name, block in sets.items():
            for system, label in (
                ("learned", "learned tier"),
                ("hand_written", "old engine"),
                ("stacked", "new engine"),
            ):
                m = block[system]
                lines.append(
                    f"| {category} | {name} | {block['n']} / {block['pos']} | {label} | {m['auc']:.3f} | "
                    f"{m['ap']:.3f} | {m['p']:.3f} | {m['r']:.3f} | {m['p_share']:.3f} |"
                )
    return "\n".join(lines)


def tables(report: dict[str, object]) -> str:
    """`table`, then where the flags at 0.5 come from and the spam what-if (`training.fusion_report`)."""
    parts = [table(report), "", sources_table(report)]
    spam = report.get(SPAM_WHAT_IF)
    if isinstance(spam, dict):
        parts += ["", spam_table(spam)]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.fit_fusion", description=__doc__)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--share", type=float, default=0.3, help="reference share of positives")
    parser.add_argument("--target", type=float, default=0.8, help="precision at 0.5 at the share")
    parser.add_argument("--min-positives", type=int, default=25)
    parser.add_argument("--out", type=Path, default=MODELS / "fusion.json")
    parser.add_argument("--metrics", type=Path, default=REPO / "training" / "fusion_metrics.json")
    parser.add_argument(
        "--cache", type=Path, default=REPO / "build" / "heldout_learned", help="the held-out learned tier"
    )
    parser.add_argument(
        "--retrain-heldout", action="store_true", help="retrain the held-out learned tier even if cached"
    )
    parser.add_argument(
        "--fit-on-heldout",
        action="store_true",
        help="also fit on the held-out sources (scored by the held-out learned tier); evaluated by "
        "leaving each source out",
    )
    args = parser.parse_args(argv)
    if not 0.0 < args.share < 1.0:
        parser.error("--share: must be between 0 and 1")
    if not 0.0 < args.target < 1.0:
        parser.error("--target: must be between 0 and 1")
    if not (args.data / "README.md").is_file():
        parser.error(f"--data: {args.data} is not the shared data folder (no README.md)")
    report = run(
        args.data,
        args.share,
        args.target,
        args.min_positives,
        args.out,
        args.metrics,
        args.cache,
        args.retrain_heldout,
        args.fit_on_heldout,
    )
    print(tables(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
