"""Cut a run of letters that lost its spaces back into words: "youareanidiot" -> you / are / an / idiot.

`normalize` joins letters written one by one ("i d i o t", "f.u.c.k") into a word. When the writer spaced
out a whole sentence ("y o u  a r e  a n  i d i o t"), the join is one long run that no detector can read;
this module finds the likeliest words in it, the way word-segmentation tools do (wordninja, Norvig's
`segment`): each word costs log((its frequency rank + 1) x log(vocabulary size)) under Zipf's law, and
dynamic programming picks the cheapest cut. Only known words are used: a run with no full cut into known
words, one that is itself a known word ("idiot", "usa"), or one whose cut costs more than an unknown word
of its length, stays as it is.

The words and their order come from `lexicons/words.json` (built by `training/build_words.py` from the
shared data's comments); the file is read on first use, so loading the engine costs nothing.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _costs() -> tuple[dict[str, float], int]:
    path = resources.files("civility.moderation").joinpath("lexicons", "words.json")
    words: list[str] = json.loads(path.read_text(encoding="utf-8"))["words"]
    scale = math.log(len(words))
    costs = {word: math.log((rank + 1) * scale) for rank, word in enumerate(words)}
    return costs, max(map(len, words))


def split_words(letters: str) -> list[int] | None:
    """Where to cut `letters` (lowercase a-z) into words: the cut positions (between 1 and len - 1, in
    order), or None when it stays one piece (a known word, or no cut into known words only)."""
    costs, longest = _costs()
    if letters in costs:
        return None
    size = len(letters)
    best = [0.0] + [math.inf] * size
    back = [0] * (size + 1)
    for end in range(1, size + 1):
        for start in range(max(0, end - longest), end):
            if best[start] == math.inf:
                continue
            cost = costs.get(letters[start:end])
            if cost is not None and best[start] + cost < best[end]:
                best[end] = best[start] + cost
                back[end] = start
    # Norvig's estimate for an unknown word, P = 10 / (N x 10^length): a run is kept whole ("dhuger", a
    # name or a typo) unless known words explain it better ("dh ug er" does not)
    if best[size] >= math.log(len(costs)) + (size - 1) * math.log(10):
        return None
    cuts: list[int] = []
    end = size
    while end > 0:
        end = back[end]
        if end:
            cuts.append(end)
    return cuts[::-1]


def is_known_word(word: str) -> bool:
    """Whether `word` is one of the words people write in comments (`lexicons/words.json`)."""
    return word in _costs()[0]
