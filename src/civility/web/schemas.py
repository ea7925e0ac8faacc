"""Pydantic models of the REST API: request bodies validated here, responses documented here.

Responses of the hot read path are pre-serialised bytes (see comments.page_cache); these models
are what /openapi.json promises about them, and the tests check the promise.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from civility.comments.inputs import (
    MAX_NAME_LENGTH,
    MAX_THREAD_KEY_LENGTH,
    MAX_TITLE_LENGTH,
    MAX_URL_LENGTH,
)

MAX_TEXT_LENGTH = 100_000


class ErrorDetail(BaseModel):
    code: str = Field(description="Machine-readable reason, e.g. invalid, not_found, not_author.")
    message: str = Field(description="Human text naming the field.")
    field: str | None = Field(None, description="The input at fault, when there is one.")


class ErrorBody(BaseModel):
    error: ErrorDetail


class Thread(BaseModel):
    site: str
    key: str
    title: str
    url: str
    comment_count: int
    created_at: datetime | None
    last_comment_at: datetime | None


class Comment(BaseModel):
    id: int
    parent_id: int | None
    depth: int
    author_name: str
    html: str = Field(description="Sanitised HTML rendered from the Markdown subset.")
    created_at: datetime | None
    edited_at: datetime | None
    upvotes: int
    downvotes: int
    score: int
    reply_count: int
    deleted: bool
    pending: bool = Field(description="Waiting for moderation (only ever shown to its author).")
    in_reply_to: str | None
    replies: list[Comment]
    replies_cursor: str | None
    mine: bool
    editable_until: datetime | None
    text: str | None
    my_vote: Literal[-1, 0, 1]
    featured: bool = Field(
        description="Pinned by the moderators: listed first, on the first page of top-level comments."
    )
    rejection: str | None = Field(
        None, description="Only on the author's own comment that moderators rejected: their reason."
    )


class CommentPage(BaseModel):
    thread: Thread | None
    comments: list[Comment]
    next_cursor: str | None
    total: int


class NewCommentBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    thread: str = Field(min_length=1, max_length=MAX_THREAD_KEY_LENGTH, description="The thread key.")
    thread_title: str | None = Field(None, max_length=MAX_TITLE_LENGTH)
    thread_url: str | None = Field(
        None, max_length=MAX_URL_LENGTH, pattern=r"^https?://\S+$", description="http(s) URL of the page."
    )
    parent_id: int | None = Field(None, ge=1, le=2**31 - 1)
    author_name: str = Field(min_length=1, max_length=MAX_NAME_LENGTH, pattern=r"\S")
    text: str = Field(min_length=1, max_length=MAX_TEXT_LENGTH, pattern=r"\S")
    post_anyway: bool = Field(
        False, description="The author saw a nudge and posts anyway (then the policy's after_nudge applies)."
    )


class EditCommentBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_TEXT_LENGTH)
    post_anyway: bool = Field(False, description="Save anyway after a nudge.")


class Evidence(BaseModel):
    start: int = Field(description="First character of the evidence in the submitted text.")
    end: int = Field(description="One past its last character.")
    text: str = Field(description="The author's own words that triggered the category.")


class Reason(BaseModel):
    category: Literal["violence", "hate", "profanity", "vulgarity", "doxing", "discourtesy", "spam"]
    score: float
    action: Literal["allow", "nudge", "hold", "reject"]
    spans: list[Evidence]


class PostedComment(Comment):
    """createComment/editComment's answer when the comment was stored: the comment and the verdict."""

    decision: Literal["allow", "hold", "reject"] = Field(
        description="The moderation engine's decision (the CLI's words)."
    )
    status: Literal["published", "pending", "rejected"] = Field(
        description="published: public; pending: awaiting review, only its author sees it; "
        "rejected: kept only for the moderators' audit."
    )
    reasons: list[Reason] = Field(description="The policy categories that fired, with evidence spans.")
    message: str = Field(description="What to tell the author.")


class Nudge(BaseModel):
    """A nudge: nothing was stored. Edit the text, or send it again with post_anyway."""

    decision: Literal["nudge"]
    status: None
    reasons: list[Reason]
    message: str


class ReportBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Literal[
        "spam", "violence", "hate", "profanity", "vulgarity", "doxing", "discourtesy", "other"
    ] = Field(description="spam (Mark as spam), a category of the policy, or other (then a note).")
    note: str | None = Field(None, max_length=300, description="A few words; required for other.")


class ReportReceipt(BaseModel):
    received: bool
    message: str


class VoteBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: Literal[-1, 0, 1] = Field(description="1 up, -1 down, 0 withdraws the vote.")


class VoteResult(BaseModel):
    upvotes: int
    downvotes: int
    my_vote: Literal[-1, 0, 1]


class TrendingThread(BaseModel):
    key: str
    title: str
    url: str
    comment_count: int
    recent_comments: int
    score: float


class TrendingList(BaseModel):
    threads: list[TrendingThread]


class ReaderToken(BaseModel):
    reader_token: str


class SiteConfig(BaseModel):
    name: str
    policy_text: str
    allow_anonymous: bool
    allow_accounts: bool = Field(
        description="Readers may create commenter accounts and sign in (createAccount, signIn)."
    )
    max_comment_length: int
    max_indent_depth: int
    edit_window_seconds: int


class Health(BaseModel):
    status: Literal["ok"]
