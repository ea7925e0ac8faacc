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
from pathlib import Path

from civility.moderation.detectors.learned import LearnedDetector, LearnedModel
from civility.moderation.engine import ModerationEngine
from training.datasets import load_all, spam_negatives_from
from training.fusion_evaluation import SPAM_WHAT_IF, tables
from training.fusion_features import collect
from training.fusion_fitting import fit_all, payload, spam_report
from training.split import HELDOUT_SOURCES, split
from training.train import SEED

# The docstring names things that live elsewhere: `training.fusion_features` (`MODELLED`, `FEATURE_SETS`,
# the rows), `training.fusion_fitting` (models, maps, cross-fitting) and `training.fusion_evaluation` (the
# figures, the first table); this module runs those steps in order and is the command line.

REPO = Path(__file__).resolve().parent.parent
MODELS = REPO / "src" / "civility" / "moderation" / "models"


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
