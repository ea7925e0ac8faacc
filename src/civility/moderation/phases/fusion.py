"""Score fusion: one score per category from all detectors, context-checked and calibrated.

Per category, the detector scores are combined as a damped noisy-OR: the strongest score plus half of
what the second one adds (`p1 + (1 - p1) * p2 / 2`), so that two detectors agreeing raise confidence but
correlated evidence (a lexicon and a model seeing the same word) is not counted twice.

Rule detectors read context themselves. A score from a detector that does not (a learned model) is
discounted (times `CONTEXT_DISCOUNT`) when the rules found nothing in that category AND the comment's
context or the model's own evidence explains the score away:
- violence: news language about war or terror, an idiom ("killing small business"), a negated or
  condemned threat, or evidence without a single violent word;
- hate: counter-speech, a denied generalisation ("Muslims are not terrorists"), or evidence made only of
  identity words ("My wife is an immigrant from Mexico"), quotations or the reader's own identity;
- discourtesy: nobody is addressed (no "you", no @mention) and no insult was found, so the words are
  about an idea or a third party ("That policy is stupid");
- vulgarity: evidence inside quotations, anatomy in a medical context, or evidence made only of identity,
  health and relationship words ("I don't want to have sex with another man" in a post about identity);
- profanity: evidence inside quotations.
A surviving context-blind score that no rule corroborates is shrunk per category (`UNCORROBORATED`; for
spam by 0.6, so that a bare "hello" the model finds spammy is not held, while a self-promotion or prize
text the model knows still is).
The fused score then goes through the per-category calibration map (`civility.moderation.calibration`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from civility.moderation.calibration import Calibration
from civility.moderation.categories import Category
from civility.moderation.context import ContextFacts, analyze
from civility.moderation.detector import Detector, EvidenceSpan, NormalizedText
from civility.moderation.pipeline import ModerationState
from civility.moderation.vocabulary import is_identity_or_function_word, is_violent_word

CONTEXT_DISCOUNT = 0.35
# A context-blind score that no rule corroborates (rule score below RULES_FOUND) is shrunk by this factor
# per category, so that it must be strong to flag on its own. Measured on news-site comments that are not
# abusive (Impermium non-insults), the learned tier alone flags vulgarity on 16% and violence on 13% of
# them at 0.5; the lexicon and rules find almost every true case of these categories by themselves.
UNCORROBORATED: dict[Category, float] = {
    Category.VULGARITY: 0.7,
    Category.VIOLENCE: 0.75,
    Category.HATE: 0.9,
    Category.SPAM: 0.6,
}
RULES_FOUND = 0.5  # a rule score at or above this means the rules corroborate the category
_ADDRESSEE = re.compile(r"\b(?:you|your|you're|youre|u|ur|ya|yourself|yall|y'all)\b|@\w")
_WORD = re.compile(r"[a-z0-9'-]+")


class FusionPhase:
    """Combines detector outputs into the state's seven scores and evidence spans."""

    name = "fusion"

    def __init__(self, detectors: Sequence[Detector], calibration: Calibration) -> None:
        self.context_aware = {
            detector.name: bool(getattr(detector, "context_aware", False)) for detector in detectors
        }
        self.calibration = calibration

    def run(self, state: ModerationState) -> None:
        assert state.normalized is not None
        text = state.normalized
        rules: dict[Category, float] = dict.fromkeys(Category, 0.0)
        rule_spans: set[Category] = set()
        for name, output in state.outputs.items():
            if self.context_aware.get(name, True):
                for category, score in output.scores.items():
                    rules[category] = max(rules[category], score)
                rule_spans.update(span.category for span in output.spans)
        facts: ContextFacts | None = None
        per_category: dict[Category, list[float]] = {category: [] for category in Category}
        spans: list[EvidenceSpan] = []
        for name, output in state.outputs.items():
            aware = self.context_aware.get(name, True)
            by_category: dict[Category, list[EvidenceSpan]] = {}
            for span in output.spans:
                by_category.setdefault(span.category, []).append(span)
            for category, score in output.scores.items():
                kept_spans = by_category.get(category, [])
                if not aware and score >= 0.2:
                    facts = facts or analyze(text)
                    if _explained_away(category, kept_spans, text, facts, rules):
                        score *= CONTEXT_DISCOUNT
                        kept_spans = []
                    elif rules[category] < RULES_FOUND:
                        score *= UNCORROBORATED.get(category, 1.0)
                if not aware:
                    kept_spans = _evidence_words(category, kept_spans, text, rules, rule_spans)
                per_category[category].append(min(1.0, max(0.0, float(score))))
                spans.extend(kept_spans)
        for category, scores in per_category.items():
            scores.sort(reverse=True)
            raw = 0.0
            if scores:
                raw = scores[0]
                if len(scores) > 1:
                    raw += (1.0 - raw) * scores[1] / 2.0
            state.scores[category] = self.calibration.apply(category, raw) if raw > 0.0 else 0.0
        state.spans = _dedupe(spans)

    def run_batch(self, states: Sequence[ModerationState]) -> None:
        for state in states:
            self.run(state)


