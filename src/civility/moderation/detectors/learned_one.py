"""The learned tier's features of ONE comment, from cached per-word columns, for posting.

`featurize` is built for batches: featurising a single comment through it costs about forty numpy calls
(some 280 us, more than every other detector together), while a comment posted to a site is always
scored alone. A character n-gram never spans two words, though (each word is read padded with one space
on both sides), so a word has the same character n-gram columns wherever it appears. `WordColumns`
keeps them, with the word's hash, per distinct word (news comments reuse a small vocabulary), and the
column of each n-gram it has hashed (a new word is mostly made of n-grams seen before); a comment with
many new words has them hashed together by `featurize`'s own code.
`one_comment_features` lays the columns out in the order `featurize` gives them, with the word, bigram
and shape columns and the same float32 values: the detector sums them with the same numpy calls as for a
batch, so the scores are the same bits. `OneComment.features` adds the characters each feature was read
from (as `featurize` does) when the detector has evidence to find.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from civility.moderation.detectors.learned_features import (
    _BANG_EDGES,
    _BOUNDARY_TABLE,
    _CAPS_EDGES,
    _LEN_EDGES,
    _MIX1,
    _MIX2,
    _P,
    _Q,
    _SALT,
    BOUNDARY,
    BatchFeatures,
    FeatureConfig,
    _Block,
    _column,
    _mask_batch,
    _stream_blocks,
    lower_same_length,
    special_tokens,
)

_U64 = (1 << 64) - 1
_P_INT, _SALT_INT, _MIX1_INT, _MIX2_INT = int(_P), int(_SALT), int(_MIX1), int(_MIX2)
_LEN_EDGE_LIST = _LEN_EDGES.tolist()
_CAPS_EDGE_LIST = _CAPS_EDGES.tolist()
_BANG_EDGE_LIST = _BANG_EDGES.tolist()
_UPPER = re.compile(r"[A-Z]")
_LOWER = re.compile(r"[a-z]")
_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")
_WORD_RUN = re.compile("[^" + re.escape(BOUNDARY) + "]+")  # what splitting at BOUNDARY leaves
_NOTHING = np.zeros(0, dtype=np.int64)
_NO_TAIL = _Block(doc=_NOTHING, col=_NOTHING, start=_NOTHING, end=_NOTHING, runs=())
# up to this many new words of a comment are hashed one by one in Python (some 17 us a word, most of
# their n-grams' columns known), more in one numpy pass (some 130 us, then under 4 us a word)
_PYTHON_WORDS = 8


def mix(value: int) -> int:
    """`learned_features._mix` of one unsigned 64-bit integer."""
    value ^= value >> 33
    value = (value * _MIX1_INT) & _U64
    value ^= value >> 33
    value = (value * _MIX2_INT) & _U64
    return value ^ (value >> 33)


def ngram_column(gram: str, config: FeatureConfig) -> int:
    """The column `featurize` gives one character n-gram (padding spaces included)."""
    value = 0
    for char in gram:
        value = (value * _P_INT + ord(char)) & _U64
    return mix((value + len(gram) * _SALT_INT) & _U64) & (config.n_char - 1)


def char_grams(word: str, config: FeatureConfig) -> list[list[str]]:
    """The character n-grams `featurize` reads from one word, per n (min_n..max_n), in text order: the
    word padded with a space on both sides, every n-gram of it but the whole padded word (an n-gram may
    not both start and end with a space)."""
    padded = f" {word} "
    return [
        [padded[first : first + n] for first in range(len(padded) - n + 1) if n < len(padded) or first]
        for n in range(config.min_n, config.max_n + 1)
    ]


def word_hash(word: str) -> int:
    """The mixed 64-bit hash `featurize` gives a word (digits folded to "0") for its word features."""
    value = 0
    power = 1
    for char in word:
        code = 48 if "0" <= char <= "9" else ord(char)
        value = (value + code * power) & _U64
        power = (power * _Q) & _U64
    return mix(value)


_WordEntry = tuple[list[list[int]], int]  # character columns per n, and the word's hash


class WordColumns:
    """Per distinct word: its character n-gram columns per n, and its hash; per n-gram, its column.

    Plain dictionaries emptied when they reach their capacity (a few MB): cheaper to read than an LRU
    cache, and a site's vocabulary fills them again within a few hundred comments.
    """

    def __init__(self, config: FeatureConfig, capacity: int = 50_000, gram_capacity: int = 100_000) -> None:
        self._config = config
        self.capacity = capacity
        self.gram_capacity = gram_capacity
        self._entries: dict[str, _WordEntry] = {}
        self._grams: dict[str, int] = {}

    def entries(self, words: list[str]) -> list[_WordEntry]:
        """The entry of each word, in order (new words computed and remembered)."""
        entries = self._entries
        found = {word: entries.get(word) for word in words}
        missing = [word for word, entry in found.items() if entry is None]
        if missing:
            if len(entries) + len(missing) > self.capacity:
                entries.clear()
            computed = (
                [self._compute(word) for word in missing]
                if len(missing) <= _PYTHON_WORDS
                else self._compute_many(missing)
            )
            for word, entry in zip(missing, computed, strict=True):
                entries[word] = found[word] = entry
        return [found[word] for word in words]  # type: ignore[misc]

    def _compute(self, word: str) -> _WordEntry:
        grams = self._grams
        if len(grams) >= self.gram_capacity:
            grams.clear()
        per_n: list[list[int]] = []
        for run in char_grams(word, self._config):
            columns = []
            for gram in run:
                column = grams.get(gram)
                if column is None:
                    column = grams[gram] = ngram_column(gram, self._config)
                columns.append(column)
            per_n.append(columns)
        return per_n, word_hash(word)

    def _compute_many(self, words: list[str]) -> list[_WordEntry]:
        """`_compute` of each word, hashed by `featurize`'s own code: the words as the documents of a
        batch are each padded and read exactly as inside a comment."""
        config = self._config
        block, _ = _stream_blocks(words, config, _NO_TAIL)
        per_word: list[list[list[int]]] = [[] for _ in words]
        start = 0
        for run in block.runs[: config.max_n - config.min_n + 1]:
            for columns in per_word:
                columns.append([])
            docs = block.doc[start : start + run].tolist()
            for doc, column in zip(docs, block.col[start : start + run].tolist(), strict=True):
                per_word[doc][-1].append(column)
            start += run
        return [(columns, word_hash(word)) for columns, word in zip(per_word, words, strict=True)]


@dataclass(frozen=True, slots=True)
class OneComment:
    """`featurize`'s index, value and segments for one comment (its doc array is all zeros), and what
    `features` needs to add where each feature was read from."""

    index: npt.NDArray[np.int64]
    value: npt.NDArray[np.float32]
    segments: tuple[int, ...]
    lowered: str
    tail_spans: list[tuple[int, int]]

    def features(self, config: FeatureConfig) -> BatchFeatures:
        """The comment's `BatchFeatures`, equal to `featurize([text], config, [original])`."""
        spans = np.array([match.span() for match in _WORD_RUN.finditer(self.lowered)], dtype=np.int64)
        word_starts, word_ends = spans.reshape(-1, 2).T
        padded = word_ends - word_starts + 2
        starts: list[npt.NDArray[np.int64]] = []
        ends: list[npt.NDArray[np.int64]] = []
        for n in range(config.min_n, config.max_n + 1):
            # each word's n-grams start at every character of the padded word that leaves n, but the
            # whole padded word (when it is n long) is not one
            count = np.where(padded == n, 0, np.maximum(padded - n + 1, 0))
            total = int(count.sum())
            within = np.arange(total) - np.repeat(np.cumsum(count) - count, count)
            run_starts = np.repeat(word_starts - 1, count) + within
            starts.append(run_starts)
            ends.append(run_starts + n)
        starts += [word_starts, word_starts[:-1]]
        ends += [word_ends, word_ends[1:]]
        tail = np.array(self.tail_spans, dtype=np.int64).reshape(-1, 2)
        starts.append(tail[:, 0])
        ends.append(tail[:, 1])
        return BatchFeatures(
            doc=np.zeros(len(self.index), dtype=np.int64),
            index=self.index,
            value=self.value,
            start=np.concatenate(starts),
            end=np.concatenate(ends),
            n_docs=1,
            segments=self.segments,
        )


