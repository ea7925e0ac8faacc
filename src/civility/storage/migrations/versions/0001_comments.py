"""Threads, comments and votes.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the comment section's tables and the indexes its reads use."""
    op.create_table(
        "threads",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("site", sa.String(64), nullable=False),
        sa.Column("key", sa.String(512), nullable=False),
        sa.Column("title", sa.String(300), nullable=False, server_default=""),
        sa.Column("url", sa.String(2048), nullable=False, server_default=""),
        sa.Column("comment_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("root_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("version", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_comment_at", sa.DateTime, nullable=True),
        sa.UniqueConstraint("site", "key", name="uq_threads_site_key"),
    )
    op.create_index("ix_threads_site_last_comment", "threads", ["site", "last_comment_at"])
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "thread_id", sa.Integer, sa.ForeignKey("threads.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("site", sa.String(64), nullable=False),
        sa.Column(
            "parent_id", sa.Integer, sa.ForeignKey("comments.id", ondelete="CASCADE"), nullable=True
        ),
        sa.Column("depth", sa.SmallInteger, nullable=False, server_default="0"),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reader_id", sa.String(64), nullable=False),
        sa.Column("author_name", sa.String(80), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("html", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("created_hour", sa.Integer, nullable=False),
        sa.Column("edited_at", sa.DateTime, nullable=True),
        sa.Column("upvotes", sa.Integer, nullable=False, server_default="0"),
        sa.Column("downvotes", sa.Integer, nullable=False, server_default="0"),
        sa.Column("score", sa.Integer, nullable=False, server_default="0"),
        sa.Column("reply_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("author_ip_hash", sa.String(64), nullable=True),
        sa.Column("moderation_decision", sa.String(16), nullable=True),
        sa.Column("moderation_scores", sa.JSON, nullable=True),
        sa.Column("moderation_spans", sa.JSON, nullable=True),
    )
    op.create_index("ix_comments_listing_id", "comments", ["thread_id", "parent_id", "id"])
    op.create_index(
        "ix_comments_listing_score", "comments", ["thread_id", "parent_id", "score", "id"]
    )
    op.create_index("ix_comments_parent", "comments", ["parent_id", "id"])
    op.create_index("ix_comments_site_hour", "comments", ["site", "created_hour"])
    op.create_index("ix_comments_reader", "comments", ["thread_id", "reader_id"])
    op.create_table(
        "votes",
        sa.Column(
            "comment_id",
            sa.Integer,
            sa.ForeignKey("comments.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("reader_id", sa.String(64), primary_key=True),
        sa.Column("value", sa.SmallInteger, nullable=False),
    )


def downgrade() -> None:
    """Drop the tables (and with them every comment)."""
    op.drop_table("votes")
    op.drop_table("comments")
    op.drop_table("threads")
