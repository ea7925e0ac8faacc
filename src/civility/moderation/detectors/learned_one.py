"""The learned tier's features of ONE comment, from cached per-word columns, for posting.

`featurize` is built for batches: featurising a single comment through it costs about forty numpy calls
(some 280 us, more than every other detector together), while a comment posted to a site is always
scored alone. A character n-gram never spans two words, though (each word is read padded with one space
on both sides), so a word has the same character n-gram columns wherever it appears. `WordColumns`
keeps them, with the word's hash, per distinct word (a bounded cache: news comments reuse a small
vocabulary), and `one_comment_features` lays them out in the order `featurize` gives them, with the
word, bigram and shape columns and the same float32 values: the detector then sums them with the same
numpy calls as for a batch, so the scores are the same bits. Only the characters each feature was read
from are left out; the detector runs `featurize` for a comment it has to find evidence in.
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
_NOTHING = np.zeros(0, dtype=np.int64)
_NO_TAIL = _Block(doc=_NOTHING, col=_NOTHING, start=_NOTHING, end=_NOTHING, runs=())
# up to this many new words of a comment are hashed in Python (some 40 us a word), more in one numpy pass
_PYTHON_WORDS = 4


def mix(value: int) -> int:
    """`learned_features._mix` of one unsigned 64-bit integer."""
    value ^= value >> 33
    value = (value * _MIX1_INT) & _U64
    value ^= value >> 33
    value = (value * _MIX2_INT) & _U64
    return value ^ (value >> 33)


def char_columns(word: str, config: FeatureConfig) -> list[list[int]]:
    """The character n-gram columns of one word per n (min_n..max_n), in text order, read as `featurize`
    reads them: the word padded with a space on both sides, every n-gram of it but the whole padded word
    (an n-gram may not both start and end with a space)."""
    codes = [32, *map(ord, word), 32]
    whole = len(codes)
    mask = config.n_char - 1
    per_n: list[list[int]] = [[] for _ in range(config.min_n, config.max_n + 1)]
    for first in range(len(codes) - config.min_n + 1):
        value = 0
        for n, code in enumerate(codes[first : first + config.max_n], start=1):
            value = (value * _P_INT + code) & _U64
            if n >= config.min_n and not (first == 0 and n == whole):
                per_n[n - config.min_n].append(mix((value + n * _SALT_INT) & _U64) & mask)
    return per_n


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
    """Per distinct word: its character n-gram columns per n, and its hash.

    A plain dictionary emptied when it reaches `capacity` words (a few MB): cheaper to read than an LRU
    cache, and a site's vocabulary fills it again within a few hundred comments.
    """

    def __init__(self, config: FeatureConfig, capacity: int = 50_000) -> None:
        self._config = config
        self.capacity = capacity
        self._entries: dict[str, _WordEntry] = {}

    def entries(self, words: list[str]) -> list[_WordEntry]:
        """The entry of each word, in order (new words computed and remembered)."""
        entries = self._entries
        found = {word: entries.get(word) for word in words}
        missing = [word for word, entry in found.items() if entry is None]
        if missing:
            if len(entries) + len(missing) > self.capacity:
                entries.clear()
            for word, entry in zip(missing, self._compute(missing), strict=True):
                entries[word] = found[word] = entry
        return [found[word] for word in words]  # type: ignore[misc]

    def _compute(self, words: list[str]) -> list[_WordEntry]:
        hashes = [word_hash(word) for word in words]
        if len(words) <= _PYTHON_WORDS:
            return [
                (char_columns(word, self._config), hashed) for word, hashed in zip(words, hashes, strict=True)
            ]
        # the words as the documents of a batch: each is padded and read exactly as inside a comment
        block, _ = _stream_blocks(words, self._config, _NO_TAIL)
        per_word: list[list[list[int]]] = [[] for _ in words]
        start = 0
        for run in block.runs[: self._config.max_n - self._config.min_n + 1]:
            for columns in per_word:
                columns.append([])
            for doc, column in zip(
                block.doc[start : start + run].tolist(), block.col[start : start + run].tolist(), strict=True
            ):
                per_word[doc][-1].append(column)
            start += run
        return list(zip(per_word, hashes, strict=True))


@dataclass(frozen=True, slots=True)
class OneCommentFeatures:
    """`featurize`'s index, value and segments for one comment (its doc array is all zeros)."""

    index: npt.NDArray[np.int64]
    value: npt.NDArray[np.float32]
    segments: tuple[int, ...]


def one_comment_features(
    text: str, original: str, config: FeatureConfig, words_cache: WordColumns
) -> OneCommentFeatures:
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
    tail = _shape_columns(lowered, original, config)
    for part in tail:
        columns.extend(part)
        runs.append(len(part))
    counts = np.array([n_char, len(columns) - n_char], dtype=np.float32)
    inverse = 1.0 / np.sqrt(np.maximum(counts, 1.0))  # as `featurize`: float32 throughout
    value = np.empty(len(columns), dtype=np.float32)
    value[:n_char] = inverse[0]
    value[n_char:] = inverse[1]
    segments = tuple(int(b) for b in np.cumsum([0, *runs]))
    return OneCommentFeatures(np.array(columns, dtype=np.int64), value, segments)


def _shape_columns(lowered: str, original: str, config: FeatureConfig) -> list[list[int]]:
    """The shape tokens `learned_features._shape_block` gives one text, as its runs of columns (length,
    capitals, "!", emoji, then links, e-mail, money and phone tokens)."""
    length = [_column(f"<len{bisect.bisect_right(_LEN_EDGE_LIST, math.log2(1 + len(lowered)))}>", config)]
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
    specials = [_column(token, config) for token, _, _ in special_tokens(lowered)]
    return [length, caps, bang, emoji, specials]
