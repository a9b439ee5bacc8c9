"""The Dashboard Utama's scorecard and league table (data_access.skor) on the hand-made
registers of tests/sample_skor.py, on SQLite and PostgreSQL: each cell is the PWS panel's
number, the area's own row is its children summed then divided, the counts, score and rank
are the hand ones, the rank change compares with the month before (January: last December),
an empty cell says why, and a viewer gets nothing outside their wilayah."""
from __future__ import annotations

import numpy as np
import pytest

from data_access.iks import iks_area_table
from data_access.pws import pws_view
from data_access.skor import league_table, scorecard, scorecard_by_level, scorecard_findings
from data_access.wilayah import resolve_area
from domain.codes import Level
from domain.wilayah import OutOfScope, Scope
from indicators.pws import BAIK, CUKUP, JELEK, KURANG
from indicators.skor import SKOR_CODES, SKOR_INDICATORS
from tests import sample_skor

ALL = Scope.everything()


@pytest.fixture
def skor_db(loaded):
    """The wilayah and family visits of tests/sample.py with the registers of sample_skor."""
    sample_skor.load(loaded, wilayah=False)
    return loaded


def area(conn, level: Level, kode: str, scope: Scope = ALL):
    return resolve_area(conn, scope, level, kode)


def row_of(card, kode: str) -> dict:
    i = list(card.rows["kode"]).index(kode)
    return {k: v[i] for k, v in card.rows.items()}


def test_cells_hold_the_hand_coverage_and_status(skor_db):
    with skor_db.connect() as conn:
        card = scorecard(conn, ALL, area(conn, Level.PROVINSI, "99"), 2025, 2)
        kab = scorecard(conn, ALL, area(conn, Level.KABUPATEN, "99.01"), 2025, 2)
    assert card.level == Level.KABUPATEN and list(card.rows["kode"]) == ["99.02", "99.01"]  # by name
    a, b = row_of(kab, "P01"), row_of(kab, "P02")
    assert a["k1"] == pytest.approx(33 / 150) and a["status_k1"] == BAIK
    assert a["target_k1"] == pytest.approx(100 * 2 / 1200)
    assert a["d_s"] == pytest.approx(0.80) and a["status_d_s"] == JELEK
    assert a["tb_pengobatan"] == pytest.approx(19 / 20) and a["status_tb_pengobatan"] == BAIK
    assert a["target_tb_pengobatan"] == pytest.approx(0.90)  # flat: a ratio of two flows
    assert b["k1"] == pytest.approx(0.15) and b["status_k1"] == JELEK
    assert b["d_s"] == pytest.approx(0.95) and b["status_d_s"] == BAIK
    assert b["tb_pengobatan"] == pytest.approx(13 / 15) and b["status_tb_pengobatan"] == CUKUP
    # the province's rows are its kabupaten; Kab Satu there is the kabupaten card's total
    satu = row_of(card, "99.01")
    for ind in SKOR_INDICATORS:
        assert satu[ind.code] == pytest.approx(kab.total[ind.code], nan_ok=True)
        assert satu[f"status_{ind.code}"] == kab.total[f"status_{ind.code}"]


def test_the_total_is_the_children_summed_then_divided(skor_db):
    with skor_db.connect() as conn:
        kab = scorecard(conn, ALL, area(conn, Level.KABUPATEN, "99.01"), 2025, 2)
        prov = scorecard(conn, ALL, area(conn, Level.PROVINSI, "99"), 2025, 2)
    total = kab.total
    assert total["kode"] == "99.01" and total["nama"] == "Kab Satu"
    assert total["k1"] == pytest.approx(48 / 250)  # not the mean of 22% and 15%
    assert total["status_k1"] == KURANG
    assert total["d_s"] == pytest.approx(175 / 200) and total["status_d_s"] == BAIK
    assert total["tb_pengobatan"] == pytest.approx(32 / 35) and total["status_tb_pengobatan"] == BAIK
    assert total["n_d"] == pytest.approx(1.0) and total["status_n_d"] == BAIK  # no T or O: N = D
    assert (total["jumlah_baik"], total["jumlah_kurang"], total["jumlah_cukup"], total["jumlah_jelek"]) == (3, 1, 0, 0)
    assert total["skor"] == pytest.approx(91.7) and "peringkat" not in total
    assert prov.total["k1"] == pytest.approx(63 / 350) and prov.total["status_k1"] == BAIK


