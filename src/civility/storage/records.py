"""Typed records the repositories hand to the domain layer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from civility.storage.tables import CommentStatus


class SortOrder(StrEnum):
    """How a list of comments is ordered."""

    NEWEST = "newest"
    OLDEST = "oldest"
    TOP = "top"


@dataclass(frozen=True, slots=True)
class ThreadRecord:
    """One discussion (an article) of one site."""

    id: int
    site: str
    key: str
    title: str
    url: str
    comment_count: int
    root_count: int
    version: int
    created_at: datetime
    last_comment_at: datetime | None


@dataclass(frozen=True, slots=True)
class CommentRecord:
    """One comment row; `level` and `parent_author` are filled by page queries."""

    id: int
    thread_id: int
    parent_id: int | None
    depth: int
    status: CommentStatus
    reader_id: str
    author_name: str
    text: str
    html: str
    created_at: datetime
    edited_at: datetime | None
    upvotes: int
    downvotes: int
    score: int
    reply_count: int
    level: int = 0
    parent_author: str | None = None
    parent_reply_count: int | None = None

    @classmethod
    def from_row(cls, row: Any) -> CommentRecord:
        mapping = row._mapping
        return cls(
            id=mapping["id"],
            thread_id=mapping["thread_id"],
            parent_id=mapping["parent_id"],
            depth=mapping["depth"],
            status=CommentStatus(mapping["status"]),
            reader_id=mapping["reader_id"],
            author_name=mapping["author_name"],
            text=mapping["text"],
            html=mapping["html"],
            created_at=mapping["created_at"],
            edited_at=mapping["edited_at"],
            upvotes=mapping["upvotes"],
            downvotes=mapping["downvotes"],
            score=mapping["score"],
            reply_count=mapping["reply_count"],
            level=mapping.get("level", 0) or 0,
            parent_author=mapping.get("parent_author"),
            parent_reply_count=mapping.get("parent_reply_count"),
        )


@dataclass(frozen=True, slots=True)
class Keyset:
    """The position after which a page starts: the last comment's id (and score for `top`)."""

    sort: SortOrder
    after_id: int
    after_score: int | None = None


@dataclass(frozen=True, slots=True)
class PersonalState:
    """What one reader sees differently on one comment."""

    comment_id: int
    mine: bool
    text: str | None
    created_at: datetime | None
    my_vote: int


@dataclass(frozen=True, slots=True)
class TrendingBucket:
    """Published comments of one thread within one hour (epoch hours)."""

    thread_id: int
    hour: int
    count: int
