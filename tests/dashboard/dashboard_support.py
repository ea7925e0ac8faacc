"""Helpers of the dashboard tests: accounts with a signed-in client each, and the CSRF token of a page."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi import FastAPI
from fastapi.testclient import TestClient

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
