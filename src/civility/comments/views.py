"""The shapes the domain hands to the web layer (the API contract's objects), as TypedDicts.

They are JSON-ready so that a page can be serialised once and cached as bytes.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NotRequired, TypedDict

from civility.storage.records import CommentRecord, ThreadRecord
from civility.storage.tables import CommentStatus


def iso(moment: datetime | None) -> str | None:
    """UTC ISO-8601 with a Z, to the millisecond."""
    if moment is None:
        return None
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class ThreadView(TypedDict):
    site: str
    key: str
    title: str
    url: str
    comment_count: int
    created_at: str | None
    last_comment_at: str | None


class CommentView(TypedDict):
    id: int
    parent_id: int | None
    depth: int
    author_name: str
    html: str
    created_at: str | None
    edited_at: str | None
    upvotes: int
    downvotes: int
    score: int
    reply_count: int
    deleted: bool
    pending: bool
    in_reply_to: str | None
    replies: list[CommentView]
    replies_cursor: str | None
    mine: bool
    editable_until: str | None
    text: str | None
    my_vote: int
    featured: bool
    rejection: NotRequired[str]


class CommentPageView(TypedDict):
    thread: ThreadView | None
    comments: list[CommentView]
    next_cursor: str | None
    total: int


class VoteView(TypedDict):
    upvotes: int
    downvotes: int
    my_vote: int


class TrendingThreadView(TypedDict):
    key: str
    title: str
    url: str
    comment_count: int
    recent_comments: int
    score: float


def thread_view(thread: ThreadRecord) -> ThreadView:
    return {
        "site": thread.site,
        "key": thread.key,
        "title": thread.title,
        "url": thread.url,
        "comment_count": thread.comment_count,
        "created_at": iso(thread.created_at),
        "last_comment_at": iso(thread.last_comment_at),
    }


UNDER_REVIEW = frozenset({CommentStatus.PENDING, CommentStatus.REPORTED})
"""Held by moderation, or hidden by readers' reports: shown only to the author, as awaiting review."""


def comment_view(record: CommentRecord, in_reply_to: str | None) -> CommentView:
    """The public view of a comment (no personal fields set; tombstones emptied)."""
    deleted = record.status is CommentStatus.DELETED
    return {
        "id": record.id,
        "parent_id": record.parent_id,
        "depth": record.depth,
        "author_name": "" if deleted else record.author_name,
        "html": "" if deleted else record.html,
        "created_at": iso(record.created_at),
        "edited_at": iso(record.edited_at),
        "upvotes": record.upvotes,
        "downvotes": record.downvotes,
        "score": record.score,
        "reply_count": record.reply_count,
        "deleted": deleted,
        "pending": record.status in UNDER_REVIEW,
        "in_reply_to": in_reply_to,
        "replies": [],
        "replies_cursor": None,
        "mine": False,
        "editable_until": None,
        "text": None,
        "my_vote": 0,
        "featured": False,
    }


def make_mine(view: CommentView, text: str, created_at: datetime, edit_window_seconds: int) -> None:
    """Overlay the author's own fields onto a view."""
    if view["deleted"]:
        return
    view["mine"] = True
    view["text"] = text
    view["editable_until"] = iso(created_at + timedelta(seconds=edit_window_seconds))
