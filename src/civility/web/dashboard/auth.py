"""Dashboard sessions and CSRF: who is asking, and whether a state-changing request is really theirs.

- The session cookie is HttpOnly, SameSite=Lax, scoped to /dashboard, and Secure unless the instance's
  public URL is on localhost (browsers drop Secure cookies over plain http).
- Every POST carries the session's CSRF token (form field `csrf_token` or header `X-CSRF-Token`);
  the sign-in form, which has no session yet, uses a double-submit cookie instead.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from fastapi import Request, Response

from civility.accounts.service import AccountService, Session
from civility.comments.errors import DomainError, Forbidden, Unauthorized

SESSION_COOKIE = "civility_session"
LOGIN_CSRF_COOKIE = "civility_login_csrf"
COOKIE_PATH = "/dashboard"
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


class SignInRequired(DomainError):
    """A dashboard page was asked for without a session: the browser is sent to the sign-in page."""

    code = "sign_in_required"


def secure_cookies(public_url: str) -> bool:
    """Secure cookies everywhere but on localhost."""
    host = urlsplit(public_url).hostname or ""
    return host not in LOCAL_HOSTS


def accounts(request: Request) -> AccountService:
    service = request.app.state.accounts
    assert isinstance(service, AccountService)
    return service


def current_session(request: Request) -> Session | None:
    """The request's live session, looked up once per request."""
    if not hasattr(request.state, "dashboard_session"):
        request.state.dashboard_session = accounts(request).session(request.cookies.get(SESSION_COOKIE))
    found = request.state.dashboard_session
    assert found is None or isinstance(found, Session)
    return found


def require_session(request: Request) -> Session:
    """The session of a page request; SignInRequired (a redirect for GET, 401 otherwise) when none."""
    session = current_session(request)
    if session is None:
        if request.method == "GET":
            raise SignInRequired("sign in first")
        raise Unauthorized("session: sign in first", "session")
    return session


def require_moderator(request: Request, site: str) -> Session:
    """The session of a moderator of `site` (or an admin); 403 for anyone else."""
    session = require_session(request)
    if not session.account.moderates(site):
        raise Forbidden("site: you do not moderate this site", "site")
    return session


def require_admin(request: Request) -> Session:
    session = require_session(request)
    if not session.account.is_admin:
        raise Forbidden("account: only admins manage accounts", "account")
    return session


async def check_csrf(request: Request, session: Session) -> None:
    """Refuse (403 csrf) a state-changing request whose CSRF token is not the session's."""
    sent = request.headers.get("x-csrf-token")
    if sent is None:
        form = await request.form()
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent.encode(), session.csrf_token.encode()):
        raise Forbidden(
            "csrf_token: missing or wrong; reload the page and try again", "csrf_token", code="csrf"
        )


@dataclass(frozen=True)
class CookiePolicy:
    """How this instance sets its dashboard cookies."""

    secure: bool

    def set_session(self, response: Response, token: str, max_age: int) -> None:
        response.set_cookie(
            SESSION_COOKIE,
            token,
            max_age=max_age,
            path=COOKIE_PATH,
            secure=self.secure,
            httponly=True,
            samesite="lax",
        )

    def clear_session(self, response: Response) -> None:
        response.delete_cookie(
            SESSION_COOKIE, path=COOKIE_PATH, secure=self.secure, httponly=True, samesite="lax"
        )

    def set_login_csrf(self, response: Response, token: str) -> None:
        """Set the sign-in form's double-submit cookie."""
        response.set_cookie(
            LOGIN_CSRF_COOKIE,
            token,
            max_age=3600,
            path=COOKIE_PATH,
            secure=self.secure,
            httponly=True,
            samesite="strict",
        )


def login_csrf_token(request: Request) -> str:
    """The sign-in form's double-submit token (reused while its cookie lives)."""
    existing = request.cookies.get(LOGIN_CSRF_COOKIE)
    return existing if existing and len(existing) <= 64 else secrets.token_urlsafe(24)


def check_login_csrf(request: Request, sent: str | None) -> None:
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE)
    if not cookie or not sent or not hmac.compare_digest(cookie.encode(), sent.encode()):
        raise Forbidden("csrf_token: missing or wrong; reload the sign-in page", "csrf_token", code="csrf")
