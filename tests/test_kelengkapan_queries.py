"""Completeness queries and the Kualitas Data section on SQLite and PostgreSQL, on tests/sample.py's
province with a year of k1 reports whose arrivals are set by hand: desa A2 silent from October, Pkm
B always late, Pkm C (Kab Dua) complete and on time. Scoping: a Puskesmas viewer cannot read
another Puskesmas (or its kabupaten) through a crafted filter state."""
from __future__ import annotations

import json
from datetime import datetime, timedelta

import pandas as pd
import pytest

import callbacks.kd_kelengkapan as cb
from callbacks.common import acting_as
from data_access.kelengkapan import (
    LONG_COLUMNS,
    arrival_times,
    kelengkapan_rows,
    monthly_by_child,
    own_totals,
    ringkasan,
    silent_desa,
)
from data_access.store import insert_program
from data_access.wilayah import resolve_area
from domain.access import Role, Viewer
from domain.codes import Level
from domain.wilayah import OutOfScope, Scope
from indicators.kelengkapan import jendela

ALL = Scope()
A1, A2, B1, C1 = "99.01.01.2001", "99.01.01.2002", "99.01.02.2001", "99.02.01.2001"
PKM_A = Viewer("pkm-a", Role.PENGELOLA, Scope(Level.PUSKESMAS, "P01"))
KAB_1 = Viewer("kab-1", Role.PEMBACA, Scope(Level.KABUPATEN, "99.01"))
DEC = tuple(jendela(2025, 12, 12))


def _arrival(tahun: int, bulan: int, day: int) -> datetime:
    """Day `day` of the next month, 09:00 WIB (02:00 UTC)."""
    y, m = (tahun + 1, 1) if bulan == 12 else (tahun, bulan + 1)
    return datetime(y, m, day, 2, 0)


def reports() -> tuple[pd.DataFrame, pd.DataFrame]:
    rows, masuk = [], []
    for desa, months, day in ((A1, range(1, 13), 5), (A2, range(1, 10), 9), (B1, range(1, 13), 15),
                              (C1, range(1, 13), 10)):
        for m in months:
            rows.append((desa, 2025, m, "k1", m))
            t = _arrival(2025, m, day)
            masuk.append((desa, 2025, m, "k1", t, t + timedelta(days=1)))
    layanan = pd.DataFrame(rows, columns=["kode_desa", "tahun", "bulan", "indikator", "nilai"])
    arrivals = pd.DataFrame(masuk, columns=["kode_desa", "tahun", "bulan", "indikator", "pertama_masuk",
                                            "terakhir_berubah"])
    return layanan, arrivals


@pytest.fixture
def db(loaded, monkeypatch):
    monkeypatch.setenv("BATAS_LAPORAN_HARI", "10")
    monkeypatch.setenv("ZONA_WAKTU_JAM", "7")
    layanan, arrivals = reports()
    empty_sasaran = pd.DataFrame(columns=["kode_desa", "tahun", "sasaran", "jumlah"])
    empty_target = pd.DataFrame(columns=["indikator", "tahun", "kode_wilayah", "target_persen"])
    with loaded.begin() as conn:
        insert_program(conn, layanan, empty_sasaran, empty_target, masuk=arrivals)
    return loaded


def area(conn, level, kode, scope=ALL):
    return resolve_area(conn, scope, level, kode)


def test_a_desa_silent_from_october_is_named_with_its_months(db):
    with db.connect() as conn:
        silent = silent_desa(conn, ALL, area(conn, Level.PROVINSI, "99"), DEC)
        in_k1 = silent_desa(conn, ALL, area(conn, Level.PUSKESMAS, "P01"), DEC, "k1")
        november = silent_desa(conn, ALL, area(conn, Level.PUSKESMAS, "P01"), tuple(jendela(2025, 11, 12)))
        october = silent_desa(conn, ALL, area(conn, Level.PUSKESMAS, "P01"), tuple(jendela(2025, 10, 12)))
    assert silent["kode"].tolist() == [A2]
    assert silent.iloc[0]["teks"] == "tanpa laporan Oktober–Desember 2025 (3 bulan)"
    assert silent.iloc[0]["nama_puskesmas"] == "Pkm A" and silent.iloc[0]["jumlah_bulan"] == 3
    assert in_k1["kode"].tolist() == [A2]
    assert november.iloc[0]["teks"] == "tanpa laporan Oktober–November 2025 (2 bulan)"
    assert october.empty  # one month is not yet two


