"""Building a page of comments (with nested first replies) from one page query's rows."""

from __future__ import annotations

import copy
import gzip
import json
from collections import defaultdict

from civility.comments.cursors import Cursor
from civility.comments.page_cache import CachedPage, etag_of
from civility.comments.views import CommentPageView, CommentView, ThreadView, comment_view, make_mine
from civility.storage.records import CommentRecord, Keyset, PersonalState, SortOrder


def _sort_key(sort: SortOrder, record: CommentRecord) -> tuple[int, int]:
    if sort is SortOrder.NEWEST:
        return (-record.id, 0)
    if sort is SortOrder.OLDEST:
        return (record.id, 0)
    return (-record.score, -record.id)


def _replies_cursor(view: CommentView) -> str | None:
    shown = view["replies"]
    if view["reply_count"] <= len(shown):
        return None
    # Reply pages leave featured replies out (they are listed first here), so resume after the last
    # ordinary reply shown.
    ordinary = [reply["id"] for reply in shown if not reply["featured"]]
    after = ordinary[-1] if ordinary else 0
    return Cursor(Keyset(SortOrder.OLDEST, after), view["id"]).encode()


def build_page(
    records: list[CommentRecord],
    *,
    thread: ThreadView | None,
    parent_id: int | None,
    sort: SortOrder,
    limit: int,
    total: int,
    featured_ids: frozenset[int] | set[int] = frozenset(),
) -> CommentPageView:
    """Order the page, nest replies under their parents, and compute the cursors.

    Replies in `featured_ids` are marked `featured` and listed first among their siblings.
    """
    level0 = sorted((r for r in records if r.level == 0), key=lambda r: _sort_key(sort, r))
    has_more = len(level0) > limit
    level0 = level0[:limit]
    children: defaultdict[int, list[CommentRecord]] = defaultdict(list)
    for record in records:
        if record.level > 0 and record.parent_id is not None:
            children[record.parent_id].append(record)

    def nest(record: CommentRecord, in_reply_to: str | None) -> CommentView:
        view = comment_view(record, in_reply_to)
        parent_name = view["author_name"] or None
        kids = sorted(children.get(record.id, ()), key=lambda r: (r.id not in featured_ids, r.id))
        view["replies"] = [nest(kid, parent_name) for kid in kids]
        for reply in view["replies"]:
            reply["featured"] = reply["id"] in featured_ids
        view["replies_cursor"] = _replies_cursor(view)
        return view

    views = [nest(record, record.parent_author or None) for record in level0]
    next_cursor = None
    if has_more and level0:
        last = level0[-1]
        score = last.score if sort is SortOrder.TOP else None
        next_cursor = Cursor(Keyset(sort, last.id, score), parent_id).encode()
    return {"thread": thread, "comments": views, "next_cursor": next_cursor, "total": total}


def put_featured_first(
    view: CommentPageView,
    featured: list[CommentRecord],
    sort: SortOrder,
    featured_ids: frozenset[int] | set[int] = frozenset(),
) -> None:
    """Put the featured comments of this page's parent (marked `featured`) above its first page.

    Pages never contain featured comments (the page query leaves them out), so the keyset
    cursors stay those of the ordinary comments and nothing is listed twice.
    """
    block = build_page(
        featured,
        thread=None,
        parent_id=None,
        sort=sort,
        limit=len(featured),
        total=0,
        featured_ids=featured_ids,
    )
    for comment in block["comments"]:
        comment["featured"] = True
    view["comments"][:0] = block["comments"]


def walk(views: list[CommentView]) -> list[CommentView]:
    """Every comment of a page, depth first."""
    found: list[CommentView] = []
    stack = list(reversed(views))
    while stack:
        view = stack.pop()
        found.append(view)
        stack.extend(reversed(view["replies"]))
    return found


def serialise(view: CommentPageView) -> bytes:
    return json.dumps(view, separators=(",", ":"), ensure_ascii=False).encode()


def cache_entry(thread_id: int, version: int, view: CommentPageView) -> CachedPage:
    """Serialise a public page once (plain and gzipped) for every later read of this version."""
    body = serialise(view)
    ids = tuple(c["id"] for c in walk(view["comments"]))
    return CachedPage(
        thread_id=thread_id,
        version=version,
        body=body,
        gzipped=gzip.compress(body, compresslevel=6, mtime=0),
        etag=etag_of(body),
        comment_ids=ids,
        view=view,
    )


def personalise(
    page: CachedPage,
    states: list[PersonalState],
    pending: list[CommentView],
    edit_window_seconds: int,
    first_page: bool,
) -> tuple[bytes, str]:
    """Overlay one reader's own fields (and own pending comments) on a copy of the public page."""
    if not states and not pending:
        return page.body, page.etag
    view = copy.deepcopy(page.view)
    by_id = {c["id"]: c for c in walk(view["comments"])}
    for state in states:
        target = by_id.get(state.comment_id)
        if target is None:
            continue
        target["my_vote"] = state.my_vote
        if state.mine and state.text is not None and state.created_at is not None:
            make_mine(target, state.text, state.created_at, edit_window_seconds)
    for own in pending:
        parent = by_id.get(own["parent_id"]) if own["parent_id"] is not None else None
        if parent is not None:
            parent["replies"].append(own)
        elif own["parent_id"] is None and first_page:
            view["comments"].insert(0, own)
    body = serialise(view)
    return body, etag_of(body)
