"""The domain's one error hierarchy; `civility.web.errors` maps it to HTTP in one place."""

from __future__ import annotations


class DomainError(Exception):
    """A request the domain refuses, with a stable machine code and a human message."""

    code = "error"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    """The site, thread or comment does not exist (or is not visible to this reader)."""

    code = "not_found"


class Invalid(DomainError):
    """The input breaks a rule; `field` names the offending input."""

    code = "invalid"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field)


class Unauthorized(DomainError):
    """The request needs a (valid) reader token."""

    code = "unauthorized"


class Forbidden(DomainError):
    """The reader may not do this (not the author, window closed, origin not allowed)."""

    code = "forbidden"

    def __init__(self, message: str, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message, field)
        if code is not None:
            self.code = code


class Conflict(DomainError):
    """The request clashes with the comment's state (e.g. replying to a deleted comment)."""

    code = "conflict"


class RateLimited(DomainError):
    """Too many requests; retry after `retry_after` seconds."""

    code = "rate_limited"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
