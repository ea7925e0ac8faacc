"""The moderation hook of the comment service: the site's policy, enforced by the moderation engine.

`PolicyEnforcement(engine, database)` is a `ModerationHook`. For each draft it runs the engine under the
site's `PolicyConfig` and turns the verdict into a `ModerationOutcome`:

    allow  -> published          hold   -> pending (visible only to its author, "awaiting review")
    nudge  -> nothing stored     reject -> rejected (text kept for the moderators' audit only)

A nudged author who posts anyway gets the policy's `after_nudge` action (normally hold). If the engine
raises, a detector fails or overruns its budget, the text is too long to score, or the whole engine call
takes longer than the site's `moderation_time_limit_ms` of wall-clock time (a detector stuck waiting, a
machine too loaded), the comment is held for review: nothing is lost and nothing unchecked is published.
Such a comment keeps its near-duplicate signature too, so a repost of it is still caught.
Logs never hold comment text.

Near-duplicates: the engine's spam detector asks a `RecentCommentStore`; `DatabaseRecentStore` answers
from the database of the hook running in the current thread: the author's own recent comments, and
comments moderators removed as spam (found through LSH band keys). Either counts as a repeat, which the
spam detector scores as spam.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from civility.comments.deadline_runner import DeadlineRunner
from civility.comments.moderation_hook import CommentDraft, ModerationOutcome
from civility.comments.service_base import utc_now
from civility.moderation.categories import Action
from civility.moderation.detectors.near_duplicates import NearDuplicates, Signature, count_similar
from civility.moderation.detectors.near_duplicates import signature as near_duplicate_signature
from civility.moderation.detectors.spam import SpamDetector
from civility.moderation.engine import ModerationEngine
from civility.moderation.normalize import normalize
from civility.moderation.pipeline import ModerationContext
from civility.moderation.policy_config import PolicyConfig
from civility.moderation.registry import default_registry
from civility.moderation.result import ModerationResult, Status
from civility.settings import SiteSettings
from civility.storage.database import Database
from civility.storage.reports import recent_signatures
from civility.storage.tables import CommentStatus

logger = logging.getLogger("civility.moderation")

STATUS_OF_ACTION = {
    Action.ALLOW: CommentStatus.PUBLISHED,
    Action.HOLD: CommentStatus.PENDING,
    Action.REJECT: CommentStatus.REJECTED,
}
DUPLICATE_WINDOW = timedelta(hours=24)
RECENT_BY_AUTHOR = 20
DEFAULT_TIME_LIMIT_MS = SiteSettings.model_fields["moderation_time_limit_ms"].default


@dataclass
class _Binding:
    """The posting in progress on this thread: where to look, and the signature the detector computed."""

    database: Database
    since: datetime
    signature: Signature | None = None


class DatabaseRecentStore:
    """A `RecentCommentStore` over the database of the posting in progress on the calling thread.

    `check_and_add` only checks: the signature is stored with the comment, once the comment is stored
    (a nudged draft leaves nothing behind, so "post anyway" is not mistaken for a repeat of itself).
    """

    def __init__(self) -> None:
        self._local = threading.local()

    @contextmanager
    def bound(self, binding: _Binding) -> Iterator[_Binding]:
        """Answer from `binding`'s database on this thread; the caller may read `binding.signature`
        from its own thread, even after it stopped waiting (a plain attribute, set once)."""
        self._local.binding = binding
        try:
            yield binding
        finally:
            self._local.binding = None

    def check_and_add(
        self, site: str, author: str | None, sig: Signature, threshold: float
    ) -> NearDuplicates:
        binding: _Binding | None = getattr(self._local, "binding", None)
        if binding is None or author is None:  # the engine used outside posting: no history to compare
            return NearDuplicates(0, 0)
        binding.signature = sig
        earlier = recent_signatures(binding.database, site, author, binding.since, RECENT_BY_AUTHOR, sig)
        repeats = count_similar(sig, earlier, threshold)
        return NearDuplicates(count=repeats, same_author=repeats)


DATABASE_STORE = DatabaseRecentStore()


def build_engine() -> ModerationEngine:
    """A moderation engine whose spam detector compares with the database (see `DatabaseRecentStore`)."""
    registry = default_registry()

    def spam(options: Mapping[str, Any]) -> SpamDetector:
        return SpamDetector(DATABASE_STORE, float(options.get("duplicate_threshold", 0.75)))

    registry.register("spam", spam)
    return ModerationEngine.load(registry=registry)


@functools.cache
def shared_engine() -> ModerationEngine:
    """One engine per process (loading takes a few hundred ms), built on first use."""
    return build_engine()


def _reasons(result: ModerationResult, text: str) -> list[dict[str, Any]]:
    return [
        {
            "category": reason.category.value,
            "score": round(reason.score, 4),
            "action": reason.action.value,
            "spans": [
                {"start": span.start, "end": span.end, "text": text[span.start : span.end]}
                for span in reason.spans
            ],
        }
        for reason in result.reasons
        if reason.action is not Action.ALLOW
    ]


HELD_FOR_REVIEW = ModerationOutcome(
    status=CommentStatus.PENDING, decision=Action.HOLD.value, scores=None, spans=None, reasons=[]
)


@dataclass
class PolicyEnforcement:
    """The `ModerationHook` that enforces each site's policy with the moderation engine.

    The engine runs on `runner`'s threads, so that a post waits for it at most the site's
    `moderation_time_limit_ms`; the near-duplicate lookup runs inside that limit too.
    """

    engine: ModerationEngine
    database: Database
    sites: Mapping[str, SiteSettings]
    clock: Callable[[], datetime] = utc_now
    runner: DeadlineRunner = field(default_factory=lambda: DeadlineRunner(name="civility-moderation"))

    def _moderate(
        self, text: str, policy: PolicyConfig, context: ModerationContext, binding: _Binding
    ) -> ModerationResult:
        with DATABASE_STORE.bound(binding):
            return self.engine.moderate(text, policy=policy, context=context)

    @staticmethod
    def _held_for_review(text: str, binding: _Binding) -> ModerationOutcome:
        """Held because the engine failed or overran: the comment still keeps its near-duplicate
        signature, so that reposting it is caught as a repeat like any other stored comment. The
        spam detector's own is used when it got that far; otherwise it is computed here, as the
        detector would (MinHash of the normalised text: tens of microseconds)."""
        signature = binding.signature
        if signature is None:
            try:
                signature = near_duplicate_signature(normalize(text).text)
            except Exception as error:  # held all the same; only the repeat check loses this comment
                logger.error("near-duplicate signature failed (%s)", type(error).__name__)
                signature = None
        return replace(HELD_FOR_REVIEW, signature=signature)

    def __call__(self, draft: CommentDraft) -> ModerationOutcome:
        site = self.sites.get(draft.site)
        policy = site.moderation if site is not None else PolicyConfig()
        limit_ms = site.moderation_time_limit_ms if site is not None else DEFAULT_TIME_LIMIT_MS
        context = ModerationContext(
            site=draft.site, thread=draft.thread_key, author=draft.reader_id, live=True
        )
        binding = _Binding(self.database, self.clock() - DUPLICATE_WINDOW)
        try:
            result = self.runner.run(
                functools.partial(self._moderate, draft.text, policy, context, binding), limit_ms / 1000.0
            )
        except TimeoutError:  # stuck or starved: hold for review rather than keep the author waiting
            logger.warning("moderation engine took over %d ms: comment held for review", limit_ms)
            return self._held_for_review(draft.text, binding)
        except Exception as error:  # the engine failed: hold for review, never publish unchecked
            logger.error("moderation engine failed (%s): comment held for review", type(error).__name__)
            return self._held_for_review(draft.text, binding)
        signature = binding.signature
        scores = {category.value: round(score, 4) for category, score in result.scores.items()}
        spans = [{"start": s.start, "end": s.end, "category": s.category.value} for s in result.spans]
        reasons = _reasons(result, draft.text)
        decision = result.decision
        if result.status is not Status.SCORED and result.status is not Status.EMPTY:
            decision = Action.HOLD  # a detector failed or overran, or the text was too long to score
        if decision is Action.NUDGE:
            if not draft.post_anyway:
                return ModerationOutcome(
                    status=CommentStatus.PENDING,
                    decision=decision.value,
                    scores=scores,
                    spans=spans,
                    reasons=reasons,
                    stored=False,
                )
            decision = policy.after_nudge if policy.after_nudge is not Action.NUDGE else Action.HOLD
        return ModerationOutcome(
            status=STATUS_OF_ACTION[decision],
            decision=decision.value,
            scores=scores,
            spans=spans,
            reasons=reasons,
            signature=signature,
        )
