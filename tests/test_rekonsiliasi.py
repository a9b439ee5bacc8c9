"""PIS-PK against the program registers (issue 16 part 4): the declared pairs, the comparison
worked out by hand (a zero denominator on either side, all-N families, the tolerance's edge,
a register read mid-year), the scatter builder, the Kualitas Data section through the real
app with crafted requests, the summary card, and `cli.py export kualitas`. SQLite and
PostgreSQL.

Hand-made data (wilayah of tests/sample.py; every family answers N except on
persalinan_faskes; year 2025; register `pf` over sasaran `bulin`):

    desa  Pkm  families (persalinan_faskes)  PIS-PK      pf          bulin  register (Dec)
    A1    P01  9 Y, 1 T                      9/10 = 90%  Jun 8 Dec 8  40     16/40 = 40%  → +50 berbeda
    A2    P01  3 families, N on all 12       none asked  Mar 5        10     5/10 = 50%   → tidak dapat (PIS-PK)
    B1    P02  3 Y, 1 T                      3/4 = 75%   Mar 4        0      sasaran 0    → tidak dapat (register)
    C1    P03  3 Y, 2 T                      3/5 = 60%   Dec 8        20     8/20 = 40%   → exactly 20: sesuai

    Pkm A (kabupaten view): PIS-PK 9/10 = 90%; register (16 + 5)/(40 + 10) = 42% → +48 berbeda.
    Read to June (bulan 6), desa A1: Jan..Jun 8 ÷ (40 × 6/12 = 20) = 40%; A2: 5 ÷ 5 = 100%.
"""
from __future__ import annotations

import io
import json
from datetime import date

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import insert

from data_access import schema
from data_access.db import dispose_engines
from data_access.rekonsiliasi import compare_at_level, rekonsiliasi_view, ringkasan
from data_access.store import refresh_iks_summary, refresh_program_summary, write_kunjungan, write_wilayah
from data_access.wilayah import resolve_area
from domain.access import Role
from domain.codes import Level
from domain.wilayah import Scope, WilayahError
from figures.rekonsiliasi import scatter
from indicators.program import INDICATOR_BY_CODE
from indicators.registry import IKS_CODES
from indicators.rekonsiliasi import (
    BERBEDA,
    PASANGAN,
    PASANGAN_BY_CODE,
    SESUAI,
    TIDAK_DAPAT,
    Pasangan,
    compare,
)
from tests.sample import WILAYAH

A1, A2, B1, C1 = "99.01.01.2001", "99.01.01.2002", "99.01.02.2001", "99.02.01.2001"
PF = PASANGAN_BY_CODE["persalinan"]


@pytest.fixture(autouse=True)
def any_number_of_families(monkeypatch):
    """The hand-built cases ask a handful of families: compared from one family up (the
    minimum the app uses, MIN_KELUARGA, is tested on its own below)."""
    monkeypatch.setattr("indicators.rekonsiliasi.MIN_KELUARGA", 1)


def test_too_few_families_asked_are_not_compared(monkeypatch):
    monkeypatch.setattr("indicators.rekonsiliasi.MIN_KELUARGA", 20)
    frame = pd.DataFrame([["a", "A", 30, 19, 0, 10.0, 20.0], ["b", "B", 30, 15, 5, 10.0, 20.0]],
                         columns=["kode", "nama", "keluarga_dikunjungi", "y", "t", "pembilang", "penyebut"])
    out = compare(PF, frame, 2025, 12).set_index("kode")
    # a: 19 families asked (all Y): below 20, no PIS-PK coverage, not compared, and why
    assert np.isnan(out.loc["a", "cakupan_pispk"]) and out.loc["a", "status"] == TIDAK_DAPAT
    assert out.loc["a", "alasan"] == ("PIS-PK: hanya 19 keluarga yang ditanya 'Persalinan di faskes', terlalu "
                                      "sedikit untuk dibandingkan (minimal 20)")
    # b: exactly 20 asked: 15 ÷ 20 = 75% against 10 ÷ 20 = 50%: 25 points apart
    assert out.loc["b", "cakupan_pispk"] == pytest.approx(0.75) and out.loc["b", "status"] == BERBEDA
    assert out.loc["b", "selisih"] == pytest.approx(25.0)


