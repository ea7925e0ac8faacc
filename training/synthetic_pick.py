"""The draw every synthetic generator (`training.synthetic_*`) makes: one item of a list, uniformly, from
the run's seeded `random.Random` (one `randrange` call, so the sequence of draws is reproducible).
"""

from __future__ import annotations

import random


def pick(rng: random.Random, items: list[str] | tuple[str, ...]) -> str:
    return items[rng.randrange(len(items))]
