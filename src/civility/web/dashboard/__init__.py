"""The moderators' dashboard: server-rendered pages (Jinja2), a small keyboard script, local Chart.js."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from civility.accounts.limiter import SignInLimiter
from civility.accounts.service import AccountService
from civility.comments.service import CommentService
from civility.moderators.desk import ModerationDesk
from civility.moderators.trust import TrustGate
from civility.settings import Settings
from civility.storage.database import Database
from civility.web.api_accounts import build_accounts_router
from civility.web.dashboard.auth import CookiePolicy, SignInRequired, secure_cookies
from civility.web.dashboard.routes import build_dashboard_router


async def _to_sign_in(request: Request, _error: Exception) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/dashboard/login?next={quote(target)}", status_code=303)


def install_dashboard(app: FastAPI, settings: Settings, database: Database) -> None:
    """Accounts, the desk, trust rules around the comment service's moderation hook, and the routes."""
    comments = app.state.comments
    assert isinstance(comments, CommentService)
    app.state.accounts = AccountService(database, settings.sites, SignInLimiter.create(settings.redis_url))
    # Moderation time follows the comment service's clock (tests move it by hand).
    app.state.desk = ModerationDesk(database, comments, settings.sites, clock=lambda: comments.clock())
    app.state.cookie_policy = CookiePolicy(secure=secure_cookies(settings.public_url))
    comments.is_account = lambda reader_id: (
        reader_id.startswith("acct-") and (app.state.accounts.by_reader_id(reader_id) is not None)
    )
    comments.moderate = TrustGate(
        comments.moderate, database, clock=lambda: comments.clock(), sites=settings.sites
    )
    app.add_exception_handler(SignInRequired, _to_sign_in)
    app.include_router(build_accounts_router())
    app.include_router(build_dashboard_router())
