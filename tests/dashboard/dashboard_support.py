"""Helpers of the dashboard tests: accounts with a signed-in client each, and the CSRF token of a page."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from civility_fixtures import API, SITE
from fastapi import FastAPI
from fastapi.testclient import TestClient

from civility.storage.database import Database
from civility.storage.migrate import upgrade
from civility.storage.moderators import ModeratorRepository
from civility.storage.staff_tables import Role

PASSWORD = "correct horse battery staple"


@dataclass
class SignedIn:
    """A client carrying an account's session cookie, and the session's CSRF token."""

    client: TestClient
    csrf: str
    email: str
    user_id: int


def sign_in_directly(
    app: FastAPI, email: str, *, admin: bool = False, roles: dict[str, Role] | None = None
) -> SignedIn:
    """Create the account and a session for it (the sign-in form is tested on its own)."""
    service = app.state.accounts
    account = service.add_user(email, PASSWORD, admin=admin, roles=roles)
    token, session = service.start_session(account)
    client = TestClient(app)
    client.cookies.set("civility_session", token)
    return SignedIn(client, session.csrf_token, account.email, account.id)


def login_csrf(client: TestClient) -> str:
    """The double-submit token of the sign-in form (its cookie is now in the client)."""
    page = client.get("/dashboard/login")
    assert page.status_code == 200
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found is not None
    return found.group(1)


def post_published(client: TestClient, author: dict[str, str], text: str, parent: int | None = None) -> int:
    """Post a clean comment (or reply) to thread t of the test site as `author`; its id, published."""
    body: dict[str, Any] = {"thread": "t", "author_name": "Ann", "text": text, "parent_id": parent}
    response = client.post(f"{API}/comments", json=body, headers=author)
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "published"
    comment_id: int = response.json()["id"]
    return comment_id


def moderate(moderator: SignedIn, comment_id: int, action: str) -> None:
    """One desk action (approve, feature...) on a comment of the test site, answered as JSON."""
    response = moderator.client.post(
        f"/dashboard/sites/{SITE}/comments/{comment_id}",
        data={"action": action},
        headers={"X-CSRF-Token": moderator.csrf, "Accept": "application/json"},
    )
    assert response.status_code == 200, response.text


def label_history(
    folder: Path, labels: Iterable[tuple[str, Mapping[str, float]]], engine_decision: str, now: datetime
) -> tuple[Database, str]:
    """A migrated SQLite database in `folder` with the moderators' decisions (label, scores) on site demo."""
    database_url = f"sqlite:///{folder / 'tune.db'}"
    database = Database(database_url)
    upgrade(database)
    with database.write() as connection:
        repo = ModeratorRepository(connection)
        for label, scores in labels:
            repo.add_label(
                site="demo",
                comment_id=None,
                label=label,
                engine_decision=engine_decision,
                scores=scores,  # type: ignore[arg-type]
                decided_by=None,
                comment_created_at=now,
                now=now,
            )
    return database, database_url
