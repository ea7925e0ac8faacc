"""Synthetic training text generated in code, for what ../shared/data lacks.

* News-comment spam (the data has only SMS and music-video spam): work-from-home and crypto scams, SEO link
  drops, adult-site bait, fake support numbers and copy-pasted promotions; and, as negatives, honest reader
  comments that carry a link to a source, a price or a phone number of a public office.
* Context negatives: news language about war, terrorism and drone strikes, figurative "kill", medical and
  anatomical words, and comments that merely mention an identity.
* A few register gaps: threats against one person in a comment-thread register, insults aimed at another
  commenter, and swearing that is not abuse.
The generators live in `training.synthetic_spam`, `training.synthetic_context` and
`training.synthetic_register`; this module combines them for one training run (`generate`).
Everything is drawn from a seeded `random.Random`, so a run is reproducible.
"""

from __future__ import annotations

import random
from pathlib import Path

from training.datasets import Example
from training.synthetic_context import context_negatives, group_mentions, identity_mentions
from training.synthetic_register import lexicon_vulgarity, register_gaps, small_talk_and_swearing
from training.synthetic_spam import spam_examples


def generate(seed: int, root: Path) -> list[Example]:
    """All synthetic examples for one training run."""
    rng = random.Random(seed)
    return (
        spam_examples(rng)
        + context_negatives(rng)
        + register_gaps(rng)
        + lexicon_vulgarity(root, rng)
        + identity_mentions(root, rng)
        + group_mentions(rng)
        + small_talk_and_swearing(rng)
    )
