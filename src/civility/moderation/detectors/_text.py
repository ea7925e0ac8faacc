"""Small helpers shared by the rule detectors: tokens, sentences and spans over normalised text."""

from __future__ import annotations

import re
from bisect import bisect_right

from civility.moderation.categories import Category
from civility.moderation.detector import EvidenceSpan, NormalizedText

# Evidence is reported for every hit scoring at least this; the decision phase shows only the spans of
# categories that reached the site's threshold, so a comment is never flagged without its words.
EVIDENCE_FLOOR = 0.2
TOKEN = re.compile(r"[a-z0-9*@$]+(?:'[a-z]+)?")
SENTENCE_END = re.compile(r"[.!?\n;]+")
SECOND_PERSON = frozenset(
    {"you", "your", "you're", "youre", "u", "ur", "ya", "yourself", "yourselves", "y'all", "yall", "thou"}
)
NEGATION = re.compile(r"\b(?:not|never|no|n't|dont|don't|doesnt|doesn't|didnt|didn't|wont|won't|wouldnt|"
                      r"wouldn't|cannot|can't|cant|nobody|nothing)\b")


Token = re.Match[str]  # .start(), .end(), .group(): no per-token object beyond the match itself


def tokens(text: str) -> list[Token]:
    return list(TOKEN.finditer(text))


def sentence_bounds(text: str) -> list[int]:
    """Start offsets of the sentences of `text` (for `sentence_of`)."""
    return [0, *(match.end() for match in SENTENCE_END.finditer(text))]


def sentence_of(bounds: list[int], text: str, position: int) -> tuple[int, int]:
    """The [start, end) of the sentence containing `position`."""
    index = bisect_right(bounds, position) - 1
    start = bounds[index]
    end = bounds[index + 1] if index + 1 < len(bounds) else len(text)
    return start, end


def span(text: NormalizedText, start: int, end: int, category: Category) -> EvidenceSpan:
    """An evidence span over the ORIGINAL text for the normalised region [start, end)."""
    begin, finish = text.to_original(start, end)
    return EvidenceSpan(begin, finish, category)


def negated_before(text: str, start: int, window: int = 14) -> bool:
    """Whether a negation word occurs just before `start` ("don't hate", "would never hurt")."""
    return NEGATION.search(text[max(0, start - window) : start]) is not None
