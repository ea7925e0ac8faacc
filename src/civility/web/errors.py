"""One place that turns errors into HTTP: `{"error": {"code", "message", "field"}}`, never a traceback."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from civility.comments.errors import (
    Conflict,
    DomainError,
    Forbidden,
    Invalid,
    NotFound,
    RateLimited,
    Unauthorized,
)
from civility.storage.database import DatabaseUnavailable

logger = logging.getLogger("civility.web")

STATUS_OF: dict[type[DomainError], int] = {
    NotFound: 404,
    Invalid: 422,
    Unauthorized: 401,
    Forbidden: 403,
    Conflict: 409,
    RateLimited: 429,
}

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "too_large",
    415: "unsupported_media_type",
}


def error_response(
    status: int, code: str, message: str, field: str | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    """The one error body shape of the API."""
    return JSONResponse(
        {"error": {"code": code, "message": message, "field": field}}, status_code=status, headers=headers
    )


def _field_of(location: tuple[object, ...]) -> str:
    parts = [str(part) for part in location[1:]] if len(location) > 1 else [str(p) for p in location]
    return ".".join(parts) or "body"


async def _validation_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = error.errors()
    first = problems[0] if problems else {"loc": ("body",), "msg": "invalid request", "type": ""}
    location = tuple(first.get("loc", ("body",)))
    field = _field_of(location)
    kind = str(first.get("type", ""))
    if kind == "json_invalid":
        field, message = "body", "body: not valid JSON"
    elif kind == "missing":
        message = f"{field}: required"
    else:
        message = f"{field}: {first.get('msg', 'invalid value')}"
    return error_response(422, "invalid", message, field)


async def _domain_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    status = next((code for kind, code in STATUS_OF.items() if isinstance(error, kind)), 400)
    headers = {"Retry-After": str(error.retry_after)} if isinstance(error, RateLimited) else None
    return error_response(status, error.code, error.message, error.field, headers)


async def _http_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    code = _HTTP_CODES.get(error.status_code, "error")
    message = str(error.detail) if error.detail else code.replace("_", " ")
    field = None
    if error.status_code == 400 and "parsing the body" in message:
        field, message = "body", "body: cannot be parsed (send UTF-8 JSON)"
    return error_response(error.status_code, code, message, field, dict(error.headers or {}))


async def _database_unavailable(_request: Request, error: Exception) -> JSONResponse:
    logger.warning("database unavailable: %s", type(error).__name__)
    return error_response(
        503,
        "database_unavailable",
        "database: busy or unreachable; retry in a moment",
        None,
        {"Retry-After": "1"},
    )


async def _unexpected_error(_request: Request, error: Exception) -> JSONResponse:
    logger.error("unexpected error: %s", type(error).__name__, exc_info=error)
    return error_response(500, "internal", "internal error; the server log has the details")


_HANDLERS: tuple[tuple[type[Exception], Callable[[Request, Exception], Awaitable[JSONResponse]]], ...] = (
    (RequestValidationError, _validation_error),
    (DomainError, _domain_error),
    (StarletteHTTPException, _http_error),
    (OperationalError, _database_unavailable),
    (DatabaseUnavailable, _database_unavailable),
)


def install_error_handlers(app: FastAPI) -> None:
    """Register the mapping from every error type to the API's error body."""
    for kind, handler in _HANDLERS:
        app.add_exception_handler(kind, handler)
    app.add_exception_handler(Exception, _unexpected_error)


async def handled_error(request: Request, error: Exception) -> JSONResponse | None:
    """The answer the routes give for `error`, or None for an unexpected one (500, by the outer layer).

    For code in front of the router (`fast_post`), which must answer exactly as the routes do.
    """
    for kind, handler in _HANDLERS:
        if isinstance(error, kind):
            return await handler(request, error)
    return None
