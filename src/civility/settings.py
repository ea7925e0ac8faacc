"""One typed settings model: a TOML file, overridden by CIVILITY_* environment variables.

Every field carries a description; `civility init` writes them out as the commented sample
configuration and a test fails when a field is undocumented.
"""

from __future__ import annotations

import tomllib
from enum import StrEnum
from pathlib import Path
from typing import Any

from limits import parse_many
from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from civility.moderation.categories import SEED_POLICY_TEXT
from civility.moderation.policy_config import PolicyConfig

DEV_SECRET = "civility-development-secret-change-me"


class Environment(StrEnum):
    """Development allows insecure defaults; production refuses them."""

    DEVELOPMENT = "development"
    PRODUCTION = "production"


class SiteSettings(BaseModel):
    """One publisher site served by this instance."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field("My news site", description="Human name of the site, shown to moderators.")
    allowed_origins: list[str] = Field(
        default_factory=list,
        description=(
            "Origins (scheme://host[:port]) whose pages may embed the comment section; "
            "requests from other origins are refused."
        ),
    )
    allow_anonymous: bool = Field(
        True, description="Whether readers may comment with only a display name, without an account."
    )
    allow_accounts: bool = Field(
        True,
        description="Whether readers may create a commenter account (e-mail, password, display name).",
    )
    edit_window_seconds: int = Field(
        900, ge=0, le=86400 * 30, description="How long an author may edit or delete their own comment."
    )
    max_indent_depth: int = Field(
        4,
        ge=1,
        le=20,
        description="Replies deeper than this are shown flattened, with 'in reply to NAME'.",
    )
    max_comment_length: int = Field(
        5000, ge=10, le=100_000, description="Maximum comment length in characters."
    )
    page_size: int = Field(20, ge=1, le=200, description="Top-level comments per page by default.")
    trending_hours: int = Field(
        48, ge=1, le=24 * 90, description="Window of the trending widget, in hours."
    )
    policy_text: str = Field(
        SEED_POLICY_TEXT, description="The comment policy shown to readers above the form."
    )
    moderation: PolicyConfig = Field(
        default_factory=PolicyConfig,
        description="Per-category thresholds and actions (allow, nudge, hold, reject).",
    )
    comment_rate_limit: str = Field(
        "20/minute;150/hour",
        description=(
            "Posting limit per author (reader), in the limits notation N/period joined by ';'; edits count."
        ),
    )
    comment_ip_rate_limit: str = Field(
        "30/minute;600/hour",
        description="Posting limit per IP address (readers behind one network share it).",
    )
    report_rate_limit: str = Field(
        "10/minute;100/day", description="Reporting limit per reader (Mark as spam and Report… together)."
    )
    moderation_time_limit_ms: int = Field(
        2000,
        ge=10,
        le=60_000,
        description=(
            "Wall-clock limit on moderating one new or edited comment (the whole engine call); past it "
            "the comment is held for review and its author told it awaits review."
        ),
    )
    report_threshold: float = Field(
        3.0,
        gt=0.0,
        le=100.0,
        description=(
            "Weighted reports at which a comment is hidden pending review: an established reader weighs "
            "1.0 (up to 2.0 with upheld reports, down to 0.2 with dismissed ones), a fresh anonymous "
            "reader 0.6; 3.0 is three established readers or five fresh ones."
        ),
    )

    site_model: bool = Field(
        True,
        description=(
            "Learn a per-site model from this site's moderator decisions and let it correct the engine's "
            "hold/publish decision once it measurably helps (never a rejection, a doxing or violence hold)."
        ),
    )
    site_model_min_decisions: int = Field(
        200,
        ge=50,
        le=1_000_000,
        description="Moderator decisions (at least 20 of them removals) before the site model is trained.",
    )
    site_model_retrain_every: int = Field(
        50, ge=1, le=1_000_000, description="Retrain the site model after this many new decisions."
    )
    site_model_max_recall_loss: float = Field(
        0.05,
        ge=0.0,
        le=0.5,
        description=(
            "Share of the comments moderators removed that the site model may let through that the engine "
            "would have stopped (measured by cross-validation on the site's history)."
        ),
    )

    @field_validator("comment_rate_limit", "comment_ip_rate_limit", "report_rate_limit")
    @classmethod
    def _readable_limits(cls, value: str) -> str:
        try:
            parse_many(value)
        except ValueError as error:
            raise ValueError(f'not a rate limit like "10/minute;100/hour": {value!r}') from error
        return value


def _default_sites() -> dict[str, SiteSettings]:
    return {
        "demo": SiteSettings(
            name="The Daily Example",
            allowed_origins=["http://127.0.0.1:8001", "http://localhost:8001"],
        )
    }


class Settings(BaseSettings):
    """All settings of a Civility instance."""

    model_config = SettingsConfigDict(
        env_prefix="CIVILITY_", env_nested_delimiter="__", extra="forbid", validate_default=True
    )

    environment: Environment = Field(
        Environment.DEVELOPMENT,
        description="development or production; production refuses the development secret key.",
    )
    database_url: str = Field(
        "sqlite:///./civility.db",
        description=(
            "SQLAlchemy URL of the database: sqlite:///PATH (WAL mode) or "
            "postgresql://user@host:port/dbname."
        ),
    )
    host: str = Field("127.0.0.1", description="Address the server listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port the server listens on.")
    workers: int = Field(1, ge=1, le=64, description="Number of server worker processes.")
    public_url: str = Field(
        "http://127.0.0.1:8000",
        description="The URL readers' browsers use to reach this server (for embed.js and links).",
    )
    secret_key: SecretStr = Field(
        SecretStr(DEV_SECRET), description="Key that signs reader and session tokens; keep it secret."
    )
    redis_url: str | None = Field(
        None,
        description="Optional redis://host:port/db for shared rate limits and caches across workers.",
    )
    log_level: str = Field("info", description="Log level: debug, info, warning or error.")
    check_migrations: bool = Field(
        True, description="Refuse to start when the database schema is behind the code."
    )
    sites: dict[str, SiteSettings] = Field(
        default_factory=_default_sites,
        description="The sites served, keyed by the site id used in data-site.",
    )

    @model_validator(mode="after")
    def _refuse_default_secret_in_production(self) -> Settings:
        if (
            self.environment is Environment.PRODUCTION
            and self.secret_key.get_secret_value() == DEV_SECRET
        ):
            raise ValueError("secret_key: set a secret of your own in production (CIVILITY_SECRET_KEY)")
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Environment variables win over the TOML file, which arrives as init kwargs.
        return (env_settings, init_settings)


def load_settings(path: Path | None = None, **overrides: Any) -> Settings:
    """Read settings from a TOML file (when given), then CIVILITY_* variables, which win."""
    data: dict[str, Any] = {}
    if path is not None:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    data.update(overrides)
    return Settings(**data)
