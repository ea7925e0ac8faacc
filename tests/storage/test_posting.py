"""The hot write of a top-level comment stores exactly what the general (Core) path stores."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta

import psycopg
import pytest
from posting_rows import (
    NOW,
    SIGNATURE,
    comment_row,
    core_candidates,
    core_insert,
    empty_postgres,
    stored_rows,
    traced_statements,
    wait_until_blocked,
)
from sqlalchemy import select

from civility.storage.database import Database, DatabaseUnavailable
from civility.storage.posting import CommentRow, write_root_comment
from civility.storage.reports import SignatureRepository, recent_signatures
from civility.storage.repositories import ThreadRepository
from civility.storage.tables import comment_signatures, comments


def _core_write(database: Database, comment: CommentRow) -> tuple[int, int]:
    """The general path (`CommentService` before the hot path, and for replies today)."""
    with database.write() as connection:
        thread_repo = ThreadRepository(connection)
        thread = thread_repo.get_or_create(
            comment.site, comment.thread_key, comment.thread_title, comment.thread_url, comment.created_at
        )
        comment_id = core_insert(connection, comment, thread.id, None, 0)
        thread_repo.record_change(
            thread.id,
            comment_delta=int(comment.published),
            root_delta=int(comment.published),
            last_comment_at=comment.created_at if comment.published else None,
        )
    return thread.id, comment_id


def test_the_hot_write_stores_what_the_core_path_stores(database: Database) -> None:
    later = NOW + timedelta(minutes=5)
    posts = [
        comment_row(),
        comment_row(status="pending", moderation_decision="hold", created_at=later),
        comment_row(moderation_scores=None, moderation_spans=None, signature=None, author_ip_hash=None),
        comment_row(moderation_note={"engine": "hold", "model": "allow", "p": 0.2}, text="Another"),
    ]
    for post in posts:
        hot = write_root_comment(database, replace(post, thread_key="hot"))
        core = _core_write(database, replace(post, thread_key="core"))
        assert hot[0] != core[0]
    hot_rows, core_rows = stored_rows(database, "hot"), stored_rows(database, "core")
    assert hot_rows == core_rows
    assert hot_rows["thread"]["version"] == 4
    assert (hot_rows["thread"]["comment_count"], hot_rows["thread"]["root_count"]) == (3, 3)
    assert hot_rows["thread"]["last_comment_at"] == NOW  # the held comment did not move it
    assert len(hot_rows["signatures"]) == 3


def test_the_hot_write_is_one_statement_on_postgresql(database: Database) -> None:
    write_root_comment(database, comment_row())  # the thread exists now
    with traced_statements(database) as statements:
        _thread_id, comment_id = write_root_comment(database, comment_row(text="Second"))
        written = list(statements)
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
    empty_postgres(postgres_url)
    database = Database(postgres_url)
    rival = psycopg.connect(postgres_url)  # creates the thread first, and commits only when told
    try:
        rival_id = rival.execute(
            "INSERT INTO threads (site, key, title, url, created_at) VALUES ('s', 'k', 'Rival', '', now())"
            " RETURNING id"
        ).fetchone()
        answer: dict[str, tuple[int, int]] = {}
        writer = threading.Thread(
            target=lambda: answer.update(ids=write_root_comment(database, comment_row()))
        )
        writer.start()
        wait_until_blocked(postgres_url, "WITH bumped", "the hot write never waited on the rival's thread")
        rival.commit()
        writer.join(timeout=30)
        assert not writer.is_alive()
    finally:
        rival.close()
    try:
        assert rival_id is not None and answer["ids"][0] == rival_id[0]
        stored = stored_rows(database, "k")
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
            comment_row(
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
            core = core_candidates(connection, "s", reader, since, limit, probe)
        assert recent_signatures(database, "s", reader, since, limit, probe) == core
        assert all(isinstance(value, int) for found in core for value in found)
    with database.read() as connection:
        assert len(core_candidates(connection, "s", "reader-0", NOW, 2, removed)) == 3


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
            write_root_comment(database, comment_row())
        with pytest.raises(DatabaseUnavailable):
            database.thread_version("s", "k")
    finally:
        database.dispose()
