"""Opaque page cursors: base64url JSON naming the sort, the parent and the last comment shown."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass

from civility.comments.errors import Invalid
from civility.storage.records import Keyset, SortOrder

MAX_CURSOR_LENGTH = 200


@dataclass(frozen=True)
class Cursor:
    """Where the next page of comments under `parent_id` starts."""

    keyset: Keyset
    parent_id: int | None

    def encode(self) -> str:
        data: dict[str, object] = {
            "s": self.keyset.sort.value,
            "p": self.parent_id,
            "i": self.keyset.after_id,
        }
        if self.keyset.after_score is not None:
            data["c"] = self.keyset.after_score
        raw = json.dumps(data, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, value: str) -> Cursor:
        """Parse a cursor from the query string; Invalid('cursor') for anything malformed."""
        if len(value) > MAX_CURSOR_LENGTH:
            raise Invalid("cursor", "cursor: too long; pass back the next_cursor the API gave you")
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
            data = json.loads(raw)
            sort = SortOrder(data["s"])
            parent = data["p"]
            after_id = data["i"]
            score = data.get("c")
            if not isinstance(after_id, int) or isinstance(after_id, bool):
                raise TypeError("id")
            if parent is not None and (not isinstance(parent, int) or isinstance(parent, bool)):
                raise TypeError("parent")
            if score is not None and (not isinstance(score, int) or isinstance(score, bool)):
                raise TypeError("score")
            if not -(2**62) < after_id < 2**62 or (score is not None and not -(2**62) < score < 2**62):
                raise ValueError("range")
        except (binascii.Error, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as error:
            raise Invalid("cursor", "cursor: not a cursor this API issued") from error
        return cls(Keyset(sort, after_id, score), parent)
