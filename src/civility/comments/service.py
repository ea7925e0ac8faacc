"""The comment section's rules: posting, replying, editing, deleting, voting, listing, trending.

No HTTP and no SQL strings here: the web layer calls `CommentService`'s methods, which use the storage
repositories inside one transaction each. `create_comment` and `edit_comment` pass every draft
through `moderate` (a hook that a moderation phase wraps), which decides the comment's status.

The service is assembled from these modules of `civility.comments`:

- `service_base`: `CommentServiceBase`, the service's fields, `site`, `hash_ip`; `utc_now`, the default clock;
- `comment_reads`: `CommentReads`, a thread, pages of comments, trending; `PageQuery`, `PageResponse`;
- `comment_writes`: `CommentWrites`, posting, editing, deleting, voting, status changes;
- `moderation_hook`: `CommentDraft`, `ModerationOutcome`, `ModerationHook` and the verdict views;
- `inputs`: the limits on what readers send, `NewComment`, and the thread key and URL checks.

Every name other code imported from this module before the split is still importable from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from civility.comments.comment_reads import EMPTY_PAGE, CommentReads, PageQuery, PageResponse
from civility.comments.comment_writes import CommentWrites
from civility.comments.inputs import (
    MAX_DEPTH,
    MAX_NAME_LENGTH,
    MAX_PAGE_SIZE,
    MAX_THREAD_KEY_LENGTH,
    MAX_TITLE_LENGTH,
    MAX_URL_LENGTH,
    NewComment,
    validate_thread_key,
    validate_url,
)
from civility.comments.moderation_hook import (
    CommentDraft,
    ModerationHook,
    ModerationOutcome,
    nudge_view,
    posted_view,
    publish_everything,
)
from civility.comments.service_base import utc_now

__all__ = [
    "EMPTY_PAGE",
    "MAX_DEPTH",
    "MAX_NAME_LENGTH",
    "MAX_PAGE_SIZE",
    "MAX_THREAD_KEY_LENGTH",
    "MAX_TITLE_LENGTH",
    "MAX_URL_LENGTH",
    "CommentDraft",
    "CommentService",
    "ModerationHook",
    "ModerationOutcome",
    "NewComment",
    "PageQuery",
    "PageResponse",
    "nudge_view",
    "posted_view",
    "publish_everything",
    "utc_now",
    "validate_thread_key",
    "validate_url",
]


@dataclass
class CommentService(CommentReads, CommentWrites):
    """The domain service behind the REST API (one per app, shared by its worker threads)."""
