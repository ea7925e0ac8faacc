"""Shared fixtures of the moderation tests."""

from __future__ import annotations

import pytest

from civility.moderation.engine import ModerationEngine


@pytest.fixture(scope="module")
def engine() -> ModerationEngine:
    """The shipped engine, loaded once per test module (as each module did for itself before)."""
    return ModerationEngine.load()
