"""Hashed character and word n-gram features over normalised text, computed with numpy.

The same code featurises text at training time (`training/`) and at run time (`LearnedDetector`), so
the model and the detector can never disagree about what a feature is. Two blocks:

* character n-grams (2..5) inside word boundaries ("char_wb"): each word is padded with a space on both
  sides and an n-gram never spans two words. They carry spelling variants, inflections and evasions that a
  word vocabulary misses; they are hashed for a whole batch at once with vectorised polynomial hashing.
* word unigrams and bigrams plus a few "shape" tokens (links, their domains, money amounts, phone-like digit
  runs, e-mail addresses, length and capitals buckets) that spam and shouting are recognised by.

Every feature value is 1/sqrt(number of features of its block in the document), so long and short
comments weigh the same. Hashing uses fixed constants (no Python `hash`), so it is stable across processes.
"""

from __future__ import annotations

import bisect
import itertools
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from civility.moderation.vocabulary import IDENTITY_WORDS

# Characters that end a word for the character block; lowercase letters, digits and in-word symbols
# such as ' * $ @ # - / stay (they carry "f***", "$500", "@user", URLs).
BOUNDARY = ' \t\n\r\f\v\u00a0\u2028\u2029.,!?;:"()[]{}<>\u2026\u201c\u201d\u00ab\u00bb|~`^=+_'
_BOUNDARY_TABLE = {ord(ch): " " for ch in BOUNDARY}
# True at the code points of BOUNDARY (and of " "); the last entry stands for every larger code point
IS_BOUNDARY_CODE = np.zeros(max(map(ord, BOUNDARY)) + 2, dtype=bool)
IS_BOUNDARY_CODE[[ord(ch) for ch in BOUNDARY]] = True

_PHONE_RE = re.compile(r"(?:\+?\d[\s().-]{0,2}){7,}")

_P = np.uint64(0x100000001B3)
_MIX1 = np.uint64(0xFF51AFD7ED558CCD)
_MIX2 = np.uint64(0xC4CEB9FE1A85EC53)
_SALT = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True, slots=True)
class FeatureConfig:
    """Sizes of the hashed blocks and the n-gram range; stored in the model's JSON config."""

    char_bits: int = 18
    word_bits: int = 17
    min_n: int = 2
    max_n: int = 5

    @property
    def n_char(self) -> int:
        return 1 << self.char_bits

    @property
    def n_features(self) -> int:
        return (1 << self.char_bits) + (1 << self.word_bits)


@dataclass(frozen=True, slots=True)
class BatchFeatures:
    """The sparse features of a batch as parallel arrays (one entry per feature occurrence).

    `doc[k]` is the document, `index[k]` the column, `value[k]` the value of occurrence k;
    `start[k]`/`end[k]` the characters of the document's text that the feature was read from (used to
    point evidence at words). Duplicated (doc, index) pairs are summed by consumers. `segments` are the
    boundaries of consecutive runs in which `doc` is non-decreasing (per-document sums use them).
    """

    doc: npt.NDArray[np.int64]
    index: npt.NDArray[np.int64]
    value: npt.NDArray[np.float32]
    start: npt.NDArray[np.int64]
    end: npt.NDArray[np.int64]
    n_docs: int
    segments: tuple[int, ...]


