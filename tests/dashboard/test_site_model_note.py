"""When the site's own model changes the engine's decision, its moderators see why; readers never do."""

from __future__ import annotations

import html
from datetime import UTC, datetime

import numpy as np
import pytest
from civility_fixtures import API, SITE, make_settings
from dashboard_support import sign_in_directly
from fastapi import FastAPI
from fastapi.testclient import TestClient

from civility.moderators.site_model import N_FEATURES, SiteModel
from civility.settings import Settings
from civility.storage.database import Database
from civility.storage.site_models import SiteModelRepository, StoredSiteModel
from civility.storage.staff_tables import Role
from civility.web.app import create_app

SWEARING = "Shit, the bus is late again. Typical Monday, honestly."
PLAIN = "The bus is late again. Typical Monday, honestly."
PUBLISHED_LABEL = "Published by this site's model: these moderators approve profanity"
MODEL_WORDS = ("site's model", "site model", "moderation_note", "moderators approve", "p = ")


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url, comment_rate_limit="1000/minute", comment_ip_rate_limit="1000/minute")


def app_with_model(settings: Settings, database: Database, bias: float, hold_at: float) -> FastAPI:
    """The real engine and a stored site model that tolerates profanity (bias ~ its probability's logit)."""
    model = SiteModel(np.zeros(N_FEATURES), bias, hold_at=hold_at, allow_below=0.5, tolerated=["profanity"])
    stored = StoredSiteModel(model.to_json(), 100, 0, None, datetime(2026, 11, 24, tzinfo=UTC))
    with database.write() as connection:
        SiteModelRepository(connection).save(SITE, stored)
    return create_app(settings, database=database)


def post(client: TestClient, text: str) -> dict[str, object]:
    token = client.post(f"{API}/readers").json()["reader_token"]
    body = {"thread": "t", "author_name": "Ann", "text": text, "post_anyway": True}
    response = client.post(f"{API}/comments", json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201, response.text
    for word in MODEL_WORDS:
        assert word not in response.text, word  # the author is not told about the model either
    posted: dict[str, object] = response.json()
    return posted


def reader_views(client: TestClient) -> str:
    response = client.get(f"{API}/comments?thread=t")
    assert response.status_code == 200, response.text
    return response.text


def test_a_comment_the_site_model_published_is_labelled_for_moderators_only(
    settings: Settings, database: Database
) -> None:
    app = app_with_model(settings, database, bias=-30.0, hold_at=1.01)
    client = TestClient(app)
    posted = post(client, SWEARING)
    assert posted["status"] == "published"  # the engine alone holds swearing; this site's model publishes it
    moderator = sign_in_directly(app, "mod@example.org", roles={SITE: Role.MODERATOR})

    for queue in ("approved", "all"):
        page = moderator.client.get(f"/dashboard/sites/{SITE}?queue={queue}")
        assert page.status_code == 200, page.text
        text = html.unescape(page.text)
        assert PUBLISHED_LABEL in text, queue
        assert "engine: <b>hold</b>" in text  # what the engine decided, not what the model made of it
    only_model = moderator.client.get(f"/dashboard/sites/{SITE}?queue=approved&by=site_model")
    assert only_model.status_code == 200 and f'id="c{posted["id"]}"' in only_model.text

    listed = reader_views(client)
    assert SWEARING in listed
    for word in MODEL_WORDS:
        assert word not in listed, word


def test_a_comment_the_site_model_held_shows_its_probability(settings: Settings, database: Database) -> None:
    app = app_with_model(settings, database, bias=30.0, hold_at=0.5)
    client = TestClient(app)
    posted = post(client, PLAIN)
    assert posted["status"] == "pending"
    moderator = sign_in_directly(app, "mod@example.org", roles={SITE: Role.MODERATOR})
    page = moderator.client.get(f"/dashboard/sites/{SITE}?queue=pending")
    assert page.status_code == 200, page.text
    assert "Held by this site's model (p = 1.00)" in html.unescape(page.text)
    assert PLAIN not in reader_views(client)


def test_comments_the_engine_decided_alone_carry_no_label(settings: Settings, database: Database) -> None:
    app = create_app(settings, database=database)
    client = TestClient(app)
    assert post(client, PLAIN)["status"] == "published"
    moderator = sign_in_directly(app, "mod@example.org", roles={SITE: Role.MODERATOR})
    page = moderator.client.get(f"/dashboard/sites/{SITE}?queue=all")
    assert page.status_code == 200 and PLAIN in html.unescape(page.text)
    assert "by this site's model" not in html.unescape(page.text) and "model-note" not in page.text
    filtered = moderator.client.get(f"/dashboard/sites/{SITE}?queue=all&by=site_model")
    assert filtered.status_code == 200 and PLAIN not in html.unescape(filtered.text)
