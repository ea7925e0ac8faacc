"""Score fusion: one score per category from all detectors, context-checked and calibrated.

Per category, the detector scores are combined as a damped noisy-OR: the strongest score plus half of
what the second one adds (`p1 + (1 - p1) * p2 / 2`), so that two detectors agreeing raise confidence but
correlated evidence (a lexicon and a model seeing the same word) is not counted twice.

Rule detectors read context themselves. A score from a detector that does not (a learned model) is
discounted (times `CONTEXT_DISCOUNT`) when the rules found nothing in that category AND the comment's
context or the model's own evidence explains the score away:
- violence: news language about war or terror, an idiom ("killing small business"), a negated or
  condemned threat, or evidence without a single violent word;
- hate: counter-speech, a denied generalisation ("Muslims are not terrorists"), harm ruled out for anyone
  ("No woman deserves to die"), or evidence made only of identity words ("My wife is an immigrant from
  Mexico"), quotations or the reader's own identity;
- discourtesy: nobody is addressed (no "you", no @mention) and no insult was found, so the words are
  about an idea or a third party ("That policy is stupid"), or the writer's own ("I'm such an idiot");
- vulgarity: evidence inside quotations, anatomy in a medical context, evidence made only of identity,
  health and relationship words ("I don't want to have sex with another man" in a post about identity),
  or evidence without a sexual word ("cocktails at the cockpit bar in Sussex");
- profanity: evidence inside quotations;
- spam: every link in the comment is a reputable source ("Read the full report at nytimes.com") and the
  spam rules found no pitch.
A surviving context-blind score that no rule corroborates is shrunk per category (`UNCORROBORATED`; for
spam by 0.6, so that a bare "hello" the model finds spammy is not held, while a self-promotion or prize
text the model knows still is).
The fused score then goes through the per-category calibration map (`civility.moderation.calibration`).
That is the hand-written fusion; it decides spam and doxing, and every category when the learned tier
or the stacked models (`models/fusion.json`) are missing.

Stacked fusion (`civility.moderation.stacking`, fitted by `training/fit_fusion.py`): for violence, hate,
profanity, vulgarity and discourtesy a small logistic model per category reads the learned probability,
the rule scores, the hand-written fused score, the context facts and the context check's verdict, and
its probability goes through a map that puts 0.5 at a common cross-fitted precision. Its training rows
(dev, and held-out sources) do not encode every part of the policy, so `guarded` applies the policy on
top: a context the policy names keeps the hand-written discount, a heuristic context keeps the score
under the threshold, a near-certain rule keeps it at or above the threshold. A site's own detectors are added
after the stacker with the damped noisy-OR.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Container, Sequence
from dataclasses import dataclass, field

import numpy as np

from civility.moderation.calibration import Calibration
from civility.moderation.categories import Category
from civility.moderation.context import ContextFacts, analyze, calls_for_violence
from civility.moderation.detector import Detector, EvidenceSpan, NormalizedText
from civility.moderation.detectors._text import words_of
from civility.moderation.detectors.lexicon import self_directed
from civility.moderation.detectors.spam import cites_only_reputable_sources
from civility.moderation.pipeline import ModerationState
from civility.moderation.stacking import (
    BUILTIN_DETECTORS,
    CategoryStack,
    feature_row,
    feature_values,
)
from civility.moderation.vocabulary import (
    HOMOGRAPH_CONTEXTS,
    IDENTITY_WORDS,
    NAME_LIKE_WORDS,
    is_homograph_in_context,
    is_identity_or_function_word,
    is_sexual_word,
    is_violent_word,
)

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
RULES_CERTAIN = 0.6  # a rule score at or above this is a clear case of the policy (stacked fusion guard)
# Reasons that keep a stacked score under the default threshold but in its order (`guarded`)
SOFT_CONTEXTS = frozenset(
    {"identity words only", "no violent word", "no sexual word", "calm mention", "self-directed",
     "animal or thing", "a name"}
)
SHRUNK = frozenset({Category.VULGARITY, Category.VIOLENCE})
# Learned scores under which a comment shows no hostility (`guard_reason`); violence is looser because the
# learned tier reads news language about conflict ("what happens on the ground") as mild violence.
CALM = {Category.VIOLENCE: 0.2, Category.DISCOURTESY: 0.1, Category.PROFANITY: 0.1}
RULE_FLOOR = 0.5  # ... and keeps the stacked score at least here (the default threshold), plus half of
# how far the rule is above RULES_CERTAIN: a clear rule case ("kys", 0.92) reads 0.66, not a bare 0.50 that
# a site raising its threshold would miss. Chosen on the unseen sources (discourtesy AP ConvAbuse 0.660 ->
# 0.677, Impermium 0.675 -> 0.681) over dev, whose label mapping counts rule-found insults as negatives.
# Reasons of the context check that the policy itself names (the context cases); the stacked
# fusion never scores such a comment above the hand-written fusion. The other reasons ("no violent
# word", "identity words only", "nobody addressed") are heuristics about the learned tier's evidence:
# the stacker weighs them from the data instead (feature "explained"); "identity words only" has its
# own, softer guard (`guarded`).
POLICY_CONTEXTS = frozenset({"quoted", "news", "counter-speech", "negated", "idiom", "denied", "medical"})
# A group named as the subject of a sweeping claim ("Women are too emotional to vote", "Gay people should
# not be allowed near children", "Jews control the banks") is how implicit hate reads without a hostile
# word: such a comment is never a "calm mention" (`guard_reason`), whatever the learned tier's hostility.
_GROUP = "|".join(sorted((re.escape(word) for word in IDENTITY_WORDS), key=len, reverse=True))
_GENERALISATION = re.compile(
    rf"\b(?:{_GROUP})(?:s|es)?(?:\s+(?:people|persons|men|women|folks|guys|kids|families))?\s+"
    r"(?:are|r|is|were|should|shouldnt|shouldn't|must|can't|cant|cannot|will|won't|always|never|all|just|"
    r"only|control|controls|run|runs|ruin|ruins|destroy|destroys|take|takes|breed|breeds|belong|deserve|"
    r"need|want|don't|dont|do|have|lie|lies|steal|steals|hate|hates)\b"
)
# Harm ruled out for anyone ("No woman deserves to die", "nobody should be hurt"): a narrower reading of
# the context's negated violence, which also holds questions ("why do we not kill them all").
_NO_ONE_HARMED = re.compile(
    r"\b(?:no|nobody|no one|noone)(?: \w+){0,2} (?:deserves?|should|ought to|must|needs? to|has to) "
    r"(?:\w+ ){0,2}(?:die|be killed|be hurt|be harmed|be shot|be attacked|be beaten|be murdered|be hanged|"
    r"be raped|be abused|be lynched|suffer)\b"
)
# A sexual word written as a name (`NAME_LIKE_WORDS`): a capitalised first name before a capitalised
# surname ("Dick Francis", "Dick Cheney"), or a capitalised surname after a first name ("Alan Cumming",
# "Dick Van Dyke")
_WRITTEN_AS_A_NAME = re.compile(
    r"\b(?:Dick|Willy|Peter)\s+(?!(?:Pic|Pics|Head|Heads|Move|Moves|Joke|Jokes)\b)[A-Z][a-z]+|"
    r"\b[A-Z][a-z]+\s+(?:Van\s+)?(?:Cumming|Dyke)\b"
)
_ADDRESSEE = re.compile(r"\b(?:you|your|you're|youre|u|ur|ya|yourself|yall|y'all)\b|@\w")
_WORD = re.compile(r"[a-z0-9'-]+")
_CATEGORIES = tuple(Category)  # iterating the enum class itself costs a microsecond each time
_NO_SCORES: dict[str, float] = {}


@dataclass(slots=True)
class FusionInputs:
    """What the fusion phase reads off one comment's detector outputs, per category."""

    builtin: dict[Category, list[float]] = field(default_factory=dict)  # context-checked scores
    extra: dict[Category, list[float]] = field(default_factory=dict)  # a site's own detectors
    detector_scores: dict[Category, dict[str, float]] = field(default_factory=dict)
    rule_spans: dict[Category, int] = field(default_factory=dict)
    explained: dict[Category, str] = field(default_factory=dict)  # why the learned score was discounted
    identity_share: dict[Category, float] = field(default_factory=dict)  # of the learned tier's evidence
    generalises: bool | None = None  # a group is the subject of a sweeping claim (`_GENERALISATION`);
    # None until `guard_reason` needs it (the search is a fifth of the phase's time and rarely read)
    learned: dict[Category, float] | None = None
    rules: dict[Category, float] = field(default_factory=dict)
    spans: list[EvidenceSpan] = field(default_factory=list)
    # those of `spans` that only a context-blind model's attribution found (approximate: an n-gram)
    model_spans: list[EvidenceSpan] = field(default_factory=list)
    text: str = ""  # the normalised text, for `generalising`

    def generalising(self) -> bool:
        """`generalises`, searched for on first use."""
        if self.generalises is None:
            self.generalises = _GENERALISATION.search(self.text) is not None
        return self.generalises