# Identity-term masking (fairness): the words that name a protected group are replaced, at training and
# at run time alike, by one "#" padded with spaces to the same length (positions still map to the caller's
# text; one mask for every group, whatever the name's length: a length-specific mask let the model tell
# "mexican" from "lgbt" again), so the
# model cannot learn that a group's name is itself a sign of hate: the sources mention some groups ("mexican",
# "bisexual") mostly in hateful posts, and a model that sees the names flags neutral mentions of them.
# Attacks are still learned from the words around the mask ("# are vermin"); the rules know the groups.
# Generic or ambiguous words of the identity vocabulary stay visible ("you people", "man, ...", "old").
_UNMASKED = frozenset(
    [
        "people",
        "person",
        "persons",
        "man",
        "boy",
        "boys",
        "girl",
        "girls",
        "children",
        "kids",
        "son",
        "daughter",
        "father",
        "fathers",
        "mother",
        "mothers",
        "husband",
        "husbands",
        "wife",
        "wives",
        "old",
        "young",
        "straight",
        "native",
        "natives",
        "race",
        "racial",
        "religion",
        "religious",
        "faith",
        "gender",
        "sexuality",
        "disability",
        "immigration",
        "ethnic",
        "ethnicity",
        "minorities",
        "minority",
        "teen",
        "teens",
        "bi",
        "community",
        "communities",
        "culture",
    ]
)
MASKED_IDENTITY_WORDS = frozenset(IDENTITY_WORDS - _UNMASKED)
_IDENTITY_ORDER = sorted(MASKED_IDENTITY_WORDS, key=len, reverse=True)
_IDENTITY = re.compile(
    r"(?<![a-z0-9#'-])(?:" + "|".join(re.escape(w) for w in _IDENTITY_ORDER) + r")(?:'s)?(?![a-z0-9#-])"
)


_WORDS = re.compile(r"[a-z]+(?:-[a-z]+)*")


# Every `_WORDS` token that `mask_identity` masks starts with a maximal run of ASCII letters from this set
# (the whole name, or its part before the first "-"): the runs of a batch, found with one bytes.translate
# and split in C, rule out most texts without any regular expression.
_NAMES_BY_FIRST_PART: dict[bytes, tuple[str, ...]] = {}
for _name in _IDENTITY_ORDER:
    _first = _name.split("-")[0].encode()
    _NAMES_BY_FIRST_PART[_first] = (*_NAMES_BY_FIRST_PART.get(_first, ()), _name)
_MASK_FIRST_PARTS = frozenset(_NAMES_BY_FIRST_PART)
_LETTERS_ONLY = bytes(b if 97 <= b <= 122 else 32 for b in range(256))
_BEFORE_NAME = frozenset("abcdefghijklmnopqrstuvwxyz0123456789#'-")  # `_IDENTITY`'s look-behind
_AFTER_NAME = frozenset("abcdefghijklmnopqrstuvwxyz0123456789#-")  # `_IDENTITY`'s look-ahead


def _mask_batch(texts: list[str]) -> list[str]:
    """`[mask_identity(t) for t in texts]`, without regular expressions.

    The names are found in the batch joined with newlines: a newline is in neither `_BEFORE_NAME` nor
    `_AFTER_NAME` and no name holds one, so a name at the edge of a text passes the same checks as at the
    start or end of the text alone, and only the texts with a masked name are rebuilt.
    """
    joined = "\n".join(texts)
    hits = _MASK_FIRST_PARTS.intersection(
        joined.encode("utf-8", "surrogatepass").translate(_LETTERS_ONLY).split()
    )
    if not hits:
        return texts
    spans = _name_spans(joined, [name for run in hits for name in _NAMES_BY_FIRST_PART[run]])
    if not spans:
        return texts
    spans.sort()
    masked = list(texts)
    text_ends = list(itertools.accumulate(len(t) + 1 for t in texts))
    d = 0
    base = 0
    pieces: list[str] = []
    cursor = 0
    for start, end in spans:
        if start >= text_ends[d]:
            if pieces:
                pieces.append(texts[d][cursor:])
                masked[d] = "".join(pieces)
                pieces = []
            d = bisect.bisect_right(text_ends, start, d)
            base = text_ends[d - 1] if d else 0
            cursor = 0
        pieces.append(texts[d][cursor : start - base])
        pieces.append("#" + " " * (end - start - 1))
        cursor = end - base
    pieces.append(texts[d][cursor:])
    masked[d] = "".join(pieces)
    return masked


