"""The moderators' desk: queues, decisions on comments, sanctions, the audit log (no HTTP, no SQL strings).

Every decision goes through `act`, which changes the comment through `CommentService` (so counts and
readers' caches stay right), judges readers' reports, stores the decision as a label next to the
engine's scores, remembers spam for the near-duplicate rule, writes one audit entry, and retrains the
site's model (`site_learning.py`) in the background once enough new decisions arrived.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from civility.accounts.service import Account
from civility.comments.errors import Forbidden, Invalid, NotFound
from civility.comments.service import CommentService
from civility.moderators.site_learning import SiteModels
from civility.settings import SiteSettings
from civility.storage.database import Database
from civility.storage.moderators import (
    AuditEntry,
    AuthorHistory,
    ModeratorRepository,
    Queue,
    QueueItem,
    QueueOrder,
    SiteRules,
)
from civility.storage.reports import ReportOutcome, ReportRepository, SignatureRepository
from civility.storage.repositories import ThreadRepository
from civility.storage.staff_tables import Label, SanctionKind
from civility.storage.tables import CommentStatus

PAGE_SIZE = 25
MAX_REASON = 500
MAX_SUSPEND_DAYS = 365
MAX_BULK = 200


class Action(StrEnum):
    """What a moderator can do from a queue item."""

    APPROVE = "approve"
    REJECT = "reject"
    SPAM = "spam"
    FEATURE = "feature"
    UNFEATURE = "unfeature"
    BAN = "ban"
    SUSPEND = "suspend"
    PREMODERATE = "premoderate"
    LIFT = "lift"


BULK_ACTIONS = frozenset({Action.APPROVE, Action.REJECT, Action.SPAM})
_STATUS_OF = {
    Action.APPROVE: CommentStatus.PUBLISHED,
    Action.REJECT: CommentStatus.REJECTED,
    Action.SPAM: CommentStatus.REJECTED,
}
_LABEL_OF = {Action.APPROVE: Label.APPROVED, Action.REJECT: Label.REJECTED, Action.SPAM: Label.SPAM}


@dataclass(frozen=True)
class QueuePage:
    """One page of a queue, with every queue's count for the tabs."""

    site: str
    queue: Queue
    order: QueueOrder
    thread: str | None
    page: int
    items: list[QueueItem]
    counts: dict[Queue, int]
    parents: dict[int, tuple[str, str]]
    authors: dict[str, AuthorHistory]
    sanctions: dict[str, list[str]]
    has_next: bool
    by_site_model: bool = False  # only the comments whose status the site's model decided