class FusionPhase:
    """Combines detector outputs into the state's seven scores and evidence spans."""

    name = "fusion"

    def __init__(self, detectors: Sequence[Detector], calibration: Calibration) -> None:
        self.context_aware = {
            detector.name: bool(getattr(detector, "context_aware", False)) for detector in detectors
        }
        self.calibration = calibration
        stack = calibration.stack
        # per stacked category: its model and (feature-row column, weight) pairs, computed once
        self._stacked: dict[Category, tuple[CategoryStack, tuple[tuple[int, float], ...]]] = (
            {category: (model, model.row_weights()) for category, model in stack.categories.items()}
            if stack is not None
            else {}
        )

    def run(self, state: ModerationState) -> None:
        self._fuse([state], vectorised=False)

    def run_batch(self, states: Sequence[ModerationState]) -> None:
        """`run` for many comments: the stacked models score all rows of a category in one pass of numpy
        (the same sums in the same order, so each result equals `run`'s to the bit)."""
        self._fuse(states, vectorised=len(states) > 1)

    def _fuse(self, states: Sequence[ModerationState], vectorised: bool) -> None:
        found = [self.inputs(state) for state in states]
        stacked = self._stacked_scores(states, found, vectorised) if self._stacked else None
        hand_written = self.hand_written
        for i, (state, inputs) in enumerate(zip(states, found, strict=True)):
            mine = stacked[i] if stacked is not None else {}
            scores = state.scores
            for category in _CATEGORIES:
                hand = hand_written(inputs, category)
                model_score = mine.get(category)
                if model_score is None:
                    scores[category] = hand
                    continue
                score = guarded(model_score, hand, guard_reason(inputs, category), inputs.rules[category])
                extras = inputs.extra.get(category)
                if extras:
                    for extra in sorted(extras, reverse=True):
                        score = _damped_or(score, extra)
                scores[category] = score
            state.spans = _dedupe(inputs.spans)
            state.explained = dict(inputs.explained)
            state.model_spans = set(inputs.model_spans)

    def _stacked_scores(
        self, states: Sequence[ModerationState], found: Sequence[FusionInputs], vectorised: bool
    ) -> list[dict[Category, float]]:
        """Per comment, the stacked model's score of each category it has a model and a learned score
        for (`stack_features`, as rows in `FEATURES` order)."""
        stacked = self._stacked
        rows: dict[Category, list[list[float]]] = {category: [] for category in stacked}
        owners: dict[Category, list[int]] = {category: [] for category in stacked}
        for i, (state, inputs) in enumerate(zip(states, found, strict=True)):
            learned_scores = inputs.learned
            if learned_scores is None or stacked.keys().isdisjoint(learned_scores):
                continue
            assert state.normalized is not None
            facts = fact_row(state.normalized)
            builtin, detector_scores = inputs.builtin, inputs.detector_scores
            for category, learned in learned_scores.items():
                if category not in stacked:
                    continue
                rows[category].append(
                    feature_row(
                        learned,
                        _noisy_or(sorted(builtin.get(category, ()), reverse=True)),
                        detector_scores.get(category, _NO_SCORES),
                        inputs.rule_spans.get(category, 0),
                        category in inputs.explained,
                        inputs.identity_share.get(category, 0.0),
                        facts,
                        RULES_FOUND,
                    )
                )
                owners[category].append(i)
        out: list[dict[Category, float]] = [{} for _ in states]
        for category, (model, weights) in self._stacked.items():
            category_rows = rows[category]
            if not category_rows:
                continue
            if vectorised:
                logits = model.logits_of_rows(weights, np.array(category_rows, dtype=np.float64)).tolist()
            else:
                logits = [model.logit_of_row(weights, row) for row in category_rows]
            for i, z in zip(owners[category], logits, strict=True):
                out[i][category] = model.score_of_logit(z)
        return out

    def inputs(self, state: ModerationState) -> FusionInputs:
        """The context-checked per-detector scores and evidence (module docstring, steps 1 and 4)."""
        assert state.normalized is not None
        text = state.normalized
        found = FusionInputs(rules=dict.fromkeys(_CATEGORIES, 0.0), text=text.text)
        rules = found.rules
        rule_spans = found.rule_spans
        detector_scores = found.detector_scores
        outputs = [
            (name, output, self.context_aware.get(name, True)) for name, output in state.outputs.items()
        ]
        for name, output, aware in outputs:
            if aware:
                builtin = name in BUILTIN_DETECTORS
                for category, score in output.scores.items():
                    if score > rules[category]:
                        rules[category] = score
                    if builtin:
                        detector_scores.setdefault(category, {})[name] = score
                for span in output.spans:
                    rule_spans[span.category] = rule_spans.get(span.category, 0) + 1
        facts: ContextFacts | None = None
        spans = found.spans
        for name, output, aware in outputs:
            target = found.builtin if name in BUILTIN_DETECTORS else found.extra
            if aware:  # a rule detector's scores are kept as they are
                for category, score in output.scores.items():
                    _append(target, category, score)
                if output.spans:
                    grouped = _by_category(output.spans)
                    for category in output.scores:
                        spans.extend(grouped.get(category, ()))
                continue
            if name == "learned":
                found.learned = dict(output.scores)
                found.identity_share = _identity_share(output.spans, text)
            by_category = _by_category(output.spans) if output.spans else {}
            for category, score in output.scores.items():
                kept_spans = by_category.get(category)
                if score >= 0.2:
                    facts = facts or analyze(text)
                    reason = _explained_away(category, kept_spans or [], text, facts, rules)
                    if reason is not None:
                        score *= CONTEXT_DISCOUNT
                        kept_spans = None
                        if name == "learned":
                            found.explained[category] = reason
                    elif rules[category] < RULES_FOUND:
                        score *= UNCORROBORATED.get(category, 1.0)
                if kept_spans:
                    words = _evidence_words(category, kept_spans, text, rules, rule_spans)
                    spans.extend(words)
                    found.model_spans.extend(words)
                _append(target, category, score)
        return found

    def hand_written(self, inputs: FusionInputs, category: Category) -> float:
        """The hand-written fused score of all detectors, calibrated (module docstring, steps 2 and 3)."""
        builtin = inputs.builtin.get(category)
        extra = inputs.extra.get(category)
        if extra:
            raw = _noisy_or(sorted([*(builtin or []), *extra], reverse=True))
        elif builtin:
            raw = _noisy_or(sorted(builtin, reverse=True))
        else:
            return 0.0
        return self.calibration.apply(category, raw) if raw > 0.0 else 0.0

    def stack_features(
        self, state: ModerationState, inputs: FusionInputs
    ) -> dict[Category, dict[str, float]]:
        """The stacker's named features per category (`civility.moderation.stacking.FEATURES`)."""
        assert state.normalized is not None and inputs.learned is not None
        fact_dict = fact_values(state.normalized)
        out: dict[Category, dict[str, float]] = {}
        stack = self.calibration.stack
        for category, learned in inputs.learned.items():
            if stack is not None and category not in stack.categories:
                continue
            out[category] = feature_values(
                category,
                learned,
                _noisy_or(sorted(inputs.builtin.get(category, []), reverse=True)),
                inputs.detector_scores.get(category, {}),
                inputs.rule_spans.get(category, 0),
                category in inputs.explained,
                fact_dict,
                RULES_FOUND,
            )
            out[category]["identity_evidence"] = inputs.identity_share.get(category, 0.0)
        return out


