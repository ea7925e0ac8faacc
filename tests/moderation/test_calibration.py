"""Per-category calibration maps: monotone piecewise-linear, validated, applied by the fusion phase."""

from __future__ import annotations

import pytest

from civility.moderation.calibration import Calibration, PiecewiseLinear
from civility.moderation.categories import Category
from civility.moderation.engine import ModerationEngine


def test_piecewise_linear_interpolates_and_is_flat_outside_its_knots() -> None:
    curve = PiecewiseLinear((0.2, 0.6, 1.0), (0.1, 0.5, 0.9))
    assert curve(0.0) == pytest.approx(0.1)
    assert curve(0.4) == pytest.approx(0.3)
    assert curve(0.8) == pytest.approx(0.7)
    assert curve(1.0) == pytest.approx(0.9)


def test_a_category_without_a_map_keeps_its_score() -> None:
    calibration = Calibration.from_json({"categories": {"hate": {"x": [0.0, 1.0], "y": [0.0, 0.5]}}})
    assert calibration.apply(Category.HATE, 0.8) == pytest.approx(0.4)
    assert calibration.apply(Category.SPAM, 0.8) == pytest.approx(0.8)


def test_non_monotone_knots_are_refused() -> None:
    with pytest.raises(ValueError, match="ascending"):
        Calibration.from_json({"categories": {"hate": {"x": [0.0, 1.0], "y": [0.9, 0.1]}}})


def test_the_engine_applies_the_calibration_map_per_category() -> None:
    base = ModerationEngine.load()
    halved = Calibration.from_json({"categories": {"violence": {"x": [0.0, 1.0], "y": [0.0, 0.5]}}})
    engine = ModerationEngine(base.detectors, halved)
    plain = ModerationEngine(base.detectors, Calibration.identity()).moderate("I will kill you").scores
    calibrated = engine.moderate("I will kill you").scores
    assert calibrated[Category.VIOLENCE] == pytest.approx(plain[Category.VIOLENCE] / 2, abs=0.01)
    assert calibrated[Category.HATE] == pytest.approx(plain[Category.HATE])


def test_the_shipped_map_is_fitted_for_the_main_categories_and_never_raises_a_score() -> None:
    """training/calibrate_fusion.py ships min(raw, isotonic(raw)): it may lower a fused score where the
    dev rows say it claims too much, never raise one (dev prevalence is not a news site's)."""
    shipped = Calibration.load_shipped()
    assert {Category.HATE, Category.PROFANITY, Category.DISCOURTESY, Category.SPAM} <= set(shipped.maps)
    for category, curve in shipped.maps.items():
        for x in [i / 100 for i in range(101)]:
            assert shipped.apply(category, x) <= x + 1e-9, (category, x)
        assert curve(1.0) > 0.5
