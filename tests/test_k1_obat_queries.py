"""The medicine section's queries, ringkasan, callbacks and export views on tests/sample_obat.py
(numbers worked out there), on SQLite and PostgreSQL: the table of Puskesmas and the share meeting
the 80 % rule (a count, not an average), a Puskesmas' items, a desa shown as its Puskesmas, scoping
(a Puskesmas sees nothing of another), the empty states, and the export written formula-safe."""
from __future__ import annotations

import base64
import io

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

import callbacks.k1_obat as cb
import cli
from callbacks.common import acting_as
from data_access import schema
from data_access.db import dispose_engines
from data_access.k1_obat import item_detail, latest_month, obat_years, puskesmas_table, ringkasan, trend
from data_access.wilayah import resolve_area
from domain.access import Role, Viewer
from domain.codes import Level
from domain.wilayah import OutOfScope, Scope
from exports.views import VIEWS, ExportError, ExportRequest, export_view
from layouts.k1_obat import ObatIds
from tests import dash_client, sample_obat
from tests.components import text_of

EVERYONE = Scope.everything()
A1 = "99.01.01.2001"  # a desa of P01


def _text(value) -> str:
    return " ".join(_text(v) for v in value) if isinstance(value, list) else text_of(value)


@pytest.fixture
def db(loaded, tmp_path):
    sample_obat.load(loaded, tmp_path)
    return loaded


def area(conn, level, kode, scope=EVERYONE):
    return resolve_area(conn, scope, level, kode)


def test_the_table_of_puskesmas_and_the_share_meeting_the_rule(db):
    with db.connect() as conn:
        prov = area(conn, Level.PROVINSI, "99")
        assert obat_years(conn, EVERYONE, prov) == (2024, 2025)
        assert latest_month(conn, EVERYONE, prov, 2025) == (2025, 1)
        table = puskesmas_table(conn, EVERYONE, prov, 2025, 1).set_index("kode_puskesmas").loc[["P01", "P02", "P03"]]
        assert list(table["persen"].round(4)) == [0.5, 1.0, round(2 / 3, 4)]
        assert list(table["memenuhi"]) == [False, True, False]
        months = trend(conn, EVERYONE, prov, 2025)
        assert months.to_dict("records") == [{"bulan": 1, "indikator": 7, "indikator_tersedia": 5, "dinilai": 3,
                                              "memenuhi": 1}]
        kab = puskesmas_table(conn, EVERYONE, area(conn, Level.KABUPATEN, "99.01"), 2025, 1)
        assert sorted(kab["kode_puskesmas"]) == ["P01", "P02"]
        # a month without any LPLPO: every Puskesmas listed, none reported
        assert puskesmas_table(conn, EVERYONE, prov, 2025, 2)["item"].isna().all()


def test_a_puskesmas_items_with_the_formulas(db):
    with db.connect() as conn:
        items = item_detail(conn, EVERYONE, area(conn, Level.PUSKESMAS, "P01"), 2025, 1).set_index("kode_obat")
        same = item_detail(conn, EVERYONE, area(conn, Level.DESA, A1), 2025, 1)
    assert list(items.index) == ["OI-01", "OI-02", "OB-001"]  # indicator items first
    assert items.loc["OI-01", "rata_pemakaian"] == 45 and items.loc["OI-01", "bulan_stok"] == pytest.approx(60 / 45)
    assert bool(items.loc["OI-02", "kosong"]) and items.loc["OI-02", "nama_obat"] == "Amoksisilin kaplet 500 mg"
    assert not items.loc["OB-001", "seimbang"] and items.loc["OB-001", "sisa_hitung"] == 8
    assert bool(items.loc["OB-001", "kedaluwarsa_segera"])
    assert list(same["kode_obat"]) == list(items.index)  # a desa reads its Puskesmas


