"""The demo's seeded discussion holds examples for moderators: held, rejected and reported comments."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import func, select

from civility.comments.reports import ReportService
from civility.demo.seed import seed_demo
from civility.storage.database import Database
from civility.storage.tables import comments


def test_the_seed_leaves_held_rejected_and_reported_comments_for_moderators(
    policy_app: FastAPI, database: Database
) -> None:
    summary = seed_demo(policy_app.state.comments, "news", "http://127.0.0.1:8001")
    # At least the examples; more when the engine also catches one of the ordinary seeded comments.
    assert summary.held >= 2 and summary.rejected >= 1 and summary.reported == 1
    with database.read() as connection:
        rows = connection.execute(select(comments.c.status, func.count()).group_by(comments.c.status)).all()
    counts = {status: count for status, count in rows}
    assert (counts["pending"], counts["rejected"], counts["reported"]) == (
        summary.held,
        summary.rejected,
        summary.reported,
    )
    assert counts["published"] == summary.comments
    reports: ReportService = policy_app.state.reports
    queue = reports.reported_queue("news")
    assert len(queue) == 1 and queue[0].reports == 5 and queue[0].reasons == {"discourtesy": 5}
