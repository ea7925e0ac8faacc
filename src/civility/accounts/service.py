"""Accounts: creating users and granting roles, signing in, dashboard sessions, password resets.

Who may do what:
- an admin (a flag on the user) moderates every site and manages accounts;
- a moderator moderates the sites it holds the moderator role on;
- a commenter (or any account) may comment under its own name where a site allows accounts.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import IntegrityError

from civility.accounts.limiter import SignInLimiter
from civility.accounts.passwords import (
    check_password_rules,
    hash_password,
    needs_rehash,
    verify_password,
)
from civility.comments.errors import Conflict, Invalid, NotFound, Unauthorized
from civility.settings import SiteSettings
from civility.storage.accounts import AccountRepository, UserRecord
from civility.storage.database import Database
from civility.storage.staff_tables import Role

SESSION_LIFETIME = timedelta(hours=12)
MAX_EMAIL_LENGTH = 254
MAX_DISPLAY_NAME = 80
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
# Control characters (NUL above all: PostgreSQL text cannot hold it) are never part of an address or name.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
WRONG_CREDENTIALS = "email: the e-mail or the password is wrong"


def normalise_email(email: str) -> str:
    """The e-mail as stored (trimmed, lower case); Invalid('email') when it is not one."""
    cleaned = email.strip().lower()
    if len(cleaned) > MAX_EMAIL_LENGTH or not _EMAIL.match(cleaned) or _CONTROL.search(cleaned):
        raise Invalid("email", "email: not a valid e-mail address")
    return cleaned


@dataclass(frozen=True)
class Account:
    """A signed-in user, as the web layer sees it (never the password hash)."""

    id: int
    email: str
    display_name: str
    is_admin: bool
    reader_id: str
    roles: Mapping[str, frozenset[Role]]

    def moderates(self, site: str) -> bool:
        """Whether this account may work the site's queues."""
        return self.is_admin or Role.MODERATOR in self.roles.get(site, frozenset())

    def moderated_sites(self, all_sites: list[str]) -> list[str]:
        return [site for site in all_sites if self.moderates(site)]


@dataclass(frozen=True)
class Session:
    """A dashboard session: its account and the CSRF token its forms must carry."""

    account: Account
    csrf_token: str
    expires_at: datetime


