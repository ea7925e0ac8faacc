"""Load the demo discussion (`seed.json`) through the comment service, with realistic ages and votes.

Comments are created oldest first through `CommentService.create_comment`, each with the service's
clock set back to the comment's age, so that the seeded data obeys every rule that readers' posts do.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from importlib import resources
from typing import Any, cast

from civility.comments.inputs import NewComment
from civility.comments.reports import ReportReason, ReportService
from civility.comments.service import CommentService
from civility.comments.service_base import utc_now
from civility.comments.verdicts import PostedCommentView, stored_id
from civility.demo.site import HOME_SLUG, catalogue, thread_key
from civility.storage.repositories import CommentRepository
from civility.storage.tables import CommentStatus


@dataclass(frozen=True)
class SeedComment:
    """One comment of the seed file, with its place in the tree."""

    thread_slug: str
    author: str
    text: str
    minutes_ago: int
    upvotes: int
    downvotes: int
    path: tuple[int, ...]


@dataclass(frozen=True)
class SeedSummary:
    """What was seeded."""

    threads: int
    comments: int
    votes: int
    held: int = 0
    rejected: int = 0
    reported: int = 0


def _flatten(slug: str, items: list[dict[str, Any]], path: tuple[int, ...]) -> Iterator[SeedComment]:
    for index, item in enumerate(items):
        here = (*path, index)
        yield SeedComment(slug, item["a"], item["t"], int(item["m"]), int(item.get("u", 0)),
                          int(item.get("d", 0)), here)
        yield from _flatten(slug, item.get("r", []), here)


def seed_comments() -> list[SeedComment]:
    """Every seeded comment, oldest first (a parent is always older than its replies)."""
    raw = json.loads(resources.files("civility.demo").joinpath("seed.json").read_text(encoding="utf-8"))
    found = [c for slug, items in raw["threads"].items() for c in _flatten(slug, items, ())]
    return sorted(found, key=lambda c: (-c.minutes_ago, len(c.path)))


def _fixed(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


def _reader(name: str) -> str:
    return "demo-" + hashlib.sha256(name.encode()).hexdigest()[:16]


def seed_demo(
    service: CommentService, site: str, article_base_url: str, now: datetime | None = None
) -> SeedSummary:
    """Create the demo threads, comments and votes on `site`; article URLs start at `article_base_url`."""
    moment = now or utc_now()
    _, articles = catalogue()
    ids: dict[tuple[str, tuple[int, ...]], int] = {}
    caught: list[str] = []  # statuses of seeded comments the site's policy did not publish
    votes = 0
    for item in seed_comments():
        if len(item.path) > 1 and (item.thread_slug, item.path[:-1]) not in ids:
            continue  # its parent was not published: replies to it cannot be posted
        written_at = moment - timedelta(minutes=item.minutes_ago)
        at_time = replace(service, clock=_fixed(written_at))
        parent = ids.get((item.thread_slug, item.path[:-1])) if len(item.path) > 1 else None
        view = at_time.create_comment(
            site,
            NewComment(
                thread=thread_key(item.thread_slug),
                author_name=item.author,
                text=item.text,
                parent_id=parent,
                thread_title=articles[item.thread_slug].title,
                thread_url=article_base_url.rstrip("/") + "/" + item.thread_slug,
            ),
            reader_id=_reader(item.author),
        )
        comment_id = stored_id(view)
        if comment_id is None:  # nudged by the site's policy, and a seed never posts anyway
            caught.append("nudged")
            continue
        status = cast(PostedCommentView, view)["status"]
        if status != CommentStatus.PUBLISHED.value:  # held or rejected: no votes, no replies
            caught.append(status)
            continue
        ids[(item.thread_slug, item.path)] = comment_id
        for value, count in ((1, item.upvotes), (-1, item.downvotes)):
            for n in range(count):
                service.vote(site, comment_id, value, f"demo-voter-{value}-{n}")
                votes += 1
    examples = caught + seed_moderation_examples(service, site, thread_key(HOME_SLUG))
    return SeedSummary(
        threads=len({slug for slug, _ in ids}),
        comments=len(ids),
        votes=votes,
        held=examples.count(CommentStatus.PENDING.value),
        rejected=examples.count(CommentStatus.REJECTED.value),
        reported=examples.count(CommentStatus.REPORTED.value),
    )


# Posts that the site's policy catches, for a moderator to find in the queues of the demo.
HELD_EXAMPLES = (
    ("Pat Doyle", "Call me at 0161 496 0123 if you want the truth: the councillor lives at 12 Oak Street, "
     "go and ask him yourself."),
)
NUDGED_EXAMPLES = (("Vic Marsh", "You are an idiot, and everyone here can see it."),)
REJECTED_EXAMPLES = (
    ("Quick Cash", "EARN $500 A DAY working from home!!! Visit www.cash-now.xyz or bit.ly/cash3 and DM me "
     "for bitcoin investment plan, guaranteed profit, call now +1 555 010 0100"),
)
REPORTED_EXAMPLE = (
    "Dana Frost",
    "Everyone who disagrees with me on this should just stop reading the news altogether, honestly.",
)
REPORTERS = 5


def seed_moderation_examples(service: CommentService, site: str, key: str) -> list[str]:
    """Held, rejected and reported comments on thread `key`, all through the real rules; their statuses."""
    statuses: list[str] = []

    def write(name: str, text: str, anyway: bool = False) -> PostedCommentView | None:
        view = service.create_comment(
            site, NewComment(thread=key, author_name=name, text=text, post_anyway=anyway), _reader(name)
        )
        if stored_id(view) is None:
            return None
        posted = cast(PostedCommentView, view)
        statuses.append(posted["status"])
        return posted

    for name, text in HELD_EXAMPLES + REJECTED_EXAMPLES:
        write(name, text)
    for name, text in NUDGED_EXAMPLES:
        write(name, text, anyway=True)
    reported = write(*REPORTED_EXAMPLE)
    if reported is not None and reported["status"] == CommentStatus.PUBLISHED.value:
        reports = ReportService(service)
        for n in range(REPORTERS):
            reports.report(site, reported["id"], f"demo-reporter-{n}", ReportReason.DISCOURTESY)
        with service.database.read() as connection:
            record = CommentRepository(connection).get(reported["id"])
        statuses[-1] = record.status.value if record is not None else statuses[-1]
    return statuses