def test_heat_map_rows_of_a_kabupaten_are_its_puskesmas(db):
    with db.connect() as conn:
        rows = monthly_by_child(conn, ALL, area(conn, Level.KABUPATEN, "99.01"), DEC)
        desa = monthly_by_child(conn, ALL, area(conn, Level.DESA, A1), DEC)  # a desa: its Puskesmas' desa
    dec = rows[rows["bulan"] == 12].set_index("kode")
    # Pkm A: 2 desa × k1, A2 silent; Pkm B: its one desa reported on the 15th (late)
    assert dec.loc["P01", ["diharapkan", "dilaporkan", "tepat"]].tolist() == [2, 1, 1]
    assert dec.loc["P02", ["diharapkan", "dilaporkan", "tepat"]].tolist() == [1, 1, 0]
    assert sorted(desa["kode"].unique()) == [A1, A2] and len(desa) == 24


def test_long_form_has_every_register_and_all_together(db):
    with db.connect() as conn:
        rows = kelengkapan_rows(conn, ALL, area(conn, Level.PROVINSI, "99"), Level.PUSKESMAS, 2025, 12)
        desa = kelengkapan_rows(conn, ALL, area(conn, Level.PUSKESMAS, "P01"), Level.DESA, 2025, 12)
        kab = kelengkapan_rows(conn, ALL, area(conn, Level.PROVINSI, "99"), Level.KABUPATEN, 2025, 12)
        only_all = kelengkapan_rows(conn, ALL, area(conn, Level.PUSKESMAS, "P01"), Level.DESA, 2025, 12,
                                    registers=[])
    assert set(only_all["register"]) == {"semua"} and len(only_all) == 2 * 12
    assert list(rows.columns) == LONG_COLUMNS
    assert set(rows["register"]) == {"semua", "k1"} and len(rows) == 3 * 12 * 2
    a_dec = rows[(rows["kode_wilayah"] == "P01") & (rows["bulan"] == 12) & (rows["register"] == "semua")].iloc[0]
    assert (a_dec["nama_wilayah"], a_dec["lengkap"], a_dec["tepat_waktu"]) == ("Pkm A", 0.5, 0.5)
    b_dec = rows[(rows["kode_wilayah"] == "P02") & (rows["bulan"] == 12) & (rows["register"] == "k1")].iloc[0]
    assert (b_dec["lengkap"], b_dec["tepat_waktu"], b_dec["nama_register"]) == (1.0, 0.0, "K1")
    a2 = desa[(desa["kode_wilayah"] == A2) & (desa["register"] == "k1")].set_index("bulan")
    assert a2.loc[9, "lengkap"] == 1.0 and a2.loc[10, "lengkap"] == 0.0 and a2.loc[9, "tepat_waktu"] == 1.0
    # Kab Satu in December: 3 expected (A1, A2, B1), 2 received, 1 on time
    k = kab[(kab["kode_wilayah"] == "99.01") & (kab["bulan"] == 12) & (kab["register"] == "semua")].iloc[0]
    assert (k["diharapkan"], k["dilaporkan"], k["tepat_waktu_jumlah"]) == (3, 2, 1)


def test_queries_refuse_an_area_outside_the_scope(db):
    with db.connect() as conn:
        other = area(conn, Level.PUSKESMAS, "P02")
        kab = area(conn, Level.KABUPATEN, "99.01")
        for call in (lambda: monthly_by_child(conn, PKM_A.scope, other, DEC),
                     lambda: silent_desa(conn, PKM_A.scope, kab, DEC),
                     lambda: own_totals(conn, PKM_A.scope, other, DEC),
                     lambda: kelengkapan_rows(conn, PKM_A.scope, kab, Level.DESA, 2025, 12),
                     lambda: ringkasan(conn, PKM_A.scope, other, 2025, 12)):
            with pytest.raises(OutOfScope):
                call()


def test_summary_cards(db):
    with db.connect() as conn:
        kab = ringkasan(conn, ALL, area(conn, Level.KABUPATEN, "99.01"), 2025, None)
        c = ringkasan(conn, ALL, area(conn, Level.PUSKESMAS, "P03"), 2025, 12)
    assert [(r.judul, r.nilai) for r in kab] == [("Kelengkapan laporan Desember 2025", "66,7%"),
                                                ("Tepat waktu Desember 2025", "33,3%"),
                                                ("Desa tanpa laporan ≥ 2 bulan", "1 desa")]
    assert kab[2].catatan == "Desa A2" and kab[2].status == "jelek"
    assert [r.nilai for r in c] == ["100,0%", "100,0%", "0 desa"]