def family(idk: str, desa: str, answer: str) -> dict:
    return {"id_keluarga": idk, "tanggal_kunjungan": date(2025, 5, 1), "kode_desa": desa,
            **dict.fromkeys(IKS_CODES, "N"), "persalinan_faskes": answer}


VISITS = pd.DataFrame(
    [family(f"a1-{i}", A1, "Y") for i in range(9)] + [family("a1-9", A1, "T")]
    + [family(f"a2-{i}", A2, "N") for i in range(3)]
    + [family(f"b1-{i}", B1, "Y") for i in range(3)] + [family("b1-3", B1, "T")]
    + [family(f"c1-{i}", C1, "Y") for i in range(3)] + [family(f"c1-{i}", C1, "T") for i in (3, 4)])
LAYANAN = pd.DataFrame([(A1, 2025, 6, "pf", 8), (A1, 2025, 12, "pf", 8), (A2, 2025, 3, "pf", 5),
                        (B1, 2025, 3, "pf", 4), (C1, 2025, 12, "pf", 8)],
                       columns=["kode_desa", "tahun", "bulan", "indikator", "nilai"])
SASARAN = pd.DataFrame([(A1, 2025, "bulin", 40.0), (A2, 2025, "bulin", 10.0), (B1, 2025, "bulin", 0.0),
                        (C1, 2025, "bulin", 20.0)], columns=["kode_desa", "tahun", "sasaran", "jumlah"])


def load(engine) -> None:
    with engine.begin() as conn:
        write_wilayah(conn, WILAYAH)
        write_kunjungan(conn, VISITS)
        refresh_iks_summary(conn, VISITS["kode_desa"].unique())
        conn.execute(insert(schema.layanan), LAYANAN.to_dict("records"))
        conn.execute(insert(schema.sasaran), SASARAN.to_dict("records"))
        refresh_program_summary(conn)


@pytest.fixture
def rekon(engine):
    load(engine)
    return engine


EVERYTHING = Scope.everything()


def view_of(engine, level: Level, kode: str | None, bulan=None, scope=EVERYTHING, pair="persalinan"):
    with engine.connect() as conn:
        return rekonsiliasi_view(conn, scope, resolve_area(conn, scope, level, kode), 2025, bulan, pair)


def by_kode(rows: pd.DataFrame) -> dict:
    return {r["kode"]: r for r in rows.to_dict("records")}


# --- the declarations ---------------------------------------------------------------------------

def test_the_five_pairs_of_the_issue_name_their_register_indicators():
    pairs = {p.iks: p.register for p in PASANGAN}
    assert pairs == {"persalinan_faskes": "pf", "imunisasi_dasar": "idl", "tb_berobat": "tb_pengobatan",
                     "hipertensi_berobat": "ht_spm", "gangguan_jiwa_berobat": "odgj_berat"}
    ht = INDICATOR_BY_CODE["ht_spm"]
    assert (ht.numerator, ht.denominator) == (("ht_diobati",), "ht_estimasi")
    assert INDICATOR_BY_CODE["pf"].denominator == "bulin" and INDICATOR_BY_CODE["idl"].denominator == "bayi"
    for p in PASANGAN:
        assert p.toleransi == 20 and p.pispk_mengukur and p.register_mengukur
        assert p.bila_pispk_lebih_tinggi and p.bila_register_lebih_tinggi


def test_a_declaration_that_cannot_be_read_one_way_fails():
    text = {"pispk_mengukur": "a", "register_mengukur": "b", "bila_pispk_lebih_tinggi": "c",
            "bila_register_lebih_tinggi": "d"}
    with pytest.raises(ValueError, match="bukan indikator PWS"):
        Pasangan(code="x", iks="kb", register="tidak_ada", **text)
    with pytest.raises(ValueError, match="tanpa_register"):
        Pasangan(code="x", iks="kb", register=None, **text)
    with pytest.raises(ValueError, match="bukan cakupan tahunan"):
        Pasangan(code="x", iks="pemantauan_pertumbuhan", register="d_s", **text)  # a monthly ratio
    with pytest.raises(ValueError, match="bukan indikator PIS-PK"):
        Pasangan(code="x", iks="k6", register="pf", **text)
    assert Pasangan(code="x", iks="kb", register=None, tanpa_register="belum ada register KB", **text).register is None


