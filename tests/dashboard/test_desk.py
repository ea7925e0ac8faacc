"""The moderators' desk through the dashboard routes: decisions, sanctions, trust rules, audit, CSRF."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from civility_fixtures import API, SITE
from dashboard_support import SignedIn, sign_in_directly
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from civility.comments.moderation_hook import CommentDraft, ModerationOutcome
from civility.moderators.trust import TrustGate
from civility.storage.database import Database
from civility.storage.staff_tables import Role, decision_labels
from civility.storage.tables import CommentStatus

Reader = Callable[[], dict[str, str]]


def hold_everything(draft: CommentDraft) -> ModerationOutcome:
    """A stand-in for the engine that holds every draft, with the scores it would store."""
    return ModerationOutcome(status=CommentStatus.PENDING, decision="hold", scores={"discourtesy": 0.7})


@pytest.fixture
def moderator(app: FastAPI) -> SignedIn:
    return sign_in_directly(app, "mod@example.org", roles={SITE: Role.MODERATOR})


def post(client: TestClient, author: dict[str, str], text: str, thread: str = "t") -> dict[str, object]:
    response = client.post(
        f"{API}/comments", json={"thread": thread, "author_name": "Ann", "text": text}, headers=author
    )
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


def act(moderator: SignedIn, comment_id: object, action: str, **form: str) -> dict[str, str]:
    response = moderator.client.post(
        f"/dashboard/sites/{SITE}/comments/{comment_id}",
        data={"action": action, **form},
        headers={"X-CSRF-Token": moderator.csrf, "Accept": "application/json"},
    )
    assert response.status_code == 200, response.text
    result: dict[str, str] = response.json()
    return result


def own_listing(client: TestClient, author: dict[str, str] | None = None) -> list[dict[str, object]]:
    response = client.get(f"{API}/comments?thread=t", headers=author or {})
    assert response.status_code == 200
    comments: list[dict[str, object]] = response.json()["comments"]
    return comments


def test_a_rejected_held_comment_shows_its_author_the_reason_and_no_one_else(
    app: FastAPI, client: TestClient, reader: Reader, moderator: SignedIn
) -> None:
    app.state.comments.moderate = TrustGate(hold_everything, app.state.database)
    author = reader()
    held = post(client, author, "You lot never read the article.")
    assert held["status"] == "pending"
    act(moderator, held["id"], "reject", reason="Personal attack on other readers")
    mine = own_listing(client, author)
    assert [(c["id"], c.get("rejection"), c["pending"]) for c in mine] == [
        (held["id"], "Personal attack on other readers", False)
    ]
    assert own_listing(client) == [] and own_listing(client, reader()) == []


def test_an_approved_held_comment_is_published(
    app: FastAPI, client: TestClient, reader: Reader, moderator: SignedIn
) -> None:
    app.state.comments.moderate = TrustGate(hold_everything, app.state.database)
    held = post(client, reader(), "A fair point about the budget.")
    assert own_listing(client) == []
    act(moderator, held["id"], "approve")
    assert [c["id"] for c in own_listing(client)] == [held["id"]]


def test_a_banned_author_is_refused_with_a_message_and_a_lifted_ban_lets_them_post(
    client: TestClient, reader: Reader, moderator: SignedIn
) -> None:
    author = reader()
    first = post(client, author, "First!")
    assert act(moderator, first["id"], "ban", reason="Abuse")["message"] == "Ann is banned."
    refused = client.post(
        f"{API}/comments", json={"thread": "t", "author_name": "Ann", "text": "again"}, headers=author
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "banned" and "banned" in refused.json()["error"]["message"]
    assert post(client, reader(), "Another reader is unaffected.")["status"] == "published"
    act(moderator, first["id"], "lift")
    assert post(client, author, "Back, and polite.")["status"] == "published"


def test_a_suspended_author_is_told_until_when(
    client: TestClient, reader: Reader, moderator: SignedIn
) -> None:
    author = reader()
    first = post(client, author, "Hello")
    act(moderator, first["id"], "suspend", days="3")
    refused = client.post(
        f"{API}/comments", json={"thread": "t", "author_name": "Ann", "text": "x"}, headers=author
    )
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "suspended"
    assert "until" in refused.json()["error"]["message"]


def test_suspending_needs_a_number_of_days(client: TestClient, reader: Reader, moderator: SignedIn) -> None:
    first = post(client, reader(), "Hello")
    response = moderator.client.post(
        f"/dashboard/sites/{SITE}/comments/{first['id']}",
        data={"action": "suspend", "days": "0"},
        headers={"X-CSRF-Token": moderator.csrf, "Accept": "application/json"},
    )
    assert response.status_code == 422 and response.json()["error"]["field"] == "days"


def test_an_always_premoderated_author_waits_for_review(
    client: TestClient, reader: Reader, moderator: SignedIn
) -> None:
    author = reader()
    first = post(client, author, "Hello")
    act(moderator, first["id"], "premoderate")
    assert post(client, author, "Hello again")["status"] == "pending"


def test_trust_rules_hold_a_new_commenters_first_comments(
    client: TestClient, reader: Reader, moderator: SignedIn
) -> None:
    saved = moderator.client.post(
        f"/dashboard/sites/{SITE}/rules",
        data={"csrf_token": moderator.csrf, "hold_first_comments": "2", "max_rejection_rate": ""},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    author = reader()
    statuses = [post(client, author, f"Comment number {n}")["status"] for n in range(3)]
    assert statuses == ["pending", "pending", "published"]


def test_trust_rules_hold_authors_who_are_often_rejected(
    client: TestClient, reader: Reader, moderator: SignedIn
) -> None:
    moderator.client.post(
        f"/dashboard/sites/{SITE}/rules",
        data={"csrf_token": moderator.csrf, "hold_first_comments": "0", "max_rejection_rate": "50"},
    )
    author = reader()
    ids = [post(client, author, f"Comment {n}")["id"] for n in range(3)]
    act(moderator, ids[0], "reject", reason="Off topic")
    assert post(client, author, "One rejection in three is below half")["status"] == "published"
    act(moderator, ids[1], "reject", reason="Off topic")
    assert post(client, author, "Now half were rejected")["status"] == "pending"


def test_every_decision_is_audited_and_exported_as_csv(
    client: TestClient, reader: Reader, moderator: SignedIn
) -> None:
    author = reader()
    first = post(client, author, "Buy cheap watches")
    act(moderator, first["id"], "spam")
    act(moderator, first["id"], "ban", reason="Spammer")
    page = moderator.client.get(f"/dashboard/sites/{SITE}/audit")
    assert page.status_code == 200 and "mod@example.org" in page.text
    export = moderator.client.get(f"/dashboard/sites/{SITE}/audit.csv")
    assert export.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(export.text)))
    assert [(r["moderator"], r["action"], r["reason"]) for r in rows] == [
        ("mod@example.org", "ban", "Spammer"),
        ("mod@example.org", "spam", "Spam."),
    ]
    assert '"published"' in rows[1]["before"] and '"rejected"' in rows[1]["after"]


def test_a_decision_is_stored_as_a_label_next_to_the_engines_scores(
    app: FastAPI, client: TestClient, reader: Reader, moderator: SignedIn, database: Database
) -> None:
    app.state.comments.moderate = TrustGate(hold_everything, app.state.database)
    held = post(client, reader(), "You never read anything.")
    act(moderator, held["id"], "reject", reason="Rude")
    with database.read() as connection:
        rows = connection.execute(
            select(decision_labels.c.comment_id, decision_labels.c.label, decision_labels.c.scores)
        ).all()
    assert [(r[0], r[1], r[2]) for r in rows] == [(held["id"], "rejected", {"discourtesy": 0.7})]


def test_bulk_actions_decide_a_selection(
    app: FastAPI, client: TestClient, reader: Reader, moderator: SignedIn
) -> None:
    app.state.comments.moderate = TrustGate(hold_everything, app.state.database)
    ids = [post(client, reader(), f"Held comment {n}")["id"] for n in range(3)]
    response = moderator.client.post(
        f"/dashboard/sites/{SITE}/bulk",
        data={"csrf_token": moderator.csrf, "action": "approve", "ids": [str(i) for i in ids[:2]]},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert sorted(c["id"] for c in own_listing(client)) == sorted(ids[:2])
    queue = moderator.client.get(f"/dashboard/sites/{SITE}?queue=pending")
    assert f'id="c{ids[2]}"' in queue.text and f'id="c{ids[0]}"' not in queue.text


@pytest.mark.parametrize("token", [None, "forged-token"], ids=["missing", "wrong"])
def test_a_dashboard_post_without_the_sessions_csrf_token_is_refused(
    app: FastAPI, client: TestClient, reader: Reader, moderator: SignedIn, token: str | None
) -> None:
    app.state.comments.moderate = TrustGate(hold_everything, app.state.database)
    held = post(client, reader(), "Waiting for review")
    form = {"action": "approve"} | ({"csrf_token": token} if token else {})
    response = moderator.client.post(f"/dashboard/sites/{SITE}/comments/{held['id']}", data=form)
    assert response.status_code == 403 and response.json()["error"]["code"] == "csrf"
    assert own_listing(client) == []  # still held


def test_statistics_count_comments_by_status_and_decisions(
    app: FastAPI, client: TestClient, reader: Reader, moderator: SignedIn
) -> None:
    post(client, reader(), "Published right away")
    app.state.comments.moderate = TrustGate(hold_everything, app.state.database)
    held = post(client, reader(), "Held for review")
    act(moderator, held["id"], "reject", reason="No")
    stats = moderator.client.get(f"/dashboard/sites/{SITE}/stats.json").json()
    assert stats["totals"]["comments"] == 2 and stats["totals"]["decisions"] == 1
    assert sum(stats["by_status"]["published"]) == 1 and sum(stats["by_status"]["rejected"]) == 1
    assert sum(stats["by_category"]["discourtesy"]) == 1
    page = moderator.client.get(f"/dashboard/sites/{SITE}/stats")
    assert page.status_code == 200 and "/dashboard/static/chart.umd.min.js" in page.text
    assert moderator.client.get("/dashboard/static/chart.umd.min.js").status_code == 200
