"""Klaster 1 staff (sdm).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""
from alembic import op  # noqa: F401

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

downgrade_loses_data = True  # it drops the dataset's tables


def upgrade() -> None:
    pass  # filled in by the dataset's own change (issue 15)


def downgrade() -> None:
    pass
