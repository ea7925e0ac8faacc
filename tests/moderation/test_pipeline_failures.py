"""A detector that fails or overruns its budget sends the comment to review; logs never hold the text."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import pytest

from civility.moderation.categories import Action, Category
from civility.moderation.detector import Detector, DetectorOutput, NormalizedText
from civility.moderation.engine import ModerationEngine
from civility.moderation.policy_config import CategoryRule, DetectorSpec, PolicyConfig
from civility.moderation.registry import DetectorRegistry, UnknownDetector, default_registry
from civility.moderation.result import Status

SECRET_TEXT = "I will kill you, my secret comment 7f3a"


class FakeClock:
    """A clock that only moves when a detector says so."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class BrokenDetector:
    name = "broken"
    categories = frozenset({Category.SPAM})
    time_budget_ms = 10.0

    def detect(self, text: NormalizedText) -> DetectorOutput:
        raise RuntimeError("model file corrupt")


class SlowDetector:
    name = "slow"
    categories = frozenset({Category.SPAM})
    time_budget_ms = 10.0

    def __init__(self, clock: FakeClock, elapsed_s: float) -> None:
        self.clock = clock
        self.elapsed_s = elapsed_s

    def detect(self, text: NormalizedText) -> DetectorOutput:
        self.clock.now += self.elapsed_s
        return DetectorOutput(scores={Category.SPAM: 0.0})


def engine_with(*extra: Detector, clock: FakeClock | None = None) -> ModerationEngine:
    base = ModerationEngine.load()
    fake = clock or FakeClock()
    return ModerationEngine([*base.detectors, *extra], base.calibration, clock=fake, cpu_clock=fake)


def test_a_detector_that_raises_holds_the_comment(caplog: pytest.LogCaptureFixture) -> None:
    engine = engine_with(BrokenDetector())
    with caplog.at_level(logging.DEBUG, logger="civility"):
        result = engine.moderate("A perfectly nice comment.")
    assert result.decision is Action.HOLD
    assert result.status is Status.DETECTOR_FAILED
    assert any("broken" in reason and "review" in reason for reason in result.to_json()["reasons"])  # type: ignore[attr-defined]
    assert "nice comment" not in caplog.text
    assert "broken" in caplog.text


def test_a_failed_detector_never_rejects_even_when_others_would() -> None:
    policy = PolicyConfig(rules={Category.VIOLENCE: CategoryRule(threshold=0.5, action=Action.REJECT)})
    assert engine_with().moderate(SECRET_TEXT, policy=policy).decision is Action.REJECT
    result = engine_with(BrokenDetector()).moderate(SECRET_TEXT, policy=policy)
    assert result.decision is Action.HOLD
    assert result.scores[Category.VIOLENCE] >= 0.5  # the other detectors' evidence is still shown


