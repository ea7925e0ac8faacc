"""Functional tests: every HateCheck-style case of `functional_cases` behaves as written."""

from __future__ import annotations

import pytest
from moderation_functional_cases import CASES, FunctionalCase

from civility.moderation.engine import ModerationEngine


@pytest.mark.parametrize("case", CASES, ids=[f"{case.function}: {case.text}" for case in CASES])
def test_functional_case(engine: ModerationEngine, case: FunctionalCase) -> None:
    result = engine.moderate(case.text)
    score = result.scores[case.category]
    if case.flagged:
        assert score >= 0.5, f"{case.category.value} should be flagged, scored {score:.2f}"
    else:
        assert score < 0.5, f"{case.category.value} should not be flagged, scored {score:.2f}"
