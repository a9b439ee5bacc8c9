"""Klaster 1 Puskesmas-level registers and sasaran (finance, quality indicators).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""
from alembic import op  # noqa: F401

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

downgrade_loses_data = True  # it drops the dataset's tables


def upgrade() -> None:
    pass  # filled in by the dataset's own change (issue 15)


def downgrade() -> None:
    pass
