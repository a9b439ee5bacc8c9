"""The data janggal counts per area (pencilan_wilayah, revision 0015) and the keparahan stored
with each hit: written by the layanan import in its own transaction, rewritten by a corrected
import, untouched by a failed one; and the reads that use them (counts per rule, the data-quality
score's open hits per area) give the numbers of the hits themselves. SQLite and PostgreSQL.

Hand-worked (tests/sample.py: Desa A1 and A2 in Pkm A (P01), Desa B1 in Pkm B (P02), all in
Kab Satu 99.01, Prov Uji 99): ht_skrining 2024 = 10 12 11 10 13 11 12 10 11 12 11 10 (median 11,
MAD 1: range 5,8…16,2, widened to at most 22 = twice the median), January 2025: A1 60, B1 70 →
two z_robust hits in January 2025, one in each Puskesmas, two in the kabupaten and the province.
keparahan = (x − upper) ÷ upper = (60 − 22) ÷ 22 and (70 − 22) ÷ 22.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from data_access import kelengkapan, schema
from data_access.pencilan import hit_counts, mark_checked, open_by_area, refresh_counts
from data_access.wilayah import resolve_area
from domain.access import Role, Viewer
from domain.codes import Level
from domain.wilayah import Scope
from indicators.validasi import HitKey
from ingest import import_file

A1, A2, B1 = "99.01.01.2001", "99.01.01.2002", "99.01.02.2001"
HISTORY = [10, 12, 11, 10, 13, 11, 12, 10, 11, 12, 11, 10]
HEADER = "kode_desa,tahun,bulan,indikator,nilai"
BOTH = {("puskesmas", "P01", 2025, 1, "z_robust", 1), ("puskesmas", "P02", 2025, 1, "z_robust", 1),
        ("kabupaten", "99.01", 2025, 1, "z_robust", 2), ("provinsi", "99", 2025, 1, "z_robust", 2)}


def _write(path, rows) -> str:
    path.write_text("\n".join([HEADER] + [",".join(map(str, r)) for r in rows]) + "\n")
    return str(path)


def _history(desa: str, x: int) -> list:
    return [*[(desa, 2024, m, "ht_skrining", v) for m, v in enumerate(HISTORY, start=1)],
            (desa, 2025, 1, "ht_skrining", x)]


def _counts(engine) -> set[tuple]:
    pw = schema.pencilan_wilayah
    with engine.connect() as conn:
        return {tuple(r) for r in conn.execute(select(pw.c.tingkat, pw.c.kode, pw.c.tahun, pw.c.bulan, pw.c.aturan,
                                                      pw.c.jumlah)).all()}


@pytest.fixture
def with_hits(loaded, tmp_path):
    result = import_file(loaded, "layanan", _write(tmp_path / "l.csv", [*_history(A1, 60), *_history(B1, 70)]))
    assert result.ok, result.message
    return loaded


def test_the_import_counts_its_hits_per_puskesmas_kabupaten_and_provinsi(with_hits):
    assert _counts(with_hits) == BOTH
    pc = schema.pencilan
    with with_hits.connect() as conn:
        stored = dict(conn.execute(select(pc.c.kode_desa, pc.c.keparahan)).all())
    assert stored == {A1: pytest.approx((60 - 22) / 22), B1: pytest.approx((70 - 22) / 22)}


def test_a_corrected_import_rewrites_the_counts(with_hits, tmp_path):
    result = import_file(with_hits, "layanan", _write(tmp_path / "fix.csv", [(A1, 2025, 1, "ht_skrining", 11)]))
    assert result.ok, result.message
    assert _counts(with_hits) == {("puskesmas", "P02", 2025, 1, "z_robust", 1),
                                  ("kabupaten", "99.01", 2025, 1, "z_robust", 1),
                                  ("provinsi", "99", 2025, 1, "z_robust", 1)}


def test_a_failed_import_leaves_the_counts_as_they_were(with_hits, tmp_path, monkeypatch):
    """The hits and their counts are rewritten before the completeness counts; when those fail
    the whole import is rolled back, counts included."""
    def broken(*_args, **_kwargs):
        raise RuntimeError("gagal di tengah impor")

    monkeypatch.setattr(kelengkapan, "refresh_kelengkapan", broken)
    with pytest.raises(RuntimeError):  # import_file logs it as failed and passes it on
        import_file(with_hits, "layanan", _write(tmp_path / "fix.csv", [(A1, 2025, 1, "ht_skrining", 11)]))
    assert _counts(with_hits) == BOTH
    with with_hits.connect() as conn:
        assert conn.execute(select(schema.layanan.c.nilai).where(
            schema.layanan.c.kode_desa == A1, schema.layanan.c.tahun == 2025)).scalar() == 60


def test_a_full_recount_gives_the_counts_the_import_wrote(with_hits):
    with with_hits.begin() as conn:
        refresh_counts(conn)
    assert _counts(with_hits) == BOTH


def _area(conn, level, kode):
    return resolve_area(conn, Scope.everything(), level, kode)


def test_counts_per_rule_and_per_area_less_the_checked_hit(with_hits):
    with with_hits.begin() as conn:
        mark_checked(conn, Viewer("pkm-a", Role.PENGELOLA, Scope(Level.PUSKESMAS, "P01")),
                     HitKey("desa", A1, 2025, 1, "z_robust", "ht_skrining"))
    everything = Scope.everything()
    with with_hits.connect() as conn:
        kab = _area(conn, Level.KABUPATEN, "99.01")
        assert hit_counts(conn, everything, kab, (2025, 1), (2025, 12)) == {"z_robust": (1, 1)}
        assert hit_counts(conn, everything, _area(conn, Level.PROVINSI, "99"), (2024, 1), (2025, 12)) \
            == {"z_robust": (1, 1)}
        assert hit_counts(conn, everything, kab, (2025, 2), (2025, 12)) == {}
        assert hit_counts(conn, everything, _area(conn, Level.DESA, B1), (2025, 1), (2025, 1)) \
            == {"z_robust": (1, 0)}
        assert open_by_area(conn, everything, kab, Level.PUSKESMAS, 2025, 1) == ({"P02": 1}, 1)
        assert open_by_area(conn, everything, kab, Level.DESA, 2025, 1) == ({B1: 1}, 1)
        assert open_by_area(conn, everything, _area(conn, Level.PUSKESMAS, "P01"), Level.DESA, 2025, 1) == ({}, 0)
        assert open_by_area(conn, everything, kab, Level.PUSKESMAS, 2024, 12) == ({}, 0)


def test_the_upgrade_fills_keparahan_and_counts_of_hits_stored_before_it(with_hits):
    """Revision 0015 on a database whose hits were written without keparahan and counts: the
    SQL arithmetic gives the values the Python of new hits gives, and the counts are made."""
    import importlib.util

    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import delete, update

    from data_access import migrations

    path = migrations.FOLDER / "versions" / "0015_pencilan_ringkas.py"
    spec = importlib.util.spec_from_file_location("revision_0015", path)
    revision = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(revision)
    pc = schema.pencilan
    with with_hits.connect() as conn:
        written = dict(conn.execute(select(pc.c.kode_desa, pc.c.keparahan)).all())
    with with_hits.begin() as conn:
        conn.execute(update(pc).values(keparahan=0))
        conn.execute(delete(schema.pencilan_wilayah))
        with Operations.context(MigrationContext.configure(conn)):
            revision.upgrade()
    with with_hits.connect() as conn:
        assert dict(conn.execute(select(pc.c.kode_desa, pc.c.keparahan)).all()) == written  # exactly equal
    assert _counts(with_hits) == BOTH
