"""Users, their sessions and the audit log (login and tiered access); who made each import.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# the downgrade drops the users, their sessions and the audit log
downgrade_loses_data = True


def upgrade() -> None:
    # Only what is missing: a database made before Alembic by a version of this code that
    # already had these has no revision, and is upgraded from the baseline like any other.
    inspector = sa.inspect(op.get_bind())
    have = {c["name"] for c in inspector.get_columns("impor_log")}
    new_columns = [sa.Column("pengguna", sa.String(64)), sa.Column("tingkat_wilayah", sa.String(12)),
                   sa.Column("kode_wilayah", sa.String(20))]
    missing = [c for c in new_columns if c.name not in have]
    if missing:
        with op.batch_alter_table("impor_log") as batch:
            for column in missing:
                batch.add_column(column)
    if inspector.has_table("pengguna"):
        return
    op.create_table(
        "pengguna",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("nama", sa.String(64), nullable=False, unique=True),
        sa.Column("nama_lengkap", sa.String(120), nullable=False, server_default=""),
        sa.Column("sandi_hash", sa.String(255), nullable=False),
        sa.Column("peran", sa.String(12), nullable=False),
        sa.Column("tingkat_wilayah", sa.String(12), nullable=False),
        sa.Column("kode_wilayah", sa.String(20)),
        sa.Column("aktif", sa.Boolean, nullable=False),
        sa.Column("login_terakhir", sa.DateTime),
        sa.Column("dibuat", sa.DateTime, nullable=False),
        sa.Column("diubah", sa.DateTime, nullable=False),
    )
    op.create_table(
        "sesi",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("id_pengguna", sa.Integer, sa.ForeignKey("pengguna.id"), nullable=False),
        sa.Column("dibuat", sa.DateTime, nullable=False),
        sa.Column("kedaluwarsa", sa.DateTime, nullable=False),
        sa.Column("alamat", sa.String(64)),
    )
    op.create_index("ix_sesi_pengguna", "sesi", ["id_pengguna"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("waktu", sa.DateTime, nullable=False),
        sa.Column("pengguna", sa.String(64)),
        sa.Column("peristiwa", sa.String(30), nullable=False),
        sa.Column("rincian", sa.Text, nullable=False, server_default=""),
        sa.Column("alamat", sa.String(64)),
        sa.Column("tingkat_wilayah", sa.String(12)),
        sa.Column("kode_wilayah", sa.String(20)),
    )
    op.create_index("ix_audit_log_waktu", "audit_log", ["waktu"])
    op.create_index("ix_audit_log_peristiwa", "audit_log", ["peristiwa", "waktu"])


def downgrade() -> None:
    op.drop_table("audit_log")
    op.drop_table("sesi")
    op.drop_table("pengguna")
    with op.batch_alter_table("impor_log") as batch:
        batch.drop_column("kode_wilayah")
        batch.drop_column("tingkat_wilayah")
        batch.drop_column("pengguna")
