"""The comment service's writes: posting, editing, deleting, voting, and moving a comment's status.

`create_comment` and `edit_comment` pass every draft through the service's `moderate` hook (see
`civility.comments.moderation_hook`) before their write transaction, which then stores the comment with
the outcome's status. Every status change keeps the thread's and the parent's counts right; a deleted
comment with replies stays as a tombstone. No SQL here: the storage repositories run it, each write in
one transaction.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from civility.comments.errors import Conflict, Forbidden, Invalid, NotFound
from civility.comments.inputs import (
    MAX_DEPTH,
    MAX_NAME_LENGTH,
    MAX_TITLE_LENGTH,
    NewComment,
    validate_thread_key,
    validate_url,
)
from civility.comments.moderation_hook import CommentDraft, ModerationOutcome, nudge_view, posted_view
from civility.comments.rendering import clean_line, clean_text, render_markdown
from civility.comments.service_base import CommentServiceBase
from civility.comments.trending import hour_of
from civility.comments.verdicts import NudgeView, PostedCommentView
from civility.comments.views import VoteView, comment_view, make_mine
from civility.settings import SiteSettings
from civility.storage.posting import CommentRow, ReplyRefused, WrittenReply, write_reply, write_root_comment
from civility.storage.records import CommentRecord
from civility.storage.repositories import CommentRepository, ThreadRepository, VoteRepository
from civility.storage.tables import CommentStatus


class CommentWrites(CommentServiceBase):
    """The write operations of `CommentService`."""

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
        if new.parent_id is None:  # statements built once, one round trip on PostgreSQL (replies too)
            row = self._row(draft, title, url, outcome, html, now)
            thread_id, comment_id = write_root_comment(self.database, row)
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

    @staticmethod
    def _row(
        draft: CommentDraft, title: str, url: str, outcome: ModerationOutcome, html: str, now: datetime
    ) -> CommentRow:
        """What the comment writes."""
        return CommentRow(
            site=draft.site,
            thread_key=draft.thread_key,
            thread_title=title,
            thread_url=url,
            status=outcome.status.value,
            reader_id=draft.reader_id,
            author_name=draft.author_name,
            text=draft.text,
            html=html,
            created_at=now,
            created_hour=hour_of(now.timestamp()),
            author_ip_hash=draft.author_ip_hash,
            moderation_decision=outcome.decision,
            moderation_scores=outcome.scores,
            moderation_spans=outcome.spans,
            moderation_note=outcome.note,
            signature=outcome.signature,
        )

    def _write_reply(
        self, draft: CommentDraft, title: str, url: str, outcome: ModerationOutcome, html: str, now: datetime
    ) -> tuple[int, int, int, str]:
        """Store a reply once its parent is checked: (thread id, id, depth, parent's author)."""
        assert draft.parent_id is not None  # a reply
        written = write_reply(
            self.database, self._row(draft, title, url, outcome, html, now), draft.parent_id, MAX_DEPTH
        )
        if written is ReplyRefused.NO_PARENT:
            raise NotFound("parent_id: no such comment in this thread", "parent_id")
        if written is ReplyRefused.CLOSED:
            raise Conflict("parent_id: that comment can no longer be replied to", "parent_id")
        if written is ReplyRefused.TOO_DEEP:
            raise Invalid("parent_id", f"parent_id: replies nest at most {MAX_DEPTH} deep")
        assert isinstance(written, WrittenReply)
        return written.thread_id, written.comment_id, written.depth, written.parent_author

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
