"""Synthetic context negatives: text that looks toxic to a word list but is not, for every category.

* `context_negatives` (with `figurative_and_news`): news language about war, terrorism and drone strikes,
  figurative "kill", medical and anatomical words, and comments that mention an identity.
* `identity_mentions` (terms from `identity_terms`) and `group_mentions`: comments that merely mention an
  identity or a whole group (a fairness fix).
Part of `training.synthetic`.
"""

from __future__ import annotations

import random
from pathlib import Path

from training.datasets import TOXIC, Example
from training.synthetic_pick import pick

_CONTEXT_NEGATIVES = [
    "The drone strike killed {n} ISIS fighters near {place}, according to the Pentagon.",
    "Terrorism experts say the attack in {place} was planned for months.",
    "The war in {place} has displaced more than {n} thousand civilians.",
    "Officials confirmed that the militants executed hostages last year, which is why the strike was ordered",
    "A suicide bomber killed {n} people at a market in {place} on Friday.",
    "The article explains how the terrorist group recruits young men online.",
    "Is a drone strike that kills civilians ever justified? I honestly don't know.",
    "The shooting suspect was arrested after a standoff with police.",
    "Historians estimate that the genocide killed hundreds of thousands of people.",
    "The bombing campaign destroyed most of the city's hospitals.",
    "This bill is killing small business in our town.",
    "The new tax is going to kill the local restaurant industry.",
    "I'd kill for that recipe, it looks amazing.",
    "That comedian absolutely killed it last night.",
    "My feet are killing me after the marathon.",
    "The traffic on the bridge is murder every morning.",
    "Our team got slaughtered in the second half, 42 to 7.",
    "She knocked it out of the park with that speech.",
    "Time to kill the filibuster, it has outlived its purpose.",
    "Breast cancer screening should start earlier, my doctor said.",
    "After my prostate exam the doctor recommended a biopsy.",
    "Testicular cancer is very treatable if caught early.",
    "The vaginal birth went fine, but recovery took weeks.",
    "Sex education in schools reduces teen pregnancy, the study found.",
    "The penis and testes are part of the male reproductive system.",
    "Rectal temperature is the most accurate for infants.",
    "Breastfeeding in public should be normal.",
    "As a gay Muslim woman I disagree with the author.",
    "I'm a Black veteran and I think this policy is wrong.",
    "As a Jewish mother of three I found this article moving.",
    "My husband is Mexican and we both voted for the measure.",
    "Speaking as a trans woman, the clinic closing worries me.",
    "I am a Christian and I support the refugees moving here.",
    "Muslims pray five times a day, and Ramadan starts next week.",
    "Many immigrants work in the farms around here.",
    "The Asian American community center hosts a festival every spring.",
    "Being deaf has never stopped me from enjoying concerts.",
    "The disabled veterans group is raising funds for ramps.",
    "Gay couples have been able to marry here since 2015.",
    "Native American tribes have lived on this land for centuries.",
    "Saying 'all Muslims are terrorists' is bigoted and wrong.",
    "I don't hate anyone because of their religion.",
    "Calling immigrants vermin is dehumanizing and we should reject it.",
    "The senator quoted the slur to show how ugly the messages were.",
    "Hate crimes against Jews rose last year, the FBI reports.",
    "The article discusses racism in housing policy since the 1950s.",
    "The film depicts violence during the civil war realistically.",
    "The police report says the victim was shot twice.",
    "Gun violence is a public health issue.",
    "He was sentenced to death for the murders in 1998.",
]
_PLACES = ("Syria", "Iraq", "Mosul", "Raqqa", "Kabul", "Gaza", "Ukraine", "Yemen", "Somalia", "Mali")


_FIGURATIVE_SUBJECTS = (
    "This bill",
    "The new tax",
    "Online shopping",
    "The mayor's plan",
    "Inflation",
    "This policy",
    "Amazon",
    "The minimum wage hike",
    "Red tape",
    "The zoning law",
    "Rising rents",
    "The tariff",
)
_FIGURATIVE_VERBS = (
    "is killing",
    "will kill",
    "is slowly killing",
    "has killed",
    "is murdering",
    "is strangling",
    "will destroy",
    "is slaughtering",
    "is choking",
    "is bleeding",
)
_FIGURATIVE_OBJECTS = (
    "small business",
    "jobs in this town",
    "the economy",
    "local news",
    "our downtown",
    "the middle class",
    "family farms",
    "innovation",
    "the housing market",
    "main street shops",
    "the restaurant industry",
    "competition",
)
_FIGURATIVE_OTHER = (
    "I'd kill for {food} like that.",
    "I would murder a plate of {food} right now.",
    "That {food} recipe is to die for.",
    "The band killed it last night.",
    "She absolutely killed that interview.",
    "This heat is killing me.",
    "My kids are going to kill me for posting this.",
    "We got destroyed in the fourth quarter.",
    "Time to kill the {thing} once and for all.",
    "The senator shot down the amendment.",
    "That joke bombed, but the rest of the show was great.",
    "He's a killer pianist.",
)
_FOOD = ("lasagna", "a good taco", "my grandma's pie", "fresh bread", "that chili", "a cold beer", "pho")
_THING = ("filibuster", "daylight saving time", "the parking rule", "this project", "the old stadium deal")
_NEWS_VIOLENCE = (
    "The drone strike killed {n} militants near {place}, the ministry said.",
    "An airstrike on {place} killed {n} civilians, according to the UN.",
    "ISIS claimed responsibility for the bombing that killed {n} people in {place}.",
    "Police said the gunman shot {n} people before he was arrested.",
    "The report details how the terrorist cell planned attacks in {place}.",
    "Dozens were wounded when a car bomb exploded in {place} on Monday.",
    "The army says it destroyed {n} weapons depots around {place}.",
    "Survivors of the massacre in {place} testified at the tribunal.",
    "The drone program has killed {n} suspected terrorists since 2015, analysts estimate.",
    "Is it legal to kill a citizen with a drone strike without trial? The court will decide.",
    "The hostage was executed by the militants, the family confirmed.",
    "Fighting in {place} left {n} soldiers dead over the weekend.",
)


