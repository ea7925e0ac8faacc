"""The comment section's rules: posting, replying, editing, deleting, voting, listing, trending.

No HTTP and no SQL strings here: the web layer calls these methods, which use the storage
repositories inside one transaction each. `create_comment` and `edit_comment` pass every draft
through `moderate` (a hook that a moderation phase wraps), which decides the comment's status.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from civility.comments import listing
from civility.comments.cursors import Cursor
from civility.comments.errors import Conflict, Forbidden, Invalid, NotFound
from civility.comments.page_cache import CachedPage, PageCache, PageKey
from civility.comments.rendering import clean_line, clean_text, render_markdown
from civility.comments.trending import hour_of, score_threads, trending_view
from civility.comments.verdicts import NudgeView, PostedCommentView, describe, reasons_of
from civility.comments.views import (
    UNDER_REVIEW,
    CommentView,
    ThreadView,
    TrendingThreadView,
    VoteView,
    comment_view,
    make_mine,
    thread_view,
)
from civility.settings import SiteSettings
from civility.storage.database import Database
from civility.storage.moderators import ModeratorRepository
from civility.storage.posting import RootComment, write_root_comment
from civility.storage.records import CommentRecord, Keyset, PersonalState, SortOrder, ThreadRecord
from civility.storage.reports import SignatureRepository
from civility.storage.repositories import FEATURED_LIMIT, CommentRepository, ThreadRepository, VoteRepository
from civility.storage.tables import CommentStatus

MAX_DEPTH = 50
MAX_NAME_LENGTH = 80
MAX_THREAD_KEY_LENGTH = 512
MAX_TITLE_LENGTH = 300
MAX_URL_LENGTH = 2048
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class CommentDraft:
    """What a reader submitted, as the moderation hook sees it."""

    site: str
    thread_key: str
    parent_id: int | None
    author_name: str
    text: str
    reader_id: str
    author_ip_hash: str | None
    post_anyway: bool = False
    """The author saw a nudge and posts anyway (the policy's `after_nudge` action then applies)."""


@dataclass(frozen=True)
class ModerationOutcome:
    """What moderation decided for a draft: the status, and the evidence kept with the comment.

    `stored` is False for a nudge: nothing is written, and the author is shown `reasons`.
    `signature` (MinHash of the text) is kept with the comment for the near-duplicate rule.
    """

    status: CommentStatus
    decision: str | None = None
    scores: dict[str, float] | None = None
    spans: list[dict[str, Any]] | None = None
    reasons: list[dict[str, Any]] | None = None
    signature: tuple[int, ...] | None = None
    stored: bool = True
    # Moderators only: why the site's model changed the engine's decision (stored with the comment).
    note: dict[str, Any] | None = None


ModerationHook = Callable[[CommentDraft], ModerationOutcome]


def publish_everything(_draft: CommentDraft) -> ModerationOutcome:
    """The default hook until the moderation pipeline is wired in: publish as written."""
    return ModerationOutcome(status=CommentStatus.PUBLISHED)


def nudge_view(outcome: ModerationOutcome) -> NudgeView:
    """The answer to a nudged draft: nothing stored, the reasons to show the author."""
    reasons = reasons_of(outcome.reasons)
    return {"decision": "nudge", "status": None, "reasons": reasons, "message": describe("nudge", reasons)}


def posted_view(view: CommentView, outcome: ModerationOutcome) -> PostedCommentView:
    """A stored comment's view with the verdict: decision, status and reasons with evidence."""
    decision = outcome.decision or ("allow" if outcome.status is CommentStatus.PUBLISHED else "hold")
    reasons = reasons_of(outcome.reasons)
    return {
        **view,
        "decision": decision,
        "status": outcome.status.value,
        "reasons": reasons,
        "message": describe(decision, reasons),
    }


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class NewComment:
    """A createComment request after HTTP parsing."""

    thread: str
    author_name: str
    text: str
    parent_id: int | None = None
    thread_title: str | None = None
    thread_url: str | None = None
    post_anyway: bool = False


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


def validate_thread_key(key: str) -> str:
    if not key or not key.strip():
        raise Invalid("thread", "thread: the thread key must not be empty")
    if len(key) > MAX_THREAD_KEY_LENGTH:
        raise Invalid("thread", f"thread: the thread key is longer than {MAX_THREAD_KEY_LENGTH} characters")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in key):
        raise Invalid("thread", "thread: the thread key must not contain control characters")
    return key


