"""Service invariants under many operations: counters always equal what the rows say."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from civility.comments.errors import DomainError
from civility.comments.inputs import NewComment
from civility.comments.service import CommentService
from civility.settings import SiteSettings
from civility.storage.database import Database
from civility.storage.tables import VISIBLE_STATUSES, CommentStatus, comments, threads


def _service(database: Database) -> CommentService:
    return CommentService(database=database, sites={"s": SiteSettings()}, secret="test-secret")


def _check_counters(database: Database) -> None:
    with database.read() as connection:
        thread = connection.execute(select(threads)).one()
        published = connection.execute(
            select(func.count()).where(comments.c.status == CommentStatus.PUBLISHED.value)
        ).scalar_one()
        roots = connection.execute(
            select(func.count()).where(
                comments.c.parent_id.is_(None), comments.c.status.in_(VISIBLE_STATUSES)
            )
        ).scalar_one()
        assert (thread.comment_count, thread.root_count) == (published, roots)
        child = comments.alias("child")
        rows = connection.execute(
            select(
                comments.c.id,
                comments.c.status,
                comments.c.reply_count,
                select(func.count())
                .where(child.c.parent_id == comments.c.id, child.c.status.in_(VISIBLE_STATUSES))
                .scalar_subquery(),
            )
        ).all()
    for comment_id, status, reply_count, visible_children in rows:
        assert reply_count == visible_children, comment_id
        if status == CommentStatus.DELETED.value:
            assert visible_children > 0, f"tombstone {comment_id} without replies was kept"


def test_counters_match_the_rows_after_random_posts_and_deletes(database: Database) -> None:
    service = _service(database)
    rng = random.Random(20261124)
    readers = [f"reader-{n:04d}" for n in range(4)]
    alive: dict[int, str] = {}
    for step in range(160):
        if alive and rng.random() < 0.35:
            comment_id = rng.choice(sorted(alive))
            service.delete_comment("s", comment_id, alive.pop(comment_id))
        else:
            parent = rng.choice(sorted(alive)) if alive and rng.random() < 0.7 else None
            reader = rng.choice(readers)
            try:
                new = NewComment(thread="k", author_name="A", text=f"step {step}", parent_id=parent)
                made = service.create_comment("s", new, reader)
            except DomainError:
                continue
            alive[made["id"]] = reader
        _check_counters(database)


def test_concurrent_votes_are_all_counted(database: Database) -> None:
    service = _service(database)
    target = service.create_comment("s", NewComment(thread="k", author_name="A", text="vote"), "author-0001")
    voters = [f"voter-{n:04d}" for n in range(16)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda v: service.vote("s", target["id"], 1, v), voters))
        list(pool.map(lambda v: service.vote("s", target["id"], -1, v), voters[:6]))
    with database.read() as connection:
        row = connection.execute(
            select(comments.c.upvotes, comments.c.downvotes, comments.c.score).where(
                comments.c.id == target["id"]
            )
        ).one()
    assert tuple(row) == (10, 6, 4)
