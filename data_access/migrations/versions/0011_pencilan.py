"""Outliers and validation rules: the hits a pengelola data marked "sudah dicek: benar"
(issue 16).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

downgrade_loses_data = True  # it drops the marks


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("pencilan"):
        return
    op.create_table(
        "pencilan",
        sa.Column("kode_desa", sa.String(13), sa.ForeignKey("desa.kode"), primary_key=True),
        sa.Column("tahun", sa.Integer, primary_key=True),
        sa.Column("bulan", sa.Integer, primary_key=True),
        sa.Column("aturan", sa.String(20), primary_key=True),
        sa.Column("kode", sa.String(40), primary_key=True),
        sa.Column("nilai", sa.Float, nullable=False),
        sa.Column("batas_bawah", sa.Float),
        sa.Column("batas_atas", sa.Float),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "pencilan_tanda",
        sa.Column("tingkat", sa.String(12), primary_key=True),
        sa.Column("kode_wilayah", sa.String(20), primary_key=True),
        sa.Column("tahun", sa.Integer, primary_key=True),
        sa.Column("bulan", sa.Integer, primary_key=True),
        sa.Column("aturan", sa.String(20), primary_key=True),
        sa.Column("kode", sa.String(40), primary_key=True),
        sa.Column("nilai", sa.Float, nullable=False),
        sa.Column("catatan", sa.Text, nullable=False, server_default=""),
        sa.Column("oleh", sa.String(64), nullable=False),
        sa.Column("waktu", sa.DateTime, nullable=False),
    )
    # the hits of the data already stored are judged by revision 0015, whose columns the code
    # that writes them needs (this revision called it until then)


def downgrade() -> None:
    op.drop_table("pencilan_tanda")
    op.drop_table("pencilan")
