"""Klaster 1 sums per kabupaten/kota (sdm, obat, sarpras, kegiatan), filled from the
per-Puskesmas summaries already stored: a province's view compares its kabupaten.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

downgrade_loses_data = True  # it drops tables (derived sums, but refused like every dropped table)

MINIMAL = ("dokter", "dokter_gigi", "perawat", "bidan", "kesmas", "kesling", "gizi", "kefarmasian", "atlm")
OBAT = ("item", "kosong", "kosong_indikator", "indikator", "indikator_tersedia", "kritis", "kedaluwarsa",
        "tidak_seimbang")
SARPRAS = ("standar", "ada", "berfungsi", "unit_rusak_berat", "unit_rusak_ringan", "non_standar")
KEGIATAN = ("rencana", "terlaksana", "anggaran_rencana", "anggaran_terlaksana", "selesai_bulan_ini")


def _kab():
    return sa.Column("kode_kabupaten", sa.String(5), sa.ForeignKey("kabupaten.kode"), primary_key=True)


def _int(name):
    return sa.Column(name, sa.Integer, nullable=False)


def _count(condition):
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def _fill(bind, target: str, source: str, keys: tuple, sums: dict) -> None:
    """INSERT INTO target SELECT kode_kabupaten, keys, sums FROM source JOIN puskesmas GROUP BY."""
    pkm = sa.table("puskesmas", sa.column("kode"), sa.column("kode_kabupaten"))
    src = sa.table(source, sa.column("kode_puskesmas"), *[sa.column(k) for k in keys],
                   *[sa.column(c) for c in {c for e in sums.values() for c in e[1]}])
    dst = sa.table(target, sa.column("kode_kabupaten"), *[sa.column(k) for k in keys],
                   *[sa.column(c) for c in sums])
    exprs = [make(*[src.c[c] for c in used]) for make, used in sums.values()]
    chosen = (sa.select(pkm.c.kode_kabupaten, *[src.c[k] for k in keys], *exprs)
              .select_from(src.join(pkm, pkm.c.kode == src.c.kode_puskesmas))
              .group_by(pkm.c.kode_kabupaten, *[src.c[k] for k in keys]))
    bind.execute(dst.insert().from_select(["kode_kabupaten", *keys, *sums], chosen))


def _sum(column):
    return (lambda c: sa.func.sum(c), (column,))


def upgrade() -> None:
    bind = op.get_bind()
    if sa.inspect(bind).has_table("sdm_ringkasan_kabupaten"):
        return
    op.create_table("sdm_ringkasan_kabupaten", _kab(), _int("puskesmas_melapor"), _int("tenaga_aktif"),
                    _int("lengkap"), *[_int(f"kurang_{c}") for c in MINIMAL])
    op.create_table("obat_ringkas_kabupaten", _kab(), sa.Column("tahun", sa.Integer, primary_key=True),
                    sa.Column("bulan", sa.Integer, primary_key=True), _int("puskesmas_melapor"), _int("dinilai"),
                    _int("memenuhi"), _int("puskesmas_kosong_indikator"), *[_int(c) for c in OBAT])
    op.create_table("sarpras_ringkas_kabupaten", _kab(), sa.Column("tahun", sa.Integer, primary_key=True),
                    _int("puskesmas_melapor"), *[_int(c) for c in SARPRAS], _int("puskesmas_rusak_berat"))
    op.create_table("kegiatan_ringkas_kabupaten", _kab(), sa.Column("tahun", sa.Integer, primary_key=True),
                    sa.Column("bulan", sa.Integer, primary_key=True),
                    sa.Column("klaster", sa.Integer, primary_key=True), _int("puskesmas_melapor"),
                    _int("rencana"), _int("terlaksana"),
                    sa.Column("anggaran_rencana", sa.Float, nullable=False),
                    sa.Column("anggaran_terlaksana", sa.Float, nullable=False), _int("selesai_bulan_ini"))
    count_all = (lambda: sa.func.count(), ())
    minimal = tuple(f"tenaga_{c}" for c in MINIMAL)
    _fill(bind, "sdm_ringkasan_kabupaten", "sdm_ringkasan", (), {
        "puskesmas_melapor": count_all, "tenaga_aktif": _sum("tenaga_aktif"),
        "lengkap": (lambda *cs: _count(sa.and_(*[c > 0 for c in cs])), minimal),
        **{f"kurang_{c}": (lambda col: _count(col == 0), (f"tenaga_{c}",)) for c in MINIMAL}})
    _fill(bind, "obat_ringkas_kabupaten", "obat_ringkas", ("tahun", "bulan"), {
        "puskesmas_melapor": count_all,
        "dinilai": (lambda i: _count(i > 0), ("indikator",)),
        "memenuhi": (lambda i, t: _count(sa.and_(i > 0, t * 100 >= 80 * i)), ("indikator", "indikator_tersedia")),
        "puskesmas_kosong_indikator": (lambda k: _count(k > 0), ("kosong_indikator",)),
        **{c: _sum(c) for c in OBAT}})
    _fill(bind, "sarpras_ringkas_kabupaten", "sarpras_ringkas", ("tahun",), {
        "puskesmas_melapor": count_all, **{c: _sum(c) for c in SARPRAS},
        "puskesmas_rusak_berat": (lambda u: _count(u > 0), ("unit_rusak_berat",))})
    _fill(bind, "kegiatan_ringkas_kabupaten", "kegiatan_ringkas", ("tahun", "bulan", "klaster"), {
        "puskesmas_melapor": count_all, **{c: _sum(c) for c in KEGIATAN}})


def downgrade() -> None:
    for name in ("kegiatan_ringkas_kabupaten", "sarpras_ringkas_kabupaten", "obat_ringkas_kabupaten",
                 "sdm_ringkasan_kabupaten"):
        op.drop_table(name)
