"""The arrival record of the layanan registers on SQLite and PostgreSQL: a first import records
when each (desa, register, month) arrived, a re-import of the same value changes nothing, a
changed value moves 'last changed' only; the per-area counts follow in the same transaction
(and a rejected file leaves both alone)."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from data_access import kelengkapan, schema
from ingest import import_file

A1, A2, B1 = "99.01.01.2001", "99.01.01.2002", "99.01.02.2001"
T1, T2, T3 = datetime(2025, 12, 5, 3, 0), datetime(2025, 12, 20, 3, 0), datetime(2026, 1, 8, 3, 0)


def write_csv(path: Path, rows) -> Path:
    lines = ["kode_desa,tahun,bulan,indikator,nilai"] + [",".join(map(str, r)) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def arrivals(engine) -> dict:
    lm = schema.laporan_masuk
    with engine.connect() as conn:
        rows = conn.execute(select(lm).order_by(lm.c.kode_desa, lm.c.indikator)).all()
    return {(r.kode_desa, r.tahun, r.bulan, r.indikator): (r.pertama_masuk, r.terakhir_berubah) for r in rows}


def counts(engine, tingkat, kode, bulan, indikator="") -> tuple:
    kw = schema.kelengkapan_wilayah
    with engine.connect() as conn:
        row = conn.execute(select(kw.c.desa, kw.c.diharapkan, kw.c.dilaporkan, kw.c.tepat, kw.c.tanpa_waktu,
                                  kw.c.desa_lapor)
                           .where(kw.c.tingkat == tingkat, kw.c.kode == kode, kw.c.tahun == 2025,
                                  kw.c.bulan == bulan, kw.c.indikator == indikator)).first()
    return tuple(row) if row is not None else None


@pytest.fixture
def clock(monkeypatch):
    """The import's time, set by the test."""
    now = {"t": T1}
    monkeypatch.setattr(kelengkapan, "now", lambda: now["t"])
    monkeypatch.setenv("BATAS_LAPORAN_HARI", "10")
    monkeypatch.setenv("ZONA_WAKTU_JAM", "7")
    return now


def test_first_import_same_value_and_changed_value(loaded, tmp_path, clock):
    first = write_csv(tmp_path / "a.csv", [(A1, 2025, 11, "k1", 0), (A1, 2025, 11, "k6", 3), (B1, 2025, 11, "k1", 2)])
    result = import_file(loaded, "layanan", first)
    assert result.ok, result.message
    assert arrivals(loaded) == {(A1, 2025, 11, "k1"): (T1, T1), (A1, 2025, 11, "k6"): (T1, T1),
                                (B1, 2025, 11, "k1"): (T1, T1)}
    # Puskesmas A (desa A1, A2) runs k1 and k6: 2 desa × 2 registers expected; A1 sent both by
    # 5 December (on time), A2 nothing. A value of 0 is a report.
    assert counts(loaded, "puskesmas", "P01", 11) == (2, 4, 2, 2, 0, 1)
    assert counts(loaded, "desa", A2, 11) == (1, 2, 0, 0, 0, 0)
    assert counts(loaded, "puskesmas", "P01", 11, "k1") == (2, 2, 1, 1, 0, 1)
    # Kab Satu = Puskesmas A + Puskesmas B (desa B1, k1 only)
    assert counts(loaded, "kabupaten", "99.01", 11) == (3, 5, 3, 3, 0, 2)
    assert counts(loaded, "provinsi", "99", 11) == (3, 5, 3, 3, 0, 2)

    clock["t"] = T2  # the same file again: nothing arrives, nothing changes
    again = import_file(loaded, "layanan", first)
    assert (again.added, again.changed, again.unchanged) == (0, 0, 3)
    assert set(arrivals(loaded).values()) == {(T1, T1)}

    clock["t"] = T3  # A1's k6 corrected, and A2's November report arrives late (8 January)
    fix = write_csv(tmp_path / "b.csv", [(A1, 2025, 11, "k6", 4), (A2, 2025, 11, "k1", 1)])
    result = import_file(loaded, "layanan", fix)
    assert (result.added, result.changed, result.unchanged) == (1, 1, 0)
    got = arrivals(loaded)
    assert got[(A1, 2025, 11, "k6")] == (T1, T3)  # first arrival kept, last change moved
    assert got[(A1, 2025, 11, "k1")] == (T1, T1)
    assert got[(A2, 2025, 11, "k1")] == (T3, T3)
    # 3 of 4 received, still 2 on time (A2's came after 10 December)
    assert counts(loaded, "puskesmas", "P01", 11) == (2, 4, 3, 2, 0, 2)
    assert counts(loaded, "kabupaten", "99.01", 11) == (3, 5, 4, 3, 0, 3)