def fact_row(text: NormalizedText) -> list[float]:
    """`fact_values` as 1.0/0.0, in `civility.moderation.stacking.FACTS` order: the last columns of a
    feature row, built without the dict."""
    facts = analyze(text)
    return [
        1.0 if facts.news_violence else 0.0,
        1.0 if facts.violence_idioms else 0.0,
        1.0 if facts.negated_violence else 0.0,
        1.0 if facts.counter_speech else 0.0,
        1.0 if facts.denied_generalisation else 0.0,
        1.0 if facts.medical else 0.0,
        1.0 if facts.quoted or facts.mentioned else 0.0,
        1.0 if facts.self_identity else 0.0,
        0.0 if _ADDRESSEE.search(text.text) is None else 1.0,
    ]


def fact_values(text: NormalizedText) -> dict[str, bool]:
    """The context facts the stacker reads (`civility.moderation.stacking.FACTS`) of one comment."""
    facts = analyze(text)
    return {
        "news": facts.news_violence,
        "idiom": bool(facts.violence_idioms),
        "negated": facts.negated_violence,
        "counter": facts.counter_speech,
        "denied": facts.denied_generalisation,
        "medical": facts.medical,
        "quoted": bool(facts.quoted) or bool(facts.mentioned),
        "self_identity": bool(facts.self_identity),
        "addressee": _ADDRESSEE.search(text.text) is not None,
    }


