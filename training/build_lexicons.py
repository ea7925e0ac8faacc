"""Build the shipped lexicon (src/civility/moderation/lexicons/terms.json) from ../shared/data/lexicons.

    python -m training.build_lexicons [--data ../shared/data] [--out src/civility/moderation/lexicons]

Not a copy of the source lists: every entry is canonicalised with the engine's own `normalize` (so
"@55" and "ass" are one term), mapped to Civility's categories with a severity, filtered (identity
terms, medical and anatomical words and everyday words that the lists include are dropped, so they can
never fire on their own), and completed with the core swear words and insults that the lists lack.
Sources and licences: surge-ai/profanity (MIT), LDNOOBW (CC BY 4.0), Davidson et al. n-grams (MIT);
`terms.json` carries the attribution. The output is deterministic (sorted keys and terms).
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from civility.moderation.normalize import normalize
from training.lexicon_additions import CORE_INSULTS, CORE_PROFANITY, CORE_VULGARITY
from training.lexicon_exclusions import NEVER

# How the source lists' categories and canonical forms map to Civility's categories and kinds.

# LDNOOBW entries that are slurs (hate), not sexual words
LDNOOBW_SLURS = {"spastic", "pikey", "honkey", "nig nog", "bulldyke", "poof"}
PROFANE_CATEGORIES = {"bodily fluids / excrement", "religious offense"}
INSULT_CATEGORIES = {"other / general insult", "animal references", "physical attributes", "political"}
HATE_CATEGORIES = {"racial / ethnic slurs"}
# The source files "dumbass", "dipshit" and "shit for brains" under mental disability: insults about
# intelligence, not attacks on disabled people. Only these canonical forms make a disability entry a slur.
DISABILITY_CATEGORIES = {"mental disability", "physical disability"}
DISABILITY_SLUR_CANONICAL = {"retard", "retarded", "mongoloid", "window licker", "spastic", "spaz", "cripple"}
PROFANE_CANONICAL = {
    "fuck",
    "motherfucker",
    "shit",
    "ass",
    "asshole",
    "arse",
    "arsehole",
    "bitch",
    "bastard",
    "damn",
    "crap",
    "piss",
    "bollocks",
    "bugger",
    "dick",
    "prick",
    "twat",
    "cunt",
    "wank",
    "wanker",
    "jackass",
    "goddamn",
    "bullshit",
    "douche",
    "cock",
}


def canonical(term: str) -> str:
    return " ".join(normalize(term).text.split())


def severity_of(value: str) -> float:
    try:
        return max(1.0, min(3.0, float(value)))
    except ValueError:
        return 1.5


def build(data: Path) -> dict[str, object]:
    lexicons = data / "lexicons"
    terms: dict[str, dict[str, object]] = {}

    def add(term: str, categories: set[str], severity: float, kind: str, source: str) -> None:
        form = canonical(term)
        if not form or form in NEVER or len(form) < 2 or not any(c.isalpha() for c in form):
            return
        entry = terms.setdefault(
            form, {"term": form, "categories": [], "severity": 0.0, "kind": kind, "sources": []}
        )
        cats = set(entry["categories"]) | categories  # type: ignore[arg-type]
        entry["categories"] = sorted(cats)
        entry["severity"] = round(max(float(entry["severity"]), severity), 2)  # type: ignore[arg-type]
        if kind == "slur" or (entry["kind"] == "insult" and kind == "swear"):
            entry["kind"] = kind
        sources = set(entry["sources"]) | {source}  # type: ignore[arg-type]
        entry["sources"] = sorted(sources)

    with (lexicons / "surge_profanity_en.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            source_categories = {row[f"category_{i}"] for i in (1, 2, 3) if row[f"category_{i}"]}
            canon = {row[f"canonical_form_{i}"] for i in (1, 2, 3) if row[f"canonical_form_{i}"]}
            severity = severity_of(row["severity_rating"])
            categories: set[str] = set()
            kind = "swear"
            disability_slur = bool(
                source_categories & DISABILITY_CATEGORIES and canon & DISABILITY_SLUR_CANONICAL
            )
            if (
                source_categories & HATE_CATEGORIES
                or disability_slur
                or (
                    "sexual orientation / gender" in source_categories
                    and severity >= 2.2
                    and not canon & PROFANE_CANONICAL
                )
            ):
                categories |= {"hate", "discourtesy"}
                kind = "slur"
            if "sexual anatomy / sexual acts" in source_categories and not canon <= PROFANE_CANONICAL:
                categories.add("vulgarity")
                kind = "sexual" if kind != "slur" else kind
            if canon & PROFANE_CANONICAL or source_categories & PROFANE_CATEGORIES:
                categories.add("profanity")
            if source_categories & INSULT_CATEGORIES or source_categories & DISABILITY_CATEGORIES:
                categories.add("discourtesy")
                if not categories - {"discourtesy"}:
                    kind = "insult"
            if not categories:
                categories = {"vulgarity"}
                kind = "sexual"
            add(row["text"], categories, severity, kind, "surge-ai/profanity")

    for line in (lexicons / "ldnoobw_en.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and canonical(line) not in terms:
            if canonical(line) in LDNOOBW_SLURS:
                add(line, {"hate", "discourtesy"}, 2.4, "slur", "LDNOOBW")
            else:
                add(line, {"vulgarity"}, 2.0, "sexual", "LDNOOBW")

    for word, severity in CORE_PROFANITY.items():
        add(word, {"profanity"}, severity, "swear", "civility")
    for phrase, severity in CORE_VULGARITY.items():
        add(phrase, {"vulgarity"}, severity, "sexual", "civility")
    for word, severity in CORE_INSULTS.items():
        categories = {"discourtesy", "hate"} if word.startswith("retard") else {"discourtesy"}
        add(word, categories, severity, "slur" if "hate" in categories else "insult", "civility")

    # Davidson et al.: n-grams that coders mostly called hate raise the severity of slurs already listed.
    with (lexicons / "davidson_refined_ngram_dict.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            form = canonical(row["ngram"])
            entry = terms.get(form)
            if entry is not None and entry["kind"] == "slur" and float(row["prophate"]) >= 0.5:
                entry["severity"] = max(float(entry["severity"]), 2.6)  # type: ignore[arg-type]
    return {
        "version": 1,
        "attribution": [
            "surge-ai/profanity @ 77dabf36 (MIT)",
            "LDNOOBW/List-of-Dirty-Naughty-Obscene-and-Otherwise-Bad-Words @ 5faf2ba4 (CC BY 4.0)",
            "t-davidson/hate-speech-and-offensive-language @ cb50f7e9 lexicons (MIT)",
        ],
        "kinds": {
            "swear": "profanity; discourtesy only when aimed at someone",
            "sexual": "vulgarity; anatomical forms are not flagged in a medical context",
            "slur": "hate; not when quoted, mentioned, reclaimed or condemned",
            "insult": "discourtesy when aimed at a person, not at an idea",
        },
        "terms": [terms[key] for key in sorted(terms)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parents[1] / "src/civility/moderation/lexicons"
    )
    arguments = parser.parse_args()
    lexicon = build(arguments.data)
    arguments.out.mkdir(parents=True, exist_ok=True)
    target = arguments.out / "terms.json"
    text = json.dumps(lexicon, indent=0, sort_keys=True, ensure_ascii=False)
    target.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {len(lexicon['terms'])} terms to {target}")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
