"""SQL of the hot write: a new top-level comment, its thread's counters, and its near-duplicate signature.

createComment runs at hundreds a second, and per post it used to build its statements anew and run
five or six of them in a transaction (find the thread, maybe create it, insert the comment, insert its
signature, bump the thread's version and counts). Here the statements are built once, and:

- on PostgreSQL the whole write is ONE statement (data-modifying CTEs) on an autocommit connection,
  so one round trip instead of seven (BEGIN, four or five statements, COMMIT): a single statement is
  atomic by itself. The thread is bumped with UPDATE ... RETURNING and created only when that found
  none (an `INSERT ... ON CONFLICT DO UPDATE` would burn a value of the threads' id sequence on every
  post). Two first comments racing to create the same thread: the loser's INSERT does nothing and the
  statement writes nothing; it is run again, and then finds the thread.
- on SQLite, inside the caller's write transaction (one writer at a time, so UPDATE-then-INSERT of the
  thread cannot race), three statements: bump the thread (RETURNING its id; created when missing),
  insert the comment (RETURNING its id), insert the signature.

Replies take `CommentService`'s general path (the parent is locked and checked first).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, text, update

from civility.storage.database import Database
from civility.storage.tables import UTCDateTime, comment_signatures, comments, threads


@dataclass(frozen=True, slots=True)
class RootComment:
    """What a new top-level comment writes (its thread is found by site and key, created if new)."""

    site: str
    thread_key: str
    thread_title: str
    thread_url: str
    status: str
    published: bool
    reader_id: str
    author_name: str
    text: str
    html: str
    created_at: datetime
    created_hour: int
    author_ip_hash: str | None
    moderation_decision: str | None
    moderation_scores: dict[str, float] | None
    moderation_spans: list[dict[str, Any]] | None
    moderation_note: dict[str, Any] | None
    signature: Sequence[int] | None


def write_root_comment(database: Database, comment: RootComment) -> tuple[int, int]:
    """Store a top-level comment: (thread id, comment id)."""
    if database.sqlite:
        with database.write() as connection:
            return _write_sqlite(connection, comment)
    for _attempt in range(3):
        with database.autocommit() as connection:
            row = connection.execute(_POSTGRES_WRITE, _parameters(comment)).first()
        if row is not None:
            return int(row[0]), int(row[1])
    # the thread was created by a racing post each time and then vanished (deleted meanwhile): rare enough
    # to be an error the caller reports, never a lost comment written twice
    raise RuntimeError("could not find or create the comment's thread")


def _parameters(comment: RootComment) -> dict[str, Any]:
    return {
        "site": comment.site,
        "key": comment.thread_key,
        "title": comment.thread_title,
        "url": comment.thread_url,
        "comment_delta": 1 if comment.published else 0,
        "last_comment_at": comment.created_at if comment.published else None,
        "now": comment.created_at,
        "status": comment.status,
        "reader_id": comment.reader_id,
        "author_name": comment.author_name,
        "text": comment.text,
        "html": comment.html,
        "created_hour": comment.created_hour,
        "author_ip_hash": comment.author_ip_hash,
        "moderation_decision": comment.moderation_decision,
        "moderation_scores": comment.moderation_scores,
        "moderation_spans": comment.moderation_spans,
        "moderation_note": comment.moderation_note,
        "has_signature": comment.signature is not None,
        "signature": list(comment.signature) if comment.signature is not None else [],
    }


def _write_sqlite(connection: Connection, comment: RootComment) -> tuple[int, int]:
    parameters = {  # names other than the columns' (which Core keeps for the VALUES it renders)
        "thread_site": comment.site,
        "thread_key": comment.thread_key,
        "thread_title": comment.thread_title,
        "thread_url": comment.thread_url,
        "delta": 1 if comment.published else 0,
        "last_at": comment.created_at if comment.published else None,
        "now": comment.created_at,
    }
    thread_id = connection.execute(_BUMP_THREAD, parameters).scalar()
    if thread_id is None:
        thread_id = connection.execute(_NEW_THREAD, parameters).scalar_one()
    comment_id = int(
        connection.execute(
            _INSERT_COMMENT,
            {
                "thread_id": thread_id,
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
            },
        ).scalar_one()
    )
    if comment.signature is not None:
        connection.execute(
            _INSERT_SIGNATURE,
            {
                "comment_id": comment_id,
                "site": comment.site,
                "reader_id": comment.reader_id,
                "created_at": comment.created_at,
                "signature": list(comment.signature),
                "removed_as_spam": False,
            },
        )
    return int(thread_id), comment_id


# ---- statements, built once --------------------------------------------------------------------
# The counters move as `ThreadRepository.record_change` moves them: the version always (so every
# worker's cached pages go stale), the counts and the last comment's time only for a published comment.
_BUMP_THREAD = (
    update(threads)
    .where(threads.c.site == bindparam("thread_site"), threads.c.key == bindparam("thread_key"))
    .values(
        version=threads.c.version + 1,
        comment_count=threads.c.comment_count + bindparam("delta"),
        root_count=threads.c.root_count + bindparam("delta"),
        last_comment_at=func.coalesce(bindparam("last_at", type_=UTCDateTime), threads.c.last_comment_at),
    )
    .returning(threads.c.id)
)
_NEW_THREAD = (
    insert(threads)
    .values(
        site=bindparam("thread_site"),
        key=bindparam("thread_key"),
        title=bindparam("thread_title"),
        url=bindparam("thread_url"),
        created_at=bindparam("now", type_=UTCDateTime),
        version=1,
        comment_count=bindparam("delta"),
        root_count=bindparam("delta"),
        last_comment_at=bindparam("last_at", type_=UTCDateTime),
    )
    .returning(threads.c.id)
)
_INSERT_COMMENT = insert(comments).returning(comments.c.id)
_INSERT_SIGNATURE = insert(comment_signatures)

_POSTGRES_WRITE = text(
    """
