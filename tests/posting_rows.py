"""What the posting tests write and read back: a comment's row values, and everything a thread holds."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import psycopg
from sqlalchemy import JSON, Connection, bindparam, event, insert, select, text

from civility.storage import libpq
from civility.storage.database import Database
from civility.storage.posting import CommentRow
from civility.storage.reports import CANDIDATES_SQL, band_keys
from civility.storage.repositories import CommentRepository
from civility.storage.tables import UTCDateTime, comment_signatures, comments, metadata, threads

NOW = datetime(2026, 3, 1, 12, 30, 15, 123456, tzinfo=UTC)
SIGNATURE = tuple(range(1000, 1032))


def comment_row(**changes: Any) -> CommentRow:
    """A published comment by reader-1 in thread "k" of site "s", with every field set; `changes` apply."""
    comment = CommentRow(
        site="s",
        thread_key="k",
        thread_title="Title",
        thread_url="https://example.org/a",
        status="published",
        reader_id="reader-1",
        author_name="Ann",
        text="A comment",
        html="<p>A comment</p>",
        created_at=NOW,
        created_hour=494,
        author_ip_hash="abc",
        moderation_decision="allow",
        moderation_scores={"spam": 0.01, "hate": 0.0},
        moderation_spans=[{"start": 0, "end": 1, "category": "spam"}],
        moderation_note=None,
        signature=SIGNATURE,
    )
    return replace(comment, **changes)


def stored_rows(database: Database, key: str) -> dict[str, Any]:
    """Everything written for the thread `key`, raw (as the database holds it) and as Core reads it, with
    the ids counted from the thread's first comment (two threads written alike compare equal)."""
    with database.read() as connection:
        thread = connection.execute(select(threads).where(threads.c.key == key)).one()._asdict()
        found = [
            row._asdict()
            for row in connection.execute(
                select(comments).where(comments.c.thread_id == thread["id"]).order_by(comments.c.id)
            )
        ]
        ids = [row["id"] for row in found]
        signatures = [
            row._asdict()
            for row in connection.execute(
                select(comment_signatures)
                .where(comment_signatures.c.comment_id.in_(ids))
                .order_by(comment_signatures.c.comment_id)
            )
        ]
        raw = connection.execute(
            text(
                "SELECT c.created_at, c.moderation_scores, c.moderation_spans, c.moderation_note,"
                " t.created_at, t.last_comment_at FROM comments c JOIN threads t ON t.id = c.thread_id"
                " WHERE t.key = :key ORDER BY c.id"
            ),
            {"key": key},
        ).all()
    first = ids[0] if ids else 0
    for row in found:
        row["id"] -= first
        row.pop("thread_id")
        if row["parent_id"] is not None:
            row["parent_id"] -= first
    for row in signatures:
        row["comment_id"] -= first
    for name in ("id", "key"):
        thread.pop(name)
    return {
        "thread": thread,
        "comments": found,
        "signatures": signatures,
        "raw": [tuple(str(value) for value in row) for row in raw],
    }


def core_insert(
    connection: Connection, comment: CommentRow, thread_id: int, parent_id: int | None, depth: int
) -> int:
    """The comment and its signature through the general (Core) repositories, as `CommentService` wrote
    them before the hot writes: the reference the hot writes are compared with. Its id."""
    comment_id = CommentRepository(connection).insert(
        {
            "thread_id": thread_id,
            "site": comment.site,
            "parent_id": parent_id,
            "depth": depth,
            "status": comment.status,
            "reader_id": comment.reader_id,
            "author_name": comment.author_name,
            "text": comment.text,
            "html": comment.html,
            "created_at": comment.created_at,
            "created_hour": comment.created_hour,
            "author_ip_hash": comment.author_ip_hash,
            "moderation_decision": comment.moderation_decision,
            "moderation_scores": comment.moderation_scores,
            "moderation_spans": comment.moderation_spans,
            "moderation_note": comment.moderation_note,
        }
    )
    if comment.signature is not None:
        connection.execute(
            insert(comment_signatures).values(
                comment_id=comment_id,
                site=comment.site,
                reader_id=comment.reader_id,
                created_at=comment.created_at,
                signature=list(comment.signature),
                removed_as_spam=False,
            )
        )
    return comment_id


# The near-duplicate lookup through SQLAlchemy Core (its bound types convert the time and read the JSON):
# the reference `recent_signatures` is compared with
_CORE_CANDIDATES = (
    text(
        CANDIDATES_SQL.format(
            column="signature", site=":site", reader=":reader", since=":since", limit=":limit", keys=":keys"
        )
    )
    .bindparams(bindparam("since", type_=UTCDateTime), bindparam("keys", expanding=True))
    .columns(signature=JSON)
)


def core_candidates(
    connection: Connection, site: str, reader_id: str, since: datetime, limit: int, signature: Sequence[int]
) -> list[list[int]]:
    """What `recent_signatures` answers, read through SQLAlchemy Core."""
    rows = connection.execute(
        _CORE_CANDIDATES,
        {"site": site, "reader": reader_id, "since": since, "limit": limit, "keys": band_keys(signature)},
    )
    return [list(row[0]) for row in rows]


def empty_postgres(postgres_url: str) -> None:
    """Every table of the schema emptied (a test that needs its own connections and known ids)."""
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        names = ", ".join(table.name for table in metadata.sorted_tables)
        admin.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")


def wait_until_blocked(postgres_url: str, statement_marker: str, failure: str) -> None:
    """Poll (deadline 30 s) until one backend of this database waits on a lock while running a statement
    that holds `statement_marker`."""
    with psycopg.connect(postgres_url, autocommit=True) as watcher:
        deadline = time.monotonic() + 30
        while watcher.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock' AND query LIKE %s",
            (f"%{statement_marker}%",),
        ).fetchone() != (1,):
            assert time.monotonic() < deadline, failure
            threading.Event().wait(0.01)


@contextlib.contextmanager
def traced_statements(database: Database) -> Iterator[list[str]]:
    """The statements the driver runs, whoever calls it, on connections checked out inside the block (a
    traced connection goes on tracing until the database is disposed: read the list inside the block):
    on PostgreSQL those of psycopg's cursors and those run straight through libpq (`storage/libpq.py`)."""
    statements: list[str] = []
    straight = libpq.execute

    def traced_execute(connection: Any, prepared: Any, sql: str, parameters: Any) -> list[tuple[Any, ...]]:
        statements.append(sql)
        return straight(connection, prepared, sql, parameters)

    class TracedCursor(psycopg.Cursor[Any]):
        def execute(self, query: Any, params: Any = None, **options: Any) -> TracedCursor:
            statements.append(str(query))
            super().execute(query, params, **options)
            return self

    def traced(dbapi_connection: Any, *_args: Any) -> None:
        if database.sqlite:
            dbapi_connection.set_trace_callback(statements.append)
        else:
            dbapi_connection.cursor_factory = TracedCursor

    event.listen(database.engine, "checkout", traced)
    libpq.execute = traced_execute  # type: ignore[assignment]
    try:
        yield statements
    finally:
        libpq.execute = straight  # type: ignore[assignment]
        event.remove(database.engine, "checkout", traced)
