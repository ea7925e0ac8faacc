"""Comments as they are published: does the engine score the raw text of a source as well as its cleaned text?

    .venv/bin/python bench/raw_input.py [--data ../shared/data] [--src DIR]

Impermium's comments come as the Kaggle CSV wrote them: every one inside double quotes, with escapes
written out ("\\n", "\\xa0", "\\xe2\\x80\\x99"); our training and dev benches read them cleaned
(`training.datasets.decode_impermium`). An integration that pipes the file to `civility moderate`
sends the raw text. Rows: Impermium comments in our dev split (the shipped learned tier never trained
on them). Prints discourtesy AUC / AP / precision / recall at 0.5 for the raw and the cleaned text,
from the same engine in the same run. `--src` measures another source tree (an older checkout's src/).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the Civility source tree to measure")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(args.src.resolve()))
    from civility.moderation.categories import Category
    from civility.moderation.engine import ModerationEngine
    from training.datasets import Example, decode_impermium
    from training.split import is_dev

    raw: list[str] = []
    labels: list[int] = []
    with (args.data / "impermium_insults" / "insults_train.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if is_dev(Example(decode_impermium(row["text"]), "impermium", {}, 1.0, {})):
                raw.append(row["text"])
                labels.append(int(row["labels"]["Insult"]))
    y = np.array(labels)
    engine = ModerationEngine.load()
    print(f"{len(raw)} Impermium comments in our dev split, {int(y.sum())} insults; engine from {args.src}\n")
    print("| text | discourtesy AUC | AP | P@0.5 | R@0.5 | comments flagged for anything |")
    print("|---|---|---|---|---|---|")
    for name, texts in (("raw (as published)", raw), ("cleaned", [decode_impermium(t) for t in raw])):
        results = engine.moderate_batch(texts)
        p = np.array([result.scores[Category.DISCOURTESY] for result in results])
        flagged = p >= 0.5
        hits = int((flagged & (y == 1)).sum())
        any_flag = sum(1 for result in results if result.reasons)
        print(
            f"| {name} | {roc_auc_score(y, p):.3f} | {average_precision_score(y, p):.3f} "
            f"| {hits / max(1, int(flagged.sum())):.3f} | {hits / int(y.sum()):.3f} | {any_flag} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