def test_a_rejected_file_records_no_arrival(loaded, tmp_path, clock):
    bad = write_csv(tmp_path / "bad.csv", [(A1, 2025, 11, "k1", 1), (A2, 2025, 11, "k1", -1)])
    result = import_file(loaded, "layanan", bad)
    assert not result.ok
    assert arrivals(loaded) == {}
    assert counts(loaded, "puskesmas", "P01", 11) is None


def test_a_new_year_is_expected_everywhere(loaded, tmp_path, clock):
    """Puskesmas B reported in 2025 only; when Puskesmas A's 2026 file comes, B is expected its
    2025 registers in 2026 too (and shows as silent), without an import of its own."""
    import_file(loaded, "layanan", write_csv(tmp_path / "a.csv", [(B1, 2025, 12, "k1", 1)]))
    import_file(loaded, "layanan", write_csv(tmp_path / "b.csv", [(A1, 2026, 1, "k1", 1)]))
    kw = schema.kelengkapan_wilayah
    with loaded.connect() as conn:
        row = conn.execute(select(kw.c.diharapkan, kw.c.dilaporkan).where(
            kw.c.tingkat == "puskesmas", kw.c.kode == "P02", kw.c.tahun == 2026, kw.c.bulan == 1,
            kw.c.indikator == "")).first()
    assert tuple(row) == (1, 0)


def test_cut_off_setting_change_rebuilds_the_counts(loaded, tmp_path, clock, monkeypatch):
    clock["t"] = datetime(2025, 12, 12, 3, 0)  # 12 December: late with the 10th, on time with the 15th
    import_file(loaded, "layanan", write_csv(tmp_path / "a.csv", [(B1, 2025, 11, "k1", 1)]))
    assert counts(loaded, "puskesmas", "P02", 11)[3] == 0
    monkeypatch.setenv("BATAS_LAPORAN_HARI", "15")
    kelengkapan.ensure_current(loaded)
    assert counts(loaded, "puskesmas", "P02", 11)[3] == 1


@pytest.mark.parametrize(("arrived", "on_time"), [
    (datetime(2025, 12, 10, 16, 59, 59, 999999), 1),  # 23:59:59,999999 WIB on the 10th
    (datetime(2025, 12, 10, 17, 0), 0),  # 00:00 WIB on the 11th: late
])
def test_the_cut_off_instant_counted_in_sql(loaded, tmp_path, clock, arrived, on_time):
    """November's reports, cut-off the 10th, WIB: the counts written at import (counted in SQL)
    put the boundary where indicators.kelengkapan.batas_waktu does, and a full rebuild gives the
    same."""
    clock["t"] = arrived
    assert import_file(loaded, "layanan", write_csv(tmp_path / "a.csv", [(B1, 2025, 11, "k1", 4)])).ok
    assert counts(loaded, "puskesmas", "P02", 11) == (1, 1, 1, on_time, 0, 1)
    with loaded.begin() as conn:
        kelengkapan.refresh_kelengkapan(conn)
    assert counts(loaded, "puskesmas", "P02", 11) == (1, 1, 1, on_time, 0, 1)