@dataclass
class ModerationDesk:
    """Queues and decisions for the dashboard (one per app)."""

    database: Database
    comments: CommentService
    sites: Mapping[str, SiteSettings]
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    site_models: SiteModels | None = None

    def __post_init__(self) -> None:
        if self.site_models is None:
            self.site_models = SiteModels(self.database, self.sites, self.clock)

    def _site(self, site: str) -> SiteSettings:
        found = self.sites.get(site)
        if found is None:
            raise NotFound(f"site: no site called {site[:64]!r} is served here", "site")
        return found

    # ---- reading -----------------------------------------------------------------------------
    def queue(
        self,
        site: str,
        queue: Queue,
        *,
        thread: str | None = None,
        order: QueueOrder = QueueOrder.NEWEST,
        page: int = 1,
        by_site_model: bool = False,
    ) -> QueuePage:
        """A page of a queue of the site (or of one thread), newest or most reported first."""
        self._site(site)
        if not 1 <= page <= 10_000:
            raise Invalid("page", "page: must be between 1 and 10000")
        now = self.clock()
        with self.database.read() as connection:
            repo = ModeratorRepository(connection)
            thread_id = None
            if thread:
                thread_id = repo.thread_id(site, thread)
                if thread_id is None:
                    raise NotFound("thread: no such thread on this site", "thread")
            items = repo.queue(
                site,
                queue,
                thread_id=thread_id,
                order=order,
                offset=(page - 1) * PAGE_SIZE,
                limit=PAGE_SIZE + 1,
                by_site_model=by_site_model,
            )
            has_next = len(items) > PAGE_SIZE
            items = items[:PAGE_SIZE]
            counts = repo.counts(site, thread_id)
            parents = repo.texts([item.parent_id for item in items if item.parent_id is not None])
            readers = sorted({item.reader_id for item in items})
            authors = repo.author_histories(site, readers)
            sanctions = repo.active_sanctions_of(site, readers, now)
        return QueuePage(
            site,
            queue,
            order,
            thread,
            page,
            items,
            counts,
            parents,
            authors,
            sanctions,
            has_next,
            by_site_model,
        )

    def audit(self, site: str, before_id: int | None = None, limit: int = 100) -> list[AuditEntry]:
        self._site(site)
        with self.database.read() as connection:
            return ModeratorRepository(connection).audit_entries(site, before_id=before_id, limit=limit)

    def audit_csv(self, site: str) -> str:
        """The site's whole audit log as CSV (newest first)."""
        self._site(site)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["id", "when", "moderator", "action", "target", "before", "after", "reason"])
        before_id: int | None = None
        with self.database.read() as connection:
            repo = ModeratorRepository(connection)
            while True:
                entries = repo.audit_entries(site, before_id=before_id, limit=1000)
                for entry in entries:
                    writer.writerow(
                        [
                            entry.id,
                            entry.created_at.isoformat().replace("+00:00", "Z"),
                            entry.actor_email,
                            entry.action,
                            entry.target,
                            json.dumps(entry.before, sort_keys=True),
                            json.dumps(entry.after, sort_keys=True),
                            _csv_safe(entry.reason),
                        ]
                    )
                if len(entries) < 1000:
                    break
                before_id = entries[-1].id
        return out.getvalue()

    def rules(self, site: str) -> SiteRules:
        self._site(site)
        with self.database.read() as connection:
            return ModeratorRepository(connection).rules(site)

    def save_rules(self, account: Account, site: str, hold_first: int, max_rate: float | None) -> SiteRules:
        """Change the site's trust rules (audited)."""
        self._site(site)
        if not 0 <= hold_first <= 1000:
            raise Invalid("hold_first_comments", "hold_first_comments: between 0 and 1000")
        if max_rate is not None and not 0.0 < max_rate <= 1.0:
            raise Invalid("max_rejection_rate", "max_rejection_rate: a fraction above 0 and at most 1")
        now = self.clock()
        with self.database.write() as connection:
            repo = ModeratorRepository(connection)
            before = repo.rules(site)
            after = SiteRules(hold_first, max_rate, before.thresholds)
            repo.save_rules(site, after, now)
            repo.audit(
                site=site,
                actor_id=account.id,
                actor_email=account.email,
                action="trust_rules",
                target=f"site:{site}",
                before={
                    "hold_first_comments": before.hold_first_comments,
                    "max_rejection_rate": before.max_rejection_rate,
                },
                after={"hold_first_comments": hold_first, "max_rejection_rate": max_rate},
                reason="",
                now=now,
            )
        return after

    # ---- deciding ----------------------------------------------------------------------------
    def act(
        self,
        account: Account,
        site: str,
        comment_id: int,
        action: Action,
        *,
        reason: str = "",
        days: int | None = None,
    ) -> str:
        """Apply one moderator action to a comment (or its author); returns a line for the moderator."""
        self._site(site)
        if not account.moderates(site):
            raise Forbidden("site: you do not moderate this site", "site")
        reason = reason.strip()
        if len(reason) > MAX_REASON:
            raise Invalid("reason", f"reason: at most {MAX_REASON} characters")
        if action is Action.SUSPEND and (days is None or not 1 <= days <= MAX_SUSPEND_DAYS):
            raise Invalid("days", f"days: suspend for 1 to {MAX_SUSPEND_DAYS} days")
        with self.database.read() as connection:
            row = ModeratorRepository(connection).comment(comment_id)
        if row is None or row.site != site or row.status == CommentStatus.DELETED.value:
            raise NotFound("id: no such comment on this site", "id")
        if action in _STATUS_OF:
            return self._decide(account, site, row, action, reason)
        if action in (Action.FEATURE, Action.UNFEATURE):
            return self._feature(account, site, row, action is Action.FEATURE)
        return self._sanction(account, site, row, action, reason, days)

    def act_many(
        self, account: Account, site: str, ids: Sequence[int], action: Action, reason: str = ""
    ) -> int:
        """A bulk action (approve, reject or spam) on a selection; returns how many were decided."""
        if action not in BULK_ACTIONS:
            raise Invalid("action", "action: bulk actions are approve, reject and spam")
        if not ids:
            raise Invalid("ids", "ids: select at least one comment")
        if len(ids) > MAX_BULK:
            raise Invalid("ids", f"ids: at most {MAX_BULK} at once")
        for comment_id in ids:
            self.act(account, site, comment_id, action, reason=reason)
        return len(ids)

    def _decide(self, account: Account, site: str, row: Any, action: Action, reason: str) -> str:
        status = _STATUS_OF[action]
        if action is Action.REJECT and not reason:
            reason = "It breaks the comment policy."
        if action is Action.SPAM:
            reason = reason or "Spam."
        self.comments.set_comment_status(row.id, status)
        now = self.clock()
        with self.database.write() as connection:
            repo = ModeratorRepository(connection)
            ReportRepository(connection).judge(
                row.id, ReportOutcome.DISMISSED if action is Action.APPROVE else ReportOutcome.UPHELD
            )
            if action is Action.SPAM:
                SignatureRepository(connection).mark_removed_as_spam(row.id)
            repo.add_label(
                site=site,
                comment_id=row.id,
                label=_LABEL_OF[action].value,
                engine_decision=row.moderation_decision,
                scores=row.moderation_scores,
                decided_by=account.id,
                comment_created_at=row.created_at,
                now=now,
            )
            repo.audit(
                site=site,
                actor_id=account.id,
                actor_email=account.email,
                action=action.value,
                target=f"comment:{row.id}",
                before={"status": row.status},
                after={"status": status.value},
                reason="" if action is Action.APPROVE else reason,
                now=now,
            )
        assert self.site_models is not None
        self.site_models.retrain_if_due(site)  # in the background, once enough new decisions arrived
        done = {Action.APPROVE: "approved", Action.REJECT: "rejected", Action.SPAM: "removed as spam"}
        return f"Comment {row.id} {done[action]}."

    def _feature(self, account: Account, site: str, row: Any, featured: bool) -> str:
        if featured and row.status != CommentStatus.PUBLISHED.value:
            raise Invalid("action", "action: only a published comment can be featured")
        now = self.clock()
        with self.database.write() as connection:
            repo = ModeratorRepository(connection)
            repo.set_featured(site, row.id, featured, now)
            # Readers see featured comments first: their cached pages of this thread go stale.
            ThreadRepository(connection).record_change(row.thread_id)
            repo.audit(
                site=site,
                actor_id=account.id,
                actor_email=account.email,
                action="feature" if featured else "unfeature",
                target=f"comment:{row.id}",
                before={"featured": not featured},
                after={"featured": featured},
                reason="",
                now=now,
            )
        return f"Comment {row.id} {'featured' if featured else 'no longer featured'}."

    def _sanction(
        self, account: Account, site: str, row: Any, action: Action, reason: str, days: int | None
    ) -> str:
        now = self.clock()
        reader = row.reader_id
        with self.database.write() as connection:
            repo = ModeratorRepository(connection)
            before = sorted(s.kind.value for s in repo.active_sanctions(site, reader, now))
            if action is Action.LIFT:
                repo.lift_sanctions(site, reader, now)
                after: list[str] = []
                line = f"Sanctions on {row.author_name} lifted."
            else:
                kind = {
                    Action.BAN: SanctionKind.BAN,
                    Action.SUSPEND: SanctionKind.SUSPEND,
                    Action.PREMODERATE: SanctionKind.PREMODERATE,
                }[action]
                until = now + timedelta(days=days) if kind is SanctionKind.SUSPEND and days else None
                repo.add_sanction(
                    site=site,
                    reader_id=reader,
                    kind=kind,
                    until=until,
                    reason=reason,
                    created_by=account.id,
                    now=now,
                )
                after = sorted({*before, kind.value})
                line = {
                    SanctionKind.BAN: f"{row.author_name} is banned.",
                    SanctionKind.SUSPEND: f"{row.author_name} is suspended for {days} days.",
                    SanctionKind.PREMODERATE: f"{row.author_name}'s comments will be held for review.",
                }[kind]
            repo.audit(
                site=site,
                actor_id=account.id,
                actor_email=account.email,
                action=action.value,
                target=f"author:{reader[:40]}",
                before={"sanctions": before, "author": row.author_name},
                after={"sanctions": after, "days": days} if days else {"sanctions": after},
                reason=reason,
                now=now,
            )
        return line


def _csv_safe(value: str) -> str:
    """Keep spreadsheet programs from running a cell that starts like a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
