"""Klaster 1 medicine stock, the monthly LPLPO (obat).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""
from alembic import op  # noqa: F401

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

downgrade_loses_data = True  # it drops the dataset's tables


def upgrade() -> None:
    pass  # filled in by the dataset's own change (issue 15)


def downgrade() -> None:
    pass
