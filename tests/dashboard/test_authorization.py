"""Every route of the app, taken from its own route table, asked by each role, answers the expected status.

A route added without an entry in ACCESS fails `test_every_route_has_an_access_rule`, so no new route
can be forgotten. Roles: anonymous, a commenter, a moderator of another site, a moderator of the site,
and an admin. Dashboard sessions give no power over the public API (same answer for every role), and
nothing moderators see (scores, reports, e-mails, IP hashes) reaches readers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from civility_fixtures import API, SITE
from dashboard_support import SignedIn, login_csrf, sign_in_directly
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Route

from civility.comments.moderation_hook import CommentDraft, ModerationOutcome
from civility.moderators.trust import TrustGate
from civility.storage.staff_tables import Role
from civility.storage.tables import CommentStatus

ROLES = ("anonymous", "commenter", "other_moderator", "moderator", "admin")
# Per role: the expected status. "API" routes are reader-token routes: the same status for every role.
MODERATOR_PAGE = {"anonymous": 303, "commenter": 403, "other_moderator": 403, "moderator": 200, "admin": 200}
MODERATOR_POST = {**MODERATOR_PAGE, "anonymous": 401, "moderator": 303, "admin": 303}
ADMIN_PAGE = {"anonymous": 303, "commenter": 403, "other_moderator": 403, "moderator": 403, "admin": 200}
ADMIN_POST = {**ADMIN_PAGE, "anonymous": 401, "admin": 303}
PUBLIC = dict.fromkeys(ROLES, 200)
SAME_FOR_ALL = "same for every role"

ACCESS: dict[tuple[str, str], dict[str, int] | str] = {
    ("GET", "/openapi.json"): PUBLIC,
    ("GET", "/docs"): PUBLIC,
    ("GET", "/docs/oauth2-redirect"): PUBLIC,
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/embed.js"): PUBLIC,
    ("GET", "/dashboard/static/{name}"): PUBLIC,
    ("GET", "/dashboard/login"): PUBLIC,
    ("POST", "/dashboard/login"): dict.fromkeys(ROLES, 401),  # a wrong password, whoever asks
    ("POST", "/dashboard/logout"): {
        "anonymous": 401,
        "commenter": 303,
        "other_moderator": 303,
        "moderator": 303,
        "admin": 303,
    },
    ("GET", "/dashboard"): {
        "anonymous": 303,
        "commenter": 403,
        "other_moderator": 303,
        "moderator": 303,
        "admin": 303,
    },
    ("GET", "/dashboard/sites/{site}"): MODERATOR_PAGE,
    ("POST", "/dashboard/sites/{site}/comments/{id}"): MODERATOR_POST,
    ("POST", "/dashboard/sites/{site}/bulk"): MODERATOR_POST,
    ("GET", "/dashboard/sites/{site}/audit"): MODERATOR_PAGE,
    ("GET", "/dashboard/sites/{site}/audit.csv"): MODERATOR_PAGE,
    ("GET", "/dashboard/sites/{site}/stats"): MODERATOR_PAGE,
    ("GET", "/dashboard/sites/{site}/stats.json"): MODERATOR_PAGE,
    ("GET", "/dashboard/sites/{site}/rules"): MODERATOR_PAGE,
    ("POST", "/dashboard/sites/{site}/rules"): MODERATOR_POST,
    ("GET", "/dashboard/accounts"): ADMIN_PAGE,
    ("POST", "/dashboard/accounts"): ADMIN_POST,
    ("POST", "/dashboard/accounts/{id}/password"): ADMIN_POST,
}
API_PREFIX = "/api/v1/"


def app_routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path template) of every route the app serves, from its own route table."""
    found = []
    for route in app.routes:
        # FastAPI keeps included routers as one entry each; their effective routes carry the full paths.
        contexts = getattr(route, "effective_route_contexts", None)
        entries = contexts() if callable(contexts) else [route]
        for entry in entries:
            if isinstance(entry, APIRoute | Route) or hasattr(entry, "path_format"):
                for method in sorted(entry.methods or ()):
                    if method != "HEAD":
                        found.append((method, entry.path))
    assert len(found) > 20, "the route table was not read"
    return found


def test_every_route_has_an_access_rule(app: FastAPI) -> None:
    missing = [
        route for route in app_routes(app) if route not in ACCESS and not route[1].startswith(API_PREFIX)
    ]
    assert missing == [], f"add these routes to ACCESS with the status each role gets: {missing}"
    stale = [route for route in ACCESS if route not in app_routes(app)]
    assert stale == []


@dataclass
class World:
    """The seeded site: a held comment with reports and an IP, the signed-in roles, a victim account."""

    comment_id: int
    victim_id: int
    clients: dict[str, SignedIn | None]
    anonymous: TestClient
    reader_headers: dict[str, str]


@pytest.fixture
def world(app: FastAPI, client: TestClient, reader: Callable[[], dict[str, str]]) -> Iterator[World]:
    author = reader()
    body = {"thread": "t", "author_name": "Held Author", "text": "Hello there, a plain comment."}
    created = client.post(f"{API}/comments", json=body, headers=author)
    assert created.status_code == 201, created.text
    comment_id = created.json()["id"]
    clients: dict[str, SignedIn | None] = {
        "anonymous": None,
        "commenter": sign_in_directly(app, "commenter@example.org", roles={SITE: Role.COMMENTER}),
        "other_moderator": sign_in_directly(app, "other-mod@example.org", roles={"other": Role.MODERATOR}),
        "moderator": sign_in_directly(app, "mod@example.org", roles={SITE: Role.MODERATOR}),
        "admin": sign_in_directly(app, "admin@example.org", admin=True),
    }
    victim = app.state.accounts.add_user(
        "victim@example.org", "a long enough password", roles={SITE: Role.COMMENTER}
    )
    with TestClient(app) as anonymous:
        yield World(comment_id, victim.id, clients, anonymous, author)
    for signed in clients.values():
        if signed is not None:
            signed.client.close()


