"""Read throughput of a 200-comment thread: Civility (SQLite, PostgreSQL) against Isso 0.14, same run.

Usage (after `bash bench/setup.sh`):

    .venv/bin/python bench/thread_read.py --duration 10 --connections 8

Every server runs on 127.0.0.1 only, with 2 worker processes; load comes from `wrk` (Debian package) with a
bounded duration. The thread has the same 200 comments everywhere: 50 top-level comments with 3 replies
each, fetched in one request (Isso's GET /?uri=, Civility's listComments with limit=50, whose answer nests
the first three replies of each comment). A 10,000-comment thread is then read page by page to show that
latency stays flat deep into the thread (keyset pagination).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parent.parent
ISSO_VENV = ROOT / "bench" / ".venv-isso"
ARTICLE = "/bench/article-200"
BIG_ARTICLE = "/bench/article-10000"
ORIGIN = "http://127.0.0.1:8001"


@dataclass
class WrkResult:
    name: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int

    def row(self) -> str:
        return (
            f"| {self.name} | {self.requests_per_second:,.0f} | {self.p50_ms:.2f} | {self.p99_ms:.2f} "
            f"| {self.errors} |"
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, deadline_s: float = 30.0) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=1.0).status_code < 500:
                return
        time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not come up")


def _to_ms(value: str, unit: str) -> float:
    factor = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]
    return float(value) * factor


def run_wrk(name: str, url: str, duration: int, connections: int, threads: int) -> WrkResult:
    output = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s|m)\b", output)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s|m)\b", output)
    errors_match = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = int(errors_match.group(1)) if errors_match else 0
    if socket_errors:
        errors += sum(int(group) for group in socket_errors.groups())
    assert p50 and p99, output
    return WrkResult(name, rps, _to_ms(*p50.groups()), _to_ms(*p99.groups()), errors)


@contextlib.contextmanager
def isso_server(workdir: Path) -> Iterator[str]:
    port = free_port()
    config = workdir / "isso.cfg"
    config.write_text(
        "[general]\n"
        f"dbpath = {workdir / 'isso.db'}\n"
        f"host = {ORIGIN}\n"
        "[server]\n"
        f"listen = http://127.0.0.1:{port}\n"
        "[guard]\nenabled = false\n"
        "[moderation]\nenabled = false\n"
    )
    env = {**os.environ, "ISSO_SETTINGS": str(config)}
    process = subprocess.Popen(
        [str(ISSO_VENV / "bin" / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "isso.run"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(f"{base}/info")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def seed_isso(base: str, uri: str, top_level: int, replies: int) -> None:
    with httpx.Client(base_url=base, headers={"Origin": ORIGIN, "Referer": ORIGIN + uri}) as client:
        for index in range(top_level):
            created = client.post(
                f"/new?uri={quote(uri)}",
                json={"text": f"Comment {index}: " + "a thoughtful remark " * 8, "author": f"Reader {index}",
                      "title": "Bench article"},
            )
            created.raise_for_status()
            client.cookies.clear()  # Isso sets one edit cookie per comment; keep the headers small
            parent = created.json()["id"]
            for reply in range(replies):
                client.cookies.clear()
                client.post(
                    f"/new?uri={quote(uri)}",
                    json={"text": f"Reply {reply} to {index}: I see it differently.", "author": "Replier",
                          "parent": parent},
                ).raise_for_status()


@contextlib.contextmanager
def civility_server(workdir: Path, database_url: str) -> Iterator[str]:
    port = free_port()
    config = workdir / "civility.toml"
    config.write_text(
        f'database_url = "{database_url}"\n'
        f"port = {port}\nworkers = 2\n"
        'log_level = "warning"\n'
        "[sites.bench]\n"
        'name = "Bench"\n'
        f'allowed_origins = ["{ORIGIN}"]\n'
        # Seeding posts thousands of comments from one reader and one address.
        'comment_rate_limit = "100000/minute"\n'
        'comment_ip_rate_limit = "100000/minute"\n'
    )
    civility = str(ROOT / ".venv" / "bin" / "civility")
    subprocess.run([civility, "migrate", "--config", str(config)], check=True, capture_output=True)
    process = subprocess.Popen(
        [civility, "serve", "--config", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(f"{base}/healthz")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def seed_civility(base: str, thread: str, top_level: int, replies: int) -> None:
    with httpx.Client(base_url=f"{base}/api/v1/sites/bench", headers={"Origin": ORIGIN}) as client:
        token = client.post("/readers").json()["reader_token"]
        client.headers["Authorization"] = f"Bearer {token}"
        for index in range(top_level):
            created = client.post(
                "/comments",
                json={"thread": thread, "thread_title": "Bench article", "author_name": f"Reader {index}",
                      "text": f"Comment {index}: " + "a thoughtful remark " * 8},
            )
            created.raise_for_status()
            parent = created.json()["id"]
            for reply in range(replies):
                client.post(
                    "/comments",
                    json={"thread": thread, "parent_id": parent, "author_name": "Replier",
                          "text": f"Reply {reply} to {index}: I see it differently."},
                ).raise_for_status()


def deep_page_url(base: str, thread: str, pages: int, limit: int) -> str:
    """Follow `pages` cursors into a big thread and return the URL of that page."""
    url = f"{base}/api/v1/sites/bench/comments?thread={quote(thread)}&sort=oldest&limit={limit}"
    current = url
    for _ in range(pages):
        cursor = httpx.get(current).json()["next_cursor"]
        current = f"{url}&cursor={quote(cursor)}"
    return current


def postgres_database() -> tuple[str, str]:
    name = f"civility_bench_{os.getpid()}"
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc",
                    f"CREATE DATABASE {name}"], check=True)
    return name, f"postgresql://postgres@127.0.0.1:5432/{name}"


def drop_postgres_database(name: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc",
                    f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=False)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per target")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--skip-isso", action="store_true")
    parser.add_argument("--skip-big", action="store_true", help="skip the 10,000-comment thread")
    parser.add_argument("--json", type=Path, help="also write the results here as JSON")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: run `bash bench/setup.sh` (apt-get install wrk)")

    results: list[WrkResult] = []
    load = {"duration": args.duration, "connections": args.connections, "threads": args.threads}
    with tempfile.TemporaryDirectory(prefix="civility-bench-") as tmp:
        workdir = Path(tmp)
        if not args.skip_isso:
            if not (ISSO_VENV / "bin" / "gunicorn").exists():
                sys.exit("Isso is missing: run `bash bench/setup.sh`")
            isso_dir = workdir / "isso"
            isso_dir.mkdir()
            with isso_server(isso_dir) as base:
                seed_isso(base, ARTICLE, 50, 3)
                results.append(run_wrk("Isso 0.14 (gunicorn, 2 workers, SQLite)",
                                       f"{base}/?uri={quote(ARTICLE)}", **load))
        pg_name, pg_url = postgres_database()
        try:
            for label, url in (("SQLite", f"sqlite:///{workdir / 'civility.db'}"), ("PostgreSQL", pg_url)):
                db_dir = workdir / label.lower()
                db_dir.mkdir()
                with civility_server(db_dir, url) as base:
                    seed_civility(base, ARTICLE, 50, 3)
                    thread_url = (f"{base}/api/v1/sites/bench/comments?thread={quote(ARTICLE)}"
                                  "&sort=oldest&limit=50")
                    results.append(run_wrk(f"Civility ({label}, 2 workers)", thread_url, **load))
                    if not args.skip_big:
                        seed_civility(base, BIG_ARTICLE, 2500, 3)
                        first = deep_page_url(base, BIG_ARTICLE, 0, 50)
                        deep = deep_page_url(base, BIG_ARTICLE, 40, 50)
                        results.append(run_wrk(f"Civility ({label}) 10k thread, page 1", first, **load))
                        results.append(run_wrk(f"Civility ({label}) 10k thread, page 41", deep, **load))
        finally:
            drop_postgres_database(pg_name)

    print("| target | req/s | p50 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|")
    for result in results:
        print(result.row())
    if args.json:
        args.json.write_text(json.dumps([result.__dict__ for result in results], indent=2))


if __name__ == "__main__":
    main()
