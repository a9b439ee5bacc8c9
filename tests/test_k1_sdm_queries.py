"""Staff (sdm) queries, summary row, section callbacks and export on SQLite and PostgreSQL with
tests/sample_sdm.py's hand-made staff: the counts as of a date, the table per Puskesmas and per
kabupaten (numerators summed before dividing), the summary row's words, the scope (a Puskesmas
viewer cannot read another one through a crafted filter state), the audited download and the
`sdm` export view."""
from __future__ import annotations

import io
import json
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import select

import callbacks.k1_sdm as cb
import cli
from callbacks.common import acting_as
from data_access import schema
from data_access.db import dispose_engines
from data_access.k1_sdm import BY_LEVEL_COLUMNS, by_level, per_puskesmas, ringkasan, staff_counts, staff_of
from data_access.wilayah import resolve_area
from domain.access import Role, Viewer
from domain.codes import Level
from domain.wilayah import OutOfScope, Scope
from tests import sample_sdm

ALL = Scope()
END_2025 = date(2025, 12, 31)
PKM_A = Viewer("pkm-a", Role.PENGELOLA, Scope(Level.PUSKESMAS, "P01"))
KAB_1 = Viewer("kab-1", Role.PEMBACA, Scope(Level.KABUPATEN, "99.01"))


@pytest.fixture
def db(loaded):
    sample_sdm.load(loaded)
    return loaded


def area(conn, level, kode, scope=ALL):
    return resolve_area(conn, scope, level, kode)


def test_counts_only_active_staff_started_by_the_date(db):
    with db.connect() as conn:
        a = area(conn, Level.PUSKESMAS, "P01")
        counts = staff_counts(conn, ALL, a, END_2025)
        assert int(counts["n"].sum()) == 10  # 9 types + 1 perawat; the leaver and the 2026 start left out
        assert int(counts["n"].sum()) == 10
        mid_2024 = staff_counts(conn, ALL, a, date(2024, 6, 30))
        assert int(mid_2024["n"].sum()) == 9 and "gizi" not in set(mid_2024["jenis_tenaga"])
        staff = staff_of(conn, ALL, a, END_2025)
        assert len(staff) == 10 and max(staff["tanggal_mulai"]) == date(2024, 7, 1)
        assert sorted(staff_of(conn, ALL, a, date(2024, 6, 30))["jenis_tenaga"]).count("gizi") == 0
        # the table per Puskesmas on a past date subtracts those who started after it
        early = per_puskesmas(conn, ALL, a, date(2024, 6, 30)).iloc[0]
        assert (early["tenaga_aktif"], early["tenaga_gizi"], early["jenis_kurang"]) == (9, 0, "Gizi")


def test_table_per_puskesmas_puts_the_one_without_a_doctor_first(db):
    with db.connect() as conn:
        table = per_puskesmas(conn, ALL, area(conn, Level.PROVINSI, "99"), END_2025)
    assert list(table["kode"]) == ["P02", "P01", "P03"]
    b, a, c = (table.iloc[i] for i in range(3))
    assert b["tanpa_dokter"] and b["jenis_minimal"] == 8 and b["jenis_kurang"] == "Dokter"
    assert pd.isna(b["per_10000"]) and b["keterangan"] == "jumlah penduduk 1 desa belum diisi di data wilayah"
    assert a["tenaga_aktif"] == 10 and a["per_10000"] == pytest.approx(10.0) and a["lengkap"]
    assert a["status_pns"] == 9 and a["status_pppk"] == 1
    assert not c["ada_data"] and c["keterangan"] == "belum ada data SDM yang diunggah"


def test_a_desa_reads_its_puskesmas(db):
    with db.connect() as conn:
        table = per_puskesmas(conn, ALL, area(conn, Level.DESA, "99.01.01.2002"), END_2025)
    assert list(table["kode"]) == ["P01"]


def test_by_kabupaten_sums_before_dividing_and_says_why_a_ratio_is_empty(db):
    with db.connect() as conn:
        rows = by_level(conn, ALL, area(conn, Level.PROVINSI, "99"), Level.KABUPATEN, END_2025)
        pkm = by_level(conn, ALL, area(conn, Level.PROVINSI, "99"), Level.PUSKESMAS, END_2025)
    assert list(rows.columns) == BY_LEVEL_COLUMNS
    one, two = rows.iloc[0], rows.iloc[1]
    assert (one["kode"], one["nama"], one["jumlah_puskesmas"], one["puskesmas_melapor"]) == ("99.01", "Kab Satu", 2, 2)
    assert (one["puskesmas_9_jenis"], one["puskesmas_tanpa_dokter"], one["tenaga_aktif"]) == (1, 1, 18)
    assert one["per_10000"] is None and one["keterangan"] == "jumlah penduduk 1 Puskesmas belum lengkap di data wilayah"
    assert one["tenaga_dokter"] == 1 and one["status_honorer"] == 8
    assert two["puskesmas_melapor"] == 0 and two["keterangan"] == "1 Puskesmas belum ada data SDM yang diunggah"
    assert list(pkm["kode"]) == ["P01", "P02", "P03"] and list(pkm["tanpa_dokter"]) == ["T", "Y", ""]