def test_ringkasan_at_a_puskesmas_and_above(db):
    with db.connect() as conn:
        pkm = ringkasan(conn, EVERYONE, area(conn, Level.PUSKESMAS, "P01"), 2025, None)
        kab = ringkasan(conn, EVERYONE, area(conn, Level.KABUPATEN, "99.01"), 2025, 1)
        prov = ringkasan(conn, EVERYONE, area(conn, Level.PROVINSI, "99"), 2025, 1)
        empty = ringkasan(conn, EVERYONE, area(conn, Level.PROVINSI, "99"), 2023, None)
    assert (pkm[0].judul, pkm[0].nilai, pkm[0].status) == ("Obat indikator tersedia", "1 dari 2 (50,0%)", "jelek")
    assert "Januari 2025" in pkm[0].catatan
    assert (pkm[1].nilai, pkm[1].status) == ("1 item", "jelek")
    assert kab[0].nilai == "1 dari 2 (50,0%)"
    assert prov[0].nilai == "1 dari 3 (33,3%)"  # a count of Puskesmas, not the mean 72,2%
    assert prov[1].nilai == "2 item"
    assert empty[0].nilai == "–" and "2023" in empty[0].catatan


def test_a_puskesmas_viewer_sees_nothing_of_another(db):
    own = Scope(Level.PUSKESMAS, "P01")
    with db.connect() as conn:
        p01 = area(conn, Level.PUSKESMAS, "P01", own)
        assert list(puskesmas_table(conn, own, p01, 2025, 1)["kode_puskesmas"]) == ["P01"]
        with pytest.raises(OutOfScope):
            area(conn, Level.PUSKESMAS, "P02", own)
        p02 = area(conn, Level.PUSKESMAS, "P02")
        for query in (lambda: puskesmas_table(conn, own, p02, 2025, 1), lambda: item_detail(conn, own, p02, 2025, 1),
                      lambda: ringkasan(conn, own, p02, 2025, 1), lambda: obat_years(conn, own, p02)):
            with pytest.raises(OutOfScope):
                query()


def state(level, kode, tahun=2025, bulan=None) -> dict:
    return {"level": level, "kode": kode, "tahun": tahun, "bulan": bulan}


@pytest.fixture
def section(db, use_db):
    return use_db(cb)


def test_the_section_at_a_puskesmas(section):
    with acting_as(Viewer("baca", Role.PEMBACA, EVERYONE)):
        out = section.show_obat(state("puskesmas", "P01"))
        out.update(section.show_obat_rincian(state("puskesmas", "P01")))
    assert out["empty"] is None and out["content"] is None and out["dinkes"] == {"display": "none"}
    assert out["period"] == "Januari 2025 · Pkm A"
    head = _text(out["head"])
    assert "1 dari 2 (50,0%)" in head and "belum memenuhi" in head
    lists = _text(out["lists"])
    assert "Amoksisilin kaplet 500 mg (OI-02)" in lists
    assert "10 + 0 − 2 = 8" in lists and "+1" in lists  # the unbalanced row, its sum written out
    assert "15 Mar 2025" in lists


def test_a_desa_shows_its_puskesmas_and_says_so(section):
    with acting_as(Viewer("baca", Role.PEMBACA, EVERYONE)):
        out = section.show_obat(state("desa", A1))
    assert "ditampilkan Pkm A" in out["period"]
    assert "1 dari 2 (50,0%)" in _text(out["head"])


def test_the_section_of_a_kabupaten_lists_its_puskesmas(section):
    with acting_as(Viewer("baca", Role.PEMBACA, EVERYONE)):
        out = section.show_obat(state("kabupaten", "99.01", bulan=1))
        out.update(section.show_obat_rincian(state("kabupaten", "99.01", bulan=1)))
    assert "1 dari 2 (50,0%)" in _text(out["head"]) and out["lists_style"] == {"display": "none"}
    assert [r["kode_puskesmas"] for r in out["rows"]] == ["P01", "P02"]  # worst first
    assert [r["status_label"] for r in out["rows"]] == ["Tidak", "Ya"]
    assert out["rows"][0]["tidak_seimbang"] == 1 and out["rows"][1]["tidak_seimbang"] is None
    assert out["columns"][0]["headerName"] == "Puskesmas" and "2 Puskesmas di" in out["grid_note"]


