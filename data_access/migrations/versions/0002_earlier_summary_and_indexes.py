"""What databases of versions before the baseline left behind: the long register summary
(layanan_wilayah, one row per month) replaced by layanan_bulanan, and indexes that misled
the planner or that covering indexes replaced.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02

Until Alembic this ran at every start (data_access.db.get_engine). The registers are summed
here with the tables as they are at this revision (not through data_access.store, whose
tables will change after it).
"""
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Nothing to undo: a database at 0001 has neither the old summary nor the old indexes (the
# baseline never made them), so the downgrade only moves the revision back.
downgrade_loses_data = False

OLD_SUMMARY = "layanan_wilayah"
OLD_INDEXES = ("ix_layanan_tahun", "ix_sasaran_tahun", "ix_layanan_wilayah_kode",
               "ix_layanan_wilayah_area", "ix_layanan_wilayah_baca",
               # replaced by the covering ix_desa_*_ringkas (their leading column is the same)
               "ix_desa_puskesmas", "ix_desa_kabupaten", "ix_desa_provinsi")
MONTHS = range(1, 13)
SUMS = tuple(f"n{m:02d}" for m in MONTHS)
REPORTED = tuple(f"l{m:02d}" for m in MONTHS)

layanan = sa.table("layanan", sa.column("kode_desa"), sa.column("tahun"), sa.column("bulan"),
                   sa.column("indikator"), sa.column("nilai"))
desa = sa.table("desa", sa.column("kode"), sa.column("kode_puskesmas"),
                sa.column("kode_kabupaten"), sa.column("kode_provinsi"))
layanan_bulanan = sa.table("layanan_bulanan", sa.column("tingkat"), sa.column("kode"),
                           sa.column("tahun"), sa.column("indikator"),
                           *[sa.column(name) for name in SUMS + REPORTED])
info = sa.table("info", sa.column("kunci"), sa.column("nilai"), sa.column("diubah", sa.DateTime))
LEVELS = {"puskesmas": desa.c.kode_puskesmas, "kabupaten": desa.c.kode_kabupaten,
          "provinsi": desa.c.kode_provinsi}


def upgrade() -> None:
    bind = op.get_bind()
    for name in OLD_INDEXES:
        op.drop_index(name, if_exists=True)
    if not sa.inspect(bind).has_table(OLD_SUMMARY):
        return
    op.drop_table(OLD_SUMMARY)
    has_registers = bind.execute(sa.select(layanan.c.tahun).limit(1)).first() is not None
    summed = bind.execute(sa.select(layanan_bulanan.c.tahun).limit(1)).first() is not None
    if has_registers and not summed:
        sum_registers(bind)


def sum_registers(bind) -> None:
    """layanan_bulanan from the desa registers: per Puskesmas, kabupaten and provinsi, one
    row per area, register and year with its twelve months (sum, desa that reported)."""
    for tingkat, key in LEVELS.items():
        summed = sa.select(
            sa.literal(tingkat, sa.String), key, layanan.c.tahun, layanan.c.indikator,
            *[sa.func.sum(sa.case((layanan.c.bulan == m, layanan.c.nilai))) for m in MONTHS],
            *[sa.func.count(sa.case((layanan.c.bulan == m, 1))) for m in MONTHS],
        ).select_from(layanan.join(desa, desa.c.kode == layanan.c.kode_desa)).group_by(
            key, layanan.c.tahun, layanan.c.indikator)
        bind.execute(layanan_bulanan.insert().from_select(
            ["tingkat", "kode", "tahun", "indikator", *SUMS, *REPORTED], summed))
    # the data changed: cached query results keyed on the old data version stop matching
    bind.execute(info.delete().where(info.c.kunci == "versi_data"))
    bind.execute(info.insert().values(kunci="versi_data", nilai=uuid.uuid4().hex,
                                      diubah=datetime.now(UTC).replace(tzinfo=None)))


def downgrade() -> None:
    pass
