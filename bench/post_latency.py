"""Latency of createComment with the full moderation pipeline, at a constant rate, on SQLite and PostgreSQL.

Usage:

    .venv/bin/python bench/post_latency.py --rate 200 --duration 15

For each database the comment server runs in its own process (uvicorn with `--workers` worker processes,
2 by default, 127.0.0.1 only) twice:
with the policy enforced by the moderation engine (what readers get), and, as the peer measured in the
same run, with a hook that publishes everything (the cost of the comment section alone). The server's
rate limits are checked on every post but set high enough not to refuse the bench's readers.

The load generator sends POSTs on a fixed schedule (request i is due at t0 + i / rate, wrk2-style) over a
pool of keep-alive connections, and measures each latency from the time the request was *due*, not from
when it was sent: a stall delays every request scheduled behind it and shows in the tail (no coordinated
omission). Comments are varied sentences from 200 readers over 20 threads, with the share of texts the
policy nudges, holds or rejects that real threads have (about 1 in 10); with `--replies 0.3`, three posts
in ten reply to their thread's first comment (posted before the warm-up). Bounded: `rate x duration`
requests after a 2-second warm-up at the same rate.

Besides latency, each row gives the server's CPU time per post: its uvicorn processes' (supervisor and
workers, all threads) plus, on PostgreSQL, the database's backends serving it, over the measured run. Other
load on a shared machine moves latency a lot and that figure little, so it is the one to compare across runs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SITE = "bench"
READERS = 200
THREADS = 20
CONNECTIONS = 64
OPENINGS = [
    "I think the council",
    "Honestly the minister",
    "The article says the budget",
    "My neighbour thinks the plan",
    "As a commuter I find the tram line",
    "The figures on housing",
    "Reading this, the new school",
    "Nobody mentions that the library",
    "The consultation on the bypass",
    "It seems the hospital trust",
]
MIDDLES = [
    "will cost far more than promised",
    "deserves a proper public debate",
    "was explained better last year",
    "should publish the full breakdown",
    "has been delayed three times already",
    "is a sensible compromise",
    "ignores the people who live nearby",
    "needs an independent review",
    "could work if it is funded",
    "is the best news this town has had in years",
]
ENDINGS = [
    "before the vote next month.",
    "and I say that as a lifelong supporter.",
    "according to the report.",
    "but we will see.",
    "which nobody in the comments seems to notice.",
    "and the article shows why.",
    "so thanks for the careful reporting.",
    "if the numbers are right.",
    "in my experience at least.",
    "and I hope the paper follows it up.",
]
FLAGGED = [
    "You are an idiot if you believe any of this.",
    "call me at 0161 496 0123, he lives at 12 Oak Street",
    "This fucking council never listens to anyone.",
    "EARN $500 A DAY from home!!! Visit www.cash-now.xyz or bit.ly/cash3, guaranteed profit",
]


def comment_text(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return rng.choice(FLAGGED)
    return f"{rng.choice(OPENINGS)} {rng.choice(MIDDLES)} {rng.choice(ENDINGS)} (#{rng.randrange(10**6)})"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# ---- the server process ------------------------------------------------------------------------
def bench_app() -> object:
    """The app each uvicorn worker builds (a factory: workers are separate processes)."""
    from civility.comments.service import publish_everything
    from civility.settings import Settings, SiteSettings
    from civility.web import asgi
    from civility.web.app import create_app

    site = SiteSettings(
        name="Bench", comment_rate_limit="100000/minute", comment_ip_rate_limit="100000/minute"
    )
    database_url = os.environ["CIVILITY_BENCH_DATABASE_URL"]
    settings = Settings(database_url=database_url, sites={SITE: site}, log_level="warning")
    plain = os.environ.get("CIVILITY_BENCH_PLAIN") == "1"
    app = create_app(settings, moderate=publish_everything if plain else None)
    freeze = getattr(asgi, "freeze_startup_heap", None)  # absent in a --before-src tree from before it
    if freeze is not None and os.environ.get("CIVILITY_BENCH_NO_FREEZE") != "1":
        freeze()  # as `civility serve`'s workers do
    return app


def serve(database_url: str, port: int, plain: bool, workers: int) -> None:
    """Run the comment server (in the child process): `workers` uvicorn worker processes."""
    import uvicorn

    from civility.storage.database import Database
    from civility.storage.migrate import upgrade

    database = Database(database_url)
    upgrade(database)
    database.dispose()
    os.environ["CIVILITY_BENCH_DATABASE_URL"] = database_url
    os.environ["CIVILITY_BENCH_PLAIN"] = "1" if plain else "0"
    uvicorn.run(
        "post_latency:bench_app",
        factory=True,
        app_dir=str(Path(__file__).resolve().parent),
        host="127.0.0.1",
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _descendants(pid: int) -> list[int]:
    """The process and every process under it (the uvicorn supervisor and its workers)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(parents.get(current, []))
    return found


