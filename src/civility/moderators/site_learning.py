"""Training, storing and applying each site's model (`site_model.py`) from its moderators' decisions.

- `train(site)` reads the site's latest label per decided comment (at most 5,000, the most recent) with
  the comment's text, fits the model and stores it in `site_models` (the model is null while it does not
  help, so posting is unchanged). `civility tune --site SITE --model` calls it and prints the report.
- `retrain_if_due(site)`, called after each moderator decision, retrains in a background thread once
  `site_model_retrain_every` decisions arrived since the last training (and the site has at least
  `site_model_min_decisions`). One training per site at a time.
- `correct(draft, outcome)`, called by `TrustGate` on every post, applies the site's model to the
  engine's decision. Each worker reloads a site's model when its `trained_at` changes.

The engine's decision used for training is recomputed from the stored scores under the site's current
policy (the stored one may have been corrected by the model or changed by a trust rule).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from sqlalchemy import Connection

from civility.comments.moderation_hook import CommentDraft, ModerationOutcome
from civility.moderation.categories import Action
from civility.moderation.policy_config import PolicyConfig
from civility.moderators.site_model import LabeledComment, SiteModel, Training, train
from civility.settings import SiteSettings
from civility.storage.database import Database
from civility.storage.site_models import SiteModelRepository, StoredSiteModel
from civility.storage.tables import CommentStatus

logger = logging.getLogger("civility.moderators")

MAX_TRAINING_LABELS = 5000


def engine_decision(scores: Mapping[str, float], policy: PolicyConfig) -> str:
    """What the engine decides on these scores under `policy` (a nudge posted anyway counts as held)."""
    decision = "allow"
    for category, rule in policy.rules.items():
        score = float(scores.get(category.value, 0.0))
        if rule.reject_threshold is not None and score >= rule.reject_threshold:
            return "reject"
        if rule.action is Action.REJECT and score >= rule.threshold:
            return "reject"
        if rule.action is not Action.ALLOW and score >= rule.threshold:
            decision = "hold"
    return decision


@dataclass
class SiteModels:
    """Every site's model: trains and stores it, and corrects posting decisions with it."""

    database: Database
    sites: Mapping[str, SiteSettings]
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    _loaded: dict[str, tuple[datetime | None, SiteModel | None]] = field(default_factory=dict)
    _training: dict[str, threading.Thread] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # ---- training ----------------------------------------------------------------------------
    def train(self, site: str) -> Training:
        """Fit the site's model on its decisions and store it (null when it does not help)."""
        settings = self.sites[site]
        policy = settings.moderation
        with self.database.read() as connection:
            rows, last_label_id = SiteModelRepository(connection).labeled_comments(site, MAX_TRAINING_LABELS)
        labels = [
            LabeledComment(row.label, row.text, row.scores, engine_decision(row.scores, policy))
            for row in rows
        ]
        training = train(
            labels, policy, settings.site_model_min_decisions, settings.site_model_max_recall_loss
        )
        report = {
            "decisions": training.decisions,
            "removals": training.removals,
            "enough": training.enough,
            "before": training.before.as_dict() if training.before else None,
            "after": training.after.as_dict() if training.after else None,
            "hold_at": training.hold_at,
            "allow_below": training.allow_below,
            "tolerated": list(training.tolerated),
        }
        stored = StoredSiteModel(
            training.model.to_json() if training.model is not None else None,
            training.decisions,
            last_label_id,
            report,
            self.clock(),
        )
        with self.database.write() as connection:
            SiteModelRepository(connection).save(site, stored)
        return training

    def due(self, site: str) -> bool:
        """Whether enough new decisions arrived since the site's model was last trained."""
        settings = self.sites.get(site)
        if settings is None or not settings.site_model:
            return False
        with self.database.read() as connection:
            repo = SiteModelRepository(connection)
            stored = repo.get(site)
            new = repo.labels_after(site, stored.last_label_id if stored else 0)
        if stored is None:
            return new >= settings.site_model_min_decisions
        return new >= settings.site_model_retrain_every

    def retrain_if_due(self, site: str) -> threading.Thread | None:
        """Start retraining the site's model in the background when it is due; returns the thread."""
        with self._lock:
            running = self._training.get(site)
            if running is not None and running.is_alive():
                return None
            if not self.due(site):
                return None
            thread = threading.Thread(target=self._train_quietly, args=(site,), daemon=True)
            self._training[site] = thread
            thread.start()
            return thread

    def _train_quietly(self, site: str) -> None:
        try:
            self.train(site)
        except Exception as error:  # a failed retraining leaves the previous model; the desk goes on
            logger.error("retraining the site model of %s failed (%s)", site, type(error).__name__)

    def report(self, site: str) -> StoredSiteModel | None:
        with self.database.read() as connection:
            return SiteModelRepository(connection).get(site)

    # ---- posting -----------------------------------------------------------------------------
    def model_for(self, connection: Connection, site: str) -> SiteModel | None:
        """The site's current model (reloaded when it was retrained), or None when it has none in use."""
        settings = self.sites.get(site)
        if settings is None or not settings.site_model:
            return None
        repo = SiteModelRepository(connection)
        trained_at = repo.trained_at(site)
        loaded = self._loaded.get(site)
        if loaded is not None and loaded[0] == trained_at:
            return loaded[1]
        model = None
        stored = repo.get(site) if trained_at is not None else None
        if stored is not None and stored.model is not None:
            try:
                model = SiteModel.from_json(stored.model)
            except ValueError as error:
                logger.error("the site model of %s is unusable (%s); retrain it", site, error)
        self._loaded[site] = (trained_at, model)
        return model

    def correct(self, model: SiteModel, draft: CommentDraft, outcome: ModerationOutcome) -> ModerationOutcome:
        """The engine's outcome corrected by the site's model (hold <-> publish only)."""
        if not outcome.stored or outcome.decision not in ("allow", "hold"):
            return outcome
        if outcome.status not in (CommentStatus.PUBLISHED, CommentStatus.PENDING):
            return outcome
        reasons = [str(r["category"]) for r in outcome.reasons or [] if r.get("action") != "allow"]
        correction = model.correct(draft.text, outcome.scores, outcome.decision, reasons)
        if correction is None:
            return outcome
        note = {
            "by": "site_model",
            "engine": outcome.decision,
            "decision": correction.decision,
            "p": round(correction.probability, 2),
            "categories": sorted(set(reasons)),
        }
        if correction.decision == "hold":
            return replace(outcome, status=CommentStatus.PENDING, decision="hold", note=note)
        return replace(outcome, status=CommentStatus.PUBLISHED, decision="allow", reasons=[], note=note)

    def wait(self, site: str, timeout: float) -> bool:
        """Wait for the site's background retraining (if any) to finish; False if it is still running."""
        thread = self._training.get(site)
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()
