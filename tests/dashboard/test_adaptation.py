"""Learning from decisions: a removed spam's repost is caught; thresholds are tuned to the decisions."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

import pytest
from civility_fixtures import API, SITE
from click.testing import CliRunner
from dashboard_support import label_history, sign_in_directly
from fastapi import FastAPI
from fastapi.testclient import TestClient

from civility.cli import main
from civility.moderation.categories import Category
from civility.moderators.tuning import propose, quality
from civility.settings import Settings
from civility.storage.database import Database
from civility.storage.moderators import ModeratorRepository
from civility.storage.staff_tables import Role
from civility.web.app import create_app

SPAM = (
    "Our family bakery on Mill Street now delivers fresh sourdough loaves and warm cinnamon buns every "
    "single morning to your door, and the first box is free when you visit millstreetbakes dot com and "
    "enter the word BREAD today"
)
REPOST = SPAM.replace("BREAD", "LOAF")


@pytest.fixture
def enforced(settings: Settings, database: Database) -> FastAPI:
    """The app with the moderation engine deciding every post (the default hook)."""
    return create_app(settings, database=database)


def post_as_new_reader(client: TestClient, text: str) -> dict[str, object]:
    token = client.post(f"{API}/readers").json()["reader_token"]
    answer = client.post(
        f"{API}/comments",
        json={"thread": "t", "author_name": "Reader", "text": text},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code in (200, 201), answer.text
    body: dict[str, object] = answer.json()
    return body


def test_a_repost_of_a_comment_moderators_removed_as_spam_is_caught(enforced: FastAPI) -> None:
    moderator = sign_in_directly(enforced, "mod@example.org", roles={SITE: Role.MODERATOR})
    with TestClient(enforced) as client:
        first = post_as_new_reader(client, SPAM)
        assert (first["decision"], first["status"]) == ("allow", "published")  # the engine let it through
        removed = moderator.client.post(
            f"/dashboard/sites/{SITE}/comments/{first['id']}",
            data={"action": "spam"},
            headers={"X-CSRF-Token": moderator.csrf, "Accept": "application/json"},
        )
        assert removed.status_code == 200, removed.text
        again = post_as_new_reader(client, REPOST)  # another reader, one word changed
        assert again["status"] in ("pending", "rejected")
        reasons = again["reasons"]
        assert isinstance(reasons, list) and [r["category"] for r in reasons] == ["spam"]
        unrelated = post_as_new_reader(client, "The council postponed the library vote until next week.")
        assert unrelated["status"] == "published"


def site_history(seed: int = 7) -> list[tuple[str, dict[str, float]]]:
    """A site whose moderators reject discourteous comments the default threshold lets through."""
    rng = random.Random(seed)
    labels: list[tuple[str, dict[str, float]]] = []
    for _ in range(60):
        labels.append(("rejected", {"discourtesy": rng.uniform(0.3, 0.49), "spam": rng.uniform(0.0, 0.2)}))
    for _ in range(140):
        labels.append(("approved", {"discourtesy": rng.uniform(0.0, 0.25), "spam": rng.uniform(0.0, 0.2)}))
    return labels


def test_tuning_lowers_a_threshold_the_sites_moderators_disagree_with() -> None:
    labels = site_history()
    current = {"discourtesy": 0.5, "spam": 0.5}
    proposal = propose(labels, current)
    assert proposal.enough and set(proposal.changed) == {"discourtesy"}
    assert 0.25 <= proposal.proposed["discourtesy"] <= 0.3
    assert proposal.before.recall == 0.0 and proposal.after.recall == 1.0
    assert proposal.after.precision == 1.0
    assert quality(labels, proposal.proposed) == proposal.after


def test_tuning_waits_for_enough_decisions() -> None:
    proposal = propose(site_history()[:10], {"discourtesy": 0.5})
    assert not proposal.enough and proposal.proposed == {"discourtesy": 0.5}


def test_civility_tune_shows_the_effect_and_applies_on_confirmation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decided = datetime(2026, 11, 24, tzinfo=UTC)
    database, database_url = label_history(tmp_path, site_history(), "allow", decided)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CIVILITY_DATABASE_URL", database_url)
    runner = CliRunner()
    declined = runner.invoke(main, ["tune", "--site", "demo"], input="n\n")
    assert declined.exit_code == 0, declined.output
    assert "200 moderator decisions on demo." in declined.output
    assert "recall 0.00 -> 1.00" in declined.output and "Nothing changed." in declined.output
    with database.read() as connection:
        assert ModeratorRepository(connection).rules("demo").thresholds is None
    applied = runner.invoke(main, ["tune", "--site", "demo"], input="y\n")
    assert "Applied to demo" in applied.output
    with database.read() as connection:
        tuned = ModeratorRepository(connection).rules("demo").thresholds
    assert tuned is not None and 0.25 <= tuned["discourtesy"] <= 0.3

    settings = Settings(database_url=database_url)
    app = create_app(settings, database=database)
    with TestClient(app) as client:
        token = client.post("/api/v1/sites/demo/readers").json()["reader_token"]
        client.post(
            "/api/v1/sites/demo/comments",
            json={"thread": "t", "author_name": "A", "text": "A calm remark about the weather."},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert settings.sites["demo"].moderation.rules[Category.DISCOURTESY].threshold == tuned["discourtesy"]
    database.dispose()


def test_civility_tune_refuses_an_unknown_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CIVILITY_DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    result = CliRunner().invoke(main, ["tune", "--site", "nowhere"])
    assert result.exit_code != 0 and "no site called 'nowhere'" in result.output
