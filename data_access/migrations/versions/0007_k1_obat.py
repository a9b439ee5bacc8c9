"""Klaster 1 medicine stock, the monthly LPLPO (obat): the rows as reported, each item's latest
name per Puskesmas, and the per-Puskesmas monthly summary the pages above a Puskesmas read.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

downgrade_loses_data = True  # it drops the dataset's tables

_COUNTS = ("item", "kosong", "kosong_indikator", "indikator", "indikator_tersedia", "kritis", "kedaluwarsa",
           "tidak_seimbang")


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("obat"):
        return
    op.create_table(
        "obat",
        sa.Column("kode_puskesmas", sa.String(20), sa.ForeignKey("puskesmas.kode"), primary_key=True),
        sa.Column("tahun", sa.Integer, primary_key=True),
        sa.Column("bulan", sa.Integer, primary_key=True),
        sa.Column("kode_obat", sa.String(30), primary_key=True),
        sa.Column("stok_awal", sa.Float, nullable=False),
        sa.Column("penerimaan", sa.Float, nullable=False),
        sa.Column("pemakaian", sa.Float, nullable=False),
        sa.Column("sisa_stok", sa.Float, nullable=False),
        sa.Column("permintaan", sa.Float),
        sa.Column("kedaluwarsa_terdekat", sa.Date),
        sa.Column("obat_indikator", sa.String(1)),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "obat_nama",
        sa.Column("kode_puskesmas", sa.String(20), sa.ForeignKey("puskesmas.kode"), primary_key=True),
        sa.Column("kode_obat", sa.String(30), primary_key=True),
        sa.Column("nama_obat", sa.String(200), nullable=False),
        sa.Column("satuan", sa.String(30), nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "obat_ringkas",
        sa.Column("tahun", sa.Integer, primary_key=True),
        sa.Column("bulan", sa.Integer, primary_key=True),
        sa.Column("kode_puskesmas", sa.String(20), sa.ForeignKey("puskesmas.kode"), primary_key=True),
        *[sa.Column(c, sa.Integer, nullable=False) for c in _COUNTS],
        sqlite_with_rowid=False,
    )
    op.create_index("ix_obat_ringkas_puskesmas", "obat_ringkas", ["kode_puskesmas", "tahun", "bulan"])


def downgrade() -> None:
    op.drop_index("ix_obat_ringkas_puskesmas", "obat_ringkas")
    op.drop_table("obat_ringkas")
    op.drop_table("obat_nama")
    op.drop_table("obat")
