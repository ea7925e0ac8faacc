"""Admins' account changes (new accounts, roles, password resets) are in the audit log, from the
dashboard and from `civility user`, like moderators' actions."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from civility_fixtures import SITE
from click.testing import CliRunner
from dashboard_support import sign_in_directly
from fastapi import FastAPI

from civility.accounts.administration import COMMAND_LINE
from civility.cli import main
from civility.storage.database import Database
from civility.storage.migrate import upgrade
from civility.storage.moderators import AuditEntry, ModeratorRepository


def entries(database: Database, site: str) -> list[AuditEntry]:
    with database.read() as connection:
        return ModeratorRepository(connection).audit_entries(site, limit=100)


def test_an_admin_adding_a_moderator_and_resetting_a_password_is_audited(
    app: FastAPI, database: Database
) -> None:
    admin = sign_in_directly(app, "root@example.org", admin=True)
    added = admin.client.post(
        "/dashboard/accounts",
        data={
            "csrf_token": admin.csrf,
            "email": "Alice@Example.org",
            "password": "a long first password",
            "role": "moderator",
            "site": SITE,
            "display_name": "Alice",
        },
        follow_redirects=False,
    )
    assert added.status_code == 303, added.text
    alice = app.state.accounts.all_accounts()
    alice_id = next(a.id for a in alice if a.email == "alice@example.org")
    reset = admin.client.post(
        f"/dashboard/accounts/{alice_id}/password",
        data={"csrf_token": admin.csrf, "password": "a brand new password"},
        follow_redirects=False,
    )
    assert reset.status_code == 303, reset.text

    log = entries(database, SITE)
    assert [(e.action, e.actor_email, e.target) for e in log] == [
        ("password_reset", "root@example.org", f"account:{alice_id}"),
        ("account_add", "root@example.org", f"account:{alice_id}"),
    ]
    assert log[1].before == {"email": "alice@example.org", "exists": False}
    assert log[1].after == {"email": "alice@example.org", "admin": False, "roles": ["moderator"]}
    assert log[0].after == {"email": "alice@example.org", "password": "reset", "sessions": "signed out"}
    assert entries(database, "other") == []  # Alice has no role there

    # a role on another site is audited on that site, with the roles before and after
    granted = admin.client.post(
        "/dashboard/accounts",
        data={
            "csrf_token": admin.csrf,
            "email": "alice@example.org",
            "password": "whatever long enough",
            "role": "moderator",
            "site": "other",
        },
        follow_redirects=False,
    )
    assert granted.status_code == 303, granted.text
    [grant] = entries(database, "other")
    assert (grant.action, grant.before, grant.after) == (
        "account_grant",
        {"email": "alice@example.org", "admin": False, "roles": []},
        {"email": "alice@example.org", "admin": False, "roles": ["moderator"]},
    )

    export = admin.client.get(f"/dashboard/sites/{SITE}/audit.csv")
    rows = list(csv.DictReader(io.StringIO(export.text)))
    assert [row["action"] for row in rows] == ["password_reset", "account_add"]
    assert all("argon2" not in row["before"] + row["after"] for row in rows)  # never a password hash


def test_account_changes_from_the_command_line_are_audited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database_url = f"sqlite:///{tmp_path / 'users.db'}"
    database = Database(database_url)
    upgrade(database)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CIVILITY_DATABASE_URL", database_url)
    runner = CliRunner()
    added = runner.invoke(
        main,
        ["user", "add", "--role", "moderator", "--site", "demo", "bob@example.org"],
        input="pw long enough!\n",
    )
    assert added.exit_code == 0, added.output
    reset = runner.invoke(main, ["user", "reset-password", "bob@example.org"], input="another long pw\n")
    assert reset.exit_code == 0, reset.output
    made_admin = runner.invoke(
        main, ["user", "add", "--role", "admin", "bob@example.org"], input="x long enough\n"
    )
    assert made_admin.exit_code == 0, made_admin.output

    log = entries(database, "demo")
    assert [(e.action, e.actor_email) for e in log] == [
        ("account_grant", COMMAND_LINE),
        ("password_reset", COMMAND_LINE),
        ("account_add", COMMAND_LINE),
    ]
    assert log[0].before == {"email": "bob@example.org", "admin": False, "roles": ["moderator"]}
    assert log[0].after == {"email": "bob@example.org", "admin": True, "roles": ["moderator"]}
    database.dispose()


def test_a_refused_change_writes_nothing(app: FastAPI, database: Database) -> None:
    admin = sign_in_directly(app, "root@example.org", admin=True)
    short = admin.client.post(
        "/dashboard/accounts",
        data={
            "csrf_token": admin.csrf,
            "email": "c@example.org",
            "password": "short",
            "role": "moderator",
            "site": SITE,
        },
        follow_redirects=False,
    )
    assert short.status_code == 422 and "password" in short.text
    assert entries(database, SITE) == []
