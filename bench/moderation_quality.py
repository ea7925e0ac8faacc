"""Moderation quality on our dev splits: Civility (engine and learned tier) next to the peers, same rows.

    .venv/bin/python bench/moderation_quality.py [--data ../shared/data] [--out bench/out/quality.json]

For every dev split (grouped by near-duplicate key, never trained on; see training/split.py) and every
category the source labels, it reports ROC AUC, average precision, and precision/recall at the default
thresholds (0.5 for our policy and for alt-profanity-check's `predict`) for:
* Civility, the default engine (all detectors, stacked fusion, calibration) - what `civility moderate`
  returns. The stacked fusion was fitted on these dev rows, so its dev figures here are in-sample; the
  cross-fitted ones, and those on whole sources never seen in training, are printed at the end from
  training/fusion_metrics.json (written by `python -m training.fit_fusion`);
* the same engine with the hand-written fusion (`hand-written fusion`: no stacked models);
* Civility's learned tier alone (`LearnedDetector`);
* alt-profanity-check (a single "offensive" score, used as the predictor for every category), run in
  bench/.venv-peers (its scikit-learn pin) through a subprocess on the same texts.
Doxing has no labelled data: a generated set (fresh seed, templates written for this bench, not for
training) compares the engine with presidio-analyzer's pattern recognizers (the spaCy NER recognizers
need a model download, so they are not used; see docs/moderation-benchmarks.md).
Labels are the training mapping's soft labels, positive when >= 0.5. Prints markdown tables.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from civility.moderation.calibration import Calibration  # noqa: E402
from civility.moderation.categories import Category  # noqa: E402
from civility.moderation.detectors.learned import LearnedDetector  # noqa: E402
from civility.moderation.engine import ModerationEngine  # noqa: E402
from civility.moderation.normalize import normalize  # noqa: E402
from civility.moderation.policy_config import PolicyConfig  # noqa: E402
from training import fit_fusion  # noqa: E402
from training.datasets import CATEGORIES, load_all, spam_negatives_from  # noqa: E402
from training.split import split  # noqa: E402
from training.train import SEED  # noqa: E402

PEERS = ROOT / "bench" / ".venv-peers" / "bin" / "python"

_APC = """
import json, sys
from profanity_check import predict_prob
texts = json.load(open(sys.argv[1]))
json.dump([float(p) for p in predict_prob(texts)], open(sys.argv[2], "w"))
"""

_PRESIDIO = """
import json, sys
from presidio_analyzer import RecognizerRegistry
registry = RecognizerRegistry()
registry.load_predefined_recognizers(languages=["en"])
wanted = {"EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IP_ADDRESS", "US_SSN", "IBAN_CODE",
          "US_DRIVER_LICENSE", "US_BANK_NUMBER", "US_PASSPORT", "UK_NHS", "MEDICAL_LICENSE", "CRYPTO"}
recognizers = [r for r in registry.recognizers if set(r.supported_entities) & wanted]
texts = json.load(open(sys.argv[1]))
scores = []
for text in texts:
    best = 0.0
    for r in recognizers:
        for hit in r.analyze(text, list(set(r.supported_entities) & wanted), None) or []:
            best = max(best, float(hit.score))
    scores.append(best)
