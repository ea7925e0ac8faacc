"""A signed-in account comments under its own display name; getSiteConfig says whether accounts exist."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from civility_fixtures import API, make_settings
from fastapi.testclient import TestClient

from civility.comments.moderation_hook import publish_everything
from civility.storage.database import Database
from civility.web.app import create_app

PASSWORD = "a reader's long password"


@pytest.fixture
def accounts_client(database: Database, database_url: str) -> Iterator[TestClient]:
    app = create_app(make_settings(database_url), database=database, moderate=publish_everything)
    with TestClient(app) as client:
        yield client


def _account_token(client: TestClient, display_name: str) -> dict[str, str]:
    created = client.post(
        f"{API}/accounts",
        json={"email": "ann@example.org", "password": PASSWORD, "display_name": display_name},
    )
    assert created.status_code == 201, created.text
    return {"Authorization": f"Bearer {created.json()['reader_token']}"}


def test_an_account_comments_under_its_display_name_whatever_the_request_says(
    accounts_client: TestClient,
) -> None:
    ann = _account_token(accounts_client, "Ann Reader")
    body = {"thread": "t", "author_name": "The Editor", "text": "Hello"}
    posted = accounts_client.post(f"{API}/comments", json=body, headers=ann)
    assert posted.status_code == 201, posted.text
    assert posted.json()["author_name"] == "Ann Reader"
    reply = accounts_client.post(
        f"{API}/comments", json={**body, "parent_id": posted.json()["id"], "text": "Me again"}, headers=ann
    )
    assert reply.json()["author_name"] == "Ann Reader" and reply.json()["in_reply_to"] == "Ann Reader"
    listed = accounts_client.get(f"{API}/comments", params={"thread": "t"}).json()["comments"]
    assert [c["author_name"] for c in listed] == ["Ann Reader"]
    assert [r["author_name"] for r in listed[0]["replies"]] == ["Ann Reader"]


def test_an_anonymous_reader_still_names_themselves(accounts_client: TestClient) -> None:
    token = accounts_client.post(f"{API}/readers").json()["reader_token"]
    body = {"thread": "t", "author_name": "  Bo  ", "text": "Hi"}
    posted = accounts_client.post(f"{API}/comments", json=body, headers={"Authorization": f"Bearer {token}"})
    assert posted.status_code == 201 and posted.json()["author_name"] == "Bo"


@pytest.mark.parametrize("allow_accounts", [True, False])
def test_site_config_says_whether_readers_may_have_accounts(
    database: Database, database_url: str, allow_accounts: bool
) -> None:
    settings = make_settings(database_url, allow_accounts=allow_accounts)
    with TestClient(create_app(settings, database=database, moderate=publish_everything)) as client:
        config = client.get(f"{API}/config")
    assert config.status_code == 200
    assert config.json()["allow_accounts"] is allow_accounts
    assert config.json()["allow_anonymous"] is True
