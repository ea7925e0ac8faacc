"""Accounts, roles, sessions, sanctions, the audit log, decision labels, trust rules, featured comments.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the tables of issue 6 and the comment indexes the moderation queues read by."""
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("display_name", sa.String(80), nullable=False, server_default=""),
        sa.Column("is_admin", sa.Boolean, nullable=False, server_default="0"),
        sa.Column("reader_id", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("password_changed_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("email", name="uq_users_email"),
        sa.UniqueConstraint("reader_id", name="uq_users_reader_id"),
    )
    op.create_table(
        "user_roles",
        sa.Column(
            "user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("site", sa.String(64), primary_key=True),
        sa.Column("role", sa.String(16), primary_key=True),
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_sessions_user", "sessions", ["user_id"])
    op.create_table(
        "sanctions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("site", sa.String(64), nullable=False),
        sa.Column("reader_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("until", sa.DateTime, nullable=True),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column(
            "created_by", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("lifted_at", sa.DateTime, nullable=True),
    )
    op.create_index("ix_sanctions_site_reader", "sanctions", ["site", "reader_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("site", sa.String(64), nullable=False),
        sa.Column("actor_id", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("actor_email", sa.String(254), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("target", sa.String(64), nullable=False),
        sa.Column("before", sa.JSON, nullable=True),
        sa.Column("after", sa.JSON, nullable=True),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_audit_site_id", "audit_log", ["site", "id"])
    op.create_index("ix_audit_target", "audit_log", ["target"])
    op.create_table(
        "decision_labels",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("site", sa.String(64), nullable=False),
        sa.Column(
            "comment_id", sa.Integer, sa.ForeignKey("comments.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("label", sa.String(16), nullable=False),
        sa.Column("engine_decision", sa.String(16), nullable=True),
        sa.Column("scores", sa.JSON, nullable=True),
        sa.Column("signature", sa.JSON, nullable=True),
        sa.Column(
            "decided_by", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("comment_created_at", sa.DateTime, nullable=False),
        sa.Column("decided_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_labels_site_label", "decision_labels", ["site", "label"])
    op.create_table(
        "site_rules",
        sa.Column("site", sa.String(64), primary_key=True),
        sa.Column("hold_first_comments", sa.Integer, nullable=False, server_default="0"),
        sa.Column("max_rejection_rate", sa.Float, nullable=True),
        sa.Column("thresholds", sa.JSON, nullable=True),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "featured_comments",
        sa.Column(
            "comment_id",
            sa.Integer,
            sa.ForeignKey("comments.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("site", sa.String(64), nullable=False),
        sa.Column("featured_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_comments_site_status", "comments", ["site", "status", "id"])
    op.create_index("ix_comments_site_reader", "comments", ["site", "reader_id", "created_at"])


def downgrade() -> None:
    """Drop the tables of issue 6 and their comment indexes."""
    op.drop_index("ix_comments_site_reader", table_name="comments")
    op.drop_index("ix_comments_site_status", table_name="comments")
    for table in (
        "featured_comments",
        "site_rules",
        "decision_labels",
        "audit_log",
        "sanctions",
        "sessions",
        "user_roles",
        "users",
    ):
        op.drop_table(table)