def validate_url(value: str | None, field_name: str) -> str:
    if value is None or value == "":
        return ""
    if len(value) > MAX_URL_LENGTH:
        raise Invalid(field_name, f"{field_name}: longer than {MAX_URL_LENGTH} characters")
    try:
        parts = urlsplit(value)
    except ValueError as error:
        raise Invalid(field_name, f"{field_name}: not a valid URL") from error
    if parts.scheme not in ("http", "https") or not parts.netloc or any(ch.isspace() for ch in value):
        raise Invalid(field_name, f"{field_name}: must be an http(s) URL")
    return value


@dataclass
class CommentService:
    """The domain service behind the REST API (one per app, shared by its worker threads)."""

    database: Database
    sites: Mapping[str, SiteSettings]
    secret: str
    clock: Callable[[], datetime] = utc_now
    moderate: ModerationHook = publish_everything
    cache: PageCache = field(default_factory=PageCache)
    is_account: Callable[[str], bool] = lambda _reader_id: False
    """Whether a reader id belongs to a commenter account (which may post where anonymity is off)."""
    account_name: Callable[[str], str | None] = lambda _reader_id: None
    """The display name of the account behind a reader id (None for an anonymous reader): an account
    always comments under its own name, whatever the request's author_name says."""
    _ip_key: hmac.HMAC | None = field(default=None, init=False, repr=False)

    # ---- sites -------------------------------------------------------------------------------
    def site(self, site: str) -> SiteSettings:
        """The settings of a known site; NotFound('site') otherwise."""
        found = self.sites.get(site)
        if found is None:
            raise NotFound(f"site: no site called {site[:64]!r} is served here", "site")
        return found

    def hash_ip(self, ip: str | None) -> str | None:
        """A keyed hash of the author's IP (kept for moderation, never the IP itself)."""
        if not ip:
            return None
        keyed = self._ip_key
        if keyed is None:
            keyed = self._ip_key = hmac.new(self.secret.encode(), digestmod=hashlib.sha256)
        digest = keyed.copy()  # the key schedule is computed once, not on every post
        digest.update(ip.encode())
        return digest.hexdigest()[:32]

    # ---- reads -------------------------------------------------------------------------------
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

    # ---- writes ------------------------------------------------------------------------------
    def create_comment(
        self, site: str, new: NewComment, reader_id: str, ip: str | None = None
    ) -> PostedCommentView | NudgeView:
        """Post a comment or a reply; the thread is created (title, URL recorded) on first sight.

        Answers the stored comment with the moderation verdict, or only the verdict for a nudge.
        """
        settings = self.site(site)
        key = validate_thread_key(new.thread)
        account_name = self.account_name(reader_id)
        name = clean_line(account_name)[:MAX_NAME_LENGTH] if account_name is not None else ""
        if not name:  # an anonymous reader names themselves
            name = clean_line(new.author_name)
            if not name:
                raise Invalid("author_name", "author_name: give a display name")
            if len(name) > MAX_NAME_LENGTH:
                raise Invalid("author_name", f"author_name: at most {MAX_NAME_LENGTH} characters")
        if not settings.allow_anonymous and not self.is_account(reader_id):
            raise Forbidden("author_name: this site does not accept anonymous comments", "author_name")
        text = self._checked_text(new.text, settings)
        title = clean_line(new.thread_title or "")
        if len(title) > MAX_TITLE_LENGTH:
            raise Invalid("thread_title", f"thread_title: at most {MAX_TITLE_LENGTH} characters")
        url = validate_url(new.thread_url, "thread_url")
        draft = CommentDraft(
            site, key, new.parent_id, name, text, reader_id, self.hash_ip(ip), post_anyway=new.post_anyway
        )
        outcome = self.moderate(draft)
        if not outcome.stored:
            return nudge_view(outcome)
        html = render_markdown(text)  # before the write transaction: a SQLite database has one writer
        now = self.clock()
        parent_author: str | None = None
        depth = 0
        if new.parent_id is None:  # the hot path: statements built once, one round trip on PostgreSQL
            thread_id, comment_id = write_root_comment(
                self.database,
                RootComment(
                    site=site,
                    thread_key=key,
                    thread_title=title,
                    thread_url=url,
                    status=outcome.status.value,
                    reader_id=reader_id,
                    author_name=name,
                    text=text,
                    html=html,
                    created_at=now,
                    created_hour=hour_of(now.timestamp()),
                    author_ip_hash=draft.author_ip_hash,
                    moderation_decision=outcome.decision,
                    moderation_scores=outcome.scores,
                    moderation_spans=outcome.spans,
                    moderation_note=outcome.note,
                    signature=outcome.signature,
                ),
            )
        else:
            written = self._write_reply(draft, title, url, outcome, html, now)
            thread_id, comment_id, depth, parent_author = written
        record = CommentRecord(  # as inserted: no need to read it back
            id=comment_id,
            thread_id=thread_id,
            parent_id=new.parent_id,
            depth=depth,
            status=outcome.status,
            reader_id=reader_id,
            author_name=name,
            text=text,
            html=html,
            created_at=now,
            edited_at=None,
            upvotes=0,
            downvotes=0,
            score=0,
            reply_count=0,
        )
        view = comment_view(record, parent_author)
        make_mine(view, record.text, record.created_at, settings.edit_window_seconds)
        return posted_view(view, outcome)

    def _write_reply(
        self, draft: CommentDraft, title: str, url: str, outcome: ModerationOutcome, html: str, now: datetime
    ) -> tuple[int, int, int, str]:
        """Store a reply once its parent is locked and checked: (thread id, id, depth, parent's author)."""
        site, key, reader_id, parent_id = draft.site, draft.thread_key, draft.reader_id, draft.parent_id
        assert parent_id is not None  # a reply
        with self.database.write() as connection:
            threads = ThreadRepository(connection)
            repo = CommentRepository(connection)
            parent = repo.get(parent_id, for_update=True)
            existing = threads.get(site, key)
            if parent is None or existing is None or parent.thread_id != existing.id:
                raise NotFound("parent_id: no such comment in this thread", "parent_id")
            if parent.status is not CommentStatus.PUBLISHED:
                raise Conflict("parent_id: that comment can no longer be replied to", "parent_id")
            depth = parent.depth + 1
            if depth > MAX_DEPTH:
                raise Invalid("parent_id", f"parent_id: replies nest at most {MAX_DEPTH} deep")
            thread = threads.get_or_create(site, key, title, url, now)
            comment_id = repo.insert(
                {
                    "thread_id": thread.id,
                    "site": site,
                    "parent_id": parent_id,
                    "depth": depth,
                    "status": outcome.status.value,
                    "reader_id": reader_id,
                    "author_name": draft.author_name,
                    "text": draft.text,
                    "html": html,
                    "created_at": now,
                    "created_hour": hour_of(now.timestamp()),
                    "author_ip_hash": draft.author_ip_hash,
                    "moderation_decision": outcome.decision,
                    "moderation_scores": outcome.scores,
                    "moderation_spans": outcome.spans,
                    "moderation_note": outcome.note,
                }
            )
            if outcome.signature is not None:
                SignatureRepository(connection).add(comment_id, site, reader_id, outcome.signature, now)
            published = outcome.status is CommentStatus.PUBLISHED
            if published:
                repo.adjust_reply_count(parent.id, 1)
            threads.record_change(
                thread.id,
                comment_delta=1 if published else 0,
                last_comment_at=now if published else None,
            )
        return thread.id, comment_id, depth, parent.author_name

    def _checked_text(self, raw: str, settings: SiteSettings) -> str:
        text = clean_text(raw)
        if not text:
            raise Invalid("text", "text: write something first")
        if len(text) > settings.max_comment_length:
            raise Invalid("text", f"text: at most {settings.max_comment_length} characters")
        return text

    def _owned(
        self, repo: CommentRepository, site: str, comment_id: int, reader_id: str, for_update: bool = True
    ) -> CommentRecord:
        """The reader's own comment, still inside the site's edit window."""
        settings = self.site(site)
        record = repo.get(comment_id, for_update=for_update)
        if record is None or record.status in (CommentStatus.DELETED, CommentStatus.REJECTED):
            raise NotFound("id: no such comment", "id")
        located = repo.thread_of(comment_id)
        if located is None or located[1] != site:
            raise NotFound("id: no such comment", "id")
        if record.reader_id != reader_id:
            raise Forbidden("id: only the author may change this comment", "id", code="not_author")
        deadline = record.created_at + timedelta(seconds=settings.edit_window_seconds)
        if self.clock() > deadline:
            raise Forbidden(
                "id: the time to edit or delete this comment has passed", "id", code="edit_window_closed"
            )
        return record

    def edit_comment(
        self, site: str, comment_id: int, text: str, reader_id: str, post_anyway: bool = False
    ) -> PostedCommentView | NudgeView:
        """Replace the text of the reader's own comment (within the edit window), moderated anew.

        Moderation runs before the write transaction (it may take up to the site's time limit, and a
        SQLite database has one writer); the write checks ownership and the edit window again.
        A comment hidden by readers' reports stays hidden until a moderator judges it, however
        clean the edit.
        """
        settings = self.site(site)
        cleaned = self._checked_text(text, settings)
        with self.database.read() as connection:
            repo = CommentRepository(connection)
            record = self._owned(repo, site, comment_id, reader_id, for_update=False)
            thread = ThreadRepository(connection).get_by_id(record.thread_id)
            assert thread is not None
        outcome = self.moderate(
            CommentDraft(
                site,
                thread.key,
                record.parent_id,
                record.author_name,
                cleaned,
                reader_id,
                None,
                post_anyway=post_anyway,
            )
        )
        if not outcome.stored:
            return nudge_view(outcome)
        now = self.clock()
        with self.database.write() as connection:
            repo = CommentRepository(connection)
            record = self._owned(repo, site, comment_id, reader_id)
            repo.update_fields(
                comment_id,
                text=cleaned,
                html=render_markdown(cleaned),
                edited_at=now,
                moderation_decision=outcome.decision,
                moderation_scores=outcome.scores,
                moderation_spans=outcome.spans,
                moderation_note=outcome.note,
            )
            status = outcome.status
            if record.status is CommentStatus.REPORTED and status is CommentStatus.PUBLISHED:
                status = CommentStatus.REPORTED  # still under review: its author is told so
                outcome = replace(outcome, status=CommentStatus.PENDING, decision="hold", reasons=[])
            self._change_status(connection, record, status)
            updated = repo.get(comment_id)
            parent = repo.get(record.parent_id) if record.parent_id is not None else None
        assert updated is not None
        view = comment_view(updated, parent.author_name if parent is not None else None)
        make_mine(view, updated.text, updated.created_at, settings.edit_window_seconds)
        return posted_view(view, outcome)

    def _change_status(self, connection: Any, record: CommentRecord, status: CommentStatus) -> None:
        """Move a comment to `status`, keeping the thread's and parent's counts right."""
        repo = CommentRepository(connection)
        was = record.status is CommentStatus.PUBLISHED
        now_published = status is CommentStatus.PUBLISHED
        if status is not record.status:
            repo.update_fields(record.id, status=status.value)
        delta = int(now_published) - int(was)
        if delta and record.parent_id is not None:
            repo.adjust_reply_count(record.parent_id, delta)
        ThreadRepository(connection).record_change(
            record.thread_id,
            comment_delta=delta,
            root_delta=delta if record.parent_id is None else 0,
        )

    def change_status(self, connection: Any, record: CommentRecord, status: CommentStatus) -> None:
        """Move a comment to `status` inside the caller's write transaction (e.g. hidden by reports)."""
        self._change_status(connection, record, status)

    def set_comment_status(self, comment_id: int, status: CommentStatus) -> None:
        """Move a comment to `status` (e.g. a moderator publishing a held comment), counts kept right."""
        if status is CommentStatus.DELETED:
            raise Invalid("status", "status: use delete_comment, which keeps tombstones right")
        with self.database.write() as connection:
            record = CommentRepository(connection).get(comment_id, for_update=True)
            if record is None or record.status is CommentStatus.DELETED:
                raise NotFound("id: no such comment", "id")
            self._change_status(connection, record, status)

    def delete_comment(self, site: str, comment_id: int, reader_id: str) -> None:
        """Delete the reader's own comment; one with replies stays as a tombstone."""
        with self.database.write() as connection:
            repo = CommentRepository(connection)
            record = self._owned(repo, site, comment_id, reader_id)
            published = record.status is CommentStatus.PUBLISHED
            threads = ThreadRepository(connection)
            if record.reply_count > 0:
                repo.update_fields(
                    comment_id, status=CommentStatus.DELETED.value, text="", html="", author_name=""
                )
                threads.record_change(record.thread_id, comment_delta=-1 if published else 0)
                return
            self._remove_leaf(connection, record, published)

    def _remove_leaf(self, connection: Any, record: CommentRecord, published: bool) -> None:
        """Remove a comment without replies, then any tombstone above it left with no replies."""
        repo = CommentRepository(connection)
        threads = ThreadRepository(connection)
        comment_delta = -1 if published else 0
        root_delta = 0
        current: CommentRecord | None = record
        counted = published
        while current is not None:
            repo.remove(current.id)
            if current.parent_id is None:
                root_delta -= 1 if counted or current.status is CommentStatus.DELETED else 0
                break
            parent = repo.get(current.parent_id, for_update=True)
            if parent is None:
                break
            if counted or current.status is CommentStatus.DELETED:
                repo.adjust_reply_count(parent.id, -1)
                remaining = parent.reply_count - 1
            else:
                remaining = parent.reply_count
            if parent.status is CommentStatus.DELETED and remaining <= 0:
                current, counted = parent, False
            else:
                current = None
        threads.record_change(record.thread_id, comment_delta=comment_delta, root_delta=root_delta)

    def vote(self, site: str, comment_id: int, value: int, reader_id: str) -> VoteView:
        """Set, change (1 / -1) or withdraw (0) the reader's one vote on a comment."""
        self.site(site)
        if value not in (-1, 0, 1):
            raise Invalid("value", "value: must be 1, -1 or 0")
        with self.database.write() as connection:
            repo = CommentRepository(connection)
            record = repo.get(comment_id, for_update=True)
            located = repo.thread_of(comment_id)
            if record is None or located is None or located[1] != site:
                raise NotFound("id: no such comment", "id")
            if record.status is not CommentStatus.PUBLISHED:
                raise Conflict("id: this comment cannot be voted on", "id")
            VoteRepository(connection).put(comment_id, reader_id, value)
            upvotes, downvotes = repo.set_vote_counts(comment_id)
            ThreadRepository(connection).record_change(record.thread_id)
        return {"upvotes": upvotes, "downvotes": downvotes, "my_vote": value}
