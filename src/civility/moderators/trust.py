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

The three reads these checks make on every post (the sanctions in force on the site, read at once for
all its authors unless there are more than `SITE_SANCTIONS_KEPT`; the site's rules; the site's model)
are kept per worker process for `TRUST_CACHE_SECONDS` (`TrustCache`). A ban, suspension or rule
saved in this process (the desk, `civility tune` in the server) empties the cache at once, from the
write itself (`Database.watch_writes`); another worker process sees it within those seconds. Expiry
of a suspension is checked against the clock on every post, cached or not.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from civility.comments.errors import Forbidden
from civility.comments.moderation_hook import CommentDraft, ModerationHook, ModerationOutcome
from civility.moderators.site_learning import SiteModels
from civility.moderators.site_model import SiteModel
from civility.moderators.tuning import apply_tuned_thresholds
from civility.settings import SiteSettings
from civility.storage.database import Database
from civility.storage.moderators import ModeratorRepository, SanctionRecord, SiteRules
from civility.storage.staff_tables import SanctionKind
from civility.storage.tables import CommentStatus

REJECTION_WINDOW = timedelta(days=7)
MIN_COMMENTS_FOR_RATE = 3
TRUST_CACHE_SECONDS = 3.0
"""How long a worker keeps a site's rules and model and an author's sanctions read by another worker."""

SITE_SANCTIONS_KEPT = 5000
"""A site with at most this many sanctions in force has them all read at once and kept (most posts are
by authors with none, who then need no read); a site with more has each author's read on their own."""

_MISSING = object()
_TOO_MANY = object()


class TrustCache:
    """The trust checks' reads, kept per worker for a few seconds; emptied by this process's writes.

    A read that overlapped a write (the generation moved while it ran) is not kept, so a ban saved in
    this process applies to the next post even when a post read the sanctions just before the commit.
    """

    WATCHED_TABLES = ("sanctions", "site_rules", "site_models")

    def __init__(
        self,
        database: Database,
        seconds: float = TRUST_CACHE_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.seconds = seconds
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._entries: dict[Hashable, tuple[float, object]] = {}
        self.generation = 0
        database.watch_writes(self.WATCHED_TABLES, self.invalidate)

    def invalidate(self) -> None:
        """Forget everything (a sanction, rule or model was written)."""
        with self._lock:
            self.generation += 1
            self._entries.clear()

    def get(self, key: Hashable) -> object:
        """The cached value, or `_MISSING`."""
        found = self._entries.get(key)
        if found is None or found[0] < self._monotonic():
            return _MISSING
        return found[1]

    def put(self, key: Hashable, value: object, generation: int) -> None:
        """Keep `value`, read since `generation`, unless a write happened meanwhile."""
        with self._lock:
            if generation == self.generation:
                self._entries[key] = (self._monotonic() + self.seconds, value)


@dataclass
class TrustGate:
    """A `ModerationHook` that applies sanctions and the site's trust rules around another hook."""

    inner: ModerationHook
    database: Database
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    sites: Mapping[str, SiteSettings] = field(default_factory=dict)
    site_models: SiteModels | None = None
    cache: TrustCache | None = None
    _applied: dict[str, dict[str, float] | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.site_models is None:
            self.site_models = SiteModels(self.database, self.sites, self.clock)
        if self.cache is None:
            self.cache = TrustCache(self.database)

    def __call__(self, draft: CommentDraft) -> ModerationOutcome:
        now = self.clock()
        cache = self.cache
        assert cache is not None and self.site_models is not None
        generation = cache.generation
        site_sanctions = cache.get(("sanctions", draft.site))
        sanctions_key = ("sanctions", draft.site, draft.reader_id)
        if isinstance(site_sanctions, dict):
            sanctions = site_sanctions.get(draft.reader_id, [])
        elif site_sanctions is _TOO_MANY:
            sanctions = cache.get(sanctions_key)
        else:
            sanctions = _MISSING
        rules = cache.get(("rules", draft.site))
        model = cache.get(("model", draft.site))
        counts_needed = (
            not isinstance(rules, SiteRules)
            or rules.hold_first_comments > 0
            or (rules.max_rejection_rate is not None)
        )
        rules_hold = False
        if sanctions is _MISSING or model is _MISSING or counts_needed:
            # plain SELECTs: on PostgreSQL each commits by itself (one round trip, no BEGIN/ROLLBACK)
            with self.database.read_once() as connection:
                repo = ModeratorRepository(connection)
                if site_sanctions is _MISSING:
                    site_sanctions = repo.site_sanctions(draft.site, now, SITE_SANCTIONS_KEPT)
                    site_sanctions = _TOO_MANY if site_sanctions is None else site_sanctions
                    cache.put(("sanctions", draft.site), site_sanctions, generation)
                if isinstance(site_sanctions, dict):
                    sanctions = site_sanctions.get(draft.reader_id, [])
                elif sanctions is _MISSING:
                    sanctions = repo.active_sanctions(draft.site, draft.reader_id, now)
                    cache.put(sanctions_key, sanctions, generation)
                if not isinstance(rules, SiteRules):
                    rules = repo.rules(draft.site)
                    cache.put(("rules", draft.site), rules, generation)
                rules_hold = self._rules_hold(repo, rules, draft, now)
                if model is _MISSING:
                    model = self.site_models.model_for(connection, draft.site)
                    cache.put(("model", draft.site), model, generation)
        assert isinstance(sanctions, list) and isinstance(rules, SiteRules)
        assert model is None or isinstance(model, SiteModel)
        _refuse_sanctioned(sanctions, now)
        self._apply_thresholds(draft.site, rules)
        live = _live(sanctions, now)
        hold = rules_hold or any(s.kind is SanctionKind.PREMODERATE for s in live)
        outcome = self.inner(draft)
        if model is not None:
            outcome = self.site_models.correct(model, draft, outcome)
        if hold and outcome.stored and outcome.status is CommentStatus.PUBLISHED:
            return replace(outcome, status=CommentStatus.PENDING, decision="hold", note=None)
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


def _live(sanctions: list[SanctionRecord], now: datetime) -> list[SanctionRecord]:
    """The sanctions still in force at `now` (a cached suspension may have ended since it was read)."""
    return [s for s in sanctions if s.until is None or s.until > now]


def _refuse_sanctioned(sanctions: list[SanctionRecord], now: datetime) -> None:
    """Forbidden for a banned author, or a suspended one until when."""
    live = _live(sanctions, now)
    if any(s.kind is SanctionKind.BAN for s in live):
        raise Forbidden(
            "text: you are banned from commenting on this site by its moderators", "text", code="banned"
        )
    ends = [s.until for s in live if s.kind is SanctionKind.SUSPEND and s.until is not None]
    if ends:
        raise Forbidden(
            f"text: you are suspended from commenting on this site until "
            f"{max(ends).strftime('%d %B %Y, %H:%M UTC')}",
            "text",
            code="suspended",
        )