# --- the section's callback ----------------------------------------------------------------------

def _text(value) -> str:
    return json.dumps(value, default=lambda o: o.to_plotly_json(), ensure_ascii=False)


@pytest.fixture
def section(use_db, db):
    return use_db(cb)


def test_the_section_for_a_kabupaten(section):
    with acting_as(KAB_1):
        out = cb.show_kelengkapan({"level": "kabupaten", "kode": "99.01", "tahun": 2025, "bulan": 12}, "")
    assert out["title"] == "Kab Satu · semua register · 12 bulan sampai Desember 2025"
    assert out["body_style"] is None and out["empty"] is None
    assert [r["nama"] for r in out["rows"]] == ["Pkm B", "Pkm A"]  # the worst on either first: B all late
    b, a = out["rows"]
    assert (a["lengkap_bulan"], a["tepat_bulan"], a["keterangan"]) == (0.5, 0.5, "")
    assert a["lengkap_tahun"] == pytest.approx(21 / 24)
    assert (b["lengkap_bulan"], b["tepat_bulan"], b["tepat_tahun"]) == (1.0, 0.0, 0.0)
    assert b["keterangan"] == "sebagian besar laporan bulan ini terlambat"
    heat = out["heat"]["data"][0]
    assert heat["x"][0] == "Jan<br>2025" and heat["x"][-1] == "Des<br>2025" and heat["y"] == ["P01", "P02"]
    assert heat["z"][0][-1] == 0.5 and heat["text"][0][-1] == "50%"
    assert "Desa A2" in _text(out["silent"]) and "tanpa laporan Oktober–Desember 2025 (3 bulan)" in _text(out["silent"])
    assert "tanggal 10 bulan berikutnya" in out["rule"]


def test_the_section_for_a_puskesmas_shows_its_desa_and_one_register(section):
    with acting_as(PKM_A):
        out = cb.show_kelengkapan({"level": "puskesmas", "kode": "P01", "tahun": 2025}, "k1")
    assert out["title"].startswith("Pkm A · K1 · 12 bulan sampai Desember 2025")
    assert [r["nama"] for r in out["rows"]] == ["Desa A2", "Desa A1"]
    assert out["rows"][0]["keterangan"] == "belum ada laporan bulan ini"


def test_a_crafted_state_or_register_cannot_read_another_puskesmas(section):
    with acting_as(PKM_A):
        out = cb.show_kelengkapan({"level": "puskesmas", "kode": "P02", "tahun": 2025}, "k1")
        wider = cb.show_kelengkapan({"level": "kabupaten", "kode": "99.01", "tahun": 2025}, "")
        odd = cb.show_kelengkapan({"level": "puskesmas", "kode": "P01", "tahun": 2025}, "<b>x</b>' OR 1=1")
    for result in (out, wider):
        text = _text(result)
        assert "tidak ditemukan" in text and "Pkm B" not in text and result["rows"] == []
    assert "semua register" in odd["title"]  # an unknown register is read as all of them


def test_no_report_is_explained(section):
    with acting_as(KAB_1):
        out = cb.show_kelengkapan({"level": "kabupaten", "kode": "99.01", "tahun": 2024, "bulan": 5}, "")
    assert "Tidak ada laporan semua register yang diharapkan" in _text(out["empty"]) and out["rows"] == []


def test_the_summary_row_of_the_page_takes_the_completeness_cards(use_db, db):
    import callbacks.kualitas as page
    import callbacks.summary_row

    use_db(callbacks.summary_row)  # the page's header and cards are put together there
    with acting_as(KAB_1):
        out = page.show_page({"level": "kabupaten", "kode": "99.01", "tahun": 2025, "bulan": 12})
    text = _text([c.to_plotly_json() for c in out["ringkasan"]])
    assert "Kelengkapan laporan Desember 2025" in text and "66,7%" in text and "1 desa" in text


