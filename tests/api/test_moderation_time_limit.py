"""A moderation engine slower than the site's wall-clock limit holds the comment for review.

The per-detector budgets count CPU time, so a detector stuck *waiting* never overruns them; the site's
`moderation_time_limit_ms` bounds the whole engine call in wall-clock time. The test plugin below blocks
on an Event until the test lets it go: no sleeps, and nothing here depends on the machine's speed
beyond the limit itself.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import pytest
from civility_fixtures import API, SITE, make_settings
from fastapi.testclient import TestClient
from sqlalchemy import select

from civility.comments.moderation_hook import CommentDraft
from civility.comments.policy_enforcement import PolicyEnforcement, build_engine
from civility.moderation.categories import Category
from civility.moderation.detector import DetectorOutput, NormalizedText
from civility.moderation.detectors.near_duplicates import signature
from civility.moderation.normalize import normalize
from civility.moderation.policy_config import DetectorSpec, PolicyConfig
from civility.settings import Settings
from civility.storage.database import Database
from civility.storage.tables import CommentStatus, comments
from civility.web.app import create_app

CLEAN = "Thanks for the careful reporting, this was a useful read about the council budget."
STUCK = "The bypass consultation closes on Friday, worth a look before then (stuck)."
LIMIT_MS = 200


@dataclass
class StuckDetector:
    """A publisher's plugin that waits on something that does not come (for texts with "(stuck)")."""

    release: threading.Event = field(default_factory=threading.Event)
    finished: threading.Event = field(default_factory=threading.Event)
    name: str = "stuck"
    categories: frozenset[Category] = frozenset({Category.SPAM})
    time_budget_ms: float = 50.0  # CPU time: waiting costs none, so this budget never runs out

    def detect(self, text: NormalizedText) -> DetectorOutput:
        if "(stuck)" in text.original:
            self.release.wait(timeout=60)
            self.finished.set()
        return DetectorOutput(scores={Category.SPAM: 0.0}, spans=[])


@pytest.fixture
def stuck() -> Iterator[StuckDetector]:
    detector = StuckDetector()
    yield detector
    detector.release.set()  # never leave a moderation thread waiting after the test


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(
        database_url,
        moderation=PolicyConfig(detectors=[DetectorSpec(name="stuck")]),
        moderation_time_limit_ms=LIMIT_MS,
    )


@pytest.fixture
def hook(settings: Settings, database: Database, stuck: StuckDetector) -> PolicyEnforcement:
    engine = build_engine()
    engine.registry.register("stuck", lambda _options: stuck)
    return PolicyEnforcement(engine, database, settings.sites)


@pytest.fixture
def client(settings: Settings, database: Database, hook: PolicyEnforcement) -> Iterator[TestClient]:
    with TestClient(create_app(settings, database=database, moderate=hook)) as test_client:
        yield test_client


def _reader(client: TestClient) -> dict[str, str]:
    return {"Authorization": f"Bearer {client.post(f'{API}/readers').json()['reader_token']}"}


def _post(client: TestClient, who: dict[str, str], text: str) -> Any:
    return client.post(
        f"{API}/comments", json={"thread": "t", "author_name": "Ann", "text": text}, headers=who
    )


def _listing(client: TestClient, who: dict[str, str] | None = None) -> list[dict[str, Any]]:
    page = client.get(f"{API}/comments", params={"thread": "t"}, headers=who or {})
    assert page.status_code == 200
    found: list[dict[str, Any]] = page.json()["comments"]
    return found


def _stored(database: Database) -> list[tuple[str, str]]:
    with database.read() as connection:
        rows = connection.execute(select(comments.c.text, comments.c.status).order_by(comments.c.id))
        return [(row.text, row.status) for row in rows]


def test_a_comment_whose_moderation_overruns_the_time_limit_is_held_for_review(
    client: TestClient, database: Database, stuck: StuckDetector
) -> None:
    author = _reader(client)
    started = time.monotonic()
    response = _post(client, author, STUCK)
    waited = time.monotonic() - started
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["decision"], body["status"], body["pending"]) == ("hold", "pending", True)
    assert "awaiting review" in body["message"]
    assert not stuck.finished.is_set(), "the answer came while the detector was still stuck"
    assert waited < 30, "the post waited for the stuck detector instead of its time limit"
    assert _stored(database) == [(STUCK, "pending")]
    assert _listing(client) == []
    assert [(c["text"], c["pending"]) for c in _listing(client, author)] == [(STUCK, True)]
    assert client.get(f"{API}/thread", params={"thread": "t"}).json()["comment_count"] == 0


