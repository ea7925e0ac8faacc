"""Engines for SQLite (WAL, foreign keys, one pool) and PostgreSQL (psycopg 3)."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import QueuePool

logger = logging.getLogger("civility.storage")

# Execution option set on connections that will write; SQLite then takes the write lock up front.
WRITE_OPTION = "civility_write"


def normalise_url(database_url: str) -> str:
    """Pick the psycopg 3 driver for plain postgresql:// URLs; leave other URLs alone."""
    url = make_url(database_url)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def is_sqlite(database_url: str) -> bool:
    """Whether the URL names a SQLite database."""
    return make_url(database_url).get_backend_name() == "sqlite"


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling is turned off so that `_begin_sqlite` decides
    # between BEGIN (reads) and BEGIN IMMEDIATE (writes, which then wait on busy_timeout
    # instead of failing when another process writes).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    # Checkpoints are `SQLiteCheckpointer`'s, off the writers' path; this only bounds the WAL should it
    # fall behind (SQLite then checkpoints inside a commit, as it does by default every 1,000 pages).
    cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_SAFETY_PAGES}")
    cursor.close()


WAL_SAFETY_PAGES = 16384
"""SQLite checkpoints inside a commit only past this many WAL pages (64 MiB of 4 KiB pages)."""


def _begin_sqlite(connection: Connection) -> None:
    immediate = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_database_engine(database_url: str) -> Engine:
    """One engine (one connection pool) per process for the configured database."""
    url = normalise_url(database_url)
    if is_sqlite(url):
        engine = create_engine(
            url,
            poolclass=QueuePool,
            pool_size=8,
            max_overflow=8,
            connect_args={"check_same_thread": False, "timeout": 5},
        )
        event.listen(engine, "connect", _configure_sqlite_connection)
        event.listen(engine, "begin", _begin_sqlite)
        return engine
    return create_engine(url, pool_size=8, max_overflow=8, pool_pre_ping=False)


WriteWatcher = Callable[[], None]
_WATCHERS_TO_CALL = "civility_watchers_to_call"


def _first_line(error: Exception) -> str:
    """A driver error's first line, for the 503's message (never the statement or its values)."""
    return str(error).splitlines()[0] if str(error) else "database: not answering"


class DatabaseUnavailable(Exception):
    """The database did not answer (down, unreachable, or busy past the timeout)."""


WRITE_WAIT_SECONDS = 5.0
"""How long a SQLite writer waits for its turn (as SQLite's busy_timeout) before the database is busy."""
_POLL_SECONDS = 0.0005


