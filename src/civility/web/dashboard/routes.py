"""The dashboard's routes (HTML, outside the public API schema). HTTP only: rules live in the desk.

Every page needs a session; every site page needs a moderator of that site (or an admin); every POST
needs the session's CSRF token. Actions answer JSON to the keyboard script (Accept: application/json)
and redirect back to the queue for plain forms.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from civility.accounts.administration import AccountAdministration, Actor
from civility.accounts.service import SESSION_LIFETIME, Account, Session
from civility.comments.errors import Invalid, NotFound, RateLimited, Unauthorized
from civility.moderators.desk import Action, ModerationDesk
from civility.moderators.stats import site_statistics
from civility.storage.moderators import Queue, QueueOrder
from civility.storage.staff_tables import Role
from civility.web.dashboard import auth
from civility.web.dashboard.pages import STATIC, render

SiteId = Annotated[str, Path(min_length=1, max_length=64)]
CommentId = Annotated[int, Path(ge=1, le=2**31 - 1)]
STATIC_FILES = {
    "dashboard.css": "text/css",
    "dashboard.js": "application/javascript",
    "stats.js": "application/javascript",
    "chart.umd.min.js": "application/javascript",
    "chart.js-LICENSE.md": "text/plain",
}


def _desk(request: Request) -> ModerationDesk:
    desk = request.app.state.desk
    assert isinstance(desk, ModerationDesk)
    return desk


def _sites(request: Request, account: Account) -> list[tuple[str, str]]:
    sites = request.app.state.settings.sites
    return [(site, sites[site].name) for site in account.moderated_sites(sorted(sites))]


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def _text(form: FormData, name: str, default: str = "") -> str:
    value = form.get(name, default)
    return value if isinstance(value, str) else default


def _int(form: FormData, name: str) -> int | None:
    raw = _text(form, name).strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError as error:
        raise Invalid(name, f"{name}: a whole number") from error


def _safe_next(target: str | None) -> str:
    """Only a local dashboard path may be the target of the post-sign-in redirect."""
    if target and target.startswith("/dashboard") and not target.startswith("//") and "\\" not in target:
        return target
    return "/dashboard"


def _common(request: Request, session: Session, site: str | None = None) -> dict[str, Any]:
    return {
        "account": session.account,
        "csrf_token": session.csrf_token,
        "sites": _sites(request, session.account),
        "site": site,
        "site_name": request.app.state.settings.sites[site].name if site else "",
    }


def build_dashboard_router() -> APIRouter:
    """All /dashboard routes."""
    router = APIRouter(prefix="/dashboard", include_in_schema=False)

    @router.get("/static/{name}")
    def static(name: Annotated[str, Path(max_length=64)]) -> Response:
        media = STATIC_FILES.get(name)
        if media is None:
            raise NotFound("name: no such file", "name")
        return FileResponse(
            STATIC / name, media_type=media, headers={"Cache-Control": "public, max-age=3600"}
        )

    # ---- signing in --------------------------------------------------------------------------
    @router.get("/login")
    def login_form(request: Request, next: Annotated[str | None, Query(max_length=500)] = None) -> Response:
        return _login_page(request, _safe_next(next), None, "", 200)

    @router.post("/login")
    async def login(request: Request) -> Response:
        form = await request.form()
        auth.check_login_csrf(request, _text(form, "csrf_token"))
        email = _text(form, "email")[:300]
        password = _text(form, "password")[:4096]
        target = _safe_next(_text(form, "next"))
        ip = request.client.host if request.client else None
        service = auth.accounts(request)
        try:
            account = await run_in_threadpool(service.authenticate, email, password, ip)
        except (Unauthorized, RateLimited) as error:
            status = 429 if isinstance(error, RateLimited) else 401
            page = _login_page(request, target, error.message.removeprefix("email: "), email, status)
            if isinstance(error, RateLimited):
                page.headers["Retry-After"] = str(error.retry_after)
            return page
        token, _session = await run_in_threadpool(service.start_session, account)
        redirect = RedirectResponse(target, status_code=303)
        request.app.state.cookie_policy.set_session(redirect, token, int(SESSION_LIFETIME.total_seconds()))
        return redirect

    @router.post("/logout")
    async def logout(request: Request) -> Response:
        session = auth.require_session(request)
        await auth.check_csrf(request, session)
        await run_in_threadpool(auth.accounts(request).end_session, request.cookies.get(auth.SESSION_COOKIE))
        redirect = RedirectResponse("/dashboard/login", status_code=303)
        request.app.state.cookie_policy.clear_session(redirect)
        return redirect

    # ---- home and queues ---------------------------------------------------------------------
    @router.get("")
    def home(request: Request) -> Response:
        session = auth.require_session(request)
        sites = _sites(request, session.account)
        if sites:
            return RedirectResponse(f"/dashboard/sites/{quote(sites[0][0])}", status_code=303)
        if session.account.is_admin:
            return RedirectResponse("/dashboard/accounts", status_code=303)
        return render("nothing.html", 403, **_common(request, session))

    @router.get("/sites/{site}")
    def queue(
        request: Request,
        site: SiteId,
        queue: Annotated[Queue, Query()] = Queue.PENDING,
        order: Annotated[QueueOrder, Query()] = QueueOrder.NEWEST,
        thread: Annotated[str | None, Query(max_length=512)] = None,
        page: Annotated[int, Query(ge=1, le=10_000)] = 1,
        msg: Annotated[str | None, Query(max_length=300)] = None,
        by: Annotated[Literal["site_model"] | None, Query(description="only the site model's decisions")] = (
            None
        ),
    ) -> Response:
        session = auth.require_moderator(request, site)
        data = _desk(request).queue(
            site, queue, thread=thread or None, order=order, page=page, by_site_model=by is not None
        )
        link = {"queue": queue.value, "order": order.value, **({"thread": thread} if thread else {})}
        if by is not None:
            link["by"] = by
        return render(
            "queue.html",
            **_common(request, session, site),
            data=data,
            queues=list(Queue),
            query=urlencode(link),
            base_query=urlencode({k: v for k, v in link.items() if k != "queue"}),
            message=msg,
        )

    @router.post("/sites/{site}/comments/{id}")
    async def act(request: Request, site: SiteId, id: CommentId) -> Response:
        session = auth.require_moderator(request, site)
        await auth.check_csrf(request, session)
        form = await request.form()
        action = _action(_text(form, "action"))
        line = await run_in_threadpool(
            _desk(request).act,
            session.account,
            site,
            id,
            action,
            reason=_text(form, "reason")[:2000],
            days=_int(form, "days"),
        )
        return _done(request, site, line, _text(form, "back"))

    @router.post("/sites/{site}/bulk")
    async def bulk(request: Request, site: SiteId) -> Response:
        session = auth.require_moderator(request, site)
        await auth.check_csrf(request, session)
        form = await request.form()
        action = _action(_text(form, "action"))
        ids = []
        for raw in form.getlist("ids"):
            if not isinstance(raw, str) or not raw.isdigit() or len(raw) > 10:
                raise Invalid("ids", "ids: comment ids, as whole numbers")
            ids.append(int(raw))
        count = await run_in_threadpool(
            _desk(request).act_many, session.account, site, ids, action, _text(form, "reason")[:2000]
        )
        return _done(request, site, f"{count} comments: {action.value}", _text(form, "back"))

    # ---- audit, statistics, trust rules ------------------------------------------------------
    @router.get("/sites/{site}/audit")
    def audit(
        request: Request, site: SiteId, before: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None
    ) -> Response:
        session = auth.require_moderator(request, site)
        entries = _desk(request).audit(site, before_id=before)
        return render("audit.html", **_common(request, session, site), entries=entries)

    @router.get("/sites/{site}/audit.csv")
    def audit_csv(request: Request, site: SiteId) -> Response:
        auth.require_moderator(request, site)
        return PlainTextResponse(
            _desk(request).audit_csv(site),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="audit-{site}.csv"',
                "Cache-Control": "no-store",
            },
        )

    @router.get("/sites/{site}/stats")
    def stats(request: Request, site: SiteId) -> Response:
        session = auth.require_moderator(request, site)
        data = site_statistics(request.app.state.database, site, clock=_desk(request).clock)
        return render("stats.html", **_common(request, session, site), stats=data.as_json())

    @router.get("/sites/{site}/stats.json")
    def stats_json(request: Request, site: SiteId) -> Response:
        auth.require_moderator(request, site)
        data = site_statistics(request.app.state.database, site, clock=_desk(request).clock)
        return JSONResponse(data.as_json())

    @router.get("/sites/{site}/rules")
    def rules(
        request: Request, site: SiteId, msg: Annotated[str | None, Query(max_length=300)] = None
    ) -> Response:
        session = auth.require_moderator(request, site)
        current = _desk(request).rules(site)
        return render("rules.html", **_common(request, session, site), rules=current, message=msg)

    @router.post("/sites/{site}/rules")
    async def save_rules(request: Request, site: SiteId) -> Response:
        session = auth.require_moderator(request, site)
        await auth.check_csrf(request, session)
        form = await request.form()
        hold_first = _int(form, "hold_first_comments") or 0
        raw_rate = _text(form, "max_rejection_rate").strip()
        try:
            rate = float(raw_rate) / 100 if raw_rate else None
        except ValueError as error:
            raise Invalid("max_rejection_rate", "max_rejection_rate: a percentage") from error
        await run_in_threadpool(_desk(request).save_rules, session.account, site, hold_first, rate)
        return RedirectResponse(f"/dashboard/sites/{quote(site)}/rules?msg=Saved.", status_code=303)

    # ---- accounts (admins) -------------------------------------------------------------------
    @router.get("/accounts")
    def account_list(request: Request, msg: Annotated[str | None, Query(max_length=300)] = None) -> Response:
        session = auth.require_admin(request)
        return render(
            "accounts.html",
            **_common(request, session),
            accounts=auth.accounts(request).all_accounts(),
            all_sites=sorted(request.app.state.settings.sites),
            message=msg,
        )

    @router.post("/accounts")
    async def add_account(request: Request) -> Response:
        session = auth.require_admin(request)
        await auth.check_csrf(request, session)
        form = await request.form()
        role = _text(form, "role")
        site = _text(form, "site")
        if role not in ("admin", "moderator", "commenter"):
            raise Invalid("role", "role: admin, moderator or commenter")
        roles = None if role == "admin" else {site: Role(role)}
        created = await run_in_threadpool(
            AccountAdministration(auth.accounts(request)).add_user,
            Actor.of(session.account),
            _text(form, "email"),
            _text(form, "password"),
            display_name=_text(form, "display_name"),
            admin=role == "admin",
            roles=roles,
        )
        return RedirectResponse(
            f"/dashboard/accounts?msg={quote(created.email + ' saved.')}", status_code=303
        )

    @router.post("/accounts/{id}/password")
    async def reset_password(request: Request, id: CommentId) -> Response:
        session = auth.require_admin(request)
        await auth.check_csrf(request, session)
        form = await request.form()
        admin = AccountAdministration(auth.accounts(request))
        changed = await run_in_threadpool(
            admin.reset_password, Actor.of(session.account), id, _text(form, "password")
        )
        message = quote(f"Password of {changed.email} reset; its sessions are signed out.")
        return RedirectResponse(f"/dashboard/accounts?msg={message}", status_code=303)

    return router


def _login_page(request: Request, target: str, error: str | None, email: str, status: int) -> Response:
    token = auth.login_csrf_token(request)
    page = render("login.html", status, next=target, error=error, email=email, csrf_token=token)
    request.app.state.cookie_policy.set_login_csrf(page, token)
    return page


def _action(raw: str) -> Action:
    try:
        return Action(raw)
    except ValueError as error:
        choices = ", ".join(a.value for a in Action)
        raise Invalid("action", f"action: one of {choices}") from error


def _done(request: Request, site: str, line: str, back: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"message": line})
    target = (
        back
        if back.startswith(f"/dashboard/sites/{site}") and "\\" not in back
        else f"/dashboard/sites/{site}"
    )
    separator = "&" if "?" in target else "?"
    return RedirectResponse(f"{target}{separator}msg={quote(line)}", status_code=303)
