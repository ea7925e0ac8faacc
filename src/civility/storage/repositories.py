"""Repositories: every SQL statement of the comment section lives here, one class per aggregate."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    null,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.elements import BindParameter

from civility.storage.records import (
    CommentRecord,
    Keyset,
    SortOrder,
    ThreadRecord,
    TrendingBucket,
)
from civility.storage.staff_tables import featured_comments
from civility.storage.tables import VISIBLE_STATUSES, CommentStatus, comments, threads, votes

# Reply levels a page carries below its own comments, and replies shown per comment.
REPLY_LEVELS = 3
REPLIES_PER_COMMENT = 3
# Featured (pinned) top-level comments shown at most above the first page.
FEATURED_LIMIT = 20

_COMMENT_COLUMNS = [
    comments.c.id,
    comments.c.thread_id,
    comments.c.parent_id,
    comments.c.depth,
    comments.c.status,
    comments.c.reader_id,
    comments.c.author_name,
    comments.c.text,
    comments.c.html,
    comments.c.created_at,
    comments.c.edited_at,
    comments.c.upvotes,
    comments.c.downvotes,
    comments.c.score,
    comments.c.reply_count,
]


# Statements run on every read are built once (building one costs more than running it).
_THREAD_BY_KEY = select(threads).where(threads.c.site == bindparam("site"), threads.c.key == bindparam("key"))


def _thread_from_row(row: Any) -> ThreadRecord:
    m = row._mapping
    return ThreadRecord(
        id=m["id"],
        site=m["site"],
        key=m["key"],
        title=m["title"],
        url=m["url"],
        comment_count=m["comment_count"],
        root_count=m["root_count"],
        version=m["version"],
        created_at=m["created_at"],
        last_comment_at=m["last_comment_at"],
    )


class ThreadRepository:
    """Threads: looked up by (site, key), created on first comment, counted and versioned."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def get(self, site: str, key: str) -> ThreadRecord | None:
        row = self.connection.execute(_THREAD_BY_KEY, {"site": site, "key": key}).first()
        return None if row is None else _thread_from_row(row)

    def get_by_id(self, thread_id: int) -> ThreadRecord | None:
        row = self.connection.execute(select(threads).where(threads.c.id == thread_id)).first()
        return None if row is None else _thread_from_row(row)

    def get_or_create(self, site: str, key: str, title: str, url: str, now: datetime) -> ThreadRecord:
        """The thread, inserted on first sight (title and URL recorded then); safe under races."""
        existing = self.get(site, key)
        if existing is not None:
            return existing
        values = {"site": site, "key": key, "title": title, "url": url, "created_at": now}
        dialect = self.connection.dialect.name
        statement: Any
        if dialect == "postgresql":
            statement = postgresql.insert(threads).values(**values).on_conflict_do_nothing()
        elif dialect == "sqlite":
            statement = sqlite.insert(threads).values(**values).on_conflict_do_nothing()
        else:  # pragma: no cover - only the two supported databases reach here
            statement = insert(threads).values(**values)
        self.connection.execute(statement)
        created = self.get(site, key)
        assert created is not None
        return created

    def record_change(
        self,
        thread_id: int,
        *,
        comment_delta: int = 0,
        root_delta: int = 0,
        last_comment_at: datetime | None = None,
    ) -> None:
        """Bump the version (so every worker's cached pages go stale) and adjust the counts."""
        values: dict[str, Any] = {
            "version": threads.c.version + 1,
            "comment_count": threads.c.comment_count + comment_delta,
            "root_count": threads.c.root_count + root_delta,
        }
        if last_comment_at is not None:
            values["last_comment_at"] = last_comment_at
        self.connection.execute(update(threads).where(threads.c.id == thread_id).values(**values))

    def many(self, thread_ids: Sequence[int]) -> dict[int, ThreadRecord]:
        if not thread_ids:
            return {}
        rows = self.connection.execute(select(threads).where(threads.c.id.in_(list(thread_ids))))
        return {row.id: _thread_from_row(row) for row in rows}

    def trending_buckets(self, site: str, since_hour: int) -> list[TrendingBucket]:
        """Published comments per thread and hour since `since_hour` (bounded by threads × hours)."""
        rows = self.connection.execute(
            select(comments.c.thread_id, comments.c.created_hour, func.count())
            .where(
                comments.c.site == site,
                comments.c.created_hour >= since_hour,
                comments.c.status == CommentStatus.PUBLISHED.value,
            )
            .group_by(comments.c.thread_id, comments.c.created_hour)
        )
        return [TrendingBucket(thread_id=r[0], hour=r[1], count=r[2]) for r in rows]