@dataclass
class ServerProcesses:
    """Where the server's CPU time is spent: its own processes, and PostgreSQL's backends for its database."""

    pid: int
    postgres_database: str | None = None

    def pids(self) -> list[int]:
        pids = _descendants(self.pid)
        if self.postgres_database is not None:
            import psycopg

            with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
                rows = db.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s", (self.postgres_database,)
                ).fetchall()
            pids += [int(row[0]) for row in rows]
        return pids

    def cpu(self) -> dict[int, float]:
        return {pid: _cpu_seconds(pid) for pid in self.pids()}


@contextlib.contextmanager
def server(
    database_url: str, plain: bool, workers: int, src: Path | None = None
) -> Iterator[tuple[str, int]]:
    """The comment server on a free port, and its pid; `src` puts another copy of the package first on its
    path."""
    port = free_port()
    command = [sys.executable, __file__, "--serve", database_url, str(port), "--workers", str(workers)]
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH")]))
    process = subprocess.Popen(command + (["--plain"] if plain else []), stdout=subprocess.DEVNULL, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit("the comment server did not start")
            time.sleep(0.2)
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(timeout=20)


# ---- the load generator ------------------------------------------------------------------------
@dataclass
class Result:
    name: str
    rate: float
    sent: int
    statuses: Counter[int]
    decisions: Counter[str]
    latencies_ms: np.ndarray
    achieved_rate: float
    cpu_ms_per_post: float = float("nan")
    """CPU time of the server's processes (and of PostgreSQL's backends serving it) per post sent:
    unlike latency, barely moved by other load on the machine."""

    def row(self) -> str:
        p50, p90, p99, p999 = np.percentile(self.latencies_ms, [50, 90, 99, 99.9])
        codes = ", ".join(f"{code}: {count}" for code, count in sorted(self.statuses.items()))
        return (
            f"| {self.name} | {self.rate:.0f} | {self.achieved_rate:.0f} | {self.sent} | {p50:.1f} "
            f"| {p90:.1f} | {p99:.1f} | {p999:.1f} | {self.latencies_ms.max():.1f} "
            f"| {self.cpu_ms_per_post:.2f} | {codes} |"
        )


async def constant_rate(
    base: str,
    rate: float,
    duration: float,
    tokens: list[str],
    seed: int,
    parents: dict[str, int] | None = None,
    replies: float = 0.0,
) -> Result:
    """Send `rate x duration` posts on a fixed schedule over keep-alive connections; latency from due time.

    The client is a small raw HTTP/1.1 writer on asyncio streams (requests serialised up front), so that
    its own cost stays far below the server's on a 2-core machine: a due request waits in a queue for a
    free connection, and that wait counts in its latency.
    """
    rng = random.Random(seed)
    total = int(rate * duration)
    host, port = base.removeprefix("http://").split(":")
    path = f"/api/v1/sites/{SITE}/comments"
    requests: list[bytes] = []
    for n in range(total):
        thread = f"bench-{rng.randrange(THREADS)}"
        post: dict[str, object] = {"thread": thread, "author_name": f"Reader {n % READERS}"}
        post["text"] = comment_text(rng)
        if parents and rng.random() < replies:
            post["parent_id"] = parents[thread]  # a reply to the thread's first comment
        body = json.dumps(post).encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
            f"Authorization: Bearer {tokens[rng.randrange(len(tokens))]}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        requests.append(head + body)
    latencies = np.zeros(total)
    statuses: Counter[int] = Counter()
    decisions: Counter[str] = Counter()
    queue: asyncio.Queue[int] = asyncio.Queue()
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.2

    async def connection() -> None:
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            while True:
                i = await queue.get()
                if i < 0:
                    return
                writer.write(requests[i])
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head[9:12])
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    if line[:15].lower() == b"content-length:":
                        length = int(line[15:])
                body = await reader.readexactly(length)
                latencies[i] = (loop.time() - (start + i / rate)) * 1000.0  # from due time
                statuses[status] += 1
                if status in (200, 201):
                    answer = json.loads(body)
                    decision = str(answer.get("decision", "?"))
                    if decision == "hold":
                        categories = sorted({reason["category"] for reason in answer.get("reasons", [])})
                        decision = f"hold: {'+'.join(categories) or 'a detector failed or overran'}"
                    decisions[decision] += 1
        finally:
            writer.close()

    workers = [asyncio.create_task(connection()) for _ in range(CONNECTIONS)]
    for i in range(total):
        delay = start + i / rate - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        queue.put_nowait(i)
    for _ in workers:
        queue.put_nowait(-1)
    await asyncio.gather(*workers)
    elapsed = loop.time() - start
    return Result("", rate, total, statuses, decisions, latencies, total / elapsed)


