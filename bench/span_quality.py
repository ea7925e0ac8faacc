"""Evidence-span quality: do the highlighted words match the words people call toxic?

    .venv/bin/python bench/span_quality.py [--data ../shared/data] [--src DIR] [--out FILE.json]

Rows: the Toxic Spans posts (Civil Comments news comments) that carry the official SemEval-2021 Task 5
ground truth (`meta.semeval2021_spans`) and fall in our dev split (`training.split.is_dev`: the learned
tier never trained on them). The metric is the task's: per post, the F1 of the predicted against the
gold character offsets (1 when both are empty, 0 when only one is), averaged over posts; also the F1 on
the posts with gold spans only, and the character-level (micro) precision and recall.

Systems, on the same rows in the same run:
* civility: the `spans` of `civility moderate --json` under the default policy (what integrations read);
* alt-profanity-check, word by word: every word whose `predict_prob` is at least 0.5 (the usual way to
  get spans from a comment classifier; run in bench/.venv-peers, its scikit-learn pin);
* two reference points: no span at all, and the whole post.
Prints a markdown table; nothing here is a timed test.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from training.span_metric import span_f1  # noqa: E402

_WORD = re.compile(r"\w+(?:[*'’.@$!-]+\w+)*[*]*", re.UNICODE)

_APC_WORDS = """
import json, re, sys
from profanity_check import predict_prob
texts = json.load(open(sys.argv[1]))
words = [[m.span() for m in re.finditer(sys.argv[3], t)] for t in texts]
flat = [t[s:e] for t, spans in zip(texts, words) for s, e in spans]
probs = iter(predict_prob(flat)) if flat else iter(())
json.dump([[[s, e] for s, e in spans if next(probs) >= 0.5] for spans in words], open(sys.argv[2], "w"))
"""


def load_rows(data: Path) -> list[tuple[str, set[int]]]:
    """(text, gold character offsets) of the SemEval-2021 posts in our dev split."""
    from training.datasets import Example
    from training.split import is_dev

    rows: list[tuple[str, set[int]]] = []
    with (data / "toxic_spans" / "toxic_spans_train.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            gold = row["meta"].get("semeval2021_spans")
            if gold is None or not is_dev(Example(row["text"], "toxic_spans", {}, 1.0, {})):
                continue
            rows.append((row["text"], {i for start, end in gold for i in range(start, end)}))
    return rows


def score(name: str, rows: list[tuple[str, set[int]]], predicted: list[set[int]]) -> dict[str, object]:
    f1s = [span_f1(p, gold) for p, (_, gold) in zip(predicted, rows, strict=True)]
    toxic = [f for f, (_, gold) in zip(f1s, rows, strict=True) if gold]
    hit = sum(len(p & gold) for p, (_, gold) in zip(predicted, rows, strict=True))
    said = sum(len(p) for p in predicted)
    truth = sum(len(gold) for _, gold in rows)
    return {
        "system": name,
        "f1": sum(f1s) / len(f1s),
        "f1_toxic": sum(toxic) / len(toxic),
        "char_p": hit / said if said else float("nan"),
        "char_r": hit / truth,
        "posts_with_spans": sum(1 for p in predicted if p),
    }


def civility_spans(texts: list[str]) -> list[set[int]]:
    from civility.moderation.engine import ModerationEngine

    engine = ModerationEngine.load()
    out: list[set[int]] = []
    for start in range(0, len(texts), 64):
        for result in engine.moderate_batch(texts[start : start + 64]):
            spans = result.to_json()["spans"]
            assert isinstance(spans, list)
            out.append({i for span in spans for i in range(span["start"], span["end"])})
    return out


def apc_spans(texts: list[str]) -> list[set[int]] | None:
    from moderation_quality import run_peer

    script = _APC_WORDS.replace("sys.argv[3]", repr(_WORD.pattern))
    found = run_peer(script, texts)
    if found is None:
        return None
    assert isinstance(found, list)
    return [{i for start, end in spans for i in range(start, end)} for spans in found]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the Civility source tree to measure")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    sys.path.insert(0, str(args.src.resolve()))

    rows = load_rows(args.data)
    texts = [text for text, _ in rows]
    results = [score("civility", rows, civility_spans(texts))]
    apc = apc_spans(texts)
    if apc is not None:
        results.append(score("alt-profanity-check, word by word", rows, apc))
    results.append(score("(no span at all)", rows, [set() for _ in rows]))
    results.append(score("(the whole post)", rows, [set(range(len(text))) for text in texts]))

    empty = sum(1 for _, gold in rows if not gold)
    print(f"{len(rows)} Toxic Spans posts with SemEval-2021 ground truth in our dev split", end=" ")
    print(f"({empty} without spans)\n")
    print("| system | span F1 (SemEval) | F1, gold not empty | char P | char R | posts with spans |")
    print("|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['system']} | {r['f1']:.3f} | {r['f1_toxic']:.3f} | {r['char_p']:.3f} | {r['char_r']:.3f} "
            f"| {r['posts_with_spans']} |"
        )
    if args.out:
        args.out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
