"""The fast learned tier: calibrated linear models over hashed character and word n-grams.

Trained by `python -m training` (see training/train.py) and shipped as `models/learned.npz` (int8 weights,
one scale per category; loaded with `allow_pickle=False`) plus `models/learned.json` (feature sizes,
intercepts, Platt calibration, provenance). Scoring a batch is a handful of numpy operations; evidence is
the words whose n-grams pushed a fired category's score up the most, mapped back to the original text.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

from civility.moderation.categories import Category
from civility.moderation.detector import DetectorOutput, EvidenceSpan, NormalizedText
from civility.moderation.detectors.learned_features import (
    BatchFeatures,
    FeatureConfig,
    featurize,
    lower_same_length,
)

_BOUNDARY_CHARS = frozenset(
    ' \t\n\r\f\v\u00a0\u2028\u2029.,!?;:"()[]{}<>\u2026\u201c\u201d\u00ab\u00bb|~`^=+_'
)


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
        weights = raw.astype(np.float32) * scale
        return cls(categories, config, np.ascontiguousarray(weights), intercept, platt_a, platt_b)


@dataclass(frozen=True, slots=True)
class _Scored:
    features: BatchFeatures
    contributions: npt.NDArray[np.float32]  # occurrences x categories
    probabilities: npt.NDArray[np.float64]  # docs x categories


class LearnedDetector:
    """Scores violence, hate, profanity, vulgarity, discourtesy and spam with the shipped linear models."""

    name = "learned"

    def __init__(
        self,
        model: LearnedModel | None = None,
        evidence_threshold: float = 0.3,
        max_evidence_words: int = 4,
        time_budget_ms: float = 50.0,
    ) -> None:
        self.model = model if model is not None else LearnedModel.load()
        self.categories = frozenset(self.model.categories)
        self.time_budget_ms = time_budget_ms
        self.evidence_threshold = evidence_threshold
        self.max_evidence_words = max_evidence_words

    def detect(self, text: NormalizedText) -> DetectorOutput:
        """Score one normalised comment; spans point into `text.original`."""
        return self.detect_batch([text])[0]

    def detect_batch(self, texts: Sequence[NormalizedText]) -> list[DetectorOutput]:
        """Score many comments at once (much faster per comment than one by one), same results."""
        if not texts:
            return []
        scored = self._score([t.text for t in texts], [t.original for t in texts])
        outputs: list[DetectorOutput] = []
        categories = self.model.categories
        fired: npt.NDArray[np.bool_] = np.any(scored.probabilities >= self.evidence_threshold, axis=1)
        fired_any = [bool(value) for value in fired.tolist()]
        doc_order = np.argsort(scored.features.doc, kind="stable") if any(fired_any) else None
        bounds = (
            np.searchsorted(scored.features.doc[doc_order], np.arange(len(texts) + 1))
            if doc_order is not None
            else None
        )
        for d, text in enumerate(texts):
            probs = scored.probabilities[d]
            output = DetectorOutput(scores={c: float(probs[k]) for k, c in enumerate(categories)})
            if fired_any[d] and doc_order is not None and bounds is not None:
                rows = doc_order[bounds[d] : bounds[d + 1]]
                for k, category in enumerate(categories):
                    if probs[k] >= self.evidence_threshold:
                        output.spans.extend(self._evidence(text, scored, rows, k, category))
            outputs.append(output)
        return outputs

    def score_texts(
        self, texts: Sequence[str], originals: Sequence[str] | None = None
    ) -> npt.NDArray[np.float64]:
        """Calibrated probabilities (docs x categories) of already-normalised texts."""
        return self._score(texts, originals).probabilities

    def _score(self, texts: Sequence[str], originals: Sequence[str] | None) -> _Scored:
        features = featurize(texts, self.model.config, originals)
        contributions = self.model.weights[features.index] * features.value[:, None]
        n_docs = features.n_docs
        n_cat = len(self.model.categories)
        flat = (features.doc[:, None] * n_cat + np.arange(n_cat)).ravel()
        raw = np.bincount(flat, weights=contributions.ravel(), minlength=n_docs * n_cat).reshape(
            n_docs, n_cat
        )
        logits = self.model.platt_a * (raw + self.model.intercept) + self.model.platt_b
        probabilities = 1.0 / (1.0 + np.exp(-logits.astype(np.float64)))
        return _Scored(features, contributions, probabilities)

    def _evidence(
        self, text: NormalizedText, scored: _Scored, rows: npt.NDArray[np.int64], k: int, category: Category
    ) -> list[EvidenceSpan]:
        """The words whose features contributed most to category k, as spans of the original text."""
        norm = lower_same_length(text.text)
        length = len(norm)
        if length == 0:
            return []
        starts = np.clip(scored.features.start[rows], 0, length)
        ends = np.clip(scored.features.end[rows], 0, length)
        contrib = scored.contributions[rows, k].astype(np.float64)
        keep = ends > starts
        starts, ends, contrib = starts[keep], ends[keep], contrib[keep]
        # spread each feature's contribution evenly over the characters it was read from
        density = np.zeros(length + 1)
        per_char = contrib / (ends - starts)
        np.add.at(density, starts, per_char)
        np.add.at(density, ends, -per_char)
        char_score = np.cumsum(density)[:length]
        words: list[tuple[float, int, int]] = []
        i = 0
        while i < length:
            if norm[i] in _BOUNDARY_CHARS:
                i += 1
                continue
            j = i
            while j < length and norm[j] not in _BOUNDARY_CHARS:
                j += 1
            words.append((float(char_score[i:j].sum()), i, j))
            i = j
        positive = [w for w in words if w[0] > 0]
        if not positive:
            return []
        best = max(w[0] for w in positive)
        chosen = sorted(positive, key=lambda w: -w[0])[: self.max_evidence_words]
        spans = []
        for score, i, j in sorted(chosen, key=lambda w: w[1]):
            if score >= 0.35 * best and not math.isclose(score, 0.0):
                start, end = text.to_original(i, j)
                spans.append(EvidenceSpan(start, end, category))
        return spans
