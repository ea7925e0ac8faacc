"""Routes of readers' moderation: `reportComment` ("Mark as spam" and "Report…" in the ∨ menu).

HTTP translation only: the rules live in `civility.comments.reports.ReportService`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi import Path as PathParam

from civility.comments.rate_limits import RateLimits
from civility.comments.reports import ReportReason, ReportService
from civility.web import schemas
from civility.web.api import WRITE_ERRORS, Bearer, SiteId, _required_reader

CommentId = Annotated[int, PathParam(ge=1, le=2**31 - 1, description="The comment id.")]

REPORT_ERRORS: dict[int | str, dict[str, Any]] = {
    **WRITE_ERRORS,
    403: {
        "model": schemas.ErrorBody,
        "description": "Your own comment (own_comment), or origin not allowed.",
    },
    409: {"model": schemas.ErrorBody, "description": "Already reported by you, or not reportable."},
    429: {"model": schemas.ErrorBody, "description": "Reporting too often; see the Retry-After header."},
}


def build_moderation_router() -> APIRouter:
    """The /api/v1 routes readers use to report comments."""
    router = APIRouter(prefix="/api/v1")

    @router.post(
        "/sites/{site}/comments/{id}/reports",
        operation_id="reportComment",
        status_code=201,
        response_model=schemas.ReportReceipt,
        responses=REPORT_ERRORS,
        summary="Report a comment (Mark as spam, or Report… with a reason)",
        description=(
            "One report per reader per comment; not on your own comments; rate-limited. Weighted reports "
            "past the site's report_threshold hide the comment pending review. The author is never told "
            "who reported."
        ),
    )
    def report_comment(
        request: Request, site: SiteId, id: CommentId, body: schemas.ReportBody, credentials: Bearer
    ) -> Any:
        reader = _required_reader(request, credentials, site)
        reports = request.app.state.reports
        limits = request.app.state.rate_limits
        assert isinstance(reports, ReportService) and isinstance(limits, RateLimits)
        reports.comments.site(site)
        limits.check_report(site, reader)
        return reports.report(site, id, reader, ReportReason(body.reason), body.note)

    return router
