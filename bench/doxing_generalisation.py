"""Doxing generalisation: Faker identifiers in many locales, and the flag rate on real comments.

    .venv/bin/python bench/doxing_generalisation.py [--seeds 3] [--per 20] [--data ../shared/data]
        [--corpus-rows N] [--src DIR] [--show-misses N] [--show-flags] [--presidio]

Positives are generated here, not in training: Faker addresses (`address()` with its newlines turned into
", "), phone numbers, e-mails, card numbers, IBANs, SSNs and IP addresses in many locales, each put into a
sentence from a cue template ("He lives at {}.") or a template without a cue ("{} is where that clown
lives" has one too; "Nice place, {}" has none); phones also from libphonenumber's example numbers for many
regions in national, international and E.164 formats. A case is caught when the default engine's
(`ModerationEngine.load()`) doxing score is >= 0.5. The false-positive side is the doxing flag rate at
0.5 on every row (or the first `--corpus-rows`) of five real comment corpora from ../shared/data (none of them
holds doxing, so a flag there is a false positive or, rarely, a real identifier someone posted).
`--src` scores with another source tree (an older checkout's src/, for a before/after in one run's
conditions). `--presidio` adds the peer: presidio-analyzer's pattern recognizers (phones through
libphonenumber, e-mails, cards, IBANs, SSNs, IPs...; run in bench/.venv-peers, see bench/setup.sh; its spaCy
NER model cannot be downloaded here, so it has no address recognizer), caught at its score >= 0.5 and at
any hit. Prints markdown tables.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

ADDRESS_LOCALES = (
    "en_US", "en_GB", "en_CA", "en_AU", "en_IN", "en_IE", "en_NZ",
    "de_DE", "de_AT", "de_CH", "fr_FR", "fr_CA", "es_ES", "es_MX", "it_IT", "nl_NL", "nl_BE", "pt_BR",
)
PHONE_LOCALES = (
    "en_US", "en_GB", "en_CA", "en_AU", "en_IN", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pt_BR",
)
PHONE_REGIONS = (
    "US", "GB", "CA", "AU", "IN", "IE", "NZ", "DE", "AT", "CH", "FR", "BE", "ES", "MX", "IT", "NL", "BR",
    "PT", "PL", "SE", "JP", "ZA", "NG", "PH",
)
ADDRESS_CUES = (
    "He lives at {}.",
    "Her address is {}",
    "Go visit him at {} lol",
    "Found her house: {}",
    "{} is where that clown lives",
    "Send it to {}",
    "this idiot's home address: {}",
    "she moved to {} last month, go tell her what you think",
)
ADDRESS_BARE = ("{}", "Nice place, {}", "{} - anyone know who's there now?")
PHONE_CUES = (
    "call him on {}",
    "her number is {}",
    "Text her at {} and tell her what you think",
    "his cell: {}",
    "everyone call {} and let him know",
)
OTHER_CUES = {
    "email": ("his email is {}", "spam her inbox: {}", "write to {} and tell him"),
    "card": ("his card number is {}", "her credit card: {}", "{} is his visa lol"),
    "iban": ("her IBAN is {}", "his bank account: {}", "send the money back to {}"),
    "ssn": ("his SSN is {}", "her social security number: {}", "{} is his social"),
    "ip": ("his IP is {}", "she posts from {}", "traced him to {}"),
}
CORPORA = (
    "impermium_insults/insults_train.jsonl",
    "toxic_spans/toxic_spans_train.jsonl",
    "olid/olid_train.jsonl",
    "convabuse/convabuse_train_valid.jsonl",
    "youtube_spam/youtube_spam_train.jsonl",
)


def generated(
    seeds: int, per: int, first_seed: int = 0, locales: tuple[str, ...] = ADDRESS_LOCALES
) -> list[tuple[str, str, str]]:
    """(kind, group, text) for every generated positive, in a fixed order for fixed seeds."""
    import phonenumbers
    from faker import Faker

    cases: list[tuple[str, str, str]] = []
    for seed in range(first_seed, first_seed + seeds):
        for locale in locales:
            fake = Faker(locale)
            fake.seed_instance(seed)
            for index in range(per):
                address = fake.address().replace("\n", ", ")
                cases.append(("address+cue", locale, ADDRESS_CUES[index % len(ADDRESS_CUES)].format(address)))
                bare = fake.address().replace("\n", ", ")
                cases.append(("address bare", locale, ADDRESS_BARE[index % len(ADDRESS_BARE)].format(bare)))
        for locale in PHONE_LOCALES:
            fake = Faker(locale)
            fake.seed_instance(seed)
            for index in range(per):
                phone = fake.phone_number()
                cases.append(("phone+cue", locale, PHONE_CUES[index % len(PHONE_CUES)].format(phone)))
        us = Faker("en_US")
        us.seed_instance(seed)
        for kind in OTHER_CUES:
            templates = OTHER_CUES[kind]
            for index in range(per):
                text = templates[index % len(templates)].format(_other(us, kind, index))
                cases.append((kind, "en_US", text))
    formats = (
        phonenumbers.PhoneNumberFormat.NATIONAL,
        phonenumbers.PhoneNumberFormat.INTERNATIONAL,
        phonenumbers.PhoneNumberFormat.E164,
    )
    for region in PHONE_REGIONS:
        for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            for index, number_format in enumerate(formats):
                number = phonenumbers.format_number(example, number_format)
                cases.append(("phonenumbers example", region, PHONE_CUES[index].format(number)))
    return cases


def _other(fake: Any, kind: str, index: int) -> str:
    if kind == "email":
        return str(fake.email())
    if kind == "card":
        return str(fake.credit_card_number())
    if kind == "iban":
        return str(fake.iban())
    if kind == "ssn":
        return str(fake.ssn())
    return str(fake.ipv4_public() if index % 2 else fake.ipv6())


def corpus_texts(data: Path, rows: int) -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {}
    for relative in CORPORA:
        name = relative.split("/")[0]
        with (data / relative).open(encoding="utf-8") as handle:
            texts[name] = [json.loads(line)["text"] for _, line in zip(range(rows), handle, strict=False)]
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--per", type=int, default=20, help="cases per locale and kind for each seed")
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument(
        "--locales", help="comma-separated Faker locales for the addresses (default: the list above)"
    )
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--corpus-rows", type=int, default=100_000, help="rows per corpus (default: all)")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the Civility source tree to measure")
    parser.add_argument("--show-misses", type=int, default=0, help="print up to N missed cases per group")
    parser.add_argument("--show-flags", action="store_true", help="print the flagged corpus comments")
    parser.add_argument(
        "--presidio", action="store_true", help="score presidio-analyzer too (bench/.venv-peers)"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(args.src.resolve()))
    from civility.moderation.categories import Category
    from civility.moderation.engine import ModerationEngine

    engine = ModerationEngine.load()

    def doxing_scores(texts: list[str]) -> list[float]:
        return [result.scores.get(Category.DOXING, 0.0) for result in engine.moderate_batch(texts)]

    locales = tuple(args.locales.split(",")) if args.locales else ADDRESS_LOCALES
    cases = generated(args.seeds, args.per, args.first_seed, locales)
    scores = doxing_scores([text for _, _, text in cases])
    peer = presidio_scores([text for _, _, text in cases]) if args.presidio else None
    # per (kind, group): [caught, total, presidio >= 0.5, presidio any hit]
    caught: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    misses: dict[tuple[str, str], list[str]] = defaultdict(list)
    for index, ((kind, group, text), score) in enumerate(zip(cases, scores, strict=True)):
        tally = caught[(kind, group)]
        tally[1] += 1
        if score >= 0.5:
            tally[0] += 1
        else:
            misses[(kind, group)].append(text)
        if peer is not None:
            tally[2] += peer[index] >= 0.5
            tally[3] += peer[index] > 0.0
    last = args.first_seed + args.seeds - 1
    print(f"Generated positives (seeds {args.first_seed}-{last}, {args.per} per locale and kind and seed), "
          "caught = doxing >= 0.5\n")
    kinds = list(dict.fromkeys(kind for kind, _, _ in cases))
    extra = " | presidio >= 0.5 | presidio any hit" if peer is not None else ""
    print(f"| kind | group | caught / total | rate{extra} |")
    print("|---|---|---|---|" + ("---|---|" if peer is not None else ""))

    def row(kind: str, group: str, tally: list[int], bold: bool) -> str:
        hit, n = tally[0], tally[1]
        cells = [kind, group, f"{hit} / {n}", f"{hit / n:.2f}"]
        if peer is not None:
            cells += [f"{tally[2]} / {n}", f"{tally[3]} / {n}"]
        return "| " + " | ".join(f"**{c}**" if bold else c for c in cells) + " |"

    for kind in kinds:
        total = [0, 0, 0, 0]
        for (k, group), tally in caught.items():
            if k != kind:
                continue
            total = [a + b for a, b in zip(total, tally, strict=True)]
            if kind not in ("email", "card", "iban", "ssn", "ip"):
                print(row(kind, group, tally, bold=False))
        print(row(kind, "all", total, bold=True))
    if args.show_misses:
        for key, texts in misses.items():
            for text in texts[: args.show_misses]:
                print(f"MISS {key[0]} {key[1]}: {text}")
    print(f"\nFalse positives: doxing >= 0.5 on the first {args.corpus_rows} rows of each corpus\n")
    peer_header = " | presidio >= 0.5 | presidio any hit |" if args.presidio else " |"
    print("| corpus | rows | flagged | rate" + peer_header)
    print("|---|---|---|---|" + ("---|---|" if args.presidio else ""))
    total_flagged, total_rows, peer_flagged, peer_any = 0, 0, 0, 0
    for name, texts in corpus_texts(args.data, args.corpus_rows).items():
        flagged = [text for text, score in zip(texts, doxing_scores(texts), strict=True) if score >= 0.5]
        total_flagged += len(flagged)
        total_rows += len(texts)
        line = f"| {name} | {len(texts)} | {len(flagged)} | {len(flagged) / len(texts):.4f} |"
        if args.presidio:
            theirs = presidio_scores(texts)
            high, anything = sum(s >= 0.5 for s in theirs), sum(s > 0.0 for s in theirs)
            peer_flagged += high
            peer_any += anything
            line += f" {high} | {anything} |"
        print(line)
        if args.show_flags:
            for text in flagged:
                print(f"FLAG {name}: {text[:300]!r}")
    line = f"| **all** | **{total_rows}** | **{total_flagged}** | **{total_flagged / total_rows:.4f}** |"
    print(line + (f" **{peer_flagged}** | **{peer_any}** |" if args.presidio else ""))


def presidio_scores(texts: list[str]) -> list[float]:
    """presidio-analyzer's best pattern-recognizer score per text, run in bench/.venv-peers."""
    from moderation_quality import _PRESIDIO, run_peer  # bench/ is this script's folder

    output = run_peer(_PRESIDIO, texts)
    if not isinstance(output, dict):
        raise SystemExit("presidio-analyzer is not installed: run `bash bench/setup.sh`")
    return [float(score) for score in output["scores"]]


if __name__ == "__main__":
    main()
