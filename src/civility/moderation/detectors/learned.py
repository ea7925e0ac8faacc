"""The fast learned tier: calibrated linear models over hashed character and word n-grams.

Trained by `python -m training` (see training/train.py) and shipped as `models/learned.npz` (int8 weights,
one scale per category; loaded with `allow_pickle=False`) plus `models/learned.json` (feature sizes,
intercepts, Platt calibration, provenance). Scoring a batch is a handful of numpy operations; evidence is
the words whose n-grams pushed a fired category's score up the most, mapped back to the original text.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

from civility.moderation.categories import Category
from civility.moderation.detector import DetectorOutput, EvidenceSpan, NormalizedText
from civility.moderation.detectors.learned_features import (
    IS_BOUNDARY_CODE,
    BatchFeatures,
    FeatureConfig,
    featurize,
)
from civility.moderation.detectors.learned_one import WordColumns, one_comment_features

_FIRST_ROW = np.zeros(1, dtype=np.int64)
ONE_COMMENT_MAX_CHARS = 300
"""`detect` reads a comment up to this long from cached word columns, a longer one with `featurize`:
about where the two cost the same (bench: real comments, one at a time)."""


class ModelFileError(ValueError):
    """The shipped model files are missing or malformed."""


@dataclass(frozen=True, slots=True)
class LearnedModel:
    """Weights (features x categories, float32, already scaled), intercepts and Platt parameters."""

    categories: tuple[Category, ...]
    config: FeatureConfig
    weights: npt.NDArray[np.float32]
    intercept: npt.NDArray[np.float32]
    platt_a: npt.NDArray[np.float32]
    platt_b: npt.NDArray[np.float32]

    @classmethod
    def load(cls, directory: Path | None = None, stem: str = "learned") -> LearnedModel:
        """Read `<stem>.npz` and `<stem>.json` from `directory` (default: the package's models/)."""
        if directory is None:
            base = resources.files("civility.moderation").joinpath("models")
            with resources.as_file(base) as path:
                return cls._read(Path(path), stem)
        return cls._read(directory, stem)

    @classmethod
    def _read(cls, directory: Path, stem: str) -> LearnedModel:
        json_path, npz_path = directory / f"{stem}.json", directory / f"{stem}.npz"
        try:
            doc = json.loads(json_path.read_text(encoding="utf-8"))
            with np.load(npz_path, allow_pickle=False) as arrays:
                raw = np.asarray(arrays["weights"])
                scale = np.asarray(arrays["scale"], dtype=np.float32)
        except (OSError, KeyError, ValueError) as exc:
            raise ModelFileError(f"cannot read the learned model in {directory}: {exc}") from exc
        try:
            categories = tuple(Category(name) for name in doc["categories"])
            feat = doc["features"]
            config = FeatureConfig(
                char_bits=int(feat["char_bits"]),
                word_bits=int(feat["word_bits"]),
                min_n=int(feat["min_n"]),
                max_n=int(feat["max_n"]),
            )
            intercept = np.array([doc["intercept"][c.value] for c in categories], dtype=np.float32)
            platt_a = np.array([doc["platt"][c.value]["a"] for c in categories], dtype=np.float32)
            platt_b = np.array([doc["platt"][c.value]["b"] for c in categories], dtype=np.float32)
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelFileError(f"{json_path}: malformed model config: {exc}") from exc
        if raw.shape != (config.n_features, len(categories)) or scale.shape != (len(categories),):
            raise ModelFileError(f"{npz_path}: weights of shape {raw.shape} do not match the config")
        # the weights are a view of rows padded to a width numpy's `take` copies with one fixed-size move
        # (see `_row_table`); the values are those of `raw.astype(np.float32) * scale` all the same
        table = np.zeros((config.n_features, _padded_width(len(categories))), dtype=np.float32)
        table[:, : len(categories)] = raw.astype(np.float32) * scale
        return cls(categories, config, table[:, : len(categories)], intercept, platt_a, platt_b)


def _padded_width(n_categories: int) -> int:
    """Columns of a weight row padded to 1, 2, 4 or 8 floats (4 to 32 bytes), or unpadded past 8."""
    return next((width for width in (1, 2, 4, 8) if width >= n_categories), n_categories)


def _row_table(weights: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """`weights` with each row padded with zeros to `_padded_width` columns, C-contiguous.

    numpy's `take` along the rows copies a row of 4, 8, 16 or 32 bytes with one fixed-size move, and one
    of 24 bytes (six categories) with a generic copy: gathering the rows of a batch's features, the
    costliest memory access of scoring, is about a quarter faster padded. The model's weights are
    already a view of such a table (`LearnedModel._read`); other weights are copied into one.
    """
    width = _padded_width(weights.shape[1])
    if width == weights.shape[1] and weights.flags.c_contiguous:
        return weights
    base = weights.base
    if (
        isinstance(base, np.ndarray)
        and base.dtype == weights.dtype
        and base.shape == (weights.shape[0], width)
        and base.flags.c_contiguous
        and base.ctypes.data == weights.ctypes.data
        and weights.strides == base.strides
    ):
        return base
    table = np.zeros((weights.shape[0], width), dtype=np.float32)
    table[:, : weights.shape[1]] = weights
    return table


@dataclass(frozen=True, slots=True)
class _Scored:
    features: BatchFeatures
    contributions: npt.NDArray[np.float32]  # occurrences x categories (and zero columns of padding)
    probabilities: npt.NDArray[np.float64]  # docs x categories


class LearnedDetector:
    """Scores violence, hate, profanity, vulgarity, discourtesy and spam with the shipped linear models."""

    name = "learned"

    def __init__(
        self,
        model: LearnedModel | None = None,
        evidence_threshold: float = 0.5,
        max_evidence_words: int = 4,
        time_budget_ms: float = 50.0,
    ) -> None:
        self.model = model if model is not None else LearnedModel.load()
        self._table = _row_table(self.model.weights)
        self.categories = frozenset(self.model.categories)
        self.time_budget_ms = time_budget_ms
        self.evidence_threshold = evidence_threshold
        self.max_evidence_words = max_evidence_words
        self._words = WordColumns(self.model.config)

    def detect(self, text: NormalizedText) -> DetectorOutput:
        """Score one normalised comment; spans point into `text.original`.

        The features come from the cached columns of its words (`one_comment_features`: a fraction of
        `featurize`'s cost for one comment), equal to `featurize`'s, and are scored and explained by the
        same calls as a batch's: the same bits as the comment scored in a batch. A long comment goes
        through `featurize` (its fixed cost is then the smaller part, and assembling many words' columns
        in Python the larger).
        """
        if len(text.text) > ONE_COMMENT_MAX_CHARS:
            return self.detect_batch([text])[0]
        config = self.model.config
        one = one_comment_features(text.text, text.original, config, self._words)
        contributions = self._contributions(one.index, one.value)
        probabilities = self._calibrated(self._raw(contributions, None, one.segments, 1))
        output = DetectorOutput(
            scores=dict(zip(self.model.categories, probabilities[0].tolist(), strict=True))
        )
        fired: npt.NDArray[np.bool_] = probabilities >= self.evidence_threshold
        if fired.any():
            self._evidence([text], one.features(config), contributions, _FIRST_ROW, fired, [output])
        return output

    def detect_batch(self, texts: Sequence[NormalizedText]) -> list[DetectorOutput]:
        """Score many comments at once (much faster per comment than one by one), same results."""
        if not texts:
            return []
        scored = self._score([t.text for t in texts], [t.original for t in texts])
        categories = self.model.categories
        outputs = [
            DetectorOutput(scores=dict(zip(categories, row, strict=True)))
            for row in scored.probabilities.tolist()
        ]
        fired: npt.NDArray[np.bool_] = scored.probabilities >= self.evidence_threshold
        any_fired = np.asarray(fired.any(axis=1), dtype=np.bool_)
        docs = np.flatnonzero(any_fired)
        if len(docs):
            # only the documents with a fired category: the others add exact zeros to every running sum
            # of `_evidence`, so leaving them out changes no word's score (and saves most of the work)
            doc_list = docs.tolist()
            self._evidence(
                [texts[d] for d in doc_list],
                scored.features,
                scored.contributions,
                docs,
                fired[docs],
                [outputs[d] for d in doc_list],
            )
        return outputs

    def score_texts(
        self, texts: Sequence[str], originals: Sequence[str] | None = None
    ) -> npt.NDArray[np.float64]:
        """Calibrated probabilities (docs x categories) of already-normalised texts."""
        return self._score(texts, originals).probabilities

    def _score(self, texts: Sequence[str], originals: Sequence[str] | None) -> _Scored:
        features = featurize(texts, self.model.config, originals)
        contributions = self._contributions(features.index, features.value)
        raw = self._raw(contributions, features.doc, features.segments, features.n_docs)
        return _Scored(features, contributions, self._calibrated(raw))

    def _contributions(
        self, index: npt.NDArray[np.int64], value: npt.NDArray[np.float32]
    ) -> npt.NDArray[np.float32]:
        """Each occurrence's weight row times its value: occurrences x padded categories (the padding
        columns are zeros)."""
        contributions = np.take(self._table, index, axis=0)
        contributions *= value[:, None]
        return contributions

    def _raw(
        self,
        contributions: npt.NDArray[np.float32],
        doc: npt.NDArray[np.int64] | None,
        segments: tuple[int, ...],
        n_docs: int,
    ) -> npt.NDArray[np.float64]:
        """Per document and category, the sum of its contributions (`doc` may be None for one document)."""
        n_categories = len(self.model.categories)
        raw = np.zeros((n_docs, n_categories), dtype=np.float64)
        if n_docs == 1:
            # every row is the document's: each segment is one run, summed by the same reduceat call the
            # general loop makes (so the same bits), without finding where the runs start
            for s0, s1 in itertools.pairwise(segments):
                if s1 > s0:
                    raw[0] += np.add.reduceat(contributions[s0:s1, :n_categories], _FIRST_ROW, axis=0)[0]
            return raw
        assert doc is not None
        every_doc = np.arange(n_docs)
        for s0, s1 in itertools.pairwise(segments):
            if s1 == s0:
                continue
            firsts = np.searchsorted(doc[s0:s1], every_doc)
            nexts = np.append(firsts[1:], s1 - s0)
            present = nexts > firsts
            # rows of absent documents are empty, so consecutive present starts delimit each document
            raw[present] += np.add.reduceat(contributions[s0:s1, :n_categories], firsts[present], axis=0)
        return raw

    def _calibrated(self, raw: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Probabilities from raw scores (the last axis is the categories): Platt scaling."""
        logits = self.model.platt_a * (raw + self.model.intercept) + self.model.platt_b
        result: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-logits))
        return result

    def _evidence(
        self,
        texts: Sequence[NormalizedText],
        features: BatchFeatures,
        all_contributions: npt.NDArray[np.float32],
        docs: npt.NDArray[np.int64],
        fired: npt.NDArray[np.bool_],
        outputs: list[DetectorOutput],
    ) -> None:
        """Add, per fired category, the words whose features raised its score most (original-text spans).

        `texts`, `fired` and `outputs` are those of the batch's documents `docs` (in order); `features`
        and `all_contributions` cover the whole batch. Vectorised over the batch and the categories: each
        feature's contribution is spread evenly over the characters it was read from, characters are
        summed into words, and the best words of each fired category are kept.
        """
        norms = [t.text for t in texts]
        n_sel = len(norms)
        # lengths of the selected documents, and 0 for the others (renumbered to -1 below): their
        # occurrences are clipped to empty spans and dropped with the empty ones
        lengths = np.zeros(n_sel + 1, dtype=np.int64)
        lengths[:n_sel] = np.fromiter((len(t) for t in norms), dtype=np.int64, count=n_sel)
        offsets = np.zeros(n_sel + 1, dtype=np.int64)
        np.cumsum(lengths[:n_sel] + 1, out=offsets[1:])
        if n_sel == features.n_docs:
            doc_sel = features.doc
        else:
            renumber = np.full(features.n_docs, -1, dtype=np.int64)
            renumber[docs] = np.arange(n_sel)
            doc_sel = renumber[features.doc]
        # gathers are written as np.take, which costs about half of the same `a[indices]` in numpy
        limit = np.take(lengths, doc_sel)
        starts = np.maximum(features.start, 0)
        np.minimum(starts, limit, out=starts)
        ends = np.maximum(features.end, 0)
        np.minimum(ends, limit, out=ends)
        # the occurrences read from some character of a selected document (the others add nothing)
        nonempty = ends > starts
        stream = " ".join(norms) + " "
        codes = np.frombuffer(stream.encode("utf-32-le"), dtype=np.uint32)
        boundary = np.take(IS_BOUNDARY_CODE, np.minimum(codes, IS_BOUNDARY_CODE.shape[0] - 1))
        inside = ~boundary
        first_char = inside & np.concatenate(([True], boundary[:-1]))
        word_starts = np.flatnonzero(first_char)
        if len(word_starts) == 0:
            return
        word_ends = np.flatnonzero(inside & np.concatenate((boundary[1:], [True]))) + 1
        word_at = np.cumsum(first_char) - 1  # the word of each character (where inside one)
        word_doc = np.searchsorted(offsets, word_starts, side="right") - 1
        doc_words = np.searchsorted(word_doc, np.arange(n_sel + 1))
        # One "pair" per fired (category, document), category-major. For each pair a segment holds the
        # document's characters (and the space after it); a category's segments are consecutive, so one
        # running sum per category over its segments gives the same values, bit for bit, as a running sum
        # over the whole batch in which the documents where the category did not fire add exact zeros.
        fired_t = np.ascontiguousarray(fired.T)
        pair_k, pair_d = np.nonzero(fired_t)
        n_pairs = len(pair_k)
        seg_len = np.take(lengths, pair_d) + 1
        seg_start = np.zeros(n_pairs + 1, dtype=np.int64)
        np.cumsum(seg_len, out=seg_start[1:])
        n_categories = fired.shape[1]
        # the start of the segment of each (category, document) pair (where the category fired)
        pair_base = np.zeros((n_categories, n_sel), dtype=np.int64)
        pair_base[pair_k, pair_d] = seg_start[:-1]
        needed = np.flatnonzero(fired_t.any(axis=1))
        # one row per (fired category, nonempty occurrence of a document where it fired), category-major
        rows: list[npt.NDArray[np.int64]] = []
        bases: list[npt.NDArray[np.int64]] = []
        for k in needed.tolist():
            k_rows = np.flatnonzero(np.take(fired_t[k], doc_sel) & nonempty)
            rows.append(k_rows)
            bases.append(np.take(pair_base[k], np.take(doc_sel, k_rows)))
        row_k = np.repeat(needed, [len(r) for r in rows])
        occurrence = np.concatenate(rows)
        seg_base = np.concatenate(bases)
        row_starts = np.take(starts, occurrence)
        row_ends = np.take(ends, occurrence)
        widths = (row_ends - row_starts).astype(np.float64)
        flat_rows = occurrence * all_contributions.shape[1] + row_k
        per_char = np.take(all_contributions.reshape(-1), flat_rows) / widths
        size = int(seg_start[-1]) + 1
        row_starts += seg_base
        row_ends += seg_base
        density = np.bincount(row_starts, per_char, size) - np.bincount(row_ends, per_char, size)
        char_score = np.empty(size - 1, dtype=np.float64)
        k_bounds = seg_start[np.searchsorted(pair_k, np.append(needed, n_categories))].tolist()
        for lo, hi in itertools.pairwise(k_bounds):
            np.cumsum(density[lo:hi], out=char_score[lo:hi])
        # the characters of each pair's segment in the batch's stream, summed into the pair's words
        pair_at = np.repeat(np.arange(n_pairs), seg_len)
        source = np.arange(size - 1) - np.take(seg_start[:-1] - np.take(offsets, pair_d), pair_at)
        in_word = np.take(inside, source)
        first_word = np.take(doc_words, pair_d)
        word_count = np.take(doc_words, pair_d + 1) - first_word
        pair_words = np.zeros(n_pairs + 1, dtype=np.int64)
        np.cumsum(word_count, out=pair_words[1:])
        n_pair_words = int(pair_words[-1])
        # a character's word among the pair's words: its word in the batch, less the document's first
        word_index = np.take(pair_words[:-1] - first_word, pair_at[in_word]) + np.take(
            word_at, source[in_word]
        )
        word_sums = np.bincount(word_index, char_score[in_word], n_pair_words)
        # per pair: the best words (descending, ties in text order, as a stable sort by -score), those
        # within 0.35 of the best, in text order; none where the best is not positive
        word_pair = np.repeat(np.arange(n_pairs), word_count)
        best = np.full(n_pairs, -np.inf)
        has_words = word_count > 0
        if n_pair_words:
            best[has_words] = np.maximum.reduceat(word_sums, pair_words[:-1][has_words])
        # a word ranked above one within 0.35 of the best is within it too, so ranking the candidates
        # alone gives every candidate its rank among all the pair's words
        word_best = np.take(best, word_pair)
        candidates = np.flatnonzero((word_best > 0) & (word_sums >= 0.35 * word_best))
        cand_pair = word_pair[candidates]
        order = candidates[np.lexsort((candidates, -word_sums[candidates], cand_pair))]
        first_of_pair = np.searchsorted(cand_pair, cand_pair, side="left")
        rank = np.arange(len(candidates)) - first_of_pair
        chosen = np.sort(order[rank < self.max_evidence_words])
        local = chosen - pair_words[word_pair[chosen]]
        chosen_pair = word_pair[chosen]
        chosen_doc = pair_d[chosen_pair]
        chosen_word = doc_words[chosen_doc] + local
        doc_base = offsets[chosen_doc]
        categories = self.model.categories
        text_offsets = [t.offsets for t in texts]
        spans = [out.spans for out in outputs]
        for d, k, start, end in zip(
            chosen_doc.tolist(),
            pair_k[chosen_pair].tolist(),
            (word_starts[chosen_word] - doc_base).tolist(),
            (word_ends[chosen_word] - doc_base).tolist(),
            strict=True,
        ):
            # `to_original` of a non-empty span
            offsets_d = text_offsets[d]
            spans[d].append(EvidenceSpan(offsets_d[start], offsets_d[end - 1] + 1, categories[k]))
