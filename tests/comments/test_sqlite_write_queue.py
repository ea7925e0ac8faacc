"""SQLite writers take turns (`SQLiteWriteQueue`): threads and processes queue instead of busy-waiting.

Two `Database` objects on one file stand for two worker processes (each has its own pool and its own
lock file descriptor, which exclude each other like two processes' would). SQLite's busy handler is
turned off on every connection here, so a writer that met another one inside SQLite would fail at once:
only the queue keeps them apart.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from civility.storage import database as database_module
from civility.storage.database import Database, DatabaseUnavailable

THREADS = 6
WRITES = 15


def _no_busy_wait(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=0")
    cursor.close()


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[list[Database]]:
    url = f"sqlite:///{tmp_path / 'queue.db'}"
    first = Database(url)
    with first.write() as connection:
        connection.execute(text("CREATE TABLE counter (n INTEGER NOT NULL)"))
        connection.execute(text("INSERT INTO counter VALUES (0)"))
    first.dispose()
    databases = [Database(url), Database(url)]
    for database in databases:
        event.listen(database.engine, "connect", _no_busy_wait)
    yield databases
    for database in databases:
        database.dispose()


def _count(database: Database) -> int:
    with database.read() as connection:
        return int(connection.execute(text("SELECT n FROM counter")).scalar_one())


def test_concurrent_writers_of_two_workers_all_succeed_without_sqlites_busy_wait(
    workers: list[Database],
) -> None:
    failures: list[BaseException] = []
    start = threading.Barrier(THREADS * len(workers))

    def write_many(database: Database) -> None:
        start.wait()
        for _ in range(WRITES):
            try:
                with database.write() as connection:
                    n = connection.execute(text("SELECT n FROM counter")).scalar_one()
                    connection.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
            except Exception as error:  # collected and reported below
                failures.append(error)

    threads = [threading.Thread(target=write_many, args=(db,)) for db in workers for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert failures == []
    assert _count(workers[0]) == THREADS * len(workers) * WRITES


def test_a_writer_that_gets_no_turn_within_the_wait_finds_the_database_busy(
    workers: list[Database], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database_module, "WRITE_WAIT_SECONDS", 0.05)
    other_process = os.open(tmp_path / "queue.db-writer", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(other_process, fcntl.LOCK_EX)  # another process is writing and does not finish
        with pytest.raises(DatabaseUnavailable), workers[0].write() as connection:
            connection.execute(text("UPDATE counter SET n = 1"))
        fcntl.flock(other_process, fcntl.LOCK_UN)
        with workers[0].write() as connection:
            connection.execute(text("UPDATE counter SET n = 2"))
    finally:
        os.close(other_process)
    assert _count(workers[1]) == 2


def test_a_write_inside_a_write_of_the_same_thread_does_not_wait_for_itself(workers: list[Database]) -> None:
    with workers[0].write() as connection:
        connection.execute(text("UPDATE counter SET n = 5"))
        with (
            pytest.raises(Exception, match="locked"),
            workers[0].write() as inner,
        ):  # SQLite's answer, at once
            inner.execute(text("UPDATE counter SET n = 6"))
    assert _count(workers[0]) == 5
