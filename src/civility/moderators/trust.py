"""Trust rules around the moderation hook: sanctions refuse or hold, new and often-rejected authors wait.

`TrustGate` wraps the comment service's `ModerationHook`:
- a banned author is refused with a clear message (403 `banned`), a suspended one until when
  (403 `suspended`), before the engine even runs;
- otherwise the engine decides, the site's model learned from its moderators' decisions corrects a
  hold or a publish where it measurably helps (`site_learning.py`), and a comment that would be
  published is held for review when the author is on "always pre-moderate", is within the site's first
  K comments, or had at least the site's rejection rate over the last 7 days.

Thresholds that `civility tune` stored for a site are applied to the site's policy here, on the first post
after they change, so a running server picks them up without a restart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from civility.comments.errors import Forbidden
from civility.comments.service import CommentDraft, ModerationHook, ModerationOutcome
from civility.moderators.site_learning import SiteModels
from civility.moderators.tuning import apply_tuned_thresholds
from civility.settings import SiteSettings
from civility.storage.database import Database
from civility.storage.moderators import ModeratorRepository, SiteRules
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
    sites: Mapping[str, SiteSettings] = field(default_factory=dict)
    site_models: SiteModels | None = None
    _applied: dict[str, dict[str, float] | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.site_models is None:
            self.site_models = SiteModels(self.database, self.sites, self.clock)

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
            rules = repo.rules(draft.site)
            self._apply_thresholds(draft.site, rules)
            hold = SanctionKind.PREMODERATE in kinds or self._rules_hold(repo, rules, draft, now)
            assert self.site_models is not None
            model = self.site_models.model_for(connection, draft.site)
        outcome = self.inner(draft)
        if model is not None:
            outcome = self.site_models.correct(model, draft, outcome)
        if hold and outcome.stored and outcome.status is CommentStatus.PUBLISHED:
            return replace(outcome, status=CommentStatus.PENDING, decision="hold")
        return outcome

    def _apply_thresholds(self, site: str, rules: SiteRules) -> None:
        if self._applied.get(site) == rules.thresholds or site not in self.sites:
            return
        apply_tuned_thresholds(self.sites[site].moderation, rules.thresholds)
        self._applied[site] = rules.thresholds

    def _rules_hold(
        self, repo: ModeratorRepository, rules: SiteRules, draft: CommentDraft, now: datetime
    ) -> bool:
        if rules.hold_first_comments > 0:
            total, _rejected = repo.author_counts_since(draft.site, draft.reader_id, None)
            if total < rules.hold_first_comments:
                return True
        if rules.max_rejection_rate is not None:
            total, rejected = repo.author_counts_since(draft.site, draft.reader_id, now - REJECTION_WINDOW)
            if total >= MIN_COMMENTS_FOR_RATE and rejected / total >= rules.max_rejection_rate:
                return True
        return False