class CommentRepository:
    """Comments: inserts, status changes, counters and the one-statement page query."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def insert(self, values: dict[str, Any]) -> int:
        result = self.connection.execute(insert(comments).values(**values).returning(comments.c.id))
        return int(result.scalar_one())

    def get(self, comment_id: int, *, for_update: bool = False) -> CommentRecord | None:
        statement = select(*_COMMENT_COLUMNS).where(comments.c.id == comment_id)
        if for_update:
            statement = statement.with_for_update()
        row = self.connection.execute(statement).first()
        return None if row is None else CommentRecord.from_row(row)

    def thread_of(self, comment_id: int) -> tuple[int, str] | None:
        """(thread id, site) of a comment, for routing a write to its thread."""
        row = self.connection.execute(
            select(comments.c.thread_id, comments.c.site).where(comments.c.id == comment_id)
        ).first()
        return None if row is None else (row[0], row[1])

    def update_fields(self, comment_id: int, **values: Any) -> None:
        self.connection.execute(update(comments).where(comments.c.id == comment_id).values(**values))

    def adjust_reply_count(self, comment_id: int, delta: int) -> None:
        self.connection.execute(
            update(comments)
            .where(comments.c.id == comment_id)
            .values(reply_count=comments.c.reply_count + delta)
        )

    def remove(self, comment_id: int) -> None:
        """Delete the row for good (its votes go with it)."""
        self.connection.execute(delete(comments).where(comments.c.id == comment_id))

    def set_vote_counts(self, comment_id: int) -> tuple[int, int]:
        """Recount a comment's votes from the votes table (the row is locked by the caller)."""
        up = (
            select(func.count())
            .where(votes.c.comment_id == comment_id, votes.c.value == 1)
            .scalar_subquery()
        )
        down = (
            select(func.count())
            .where(votes.c.comment_id == comment_id, votes.c.value == -1)
            .scalar_subquery()
        )
        self.connection.execute(
            update(comments)
            .where(comments.c.id == comment_id)
            .values(upvotes=up, downvotes=down, score=up - down)
        )
        row = self.connection.execute(
            select(comments.c.upvotes, comments.c.downvotes).where(comments.c.id == comment_id)
        ).one()
        return int(row[0]), int(row[1])

    def page(
        self,
        thread_id: int,
        parent_id: int | None,
        sort: SortOrder,
        after: Keyset | None,
        limit: int,
        *,
        featured: bool = False,
    ) -> list[CommentRecord]:
        """A page of `limit + 1` comments under `parent_id` plus their first replies, in ONE statement.

        Level 0 rows are the page (the extra row tells whether a next page exists); levels
        1..REPLY_LEVELS are at most REPLIES_PER_COMMENT oldest visible children of each row above.
        Rows come back unordered; the caller orders level 0 by the sort key. Pages leave out featured
        comments; `featured=True` asks for only those (the block above the first page). Featured
        replies come first among the nested replies of their parent.
        """
        statement = _page_statement(
            parent_id is None,
            sort,
            after is not None,
            after is not None and after.after_score is not None,
            featured,
        )
        params: dict[str, Any] = {"thread_id": thread_id, "limit": limit + 1}
        if parent_id is not None:
            params["parent_id"] = parent_id
        if after is not None:
            params["after_id"] = after.after_id
            if after.after_score is not None:
                params["after_score"] = after.after_score
        return [CommentRecord.from_row(row) for row in self.connection.execute(statement, params)]

    def featured_among(self, comment_ids: Sequence[int]) -> set[int]:
        """Which of these comments are featured (pinned)."""
        if not comment_ids:
            return set()
        rows = self.connection.execute(
            select(featured_comments.c.comment_id).where(
                featured_comments.c.comment_id.in_(list(comment_ids))
            )
        )
        return {int(row[0]) for row in rows}

    def reader_state(self, thread_id: int, reader_id: str) -> tuple[list[CommentRecord], dict[int, int]]:
        """The reader's own comments (published, pending, reported or rejected) and their votes in one thread.

        Two indexed lookups whose cost depends on what this reader did, not on the page size.
        They run on every read by a reader with a token, so the statements are built once.
        """
        params = {"thread_id": thread_id, "reader_id": reader_id}
        own = self.connection.execute(_READER_COMMENTS, params)
        cast = self.connection.execute(_READER_VOTES, params)
        return [CommentRecord.from_row(row) for row in own], {row[0]: int(row[1]) for row in cast}


