"""Small helpers shared by the rule detectors: tokens, sentences and spans over normalised text."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

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


# Gates: most comments contain none of the words a rule needs, and one set intersection with the
# comment's words (computed once and shared by the detectors) then skips a regular expression whose
# alternation Python's engine would try at every word of the comment.
_LETTER_RUN = re.compile(r"[a-z]+")


@lru_cache(maxsize=256)
def words_of(text: str) -> frozenset[str]:
    """The maximal runs of the letters a-z in `text` (a normalised, lowercase comment).

    A regular expression that matches a whole word (no letter right before or after it) can only match
    where that word is one of these runs."""
    return frozenset(_LETTER_RUN.findall(text))


def passes(gate: frozenset[str] | None, words: frozenset[str]) -> bool:
    """Whether `words` hold one of the words of `gate` (None: no gate, always passes)."""
    return gate is None or not gate.isdisjoint(words)


def gate_words(alternation: str) -> frozenset[str]:
    """For a word alternation such as GROUPS ("(?:muslims?|jewish people|...)"), one whole word of each
    string it matches (the longest): when the alternation is matched with no letter on either side, a
    comment contains one of these words, and when none is among `words_of(text)` nothing can match.

    Only plain words, spaces, "'", "-", "/", ".", nested (?:...|...) groups, "?" after a letter or a
    group, letter classes ("[sz]") and "\\w+" (never chosen, nor the letters touching it) are understood;
    anything else raises ValueError, so that a pattern edited beyond this fails at import, not silently."""
    words: set[str] = set()
    for expansion in expansions(alternation):
        candidates = [
            match.group()
            for match in _LETTER_RUN.finditer(expansion)
            if "#" not in expansion[max(0, match.start() - 1) : match.end() + 1]
        ]
        if not candidates:
            raise ValueError(f"no whole word in {expansion!r} of {alternation!r}")
        words.add(max(reversed(candidates), key=len))  # on a tie the later, rarer word ("your kind")
    return frozenset(words)


def expansions(alternation: str) -> list[str]:
    """Every string a word alternation matches ("\\w+" stands as "#"); see `gate_words` for the syntax."""
    found, end = _expand(alternation, 0)
    if end != len(alternation):
        raise ValueError(f"unbalanced alternation at {end}: {alternation!r}")
    return found


_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyz '-/")


def _expand(pattern: str, index: int) -> tuple[list[str], int]:
    """The strings matched by the alternation starting at `index`, and the index of its end."""
    branches: list[str] = []
    sequence = [""]
    while index < len(pattern) and pattern[index] != ")":
        char = pattern[index]
        if char == "|":
            branches.extend(sequence)
            sequence = [""]
            index += 1
            continue
        if pattern.startswith("(?:", index):
            options, index = _expand(pattern, index + 3)
            if index >= len(pattern) or pattern[index] != ")":
                raise ValueError(f"unclosed group in {pattern!r}")
            index += 1
        elif char == "[":
            close = pattern.index("]", index)
            options = list(pattern[index + 1 : close])
            if not options or not set(options) <= _PLAIN:
                raise ValueError(f"unsupported class in {pattern!r}")
            index = close + 1
        elif pattern.startswith("\\w+", index):
            options, index = ["#"], index + 3
        elif char == "\\" and index + 1 < len(pattern) and pattern[index + 1] in ".-'/":
            options, index = [pattern[index + 1]], index + 2
        elif char in _PLAIN:
            options, index = [char], index + 1
        else:
            raise ValueError(f"unsupported {char!r} in {pattern!r}")
        if index < len(pattern) and pattern[index] == "?":
            options = [*options, ""]
            index += 1
        sequence = [prefix + option for prefix in sequence for option in options]
        if len(sequence) > 10_000:
            raise ValueError(f"too many expansions of {pattern!r}")
    branches.extend(sequence)
    return branches, index
