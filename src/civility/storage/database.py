"""Engines for SQLite (WAL, foreign keys, one pool) and PostgreSQL (psycopg 3)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import QueuePool

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
    cursor.close()


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


_VERSION_SQL_SQLITE = "SELECT id, version FROM threads WHERE site = ? AND key = ?"
_VERSION_SQL_PG = "SELECT id, version FROM threads WHERE site = %s AND key = %s"


class Database:
    """The process's connection pool and the two ways to use it: read or write transactions."""

    def __init__(self, database_url: str) -> None:
        self.url = normalise_url(database_url)
        self.engine = create_database_engine(self.url)
        self.sqlite = is_sqlite(self.url)

    def read(self) -> AbstractContextManager[Connection]:
        """A connection in a read transaction (rolled back on exit)."""
        return self.engine.connect()

    def write(self) -> AbstractContextManager[Connection]:
        """A connection in a write transaction, committed on success and rolled back on error."""
        return self.engine.execution_options(**{WRITE_OPTION: True}).begin()

    def thread_version(self, site: str, key: str) -> tuple[int, int] | None:
        """(id, version) of a thread, straight through the driver: the per-read cache check.

        This runs on every page read, so it skips SQLAlchemy's statement layer and transaction
        bookkeeping (a tenth of the cost); it is a single indexed SELECT either way.
        """
        sql = _VERSION_SQL_SQLITE if self.sqlite else _VERSION_SQL_PG
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            try:
                cursor.execute(sql, (site, key))
                row = cursor.fetchone()
            finally:
                cursor.close()
            if not self.sqlite:
                raw.rollback()
        finally:
            raw.close()
        return None if row is None else (int(row[0]), int(row[1]))

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