_READER_COMMENTS = select(*_COMMENT_COLUMNS).where(
    comments.c.thread_id == bindparam("thread_id"),
    comments.c.reader_id == bindparam("reader_id"),
    comments.c.status.in_(
        (
            CommentStatus.PUBLISHED.value,
            CommentStatus.PENDING.value,
            CommentStatus.REPORTED.value,
            CommentStatus.REJECTED.value,
        )
    ),
)
_READER_VOTES = (
    select(votes.c.comment_id, votes.c.value)
    .join(comments, comments.c.id == votes.c.comment_id)
    .where(votes.c.reader_id == bindparam("reader_id"), comments.c.thread_id == bindparam("thread_id"))
)


def _order(sort: SortOrder) -> list[ColumnElement[Any]]:
    if sort is SortOrder.NEWEST:
        return [comments.c.id.desc()]
    if sort is SortOrder.OLDEST:
        return [comments.c.id.asc()]
    return [comments.c.score.desc(), comments.c.id.desc()]


def _after(sort: SortOrder, has_after: bool, has_score: bool) -> ColumnElement[bool]:
    if not has_after:
        return true()
    after_id: BindParameter[int] = bindparam("after_id")
    if sort is SortOrder.NEWEST:
        return comments.c.id < after_id
    if sort is SortOrder.OLDEST:
        return comments.c.id > after_id
    if not has_score:
        return comments.c.id < after_id
    after_score: BindParameter[int] = bindparam("after_score")
    return or_(
        comments.c.score < after_score, and_(comments.c.score == after_score, comments.c.id < after_id)
    )


@lru_cache(maxsize=32)
def _page_statement(
    top_level: bool, sort: SortOrder, has_after: bool, has_score: bool, featured: bool = False
) -> Any:
    """The page statement for one shape of request, built once (values travel as bind parameters)."""
    parent = comments.alias("parent")
    visible = comments.c.status.in_(VISIBLE_STATUSES)
    parent_match = (
        comments.c.parent_id.is_(None) if top_level else comments.c.parent_id == bindparam("parent_id")
    )
    # Featured comments leave the ordinary pages (top-level and replies) for the block above the first.
    is_featured = exists().where(featured_comments.c.comment_id == comments.c.id)
    parent_match = and_(parent_match, is_featured if featured else ~is_featured)
    level0 = (
        select(
            *_COMMENT_COLUMNS,
            literal(0).label("level"),
            parent.c.author_name.label("parent_author"),
            parent.c.reply_count.label("parent_reply_count"),
        )
        .select_from(comments.outerjoin(parent, parent.c.id == comments.c.parent_id))
        .where(
            comments.c.thread_id == bindparam("thread_id"),
            parent_match,
            visible,
            _after(sort, has_after, has_score),
        )
        .order_by(*_order(sort))
        .limit(bindparam("limit"))
    )
    page_cte = level0.cte("page")
    selects: list[Select[Any]] = [select(page_cte)]
    above: Any = page_cte
    for level in range(1, REPLY_LEVELS + 1):
        ranked = (
            select(
                *_COMMENT_COLUMNS,
                func.row_number()
                .over(
                    partition_by=comments.c.parent_id,
                    order_by=(case((is_featured, 0), else_=1), comments.c.id),
                )
                .label("rn"),
            )
            .where(comments.c.parent_id.in_(select(above.c.id)), visible)
            .subquery(f"ranked{level}")
        )
        level_cte = (
            select(*[ranked.c[c.name] for c in _COMMENT_COLUMNS])
            .where(ranked.c.rn <= REPLIES_PER_COMMENT)
            .cte(f"level{level}")
        )
        selects.append(
            select(
                level_cte,
                literal(level).label("level"),
                null().label("parent_author"),
                null().label("parent_reply_count"),
            )
        )
        above = level_cte
    return selects[0].union_all(*selects[1:])


class VoteRepository:
    """One vote per reader per comment."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def get(self, comment_id: int, reader_id: str) -> int:
        value = self.connection.execute(
            select(votes.c.value).where(votes.c.comment_id == comment_id, votes.c.reader_id == reader_id)
        ).scalar()
        return int(value or 0)

    def put(self, comment_id: int, reader_id: str, value: int) -> None:
        """Set (1, -1) or withdraw (0) the reader's vote."""
        self.connection.execute(
            delete(votes).where(votes.c.comment_id == comment_id, votes.c.reader_id == reader_id)
        )
        if value:
            self.connection.execute(
                insert(votes).values(comment_id=comment_id, reader_id=reader_id, value=value)
            )
