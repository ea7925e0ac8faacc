"""The REST API v1 routes. HTTP translation only: every rule lives in `CommentService`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import State

from civility.comments.errors import Unauthorized
from civility.comments.inputs import MAX_PAGE_SIZE, MAX_THREAD_KEY_LENGTH, NewComment
from civility.comments.rate_limits import RateLimits
from civility.comments.service import CommentService
from civility.comments.tokens import ReaderTokens
from civility.comments.verdicts import stored_id
from civility.storage.records import SortOrder
from civility.web import schemas

bearer = HTTPBearer(auto_error=False, description="The reader token from createReader.")
Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
SiteId = Annotated[str, Path(min_length=1, max_length=64, description="The site id (data-site).")]
ThreadKey = Annotated[
    str,
    Query(min_length=1, max_length=MAX_THREAD_KEY_LENGTH, description="The thread key (data-thread)."),
]
CommentId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The comment id.")]

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": schemas.ErrorBody, "description": "The request body cannot be parsed."},
    403: {"model": schemas.ErrorBody, "description": "Origin not allowed, or not yours to change."},
    404: {"model": schemas.ErrorBody, "description": "Unknown site, thread or comment."},
    422: {"model": schemas.ErrorBody, "description": "Invalid input; the message names the field."},
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": schemas.ErrorBody, "description": "The request body cannot be parsed."},
    **ERRORS,
    401: {"model": schemas.ErrorBody, "description": "Missing or invalid reader token."},
    409: {"model": schemas.ErrorBody, "description": "The comment's state does not allow it."},
}
NOT_MODIFIED: dict[int | str, dict[str, Any]] = {304: {"description": "Not modified (ETag matched)."}}
POSTING_ERRORS: dict[int | str, dict[str, Any]] = {
    **WRITE_ERRORS,
    200: {"model": schemas.Nudge, "description": "Nudged: nothing stored; edit, or resend with post_anyway."},
    429: {"model": schemas.ErrorBody, "description": "Posting too quickly; see the Retry-After header."},
}


def _posted(result: Any, stored_status: int) -> JSONResponse:
    """A stored comment with `stored_status`; a nudge (nothing stored) as 200 with the verdict.

    Answered as JSON directly: the service's views already have the documented shape, and letting
    FastAPI validate them again against the response model costs a second trip through the thread
    pool on every post.
    """
    return JSONResponse(result, status_code=200 if stored_id(result) is None else stored_status)


def _rate_limits(request: Request) -> RateLimits:
    limits = request.app.state.rate_limits
    assert isinstance(limits, RateLimits)
    return limits


def _service(request: Request) -> CommentService:
    service = request.app.state.comments
    assert isinstance(service, CommentService)
    return service


def _tokens(request: Request) -> ReaderTokens:
    tokens = request.app.state.reader_tokens
    assert isinstance(tokens, ReaderTokens)
    return tokens


def _required_reader(request: Request, credentials: HTTPAuthorizationCredentials | None, site: str) -> str:
    return _reader_of(_tokens(request), None if credentials is None else credentials.credentials, site)


def _reader_of(tokens: ReaderTokens, token: str | None, site: str) -> str:
    if token is None:
        raise Unauthorized(
            "authorization: send 'Authorization: Bearer <reader_token>' (get one from createReader)",
            "authorization",
        )
    return tokens.reader_id(token, site)


def _optional_reader(request: Request, authorization: str | None, site: str) -> str | None:
    """Reads take an optional `Authorization: Bearer` token; a missing or stale one gets the public page."""
    if not authorization or authorization[:7].lower() != "bearer ":
        return None
    try:
        return _tokens(request).reader_id(authorization[7:].strip(), site)
    except Unauthorized:
        return None


def _client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def post_comment(
    state: State, site: str, body: schemas.NewCommentBody, token: str | None, ip: str | None
) -> JSONResponse:
    """createComment once the body is valid: the reader token, rate limits, then the service.

    Shared by the route and by the fast path in front of the router (`web/fast_post.py`), so both
    answer the same; runs in a worker thread (the rate limiter and the service may block).
    """
    tokens = state.reader_tokens
    service = state.comments
    limits = state.rate_limits
    assert isinstance(tokens, ReaderTokens)
    assert isinstance(service, CommentService)
    assert isinstance(limits, RateLimits)
    reader = _reader_of(tokens, token, site)
    new = NewComment(
        thread=body.thread,
        author_name=body.author_name,
        text=body.text,
        parent_id=body.parent_id,
        thread_title=body.thread_title,
        thread_url=body.thread_url,
        post_anyway=body.post_anyway,
    )
    service.site(site)
    limits.check_comment(site, reader, service.hash_ip(ip))
    return _posted(service.create_comment(site, new, reader, ip), 201)


def build_router() -> APIRouter:
    """All /api/v1 routes."""
    router = APIRouter(prefix="/api/v1")

    @router.post(
        "/sites/{site}/readers",
        operation_id="createReader",
        status_code=201,
        response_model=schemas.ReaderToken,
        responses=ERRORS,
        summary="Issue a reader token",
    )
    def create_reader(request: Request, site: SiteId) -> dict[str, str]:
        service = _service(request)
        service.site(site)
        _reader, token = _tokens(request).issue(site, service.clock())
        return {"reader_token": token}

    @router.get(
        "/sites/{site}/config",
        operation_id="getSiteConfig",
        response_model=schemas.SiteConfig,
        responses=ERRORS,
        summary="The site's public settings",
    )
    def get_site_config(request: Request, site: SiteId) -> dict[str, Any]:
        settings = _service(request).site(site)
        return {
            "name": settings.name,
            "policy_text": settings.policy_text,
            "allow_anonymous": settings.allow_anonymous,
            "allow_accounts": settings.allow_accounts,
            "max_comment_length": settings.max_comment_length,
            "max_indent_depth": settings.max_indent_depth,
            "edit_window_seconds": settings.edit_window_seconds,
        }

    @router.get(
        "/sites/{site}/thread",
        operation_id="getThread",
        response_model=schemas.Thread,
        responses=ERRORS,
        summary="A thread's title, URL and comment count",
    )
    def get_thread(request: Request, site: SiteId, thread: ThreadKey) -> Any:
        return _service(request).get_thread(site, thread)

    @router.get(
        "/sites/{site}/comments",
        operation_id="listComments",
        response_model=schemas.CommentPage,
        responses={**ERRORS, **NOT_MODIFIED},
        summary="A page of a thread's comments (keyset pagination)",
        description=(
            "Send the reader token as `Authorization: Bearer <reader_token>` (optional) to get the "
            "reader's own fields (mine, text, editable_until, my_vote) and own pending comments. "
            "Answers carry an ETag; If-None-Match gives 304."
        ),
    )
    async def list_comments(
        request: Request,
        site: SiteId,
        thread: ThreadKey,
        sort: Annotated[SortOrder | None, Query(description="newest (default), oldest or top")] = None,
        cursor: Annotated[str | None, Query(max_length=200, description="next_cursor of a page")] = None,
        limit: Annotated[int | None, Query(ge=1, le=MAX_PAGE_SIZE, description="page size, 1-100")] = None,
        parent: Annotated[int | None, Query(ge=1, le=2**31 - 1, description="list its replies")] = None,
    ) -> Response:
        service = _service(request)
        reader = _optional_reader(request, request.headers.get("authorization"), site)
        page = None
        if reader is None:  # the hot path: a cache hit never leaves the event loop
            page = service.cached_public_page(
                site, thread, sort=sort, cursor=cursor, limit=limit, parent_id=parent
            )
        if page is None:
            page = await run_in_threadpool(
                service.list_comments,
                site,
                thread,
                sort=sort,
                cursor=cursor,
                limit=limit,
                parent_id=parent,
                reader_id=reader,
            )
        headers = {
            "ETag": page.etag,
            "Cache-Control": "no-cache",
            "Vary": "Authorization, Origin, Accept-Encoding",
        }
        if page.etag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers=headers)
        if page.gzipped is not None and "gzip" in request.headers.get("accept-encoding", ""):
            headers["Content-Encoding"] = "gzip"
            return Response(page.gzipped, media_type="application/json", headers=headers)
        return Response(page.body, media_type="application/json", headers=headers)

    @router.post(
        "/sites/{site}/comments",
        operation_id="createComment",
        status_code=201,
        response_model=schemas.PostedComment,
        responses=POSTING_ERRORS,
        summary="Post a comment or a reply, moderated under the site's policy",
        description=(
            "201: stored, with the verdict (decision allow/hold/reject, status, reasons with evidence). "
            "200: nudged, nothing stored. 429: posting too quickly (Retry-After)."
        ),
    )
    def create_comment(
        request: Request, site: SiteId, body: schemas.NewCommentBody, credentials: Bearer
    ) -> Any:
        token = None if credentials is None else credentials.credentials
        return post_comment(request.app.state, site, body, token, _client_ip(request))

    @router.patch(
        "/sites/{site}/comments/{id}",
        operation_id="editComment",
        response_model=schemas.PostedComment,
        responses={**POSTING_ERRORS, 200: {"model": schemas.PostedComment | schemas.Nudge}},
        summary="Edit your own comment within the edit window",
    )
    def edit_comment(
        request: Request,
        site: SiteId,
        id: CommentId,
        body: schemas.EditCommentBody,
        credentials: Bearer,
    ) -> Any:
        reader = _required_reader(request, credentials, site)
        service = _service(request)
        service.site(site)
        _rate_limits(request).check_comment(site, reader, service.hash_ip(_client_ip(request)))
        return _posted(service.edit_comment(site, id, body.text, reader, body.post_anyway), 200)

    @router.delete(
        "/sites/{site}/comments/{id}",
        operation_id="deleteComment",
        status_code=204,
        responses=WRITE_ERRORS,
        summary="Delete your own comment within the edit window",
    )
    def delete_comment(request: Request, site: SiteId, id: CommentId, credentials: Bearer) -> Response:
        reader = _required_reader(request, credentials, site)
        _service(request).delete_comment(site, id, reader)
        return Response(status_code=204)

    @router.post(
        "/sites/{site}/comments/{id}/vote",
        operation_id="voteComment",
        response_model=schemas.VoteResult,
        responses=WRITE_ERRORS,
        summary="Vote up, down, or withdraw your vote",
    )
    def vote_comment(
        request: Request, site: SiteId, id: CommentId, body: schemas.VoteBody, credentials: Bearer
    ) -> Any:
        reader = _required_reader(request, credentials, site)
        return _service(request).vote(site, id, body.value, reader)

    @router.get(
        "/sites/{site}/trending",
        operation_id="trendingThreads",
        response_model=schemas.TrendingList,
        responses=ERRORS,
        summary="The site's most discussed threads of the last hours",
    )
    def trending_threads(
        request: Request,
        site: SiteId,
        hours: Annotated[int | None, Query(ge=1, le=24 * 90, description="window in hours")] = None,
        limit: Annotated[int, Query(ge=1, le=50, description="how many threads")] = 10,
    ) -> Any:
        return {"threads": _service(request).trending(site, hours, limit)}

    return router
