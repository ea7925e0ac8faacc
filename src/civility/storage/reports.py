"""SQL for policy enforcement: readers' reports, near-duplicate signatures, and spam band keys.

Every stored comment keeps its MinHash signature (written with the comment, `storage.posting`), and
comments moderators removed as spam also get LSH band keys (`SignatureRepository`) so that a new comment
is compared (`recent_signatures`) only with the few removed ones sharing a band. `ReportRepository` keeps
one report per reader per comment, the reporter's history, and the Reported queue.
"""

from __future__ import annotations

import functools
import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Connection, and_, case, func, insert, select, update

from civility.storage.database import Database
from civility.storage.tables import (
    CommentStatus,
    comment_reports,
    comment_signatures,
    comments,
    naive_utc,
    spam_bands,
    sqlite_time,
)

BANDS = 8


class ReportOutcome(StrEnum):
    """What moderators made of a report; it sets the reporter's reputation."""

    OPEN = "open"
    UPHELD = "upheld"
    DISMISSED = "dismissed"


def band_keys(signature: Sequence[int]) -> list[int]:
    """One 31-bit key per LSH band of a signature (band index mixed in, so bands never collide)."""
    rows = len(signature) // BANDS
    keys = []
    for band in range(BANDS):
        chunk = ",".join(str(v) for v in signature[band * rows : (band + 1) * rows])
        keys.append(zlib.crc32(f"{band}:{chunk}".encode()) & 0x7FFFFFFF)
    return keys


