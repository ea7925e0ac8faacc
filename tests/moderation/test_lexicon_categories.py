"""The shipped lexicon's categories: insults about someone's intelligence are discourtesy, not hate.

The source list files "shit for brains" and "dumbass" under mental disability; calling a commenter that
is rude, but it is not an attack on disabled people. Real disability slurs stay hate.
"""

from __future__ import annotations

import pytest

from civility.moderation.categories import Category
from civility.moderation.engine import ModerationEngine


def flagged(engine: ModerationEngine, text: str) -> dict[Category, list[str]]:
    result = engine.moderate(text)
    words: dict[Category, list[str]] = {}
    for span in result.spans:
        words.setdefault(span.category, []).append(text[span.start : span.end])
    return words


@pytest.mark.parametrize(
    ("text", "insult"),
    [
        ("You have shit for brains.", "shit for brains"),
        ("You dumbasses never read the article.", "dumbasses"),
        ("Listen here, you dumb fucker.", "dumb fucker"),
    ],
)
def test_an_insult_about_intelligence_is_discourtesy_not_hate(
    engine: ModerationEngine, text: str, insult: str
) -> None:
    words = flagged(engine, text)
    assert insult in words.get(Category.DISCOURTESY, [])
    assert Category.HATE not in words
    assert engine.moderate(text).scores[Category.HATE] < 0.5


@pytest.mark.parametrize("text", ["Shut up, you retard.", "What a window licker you are."])
def test_disability_slurs_stay_hate(engine: ModerationEngine, text: str) -> None:
    result = engine.moderate(text)
    assert Category.HATE in flagged(engine, text)
    assert result.scores[Category.HATE] >= 0.5
