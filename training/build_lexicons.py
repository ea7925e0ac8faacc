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

# Words that must never score on their own: identities, anatomy/medicine, everyday or ambiguous words.
NEVER = {
    # identity terms (mentioning an identity is not hate)
    "gay",
    "gays",
    "lesbian",
    "lesbians",
    "homosexual",
    "homosexuals",
    "bisexual",
    "queer",
    "queers",
    "trans",
    "transgender",
    "jew",
    "jews",
    "jewish",
    "muslim",
    "muslims",
    "islam",
    "black",
    "blacks",
    "white",
    "whites",
    "asian",
    "asians",
    "latino",
    "latina",
    "mexican",
    "mexicans",
    "arab",
    "arabs",
    "african",
    "immigrant",
    "immigrants",
    "woman",
    "women",
    "girl",
    "girls",
    "lesbo",
    "christian",
    "christians",
    "catholic",
    "hindu",
    "sikh",
    "buddhist",
    "atheist",
    "disabled",
    "deaf",
    "blind",
    "autistic",
    "gypsy",
    "oriental",
    "colored",
    "negro",
    "indian",
    "chinese",
    "japanese",
    "russian",
    "israeli",
    "palestinian",
    # anatomy and medicine
    "penis",
    "vagina",
    "anus",
    "anal",
    "rectum",
    "breast",
    "breasts",
    "nipple",
    "nipples",
    "testicle",
    "testicles",
    "vulva",
    "scrotum",
    "sperm",
    "semen",
    "urine",
    "feces",
    "faeces",
    "sex",
    "sexual",
    "sexy",
    "erection",
    "orgasm",
    "condom",
    "condoms",
    "naked",
    "nude",
    "nudity",
    "ejaculation",
    "menstruation",
    "genitals",
    "genital",
    "uterus",
    "ovary",
    "ovaries",
    "prostate",
    "pubic",
    "puberty",
    "bra",
    "lingerie",
    "viagra",
    "intercourse",
    "masturbation",
    "clitoris",
    "labia",
    "cervix",
    "tampon",
    "period",
    "poop",
    "pee",
    "urinate",
    "vomit",
    "fart",
    "farts",
    "diarrhea",
    "constipation",
    "bowel",
    "stool",
    # everyday or ambiguous words
    "suck",
    "sucks",
    "sucked",
    "sucking",
    "knob",
    "wang",
    "balls",
    "ball",
    "screw",
    "screwed",
    "screwing",
    "crack",
    "bang",
    "banging",
    "hump",
    "tool",
    "tools",
    "virgin",
    "virgins",
    "blow",
    "blows",
    "beaver",
    "box",
    "bush",
    "cherry",
    "johnson",
    "rubber",
    "nut",
    "nuts",
    "pecker",
    "willy",
    "69",
    "420",
    "cox",
    "dong",
    "bone",
    "boner",
    "boned",
    "pot",
    "weed",
    "kinky",
    "kink",
    "hooters",
    "thug",
    "junkie",
    "junk",
    "cock",
    "cocks",
    "pussy",
    "pussies",
    "hoe",
    "hoes",
    "wiener",
    "weiner",
    "lust",
    "horny",
    "babe",
    "bum",
    "butt",
    "butts",
    "booty",
    "bottom",
    "strip",
    "stripper",
    "escort",
    "escorts",
    "prostitute",
    "hell",
    "wad",
    "shag",
    "snatch",
    "rack",
    "jugs",
    "melons",
    "muff",
    "spunk",
    "nob",
    "rod",
    "meat",
    "sausage",
    "taste my",
    "sodomy",
    "god",
    "jesus",
    "christ",
    "lord",
    "damn",
    "slave",
    "slaves",
    "savage",
    "savages",
    "inbred",
    "sack",
    "sacks",
    "raped",
    "rape",
    "kill",
    "killed",
    "allah akbar",
    "camel",
    "beastiality",
    "bestiality",
    "pedophile",
    "paedophile",
    "incest",
    "pissed",
    # LDNOOBW entries that are everyday, news or medical language rather than obscenity
    "sexuality",
    "sexually",
    "big black",
    "erotic",
    "domination",
    "eunuch",
    "hard core",
    "hardcore",
    "homoerotic",
    "how to kill",
    "how to murder",
    "huge fat",
    "lolita",
    "lovemaking",
    "neonazi",
    "date rape",
    "daterape",
    "raping",
    "rapist",
    "swastika",
    "white power",
    "tied up",
    "tight white",
    "topless",
    "undressing",
    "xx",
    "playboy",
    "twinkie",
    "tainted love",
    "jelly donut",
    "pleasure chest",
    "girl on",
    "goo girl",
    "hot chick",
    "sadism",
    "grope",
    "cialis",
    "tit",
    "scat",
    "skeet",
    "bareback",
    "swinger",
    "voyeur",
    "nsfw",
    "santorum",
    "menage a trois",
    "dominatrix",
    "vibrator",
    "porn",
    "pornography",
}
# LDNOOBW entries that are slurs (hate), not sexual words
LDNOOBW_SLURS = {"spastic", "pikey", "honkey", "nig nog", "bulldyke", "poof"}

