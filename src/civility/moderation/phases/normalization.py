"""Evasion-normalisation of the comment (see `civility.moderation.normalize`)."""

from __future__ import annotations

from collections.abc import Sequence

from civility.moderation.normalize import normalize
from civility.moderation.pipeline import ModerationState


class NormalizationPhase:
    """Gives every detector the same normalised text, with offsets back to the original."""

    name = "normalization"

    def run(self, state: ModerationState) -> None:
        state.normalized = normalize(state.text)

    def run_batch(self, states: Sequence[ModerationState]) -> None:
        for state in states:
            self.run(state)