def one_comment_features(
    text: str, original: str, config: FeatureConfig, words_cache: WordColumns
) -> OneComment:
    """The features `featurize([text], config, [original])` gives, in the same order, from `words_cache`."""
    lowered = _mask_batch([lower_same_length(text)])[0]
    words = [word for word in lowered.translate(_BOUNDARY_TABLE).split(" ") if word]
    entries = words_cache.entries(words)
    columns: list[int] = []
    runs: list[int] = []
    for k in range(config.max_n - config.min_n + 1):
        before = len(columns)
        for per_n, _ in entries:
            columns.extend(per_n[k])
        runs.append(len(columns) - before)
    n_char = len(columns)
    word_mask, base = (1 << config.word_bits) - 1, config.n_char
    hashes = [hashed for _, hashed in entries]
    columns.extend((hashed & word_mask) + base for hashed in hashes)
    columns.extend(
        (mix((first * _P_INT + second + _SALT_INT) & _U64) & word_mask) + base
        for first, second in itertools.pairwise(hashes)
    )
    runs += [len(hashes), max(len(hashes) - 1, 0)]
    tail_spans: list[tuple[int, int]] = []
    for part in _shape_tokens(lowered, original, config):
        columns.extend(column for column, _, _ in part)
        tail_spans.extend((start, end) for _, start, end in part)
        runs.append(len(part))
    counts = np.array([n_char, len(columns) - n_char], dtype=np.float32)
    inverse = 1.0 / np.sqrt(np.maximum(counts, 1.0))  # as `featurize`: float32 throughout
    value = np.empty(len(columns), dtype=np.float32)
    value[:n_char] = inverse[0]
    value[n_char:] = inverse[1]
    segments = tuple(int(b) for b in np.cumsum([0, *runs]))
    return OneComment(np.array(columns, dtype=np.int64), value, segments, lowered, tail_spans)


_Token = tuple[int, int, int]  # column, start, end


def _shape_tokens(lowered: str, original: str, config: FeatureConfig) -> list[list[_Token]]:
    """The shape tokens `learned_features._shape_block` gives one text, as its runs (length, capitals,
    "!", emoji, then links, e-mail, money and phone tokens)."""
    length = _column(f"<len{bisect.bisect_right(_LEN_EDGE_LIST, math.log2(1 + len(lowered)))}>", config)
    upper = len(_UPPER.findall(original))
    letters = upper + len(_LOWER.findall(original))
    caps = (
        [_column(f"<caps{bisect.bisect_right(_CAPS_EDGE_LIST, upper / letters)}>", config)]
        if letters >= 8
        else []
    )
    bang_count = original.count("!")
    bang = (
        [_column(f"<bang{bisect.bisect_right(_BANG_EDGE_LIST, bang_count)}>", config)] if bang_count else []
    )
    emoji = [_column("<emoji>", config)] if _EMOJI.search(original) else []
    specials = [(_column(token, config), start, end) for token, start, end in special_tokens(lowered)]
    return [
        [(length, 0, 0)],
        [(c, 0, 0) for c in caps],
        [(c, 0, 0) for c in bang],
        [(c, 0, 0) for c in emoji],
        specials,
    ]
