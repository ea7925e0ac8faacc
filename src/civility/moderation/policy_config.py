"""A site's moderation policy as configuration: per category a threshold and an action."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from civility.moderation.categories import Action, Category


class CategoryRule(BaseModel):
    """What happens when one category's score reaches its threshold."""

    model_config = ConfigDict(extra="forbid")

    threshold: float = Field(
        0.5, ge=0.0, le=1.0, description="Score in [0, 1] at or above which the action applies."
    )
    action: Action = Field(Action.HOLD, description="allow, nudge, hold or reject.")
    reject_threshold: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="Optional higher score at or above which the comment is rejected outright.",
    )


class DetectorSpec(BaseModel):
    """A detector to add for a site: a registered name (built-in, `civility.detectors` entry point) or a
    "module:factory" path, with the options its factory takes (e.g. a word list)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(
        ...,
        min_length=1,
        description='Registered detector name (e.g. "wordlist") or "package.module:factory".',
    )
    options: dict[str, Any] = Field(
        default_factory=dict, description="Options passed to the detector's factory."
    )


def _default_rules() -> dict[Category, CategoryRule]:
    return {
        Category.VIOLENCE: CategoryRule(threshold=0.5, action=Action.HOLD, reject_threshold=0.97),
        Category.HATE: CategoryRule(threshold=0.5, action=Action.HOLD, reject_threshold=0.97),
        Category.PROFANITY: CategoryRule(threshold=0.5, action=Action.NUDGE),
        Category.VULGARITY: CategoryRule(threshold=0.5, action=Action.NUDGE),
        Category.DOXING: CategoryRule(threshold=0.5, action=Action.HOLD),
        Category.DISCOURTESY: CategoryRule(threshold=0.5, action=Action.NUDGE),
        Category.SPAM: CategoryRule(threshold=0.5, action=Action.HOLD, reject_threshold=0.98),
    }


class PolicyConfig(BaseModel):
    """The per-site policy; the default enforces the seed policy of the product."""

    model_config = ConfigDict(extra="forbid")

    rules: dict[Category, CategoryRule] = Field(
        default_factory=_default_rules,
        description="Per category: threshold, action and optional reject threshold.",
    )
    evidence_threshold: float = Field(
        0.1,
        ge=0.0,
        le=1.0,
        description=(
            "Evidence words are reported for every category scoring at least this, also below its "
            "threshold (a moderator sees what leaned toxic); reasons carry only flagged categories' words. "
            "Set it to 1 to report only the words of flagged categories."
        ),
    )
    after_nudge: Action = Field(
        Action.HOLD,
        description="What applies when an author posts anyway after a nudge (normally hold).",
    )
    detectors: list[DetectorSpec] = Field(
        default_factory=list,
        description=(
            "Extra detectors for this site, run after the built-in ones: e.g. "
            '{"name": "wordlist", "options": {"category": "discourtesy", "words": ["..."]}}.'
        ),
    )