def test_the_section_of_a_province_compares_its_kabupaten(section):
    with acting_as(Viewer("baca", Role.PEMBACA, EVERYONE)):
        out = section.show_obat(state("provinsi", "99", bulan=1))
        out.update(section.show_obat_rincian(state("provinsi", "99", bulan=1)))
    assert "1 dari 3 (33,3%)" in _text(out["head"]) and out["lists_style"] == {"display": "none"}
    # Kab Dua: P03 (2 of 3 indicator items) misses the rule, 0 of 1; Kab Satu: P02 meets it, 1 of 2
    assert [r["kode"] for r in out["rows"]] == ["99.02", "99.01"]  # lowest share first
    assert [r["persen"] for r in out["rows"]] == [0.0, 0.5]
    assert out["rows"][1]["memenuhi_teks"] == "50,0% (1 dari 2)"
    assert [r["melapor_teks"] for r in out["rows"]] == ["1 dari 1", "2 dari 2"]
    assert out["rows"][1]["tidak_seimbang"] == 1 and out["rows"][0]["tidak_seimbang"] is None
    assert out["columns"][0]["headerName"] == "Kabupaten/kota"
    assert "2 kabupaten/kota di Provinsi Prov Uji" in out["grid_note"]
    assert "Kabupaten/kota di Prov Uji" in out["period"]


def test_the_trend_callback_at_a_puskesmas_and_above(section):
    with acting_as(Viewer("baca", Role.PEMBACA, EVERYONE)):
        pkm = section.show_obat_trend(state("puskesmas", "P01"))
        prov = section.show_obat_trend(state("provinsi", "99", bulan=1))
        none = section.show_obat_trend(state("provinsi", "99", tahun=2023))
    bars = pkm["figure"]["data"][0]
    assert bars["x"] == [1] and bars["y"] == [50.0] and bars["text"] == ["50%"]  # January 2025: 1 of 2
    assert prov["figure"]["data"][0]["y"] == pytest.approx([100 / 3])  # 1 of 3 Puskesmas
    assert "Puskesmas yang memenuhi" in prov["note"]
    assert none["figure"]["data"] == [] and none["note"] is None


def test_empty_states_are_explained(section):
    with acting_as(Viewer("baca", Role.PEMBACA, EVERYONE)):
        year = section.show_obat(state("provinsi", "99", tahun=2023))
        month = section.show_obat(state("puskesmas", "P01", bulan=5))
        hostile = section.show_obat({"level": "puskesmas", "kode": "'; DROP TABLE obat; --", "tahun": 2025})
        below = section.show_obat_rincian({"level": "puskesmas", "kode": "'; DROP TABLE obat; --", "tahun": 2025})
        quiet = section.show_obat_rincian(state("puskesmas", "P01", bulan=5))
    assert below["lists"] is None and below["rows"] == [] and below["dinkes"] == {"display": "none"}
    assert quiet["lists"] is None
    assert "tahun yang ada datanya: 2024, 2025" in _text(year["empty"])
    assert "Pkm A belum mengirim LPLPO Mei 2025." in _text(month["empty"])
    assert hostile["content"] == {"display": "none"} and "tidak ditemukan" in _text(hostile["empty"])


def test_the_section_in_a_puskesmas_scope_never_shows_another(section):
    with acting_as(Viewer("pkm-a", Role.PEMBACA, Scope(Level.PUSKESMAS, "P01"))):
        out = section.show_obat(state("puskesmas", "P02"))
    assert out["content"] == {"display": "none"} and "Pkm B" not in _text(out["empty"])


