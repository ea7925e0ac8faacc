"""Index votes by reader, so a reader's votes in a thread are found without scanning.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ix_votes_reader (reader_id, comment_id)."""
    op.create_index("ix_votes_reader", "votes", ["reader_id", "comment_id"])


def downgrade() -> None:
    """Drop ix_votes_reader."""
    op.drop_index("ix_votes_reader", table_name="votes")