# --- the comparison, by hand --------------------------------------------------------------------

def counts(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["kode", "nama", "keluarga_dikunjungi", "y", "t", "pembilang", "penyebut"])


def test_compare_by_hand_with_both_zero_denominators_and_the_tolerance_edge():
    rows = compare(PF, counts([
        ("a", "A", 10, 9, 1, 16, 40.0),      # 90% vs 40%: +50
        ("b", "B", 5, 0, 0, 5, 10.0),        # every family N: nobody asked
        ("c", "C", 4, 3, 1, 4, 0.0),         # sasaran 0
        ("d", "D", 5, 3, 2, 8, 20.0),        # 60% vs 40%: exactly 20 points
        ("e", "E", 0, 0, 0, 3, 10.0),        # no family visited
        ("f", "F", 4, 3, 1, 7, np.nan),      # sasaran not uploaded
        ("g", "G", 4, 1, 3, 9, 10.0),        # 25% vs 90%: register higher
        ("h", "H", 1000, 601, 399, 4, 10.0),  # 60,1% vs 40%: 20,1 points
        ("i", "I", 4, 3, 1, np.nan, 10.0),   # no register report
    ]), 2025, 12)
    r = by_kode(rows)
    assert r["a"]["cakupan_pispk"] == pytest.approx(0.9) and r["a"]["cakupan_register"] == pytest.approx(0.4)
    assert r["a"]["selisih"] == pytest.approx(50) and r["a"]["status"] == BERBEDA
    assert r["a"]["kemungkinan"] == PF.bila_pispk_lebih_tinggi and r["a"]["alasan"] == ""
    assert r["b"]["status"] == TIDAK_DAPAT and "semua jawaban N" in r["b"]["alasan"]
    assert np.isnan(r["b"]["cakupan_pispk"]) and r["b"]["cakupan_register"] == pytest.approx(0.5)
    assert r["c"]["status"] == TIDAK_DAPAT and np.isnan(r["c"]["cakupan_register"])
    assert r["c"]["alasan"] == "Register: sasaran ibu bersalin/nifas tahun 2025 bernilai 0"
    assert r["d"]["selisih"] == pytest.approx(20) and r["d"]["status"] == SESUAI and r["d"]["kemungkinan"] == ""
    assert r["e"]["alasan"] == "PIS-PK: belum ada keluarga yang dikunjungi s.d. akhir 2025"
    assert r["f"]["alasan"] == "Register: sasaran ibu bersalin/nifas tahun 2025 belum diunggah"
    assert r["g"]["status"] == BERBEDA and r["g"]["selisih"] == pytest.approx(-65)
    assert r["g"]["kemungkinan"] == PF.bila_register_lebih_tinggi
    assert r["h"]["status"] == BERBEDA
    assert r["i"]["alasan"] == "Register: belum ada laporan Persalinan di fasyankes Januari–Desember 2025"
    assert not rows["selisih"][rows["status"] == TIDAK_DAPAT].notna().any()  # no difference computed


def test_both_sides_missing_name_both_reasons():
    r = compare(PF, counts([("x", "X", 2, 0, 0, 1, 0.0)]), 2025, 12).iloc[0]
    assert r["alasan"].startswith("PIS-PK: tidak ada keluarga") and r["alasan"].endswith("bernilai 0")