def test_the_obat_export_per_puskesmas_and_kabupaten(db):
    with db.connect() as conn:
        prov = area(conn, Level.PROVINSI, "99")
        pkm = export_view(conn, EVERYONE, "obat", ExportRequest(Level.PUSKESMAS, prov, 2025, 1))
        kab = export_view(conn, EVERYONE, "obat", ExportRequest(Level.KABUPATEN, prov, 2025, 1))
        items = export_view(conn, EVERYONE, "obat_item",
                            ExportRequest(Level.PUSKESMAS, area(conn, Level.PUSKESMAS, "P01"), 2025, 1))
        with pytest.raises(ExportError, match="per Puskesmas"):
            export_view(conn, EVERYONE, "obat", ExportRequest(Level.DESA, prov, 2025, 1))
        with pytest.raises(ExportError, match="--bulan"):
            export_view(conn, EVERYONE, "obat", ExportRequest(Level.PUSKESMAS, prov, 2025))
        with pytest.raises(ExportError, match="satu Puskesmas"):
            export_view(conn, EVERYONE, "obat_item", ExportRequest(Level.PUSKESMAS, prov, 2025, 1))
    assert list(pkm["kode"]) == ["P01", "P02", "P03"]
    assert list(pkm["persen_obat_indikator"].round(4)) == [0.5, 1.0, 0.6667]
    assert list(pkm["baris_tidak_seimbang"]) == [1, 0, 0]
    first = kab.iloc[0]
    assert (first["kode"], first["puskesmas"], first["puskesmas_memenuhi"], first["persen_puskesmas_memenuhi"]) == \
        ("99.01", 2, 1, 0.5)
    ob = items.set_index("kode_obat").loc["OB-001"]
    assert (ob["seimbang"], ob["sisa_stok"], ob["sisa_hitung"], ob["kedaluwarsa_segera"]) == ("T", 9, 8, "Y")
    assert set(VIEWS["obat"].columns) >= set(pkm.columns)
    assert set(VIEWS["obat_item"].columns) >= set(items.columns)


def test_an_item_name_that_looks_like_a_formula_is_exported_as_text(db, tmp_path, monkeypatch):
    text = sample_obat.HEADER + "P02,2025,1,OI-09,=HYPERLINK(\"http://x\"),sachet,5,0,0,5,,\n"
    path = tmp_path / "jahat.csv"
    path.write_text(text, encoding="utf-8")
    from ingest import import_file

    assert import_file(db, "obat", path).ok
    monkeypatch.setenv("DATABASE_URL", db.url.render_as_string(hide_password=False))
    dispose_engines()
    out = tmp_path / "item.csv"
    status = cli.main(["export", "obat_item", "--tahun", "2025", "--bulan", "1", "--tingkat", "puskesmas",
                       "--wilayah", "P02", "--out", str(out)])
    dispose_engines()
    assert status == 0
    frame = pd.read_csv(out, dtype=str)
    assert frame.set_index("kode_obat").loc["OI-09", "nama_obat"] == "'=HYPERLINK(\"http://x\")"


def test_the_download_is_the_cli_export_and_is_audited(db, app_client_for_obat, tmp_path):
    client = app_client_for_obat
    deps = client.get("/_dash-dependencies").get_json()
    dep = next(d for d in deps if d["output"] == f"{ObatIds.DOWNLOAD}.data")
    body = dash_client.body(dep, [1, 1, state("kabupaten", "99.01", bulan=1)])
    body["changedPropIds"] = [f"{ObatIds.DOWNLOAD_XLSX}.n_clicks"]
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    sent = response.get_json()["response"][ObatIds.DOWNLOAD]["data"]
    assert sent["filename"] == "obat-99.01-puskesmas-2025-01.xlsx"
    rows = list(load_workbook(io.BytesIO(base64.b64decode(sent["content"])), read_only=True)["OBAT"]
                .iter_rows(values_only=True))
    assert [r[0] for r in rows] == ["kode", "P01", "P02"]
    with db.connect() as conn:
        logged = conn.execute(select(schema.audit_log.c.rincian).where(schema.audit_log.c.peristiwa == "unduh"))
        assert any("tabel obat (LPLPO)" in r for r in logged.scalars())


