"""Fixtures of the policy tests: the app with the moderation engine enforcing each site's policy."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from civility_fixtures import API, make_settings
from fastapi import FastAPI
from fastapi.testclient import TestClient

from civility.moderation.categories import Action, Category
from civility.moderation.policy_config import CategoryRule, PolicyConfig
from civility.settings import Settings
from civility.storage.database import Database
from civility.web.app import create_app

Reader = Callable[[], dict[str, str]]
CLEAN = "Thanks for the careful reporting, this was a useful read about the council budget."
DISCOURTEOUS = "You are an idiot, and everyone here can see it."
DOXING = "call me at 0161 496 0123, he lives at 12 Oak Street"
PROFANE = "This fucking council never listens to the people who live here."


@pytest.fixture
def policy_settings(database_url: str) -> Settings:
    """The test site, with profanity rejected outright (the seed policy only nudges it)."""
    policy = PolicyConfig()
    policy.rules[Category.PROFANITY] = CategoryRule(threshold=0.5, action=Action.REJECT)
    return make_settings(database_url, moderation=policy)


@pytest.fixture
def policy_app(policy_settings: Settings, database: Database) -> FastAPI:
    return create_app(policy_settings, database=database)


@pytest.fixture
def client(policy_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(policy_app) as test_client:
        yield test_client


@pytest.fixture
def reader(client: TestClient) -> Reader:
    def new_reader() -> dict[str, str]:
        response = client.post(f"{API}/readers")
        assert response.status_code == 201, response.text
        return {"Authorization": f"Bearer {response.json()['reader_token']}"}

    return new_reader


def post(client: TestClient, who: dict[str, str], text: str, thread: str = "t", **extra: Any) -> Any:
    """Post and return the response (the caller checks its status)."""
    body = {"thread": thread, "author_name": extra.pop("name", "Ann"), "text": text, **extra}
    return client.post(f"{API}/comments", json=body, headers=who)


def listing(client: TestClient, who: dict[str, str] | None = None, thread: str = "t") -> list[dict[str, Any]]:
    response = client.get(f"{API}/comments", params={"thread": thread}, headers=who or {})
    assert response.status_code == 200
    comments: list[dict[str, Any]] = response.json()["comments"]
    return comments
