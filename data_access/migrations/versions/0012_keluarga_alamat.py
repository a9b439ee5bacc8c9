"""The keluarga dataset's optional columns for the home-visit lists: nama kepala keluarga,
alamat, RT, RW (issue 16).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""
from alembic import op  # noqa: F401

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

downgrade_loses_data = True  # it drops the optional columns


def upgrade() -> None:
    pass  # filled in by the home-visit list change (issue 16)


def downgrade() -> None:
    pass
