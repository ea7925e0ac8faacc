"""SQL of per-site models: the labels they learn from (with the comments' texts) and the stored models."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from civility.storage.staff_tables import decision_labels, site_models
from civility.storage.tables import comments


@dataclass(frozen=True)
class LabelRow:
    """A site's latest decision on one comment, with the comment's text and the engine's view then."""

    label: str
    text: str
    scores: dict[str, float]
    engine_decision: str | None


@dataclass(frozen=True)
class StoredSiteModel:
    """A site's row: the model (None while it does not help), how many decisions it saw, and when."""

    model: dict[str, Any] | None
    decisions: int
    last_label_id: int
    report: dict[str, Any] | None
    trained_at: datetime


class SiteModelRepository:
    """Reads and writes of `site_models`, and the labels with texts that training reads."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def labeled_comments(self, site: str, limit: int) -> tuple[list[LabelRow], int]:
        """The latest label of each of the site's most recently decided comments (at most `limit`).

        Returns the rows (oldest first) and the id of the newest label read (0 when there is none).
        """
        newest = (
            select(func.max(decision_labels.c.id).label("id"))
            .where(decision_labels.c.site == site, decision_labels.c.comment_id.is_not(None))
            .group_by(decision_labels.c.comment_id)
            .subquery()
        )
        rows = self.connection.execute(
            select(
                decision_labels.c.id,
                decision_labels.c.label,
                decision_labels.c.scores,
                decision_labels.c.engine_decision,
                comments.c.text,
            )
            .join(newest, newest.c.id == decision_labels.c.id)
            .join(comments, comments.c.id == decision_labels.c.comment_id)
            .where(decision_labels.c.scores.is_not(None))
            .order_by(decision_labels.c.id.desc())
            .limit(limit)
        ).all()
        rows = rows[::-1]
        labels = [
            LabelRow(
                row.label, row.text, {k: float(v) for k, v in dict(row.scores).items()}, row.engine_decision
            )
            for row in rows
            if row.text
        ]
        return labels, (rows[-1].id if rows else 0)

    def labels_after(self, site: str, label_id: int) -> int:
        """How many decisions the site's moderators made after label `label_id`."""
        count = self.connection.execute(
            select(func.count())
            .select_from(decision_labels)
            .where(decision_labels.c.site == site, decision_labels.c.id > label_id)
        ).scalar_one()
        return int(count)

    def get(self, site: str) -> StoredSiteModel | None:
        row = self.connection.execute(select(site_models).where(site_models.c.site == site)).first()
        if row is None:
            return None
        return StoredSiteModel(row.model, row.decisions, row.last_label_id, row.report, row.trained_at)

    def trained_at(self, site: str) -> datetime | None:
        """When the site's model was last trained (a cheap check on every post)."""
        value = self.connection.execute(
            select(site_models.c.trained_at).where(site_models.c.site == site)
        ).scalar_one_or_none()
        return value if isinstance(value, datetime) else None

    def save(self, site: str, stored: StoredSiteModel) -> None:
        values = {
            "model": stored.model,
            "decisions": stored.decisions,
            "last_label_id": stored.last_label_id,
            "report": stored.report,
            "trained_at": stored.trained_at,
        }
        result = self.connection.execute(
            update(site_models).where(site_models.c.site == site).values(**values)
        )
        if not result.rowcount:
            self.connection.execute(insert(site_models).values(site=site, **values))
