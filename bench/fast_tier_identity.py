"""Check that two source trees give the fast tier's exact output: normal form, features, scores, spans.

    .venv/bin/python bench/fast_tier_identity.py --before-src /tmp/fast-before/src [--src src]
        [--data ../shared/data] [--per-set 700]

Speed work on `normalize` and the learned detector must not change what they compute (the shipped
weights were trained on these features, and the scores are calibrated). Each tree runs in its own process
on the same texts: the speed benchmark's 4,000 comments plus `--per-set` comments of every data set
(hate, spam, obfuscation-prone tweets, long posts). It compares, per text, the normalised text and its
offset map; per batch of 64 (the benchmark's batches) the features' arrays, every score (bit for bit, as
float.hex) and every evidence span; and the first 500 texts scored one at a time. Prints the counts and the
first differences; exits 1 when anything differs. Not a timed test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETS = (
    "convabuse/convabuse_train_valid.jsonl",
    "davidson/davidson.jsonl",
    "edos/edos_train_dev.jsonl",
    "gab_hate_corpus/ghc_train.jsonl",
    "hatexplain/hatexplain_trainval.jsonl",
    "impermium_insults/insults_train.jsonl",
    "implicit_hate/implicit_hate.jsonl",
    "jigsaw_train_sample/jigsaw_train_sample.jsonl",
    "olid/olid_train.jsonl",
    "sms_spam/sms_spam.jsonl",
    "stormfront/stormfront.jsonl",
    "toxic_spans/toxic_spans_train.jsonl",
    "toxigen_seeds/toxigen_seeds.jsonl",
    "youtube_spam/youtube_spam_train.jsonl",
)


def load_texts(data: Path, per_set: int) -> list[str]:
    sys.path.insert(0, str(ROOT / "bench"))
    from moderation_speed import load_texts as benchmark_texts

    texts = benchmark_texts(data, 4000)
    for rel in SETS:
        path = data / rel
        if not path.is_file():
            continue
        rows = [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
        step = max(1, len(rows) // per_set)
        texts.extend(t for t in rows[::step][:per_set] if isinstance(t, str))
    return texts


def worker(src: Path, texts: list[str]) -> dict[str, list[object]]:
    sys.path.insert(0, str(src))
    from civility.moderation.detectors.learned import LearnedDetector
    from civility.moderation.detectors.learned_features import featurize
    from civility.moderation.normalize import normalize

    detector = LearnedDetector()
    norms = [normalize(t) for t in texts]
    normal = [[n.text, hashlib.sha256(repr(n.offsets).encode()).hexdigest()] for n in norms]

    def rows(outputs: list[object]) -> list[object]:
        return [
            [
                {c.value: float(s).hex() for c, s in out.scores.items()},  # type: ignore[attr-defined]
                [[s.start, s.end, s.category.value] for s in out.spans],  # type: ignore[attr-defined]
            ]
            for out in outputs
        ]

    batched: list[object] = []
    features: list[object] = []
    for i in range(0, len(norms), 64):
        chunk = norms[i : i + 64]
        batched.extend(rows(list(detector.detect_batch(chunk))))
        f = featurize([n.text for n in chunk], detector.model.config, [n.original for n in chunk])
        digest = hashlib.sha256()
        for array in (f.doc, f.index, f.value, f.start, f.end):
            digest.update(array.dtype.str.encode())
            digest.update(array.tobytes())
        digest.update(repr(f.segments).encode())
        features.append(digest.hexdigest())
    single = rows([detector.detect(n) for n in norms[:500]])
    return {"normal": normal, "batched": batched, "features": features, "single": single}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before-src", type=Path, required=True)
    parser.add_argument("--src", type=Path, default=ROOT / "src")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--per-set", type=int, default=700)
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--texts", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        texts = json.loads(args.texts.read_text(encoding="utf-8"))
        args.out.write_text(json.dumps(worker(args.worker.resolve(), texts)), encoding="utf-8")
        return 0
    texts = load_texts(args.data, args.per_set)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        text_file = Path(tmp) / "texts.json"
        text_file.write_text(json.dumps(texts), encoding="utf-8")
        for name, src in (("before", args.before_src), ("after", args.src)):
            out = Path(tmp) / f"{name}.json"
            command = [sys.executable, __file__, "--before-src", "-", "--worker", str(src)]
            command += ["--texts", str(text_file), "--out", str(out)]
            subprocess.run(command, check=True)
            results.append(json.loads(out.read_text(encoding="utf-8")))
    before, after = results
    failed = False
    for key, unit in (
        ("normal", "normal forms and offset maps"),
        ("features", "batches' features"),
        ("batched", "outputs in batches of 64"),
        ("single", "outputs one at a time"),
    ):
        pairs = list(zip(before[key], after[key], strict=True))
        differing = [i for i, (b, a) in enumerate(pairs) if b != a]
        print(f"{key}: {len(pairs) - len(differing):,} of {len(pairs):,} {unit} identical")
        for i in differing[:3]:
            print(f"  #{i}: before {json.dumps(before[key][i])[:300]}")
            print(f"  #{i}: after  {json.dumps(after[key][i])[:300]}")
        failed = failed or bool(differing)
    n_spans = sum(len(row[1]) for row in after["batched"])
    print(f"{len(texts):,} texts, {n_spans:,} evidence spans in batches of 64")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
