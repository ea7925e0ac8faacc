"""The SQLAlchemy Core tables shared by SQLite and PostgreSQL.

Times are stored as naive UTC and come back timezone-aware (`UTCDateTime`), so both databases
behave the same. Migrations under `migrations/versions/` are the authority on the schema; a test
checks that these tables and the migrated database agree.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator


class CommentStatus(StrEnum):
    """Life cycle of a comment; only `published` (and tombstones of `deleted`) are public."""

    PUBLISHED = "published"
    PENDING = "pending"
    REJECTED = "rejected"
    DELETED = "deleted"
    REPORTED = "reported"  # hidden after readers' weighted reports passed the site's threshold


VISIBLE_STATUSES = (CommentStatus.PUBLISHED.value, CommentStatus.DELETED.value)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as naive UTC and returned as an aware UTC datetime."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else naive_utc(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


def naive_utc(value: datetime) -> datetime:
    """A time as `UTCDateTime` stores it (naive UTC), also for statements run straight through psycopg."""
    if value.tzinfo is None:
        raise ValueError("naive datetimes are ambiguous; pass an aware UTC datetime")
    return value.astimezone(UTC).replace(tzinfo=None)


def sqlite_time(value: datetime | None) -> str | None:
    """A time as `UTCDateTime` stores it on SQLite (SQLAlchemy's DATETIME text: naive UTC, microseconds
    always), for statements run straight through the driver."""
    return None if value is None else naive_utc(value).strftime("%Y-%m-%d %H:%M:%S.%f")


metadata = MetaData()

threads = Table(
    "threads",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("site", String(64), nullable=False),
    Column("key", String(512), nullable=False),
    Column("title", String(300), nullable=False, server_default=""),
    Column("url", String(2048), nullable=False, server_default=""),
    Column("comment_count", Integer, nullable=False, server_default="0"),
    Column("root_count", Integer, nullable=False, server_default="0"),
    Column("version", BigInteger, nullable=False, server_default="0"),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_comment_at", UTCDateTime, nullable=True),
    UniqueConstraint("site", "key", name="uq_threads_site_key"),
)
Index("ix_threads_site_last_comment", threads.c.site, threads.c.last_comment_at)

comments = Table(
    "comments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("thread_id", Integer, ForeignKey("threads.id", ondelete="CASCADE"), nullable=False),
    Column("site", String(64), nullable=False),
    Column("parent_id", Integer, ForeignKey("comments.id", ondelete="CASCADE"), nullable=True),
    Column("depth", SmallInteger, nullable=False, server_default="0"),
    Column("status", String(16), nullable=False),
    Column("reader_id", String(64), nullable=False),
    Column("author_name", String(80), nullable=False),
    Column("text", Text, nullable=False),
    Column("html", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_hour", Integer, nullable=False),
    Column("edited_at", UTCDateTime, nullable=True),
    Column("upvotes", Integer, nullable=False, server_default="0"),
    Column("downvotes", Integer, nullable=False, server_default="0"),
    Column("score", Integer, nullable=False, server_default="0"),
    Column("reply_count", Integer, nullable=False, server_default="0"),
    Column("author_ip_hash", String(64), nullable=True),
    Column("moderation_decision", String(16), nullable=True),
    Column("moderation_scores", JSON, nullable=True),
    Column("moderation_spans", JSON, nullable=True),
    # Why the site's own model changed the engine's decision (moderators only), or null.
    Column("moderation_note", JSON(none_as_null=True), nullable=True),
)
Index("ix_comments_listing_id", comments.c.thread_id, comments.c.parent_id, comments.c.id)
Index(
    "ix_comments_listing_score",
    comments.c.thread_id,
    comments.c.parent_id,
    comments.c.score,
    comments.c.id,
)
Index("ix_comments_parent", comments.c.parent_id, comments.c.id)
Index("ix_comments_site_hour", comments.c.site, comments.c.created_hour)
Index("ix_comments_reader", comments.c.thread_id, comments.c.reader_id)

votes = Table(
    "votes",
    metadata,
    Column(
        "comment_id",
        Integer,
        ForeignKey("comments.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("reader_id", String(64), primary_key=True),
    Column("value", SmallInteger, nullable=False),
)
Index("ix_votes_reader", votes.c.reader_id, votes.c.comment_id)

# Accounts, moderators' work and learning live in their own module on the same metadata.
from civility.storage import staff_tables as _staff_tables  # noqa: E402, F401

# ---- policy enforcement (issue 5; migration 0003) ------------------------------------------------
comment_signatures = Table(
    "comment_signatures",
    metadata,
    Column("comment_id", Integer, ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True),
    Column("site", String(64), nullable=False),
    Column("reader_id", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("signature", JSON, nullable=False),
    Column("removed_as_spam", Boolean, nullable=False, server_default="0"),
)
Index(
    "ix_comment_signatures_author",
    comment_signatures.c.site,
    comment_signatures.c.reader_id,
    comment_signatures.c.comment_id,
)

spam_bands = Table(
    "spam_bands",
    metadata,
    Column("comment_id", Integer, ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True),
    Column("band_key", BigInteger, primary_key=True),
    Column("site", String(64), nullable=False),
)
Index("ix_spam_bands_lookup", spam_bands.c.site, spam_bands.c.band_key)

comment_reports = Table(
    "comment_reports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("comment_id", Integer, ForeignKey("comments.id", ondelete="CASCADE"), nullable=False),
    Column("site", String(64), nullable=False),
    Column("reader_id", String(64), nullable=False),
    Column("reason", String(16), nullable=False),
    Column("note", String(300), nullable=True),
    Column("weight", Float, nullable=False),
    Column("outcome", String(16), nullable=False, server_default="open"),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("comment_id", "reader_id", name="uq_comment_reports_reader"),
)
Index("ix_comment_reports_reader", comment_reports.c.site, comment_reports.c.reader_id)
