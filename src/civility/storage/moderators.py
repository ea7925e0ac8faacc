"""SQL of moderators' work: queues, authors' histories, sanctions, the audit log, labels, trust rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, and_, bindparam, case, delete, func, insert, or_, select, update

from civility.storage.staff_tables import (
    SanctionKind,
    audit_log,
    decision_labels,
    featured_comments,
    sanctions,
    site_rules,
)
from civility.storage.tables import CommentStatus, UTCDateTime, comment_reports, comments, threads


class Queue(StrEnum):
    """The dashboard's queues: what the system held, what readers reported, and the decided ones."""

    PENDING = "pending"
    REPORTED = "reported"
    REJECTED = "rejected"
    APPROVED = "approved"
    ALL = "all"


QUEUE_STATUSES: dict[Queue, tuple[str, ...]] = {
    Queue.PENDING: (CommentStatus.PENDING.value,),
    Queue.REPORTED: (CommentStatus.REPORTED.value,),
    Queue.REJECTED: (CommentStatus.REJECTED.value,),
    Queue.APPROVED: (CommentStatus.PUBLISHED.value,),
    Queue.ALL: (
        CommentStatus.PENDING.value,
        CommentStatus.REPORTED.value,
        CommentStatus.REJECTED.value,
        CommentStatus.PUBLISHED.value,
    ),
}


class QueueOrder(StrEnum):
    NEWEST = "newest"
    MOST_REPORTED = "reported"


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One comment in a queue with what a moderator needs to decide on it."""

    id: int
    thread_id: int
    thread_key: str
    thread_title: str
    parent_id: int | None
    status: str
    reader_id: str
    author_name: str
    text: str
    created_at: datetime
    decision: str | None
    scores: dict[str, float]
    spans: list[dict[str, Any]]
    reports: int
    report_reasons: dict[str, int]
    featured: bool
    note: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class AuthorHistory:
    """An author's record on one site."""

    approved: int
    rejected: int
    pending: int
    reported: int
    first_seen: datetime | None


@dataclass(frozen=True, slots=True)
class SanctionRecord:
    id: int
    kind: SanctionKind
    until: datetime | None
    reason: str


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    site: str
    actor_email: str
    action: str
    target: str
    before: Any
    after: Any
    reason: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class SiteRules:
    """Trust rules of a site (0 / None: off) and thresholds tuned from its decisions."""

    hold_first_comments: int = 0
    max_rejection_rate: float | None = None
    thresholds: dict[str, float] | None = None


def _open_reports() -> Any:
    return (
        select(comment_reports.c.comment_id, func.count().label("reports"))
        .where(comment_reports.c.outcome == "open")
        .group_by(comment_reports.c.comment_id)
        .subquery()
    )


