"""Outliers and validation rules (issue 16): each rule against hand-built months (including a
MAD of 0, too little history and the exact threshold), the hits kept current by the layanan
import, a hit marked "sudah dicek: benar" and no longer flagged, the mark undone by a changed
value, and marks refused to a reader and to another Puskesmas by crafted request (nothing
written), with the audit row of the accepted mark. Database tests on SQLite and PostgreSQL.

Hand-worked numbers (rule: 0,6745 · (x − median) / MAD, |z| > 3,5):
  history 10 12 11 10 13 11 12 10 11 12 11 10 → median 11; deviations 1 1 0 1 2 0 1 1 0 1 0 1 →
  MAD 1 → range 11 ± 3,5/0,6745 = 11 ± 5,189 → 5,811 … 16,189: 16 and 6 are inside, 17 and 5 not.
  history twelve × 20 → MAD 0, counted as 1 → 14,811 … 25,189: 25 inside, 26 a hit
  (z = 0,6745 · 6 = 4,047).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import func, insert, select

from data_access import schema
from data_access.pencilan import BELUM, SUDAH, hits, mark_checked, open_outliers, refresh_pencilan, unmark
from data_access.users import Event
from data_access.wilayah import resolve_area
from domain.access import AccessDenied, Role, Viewer
from domain.codes import Level
from domain.wilayah import OutOfScope, Scope
from indicators.validasi import (
    KASKADE,
    NOL,
    SASARAN,
    HitKey,
    ZSkor,
    cube,
    d_s_hits,
    desa_hits,
    kaskade_hits,
    range_text,
    robust_bounds,
    sasaran_hits,
    z_hits,
    z_score,
    zero_hits,
)
from ingest import import_file

A1, A2, B1 = "99.01.01.2001", "99.01.01.2002", "99.01.02.2001"
HISTORY = [10, 12, 11, 10, 13, 11, 12, 10, 11, 12, 11, 10]


def _cube(series: dict[tuple[str, str], list], sasaran: dict[tuple[str, int, str], float] | None = None):
    """A cube of 2024–2025 from {(desa, register): 24 monthly values (None: not reported)}."""
    rows = [(d, 2024 + t // 12, t % 12 + 1, r, v) for (d, r), values in series.items()
            for t, v in enumerate(values) if v is not None]
    lay = pd.DataFrame(rows, columns=["kode_desa", "tahun", "bulan", "indikator", "nilai"])
    sas = pd.DataFrame([(d, y, s, v) for (d, y, s), v in (sasaran or {}).items()],
                       columns=["kode_desa", "tahun", "sasaran", "jumlah"])
    return cube(lay, sas, 2024, 2025)


def _one_month(x, history=HISTORY) -> list:
    """History in 2024, x in January 2025, nothing after."""
    return [*history, x, *[None] * 11]


def _flagged(frame: pd.DataFrame, bulan: int = 1) -> bool:
    return bool(((frame["tahun"] == 2025) & (frame["bulan"] == bulan)).any())


# --- the modified z-score -------------------------------------------------------------------

# the z-score alone (the rule also asks the gap to matter: tested on its own below)
Z_ALONE = ZSkor(faktor=1.0, selisih_min=0.0)

@pytest.mark.parametrize(("x", "hit"), [(16, False), (17, True), (6, False), (5, True), (11, False)])
def test_z_score_range_is_median_plus_minus_3_5_mad_over_0_6745(x, hit):
    found = z_hits(_cube({(A1, "k1"): _one_month(x)}), (2025,), Z_ALONE)
    assert _flagged(found) is hit
    if hit:
        row = found.iloc[0]
        assert row["batas_bawah"] == pytest.approx(11 - 3.5 / 0.6745)
        assert row["batas_atas"] == pytest.approx(11 + 3.5 / 0.6745)
        assert (row["aturan"], row["kode"], row["nilai"]) == ("z_robust", "k1", x)


def test_exactly_at_the_threshold_is_not_a_hit():
    """With constants that make the bound exact (0,5 and 3: range median ± 6 × MAD): 17 is |z| = 3."""
    rule = ZSkor(konstanta=0.5, batas=3.0, faktor=1.0, selisih_min=0.0)
    assert z_score(17, 11, 1, rule) == 3.0
    assert not _flagged(z_hits(_cube({(A1, "k1"): _one_month(17)}), (2025,), rule))
    assert _flagged(z_hits(_cube({(A1, "k1"): _one_month(18)}), (2025,), rule))


def test_mad_of_zero_counts_as_one():
    flat = [20] * 12
    assert not _flagged(z_hits(_cube({(A1, "k1"): _one_month(25, flat)}), (2025,), Z_ALONE))
    found = z_hits(_cube({(A1, "k1"): _one_month(26, flat)}), (2025,), Z_ALONE)
    assert _flagged(found)
    assert found.iloc[0]["batas_atas"] == pytest.approx(20 + 3.5 / 0.6745)
    assert z_score(26, 20, 0) == pytest.approx(0.6745 * 6)


def test_too_little_history_is_not_judged_and_missing_months_are_not_zero():
    five = [None] * 7 + [10, 11, 10, 12, 11]
    assert not _flagged(z_hits(_cube({(A1, "k1"): _one_month(1000, five)}), (2025,)))
    six = [None] * 6 + [10, 11, 10, 12, 11, 10]
    assert _flagged(z_hits(_cube({(A1, "k1"): _one_month(1000, six)}), (2025,)))
    # the missing months did not pull the median towards 0: 11 is inside
    assert not _flagged(z_hits(_cube({(A1, "k1"): _one_month(11, six)}), (2025,)))


def test_robust_bounds_by_hand():
    med, lo, hi = robust_bounds(np.array([HISTORY], dtype=float), Z_ALONE)
    assert (med[0], lo[0], hi[0]) == pytest.approx((11, 11 - 3.5 / 0.6745, 11 + 3.5 / 0.6745))


@pytest.mark.parametrize(("history", "x", "hit", "lower", "upper"), [
    ([20] * 12, 26, False, 10.0, 40.0),   # z = 4,0 but +30%: a December push, not an error
    ([20] * 12, 40, False, 10.0, 40.0),   # exactly twice the median: inside
    ([20] * 12, 41, True, 10.0, 40.0),
    ([20] * 12, 10, False, 10.0, 40.0),   # exactly half: inside
    ([20] * 12, 9, True, 10.0, 40.0),
    ([2] * 12, 7, False, 2 - 3.5 / 0.6745, 2 + 3.5 / 0.6745),   # small counts: the z-range (± 5,19)
    ([2] * 12, 8, True, 2 - 3.5 / 0.6745, 2 + 3.5 / 0.6745),
])
def test_the_value_must_be_twice_or_half_the_median_and_5_away(history, x, hit, lower, upper):
    found = z_hits(_cube({(A1, "k1"): _one_month(x, history)}), (2025,))
    assert _flagged(found) is hit
    _med, lo, hi = robust_bounds(np.array([history], dtype=float))
    assert (lo[0], hi[0]) == pytest.approx((lower, upper))
    med, lo, hi = robust_bounds(np.array([[np.nan] * 12], dtype=float))
    assert np.isnan(med[0]) and np.isnan(hi[0])


def test_campaign_months_of_growth_monitoring_are_not_judged():
    values = [*[40] * 12, 40, 400, *[None] * 10]  # February 2025: bulan penimbangan
    k = _cube({(A1, "balita_d"): values, (A1, "k1"): values})
    found = z_hits(k, (2025,))
    assert list(found["kode"]) == ["k1"]


# --- a sudden 0 ------------------------------------------------------------------------------

@pytest.mark.parametrize(("before", "hit"), [([6, 7, 5], True), ([6, 7, 4], False), ([6, None, 5], False),
                                             ([0, 9, 9], False)])
def test_zero_after_three_months_of_at_least_five(before, hit):
    values = [*[None] * 9, *before, 0, *[None] * 11]
    found = zero_hits(_cube({(A1, "tb_skrining"): values}), (2025,))
    assert _flagged(found) is hit
    if hit:
        assert (found.iloc[0]["batas_bawah"], found.iloc[0]["batas_atas"]) == (5, 7)
        assert NOL.berturut == 3 and NOL.min_sebelumnya == 5


def test_a_sudden_zero_far_from_its_history_is_listed_once():
    found = desa_hits(_cube({(A1, "k1"): _one_month(0)}), (2025,))
    assert list(found["aturan"]) == ["nol_mendadak"]


# --- above the sasaran, cascade inversions, D > S ----------------------------------------------

def test_cumulative_above_the_annual_sasaran_is_listed_at_the_month_it_crosses():
    values = [*[None] * 12, 40, 40, 30, 10, *[None] * 8]  # Jan..4: 40, 80, 110, 120
    k = _cube({(A1, "k1"): values}, {(A1, 2025, "bumil"): 100.0})
    found = sasaran_hits(k, (2025,))
    rows = found[found["kode"] == "k1"]
    assert list(zip(rows["bulan"], rows["nilai"], rows["batas_atas"], strict=True)) == [(3, 110, 100)]
    assert "k1" in SASARAN.indikator
    exactly = _cube({(A1, "k1"): [*[None] * 12, 100, *[None] * 11]}, {(A1, 2025, "bumil"): 100.0})
    assert sasaran_hits(exactly, (2025,)).empty
    no_sasaran = _cube({(A1, "k1"): values})
    assert sasaran_hits(no_sasaran, (2025,)).empty


def test_a_later_cascade_step_above_the_one_before():
    months = lambda *v: [*[None] * 12, *v, *[None] * (12 - len(v))]  # noqa: E731
    k = _cube({(A1, "tb_diagnosis"): months(3, 2, 0), (A1, "tb_diobati"): months(4, 1, 1),
               (A1, "tb_skrining"): months(100, 50, 50), (A1, "tb_terduga"): months(10, 5, 5)})
    found = kaskade_hits(k, (2025,))
    # Jan..1: 4 > 3 (listed); Jan..2: 5 = 5 (not); Jan..3: 6 > 5 (above again: listed)
    assert list(zip(found["kode"], found["bulan"], found["nilai"], found["batas_atas"], strict=True)) == [
        ("tb.tb_diobati", 1, 4, 3), ("tb.tb_diobati", 3, 6, 5)]
    assert "tb" in KASKADE.kaskade


def test_d_above_s():
    k = _cube({(A1, "balita_d"): [*[None] * 12, 120, 100, *[None] * 10]}, {(A1, 2025, "balita"): 100.0})
    found = d_s_hits(k, (2025,))
    assert list(zip(found["bulan"], found["nilai"], found["batas_atas"], strict=True)) == [(1, 120, 100)]


def test_range_text_and_key_parsing():
    assert range_text(5.811, 16.189) == "5,8–16,2"
    assert range_text(0, 0) == "0"
    key = HitKey("desa", A1, 2025, 3, "z_robust", "k1")
    assert HitKey.parse(key.text) == key
    for bad in (None, 3, "", "x|y", "desa|A|2025|13|z_robust|k1", "puskesmas|P01|2025|3|z_robust|k1",
                "desa|99.01.01.2001|2025|3|tidak_ada|k1", "desa|9'; DROP|2025|3|z_robust|k1",
                "desa|99.01.01.2001|²|3|z_robust|k1", "desa|" + "9" * 30 + "|2025|3|z_robust|k1"):
        assert HitKey.parse(bad) is None, bad


# --- in the database ------------------------------------------------------------------------------

LAYANAN_HEADER = ["kode_desa", "tahun", "bulan", "indikator", "nilai"]


def _write(path, rows) -> str:
    path.write_text("\n".join([",".join(LAYANAN_HEADER)] + [",".join(map(str, r)) for r in rows]) + "\n")
    return str(path)


def _history_rows(desa: str, x: int) -> list:
    rows = [(desa, 2024, m, "ht_skrining", v) for m, v in enumerate(HISTORY, start=1)]
    return [*rows, (desa, 2025, 1, "ht_skrining", x)]


@pytest.fixture
def with_hit(loaded, tmp_path):
    """Desa A1 (Pkm A, P01): ht_skrining 2024 as HISTORY, January 2025 = 60 (a hit); desa B1 (Pkm B)
    the same with 70; both through the layanan import (its hook writes the hits)."""
    path = _write(tmp_path / "l.csv", [*_history_rows(A1, 60), *_history_rows(B1, 70)])
    result = import_file(loaded, "layanan", path)
    assert result.ok, result.message
    return loaded


def _key(desa=A1) -> HitKey:
    return HitKey("desa", desa, 2025, 1, "z_robust", "ht_skrining")


def _area(conn, level, kode):
    return resolve_area(conn, Scope.everything(), level, kode)


def _pkm(kode, role=Role.PENGELOLA, nama="pkm-a") -> Viewer:
    return Viewer(nama, role, Scope(Level.PUSKESMAS, kode))


def _marks(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(schema.pencilan_tanda)).scalar()


def test_the_import_writes_the_hits_and_the_area_lists_them(with_hit):
    with with_hit.connect() as conn:
        stored = conn.execute(select(schema.pencilan.c.kode_desa, schema.pencilan.c.nilai)
                              .where(schema.pencilan.c.aturan == "z_robust")).all()
        assert sorted(stored) == [(A1, 60.0), (B1, 70.0)]
        pkm_a = hits(conn, _pkm("P01").scope, _area(conn, Level.PUSKESMAS, "P01"), (2025, 1), (2025, 12))
        assert list(pkm_a["kode_wilayah"]) == [A1]
        assert pkm_a.iloc[0]["status"] == BELUM
        kab = open_outliers(conn, Scope.everything(), _area(conn, Level.KABUPATEN, "99.01"), 2025)
        assert list(kab.columns[:10]) == ["kode_wilayah", "nama_wilayah", "register", "tahun", "bulan", "nilai",
                                          "batas_bawah", "batas_atas", "aturan", "status"]
        assert sorted(kab["kode_wilayah"]) == [A1, B1]
        assert set(kab["keterangan"]) == {"Skrining hipertensi"}
        with pytest.raises(OutOfScope):
            hits(conn, _pkm("P01").scope, _area(conn, Level.PUSKESMAS, "P02"), (2025, 1), (2025, 12))


def test_marked_hit_is_no_longer_flagged_until_its_value_changes(with_hit, tmp_path):
    who = _pkm("P01")
    with with_hit.begin() as conn:
        mark_checked(conn, who, _key(), "memang ada skrining massal")
    with with_hit.connect() as conn:
        area = _area(conn, Level.PUSKESMAS, "P01")
        row = hits(conn, who.scope, area, (2025, 1), (2025, 1)).iloc[0]
        assert (row["status"], row["dicek_oleh"], row["catatan"]) == (SUDAH, "pkm-a", "memang ada skrining massal")
        assert open_outliers(conn, who.scope, area, 2025).empty
        logged = conn.execute(select(schema.audit_log.c.pengguna, schema.audit_log.c.rincian)
                              .where(schema.audit_log.c.peristiwa == Event.PENCILAN)).all()
        assert len(logged) == 1 and logged[0][0] == "pkm-a" and A1 in logged[0][1]
    # a corrected import changes the value: still a hit, but not the value that was checked
    result = import_file(with_hit, "layanan", _write(tmp_path / "fix.csv", [(A1, 2025, 1, "ht_skrining", 65)]))
    assert result.ok, result.message
    with with_hit.connect() as conn:
        row = hits(conn, who.scope, _area(conn, Level.PUSKESMAS, "P01"), (2025, 1), (2025, 1)).iloc[0]
        assert (row["nilai"], row["status"]) == (65, BELUM)
        assert len(open_outliers(conn, who.scope, _area(conn, Level.PUSKESMAS, "P01"), 2025)) == 1


def test_unmark_flags_it_again(with_hit):
    who = _pkm("P01")
    with with_hit.begin() as conn:
        mark_checked(conn, who, _key())
        unmark(conn, who, _key())
    with with_hit.connect() as conn:
        assert hits(conn, who.scope, _area(conn, Level.PUSKESMAS, "P01"), (2025, 1), (2025, 1)).iloc[0]["status"] \
            == BELUM
    assert _marks(with_hit) == 0


@pytest.mark.parametrize("who", [
    _pkm("P01", Role.PEMBACA, "pembaca-a"),  # a reader of the same Puskesmas
    Viewer("dinkes", Role.PEMBACA, Scope(Level.KABUPATEN, "99.01")),  # a Dinkes reader
    _pkm("P02", nama="pkm-b"),  # the pengelola of another Puskesmas, by crafted key
])
def test_marks_refused_to_readers_and_other_areas(with_hit, who):
    with with_hit.begin() as conn:
        with pytest.raises(AccessDenied):
            mark_checked(conn, who, _key(A1))
    assert _marks(with_hit) == 0
    with with_hit.begin() as conn:  # nor can they undo the owner's mark
        mark_checked(conn, _pkm("P01"), _key(A1))
    with with_hit.begin() as conn:
        with pytest.raises(AccessDenied):
            unmark(conn, who, _key(A1))
    assert _marks(with_hit) == 1


def test_a_kabupaten_pengelola_marks_inside_its_kabupaten_only(with_hit):
    kab = Viewer("dinkes-satu", Role.PENGELOLA, Scope(Level.KABUPATEN, "99.01"))
    with with_hit.begin() as conn:
        mark_checked(conn, kab, _key(B1))
    with with_hit.begin() as conn:
        with pytest.raises(AccessDenied):
            mark_checked(conn, Viewer("dinkes-dua", Role.PENGELOLA, Scope(Level.KABUPATEN, "99.02")), _key(A1))
    with with_hit.begin() as conn:
        with pytest.raises(AccessDenied):  # a hit that does not exist
            mark_checked(conn, kab, HitKey("desa", A1, 2025, 2, "z_robust", "ht_skrining"))
    assert _marks(with_hit) == 1


def test_stock_that_does_not_balance_is_read_from_the_lplpo_summary(with_hit):
    with with_hit.begin() as conn:
        conn.execute(insert(schema.obat_ringkas), [
            {"tahun": 2025, "bulan": 2, "kode_puskesmas": "P01", "item": 30, "kosong": 0, "kosong_indikator": 0,
             "indikator": 20, "indikator_tersedia": 20, "kritis": 0, "kedaluwarsa": 0, "tidak_seimbang": 2},
            {"tahun": 2025, "bulan": 3, "kode_puskesmas": "P01", "item": 30, "kosong": 0, "kosong_indikator": 0,
             "indikator": 20, "indikator_tersedia": 20, "kritis": 0, "kedaluwarsa": 0, "tidak_seimbang": 0}])
    who = _pkm("P01")
    with with_hit.connect() as conn:
        found = hits(conn, who.scope, _area(conn, Level.PUSKESMAS, "P01"), (2025, 1), (2025, 12))
        stock = found[found["aturan"] == "stok_tidak_seimbang"]
        assert list(zip(stock["kode_wilayah"], stock["bulan"], stock["nilai"], strict=True)) == [("P01", 2, 2)]
        desa = hits(conn, who.scope, _area(conn, Level.DESA, A1), (2025, 1), (2025, 12))
        assert "stok_tidak_seimbang" not in set(desa["aturan"])
    key = HitKey("puskesmas", "P01", 2025, 2, "stok_tidak_seimbang", "obat")
    with with_hit.begin() as conn:
        with pytest.raises(AccessDenied):
            mark_checked(conn, _pkm("P02"), key)
        mark_checked(conn, who, key)
    with with_hit.connect() as conn:
        found = hits(conn, who.scope, _area(conn, Level.PUSKESMAS, "P01"), (2025, 2), (2025, 2))
        assert found.loc[found["aturan"] == "stok_tidak_seimbang", "status"].tolist() == [SUDAH]


def test_refresh_of_all_desa_matches_the_import_hook(with_hit):
    with with_hit.connect() as conn:
        before = sorted(map(tuple, conn.execute(select(schema.pencilan)).all()))
    with with_hit.begin() as conn:
        refresh_pencilan(conn, None)
    with with_hit.connect() as conn:
        assert sorted(map(tuple, conn.execute(select(schema.pencilan)).all())) == before


def test_crafted_mark_request_through_the_callback_changes_nothing(with_hit, use_db, monkeypatch):
    from callbacks import kd_pencilan
    from callbacks.common import acting_as

    module = use_db(kd_pencilan)
    monkeypatch.setattr(module, "engine", lambda: with_hit)
    with acting_as(_pkm("P02", nama="pkm-b")):
        out = module.save_mark(1, _key(A1).text, "bukan punya saya", 0)
    assert "wilayah Anda" in str(out["message"])
    with acting_as(_pkm("P01", Role.PEMBACA, "pembaca-a")):
        out = module.save_mark(1, _key(A1).text, "", 0)
    assert "pengelola data" in str(out["message"])
    with acting_as(_pkm("P01")):
        out = module.save_mark(1, "desa|99.01.01.2001|2025|1|z_robust|k1'--", "", 0)
    assert "Pilih dulu" in str(out["message"])
    assert _marks(with_hit) == 0
    with acting_as(_pkm("P01")):
        out = module.save_mark(1, _key(A1).text, "dicek ke bidan desa", 4)
    assert out["changed"] == 5
    assert _marks(with_hit) == 1


def test_the_summary_card_counts_the_hits_not_yet_checked(with_hit):
    from data_access.pencilan import ringkasan

    who = _pkm("P01")
    with with_hit.connect() as conn:
        card, = ringkasan(conn, who.scope, _area(conn, Level.PUSKESMAS, "P01"), 2025, 3)
        assert (card.judul, card.nilai, card.catatan, card.status) == (
            "Data janggal belum dicek", "1 data", "Januari–Maret 2025", "jelek")
    with with_hit.begin() as conn:
        mark_checked(conn, who, _key())
    with with_hit.connect() as conn:
        card, = ringkasan(conn, who.scope, _area(conn, Level.PUSKESMAS, "P01"), 2025, 3)
        assert (card.nilai, card.catatan, card.status) == ("0 data", "Januari–Maret 2025; 1 sudah dicek benar", "baik")


def test_overview_counts_lists_and_limits(with_hit, tmp_path):
    from data_access.pencilan import hit_counts, overview

    # a second hit in desa A2 (Pkm A): a sudden 0 in February after three months of at least 5
    rows = [(A2, 2024, m, "tb_skrining", 9) for m in (10, 11, 12)] + [(A2, 2025, 1, "tb_skrining", 9),
                                                                       (A2, 2025, 2, "tb_skrining", 0)]
    assert import_file(with_hit, "layanan", _write(tmp_path / "a2.csv", rows)).ok
    who = _pkm("P01")
    with with_hit.begin() as conn:
        mark_checked(conn, who, _key())
    with with_hit.connect() as conn:
        area = _area(conn, Level.PUSKESMAS, "P01")
        counts, open_, checked = overview(conn, who.scope, area, (2025, 1), (2025, 12))
        assert counts == {"z_robust": (0, 1), "nol_mendadak": (1, 0)}
        assert hit_counts(conn, who.scope, area, (2025, 1), (2025, 12)) == counts
        assert list(zip(open_["kode_wilayah"], open_["aturan"], strict=True)) == [(A2, "nol_mendadak")]
        assert list(checked["kode_wilayah"]) == [A1] and checked.iloc[0]["dicek_oleh"] == "pkm-a"
        _, open_, checked = overview(conn, who.scope, area, (2025, 1), (2025, 12), aturan="z_robust")
        assert open_.empty and len(checked) == 1
        _, open_, _ = overview(conn, who.scope, area, (2025, 2), (2025, 12), limit=0)
        assert open_.empty
        # January only: the sudden 0 (February) is outside the months asked for
        counts, _, _ = overview(conn, who.scope, area, (2025, 1), (2025, 1))
        assert counts == {"z_robust": (0, 1)}


def test_the_kualitas_export_carries_the_open_hits_as_counts_beside_completeness(with_hit):
    """`cli.py export kualitas`: the hits not yet checked, one row each with the value and the
    range (counts, no percent format), beside the completeness rows of the same area."""
    from exports.kualitas import KUALITAS_NUMBER_FORMATS, kualitas_table

    with with_hit.connect() as conn:
        pkm = _area(conn, Level.PUSKESMAS, "P01")
        table = kualitas_table(conn, _pkm("P01").scope, pkm, Level.DESA, 2025, 1)
        janggal = table[table["bagian"] == "data_janggal"]
        assert list(janggal["kode_wilayah"]) == [A1]  # P01's desa only, not B1 of P02
        row = janggal.iloc[0]
        assert (row["ukuran"], row["register"], row["nilai"], row["status"]) == ("z_robust", "ht_skrining", 60.0,
                                                                               "belum_dicek")
        assert row["pembanding"] < row["batas"] < 60  # the range the rule expected, 60 above it
        assert "kelengkapan" in set(table["bagian"])
        mark_checked(conn, _pkm("P01"), _key(), "benar, ada skrining massal")
        after = kualitas_table(conn, _pkm("P01").scope, pkm, Level.DESA, 2025, 1)
        assert "data_janggal" not in set(after["bagian"])  # checked: no longer exported
    assert "nilai" not in KUALITAS_NUMBER_FORMATS  # a count must not read as a percentage


def test_the_data_quality_score_counts_the_open_hit_and_forgets_it_once_checked(with_hit):
    """data_access.kualitas: per desa of P01, completeness and timeliness from the stored counts
    and the open outliers; marking the hit 'sudah dicek: benar' gives its 10 points back."""
    from data_access.kualitas import kualitas_by_area
    from indicators.kualitas import skor_kualitas

    with with_hit.connect() as conn:
        pkm = _area(conn, Level.PUSKESMAS, "P01")
        scope = _pkm("P01").scope
        by_desa, total = kualitas_by_area(conn, scope, pkm, Level.DESA, 2025, 1)
        a1 = by_desa[A1]
        assert a1["janggal"] == 1 and a1["lengkap"] is not None and B1 not in by_desa
        assert a1["skor"] == pytest.approx(skor_kualitas(a1["lengkap"], a1["tepat"], 1, 1))
        assert total["janggal"] == 1
        mark_checked(conn, _pkm("P01"), _key(), "benar")
        after, _total = kualitas_by_area(conn, scope, pkm, Level.DESA, 2025, 1)
        assert after[A1]["janggal"] == 0
        assert after[A1]["skor"] == pytest.approx(min(100.0, a1["skor"] + 10))
        # per Puskesmas in the kabupaten: P01's hit counted at P01, P02's at P02
        kab, _ = kualitas_by_area(conn, Scope.everything(), _area(conn, Level.KABUPATEN, "99.01"), Level.PUSKESMAS,
                                  2025, 1)
        assert kab["P01"]["janggal"] == 0 and kab["P02"]["janggal"] == 1


def test_the_deck_s_data_quality_slide_counts_the_open_outliers_per_desa(with_hit):
    from data_access.lokmin import build_deck
    from figures.lokmin import slide_figure

    with with_hit.connect() as conn:
        scope = _pkm("P01").scope
        slide = next(s for s in build_deck(conn, scope, _area(conn, Level.PUSKESMAS, "P01"), 2025, 1).slides
                     if s.key == "kualitas")
        assert "1 data janggal belum dicek" in slide.judul
        row = next(r for r in slide.data["baris"] if r["kode"] == A1)
        assert row["janggal"] == 1
        table = slide_figure(slide)["data"][0]
        assert "Data janggal belum dicek" in " ".join(table["header"]["values"])
        mark_checked(conn, _pkm("P01"), _key(), "benar")
        again = next(s for s in build_deck(conn, scope, _area(conn, Level.PUSKESMAS, "P01"), 2025, 1).slides
                     if s.key == "kualitas")
        assert "0 data janggal belum dicek" in again.judul or "tanpa data janggal" in again.judul


def test_the_scorecard_carries_the_data_quality_columns_per_row(with_hit):
    """The Dashboard Utama's scorecard: per desa of P01 the data-quality score and its parts
    (the same as data_access.kualitas), in the grid row with Indonesian text; not in the score."""
    from data_access.kualitas import kualitas_by_area
    from data_access.skor import scorecard
    from layouts.skor_parts import scorecard_columns, scorecard_rows

    with with_hit.connect() as conn:
        pkm = _area(conn, Level.PUSKESMAS, "P01")
        scope = _pkm("P01").scope
        card = scorecard(conn, scope, pkm, 2025, 1)
        quality, total = kualitas_by_area(conn, scope, pkm, Level.DESA, 2025, 1)
    i = list(card.rows["kode"]).index(A1)
    assert card.rows["kualitas_janggal"][i] == 1 and card.rows["kualitas_skor"][i] == pytest.approx(
        quality[A1]["skor"])
    assert card.total["kualitas_janggal"] == total["janggal"] == 1
    body, pinned = scorecard_rows(card.rows, card.total, card.k1)
    row = next(r for r in body if r["kode"] == A1)
    assert row["t_kualitas_janggal"] == "1" and "1 data janggal belum dicek" in row["tip_kualitas"]
    assert row["t_kualitas_lengkap"].endswith("%")
    group = scorecard_columns(card.level.label, 1, card.k1)[-1]
    assert group["headerName"].startswith("Kualitas data") and [c["field"] for c in group["children"]] == [
        "kualitas_skor", "kualitas_lengkap", "kualitas_tepat", "kualitas_janggal"]


def test_the_scorecard_exports_carry_the_page_s_data_quality_columns(with_hit):
    """`cli.py export scorecard` and the Dashboard Utama's download hold the four Kualitas data
    columns with the page's values (A1: one open outlier), as numbers; a desa named like a
    formula stays text."""
    from io import BytesIO

    import openpyxl
    from sqlalchemy import update

    from data_access.skor import scorecard
    from exports.views import VIEWS, ExportRequest, scorecard_export, scorecard_table, write_export

    evil = '=HYPERLINK("http://evil.example/","x")'
    with with_hit.begin() as conn:
        conn.execute(update(schema.desa).where(schema.desa.c.kode == A1).values(nama=evil))
    quality = ["kualitas_skor", "kualitas_lengkap", "kualitas_tepat", "kualitas_janggal"]
    with with_hit.connect() as conn:
        pkm = _area(conn, Level.PUSKESMAS, "P01")
        scope = _pkm("P01").scope
        card = scorecard(conn, scope, pkm, 2025, 1)
        cli_rows = scorecard_export(conn, scope, Level.DESA, pkm, 2025, 1)
    page = {k: {f: card.rows[f][i] for f in quality} for i, k in enumerate(card.rows["kode"])}
    download = scorecard_table(card.rows)
    for table in (cli_rows, download):
        assert list(table.columns[-4:]) == quality
        for row in table.to_dict("records"):
            for f in quality:
                want = page[row["kode"]][f]
                assert (pd.isna(row[f]) and np.isnan(want)) or row[f] == pytest.approx(want), (row["kode"], f)
    a1 = cli_rows.set_index("kode").loc[A1]
    assert a1["kualitas_janggal"] == 1
    # by hand: A1 reported its one register every month so far, on time (imported now, in 2026)
    # or not: the score is 50 × lengkap + 50 × tepat − 10 × 1 open outlier ÷ 1 desa
    assert a1["kualitas_skor"] == pytest.approx(50 * a1["kualitas_lengkap"] + 50 * a1["kualitas_tepat"] - 10)
    request = ExportRequest(tingkat=Level.DESA, wilayah=pkm, tahun=2025, bulan=1)
    book = openpyxl.load_workbook(BytesIO(write_export(download, "xlsx", view=VIEWS["scorecard"], request=request)))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    cells = rows[A1]
    assert cells[header.index("nama")].value == "'" + evil and cells[header.index("nama")].data_type == "s"
    for f in quality:
        cell = cells[header.index(f)]
        assert cell.data_type == "n" and cell.value == pytest.approx(a1[f]), f
    notes = {r[0].value: r[1].value for r in book["Keterangan"].iter_rows()}
    assert any("Kualitas" in str(k) or "kualitas_skor" in str(k) for k in notes)
