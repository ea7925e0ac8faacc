"""The contract between the comment service and moderation: a draft in, an outcome out.

`CommentService` passes every new or edited comment, as a `CommentDraft`, through its `moderate` hook (a
`ModerationHook`; `civility.comments.policy_enforcement` provides the real one) and stores the comment with
the `ModerationOutcome`'s status and evidence. `publish_everything` is the hook used until the moderation
pipeline is wired in; `nudge_view` and `posted_view` turn an outcome into the answer the author sees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from civility.comments.verdicts import NudgeView, PostedCommentView, describe, reasons_of
from civility.comments.views import CommentView
from civility.storage.tables import CommentStatus


@dataclass(frozen=True)
class CommentDraft:
    """What a reader submitted, as the moderation hook sees it."""

    site: str
    thread_key: str
    parent_id: int | None
    author_name: str
    text: str
    reader_id: str
    author_ip_hash: str | None
    post_anyway: bool = False
    """The author saw a nudge and posts anyway (the policy's `after_nudge` action then applies)."""


@dataclass(frozen=True)
class ModerationOutcome:
    """What moderation decided for a draft: the status, and the evidence kept with the comment.

    `stored` is False for a nudge: nothing is written, and the author is shown `reasons`.
    `signature` (MinHash of the text) is kept with the comment for the near-duplicate rule.
    """

    status: CommentStatus
    decision: str | None = None
    scores: dict[str, float] | None = None
    spans: list[dict[str, Any]] | None = None
    reasons: list[dict[str, Any]] | None = None
    signature: tuple[int, ...] | None = None
    stored: bool = True
    # Moderators only: why the site's model changed the engine's decision (stored with the comment).
    note: dict[str, Any] | None = None


ModerationHook = Callable[[CommentDraft], ModerationOutcome]


def publish_everything(_draft: CommentDraft) -> ModerationOutcome:
    """The default hook until the moderation pipeline is wired in: publish as written."""
    return ModerationOutcome(status=CommentStatus.PUBLISHED)


def nudge_view(outcome: ModerationOutcome) -> NudgeView:
    """The answer to a nudged draft: nothing stored, the reasons to show the author."""
    reasons = reasons_of(outcome.reasons)
    return {"decision": "nudge", "status": None, "reasons": reasons, "message": describe("nudge", reasons)}


def posted_view(view: CommentView, outcome: ModerationOutcome) -> PostedCommentView:
    """A stored comment's view with the verdict: decision, status and reasons with evidence."""
    decision = outcome.decision or ("allow" if outcome.status is CommentStatus.PUBLISHED else "hold")
    reasons = reasons_of(outcome.reasons)
    return {
        **view,
        "decision": decision,
        "status": outcome.status.value,
        "reasons": reasons,
        "message": describe(decision, reasons),
    }