def test_the_summary_row_for_a_puskesmas_and_for_a_dinkes(db):
    with db.connect() as conn:
        a = ringkasan(conn, ALL, area(conn, Level.PUSKESMAS, "P01"), 2025, None)
        early = ringkasan(conn, ALL, area(conn, Level.PUSKESMAS, "P01"), 2024, 6)
        kab = ringkasan(conn, ALL, area(conn, Level.KABUPATEN, "99.01"), 2025, None)
        none = ringkasan(conn, ALL, area(conn, Level.PUSKESMAS, "P03"), 2025, None)
    assert (a[0].judul, a[0].nilai, a[0].catatan, a[0].status) == ("Jenis tenaga minimal", "9 dari 9", "lengkap",
                                                                    "baik")
    assert (a[1].nilai, a[1].catatan) == ("10", "10,0 per 10.000 penduduk; per 31/12/2025")
    assert (early[0].nilai, early[0].catatan, early[0].status) == ("8 dari 9", "kurang: Gizi", "cukup")
    assert (kab[0].judul, kab[0].nilai, kab[0].status) == ("Puskesmas dengan 9 jenis tenaga", "1 dari 2", "cukup")
    assert kab[0].catatan == "50,0%; per 31/12/2025"
    assert (kab[1].judul, kab[1].nilai, kab[1].catatan, kab[1].status) == ("Puskesmas tanpa dokter", "1", "Pkm B",
                                                                           "jelek")
    assert none == []


def test_queries_refuse_an_area_outside_the_scope(db):
    with db.connect() as conn:
        other = area(conn, Level.PUSKESMAS, "P02")
        with pytest.raises(OutOfScope):
            per_puskesmas(conn, PKM_A.scope, other, END_2025)
        with pytest.raises(OutOfScope):
            ringkasan(conn, PKM_A.scope, other, 2025, None)


# --- the section's callbacks ---------------------------------------------------------------------------

@pytest.fixture
def section(use_db, db):
    return use_db(cb)


def test_a_puskesmas_sees_its_checklist_table_and_bands(section):
    with acting_as(PKM_A):
        out = cb.show_sdm({"level": "puskesmas", "kode": "P01", "tahun": 2025})
    shown = json.dumps(out["detail"], default=lambda o: o.to_plotly_json(), ensure_ascii=False)
    assert out["title"] == "Pkm A · tenaga aktif per 31/12/2025"
    assert "10 tenaga aktif · 10,0 per 10.000 penduduk · lengkap, 9 dari 9 jenis tenaga minimal" in shown
    assert out["detail_style"] is None and out["dinkes_style"] == {"display": "none"}
    assert "<b>PONED</b>: 1 orang" in shown  # user text, as text (Dash never writes it as markup)
    assert "dangerously" not in shown
    bands = next(g for g in _graphs(out["detail"]))["data"][0]
    assert bands["y"][0] == "< 1 tahun" and sum(bands["x"]) == 10


def _graphs(component):
    from dash import dcc

    if isinstance(component, dcc.Graph):
        yield component.figure
    children = getattr(component, "children", None) if not isinstance(component, list) else component
    for child in children if isinstance(children, list) else [children] if children is not None else []:
        if hasattr(child, "to_plotly_json") or isinstance(child, list):
            yield from _graphs(child)


def test_a_crafted_state_cannot_read_another_puskesmas(section):
    with acting_as(PKM_A):
        out = cb.show_sdm({"level": "puskesmas", "kode": "P02", "tahun": 2025})
        wider = cb.show_sdm({"level": "kabupaten", "kode": "99.01", "tahun": 2025})
    for result in (out, wider):
        text = json.dumps(result, default=lambda o: o.to_plotly_json(), ensure_ascii=False)
        assert "tidak ditemukan" in text and "Pkm B" not in text and result["rows"] == []


def test_a_dinkes_sees_one_row_per_puskesmas_and_who_lacks_each_type(section):
    with acting_as(KAB_1):
        out = cb.show_sdm({"level": "kabupaten", "kode": "99.01", "tahun": 2025})
    assert [r["nama"] for r in out["rows"]] == ["Pkm B", "Pkm A"]
    assert out["rows"][0]["dokter_teks"] == "✗ tanpa dokter" and out["rows"][0]["dokter_status"] == "jelek"
    assert out["rows"][1]["jenis_teks"] == "9/9" and out["rows"][1]["per_10000"] == 10.0
    lacking = json.dumps(out["lacking"].to_plotly_json(), default=lambda o: o.to_plotly_json(), ensure_ascii=False)
    assert "kurang di 1 dari 2 Puskesmas" in lacking and "Pkm B" in lacking
    assert "nama_kabupaten" not in [c["field"] for c in out["columns"]]


