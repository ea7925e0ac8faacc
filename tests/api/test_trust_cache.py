"""The trust checks' reads are kept per worker for a few seconds; sanctions still apply at once here.

`TrustCache` keeps an author's sanctions and the site's rules and model for TRUST_CACHE_SECONDS. A
sanction saved in this process empties it at once; one saved by another worker process applies within
those seconds. The cache's own clock is a hand-moved one here, so no test waits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from civility_fixtures import API, SITE, FakeClock
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event

from civility.moderators.desk import Action
from civility.moderators.trust import TRUST_CACHE_SECONDS, TrustCache, TrustGate
from civility.storage.database import Database
from civility.storage.moderators import ModeratorRepository
from civility.storage.staff_tables import Role, SanctionKind

Reader = Callable[[], dict[str, str]]


class Ticks:
    """A monotonic clock moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def ticks(app: FastAPI, database: Database) -> Ticks:
    ticks = Ticks()
    gate = app.state.comments.moderate
    assert isinstance(gate, TrustGate)
    gate.cache = TrustCache(database, monotonic=ticks)
    return ticks


def _post(client: TestClient, author: dict[str, str], text: str) -> Any:
    body = {"thread": "t", "author_name": "Ann", "text": text}
    return client.post(f"{API}/comments", json=body, headers=author)


def _ban_from_another_worker(database_url: str, reader_id: str, moderator_id: int, clock: FakeClock) -> None:
    """What another worker process's desk does: its own pool, so this process sees no statement."""
    other = Database(database_url)
    try:
        with other.write() as connection:
            ModeratorRepository(connection).add_sanction(
                site=SITE,
                reader_id=reader_id,
                kind=SanctionKind.BAN,
                until=None,
                reason="",
                created_by=moderator_id,
                now=clock(),
            )
    finally:
        other.dispose()


def _moderator(app: FastAPI) -> Any:
    return app.state.accounts.add_user("mod@example.org", "a long password!", roles={SITE: Role.MODERATOR})


def _reader_id(app: FastAPI, author: dict[str, str]) -> str:
    reader: str = app.state.reader_tokens.reader_id(author["Authorization"].removeprefix("Bearer "), SITE)
    return reader


