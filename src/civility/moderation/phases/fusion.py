"""Score fusion: one score per category from all detectors, context-discounted and calibrated.

Per category, the detector scores are combined as a damped noisy-OR: the strongest score plus half of
what the second one adds (`p1 + (1 - p1) * p2 / 2`), so that two detectors agreeing raise confidence but
correlated evidence (a lexicon and a model seeing the same word) is not counted twice. Scores from
detectors that do not read context themselves (learned models) are discounted when all their evidence for
a category lies in a non-abusive context (quotes, mentions, idioms, counter-speech, news about war, a
reader's own identity). The result goes through the per-category calibration map.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from civility.moderation.calibration import Calibration
from civility.moderation.categories import Category
from civility.moderation.context import ContextFacts, analyze
from civility.moderation.detector import Detector, EvidenceSpan, NormalizedText
from civility.moderation.pipeline import ModerationState

CONTEXT_DISCOUNT = 0.35


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
        facts = analyze(state.normalized)
        per_category: dict[Category, list[float]] = {category: [] for category in Category}
        spans: list[EvidenceSpan] = []
        for name, output in state.outputs.items():
            aware = self.context_aware.get(name, True)
            for category, score in output.scores.items():
                category_spans = [span for span in output.spans if span.category is category]
                if not aware and _in_benign_context(category, category_spans, state.normalized, facts):
                    score *= CONTEXT_DISCOUNT
                per_category[category].append(min(1.0, max(0.0, float(score))))
            spans.extend(output.spans)
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


def _in_benign_context(
    category: Category, spans: list[EvidenceSpan], text: NormalizedText, facts: ContextFacts
) -> bool:
    """Whether a context-blind detector's evidence for `category` is explained away by context."""
    if category is Category.VIOLENCE and (facts.news_violence or facts.counter_speech):
        return True
    if category is Category.HATE and facts.counter_speech:
        return True
    if category is Category.VULGARITY and facts.medical:
        return True
    if not spans:
        return False
    normalized = [_to_normalized(span, text) for span in spans]
    if category is Category.VIOLENCE and all(facts.is_violence_idiom(s, e) for s, e in normalized):
        return True
    if category in (Category.HATE, Category.DISCOURTESY, Category.PROFANITY, Category.VULGARITY):
        return all(facts.is_quoted_or_mentioned(s, e) or facts.is_self_identity(s, e) for s, e in normalized)
    return False


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