def test_every_cell_is_the_number_of_the_pws_panel(skor_db):
    """The scorecard reads every register at once; each indicator's PWS panel reads its own:
    the same numbers, for the rows and for the area itself, a desa among its neighbours too."""
    with skor_db.connect() as conn:
        for level, kode in ((Level.PROVINSI, "99"), (Level.KABUPATEN, "99.01"), (Level.PUSKESMAS, "P01"),
                            (Level.DESA, sample_skor.A2)):
            where = area(conn, level, kode)
            for bulan in (1, 2):
                card = scorecard(conn, ALL, where, 2025, bulan)
                for ind in SKOR_INDICATORS:
                    view = pws_view(conn, ALL, where, 2025, bulan, ind.code)
                    assert list(view.rows["kode"]) == list(card.rows["kode"])
                    for mine, theirs in ((ind.code, "cakupan_kumulatif"), (f"target_{ind.code}", "target_bulan_ini")):
                        np.testing.assert_allclose(card.rows[mine].astype(float), view.rows[theirs].astype(float))
                        assert card.total[mine] == pytest.approx(view.total[theirs], nan_ok=True)
                    assert list(card.rows[f"status_{ind.code}"]) == list(view.rows["status"])
                    assert list(card.rows[f"alasan_{ind.code}"]) == list(view.rows["alasan"])
                    assert card.total[f"status_{ind.code}"] == view.total["status"]


def test_counts_score_and_rank_of_the_rows(skor_db):
    with skor_db.connect() as conn:
        card = scorecard(conn, ALL, area(conn, Level.KABUPATEN, "99.01"), 2025, 2)
        january = scorecard(conn, ALL, area(conn, Level.KABUPATEN, "99.01"), 2025, 1)
    a, b = row_of(card, "P01"), row_of(card, "P02")
    assert (a["jumlah_baik"], a["jumlah_kurang"], a["jumlah_cukup"], a["jumlah_jelek"]) == (3, 0, 0, 1)
    assert (b["jumlah_baik"], b["jumlah_kurang"], b["jumlah_cukup"], b["jumlah_jelek"]) == (2, 0, 1, 1)
    assert a["skor"] == pytest.approx(75.0) and b["skor"] == pytest.approx(58.3)
    assert (a["peringkat"], b["peringkat"]) == (1, 2)
    ja, jb = row_of(january, "P01"), row_of(january, "P02")
    assert (ja["skor"], jb["skor"]) == (pytest.approx(83.3), pytest.approx(75.0))
    assert (ja["jumlah_kurang"], jb["jumlah_jelek"]) == (2, 1)


def test_empty_cells_say_why(skor_db):
    with skor_db.connect() as conn:
        card = scorecard(conn, ALL, area(conn, Level.PROVINSI, "99"), 2025, 2)
        kab = scorecard(conn, ALL, area(conn, Level.KABUPATEN, "99.02"), 2025, 2)
    satu = row_of(card, "99.01")
    assert np.isnan(satu["k6"]) and satu["status_k6"] is None
    assert satu["alasan_k6"] == "Belum ada laporan Cakupan K6 tahun 2025 sampai Februari"
    assert satu["alasan_pf"] == "Sasaran ibu bersalin/nifas tahun 2025 belum diunggah"
    assert satu["alasan_kn_lengkap"] == "Sasaran bayi tahun 2025 belum diunggah"
    c = row_of(kab, "P03")
    assert c["alasan_kn_lengkap"] == "Sasaran bayi tahun 2025 bernilai 0"
    assert c["alasan_tb_pengobatan"] == ("Belum ada laporan Kasus TB terdiagnosis yang mulai diobati tahun 2025 "
                                         "sampai Februari")
    assert c["status_k1"] == CUKUP and c["alasan_k1"] == ""
    assert (c["jumlah_baik"], c["jumlah_cukup"], c["skor"]) == (2, 1, pytest.approx(77.8))


def test_the_iks_is_the_iks_pages_number(skor_db):
    with skor_db.connect() as conn:
        where = area(conn, Level.KABUPATEN, "99.01")
        card = scorecard(conn, ALL, where, 2025, 2)
        rows, total = iks_area_table(conn, ALL, where, 2025)
    expected = dict(zip(rows["kode"], rows["iks"]))
    for kode, iks, why in zip(card.rows["kode"], card.rows["iks"], card.rows["alasan_iks"]):
        assert iks == pytest.approx(expected[kode], nan_ok=True)
        assert (why == "") == (not np.isnan(iks))
    assert card.total["iks"] == pytest.approx(total["iks"])
    assert not np.isnan(card.total["iks"])  # Kab Satu's families have an IKS (tests/sample.py)
    assert row_of(card, "P02")["alasan_iks"] == "Belum ada keluarga dengan IKS sampai 31 Desember 2025"


