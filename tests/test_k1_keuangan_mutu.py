"""Klaster 1 keuangan and mutu on SQLite and PostgreSQL: the Puskesmas-level registers they
become, summed into the per-area summaries beside the desa-derived ones (a layanan import
keeps the keuangan rows and the reverse), the PWS values worked out by hand (January, a pagu
of 0, realisasi above pagu, a revised pagu), the Puskesmas-level panel scoped to the viewer,
and every bad input named as `baris N, kolom C` with nothing stored."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from data_access import schema
from data_access.pws import pws_by_level, pws_view
from data_access.store import write_puskesmas_registers
from data_access.wilayah import resolve_area
from domain.access import Role, Viewer
from domain.codes import Level
from domain.wilayah import NASIONAL, Scope, WilayahError
from figures.lokmin import slide_figure
from ingest import import_file
from tests.test_import_bad_input import assert_rejected, counts

ALL = Scope(Level.NASIONAL, None)
PKM_A = Viewer("pkm-a", Role.PENGELOLA, Scope(Level.PUSKESMAS, "P01"))
KEU = ["kode_puskesmas", "tahun", "bulan", "sumber_dana", "pagu", "realisasi"]
MUTU = ["kode_puskesmas", "tahun", "bulan", "indikator", "pembilang", "penyebut"]


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    path.write_text("\n".join([",".join(header)] + [",".join(str(v) for v in r) for r in rows]) + "\n",
                    encoding="utf-8")
    return path


# Pkm A (P01): BOK pagu 1.200.000, spent 100.000 a month (Jan–Mar), then the pagu is revised to
# 1.000.000 in March: cumulative 300.000 ÷ 1.000.000 = 30% vs the line 3/12 = 25% → above it.
# JKN kapitasi: pagu 0, spent 50.000 in January (no percentage: pagu 0).
# Pkm B (P02): BOK pagu 100.000, spent 150.000 in January: 150% (> 100%, not clipped).
KEUANGAN = [
    ["P01", 2025, 1, "BOK", 1200000, 100000],
    ["P01", 2025, 2, "bok", 1200000, 100000],
    ["P01", 2025, 3, "bok", 1000000, 100000],
    ["P01", 2025, 1, "JKN Kapitasi", 0, 50000],
    ["P02", 2025, 1, "bok", 100000, 150000],
]


@pytest.fixture
def keuangan(loaded, tmp_path):
    result = import_file(loaded, "keuangan", write_csv(tmp_path / "k.csv", KEU, KEUANGAN))
    assert result.ok, result.message
    return loaded


def area(conn, level, kode):
    return resolve_area(conn, ALL, level, kode) if kode else NASIONAL


def test_keuangan_becomes_puskesmas_registers_and_pagu_of_latest_month(keuangan):
    with keuangan.connect() as conn:
        lp = {(r.kode_puskesmas, r.bulan, r.indikator): r.nilai
              for r in conn.execute(select(schema.layanan_puskesmas))}
        sp = {(r.kode_puskesmas, r.sasaran): r.jumlah for r in conn.execute(select(schema.sasaran_puskesmas))}
    assert lp[("P01", 1, "realisasi_total")] == 150000  # BOK 100.000 + JKN 50.000
    assert lp[("P01", 3, "realisasi_bok")] == 100000
    assert sp[("P01", "pagu_bok")] == 1000000  # revised in March
    assert sp[("P01", "pagu_jkn_kapitasi")] == 0
    assert sp[("P01", "pagu_total")] == 1000000
    assert sp[("P02", "pagu_total")] == 100000


def test_realisasi_against_linear_target_by_hand(keuangan):
    with keuangan.connect() as conn:
        kab = area(conn, Level.KABUPATEN, "99.01")
        view = pws_view(conn, ALL, kab, 2025, 3, "realisasi_bok")
        rows = {k: i for i, k in enumerate(view.rows["kode"])}
        a, b = rows["P01"], rows["P02"]
        assert view.rows["capaian_kumulatif"][a] == 300000
        assert view.rows["cakupan_kumulatif"][a] == pytest.approx(0.30)
        assert view.rows["target_bulan_ini"][a] == pytest.approx(0.25)  # 100% × 3/12
        assert view.rows["cakupan_kumulatif"][b] == pytest.approx(1.5)  # above pagu, not clipped
        # the kabupaten: (300.000 + 150.000) ÷ (1.000.000 + 100.000)
        assert view.total["cakupan_kumulatif"] == pytest.approx(450000 / 1100000)
        jan = pws_view(conn, ALL, kab, 2025, 1, "realisasi_bok")
        assert jan.rows["target_bulan_ini"][a] == pytest.approx(1 / 12)
        assert jan.rows["cakupan_kumulatif"][a] == pytest.approx(0.1)


def test_pagu_0_shows_no_percentage_and_says_why(keuangan):
    with keuangan.connect() as conn:
        pkm = area(conn, Level.PUSKESMAS, "P01")
        view = pws_view(conn, ALL, pkm, 2025, 1, "realisasi_jkn_kapitasi")
        assert view.total["capaian_kumulatif"] == 50000
        assert view.total["cakupan_kumulatif"] != view.total["cakupan_kumulatif"]  # NaN
        assert view.total["status"] in (None, "")
        assert "pagu 0: persentase tidak dihitung" in view.total["alasan"]
        frame = pws_by_level(conn, ALL, pkm, Level.PUSKESMAS, 2025, 1, "realisasi_jkn_kapitasi")
        assert "pagu 0" in frame.iloc[0]["alasan"]


def test_puskesmas_level_panel_shows_the_puskesmas_itself_and_not_its_siblings(keuangan):
    own = Scope(Level.PUSKESMAS, "P01")
    with keuangan.connect() as conn:
        pkm = resolve_area(conn, own, Level.PUSKESMAS, "P01")
        view = pws_view(conn, own, pkm, 2025, 3, "realisasi_bok")
        assert list(view.rows["kode"]) == ["P01"]
        assert view.total["cakupan_kumulatif"] == pytest.approx(0.30)
        desa = resolve_area(conn, own, Level.DESA, "99.01.01.2001")
        at_desa = pws_view(conn, own, desa, 2025, 3, "realisasi_bok")
        assert list(at_desa.rows["kode"]) == ["P01"]  # the desa's Puskesmas
        with pytest.raises(WilayahError):
            resolve_area(conn, own, Level.PUSKESMAS, "P02")


def test_the_map_box_is_hidden_where_a_puskesmas_level_indicator_has_no_map(keuangan, use_db):
    """Below the kabupaten a Puskesmas-level indicator has no desa with values: the map's column
    goes away and the bars take the width (no empty map box); per kabupaten the map is drawn."""
    import callbacks.pws as cb

    pws = use_db(cb)
    page = {"page": "klaster-1"}
    for level, kode in (("puskesmas", "P01"), ("desa", "99.01.01.2001")):
        state = {"level": level, "kode": kode, "tahun": 2025, "bulan": 3}
        out = pws.show_map(state, "realisasi_bok", "status", page)
        assert (out["spec"], out["map_col"], out["bars_width"]) == (None, {"display": "none"}, 12)
    out = pws.show_map({"level": "kabupaten", "kode": "99.01", "tahun": 2025, "bulan": 3},
                       "realisasi_bok", "status", page)
    assert out["spec"] is not None and (out["map_col"], out["bars_width"]) == (None, 6)
    # a desa-level indicator at a Puskesmas keeps its map of desa
    out = pws.show_map({"level": "puskesmas", "kode": "P01", "tahun": 2025, "bulan": 3}, "k6", "status",
                       {"page": "klaster-2"})
    assert (out["map_col"], out["bars_width"]) == (None, 6)


def test_layanan_import_keeps_keuangan_summary_and_the_reverse(keuangan, tmp_path):
    lw = schema.layanan_bulanan

    def summary(conn):
        return sorted(map(tuple, conn.execute(select(lw.c.tingkat, lw.c.kode, lw.c.indikator, lw.c.n01))))

    layanan = write_csv(tmp_path / "l.csv", ["kode_desa", "tahun", "bulan", "indikator", "nilai"],
                        [["99.01.01.2001", 2025, 1, "k1", 7]])
    assert import_file(keuangan, "layanan", layanan).ok
    with keuangan.connect() as conn:
        after_layanan = summary(conn)
    assert ("kabupaten", "99.01", "realisasi_total", 150000 + 150000) in after_layanan
    assert ("puskesmas", "P01", "k1", 7) in after_layanan
    more = write_csv(tmp_path / "k2.csv", KEU, [["P03", 2025, 1, "apbd", 10, 5]])
    assert import_file(keuangan, "keuangan", more).ok
    with keuangan.connect() as conn:
        after = summary(conn)
    assert ("puskesmas", "P01", "k1", 7) in after and ("kabupaten", "99.01", "k1", 7) in after
    assert ("provinsi", "99", "realisasi_total", 300000 + 5) in after


def test_write_puskesmas_registers_refuses_a_desa_code(loaded):
    import pandas as pd
    with loaded.begin() as conn, pytest.raises(ValueError, match="bukan kode tingkat Puskesmas"):
        write_puskesmas_registers(conn, pd.DataFrame([{"kode_puskesmas": "P01", "tahun": 2025, "bulan": 1,
                                                       "indikator": "k1", "nilai": 3}]))


def test_obat_registers_written_by_another_dataset_reach_the_panel(loaded):
    import pandas as pd
    frame = pd.DataFrame([{"kode_puskesmas": "P01", "tahun": 2025, "bulan": 2, "indikator": c, "nilai": n}
                          for c, n in (("obat_indikator_tersedia", 30), ("obat_indikator_dilaporkan", 40))])
    with loaded.begin() as conn:
        write_puskesmas_registers(conn, frame)
    with loaded.connect() as conn:
        view = pws_view(conn, ALL, area(conn, Level.KABUPATEN, "99.01"), 2025, 2, "obat_indikator")
        rows = dict(zip(view.rows["kode"], view.rows["cakupan_kumulatif"]))
        assert rows["P01"] == pytest.approx(0.75)
        status = dict(zip(view.rows["kode"], view.rows["alasan"]))
        assert "Belum ada laporan" in status["P02"]  # not 0%


def test_layanan_refuses_a_puskesmas_level_code(loaded, tmp_path):
    before = counts(loaded)
    path = write_csv(tmp_path / "l.csv", ["kode_desa", "tahun", "bulan", "indikator", "nilai"],
                     [["99.01.01.2001", 2025, 1, "realisasi_bok", 7]])
    assert_rejected(loaded, before, import_file(loaded, "layanan", path),
                    "baris 2, kolom indikator: indikator 'realisasi_bok' dicatat per Puskesmas, bukan per "
                    "desa: unggah lewat dataset keuangan")


def test_mutu_by_hand_and_pembilang_above_penyebut_refused(loaded, tmp_path):
    good = write_csv(tmp_path / "m.csv", MUTU, [["P01", 2025, 1, "kebersihan_tangan", 170, 200],
                                                 ["P01", 2025, 2, "mutu_kebersihan_tangan", 150, 200],
                                                 ["P02", 2025, 2, "Kebersihan Tangan", 190, 200]])
    assert import_file(loaded, "mutu", good).ok
    with loaded.connect() as conn:
        view = pws_view(conn, ALL, area(conn, Level.KABUPATEN, "99.01"), 2025, 2, "mutu_kebersihan_tangan")
        rows = dict(zip(view.rows["kode"], zip(view.rows["cakupan_kumulatif"], view.rows["status"])))
        # February on its own: 150/200 = 75% < 85% and down from January's 85% → jelek
        assert rows["P01"][0] == pytest.approx(0.75) and rows["P01"][1] == "jelek"
        assert rows["P02"][0] == pytest.approx(0.95) and rows["P02"][1] == "baik"
        assert view.total["cakupan_kumulatif"] == pytest.approx(340 / 400)
    before = counts(loaded)
    bad = write_csv(tmp_path / "b.csv", MUTU, [["P01", 2025, 3, "apd", 11, 10],
                                                ["P01", 2025, 3, "bukan_kode", 1, 10],
                                                ["P01", 2025, 3, "anc", -1, 10]])
    assert_rejected(loaded, before, import_file(loaded, "mutu", bad),
                    "baris 2, kolom pembilang: pembilang 11 lebih besar dari penyebut 10: yang memenuhi "
                    "tidak mungkin lebih banyak dari yang diamati; periksa kedua angka")


def test_keuangan_bad_input_named_and_scoped(loaded, tmp_path):
    before = counts(loaded)
    bad = write_csv(tmp_path / "b.csv", KEU, [["P01", 2025, 1, "hibah", 10, 5],
                                               ["P01", 2025, 13, "bok", 10, 5],
                                               ["P01", 2025, 1, "bok", -10, 5],
                                               ["P02", 2025, 1, "bok", 10, 5]])
    result = import_file(loaded, "keuangan", bad, viewer=PKM_A)
    shown = assert_rejected(loaded, before, result)
    text = "\n".join(shown)
    assert "baris 2, kolom sumber_dana: sumber dana 'hibah' tidak dikenal" in text
    assert "baris 3, kolom bulan" in text and "baris 4, kolom pagu" in text
    assert "baris 5, kolom kode_puskesmas" in text  # another Puskesmas' row, for a Puskesmas user


# --- the scorecard's Klaster 1 group (shown, never scored) and the summary row ----------------

def test_scorecard_shows_klaster_1_for_puskesmas_rows_and_does_not_score_it(loaded, tmp_path, request):
    from data_access.skor import scorecard, scorecard_by_level
    from exports.views import scorecard_table
    from indicators.skor import K1_CODES
    from tests.conftest import _load_sample_and_pws, loaded_with

    loaded_with(request, loaded, "sample_pws", _load_sample_and_pws)  # Klaster 2–4 registers: scores

    with loaded.connect() as conn:
        before = scorecard(conn, ALL, area(conn, Level.KABUPATEN, "99.01"), 2025, 3)
        scores_before = list(before.rows["skor"])
        assert not np.isnan(scores_before).all()
    assert import_file(loaded, "keuangan", write_csv(tmp_path / "k.csv", KEU, KEUANGAN)).ok
    with loaded.connect() as conn:
        kab = area(conn, Level.KABUPATEN, "99.01")
        card = scorecard(conn, ALL, kab, 2025, 3)
        assert [i.code for i in card.k1] == list(K1_CODES)
        rows = {k: i for i, k in enumerate(card.rows["kode"])}
        assert card.rows["realisasi_bok"][rows["P01"]] == pytest.approx(0.30)
        assert card.rows["realisasi_bok"][rows["P02"]] == pytest.approx(1.5)
        assert card.total["realisasi_bok"] == pytest.approx(450000 / 1100000)
        # the score counts Klaster 2–4 only: the same as before the keuangan import
        np.testing.assert_array_equal(card.rows["skor"], scores_before)
        # rows of desa: no Klaster 1 group
        pkm = scorecard(conn, ALL, area(conn, Level.PUSKESMAS, "P01"), 2025, 3)
        assert pkm.k1 == () and "realisasi_bok" not in pkm.rows
        table = scorecard_table(pkm.rows)
        assert table["alasan_realisasi_bok"].str.contains("dicatat per Puskesmas").all()
        export = scorecard_table(scorecard_by_level(conn, ALL, kab, Level.PUSKESMAS, 2025, 3))
        assert export.set_index("kode").loc["P01", "realisasi_bok"] == pytest.approx(0.30)
        jkn = scorecard_table(scorecard_by_level(conn, ALL, kab, Level.PUSKESMAS, 2025, 1)).set_index("kode")
        assert "pagu 0" in jkn.loc["P01", "alasan_realisasi_jkn_kapitasi"]


def test_summary_row_figures(keuangan, tmp_path):
    from data_access.k1_keuangan import ringkasan
    from data_access.k1_mutu import ringkasan as ringkasan_mutu

    with keuangan.connect() as conn:
        kab = area(conn, Level.KABUPATEN, "99.01")
        (money,) = ringkasan(conn, ALL, kab, 2025, 3)
        # all sources: (300.000 + 50.000 + 150.000) ÷ (1.000.000 + 0 + 100.000)
        assert money.nilai == "45,5%" and "Rp 500.000 dari Rp 1.100.000" in money.catatan
        (quality,) = ringkasan_mutu(conn, ALL, kab, 2025, 3)
        assert quality.nilai == "–" and "belum ada laporan mutu" in quality.catatan


def test_lokmin_deck_builds_with_klaster_1_data(keuangan):
    from data_access.lokmin import build_deck

    own = Scope(Level.PUSKESMAS, "P01")
    with keuangan.connect() as conn:
        deck = build_deck(conn, own, resolve_area(conn, own, Level.PUSKESMAS, "P01"), 2025, 3)
    keys = [s.key for s in deck.slides]
    assert keys[0] == "judul" and keys[-1] == "penutup"
    assert not any("realisasi" in k or "mutu_" in k for k in keys)  # indicator slides: Klaster 2–4
    # Klaster 1 has one slide after the scorecard: the page's summary cards. P01, Januari–Maret:
    # (300.000 + 50.000) ÷ 1.000.000 = 35,0% against the linear 25%: baik; no LPLPO and no mutu
    # report: shown without a status, not counted as assessed
    assert keys.index("manajemen") == keys.index("skor") + 1
    slide = deck.slides[keys.index("manajemen")]
    assert slide.judul == ("Klaster 1 Maret 2025: tidak ada hal manajemen yang perlu perhatian "
                           "(1 dinilai, 2 tanpa status)")
    assert [(r["nilai"], r["status"]) for r in slide.data["baris"]] == [("35,0%", "baik"), ("–", None), ("–", None)]
    figure = slide_figure(slide)
    assert list(figure["data"][0]["cells"]["values"][1]) == ["35,0%", "–", "–"]


def test_the_klaster_1_slide_names_what_needs_attention_first(keuangan, monkeypatch):
    import data_access.lokmin as lokmin
    from indicators.klaster1 import Ringkasan

    cards = [Ringkasan("Jenis tenaga minimal", "8 dari 9", "kurang ATLM", "cukup"),
             Ringkasan("Obat indikator tersedia", "70,0%", "standar ≥ 80%", "jelek"),
             Ringkasan("Alat berfungsi", "29 dari 37", "", "kurang"),
             Ringkasan("Realisasi anggaran", "86,6%", "", "baik")]
    monkeypatch.setattr(lokmin, "K1_SUMMARIES", (lambda *a: cards,))
    own = Scope(Level.PUSKESMAS, "P01")
    with keuangan.connect() as conn:
        pkm = resolve_area(conn, own, Level.PUSKESMAS, "P01")
        slide = next(s for s in lokmin.build_deck(conn, own, pkm, 2025, 3).slides if s.key == "manajemen")
        assert slide.judul == ("Klaster 1 Maret 2025: 2 dari 4 hal manajemen perlu perhatian "
                               "(Obat indikator tersedia, Alat berfungsi)")
        assert [r["status"] for r in slide.data["baris"]] == ["jelek", "kurang", "cukup", "baik"]
        desa = resolve_area(conn, own, Level.DESA, "99.01.01.2001")
        assert "manajemen" not in [s.key for s in lokmin.build_deck(conn, own, desa, 2025, 3).slides]
    monkeypatch.setattr(lokmin, "K1_SUMMARIES", (lambda *a: [],))
    with keuangan.connect() as conn:  # no management data: no slide
        assert "manajemen" not in [s.key for s in lokmin.build_deck(conn, own, pkm, 2025, 3).slides]


def test_export_pws_at_desa_level_names_why(keuangan):
    from exports.views import ExportError, pws_export

    with keuangan.connect() as conn, pytest.raises(ExportError, match="dicatat per Puskesmas"):
        pws_export(conn, ALL, Level.DESA, area(conn, Level.KABUPATEN, "99.01"), 2025, 3, "realisasi_bok")
    with keuangan.connect() as conn:
        frame = pws_export(conn, ALL, Level.PUSKESMAS, area(conn, Level.KABUPATEN, "99.01"), 2025, 3,
                           "realisasi_bok").set_index("kode")
    assert frame.loc["P01", "capaian_kumulatif"] == 300000 and frame.loc["P01", "sasaran"] == 1000000
    assert frame.loc["P02", "cakupan_kumulatif"] == pytest.approx(1.5)


def test_rupiah_in_hover_and_kpi_note():
    from figures.pws import _value_line
    from indicators.program import INDICATOR_BY_CODE
    from layouts.pws_parts import _capaian_note

    ind = INDICATOR_BY_CODE["realisasi_bok"]
    row = {"capaian_kumulatif": 1234567.0, "sasaran": 2000000.0, "cakupan_kumulatif": 1234567 / 2000000}
    assert _value_line(row, ind, 3) == ("Realisasi kumulatif Jan–Mar ÷ pagu BOK:<br>Rp 1.234.567 ÷ Rp 2.000.000 "
                                        "= 61,7%")
    assert _capaian_note(ind, row) == "Rp 1.234.567 dari Rp 2.000.000"


def test_a_desa_summary_reads_every_puskesmas_level_indicator_of_its_puskesmas(loaded, tmp_path):
    from data_access.pws import pws_totals

    rows = [["P01", 2025, 2, code, 9, 10] for code in ("kebersihan_tangan", "apd", "anc")]
    assert import_file(loaded, "mutu", write_csv(tmp_path / "m.csv", MUTU, rows)).ok
    with loaded.connect() as conn:
        desa = area(conn, Level.DESA, "99.01.01.2002")
        got = pws_totals(conn, ALL, desa, 2025, 2, ("mutu_kebersihan_tangan", "mutu_apd", "mutu_anc", "k1"))
    values = {r["indikator"]: r for r in got}
    for code in ("mutu_kebersihan_tangan", "mutu_apd", "mutu_anc"):
        assert values[code]["cakupan_kumulatif"] == pytest.approx(0.9), code
        assert values[code]["alasan"].startswith("dicatat per Puskesmas: nilai Pkm A"), code
    assert not values["k1"]["alasan"].startswith("dicatat per Puskesmas")  # a desa register: the desa's own


def test_months_behind_the_linear_line_by_hand():
    from indicators.k1_keuangan import months_behind

    assert months_behind(300000, 1000000, 3) == 0.0  # 30% at March: ahead of 25%
    assert months_behind(300000, 1000000, 6) == pytest.approx(2.4)  # the line reached 30% in mid-April
    assert months_behind(50000, 0, 1) is None  # pagu 0: not computed


def test_keuangan_section_per_source(keuangan):
    from data_access.k1_keuangan import per_sumber
    from layouts.k1_keuangan import sumber_table

    own = Scope(Level.PUSKESMAS, "P01")
    with keuangan.connect() as conn:
        view = per_sumber(conn, own, resolve_area(conn, own, Level.PUSKESMAS, "P01"), 2025, 3)
    rows = {r["label"]: r for r in view.rows}
    assert list(rows) == ["Semua sumber", "BOK", "JKN kapitasi"]  # sources without data left out
    assert rows["BOK"]["persen"] == pytest.approx(0.30) and rows["BOK"]["tertinggal"] == 0.0
    assert rows["JKN kapitasi"]["persen"] != rows["JKN kapitasi"]["persen"]  # NaN: pagu 0
    assert rows["JKN kapitasi"]["alasan"] == "pagu 0: persentase tidak dihitung"
    text = str(sumber_table(view.rows))
    assert "Rp 1.000.000" in text and "Rp 300.000" in text and "30,0%" in text


def test_mutu_section_lists_the_eight_indicators_of_the_puskesmas(loaded, tmp_path):
    from data_access.k1_mutu import per_indikator
    from layouts.k1_mutu import mutu_table

    rows = [["P01", 2025, 2, "kebersihan_tangan", 150, 200], ["P02", 2025, 2, "kebersihan_tangan", 190, 200]]
    assert import_file(loaded, "mutu", write_csv(tmp_path / "m.csv", MUTU, rows)).ok
    own = Scope(Level.PUSKESMAS, "P01")
    with loaded.connect() as conn:
        note, got = per_indikator(conn, own, resolve_area(conn, own, Level.DESA, "99.01.01.2001"), 2025, None)
    assert note.startswith("Pkm A, Februari 2025")  # a desa: its Puskesmas, the latest month
    assert len(got) == 8 and got[0]["label"] == "Kepatuhan kebersihan tangan"
    assert got[0]["nilai"] == pytest.approx(0.75) and got[0]["pembilang"] == 150  # P01 only, never P02
    assert "Belum ada laporan" in got[1]["alasan"]
    assert "75,0%" in str(mutu_table(got))
