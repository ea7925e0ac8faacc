"""`civility user add | reset-password | list`: accounts for moderators, admins and commenters.

    civility user add --role moderator --site demo alice@example.org     # prompts for a password
    echo "$PASSWORD" | civility user add --role admin root@example.org    # reads it from stdin
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from civility.cli.server import _load, config_option

ROLES = ("admin", "moderator", "commenter")


@contextmanager
def _accounts(config_path: Path | None) -> Iterator[object]:
    from civility.accounts.limiter import SignInLimiter
    from civility.accounts.service import AccountService
    from civility.storage.database import Database
    from civility.storage.migrate import schema_state

    settings, _path = _load(config_path)
    database = Database(settings.database_url)
    try:
        if not schema_state(database).up_to_date:
            raise click.ClickException("the database schema is behind the code; run `civility migrate` first")
        yield AccountService(database, settings.sites, SignInLimiter.create())
    finally:
        database.dispose()


def _read_password(confirm: bool) -> str:
    """The password from a prompt (hidden, confirmed) or, when stdin is not a terminal, its first line."""
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        if not line:
            raise click.ClickException("stdin: expected the password on the first line")
        return line.rstrip("\r\n")
    value = click.prompt("Password", hide_input=True, confirmation_prompt=confirm)
    assert isinstance(value, str)
    return value


@click.group("user")
def user() -> None:
    """Manage accounts: moderators (per site), admins and commenters."""


@user.command("add")
@config_option
@click.option("--role", type=click.Choice(ROLES), required=True, help="admin, moderator or commenter.")
@click.option("--site", "sites", multiple=True, help="Site id (repeatable; not for admin).")
@click.option("--name", "display_name", default="", help="Display name (default: the e-mail's local part).")
@click.argument("email")
def add(config_path: Path | None, role: str, sites: tuple[str, ...], display_name: str, email: str) -> None:
    """Create an account (or grant an existing one the role) and set its password."""
    from civility.accounts.administration import CLI_ACTOR, AccountAdministration
    from civility.accounts.service import AccountService
    from civility.comments.errors import DomainError
    from civility.storage.staff_tables import Role

    if role != "admin" and not sites:
        raise click.BadParameter(f"a {role} needs at least one --site", param_hint="--site")
    password = _read_password(confirm=True)
    with _accounts(config_path) as service:
        assert isinstance(service, AccountService)
        try:
            account = AccountAdministration(service).add_user(
                CLI_ACTOR,
                email,
                password,
                display_name=display_name,
                admin=role == "admin",
                roles={site: Role(role) for site in sites} if role != "admin" else None,
            )
        except DomainError as error:
            raise click.ClickException(error.message) from error
    where = f" of {', '.join(sites)}" if sites else ""
    click.echo(f"{account.email}: {role}{where} (account {account.id})")


@user.command("reset-password")
@config_option
@click.argument("email")
def reset_password(config_path: Path | None, email: str) -> None:
    """Set a new password for an account and sign it out everywhere."""
    from civility.accounts.administration import CLI_ACTOR, AccountAdministration
    from civility.accounts.service import AccountService, normalise_email
    from civility.comments.errors import DomainError
    from civility.storage.accounts import AccountRepository

    password = _read_password(confirm=True)
    with _accounts(config_path) as service:
        assert isinstance(service, AccountService)
        try:
            with service.database.read() as connection:
                found = AccountRepository(connection).by_email(normalise_email(email))
            if found is None:
                raise click.ClickException(f"{email}: no such account")
            AccountAdministration(service).reset_password(CLI_ACTOR, found.id, password)
        except DomainError as error:
            raise click.ClickException(error.message) from error
    click.echo(f"{email}: password changed; its sessions are signed out")


@user.command("list")
@config_option
def list_users(config_path: Path | None) -> None:
    """List accounts with their roles."""
    from civility.accounts.service import AccountService

    with _accounts(config_path) as service:
        assert isinstance(service, AccountService)
        for account in service.all_accounts():
            roles = ", ".join(
                f"{'/'.join(sorted(r.value for r in roles))} of {site}"
                for site, roles in sorted(account.roles.items())
            )
            admin = "admin" + (", " if roles else "") if account.is_admin else ""
            click.echo(f"{account.email}\t{admin}{roles}")
