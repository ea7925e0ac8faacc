"""SQL of accounts: users, their roles per site, and dashboard sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from civility.storage.staff_tables import Role, sessions, user_roles, users


@dataclass(frozen=True, slots=True)
class UserRecord:
    """One account; `roles` maps each site to the roles held there."""

    id: int
    email: str
    password_hash: str
    display_name: str
    is_admin: bool
    reader_id: str
    created_at: datetime
    password_changed_at: datetime
    roles: dict[str, frozenset[Role]]


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """A signed-in dashboard session (the cookie holds the token; the table only its hash)."""

    user_id: int
    csrf_token: str
    created_at: datetime
    expires_at: datetime


class AccountRepository:
    """Users, roles and sessions."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def _roles(self, user_id: int) -> dict[str, frozenset[Role]]:
        rows = self.connection.execute(
            select(user_roles.c.site, user_roles.c.role).where(user_roles.c.user_id == user_id)
        ).all()
        found: dict[str, set[Role]] = {}
        for site, role in rows:
            found.setdefault(site, set()).add(Role(role))
        return {site: frozenset(roles) for site, roles in found.items()}

    def _record(self, row: Any) -> UserRecord:
        m = row._mapping
        return UserRecord(
            id=m["id"],
            email=m["email"],
            password_hash=m["password_hash"],
            display_name=m["display_name"],
            is_admin=bool(m["is_admin"]),
            reader_id=m["reader_id"],
            created_at=m["created_at"],
            password_changed_at=m["password_changed_at"],
            roles=self._roles(m["id"]),
        )

    def by_email(self, email: str) -> UserRecord | None:
        row = self.connection.execute(select(users).where(users.c.email == email)).first()
        return None if row is None else self._record(row)

    def by_id(self, user_id: int) -> UserRecord | None:
        row = self.connection.execute(select(users).where(users.c.id == user_id)).first()
        return None if row is None else self._record(row)

    def by_reader_id(self, reader_id: str) -> UserRecord | None:
        row = self.connection.execute(select(users).where(users.c.reader_id == reader_id)).first()
        return None if row is None else self._record(row)

    def all(self) -> list[UserRecord]:
        rows = self.connection.execute(select(users).order_by(users.c.email)).all()
        return [self._record(row) for row in rows]

    def insert(
        self,
        *,
        email: str,
        password_hash: str,
        display_name: str,
        is_admin: bool,
        reader_id: str,
        now: datetime,
    ) -> int:
        result = self.connection.execute(
            insert(users).values(
                email=email,
                password_hash=password_hash,
                display_name=display_name,
                is_admin=is_admin,
                reader_id=reader_id,
                created_at=now,
                password_changed_at=now,
            )
        )
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    def set_admin(self, user_id: int, is_admin: bool) -> None:
        self.connection.execute(update(users).where(users.c.id == user_id).values(is_admin=is_admin))

    def grant(self, user_id: int, site: str, role: Role) -> None:
        exists = self.connection.execute(
            select(user_roles.c.user_id).where(
                user_roles.c.user_id == user_id, user_roles.c.site == site, user_roles.c.role == role.value
            )
        ).first()
        if exists is None:
            self.connection.execute(insert(user_roles).values(user_id=user_id, site=site, role=role.value))

    def set_password_hash(self, user_id: int, password_hash: str, now: datetime) -> None:
        self.connection.execute(
            update(users)
            .where(users.c.id == user_id)
            .values(password_hash=password_hash, password_changed_at=now)
        )

    # ---- sessions ----------------------------------------------------------------------------
    def add_session(
        self, token_hash: str, user_id: int, csrf_token: str, now: datetime, expires_at: datetime
    ) -> None:
        self.connection.execute(
            insert(sessions).values(
                token_hash=token_hash,
                user_id=user_id,
                csrf_token=csrf_token,
                created_at=now,
                expires_at=expires_at,
            )
        )

    def session(self, token_hash: str) -> SessionRecord | None:
        row = self.connection.execute(select(sessions).where(sessions.c.token_hash == token_hash)).first()
        if row is None:
            return None
        m = row._mapping
        return SessionRecord(m["user_id"], m["csrf_token"], m["created_at"], m["expires_at"])

    def drop_session(self, token_hash: str) -> None:
        self.connection.execute(delete(sessions).where(sessions.c.token_hash == token_hash))

    def drop_sessions_of(self, user_id: int) -> None:
        self.connection.execute(delete(sessions).where(sessions.c.user_id == user_id))

    def drop_expired_sessions(self, now: datetime) -> None:
        self.connection.execute(delete(sessions).where(sessions.c.expires_at < now))
