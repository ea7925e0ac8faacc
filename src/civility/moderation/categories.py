"""The policy vocabulary shared by the engine, the settings and the comment service."""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    """One category of the publisher's written comment policy."""

    VIOLENCE = "violence"
    HATE = "hate"
    PROFANITY = "profanity"
    VULGARITY = "vulgarity"
    DOXING = "doxing"
    DISCOURTESY = "discourtesy"
    SPAM = "spam"


class Action(StrEnum):
    """What the policy does with a comment; ordered from mildest to harshest."""

    ALLOW = "allow"
    NUDGE = "nudge"
    HOLD = "hold"
    REJECT = "reject"

    @property
    def severity(self) -> int:
        return _SEVERITY[self]


_SEVERITY = {Action.ALLOW: 0, Action.NUDGE: 1, Action.HOLD: 2, Action.REJECT: 3}

SEED_POLICY_TEXT = (
    "We have no tolerance for comments containing violence, racism, profanity, vulgarity, doxing, "
    "or discourteous behavior. If a comment is spam, instead of replying to it please hover over that "
    "comment, click the \u2228 icon, and mark it as spam."
)