def measure(
    name: str,
    database_url: str,
    plain: bool,
    rate: float,
    duration: float,
    workers: int,
    src: Path | None = None,
    postgres_database: str | None = None,
    replies: float = 0.0,
) -> Result:
    with server(database_url, plain, workers, src) as (base, pid):
        parents: dict[str, int] = {}
        with httpx.Client(base_url=f"{base}/api/v1/sites/{SITE}") as client:
            tokens = [client.post("/readers").json()["reader_token"] for _ in range(READERS)]
            for t in range(THREADS):  # each thread's first comment, which the replies answer
                first = {"thread": f"bench-{t}", "author_name": "Reader 0", "text": f"{OPENINGS[0]} is fine."}
                answer = client.post(
                    "/comments", json=first, headers={"Authorization": f"Bearer {tokens[0]}"}
                )
                parents[first["thread"]] = int(answer.json()["id"])
        asyncio.run(
            constant_rate(base, rate, 2.0, tokens, seed=1, parents=parents, replies=replies)
        )  # warm-up
        processes = ServerProcesses(pid, postgres_database)
        before = processes.cpu()
        result = asyncio.run(
            constant_rate(base, rate, duration, tokens, seed=2, parents=parents, replies=replies)
        )
        after = processes.cpu()  # a backend opened during the run counts from zero
        spent = sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())
        result.cpu_ms_per_post = 1000.0 * spent / result.sent
    result.name = name
    return result


def postgres_database() -> tuple[str, str]:
    import psycopg

    name = f"civility_post_bench_{os.getpid()}_{int(time.time())}"
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return name, f"postgresql://postgres@127.0.0.1:5432/{name}"


def drop_postgres_database(name: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rate", type=float, default=200.0, help="posts per second (constant)")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds measured (after a 2 s warm-up)")
    parser.add_argument("--databases", default="sqlite,postgresql", help="sqlite, postgresql or both")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes (default 2)")
    parser.add_argument(
        "--before-src",
        type=Path,
        help="a copy of src/ from before a change: its engine server is measured too, in the same run",
    )
    parser.add_argument("--no-peer", action="store_true", help="skip the publish-everything peer")
    parser.add_argument(
        "--replies",
        type=float,
        default=0.0,
        help="share of posts that reply to a thread's first comment (0-1)",
    )
    parser.add_argument("--serve", nargs=2, metavar=("DATABASE_URL", "PORT"), help=argparse.SUPPRESS)
    parser.add_argument("--plain", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve[0], int(args.serve[1]), args.plain, args.workers)
        return
    if not 1 <= args.rate <= 2000 or not 1 <= args.duration <= 120 or not 1 <= args.workers <= 8:
        raise SystemExit("--rate 1-2000, --duration 1-120 seconds, --workers 1-8 (a bounded load test)")
    if not 0 <= args.replies <= 1:
        raise SystemExit("--replies: a share between 0 and 1")
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="civility-post-bench-") as folder:
        servers: list[tuple[bool, Path | None]] = [(False, None)]
        if args.before_src is not None:
            servers.insert(0, (False, args.before_src.resolve()))
        if not args.no_peer:
            servers.append((True, None))
        for database in args.databases.split(","):
            for n, (plain, src) in enumerate(servers):
                label = "publish everything (peer)" if plain else "policy enforced (engine)"
                label += f", {args.workers} worker{'s' if args.workers > 1 else ''}"
                label += ", before" if src is not None else ""
                label += f", {args.replies:.0%} replies" if args.replies else ""
                load = (plain, args.rate, args.duration, args.workers, src)
                if database == "sqlite":
                    url = f"sqlite:///{folder}/server{n}.db"
                    results.append(measure(f"SQLite, {label}", url, *load, replies=args.replies))
                elif database == "postgresql":
                    name, url = postgres_database()
                    try:
                        results.append(
                            measure(
                                f"PostgreSQL, {label}",
                                url,
                                *load,
                                postgres_database=name,
                                replies=args.replies,
                            )
                        )
                    finally:
                        drop_postgres_database(name)
                else:
                    raise SystemExit(f"--databases: unknown database {database!r}")
                print(results[-1].row(), dict(results[-1].decisions), flush=True)
    print()
    print(
        "| server | target/s | achieved/s | posts | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms "
        "| server CPU ms/post | statuses |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for result in results:
        print(result.row())


if __name__ == "__main__":
    main()