def test_an_annual_sasaran_is_taken_for_the_months_read_but_a_flow_is_not():
    june = compare(PF, counts([("a", "A", 10, 9, 1, 10, 40.0)]), 2025, 6).iloc[0]
    assert june["penyebut_periode"] == pytest.approx(20) and june["cakupan_register"] == pytest.approx(0.5)
    tb = PASANGAN_BY_CODE["tb"]  # treated ÷ diagnosed, both January..June
    flow = compare(tb, counts([("a", "A", 10, 1, 1, 9, 10.0)]), 2025, 6).iloc[0]
    assert flow["cakupan_register"] == pytest.approx(0.9)
    assert compare(tb, counts([("a", "A", 10, 1, 1, 0, 0.0)]), 2025, 6).iloc[0]["alasan"] == (
        "Register: TB terdiagnosis Januari–Juni 2025 bernilai 0")
    none = compare(PF, counts([("a", "A", 10, 9, 1, np.nan, np.nan)]), 2025, None).iloc[0]
    assert none["alasan"] == "Register: belum ada laporan Persalinan di fasyankes tahun 2025"


# --- the scatter --------------------------------------------------------------------------------

def test_scatter_draws_comparable_areas_the_diagonal_and_the_band():
    rows = compare(PF, counts([("a", "<b>A</b>", 10, 9, 1, 16, 40.0), ("d", "D", 5, 3, 2, 8, 20.0),
                               ("b", "Desa Semua N", 5, 0, 0, 5, 10.0)]), 2025, 12)
    fig = scatter(rows, toleransi=20, judul_x="Register", judul_y="PIS-PK", sorot="d")
    json.dumps(fig)  # plain data
    lower, upper, diagonal, *points = fig["data"]
    assert (lower["y"], upper["y"], upper["fill"]) == ([-20, 80], [20, 120], "tonexty")
    assert diagonal["x"] == diagonal["y"] == [0, 100]
    beyond, inside = points
    assert beyond["x"] == [pytest.approx(40)] and beyond["y"] == [pytest.approx(90)]
    assert beyond["marker"]["symbol"] == "diamond" and beyond["text"] == ["&lt;b&gt;A&lt;/b&gt;"]
    assert inside["x"] == [pytest.approx(40)] and inside["y"] == [pytest.approx(60)]
    assert inside["marker"]["line"]["width"] == [3]  # the chosen desa is outlined
    assert "Semua N" not in json.dumps(fig["data"])  # not comparable: left out (the table says why)
    assert fig["layout"]["xaxis"]["range"] == fig["layout"]["yaxis"]["range"] == [0, 100]


def test_scatter_widens_for_coverage_above_100_and_says_when_nothing_compares():
    rows = compare(PF, counts([("a", "A", 10, 9, 1, 52, 40.0)]), 2025, 12)  # register 130%
    assert scatter(rows, toleransi=20, judul_x="x", judul_y="y")["layout"]["xaxis"]["range"] == [0, 130]
    empty = scatter(rows.iloc[0:0], toleransi=20, judul_x="x", judul_y="y", kosong="Tidak ada.")
    assert empty["data"] == [] and empty["layout"]["annotations"][0]["text"] == "Tidak ada."


def test_only_points_outside_the_band_and_the_chosen_one_are_named():
    many = counts([(f"k{i}", f"D{i}", 10, 5, 5, 20, 40.0) for i in range(15)] + [("z", "Z", 10, 9, 1, 4, 40.0)])
    fig = scatter(compare(PF, many, 2025, 12), toleransi=20, judul_x="x", judul_y="y", sorot="k3")
    beyond, inside = fig["data"][3:]
    assert beyond["text"] == ["Z"] and [t for t in inside["text"] if t] == ["D3"]
    two = counts([("a", "A", 10, 9, 1, 16, 40.0), ("b", "B", 10, 10, 0, 18, 40.0)])  # neighbours outside the band
    assert scatter(compare(PF, two, 2025, 12), toleransi=20, judul_x="x", judul_y="y")["data"][3][
        "textposition"] == ["bottom center", "top center"]  # the higher one's name above it
    assert len(inside["hovertext"]) == 15 and "D7" in inside["hovertext"][7]


# --- the queries ----------------------------------------------------------------------------------