def test_league_table_ranks_every_puskesmas_with_the_change_since_last_month(skor_db):
    with skor_db.connect() as conn:
        february = league_table(conn, ALL, area(conn, Level.PROVINSI, "99"), 2025, 2)
    rows = february.rows
    assert february.before == (2025, 1)
    assert list(rows["kode"]) == ["P03", "P01", "P02"]  # best first
    assert list(rows["peringkat"]) == [1, 2, 3]
    assert list(rows["skor"]) == [pytest.approx(77.8), pytest.approx(75.0), pytest.approx(58.3)]
    assert list(rows["kabupaten"]) == ["Kab Dua", "Kab Satu", "Kab Satu"]
    assert list(rows["peringkat_lalu"]) == [3, 1, 2]
    assert list(rows["perubahan"]) == [2, -1, -1]
    assert list(rows["jumlah_baik"]) == [2, 3, 2] and list(rows["jumlah_jelek"]) == [0, 1, 1]


def test_january_compares_with_last_december(skor_db):
    with skor_db.connect() as conn:
        january = league_table(conn, ALL, area(conn, Level.PROVINSI, "99"), 2025, 1)
        last_year = league_table(conn, ALL, area(conn, Level.PROVINSI, "99"), 2024, 12)
        no_year_before = league_table(conn, ALL, area(conn, Level.PROVINSI, "99"), 2024, 1)
    assert january.before == (2024, 12)
    by = {k: i for i, k in enumerate(january.rows["kode"])}
    assert [january.rows["skor"][by[k]] for k in ("P01", "P02", "P03")] == [
        pytest.approx(83.3), pytest.approx(75.0), pytest.approx(44.4)]
    assert [january.rows["peringkat_lalu"][by[k]] for k in ("P01", "P02", "P03")] == [1, 3, 2]
    assert [january.rows["perubahan"][by[k]] for k in ("P01", "P02", "P03")] == [0, 1, -1]
    # December 2024's own table holds the same ranks, and the scores of the hand table
    last = dict(zip(last_year.rows["kode"], zip(last_year.rows["peringkat"], last_year.rows["skor"])))
    assert last == {"P01": (1, pytest.approx(83.3)), "P02": (3, pytest.approx(50.0)),
                    "P03": (2, pytest.approx(55.6))}
    # without a year before (2023 has no registers) there is no change to show
    assert np.isnan(no_year_before.rows["perubahan"]).all()


def test_at_a_kabupaten_the_league_is_its_puskesmas_ranked_as_in_the_scorecard(skor_db):
    with skor_db.connect() as conn:
        where = area(conn, Level.KABUPATEN, "99.01")
        league = league_table(conn, ALL, where, 2025, 2)
        card = scorecard(conn, ALL, where, 2025, 2)
    assert dict(zip(league.rows["kode"], league.rows["peringkat"])) == dict(zip(card.rows["kode"],
                                                                                 card.rows["peringkat"]))
    assert dict(zip(league.rows["kode"], league.rows["perubahan"])) == {"P01": 0, "P02": 0}  # Jan: 1, 2


def test_the_export_rows_are_the_pages_rows(skor_db):
    with skor_db.connect() as conn:
        where = area(conn, Level.KABUPATEN, "99.01")
        card = scorecard(conn, ALL, where, 2025, 2)
        rows = scorecard_by_level(conn, ALL, where, Level.PUSKESMAS, 2025, 2)
        desa = scorecard_by_level(conn, ALL, where, Level.DESA, 2025, 2)
        own = scorecard_by_level(conn, ALL, where, Level.KABUPATEN, 2025, 2)
    for column in card.rows:
        left, right = card.rows[column], rows[column]
        if left.dtype == object:
            assert list(left) == list(right), column
        else:
            np.testing.assert_allclose(left.astype(float), right.astype(float), err_msg=column)
    assert list(desa["kode"]) == [sample_skor.A1, sample_skor.A2, sample_skor.B1]
    assert list(own["kode"]) == ["99.01"] and own["skor"][0] == pytest.approx(91.7)


