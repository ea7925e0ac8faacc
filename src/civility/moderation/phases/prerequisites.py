"""Comments that cannot be scored: empty ones, and ones over the length limit."""

from __future__ import annotations

from collections.abc import Sequence

from civility.moderation.categories import Action
from civility.moderation.pipeline import ModerationState
from civility.moderation.result import Status

DEFAULT_MAX_LENGTH = 20_000


class PrerequisitesPhase:
    """An empty comment is rejected (nothing to publish); an over-long one is held, never scored."""

    name = "prerequisites"

    def __init__(self, max_length: int = DEFAULT_MAX_LENGTH) -> None:
        self.max_length = max_length

    def run(self, state: ModerationState) -> None:
        if not state.text.strip():
            state.finish(Action.REJECT, Status.EMPTY, "empty: the comment has no text")
        elif len(state.text) > self.max_length:
            state.finish(
                Action.HOLD,
                Status.TOO_LONG,
                f"too long: {len(state.text)} characters, the limit is {self.max_length}: sent to review",
            )

    def run_batch(self, states: Sequence[ModerationState]) -> None:
        for state in states:
            self.run(state)
