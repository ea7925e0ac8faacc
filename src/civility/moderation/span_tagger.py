"""Which words of a comment carry its toxicity: a word tagger trained on Toxic Spans.

The detectors score a comment; their spans say what raised the score (a lexicon word, a rule's match, a
model's n-gram). People reading a toxic comment mark other words too: the insult without a listed word
("clueless", "pathetic"), the whole threat, the swear word the lexicon spells differently. This tagger
reads each word of the normalised text with its neighbours and gives a probability that a reader would
mark it, and the kind of harm it does (insult, threat, identity attack, swearing), so the engine can show
those words as evidence for the categories the comment scores in (`phases/evidence.py`).

The model is a logistic regression over sparse string features (the word, its neighbours, its suffix,
its lexicon kind), trained by `training/train_span_tagger.py` on the Toxic Spans posts outside our dev
split (each word labelled with the share of annotators who marked it) and shipped in
`models/span_tagger.npz` (feature names as UTF-8 text and a weight matrix: no pickle). Scoring a
comment is a few dictionary lookups per word.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from civility.moderation.categories import Category
from civility.moderation.detectors._text import TOKEN

# Words as the tagger sees them in normalised text: the rule detectors' tokens (letters, digits and the
# masks of "f***" and "@ss").
WORD = TOKEN
# The kinds of harm Toxic Spans' annotators gave their spans, as our categories (column order of the
# model's type head; "Other toxicity" is read as discourtesy).
KINDS = (Category.DISCOURTESY, Category.VIOLENCE, Category.HATE, Category.PROFANITY)
_BOUNDARY = "<s>"


def word_features(words: list[str], index: int, lexicon_kind: Mapping[str, str]) -> list[str]:
    """The sparse features of `words[index]` (shared by training and scoring)."""
    word = words[index]
    before = words[index - 1] if index > 0 else _BOUNDARY
    after = words[index + 1] if index + 1 < len(words) else _BOUNDARY
    features = [
        "w=" + word,
        "b=" + before,
        "a=" + after,
        "bw=" + before + " " + word,
        "wa=" + word + " " + after,
        "s3=" + word[-3:],
        "p4=" + word[:4],
    ]
    kind = lexicon_kind.get(word)
    if kind is not None:
        features.append("k=" + kind)
        features.append("kb=" + kind + " " + before)
    before_kind = lexicon_kind.get(before)
    if before_kind is not None:
        features.append("bk=" + before_kind)
    after_kind = lexicon_kind.get(after)
    if after_kind is not None:
        features.append("ak=" + after_kind)
    if "*" in word:
        features.append("masked")
    return features


@dataclass(frozen=True, slots=True)
class TaggedWord:
    """One word of the normalised text the tagger would mark: its region, probability and kind."""

    start: int
    end: int
    probability: float
    kind: Category
    listed: bool  # a word of the lexicon (its detector has read it in context)


class SpanTagger:
    """Scores the words of a normalised comment; see the module docstring.

    The toxic logit of a word is the sum of its features' weights. Scoring regroups them so that no
    feature string is built per word: the features of the word alone, of the word before and of the
    word after (each cached per distinct word), and of the two word pairs (looked up as tuples). Only a
    tagged word's kind is computed from its feature strings."""

    def __init__(
        self,
        toxic: Mapping[str, float],
        kind: Mapping[str, Sequence[float]],
        bias: np.ndarray,
        threshold: float,
        lexicon_kind: Mapping[str, str],
    ) -> None:
        self._toxic = dict(toxic)
        self._kind = kind
        self._toxic_bias = float(bias[0])
        self._kind_bias = tuple(bias[1:].tolist())
        self.threshold = threshold
        self._lexicon_kind = lexicon_kind
        # the logit at which a word is tagged: words are compared before the sigmoid
        self._logit_threshold = math.log(threshold / (1.0 - threshold))
        self._pairs_before: dict[tuple[str, str], float] = {}
        self._pairs_after: dict[tuple[str, str], float] = {}
        self._kind_before: dict[tuple[str, str], float] = {}
        tables = {"bw": self._pairs_before, "wa": self._pairs_after, "kb": self._kind_before}
        for name, weight in toxic.items():
            prefix, _, rest = name.partition("=")
            table = tables.get(prefix)
            if table is not None:
                first, _, second = rest.partition(" ")
                table[(first, second)] = weight
        # an upper bound of what the pairs may add to a word (most words then need no pair lookup)
        # (a word has one pair with the word before it and one with the word after)
        bound_before: dict[str, float] = {}
        for (_previous, second), weight in self._pairs_before.items():
            bound_before[second] = max(bound_before.get(second, 0.0), weight)
        bound_after: dict[str, float] = {}
        for (first, _following), weight in self._pairs_after.items():
            bound_after[first] = max(bound_after.get(first, 0.0), weight)
        self._pair_bound = {
            word: bound_before.get(word, 0.0) + bound_after.get(word, 0.0)
            for word in {*bound_before, *bound_after}
        }
        self._kind_before_bound: dict[str, float] = {}
        for (lexicon_kind_name, _previous), weight in self._kind_before.items():
            bound = max(self._kind_before_bound.get(lexicon_kind_name, 0.0), weight)
            self._kind_before_bound[lexicon_kind_name] = bound
        self._parts: dict[str, tuple[float, float, float, float]] = {}
        self._boundary = self._word_parts(_BOUNDARY)

    @classmethod
    def load(cls) -> SpanTagger:
        return _shipped()

    def tag(self, text: str, keep: Callable[[int, int], bool] | None = None) -> list[TaggedWord]:
        """The words of `text` (normalised) whose probability reaches the threshold; `keep(start, end)`,
        when given, is asked before a word's kind is worked out (a caller that will drop the word saves
        that work)."""
        matches = list(WORD.finditer(text))
        if not matches:
            return []
        words = [match.group() for match in matches]
        parts_of = self._parts
        parts = [parts_of.get(word) or self._word_parts(word) for word in words]
        boundary = self._boundary
        as_before = [boundary[2]] + [part[2] for part in parts[:-1]]
        as_after = [part[3] for part in parts[1:]] + [boundary[3]]
        cut = self._logit_threshold - self._toxic_bias
        # most words cannot reach the threshold even with their best pairs: one comprehension skips them
        candidates = [
            index
            for index, (part, before, after) in enumerate(zip(parts, as_before, as_after, strict=True))
            if part[1] + before + after >= cut
        ]
        tagged: list[TaggedWord] = []
        for index in candidates:
            context = as_before[index] + as_after[index]
            alone = parts[index][0]
            word = words[index]
            previous = words[index - 1] if index > 0 else _BOUNDARY
            following = words[index + 1] if index + 1 < len(words) else _BOUNDARY
            logit = (
                alone
                + context
                + self._pairs_before.get((previous, word), 0.0)
                + self._pairs_after.get((word, following), 0.0)
            )
            kind = self._lexicon_kind.get(word)
            if kind is not None:
                logit += self._kind_before.get((kind, previous), 0.0)
            if logit < cut:
                continue
            match = matches[index]
            if keep is not None and not keep(match.start(), match.end()):
                continue
            probability = 1.0 / (1.0 + math.exp(-(logit + self._toxic_bias)))
            kind_of_harm = self._kind_of(words, index)
            tagged.append(TaggedWord(match.start(), match.end(), probability, kind_of_harm, kind is not None))
        return tagged

    def _kind_of(self, words: list[str], index: int) -> Category:
        logits = list(self._kind_bias)
        for feature in word_features(words, index, self._lexicon_kind):
            row = self._kind.get(feature)
            if row is not None:
                logits = [total + weight for total, weight in zip(logits, row, strict=True)]
        return KINDS[logits.index(max(logits))]

    def _word_parts(self, word: str) -> tuple[float, float, float, float]:
        """(the word's own weight, that plus an upper bound of its pairs' weight, its weight as the word
        before, as the word after), cached per distinct word."""
        toxic = self._toxic
        alone = toxic.get("w=" + word, 0.0) + toxic.get("s3=" + word[-3:], 0.0)
        alone += toxic.get("p4=" + word[:4], 0.0)
        bound = self._pair_bound.get(word, 0.0)
        as_before = toxic.get("b=" + word, 0.0)
        as_after = toxic.get("a=" + word, 0.0)
        kind = self._lexicon_kind.get(word)
        if kind is not None:
            alone += toxic.get("k=" + kind, 0.0)
            bound += self._kind_before_bound.get(kind, 0.0)
            as_before += toxic.get("bk=" + kind, 0.0)
            as_after += toxic.get("ak=" + kind, 0.0)
        if "*" in word:
            alone += toxic.get("masked", 0.0)
        parts = (alone, alone + bound, as_before, as_after)
        if len(self._parts) >= _CACHE_WORDS:  # a long-running server meets unbounded words
            self._parts.clear()
        self._parts[word] = parts
        return parts


_CACHE_WORDS = 200_000


def lexicon_kinds() -> dict[str, str]:
    """The shipped lexicon's single words and inflections with their kind (swear, sexual, slur, insult):
    a feature of the tagger."""
    from civility.moderation.detectors.lexicon import load_lexicon

    lexicon = load_lexicon()
    kinds = {form: term.kind for form, term in lexicon.inflected.items()}
    kinds.update((form, term.kind) for form, term in lexicon.terms.items())
    return {form: kind for form, kind in kinds.items() if " " not in form}


@lru_cache(maxsize=1)
def _shipped() -> SpanTagger:
    path = resources.files("civility.moderation.models").joinpath("span_tagger.npz")
    with resources.as_file(path) as file, np.load(file, allow_pickle=False) as data:
        names = bytes(data["features"]).decode("utf-8").split("\n")
        matrix = data["weights"].astype(np.float64)
        bias = data["bias"].astype(np.float64)
        threshold = float(data["threshold"])
    toxic = dict(zip(names, matrix[:, 0].tolist(), strict=True))
    kind = dict(zip(names, map(tuple, matrix[:, 1:].tolist()), strict=True))
    return SpanTagger(toxic, kind, bias, threshold, lexicon_kinds())