# Core swear words (profanity), with severity 1 (mild) to 3 (severe); the sources lack several.
CORE_PROFANITY = {
    "fuck": 2.6,
    "fucking": 2.6,
    "fucked": 2.6,
    "fucker": 2.8,
    "fuckers": 2.8,
    "fucks": 2.6,
    "fuckin": 2.6,
    "motherfucker": 3,
    "motherfuckers": 3,
    "motherfucking": 3,
    "fck": 2.4,
    "fuk": 2.4,
    "fking": 2.4,
    "wtf": 1.8,
    "stfu": 2.2,
    "gtfo": 2.2,
    "shit": 2.0,
    "shitty": 2.0,
    "bullshit": 2.0,
    "shits": 2.0,
    "horseshit": 2.0,
    "dipshit": 2.4,
    "shithead": 2.6,
    "damn": 1.0,
    "dammit": 1.0,
    "goddamn": 1.6,
    "goddamned": 1.6,
    "crap": 1.0,
    "crappy": 1.0,
    "piss": 1.6,
    "pissed": 1.2,
    "bloody": 1.0,
    "bollocks": 1.6,
    "arse": 1.6,
    "arsehole": 2.4,
    "asshole": 2.4,
    "assholes": 2.4,
    "ass": 1.6,
    "bastard": 2.0,
    "bastards": 2.0,
    "bitch": 2.4,
    "bitches": 2.4,
    "bitching": 2.0,
    "dick": 2.0,
    "dickhead": 2.6,
    "prick": 2.4,
    "wanker": 2.6,
    "twat": 2.6,
    "cunt": 3,
    "cunts": 3,
    "jackass": 2.0,
    "dumbass": 2.2,
    "badass": 1.2,
    "hell": 1.0,
    "frigging": 1.0,
    "freaking": 1.0,
    "bugger": 1.4,
    "douche": 2.0,
    "douchebag": 2.2,
    "sonofabitch": 2.6,
    "effing": 1.4,
    "feck": 1.6,
}
# Mild swearing that is not flagged on its own at the default threshold (severity below 1.5).
CORE_INSULTS = {
    "idiot": 2,
    "idiots": 2,
    "idiotic": 2,
    "moron": 2.2,
    "morons": 2.2,
    "moronic": 2.2,
    "stupid": 1.6,
    "dumb": 1.6,
    "imbecile": 2.2,
    "imbeciles": 2.2,
    "cretin": 2.2,
    "loser": 2,
    "losers": 2,
    "clown": 1.6,
    "clowns": 1.6,
    "fool": 1.6,
    "fools": 1.6,
    "dimwit": 2,
    "halfwit": 2,
    "nitwit": 2,
    "jerk": 1.8,
    "scum": 2.4,
    "scumbag": 2.4,
    "lowlife": 2.2,
    "dirtbag": 2.2,
    "pathetic": 1.8,
    "worthless": 2.2,
    "ignorant": 1.4,
    "troll": 1.6,
    "shill": 1.6,
    "coward": 1.8,
    "liar": 1.8,
    "creep": 1.8,
    "freak": 1.8,
    "degenerate": 2.2,
    "buffoon": 2,
    "simpleton": 2,
    "brainless": 2,
    "clueless": 1.4,
    "pig": 1.8,
    "retard": 2.8,
    "retarded": 2.8,
    "retards": 2.8,
    "muppet": 1.6,
    "numpty": 1.6,
    "pillock": 1.6,
    "plonker": 1.6,
    "twit": 1.6,
    "snowflake": 1.6,
    "libtard": 2.6,
    "trash": 1.6,
    "garbage": 1.4,
    "parasite": 2.2,
    "vermin": 2.4,
    "subhuman": 2.8,
    "disgusting": 1.4,
    "ugly": 1.6,
    "fatso": 2,
    "fatass": 2.4,
    "airhead": 1.8,
    "bonehead": 1.8,
    "knucklehead": 1.6,
    "dunce": 1.8,
    "hack": 1.2,
    "sheep": 1.2,
    "sheeple": 1.6,
    "imbecilic": 2.2,
    "deplorable": 1.6,
}
PROFANE_CATEGORIES = {"bodily fluids / excrement", "religious offense"}
# Sexual phrases (vulgarity) that the lists miss because their words are everyday words on their own.
CORE_VULGARITY = {
    "suck my dick": 2.6,
    "suck my cock": 2.6,
    "suck my balls": 2.6,
    "suck my d": 2.2,
    "suck his dick": 2.6,
    "suck his cock": 2.6,
    "sit on my face": 2.4,
    "lick my": 2.0,
    "send nudes": 2.4,
    "show me your tits": 2.6,
    "show us your tits": 2.6,
    "nice tits": 2.4,
    "nice rack": 2.2,
    "nice ass": 2.0,
    "blow me": 2.2,
    "jerk off": 2.2,
    "jerking off": 2.2,
    "get laid": 1.6,
    "wet pussy": 2.8,
    "my cock": 2.4,
    "my dick": 2.2,
    "her pussy": 2.8,
    "your pussy": 2.8,
    "hard cock": 2.8,
    "big cock": 2.8,
    "big dick": 2.6,
}
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
