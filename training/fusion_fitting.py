"""Fitting the stacked fusion: the weighted logistic regression per category, the map that puts 0.5 at the
target precision at the reference share, the cross-fitting behind every reported figure, the JSON that
ships as models/fusion.json, and the spam what-if's cross-fitted threshold.

The rows come from `training.fusion_features`; the figures are measured by `training.fusion_evaluation`;
`training.fit_fusion` runs it all from the command line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression

from training.datasets import Example
from training.fusion_evaluation import systems
from training.fusion_features import (
    FEATURE_SETS,
    FOLDS,
    MODELLED,
    Collected,
    Rows,
    category_rows,
    folds_of,
    labelled,
)
from training.fusion_report import spam_what_if

C = 1.0  # inverse L2 strength; the features are few and on unit scales


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
