"""Evasion-normalisation: canonical text for detectors, with offsets back to what the author wrote."""

from __future__ import annotations

import itertools
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civility.moderation import normalize as normalize_module
from civility.moderation.normalize import normalize


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("f.u.c.k you", "fuck you"),
        ("F-U-C-K", "fuck"),
        ("you i d i o t!", "you idiot!"),
        ("f _ u _ c _ k", "fuck"),
        ("stuuuupid", "stupid"),
        ("asssss", "ass"),
        ("іdіot", "idiot"),  # Cyrillic і
        ("ιdιοt", "idiot"),  # Greek iota and omicron
        ("ＩＤＩＯＴ", "idiot"),  # fullwidth
        ("𝐢𝐝𝐢𝐨𝐭", "idiot"),  # mathematical bold
        ("Ⓘⓓⓘⓞⓣ", "idiot"),  # circled
        ("🅵🆄🅲🅺", "fuck"),  # negative squared letters
        ("🇫🇺🇨🇰", "fuck"),  # regional indicator letters
        ("ᏟᎪᎢ", "cat"),  # Cherokee look-alikes
        ("f\u200bu\u200c\u200dck", "fuck"),  # zero-width characters
        ("f\u0336u\u0336c\u0336k\u0336", "fuck"),  # combining strike-through
        ("fúck", "fuck"),
        ("b1tch", "bitch"),
        ("sh!t", "shit"),
        ("a55hole", "asshole"),
        ("k1ll", "kill"),
        ("l0s3r", "loser"),
        ("$hit", "shit"),
        ("Hello  World", "hello world"),
    ],
)
def test_evasions_are_undone(original: str, expected: str) -> None:
    assert normalize(original).text == expected


@pytest.mark.parametrize(
    "text",
    ["in 2024", "it costs $5", "at 5pm", "the 3rd time", "the 1990s", "hello!!!", "wow!", "0161 496 0123"],
)
def test_numbers_and_punctuation_survive(text: str) -> None:
    assert normalize(text).text == text.lower()


def test_a_mention_keeps_its_at_sign() -> None:
    assert normalize("@maria thanks").text == "@maria thanks"


def test_three_single_letters_are_joined_but_two_are_not() -> None:
    assert normalize("a b c d").text == "abcd"
    assert normalize("U.S. policy").text == "u.s. policy"


def test_span_of_a_normalised_word_maps_back_to_the_original_word() -> None:
    original = "You are a f.u.c.k.i.n.g  іdіооооt!"
    normalized = normalize(original)
    start = normalized.text.index("idiot")
    begin, end = normalized.to_original(start, start + len("idiot"))
    assert original[begin:end] == "іdіооооt"
    start = normalized.text.index("fucking")
    begin, end = normalized.to_original(start, start + len("fucking"))
    assert original[begin:end] == "f.u.c.k.i.n.g"


_evasive_text = st.text(
    alphabet=st.sampled_from(
        [
            *"abcdefghijklmnopqrstuvwxyz ABCXYZ .-_/!@$|013457890\n\t'",
            "\u200b",
            "\u0301",
            "\u0336",
            "і",
            "о",
            "ο",
            "Ｉ",
            "𝐝",
            "ß",
            "ﬁ",
            "İ",
            "Ⓚ",
            "\ufeff",
            "é",
            "😀",
        ]
    ),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(_evasive_text)
def test_offsets_are_monotonic_in_range_and_complete(text: str) -> None:
    normalized = normalize(text)
    offsets = normalized.offsets
    assert len(offsets) == len(normalized.text) + 1
    assert offsets[-1] == len(text)
    assert all(0 <= offset < len(text) for offset in offsets[:-1])
    assert all(a <= b for a, b in itertools.pairwise(offsets))


@settings(max_examples=300, deadline=None)
@given(_evasive_text, st.data())
def test_every_span_maps_to_a_span_of_the_original(text: str, data: st.DataObject) -> None:
    normalized = normalize(text)
    size = len(normalized.text)
    start = data.draw(st.integers(0, size))
    end = data.draw(st.integers(start, size))
    begin, finish = normalized.to_original(start, end)
    assert 0 <= begin <= finish <= len(text)
    if end > start:
        assert finish > begin


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_unicode_text_normalises_to_lowercase_without_invisible_characters(text: str) -> None:
    normalized = normalize(text).text
    assert not any(unicodedata.category(char) in ("Mn", "Me", "Cf") for char in normalized)
    assert not any(char.isupper() for char in normalized)


def test_plain_ascii_sentence_keeps_identity_offsets() -> None:
    normalized = normalize("Plain sentence.")
    assert normalized.text == "plain sentence."
    assert normalized.offsets == tuple(range(len("Plain sentence.") + 1))


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("st.u.p.i.d", "stupid"),
        ("i.d.i.ot", "idiot"),
        ("st-u-p-i-d", "stupid"),
        ("you s.t.u.p.id", "you stupid"),
    ],
)
def test_a_word_split_after_a_short_fragment_is_joined_whole(original: str, expected: str) -> None:
    normalized = normalize(original)
    assert normalized.text == expected
    start = normalized.text.index(expected.split()[-1])
    assert normalized.to_original(start, len(normalized.text)) == (
        original.index(original.split()[-1]),
        len(original),
    )


