"""A detector that fails, or an engine that fails, sends the comment to review: nothing lost or unchecked."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from civility_fixtures import API, make_settings
from conftest import CLEAN, listing, post
from fastapi.testclient import TestClient
from sqlalchemy import select

from civility.comments.policy_enforcement import PolicyEnforcement, build_engine
from civility.moderation.categories import Category
from civility.moderation.detector import DetectorOutput, NormalizedText
from civility.moderation.policy_config import DetectorSpec, PolicyConfig
from civility.storage.database import Database
from civility.storage.tables import comments
from civility.web.app import create_app


class ExplodingDetector:
    """A publisher's plugin with a bug: it raises on every comment."""

    name = "exploding"
    categories = frozenset({Category.SPAM})
    time_budget_ms = 50.0

    def detect(self, text: NormalizedText) -> DetectorOutput:
        raise RuntimeError("plugin bug")


def exploding(_options: Mapping[str, Any]) -> ExplodingDetector:
    return ExplodingDetector()


@pytest.fixture
def failing_client(database_url: str, database: Database) -> Iterator[TestClient]:
    engine = build_engine()
    engine.registry.register("exploding", exploding)
    settings = make_settings(
        database_url, moderation=PolicyConfig(detectors=[DetectorSpec(name="exploding")])
    )
    hook = PolicyEnforcement(engine, database, settings.sites)
    with TestClient(create_app(settings, database=database, moderate=hook)) as client:
        yield client


def _reader(client: TestClient) -> dict[str, str]:
    return {"Authorization": f"Bearer {client.post(f'{API}/readers').json()['reader_token']}"}


def test_a_failing_detector_plugin_sends_the_comment_to_review(
    failing_client: TestClient, database: Database
) -> None:
    author = _reader(failing_client)
    response = post(failing_client, author, CLEAN)
    assert response.status_code == 201
    body = response.json()
    assert (body["decision"], body["status"], body["pending"]) == ("hold", "pending", True)
    assert "awaiting review" in body["message"]
    assert listing(failing_client) == []
    assert [c["text"] for c in listing(failing_client, author)] == [CLEAN]
    with database.read() as connection:
        assert connection.execute(select(comments.c.text, comments.c.status)).all() == [(CLEAN, "pending")]


class BrokenEngine:
    def moderate(self, *_args: Any, **_kwargs: Any) -> Any:
        raise MemoryError("the engine fell over")


def test_an_engine_that_raises_holds_the_comment_for_review(database_url: str, database: Database) -> None:
    settings = make_settings(database_url)
    hook = PolicyEnforcement(BrokenEngine(), database, settings.sites)  # type: ignore[arg-type]
    with TestClient(create_app(settings, database=database, moderate=hook)) as client:
        response = post(client, _reader(client), CLEAN)
        assert response.status_code == 201
        assert (response.json()["status"], response.json()["decision"]) == ("pending", "hold")
        assert client.get(f"{API}/thread", params={"thread": "t"}).json()["comment_count"] == 0


class SlowDetector:
    """A plugin that overruns its time budget (it burns CPU, which is what the budget counts)."""

    name = "slow"
    categories = frozenset({Category.SPAM})
    time_budget_ms = 0.5

    def detect(self, text: NormalizedText) -> DetectorOutput:
        deadline = time.thread_time() + 0.02
        while time.thread_time() < deadline:
            pass
        return DetectorOutput(scores={Category.SPAM: 0.0}, spans=[])


def test_a_detector_that_overruns_its_time_budget_sends_the_comment_to_review(
    database_url: str, database: Database
) -> None:
    engine = build_engine()
    engine.registry.register("slow", lambda _options: SlowDetector())
    settings = make_settings(database_url, moderation=PolicyConfig(detectors=[DetectorSpec(name="slow")]))
    hook = PolicyEnforcement(engine, database, settings.sites)
    with TestClient(create_app(settings, database=database, moderate=hook)) as client:
        response = post(client, _reader(client), CLEAN)
    assert response.status_code == 201
    assert (response.json()["decision"], response.json()["status"]) == ("hold", "pending")
