"""Completeness and timeliness of reports: when each (desa, register, month) first arrived and
last changed (issue 16).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""
from alembic import op  # noqa: F401

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

downgrade_loses_data = True  # it drops the arrival records


def upgrade() -> None:
    pass  # filled in by the completeness change (issue 16)


def downgrade() -> None:
    pass