class SignatureRepository:
    """MinHash signatures of stored comments, and band keys of those removed as spam."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def mark_removed_as_spam(self, comment_id: int) -> bool:
        """Remember a comment moderators removed as spam; False when it has no signature (too short)."""
        row = self.connection.execute(
            select(
                comment_signatures.c.site,
                comment_signatures.c.signature,
                comment_signatures.c.removed_as_spam,
            ).where(comment_signatures.c.comment_id == comment_id)
        ).first()
        if row is None:
            return False
        if not row.removed_as_spam:
            self.connection.execute(
                update(comment_signatures)
                .where(comment_signatures.c.comment_id == comment_id)
                .values(removed_as_spam=True)
            )
            self.connection.execute(
                insert(spam_bands),
                [
                    {"comment_id": comment_id, "band_key": key, "site": row.site}
                    for key in set(band_keys(row.signature))
                ],
            )
        return True


def recent_signatures(
    database: Database, site: str, reader_id: str, since: datetime, limit: int, signature: Sequence[int]
) -> list[list[int]]:
    """Signatures to compare a new comment with, in one statement: the author's latest `limit` on the site
    no older than `since`, and those of comments removed as spam that share an LSH band with `signature`.
    Straight through the driver, with no transaction to begin and roll back (on PostgreSQL one autocommit
    round trip, the statement prepared on the server). The signatures come back as their JSON text and
    are parsed together, with one `json.loads` (a post reads up to 20 of them: one parse each cost more
    than the statement's round trip)."""
    if database.sqlite:
        keys = band_keys(signature)
        rows = database.sqlite_driver_read(
            _sqlite_candidates(len(keys)), (site, reader_id, sqlite_time(since), limit, site, *keys)
        )
    else:
        rows = database.postgres_autocommit(
            _POSTGRES_CANDIDATES,
            (site, reader_id, naive_utc(since), limit, site, band_keys(signature)),
        )
    if not rows:
        return []
    parsed: list[list[int]] = json.loads("[" + ",".join(row[0] for row in rows) + "]")
    return parsed


@functools.cache
def _sqlite_candidates(keys: int) -> str:
    """`CANDIDATES_SQL` in SQLite's own parameter style, for `keys` band keys (always `BANDS`); the
    parameters in order: site, reader, since, limit, site, the keys."""
    return CANDIDATES_SQL.format(
        column="signature", site="?", reader="?", since="?", limit="?", keys=f"({', '.join('?' * keys)})"
    )


# One statement, in each driver's parameter style (and SQLAlchemy's in the tests' reference query).
CANDIDATES_SQL = (
    "SELECT {column} FROM (SELECT signature FROM comment_signatures"
    " WHERE site = {site} AND reader_id = {reader} AND created_at >= {since}"
    " ORDER BY comment_id DESC LIMIT {limit}) AS own"
    " UNION ALL SELECT {column} FROM comment_signatures WHERE removed_as_spam AND comment_id IN"
    " (SELECT comment_id FROM spam_bands WHERE site = {site} AND band_key IN {keys})"
)
# psycopg's style: the band keys as one array parameter; `since` naive UTC, as `UTCDateTime` stores it;
# the signatures as JSON text (psycopg would parse each row's JSON by itself)
_POSTGRES_CANDIDATES = CANDIDATES_SQL.format(
    column="signature::text",
    site="%s",
    reader="%s",
    since="%s",
    limit="%s",
    keys="(SELECT unnest(%s::bigint[]))",
)


@dataclass(frozen=True, slots=True)
class ReporterHistory:
    """How moderators judged a reader's earlier reports on one site."""

    upheld: int
    dismissed: int
    open: int


@dataclass(frozen=True, slots=True)
class ReportedComment:
    """One entry of the Reported queue: a comment hidden by readers' reports, waiting for a moderator."""

    comment_id: int
    thread_id: int
    author_name: str
    text: str
    created_at: datetime
    reports: int
    weight: float
    reasons: dict[str, int]


class ReportRepository:
    """Readers' reports on comments."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def exists(self, comment_id: int, reader_id: str) -> bool:
        row = self.connection.execute(
            select(comment_reports.c.id).where(
                comment_reports.c.comment_id == comment_id, comment_reports.c.reader_id == reader_id
            )
        ).first()
        return row is not None

    def add(
        self,
        *,
        comment_id: int,
        site: str,
        reader_id: str,
        reason: str,
        note: str | None,
        weight: float,
        now: datetime,
    ) -> None:
        self.connection.execute(
            insert(comment_reports).values(
                comment_id=comment_id,
                site=site,
                reader_id=reader_id,
                reason=reason,
                note=note,
                weight=weight,
                outcome=ReportOutcome.OPEN.value,
                created_at=now,
            )
        )

    def open_weight(self, comment_id: int) -> float:
        """The summed weight of the comment's reports that no moderator has judged yet."""
        value = self.connection.execute(
            select(func.coalesce(func.sum(comment_reports.c.weight), 0.0)).where(
                comment_reports.c.comment_id == comment_id,
                comment_reports.c.outcome == ReportOutcome.OPEN.value,
            )
        ).scalar_one()
        return float(value)

    def history(self, site: str, reader_id: str) -> ReporterHistory:
        row = self.connection.execute(
            select(
                func.count(case((comment_reports.c.outcome == ReportOutcome.UPHELD.value, 1))),
                func.count(case((comment_reports.c.outcome == ReportOutcome.DISMISSED.value, 1))),
                func.count(case((comment_reports.c.outcome == ReportOutcome.OPEN.value, 1))),
            ).where(comment_reports.c.site == site, comment_reports.c.reader_id == reader_id)
        ).one()
        return ReporterHistory(int(row[0]), int(row[1]), int(row[2]))

    def has_published_comment(self, site: str, reader_id: str) -> bool:
        """Whether the reader has a published comment on the site (an established reader)."""
        row = self.connection.execute(
            select(comments.c.id)
            .where(
                comments.c.site == site,
                comments.c.reader_id == reader_id,
                comments.c.status == CommentStatus.PUBLISHED.value,
            )
            .limit(1)
        ).first()
        return row is not None

    def reasons_of(self, comment_id: int) -> list[str]:
        rows = self.connection.execute(
            select(comment_reports.c.reason).where(
                comment_reports.c.comment_id == comment_id,
                comment_reports.c.outcome == ReportOutcome.OPEN.value,
            )
        )
        return [row[0] for row in rows]

    def judge(self, comment_id: int, outcome: ReportOutcome) -> int:
        """Set the outcome of the comment's open reports; returns how many were judged."""
        result = self.connection.execute(
            update(comment_reports)
            .where(
                comment_reports.c.comment_id == comment_id,
                comment_reports.c.outcome == ReportOutcome.OPEN.value,
            )
            .values(outcome=outcome.value)
        )
        return int(result.rowcount or 0)

    def reported_queue(
        self, site: str, limit: int = 50, after_id: int | None = None
    ) -> list[ReportedComment]:
        """Comments hidden by reports (status `reported`), oldest first, with their report totals.

        Keyset-paginated on the comment id; the moderators' dashboard reads it.
        """
        conditions = [comments.c.site == site, comments.c.status == CommentStatus.REPORTED.value]
        if after_id is not None:
            conditions.append(comments.c.id > after_id)
        totals = (
            select(
                comment_reports.c.comment_id,
                func.count().label("reports"),
                func.sum(comment_reports.c.weight).label("weight"),
            )
            .where(comment_reports.c.outcome == ReportOutcome.OPEN.value)
            .group_by(comment_reports.c.comment_id)
            .subquery()
        )
        rows = self.connection.execute(
            select(
                comments.c.id,
                comments.c.thread_id,
                comments.c.author_name,
                comments.c.text,
                comments.c.created_at,
                func.coalesce(totals.c.reports, 0),
                func.coalesce(totals.c.weight, 0.0),
            )
            .select_from(comments.outerjoin(totals, totals.c.comment_id == comments.c.id))
            .where(and_(*conditions))
            .order_by(comments.c.id)
            .limit(limit)
        ).all()
        ids = [row[0] for row in rows]
        reasons: dict[int, dict[str, int]] = {comment_id: {} for comment_id in ids}
        if ids:
            for comment_id, reason, count in self.connection.execute(
                select(comment_reports.c.comment_id, comment_reports.c.reason, func.count())
                .where(comment_reports.c.comment_id.in_(ids))
                .group_by(comment_reports.c.comment_id, comment_reports.c.reason)
            ):
                reasons[comment_id][reason] = int(count)
        return [
            ReportedComment(
                comment_id=row[0],
                thread_id=row[1],
                author_name=row[2],
                text=row[3],
                created_at=row[4],
                reports=int(row[5]),
                weight=float(row[6]),
                reasons=reasons[row[0]],
            )
            for row in rows
        ]
