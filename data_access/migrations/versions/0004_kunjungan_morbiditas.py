"""Visits and morbidity: kunjungan_bulanan, morbiditas, their per-area summaries, diagnosis names
(and morbiditas_rincian: the breakdown by age and sex per kabupaten and provinsi; two covering
indexes of desa with its population, for the rates per 1.000).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# the downgrade drops the imported visits and morbidity
downgrade_loses_data = True


def _area_key() -> list:
    return [sa.Column("tingkat", sa.String(12), primary_key=True),
            sa.Column("kode", sa.String(20), primary_key=True),
            sa.Column("tahun", sa.Integer, primary_key=True),
            sa.Column("bulan", sa.Integer, primary_key=True)]


def upgrade() -> None:
    _morbiditas_rincian()
    if sa.inspect(op.get_bind()).has_table("kunjungan_bulanan"):
        return
    op.create_table(
        "kunjungan_bulanan",
        sa.Column("kode_puskesmas", sa.String(20), sa.ForeignKey("puskesmas.kode"), primary_key=True),
        sa.Column("tahun", sa.Integer, primary_key=True),
        sa.Column("bulan", sa.Integer, primary_key=True),
        sa.Column("tempat", sa.String(10), primary_key=True),
        sa.Column("nama_tempat", sa.String(100), primary_key=True, server_default=""),
        sa.Column("klaster", sa.Integer, primary_key=True),
        sa.Column("kelompok_umur", sa.String(8), primary_key=True),
        sa.Column("jenis_kelamin", sa.String(1), primary_key=True),
        sa.Column("disabilitas", sa.String(1), primary_key=True),
        sa.Column("kode_desa", sa.String(13), primary_key=True, server_default=""),
        sa.Column("jumlah", sa.Integer, nullable=False),
    )
    op.create_table(
        "kunjungan_wilayah",
        *_area_key(),
        sa.Column("tempat", sa.String(10), primary_key=True),
        sa.Column("klaster", sa.Integer, primary_key=True),
        sa.Column("kelompok_umur", sa.String(8), primary_key=True),
        sa.Column("jenis_kelamin", sa.String(1), primary_key=True),
        sa.Column("disabilitas", sa.String(1), primary_key=True),
        sa.Column("jumlah", sa.BigInteger, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "morbiditas",
        sa.Column("kode_desa", sa.String(13), sa.ForeignKey("desa.kode"), primary_key=True),
        sa.Column("tahun", sa.Integer, primary_key=True),
        sa.Column("bulan", sa.Integer, primary_key=True),
        sa.Column("kode_icd", sa.String(8), primary_key=True),
        sa.Column("kelompok_umur", sa.String(8), primary_key=True),
        sa.Column("jenis_kelamin", sa.String(1), primary_key=True),
        sa.Column("jumlah", sa.Integer, nullable=False),
    )
    op.create_table(
        "morbiditas_wilayah",
        *_area_key(),
        sa.Column("kode_icd", sa.String(8), primary_key=True),
        sa.Column("jumlah", sa.BigInteger, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_morbiditas_wilayah_icd", "morbiditas_wilayah", ["tingkat", "kode_icd", "tahun", "bulan"])
    op.create_table(
        "diagnosis",
        sa.Column("kode_icd", sa.String(8), primary_key=True),
        sa.Column("nama", sa.String(200), nullable=False),
    )


def _morbiditas_rincian() -> None:
    """morbiditas summed per kabupaten and provinsi by age group and sex, and desa's population
    indexes (added to this revision before it was released; made here also on a database that
    has the rest)."""
    if sa.inspect(op.get_bind()).has_table("morbiditas_rincian"):
        return
    op.create_index("ix_desa_kabupaten_penduduk", "desa", ["kode_kabupaten", "kode_puskesmas", "jumlah_penduduk"])
    op.create_index("ix_desa_provinsi_penduduk", "desa", ["kode_provinsi", "kode_kabupaten", "jumlah_penduduk"])
    op.create_table(
        "morbiditas_rincian",
        *_area_key(),
        sa.Column("kode_icd", sa.String(8), primary_key=True),
        sa.Column("kelompok_umur", sa.String(8), primary_key=True),
        sa.Column("jenis_kelamin", sa.String(1), primary_key=True),
        sa.Column("jumlah", sa.BigInteger, nullable=False),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("morbiditas_rincian")
    op.drop_index("ix_desa_provinsi_penduduk", "desa")
    op.drop_index("ix_desa_kabupaten_penduduk", "desa")
    op.drop_table("diagnosis")
    op.drop_index("ix_morbiditas_wilayah_icd", "morbiditas_wilayah")
    op.drop_table("morbiditas_wilayah")
    op.drop_table("morbiditas")
    op.drop_table("kunjungan_wilayah")
    op.drop_table("kunjungan_bulanan")
