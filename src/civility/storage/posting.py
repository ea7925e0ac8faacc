"""SQL of the hot writes: a new comment or reply, its thread's counters, and its near-duplicate signature.

createComment runs at hundreds a second, and per post it used to build its statements anew and run
five or six of them in a transaction (find the thread, maybe create it, insert the comment, insert its
signature, bump the thread's version and counts). Here the statements are built once, and:

- on PostgreSQL the whole write is ONE statement (data-modifying CTEs) on an autocommit connection,
  so one round trip instead of seven (BEGIN, four or five statements, COMMIT): a single statement is
  atomic by itself. The thread is bumped with UPDATE ... RETURNING and created only when that found
  none (an `INSERT ... ON CONFLICT DO UPDATE` would burn a value of the threads' id sequence on every
  post). Two first comments racing to create the same thread: the loser's INSERT does nothing and the
  statement writes nothing; it is run again, and then finds the thread.
- on SQLite, in one write transaction (one writer at a time, so UPDATE-then-INSERT of the thread cannot
  race), three statements straight on the driver (`Database.sqlite_driver_write`): bump the thread
  (RETURNING its id; created when missing), insert the comment (RETURNING its id), insert the signature.
  Values are converted as the columns' SQLAlchemy types convert them.

A reply is written the same way (`write_reply`): on PostgreSQL one statement whose first step bumps the
parent's reply count only where the parent is in the thread, published and not at the deepest level (an
UPDATE locks the row and checks it again after any concurrent change, as SELECT ... FOR UPDATE did), so
the reply is written only under those conditions; on SQLite the parent is read and checked inside the
write transaction. When nothing was written, `reply_refusal` reads why, for the caller's message.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from civility.storage.database import Database
from civility.storage.tables import CommentStatus, naive_utc, sqlite_time


@dataclass(frozen=True, slots=True)
class CommentRow:
    """What a new comment writes: a top-level one's thread is found by site and key, created if new; a
    reply's is its parent's, which must be in the thread of that key."""

    site: str
    thread_key: str
    thread_title: str
    thread_url: str
    status: str
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

    @property
    def published(self) -> bool:
        """Whether readers see it at once (the thread's counters then move)."""
        return self.status == CommentStatus.PUBLISHED.value


def write_root_comment(database: Database, comment: CommentRow) -> tuple[int, int]:
    """Store a top-level comment: (thread id, comment id)."""
    if database.sqlite:
        with database.sqlite_driver_write() as connection:
            return _write_sqlite(connection, comment)
    parameters = _postgres_parameters(comment)
    for _attempt in range(3):
        rows = database.postgres_autocommit(_POSTGRES_WRITE, parameters)
        if rows:
            return int(rows[0][0]), int(rows[0][1])
    # the thread was created by a racing post each time and then vanished (deleted meanwhile): rare enough
    # to be an error the caller reports, never a lost comment written twice
    raise RuntimeError("could not find or create the comment's thread")


def _postgres_parameters(comment: CommentRow) -> dict[str, Any]:
    """The write's parameters as the columns' SQLAlchemy types would send them: times naive UTC, JSON as
    text (a missing score or span list is JSON null, a missing note SQL NULL)."""
    now = naive_utc(comment.created_at)
    return {
        "site": comment.site,
        "key": comment.thread_key,
        "title": comment.thread_title,
        "url": comment.thread_url,
        "comment_delta": 1 if comment.published else 0,
        "last_comment_at": now if comment.published else None,
        "now": now,
        "status": comment.status,
        "reader_id": comment.reader_id,
        "author_name": comment.author_name,
        "text": comment.text,
        "html": comment.html,
        "created_hour": comment.created_hour,
        "author_ip_hash": comment.author_ip_hash,
        "moderation_decision": comment.moderation_decision,
        "moderation_scores": _json(comment.moderation_scores),
        "moderation_spans": _json(comment.moderation_spans),
        "moderation_note": None if comment.moderation_note is None else _json(comment.moderation_note),
        "has_signature": comment.signature is not None,
        "signature": _json(list(comment.signature) if comment.signature is not None else []),
    }


def _json(value: object) -> str:
    """A JSON column's value as SQLAlchemy's JSON type sends it (None is JSON null)."""
    return json.dumps(value)


def _write_sqlite(connection: sqlite3.Connection, comment: CommentRow) -> tuple[int, int]:
    """The write on the driver's connection, in the caller's transaction: the same rows, values and
    formats as the Core statements (`tests/storage/test_posting.py` compares them byte for byte)."""
    delta = 1 if comment.published else 0
    now = sqlite_time(comment.created_at)
    last_at = now if comment.published else None
    row = connection.execute(_SQLITE_BUMP_THREAD, (delta, delta, last_at, comment.site, comment.thread_key))
    found = row.fetchone()
    if found is None:
        title, url = comment.thread_title, comment.thread_url
        found = connection.execute(
            _SQLITE_NEW_THREAD, (comment.site, comment.thread_key, title, url, now, delta, delta, last_at)
        ).fetchone()
    thread_id = int(found[0])
    comment_id = _insert_sqlite_comment(connection, comment, thread_id, None, 0, now)
    return thread_id, comment_id


def _insert_sqlite_comment(
    connection: sqlite3.Connection,
    comment: CommentRow,
    thread_id: int,
    parent_id: int | None,
    depth: int,
    now: str | None,
) -> int:
    """Insert the comment (and its signature) on the driver's connection: its id."""
    comment_id = int(
        connection.execute(
            _SQLITE_INSERT_COMMENT,
            (
                thread_id,
                comment.site,
                parent_id,
                depth,
                comment.status,
                comment.reader_id,
                comment.author_name,
                comment.text,
                comment.html,
                now,
                comment.created_hour,
                comment.author_ip_hash,
                comment.moderation_decision,
                _json(comment.moderation_scores),
                _json(comment.moderation_spans),
                None if comment.moderation_note is None else _json(comment.moderation_note),
            ),
        ).fetchone()[0]
    )
    if comment.signature is not None:
        connection.execute(
            _SQLITE_INSERT_SIGNATURE,
            (comment_id, comment.site, comment.reader_id, now, _json(list(comment.signature))),
        )
    return comment_id


class ReplyRefused(Enum):
    """Why a reply was not written."""

    NO_PARENT = "no_parent"  # no such comment in this thread
    CLOSED = "closed"  # the parent is not published (held, rejected, removed)
    TOO_DEEP = "too_deep"  # the parent is at the deepest level replies may nest to


@dataclass(frozen=True, slots=True)
class WrittenReply:
    """A stored reply: its thread, its id, its depth, and its parent's author (for the answer)."""

    thread_id: int
    comment_id: int
    depth: int
    parent_author: str


def write_reply(
    database: Database, comment: CommentRow, parent_id: int, max_depth: int
) -> WrittenReply | ReplyRefused:
    """Store a reply to `parent_id` under the checks of the general path: the parent is a comment of
    the thread `comment.thread_key`, published, and less than `max_depth` deep."""
    if database.sqlite:
        with database.sqlite_driver_write() as connection:
            return _write_sqlite_reply(connection, comment, parent_id, max_depth)
    parameters = _postgres_parameters(comment)
    parameters.update(
        parent_id=parent_id,
        max_depth=max_depth,
        reply_delta=1 if comment.published else 0,
        published=CommentStatus.PUBLISHED.value,
    )
    for _attempt in range(3):
        rows = database.postgres_autocommit(_POSTGRES_REPLY, parameters)
        if rows:
            thread_id, comment_id, depth, parent_author = rows[0]
            return WrittenReply(int(thread_id), int(comment_id), int(depth), str(parent_author))
        found = database.postgres_autocommit(
            _POSTGRES_PARENT_FACTS, (comment.site, comment.thread_key, parent_id)
        )
        refusal = reply_refusal(found[0] if found else None, max_depth)
        if refusal is not None:
            return refusal
        # the parent passed every check when read again: it changed between the two statements; write again
    raise RuntimeError("could not write the reply: its parent kept changing")


def reply_refusal(facts: tuple[Any, ...] | None, max_depth: int) -> ReplyRefused | None:
    """Why a reply to a parent with these facts (its thread matches, status, depth) cannot be written, in
    the general path's order; None when it can."""
    if facts is None or not facts[0]:
        return ReplyRefused.NO_PARENT
    if facts[1] != CommentStatus.PUBLISHED.value:
        return ReplyRefused.CLOSED
    if int(facts[2]) + 1 > max_depth:
        return ReplyRefused.TOO_DEEP
    return None


def _write_sqlite_reply(
    connection: sqlite3.Connection, comment: CommentRow, parent_id: int, max_depth: int
) -> WrittenReply | ReplyRefused:
    """The reply on the driver's connection, in the caller's write transaction (one writer at a time, so
    the parent read here cannot change before the writes)."""
    facts = connection.execute(_PARENT_FACTS, (comment.site, comment.thread_key, parent_id)).fetchone()
    refusal = reply_refusal(facts, max_depth)
    if refusal is not None:
        return refusal
    assert facts is not None
    _matches, _status, parent_depth, parent_author, thread_id = facts
    depth = int(parent_depth) + 1
    now = sqlite_time(comment.created_at)
    comment_id = _insert_sqlite_comment(connection, comment, thread_id, parent_id, depth, now)
    delta = 1 if comment.published else 0
    if delta:
        connection.execute(_SQLITE_BUMP_REPLIES, (parent_id,))
    connection.execute(_SQLITE_BUMP_THREAD_BY_ID, (delta, now if delta else None, thread_id))
    return WrittenReply(int(thread_id), comment_id, depth, str(parent_author))


# ---- statements, built once --------------------------------------------------------------------
# The counters move as `ThreadRepository.record_change` moves them: the version always (so every
# worker's cached pages go stale), the counts and the last comment's time only for a published comment.
_SQLITE_BUMP_THREAD = (
    "UPDATE threads SET version = version + 1, comment_count = comment_count + ?,"
    " root_count = root_count + ?, last_comment_at = coalesce(?, last_comment_at)"
    " WHERE site = ? AND key = ? RETURNING id"
)
_SQLITE_NEW_THREAD = (
    "INSERT INTO threads (site, key, title, url, created_at, version, comment_count, root_count,"
    " last_comment_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id"
)
_SQLITE_INSERT_COMMENT = (
    "INSERT INTO comments (thread_id, site, parent_id, depth, status, reader_id, author_name, text, html,"
    " created_at, created_hour, author_ip_hash, moderation_decision, moderation_scores, moderation_spans,"
    " moderation_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"
)
_SQLITE_INSERT_SIGNATURE = (
    "INSERT INTO comment_signatures (comment_id, site, reader_id, created_at, signature, removed_as_spam)"
    " VALUES (?, ?, ?, ?, ?, 0)"
)

# psycopg's named parameters; the CASTs give a NULL parameter its column's type (a parameter
# PostgreSQL cannot type would be text), and JSON goes in as text, as SQLAlchemy sends it
_POSTGRES_WRITE = """
WITH bumped AS (
    UPDATE threads SET version = version + 1,
        comment_count = comment_count + %(comment_delta)s,
        root_count = root_count + %(comment_delta)s,
        last_comment_at = COALESCE(CAST(%(last_comment_at)s AS TIMESTAMP), last_comment_at)
    WHERE site = %(site)s AND key = %(key)s
    RETURNING id
), created AS (
    INSERT INTO threads (site, key, title, url, created_at, version, comment_count, root_count,
                         last_comment_at)
    SELECT %(site)s, %(key)s, %(title)s, %(url)s, CAST(%(now)s AS TIMESTAMP), 1, %(comment_delta)s,
           %(comment_delta)s, CAST(%(last_comment_at)s AS TIMESTAMP)
    WHERE NOT EXISTS (SELECT 1 FROM bumped)
    ON CONFLICT (site, key) DO NOTHING
    RETURNING id
), thread AS (
    SELECT id FROM bumped UNION ALL SELECT id FROM created
), comment AS (
    INSERT INTO comments (thread_id, site, parent_id, depth, status, reader_id, author_name, text, html,
                          created_at, created_hour, author_ip_hash, moderation_decision,
                          moderation_scores, moderation_spans, moderation_note)
    SELECT id, %(site)s, NULL, 0, %(status)s, %(reader_id)s, %(author_name)s, %(text)s, %(html)s,
           CAST(%(now)s AS TIMESTAMP), %(created_hour)s, %(author_ip_hash)s, %(moderation_decision)s,
           CAST(%(moderation_scores)s AS JSON), CAST(%(moderation_spans)s AS JSON),
           CAST(%(moderation_note)s AS JSON)
    FROM thread
    RETURNING id
), signature AS (
    INSERT INTO comment_signatures (comment_id, site, reader_id, created_at, signature, removed_as_spam)
    SELECT id, %(site)s, %(reader_id)s, CAST(%(now)s AS TIMESTAMP), CAST(%(signature)s AS JSON), false
    FROM comment WHERE CAST(%(has_signature)s AS BOOLEAN)
)
SELECT thread.id, comment.id FROM thread, comment
"""

# A reply's parent: whether it is a comment of the thread of (site, key), its status, depth, author and
# thread (the parameters: site, key, parent id)
_PARENT_FACTS = (
    "SELECT c.thread_id = (SELECT t.id FROM threads t WHERE t.site = ? AND t.key = ?),"
    " c.status, c.depth, c.author_name, c.thread_id FROM comments c WHERE c.id = ?"
)
_POSTGRES_PARENT_FACTS = _PARENT_FACTS.replace("?", "%s")
_SQLITE_BUMP_REPLIES = "UPDATE comments SET reply_count = reply_count + 1 WHERE id = ?"
# as `ThreadRepository.record_change(comment_delta=..., last_comment_at=...)` for a reply (root_delta 0)
_SQLITE_BUMP_THREAD_BY_ID = (
    "UPDATE threads SET version = version + 1, comment_count = comment_count + ?,"
    " root_count = root_count + 0, last_comment_at = coalesce(?, last_comment_at) WHERE id = ?"
)
_POSTGRES_REPLY = """
WITH parent AS (
    UPDATE comments SET reply_count = reply_count + %(reply_delta)s
    WHERE id = %(parent_id)s AND status = %(published)s AND depth < %(max_depth)s
        AND thread_id = (SELECT id FROM threads WHERE site = %(site)s AND key = %(key)s)
    RETURNING id, thread_id, depth, author_name
), comment AS (
    INSERT INTO comments (thread_id, site, parent_id, depth, status, reader_id, author_name, text, html,
                          created_at, created_hour, author_ip_hash, moderation_decision,
                          moderation_scores, moderation_spans, moderation_note)
    SELECT thread_id, %(site)s, id, depth + 1, %(status)s, %(reader_id)s, %(author_name)s, %(text)s,
           %(html)s, CAST(%(now)s AS TIMESTAMP), %(created_hour)s, %(author_ip_hash)s,
           %(moderation_decision)s, CAST(%(moderation_scores)s AS JSON), CAST(%(moderation_spans)s AS JSON),
           CAST(%(moderation_note)s AS JSON)
    FROM parent
    RETURNING id, thread_id
), signature AS (
    INSERT INTO comment_signatures (comment_id, site, reader_id, created_at, signature, removed_as_spam)
    SELECT id, %(site)s, %(reader_id)s, CAST(%(now)s AS TIMESTAMP), CAST(%(signature)s AS JSON), false
    FROM comment WHERE CAST(%(has_signature)s AS BOOLEAN)
), bumped AS (
    UPDATE threads SET version = version + 1,
        comment_count = comment_count + %(comment_delta)s,
        root_count = root_count + 0,
        last_comment_at = COALESCE(CAST(%(last_comment_at)s AS TIMESTAMP), last_comment_at)
    WHERE id = (SELECT thread_id FROM comment)
)
SELECT comment.thread_id, comment.id, parent.depth + 1, parent.author_name FROM comment, parent
"""
