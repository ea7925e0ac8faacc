"""Per-site models learned from moderators' decisions.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create site_models: per site, the fitted model (JSON, null while it does not help) and its report."""
    op.create_table(
        "site_models",
        sa.Column("site", sa.String(64), primary_key=True),
        sa.Column("model", sa.JSON, nullable=True),
        sa.Column("decisions", sa.Integer, nullable=False),
        sa.Column("last_label_id", sa.Integer, nullable=False),
        sa.Column("report", sa.JSON, nullable=True),
        sa.Column("trained_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    """Drop site_models."""
    op.drop_table("site_models")