def test_puskesmas_view_compares_its_desa_by_hand(rekon):
    view = view_of(rekon, Level.PUSKESMAS, "P01")
    assert view.level == Level.DESA and view.bulan == 12 and view.sorot is None
    r = by_kode(view.rows)
    assert list(r) == [A1, A2]
    assert (r[A1]["y"], r[A1]["t"], r[A1]["pembilang"], r[A1]["penyebut"]) == (9, 1, 16, 40)
    assert r[A1]["status"] == BERBEDA and r[A1]["selisih"] == pytest.approx(50)
    assert r[A2]["status"] == TIDAK_DAPAT and "semua jawaban N" in r[A2]["alasan"]
    assert r[A2]["cakupan_register"] == pytest.approx(0.5)


def test_a_register_read_to_june_is_compared_at_the_years_pace(rekon):
    r = by_kode(view_of(rekon, Level.PUSKESMAS, "P01", bulan=6).rows)
    assert r[A1]["cakupan_register"] == pytest.approx(0.4) and r[A2]["cakupan_register"] == pytest.approx(1.0)


def test_kabupaten_view_is_per_puskesmas_and_zero_sasaran_is_not_compared(rekon):
    view = view_of(rekon, Level.KABUPATEN, "99.01")
    r = by_kode(view.rows)
    assert view.level == Level.PUSKESMAS and list(r) == ["P01", "P02"]
    assert r["P01"]["cakupan_pispk"] == pytest.approx(0.9) and r["P01"]["cakupan_register"] == pytest.approx(0.42)
    assert r["P01"]["status"] == BERBEDA
    assert r["P02"]["status"] == TIDAK_DAPAT and r["P02"]["alasan"] == (
        "Register: sasaran ibu bersalin/nifas tahun 2025 bernilai 0")


def test_a_desa_is_shown_among_its_puskesmas_desa_and_other_pairs_without_registers_say_so(rekon):
    view = view_of(rekon, Level.DESA, A1)
    assert view.sorot == A1 and list(view.rows["kode"]) == [A1, A2]
    idl = view_of(rekon, Level.PUSKESMAS, "P01", pair="imunisasi")
    assert idl.bulan is None and set(idl.rows["status"]) == {TIDAK_DAPAT}
    assert "Register: belum ada laporan Imunisasi dasar lengkap (IDL) tahun 2025" in idl.rows.iloc[0]["alasan"]


def test_the_exact_tolerance_is_inside_in_a_kabupaten_view(rekon):
    r = by_kode(view_of(rekon, Level.KABUPATEN, "99.02").rows)
    assert r["P03"]["selisih"] == pytest.approx(20) and r["P03"]["status"] == SESUAI


def test_queries_refuse_an_area_outside_the_scope(rekon):
    pkm_b = Scope(Level.PUSKESMAS, "P02")
    with rekon.connect() as conn:
        with pytest.raises(WilayahError):
            resolve_area(conn, pkm_b, Level.PUSKESMAS, "P01")
        foreign = resolve_area(conn, EVERYTHING, Level.PUSKESMAS, "P01")
        with pytest.raises(WilayahError):
            compare_at_level(conn, pkm_b, foreign, Level.DESA, 2025, None, PF)
        with pytest.raises(WilayahError):
            rekonsiliasi_view(conn, pkm_b, foreign, 2025, None, "persalinan")


def test_summary_card_counts_areas_beyond_the_tolerance(rekon):
    with rekon.connect() as conn:
        pkm = resolve_area(conn, EVERYTHING, Level.PUSKESMAS, "P01")
        (card,) = ringkasan(conn, EVERYTHING, pkm, 2025, None)
        assert (card.judul, card.nilai, card.status) == ("PIS-PK berbeda dari register", "1 desa", "cukup")
        assert card.catatan == "berbeda > 20 poin: Persalinan di faskes 1"
        (later,) = ringkasan(conn, EVERYTHING, pkm, 2024, None)  # no register that year, no visits
        assert later.nilai == "–" and "belum ada desa yang dapat dibandingkan" in later.catatan
        (desa,) = ringkasan(conn, EVERYTHING, resolve_area(conn, EVERYTHING, Level.DESA, A1), 2025, None)
        assert (desa.nilai, desa.catatan) == ("1 dari 1 pasangan", "berbeda: Persalinan di faskes")
        (silent,) = ringkasan(conn, EVERYTHING, resolve_area(conn, EVERYTHING, Level.DESA, A2), 2025, None)
        assert silent.nilai == "–" and "Desa A2" in silent.catatan  # all N: nothing to compare


