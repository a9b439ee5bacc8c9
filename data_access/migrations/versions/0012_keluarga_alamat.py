"""The keluarga dataset's optional columns for the home-visit lists: nama kepala keluarga,
alamat, RT, RW (issue 16).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

downgrade_loses_data = True  # it drops the families' names and addresses


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("keluarga_alamat"):
        return
    op.create_table(
        "keluarga_alamat",
        sa.Column("id_keluarga", sa.String(40), primary_key=True),
        sa.Column("tanggal_kunjungan", sa.Date, nullable=False),
        sa.Column("nama_kepala_keluarga", sa.String(100)),
        sa.Column("alamat", sa.String(200)),
        sa.Column("rt", sa.Integer),
        sa.Column("rw", sa.Integer),
    )


def downgrade() -> None:
    op.drop_table("keluarga_alamat")