@pytest.fixture
def app_client_for_obat(db, monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", db.url.render_as_string(hide_password=False))
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    import app
    from tests.auth_client import login

    yield login(app.server.test_client(), db, "admin-obat", Role.ADMIN, EVERYONE)
    dispose_engines()


def test_the_demo_bulk_insert_writes_what_the_import_writes(loaded, tmp_path):
    """data_access.k1_obat.insert_obat (the demo's COPY path) against the importer, same rows."""
    from data_access.k1_obat import insert_obat

    frame = pd.DataFrame([
        ("P03", 2023, 12, "OI-01", 10.0, 0.0, 4.0, 6.0, 5.0, "2024-02-29", None),
        ("P03", 2024, 1, "OI-01", 6.0, 10.0, 8.0, 8.0, None, None, None),
        ("P03", 2024, 1, "OB-002", 3.0, 0.0, 3.0, 1.0, 2.0, "2024-03-01", None),
    ], columns=["kode_puskesmas", "tahun", "bulan", "kode_obat", "stok_awal", "penerimaan", "pemakaian",
                "sisa_stok", "permintaan", "kedaluwarsa_terdekat", "obat_indikator"])
    names = pd.DataFrame({"kode_puskesmas": ["P03", "P03"], "kode_obat": ["OI-01", "OB-002"],
                          "nama_obat": ["Albendazol", "Kasa"], "satuan": ["tablet", "lembar"]})
    with loaded.begin() as conn:
        insert_obat(conn, frame, names)
    with loaded.connect() as conn:
        bulk = sorted(map(tuple, conn.execute(select(schema.obat_ringkas)).all()))
        bulk_kab = sorted(map(tuple, conn.execute(select(schema.obat_ringkas_kabupaten)).all()))
        stored = conn.execute(select(schema.obat.c.permintaan, schema.obat.c.kedaluwarsa_terdekat)
                              .order_by(schema.obat.c.tahun, schema.obat.c.kode_obat)).all()
        conn.execute(schema.obat_ringkas.delete())
        conn.execute(schema.obat_ringkas_kabupaten.delete())
        conn.execute(schema.obat_nama.delete())
        conn.execute(schema.obat.delete())
        conn.commit()
    text = sample_obat.HEADER + "".join(
        f"P03,{y},{m},{k},Nama,tablet,{a:g},{t:g},{p:g},{s:g},{'' if r != r else f'{r:g}'},"
        f"{e if isinstance(e, str) else ''}\n" for _, y, m, k, a, t, p, s, r, e, _f in frame.itertuples(index=False))
    path = tmp_path / "sama.csv"
    path.write_text(text, encoding="utf-8")
    from ingest import import_file

    assert import_file(loaded, "obat", path).ok
    with loaded.connect() as conn:
        imported = sorted(map(tuple, conn.execute(select(schema.obat_ringkas)).all()))
        imported_kab = sorted(map(tuple, conn.execute(select(schema.obat_ringkas_kabupaten)).all()))
    assert bulk == imported
    assert bulk_kab == imported_kab and ("99.02", 2024, 1) in {r[:3] for r in bulk_kab}  # and Kab Dua's sums
    assert [r[0] for r in stored] == [5.0, 2.0, None]  # a blank permintaan is NULL (COPY would write NaN)
    # January 2024: OI-01 balanced, mean (4 + 8) / 2 = 6 → 1,3 months; OB-002 written 1 where 0 is expected
    # (unbalanced), 1 ÷ 3 → kritis, expiring 01/03 (by 30/04)
    assert (2024, 1, "P03", 2, 0, 0, 1, 1, 1, 1, 1) in bulk
