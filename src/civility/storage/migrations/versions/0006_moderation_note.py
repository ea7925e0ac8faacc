"""Why the site's model changed the engine's decision, kept with the comment for its moderators.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add comments.moderation_note (JSON, null unless the site's model changed the decision)."""
    op.add_column("comments", sa.Column("moderation_note", sa.JSON, nullable=True))


def downgrade() -> None:
    """Drop comments.moderation_note."""
    with op.batch_alter_table("comments") as batch:
        batch.drop_column("moderation_note")
