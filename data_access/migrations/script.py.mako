"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}
"""
import sqlalchemy as sa
from alembic import op
${imports if imports else ""}
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}

# `python cli.py db downgrade` refuses a revision whose downgrade would delete rows. Set it to
# False once downgrade() keeps every row (and a test shows it). Use only sa and op here, and
# lightweight sa.table() for data: the live schema and store modules change after this file.
downgrade_loses_data = True


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
