"""Klaster 1 Puskesmas-level registers and sasaran (finance, quality indicators; the obat and
kegiatan datasets write their derived registers there too).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

downgrade_loses_data = True  # it drops the dataset's tables


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("layanan_puskesmas"):
        return
    op.create_table(
        "layanan_puskesmas",
        sa.Column("kode_puskesmas", sa.String(20), sa.ForeignKey("puskesmas.kode"), primary_key=True),
        sa.Column("tahun", sa.Integer, primary_key=True),
        sa.Column("bulan", sa.Integer, primary_key=True),
        sa.Column("indikator", sa.String(40), primary_key=True),
        sa.Column("nilai", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "sasaran_puskesmas",
        sa.Column("kode_puskesmas", sa.String(20), sa.ForeignKey("puskesmas.kode"), primary_key=True),
        sa.Column("tahun", sa.Integer, primary_key=True),
        sa.Column("sasaran", sa.String(40), primary_key=True),
        sa.Column("jumlah", sa.Float, nullable=False),
    )
    op.create_table(
        "keuangan",
        sa.Column("kode_puskesmas", sa.String(20), sa.ForeignKey("puskesmas.kode"), primary_key=True),
        sa.Column("tahun", sa.Integer, primary_key=True),
        sa.Column("bulan", sa.Integer, primary_key=True),
        sa.Column("sumber_dana", sa.String(20), primary_key=True),
        sa.Column("pagu", sa.BigInteger, nullable=False),
        sa.Column("realisasi", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "mutu",
        sa.Column("kode_puskesmas", sa.String(20), sa.ForeignKey("puskesmas.kode"), primary_key=True),
        sa.Column("tahun", sa.Integer, primary_key=True),
        sa.Column("bulan", sa.Integer, primary_key=True),
        sa.Column("indikator", sa.String(40), primary_key=True),
        sa.Column("pembilang", sa.Integer, nullable=False),
        sa.Column("penyebut", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("mutu")
    op.drop_table("keuangan")
    op.drop_table("sasaran_puskesmas")
    op.drop_table("layanan_puskesmas")