class ModeratorRepository:
    """Reads and writes of the moderators' dashboard."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    # ---- queues -------------------------------------------------------------------------------
    def _conditions(
        self, site: str, queue: Queue, thread_id: int | None, by_site_model: bool = False
    ) -> list[Any]:
        conditions = [comments.c.site == site, comments.c.status.in_(QUEUE_STATUSES[queue])]
        if thread_id is not None:
            conditions.append(comments.c.thread_id == thread_id)
        if by_site_model:  # only comments whose status the site's model decided
            conditions.append(comments.c.moderation_note.is_not(None))
        return conditions

    def counts(self, site: str, thread_id: int | None = None) -> dict[Queue, int]:
        """How many comments each queue holds."""
        conditions = [comments.c.site == site]
        if thread_id is not None:
            conditions.append(comments.c.thread_id == thread_id)
        rows = self.connection.execute(
            select(comments.c.status, func.count()).where(and_(*conditions)).group_by(comments.c.status)
        ).all()
        by_status = {status: int(count) for status, count in rows}
        result = {q: sum(by_status.get(s, 0) for s in QUEUE_STATUSES[q]) for q in Queue}
        return result

    def queue(
        self,
        site: str,
        queue: Queue,
        *,
        thread_id: int | None,
        order: QueueOrder,
        offset: int,
        limit: int,
        by_site_model: bool = False,
    ) -> list[QueueItem]:
        reports = _open_reports()
        report_count = func.coalesce(reports.c.reports, 0)
        ordering = (
            [report_count.desc(), comments.c.id.desc()]
            if order is QueueOrder.MOST_REPORTED
            else [comments.c.id.desc()]
        )
        rows = self.connection.execute(
            select(
                comments,
                threads.c.key.label("thread_key"),
                threads.c.title.label("thread_title"),
                report_count.label("report_count"),
                featured_comments.c.comment_id.label("featured"),
            )
            .select_from(
                comments.join(threads, threads.c.id == comments.c.thread_id)
                .outerjoin(reports, reports.c.comment_id == comments.c.id)
                .outerjoin(featured_comments, featured_comments.c.comment_id == comments.c.id)
            )
            .where(and_(*self._conditions(site, queue, thread_id, by_site_model)))
            .order_by(*ordering)
            .offset(offset)
            .limit(limit)
        ).all()
        reasons = self.report_reasons([row.id for row in rows])
        return [
            QueueItem(
                id=row.id,
                thread_id=row.thread_id,
                thread_key=row.thread_key,
                thread_title=row.thread_title,
                parent_id=row.parent_id,
                status=row.status,
                reader_id=row.reader_id,
                author_name=row.author_name,
                text=row.text,
                created_at=row.created_at,
                decision=row.moderation_decision,
                scores=dict(row.moderation_scores or {}),
                spans=list(row.moderation_spans or []),
                reports=int(row.report_count),
                report_reasons=reasons.get(row.id, {}),
                featured=row.featured is not None,
                note=row.moderation_note,
            )
            for row in rows
        ]

    def report_reasons(self, ids: Sequence[int]) -> dict[int, dict[str, int]]:
        """Per comment: how many open reports give each reason."""
        found: dict[int, dict[str, int]] = {}
        if not ids:
            return found
        for comment_id, reason, count in self.connection.execute(
            select(comment_reports.c.comment_id, comment_reports.c.reason, func.count())
            .where(comment_reports.c.comment_id.in_(list(ids)), comment_reports.c.outcome == "open")
            .group_by(comment_reports.c.comment_id, comment_reports.c.reason)
        ):
            found.setdefault(comment_id, {})[reason] = int(count)
        return found

    def comment(self, comment_id: int) -> Any:
        return self.connection.execute(select(comments).where(comments.c.id == comment_id)).first()

    def texts(self, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        """(author name, text) of the given comments (the parents shown for context)."""
        if not ids:
            return {}
        rows = self.connection.execute(
            select(comments.c.id, comments.c.author_name, comments.c.text).where(comments.c.id.in_(list(ids)))
        )
        return {row.id: (row.author_name, row.text) for row in rows}

    def thread_id(self, site: str, key: str) -> int | None:
        row = self.connection.execute(
            select(threads.c.id).where(threads.c.site == site, threads.c.key == key)
        ).first()
        return None if row is None else int(row[0])

    def rejection_reasons(self, comment_ids: Sequence[int]) -> dict[int, str]:
        """The latest reason moderators gave for rejecting (or removing as spam) each comment."""
        targets = {f"comment:{comment_id}": comment_id for comment_id in comment_ids}
        if not targets:
            return {}
        rows = self.connection.execute(
            select(audit_log.c.target, audit_log.c.reason)
            .where(audit_log.c.target.in_(list(targets)), audit_log.c.action.in_(("reject", "spam")))
            .order_by(audit_log.c.id)
        )
        return {targets[row.target]: row.reason for row in rows if row.reason}

    # ---- authors ------------------------------------------------------------------------------
    def author_histories(self, site: str, reader_ids: Sequence[str]) -> dict[str, AuthorHistory]:
        """Authors' records on the site (approved, rejected, waiting, reported, first comment), grouped."""
        readers = list(reader_ids)
        if not readers:
            return {}
        rows = self.connection.execute(
            select(
                comments.c.reader_id,
                func.count(case((comments.c.status == CommentStatus.PUBLISHED.value, 1))),
                func.count(case((comments.c.status == CommentStatus.REJECTED.value, 1))),
                func.count(case((comments.c.status == CommentStatus.PENDING.value, 1))),
                func.min(comments.c.created_at),
            )
            .where(comments.c.site == site, comments.c.reader_id.in_(readers))
            .group_by(comments.c.reader_id)
        ).all()
        reported: dict[str, int] = dict(
            self.connection.execute(
                select(comments.c.reader_id, func.count(func.distinct(comment_reports.c.comment_id)))
                .select_from(comment_reports.join(comments, comments.c.id == comment_reports.c.comment_id))
                .where(comments.c.site == site, comments.c.reader_id.in_(readers))
                .group_by(comments.c.reader_id)
            ).all()
        )
        found: dict[str, AuthorHistory] = {}
        for reader, approved, rejected, pending, first in rows:
            if first is not None and first.tzinfo is None:  # min() skips the column's type
                first = first.replace(tzinfo=UTC)
            found[reader] = AuthorHistory(
                int(approved), int(rejected), int(pending), int(reported.get(reader, 0)), first
            )
        return found

    def active_sanctions_of(
        self, site: str, reader_ids: Sequence[str], now: datetime
    ) -> dict[str, list[str]]:
        """The kinds of live sanctions of many authors (a queue page's authors), in one query."""
        found: dict[str, list[str]] = {reader: [] for reader in reader_ids}
        if not found:
            return found
        rows = self.connection.execute(
            select(sanctions.c.reader_id, sanctions.c.kind).where(
                sanctions.c.site == site,
                sanctions.c.reader_id.in_(list(found)),
                sanctions.c.lifted_at.is_(None),
                or_(sanctions.c.until.is_(None), sanctions.c.until > now),
            )
        ).all()
        for reader, kind in rows:
            found[reader].append(kind)
        return found

    def author_counts_since(self, site: str, reader_id: str, since: datetime | None) -> tuple[int, int]:
        """(comments, rejected) by the author on the site since `since` (all time when None)."""
        conditions = [comments.c.site == site, comments.c.reader_id == reader_id]
        if since is not None:
            conditions.append(comments.c.created_at >= since)
        row = self.connection.execute(
            select(
                func.count(), func.count(case((comments.c.status == CommentStatus.REJECTED.value, 1)))
            ).where(and_(*conditions))
        ).one()
        return int(row[0]), int(row[1])

    # ---- sanctions ----------------------------------------------------------------------------
    def active_sanctions(self, site: str, reader_id: str, now: datetime) -> list[SanctionRecord]:
        rows = self.connection.execute(
            _ACTIVE_SANCTIONS, {"site": site, "reader_id": reader_id, "now": now}
        ).all()
        return [SanctionRecord(row.id, SanctionKind(row.kind), row.until, row.reason) for row in rows]

    def site_sanctions(self, site: str, now: datetime, limit: int) -> dict[str, list[SanctionRecord]] | None:
        """Every sanction of the site in force at `now`, by reader; None when there are more than `limit`
        (then each author's are read on their own, `active_sanctions`)."""
        rows = self.connection.execute(
            _SITE_ACTIVE_SANCTIONS, {"site": site, "now": now, "limit": limit + 1}
        ).all()
        if len(rows) > limit:
            return None
        found: dict[str, list[SanctionRecord]] = {}
        for row in rows:
            record = SanctionRecord(row.id, SanctionKind(row.kind), row.until, row.reason)
            found.setdefault(row.reader_id, []).append(record)
        return found

    def add_sanction(
        self,
        *,
        site: str,
        reader_id: str,
        kind: SanctionKind,
        until: datetime | None,
        reason: str,
        created_by: int,
        now: datetime,
    ) -> None:
        self.connection.execute(
            insert(sanctions).values(
                site=site,
                reader_id=reader_id,
                kind=kind.value,
                until=until,
                reason=reason,
                created_by=created_by,
                created_at=now,
            )
        )

    def lift_sanctions(self, site: str, reader_id: str, now: datetime) -> int:
        result = self.connection.execute(
            update(sanctions)
            .where(
                sanctions.c.site == site, sanctions.c.reader_id == reader_id, sanctions.c.lifted_at.is_(None)
            )
            .values(lifted_at=now)
        )
        return int(result.rowcount or 0)

    # ---- featured -----------------------------------------------------------------------------
    def set_featured(self, site: str, comment_id: int, featured: bool, now: datetime) -> None:
        self.connection.execute(delete(featured_comments).where(featured_comments.c.comment_id == comment_id))
        if featured:
            self.connection.execute(
                insert(featured_comments).values(comment_id=comment_id, site=site, featured_at=now)
            )

    # ---- audit log ----------------------------------------------------------------------------
    def audit(
        self,
        *,
        site: str,
        actor_id: int | None,
        actor_email: str,
        action: str,
        target: str,
        before: Any,
        after: Any,
        reason: str,
        now: datetime,
    ) -> None:
        self.connection.execute(
            insert(audit_log).values(
                site=site,
                actor_id=actor_id,
                actor_email=actor_email,
                action=action,
                target=target,
                before=before,
                after=after,
                reason=reason,
                created_at=now,
            )
        )

    def audit_entries(self, site: str, *, before_id: int | None = None, limit: int = 100) -> list[AuditEntry]:
        conditions = [audit_log.c.site == site]
        if before_id is not None:
            conditions.append(audit_log.c.id < before_id)
        rows = self.connection.execute(
            select(audit_log).where(and_(*conditions)).order_by(audit_log.c.id.desc()).limit(limit)
        ).all()
        return [
            AuditEntry(
                row.id,
                row.site,
                row.actor_email,
                row.action,
                row.target,
                row.before,
                row.after,
                row.reason,
                row.created_at,
            )
            for row in rows
        ]

    # ---- labels -------------------------------------------------------------------------------
    def add_label(
        self,
        *,
        site: str,
        comment_id: int,
        label: str,
        engine_decision: str | None,
        scores: dict[str, float] | None,
        decided_by: int | None,
        comment_created_at: datetime,
        now: datetime,
    ) -> None:
        self.connection.execute(
            insert(decision_labels).values(
                site=site,
                comment_id=comment_id,
                label=label,
                engine_decision=engine_decision,
                scores=scores,
                decided_by=decided_by,
                comment_created_at=comment_created_at,
                decided_at=now,
            )
        )

    def labels(self, site: str) -> list[tuple[str, dict[str, float]]]:
        """Every (label, scores at the time) of the site's decisions, latest label per comment."""
        rows = self.connection.execute(
            select(decision_labels.c.comment_id, decision_labels.c.label, decision_labels.c.scores)
            .where(decision_labels.c.site == site, decision_labels.c.scores.is_not(None))
            .order_by(decision_labels.c.id)
        ).all()
        latest: dict[Any, tuple[str, dict[str, float]]] = {}
        for index, row in enumerate(rows):
            latest[row.comment_id if row.comment_id is not None else -index - 1] = (
                row.label,
                dict(row.scores),
            )
        return list(latest.values())

    def decision_times(self, site: str, since: datetime) -> list[tuple[datetime, datetime, str]]:
        """(comment created, decided, label) of the site's decisions since `since`."""
        rows = self.connection.execute(
            select(
                decision_labels.c.comment_created_at, decision_labels.c.decided_at, decision_labels.c.label
            ).where(decision_labels.c.site == site, decision_labels.c.decided_at >= since)
        ).all()
        return [(row[0], row[1], row[2]) for row in rows]

    # ---- statistics ---------------------------------------------------------------------------
    def comments_since(self, site: str, since: datetime) -> list[tuple[datetime, str, str | None, Any]]:
        """(created, status, engine decision, scores) of the site's comments since `since`."""
        rows = self.connection.execute(
            select(
                comments.c.created_at,
                comments.c.status,
                comments.c.moderation_decision,
                comments.c.moderation_scores,
            ).where(comments.c.site == site, comments.c.created_at >= since)
        ).all()
        return [(row[0], row[1], row[2], row[3]) for row in rows]

    def reports_since(self, site: str, since: datetime) -> list[tuple[datetime, str]]:
        rows = self.connection.execute(
            select(comment_reports.c.created_at, comment_reports.c.reason).where(
                comment_reports.c.site == site, comment_reports.c.created_at >= since
            )
        ).all()
        return [(row[0], row[1]) for row in rows]

    # ---- trust rules --------------------------------------------------------------------------
    def rules(self, site: str) -> SiteRules:
        row = self.connection.execute(select(site_rules).where(site_rules.c.site == site)).first()
        if row is None:
            return SiteRules()
        return SiteRules(row.hold_first_comments, row.max_rejection_rate, row.thresholds)

    def save_rules(self, site: str, rules: SiteRules, now: datetime) -> None:
        values = {
            "hold_first_comments": rules.hold_first_comments,
            "max_rejection_rate": rules.max_rejection_rate,
            "thresholds": rules.thresholds,
            "updated_at": now,
        }
        result = self.connection.execute(update(site_rules).where(site_rules.c.site == site).values(**values))
        if not result.rowcount:
            self.connection.execute(insert(site_rules).values(site=site, **values))

    def all_rules(self) -> dict[str, SiteRules]:
        rows = self.connection.execute(select(site_rules)).all()
        return {
            row.site: SiteRules(row.hold_first_comments, row.max_rejection_rate, row.thresholds)
            for row in rows
        }


# Read by each worker every few seconds per site (`TrustGate`): built once.
_SITE_ACTIVE_SANCTIONS = (
    select(sanctions.c.id, sanctions.c.reader_id, sanctions.c.kind, sanctions.c.until, sanctions.c.reason)
    .where(
        sanctions.c.site == bindparam("site"),
        sanctions.c.lifted_at.is_(None),
        or_(sanctions.c.until.is_(None), sanctions.c.until > bindparam("now", type_=UTCDateTime)),
    )
    .order_by(sanctions.c.id)
    .limit(bindparam("limit"))
)
# Read on every post by an author whose sanctions this worker has not cached, on a site with more
# sanctions in force than `TrustGate` keeps per site: built once.
_ACTIVE_SANCTIONS = select(sanctions.c.id, sanctions.c.kind, sanctions.c.until, sanctions.c.reason).where(
    sanctions.c.site == bindparam("site"),
    sanctions.c.reader_id == bindparam("reader_id"),
    sanctions.c.lifted_at.is_(None),
    or_(sanctions.c.until.is_(None), sanctions.c.until > bindparam("now", type_=UTCDateTime)),
)
