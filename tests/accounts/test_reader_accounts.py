"""Readers' commenter accounts: created where a site allows them, one reader id on every device."""

from __future__ import annotations

from civility_fixtures import API, make_settings
from fastapi.testclient import TestClient

from civility.comments.moderation_hook import publish_everything
from civility.storage.database import Database
from civility.web.app import create_app

PASSWORD = "a reader's long password"


def account_client(database: Database, database_url: str, **site: object) -> TestClient:
    app = create_app(make_settings(database_url, **site), database=database, moderate=publish_everything)
    return TestClient(app)


def test_a_reader_creates_an_account_and_comments_where_anonymous_comments_are_off(
    database: Database, database_url: str
) -> None:
    with account_client(database, database_url, allow_anonymous=False) as client:
        anonymous = client.post(f"{API}/readers").json()["reader_token"]
        body = {"thread": "t", "author_name": "Ann", "text": "Hello"}
        refused = client.post(f"{API}/comments", json=body, headers={"Authorization": f"Bearer {anonymous}"})
        assert refused.status_code == 403
        created = client.post(
            f"{API}/accounts", json={"email": "ann@example.org", "password": PASSWORD, "display_name": "Ann"}
        )
        assert created.status_code == 201, created.text
        assert created.json()["display_name"] == "Ann"
        token = created.json()["reader_token"]
        posted = client.post(f"{API}/comments", json=body, headers={"Authorization": f"Bearer {token}"})
        assert posted.status_code == 201, posted.text

        # Signing in elsewhere gives the same reader: the comment is still theirs to edit.
        signed_in = client.post(f"{API}/sessions", json={"email": "ANN@example.org", "password": PASSWORD})
        assert signed_in.status_code == 200
        other_device = {"Authorization": f"Bearer {signed_in.json()['reader_token']}"}
        edited = client.patch(
            f"{API}/comments/{posted.json()['id']}", json={"text": "Hello again"}, headers=other_device
        )
        assert edited.status_code == 200, edited.text


def test_account_errors_name_the_field_and_do_not_reveal_accounts(
    database: Database, database_url: str
) -> None:
    with account_client(database, database_url) as client:
        short = client.post(
            f"{API}/accounts", json={"email": "b@example.org", "password": "short", "display_name": "B"}
        )
        assert short.status_code == 422 and short.json()["error"]["field"] == "password"
        client.post(
            f"{API}/accounts", json={"email": "b@example.org", "password": PASSWORD, "display_name": "B"}
        )
        taken = client.post(
            f"{API}/accounts", json={"email": "b@example.org", "password": PASSWORD, "display_name": "B"}
        )
        assert taken.status_code == 409 and taken.json()["error"]["field"] == "email"
        wrong = client.post(f"{API}/sessions", json={"email": "b@example.org", "password": "not it at all"})
        unknown = client.post(
            f"{API}/sessions", json={"email": "nobody@example.org", "password": "not it at all"}
        )
        assert wrong.status_code == unknown.status_code == 401
        assert wrong.json()["error"]["message"] == unknown.json()["error"]["message"]


def test_a_site_without_accounts_refuses_them(database: Database, database_url: str) -> None:
    with account_client(database, database_url, allow_accounts=False) as client:
        response = client.post(
            f"{API}/accounts", json={"email": "c@example.org", "password": PASSWORD, "display_name": "C"}
        )
        assert response.status_code == 403 and response.json()["error"]["code"] == "accounts_off"


def test_control_characters_in_account_input_get_a_clear_error_on_every_database(
    database: Database, database_url: str
) -> None:
    with account_client(database, database_url) as client:
        nul_email = client.post(f"{API}/sessions", json={"email": "a\x00@example.org", "password": "x"})
        assert nul_email.status_code == 401 and nul_email.json()["error"]["field"] == "email"
        nul_name = client.post(
            f"{API}/accounts",
            json={"email": "d@example.org", "password": PASSWORD, "display_name": "D\x00"},
        )
        assert nul_name.status_code == 422 and nul_name.json()["error"]["field"] == "display_name"
        nul_address = client.post(
            f"{API}/accounts",
            json={"email": "e\x00@example.org", "password": PASSWORD, "display_name": "E"},
        )
        assert nul_address.status_code == 422 and nul_address.json()["error"]["field"] == "email"
