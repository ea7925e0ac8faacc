"""Policy enforcement: readers' reports, near-duplicate signatures, bands of comments removed as spam.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create comment_signatures, spam_bands and comment_reports with the indexes their reads use."""
    op.create_table(
        "comment_signatures",
        sa.Column(
            "comment_id", sa.Integer, sa.ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("site", sa.String(64), nullable=False),
        sa.Column("reader_id", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("signature", sa.JSON, nullable=False),
        sa.Column("removed_as_spam", sa.Boolean, nullable=False, server_default="0"),
    )
    op.create_index("ix_comment_signatures_author", "comment_signatures", ["site", "reader_id", "comment_id"])
    op.create_table(
        "spam_bands",
        sa.Column(
            "comment_id", sa.Integer, sa.ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("band_key", sa.BigInteger, primary_key=True),
        sa.Column("site", sa.String(64), nullable=False),
    )
    op.create_index("ix_spam_bands_lookup", "spam_bands", ["site", "band_key"])
    op.create_table(
        "comment_reports",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("comment_id", sa.Integer, sa.ForeignKey("comments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("site", sa.String(64), nullable=False),
        sa.Column("reader_id", sa.String(64), nullable=False),
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("note", sa.String(300), nullable=True),
        sa.Column("weight", sa.Float, nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False, server_default="open"),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("comment_id", "reader_id", name="uq_comment_reports_reader"),
    )
    op.create_index("ix_comment_reports_reader", "comment_reports", ["site", "reader_id"])


def downgrade() -> None:
    """Drop the policy-enforcement tables."""
    op.drop_index("ix_comment_reports_reader", table_name="comment_reports")
    op.drop_table("comment_reports")
    op.drop_index("ix_spam_bands_lookup", table_name="spam_bands")
    op.drop_table("spam_bands")
    op.drop_index("ix_comment_signatures_author", table_name="comment_signatures")
    op.drop_table("comment_signatures")
