"""A publisher's own word list as a detector: whole words and phrases, matched after normalisation."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from civility.moderation.categories import Category
from civility.moderation.detector import DetectorOutput, EvidenceSpan, NormalizedText
from civility.moderation.normalize import normalize


class WordListDetector:
    """Scores `category` at `score` when any listed word or phrase occurs (evasions included)."""

    context_aware = True

    def __init__(
        self,
        words: list[str],
        category: Category,
        score: float = 0.9,
        name: str = "wordlist",
        time_budget_ms: float = 100.0,
    ) -> None:
        if not words:
            raise ValueError("a word list needs at least one word")
        if not 0.0 <= score <= 1.0:
            raise ValueError("score must be in [0, 1]")
        self.name = name
        self.category = category
        self.categories = frozenset({category})
        self.score = score
        self.time_budget_ms = time_budget_ms
        forms = sorted(
            {normalize(word).text.strip() for word in words if word.strip()}, key=len, reverse=True
        )
        alternatives = "|".join(re.escape(form).replace(r"\ ", r"\s+") for form in forms)
        self._pattern = re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> WordListDetector:
        """Build from a `DetectorSpec`'s options: words, category, optional score and name."""
        words = options.get("words")
        if not isinstance(words, list) or not all(isinstance(word, str) for word in words):
            raise ValueError("wordlist: 'words' must be a list of strings")
        return cls(
            words=words,
            category=Category(options.get("category", Category.DISCOURTESY)),
            score=float(options.get("score", 0.9)),
            name=str(options.get("name", "wordlist")),
        )

    def detect(self, text: NormalizedText) -> DetectorOutput:
        spans = [
            EvidenceSpan(*text.to_original(*match.span()), self.category)
            for match in self._pattern.finditer(text.text)
        ]
        return DetectorOutput(scores={self.category: self.score if spans else 0.0}, spans=spans)