def test_rows_for_the_kualitas_export(db):
    from data_access.kelengkapan import kualitas_rows
    from exports.kualitas import KUALITAS_COLUMNS, kualitas_table

    with db.connect() as conn:
        kab = area(conn, Level.KABUPATEN, "99.01")
        rows = kualitas_rows(conn, ALL, kab, Level.DESA, 2025, 12)
        table = kualitas_table(conn, ALL, kab, Level.DESA, 2025, 12, sources=())
    assert list(rows.columns) == KUALITAS_COLUMNS and table.empty
    a2 = rows[(rows["kode_wilayah"] == A2) & (rows["bulan"] == 12)].iloc[0]
    assert (a2["status"], a2["nilai"], a2["register"]) == ("tanpa_laporan", 0.0, "semua")
    b1 = rows[(rows["kode_wilayah"] == B1) & (rows["bulan"] == 12)].iloc[0]
    assert (b1["status"], b1["nilai"], b1["pembanding"]) == ("lengkap", 1.0, 0.0)
    assert b1["keterangan"] == "1 dari 1 laporan masuk, 0 tepat waktu (paling lambat tanggal 10 bulan berikutnya)"


def test_arrival_and_last_change_per_desa_and_month(db):
    """The fixture's arrivals: A1's month m first arrived on the 5th of m + 1 at 09:00 WIB and
    changed a day later; above a Puskesmas nothing is read (its rows are Puskesmas)."""
    with db.connect() as conn:
        times = arrival_times(conn, ALL, area(conn, Level.PUSKESMAS, "P01"), DEC)
        one = arrival_times(conn, ALL, area(conn, Level.DESA, A1), DEC, "k1")
        kab = arrival_times(conn, ALL, area(conn, Level.KABUPATEN, "99.01"), DEC)
    row = times[(times["kode"] == A1) & (times["bulan"] == 11)].iloc[0]
    assert pd.Timestamp(row["pertama_masuk"]) == pd.Timestamp(2025, 12, 5, 2, 0)
    assert pd.Timestamp(row["terakhir_berubah"]) == pd.Timestamp(2025, 12, 6, 2, 0)
    assert set(times["kode"]) == {A1, A2} and len(times[times["kode"] == A2]) == 9  # silent from October
    assert len(one) == len(times)  # a desa is shown among its Puskesmas' desa
    assert kab.empty
    with db.connect() as conn, pytest.raises(OutOfScope):
        arrival_times(conn, PKM_A.scope, area(conn, Level.PUSKESMAS, "P02"), DEC)


def test_the_indonesian_arrival_text():
    from indicators.kelengkapan import waktu_laporan, waktu_setempat

    first, later = datetime(2025, 12, 5, 2, 0), datetime(2026, 1, 12, 3, 30)
    assert waktu_setempat(first) == "5 Des 2025 09.00 WIB"
    assert waktu_setempat(first, 8) == "5 Des 2025 10.00 WITA"
    assert waktu_laporan(first, later) == "masuk 5 Des 2025 09.00 WIB, terakhir berubah 12 Jan 2026 10.30 WIB"
    assert waktu_laporan(first, first) == "masuk 5 Des 2025 09.00 WIB, belum pernah berubah"
    assert waktu_laporan(None, None) == "waktu masuk tidak tercatat"


def test_the_puskesmas_section_says_when_each_desa_month_arrived_and_changed(section):
    """In the hover of the heat map and beside the note of the table per desa."""
    with acting_as(PKM_A):
        out = cb.show_kelengkapan({"level": "puskesmas", "kode": "P01", "tahun": 2025, "bulan": 11}, "")
    with acting_as(KAB_1):
        kab = cb.show_kelengkapan({"level": "kabupaten", "kode": "99.01", "tahun": 2025, "bulan": 11}, "")
    a1 = next(r for r in out["rows"] if r["kode"] == A1)
    a2 = next(r for r in out["rows"] if r["kode"] == A2)
    assert a1["keterangan"] == "masuk 5 Des 2025 09.00 WIB, terakhir berubah 6 Des 2025 09.00 WIB"
    assert a2["keterangan"] == "belum ada laporan bulan ini"
    heat = out["heat"]["data"][0]
    i, j = heat["y"].index(A1), heat["x"].index("Nov<br>2025")
    assert heat["hovertext"][i][j].endswith("<br>masuk 5 Des 2025 09.00 WIB, terakhir berubah 6 Des 2025 09.00 WIB")
    assert "masuk" not in _text(kab["rows"])  # Puskesmas rows hold many desa: no single arrival
