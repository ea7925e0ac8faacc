"""What the author is told about moderation: the decision, the stored status, and the reasons.

A reason names a category of the site's policy, the action it triggers, and the evidence: character
spans of the author's own text with the words they cover, so the widget can highlight them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict, cast

from civility.comments.views import CommentView


class EvidenceView(TypedDict):
    start: int
    end: int
    text: str


class ReasonView(TypedDict):
    category: str
    score: float
    action: str
    spans: list[EvidenceView]


class PostedCommentView(CommentView):
    """A stored comment as createComment/editComment answer it: the comment plus the verdict."""

    decision: str
    status: str
    reasons: list[ReasonView]
    message: str


class NudgeView(TypedDict):
    """A nudge: nothing was stored; the author may edit, or post anyway."""

    decision: str
    status: None
    reasons: list[ReasonView]
    message: str


def reasons_of(raw: list[dict[str, Any]] | None) -> list[ReasonView]:
    """Typed reasons from the outcome's JSON-ready list."""
    return [
        {
            "category": str(item["category"]),
            "score": float(item["score"]),
            "action": str(item["action"]),
            "spans": [
                {"start": int(s["start"]), "end": int(s["end"]), "text": str(s["text"])}
                for s in item["spans"]
            ],
        }
        for item in raw or []
    ]


def describe(decision: str, reasons: list[ReasonView]) -> str:
    """One sentence for the author; it names categories and quotes only the author's own words."""
    categories = ", ".join(dict.fromkeys(reason["category"] for reason in reasons)) or "the site's policy"
    words = ", ".join(
        dict.fromkeys(f"“{span['text']}”" for reason in reasons for span in reason["spans"] if span["text"])
    )
    evidence = f" ({words})" if words else ""
    if decision == "nudge":
        return f"This may break the comment policy: {categories}{evidence}. Edit it, or post it anyway."
    if decision == "hold":
        return "Your comment is awaiting review; only you can see it until a moderator approves it."
    if decision == "reject":
        return f"Your comment was not published: it breaks the comment policy on {categories}{evidence}."
    return "Your comment was posted."


def stored_id(view: PostedCommentView | NudgeView) -> int | None:
    """The id of the stored comment, or None when the draft was only nudged."""
    value = cast(Mapping[str, object], view).get("id")
    return value if isinstance(value, int) else None
