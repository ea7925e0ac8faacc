"""The word gates that let rule detectors skip patterns never hide a match.

A gate is a cheap necessary condition (a whole word or a literal string every match holds); these tests
run each gated pattern over the functional cases and a set of clear hits and check that whenever the
pattern matches, its gate lets it run. They fail when someone edits a pattern without its gate.
"""

from __future__ import annotations

import re

import pytest
from moderation_functional_cases import CASES

from civility.moderation import context
from civility.moderation.detectors import doxing, hate_rules, lexicon, spam, threats
from civility.moderation.detectors._text import gate_words, passes, words_of
from civility.moderation.normalize import normalize

HITS = [
    "Muslims are vermin",
    "they're all animals",
    "all immigrants are criminals",
    "Jews should be deported",
    "i hate gays",
    "ihate immigrants",
    "go back to your country",
    "exterminate all the gypsies",
    "I will kill you",
    "we're gonna shoot those traitors",
    "i will hurts you",
    "you should die",
    "hope you get cancer",
    "kys",
    "someone should hang them",
    "let's lynch everyone",
    "i know where you live",
    "the jews control the banks",
    "we will track down where he lives",
    "should be shot on sight",
    "Earn $500 a day from home, this is what i do, see my pics 18+",
    "call coinbase support, whatsappme +1 555, love spell",
    "you've been selected to receive a cash prize, stop to 8888",
    "like and subscribe to my new song",
    "50% off, use code SAVE",
    "saying 'all muslims are terrorists' is bigoted",
    "he called me a slur",
    "I'd kill for that recipe",
    "as a gay muslim woman I disagree",
    "the isis drone strike killed 3",
    "my doctor said the vaccine is fine",
    "I'm not going to hurt anyone",
    "Muslims aren't terrorists, they shouldn't be stereotyped",
    "shut up, nobody asked you, f*** you",
    "He lives at 12 Oak Street, plate AB12 CDE, 192.168.0.1 at 51.5074, -0.1278, fe80::1:2:3",
    "see www.example.com or HTTP://x or bit.ly/abc",
]


def _texts() -> list[str]:
    return [normalize(text).text for text in [*HITS, *(case.text for case in CASES)]]


def _holds(text: str, words: frozenset[str], gate: frozenset[str], literals: tuple[str, ...]) -> bool:
    return not gate.isdisjoint(words) or any(literal in text for literal in literals)


def test_hate_patterns_only_match_where_their_gates_pass() -> None:
    matched = 0
    for text in _texts():
        for (pattern, _), gates in zip(hate_rules._PATTERNS, hate_rules._GATES, strict=True):
            if pattern.search(text):
                matched += 1
                assert all(passes(gate, words_of(text)) for gate in gates), text
    assert matched >= 8


def test_threat_patterns_only_match_where_their_gates_pass() -> None:
    matched = 0
    for text in _texts():
        for (pattern, *_), gates in zip(threats._PATTERNS, threats._GATES, strict=True):
            if pattern.search(text):
                matched += 1
                assert all(passes(gate, words_of(text)) for gate in gates if gate is not None), text
                if None in gates:
                    assert any(stem in text for stem in threats._ACT_STEMS), text
    assert matched >= 8


def test_spam_families_and_links_only_match_where_their_gates_pass() -> None:
    matched = 0
    for text in _texts():
        for (_, _, pattern), (gate, literals) in zip(spam._FAMILIES, spam._FAMILY_GATES, strict=True):
            if pattern.search(text):
                matched += 1
                assert _holds(text, words_of(text), gate, literals), text
    for original in HITS:
        if spam._URL.search(original):
            assert "://" in original or spam._DOT_TLD.search(original) or spam._WWW.search(original)
    assert matched >= 6


@pytest.mark.parametrize(
    ("name", "gate"),
    [
        ("_MENTION", lambda t, w: context._holds(t, w, context._MENTION_WORDS, context._MENTION_LITERALS)),
        ("_COUNTER_SPEECH", lambda t, w: any(lit in t for lit in context._COUNTER_SPEECH_LITERALS)),
        ("_VIOLENCE_IDIOM", lambda t, w: any(lit in t for lit in context._VIOLENCE_IDIOM_LITERALS)),
        ("_SELF_IDENTITY", lambda t, w: not context._SELF_IDENTITY_WORDS.isdisjoint(w)),
        (
            "_NEWS_VIOLENCE",
            lambda t, w: context._holds(t, w, context._NEWS_VIOLENCE_WORDS, context._NEWS_VIOLENCE_LITERALS),
        ),
        ("_MEDICAL", lambda t, w: context._holds(t, w, context._MEDICAL_WORDS, context._MEDICAL_LITERALS)),
        ("_NEGATED_VIOLENCE", lambda t, w: not context._NEGATED_VIOLENCE_WORDS.isdisjoint(w)),
        (
            "_DENIED_GENERALISATION",
            lambda t, w: any(lit in t for lit in context._DENIED_GENERALISATION_LITERALS),
        ),
    ],
)
def test_context_patterns_only_match_where_their_gates_pass(name: str, gate: object) -> None:
    pattern: re.Pattern[str] = getattr(context, name)
    matched = [text for text in _texts() if pattern.search(text)]
    assert matched, f"no example matches {name}"
    for text in matched:
        assert gate(text, words_of(text)), text  # type: ignore[operator]


def test_lexicon_and_doxing_patterns_only_match_where_their_gates_pass() -> None:
    for text in _texts():
        if lexicon._HARASSMENT.search(text):
            assert not lexicon._HARASSMENT_WORDS.isdisjoint(words_of(text)), text
        if lexicon._TARGETED_SWEAR.search(text):
            assert any(literal in text for literal in lexicon._TARGETED_SWEAR_LITERALS), text
    address = "He lives at 12 Oak Street, plate AB12 CDE"
    assert doxing._ADDRESS.search(address) and doxing._PLATE.search(address)
    assert not doxing._STREET_WORDS.isdisjoint(words_of(address.lower()))
    assert not doxing._PLATE_WORDS.isdisjoint(words_of(address.lower()))


def test_gate_words_takes_one_whole_word_per_alternative_and_refuses_what_it_cannot_read() -> None:
    assert gate_words("(?:muslims?|the chinese|your kind|sub-human)") == {
        "muslim", "muslims", "chinese", "kind", "human"
    }
    assert gate_words(r"(?:ruining (?:this|our) \w+|lazy)") == {"ruining", "lazy"}
    with pytest.raises(ValueError, match="unsupported"):
        gate_words(r"(?:\d+ dollars|cash)")
    with pytest.raises(ValueError, match="no whole word"):
        gate_words(r"(?:\w+)")