class SQLiteWriteQueue:
    """Writers of one SQLite database take turns: in this process, then among processes.

    SQLite has one writer at a time; a writer that finds the write lock taken sleeps in SQLite's busy
    handler for 1, 2, 5, 10, ... up to 100 ms between tries, and those sleeps were the tail of posting
    under load. Here the threads of a process queue on a lock (woken as soon as it is free), and the
    process then takes an exclusive `flock` on a lock file beside the database (`<file>-writer`),
    which the other worker processes take too; it is tried every half millisecond, never longer than
    `WRITE_WAIT_SECONDS` in all (then `DatabaseUnavailable`, as a busy timeout would be). A crashed
    process's lock is released by the kernel. An in-memory database has no lock file (one process).
    """

    def __init__(self, lock_path: Path | None) -> None:
        self._lock = threading.Lock()
        self._holder = threading.local()
        self._lock_path = lock_path
        self._file: int | None = None

    @classmethod
    def for_url(cls, database_url: str) -> SQLiteWriteQueue:
        name = make_url(database_url).database
        if not name or name == ":memory:" or name.startswith("file:"):
            return cls(None)
        return cls(Path(name).resolve().with_name(Path(name).name + "-writer"))

    @contextlib.contextmanager
    def turn(self) -> Iterator[None]:
        """Wait for this writer's turn (DatabaseUnavailable past WRITE_WAIT_SECONDS)."""
        if getattr(self._holder, "turn", False):  # a write inside a write: SQLite itself decides
            yield
            return
        deadline = time.monotonic() + WRITE_WAIT_SECONDS
        if not self._lock.acquire(timeout=WRITE_WAIT_SECONDS):
            raise DatabaseUnavailable("database: no turn to write within the wait")
        self._holder.turn = True
        try:
            descriptor = self._locked_file(deadline)
            try:
                yield
            finally:
                if descriptor is not None:
                    fcntl.flock(descriptor, fcntl.LOCK_UN)
        finally:
            self._holder.turn = False
            self._lock.release()

    def _locked_file(self, deadline: float) -> int | None:
        if self._lock_path is None:
            return None
        if self._file is None:
            try:
                self._file = os.open(self._lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            except OSError:  # a read-only folder: SQLite's own locking still keeps writers apart
                self._lock_path = None
                return None
        while True:
            try:
                fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return self._file
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise DatabaseUnavailable("database: no turn to write within the wait") from None
                time.sleep(_POLL_SECONDS)

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                os.close(self._file)
                self._file = None


class SQLiteCheckpointer:
    """Copies the WAL back into a SQLite database file on its own thread, not inside a writer's commit.

    By default SQLite checkpoints inside the COMMIT that takes the WAL past 1,000 pages (about 70 posts
    here): it copies those pages and fsyncs the WAL and the database file, 60-110 ms on this machine's
    disk, while every other writer waits for its turn (`SQLiteWriteQueue`); that stall was the tail of
    posting. Here, after every `every_writes` writes of this process, a daemon thread runs a PASSIVE
    checkpoint on its own connection, which writers do not wait for. A checkpoint that runs beside
    writers never catches up with the end of the WAL, and SQLite restarts the WAL from its start only
    once all of it is copied, so when the WAL holds more than `restart_pages` the thread then takes one
    writer's turn for a second checkpoint: only the pages written meanwhile are left to copy, a short
    wait, and the next writer restarts the WAL. Failures are left to the next round; the connections'
    `wal_autocheckpoint` (`WAL_SAFETY_PAGES`) still bounds the WAL. Started on the first writes, never at
    import; `close` stops it.
    """

    def __init__(
        self, path: Path, queue: SQLiteWriteQueue, every_writes: int = 64, restart_pages: int = 4096
    ) -> None:
        self.path = path
        self.every_writes = every_writes
        self.restart_pages = restart_pages
        self.checkpoints = 0
        """Checkpoints run so far (those in a writer's turn included)."""
        self._queue = queue
        self._writes = 0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @classmethod
    def for_url(cls, database_url: str, queue: SQLiteWriteQueue) -> SQLiteCheckpointer | None:
        name = make_url(database_url).database
        if not name or name == ":memory:" or name.startswith("file:"):
            return None
        return cls(Path(name).resolve(), queue)

    def wrote(self) -> None:
        """A write of this process committed (called after its turn ended; cheap)."""
        self._writes += 1  # an increment lost to a race only delays a checkpoint by one write
        if self._writes < self.every_writes:
            return
        self._writes = 0
        if self._thread is None:
            with self._lock:
                if self._thread is None and not self._stop.is_set():
                    self._thread = threading.Thread(
                        target=self._run, name="civility-sqlite-checkpoint", daemon=True
                    )
                    self._thread.start()
        self._wake.set()

    def _run(self) -> None:
        connection = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
        try:
            while True:
                self._wake.wait()
                self._wake.clear()
                if self._stop.is_set():
                    return
                try:
                    self._checkpoint(connection)
                except (sqlite3.Error, DatabaseUnavailable, OSError) as error:
                    logger.warning("WAL checkpoint failed (%s); retried later", type(error).__name__)
        finally:
            connection.close()

    def _checkpoint(self, connection: sqlite3.Connection) -> None:
        row = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        self.checkpoints += 1
        wal_pages = int(row[1]) if row is not None else 0
        if wal_pages >= self.restart_pages and not self._stop.is_set():
            with self._queue.turn():
                connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                self.checkpoints += 1

    def close(self) -> None:
        """Stop the thread (after the checkpoint it is running, if any)."""
        with self._lock:
            self._stop.set()
            thread = self._thread
        self._wake.set()
        if thread is not None:
            thread.join(timeout=WRITE_WAIT_SECONDS * 2)


_VERSION_SQL_SQLITE = "SELECT id, version FROM threads WHERE site = ? AND key = ?"
_VERSION_SQL_PG = "SELECT id, version FROM threads WHERE site = %s AND key = %s"


class Database:
    """The process's connection pool and the two ways to use it: read or write transactions."""

    def __init__(self, database_url: str) -> None:
        self.url = normalise_url(database_url)
        self.engine = create_database_engine(self.url)
        self.sqlite = is_sqlite(self.url)
        self._own = threading.local()
        self._own_lock = threading.Lock()
        self._own_connections: list[Any] = []
        self._watchers: list[tuple[frozenset[str], WriteWatcher]] = []
        self._write_queue = SQLiteWriteQueue.for_url(self.url) if self.sqlite else None
        self.checkpointer = (
            SQLiteCheckpointer.for_url(self.url, self._write_queue) if self._write_queue is not None else None
        )
        # the same pool, each statement committing by itself (PostgreSQL only: see `autocommit`)
        self._autocommit = (
            None if self.sqlite else self.engine.execution_options(isolation_level="AUTOCOMMIT")
        )

    def read(self) -> AbstractContextManager[Connection]:
        """A connection in a read transaction (rolled back on exit)."""
        return self.engine.connect()

    def autocommit(self) -> AbstractContextManager[Connection]:
        """A PostgreSQL connection on which each statement commits by itself: for a write that is one
        statement, or a read that is one SELECT, one round trip instead of three (no BEGIN, no COMMIT
        or ROLLBACK). Not for SQLite, whose writers must queue (`write`)."""
        if self._autocommit is None:
            raise RuntimeError("autocommit connections are for PostgreSQL; SQLite writers use write()")
        return self._autocommit.connect()

    def read_once(self) -> AbstractContextManager[Connection]:
        """A connection for one plain SELECT: autocommit on PostgreSQL (one round trip), a read
        transaction on SQLite (local and cheap)."""
        return self.read() if self._autocommit is None else self._autocommit.connect()

    def write(self) -> AbstractContextManager[Connection]:
        """A connection in a write transaction, committed on success and rolled back on error.

        On SQLite the writers queue for `SQLiteWriteQueue` first, so that they wait their turn instead
        of sleeping in SQLite's busy handler.
        """
        if self._write_queue is not None:
            return self._queued_write(self._write_queue)
        return self.engine.execution_options(**{WRITE_OPTION: True}).begin()

    @contextlib.contextmanager
    def _queued_write(self, queue: SQLiteWriteQueue) -> Iterator[Connection]:
        with queue.turn(), self.engine.execution_options(**{WRITE_OPTION: True}).begin() as connection:
            yield connection
        if self.checkpointer is not None:  # committed, and the turn is the next writer's
            self.checkpointer.wrote()

    @contextlib.contextmanager
    def sqlite_driver_write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction straight on the driver's connection (SQLite only), for the hottest write:
        SQLAlchemy's statement and transaction layers cost more there than SQLite's own work. The writer
        queues for its turn like `write`; a driver error becomes `DatabaseUnavailable` (busy, locked,
        disk) or propagates as the driver's (e.g. an integrity error: a bug, answered as one)."""
        queue = self._write_queue
        if queue is None:
            raise RuntimeError("sqlite_driver_write is for SQLite databases")
        with queue.turn():
            fairy = self.engine.raw_connection()
            try:
                connection = fairy.driver_connection
                assert isinstance(connection, sqlite3.Connection)
                try:
                    connection.execute("BEGIN IMMEDIATE")
                    try:
                        yield connection
                    except BaseException:
                        connection.execute("ROLLBACK")
                        raise
                    connection.execute("COMMIT")
                except sqlite3.OperationalError as error:
                    raise DatabaseUnavailable(_first_line(error)) from error
            finally:
                fairy.close()
        if self.checkpointer is not None:
            self.checkpointer.wrote()

    def sqlite_driver_read(self, sql: str, parameters: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        """The rows of one SELECT straight through the driver (SQLite only; autocommit, no BEGIN): for
        the reads made on every post, where SQLAlchemy's layers cost more than the query."""
        if not self.sqlite:
            raise RuntimeError("sqlite_driver_read is for SQLite databases")
        try:
            fairy = self.engine.raw_connection()  # a file that cannot be opened fails here already
        except sqlite3.OperationalError as error:
            raise DatabaseUnavailable(_first_line(error)) from error
        try:
            cursor = fairy.driver_connection.cursor()  # type: ignore[union-attr]
            try:
                cursor.execute(sql, parameters)
                return list(cursor.fetchall())
            finally:
                cursor.close()
        except sqlite3.OperationalError as error:
            raise DatabaseUnavailable(_first_line(error)) from error
        finally:
            fairy.close()

    def postgres_autocommit(
        self, sql: str, parameters: tuple[Any, ...] | dict[str, Any]
    ) -> list[tuple[Any, ...]]:
        """The rows of ONE statement run straight through libpq (PostgreSQL only, `storage/libpq.py`),
        committing by itself like `autocommit`, prepared on the server: for the statements of every
        post (the near-duplicate lookup, the hot write), where SQLAlchemy's statement, result and
        pool-event layers cost as much CPU as the statement (lookup 366 -> 207 us a call through a
        psycopg cursor, and 276 -> 104 through libpq; docs/performance.md). Values must be passed as the
        columns store them (timestamps naive UTC, JSON as text). A driver OperationalError becomes
        `DatabaseUnavailable`, and the connection is dropped from the pool."""
        if self.sqlite:
            raise RuntimeError("postgres_autocommit is for PostgreSQL databases")
        import psycopg  # here, not at import: a SQLite deployment never loads it

        from civility.storage import libpq

        try:
            fairy = self.engine.raw_connection()  # a server that is down fails here already
        except psycopg.OperationalError as error:
            raise DatabaseUnavailable(_first_line(error)) from error
        try:
            connection = fairy.driver_connection
            assert isinstance(connection, psycopg.Connection)
            if connection.pgconn.transaction_status == psycopg.pq.TransactionStatus.IDLE:
                # as the pool hands connections out: straight through libpq (`storage/libpq.py`)
                prepared = fairy.info.setdefault(libpq.PREPARED_KEY, set())
                return libpq.execute(connection, prepared, sql, parameters)
            connection.autocommit = True  # no BEGIN/COMMIT round trips: the statement commits by itself
            try:
                with connection.cursor() as cursor:
                    cursor.execute(sql, parameters)
                    return list(cursor.fetchall()) if cursor.description is not None else []
            finally:
                if not connection.closed:
                    connection.autocommit = False  # as the pool hands connections out
        except psycopg.OperationalError as error:
            fairy.invalidate(error)
            raise DatabaseUnavailable(_first_line(error)) from error
        finally:
            fairy.close()

    def thread_version(self, site: str, key: str) -> tuple[int, int] | None:
        """(id, version) of a thread, straight through the driver: the per-read cache check.

        This runs on every page read, so it skips SQLAlchemy's statement layer and transaction
        bookkeeping (a tenth of the cost); it is a single indexed SELECT either way.
        """
        if self.sqlite:
            rows = self.sqlite_driver_read(_VERSION_SQL_SQLITE, (site, key))
        else:
            rows = self.postgres_autocommit(_VERSION_SQL_PG, (site, key))
        return (int(rows[0][0]), int(rows[0][1])) if rows else None

    def thread_version_on_own_connection(self, site: str, key: str) -> tuple[int, int] | None:
        """Like `thread_version`, on a connection kept by the calling thread (the event loop's).

        The hot read path runs this on every anonymous page read; skipping the pool's checkout
        and reset halves its cost again. The connection is in autocommit mode (plain SELECTs
        only). Should it fail, it is dropped and the error propagates for the caller to fall back.
        """
        connection = getattr(self._own, "connection", None)
        if connection is None:
            fairy = self.engine.raw_connection()
            fairy.detach()  # ours now, outside the pool
            connection = fairy.dbapi_connection
            assert connection is not None
            if not self.sqlite:
                connection.autocommit = True
            self._own.connection = connection
            with self._own_lock:
                self._own_connections.append(connection)
        try:
            cursor = connection.cursor()
            try:
                cursor.execute(_VERSION_SQL_SQLITE if self.sqlite else _VERSION_SQL_PG, (site, key))
                row = cursor.fetchone()
            finally:
                cursor.close()
        except Exception:  # any driver failure: drop this broken connection, then let the caller see it
            self._own.connection = None
            with self._own_lock:
                if connection in self._own_connections:
                    self._own_connections.remove(connection)
            _close_quietly(connection)
            raise
        return None if row is None else (int(row[0]), int(row[1]))

    def watch_writes(self, tables: Iterable[str], watcher: WriteWatcher) -> None:
        """Call `watcher` when this process writes one of `tables`, and again once that transaction ended.

        For caches of rarely written tables: the first call comes with the INSERT, UPDATE or DELETE
        statement, the second when its connection went back to the pool, after the commit, so that a
        read made in between (which still saw the old rows) is dropped too. Writes by other processes
        are not seen: such caches keep their entries briefly.
        """
        with self._own_lock:
            if not self._watchers:
                event.listen(self.engine, "after_cursor_execute", self._saw_statement)
                event.listen(self.engine, "checkin", self._checked_in)
            self._watchers.append((frozenset(tables), watcher))

    def _saw_statement(
        self, connection: Connection, _cursor: Any, _sql: str, _params: Any, context: Any, _many: bool
    ) -> None:
        if context is None or not (context.isinsert or context.isupdate or context.isdelete):
            return
        table = getattr(getattr(context.compiled, "statement", None), "table", None)
        name = getattr(table, "name", None)
        watchers = [watcher for tables, watcher in self._watchers if name in tables]
        if not watchers:
            return
        connection.info.setdefault(_WATCHERS_TO_CALL, set()).update(watchers)
        for watcher in watchers:
            watcher()

    @staticmethod
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        watchers = record.info.pop(_WATCHERS_TO_CALL, None) if record is not None else None
        for watcher in watchers or ():
            watcher()

    def dispose(self) -> None:
        """Close every pooled connection and the threads' own connections."""
        with self._own_lock:
            own, self._own_connections = self._own_connections, []
        for connection in own:
            _close_quietly(connection)
        self._own = threading.local()
        if self.checkpointer is not None:
            self.checkpointer.close()
        self.engine.dispose()
        if self._write_queue is not None:
            self._write_queue.close()


def _close_quietly(connection: Any) -> None:
    # Closing a broken or foreign-thread connection: nothing is left to do if it fails.
    with contextlib.suppress(Exception):
        connection.close()
