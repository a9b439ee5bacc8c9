"""Lokakarya mini: the follow-up plan (rtl) and the presenter's slide order per Puskesmas
(lokmin_susunan).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# the downgrade drops the recorded follow-up plans
downgrade_loses_data = True


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("rtl"):
        return
    op.create_table(
        "rtl",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kode_puskesmas", sa.String(20), sa.ForeignKey("puskesmas.kode"), nullable=False),
        sa.Column("tahun", sa.Integer, nullable=False),
        sa.Column("bulan", sa.Integer, nullable=False),
        sa.Column("masalah", sa.Text, nullable=False),
        sa.Column("penyebab", sa.Text, nullable=False, server_default=""),
        sa.Column("tindakan", sa.Text, nullable=False),
        sa.Column("pj", sa.String(120), nullable=False),
        sa.Column("tenggat", sa.Date),
        sa.Column("indikator", sa.String(40)),
        sa.Column("kode_desa", sa.String(13)),
        sa.Column("status", sa.String(10), nullable=False, server_default="belum"),
        sa.Column("catatan", sa.Text, nullable=False, server_default=""),
        sa.Column("dibuat_oleh", sa.String(64), nullable=False),
        sa.Column("dibuat", sa.DateTime, nullable=False),
        sa.Column("diubah_oleh", sa.String(64), nullable=False),
        sa.Column("diubah", sa.DateTime, nullable=False),
    )
    op.create_index("ix_rtl_puskesmas", "rtl", ["kode_puskesmas", "tahun", "bulan"])
    op.create_table(
        "lokmin_susunan",
        sa.Column("kode_puskesmas", sa.String(20), sa.ForeignKey("puskesmas.kode"), primary_key=True),
        sa.Column("urutan", sa.Text, nullable=False, server_default="[]"),
        sa.Column("sembunyi", sa.Text, nullable=False, server_default="[]"),
        sa.Column("diubah_oleh", sa.String(64), nullable=False),
        sa.Column("diubah", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("lokmin_susunan")
    op.drop_index("ix_rtl_puskesmas", "rtl")
    op.drop_table("rtl")
