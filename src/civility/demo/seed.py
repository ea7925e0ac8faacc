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
from typing import Any

from civility.comments.service import CommentService, NewComment, utc_now
from civility.comments.verdicts import stored_id
from civility.demo.site import catalogue, thread_key


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
    votes = 0
    for item in seed_comments():
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
            continue
        ids[(item.thread_slug, item.path)] = comment_id
        for value, count in ((1, item.upvotes), (-1, item.downvotes)):
            for n in range(count):
                service.vote(site, comment_id, value, f"demo-voter-{value}-{n}")
                votes += 1
    return SeedSummary(threads=len({slug for slug, _ in ids}), comments=len(ids), votes=votes)