def test_a_detector_over_its_budget_holds_the_comment(caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock()
    engine = engine_with(SlowDetector(clock, elapsed_s=0.5), clock=clock)
    with caplog.at_level(logging.DEBUG, logger="civility"):
        result = engine.moderate(SECRET_TEXT)
    assert result.decision is Action.HOLD
    assert result.status is Status.DETECTOR_FAILED
    assert any("timeout" in reason for reason in result.to_json()["reasons"])  # type: ignore[attr-defined]
    assert "secret comment" not in caplog.text


def test_a_detector_within_its_budget_does_not_hold() -> None:
    clock = FakeClock()
    engine = engine_with(SlowDetector(clock, elapsed_s=0.005), clock=clock)
    result = engine.moderate("A perfectly nice comment.")
    assert result.decision is Action.ALLOW
    assert result.status is Status.SCORED


def test_a_failing_detector_in_a_batch_holds_only_what_it_failed_on() -> None:
    class FailsOnLinks:
        name = "fails_on_links"
        categories = frozenset({Category.SPAM})
        time_budget_ms = 10.0

        def detect(self, text: NormalizedText) -> DetectorOutput:
            if "http" in text.text:
                raise ValueError("cannot parse")
            return DetectorOutput(scores={Category.SPAM: 0.0})

    results = engine_with(FailsOnLinks()).moderate_batch(["nice one", "see http://example.com", "agreed"])
    assert [result.decision for result in results] == [Action.ALLOW, Action.HOLD, Action.ALLOW]


def make_shouting_detector(options: Mapping[str, Any]) -> Detector:
    """A publisher's own detector, referenced from settings as "module:factory"."""

    class Shouting:
        name = "shouting"
        categories = frozenset({Category.DISCOURTESY})
        time_budget_ms = 10.0
        context_aware = True  # a rule: its score is taken as is, not checked against context

        def detect(self, text: NormalizedText) -> DetectorOutput:
            loud = text.original.isupper()
            return DetectorOutput(
                scores={Category.DISCOURTESY: float(options.get("score", 0.8)) if loud else 0.0}
            )

    return Shouting()


def test_a_module_factory_path_plugs_in_like_a_built_in() -> None:
    engine = ModerationEngine.load()
    policy = PolicyConfig(
        detectors=[DetectorSpec(name=f"{__name__}:make_shouting_detector", options={"score": 0.7})]
    )
    with_plugin = engine.moderate("STOP THIS NOW", policy=policy).scores[Category.DISCOURTESY]
    without = engine.moderate("STOP THIS NOW").scores[Category.DISCOURTESY]
    # the plug-in's 0.7 goes through fusion and the shipped calibration like any detector's score
    assert with_plugin >= engine.calibration.apply(Category.DISCOURTESY, 0.7) > without
    assert with_plugin >= 0.5


def test_built_ins_are_registered_by_name_like_plugins() -> None:
    names = default_registry().names()
    assert {"lexicon", "violence_rules", "hate_rules", "doxing", "spam", "wordlist", "learned"} <= set(names)
    registry = DetectorRegistry()
    registry.register("shouting", make_shouting_detector)
    assert registry.create("shouting").name == "shouting"


def test_an_unknown_detector_is_a_clear_error() -> None:
    with pytest.raises(UnknownDetector, match="not-a-detector"):
        DetectorRegistry().create("not-a-detector")
    with pytest.raises(UnknownDetector, match="cannot import"):
        DetectorRegistry().create("no_such_module_xyz:factory")


def test_a_detector_that_waits_far_beyond_its_budget_holds_the_comment() -> None:
    wall = FakeClock()
    cpu = FakeClock()

    class Waiting:
        name = "waiting"
        categories = frozenset({Category.SPAM})
        time_budget_ms = 10.0

        def detect(self, text: NormalizedText) -> DetectorOutput:
            wall.now += 1.0  # one second waiting on I/O, no CPU used
            return DetectorOutput(scores={Category.SPAM: 0.0})

    base = ModerationEngine.load()
    engine = ModerationEngine([*base.detectors, Waiting()], base.calibration, clock=wall, cpu_clock=cpu)
    result = engine.moderate("A perfectly nice comment.")
    assert result.decision is Action.HOLD
    assert "elapsed" in result.notes[0]


def test_an_installed_packages_entry_point_registers_a_detector(monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib.metadata import EntryPoint

    from civility.moderation import registry as registry_module

    fake = EntryPoint(
        name="house_words",
        value="civility.moderation.detectors.wordlist:WordListDetector.from_options",
        group=registry_module.ENTRY_POINT_GROUP,
    )
    monkeypatch.setattr(registry_module, "entry_points", lambda group: [fake] if group == fake.group else [])
    registry = default_registry()
    assert "house_words" in registry.names()
    detector = registry.create(
        DetectorSpec(name="house_words", options={"words": ["blorp"], "category": "spam"})
    )
    engine = ModerationEngine.load(registry=registry)
    policy = PolicyConfig(
        detectors=[DetectorSpec(name="house_words", options={"words": ["blorp"], "category": "spam"})]
    )
    assert detector.name == "wordlist"
    assert engine.moderate("buy blorp now", policy=policy).scores[Category.SPAM] >= 0.9
