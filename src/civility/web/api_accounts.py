"""Readers' commenter accounts (where a site allows them): createAccount and signIn answer a reader token.

An account comments under one stable reader id, so its comments stay its own on every device it signs
in from. HTTP only: the rules live in `AccountService`.
"""

from __future__ import annotations

from typing import Annotated, Any

import jwt
from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from civility.accounts.service import Account, AccountService
from civility.comments.errors import Forbidden
from civility.comments.tokens import ALGORITHM, AUDIENCE_PREFIX, ReaderTokens
from civility.web import schemas

SiteId = Annotated[str, Path(min_length=1, max_length=64, description="The site id (data-site).")]
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": schemas.ErrorBody, "description": "The request body cannot be parsed."},
    401: {"model": schemas.ErrorBody, "description": "The e-mail or the password is wrong."},
    403: {"model": schemas.ErrorBody, "description": "This site does not offer accounts."},
    404: {"model": schemas.ErrorBody, "description": "Unknown site."},
    409: {"model": schemas.ErrorBody, "description": "An account with this e-mail exists."},
    422: {"model": schemas.ErrorBody, "description": "Invalid input; the message names the field."},
    429: {"model": schemas.ErrorBody, "description": "Too many attempts; see Retry-After."},
}


class NewAccountBody(BaseModel):
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=1024)
    display_name: str = Field(min_length=1, max_length=80)


class SignInBody(BaseModel):
    email: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1, max_length=1024)


class AccountToken(BaseModel):
    reader_token: str
    display_name: str


def _accounts(request: Request) -> AccountService:
    service = request.app.state.accounts
    assert isinstance(service, AccountService)
    return service


def _token(request: Request, site: str, account: Account) -> dict[str, str]:
    tokens = request.app.state.reader_tokens
    assert isinstance(tokens, ReaderTokens)
    now = request.app.state.comments.clock()
    payload = {"sub": account.reader_id, "aud": AUDIENCE_PREFIX + site, "iat": int(now.timestamp())}
    return {
        "reader_token": jwt.encode(payload, tokens.key, algorithm=ALGORITHM),
        "display_name": account.display_name,
    }


def _offered(request: Request, site: str) -> None:
    settings = request.app.state.comments.site(site)
    if not settings.allow_accounts:
        raise Forbidden("site: this site does not offer commenter accounts", "site", code="accounts_off")


def build_accounts_router() -> APIRouter:
    router = APIRouter(prefix="/api/v1")

    @router.post(
        "/sites/{site}/accounts",
        operation_id="createAccount",
        status_code=201,
        response_model=AccountToken,
        responses=ERRORS,
        summary="Create a commenter account and get its reader token",
    )
    async def create_account(request: Request, site: SiteId, body: NewAccountBody) -> dict[str, str]:
        _offered(request, site)
        ip = request.client.host if request.client else None
        service = _accounts(request)
        service.limiter.check(body.email, ip)  # creation is throttled like sign-in (no fast e-mail probing)
        try:
            account = await run_in_threadpool(
                service.register_commenter, site, body.email, body.password, body.display_name
            )
        except Exception:  # any failed creation counts against the limiter (no fast probing)
            service.limiter.failed(body.email, ip)
            raise
        return _token(request, site, account)

    @router.post(
        "/sites/{site}/sessions",
        operation_id="signIn",
        response_model=AccountToken,
        responses=ERRORS,
        summary="Sign in to a commenter account and get its reader token",
    )
    async def sign_in(request: Request, site: SiteId, body: SignInBody) -> dict[str, str]:
        _offered(request, site)
        ip = request.client.host if request.client else None
        account = await run_in_threadpool(_accounts(request).authenticate, body.email, body.password, ip)
        return _token(request, site, account)

    return router
