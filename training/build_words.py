"""Build the word list that cuts spaced-out letters back into words (lexicons/words.json).

    python -m training.build_words [--data ../shared/data] [--out src/civility/moderation/lexicons]

"y o u  a r e  a n  i d i o t" is one run of single letters once its spaces are removed; `normalize`
cuts it into the likeliest words (`civility.moderation.segment`), which needs the words people write in
comments and how common each one is. They are counted here over every text of ../shared/data (NFKC and
lower case: not the engine's `normalize`, which reads this very list), plus the shipped lexicon's
single-word terms: the list holds words and their order by frequency only, no text. Deterministic (ties
sorted alphabetically).
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

from training.datasets import load_all
from training.train import SEED

MIN_COUNT = 5  # rarer tokens are mostly typos and names, which a segmentation should not produce
MAX_WORDS = 40_000
MAX_LENGTH = 20  # longer tokens are links, hashtags and joined runs, not words
# the letters that are words on their own; "t" and "s" are common only as the ends of "don't", "it's"
SINGLE_LETTER_WORDS = frozenset({"a", "i", "u"})
_TOKEN = re.compile(r"[a-z]+")


def count_words(texts: list[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(
            token
            for token in _TOKEN.findall(unicodedata.normalize("NFKC", text).lower())
            if len(token) <= MAX_LENGTH and (len(token) > 1 or token in SINGLE_LETTER_WORDS)
        )
    return counts


def build(data: Path, out: Path) -> int:
    examples = load_all(data, SEED)
    counts = count_words([example.text for example in examples])
    terms = json.loads((out / "terms.json").read_text(encoding="utf-8"))["terms"]
    lexicon_words = sorted(
        {entry["term"] for entry in terms if entry["term"].isalpha() and entry["term"].isascii()}
    )
    frequent = sorted(
        (word for word, count in counts.items() if count >= MIN_COUNT), key=lambda w: (-counts[w], w)
    )[:MAX_WORDS]
    known = set(frequent)
    words = frequent + [word for word in lexicon_words if word not in known]
    payload = {
        "about": (
            "Words of ../shared/data comments (normalised, seen at least "
            f"{MIN_COUNT} times, the {MAX_WORDS} commonest) in order of frequency, then the lexicon's "
            "single-word terms; built by training/build_words.py"
        ),
        "words": words,
    }
    (out / "words.json").write_text(json.dumps(payload, separators=(",", ":")) + "\n", encoding="utf-8")
    return len(words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    root = Path(__file__).resolve().parent.parent
    parser.add_argument("--data", type=Path, default=root.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=root / "src" / "civility" / "moderation" / "lexicons")
    arguments = parser.parse_args()
    print(f"{build(arguments.data, arguments.out)} words written to {arguments.out / 'words.json'}")


if __name__ == "__main__":
    main()
