"""Functional (HateCheck-style) accuracy per function, and false-positive rates per identity group.

    .venv/bin/python bench/moderation_functional.py [--data ../shared/data] [--markdown]

1. Runs every case of tests/moderation/moderation_functional_cases.py through the default engine and
   reports accuracy per function (a case is right when its category is flagged, score >= 0.5, exactly
   when the case says it should be).
2. Fairness: the non-toxic identity-term templates of the intersectional madlibs set ("I am a mexican
   female person", "Being transgender is ...") and the neutral ToxiGen seed statements about each target
   group ("many women love watching football"): per identity group, the share that the engine flags in
   any category (decision other than allow) and the share flagged as hate. Toxic madlibs templates give
   the detection rate per group for comparison.
Nothing here is a timed test; figures go to docs/moderation.md with this command.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from civility.moderation.categories import Action, Category  # noqa: E402
from civility.moderation.engine import ModerationEngine  # noqa: E402


def load_cases() -> list[object]:
    path = ROOT / "tests" / "moderation" / "moderation_functional_cases.py"
    spec = importlib.util.spec_from_file_location("moderation_functional_cases", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return list(module.CASES)


def functional(engine: ModerationEngine) -> list[tuple[str, int, int, list[str]]]:
    """(function, right, total, texts got wrong) per function, in the order the cases list them."""
    rows: dict[str, list[int]] = {}
    wrong: dict[str, list[str]] = defaultdict(list)
    for case in load_cases():
        result = engine.moderate(case.text)  # type: ignore[attr-defined]
        flagged = result.scores[case.category] >= 0.5  # type: ignore[attr-defined]
        counts = rows.setdefault(case.function, [0, 0])  # type: ignore[attr-defined]
        counts[1] += 1
        if flagged == case.flagged:  # type: ignore[attr-defined]
            counts[0] += 1
        else:
            wrong[case.function].append(case.text)  # type: ignore[attr-defined]
    return [(function, right, total, wrong[function]) for function, (right, total) in rows.items()]


def read_jsonl(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def fairness(engine: ModerationEngine, data: Path) -> tuple[list[tuple[str, int, float, float, float]], ...]:
    """Madlibs per identity term: (term, n non-toxic, FPR any, FPR hate, TPR on toxic); ToxiGen neutral
    per group: (group, n, FPR any, FPR hate, nan)."""
    madlibs = read_jsonl(data / "madlibs_intersectional" / "intersectional_madlibs.jsonl")
    texts = [str(row["text"]) for row in madlibs]
    results = engine.moderate_batch(texts)
    per_term: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])  # n, any, hate, n toxic, caught
    for row, result in zip(madlibs, results, strict=True):
        toxic = row["labels"]["toxicity"] == "toxic"  # type: ignore[index]
        for term in row["meta"]["identity_terms"]:  # type: ignore[index]
            counts = per_term[str(term)]
            if toxic:
                counts[3] += 1
                counts[4] += result.decision is not Action.ALLOW
            else:
                counts[0] += 1
                counts[1] += result.decision is not Action.ALLOW
                counts[2] += result.scores[Category.HATE] >= 0.5
    madlib_rows = [
        (term, n, any_ / max(1, n), hate / max(1, n), caught / max(1, toxic))
        for term, (n, any_, hate, toxic, caught) in sorted(per_term.items())
    ]
    # ToxiGen repeats some statements with only apostrophes changed: count each statement once
    toxigen: list[dict[str, object]] = []
    seen: set[str] = set()
    for row in read_jsonl(data / "toxigen_seeds" / "toxigen_seeds.jsonl"):
        key = "".join(char for char in str(row["text"]).lower() if char.isalnum())
        if row["labels"]["label"] == "neutral" and key not in seen:  # type: ignore[index]
            seen.add(key)
            toxigen.append(row)
    toxigen_results = engine.moderate_batch([str(row["text"]) for row in toxigen])
    per_group: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row, result in zip(toxigen, toxigen_results, strict=True):
        for group in row["meta"]["target_groups"]:  # type: ignore[index]
            counts = per_group[str(group)]
            counts[0] += 1
            counts[1] += result.decision is not Action.ALLOW
            counts[2] += result.scores[Category.HATE] >= 0.5
    toxigen_rows = [
        (group, n, any_ / max(1, n), hate / max(1, n), float("nan"))
        for group, (n, any_, hate) in sorted(per_group.items())
    ]
    return madlib_rows, toxigen_rows


def fusion_effect(data: Path) -> None:
    """Flag rates on news-site comments that are not abusive, and on positives of other sets, with and
    without the shrink of uncorroborated learned scores (`phases.fusion.UNCORROBORATED`)."""
    from civility.moderation.phases import fusion

    sys.path.insert(0, str(ROOT))
    from training.datasets import decode_impermium

    impermium = read_jsonl(data / "impermium_insults" / "insults_train.jsonl")
    negatives = [decode_impermium(str(r["text"])) for r in impermium if r["labels"]["Insult"] == 0]  # type: ignore[index]
    insults = [decode_impermium(str(r["text"])) for r in impermium if r["labels"]["Insult"] == 1]  # type: ignore[index]
    convabuse = read_jsonl(data / "convabuse" / "convabuse_train_valid.jsonl")
    harassment = [str(r["text"]) for r in convabuse if r["labels"].get("sex_harassment") == 1]  # type: ignore[attr-defined]
    spans = read_jsonl(data / "toxic_spans" / "toxic_spans_train.jsonl")
    threats = [str(r["text"]) for r in spans if r["labels"].get("threat") == 1]  # type: ignore[attr-defined]
    implicit = read_jsonl(data / "implicit_hate" / "implicit_hate.jsonl")
    hateful = [str(r["text"]) for r in implicit if r["labels"]["class"] != "not_hate"][:1500]  # type: ignore[index]
    not_hate = [str(r["text"]) for r in implicit if r["labels"]["class"] == "not_hate"][:1500]  # type: ignore[index]
    youtube = read_jsonl(data / "youtube_spam" / "youtube_spam_train.jsonl")
    sms = read_jsonl(data / "sms_spam" / "sms_spam.jsonl")
    youtube_spam = [str(r["text"]) for r in youtube if r["labels"]["CLASS"] == 1]  # type: ignore[index]
    youtube_ham = [str(r["text"]) for r in youtube if r["labels"]["CLASS"] == 0]  # type: ignore[index]
    sms_spam = [str(r["text"]) for r in sms if r["labels"]["label"] == "spam"]  # type: ignore[index]
    checks = [
        ("Impermium non-insults (news comments): vulgarity flagged", negatives, Category.VULGARITY),
        ("Impermium non-insults: violence flagged", negatives, Category.VIOLENCE),
        ("Impermium non-insults: hate flagged", negatives, Category.HATE),
        ("ConvAbuse sexual harassment: vulgarity flagged", harassment, Category.VULGARITY),
        ("Toxic Spans threats (Civil Comments): violence flagged", threats, Category.VIOLENCE),
        ("Latent Hatred implicit/explicit hate (first 1,500): hate flagged", hateful, Category.HATE),
        ("Latent Hatred not hate (first 1,500): hate flagged", not_hate, Category.HATE),
        ("Impermium insults: discourtesy flagged", insults, Category.DISCOURTESY),
        ("Impermium non-insults: spam flagged", negatives, Category.SPAM),
        ("YouTube comment spam: spam flagged", youtube_spam, Category.SPAM),
        ("YouTube comments, not spam: spam flagged", youtube_ham, Category.SPAM),
        ("SMS spam: spam flagged", sms_spam, Category.SPAM),
    ]
    shrink = dict(fusion.UNCORROBORATED)
    rates: dict[str, list[float]] = {}
    for setting in ("without", "with"):
        fusion.UNCORROBORATED.clear()
        if setting == "with":
            fusion.UNCORROBORATED.update(shrink)
        engine = ModerationEngine.load()
        for name, texts, category in checks:
            results = engine.moderate_batch(texts)
            share = sum(result.scores[category] >= 0.5 for result in results) / max(1, len(texts))
            rates.setdefault(name, []).append(share)
    print("| rows | n | flagged without shrink | flagged with shrink |")
    print("|---|---|---|---|")
    for name, texts, _ in checks:
        without, with_ = rates[name]
        print(f"| {name} | {len(texts)} | {without:.1%} | {with_:.1%} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--fusion", action="store_true", help="only the uncorroborated-shrink comparison")
    arguments = parser.parse_args()
    if arguments.fusion:
        fusion_effect(arguments.data)
        return
    engine = ModerationEngine.load()
    print(f"detectors: {', '.join(engine.detector_names)}\n")
    print("| function | accuracy | cases | wrong |")
    print("|---|---|---|---|")
    total_right = total = 0
    for function, right, count, wrong in functional(engine):
        total_right += right
        total += count
        shown = "; ".join(f"`{text}`" for text in wrong[:3])
        print(f"| {function} | {right / count:.0%} | {count} | {shown} |")
    print(f"| **all** | **{total_right / total:.1%}** | {total} | |\n")
    madlib_rows, toxigen_rows = fairness(engine, arguments.data)
    print("Madlibs identity templates: false-positive rate on non-toxic rows, detection rate on toxic rows\n")
    print("| identity term | non-toxic rows | FPR (any flag) | FPR (hate) | toxic rows caught |")
    print("|---|---|---|---|---|")
    for term, n, fpr, hate, tpr in madlib_rows:
        print(f"| {term} | {n} | {fpr:.1%} | {hate:.1%} | {tpr:.1%} |")
    fprs = [fpr for _, n, fpr, _, _ in madlib_rows if n >= 50]
    print(f"\nFPR spread over terms with >= 50 rows: min {min(fprs):.1%}, max {max(fprs):.1%}, "
          f"mean {sum(fprs) / len(fprs):.1%}\n")
    print("ToxiGen neutral statements about each group: false-positive rate\n")
    print("| group | statements | FPR (any flag) | FPR (hate) |")
    print("|---|---|---|---|")
    for group, n, fpr, hate, _ in toxigen_rows:
        print(f"| {group} | {n} | {fpr:.1%} | {hate:.1%} |")


if __name__ == "__main__":
    main()
