"""CPU per rate-limit hit in memory: limits' MemoryStorage against Civility's SweptMemoryStorage.

Usage:

    .venv/bin/python bench/rate_limit_storage.py [--hits 300] [--gap-ms 11] [--keys 200,20000]

A worker posting at ~100/s checks the author's limit about every 10 ms. Here one thread does the same
(one moving-window hit, then a `gap` sleep) over a storage already holding `keys` authors' windows, and
the process's CPU time (every thread's: the sweeps run on timer threads) is divided by the hits. The
same loop with no hit is measured too and subtracted, so that the figure is the storage's own cost.
Also counted: the sweep threads each storage started. Nothing here is a timed test.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from limits import parse
from limits.storage import MemoryStorage, Storage
from limits.strategies import MovingWindowRateLimiter

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from civility.comments.rate_limits import SweptMemoryStorage


def idle_loop_cpu_us(hits: int, gap_s: float) -> float:
    started = time.process_time()
    for _ in range(hits):
        time.sleep(gap_s)
    return 1e6 * (time.process_time() - started) / hits


def measure(storage: MemoryStorage, keys: int, hits: int, gap_s: float) -> tuple[float, int]:
    """CPU microseconds per hit (the idle loop's included) and the timer threads started."""
    limiter = MovingWindowRateLimiter(storage)
    item = parse("100000/minute")
    for key in range(keys):
        limiter.hit(item, "comment", "site", "reader", str(key))
    timers = 0
    started = time.process_time()
    for n in range(hits):
        before = storage.timer
        limiter.hit(item, "comment", "site", "reader", str(n % keys))
        timers += storage.timer is not before
        time.sleep(gap_s)
    return 1e6 * (time.process_time() - started) / hits, timers


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--hits", type=int, default=300)
    parser.add_argument("--gap-ms", type=float, default=11.0)
    parser.add_argument("--keys", default="200,20000", help="comma-separated numbers of authors' windows")
    args = parser.parse_args()
    gap_s = args.gap_ms / 1000.0
    idle = idle_loop_cpu_us(args.hits, gap_s)
    print(f"{args.hits} hits, one every {args.gap_ms:g} ms; the idle loop's {idle:.0f} us/hit subtracted\n")
    print("| storage | authors' windows | CPU us per hit | sweep threads started |")
    print("|---|---|---|---|")
    for keys in (int(k) for k in args.keys.split(",")):
        storages: list[tuple[str, Storage]] = [
            ("limits MemoryStorage (peer)", MemoryStorage()),
            ("SweptMemoryStorage", SweptMemoryStorage()),
        ]
        for name, storage in storages:
            assert isinstance(storage, MemoryStorage)
            per_hit, timers = measure(storage, keys, args.hits, gap_s)
            print(f"| {name} | {keys:,} | {per_hit - idle:,.0f} | {timers} |")


if __name__ == "__main__":
    main()