@pytest.fixture
def trust_reads(database: Database) -> Iterator[list[str]]:
    """The statements that read sanctions, trust rules or site models, as they run."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, sql: str, *_rest: Any) -> None:
        if sql.lstrip().upper().startswith("SELECT") and any(
            f"FROM {table}" in sql for table in TrustCache.WATCHED_TABLES
        ):
            seen.append(sql)

    event.listen(database.engine, "before_cursor_execute", record)
    yield seen
    event.remove(database.engine, "before_cursor_execute", record)


def test_an_authors_second_post_reads_no_trust_data(
    client: TestClient, reader: Reader, ticks: Ticks, trust_reads: list[str]
) -> None:
    author = reader()
    assert _post(client, author, "First.").status_code == 201
    assert len(trust_reads) >= 2  # the sanctions and the site's rules were read
    trust_reads.clear()
    assert _post(client, author, "Second.").status_code == 201
    assert trust_reads == []
    ticks.now += TRUST_CACHE_SECONDS + 0.1
    assert _post(client, author, "Third.").status_code == 201
    assert len(trust_reads) >= 2


def test_a_ban_by_this_processs_desk_applies_to_the_very_next_post(
    app: FastAPI, client: TestClient, reader: Reader, ticks: Ticks
) -> None:
    author = reader()
    first = _post(client, author, "First.")
    assert first.status_code == 201
    moderator = _moderator(app)
    app.state.desk.act(moderator, SITE, first.json()["id"], Action.BAN, reason="Abuse")
    refused = _post(client, author, "Again.")  # the cache's clock has not moved: the write emptied it
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "banned"
    app.state.desk.act(moderator, SITE, first.json()["id"], Action.LIFT)
    assert _post(client, author, "Back, and polite.").status_code == 201


def test_a_ban_by_another_worker_applies_within_the_cache_seconds(
    app: FastAPI, client: TestClient, reader: Reader, ticks: Ticks, database_url: str, clock: FakeClock
) -> None:
    author = reader()
    assert _post(client, author, "First.").status_code == 201
    _ban_from_another_worker(database_url, _reader_id(app, author), _moderator(app).id, clock)
    ticks.now += TRUST_CACHE_SECONDS - 0.5
    assert _post(client, author, "Still within the seconds.").status_code == 201  # documented staleness
    ticks.now += 0.6
    refused = _post(client, author, "Too late.")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "banned"


def test_a_cached_suspension_ends_on_time(
    app: FastAPI, client: TestClient, reader: Reader, ticks: Ticks, clock: FakeClock
) -> None:
    author = reader()
    first = _post(client, author, "First.")
    moderator = _moderator(app)
    app.state.desk.act(moderator, SITE, first.json()["id"], Action.SUSPEND, days=1)
    assert _post(client, author, "During.").json()["error"]["code"] == "suspended"
    clock.advance(days=1, seconds=1)  # the cache still holds the suspension; its end is checked anyway
    assert _post(client, author, "After.").status_code == 201


def test_a_read_that_overlapped_a_write_is_not_kept(database: Database) -> None:
    cache = TrustCache(database, monotonic=Ticks())
    generation = cache.generation
    cache.invalidate()  # a sanction was written while the read ran
    cache.put("key", ["stale"], generation)
    assert cache.get("key") != ["stale"]
    cache.put("key", ["fresh"], cache.generation)
    assert cache.get("key") == ["fresh"]


def test_a_sanction_written_in_this_process_empties_the_cache(
    app: FastAPI, database: Database, clock: FakeClock
) -> None:
    moderator_id = _moderator(app).id
    cache = TrustCache(database, monotonic=Ticks())
    cache.put("key", "value", cache.generation)
    assert cache.get("key") == "value"
    with database.write() as connection:
        ModeratorRepository(connection).add_sanction(
            site=SITE,
            reader_id="r",
            kind=SanctionKind.BAN,
            until=clock() + timedelta(days=1),
            reason="",
            created_by=moderator_id,
            now=clock(),
        )
    assert cache.get("key") != "value"


def test_a_new_authors_first_post_reads_no_sanctions_once_the_sites_are_kept(
    client: TestClient, reader: Reader, ticks: Ticks, trust_reads: list[str]
) -> None:
    assert _post(client, reader(), "First from one reader.").status_code == 201
    assert any("FROM sanctions" in sql for sql in trust_reads)
    trust_reads.clear()
    assert _post(client, reader(), "First from another reader.").status_code == 201
    assert trust_reads == []  # the site's sanctions in force were read at once, for every author


def test_a_site_with_more_sanctions_than_kept_reads_each_authors_own(
    app: FastAPI,
    client: TestClient,
    reader: Reader,
    ticks: Ticks,
    trust_reads: list[str],
    database_url: str,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("civility.moderators.trust.SITE_SANCTIONS_KEPT", 1)
    banned, other_banned, polite = reader(), reader(), reader()
    moderator_id = _moderator(app).id
    for author in (banned, other_banned):
        assert _post(client, author, "Before the ban.").status_code == 201
        _ban_from_another_worker(database_url, _reader_id(app, author), moderator_id, clock)
    ticks.now += TRUST_CACHE_SECONDS + 0.1
    trust_reads.clear()
    assert _post(client, banned, "Again.").json()["error"]["code"] == "banned"
    assert _post(client, other_banned, "Again.").json()["error"]["code"] == "banned"
    assert _post(client, polite, "Still welcome.").status_code == 201
    per_author = [sql for sql in trust_reads if "FROM sanctions" in sql and "reader_id =" in sql]
    assert len(per_author) == 3  # two sanctions in force, one kept per site: each author's read alone
    trust_reads.clear()
    assert _post(client, polite, "And again.").status_code == 201
    assert trust_reads == []  # that author's own read is kept
