"""The stacked fusion: a small shipped model per category, its score map, and the policy guards."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from civility.moderation.calibration import Calibration
from civility.moderation.categories import Action, Category
from civility.moderation.engine import ModerationEngine
from civility.moderation.phases.fusion import RULE_FLOOR, guarded
from civility.moderation.policy_config import DetectorSpec, PolicyConfig
from civility.moderation.stacking import FEATURES, StackedFusion

STACKED = {Category.VIOLENCE, Category.HATE, Category.PROFANITY, Category.VULGARITY, Category.DISCOURTESY}


@pytest.fixture(scope="module")
def hand_written(engine: ModerationEngine) -> ModerationEngine:
    """The same detectors and calibration maps without the stacked models."""
    return ModerationEngine(engine.detectors, Calibration(engine.calibration.maps, None))


def test_the_shipped_models_are_json_over_known_features_with_0_5_at_their_threshold() -> None:
    shipped = StackedFusion.load_shipped()
    assert shipped is not None
    assert set(shipped.categories) == STACKED
    for category, model in shipped.categories.items():
        assert set(model.features) <= set(FEATURES), category
        assert model.score_map(0.0) == 0.0 and model.score_map(1.0) == 1.0
        assert 0.5 in model.score_map.ys
        threshold = model.score_map.xs[model.score_map.ys.index(0.5)]
        assert 0.5 <= threshold < 1.0  # a probability under one half never flags
    raw = resources.files("civility.moderation").joinpath("models", "fusion.json").read_text("utf-8")
    assert json.loads(raw)["provenance"]["script"] == "training/fit_fusion.py"


def test_the_engine_loads_the_stacked_fusion_and_spam_and_doxing_keep_the_hand_written_one(
    engine: ModerationEngine, hand_written: ModerationEngine
) -> None:
    assert engine.calibration.stack is not None
    text = "You are a pathetic idiot and everyone here knows it"
    stacked, plain = engine.moderate(text).scores, hand_written.moderate(text).scores
    assert stacked[Category.DISCOURTESY] >= 0.5
    assert stacked[Category.DISCOURTESY] != pytest.approx(plain[Category.DISCOURTESY], abs=1e-6)
    spammy = "Call 0161 496 0123 now to claim your prize at http://bit.ly/win"
    assert engine.moderate(spammy).scores[Category.SPAM] == pytest.approx(
        hand_written.moderate(spammy).scores[Category.SPAM]
    )
    assert engine.moderate(spammy).scores[Category.DOXING] == pytest.approx(
        hand_written.moderate(spammy).scores[Category.DOXING]
    )


def test_a_model_with_an_unknown_feature_or_a_falling_map_is_refused() -> None:
    entry = {"features": ["learned"], "weights": [1.0], "intercept": 0.0, "map": {"x": [0, 1], "y": [0, 1]}}
    StackedFusion.from_json({"categories": {"hate": entry}})
    with pytest.raises(ValueError, match="unknown features"):
        StackedFusion.from_json({"categories": {"hate": {**entry, "features": ["shoe size"]}}})
    with pytest.raises(ValueError, match="ascending"):
        StackedFusion.from_json({"categories": {"hate": {**entry, "map": {"x": [0, 1], "y": [1, 0]}}}})


def test_a_context_the_policy_names_keeps_the_hand_written_discount() -> None:
    assert guarded(0.9, 0.2, "news", 0.0) == pytest.approx(0.2)
    assert guarded(0.1, 0.2, "idiom", 0.0) == pytest.approx(0.1)


def test_a_soft_context_stays_under_the_threshold_in_its_order() -> None:
    high, low = guarded(0.95, 0.1, "calm mention", 0.0), guarded(0.7, 0.1, "calm mention", 0.0)
    assert low < high < 0.5
    assert guarded(0.3, 0.1, "no violent word", 0.0) == pytest.approx(0.3)


def test_a_near_certain_rule_keeps_the_comment_at_or_above_the_threshold() -> None:
    assert guarded(0.1, 0.87, None, 0.6) == pytest.approx(RULE_FLOOR)
    assert guarded(0.1, 0.87, None, 0.92) == pytest.approx(RULE_FLOOR + 0.16)  # the surer rule reads higher
    assert guarded(0.1, 0.3, None, 0.92) == pytest.approx(0.3)  # never above the hand-written score
    assert guarded(0.9, 0.87, None, 0.92) == pytest.approx(0.9)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("kys", Category.VIOLENCE),
        ("They are vermin.", Category.HATE),
        ("Nobody asked you, clown.", Category.DISCOURTESY),
    ],
)
def test_clear_rule_cases_stay_flagged_although_the_learned_tier_misses_them(
    engine: ModerationEngine, text: str, category: Category
) -> None:
    assert engine.moderate(text).scores[category] >= 0.5


@pytest.mark.parametrize(
    "text",
    [
        "Good to see the Syrian government's position included, even if it was a one-liner. "
        "It shapes what happens on the ground.",
        "My wife is an immigrant from Mexico.",
    ],
)
def test_a_calm_mention_of_a_group_is_allowed(engine: ModerationEngine, text: str) -> None:
    result = engine.moderate(text)
    assert result.scores[Category.HATE] < 0.5
    assert result.decision is Action.ALLOW


def test_a_sites_own_detector_still_adds_to_a_stacked_category(engine: ModerationEngine) -> None:
    policy = PolicyConfig(
        detectors=[DetectorSpec(name="wordlist", options={"words": ["gobshite"], "category": "discourtesy"})]
    )
    text = "What a gobshite take"
    assert engine.moderate(text, policy=policy).scores[Category.DISCOURTESY] >= 0.5
    assert (
        engine.moderate(text).scores[Category.DISCOURTESY]
        < engine.moderate(text, policy=policy).scores[Category.DISCOURTESY]
    )


def test_the_fusion_phase_computes_every_feature_the_shipped_models_read(engine: ModerationEngine) -> None:
    """A feature the phase does not produce would silently read as 0: the names must match."""
    from civility.moderation.phases.fusion import FusionPhase
    from civility.moderation.pipeline import ModerationContext, ModerationState

    pipeline = engine._build_pipeline(engine.detectors)
    state = ModerationState(
        text="You idiots, I will hurt you", policy=PolicyConfig(), context=ModerationContext()
    )
    for phase in pipeline.phases:
        if isinstance(phase, FusionPhase):
            values = phase.stack_features(state, phase.inputs(state))
            break
        phase.run(state)
    shipped = StackedFusion.load_shipped()
    assert shipped is not None
    for category, model in shipped.categories.items():
        assert set(model.features) <= set(values[category]), category


@pytest.mark.parametrize(
    "text",
    ["Women are too emotional to vote.", "Gay people should not be allowed near children."],
)
def test_a_group_made_the_subject_of_a_sweeping_claim_is_not_a_calm_mention(
    engine: ModerationEngine, text: str
) -> None:
    # no hostile word, but the claim is about a whole group: implicit hate, held for a moderator
    assert engine.moderate(text).scores[Category.HATE] >= 0.5
