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
- on SQLite, in one write transaction (one writer at a time, so UPDATE-then-INSERT of the thread cannot
  race), three statements straight on the driver (`Database.sqlite_driver_write`): bump the thread
  (RETURNING its id; created when missing), insert the comment (RETURNING its id), insert the signature.
  Values are converted as the columns' SQLAlchemy types convert them.

Replies take `CommentService`'s general path (the parent is locked and checked first).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from civility.storage.database import Database
from civility.storage.tables import CommentStatus, naive_utc, sqlite_time


@dataclass(frozen=True, slots=True)
class RootComment:
    """What a new top-level comment writes (its thread is found by site and key, created if new)."""

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


def write_root_comment(database: Database, comment: RootComment) -> tuple[int, int]:
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


def _postgres_parameters(comment: RootComment) -> dict[str, Any]:
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


def _write_sqlite(connection: sqlite3.Connection, comment: RootComment) -> tuple[int, int]:
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
    comment_id = int(
        connection.execute(
            _SQLITE_INSERT_COMMENT,
            (
                thread_id,
                comment.site,
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
    return thread_id, comment_id


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
    " moderation_note) VALUES (?, ?, NULL, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"
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
