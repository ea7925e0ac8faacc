"""Reader tokens: signed JWTs holding a random reader id, kept by the widget in localStorage.

Ownership of comments and one-vote-per-reader are decided from this id, never from the IP.
A token is bound to the site it was issued for.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import datetime

import jwt

from civility.comments.errors import Unauthorized

ALGORITHM = "HS256"
AUDIENCE_PREFIX = "civility-reader:"


@dataclass(frozen=True)
class ReaderTokens:
    """Issues and checks reader tokens with a key derived from the instance's secret key.

    The derived key is always 32 bytes (HS256's recommended size, whatever the secret's length)
    and is used for nothing else.
    """

    secret: str
    key: bytes = field(init=False)

    def __post_init__(self) -> None:
        derived = hmac.new(self.secret.encode(), b"civility reader tokens v1", hashlib.sha256).digest()
        object.__setattr__(self, "key", derived)

    def issue(self, site: str, now: datetime) -> tuple[str, str]:
        """A new reader id and its token."""
        reader_id = secrets.token_urlsafe(18)
        payload = {"sub": reader_id, "aud": AUDIENCE_PREFIX + site, "iat": int(now.timestamp())}
        return reader_id, jwt.encode(payload, self.key, algorithm=ALGORITHM)

    def reader_id(self, token: str, site: str) -> str:
        """The reader id inside a valid token for `site`; Unauthorized otherwise."""
        try:
            payload = jwt.decode(
                token,
                self.key,
                algorithms=[ALGORITHM],
                audience=AUDIENCE_PREFIX + site,
                options={"require": ["sub", "aud"]},
            )
        except jwt.PyJWTError as error:
            raise Unauthorized(
                f"authorization: the reader token is not valid for this site ({error})",
                "authorization",
            ) from error
        subject = payload.get("sub")
        if not isinstance(subject, str) or not 8 <= len(subject) <= 64:
            raise Unauthorized("authorization: the reader token has no valid reader id", "authorization")
        return subject