def _account(user: UserRecord) -> Account:
    return Account(user.id, user.email, user.display_name, user.is_admin, user.reader_id, user.roles)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class AccountService:
    """Users, roles, passwords and sessions (one per app)."""

    database: Database
    sites: Mapping[str, SiteSettings]
    limiter: SignInLimiter
    clock: Callable[[], datetime] = _now

    def _known_site(self, site: str) -> str:
        if site not in self.sites:
            raise NotFound(f"site: no site called {site[:64]!r} is served here", "site")
        return site

    # ---- accounts ------------------------------------------------------------------------------
    def add_user(
        self,
        email: str,
        password: str,
        *,
        display_name: str = "",
        admin: bool = False,
        roles: Mapping[str, Role] | None = None,
    ) -> Account:
        """Create an account (or, for an existing e-mail, grant it the roles and admin flag given)."""
        address = normalise_email(email)
        name = display_name.strip() or address.split("@", 1)[0]
        if len(name) > MAX_DISPLAY_NAME:
            raise Invalid("display_name", f"display_name: at most {MAX_DISPLAY_NAME} characters")
        for site in roles or {}:
            self._known_site(site)
        check_password_rules(password)
        hashed = hash_password(password)
        try:
            with self.database.write() as connection:
                repo = AccountRepository(connection)
                existing = repo.by_email(address)
                if existing is None:
                    user_id = repo.insert(
                        email=address,
                        password_hash=hashed,
                        display_name=name,
                        is_admin=admin,
                        reader_id="acct-" + secrets.token_urlsafe(18),
                        now=self.clock(),
                    )
                else:
                    user_id = existing.id
                    if admin:
                        repo.set_admin(user_id, True)
                for site, role in (roles or {}).items():
                    repo.grant(user_id, site, role)
                created = repo.by_id(user_id)
        except IntegrityError as error:  # two creations raced on the same e-mail
            raise Conflict("email: an account with this e-mail exists", "email") from error
        assert created is not None
        return _account(created)

    def register_commenter(self, site: str, email: str, password: str, display_name: str) -> Account:
        """A reader's own commenter account on a site that allows accounts."""
        settings = self.sites.get(site)
        if settings is None:
            raise NotFound(f"site: no site called {site[:64]!r} is served here", "site")
        if not display_name.strip():
            raise Invalid("display_name", "display_name: give a display name")
        if _CONTROL.search(display_name):
            raise Invalid("display_name", "display_name: control characters are not allowed")
        address = normalise_email(email)
        with self.database.read() as connection:
            if AccountRepository(connection).by_email(address) is not None:
                # Same answer as a new account would need: the e-mail is taken. Registration has to say
                # so; it is rate-limited like sign-in so that it cannot be used to list accounts fast.
                raise Conflict("email: an account with this e-mail exists; sign in instead", "email")
        return self.add_user(address, password, display_name=display_name, roles={site: Role.COMMENTER})

    def get(self, user_id: int) -> Account:
        with self.database.read() as connection:
            user = AccountRepository(connection).by_id(user_id)
        if user is None:
            raise NotFound("id: no such account", "id")
        return _account(user)

    def by_reader_id(self, reader_id: str) -> Account | None:
        """The account behind a reader id (accounts comment under a stable reader id), if any."""
        with self.database.read() as connection:
            user = AccountRepository(connection).by_reader_id(reader_id)
        return None if user is None else _account(user)

    def all_accounts(self) -> list[Account]:
        with self.database.read() as connection:
            return [_account(user) for user in AccountRepository(connection).all()]

    def reset_password(self, user_id: int, new_password: str) -> Account:
        """Set a new password (an admin's reset) and sign the account out everywhere."""
        check_password_rules(new_password)
        hashed = hash_password(new_password)
        with self.database.write() as connection:
            repo = AccountRepository(connection)
            user = repo.by_id(user_id)
            if user is None:
                raise NotFound("id: no such account", "id")
            repo.set_password_hash(user_id, hashed, self.clock())
            repo.drop_sessions_of(user_id)
        return _account(user)

    # ---- signing in ----------------------------------------------------------------------------
    def authenticate(self, email: str, password: str, ip: str | None) -> Account:
        """The account for these credentials; Unauthorized (same words whether or not the e-mail is
        known) or RateLimited after too many failures."""
        key = email.strip().lower()[:MAX_EMAIL_LENGTH]
        self.limiter.check(key, ip)
        user = None
        if not _CONTROL.search(key):  # no account's address holds one; never send it to the database
            with self.database.read() as connection:
                user = AccountRepository(connection).by_email(key)
        if not verify_password(user.password_hash if user else None, password[:4096]) or user is None:
            self.limiter.failed(key, ip)
            raise Unauthorized(WRONG_CREDENTIALS, "email")
        if needs_rehash(user.password_hash):
            with self.database.write() as connection:
                AccountRepository(connection).set_password_hash(
                    user.id, hash_password(password), user.password_changed_at
                )
        return _account(user)

    def start_session(self, account: Account) -> tuple[str, Session]:
        """A new session for the account: the cookie's token and the session."""
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        now = self.clock()
        expires = now + SESSION_LIFETIME
        with self.database.write() as connection:
            repo = AccountRepository(connection)
            repo.drop_expired_sessions(now)
            repo.add_session(_token_hash(token), account.id, csrf, now, expires)
        return token, Session(account, csrf, expires)

    def session(self, token: str | None) -> Session | None:
        """The live session behind a cookie's token, or None."""
        if not token or len(token) > 200:
            return None
        with self.database.read() as connection:
            repo = AccountRepository(connection)
            found = repo.session(_token_hash(token))
            if found is None or found.expires_at <= self.clock():
                return None
            user = repo.by_id(found.user_id)
        if user is None:
            return None
        return Session(_account(user), found.csrf_token, found.expires_at)

    def end_session(self, token: str | None) -> None:
        if token:
            with self.database.write() as connection:
                AccountRepository(connection).drop_session(_token_hash(token))