def _name_spans(text: str, names: list[str]) -> list[tuple[int, int]]:
    """The matches of `_IDENTITY` in `text`, given every name that can match there (in no order).

    A match of `_IDENTITY` is a name at a position after none of `_BEFORE_NAME`, then "'s" when no
    character of `_AFTER_NAME` follows that, else nothing when none follows the name. Such a match starts
    a maximal run of name characters and ends it (or its "'s"), so matches of different names or
    positions never overlap and at most one name matches at a position: finding each name's occurrences
    and keeping those that pass both checks gives `_IDENTITY`'s matches.
    """
    spans: list[tuple[int, int]] = []
    size = len(text)
    for name in names:
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if start == 0 or text[start - 1] not in _BEFORE_NAME:
                if text.startswith("'s", end) and (end + 2 == size or text[end + 2] not in _AFTER_NAME):
                    spans.append((start, end + 2))
                elif end == size or text[end] not in _AFTER_NAME:
                    spans.append((start, end))
            start = text.find(name, start + 1)
    return spans


def mask_identity(text: str) -> str:
    """`text` (lowercase) with protected-group names replaced by "#" and spaces, keeping the length."""
    # fast path: every name `_IDENTITY` masks is also a whole `_WORDS` token, and most comments have none
    if MASKED_IDENTITY_WORDS.isdisjoint(_WORDS.findall(text)):
        return text
    return _IDENTITY.sub(lambda match: "#" + " " * (len(match.group()) - 1), text)


