"""`python -m training [--data DIR] [--out DIR] [--metrics FILE] [--no-heldout] [--no-calibration]`.

Trains the learned tier, then (when it was written into the package) fits the engine's fusion
calibration on the dev split with the new model (`training.calibrate_fusion`) and the stacked fusion
over it (`training.fit_fusion`), and trains the evidence-span tagger (`training.train_span_tagger`)."""

from __future__ import annotations

import argparse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training", description=__doc__)
    parser.add_argument(
        "--data", type=Path, default=REPO.parent / "shared" / "data", help="the shared data folder"
    )
    parser.add_argument("--out", type=Path, default=REPO / "src" / "civility" / "moderation" / "models")
    parser.add_argument("--metrics", type=Path, default=REPO / "training" / "metrics.json")
    parser.add_argument("--no-heldout", action="store_true", help="skip the leave-sources-out run")
    parser.add_argument("--no-calibration", action="store_true", help="skip fitting the fusion calibration")
    args = parser.parse_args(argv)
    if not (args.data / "README.md").is_file():
        parser.error(f"--data: {args.data} is not the shared data folder (no README.md)")
    from training.train import run

    run(args.data, args.out, args.metrics, heldout_run=not args.no_heldout)
    default_out = REPO / "src" / "civility" / "moderation" / "models"
    if not args.no_calibration and args.out.resolve() == default_out.resolve():
        from training import calibrate_fusion, fit_fusion

        calibrate_fusion.main(["--data", str(args.data)])
        fit_fusion.main(["--data", str(args.data), "--retrain-heldout"])
    if args.out.resolve() == default_out.resolve():
        from training import train_span_tagger

        train_span_tagger.main(["--data", str(args.data)])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
