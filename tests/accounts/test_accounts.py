"""Accounts: argon2 hashes, signing in with a session cookie, the sign-in limiter, admins' resets, the CLI."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from civility_fixtures import SITE, make_settings
from click.testing import CliRunner
from fastapi import FastAPI
from fastapi.testclient import TestClient

from civility.cli import main
from civility.comments.errors import Invalid, NotFound
from civility.storage.accounts import AccountRepository
from civility.storage.database import Database
from civility.storage.migrate import upgrade
from civility.storage.staff_tables import Role
from civility.web.app import create_app

PASSWORD = "correct horse battery staple"


def login_page(client: TestClient) -> str:
    page = client.get("/dashboard/login")
    assert page.status_code == 200
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found is not None
    return found.group(1)


def sign_in(client: TestClient, email: str, password: str) -> httpx.Response:
    token = login_page(client)
    return client.post(
        "/dashboard/login",
        data={"email": email, "password": password, "csrf_token": token, "next": "/dashboard"},
        follow_redirects=False,
    )


def test_passwords_are_stored_as_argon2id_hashes(app: FastAPI, database: Database) -> None:
    app.state.accounts.add_user("Ann@Example.org", PASSWORD, roles={SITE: Role.MODERATOR})
    with database.read() as connection:
        user = AccountRepository(connection).by_email("ann@example.org")
    assert user is not None and user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_accounts_refuse_bad_input_naming_the_field(app: FastAPI) -> None:
    accounts = app.state.accounts
    with pytest.raises(Invalid) as short:
        accounts.add_user("ann@example.org", "short")
    assert short.value.field == "password"
    with pytest.raises(Invalid) as email:
        accounts.add_user("not an e-mail", PASSWORD)
    assert email.value.field == "email"
    with pytest.raises(NotFound) as site:
        accounts.add_user("ann@example.org", PASSWORD, roles={"nowhere": Role.MODERATOR})
    assert site.value.field == "site"


def test_a_moderator_signs_in_and_gets_an_httponly_samesite_session_cookie(
    app: FastAPI, client: TestClient
) -> None:
    app.state.accounts.add_user("mod@example.org", PASSWORD, roles={SITE: Role.MODERATOR})
    response = sign_in(client, "MOD@example.org ", PASSWORD)
    assert response.status_code == 303 and response.headers["location"] == "/dashboard"
    cookie = response.headers["set-cookie"]
    assert "civility_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Path=/dashboard" in cookie and "Secure" not in cookie  # public_url is on 127.0.0.1
    assert client.get(f"/dashboard/sites/{SITE}").status_code == 200


def test_session_cookies_are_secure_outside_localhost(database: Database, database_url: str) -> None:
    settings = make_settings(database_url).model_copy(update={"public_url": "https://comments.example.org"})
    app = create_app(settings, database=database)
    app.state.accounts.add_user("mod@example.org", PASSWORD, roles={SITE: Role.MODERATOR})
    with TestClient(app, base_url="https://testserver") as client:
        response = sign_in(client, "mod@example.org", PASSWORD)
    assert response.status_code == 303 and "Secure" in response.headers["set-cookie"]


def test_sign_in_without_the_forms_csrf_token_is_refused(app: FastAPI, client: TestClient) -> None:
    app.state.accounts.add_user("mod@example.org", PASSWORD, roles={SITE: Role.MODERATOR})
    response = client.post("/dashboard/login", data={"email": "mod@example.org", "password": PASSWORD})
    assert response.status_code == 403 and response.json()["error"]["code"] == "csrf"


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(app: FastAPI, client: TestClient) -> None:
    app.state.accounts.add_user("mod@example.org", PASSWORD, roles={SITE: Role.MODERATOR})
    wrong = sign_in(client, "mod@example.org", "not the password")
    unknown = sign_in(client, "nobody@example.org", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    message = "the e-mail or the password is wrong"
    assert message in wrong.text and message in unknown.text


def test_sign_in_is_rate_limited_without_revealing_whether_the_email_exists(
    app: FastAPI, client: TestClient
) -> None:
    app.state.accounts.add_user("mod@example.org", PASSWORD, roles={SITE: Role.MODERATOR})
    for email in ("mod@example.org", "nobody@example.org"):
        statuses = [sign_in(client, email, "guess number one").status_code for _ in range(5)]
        assert statuses == [401] * 5
    locked = sign_in(client, "mod@example.org", PASSWORD)  # even the right password waits
    ghost = sign_in(client, "nobody@example.org", "guess")
    assert locked.status_code == ghost.status_code == 429
    assert int(locked.headers["retry-after"]) > 0
    lockout = re.search(r'class="error" role="alert">([^<]+)<', locked.text)
    assert lockout is not None and "too many failed sign-in attempts" in lockout.group(1)
    assert lockout.group(1) in ghost.text


def test_an_admins_password_reset_signs_the_account_out(app: FastAPI, client: TestClient) -> None:
    accounts = app.state.accounts
    moderator = accounts.add_user("mod@example.org", PASSWORD, roles={SITE: Role.MODERATOR})
    token, _session = accounts.start_session(moderator)
    assert accounts.session(token) is not None
    admin = accounts.add_user("admin@example.org", PASSWORD, admin=True)
    _admin_token, admin_session = accounts.start_session(admin)
    client.cookies.set("civility_session", _admin_token)
    response = client.post(
        f"/dashboard/accounts/{moderator.id}/password",
        data={"csrf_token": admin_session.csrf_token, "password": "a brand new password"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert accounts.session(token) is None
    assert accounts.authenticate("mod@example.org", "a brand new password", None).id == moderator.id


def test_signing_out_ends_the_session(app: FastAPI, client: TestClient) -> None:
    app.state.accounts.add_user("mod@example.org", PASSWORD, roles={SITE: Role.MODERATOR})
    sign_in(client, "mod@example.org", PASSWORD)
    page = client.get(f"/dashboard/sites/{SITE}")
    csrf = re.search(r'data-csrf="([^"]+)"', page.text)
    assert csrf is not None
    assert (
        client.post(
            "/dashboard/logout", data={"csrf_token": csrf.group(1)}, follow_redirects=False
        ).status_code
        == 303
    )
    assert client.get(f"/dashboard/sites/{SITE}", follow_redirects=False).status_code == 303


def test_civility_user_add_reads_the_password_from_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database_url = f"sqlite:///{tmp_path / 'cli.db'}"
    database = Database(database_url)
    upgrade(database)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CIVILITY_DATABASE_URL", database_url)
    runner = CliRunner()
    added = runner.invoke(
        main,
        ["user", "add", "--role", "moderator", "--site", "demo", "Mod@Example.org"],
        input=PASSWORD + "\n",
    )
    assert added.exit_code == 0, added.output
    assert "mod@example.org: moderator of demo" in added.output
    refused = runner.invoke(
        main, ["user", "add", "--role", "moderator", "x@example.org"], input=PASSWORD + "\n"
    )
    assert refused.exit_code != 0 and "--site" in refused.output
    unknown = runner.invoke(
        main, ["user", "add", "--role", "moderator", "--site", "nope", "y@example.org"], input=PASSWORD + "\n"
    )
    assert unknown.exit_code != 0 and "site: no site called 'nope'" in unknown.output
    listed = runner.invoke(main, ["user", "list"])
    assert "mod@example.org\tmoderator of demo" in listed.output
    with database.read() as connection:
        user = AccountRepository(connection).by_email("mod@example.org")
    assert user is not None and user.roles == {"demo": frozenset({Role.MODERATOR})}
    database.dispose()


def test_the_sign_in_limit_is_shared_by_workers_through_redis() -> None:
    """Two workers (two limiters) on one Redis count the same failures."""
    import uuid

    from civility.accounts.limiter import SignInLimiter
    from civility.comments.errors import RateLimited

    first = SignInLimiter.create("redis://127.0.0.1:6379/0")
    second = SignInLimiter.create("redis://127.0.0.1:6379/0")
    email, ip = f"{uuid.uuid4().hex}@example.org", f"test-{uuid.uuid4().hex}"  # keys no other run used
    for limiter in (first, second, first, second, first):
        limiter.check(email, ip)
        limiter.failed(email, ip)
    with pytest.raises(RateLimited) as locked:
        second.check(email, ip)
    assert locked.value.retry_after > 0