def test_findings_input_is_one_plain_dict_per_cell(skor_db):
    with skor_db.connect() as conn:
        card = scorecard(conn, ALL, area(conn, Level.KABUPATEN, "99.01"), 2025, 2)
    cells = card.findings_input()
    assert len(cells) == 25 * 3  # the kabupaten, then Pkm A and Pkm B
    first = cells[0]
    assert set(first) >= {"kode", "nama", "indikator", "status", "kumulatif", "bulanan"}
    assert (first["kode"], first["nama"], first["indikator"], first["total"]) == ("99.01", "Kab Satu", "k1", True)
    assert first["bulanan"] == [pytest.approx(25 / 250), pytest.approx(23 / 250)]
    a_d_s = next(c for c in cells if c["kode"] == "P01" and c["indikator"] == "d_s")
    assert a_d_s["status"] == JELEK and a_d_s["kumulatif"] == pytest.approx(0.8)
    assert a_d_s["bulanan"] == [pytest.approx(0.85), pytest.approx(0.80)]
    k6 = next(c for c in cells if c["kode"] == "P01" and c["indikator"] == "k6")
    assert k6["kumulatif"] is None and k6["bulanan"] == [None, None] and k6["status"] is None
    import json

    json.dumps(cells)  # plain values only


def test_a_puskesmas_viewer_gets_no_other_puskesmas(skor_db):
    own = Scope(Level.PUSKESMAS, "P01")
    with skor_db.connect() as conn:
        sibling = area(conn, Level.PUSKESMAS, "P02")
        kab = area(conn, Level.KABUPATEN, "99.01")
        for call in (lambda: scorecard(conn, own, sibling, 2025, 2),
                     lambda: scorecard_by_level(conn, own, sibling, Level.DESA, 2025, 2)):
            with pytest.raises(OutOfScope, match="Kode puskesmas 'P02' tidak ditemukan di wilayah yang boleh "
                                                 "Anda lihat"):
                call()
        with pytest.raises(OutOfScope, match="Kode kabupaten/kota '99.01' tidak ditemukan"):
            league_table(conn, own, kab, 2025, 2)
        with pytest.raises(OutOfScope, match="Kode kabupaten/kota '99.01' tidak ditemukan"):
            league_table(conn, own, kab, 2025, 1)  # the two-year read refuses too
        mine = scorecard(conn, own, area(conn, Level.PUSKESMAS, "P01", own), 2025, 2)
    assert list(mine.rows["kode"]) == [sample_skor.A1, sample_skor.A2]


def test_registers_without_sasaran_are_reports_and_say_what_is_missing(loaded):
    """Registers reported but no sasaran uploaded: the scorecard is shown (its cells say the
    sasaran is missing), not the page's "no registers" message; a month before any register
    is that message."""
    from sqlalchemy import insert

    from data_access import schema
    from data_access.store import refresh_program_summary

    with loaded.begin() as conn:
        conn.execute(insert(schema.layanan), [{"kode_desa": sample_skor.A1, "tahun": 2025, "bulan": 2,
                                               "indikator": "k1", "nilai": 7}])
        refresh_program_summary(conn)
    with loaded.connect() as conn:
        pkm = area(conn, Level.PUSKESMAS, "P01")
        card = scorecard(conn, ALL, pkm, 2025, 2)
        before = scorecard(conn, ALL, pkm, 2025, 1)
    assert card.has_reports and not before.has_reports
    assert card.total["alasan_k1"] == "Sasaran ibu hamil tahun 2025 belum diunggah"
    assert np.isnan(card.total["skor"]) and np.isnan(card.rows["peringkat"]).all()


def test_findings_of_a_puskesmas_say_its_own_jelek_indicator_in_words(skor_db):
    """Pkm A, February 2025: its D/S is 80/100 = 80,0% against 85%, down from 85% in January
    (sample_skor): jelek, which the findings say with the number; every finding is about one
    of the scorecard's indicators or the IKS."""
    with skor_db.connect() as conn:
        found = scorecard_findings(conn, ALL, area(conn, Level.PUSKESMAS, "P01"), 2025, 2)
    own = [f for f in found.items if f.aturan == "total_jelek" and f.indikator == "d_s"]
    assert len(own) == 1 and "80,0%" in own[0].teks and own[0].nada == "buruk"
    assert found.ada_data is True
    assert found.row_codes == {"99.01.01.2001", "99.01.01.2002"}
    assert all(f.indikator is None or f.indikator in SKOR_CODES for f in found.items)
    assert len(found.items) <= 5