def figurative_and_news(rng: random.Random, n: int = 900) -> list[Example]:
    """Figurative "kill" about policies and food, and news reports of war and terrorism: not violence."""
    out: list[Example] = []
    for i in range(n):
        roll = i % 3
        if roll == 0:
            subject, verb = pick(rng, _FIGURATIVE_SUBJECTS), pick(rng, _FIGURATIVE_VERBS)
            text = f"{subject} {verb} {pick(rng, _FIGURATIVE_OBJECTS)}."
        elif roll == 1:
            text = (
                pick(rng, _FIGURATIVE_OTHER)
                .replace("{food}", pick(rng, _FOOD))
                .replace("{thing}", pick(rng, _THING))
            )
        else:
            text = (
                pick(rng, _NEWS_VIOLENCE)
                .replace("{n}", str(rng.randrange(2, 90)))
                .replace("{place}", pick(rng, _PLACES))
            )
        if rng.random() < 0.3:
            text = text.lower()
        out.append(Example(text, "synthetic_context", dict.fromkeys((*TOXIC, "spam"), 0.0), 1.0))
    return out


def context_negatives(rng: random.Random, copies: int = 3) -> list[Example]:
    """Discussing violence, figurative violence, medical words and identity mentions: none is toxic."""
    out: list[Example] = figurative_and_news(rng)
    for template in _CONTEXT_NEGATIVES:
        for _ in range(copies):
            text = template.replace("{n}", str(rng.randrange(2, 90))).replace("{place}", pick(rng, _PLACES))
            if rng.random() < 0.3:
                text = text.lower()
            out.append(Example(text, "synthetic_context", dict.fromkeys((*TOXIC, "spam"), 0.0), 1.5))
    return out


_IDENTITY_FRAMES = (
    "As a {t} {noun} I disagree with this article.",
    "I'm {t} and I support the new park.",
    "My neighbors are {t} and they are lovely people.",
    "{t} people have lived in this town for generations.",
    "Being {t} is part of who I am.",
    "The {t} community center is hosting a food drive on Saturday.",
    "I am a {t} voter and this policy matters to me.",
    "Our new council member is {t}.",
    "There are many {t} families in our school district.",
    "The article interviews several {t} residents about the rent increase.",
    "Speaking as a {t} {noun}, the clinic closing worries me.",
    "My {noun2} is {t} and we both voted for the measure.",
)
_NOUNS = ("woman", "man", "person", "mother", "father", "veteran", "teacher", "nurse", "student")
_NOUNS2 = ("wife", "husband", "daughter", "son", "best friend", "boss", "doctor")


_GROUPS = (
    "Muslims",
    "Jews",
    "Christians",
    "Hindus",
    "Sikhs",
    "Buddhists",
    "atheists",
    "Catholics",
    "immigrants",
    "refugees",
    "Mexicans",
    "Asians",
    "Africans",
    "Arabs",
    "gay men",
    "lesbians",
    "bisexuals",
    "trans people",
    "women",
    "men",
    "Black people",
    "white people",
    "Latinos",
    "disabled people",
    "seniors",
    "teenagers",
    "Native Americans",
    "Chinese Americans",
    "Indians",
    "Canadians",
)
_GROUP_FRAMES = (
    "{g} are our neighbors, coworkers and friends.",
    "Many {g} live in this part of the city.",
    "{g} have contributed a lot to this town.",
    "I have many friends who are {g}.",
    "The reporter interviewed several {g} for this story.",
    "{g} in our county organized a charity run last weekend.",
    "Polls show {g} are split on the new tax.",
    "{g} deserve the same protections as everyone else.",
    "The museum has a new exhibit on the history of {g} in America.",
    "Like most {g} I know, my family just wants good schools.",
    "{g} were among the first volunteers after the flood.",
    "Are {g} more likely to vote by mail? The data says no.",
)


def group_mentions(rng: random.Random, n: int = 900) -> list[Example]:
    """Neutral statements about whole groups (plural nouns): negatives for every toxic category."""
    out: list[Example] = []
    for i in range(n):
        group = _GROUPS[i % len(_GROUPS)]
        text = pick(rng, _GROUP_FRAMES).replace("{g}", group)
        text = text[0].upper() + text[1:]
        out.append(Example(text, "synthetic_identity", dict.fromkeys((*TOXIC, "spam"), 0.0), 1.0))
    return out


def identity_terms(root: Path) -> list[str]:
    """The 50 identity terms of the bias-madlibs list (no slurs): ethnicity, religion, gender, ..."""
    path = root / "madlibs_intersectional" / "identity_terms_bias_madlibs.txt"
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def identity_mentions(root: Path, rng: random.Random, n: int = 1200) -> list[Example]:
    """Comments that merely mention an identity: negatives for every toxic category (a fairness fix)."""
    terms = identity_terms(root)
    out: list[Example] = []
    for i in range(n):
        term = terms[i % len(terms)]
        text = (
            pick(rng, _IDENTITY_FRAMES)
            .replace("{t}", term)
            .replace("{noun}", pick(rng, _NOUNS))
            .replace("{noun2}", pick(rng, _NOUNS2))
        )
        text = text[0].upper() + text[1:]
        labels = dict.fromkeys((*TOXIC, "spam"), 0.0)
        out.append(Example(text, "synthetic_identity", labels, 1.0, {"terms": [term]}))
    return out