def _append(target: dict[Category, list[float]], category: Category, score: float) -> None:
    """Adds `score`, clipped to [0, 1] (-0.0 and NaN read 0.0), to the category's list."""
    value = float(score)
    if not 0.0 < value <= 1.0:
        value = min(1.0, max(0.0, value))
    scores = target.get(category)
    if scores is None:
        target[category] = [value]
    else:
        scores.append(value)


def _by_category(spans: list[EvidenceSpan]) -> dict[Category, list[EvidenceSpan]]:
    grouped: dict[Category, list[EvidenceSpan]] = {}
    for span in spans:
        grouped.setdefault(span.category, []).append(span)
    return grouped


def _identity_share(spans: list[EvidenceSpan], text: NormalizedText) -> dict[Category, float]:
    """Per category, the share of the evidence words that are identity or function words."""
    words: dict[Category, list[bool]] = {}
    for span in spans:
        start, end = _to_normalized(span, text)
        for word in _WORD.findall(text.text[start:end]):
            words.setdefault(span.category, []).append(is_identity_or_function_word(word))
    return {category: sum(flags) / len(flags) for category, flags in words.items() if flags}


def guard_reason(inputs: FusionInputs, category: Category) -> str | None:
    """Why the policy guards apply to `category` (`guarded`): the context check's reason; "uncorroborated"
    for a learned violence or vulgarity score that no rule backs (`SHRUNK`); for hate, "calm mention" when
    no rule found hate, the learned tier's evidence includes an identity (or function) word, and the
    learned tier sees no hostility (violence, discourtesy and profanity all under `CALM`): "Good to
    see the Syrian government's position included" names a group without attacking it; a group made the
    subject of a sweeping claim ("Women are too emotional to vote") is never a calm mention."""
    reason = inputs.explained.get(category)
    if reason is None and category in SHRUNK and inputs.rules.get(category, 0.0) < RULES_FOUND:
        return "uncorroborated"
    if reason is None and category is Category.HATE and inputs.learned is not None:
        calm = all(inputs.learned.get(other, 0.0) < limit for other, limit in CALM.items())
        found = inputs.rules.get(category, 0.0) >= RULES_FOUND
        mentioned = inputs.identity_share.get(category, 0.0) > 0.0
        if calm and not found and mentioned and not inputs.generalising():
            return "calm mention"
    return reason


