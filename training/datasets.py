"""Read ../shared/data and map every source's own labels to Civility's categories.

Each source labels different things, so every example carries, per category it says something about, a
soft label y in [0, 1] and a weight; a category a source says nothing about is left out (it is not a
negative). The mapping follows the data README: loose labels (Davidson "offensive", HateXplain
"offensive", OLID TIN, Toxic Spans "profane_obscene", Gab "vo") become partial labels, and labels that
are not what they seem (OLID GRP is not hate, EDOS "not sexist" is not clean) are kept out or down-weighted.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

CATEGORIES = ("violence", "hate", "profanity", "vulgarity", "discourtesy", "spam")
TOXIC = ("violence", "hate", "profanity", "vulgarity", "discourtesy")

Labels = dict[str, float]


@dataclass(slots=True)
class Example:
    """One text with soft labels for the categories its source says something about."""

    text: str
    source: str
    labels: Labels
    weight: float = 1.0
    meta: dict[str, object] = field(default_factory=dict)


def _rows(path: Path) -> Iterator[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _all(value: float, categories: tuple[str, ...] = TOXIC) -> Labels:
    return dict.fromkeys(categories, value)


_HEX_RUN = re.compile(r"(?:\\x[0-9a-fA-F]{2})+")
_UNICODE_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def _hex_run(match: re.Match[str]) -> str:
    raw = bytes.fromhex(match.group().replace("\\x", ""))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def decode_impermium(text: str) -> str:
    """Undo the Kaggle CSV's quoting and its Python-style escapes, single or doubled: \\n, \\xa0,
    \\u1ea1, and UTF-8 bytes written as \\\\xe2\\\\x80\\\\x99."""
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        text = text[1:-1]
    text = text.replace("\\\\", "\\")
    text = _HEX_RUN.sub(_hex_run, text)
    text = _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text.replace("\\n", "\n").replace("\\t", " ").replace("\\'", "'").replace('\\"', '"')


def load_davidson(root: Path) -> Iterator[Example]:
    for row in _rows(root / "davidson" / "davidson.jsonl"):
        meta = row["meta"]
        assert isinstance(meta, dict)
        votes = meta["votes"]
        count = max(1, int(meta["count"]))
        hate = votes["hate_speech"] / count
        off = votes["offensive_language"] / count
        labels: Labels = {"hate": hate, "violence": 0.0 if votes["neither"] == count else -1}
        if votes["neither"] == count:
            labels.update(_all(0.0))
        else:
            # "offensive" mixes swearing, vulgarity and insults: a partial profanity/discourtesy label.
            labels["profanity"] = min(1.0, 0.7 * off + 0.5 * hate)
            labels["discourtesy"] = 0.4 * off + 0.3 * hate
        yield Example(str(row["text"]), "davidson", {k: v for k, v in labels.items() if v >= 0}, 0.5)


def load_olid(root: Path) -> Iterator[Example]:
    for row in _rows(root / "olid" / "olid_train.jsonl"):
        lab = row["labels"]
        assert isinstance(lab, dict)
        if lab["subtask_a"] == "NOT":
            labels = _all(0.0)
        elif lab["subtask_b"] == "UNT":
            labels = {"profanity": 0.8, "discourtesy": 0.15, "hate": 0.0, "violence": 0.0}
        elif lab["subtask_c"] == "IND":
            labels = {"discourtesy": 0.8}
        elif lab["subtask_c"] == "GRP":  # political groups too: GRP is not hate
            labels = {"discourtesy": 0.4, "hate": 0.35}
        else:
            labels = {"discourtesy": 0.5}
        yield Example(str(row["text"]), "olid", labels, 0.7)


def load_hatexplain(root: Path) -> Iterator[Example]:
    for row in _rows(root / "hatexplain" / "hatexplain_trainval.jsonl"):
        meta = row["meta"]
        assert isinstance(meta, dict)
        votes = list(meta.get("annotator_labels") or [])
        n = max(1, len(votes))
        fh = votes.count("hatespeech") / n
        fo = votes.count("offensive") / n
        lab = row["labels"]
        assert isinstance(lab, dict)
        if lab["label"] == "normal":
            labels = _all(0.0)
            labels["hate"] = fh * 0.5
        else:
            labels = {"hate": fh, "discourtesy": 0.5 * fo + 0.2 * fh, "profanity": 0.35 * fo}
        yield Example(str(row["text"]), "hatexplain", labels, 0.7)


def load_toxic_spans(root: Path) -> Iterator[Example]:
    for row in _rows(root / "toxic_spans" / "toxic_spans_train.jsonl"):
        meta = row["meta"]
        assert isinstance(meta, dict)
        votes = meta["votes"]
        n = max(1, int(meta["n_annotators"]))
        po = votes["profane_obscene"] / n
        labels = {
            "discourtesy": votes["insult"] / n,
            "violence": votes["threat"] / n,
            "hate": votes["identity_based_attack"] / n,
            "profanity": po,
            "vulgarity": 0.4 * po,
        }
        yield Example(str(row["text"]), "toxic_spans", labels, 1.0, {"spans": meta.get("annotator_spans")})


def load_impermium(root: Path) -> Iterator[Example]:
    for row in _rows(root / "impermium_insults" / "insults_train.jsonl"):
        lab = row["labels"]
        assert isinstance(lab, dict)
        yield Example(
            decode_impermium(str(row["text"])), "impermium", {"discourtesy": float(lab["Insult"])}, 1.5
        )


def load_jigsaw(root: Path) -> Iterator[Example]:
    for row in _rows(root / "jigsaw_train_sample" / "jigsaw_train_sample.jsonl"):
        lab = row["labels"]
        assert isinstance(lab, dict)
        labels = {
            "violence": float(lab["threat"]),
            "hate": float(lab["identity_hate"]),
            "profanity": float(lab["obscene"]),
            "vulgarity": 0.5 * float(lab["obscene"]),
            "discourtesy": float(lab["insult"]),
            "spam": 0.0,
        }
        yield Example(str(row["text"]), "jigsaw", labels, 1.0)


def clean_youtube(text: str) -> str:
    """A YouTube comment as we train on it: "<br />" tags as newlines, no U+FEFF."""
    return re.sub(r"<br\s*/?>", "\n", text).replace("\ufeff", "")


def clean_edos(text: str) -> str:
    """An EDOS post as we train on it: "[USER]" as "@user", no "[URL]"."""
    return text.replace("[USER]", "@user").replace("[URL]", "")


def load_youtube(root: Path) -> Iterator[Example]:
    for row in _rows(root / "youtube_spam" / "youtube_spam_train.jsonl"):
        lab = row["labels"]
        assert isinstance(lab, dict)
        text = clean_youtube(str(row["text"]))
        yield Example(text, "youtube", {"spam": float(lab["CLASS"])}, 1.0)


def load_sms(root: Path) -> Iterator[Example]:
    for row in _rows(root / "sms_spam" / "sms_spam.jsonl"):
        lab = row["labels"]
        assert isinstance(lab, dict)
        yield Example(str(row["text"]), "sms", {"spam": 1.0 if lab["label"] == "spam" else 0.0}, 0.4)


def load_madlibs(root: Path, fairness_terms: frozenset[str]) -> Iterator[Example]:
    """Template sentences; rows naming a held-out identity term are kept for the fairness report."""
    for row in _rows(root / "madlibs_intersectional" / "intersectional_madlibs.jsonl"):
        meta = row["meta"]
        lab = row["labels"]
        assert isinstance(meta, dict) and isinstance(lab, dict)
        terms = [str(t) for t in meta.get("identity_terms") or []]
        toxic = lab["toxicity"] == "toxic"
        template = str(meta["template"])
        if toxic:
            labels = {"hate": 0.8, "discourtesy": 0.7 if template.startswith("you_are") else 0.2}
        else:
            labels = _all(0.0, CATEGORIES)
        held = any(t.lower() in fairness_terms for t in terms)
        yield Example(str(row["text"]), "madlibs", labels, 0.08, {"terms": terms, "fairness": held})


def load_toxigen(root: Path) -> Iterator[Example]:
    for row in _rows(root / "toxigen_seeds" / "toxigen_seeds.jsonl"):
        lab = row["labels"]
        assert isinstance(lab, dict)
        labels = {"hate": 1.0} if lab["label"] == "hate" else _all(0.0)
        yield Example(str(row["text"]), "toxigen", labels, 2.0)


def load_stormfront(root: Path) -> Iterator[Example]:
    for row in _rows(root / "stormfront" / "stormfront.jsonl"):
        lab = row["labels"]
        assert isinstance(lab, dict)
        if lab["label"] == "hate":
            yield Example(str(row["text"]), "stormfront", {"hate": 1.0}, 1.0)
        elif lab["label"] == "noHate":
            yield Example(str(row["text"]), "stormfront", {"hate": 0.0, "violence": 0.0}, 0.6)


def load_gab(root: Path) -> Iterator[Example]:
    for row in _rows(root / "gab_hate_corpus" / "ghc_train.jsonl"):
        lab = row["labels"]
        assert isinstance(lab, dict)
        hd, cv, vo = float(lab["hd"]), float(lab["cv"]), float(lab["vo"])
        labels = {"hate": hd, "violence": cv, "profanity": 0.6 * vo, "vulgarity": 0.35 * vo}
        if not (hd or cv or vo):
            labels["discourtesy"] = 0.0
        yield Example(str(row["text"]), "gab", labels, 0.8)


def load_implicit(root: Path) -> Iterator[Example]:
    for row in _rows(root / "implicit_hate" / "implicit_hate.jsonl"):
        lab = row["labels"]
        assert isinstance(lab, dict)
        cls = lab["class"]
        sub = {lab.get("implicit_class"), lab.get("extra_implicit_class")}
        if cls == "not_hate":
            labels: Labels = {"hate": 0.0, "violence": 0.0}
        else:
            labels = {"hate": 1.0}
            if "threatening" in sub:
                labels["violence"] = 1.0
            elif lab.get("implicit_class"):
                labels["violence"] = 0.0
        yield Example(str(row["text"]), "implicit_hate", labels, 0.7)


def load_edos(root: Path) -> Iterator[Example]:
    for row in _rows(root / "edos" / "edos_train_dev.jsonl"):
        lab = row["labels"]
        assert isinstance(lab, dict)
        text = clean_edos(str(row["text"]))
        if lab["label_sexist"] != "sexist":
            # "not sexist" is not clean: racist or violent posts are in it. A weak hate negative only.
            yield Example(text, "edos", {"hate": 0.0}, 0.3)
            continue
        vector = str(lab["label_vector"])
        labels = {"hate": 1.0, "violence": 1.0 if str(lab["label_category"]).startswith("1.") else 0.0}
        if vector.startswith("2.3"):
            labels["vulgarity"] = 0.7
        if vector.startswith("3.1"):
            labels["profanity"] = 0.7
            labels["discourtesy"] = 0.5
        yield Example(text, "edos", labels, 0.8)


def load_convabuse(root: Path) -> Iterator[Example]:
    for row in _rows(root / "convabuse" / "convabuse_train_valid.jsonl"):
        lab = row["labels"]
        assert isinstance(lab, dict)
        if not lab["abusive"]:
            labels = _all(0.0)
        else:
            identity = any(lab[k] for k in ("sexist", "racist", "homophobic", "transphobic", "ableist"))
            labels = {
                "vulgarity": float(lab["sex_harassment"]),
                "hate": 1.0 if identity else 0.0,
                "discourtesy": 1.0 if lab["intellectual"] else 0.5,
            }
        yield Example(str(row["text"]), "convabuse", labels, 1.0)


LOADERS = {
    "davidson": load_davidson,
    "olid": load_olid,
    "hatexplain": load_hatexplain,
    "toxic_spans": load_toxic_spans,
    "impermium": load_impermium,
    "jigsaw": load_jigsaw,
    "youtube": load_youtube,
    "sms": load_sms,
    "toxigen": load_toxigen,
    "stormfront": load_stormfront,
    "gab": load_gab,
    "implicit_hate": load_implicit,
    "edos": load_edos,
    "convabuse": load_convabuse,
}


def identity_terms(root: Path) -> list[str]:
    """Identity terms from the madlibber's word list (subtype ethnicity, gender, sexuality, religion, ...)."""
    terms: list[str] = []
    with (root / "madlibs_intersectional" / "identity_terms_words.csv").open(encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            parts = line.rstrip("\n").split(",")
            if len(parts) >= 4 and parts[0] == "identity":
                terms.append(parts[3].lower())
    return sorted(set(terms))


def fairness_holdout_terms(root: Path, seed: int) -> frozenset[str]:
    """A fixed random third of the identity terms, never trained on, for the fairness report."""
    terms = identity_terms(root)
    rng = random.Random(seed)
    return frozenset(rng.sample(terms, k=len(terms) // 3))


def load_all(root: Path, seed: int) -> list[Example]:
    """Every labelled source, mapped to our categories (madlibs rows carry meta['fairness'])."""
    out: list[Example] = []
    for loader in LOADERS.values():
        out.extend(loader(root))
    out.extend(load_madlibs(root, fairness_holdout_terms(root, seed)))
    return out


def spam_negatives_from(examples: list[Example], seed: int, share: float = 0.25) -> None:
    """Ordinary (toxic or not) comments are not spam: label a sample of them as spam negatives."""
    rng = random.Random(seed)
    for ex in examples:
        ordinary = ex.source in {"toxic_spans", "impermium", "olid", "hatexplain", "gab"}
        if "spam" not in ex.labels and ordinary and rng.random() < share:
            ex.labels["spam"] = 0.0
