"""Outliers and validation rules: the hits a pengelola data marked "sudah dicek: benar"
(issue 16).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""
from alembic import op  # noqa: F401

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

downgrade_loses_data = True  # it drops the marks


def upgrade() -> None:
    pass  # filled in by the outlier change (issue 16)


def downgrade() -> None:
    pass
