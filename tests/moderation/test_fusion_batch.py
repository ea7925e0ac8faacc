"""The fusion phase scores a batch with numpy and one comment in plain Python: both give the same bits."""

from __future__ import annotations

from civility.moderation.categories import Category
from civility.moderation.engine import ModerationEngine
from civility.moderation.phases.fusion import RULES_FOUND, FusionPhase, fact_row, fact_values
from civility.moderation.pipeline import ModerationContext, ModerationState
from civility.moderation.policy_config import DetectorSpec, PolicyConfig
from civility.moderation.stacking import FACTS, feature_row, values_row

# The context cases of the policy, rule hits, learned-only scores, an extra detector's category, doxing
# and spam (hand-written fusion), and comments with nothing in them.
TEXTS = [
    "You idiots, I will hurt you",
    "I'd kill for that recipe",
    "This bill is killing small business",
    "The drone strike killed ISIS fighters near the border, officials said.",
    "Saying 'all Muslims are terrorists' is bigoted",
    "As a gay Muslim woman I disagree with this article",
    "Women are too emotional to vote.",
    "Muslims are not terrorists",
    "this is f***ing brilliant",
    "That policy is stupid",
    "You are a moron and everyone knows it",
    "My doctor examined my breast for lumps",
    "he lives at 42 Elm Street, call him on 555-123-4567",
    "Make $5000 a week from home!!! click http://cash.example.com now",
    "kys",
    "Thanks for the thoughtful article.",
    "s.t.u.u.u.p.i.d i d i o t",
    "I don't hate Jews",
    "they are vermin",
    "What a gobshite take",
]


def test_a_batch_scores_every_comment_exactly_as_scoring_it_alone(engine: ModerationEngine) -> None:
    batch = engine.moderate_batch(TEXTS)
    assert any(result.scores[Category.DISCOURTESY] >= 0.5 for result in batch)  # the stacker scored
    for text, together in zip(TEXTS, batch, strict=True):
        alone = engine.moderate(text)
        assert together.to_json() == alone.to_json(), text
        assert together.scores == alone.scores, text  # the same floats, not merely close ones


def test_a_batch_with_a_site_detector_scores_exactly_as_one_comment_alone(engine: ModerationEngine) -> None:
    policy = PolicyConfig(
        detectors=[DetectorSpec(name="wordlist", options={"words": ["gobshite"], "category": "discourtesy"})]
    )
    batch = engine.moderate_batch(TEXTS, policy=policy)
    assert (
        batch[TEXTS.index("What a gobshite take")].scores[Category.DISCOURTESY]
        > (engine.moderate("What a gobshite take").scores[Category.DISCOURTESY])
    )
    for text, together in zip(TEXTS, batch, strict=True):
        assert together.to_json() == engine.moderate(text, policy=policy).to_json(), text


def test_the_batch_feature_rows_are_the_stackers_named_features(engine: ModerationEngine) -> None:
    """`feature_row` (what the phase scores) and `stack_features` (what training fits on) must agree."""
    pipeline = engine._build_pipeline(engine.detectors)
    checked = 0
    for text in TEXTS:
        state = ModerationState(text=text, policy=PolicyConfig(), context=ModerationContext())
        for phase in pipeline.phases:
            if isinstance(phase, FusionPhase):
                break
            phase.run(state)
        assert isinstance(phase, FusionPhase) and state.normalized is not None
        inputs = phase.inputs(state)
        assert inputs.learned is not None
        named = phase.stack_features(state, inputs)
        facts = fact_values(state.normalized)
        assert fact_row(state.normalized) == [1.0 if facts[name] else 0.0 for name in FACTS], text
        for category, values in named.items():
            row = feature_row(
                inputs.learned[category],
                _old(inputs.builtin.get(category, [])),
                inputs.detector_scores.get(category, {}),
                inputs.rule_spans.get(category, 0),
                category in inputs.explained,
                inputs.identity_share.get(category, 0.0),
                [1.0 if facts[name] else 0.0 for name in FACTS],
                RULES_FOUND,
            )
            assert row == values_row(values), (text, category)
            checked += 1
    assert checked >= 5 * len(TEXTS)


def _old(scores: list[float]) -> float:
    ordered = sorted(scores, reverse=True)
    if not ordered:
        return 0.0
    return ordered[0] + (1.0 - ordered[0]) * ordered[1] / 2.0 if len(ordered) > 1 else ordered[0]
