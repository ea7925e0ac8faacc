"""Synthetic register gaps: the comment-thread registers the data sets under-represent.

* `register_gaps`: threats against one person, insults aimed at another commenter, swearing that is not
  abuse.
* `lexicon_vulgarity`: sexual-content sentences from the surge lexicon's strong sexual terms.
* `small_talk_and_swearing`: short pleasantries (not spam, not toxic) and swearing aimed at nobody.
Part of `training.synthetic`.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from training.datasets import TOXIC, Example
from training.synthetic_pick import pick

_THREATS = [
    "I know where you live, {target}.",
    "Keep talking and I will find you and {harm} you.",
    "Someone should {harm} {third} before he does more damage.",
    "You deserve to be {harmed}, and I hope it happens soon.",
    "I'm going to {harm} you if I ever see you.",
    "Say that to my face and you'll end up in the hospital.",
    "{third} should be {harmed} in front of everyone.",
    "Watch your back, {target}, we're coming for you.",
    "I hope someone puts a bullet in {third}.",
    "People like you need to be lined up and {harmed}.",
    "If you come to the meeting I'll make sure you regret it.",
    "Burn his house down with him inside.",
]
_HARM = ["kill", "shoot", "hang", "stab", "beat", "bury", "strangle", "murder"]
_HARMED = ["killed", "shot", "hanged", "stabbed", "beaten to death", "strung up", "murdered", "executed"]
_INSULTS = [
    "You are an idiot and everyone here knows it.",
    "Only a moron would write a comment this stupid.",
    "Go back to school, you illiterate clown.",
    "Shut up, nobody asked for your pathetic opinion.",
    "You're a worthless troll, crawl back under your bridge.",
    "What a braindead take. Are you always this dumb?",
    "{name}, you're a liar and a coward.",
    "Typical {name}, too stupid to read past the headline.",
    "Nobody cares what a loser like you thinks.",
    "You clearly have the IQ of a potato.",
]
_PROFANE_NOT_ABUSE = [
    "This is fucking brilliant, best article all year.",
    "Holy shit, I had no idea the numbers were this bad.",
    "Damn, that's a great point.",
    "Well shit, there goes my weekend.",
    "This song is so fucking good.",
    "What the hell happened to this city?",
    "Bullshit, the report says the opposite.",
    "Fuck yeah, finally some good news.",
]
_NAMES = ["John", "Karen", "Mike", "buddy", "pal", "Steve", "Linda", "friend"]


def register_gaps(rng: random.Random, copies: int = 4) -> list[Example]:
    """Threats against one person, insults to another commenter, and swearing that is not abuse."""
    out: list[Example] = []
    for template in _THREATS:
        for _ in range(copies):
            text = (
                template.replace("{target}", pick(rng, _NAMES))
                .replace("{third}", pick(rng, ("him", "the mayor", "that judge", "her")))
                .replace("{harm}", pick(rng, _HARM))
                .replace("{harmed}", pick(rng, _HARMED))
            )
            out.append(Example(text, "synthetic_register", {"violence": 1.0, "spam": 0.0}, 1.0))
    for template in _INSULTS:
        for _ in range(copies):
            text = template.replace("{name}", pick(rng, _NAMES))
            out.append(
                Example(
                    text,
                    "synthetic_register",
                    {"discourtesy": 1.0, "violence": 0.0, "hate": 0.0, "spam": 0.0},
                    1.0,
                )
            )
    for template in _PROFANE_NOT_ABUSE:
        for _ in range(copies):
            text = template if rng.random() < 0.6 else template.lower()
            out.append(
                Example(
                    text,
                    "synthetic_register",
                    {"profanity": 1.0, "discourtesy": 0.0, "hate": 0.0, "violence": 0.0, "spam": 0.0},
                    1.0,
                )
            )
    return out


_VULGAR_FRAMES = [
    "send me {w} pics",
    "she has a nice {w}",
    "look at that {w} lol",
    "I want your {w}",
    "show us your {w}",
    "{w} {w} {w}",
    "suck my {w}",
    "nice {w} in that photo",
    "bet you love {w}",
    "my {w} is ready for you",
    "all she wants is {w}",
    "more {w} please",
    "{w} videos are better than this article",
]
_SWEARS = ("fuck", "shit", "damn", "hell", "crap", "bitch", "bastard", "ass")


def lexicon_vulgarity(root: Path, rng: random.Random, n: int = 700) -> list[Example]:
    """Sexual-content sentences built from the surge lexicon's strong sexual terms (plain swears excluded)."""
    terms: list[str] = []
    with (root / "lexicons" / "surge_profanity_en.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["category_1"] != "sexual anatomy / sexual acts" or float(row["severity_rating"] or 0) < 2:
                continue
            word = row["text"].strip().lower()
            canonical = " ".join(row[f"canonical_form_{i}"] for i in (1, 2, 3)).lower()
            if any(s in canonical for s in _SWEARS) or row["category_2"] not in (
                "",
                "sexual anatomy / sexual acts",
            ):
                continue
            if word.isascii() and word.replace(" ", "").isalpha() and not any(s in word for s in _SWEARS):
                terms.append(word)
    out: list[Example] = []
    for _ in range(n if terms else 0):
        text = pick(rng, _VULGAR_FRAMES).replace("{w}", pick(rng, terms))
        out.append(Example(text, "synthetic_vulgar", {"vulgarity": 1.0, "spam": 0.0, "violence": 0.0}, 0.6))
    return out


_PLEASANTRIES = (
    "Hello",
    "Hello!",
    "Hello everyone",
    "Hi all!",
    "Hi",
    "Hey",
    "Thanks",
    "Thanks!",
    "Thank you",
    "Thank you!!",
    "Thanks for writing this",
    "Thanks for sharing",
    "Great article",
    "Good morning everyone",
    "Hello from Ohio!",
    "Wow",
    "Nice",
    "Agreed",
    "So true",
    "Well said!",
    "Bravo",
    "Interesting",
    "Hello, neighbors. Good piece.",
    "Thanks, this was helpful",
    "Hi, I have a question about the schedule",
)
_SWEARS_FREE = (
    "what the fuck",
    "wtf",
    "holy shit",
    "fuck this",
    "this is bullshit",
    "damn it",
    "goddamn",
    "shit happens",
    "fucking hell",
    "what a shitshow",
    "I'm so pissed off",
    "crap",
    "hell no",
    "fuck me, that's expensive",
    "oh shit",
    "this fucking weather",
    "bloody hell",
    "screw it",
    "damn right",
    "shit, I missed the vote",
)
_SWEAR_FRAMES = (
    "{s}",
    "{s}!",
    "{s}, that's a lot of money",
    "Honestly, {s}.",
    "{s}... the council did it again",
    "Well {s}",
    "{s}, I can't believe the score",
)


def small_talk_and_swearing(rng: random.Random, n_small: int = 500, n_swear: int = 500) -> list[Example]:
    """Short pleasantries (not spam, not toxic) and swearing aimed at nobody (profanity, not vulgarity)."""
    out: list[Example] = []
    for _ in range(n_small):
        text = pick(rng, _PLEASANTRIES)
        text = text.lower() if rng.random() < 0.3 else text
        out.append(Example(text, "synthetic_small_talk", dict.fromkeys((*TOXIC, "spam"), 0.0), 1.0))
    for _ in range(n_swear):
        text = pick(rng, _SWEAR_FRAMES).replace("{s}", pick(rng, _SWEARS_FREE))
        text = text[0].upper() + text[1:] if rng.random() < 0.5 else text
        labels = {
            "profanity": 1.0,
            "vulgarity": 0.0,
            "discourtesy": 0.0,
            "hate": 0.0,
            "violence": 0.0,
            "spam": 0.0,
        }
        out.append(Example(text, "synthetic_register", labels, 1.0))
    return out