def _request(world: World, role: str, method: str, template: str) -> int:
    signed = world.clients[role]
    client = signed.client if signed is not None else world.anonymous
    csrf = signed.csrf if signed is not None else ""
    path = template.replace("{site}", SITE).replace("{name}", "dashboard.css")
    path = path.replace("{id}", str(world.victim_id if "/accounts/" in template else world.comment_id))
    if path.startswith(API_PREFIX):
        path += "?thread=t"
    if method == "GET":
        return client.get(path, follow_redirects=False).status_code
    form: dict[str, str | list[str]] = {"csrf_token": csrf}
    if template == "/dashboard/login":
        form = {
            "csrf_token": login_csrf(client),
            "email": f"{role}@nowhere.example",
            "password": "wrong password",
        }
    elif template.endswith("/comments/{id}"):
        form |= {"action": "approve"}
    elif template.endswith("/bulk"):
        form |= {"action": "approve", "ids": [str(world.comment_id)]}
    elif template.endswith("/rules"):
        form |= {"hold_first_comments": "0"}
    elif template == "/dashboard/accounts":
        form |= {
            "email": f"new-{role}@example.org",
            "password": "another long password",
            "role": "moderator",
            "site": SITE,
        }
    elif template.endswith("/password"):
        form |= {"password": "a brand new password"}
    if method == "POST" and not path.startswith(API_PREFIX):
        return client.post(path, data=form, follow_redirects=False).status_code
    return client.request(method, path, json={}, follow_redirects=False).status_code


def test_each_role_gets_the_expected_status_on_every_route(app: FastAPI, world: World) -> None:
    routes = sorted(app_routes(app), key=lambda r: r[1] == "/dashboard/logout")  # signing out last
    wrong = []
    for role in ROLES:
        for method, template in routes:
            status = _request(world, role, method, template)
            expected = ACCESS.get((method, template), SAME_FOR_ALL)
            if isinstance(expected, dict) and status != expected[role]:
                wrong.append(f"{role} {method} {template}: {status}, expected {expected[role]}")
            assert status < 500, f"{role} {method} {template} answered {status}"
    assert wrong == []


def test_a_dashboard_session_gives_no_power_over_the_reader_api(app: FastAPI, world: World) -> None:
    api_routes = [(m, t) for m, t in app_routes(app) if t.startswith(API_PREFIX) and m != "POST"]
    api_routes += [
        (m, t) for m, t in app_routes(app) if t.startswith(API_PREFIX) and m == "POST" and "readers" not in t
    ]
    for method, template in api_routes:
        statuses = {role: _request(world, role, method, template) for role in ROLES}
        assert len(set(statuses.values())) == 1, f"{method} {template}: {statuses}"


def hold_as_doxing(draft: CommentDraft) -> ModerationOutcome:
    """A stand-in for the engine: holds the draft as doxing, with scores and evidence spans."""
    start = draft.text.find("0161")
    return ModerationOutcome(
        status=CommentStatus.PENDING,
        decision="hold",
        scores={"doxing": 0.93, "spam": 0.02},
        spans=[{"start": start, "end": start + 13, "category": "doxing"}],
    )


def test_nothing_moderators_see_reaches_readers(app: FastAPI, world: World) -> None:
    moderator = world.clients["moderator"]
    assert moderator is not None
    stranger = world.anonymous.post(f"{API}/readers").json()["reader_token"]
    app.state.comments.moderate = TrustGate(hold_as_doxing, app.state.database)
    flagged = {
        "thread": "t",
        "author_name": "Loud",
        "text": "call me at 0161 496 0123, he lives at 12 Oak Street",
    }
    posted = world.anonymous.post(f"{API}/comments", json=flagged, headers=world.reader_headers)
    assert posted.status_code == 201, posted.text
    report = world.anonymous.post(
        f"{API}/comments/{world.comment_id}/reports",
        json={"reason": "spam"},
        headers={"Authorization": f"Bearer {stranger}"},
    )
    assert report.status_code in (200, 201), report.text
    queue = moderator.client.get(f"/dashboard/sites/{SITE}?queue=all")
    assert "0161 496 0123" in queue.text and "doxing" in queue.text  # the moderator sees it all
    service = app.state.comments
    ip_hash = service.hash_ip("testclient")
    readers = [
        world.anonymous.get(f"{API}/comments?thread=t"),
        world.anonymous.get(f"{API}/comments?thread=t", headers={"Authorization": f"Bearer {stranger}"}),
        world.anonymous.get(f"{API}/thread?thread=t"),
        world.anonymous.get(f"{API}/config"),
        world.anonymous.get(f"{API}/trending"),
    ]
    for answer in readers:
        assert answer.status_code == 200
        body = answer.text
        for secret in ("@example.org", "moderation_scores", "author_ip_hash", "0161 496 0123", "reader_id"):
            assert secret not in body, f"{answer.url}: {secret!r} reached a reader"
        assert ip_hash is None or ip_hash not in body
        assert not re.search(r'"(scores|reports|weight|email)"', body)