# --- the section through the real app -------------------------------------------------------------

@pytest.fixture
def rekon_app(rekon, monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", rekon.url.render_as_string(hide_password=False))
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    yield rekon
    dispose_engines()


def client_of(engine, nama, role, scope):
    import app
    from tests.auth_client import login

    return login(app.server.test_client(), engine, nama, role, scope)


def post(client, values: list, output_part: str = "kd-rekon-grafik.figure"):
    from tests import dash_client

    deps = client.get("/_dash-dependencies").get_json()
    dep = next(d for d in deps if output_part in d["output"])
    body = dash_client.body(dep, values)
    body["changedPropIds"] = [f"{dep['inputs'][1]['id']}.{dep['inputs'][1]['property']}"]
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_json()["response"]


def state(level, kode, tahun=2025, bulan=None):
    return {"level": level, "kode": kode, "tahun": tahun, "bulan": bulan}


def test_section_shows_the_scatter_and_the_table_with_the_sentence(rekon_app):
    client = client_of(rekon_app, "pkm-a", Role.PEMBACA, Scope(Level.PUSKESMAS, "P01"))
    out = post(client, [state("puskesmas", "P01"), "persalinan"])
    text = json.dumps(out, ensure_ascii=False)
    figure = out["kd-rekon-grafik"]["figure"]
    assert [t.get("name") for t in figure["data"]][-1] == "Berbeda > 20 poin"
    assert "1 desa berbeda lebih dari 20 poin" in text and "Desa A1" in text and "+50,0 poin" in text
    assert PF.bila_pispk_lebih_tinggi in text and PF.pispk_mengukur in text and PF.register_mengukur in text
    assert "Tidak dapat dibandingkan (1 desa)" in text and "semua jawaban N" in text
    assert "register Januari–Desember 2025" in text


def test_section_refuses_a_crafted_pair_and_another_puskesmas(rekon_app):
    client = client_of(rekon_app, "pkm-b", Role.PEMBACA, Scope(Level.PUSKESMAS, "P02"))
    for crafted in ("tidak_ada", ["persalinan"], {"a": 1}, None, "<script>"):
        assert "Pilih pasangan indikator dari daftar." in json.dumps(post(client, [state("puskesmas", "P02"), crafted]))
    for foreign in (state("puskesmas", "P01"), state("desa", A1), state("kabupaten", "99.01")):
        text = json.dumps(post(client, [foreign, "persalinan"]), ensure_ascii=False)
        assert "tidak ditemukan di wilayah yang boleh Anda lihat" in text
        assert "Desa A1" not in text and "Pkm A" not in text


def test_section_without_a_year_or_anything_comparable_explains(rekon_app):
    client = client_of(rekon_app, "admin-uji", Role.ADMIN, Scope.everything())
    assert "pilih tahun di filter" in json.dumps(post(client, [state("puskesmas", "P01", tahun=None), "persalinan"]))
    text = json.dumps(post(client, [state("puskesmas", "P01"), "jiwa"]), ensure_ascii=False)
    assert "Tidak ada desa yang dapat dibandingkan untuk Gangguan jiwa berobat, tahun 2025." in text


def test_the_summary_row_carries_the_card(rekon_app):
    client = client_of(rekon_app, "pkm-a", Role.PEMBACA, Scope(Level.PUSKESMAS, "P01"))
    from tests import dash_client

    deps = client.get("/_dash-dependencies").get_json()
    dep = next(d for d in deps if "kd-ringkasan.children" in d["output"])
    response = client.post("/_dash-update-component", json=dash_client.body(dep, [state("puskesmas", "P01")]))
    text = json.dumps(response.get_json()["response"], ensure_ascii=False)
    assert "PIS-PK berbeda dari register" in text and "1 desa" in text


# --- the export ---------------------------------------------------------------------------------

def test_export_kualitas_rows_by_hand_and_escaped(rekon, tmp_path, monkeypatch):
    import cli

    monkeypatch.setenv("DATABASE_URL", rekon.url.render_as_string(hide_password=False))
    with rekon.begin() as conn:  # a desa name that a spreadsheet would run as a formula
        conn.execute(schema.desa.update().where(schema.desa.c.kode == A1).values(nama="=HYPERLINK(\"x\")"))
    out = tmp_path / "k.csv"
    assert cli.main(["export", "kualitas", "--tahun", "2025", "--tingkat", "desa", "--wilayah", "P01",
                     "--out", str(out)]) == 0
    rows = pd.read_csv(out, dtype=str, keep_default_na=False)
    from exports.kualitas import KUALITAS_COLUMNS

    assert list(rows.columns) == KUALITAS_COLUMNS
    assert len(rows) == 2 * len([p for p in PASANGAN if p.register])
    pf = rows[rows["register"] == "pf"].set_index("kode_wilayah")
    a1 = pf.loc[A1]
    assert (a1["bagian"], a1["tahun"], a1["bulan"], a1["ukuran"], a1["status"]) == (
        "rekonsiliasi", "2025", "12", "persalinan_faskes", "berbeda")
    assert float(a1["nilai"]) == pytest.approx(0.9) and float(a1["pembanding"]) == pytest.approx(0.4)
    assert float(a1["batas"]) == pytest.approx(0.2) and a1["keterangan"] == PF.bila_pispk_lebih_tinggi
    assert a1["nama_wilayah"].startswith("'=")  # written as text, not a formula
    assert pf.loc[A2, "status"] == "tidak_dapat_dibandingkan" and "semua jawaban N" in pf.loc[A2, "keterangan"]
    assert pf.loc[A2, "nilai"] == ""  # empty, not 0
    xlsx = tmp_path / "k.xlsx"
    assert cli.main(["export", "kualitas", "--tahun", "2025", "--tingkat", "puskesmas", "--out", str(xlsx)]) == 0
    book = load_workbook(io.BytesIO(xlsx.read_bytes()))
    assert book.sheetnames[0] == "KUALITAS" and "Keterangan" in book.sheetnames


def test_export_kualitas_is_scoped_to_the_user(rekon, tmp_path, monkeypatch, capsys):
    import cli
    from tests.auth_client import ensure_user

    monkeypatch.setenv("DATABASE_URL", rekon.url.render_as_string(hide_password=False))
    ensure_user(rekon, "pkm-b", Role.PEMBACA, Scope(Level.PUSKESMAS, "P02"), "rahasia-panjang-1")
    out = tmp_path / "k.csv"
    assert cli.main(["export", "kualitas", "--tahun", "2025", "--tingkat", "desa", "--pengguna", "pkm-b",
                     "--out", str(out)]) == 0
    assert set(pd.read_csv(out, dtype=str)["kode_wilayah"]) == {B1}
    assert cli.main(["export", "kualitas", "--tahun", "2025", "--tingkat", "desa", "--wilayah", "P01",
                     "--pengguna", "pkm-b", "--out", str(tmp_path / "x.csv")]) != 0
    assert not (tmp_path / "x.csv").exists()
    assert cli.main(["export", "kualitas", "--tahun", "2019", "--tingkat", "desa", "--out", str(out)]) == 1
    assert "Tahun yang ada datanya: 2025" in capsys.readouterr().err


def test_the_export_columns_and_row_sources_are_documented():
    from pathlib import Path

    from exports.kualitas import KUALITAS_COLUMNS, KUALITAS_MEANING, ROW_SOURCES
    from exports.views import VIEWS

    assert list(KUALITAS_MEANING) == KUALITAS_COLUMNS and VIEWS["kualitas"].columns is KUALITAS_MEANING
    page = (Path(__file__).resolve().parents[1] / "docs" / "ekspor.md").read_text(encoding="utf-8")
    section = page.split("## Tampilan `kualitas`", 1)[1].split("\n## ", 1)[0]
    for col in KUALITAS_COLUMNS:
        assert f"| `{col}` |" in section, col
    for source in ROW_SOURCES:
        assert f"`{source.bagian}`" in section
    for p in PASANGAN:
        assert f"`{p.iks}`" in section and f"`{p.register}`" in section
