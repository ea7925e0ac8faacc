"""Moderation speed on one core: Civility's learned tier and full engine next to alt-profanity-check.

    .venv/bin/python bench/moderation_speed.py [--data ../shared/data] [--n 4000] [--cpu 0] [--src DIR]
        [--before-src DIR] [--repeat N] [--systems civility-learned,alt-profanity-check]

Every system runs in its own fresh process pinned to one CPU (`sched_setaffinity`, BLAS/OpenMP threads 1),
so load time and peak RSS are its own: load = import + model load; then comments/s in batches of 64 and
of 1 (one comment at a time through the call that scores a comment being posted: `detect`,
`moderate`), and per-comment latency p50/p99 of those single calls. The texts are real comments
(Toxic Spans, Impermium, OLID dev rows, in a fixed order). alt-profanity-check runs in
bench/.venv-peers (its scikit-learn pin).
`--src` measures Civility from another source tree (e.g. an older checkout's src/); `--before-src OLD`
measures OLD and `--src` alternately, run by run, and `--repeat N` makes N rounds and reports medians (and
each run's batch figure), so that a busy machine's changing load falls on both trees alike; `--systems`
picks some of the systems. Prints markdown tables; nothing here is a timed test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEERS = ROOT / "bench" / ".venv-peers" / "bin" / "python"
SYSTEMS = ("civility-learned-detector", "civility-learned", "civility-engine", "alt-profanity-check")


def load_texts(data: Path, n: int) -> list[str]:
    texts: list[str] = []
    for rel in (
        "toxic_spans/toxic_spans_train.jsonl",
        "impermium_insults/insults_train.jsonl",
        "olid/olid_train.jsonl",
    ):
        with (data / rel).open(encoding="utf-8") as handle:
            for i, line in enumerate(handle):
                if i % 3 == 0:
                    texts.append(json.loads(line)["text"])
    step = max(1, len(texts) // n)
    return texts[::step][:n]


def worker(system: str, texts: list[str], single: int, src: Path) -> dict[str, float]:
    """Runs inside the pinned child process."""
    started = time.perf_counter()
    if system == "alt-profanity-check":
        from profanity_check import predict_prob

        predict_prob(["warm up"])

        def batch(chunk: list[str]) -> object:
            return predict_prob(chunk)

        def one(text: str) -> object:
            return predict_prob([text])

    else:
        sys.path.insert(0, str(src))
        if system == "civility-learned-detector":
            from civility.moderation.detectors.learned import LearnedDetector
            from civility.moderation.normalize import normalize

            detector = LearnedDetector()
            load_s = time.perf_counter() - started
            prepared = {t: normalize(t) for t in texts}  # not timed: this row measures the detector alone

            def batch(chunk: list[str]) -> object:
                return detector.detect_batch([prepared[t] for t in chunk])

            def one(text: str) -> object:
                return detector.detect(prepared[text])

        elif system == "civility-learned":
            from civility.moderation.detectors.learned import LearnedDetector
            from civility.moderation.normalize import normalize

            detector = LearnedDetector()

            def batch(chunk: list[str]) -> object:
                return detector.detect_batch([normalize(t) for t in chunk])

            def one(text: str) -> object:
                return detector.detect(normalize(text))

        else:
            from civility.moderation.engine import ModerationEngine

            engine = ModerationEngine.load()

            def batch(chunk: list[str]) -> object:
                return engine.moderate_batch(chunk)

            def one(text: str) -> object:
                return engine.moderate(text)

    if system != "civility-learned-detector":
        load_s = time.perf_counter() - started
    batch(texts[:64])  # warm caches once
    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(0, len(texts), 64):
        batch(texts[i : i + 64])
    per_s_64 = len(texts) / (time.perf_counter() - t0)
    per_cpu_s_64 = len(texts) / (time.process_time() - c0)
    latencies = []
    cpu_latencies = []
    for text in texts[:single]:  # one at a time, as a comment being posted is scored
        t1, c1 = time.perf_counter(), time.process_time()
        one(text)
        latencies.append(time.perf_counter() - t1)
        cpu_latencies.append(time.process_time() - c1)
    latencies.sort()
    cpu_latencies.sort()
    p99 = min(len(latencies) - 1, int(len(latencies) * 0.99))
    return {
        "load_s": load_s,
        "per_s_64": per_s_64,
        "per_cpu_s_64": per_cpu_s_64,
        "per_s_1": len(latencies) / sum(latencies),
        "per_cpu_s_1": len(cpu_latencies) / sum(cpu_latencies),
        "p50_ms": 1000 * latencies[len(latencies) // 2],
        "p99_ms": 1000 * latencies[p99],
        "cpu_p50_ms": 1000 * cpu_latencies[len(cpu_latencies) // 2],
        "cpu_p99_ms": 1000 * cpu_latencies[p99],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--n", type=int, default=4000, help="comments per batch run")
    parser.add_argument("--single", type=int, default=1000, help="comments scored one at a time")
    parser.add_argument("--cpu", type=int, default=0)
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the Civility source tree to measure")
    parser.add_argument(
        "--before-src", type=Path, help="another source tree, measured run by run alternately with --src"
    )
    parser.add_argument("--repeat", type=int, default=1, help="rounds of runs (medians are reported)")
    parser.add_argument("--systems", help=f"comma-separated subset of {','.join(SYSTEMS)}")
    parser.add_argument("--worker", choices=SYSTEMS, help=argparse.SUPPRESS)
    parser.add_argument("--texts", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        os.sched_setaffinity(0, {args.cpu})
        texts = json.loads(args.texts.read_text(encoding="utf-8"))
        result = worker(args.worker, texts, args.single, args.src.resolve())
        args.out.write_text(json.dumps(result), encoding="utf-8")
        return 0
    texts = load_texts(args.data, args.n)
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    systems = SYSTEMS if args.systems is None else tuple(args.systems.split(","))
    trees = [("after", args.src.resolve())]
    if args.before_src is not None:
        trees.insert(0, ("before", args.before_src.resolve()))
    # one list of runs per (tree, system); with --repeat the trees and systems alternate run by run, so
    # that a change in the machine's load falls on both trees alike
    runs: dict[tuple[str, str], list[dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        text_file = Path(tmp) / "texts.json"
        text_file.write_text(json.dumps(texts), encoding="utf-8")
        for _, src in trees:
            # warm the page cache and byte-code once, so that the first system measured does not pay for it
            warm = "import sys; sys.path.insert(0, sys.argv[1]); import civility.moderation.engine"
            subprocess.run([sys.executable, "-c", warm, str(src)], check=True, env=env)
        for _ in range(args.repeat):
            for system in systems:
                if system == "alt-profanity-check" and not PEERS.is_file():
                    continue
                python = str(PEERS) if system == "alt-profanity-check" else sys.executable
                for label, src in trees:
                    if system == "alt-profanity-check" and label == "before":
                        continue  # the same peer: measured once a round
                    out = Path(tmp) / f"{system}.json"
                    command = [
                        python,
                        __file__,
                        "--worker",
                        system,
                        "--texts",
                        str(text_file),
                        "--out",
                        str(out),
                    ]
                    command += ["--single", str(args.single), "--cpu", str(args.cpu), "--src", str(src)]
                    subprocess.run(command, check=True, env=env)
                    runs.setdefault((label, system), []).append(json.loads(out.read_text(encoding="utf-8")))
    results = {
        key: {m: statistics.median(r[m] for r in values) for m in values[0]} for key, values in runs.items()
    }
    mean_len = sum(len(t) for t in texts) / len(texts)
    load = os.getloadavg()
    print(
        f"{len(texts)} comments (mean {mean_len:.0f} characters), one core "
        f"({platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, load average "
        f"{load[0]:.1f} at the end), Python {platform.python_version()}"
    )

    def name(label: str, system: str) -> str:
        return system if len(trees) == 1 or system == "alt-profanity-check" else f"{system} ({label})"

    if args.repeat > 1:
        print(f"Medians of {args.repeat} runs of each; comments/CPU-s in batches of 64, run by run:")
        print()
        for (label, system), values in runs.items():
            print(f"- {name(label, system)}: " + ", ".join(f"{r['per_cpu_s_64']:,.0f}" for r in values))
    print()
    print("Wall clock (what a user sees; inflated when other processes share the core):")
    print()
    print(
        "| system | load (s) | comments/s, batches of 64 | comments/s, one at a time | p50 (ms) | p99 (ms) |"
    )
    print("|---|---|---|---|---|---|")
    for (label, system), r in results.items():
        print(
            f"| {name(label, system)} | {r['load_s']:.3f} | {r['per_s_64']:,.0f} | {r['per_s_1']:,.0f} "
            f"| {r['p50_ms']:.2f} | {r['p99_ms']:.2f} |"
        )
    print()
    print("CPU time of the process (robust to other load on the machine):")
    print()
    print(
        "| system | comments/CPU-s, batches of 64 | comments/CPU-s, one at a time | p50 (ms) | p99 (ms) "
        "| peak RSS (MB) |"
    )
    print("|---|---|---|---|---|---|")
    for (label, system), r in results.items():
        print(
            f"| {name(label, system)} | {r['per_cpu_s_64']:,.0f} | {r['per_cpu_s_1']:,.0f} "
            f"| {r['cpu_p50_ms']:.2f} | {r['cpu_p99_ms']:.2f} | {r['peak_rss_mb']:.0f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
