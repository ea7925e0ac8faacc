"""Tables of accounts, moderators' work and what the site learns from it (issue 6).

Kept apart from `tables.py` (the comment section's tables) but on the same `MetaData`, which
`tables.py` imports this module into, so the schema test sees one schema. Migration 0004 creates them.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from civility.storage.tables import UTCDateTime, comments, metadata


class Role(StrEnum):
    """What an account may do on a site; admins (a flag on the user) may do everything everywhere."""

    MODERATOR = "moderator"
    COMMENTER = "commenter"


class SanctionKind(StrEnum):
    """Measures against an author on one site."""

    BAN = "ban"
    SUSPEND = "suspend"
    PREMODERATE = "premoderate"


class Label(StrEnum):
    """A moderator's decision on a comment, kept as a training label next to the engine's scores."""

    APPROVED = "approved"
    REJECTED = "rejected"
    SPAM = "spam"


users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("email", String(254), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("display_name", String(80), nullable=False, server_default=""),
    Column("is_admin", Boolean, nullable=False, server_default="0"),
    Column("reader_id", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("password_changed_at", UTCDateTime, nullable=False),
    UniqueConstraint("email", name="uq_users_email"),
    UniqueConstraint("reader_id", name="uq_users_reader_id"),
)

user_roles = Table(
    "user_roles",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("site", String(64), primary_key=True),
    Column("role", String(16), primary_key=True),
)

sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
)
Index("ix_sessions_user", sessions.c.user_id)

sanctions = Table(
    "sanctions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("site", String(64), nullable=False),
    Column("reader_id", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("until", UTCDateTime, nullable=True),
    Column("reason", Text, nullable=False, server_default=""),
    Column("created_by", Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("lifted_at", UTCDateTime, nullable=True),
)
Index("ix_sanctions_site_reader", sanctions.c.site, sanctions.c.reader_id)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("site", String(64), nullable=False),
    Column("actor_id", Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("actor_email", String(254), nullable=False),
    Column("action", String(32), nullable=False),
    Column("target", String(64), nullable=False),
    Column("before", JSON, nullable=True),
    Column("after", JSON, nullable=True),
    Column("reason", Text, nullable=False, server_default=""),
    Column("created_at", UTCDateTime, nullable=False),
)
Index("ix_audit_site_id", audit_log.c.site, audit_log.c.id)
Index("ix_audit_target", audit_log.c.target)

decision_labels = Table(
    "decision_labels",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("site", String(64), nullable=False),
    Column("comment_id", Integer, ForeignKey("comments.id", ondelete="SET NULL"), nullable=True),
    Column("label", String(16), nullable=False),
    Column("engine_decision", String(16), nullable=True),
    Column("scores", JSON, nullable=True),
    Column("signature", JSON, nullable=True),
    Column("decided_by", Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("comment_created_at", UTCDateTime, nullable=False),
    Column("decided_at", UTCDateTime, nullable=False),
)
Index("ix_labels_site_label", decision_labels.c.site, decision_labels.c.label)

site_rules = Table(
    "site_rules",
    metadata,
    Column("site", String(64), primary_key=True),
    Column("hold_first_comments", Integer, nullable=False, server_default="0"),
    Column("max_rejection_rate", Float, nullable=True),
    Column("thresholds", JSON, nullable=True),
    Column("updated_at", UTCDateTime, nullable=False),
)

featured_comments = Table(
    "featured_comments",
    metadata,
    Column("comment_id", Integer, ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True),
    Column("site", String(64), nullable=False),
    Column("featured_at", UTCDateTime, nullable=False),
)

# The queues and trust rules read comments by (site, status) and by (site, author).
Index("ix_comments_site_status", comments.c.site, comments.c.status, comments.c.id)
Index("ix_comments_site_reader", comments.c.site, comments.c.reader_id, comments.c.created_at)

# Per-site models learned from the decisions (migration 0005): one row per site, the weights as JSON.
site_models = Table(
    "site_models",
    metadata,
    Column("site", String(64), primary_key=True),
    Column("model", JSON, nullable=True),
    Column("decisions", Integer, nullable=False),
    Column("last_label_id", Integer, nullable=False),
    Column("report", JSON, nullable=True),
    Column("trained_at", UTCDateTime, nullable=False),
)
