"""SQLite's WAL is copied back by `SQLiteCheckpointer`'s thread, not inside a writer's commit."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from civility.storage.database import WAL_SAFETY_PAGES, Database
from civility.storage.posting import CommentRow, write_root_comment

NOW = datetime(2026, 3, 1, tzinfo=UTC)


@pytest.fixture
def sqlite_database(tmp_path: Path, sqlite_template: Path) -> Iterator[Database]:
    path = tmp_path / "civility.db"
    shutil.copyfile(sqlite_template, path)
    database = Database(f"sqlite:///{path}")
    try:
        yield database
    finally:
        database.dispose()


def _post(database: Database, n: int) -> None:
    write_root_comment(
        database,
        CommentRow(
            site="s",
            thread_key=f"t{n % 3}",
            thread_title="",
            thread_url="",
            status="published",
                reader_id=f"r{n}",
            author_name="Ann",
            text="words " * 200,
            html="<p>" + "words " * 200 + "</p>",
            created_at=NOW,
            created_hour=0,
            author_ip_hash=None,
            moderation_decision="allow",
            moderation_scores={"spam": 0.0},
            moderation_spans=[],
            moderation_note=None,
            signature=tuple(range(n, n + 32)),
        ),
    )


def _wal_pages(database: Database) -> int:
    """Pages in the WAL now (a PASSIVE checkpoint answers busy, WAL pages, pages copied)."""
    assert database.checkpointer is not None
    with sqlite3.connect(database.checkpointer.path, isolation_level=None) as connection:
        busy, pages, _copied = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert busy == 0
    return int(pages)


def _wait_for_checkpoints(database: Database, count: int) -> None:
    assert database.checkpointer is not None
    deadline = time.monotonic() + 30
    while database.checkpointer.checkpoints < count:
        assert time.monotonic() < deadline, "the checkpointer did not run"
        threading.Event().wait(0.005)


def test_commits_leave_checkpoints_to_the_checkpointer(sqlite_database: Database) -> None:
    # read, not write: a write() here would count towards `every_writes` below, and the checkpointer
    # would start during the fourth post and race the test's own PASSIVE checkpoint (busy = 1)
    with sqlite_database.read() as connection:
        assert connection.execute(text("PRAGMA wal_autocheckpoint")).scalar() == WAL_SAFETY_PAGES
    checkpointer = sqlite_database.checkpointer
    assert checkpointer is not None
    checkpointer.every_writes = 5
    checkpointer.restart_pages = 1_000_000  # no restart in this test: only the thread's own checkpoint
    for n in range(4):
        _post(sqlite_database, n)
    assert checkpointer.checkpoints == 0  # not started before `every_writes` writes
    written = _wal_pages(sqlite_database)
    assert written > 10  # four posts' pages are in the WAL, not yet checkpointed by any commit
    _post(sqlite_database, 4)
    _wait_for_checkpoints(sqlite_database, 1)
    assert checkpointer.checkpoints == 1


def test_a_long_wal_is_copied_once_more_in_a_writers_turn(sqlite_database: Database) -> None:
    """The first checkpoint runs beside writers; the second, for a WAL past `restart_pages`, waits for a
    writer's turn, so that nothing is appended while it copies the rest and the WAL can start over."""
    checkpointer = sqlite_database.checkpointer
    assert checkpointer is not None
    checkpointer.restart_pages = 10
    for n in range(5):
        _post(sqlite_database, n)
    other_worker = Database(sqlite_database.url)  # another process's queue: its turn excludes ours
    try:
        with other_worker.write() as connection:
            connection.execute(text("UPDATE threads SET title = 'held' WHERE key = 't0'"))
            checkpointer.every_writes = 1
            checkpointer.wrote()
            _wait_for_checkpoints(sqlite_database, 1)  # beside the writer holding the turn
            assert checkpointer.checkpoints == 1  # the second waits for the turn
        _wait_for_checkpoints(sqlite_database, 2)
        checkpointer.every_writes = 1_000_000  # and no more: the checks below checkpoint themselves
    finally:
        other_worker.dispose()
    before = _wal_pages(sqlite_database)
    _post(sqlite_database, 5)  # the WAL was all copied: this writer starts it again from the top
    assert _wal_pages(sqlite_database) < before


def test_dispose_stops_the_checkpointer(sqlite_database: Database) -> None:
    checkpointer = sqlite_database.checkpointer
    assert checkpointer is not None
    checkpointer.every_writes = 1
    _post(sqlite_database, 0)
    _wait_for_checkpoints(sqlite_database, 1)
    thread = checkpointer._thread
    assert thread is not None and thread.is_alive()
    sqlite_database.dispose()
    assert not thread.is_alive()
    checkpointer.wrote()  # a write after dispose starts nothing
    assert checkpointer._thread is thread and not thread.is_alive()
