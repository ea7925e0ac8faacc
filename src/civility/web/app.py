"""The app factory: `create_app(settings)` assembles storage, services and routes; nothing at import."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool

from civility.accounts.service import AccountService
from civility.comments.moderation_hook import ModerationHook
from civility.comments.policy_enforcement import PolicyEnforcement, shared_engine
from civility.comments.rate_limits import RateLimits
from civility.comments.reports import ReportService
from civility.comments.service import CommentService
from civility.comments.tokens import ReaderTokens
from civility.settings import Settings
from civility.storage.database import Database
from civility.web import embed, schemas
from civility.web.api import build_router
from civility.web.api_moderation import build_moderation_router
from civility.web.cors import SiteCORSMiddleware
from civility.web.dashboard import install_dashboard
from civility.web.errors import error_response, install_error_handlers
from civility.web.fast_post import FastPostMiddleware
from civility.web.fast_read import CachedPageMiddleware
from civility.web.headers import SecurityHeadersMiddleware

ACCOUNT_READER_PREFIX = "acct-"
"""Commenter accounts post under reader ids that start with this (`AccountService`)."""


def create_app(
    settings: Settings,
    *,
    database: Database | None = None,
    moderate: ModerationHook | None = None,
) -> FastAPI:
    """Build the Civility web app for `settings` (a database may be passed in, e.g. by tests).

    Posting is moderated by the site's policy with the moderation engine (`PolicyEnforcement`) unless
    another hook is given.
    """
    db = database if database is not None else Database(settings.database_url)
    owns_database = database is None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if owns_database:
            db.dispose()

    app = FastAPI(
        title="Civility",
        version="1",
        description="A self-hosted comment section. The widget (embed.js) uses only this API.",
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    secret = settings.secret_key.get_secret_value()
    app.state.settings = settings
    app.state.database = db
    app.state.reader_tokens = ReaderTokens(secret)
    if moderate is None:
        moderate = PolicyEnforcement(shared_engine(), db, settings.sites)
    app.state.comments = CommentService(database=db, sites=settings.sites, secret=secret, moderate=moderate)
    app.state.reports = ReportService(app.state.comments)
    app.state.rate_limits = RateLimits.create(settings.sites, settings.redis_url)
    app.state.embed_js = embed.Asset.load(
        embed.STATIC_DIR / "embed.js", "application/javascript", minify=True
    )

    install_error_handlers(app)
    app.add_middleware(CachedPageMiddleware, service=app.state.comments)
    app.add_middleware(FastPostMiddleware, state=app.state)
    app.add_middleware(SiteCORSMiddleware, sites=settings.sites)
    app.add_middleware(SecurityHeadersMiddleware)
    app.include_router(build_router())
    install_dashboard(app, settings, db)
    app.state.comments.account_name = _account_names(app.state.accounts)
    app.include_router(build_moderation_router())

    @app.get("/healthz", operation_id="health", response_model=schemas.Health, include_in_schema=True,
             responses={503: {"model": schemas.ErrorBody, "description": "The database does not answer."}})
    async def healthz() -> Any:
        try:
            await run_in_threadpool(_ping, db)
        except Exception:  # whatever the driver raises, the answer is the same: the database is not answering
            return error_response(503, "database_unavailable", "database: not answering")
        return {"status": "ok"}

    @app.get("/embed.js", include_in_schema=False)
    async def embed_js(request: Request) -> Response:
        return embed.serve(request.app.state.embed_js, request, "embed.js")

    install_site_enum(app, sorted(settings.sites))
    return app


def install_site_enum(app: FastAPI, sites: list[str]) -> None:
    """Document the `site` path parameter as one of this instance's configured sites."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                for parameter in operation.get("parameters", []):
                    if parameter.get("name") == "site" and parameter.get("in") == "path":
                        parameter["schema"] = {**parameter["schema"], "enum": sites}
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _account_names(accounts: AccountService) -> Callable[[str], str | None]:
    """The display name of the account behind a reader id; anonymous ids never reach the database."""

    def account_name(reader_id: str) -> str | None:
        if not reader_id.startswith(ACCOUNT_READER_PREFIX):
            return None
        account = accounts.by_reader_id(reader_id)
        return None if account is None else account.display_name

    return account_name


def _ping(db: Database) -> None:
    with db.read() as connection:
        connection.execute(text("SELECT 1"))
