"""Evidence words: the words a reader would highlight, for the categories a comment scores in."""

from __future__ import annotations

import math

import pytest

from civility.moderation.categories import Action, Category
from civility.moderation.engine import ModerationEngine
from civility.moderation.normalize import normalize
from civility.moderation.policy_config import PolicyConfig
from civility.moderation.span_tagger import WORD, SpanTagger, word_features
from civility.moderation.vocabulary import is_identity_or_function_word


@pytest.fixture(scope="module")
def tagger() -> SpanTagger:
    return SpanTagger.load()


def shown(engine: ModerationEngine, text: str, policy: PolicyConfig | None = None) -> list[tuple[str, str]]:
    result = engine.moderate(text, policy)
    return [(text[span.start : span.end], span.category.value) for span in result.spans]


def test_insults_that_no_word_list_holds_are_highlighted(
    engine: ModerationEngine, tagger: SpanTagger
) -> None:
    text = "You are a clueless hack and a pathetic excuse for a reporter."
    tagged = {text[word.start : word.end] for word in tagger.tag(normalize(text).text)}
    assert {"clueless", "pathetic"} <= tagged
    words = shown(engine, text)
    assert ("clueless", "discourtesy") in words
    assert ("pathetic", "discourtesy") in words
    assert all(word not in {"reporter", "excuse", "You"} for word, _ in words)


def test_highlights_point_at_the_obfuscated_original(engine: ModerationEngine) -> None:
    text = "You are a pathetic, c.l.u.e.l.e.s.s hack"
    assert ("c.l.u.e.l.e.s.s", "discourtesy") in shown(engine, text)


@pytest.mark.parametrize(
    "text",
    [
        "this bill is killing small business",
        "I'd kill for that recipe",
        "As a gay Muslim woman I disagree with this article.",
        "Thanks for the careful reporting on the drone strike.",
        "He called me a stupid idiot yesterday and it hurt.",
        "I'm not going to kill you, relax.",
        "Muslims are not terrorists.",
        "No woman deserves to die.",
        "Dick Van Dyke was brilliant in that film.",
        "Hang the picture above the fireplace.",
        "The event is at 45 Main Street, open to the public from 9am.",
        "Call your representative! The Capitol switchboard is (202) 224-3121.",
    ],
)
def test_context_and_clean_comments_show_no_evidence(engine: ModerationEngine, text: str) -> None:
    """Context cases (idioms, counter-speech, negation, names, public details) show no words at all:
    the detectors' weak evidence is shown only for flagged categories, and the tagger's words are
    checked against the context the detectors read."""
    result = engine.moderate(text)
    assert result.decision is Action.ALLOW
    assert result.spans == []


def test_counter_speech_shows_no_hate_words(engine: ModerationEngine) -> None:
    for text in ['Saying "all Muslims are terrorists" is bigoted.', "I don't hate Jews."]:
        result = engine.moderate(text)
        assert result.decision is Action.ALLOW
        assert [span for span in result.spans if span.category is Category.HATE] == []


def test_evidence_below_the_threshold_is_reported_unless_turned_off(engine: ModerationEngine) -> None:
    text = "The senator's plan is dumb."
    result = engine.moderate(text)
    assert result.decision is Action.ALLOW and result.reasons == []
    assert ("dumb", "discourtesy") in shown(engine, text)
    assert shown(engine, text, PolicyConfig(evidence_threshold=1.0)) == []


def test_reasons_carry_only_their_own_category_words(engine: ModerationEngine) -> None:
    result = engine.moderate("Shut up, you lying scumbag.")
    assert result.decision is Action.NUDGE
    for reason in result.reasons:
        assert reason.spans
        assert all(span.category is reason.category for span in reason.spans)


@pytest.mark.parametrize(
    "text",
    [
        "Muslims are the worst people",
        "Gays are disgusting and sick",
        "Jews should go back where they came from",
    ],
)
def test_an_identity_word_alone_is_never_evidence(engine: ModerationEngine, text: str) -> None:
    for word, _ in shown(engine, text):
        assert not all(is_identity_or_function_word(part) for part in WORD.findall(word.lower())), word


def test_every_flagged_category_shows_its_words(engine: ModerationEngine) -> None:
    for text in ["You are a pathetic idiot.", "What the fuck is this?", "I will kill you and your family."]:
        result = engine.moderate(text)
        assert result.reasons
        for reason in result.reasons:
            assert any(span.category is reason.category for span in result.spans), (text, reason.category)


def test_the_fast_scorer_equals_the_sum_of_the_feature_weights(tagger: SpanTagger) -> None:
    """`tag` regroups the features for speed; it must tag exactly what the plain sum would."""
    texts = [
        "You are a clueless hack and a pathetic excuse for a reporter.",
        "what a f***ing idiot, shut up and go away",
        "the stupid, stupid people who voted for this deserve what they get",
        "i will find you and hurt you",
        "great article, thanks",
        "idiot",
    ]
    toxic = tagger._toxic
    bias = tagger._toxic_bias
    for text in texts:
        normalized = normalize(text).text
        words = WORD.findall(normalized)
        expected = []
        for index in range(len(words)):
            logit = bias + sum(toxic.get(f, 0.0) for f in word_features(words, index, tagger._lexicon_kind))
            probability = 1.0 / (1.0 + math.exp(-logit))
            if probability >= tagger.threshold:
                expected.append((index, probability))
        tagged = tagger.tag(normalized)
        assert [w.probability for w in tagged] == pytest.approx([p for _, p in expected])
        starts = [match.start() for match in WORD.finditer(normalized)]
        assert [w.start for w in tagged] == [starts[i] for i, _ in expected]


def test_the_category_of_a_tagged_word_follows_the_scores(engine: ModerationEngine) -> None:
    result = engine.moderate("Get the fuck out of here, you useless clown.")
    categories = {span.category for span in result.spans}
    assert categories <= {Category.PROFANITY, Category.DISCOURTESY, Category.VULGARITY}
    assert Category.DISCOURTESY in categories


def test_without_the_tagger_only_flagged_categories_show_words(engine: ModerationEngine) -> None:
    bare = ModerationEngine(engine.detectors, engine.calibration)
    assert bare.moderate("The senator's plan is dumb.").spans == []
    flagged = bare.moderate("You are a pathetic idiot.")
    assert {span.category for span in flagged.spans} == {Category.DISCOURTESY}