def lower_same_length(text: str) -> str:
    """Lowercase without changing the length, so positions still map to the caller's text."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def _mix(h: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    h = h ^ (h >> np.uint64(33))
    h = h * _MIX1
    h = h ^ (h >> np.uint64(33))
    h = h * _MIX2
    return h ^ (h >> np.uint64(33))


def _mix_in_place(h: npt.NDArray[np.uint64]) -> None:
    """`h = _mix(h)`, without the temporary arrays."""
    shifted = h >> np.uint64(33)
    h ^= shifted
    h *= _MIX1
    np.right_shift(h, np.uint64(33), out=shifted)
    h ^= shifted
    h *= _MIX2
    np.right_shift(h, np.uint64(33), out=shifted)
    h ^= shifted


_POWER_CACHE: dict[str, npt.NDArray[np.uint64]] = {}
_Q = 0x2545F4914F6CDD1D
_Q_INV = pow(_Q, -1, 1 << 64)


def _powers(length: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """Q**k and Q**-k (mod 2**64) for k < length, cached and grown as needed."""
    cached = _POWER_CACHE.get("q")
    if cached is None or cached.shape[0] < length:
        size = max(length, 4096) * 2
        with np.errstate(over="ignore"):
            q = np.cumprod(np.full(size, _Q, dtype=np.uint64), dtype=np.uint64) * np.uint64(_Q_INV)
            qi = np.cumprod(np.full(size, _Q_INV, dtype=np.uint64), dtype=np.uint64) * np.uint64(_Q)
        _POWER_CACHE["q"], _POWER_CACHE["qi"] = q, qi
    return _POWER_CACHE["q"][:length], _POWER_CACHE["qi"][:length]


@dataclass(frozen=True, slots=True)
class _Block:
    doc: npt.NDArray[np.int64]
    col: npt.NDArray[np.int64]
    start: npt.NDArray[np.int64]
    end: npt.NDArray[np.int64]
    runs: tuple[int, ...]  # lengths of the doc-sorted runs the block is made of


def _stream_blocks(texts: Sequence[str], config: FeatureConfig, tail: _Block) -> tuple[_Block, int]:
    """Hash every char_wb n-gram and every word uni/bigram of every text in one vectorised pass.

    Returns one block: the character n-grams, then the words and bigrams, then `tail` (the shape
    tokens), written in place into arrays sized once (no concatenation), and how many of its
    occurrences are character n-grams.
    """
    # every text as "  " + text + " ", then "  "; boundary characters made spaces with a lookup table
    # (what `str.translate(_BOUNDARY_TABLE)` does, without its per-character dictionary lookups)
    stream = "  " + "   ".join(texts) + "   " if texts else "  "
    raw = np.frombuffer(stream.encode("utf-32-le"), dtype=np.uint32)
    # (gathers are written as np.take, about twice as fast as the same `a[indices]` in numpy)
    is_space = np.take(IS_BOUNDARY_CODE, np.minimum(raw, IS_BOUNDARY_CODE.shape[0] - 1))
    codes = np.where(is_space, np.uint64(32), raw.astype(np.uint64))
    lengths = np.fromiter((len(t) + 3 for t in texts), dtype=np.int64, count=len(texts))
    starts = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    total = codes.shape[0]
    # the document of every stream position (the final padding counts as a document past the last one),
    # what `np.searchsorted(starts, position, side="right") - 1` gives, read with one gather
    doc_of = np.repeat(np.arange(len(texts) + 1), np.append(lengths, total - starts[-1]))
    # position in the caller's text: the stream adds two leading spaces per document
    local_of = np.arange(total) - np.take(starts, doc_of) - 2
    # which n-grams exist (no space inside, not both ends spaces), to size the output once
    valid_positions: dict[int, npt.NDArray[np.int64]] = {}
    interior_space = np.zeros(total, dtype=bool)
    for n in range(2, config.max_n + 1):
        count = total - n + 1
        if n >= 3:
            interior_space = interior_space[:count] | is_space[n - 2 : n - 2 + count]
        else:
            interior_space = interior_space[:count]
        if n < config.min_n:
            continue
        valid = ~interior_space & ~(is_space[:count] & is_space[n - 1 : n - 1 + count])
        valid_positions[n] = np.flatnonzero(valid)
    runs = tuple(len(p) for p in valid_positions.values())
    n_char = sum(runs)
    # words: maximal runs of non-boundary characters; bigrams: two consecutive words of one document
    edge = np.diff(is_space.astype(np.int8))
    w_start = np.flatnonzero(edge == -1) + 1
    w_end = np.flatnonzero(edge == 1) + 1
    w_doc = np.take(doc_of, w_start)
    same = w_doc[1:] == w_doc[:-1]
    n_words = len(w_doc)
    n_bigrams = int(np.count_nonzero(same))
    size = n_char + n_words + n_bigrams + len(tail.doc)
    doc = np.empty(size, dtype=np.int64)
    col = np.empty(size, dtype=np.int64)
    start = np.empty(size, dtype=np.int64)
    end = np.empty(size, dtype=np.int64)
    c_col = col[:n_char].view(np.uint64)
    h = codes.copy()
    mask = np.uint64(config.n_char - 1)
    cursor = 0
    with np.errstate(over="ignore"):
        for n in range(2, config.max_n + 1):
            count = total - n + 1
            h = h[:count] * _P + codes[n - 1 : n - 1 + count]
            if n < config.min_n:
                continue
            positions = valid_positions[n]
            span = slice(cursor, cursor + len(positions))
            cursor += len(positions)
            hashed = c_col[span]
            np.take(h, positions, out=hashed, mode="clip")
            hashed += np.uint64(n) * _SALT
            _mix_in_place(hashed)
            hashed &= mask
            np.take(doc_of, positions, out=doc[span], mode="clip")
            np.take(local_of, positions, out=start[span], mode="clip")
            np.add(start[span], n, out=end[span])
        # word hashes, digits folded to "0"
        word_codes = np.where((codes >= 48) & (codes <= 57), np.uint64(48), codes)
        q, qi = _powers(total)
        prefix = np.zeros(total + 1, dtype=np.uint64)
        np.cumsum(word_codes * q, out=prefix[1:])
        w_hash = _mix((np.take(prefix, w_end) - np.take(prefix, w_start)) * np.take(qi, w_start))
        b_hash = _mix(w_hash[:-1][same] * _P + w_hash[1:][same] + _SALT)
        wmask = np.uint64((1 << config.word_bits) - 1)
        base = config.n_char
        w_base = np.take(starts, w_doc) + 2
        w_local = w_start - w_base
        w_local_end = w_end - w_base
        words = slice(n_char, n_char + n_words)
        bigrams = slice(n_char + n_words, n_char + n_words + n_bigrams)
        doc[words] = w_doc
        np.compress(same, w_doc[:-1], out=doc[bigrams])
        col[words] = (w_hash & wmask).astype(np.int64) + base
        col[bigrams] = (b_hash & wmask).astype(np.int64) + base
        start[words] = w_local
        np.compress(same, w_local[:-1], out=start[bigrams])
        end[words] = w_local_end
        np.compress(same, w_local_end[1:], out=end[bigrams])
    rest = slice(n_char + n_words + n_bigrams, size)
    doc[rest] = tail.doc
    col[rest] = tail.col
    start[rest] = tail.start
    end[rest] = tail.end
    return _Block(doc, col, start, end, (*runs, n_words, n_bigrams, *tail.runs)), n_char


def _bucket(value: float, edges: Sequence[float]) -> int:
    for i, edge in enumerate(edges):
        if value < edge:
            return i
    return len(edges)


_SHAPE_RE = re.compile(
    r"(?P<url>(?:https?://|www\.)[^\s<>\"]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|biz|xyz|io|"
    r"co|ru|cn|top|site|online|club|shop|ly|me|tk|us|uk)\b(?:/[^\s<>\"]*)?)"
    r"|(?P<email>[\w.+-]+@[\w-]+\.[\w.]+)"
    r"|(?P<money>[$€£]\s?\d[\d,.]*k?|\b\d[\d,.]*\s?(?:usd|dollars|euros|bucks|btc)\b)"
)
_DIGITS7_RE = re.compile(r"\d[^a-z]{5,}\d")


_TLD_HINT_RE = re.compile(
    r"\.(?:com|net|org|info|biz|xyz|io|co|ru|cn|top|site|online|club|shop|ly|me|tk|us|uk)\b"
)
# Necessary conditions for a match of `_SHAPE_RE` (a link literal or a top-level domain, an e-mail's
# "@host.", a currency sign, or a money word): a text with none of them has no shape token.
_URL_LITERALS = ("http://", "https://", "www.")
_EMAIL_HINT_RE = re.compile(r"@[\w-]+\.[\w.]")
_MONEY_LITERALS = ("$", "€", "£", "usd", "dollars", "euros", "bucks", "btc")
_SHAPE_LITERALS = _URL_LITERALS + _MONEY_LITERALS
_LEN_EDGES = np.array([3, 4, 5, 6, 7, 8, 9], dtype=np.float64)
_CAPS_EDGES = np.array([0.1, 0.3, 0.6, 0.9])
_BANG_EDGES = np.array([2, 4])


def special_tokens(text: str, hinted: bool = True, digits: bool = True) -> list[tuple[str, int, int]]:
    """Link, e-mail, money and phone tokens of one lowercased text, with their spans.

    `hinted`/`digits` say whether a cheap batch-wide scan saw a hint of a link, e-mail or money token
    (`_may_have_shape`) or a long digit run in this text; without them the text has no such token and
    the regular expressions are skipped.
    """
    tokens: list[tuple[str, int, int]] = []
    if hinted and _may_have_shape(text):
        n_links = 0
        for match in _SHAPE_RE.finditer(text):
            kind = match.lastgroup or ""
            start, end = match.span()
            tokens.append(("<" + kind + ">", start, end))
            if kind == "url":
                n_links += 1
                host = re.sub(r"^(?:https?://)?(?:www\.)?", "", match.group()).split("/")[0]
                tokens.append(("<tld>" + host.rsplit(".", 1)[-1], start, end))
                tokens.append(("<host>" + host, start, end))
                if "/" in match.group().split("://")[-1].rstrip("/"):
                    tokens.append(("<url-path>", start, end))
        if n_links:
            tokens.append((f"<links{_bucket(n_links, (2, 3))}>", 0, 0))
    if digits and _DIGITS7_RE.search(text) and _PHONE_RE.search(text):
        tokens.append(("<phone>", 0, 0))
    return tokens


def _shape_docs(joined: str, bounds: npt.NDArray[np.int64]) -> set[int]:
    """The texts of a batch (`joined` with newlines; text d ends before `bounds[d]`) that `_may_have_shape`.

    No literal nor hint holds a newline, and `_TLD_HINT_RE`'s final word boundary matches before a newline
    as at the end of a text, so every hint found in the joined batch lies inside one text, as it would in
    that text alone. Texts without hints (most, even those with a mention's "@") cost nothing here.
    """
    positions = [m.start() for m in _TLD_HINT_RE.finditer(joined)]
    if "@" in joined:
        positions.extend(m.start() for m in _EMAIL_HINT_RE.finditer(joined))
    for literal in _SHAPE_LITERALS:
        start = joined.find(literal)
        while start >= 0:
            positions.append(start)
            start = joined.find(literal, start + 1)
    if not positions:
        return set()
    return set(np.searchsorted(bounds, positions, "right").tolist())


def _may_have_shape(text: str) -> bool:
    """False only when `_SHAPE_RE` cannot match in `text` (then its costly scan is skipped)."""
    return (
        any(literal in text for literal in _URL_LITERALS)
        or _TLD_HINT_RE.search(text) is not None
        or ("@" in text and _EMAIL_HINT_RE.search(text) is not None)
        or any(literal in text for literal in _MONEY_LITERALS)
    )


_TOKEN_COLUMN: dict[tuple[str, int], int] = {}


def _column(token: str, config: FeatureConfig) -> int:
    key = (token, config.word_bits)
    column = _TOKEN_COLUMN.get(key)
    if column is None:
        column = config.n_char + (zlib.crc32(token.encode()) & ((1 << config.word_bits) - 1))
        if len(_TOKEN_COLUMN) < 100_000:
            _TOKEN_COLUMN[key] = column
    return column


def _columns(prefix: str, count: int, config: FeatureConfig) -> npt.NDArray[np.int64]:
    return np.array([_column(f"<{prefix}{i}>", config) for i in range(count)], dtype=np.int64)


def _zeros(n: int) -> npt.NDArray[np.int64]:
    return np.zeros(n, dtype=np.int64)


def _count_per_doc(mask: npt.NDArray[np.bool_], bounds: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """How many positions of each document [bounds[d], bounds[d + 1]) `mask` holds, as floats."""
    if bounds.shape[0] == 2:  # one document (scoring one comment): fewer calls
        return np.array([np.count_nonzero(mask[bounds[0] : bounds[1]])], dtype=np.float64)
    running = np.zeros(mask.shape[0] + 1, dtype=np.int64)
    np.cumsum(mask, out=running[1:])
    return np.diff(running[bounds]).astype(np.float64)


def _shape_block(texts: Sequence[str], originals: Sequence[str] | None, config: FeatureConfig) -> _Block:
    """Shape tokens of the batch: length, capitals, "!" and emoji buckets vectorised; links, e-mail, money
    and phone numbers only for the texts a batch-wide scan found a hint in."""
    n = len(texts)
    docs_all = np.arange(n, dtype=np.int64)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n)
    doc_parts = [docs_all]
    col_parts = [_columns("len", 8, config)[np.searchsorted(_LEN_EDGES, np.log2(1 + lengths), side="right")]]
    # capitals share, exclamation marks and emoji, read from the original (un-lowercased) texts
    source = originals if originals is not None else texts
    joined_source = "\x00".join(source)
    codes = np.frombuffer(joined_source.encode("utf-32-le"), dtype=np.uint32)
    source_lengths = np.fromiter((len(o) + 1 for o in source), dtype=np.int64, count=n)
    bounds_source = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(source_lengths, out=bounds_source[1:])
    np.minimum(bounds_source, codes.shape[0], out=bounds_source)
    upper = _count_per_doc((codes >= 65) & (codes <= 90), bounds_source)
    lower = _count_per_doc((codes >= 97) & (codes <= 122), bounds_source)
    bang = _count_per_doc(codes == 33, bounds_source)
    emoji = _count_per_doc(
        ((codes >= 0x1F300) & (codes <= 0x1FAFF)) | ((codes >= 0x2600) & (codes <= 0x27BF)), bounds_source
    )
    letters = upper + lower
    has_caps = letters >= 8
    ratio = upper[has_caps] / letters[has_caps]
    doc_parts.append(docs_all[has_caps])
    col_parts.append(_columns("caps", 5, config)[np.searchsorted(_CAPS_EDGES, ratio, side="right")])
    has_bang = bang > 0
    doc_parts.append(docs_all[has_bang])
    col_parts.append(_columns("bang", 3, config)[np.searchsorted(_BANG_EDGES, bang[has_bang], side="right")])
    has_emoji = emoji > 0
    doc_parts.append(docs_all[has_emoji])
    col_parts.append(np.full(int(has_emoji.sum()), _column("<emoji>", config), dtype=np.int64))
    runs = [len(d) for d in doc_parts]
    starts_parts = [_zeros(len(d)) for d in doc_parts]
    ends_parts = [_zeros(len(d)) for d in doc_parts]
    # links, e-mail, money and phone numbers: find candidate texts with one scan of the whole batch
    joined = "\n".join(texts)
    bounds = np.cumsum(lengths + 1)
    hinted = _shape_docs(joined, bounds)
    digit_docs: set[int] = set()
    for match in _DIGITS7_RE.finditer(joined):
        first, last = np.searchsorted(bounds, [match.start(), match.end() - 1], "right")
        digit_docs.update(range(int(first), int(last) + 1))
    s_docs: list[int] = []
    s_cols: list[int] = []
    s_starts: list[int] = []
    s_ends: list[int] = []
    for d in sorted(hinted | digit_docs):
        for token, start, end in special_tokens(texts[d], d in hinted, d in digit_docs):
            s_docs.append(d)
            s_cols.append(_column(token, config))
            s_starts.append(start)
            s_ends.append(end)
    doc_parts.append(np.asarray(s_docs, dtype=np.int64))
    col_parts.append(np.asarray(s_cols, dtype=np.int64))
    starts_parts.append(np.asarray(s_starts, dtype=np.int64))
    ends_parts.append(np.asarray(s_ends, dtype=np.int64))
    runs.append(len(s_docs))
    return _Block(
        np.concatenate(doc_parts),
        np.concatenate(col_parts).astype(np.int64),
        np.concatenate(starts_parts),
        np.concatenate(ends_parts),
        tuple(runs),
    )


def featurize(
    texts: Sequence[str], config: FeatureConfig, originals: Sequence[str] | None = None
) -> BatchFeatures:
    """Featurise a batch of normalised texts; `originals` (same order) feed the capitals/emoji tokens."""
    lowered = _mask_batch([lower_same_length(t) for t in texts])
    n_docs = len(lowered)
    block, n_char = _stream_blocks(lowered, config, _shape_block(lowered, originals, config))
    c_doc, w_doc = block.doc[:n_char], block.doc[n_char:]
    c_count = np.bincount(c_doc, minlength=n_docs).astype(np.float32)
    w_count = np.bincount(w_doc, minlength=n_docs).astype(np.float32)
    c_inv = 1.0 / np.sqrt(np.maximum(c_count, 1.0))
    w_inv = 1.0 / np.sqrt(np.maximum(w_count, 1.0))
    value = np.empty(len(block.doc), dtype=np.float32)
    np.take(c_inv, c_doc, out=value[:n_char])
    np.take(w_inv, w_doc, out=value[n_char:])
    return BatchFeatures(
        doc=block.doc,
        index=block.col,
        value=value,
        start=block.start,
        end=block.end,
        n_docs=n_docs,
        segments=tuple(int(b) for b in np.cumsum([0, *block.runs])),
    )
