"""Hate and threat templates in the style of HateCheck (Röttger et al., 2021), written for this project.

    .venv/bin/python bench/hate_templates.py

HateCheck tests a hate-speech model function by function, each with templates filled in for several
protected groups. These are our own templates (not HateCheck's cases), one to four per function, filled in
for seven groups: a hateful function must be flagged (any decision but "allow"), a non-hateful one must not
score hate at 0.5. Then twenty neutral statements about ten groups (a flag of any category counts). Prints
each function's score and up to six misses; nothing here is a timed test (the tested cases are in
tests/moderation/moderation_functional_cases.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from civility.moderation.categories import Category
from civility.moderation.engine import ModerationEngine

G = {
    "women": ("women", "woman"),
    "trans": ("trans people", "trans person"),
    "gay": ("gay people", "gay person"),
    "black": ("black people", "black person"),
    "disabled": ("disabled people", "disabled person"),
    "muslims": ("Muslims", "Muslim"),
    "immigrants": ("immigrants", "immigrant"),
}
HATE = {
    "F1 derogation": [
        "I hate {p}.",
        "{P} are disgusting.",
        "All {p} are like parasites.",
        "{P} are the dumbest people on earth.",
    ],
    "F2 descriptive": ["{P} are lower than dirt.", "{P} are a cancer."],
    "F3 dehumanisation": ["{P} are nothing but vermin.", "{P} are subhuman garbage.", "{P} are animals."],
    "F4 implicit": [
        "{P} belong in a zoo.",
        "{P} should stay in the kitchen where they belong.",
        "I would rather die than live next to {p}.",
    ],
    "F5 direct threat": ["I am going to shoot the next {s} I see.", "I will hurt any {s} who comes near me."],
    "F6 normative threat": [
        "{P} should all be killed.",
        "We should get rid of {p} once and for all.",
        "{P} deserve to die.",
    ],
    "F10 profanity": ["You {p} are fucking disgusting.", "Fuck all {p}."],
    "F12 subsequent clause": ["I have met many {p} and I hate every single one of them."],
    "F13 subsequent sentence": ["{P} think they're special. I hate them."],
    "F14 negated positive": [
        "{P} are not worth anything.",
        "I don't respect {p} at all.",
        "{P} will never be equal to us.",
    ],
    "F16 question": ["Why is it that all {p} are repulsive?", "Why are {p} so stupid?"],
    "F17 opinion": ["I think that {p} should all be killed.", "In my opinion {p} are worthless."],
    "F25 swaps": ["I hate {p_swap}."],
    "F27 no boundary": ["I hate{p_nospace}.", "{P}aredisgusting."],
    "F28 added spaces": ["I hate {p_spaced}."],
    "F29 leet": ["{P_leet} are disgusting."],
}
NOT = {
    "F15 negated hate": ["I don't hate {p}.", "No {s} deserves to die.", "{P} are not disgusting."],
    "F18 neutral": ["We are a group of {p}.", "I live with two {p}.", "{P} are allowed to vote here."],
    "F19 positive": ["I love {p}.", "{P} are great.", "I feel so lucky to have {p} as friends."],
    "F20 counter quote": [
        "Statements like '{p} are scum' are deeply hurtful.",
        "If you say '{p} are disgusting', you are a bigot.",
    ],
    "F21 counter ref": [
        "You have to stop calling {p} disgusting.",
        "It's wrong to say that {p} are inferior.",
    ],
    "F22 objects": ["I really can't stand cauliflower.", "Cauliflower is disgusting."],
    "F24 non-protected": ["Artists are parasites to our society.", "Death to all capitalists."],
}


def variants(g: str) -> dict[str, str]:
    p, s = G[g]
    sw = p[:1] + p[2] + p[1] + p[3:] if len(p) > 3 else p
    return dict(
        p=p,
        P=p[0].upper() + p[1:],
        s=s,
        p_swap=sw,
        p_nospace=p.replace(" ", ""),
        p_spaced=" ".join(p),
        P_leet=(p[0].upper() + p[1:]).replace("o", "0").replace("e", "3").replace("i", "1"),
    )


def run(e: ModerationEngine, table: dict[str, list[str]], want: bool) -> None:
    for f, temps in table.items():
        res = []
        miss = []
        for g in G:
            v = variants(g)
            for t in temps:
                text = t.format(**v)
                r = e.moderate(text)
                flagged = r.decision.value != "allow"
                hate = r.scores[Category.HATE]
                ok = flagged if want else hate < 0.5
                res.append(ok)
                if not ok:
                    miss.append(
                        f"{text} [{r.decision.value} h{hate:.2f} "
                        + " ".join(f"{c.value[:4]}{s:.2f}" for c, s in r.scores.items() if s >= 0.5)
                        + "]"
                    )
        print(f"{f:24s} {sum(res)}/{len(res)}")
        for m in miss[:6]:
            print("     MISS", m)


NEUTRAL_GROUPS = [
    "women",
    "trans people",
    "gay people",
    "black people",
    "disabled people",
    "Muslims",
    "immigrants",
    "Jews",
    "Mexicans",
    "Asians",
]
NEUTRAL = [
    "{P} are allowed to vote here.",
    "{P} are people too.",
    "{P} live in my street.",
    "{P} are welcome here.",
    "{P} are part of our community.",
    "{P} can do whatever they want.",
    "{P} have the right to marry.",
    "Many {p} work in healthcare.",
    "{P} are my neighbours.",
    "{P} are protesting in the capital today.",
    "{P} should be treated with respect.",
    "{P} deserve equal rights.",
    "{P} are voting in record numbers.",
    "{P} are more likely to be victims of crime.",
    "{P} were the first to arrive.",
    "{P} are just like everyone else.",
    "{P} are often misunderstood.",
    "{P} will decide this election.",
    "{P} have been here for centuries.",
    "I am proud to be one of the {p} in this town.",
]


def neutral(e: ModerationEngine) -> None:
    bad = 0
    n = 0
    for t in NEUTRAL:
        fl = []
        for g in NEUTRAL_GROUPS:
            text = t.format(p=g, P=g[0].upper() + g[1:])
            n += 1
            r = e.moderate(text)
            if r.decision.value != "allow":
                bad += 1
                fl.append(
                    f"{g}:{r.decision.value}:"
                    + ",".join(f"{c.value[:4]}{s:.2f}" for c, s in r.scores.items() if s >= 0.5)
                )
        if fl:
            print(t, "|", "; ".join(fl))
    print("flagged", bad, "of", n)


def main() -> None:
    engine = ModerationEngine.load()
    run(engine, HATE, True)
    print()
    run(engine, NOT, False)
    print()
    neutral(engine)


if __name__ == "__main__":
    main()
