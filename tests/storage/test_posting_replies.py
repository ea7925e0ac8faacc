"""The hot write of a reply stores exactly what the general (Core) path stored, and refuses as it did."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta

import psycopg
import pytest
from posting_rows import (
    NOW,
    comment_row,
    core_insert,
    empty_postgres,
    stored_rows,
    traced_statements,
    wait_until_blocked,
)

from civility.storage.database import Database
from civility.storage.posting import CommentRow, ReplyRefused, WrittenReply, write_reply, write_root_comment
from civility.storage.repositories import CommentRepository, ThreadRepository

MAX_DEPTH = 3


def _core_reply(database: Database, comment: CommentRow, parent_id: int) -> tuple[int, int]:
    """The general path replies took before the hot write (`CommentService._write_reply` then)."""
    with database.write() as connection:
        thread_repo = ThreadRepository(connection)
        repo = CommentRepository(connection)
        parent = repo.get(parent_id, for_update=True)
        assert parent is not None
        comment_id = core_insert(connection, comment, parent.thread_id, parent_id, parent.depth + 1)
        if comment.published:
            repo.adjust_reply_count(parent.id, 1)
        thread_repo.record_change(
            parent.thread_id,
            comment_delta=int(comment.published),
            last_comment_at=comment.created_at if comment.published else None,
        )
    return parent.thread_id, comment_id


def _reply(database: Database, comment: CommentRow, parent_id: int) -> WrittenReply:
    written = write_reply(database, comment, parent_id, MAX_DEPTH)
    assert isinstance(written, WrittenReply), written
    return written


def test_the_hot_reply_stores_what_the_core_path_stores(database: Database) -> None:
    later = NOW + timedelta(minutes=5)
    replies = [
        comment_row(text="First reply", author_name="Bob"),
        comment_row(status="pending", moderation_decision="hold", created_at=later),
        comment_row(moderation_scores=None, moderation_spans=None, signature=None, author_ip_hash=None),
        comment_row(moderation_note={"engine": "hold", "model": "allow", "p": 0.2}, text="Another"),
    ]
    for key, write in (("hot", _reply), ("core", _core_reply)):
        _thread, root = write_root_comment(database, comment_row(thread_key=key, text="The root"))
        parent = root
        for reply in replies:
            written = write(database, replace(reply, thread_key=key), parent)
            comment_id = written.comment_id if isinstance(written, WrittenReply) else written[1]
            if reply.status == "published" and parent == root:
                parent = comment_id  # the next reply nests under this one
    hot, core = stored_rows(database, "hot"), stored_rows(database, "core")
    assert hot == core
    assert hot["thread"]["version"] == 5
    assert (hot["thread"]["comment_count"], hot["thread"]["root_count"]) == (4, 1)
    assert [row["depth"] for row in hot["comments"]] == [0, 1, 2, 2, 2]
    assert [row["reply_count"] for row in hot["comments"]] == [1, 2, 0, 0, 0]


def test_a_reply_answers_its_depth_and_its_parents_author(database: Database) -> None:
    thread_id, root = write_root_comment(database, comment_row(author_name="Root author"))
    written = _reply(database, comment_row(author_name="Bob"), root)
    assert (written.thread_id, written.depth, written.parent_author) == (thread_id, 1, "Root author")


def test_a_reply_is_refused_as_the_general_path_refused_it(database: Database) -> None:
    _thread, root = write_root_comment(database, comment_row())
    _other_thread, elsewhere = write_root_comment(database, comment_row(thread_key="other"))
    _held_thread, held = write_root_comment(
        database, comment_row(status="pending", moderation_decision="hold")
    )
    deepest = root
    for _ in range(MAX_DEPTH):
        deepest = _reply(database, comment_row(), deepest).comment_id
    before = stored_rows(database, "k")
    assert write_reply(database, comment_row(), 10**9, MAX_DEPTH) is ReplyRefused.NO_PARENT
    assert (
        write_reply(database, comment_row(), elsewhere, MAX_DEPTH) is ReplyRefused.NO_PARENT
    )  # another thread
    assert write_reply(database, comment_row(thread_key="new"), root, MAX_DEPTH) is ReplyRefused.NO_PARENT
    assert write_reply(database, comment_row(), held, MAX_DEPTH) is ReplyRefused.CLOSED
    assert write_reply(database, comment_row(), deepest, MAX_DEPTH) is ReplyRefused.TOO_DEEP
    assert stored_rows(database, "k") == before  # nothing was written, no counter moved


def test_the_hot_reply_is_one_statement_on_postgresql(database: Database) -> None:
    _thread, root = write_root_comment(database, comment_row())
    with traced_statements(database) as statements:
        _reply(database, comment_row(text="A reply"), root)
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
    empty_postgres(postgres_url)
    database = Database(postgres_url)
    moderator = psycopg.connect(postgres_url)
    try:
        _thread, root = write_root_comment(database, comment_row())
        moderator.execute("UPDATE comments SET status = 'rejected' WHERE id = %s", (root,))
        answer: dict[str, object] = {}
        writer = threading.Thread(
            target=lambda: answer.update(result=write_reply(database, comment_row(), root, MAX_DEPTH))
        )
        writer.start()
        wait_until_blocked(postgres_url, "WITH parent", "the reply never waited on the parent's row")
        moderator.commit()
        writer.join(timeout=30)
        assert not writer.is_alive()
        assert answer["result"] is ReplyRefused.CLOSED
        stored = stored_rows(database, "k")
        assert [row["text"] for row in stored["comments"]] == ["A comment"]
        assert stored["comments"][0]["reply_count"] == 0
        assert stored["thread"]["version"] == 1
    finally:
        moderator.close()
        database.dispose()
