"""Comments as they are published: does the engine score the raw text of a source as well as its cleaned text?

    .venv/bin/python bench/raw_input.py [--data ../shared/data] [--src DIR]

Three sources are read cleaned by `training.datasets`, and an integration that pipes their files to
`civility moderate` sends the raw text: Impermium's comments as the Kaggle CSV wrote them (every one
inside double quotes, escapes written out: "\\n", "\\xa0", "\\xe2\\x80\\x99"), YouTube comments with
"<br />" tags, EDOS posts with "[USER]" and "[URL]" placeholders. Rows: each source's rows in our dev
split (the shipped learned tier never trained on them). Prints AUC / AP / precision / recall at 0.5 of
the source's category for the raw and the cleaned text, from the same engine in the same run. `--src`
measures another source tree (an older checkout's src/).
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
    from training.datasets import Example, clean_edos, clean_youtube, decode_impermium
    from training.split import is_dev

    sources = {
        "impermium": ("impermium_insults/insults_train.jsonl", Category.DISCOURTESY, decode_impermium,
                      lambda labels: int(labels["Insult"])),
        "youtube": ("youtube_spam/youtube_spam_train.jsonl", Category.SPAM, clean_youtube,
                    lambda labels: int(labels["CLASS"])),
        "edos": ("edos/edos_train_dev.jsonl", Category.HATE, clean_edos,
                 lambda labels: int(labels["label_sexist"] == "sexist")),
    }
    engine = ModerationEngine.load()
    print(f"engine from {args.src}; rows in our dev split of each source\n")
    print("| source | rows / positives | category | text | AUC | AP | P@0.5 | R@0.5 | flagged for anything |")
    print("|---|---|---|---|---|---|---|---|---|")
    for source, (path, category, clean, label_of) in sources.items():
        raw: list[str] = []
        labels: list[int] = []
        with (args.data / path).open(encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                if is_dev(Example(clean(row["text"]), source, {}, 1.0, {})):
                    raw.append(row["text"])
                    labels.append(label_of(row["labels"]))
        y = np.array(labels)
        for name, texts in (("raw (as published)", raw), ("cleaned", [clean(t) for t in raw])):
            results = engine.moderate_batch(texts)
            p = np.array([result.scores[category] for result in results])
            flagged = p >= 0.5
            hits = int((flagged & (y == 1)).sum())
            any_flag = sum(1 for result in results if result.reasons)
            print(
                f"| {source} | {len(y)} / {int(y.sum())} | {category.value} | {name} "
                f"| {roc_auc_score(y, p):.3f} | {average_precision_score(y, p):.3f} "
                f"| {hits / max(1, int(flagged.sum())):.3f} | {hits / int(y.sum()):.3f} | {any_flag} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