def guarded(score: float, hand: float, reason: str | None, rule: float) -> float:
    """The stacked score under the policy guards, where the dev labels do not encode the policy:
    - a context the policy names (news, an idiom, a quotation, counter-speech... `POLICY_CONTEXTS`), and a
      learned violence or vulgarity score no rule backs ("uncorroborated": the rules find almost every
      true case, the learned tier alone flags news comments), keep the hand-written score when lower;
    - evidence without a violent word, made only of identity words, or a calm mention of a group
      (`SOFT_CONTEXTS`) keep the score under the default threshold (below 0.49) but in its order;
    - a near-certain rule (a slur aimed at a group, "kys", a direct insult) keeps the comment at least at
      the default threshold (`RULE_FLOOR`), higher the surer the rule."""
    if reason in POLICY_CONTEXTS or reason == "uncorroborated":
        score = min(score, hand)
    elif reason in SOFT_CONTEXTS:
        score = min(score, 0.44 + 0.05 * score)
    if rule >= RULES_CERTAIN:
        score = max(score, min(hand, RULE_FLOOR + (rule - RULES_CERTAIN) / 2.0))
    return score


def _noisy_or(scores: list[float]) -> float:
    """Damped noisy-OR of scores sorted in descending order (module docstring, step 2)."""
    if not scores:
        return 0.0
    raw = scores[0]
    if len(scores) > 1:
        raw += (1.0 - raw) * scores[1] / 2.0
    return raw


