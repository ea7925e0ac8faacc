"""Trust rules around the moderation hook: sanctions refuse or hold, new and often-rejected authors wait.

`TrustGate` wraps the comment service's `ModerationHook`:
- a banned author is refused with a clear message (403 `banned`), a suspended one until when
  (403 `suspended`), before the engine even runs;
- otherwise the engine decides, and a comment it would publish is held for review when the author is
  on "always pre-moderate", is within the site's first K comments, or had at least the site's
  rejection rate over the last 7 days.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from civility.comments.errors import Forbidden
from civility.comments.service import CommentDraft, ModerationHook, ModerationOutcome
from civility.storage.database import Database
from civility.storage.moderators import ModeratorRepository
from civility.storage.staff_tables import SanctionKind
from civility.storage.tables import CommentStatus

REJECTION_WINDOW = timedelta(days=7)
MIN_COMMENTS_FOR_RATE = 3


@dataclass
class TrustGate:
    """A `ModerationHook` that applies sanctions and the site's trust rules around another hook."""

    inner: ModerationHook
    database: Database
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    def __call__(self, draft: CommentDraft) -> ModerationOutcome:
        now = self.clock()
        with self.database.read() as connection:
            repo = ModeratorRepository(connection)
            sanctions = repo.active_sanctions(draft.site, draft.reader_id, now)
            kinds = {s.kind for s in sanctions}
            if SanctionKind.BAN in kinds:
                raise Forbidden(
                    "text: you are banned from commenting on this site by its moderators",
                    "text",
                    code="banned",
                )
            suspended = [s for s in sanctions if s.kind is SanctionKind.SUSPEND and s.until is not None]
            if suspended:
                until = max(s.until for s in suspended if s.until is not None)
                raise Forbidden(
                    f"text: you are suspended from commenting on this site until "
                    f"{until.strftime('%d %B %Y, %H:%M UTC')}",
                    "text",
                    code="suspended",
                )
            hold = SanctionKind.PREMODERATE in kinds or self._rules_hold(repo, draft, now)
        outcome = self.inner(draft)
        if hold and outcome.stored and outcome.status is CommentStatus.PUBLISHED:
            return replace(outcome, status=CommentStatus.PENDING, decision="hold")
        return outcome

    def _rules_hold(self, repo: ModeratorRepository, draft: CommentDraft, now: datetime) -> bool:
        rules = repo.rules(draft.site)
        if rules.hold_first_comments > 0:
            total, _rejected = repo.author_counts_since(draft.site, draft.reader_id, None)
            if total < rules.hold_first_comments:
                return True
        if rules.max_rejection_rate is not None:
            total, rejected = repo.author_counts_since(draft.site, draft.reader_id, now - REJECTION_WINDOW)
            if total >= MIN_COMMENTS_FOR_RATE and rejected / total >= rules.max_rejection_rate:
                return True
        return False