WITH bumped AS (
    UPDATE threads SET version = version + 1,
        comment_count = comment_count + :comment_delta,
        root_count = root_count + :comment_delta,
        last_comment_at = COALESCE(CAST(:last_comment_at AS TIMESTAMP), last_comment_at)
    WHERE site = :site AND key = :key
    RETURNING id
), created AS (
    INSERT INTO threads (site, key, title, url, created_at, version, comment_count, root_count,
                         last_comment_at)
    SELECT :site, :key, :title, :url, CAST(:now AS TIMESTAMP), 1, :comment_delta, :comment_delta,
           CAST(:last_comment_at AS TIMESTAMP)
    WHERE NOT EXISTS (SELECT 1 FROM bumped)
    ON CONFLICT (site, key) DO NOTHING
    RETURNING id
), thread AS (
    SELECT id FROM bumped UNION ALL SELECT id FROM created
), comment AS (
    INSERT INTO comments (thread_id, site, parent_id, depth, status, reader_id, author_name, text, html,
                          created_at, created_hour, author_ip_hash, moderation_decision,
                          moderation_scores, moderation_spans, moderation_note)
    SELECT id, :site, NULL, 0, :status, :reader_id, :author_name, :text, :html, CAST(:now AS TIMESTAMP),
           :created_hour, :author_ip_hash, :moderation_decision, CAST(:moderation_scores AS JSON),
           CAST(:moderation_spans AS JSON), CAST(:moderation_note AS JSON)
    FROM thread
    RETURNING id
), signature AS (
    INSERT INTO comment_signatures (comment_id, site, reader_id, created_at, signature, removed_as_spam)
    SELECT id, :site, :reader_id, CAST(:now AS TIMESTAMP), CAST(:signature AS JSON), false
    FROM comment WHERE CAST(:has_signature AS BOOLEAN)
)
SELECT thread.id, comment.id FROM thread, comment
"""
).bindparams(
    # the columns' own types, so values are stored exactly as the Core inserts store them (naive UTC
    # times; JSON null for a missing score or span list, SQL NULL for a missing note); the CASTs give
    # a NULL parameter its column's type (a parameter PostgreSQL cannot type would be text)
    bindparam("now", type_=UTCDateTime),
    bindparam("last_comment_at", type_=UTCDateTime),
    bindparam("moderation_scores", type_=comments.c.moderation_scores.type),
    bindparam("moderation_spans", type_=comments.c.moderation_spans.type),
    bindparam("moderation_note", type_=comments.c.moderation_note.type),
    bindparam("signature", type_=comment_signatures.c.signature.type),
)
