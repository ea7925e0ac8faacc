"""Fit the engine's per-category calibration of the FINAL fused score on the held-out dev splits.

    .venv/bin/python -m training.calibrate_fusion [--data ../shared/data] [--share 0.3]

Why: the fused score mixes rule scores (set by evidence strength) and the learned tier's Platt
probabilities after the context check, so the same number means different things per category. This
step runs the default engine with the identity calibration over the dev split (the rows the learned tier
was not trained on; `training.split`), and per category fits an isotonic regression from the raw fused
score to "is in the category" (label >= 0.5), with positives re-weighted to a common share (`--share`,
0.3 as for the learned tier's Platt step): at that prevalence a calibrated 0.5 means about half of what
is flagged is truly in the category, in every category. Precision depends on prevalence, so a common
reference share is the only way one threshold can mean the same precision everywhere.

The shipped map is min(raw, isotonic(raw)): it lowers a fused score where the dev rows say it is less
precise than it claims, and never raises one. Dev prevalences are far above a news site's (the dev
violence rows come mostly from hate-speech corpora), and an unconstrained map fitted there flagged 16.8%
of Impermium's non-insulting news comments as violence (1.5% before; `bench/moderation_functional.py
--fusion`); rule scores for clear cases are set as the precision of the rule and dev labels often disagree
with the policy there (Davidson's in-group slur use is "not hate", "go kill yourself" is "not violence").
The map is monotone, so it hardly changes the ranking (AUC/AP) of the fused score, only where 0.5 falls.
Categories with fewer than `--min-positives` dev positives keep the identity map (too few to fit).
The evaluation is cross-fitted: the map fitted on one half of dev (split by a stable hash of the text) is
measured on the other half, so the reported precision at 0.5 is not measured on the rows that fitted it.

Output: `src/civility/moderation/models/calibration.json` (knots per category, provenance) and
`training/calibration_metrics.json`; a markdown table on standard output. Deterministic: the same dev
split and engine give the same file.
"""

from __future__ import annotations

import argparse
import json
import zlib
from pathlib import Path

import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import average_precision_score, roc_auc_score

from civility.moderation.calibration import Calibration
from civility.moderation.categories import Category
from civility.moderation.engine import ModerationEngine
from civility.moderation.pipeline import ModerationContext, ModerationState
from civility.moderation.policy_config import PolicyConfig
from training.datasets import CATEGORIES, Example, load_all, spam_negatives_from
from training.split import split
from training.train import SEED

REPO = Path(__file__).resolve().parent.parent
MODELS = REPO / "src" / "civility" / "moderation" / "models"
THRESHOLD = 0.5


def raw_fused_scores(rows: list[Example]) -> np.ndarray:
    """The default engine's fused scores with the identity calibration: rows x CATEGORIES."""
    engine = ModerationEngine.load()
    engine.calibration = Calibration.identity()
    pipeline = engine._build_pipeline(engine.detectors)
    policy = PolicyConfig()
    out = np.zeros((len(rows), len(CATEGORIES)))
    for i in range(0, len(rows), 256):
        states = [
            ModerationState(text=ex.text, policy=policy, context=ModerationContext())
            for ex in rows[i : i + 256]
        ]
        pipeline.run_batch(states)
        for j, state in enumerate(states):
            for k, category in enumerate(CATEGORIES):
                out[i + j, k] = state.scores.get(Category(category), 0.0)
    return out


def share_weights(y: np.ndarray, share: float) -> np.ndarray:
    """Sample weights that make positives `share` of the total weight."""
    pos = max(1.0, float(y.sum()))
    neg = max(1.0, float(len(y) - y.sum()))
    return np.where(y == 1, share / pos, (1.0 - share) / neg)


def fit_map(x: np.ndarray, y: np.ndarray, share: float) -> tuple[list[float], list[float]]:
    """Isotonic fit of y on x at the reference share; the knots of the piecewise-linear map."""
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, increasing=True, out_of_bounds="clip")
    iso.fit(x, y, sample_weight=share_weights(y, share))
    xs = [round(float(v), 6) for v in iso.X_thresholds_]
    ys = [round(float(v), 6) for v in iso.y_thresholds_]
    knots: dict[float, float] = {}
    for xv, yv in zip(xs, ys, strict=True):
        knots[xv] = max(yv, knots.get(xv, 0.0))
    grid = np.union1d(np.round(np.linspace(0.0, 1.0, 101), 6), np.array(sorted(knots)))
    iso_at = np.interp(grid, sorted(knots), [knots[v] for v in sorted(knots)])
    # The map may lower a score, never raise it (module docstring: dev prevalence is not a news site's)
    capped = np.maximum.accumulate(np.minimum(grid, iso_at))
    kx, ky = [float(grid[0])], [round(float(capped[0]), 6)]
    for i in range(1, len(grid)):
        nxt = capped[i + 1] if i + 1 < len(grid) else None
        on_line = (
            nxt is not None
            and abs(
                (capped[i] - capped[i - 1]) * (grid[i + 1] - grid[i])
                - (nxt - capped[i]) * (grid[i] - grid[i - 1])
            )
            < 1e-9
        )
        if not on_line:
            kx.append(float(grid[i]))
            ky.append(round(float(capped[i]), 6))
    return kx, ky


