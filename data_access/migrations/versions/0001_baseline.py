"""Baseline: the schema as it was before Alembic (data_access/schema.py at commit c4a92fc).

Revision ID: 0001
Revises:
Create Date: 2026-12-02

Creates what a database lacks of that schema: every table and index for an empty one; for
a database of an earlier version (made before Alembic, so at no revision), the tables and
indexes added since it was made, as the start-up of those versions did. The tables are a
frozen copy: later changes belong in later revisions, never here.
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Undoing the baseline drops every table.
downgrade_loses_data = True

IKS_CODES = ("kb", "persalinan_faskes", "imunisasi_dasar", "asi_eksklusif",
             "pemantauan_pertumbuhan", "tb_berobat", "hipertensi_berobat",
             "gangguan_jiwa_berobat", "tidak_merokok", "jkn", "air_bersih", "jamban_sehat")
SUMMARY_COUNTS = ("keluarga_dikunjungi", "keluarga_iks", "sehat", "pra_sehat", "tidak_sehat",
                  "semua_n", *[f"y_{c}" for c in IKS_CODES], *[f"t_{c}" for c in IKS_CODES])
MONTHS = range(1, 13)


def baseline() -> sa.MetaData:
    m = sa.MetaData()
    Table("provinsi", m, Column("kode", String(2), primary_key=True),
          Column("nama", String(120), nullable=False))
    Table("kabupaten", m, Column("kode", String(5), primary_key=True),
          Column("nama", String(120), nullable=False),
          Column("kode_provinsi", String(2), ForeignKey("provinsi.kode"), nullable=False))
    Table("kecamatan", m, Column("kode", String(8), primary_key=True),
          Column("nama", String(120), nullable=False),
          Column("kode_kabupaten", String(5), ForeignKey("kabupaten.kode"), nullable=False))
    Table("puskesmas", m, Column("kode", String(20), primary_key=True),
          Column("nama", String(120), nullable=False),
          Column("kode_kabupaten", String(5), ForeignKey("kabupaten.kode"), nullable=False))
    Table("desa", m, Column("kode", String(13), primary_key=True),
          Column("nama", String(120), nullable=False),
          Column("kode_kecamatan", String(8), ForeignKey("kecamatan.kode"), nullable=False),
          Column("kode_puskesmas", String(20), ForeignKey("puskesmas.kode"), nullable=False),
          Column("kode_kabupaten", String(5), ForeignKey("kabupaten.kode"), nullable=False),
          Column("kode_provinsi", String(2), ForeignKey("provinsi.kode"), nullable=False),
          Column("jumlah_penduduk", Integer),
          Column("jumlah_keluarga", Integer),
          Index("ix_desa_puskesmas_ringkas", "kode_puskesmas", "kode", "jumlah_keluarga"),
          Index("ix_desa_kabupaten_ringkas", "kode_kabupaten", "kode_puskesmas",
                "jumlah_keluarga"),
          Index("ix_desa_provinsi_ringkas", "kode_provinsi", "kode_kabupaten",
                "jumlah_keluarga"))
    Table("batas_desa", m,
          Column("kode_desa", String(13), ForeignKey("desa.kode"), primary_key=True),
          Column("geojson", Text, nullable=False))
    Table("peta", m, Column("tingkat", String(12), primary_key=True),
          Column("kode", String(20), primary_key=True),
          Column("geojson", Text, nullable=False))
    Table("kunjungan_keluarga", m, Column("id_keluarga", String(40), primary_key=True),
          Column("tanggal_kunjungan", Date, primary_key=True),
          Column("kode_desa", String(13), ForeignKey("desa.kode"), nullable=False),
          *[Column(code, String(1), nullable=False) for code in IKS_CODES],
          Index("ix_kunjungan_desa", "kode_desa"))
    Table("iks_ringkasan", m,
          Column("kode_desa", String(13), ForeignKey("desa.kode"), primary_key=True),
          Column("tahun", Integer, primary_key=True),
          Column("awal", Boolean, primary_key=True),
          *[Column(name, Integer, nullable=False) for name in SUMMARY_COUNTS],
          Index("ix_iks_ringkasan_tahun", "tahun", "awal"))
    Table("iks_ringkasan_wilayah", m, Column("tingkat", String(12), primary_key=True),
          Column("kode", String(20), primary_key=True),
          Column("tahun", Integer, primary_key=True),
          Column("awal", Boolean, primary_key=True),
          *[Column(name, Integer, nullable=False) for name in SUMMARY_COUNTS],
          Index("ix_iks_ringkasan_wilayah_tahun", "tingkat", "tahun", "awal"))
    Table("info", m, Column("kunci", String(40), primary_key=True),
          Column("nilai", Text, nullable=False),
          Column("diubah", DateTime))
    Table("pekerjaan_impor", m, Column("id", String(32), primary_key=True),
          Column("dataset", String(20), nullable=False),
          Column("nama_berkas", String(255), nullable=False),
          Column("status", String(12), nullable=False),
          Column("selesai", Integer, nullable=False),
          Column("total", Integer),
          Column("pesan", Text),
          Column("dibuat", DateTime, nullable=False),
          Column("diubah", DateTime, nullable=False))
    Table("layanan", m,
          Column("kode_desa", String(13), ForeignKey("desa.kode"), primary_key=True),
          Column("tahun", Integer, primary_key=True),
          Column("bulan", Integer, primary_key=True),
          Column("indikator", String(30), primary_key=True),
          Column("nilai", Integer, nullable=False))
    Table("sasaran", m,
          Column("kode_desa", String(13), ForeignKey("desa.kode"), primary_key=True),
          Column("tahun", Integer, primary_key=True),
          Column("sasaran", String(30), primary_key=True),
          Column("jumlah", Float, nullable=False))
    Table("target", m, Column("indikator", String(30), primary_key=True),
          Column("tahun", Integer, primary_key=True),
          Column("kode_wilayah", String(20), primary_key=True, server_default=""),
          Column("target_persen", Float, nullable=False))
    Table("layanan_bulanan", m, Column("tingkat", String(12), primary_key=True),
          Column("kode", String(20), primary_key=True),
          Column("tahun", Integer, primary_key=True),
          Column("indikator", String(30), primary_key=True),
          *[Column(f"n{mm:02d}", BigInteger) for mm in MONTHS],
          *[Column(f"l{mm:02d}", Integer, nullable=False) for mm in MONTHS],
          sqlite_with_rowid=False)
    Table("sasaran_wilayah", m, Column("tingkat", String(12), primary_key=True),
          Column("tahun", Integer, primary_key=True),
          Column("sasaran", String(30), primary_key=True),
          Column("kode", String(20), primary_key=True),
          Column("jumlah", Float, nullable=False),
          Column("desa_ada", Integer, nullable=False))
    Table("impor_log", m, Column("id", Integer, primary_key=True, autoincrement=True),
          Column("waktu", DateTime, nullable=False),
          Column("dataset", String(20), nullable=False),
          Column("nama_berkas", String(255), nullable=False),
          Column("checksum", String(64)),
          Column("baris", Integer, nullable=False),
          Column("ditambah", Integer, nullable=False),
          Column("diubah", Integer, nullable=False),
          Column("tetap", Integer, nullable=False),
          Column("hasil", String(10), nullable=False),
          Column("pesan", Text, nullable=False),
          Index("ix_impor_log_waktu", "waktu"))
    return m


def upgrade() -> None:
    bind = op.get_bind()
    metadata = baseline()
    metadata.create_all(bind)  # the missing tables, with their indexes (checkfirst)
    for table in metadata.sorted_tables:  # indexes added after a table was made
        for index in table.indexes:
            index.create(bind, checkfirst=True)


def downgrade() -> None:
    baseline().drop_all(op.get_bind())
