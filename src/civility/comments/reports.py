"""Readers' reports: "Mark as spam" and "Report…" from the ∨ menu, weighed and acted on.

Rules: a reader cannot report their own comment; one report per reader per comment; reports are
rate-limited (in the web layer, see `rate_limits`). Each report carries a weight from the reporter's
record on the site:

    established reader (has a published comment)   2 × (upheld + 1) / (upheld + dismissed + 2)
    fresh anonymous reader (no published comment, no judged report)   0.6

so a reader whose reports moderators upheld counts up to 2.0, one whose reports were dismissed down to
0.2. When a published comment's open reports weigh `report_threshold` or more, it is hidden (status
`reported`) and joins the Reported queue. The author is never told who reported.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TypedDict

from civility.comments.errors import Conflict, Forbidden, Invalid, NotFound
from civility.comments.rendering import clean_line
from civility.comments.service import CommentService
from civility.comments.service_base import utc_now
from civility.settings import SiteSettings
from civility.storage.reports import (
    ReportedComment,
    ReporterHistory,
    ReportOutcome,
    ReportRepository,
    SignatureRepository,
)
from civility.storage.repositories import CommentRepository
from civility.storage.tables import CommentStatus

FRESH_READER_WEIGHT = 0.6
MAX_NOTE_LENGTH = 300


class ReportReason(StrEnum):
    """Why a reader reports a comment (the categories of the published policy, plus spam and other)."""

    SPAM = "spam"
    VIOLENCE = "violence"
    HATE = "hate"
    PROFANITY = "profanity"
    VULGARITY = "vulgarity"
    DOXING = "doxing"
    DISCOURTESY = "discourtesy"
    OTHER = "other"


class ReportReceipt(TypedDict):
    """The reporter's confirmation; it says nothing about other readers' reports."""

    received: bool
    message: str


def reporter_weight(history: ReporterHistory, established: bool) -> float:
    """How much one report by this reader counts (see the module's docstring)."""
    judged = history.upheld + history.dismissed
    if not established and judged == 0:
        return FRESH_READER_WEIGHT
    return round(2.0 * (history.upheld + 1) / (judged + 2), 4)


@dataclass
class ReportService:
    """Takes readers' reports and moderators' judgements of them."""

    comments: CommentService
    clock: Callable[[], datetime] = utc_now

    @property
    def sites(self) -> Mapping[str, SiteSettings]:
        return self.comments.sites

    def report(
        self, site: str, comment_id: int, reader_id: str, reason: ReportReason, note: str | None = None
    ) -> ReportReceipt:
        """Record one reader's report; hide the comment when the reports pass the site's threshold."""
        settings = self.comments.site(site)
        cleaned = clean_line(note or "") or None
        if cleaned is not None and len(cleaned) > MAX_NOTE_LENGTH:
            raise Invalid("note", f"note: at most {MAX_NOTE_LENGTH} characters")
        if reason is ReportReason.OTHER and cleaned is None:
            raise Invalid("note", "note: say in a few words what is wrong with this comment")
        with self.comments.database.write() as connection:
            repo = CommentRepository(connection)
            record = repo.get(comment_id, for_update=True)
            located = repo.thread_of(comment_id)
            if record is None or located is None or located[1] != site:
                raise NotFound("id: no such comment", "id")
            if record.status not in (CommentStatus.PUBLISHED, CommentStatus.REPORTED):
                raise Conflict("id: this comment cannot be reported", "id")
            if record.reader_id == reader_id:
                raise Forbidden("id: you cannot report your own comment", "id", code="own_comment")
            reports = ReportRepository(connection)
            if reports.exists(comment_id, reader_id):
                raise Conflict("id: you have already reported this comment", "id")
            weight = reporter_weight(
                reports.history(site, reader_id), reports.has_published_comment(site, reader_id)
            )
            reports.add(
                comment_id=comment_id,
                site=site,
                reader_id=reader_id,
                reason=reason.value,
                note=cleaned,
                weight=weight,
                now=self.clock(),
            )
            if (
                record.status is CommentStatus.PUBLISHED
                and reports.open_weight(comment_id) >= settings.report_threshold - 1e-9
            ):
                self.comments.change_status(connection, record, CommentStatus.REPORTED)
        what = "marking this comment as spam" if reason is ReportReason.SPAM else "your report"
        return {
            "received": True,
            "message": f"Thank you for {what}. Moderators will look at it; the author is not told who "
            "reported.",
        }

    def judge(self, comment_id: int, upheld: bool) -> None:
        """A moderator's verdict on a comment's open reports (it sets the reporters' reputation).

        Upheld: the comment is rejected, and when readers reported it as spam its near-duplicates are
        caught from now on. Dismissed: a comment hidden by reports is published again.
        """
        with self.comments.database.write() as connection:
            repo = CommentRepository(connection)
            record = repo.get(comment_id, for_update=True)
            if record is None or record.status is CommentStatus.DELETED:
                raise NotFound("id: no such comment", "id")
            reports = ReportRepository(connection)
            reasons = reports.reasons_of(comment_id)
            reports.judge(comment_id, ReportOutcome.UPHELD if upheld else ReportOutcome.DISMISSED)
            if upheld:
                if ReportReason.SPAM.value in reasons:
                    SignatureRepository(connection).mark_removed_as_spam(comment_id)
                self.comments.change_status(connection, record, CommentStatus.REJECTED)
            elif record.status is CommentStatus.REPORTED:
                self.comments.change_status(connection, record, CommentStatus.PUBLISHED)

    def remove_as_spam(self, comment_id: int) -> None:
        """A moderator removes a comment as spam: rejected, and its near-duplicates caught from now on."""
        with self.comments.database.write() as connection:
            repo = CommentRepository(connection)
            record = repo.get(comment_id, for_update=True)
            if record is None or record.status is CommentStatus.DELETED:
                raise NotFound("id: no such comment", "id")
            SignatureRepository(connection).mark_removed_as_spam(comment_id)
            ReportRepository(connection).judge(comment_id, ReportOutcome.UPHELD)
            self.comments.change_status(connection, record, CommentStatus.REJECTED)

    def reported_queue(
        self, site: str, limit: int = 50, after_id: int | None = None
    ) -> list[ReportedComment]:
        """The Reported queue of a site: comments hidden by readers' reports, oldest first."""
        self.comments.site(site)
        with self.comments.database.read() as connection:
            return ReportRepository(connection).reported_queue(site, limit, after_id)
