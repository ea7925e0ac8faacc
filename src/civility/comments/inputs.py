"""What readers may send the comment service: the limits on each field, and its checks.

The limits are shared with the web layer's request schemas (`civility.web.schemas`, `civility.web.api`),
so that HTTP validation and the service's own checks agree. `NewComment` is a createComment request after
HTTP parsing; `validate_thread_key` and `validate_url` raise `Invalid` naming the field at fault.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from civility.comments.errors import Invalid

MAX_DEPTH = 50
MAX_NAME_LENGTH = 80
MAX_THREAD_KEY_LENGTH = 512
MAX_TITLE_LENGTH = 300
MAX_URL_LENGTH = 2048
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class NewComment:
    """A createComment request after HTTP parsing."""

    thread: str
    author_name: str
    text: str
    parent_id: int | None = None
    thread_title: str | None = None
    thread_url: str | None = None
    post_anyway: bool = False


def validate_thread_key(key: str) -> str:
    if not key or not key.strip():
        raise Invalid("thread", "thread: the thread key must not be empty")
    if len(key) > MAX_THREAD_KEY_LENGTH:
        raise Invalid("thread", f"thread: the thread key is longer than {MAX_THREAD_KEY_LENGTH} characters")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in key):
        raise Invalid("thread", "thread: the thread key must not contain control characters")
    return key


def validate_url(value: str | None, field_name: str) -> str:
    if value is None or value == "":
        return ""
    if len(value) > MAX_URL_LENGTH:
        raise Invalid(field_name, f"{field_name}: longer than {MAX_URL_LENGTH} characters")
    try:
        parts = urlsplit(value)
    except ValueError as error:
        raise Invalid(field_name, f"{field_name}: not a valid URL") from error
    if parts.scheme not in ("http", "https") or not parts.netloc or any(ch.isspace() for ch in value):
        raise Invalid(field_name, f"{field_name}: must be an http(s) URL")
    return value
