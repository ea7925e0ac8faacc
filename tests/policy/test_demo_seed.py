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
    assert (summary.held, summary.rejected, summary.reported) == (2, 1, 1)
    with database.read() as connection:
        counts = dict(
            connection.execute(select(comments.c.status, func.count()).group_by(comments.c.status)).all()
        )
    assert counts["pending"] == 2 and counts["rejected"] == 1 and counts["reported"] == 1
    assert counts["published"] == summary.comments
    reports: ReportService = policy_app.state.reports
    queue = reports.reported_queue("news")
    assert len(queue) == 1 and queue[0].reports == 5 and queue[0].reasons == {"discourtesy": 5}
