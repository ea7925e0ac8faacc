"""Account changes made by admins (dashboard or `civility user`), each written to the audit log.

Creating an account, granting a role or the admin flag, and resetting a password go through here, so
that they are audited like moderators' actions: who did it (an admin's account, or the command line),
what changed (roles and admin flag before and after; for a password, only that it was reset and its
sessions signed out, never a hash), and when. The audit log is per site: an entry is written in each
site the change concerns (the site of a granted role; for the admin flag, and for a password reset of
an admin, every served site; for a reset of any other account, each site it holds a role on).
Sanctions on authors (ban, suspend, lift) are the desk's actions and are audited there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from civility.accounts.service import Account, AccountService, normalise_email
from civility.comments.errors import Invalid
from civility.storage.accounts import AccountRepository
from civility.storage.moderators import ModeratorRepository
from civility.storage.staff_tables import Role

COMMAND_LINE = "command line (civility user)"


@dataclass(frozen=True)
class Actor:
    """Who makes an account change: an admin's account, or the command line (no account)."""

    id: int | None
    email: str

    @classmethod
    def of(cls, account: Account) -> Actor:
        return cls(account.id, account.email)


CLI_ACTOR = Actor(None, COMMAND_LINE)


def _state(account: Account | None, site: str) -> dict[str, Any]:
    if account is None:
        return {"exists": False}
    return {"admin": account.is_admin, "roles": sorted(r.value for r in account.roles.get(site, ()))}


@dataclass
class AccountAdministration:
    """Admins' account changes, audited (one per app, and one per `civility user` run)."""

    accounts: AccountService

    def add_user(
        self,
        actor: Actor,
        email: str,
        password: str,
        *,
        display_name: str = "",
        admin: bool = False,
        roles: Mapping[str, Role] | None = None,
    ) -> Account:
        """Create an account or grant an existing one roles / the admin flag; audited per site."""
        try:
            address = normalise_email(email)
        except Invalid:
            address = None
        before = None
        if address is not None:
            with self.accounts.database.read() as connection:
                found = AccountRepository(connection).by_email(address)
            before = None if found is None else self.accounts.get(found.id)
        after = self.accounts.add_user(email, password, display_name=display_name, admin=admin, roles=roles)
        sites = set(roles or {})
        if admin and (before is None or not before.is_admin):
            sites |= set(self.accounts.sites)
        action = "account_add" if before is None else "account_grant"
        self._audit(actor, sorted(sites), action, after, before, reason="")
        return after

    def reset_password(self, actor: Actor, user_id: int, new_password: str) -> Account:
        """Set a new password for an account and sign it out everywhere; audited per site."""
        changed = self.accounts.reset_password(user_id, new_password)
        sites = sorted(self.accounts.sites) if changed.is_admin else sorted(changed.roles)
        self._audit(actor, sites, "password_reset", changed, changed, reason="")
        return changed

    def _audit(
        self,
        actor: Actor,
        sites: list[str],
        action: str,
        after: Account,
        before: Account | None,
        reason: str,
    ) -> None:
        now = self.accounts.clock()
        with self.accounts.database.write() as connection:
            repo = ModeratorRepository(connection)
            for site in sites:
                if action == "password_reset":
                    was: dict[str, Any] = {"email": after.email}
                    now_is: dict[str, Any] = {
                        "email": after.email,
                        "password": "reset",
                        "sessions": "signed out",
                    }
                else:
                    was = {"email": after.email, **_state(before, site)}
                    now_is = {"email": after.email, **_state(after, site)}
                repo.audit(
                    site=site,
                    actor_id=actor.id,
                    actor_email=actor.email,
                    action=action,
                    target=f"account:{after.id}",
                    before=was,
                    after=now_is,
                    reason=reason,
                    now=now,
                )
