"""The hot write of a reply stores exactly what the general (Core) path stored, and refuses as it did."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from sqlalchemy import event, select, text

from civility.storage.database import Database
from civility.storage.posting import CommentRow, ReplyRefused, WrittenReply, write_reply, write_root_comment
from civility.storage.reports import SignatureRepository
from civility.storage.repositories import CommentRepository, ThreadRepository
from civility.storage.tables import comment_signatures, comments, metadata, threads

NOW = datetime(2026, 3, 1, 12, 30, 15, 123456, tzinfo=UTC)
MAX_DEPTH = 3


def _row(**changes: Any) -> CommentRow:
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
        signature=tuple(range(1000, 1032)),
    )
    return replace(comment, **changes)


def _core_reply(database: Database, comment: CommentRow, parent_id: int) -> tuple[int, int]:
    """The general path replies took before the hot write (`CommentService._write_reply` then)."""
    with database.write() as connection:
        thread_repo = ThreadRepository(connection)
        repo = CommentRepository(connection)
        parent = repo.get(parent_id, for_update=True)
        assert parent is not None
        comment_id = repo.insert(
            {
                "thread_id": parent.thread_id,
                "site": comment.site,
                "parent_id": parent_id,
                "depth": parent.depth + 1,
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
        if comment.published:
            repo.adjust_reply_count(parent.id, 1)
        thread_repo.record_change(
            parent.thread_id,
            comment_delta=int(comment.published),
            last_comment_at=comment.created_at if comment.published else None,
        )
    return parent.thread_id, comment_id


def _stored(database: Database, key: str) -> dict[str, Any]:
    """Everything written for the thread `key`, raw and as Core reads it, ids made relative."""
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
                " t.last_comment_at FROM comments c JOIN threads t ON t.id = c.thread_id"
                " WHERE t.key = :key ORDER BY c.id"
            ),
            {"key": key},
        ).all()
    first = ids[0]
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


def _reply(database: Database, comment: CommentRow, parent_id: int) -> WrittenReply:
    written = write_reply(database, comment, parent_id, MAX_DEPTH)
    assert isinstance(written, WrittenReply), written
    return written


def test_the_hot_reply_stores_what_the_core_path_stores(database: Database) -> None:
    later = NOW + timedelta(minutes=5)
    replies = [
        _row(text="First reply", author_name="Bob"),
        _row(status="pending", moderation_decision="hold", created_at=later),
        _row(moderation_scores=None, moderation_spans=None, signature=None, author_ip_hash=None),
        _row(moderation_note={"engine": "hold", "model": "allow", "p": 0.2}, text="Another"),
    ]
    for key, write in (("hot", _reply), ("core", _core_reply)):
        _thread, root = write_root_comment(database, _row(thread_key=key, text="The root"))
        parent = root
        for reply in replies:
            written = write(database, replace(reply, thread_key=key), parent)
            comment_id = written.comment_id if isinstance(written, WrittenReply) else written[1]
            if reply.status == "published" and parent == root:
                parent = comment_id  # the next reply nests under this one
    hot, core = _stored(database, "hot"), _stored(database, "core")
    assert hot == core
    assert hot["thread"]["version"] == 5
    assert (hot["thread"]["comment_count"], hot["thread"]["root_count"]) == (4, 1)
    assert [row["depth"] for row in hot["comments"]] == [0, 1, 2, 2, 2]
    assert [row["reply_count"] for row in hot["comments"]] == [1, 2, 0, 0, 0]


def test_a_reply_answers_its_depth_and_its_parents_author(database: Database) -> None:
    thread_id, root = write_root_comment(database, _row(author_name="Root author"))
    written = _reply(database, _row(author_name="Bob"), root)
    assert (written.thread_id, written.depth, written.parent_author) == (thread_id, 1, "Root author")


def test_a_reply_is_refused_as_the_general_path_refused_it(database: Database) -> None:
    _thread, root = write_root_comment(database, _row())
    _other_thread, elsewhere = write_root_comment(database, _row(thread_key="other"))
    _held_thread, held = write_root_comment(database, _row(status="pending", moderation_decision="hold"))
    deepest = root
    for _ in range(MAX_DEPTH):
        deepest = _reply(database, _row(), deepest).comment_id
    before = _stored(database, "k")
    assert write_reply(database, _row(), 10**9, MAX_DEPTH) is ReplyRefused.NO_PARENT
    assert write_reply(database, _row(), elsewhere, MAX_DEPTH) is ReplyRefused.NO_PARENT  # another thread
    assert write_reply(database, _row(thread_key="new"), root, MAX_DEPTH) is ReplyRefused.NO_PARENT
    assert write_reply(database, _row(), held, MAX_DEPTH) is ReplyRefused.CLOSED
    assert write_reply(database, _row(), deepest, MAX_DEPTH) is ReplyRefused.TOO_DEEP
    assert _stored(database, "k") == before  # nothing was written, no counter moved


def test_the_hot_reply_is_one_statement_on_postgresql(database: Database) -> None:
    _thread, root = write_root_comment(database, _row())
    statements: list[str] = []

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
    try:
        _reply(database, _row(text="A reply"), root)
    finally:
        event.remove(database.engine, "checkout", traced)
    written = list(statements)
    if database.sqlite:  # the parent checked, the reply, its signature, the counters: one transaction
        assert [statement.split()[0] for statement in written] == [
            "BEGIN",
            "SELECT",
            "INSERT",
            "INSERT",
            "UPDATE",
            "UPDATE",
            "COMMIT",
        ]
    else:
        assert len(written) == 1 and written[0].lstrip().startswith("WITH parent")


@pytest.mark.postgres
def test_a_reply_waiting_on_its_parent_sees_it_rejected_and_is_refused(postgres_url: str) -> None:
    """PostgreSQL: a moderator rejects the parent while the reply waits on its row; the reply is then
    checked against the rejected parent, as SELECT ... FOR UPDATE made the general path do."""
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        names = ", ".join(table.name for table in metadata.sorted_tables)
        admin.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    database = Database(postgres_url)
    moderator = psycopg.connect(postgres_url)
    try:
        _thread, root = write_root_comment(database, _row())
        moderator.execute("UPDATE comments SET status = 'rejected' WHERE id = %s", (root,))
        answer: dict[str, object] = {}
        writer = threading.Thread(
            target=lambda: answer.update(result=write_reply(database, _row(), root, MAX_DEPTH))
        )
        writer.start()
        with psycopg.connect(postgres_url, autocommit=True) as watcher:
            deadline = time.monotonic() + 30
            while watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND wait_event_type = 'Lock' AND query LIKE '%WITH parent%'"
            ).fetchone() != (1,):
                assert time.monotonic() < deadline, "the reply never waited on the parent's row"
                threading.Event().wait(0.01)
        moderator.commit()
        writer.join(timeout=30)
        assert not writer.is_alive()
        assert answer["result"] is ReplyRefused.CLOSED
        stored = _stored(database, "k")
        assert [row["text"] for row in stored["comments"]] == ["A comment"]
        assert stored["comments"][0]["reply_count"] == 0
        assert stored["thread"]["version"] == 1
    finally:
        moderator.close()
        database.dispose()
