"""Comments as exported files carry them: wrapped in quotes, with escapes written out."""

from __future__ import annotations

import pytest

from civility.moderation.categories import Action, Category
from civility.moderation.engine import ModerationEngine
from civility.moderation.normalize import normalize


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ('"You are a stupid idiot and nobody wants you here."', Category.DISCOURTESY),
        ('"Go kill yourself, you worthless piece of shit"', Category.VIOLENCE),
        ('"ALL WOMEN ARE BORN LIARS"', Category.HATE),
        ("'send them all back where they came from, muslims are vermin' so true", Category.HATE),
    ],
)
def test_a_comment_that_is_one_quotation_says_it(
    engine: ModerationEngine, text: str, category: Category
) -> None:
    result = engine.moderate(text)
    assert result.scores[category] >= 0.5
    assert result.decision is not Action.ALLOW


@pytest.mark.parametrize(
    "text",
    [
        'Saying "all Muslims are terrorists" is bigoted.',
        "He called me a 'faggot' and I reported him.",
        'My teacher told us the word "retard" hurts people, and she was right.',
    ],
)
def test_a_quotation_inside_a_comment_is_still_a_mention(engine: ModerationEngine, text: str) -> None:
    result = engine.moderate(text)
    assert result.scores[Category.HATE] < 0.5
    assert result.decision is Action.ALLOW


def test_escapes_written_out_are_decoded_and_spans_point_at_them() -> None:
    text = 'don\\\'t be such an id\\xc3\\xadot\\nplease'
    normalized = normalize(text)
    assert normalized.text == "don't be such an idiot\nplease"
    start = normalized.text.index("idiot")
    begin, end = normalized.to_original(start, start + 5)
    assert text[begin:end] == "id\\xc3\\xadot"
    assert all(a <= b for a, b in zip(normalized.offsets, normalized.offsets[1:], strict=False))


def test_doubled_backslashes_and_unicode_escapes(engine: ModerationEngine) -> None:
    assert normalize("it\\\\u2019s a \\\\\"test\\\\\"").text == 'it\'s a "test"'
    result = engine.moderate('"you are a moron\\\\xa0and a liar"')
    assert result.scores[Category.DISCOURTESY] >= 0.5
    assert any(result.to_json()["spans"])


def test_a_backslash_that_is_no_escape_is_kept() -> None:
    assert normalize("shrug \\_(ツ)_/ and C:\\Users").text.startswith("shrug \\_(")


def test_html_character_references_are_decoded() -> None:
    text = "Trump&#8217;s idiot&nbsp;move &amp; R&D; stay"
    normalized = normalize(text)
    assert normalized.text == "trump's idiot move & r&d; stay"
    start = normalized.text.index("'")
    begin, _ = normalized.to_original(start, start + 1)
    assert text[begin:].startswith("&#8217;")  # a decoded character points at the start of its escape
    word = normalized.text.index("idiot")
    assert text[slice(*normalized.to_original(word, word + 5))] == "idiot"