@pytest.mark.parametrize(
    "text",
    [
        "e.g. the U.S. economy at 5 a.m.",
        "see https://www.example.co.uk/a/b-c/d for the data",
        "version 1.2.3 and ver.1.2.3 of the app",
        "a Ph.D. from the U.K. in 2.5 years",
    ],
)
def test_ordinary_abbreviations_urls_and_versions_are_not_joined(text: str) -> None:
    assert normalize(text).text.split() == text.lower().replace("www", "ww").split()


# Outputs pinned before the speed work (the shipped models were trained on this exact normal form).
@pytest.mark.parametrize(
    ("original", "text", "offsets"),
    [
        ("ﬁne ﬂag İstanbul ẞ", "fine flag istanbul ss", (0, 0, 1, 2, 3, 4, 4, *range(5, 18), 17, 18)),
        ("b1tch @user sh!t!", "bitch @user shit!", tuple(range(18))),
        ("gr8 $5 at 5pm in 2024, 3rd mp3", "grb $5 at 5pm in 2024, 3rd mpe", tuple(range(31))),
        ("Ⅻ ½ ǅ", "xii 1⁄2 dz", (0, 0, 0, 1, 2, 2, 2, 3, 4, 4, 5)),
        ("sh!!t a!! @@b x|y|", "shiit a!! @ab xly|", tuple(range(19))),
        ("іdіot Ｍoron", "idiot moron", tuple(range(12))),
        ("Café\x00\tX\u200b!", "cafe x!", (0, 1, 2, 3, 4, 6, 8, 9)),
        ("x\u0301y", "xy", (0, 2, 3)),
    ],
)
def test_normal_form_and_offsets_are_pinned(original: str, text: str, offsets: tuple[int, ...]) -> None:
    result = normalize(original)
    assert (result.text, result.offsets) == (text, offsets)


def _fold_one_character_at_a_time(text: str) -> tuple[list[str], list[int]]:
    """The definition of step 1: every character folded on its own, each output mapped to its source."""
    chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        plain = char.isascii() and char.isprintable()
        produced = char.lower() if plain else normalize_module._fold_char(char)
        for out in produced:
            chars.append(out)
            offsets.append(index)
    return chars, offsets


@settings(max_examples=400, deadline=None)
@given(_evasive_text | st.text(max_size=40))
def test_the_fast_fold_is_the_per_character_fold(text: str) -> None:
    assert normalize_module._fold(text) == _fold_one_character_at_a_time(text)


def test_the_leet_pass_is_skipped_only_where_no_token_changes() -> None:
    # every string of up to five characters over letters, leet characters and separators
    for size in range(1, 6):
        for chars in itertools.product("a1@!|$ 2", repeat=size):
            text = "".join(chars)
            changes = any(
                normalize_module._leet_core(token) is not None
                for token in normalize_module._LEET_TOKEN.findall(text)
            )
            assert normalize_module._leet_possible(text) or not changes, text


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet="ab1@$ .-_/\\~x", max_size=14))
def test_the_split_word_tail_is_necessary_for_the_split_word_hint(text: str) -> None:
    if normalize_module._SPLIT_WORD_HINT.search(text):
        assert normalize_module._SPLIT_WORD_TAIL.search(text), text


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet="aab1 A.é", max_size=14))
def test_the_stretch_check_matches_exactly_where_the_stretch_pass_does(text: str) -> None:
    assert bool(normalize_module._STRETCH_CHECK.search(text)) == bool(normalize_module._STRETCH.search(text))


@pytest.mark.parametrize("size", [0, 1, 11, 10_000, 10_001, 12_345])
def test_identity_offsets_cover_every_character_and_the_end(size: int) -> None:
    text = ("plain words " * 1100)[:size]
    assert normalize(text).offsets == tuple(range(size + 1))


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("y o u  a r e  a n  i d i o t", "you are an idiot"),
        ("y o u a r e a n i d i o t", "you are an idiot"),
        ("K I L L  Y O U R S E L F", "kill yourself"),
        ("f.u.c.k.y.o.u", "fuck you"),
        ("g o  b a c k  t o  y o u r  c o u n t r y", "go back to your country"),
    ],
)
def test_a_spaced_out_sentence_is_cut_back_into_words(original: str, expected: str) -> None:
    assert normalize(original).text == expected


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("i d i o t", "idiot"),  # a known word stays whole
        ("e v e r y t h i n g", "everything"),
        ("r u a robot", "rua robot"),  # short runs are text-speak or initials
        ("d h u g e r", "dhuger"),  # no cut into known words beats an unknown word of this length
        ("z e r o o o o", "zero"),  # stretched letters are read by the stretch pass
    ],
)
def test_spaced_letters_that_are_not_a_sentence_are_joined_as_before(original: str, expected: str) -> None:
    assert normalize(original).text == expected


def test_the_spaces_put_back_map_to_the_separators_the_author_typed() -> None:
    original = "y o u  a r e  a n  i d i o t"
    normalized = normalize(original)
    gaps = [normalized.offsets[i] for i, char in enumerate(normalized.text) if char == " "]
    assert [original[offset] for offset in gaps] == [" ", " ", " "]
    start = normalized.text.index("idiot")
    assert original[slice(*normalized.to_original(start, start + 5))] == "i d i o t"