def apply_map(kx: list[float], ky: list[float], x: np.ndarray) -> np.ndarray:
    mapped = np.interp(x, kx, ky)
    return np.where(x > 0.0, mapped, 0.0)


def measure(y: np.ndarray, p: np.ndarray, share: float) -> dict[str, float]:
    """AUC, AP, and precision/recall at 0.5: natural, and precision re-weighted to the reference share."""
    flagged = p >= THRESHOLD
    tp = float((flagged & (y == 1)).sum())
    fp = float((flagged & (y == 0)).sum())
    pos, neg = float(y.sum()), float(len(y) - y.sum())
    tpr, fpr = tp / max(1.0, pos), fp / max(1.0, neg)
    at_share = share * tpr / (share * tpr + (1 - share) * fpr) if tpr + fpr else float("nan")
    return {
        "auc": float(roc_auc_score(y, p)),
        "ap": float(average_precision_score(y, p)),
        "p": tp / (tp + fp) if tp + fp else float("nan"),
        "r": tpr,
        "p_share": at_share,
    }


def run(data: Path, share: float, min_positives: int, out: Path, metrics_path: Path) -> dict[str, object]:
    examples = load_all(data, SEED)
    spam_negatives_from(examples, SEED)
    _, dev, _ = split(examples)
    raw = raw_fused_scores(dev)
    half = np.array([zlib.crc32(ex.text.encode("utf-8")) % 2 for ex in dev])
    maps: dict[str, dict[str, list[float]]] = {}
    report: dict[str, object] = {}
    for k, category in enumerate(CATEGORIES):
        rows = np.array([i for i, ex in enumerate(dev) if category in ex.labels])
        y = np.array([dev[i].labels[category] >= 0.5 for i in rows], dtype=np.int64)
        x = raw[rows, k]
        entry: dict[str, object] = {"n": len(y), "pos": int(y.sum()), "raw": measure(y, x, share)}
        if y.sum() < min_positives:
            entry["note"] = f"identity: fewer than {min_positives} dev positives"
            report[category] = entry
            continue
        crossed = np.zeros_like(x)
        for side in (0, 1):
            fit_rows = half[rows] == side
            kx, ky = fit_map(x[fit_rows], y[fit_rows], share)
            crossed[~fit_rows] = apply_map(kx, ky, x[~fit_rows])
        entry["calibrated_cross_fitted"] = measure(y, crossed, share)
        kx, ky = fit_map(x, y, share)
        maps[category] = {"x": kx, "y": ky}
        report[category] = entry
    payload = {
        "categories": maps,
        "provenance": {
            "method": "isotonic regression of the fused score on dev labels >= 0.5",
            "reference_positive_share": share,
            "min_positives": min_positives,
            "dev_rows": len(dev),
            "script": "training/calibrate_fusion.py",
        },
    }
    out.write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    metrics_path.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return report


def table(report: dict[str, object]) -> str:
    lines = [
        "| category | dev n / pos | AUC | AP | P@0.5 before | R@0.5 before | P@0.5 after | R@0.5 after "
        "| P@0.5 at share, before | after |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for category, entry in report.items():
        assert isinstance(entry, dict)
        raw = entry["raw"]
        cal = entry.get("calibrated_cross_fitted", raw)
        lines.append(
            f"| {category} | {entry['n']} / {entry['pos']} | {raw['auc']:.3f} | {raw['ap']:.3f} | "
            f"{raw['p']:.3f} | {raw['r']:.3f} | {cal['p']:.3f} | {cal['r']:.3f} | "
            f"{raw['p_share']:.3f} | {cal['p_share']:.3f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.calibrate_fusion", description=__doc__)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--share", type=float, default=0.3, help="reference share of positives")
    parser.add_argument("--min-positives", type=int, default=100)
    parser.add_argument("--out", type=Path, default=MODELS / "calibration.json")
    parser.add_argument("--metrics", type=Path, default=REPO / "training" / "calibration_metrics.json")
    args = parser.parse_args(argv)
    if not 0.0 < args.share < 1.0:
        parser.error("--share: must be between 0 and 1")
    if not (args.data / "README.md").is_file():
        parser.error(f"--data: {args.data} is not the shared data folder (no README.md)")
    print(table(run(args.data, args.share, args.min_positives, args.out, args.metrics)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
