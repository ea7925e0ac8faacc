"""Evidence words: what a reader would highlight in a comment that scores as toxic.

The detectors' spans show what raised a score (a lexicon word, a rule's match). People reading a toxic
comment mark more: insults no list holds, swearing spelt another way, the words of an attack. The span
tagger (`civility.moderation.span_tagger`, trained on Toxic Spans) finds those words; this phase adds
them as evidence for the categories the comment scores in, at or above the policy's
`evidence_threshold`. It never changes a score or a decision.
"""

from __future__ import annotations

from collections.abc import Sequence

from civility.moderation.categories import Category
from civility.moderation.detector import EvidenceSpan
from civility.moderation.detectors._text import negated_before
from civility.moderation.pipeline import ModerationState
from civility.moderation.span_tagger import SpanTagger, TaggedWord
from civility.moderation.vocabulary import is_identity_or_function_word, is_violent_word

# The categories whose words the tagger knows (Toxic Spans' insults, threats, identity attacks, swearing;
# sexual words are swearing to it).
TAGGED = (Category.DISCOURTESY, Category.VIOLENCE, Category.HATE, Category.PROFANITY, Category.VULGARITY)
# Where a word's kind did not score, the categories its words may stand for instead.
_NEAR_KINDS = {
    Category.DISCOURTESY: (Category.PROFANITY, Category.HATE, Category.VIOLENCE),
    Category.PROFANITY: (Category.VULGARITY, Category.DISCOURTESY),
    Category.HATE: (Category.DISCOURTESY,),
    Category.VIOLENCE: (Category.DISCOURTESY,),
}
# Kinds of words a negation before them undoes ("not going to kill", "not terrorists"); an insult stays
# one ("you're not smart, you're an idiot" is how insults are written).
_NEGATABLE = frozenset({Category.VIOLENCE, Category.HATE})
# The fusion's explanations that are context (what the context cases are), not a missing cue.
CONTEXT_REASONS = frozenset(
    {"quoted", "animal or thing", "news", "counter-speech", "idiom", "medical", "a name"}
)


def shows_evidence(state: ModerationState, category: Category) -> bool:
    """Whether `category` scored enough for its words to be reported: at the policy's evidence
    threshold, or at its own threshold where that is lower."""
    policy = state.policy
    rule = policy.rules.get(category)
    level = policy.evidence_threshold if rule is None else min(policy.evidence_threshold, rule.threshold)
    return state.scores.get(category, 0.0) >= level


_Regions = list[tuple[int, int]]


def _read(state: ModerationState, read: dict[str, _Regions], detector: str) -> _Regions:
    """The original-text regions `detector` reported evidence for (what it read and kept), read once per
    comment into `read`."""
    if detector not in read:
        output = state.outputs.get(detector)
        read[detector] = [(span.start, span.end) for span in output.spans] if output is not None else []
    return read[detector]


def _overlaps(regions: _Regions, start: int, end: int) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in regions)


def _flagged(state: ModerationState, category: Category) -> bool:
    rule = state.policy.rules.get(category)
    return rule is not None and state.scores.get(category, 0.0) >= rule.threshold


class EvidencePhase:
    """Adds the span tagger's words to the evidence of the categories that scored."""

    name = "evidence"

    def __init__(self, tagger: SpanTagger) -> None:
        self.tagger = tagger

    def run(self, state: ModerationState) -> None:
        text = state.normalized
        if text is None:
            return
        # a category whose model score the context explained away (an idiom, news of a war, a quotation,
        # counter-speech) shows no words unless it is flagged anyway: "killing" in "this bill is killing
        # small business" is no evidence of violence, nor is the quoted slogan of 'saying "all Muslims are
        # terrorists" is bigoted' evidence of hate
        cleared = {
            category
            for category, reason in state.explained.items()
            if reason in CONTEXT_REASONS and not _flagged(state, category)
        }
        # the detectors report weak evidence too (a rule's verb it then found negated, a public address),
        # trusting the decision to show only flagged categories' words: below the threshold only the
        # tagger's words, which are what readers mark, are shown
        state.spans = [span for span in state.spans if _flagged(state, span.category)]
        scored = [
            category for category in TAGGED if category not in cleared and shows_evidence(state, category)
        ]
        if not scored:
            return
        # a model's attribution is approximate (an n-gram lends weight to its neighbours): where the tagger
        # finds words for a category, they replace the model's spans of it
        model_spans = state.model_spans
        taken = [(span.start, span.end) for span in state.spans if span not in model_spans]
        added: list[EvidenceSpan] = []
        read: dict[str, _Regions] = {}  # filled by `_doubtful` when it needs a detector's regions

        def keep(start: int, end: int) -> bool:
            # a word made only of an identity or function word ("Muslims", "should") is never evidence:
            # the words that flag a comment must not be the innocent ones; a word a detector already shows
            # keeps the detector's span and category
            if is_identity_or_function_word(text.text[start:end]):
                return False
            return not _overlaps(taken, *text.to_original(start, end))

        for word in self.tagger.tag(text.text, keep):
            start, end = text.to_original(word.start, word.end)
            if word.kind in cleared:
                continue
            category = word.kind
            if category not in scored:
                # an insult in a comment that scores as swearing is its evidence, a slur is not
                candidates = [other for other in _NEAR_KINDS[word.kind] if other in scored]
                if not candidates:
                    continue
                category = max(candidates, key=lambda other: state.scores[other])
            # to the tagger sexual words are swearing: the scores tell them apart
            if (
                category is Category.PROFANITY
                and Category.VULGARITY in scored
                and state.scores[Category.VULGARITY] > state.scores.get(Category.PROFANITY, 0.0)
            ):
                category = Category.VULGARITY
            if not _flagged(state, category) and self._doubtful(state, word, start, end, read):
                continue
            added.append(EvidenceSpan(start, end, category))
        if model_spans:
            # the model's spans stay only where a flagged category would otherwise show no word at all
            shown = {span.category for span in added}
            shown.update(span.category for span in state.spans if span not in model_spans)
            state.spans = [
                span
                for span in state.spans
                if span not in model_spans or (span.category not in shown and _flagged(state, span.category))
            ]
        state.spans.extend(added)
        state.evidence_words.update(added)

    @staticmethod
    def _doubtful(
        state: ModerationState, word: TaggedWord, start: int, end: int, read: dict[str, _Regions]
    ) -> bool:
        """Whether a tagged word is no evidence for a category below its threshold: a negated threat or
        attack word ("I'm not going to kill you", "Muslims are not terrorists"), a listed word the
        lexicon read in its context and let go (a name, "Dick Van Dyke"; a mention, "he called me a
        '...'"), or a violent verb the violence rules read and let go ("Hang the picture")."""
        text = state.normalized
        assert text is not None
        if word.kind in _NEGATABLE and negated_before(text.text, word.start):
            return True
        if word.listed and not _overlaps(_read(state, read, "lexicon"), start, end):
            return True
        violent = word.kind is Category.VIOLENCE and is_violent_word(text.text[word.start : word.end])
        return violent and not _overlaps(_read(state, read, "violence_rules"), start, end)

    def run_batch(self, states: Sequence[ModerationState]) -> None:
        for state in states:
            self.run(state)
