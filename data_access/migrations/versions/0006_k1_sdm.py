"""Klaster 1 staff (sdm): one row per staff member per Puskesmas, no names or NIK.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

downgrade_loses_data = True  # it drops the dataset's tables

# the codes of indicators/k1_sdm.py as they were at this revision (a revision never imports the app)
JENIS = ("dokter", "dokter_gigi", "perawat", "bidan", "kesmas", "kesling", "gizi", "kefarmasian", "atlm",
         "dokter_spesialis", "rekam_medis", "administrasi", "lainnya")
STATUS = ("pns", "pppk", "kontrak", "honorer", "lainnya")


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("sdm"):
        return
    op.create_table(
        "sdm",
        sa.Column("kode_puskesmas", sa.String(20), sa.ForeignKey("puskesmas.kode"), primary_key=True),
        sa.Column("id_pegawai", sa.String(40), primary_key=True),
        sa.Column("jenis_tenaga", sa.String(20), nullable=False),
        sa.Column("status_kepegawaian", sa.String(10), nullable=False),
        sa.Column("pendidikan", sa.String(10), nullable=False),
        sa.Column("tanggal_mulai", sa.Date, nullable=False),
        sa.Column("klaster", sa.Integer),
        sa.Column("aktif", sa.String(1), nullable=False, server_default="Y"),
        sa.Column("keahlian", sa.String(200), nullable=False, server_default=""),
    )
    op.create_index("ix_sdm_hitung", "sdm", ["kode_puskesmas", "aktif", "jenis_tenaga", "status_kepegawaian",
                                              "tanggal_mulai"])
    op.create_index("ix_sdm_mulai", "sdm", ["tanggal_mulai", "aktif", "kode_puskesmas", "jenis_tenaga",
                                             "status_kepegawaian"])
    op.create_table(
        "sdm_ringkasan",
        sa.Column("kode_puskesmas", sa.String(20), sa.ForeignKey("puskesmas.kode"), primary_key=True),
        sa.Column("pegawai", sa.Integer, nullable=False),
        sa.Column("tenaga_aktif", sa.Integer, nullable=False),
        *[sa.Column(f"tenaga_{c}", sa.Integer, nullable=False) for c in JENIS],
        *[sa.Column(f"status_{c}", sa.Integer, nullable=False) for c in STATUS],
    )


def downgrade() -> None:
    op.drop_table("sdm_ringkasan")
    op.drop_index("ix_sdm_mulai", "sdm")
    op.drop_index("ix_sdm_hitung", "sdm")
    op.drop_table("sdm")
