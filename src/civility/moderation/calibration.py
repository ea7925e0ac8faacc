"""Per-category calibration: one monotone piecewise-linear map per category, shipped as JSON.

Raw fused scores mean different things per category (a lexicon hit for profanity is near-certain, a
learned hate score of 0.6 is not). `training/calibrate_fusion.py` fits, on held-out rows, a map from the
raw score to the precision observed at that score (isotonic, then thinned to a few knots), so that one
threshold, e.g. 0.5, means "about half of what is flagged is truly in the category" everywhere. Without
the file the map is the identity. These maps calibrate the hand-written fusion; where `models/fusion.json`
is shipped, `Calibration.stack` carries the stacked fusion (`civility.moderation.stacking`) that scores
the categories it has a model for, with its own score maps.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from civility.moderation.categories import Category

if TYPE_CHECKING:
    from civility.moderation.stacking import StackedFusion


@dataclass(frozen=True, slots=True)
class PiecewiseLinear:
    """y = f(x) through the knots (xs ascending, ys non-decreasing), flat outside them."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]

    def __call__(self, x: float) -> float:
        if not self.xs:
            return x
        if x <= self.xs[0]:
            return self.ys[0]
        if x >= self.xs[-1]:
            return self.ys[-1]
        i = bisect_right(self.xs, x) - 1
        x0, x1, y0, y1 = self.xs[i], self.xs[i + 1], self.ys[i], self.ys[i + 1]
        return y0 + (y1 - y0) * (x - x0) / (x1 - x0) if x1 > x0 else y1


IDENTITY = PiecewiseLinear((), ())


@dataclass(frozen=True, slots=True)
class Calibration:
    """The calibration maps of all categories, and the stacked fusion where one is shipped."""

    maps: dict[Category, PiecewiseLinear]
    stack: StackedFusion | None = None

    def apply(self, category: Category, score: float) -> float:
        return min(1.0, max(0.0, self.maps.get(category, IDENTITY)(score)))

    @classmethod
    def identity(cls) -> Calibration:
        return cls({})

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Calibration:
        categories = data.get("categories", {})
        assert isinstance(categories, dict)
        maps: dict[Category, PiecewiseLinear] = {}
        for name, knots in categories.items():
            xs = tuple(float(x) for x in knots["x"])
            ys = tuple(float(y) for y in knots["y"])
            if len(xs) != len(ys) or list(xs) != sorted(xs) or list(ys) != sorted(ys):
                raise ValueError(f"calibration for {name}: knots must be ascending and of equal length")
            maps[Category(name)] = PiecewiseLinear(xs, ys)
        return cls(maps)

    @classmethod
    def load_shipped(cls) -> Calibration:
        """The calibration shipped in the package (the identity when there is none), with the stacked
        fusion of `models/fusion.json` when that is shipped too."""
        from civility.moderation.stacking import StackedFusion

        path = resources.files("civility.moderation").joinpath("models", "calibration.json")
        maps = cls.from_json(json.loads(path.read_text(encoding="utf-8"))).maps if path.is_file() else {}
        return cls(maps, StackedFusion.load_shipped())