def _damped_or(a: float, b: float) -> float:
    high, low = max(a, b), min(a, b)
    return high + (1.0 - high) * low / 2.0


def _explained_away(
    category: Category,
    spans: list[EvidenceSpan],
    text: NormalizedText,
    facts: ContextFacts,
    rules: dict[Category, float],
) -> str | None:
    """Why a context-blind detector's score for `category` is explained away (module docstring), or
    None when it is not."""
    if rules[category] >= RULES_FOUND:
        return None
    # Each fact is read only where the answer needs it (all are pure; the order of the answers is kept).
    regions = [_to_normalized(span, text) for span in spans]
    quoted = (
        bool(regions)
        and bool(facts.quoted or facts.mentioned or facts.self_identity)
        and all(facts.is_quoted_or_mentioned(s, e) or facts.is_self_identity(s, e) for s, e in regions)
    )
    if quoted:
        return "quoted"
    evidence = _words(regions, text)  # the evidence's words, read once for the checks below
    if (
        category is not Category.SPAM
        and category is not Category.DOXING
        and evidence
        and any(word in HOMOGRAPH_CONTEXTS for word in evidence)
        # a colour or a group's name beside the animal ("black monkeys") is no evidence of its own
        and all(word in HOMOGRAPH_CONTEXTS or is_identity_or_function_word(word) for word in evidence)
        and _ADDRESSEE.search(text.text) is None
        and all(
            is_homograph_in_context(word, words_of(text.text))
            for word in evidence
            if word in HOMOGRAPH_CONTEXTS
        )
    ):
        return "animal or thing"  # "the rooster, also called a cock, crowed at dawn"
    if category is Category.VIOLENCE:
        # news language explains a learned violence score away, unless the comment calls for violence
        if facts.news_violence and not calls_for_violence(text.text):
            return "news"
        if facts.counter_speech:
            return "counter-speech"
        if facts.negated_violence:
            return "negated"
        if facts.violence_idioms:
            return "idiom"
        return None if any(is_violent_word(word) for word in evidence) else "no violent word"
    if category is Category.HATE:
        if facts.counter_speech:
            return "counter-speech"
        if facts.denied_generalisation:
            return "denied"
        if facts.negated_violence and _NO_ONE_HARMED.search(text.text) is not None:
            return "negated"  # "No woman deserves to die": violence ruled out for a group is not hate
        identity_only = all(is_identity_or_function_word(word) for word in evidence)
        return "identity words only" if identity_only else None
    if category is Category.DISCOURTESY:
        if _ADDRESSEE.search(text.text) is not None:
            return None
        # "I'm such an idiot, I forgot my keys": the insult is the writer's about themself
        if regions and all(self_directed(text.text, start, end) for start, end in regions):
            return "self-directed"
        return "nobody addressed"
    if category is Category.VULGARITY:
        if facts.medical:
            return "medical"
        if all(is_identity_or_function_word(word) for word in evidence):
            return "identity words only"
        # "cocktails at the cockpit bar in Sussex", "shiitake": a model of character n-grams reads sexual
        # words inside innocent ones; evidence without a sexual word of its own is explained away
        sexual = [word for word in evidence if is_sexual_word(word)]
        if not sexual:
            return "no sexual word"
        # "I love Dick Francis novels": the sexual word is a name, written as one
        if all(word in NAME_LIKE_WORDS for word in sexual) and _WRITTEN_AS_A_NAME.search(text.original):
            return "a name"
        return None
    if category is Category.SPAM:
        return "cited source" if cites_only_reputable_sources(text.original) else None
    return None


def _words(regions: list[tuple[int, int]], text: NormalizedText) -> list[str]:
    """The words of the normalised text in `regions`, in order."""
    return [word for start, end in regions for word in _WORD.findall(text.text[start:end])]


def _evidence_words(
    category: Category,
    spans: list[EvidenceSpan],
    text: NormalizedText,
    rules: dict[Category, float],
    rule_spans: Container[Category],
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