def _explained_away(
    category: Category,
    spans: list[EvidenceSpan],
    text: NormalizedText,
    facts: ContextFacts,
    rules: dict[Category, float],
) -> bool:
    """Whether a context-blind detector's score for `category` is explained away (module docstring)."""
    if rules[category] >= RULES_FOUND:
        return False
    regions = [_to_normalized(span, text) for span in spans]
    words = [word for start, end in regions for word in _WORD.findall(text.text[start:end])]
    quoted = bool(regions) and all(
        facts.is_quoted_or_mentioned(s, e) or facts.is_self_identity(s, e) for s, e in regions
    )
    if category is Category.VIOLENCE:
        return (
            facts.news_violence
            or facts.counter_speech
            or facts.negated_violence
            or bool(facts.violence_idioms)
            or quoted
            or not any(is_violent_word(word) for word in words)
        )
    if category is Category.HATE:
        return (
            facts.counter_speech
            or facts.denied_generalisation
            or quoted
            or all(is_identity_or_function_word(word) for word in words)
        )
    if category is Category.DISCOURTESY:
        return quoted or _ADDRESSEE.search(text.text) is None
    if category is Category.VULGARITY:
        return quoted or facts.medical or all(is_identity_or_function_word(word) for word in words)
    return quoted


def _evidence_words(
    category: Category,
    spans: list[EvidenceSpan],
    text: NormalizedText,
    rules: dict[Category, float],
    rule_spans: set[Category],
) -> list[EvidenceSpan]:
    """The context-blind detector's spans worth showing. A model's attribution is approximate (an n-gram
    such as "fucking brilliant" lends weight to "brilliant"), so where the rules corroborate the category
    and point at words themselves, their spans are shown instead; a span made only of identity or function
    words ("Muslims", "should") never is: the words that caused a flag must not be the innocent ones."""
    if rules[category] >= RULES_FOUND and category in rule_spans:
        return []
    kept: list[EvidenceSpan] = []
    for span in spans:
        start, end = _to_normalized(span, text)
        words = _WORD.findall(text.text[start:end])
        if words and not all(is_identity_or_function_word(word) for word in words):
            kept.append(span)
    return kept


def _to_normalized(span: EvidenceSpan, text: NormalizedText) -> tuple[int, int]:
    """The normalised-text region covering an original-text span (offsets are non-decreasing)."""
    offsets = text.offsets
    start = bisect_left(offsets, span.start, 0, len(offsets) - 1)
    end = bisect_left(offsets, span.end, start, len(offsets) - 1)
    return start, max(end, start + 1)


def _dedupe(spans: list[EvidenceSpan]) -> list[EvidenceSpan]:
    seen: set[tuple[int, int, Category]] = set()
    unique: list[EvidenceSpan] = []
    for span in spans:
        key = (span.start, span.end, span.category)
        if key not in seen:
            seen.add(key)
            unique.append(span)
    return unique
