"""Repository behaviour that the service relies on: one page statement, counts, cascades."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import event

from civility.storage.database import Database
from civility.storage.records import SortOrder
from civility.storage.repositories import CommentRepository, ThreadRepository
from civility.storage.tables import CommentStatus, threads

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _comment(thread_id: int, parent: int | None, depth: int, name: str) -> dict[str, object]:
    return {
        "thread_id": thread_id,
        "site": "s",
        "parent_id": parent,
        "depth": depth,
        "status": CommentStatus.PUBLISHED.value,
        "reader_id": "r" * 10,
        "author_name": name,
        "text": name,
        "html": f"<p>{name}</p>",
        "created_at": NOW,
        "created_hour": 0,
    }


def test_a_page_with_its_nested_replies_is_one_statement(database: Database) -> None:
    with database.write() as connection:
        thread = ThreadRepository(connection).get_or_create("s", "k", "T", "", NOW)
        repo = CommentRepository(connection)
        top = repo.insert(_comment(thread.id, None, 0, "top"))
        parent = top
        for depth in range(1, 6):
            parent = repo.insert(_comment(thread.id, parent, depth, f"d{depth}"))
    statements: list[str] = []
    with database.read() as connection:
        event.listen(connection, "before_cursor_execute", lambda *a: statements.append(a[2]))
        records = CommentRepository(connection).page(thread.id, None, SortOrder.NEWEST, None, 10)
    assert [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))] == statements[-1:]
    assert sorted((r.level, r.author_name) for r in records) == [(0, "top"), (1, "d1"), (2, "d2"), (3, "d3")]


def test_get_or_create_keeps_the_first_title(database: Database) -> None:
    with database.write() as connection:
        threads = ThreadRepository(connection)
        first = threads.get_or_create("s", "k", "First", "https://a", NOW)
        again = threads.get_or_create("s", "k", "Second", "https://b", NOW)
    assert first.id == again.id and again.title == "First"


def test_removing_a_thread_removes_its_comments(database: Database) -> None:
    with database.write() as connection:
        thread = ThreadRepository(connection).get_or_create("s", "k", "T", "", NOW)
        comment = CommentRepository(connection).insert(_comment(thread.id, None, 0, "a"))
    with database.write() as connection:
        connection.execute(threads.delete().where(threads.c.id == thread.id))
    with database.read() as connection:
        assert CommentRepository(connection).get(comment) is None
