"""What the doxing tests share: one warmed-up detector, and what it finds in a text."""

from __future__ import annotations

from functools import cache

from civility.moderation.categories import Category
from civility.moderation.detectors.doxing import DoxingDetector
from civility.moderation.normalize import normalize


@cache
def warmed_detector() -> DoxingDetector:
    doxing = DoxingDetector()
    doxing.warm_up()
    return doxing


def found(detector: DoxingDetector, text: str) -> tuple[float, list[str]]:
    """The doxing score and the flagged words (as written in `text`)."""
    output = detector.detect(normalize(text))
    return output.scores[Category.DOXING], [text[span.start : span.end] for span in output.spans]
