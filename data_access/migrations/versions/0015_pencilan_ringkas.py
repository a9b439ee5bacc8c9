"""Data janggal at province scale: each hit's keparahan stored (and indexed) with it, and the
hits counted per Puskesmas, kabupaten and provinsi, month and rule (pencilan_wilayah), both
kept with the hits in the import's transaction (issue 16).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

downgrade_loses_data = True  # it drops a table (derived counts, but refused like every dropped table)


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    if "keparahan" not in {c["name"] for c in inspector.get_columns("pencilan")}:
        op.add_column("pencilan", sa.Column("keparahan", sa.Float, nullable=False, server_default="0"))
        op.create_index("ix_pencilan_keparahan", "pencilan", ["keparahan"])
    if not inspector.has_table("pencilan_wilayah"):
        op.create_table(
            "pencilan_wilayah",
            sa.Column("tingkat", sa.String(12), primary_key=True),
            sa.Column("kode", sa.String(20), primary_key=True),
            sa.Column("tahun", sa.Integer, primary_key=True),
            sa.Column("bulan", sa.Integer, primary_key=True),
            sa.Column("aturan", sa.String(20), primary_key=True),
            sa.Column("jumlah", sa.Integer, nullable=False),
            sqlite_with_rowid=False,
        )
    from data_access.pencilan import refresh_counts, refresh_pencilan

    pc = sa.table("pencilan", sa.column("nilai"), sa.column("batas_bawah"), sa.column("batas_atas"),
                  sa.column("keparahan"))
    lay = sa.table("layanan", sa.column("kode_desa"))
    if bind.execute(sa.select(pc.c.nilai).limit(1)).first() is None:
        if bind.execute(sa.select(lay.c.kode_desa).limit(1)).first() is not None:
            # the hits of the data already stored (revision 0011 only made the table: the code that
            # judges them writes this revision's column), in the upgrade's transaction
            refresh_pencilan(bind, None)
        return

    def at_least_one(column):
        return sa.case((column > 1, column), else_=1.0)

    # indicators.validasi.keparahan, the same arithmetic as the Python that writes new hits
    # (the expression the list sorted by until now): re-judging a province's hits took minutes
    bind.execute(pc.update().values(keparahan=sa.case(
        (sa.and_(pc.c.batas_atas.is_not(None), pc.c.nilai > pc.c.batas_atas),
         (pc.c.nilai - pc.c.batas_atas) / at_least_one(pc.c.batas_atas)),
        (sa.and_(pc.c.batas_bawah.is_not(None), pc.c.nilai < pc.c.batas_bawah),
         (pc.c.batas_bawah - pc.c.nilai) / at_least_one(pc.c.batas_bawah)), else_=0.0)))
    refresh_counts(bind)


def downgrade() -> None:
    op.drop_table("pencilan_wilayah")
    op.drop_index("ix_pencilan_keparahan", table_name="pencilan")
    with op.batch_alter_table("pencilan") as batch:
        batch.drop_column("keparahan")
