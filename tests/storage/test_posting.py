"""The hot write of a top-level comment stores exactly what the general (Core) path stores."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from sqlalchemy import event, select, text

from civility.storage.database import Database, DatabaseUnavailable
from civility.storage.posting import CommentRow, write_root_comment
from civility.storage.reports import SignatureRepository, recent_signatures
from civility.storage.repositories import CommentRepository, ThreadRepository
from civility.storage.tables import comment_signatures, comments, metadata, threads

NOW = datetime(2026, 3, 1, 12, 30, 15, 123456, tzinfo=UTC)
SIGNATURE = tuple(range(1000, 1032))


def _root(**changes: Any) -> CommentRow:
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


def _core_write(database: Database, comment: CommentRow) -> tuple[int, int]:
    """The general path (`CommentService` before the hot path, and for replies today)."""
    with database.write() as connection:
        thread_repo = ThreadRepository(connection)
        thread = thread_repo.get_or_create(
            comment.site, comment.thread_key, comment.thread_title, comment.thread_url, comment.created_at
        )
        comment_id = CommentRepository(connection).insert(
            {
                "thread_id": thread.id,
                "site": comment.site,
                "parent_id": None,
                "depth": 0,
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
            SignatureRepository(connection).add(
                comment_id, comment.site, comment.reader_id, comment.signature, comment.created_at
            )
        thread_repo.record_change(
            thread.id,
            comment_delta=int(comment.published),
            root_delta=int(comment.published),
            last_comment_at=comment.created_at if comment.published else None,
        )
    return thread.id, comment_id


def _stored(database: Database, key: str) -> dict[str, Any]:
    """Everything written for the thread `key`, raw (as the database holds it) and as Core reads it."""
    with database.read() as connection:
        thread = connection.execute(select(threads).where(threads.c.key == key)).one()._asdict()
        rows = connection.execute(
            select(comments).where(comments.c.thread_id == thread["id"]).order_by(comments.c.id)
        ).all()
        found = [row._asdict() for row in rows]
        ids = [row["id"] for row in found]
        signatures = connection.execute(
            select(comment_signatures)
            .where(comment_signatures.c.comment_id.in_(ids))
            .order_by(comment_signatures.c.comment_id)
        ).all()
        raw = connection.execute(
            text(
                "SELECT c.created_at, c.moderation_scores, c.moderation_spans, c.moderation_note,"
                " t.created_at, t.last_comment_at FROM comments c JOIN threads t ON t.id = c.thread_id"
                " WHERE t.key = :key ORDER BY c.id"
            ),
            {"key": key},
        ).all()
    for row in found:
        row.pop("id")
        row.pop("thread_id")
    thread.pop("id")
    thread.pop("key")
    kept = [row._asdict() for row in signatures]
    for row in kept:
        row.pop("comment_id")
    return {
        "thread": thread,
        "comments": found,
        "signatures": kept,
        "raw": [tuple(str(value) for value in row) for row in raw],
    }


def test_the_hot_write_stores_what_the_core_path_stores(database: Database) -> None:
    later = NOW + timedelta(minutes=5)
    posts = [
        _root(),
        _root(status="pending", moderation_decision="hold", created_at=later),
        _root(moderation_scores=None, moderation_spans=None, signature=None, author_ip_hash=None),
        _root(moderation_note={"engine": "hold", "model": "allow", "p": 0.2}, text="Another"),
    ]
    for post in posts:
        hot = write_root_comment(database, replace(post, thread_key="hot"))
        core = _core_write(database, replace(post, thread_key="core"))
        assert hot[0] != core[0]
    hot_rows, core_rows = _stored(database, "hot"), _stored(database, "core")
    assert hot_rows == core_rows
    assert hot_rows["thread"]["version"] == 4
    assert (hot_rows["thread"]["comment_count"], hot_rows["thread"]["root_count"]) == (3, 3)
    assert hot_rows["thread"]["last_comment_at"] == NOW  # the held comment did not move it
    assert len(hot_rows["signatures"]) == 3


def test_the_hot_write_is_one_statement_on_postgresql(database: Database) -> None:
    write_root_comment(database, _root())  # the thread exists now
    statements: list[str] = []

    class TracedCursor(psycopg.Cursor[Any]):
        def execute(self, query: Any, params: Any = None, **options: Any) -> TracedCursor:
            statements.append(str(query))
            super().execute(query, params, **options)
            return self

    def traced(dbapi_connection: Any, *_args: Any) -> None:  # what the driver runs, whoever calls it
        if database.sqlite:
            dbapi_connection.set_trace_callback(statements.append)
        else:
            dbapi_connection.cursor_factory = TracedCursor

    event.listen(database.engine, "checkout", traced)
    try:
        _thread_id, comment_id = write_root_comment(database, _root(text="Second"))
    finally:
        event.remove(database.engine, "checkout", traced)
    written = list(statements)  # (a traced connection goes on tracing until the database is disposed)
    if database.sqlite:  # the thread's counters, the comment, its signature, in one write transaction
        assert [statement.split()[0] for statement in written] == [
            "BEGIN",
            "UPDATE",
            "INSERT",
            "INSERT",
            "COMMIT",
        ]
    else:
        assert len(written) == 1 and written[0].lstrip().startswith("WITH")
    with database.read() as connection:
        stored = connection.execute(select(comments.c.text).where(comments.c.id == comment_id)).scalar()
    assert stored == "Second"


@pytest.mark.postgres
def test_two_first_comments_racing_to_create_a_thread_both_land_on_it(postgres_url: str) -> None:
    """PostgreSQL: the write that loses the race to create the thread writes nothing, then runs again."""
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        names = ", ".join(table.name for table in metadata.sorted_tables)
        admin.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    database = Database(postgres_url)
    rival = psycopg.connect(postgres_url)  # creates the thread first, and commits only when told
    try:
        rival_id = rival.execute(
            "INSERT INTO threads (site, key, title, url, created_at) VALUES ('s', 'k', 'Rival', '', now())"
            " RETURNING id"
        ).fetchone()
        answer: dict[str, tuple[int, int]] = {}
        writer = threading.Thread(target=lambda: answer.update(ids=write_root_comment(database, _root())))
        writer.start()
        with psycopg.connect(postgres_url, autocommit=True) as watcher:
            deadline = time.monotonic() + 30
            while watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND wait_event_type = 'Lock' AND query LIKE '%WITH bumped%'"
            ).fetchone() != (1,):
                assert time.monotonic() < deadline, "the hot write never waited on the rival's thread"
                threading.Event().wait(0.01)
        rival.commit()
        writer.join(timeout=30)
        assert not writer.is_alive()
    finally:
        rival.close()
    try:
        assert rival_id is not None and answer["ids"][0] == rival_id[0]
        stored = _stored(database, "k")
        assert stored["thread"]["title"] == "Rival"
        assert (stored["thread"]["version"], stored["thread"]["comment_count"]) == (1, 1)
        assert [row["text"] for row in stored["comments"]] == ["A comment"]
        assert len(stored["signatures"]) == 1
    finally:
        database.dispose()


def test_recent_signatures_answers_as_the_core_query(database: Database) -> None:
    for n in range(6):
        write_root_comment(
            database,
            _root(
                reader_id=f"reader-{n % 2}",
                created_at=NOW + timedelta(minutes=n),
                signature=tuple(range(n, n + 32)),
            ),
        )
    with database.write() as connection:  # moderators removed reader-1's first comment as spam
        first = connection.execute(
            select(comment_signatures.c.comment_id).where(comment_signatures.c.reader_id == "reader-1")
        ).scalar()
        assert first is not None and SignatureRepository(connection).mark_removed_as_spam(first)
    removed = tuple(range(1, 33))
    for reader, since, limit, probe in [
        ("reader-0", NOW, 20, SIGNATURE),
        ("reader-0", NOW + timedelta(minutes=2), 20, SIGNATURE),
        ("reader-0", NOW, 2, removed),  # the removed comment shares every band with this probe
        ("reader-1", NOW + timedelta(minutes=3), 20, removed),
        ("nobody", NOW, 20, SIGNATURE),
    ]:
        with database.read() as connection:
            core = SignatureRepository(connection).candidates("s", reader, since, limit, probe)
        assert recent_signatures(database, "s", reader, since, limit, probe) == core
        assert all(isinstance(value, int) for found in core for value in found)
    with database.read() as connection:
        assert len(SignatureRepository(connection).candidates("s", "reader-0", NOW, 2, removed)) == 3


def test_a_postgresql_backend_that_died_under_the_pool_answers_unavailable_once(postgres_url: str) -> None:
    database = Database(postgres_url)  # the session's database: other tests' rows may be there
    lookup = ("s", "reader-nobody", NOW - timedelta(days=1), 20, tuple(range(5000, 5032)))
    try:
        assert recent_signatures(database, *lookup) == []  # and the connection goes back to the pool
        with psycopg.connect(postgres_url, autocommit=True) as admin:  # the server drops our sessions
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        with pytest.raises(DatabaseUnavailable):
            recent_signatures(database, *lookup)
        # the dead connection left the pool: the next lookup opens a fresh one and answers
        assert recent_signatures(database, *lookup) == []
    finally:
        database.dispose()


@pytest.mark.postgres
def test_a_postgresql_server_that_does_not_answer_makes_the_hot_statements_unavailable() -> None:
    database = Database("postgresql://postgres@127.0.0.1:1/nowhere")  # nothing listens on port 1
    try:
        with pytest.raises(DatabaseUnavailable):
            recent_signatures(database, "s", "reader-0", NOW, 20, SIGNATURE)
        with pytest.raises(DatabaseUnavailable):
            write_root_comment(database, _root())
        with pytest.raises(DatabaseUnavailable):
            database.thread_version("s", "k")
    finally:
        database.dispose()