def test_the_late_verdict_of_a_timed_out_engine_publishes_nothing(
    client: TestClient, database: Database, stuck: StuckDetector, hook: PolicyEnforcement
) -> None:
    author = _reader(client)
    assert _post(client, author, STUCK).json()["status"] == "pending"
    stuck.release.set()
    deadline = time.monotonic() + 30
    while hook.runner.in_flight and time.monotonic() < deadline:
        stuck.finished.wait(timeout=0.01)
    assert hook.runner.in_flight == 0, "the released engine call did not finish"
    assert stuck.finished.is_set()
    assert _stored(database) == [(STUCK, "pending")]
    assert _listing(client) == []
    clean = _post(client, author, CLEAN)
    assert (clean.json()["decision"], clean.json()["status"]) == ("allow", "published")


def test_an_edit_whose_moderation_overruns_the_time_limit_is_held_for_review(
    client: TestClient, database: Database
) -> None:
    author = _reader(client)
    posted = _post(client, author, CLEAN).json()
    assert posted["status"] == "published"
    edited = client.patch(f"{API}/comments/{posted['id']}", json={"text": STUCK}, headers=author)
    assert edited.status_code == 200, edited.text
    assert (edited.json()["decision"], edited.json()["status"]) == ("hold", "pending")
    assert _stored(database) == [(STUCK, "pending")]
    assert _listing(client) == []
    assert client.get(f"{API}/thread", params={"thread": "t"}).json()["comment_count"] == 0


def test_a_comment_within_the_time_limit_is_moderated_as_usual(client: TestClient) -> None:
    response = _post(client, _reader(client), CLEAN)
    assert (response.json()["decision"], response.json()["status"]) == ("allow", "published")


def test_the_time_limit_is_a_documented_site_setting() -> None:
    settings = make_settings("sqlite://", moderation_time_limit_ms=150)
    assert settings.sites["news"].moderation_time_limit_ms == 150
    with pytest.raises(ValueError, match="moderation_time_limit_ms"):
        make_settings("sqlite://", moderation_time_limit_ms=0)


def test_a_comment_held_at_the_time_limit_keeps_its_signature_so_a_repost_is_caught(
    client: TestClient, stuck: StuckDetector
) -> None:
    author, other = _reader(client), _reader(client)
    assert _post(client, author, STUCK).json()["status"] == "pending"
    repost = _post(client, author, STUCK.replace(" (stuck)", "")).json()  # nothing to wait for this time
    assert (repost["decision"], repost["status"]) == ("hold", "pending")
    assert [reason["category"] for reason in repost["reasons"]] == ["spam"]
    # another reader making the same point is not repeating themselves
    fresh = _post(client, other, STUCK.replace(" (stuck)", "")).json()
    assert (fresh["decision"], fresh["status"]) == ("allow", "published")


class _BrokenEngine:
    """An engine that fails before any detector ran (so the spam detector computed no signature)."""

    def moderate(self, *_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("the engine fell over")


def test_a_comment_held_because_the_engine_failed_keeps_its_signature(
    settings: Settings, database: Database
) -> None:
    broken = PolicyEnforcement(_BrokenEngine(), database, settings.sites)  # type: ignore[arg-type]
    text = STUCK.replace(" (stuck)", "")
    draft = CommentDraft(SITE, "t", None, "Ann", text, "reader-1", None)
    outcome = broken(draft)
    assert (outcome.status, outcome.decision) == (CommentStatus.PENDING, "hold")
    assert outcome.signature is not None
    assert outcome.signature == signature(normalize(text).text)  # what the spam detector stores
    too_short = broken(replace(draft, text="Hold on a minute."))
    assert (too_short.status, too_short.signature) == (CommentStatus.PENDING, None)
