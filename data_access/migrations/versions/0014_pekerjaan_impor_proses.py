"""Import jobs run in a process of their own: what that process needs (the stored upload, the
user, the address), the per-dataset-and-wilayah key that lets one run at a time, and the
process id, host and heartbeat that show whether it is still alive.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# it drops columns: a running import's user, file and process would be lost with them
downgrade_loses_data = True

COLUMNS = ("berkas", "pengguna", "alamat", "kunci", "pid", "host", "detak")


def upgrade() -> None:
    # jobs left "berjalan" by the old thread runner have no process to look at: they died
    # with their web process, so they end here with the reason
    op.execute(sa.text("UPDATE pekerjaan_impor SET status = 'gagal', pesan = :pesan "
                       "WHERE status = 'berjalan'").bindparams(
        pesan="Impor gagal: proses server berhenti sebelum impor selesai; tidak ada data yang diubah."))
    # a database made before Alembic runs every revision over a schema that may have them all
    have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("pekerjaan_impor")}
    if set(COLUMNS) <= have:
        return
    with op.batch_alter_table("pekerjaan_impor") as batch:
        batch.add_column(sa.Column("berkas", sa.String(500)))
        batch.add_column(sa.Column("pengguna", sa.String(64)))
        batch.add_column(sa.Column("alamat", sa.String(64)))
        batch.add_column(sa.Column("kunci", sa.String(80)))
        batch.add_column(sa.Column("pid", sa.Integer))
        batch.add_column(sa.Column("host", sa.String(255)))
        batch.add_column(sa.Column("detak", sa.DateTime))
        batch.create_unique_constraint("pekerjaan_impor_kunci_key", ["kunci"])


def downgrade() -> None:
    with op.batch_alter_table("pekerjaan_impor") as batch:
        batch.drop_constraint("pekerjaan_impor_kunci_key", type_="unique")
        for name in reversed(COLUMNS):
            batch.drop_column(name)
