"""Completeness and timeliness of reports: when each (desa, register, month) first arrived and
last changed, and the per-area counts (issue 16). The layanan rows already stored get an
arrival record with unknown times (NULL); the counts are built on the next start
(data_access.kelengkapan.ensure_current: no cut-off day recorded yet).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

downgrade_loses_data = True  # it drops the arrival records


def upgrade() -> None:
    bind = op.get_bind()
    if sa.inspect(bind).has_table("laporan_masuk"):
        return
    masuk = op.create_table(
        "laporan_masuk",
        sa.Column("kode_desa", sa.String(13), sa.ForeignKey("desa.kode"), primary_key=True),
        sa.Column("tahun", sa.Integer, primary_key=True),
        sa.Column("bulan", sa.Integer, primary_key=True),
        sa.Column("indikator", sa.String(30), primary_key=True),
        sa.Column("pertama_masuk", sa.DateTime),
        sa.Column("terakhir_berubah", sa.DateTime),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_laporan_masuk_register", "laporan_masuk",
                    ["indikator", "tahun", "kode_desa", "bulan", "pertama_masuk"])
    op.create_table(
        "kelengkapan_wilayah",
        sa.Column("tingkat", sa.String(12), primary_key=True),
        sa.Column("kode", sa.String(20), primary_key=True),
        sa.Column("indikator", sa.String(30), primary_key=True),
        sa.Column("tahun", sa.Integer, primary_key=True),
        sa.Column("bulan", sa.Integer, primary_key=True),
        *[sa.Column(c, sa.Integer, nullable=False)
          for c in ("desa", "diharapkan", "dilaporkan", "tepat", "tanpa_waktu", "desa_lapor")],
        sqlite_with_rowid=False,
    )
    layanan = sa.table("layanan", sa.column("kode_desa"), sa.column("tahun"), sa.column("bulan"),
                       sa.column("indikator"))
    bind.execute(masuk.insert().from_select(
        ["kode_desa", "tahun", "bulan", "indikator"],
        sa.select(layanan.c.kode_desa, layanan.c.tahun, layanan.c.bulan, layanan.c.indikator)))


def downgrade() -> None:
    op.drop_table("kelengkapan_wilayah")
    op.drop_table("laporan_masuk")
