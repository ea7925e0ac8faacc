"""The comment service's reads: a thread, pages of comments, and the trending threads.

`CommentReads.list_comments` answers the public page of a thread from this worker's page cache when it
holds the thread's current version (building and caching it otherwise), then overlays the reader's own
state: their votes, their comments' editable text, and their comments still awaiting review or rejected.
`PageQuery` is a validated listComments request; `PageResponse` the serialised page with its ETag.
No SQL here: the storage repositories run it, each read in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from civility.comments import listing
from civility.comments.cursors import Cursor
from civility.comments.errors import Invalid, NotFound
from civility.comments.inputs import MAX_PAGE_SIZE, validate_thread_key
from civility.comments.page_cache import CachedPage, PageKey
from civility.comments.service_base import CommentServiceBase
from civility.comments.trending import hour_of, score_threads, trending_view
from civility.comments.views import (
    UNDER_REVIEW,
    CommentView,
    ThreadView,
    TrendingThreadView,
    comment_view,
    make_mine,
    thread_view,
)
from civility.settings import SiteSettings
from civility.storage.moderators import ModeratorRepository
from civility.storage.records import CommentRecord, Keyset, PersonalState, SortOrder, ThreadRecord
from civility.storage.repositories import FEATURED_LIMIT, CommentRepository, ThreadRepository
from civility.storage.tables import CommentStatus


@dataclass(frozen=True)
class PageResponse:
    """A serialised page, its ETag, and its gzipped form when one was made."""

    body: bytes
    etag: str
    gzipped: bytes | None = None


@dataclass(frozen=True)
class PageQuery:
    """A validated listComments request."""

    settings: SiteSettings
    site: str
    key: str
    parent_id: int | None
    order: SortOrder
    after: Keyset | None
    cursor: str | None
    size: int

    @property
    def cache_key(self) -> PageKey:
        return (self.site, self.key, self.parent_id, self.order.value, self.cursor, self.size)


_EMPTY = listing.cache_entry(-1, -1, {"thread": None, "comments": [], "next_cursor": None, "total": 0})
EMPTY_PAGE = PageResponse(_EMPTY.body, _EMPTY.etag, _EMPTY.gzipped)


class CommentReads(CommentServiceBase):
    """The read operations of `CommentService`."""

    def get_thread(self, site: str, key: str) -> ThreadView:
        self.site(site)
        validate_thread_key(key)
        with self.database.read() as connection:
            thread = ThreadRepository(connection).get(site, key)
        if thread is None:
            raise NotFound("thread: no comment was posted on this thread yet", "thread")
        return thread_view(thread)

    def _page_query(
        self,
        site: str,
        key: str,
        sort: SortOrder | None,
        cursor: str | None,
        limit: int | None,
        parent_id: int | None,
    ) -> PageQuery:
        settings = self.site(site)
        validate_thread_key(key)
        size = settings.page_size if limit is None else limit
        if not 1 <= size <= MAX_PAGE_SIZE:
            raise Invalid("limit", f"limit: must be between 1 and {MAX_PAGE_SIZE}")
        after = None
        order = sort or (SortOrder.OLDEST if parent_id is not None else SortOrder.NEWEST)
        if cursor is not None:
            decoded = Cursor.decode(cursor)
            if decoded.parent_id != parent_id:
                raise Invalid("cursor", "cursor: it belongs to another list (a different parent)")
            order = decoded.keyset.sort
            after = decoded.keyset
        return PageQuery(settings, site, key, parent_id, order, after, cursor, size)

    def cached_public_page(
        self,
        site: str,
        key: str,
        *,
        sort: SortOrder | None = None,
        cursor: str | None = None,
        limit: int | None = None,
        parent_id: int | None = None,
    ) -> PageResponse | None:
        """The anonymous page when this worker has it for the thread's current version, else None.

        Costs one indexed SELECT of the thread's version; cheap enough to run on the event loop.
        """
        query = self._page_query(site, key, sort, cursor, limit, parent_id)
        try:
            located = self.database.thread_version_on_own_connection(site, key)
        except Exception:  # the database hiccuped: the full path will answer (or report) it
            return None
        if located is None:
            return None
        page = self.cache.get(query.cache_key, located[1])
        return None if page is None else PageResponse(page.body, page.etag, page.gzipped)

    def list_comments(
        self,
        site: str,
        key: str,
        *,
        sort: SortOrder | None = None,
        cursor: str | None = None,
        limit: int | None = None,
        parent_id: int | None = None,
        reader_id: str | None = None,
    ) -> PageResponse:
        """A page of comments: the cached public page, with the reader's own fields overlaid."""
        query = self._page_query(site, key, sort, cursor, limit, parent_id)
        located = self.database.thread_version(site, key)
        page = None if located is None else self.cache.get(query.cache_key, located[1])
        if page is not None and reader_id is None:
            return PageResponse(page.body, page.etag, page.gzipped)
        with self.database.read() as connection:
            if page is None:
                thread = ThreadRepository(connection).get(site, key)
                if thread is None:
                    if parent_id is not None:
                        raise NotFound("parent: no such comment in this thread", "parent")
                    return EMPTY_PAGE
                page = self._load_page(connection, thread, parent_id, query.order, query.after, query.size)
                self.cache.put(query.cache_key, page)
            if reader_id is None:
                return PageResponse(page.body, page.etag, page.gzipped)
            own, votes = CommentRepository(connection).reader_state(page.thread_id, reader_id)
        shown = set(page.comment_ids)
        mine = {record.id: record for record in own if record.id in shown}
        states = [
            PersonalState(
                comment_id=comment_id,
                mine=comment_id in mine,
                text=mine[comment_id].text if comment_id in mine else None,
                created_at=mine[comment_id].created_at if comment_id in mine else None,
                my_vote=votes.get(comment_id, 0),
            )
            for comment_id in sorted(mine.keys() | (votes.keys() & shown))
        ]
        rejected = [record.id for record in own if record.status is CommentStatus.REJECTED]
        reasons = self._rejection_reasons(rejected) if rejected else {}
        pending = [
            self._own_view(record, query.settings, reasons.get(record.id))
            for record in own
            # held or hidden by readers' reports: shown to its author as awaiting review; a comment
            # moderators rejected is shown to its author with their reason; one the engine rejected
            # at posting was explained then and stays out of listings
            if record.status in UNDER_REVIEW or record.id in reasons
        ]
        body, etag = listing.personalise(
            page, states, pending, query.settings.edit_window_seconds, first_page=cursor is None
        )
        if body is page.body:
            return PageResponse(page.body, page.etag, page.gzipped)
        return PageResponse(body, etag, None)

    def _load_page(
        self,
        connection: Any,
        thread: ThreadRecord,
        parent_id: int | None,
        order: SortOrder,
        after: Any,
        size: int,
    ) -> CachedPage:
        repo = CommentRepository(connection)
        records = repo.page(thread.id, parent_id, order, after, size)
        if parent_id is None:
            total = thread.root_count
        else:
            first = next((r for r in records if r.level == 0), None)
            if first is not None and first.parent_reply_count is not None:
                total = first.parent_reply_count
            else:
                parent = repo.get(parent_id)
                if parent is None or parent.thread_id != thread.id or parent.status not in (
                    CommentStatus.PUBLISHED,
                    CommentStatus.DELETED,
                ):
                    raise NotFound("parent: no such comment in this thread", "parent")
                total = parent.reply_count
        featured: list[CommentRecord] = []
        if after is None:  # the first page: the parent's featured comments come first
            featured = repo.page(thread.id, parent_id, order, None, FEATURED_LIMIT, featured=True)
        pinned = repo.featured_among([r.id for r in records + featured if r.level > 0])
        view = listing.build_page(
            records,
            thread=thread_view(thread),
            parent_id=parent_id,
            sort=order,
            limit=size,
            total=total,
            featured_ids=pinned,
        )
        if featured:
            listing.put_featured_first(view, featured, order, pinned)
        return listing.cache_entry(thread.id, thread.version, view)

    def _own_view(
        self, record: CommentRecord, settings: SiteSettings, rejection: str | None = None
    ) -> CommentView:
        view = comment_view(record, None)
        make_mine(view, record.text, record.created_at, settings.edit_window_seconds)
        if record.status is CommentStatus.REJECTED:  # shown to its author with the moderators' reason
            view["rejection"] = rejection or "It breaks the comment policy."
            view["editable_until"] = None
        return view

    def _rejection_reasons(self, comment_ids: list[int]) -> dict[int, str]:
        """The moderators' reasons for rejecting these comments (from the audit log)."""
        with self.database.read() as connection:
            return ModeratorRepository(connection).rejection_reasons(comment_ids)

    def trending(self, site: str, hours: int | None = None, limit: int = 10) -> list[TrendingThreadView]:
        """The site's most discussed threads over the last `hours`, recent comments weighing most."""
        settings = self.site(site)
        window = settings.trending_hours if hours is None else hours
        if not 1 <= window <= 24 * 90:
            raise Invalid("hours", "hours: must be between 1 and 2160")
        if not 1 <= limit <= 50:
            raise Invalid("limit", "limit: must be between 1 and 50")
        now = self.clock().timestamp()
        with self.database.read() as connection:
            threads = ThreadRepository(connection)
            buckets = threads.trending_buckets(site, hour_of(now) - window + 1)
            scores = score_threads(buckets, now, window)[:limit]
            records = threads.many([s.thread_id for s in scores])
        return [trending_view(s, records[s.thread_id]) for s in scores if s.thread_id in records]
