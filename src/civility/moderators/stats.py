"""Statistics of a site's moderation over the last days, shaped for the dashboard's charts."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from civility.moderation.categories import Category
from civility.storage.database import Database
from civility.storage.moderators import ModeratorRepository

FLAG_THRESHOLD = 0.5
STATUS_SERIES = ("published", "pending", "reported", "rejected")


@dataclass(frozen=True)
class SiteStatistics:
    """Per day (oldest first): comments by status and by flagged category, reports, decision times."""

    days: list[str]
    by_status: dict[str, list[int]]
    by_category: dict[str, list[int]]
    reports: list[int]
    median_minutes_to_decision: list[float | None]
    totals: dict[str, float]

    def as_json(self) -> dict[str, object]:
        return {
            "days": self.days,
            "by_status": self.by_status,
            "by_category": self.by_category,
            "reports": self.reports,
            "median_minutes_to_decision": self.median_minutes_to_decision,
            "totals": self.totals,
        }


def site_statistics(
    database: Database, site: str, days: int = 30, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
) -> SiteStatistics:
    """The last `days` days of the site, today included."""
    today = clock().date()
    first = today - timedelta(days=days - 1)
    since = datetime(first.year, first.month, first.day, tzinfo=UTC)
    index = {first + timedelta(days=n): n for n in range(days)}
    by_status = {status: [0] * days for status in STATUS_SERIES}
    by_category = {category.value: [0] * days for category in Category}
    reports = [0] * days
    waits: list[list[float]] = [[] for _ in range(days)]
    with database.read() as connection:
        repo = ModeratorRepository(connection)
        comments = repo.comments_since(site, since)
        report_rows = repo.reports_since(site, since)
        decisions = repo.decision_times(site, since)
    for created, status, _decision, scores in comments:
        slot = index.get(_day(created))
        if slot is None:
            continue
        if status in by_status:
            by_status[status][slot] += 1
        for category, score in (scores or {}).items():
            if category in by_category and float(score) >= FLAG_THRESHOLD:
                by_category[category][slot] += 1
    for created, _reason in report_rows:
        slot = index.get(_day(created))
        if slot is not None:
            reports[slot] += 1
    all_waits: list[float] = []
    for created, decided, _label in decisions:
        slot = index.get(_day(decided))
        if slot is not None:
            minutes = max(0.0, (decided - created).total_seconds() / 60)
            waits[slot].append(minutes)
            all_waits.append(minutes)
    medians = [round(statistics.median(w), 1) if w else None for w in waits]
    totals = {
        "comments": float(len(comments)),
        "reports": float(len(report_rows)),
        "decisions": float(len(decisions)),
        "median_minutes_to_decision": round(statistics.median(all_waits), 1) if all_waits else 0.0,
    }
    return SiteStatistics(
        [d.isoformat() for d in sorted(index)], by_status, by_category, reports, medians, totals
    )


def _day(moment: datetime) -> date:
    return moment.astimezone(UTC).date()
