"""CPU time of each rule detector on one comment, on the speed bench's real comments.

    .venv/bin/python bench/detector_cost.py [--src DIR] [--before-src DIR] [--rounds 2] [--cpu 0]

For every built-in detector but the learned tier (timed by bench/moderation_speed.py): `detect` on each
of the 4,000 normalised comments of bench/moderation_speed.py, best of three passes, CPU µs a comment.
With `--before-src`, an older tree's src/ is measured in its own process, alternately with `--src`, for
`--rounds` rounds, so that the machine's changing speed falls on both. Prints a markdown table; nothing
here is a timed test.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def measure(src: Path, data: Path, cpu: int) -> dict[str, float]:
    os.sched_setaffinity(0, {cpu})
    sys.path.insert(0, str(src))
    sys.path.insert(0, str(ROOT / "bench"))
    from moderation_speed import load_texts

    from civility.moderation.engine import ModerationEngine
    from civility.moderation.normalize import normalize

    texts = [normalize(text) for text in load_texts(data, 4000)]
    engine = ModerationEngine.load()
    costs: dict[str, float] = {}
    for detector in engine.detectors:
        if detector.name == "learned":
            continue
        for text in texts[:200]:  # warm caches
            detector.detect(text)
        best = float("inf")
        for _ in range(3):
            started = time.process_time()
            for text in texts:
                detector.detect(text)
            best = min(best, time.process_time() - started)
        costs[detector.name] = 1e6 * best / len(texts)
    return costs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--src", type=Path, default=ROOT / "src")
    parser.add_argument("--before-src", type=Path)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--cpu", type=int, default=0)
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        print(json.dumps(measure(args.worker, args.data, args.cpu)))
        return 0
    trees = [("now", args.src.resolve())]
    if args.before_src is not None:
        trees.insert(0, ("before", args.before_src.resolve()))
    rows: dict[str, dict[str, list[float]]] = {}
    for _ in range(args.rounds):
        for label, src in trees:
            command = [sys.executable, __file__, "--worker", str(src), "--data", str(args.data), "--cpu"]
            out = subprocess.run([*command, str(args.cpu)], check=True, capture_output=True, text=True)
            for name, cost in json.loads(out.stdout).items():
                rows.setdefault(name, {}).setdefault(label, []).append(cost)
    labels = [label for label, _ in trees]
    header = " | ".join(f"{label}: CPU µs a comment, round by round" for label in labels)
    print(f"| detector | {header} |")
    print("|---|" + "---|" * len(labels))
    for name, by_label in rows.items():
        cells = [" / ".join(f"{cost:.1f}" for cost in by_label[label]) for label in labels]
        print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
