"""Scoring one comment from cached word columns gives exactly what the batch code gives."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from learned_texts import TRICKY

from civility.moderation.detectors import learned_features as lf
from civility.moderation.detectors.learned import LearnedDetector
from civility.moderation.detectors.learned_one import (
    WordColumns,
    char_grams,
    ngram_column,
    one_comment_features,
    word_hash,
)
from civility.moderation.normalize import normalize

CONFIG = lf.FeatureConfig()
# the characters a word of a normalised comment is made of: letters, digits, in-word symbols, accents,
# another script, an emoji, and NUL (not a boundary)
_WORD = st.text(alphabet="abcxyz019'*$@#-/éßїж😀\x00", min_size=1, max_size=14)
_TEXT = st.lists(
    st.one_of(
        _WORD, st.sampled_from([" ", ". ", "!!", "\n", "www.x.com", "$5", "555-123-4567", "Jews", "GAY"])
    ),
    max_size=12,
).map(" ".join)
# posted comments: plain ones, ones the policy flags, links, shouting, identity words, evasions
COMMENTS = [
    *TRICKY,
    "Thanks for the thoughtful article, I learned a lot about the bypass.",
    "You are an idiot and everyone on this thread knows it",
    "I will find where you live and hurt you",
    "Muslims are vermin and should be deported",
    "Honestly the minister has no idea what a commuter pays for the tram line",
    "GREAT PIECE!!! MORE OF THIS PLEASE",
    "As a gay Muslim woman I disagree with this article",
    "check out my site www.best-deals.com for cheap watches, email me at deals@spam.biz",
    "The council's 2024 budget (#48213) leaves the library short by £1.2m",
]


def _features_of_one(text: str) -> lf.BatchFeatures:
    norm = normalize(text)
    return lf.featurize([norm.text], CONFIG, [norm.original])


def _assert_same_features(got: lf.BatchFeatures, expected: lf.BatchFeatures) -> None:
    for name in ("doc", "index", "start", "end"):
        assert getattr(got, name).tolist() == getattr(expected, name).tolist(), name
    assert got.value.tobytes() == expected.value.tobytes()
    assert (got.n_docs, got.segments) == (expected.n_docs, expected.segments)


@settings(max_examples=300, deadline=None)
@given(_WORD)
def test_a_words_columns_are_those_the_batch_reads_inside_a_comment(word: str) -> None:
    features = lf.featurize([word], CONFIG)
    runs = CONFIG.max_n - CONFIG.min_n + 1
    bounds = features.segments
    per_n = [features.index[bounds[k] : bounds[k + 1]].tolist() for k in range(runs)]
    assert [[ngram_column(gram, CONFIG) for gram in run] for run in char_grams(word, CONFIG)] == per_n
    cache = WordColumns(CONFIG)
    assert cache.entries([word, word]) == [(per_n, word_hash(word))] * 2
    # more new words than are hashed one by one: hashed together by featurize's code, the same columns
    many = [f"{word}{i}" for i in range(12)]
    assert WordColumns(CONFIG).entries(many) == [WordColumns(CONFIG).entries([w])[0] for w in many]
    word_column = features.index[bounds[runs]]  # the word unigram comes right after the n-grams
    assert (word_hash(word) & ((1 << CONFIG.word_bits) - 1)) + CONFIG.n_char == word_column


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_one_comments_features_are_the_batch_features(text: str) -> None:
    norm = normalize(text)
    expected = lf.featurize([norm.text], CONFIG, [norm.original])
    for cache in (WordColumns(CONFIG), WordColumns(CONFIG, capacity=3, gram_capacity=5)):  # and emptied
        _assert_same_features(
            one_comment_features(norm.text, norm.original, CONFIG, cache).features(CONFIG), expected
        )


@pytest.mark.parametrize("text", COMMENTS)
def test_features_of_real_comments_match_with_a_cold_and_a_warm_cache(text: str) -> None:
    norm = normalize(text)
    expected = _features_of_one(text)
    cache = WordColumns(CONFIG)
    for _ in range(2):  # the first reading fills the cache, the second reads from it
        got = one_comment_features(norm.text, norm.original, CONFIG, cache)
        assert np.array_equal(got.index, expected.index)
        _assert_same_features(got.features(CONFIG), expected)


def test_a_full_cache_is_emptied_and_refilled() -> None:
    cache = WordColumns(CONFIG, capacity=5)
    cache.entries([f"word{i}" for i in range(5)])
    assert len(cache._entries) == 5
    fresh = [f"other{i}" for i in range(3)]
    entries = cache.entries(fresh)
    assert len(cache._entries) == 3  # emptied before the first new word went in
    assert entries == WordColumns(CONFIG).entries(fresh)


@pytest.fixture(scope="module")
def detector() -> LearnedDetector:
    return LearnedDetector()


@pytest.mark.parametrize("text", COMMENTS)
def test_a_comment_scored_alone_gets_the_same_bits_as_in_a_batch(
    detector: LearnedDetector, text: str
) -> None:
    norm = normalize(text)
    alone = detector.detect(norm)
    together = detector.detect_batch([norm, normalize("another comment in the same batch")])[0]
    assert alone.scores == together.scores  # the same floats, not merely close ones
    assert alone.spans == together.spans
