"""Klaster 1 equipment and infrastructure (sarpras) and the annual plan's activities (kegiatan).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""
from alembic import op  # noqa: F401

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

downgrade_loses_data = True  # it drops the dataset's tables


def upgrade() -> None:
    pass  # filled in by the dataset's own change (issue 15)


def downgrade() -> None:
    pass
