"""Klaster 1 equipment and infrastructure (sarpras) and the annual plan's activities (kegiatan).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

downgrade_loses_data = True  # it drops the dataset's tables


def _pkm():
    return sa.Column("kode_puskesmas", sa.String(20), sa.ForeignKey("puskesmas.kode"), primary_key=True)


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("sarpras"):
        return
    op.create_table(
        "sarpras", _pkm(),
        sa.Column("tahun", sa.Integer, primary_key=True),
        sa.Column("lokasi", sa.String(100), primary_key=True, server_default=""),
        sa.Column("kode_item", sa.String(40), primary_key=True),
        sa.Column("kondisi", sa.String(12), primary_key=True),
        sa.Column("nama_item", sa.String(200), nullable=False),
        sa.Column("jumlah", sa.Integer, nullable=False),
        sa.Column("kategori", sa.String(20), nullable=False, server_default=""),
    )
    op.create_table(
        "sarpras_ringkas", _pkm(),
        sa.Column("tahun", sa.Integer, primary_key=True),
        sa.Column("standar", sa.Integer, nullable=False),
        sa.Column("ada", sa.Integer, nullable=False),
        sa.Column("berfungsi", sa.Integer, nullable=False),
        sa.Column("unit_rusak_berat", sa.Integer, nullable=False),
        sa.Column("unit_rusak_ringan", sa.Integer, nullable=False),
        sa.Column("non_standar", sa.Integer, nullable=False),
    )
    op.create_index("ix_sarpras_ringkas_tahun", "sarpras_ringkas", ["tahun"])
    op.create_table(
        "kegiatan", _pkm(),
        sa.Column("tahun", sa.Integer, primary_key=True),
        sa.Column("id_kegiatan", sa.String(40), primary_key=True),
        sa.Column("nama_kegiatan", sa.String(200), nullable=False),
        sa.Column("klaster", sa.Integer, nullable=False),
        sa.Column("bulan_rencana", sa.Integer, nullable=False),
        sa.Column("terlaksana", sa.String(1), nullable=False),
        sa.Column("anggaran", sa.Float),
        sa.Column("bulan_terlaksana", sa.Integer),
        sa.Column("sumber_dana", sa.String(40), nullable=False, server_default=""),
    )
    op.create_table(
        "kegiatan_ringkas", _pkm(),
        sa.Column("tahun", sa.Integer, primary_key=True),
        sa.Column("bulan", sa.Integer, primary_key=True),
        sa.Column("klaster", sa.Integer, primary_key=True),
        sa.Column("rencana", sa.Integer, nullable=False),
        sa.Column("terlaksana", sa.Integer, nullable=False),
        sa.Column("anggaran_rencana", sa.Float, nullable=False),
        sa.Column("anggaran_terlaksana", sa.Float, nullable=False),
        sa.Column("selesai_bulan_ini", sa.Integer, nullable=False),
    )
    op.create_index("ix_kegiatan_ringkas_tahun", "kegiatan_ringkas",
                    ["tahun", "bulan", "klaster", "kode_puskesmas", "rencana", "terlaksana", "anggaran_rencana",
                     "anggaran_terlaksana"])


def downgrade() -> None:
    op.drop_index("ix_kegiatan_ringkas_tahun", "kegiatan_ringkas")
    op.drop_table("kegiatan_ringkas")
    op.drop_table("kegiatan")
    op.drop_index("ix_sarpras_ringkas_tahun", "sarpras_ringkas")
    op.drop_table("sarpras_ringkas")
    op.drop_table("sarpras")