def test_no_staff_data_is_explained(section):
    with acting_as(Viewer("pkm-c", Role.PENGELOLA, Scope(Level.PUSKESMAS, "P03"))):
        out = cb.show_sdm({"level": "puskesmas", "kode": "P03", "tahun": 2025})
    text = json.dumps(out["empty"].to_plotly_json(), default=lambda o: o.to_plotly_json(), ensure_ascii=False)
    assert "Belum ada data ketenagaan (SDM) untuk Pkm C" in text


def test_the_download_is_the_export_and_is_audited(section, db, monkeypatch):
    monkeypatch.setattr(cb, "ctx", type("Ctx", (), {"triggered_id": cb.Sdm.DOWNLOAD_CSV})())
    with acting_as(KAB_1):
        sent = cb.download_sdm(1, None, {"level": "kabupaten", "kode": "99.01", "tahun": 2025})
    import base64

    frame = pd.read_csv(io.BytesIO(base64.b64decode(sent["content"])), dtype={"kode": str})
    assert sent["filename"] == "sdm-99.01-puskesmas-2025.csv"
    assert list(frame["kode"]) == ["P01", "P02"]
    with db.connect() as conn:
        logged = conn.execute(select(schema.audit_log.c.rincian).where(schema.audit_log.c.peristiwa == "unduh")).all()
    assert logged and logged[-1][0] == "tabel SDM, kabupaten/kota 99.01, 2025: sdm-99.01-puskesmas-2025.csv"


# --- the export view -----------------------------------------------------------------------------------

@pytest.fixture
def run_cli(db, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", db.url.render_as_string(hide_password=False))
    dispose_engines()

    def run(*argv):
        status = cli.main(list(argv))
        out = capsys.readouterr()
        return status, out.out, out.err

    yield run
    dispose_engines()


def test_export_one_row_per_puskesmas_and_per_kabupaten(run_cli, tmp_path):
    out = tmp_path / "sdm.csv"
    status, _o, err = run_cli("export", "sdm", "--tahun", "2025", "--tingkat", "puskesmas", "--out", str(out))
    assert status == 0, err
    frame = pd.read_csv(out, dtype={"kode": str, "tanpa_dokter": str}, keep_default_na=False, na_values=[""])
    assert list(frame.columns) == BY_LEVEL_COLUMNS
    assert list(frame["kode"]) == ["P01", "P02", "P03"]
    assert frame.loc[0, "per_10000"] == pytest.approx(10.0) and frame.loc[1, "jenis_kurang"] == "Dokter"
    kab = tmp_path / "kab.xlsx"
    status, _o, err = run_cli("export", "sdm", "--tahun", "2025", "--tingkat", "kabupaten", "--wilayah", "99",
                              "--out", str(kab))
    assert status == 0, err
    sheet = pd.read_excel(kab, sheet_name=0, dtype={"kode": str})
    assert list(sheet["kode"]) == ["99.01", "99.02"] and list(sheet["tenaga_aktif"]) == [18, 0]


def test_export_refuses_desa_level(run_cli, tmp_path):
    status, _o, err = run_cli("export", "sdm", "--tahun", "2025", "--tingkat", "desa", "--out", str(tmp_path / "x.csv"))
    assert status != 0 and "dicatat per Puskesmas" in err


def test_export_neutralises_formulas_in_names(run_cli, db, tmp_path):
    from sqlalchemy import update

    with db.begin() as conn:
        conn.execute(update(schema.puskesmas).where(schema.puskesmas.c.kode == "P01").values(nama="=HYPERLINK(1)"))
    out = tmp_path / "sdm.csv"
    assert run_cli("export", "sdm", "--tahun", "2025", "--tingkat", "puskesmas", "--out", str(out))[0] == 0
    assert "'=HYPERLINK(1)" in out.read_text(encoding="utf-8-sig")


def test_the_summary_row_of_the_page_takes_the_sdm_figures(use_db, db, monkeypatch):
    """What the lead wires into callbacks/klaster_1.py: SUMMARIES = (..., ringkasan)."""
    import callbacks.klaster_1 as page
    import callbacks.summary_row

    use_db(callbacks.summary_row)  # the page's header and cards are put together there
    monkeypatch.setattr(page, "SUMMARIES", (ringkasan,))
    with acting_as(KAB_1):
        out = page.show_page({"level": "kabupaten", "kode": "99.01", "tahun": 2025})
    text = json.dumps([c.to_plotly_json() for c in out["ringkasan"]], default=lambda o: o.to_plotly_json(),
                      ensure_ascii=False)
    assert "Puskesmas dengan 9 jenis tenaga" in text and "1 dari 2" in text and "Puskesmas tanpa dokter" in text