names = sorted(type(r).__name__ for r in recognizers)
json.dump({"scores": scores, "recognizers": names}, open(sys.argv[2], "w"))
"""


def run_peer(script: str, texts: list[str]) -> object:
    """Run a peer in its own virtualenv on `texts`; returns its JSON output, or None when not installed."""
    if not PEERS.is_file():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        inp, out = Path(tmp) / "in.json", Path(tmp) / "out.json"
        inp.write_text(json.dumps(texts), encoding="utf-8")
        env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
        done = subprocess.run(
            [str(PEERS), "-c", script, str(inp), str(out)],
            check=False,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        if done.returncode != 0:  # a peer missing from bench/.venv-peers: left out of the tables, said why
            last = done.stderr.strip().splitlines()[-1:] or ["no message"]
            print(f"peer not run: {last[0]}", file=sys.stderr)
            return None
        return json.loads(out.read_text(encoding="utf-8"))


def metrics(y: np.ndarray, p: np.ndarray, threshold: float) -> dict[str, float]:
    out: dict[str, float] = {"n": float(len(y)), "pos": float(y.sum())}
    both = 0 < y.sum() < len(y)
    out["auc"] = float(roc_auc_score(y, p)) if both else float("nan")
    out["ap"] = float(average_precision_score(y, p)) if both else float("nan")
    flagged = p >= threshold
    tp = float((flagged & (y == 1)).sum())
    out["p"] = tp / flagged.sum() if flagged.sum() else float("nan")
    out["r"] = tp / y.sum() if y.sum() else float("nan")
    return out


def doxing_set(seed: int = 7) -> tuple[list[str], list[int]]:
    """Generated doxing positives (private details, often with a cue) and number-bearing negatives."""
    rng = random.Random(seed)
    streets = ["Maple Ave", "Oak Street", "Elm St.", "Pine Road", "Cedar Lane", "Birch Blvd", "Main St"]
    cities = ["Springfield, IL 62704", "Austin, TX 78701", "Portland, OR 97205", "Columbus, OH 43215"]
    cues = [
        "he lives at",
        "her address is",
        "you can find him at",
        "go visit her at",
        "this guy lives at",
        "",
    ]

    def card() -> str:
        digits = [4] + [rng.randrange(10) for _ in range(14)]
        total = 0
        for i, d in enumerate(reversed(digits)):
            d2 = d * 2 if i % 2 == 0 else d
            total += d2 - 9 if d2 > 9 else d2
        digits.append((10 - total % 10) % 10)
        s = "".join(map(str, digits))
        return " ".join(s[i : i + 4] for i in range(0, 16, 4))

    positives = [
        lambda: (
            f"{rng.choice(cues)} {rng.randrange(10, 9999)} {rng.choice(streets)}, "
            f"{rng.choice(cities)}".strip()
        ),
        lambda: (
            f"call him at ({rng.randrange(201, 989)}) {rng.randrange(200, 999)}-"
            f"{rng.randrange(1000, 9999)} and tell him"
        ),
        lambda: (
            f"her cell is {rng.randrange(201, 989)}-{rng.randrange(200, 999)}-"
            f"{rng.randrange(1000, 9999)}, text her"
        ),
        lambda: (
            f"email the idiot at {rng.choice(['jsmith', 'mary.k', 'tom_b', 'dave1978'])}"
            f"{rng.randrange(10, 99)}@gmail.com"
        ),
        lambda: (
            f"his SSN is {rng.randrange(100, 899)}-{rng.randrange(10, 99)}-{rng.randrange(1000, 9999)} lol"
        ),
        lambda: f"here's her card number {card()} enjoy",
        lambda: (
            f"this troll posts from IP {rng.randrange(11, 223)}.{rng.randrange(256)}."
            f"{rng.randrange(256)}.{rng.randrange(1, 255)}"
        ),
        lambda: f"his house is at {rng.uniform(25, 48):.5f}, {-rng.uniform(70, 122):.5f}",
        lambda: (
            f"she drives a white Honda, plate {rng.choice('ABCDEFGHJK')}{rng.choice('LMNPRSTUVW')}"
            f"{rng.choice('XYZABC')}-{rng.randrange(1000, 9999)}"
        ),
        lambda: "IBAN DE89 3704 0044 0532 0130 00 belongs to him, send him your thoughts",
    ]
    negatives = [
        lambda: f"In {rng.randrange(1990, 2024)} the city spent ${rng.randrange(2, 90)} million on roads.",
        lambda: f"The vote was {rng.randrange(40, 60)} to {rng.randrange(30, 50)} in the Senate.",
        lambda: f"Unemployment fell to {rng.randrange(3, 9)}.{rng.randrange(10)}% in March.",
        lambda: (
            f"Bill HB {rng.randrange(100, 9999)} passed on "
            f"{rng.randrange(1, 28)}/{rng.randrange(1, 12)}/2023."
        ),
        lambda: "If you see smoke call 911, and for potholes the city line is 311.",
        lambda: f"The meeting is at {rng.randrange(1, 12)}:30 pm at City Hall on Main Street.",
        lambda: f"Page {rng.randrange(2, 400)} of the report lists {rng.randrange(100, 9999)} complaints.",
        lambda: (
            f"Population grew from {rng.randrange(100, 999)},000 to {rng.randrange(100, 999)},000 since 2010."
        ),
        lambda: f"I drove {rng.randrange(20, 400)} miles on I-{rng.randrange(5, 95)} to get there.",
        lambda: "The White House is at 1600 Pennsylvania Avenue, the article says, which everyone knows.",
    ]
    texts: list[str] = []
    labels: list[int] = []
    for i in range(300):
        texts.append(positives[i % len(positives)]())
        labels.append(1)
        texts.append(negatives[i % len(negatives)]())
        labels.append(0)
    return texts, labels


def fmt(value: float) -> str:
    return "–" if value != value else f"{value:.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "quality.json")
    args = parser.parse_args()
    examples = load_all(args.data, SEED)
    spam_negatives_from(examples, SEED)
    _, dev, _ = split(examples)
    texts = [ex.text for ex in dev]
    started = time.perf_counter()
    engine = ModerationEngine.load()
    hand_written = ModerationEngine(engine.detectors, Calibration(engine.calibration.maps, None))
    engine_scores = np.zeros((len(texts), len(CATEGORIES)))
    hand_scores = np.zeros_like(engine_scores)
    for i in range(0, len(texts), 256):
        for scores, system in ((engine_scores, engine), (hand_scores, hand_written)):
            for j, result in enumerate(system.moderate_batch(texts[i : i + 256])):
                for k, c in enumerate(CATEGORIES):
                    scores[i + j, k] = result.scores.get(Category(c), 0.0)
    print(f"engines: {len(texts)} dev rows in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    learned = LearnedDetector()
    normalised = [normalize(t) for t in texts]
    learned_scores = np.zeros_like(engine_scores)
    for i in range(0, len(texts), 256):
        outs = learned.detect_batch(normalised[i : i + 256])
        for j, out in enumerate(outs):
            for k, c in enumerate(CATEGORIES):
                learned_scores[i + j, k] = out.scores[Category(c)]
    apc = run_peer(_APC, texts)
    apc_scores = np.asarray(apc, dtype=float) if apc is not None else None
    thresholds = {c: PolicyConfig().rules[Category(c)].threshold for c in CATEGORIES}
    report: dict[str, object] = {"rows": len(texts), "categories": {}}
    lines = ["# Moderation quality (dev splits)", ""]
    for k, category in enumerate(CATEGORIES):
        idx = [i for i, ex in enumerate(dev) if category in ex.labels]
        if not idx:
            continue
        sources = sorted({dev[i].source for i in idx})
        rows: dict[str, dict[str, dict[str, float]]] = {}
        for source in ["all", *sources]:
            sel = [i for i in idx if source == "all" or dev[i].source == source]
            y = np.array([dev[i].labels[category] >= 0.5 for i in sel], dtype=np.int64)
            if y.sum() < 5 or y.sum() == len(y):
                continue
            rows[source] = {
                "engine": metrics(y, engine_scores[sel, k], thresholds[category]),
                "hand-written fusion": metrics(y, hand_scores[sel, k], thresholds[category]),
                "learned": metrics(y, learned_scores[sel, k], thresholds[category]),
            }
            if apc_scores is not None:
                rows[source]["alt-profanity-check"] = metrics(y, apc_scores[sel], 0.5)
        report["categories"][category] = rows  # type: ignore[index]
        lines += [
            f"## {category}",
            "",
            "| dev set | n / pos | system | ROC AUC | AP | P@thr | R@thr |",
            "|---|---|---|---|---|---|---|",
        ]
        for source, systems in rows.items():
            for name, m in systems.items():
                lines.append(
                    f"| {source} | {int(m['n'])} / {int(m['pos'])} | {name} | {fmt(m['auc'])} | "
                    f"{fmt(m['ap'])} | {fmt(m['p'])} | {fmt(m['r'])} |"
                )
        lines.append("")
    dox_texts, dox_labels = doxing_set()
    y = np.asarray(dox_labels)
    dox_engine = np.array([r.scores.get(Category.DOXING, 0.0) for r in engine.moderate_batch(dox_texts)])
    dox = {"engine": metrics(y, dox_engine, thresholds.get("doxing", 0.5))}
    presidio = run_peer(_PRESIDIO, dox_texts)
    if isinstance(presidio, dict):
        dox["presidio-analyzer (patterns)"] = metrics(y, np.asarray(presidio["scores"]), 0.5)
        dox["presidio-analyzer (any hit)"] = metrics(y, np.asarray(presidio["scores"]), 0.01)
    if apc_scores is not None:
        dox["alt-profanity-check"] = metrics(y, np.asarray(run_peer(_APC, dox_texts), dtype=float), 0.5)
    report["doxing_generated"] = dox
    lines += [
        "## doxing (generated set: 300 positives, 300 number-bearing negatives)",
        "",
        "| system | ROC AUC | AP | P@thr | R@thr |",
        "|---|---|---|---|---|",
    ]
    for name, m in dox.items():
        lines.append(f"| {name} | {fmt(m['auc'])} | {fmt(m['ap'])} | {fmt(m['p'])} | {fmt(m['r'])} |")
    stacked_report = ROOT / "training" / "fusion_metrics.json"
    if stacked_report.is_file():
        lines += [
            "",
            "## Stacked fusion: cross-fitted dev rows and whole sources never seen in training",
            "",
            '(training/fusion_metrics.json, written by `python -m training.fit_fusion`; "learned tier" on',
            "the unseen sources is the learned tier trained without them; spam and doxing keep the",
            "hand-written fusion; then where the flags at 0.5 come from, and the spam what-if)",
            "",
            fit_fusion.tables(json.loads(stacked_report.read_text(encoding="utf-8"))),
        ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
