"""The demo's program data: deterministic, every register for 24 months at realistic levels,
and the flaws the dashboard must show (a lagging Puskesmas area, late registration, missing
months, a missing sasaran); loaded by `python cli.py demo` with the per-area summaries; and
the month the pages open on looks like a real province (most areas baik or cukup, a few
standing out)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import func, select

from cli import main
from data_access import schema
from data_access.pws import default_month, pws_by_level
from data_access.wilayah import resolve_area
from demo import generate as demo
from demo.kelengkapan import with_arrivals
from demo.program import (
    RATES,
    SASARAN_SHARE,
    TARGET_KABUPATEN,
    TARGET_PUSKESMAS,
    ProgramData,
    generate_program,
    registers_without_rate,
)
from domain.codes import Level
from domain.wilayah import Scope
from indicators.program import INDICATORS, KASKADES, REGISTERS, SASARAN_CODES
from indicators.pws import BAIK, CUKUP, JELEK, KURANG
from tests.sample_pws import summary_months

YEARS = (2024, 2025)


@pytest.fixture(scope="module")
def province(demo_province) -> demo.DemoProvince:
    return demo_province  # demo.generate(), made once for the session


@pytest.fixture(scope="module")
def wilayah(province) -> pd.DataFrame:
    return province.wilayah


@pytest.fixture(scope="module")
def program(wilayah) -> ProgramData:
    return generate_program(wilayah, 2024)


@pytest.fixture(scope="module")
def annual(program) -> pd.DataFrame:
    """Register totals per desa and year (rows), one column per register."""
    return program.layanan.pivot_table(index=["kode_desa", "tahun"], columns="indikator",
                                       values="nilai", aggfunc="sum", fill_value=0)


@pytest.fixture(scope="module")
def sasaran(program) -> pd.Series:
    return program.sasaran.set_index(["kode_desa", "tahun", "sasaran"])["jumlah"]


# --- determinism and completeness ------------------------------------------------------------

def test_same_seed_gives_identical_program_data(wilayah, program):
    again = generate_program(wilayah, 2024)
    for name in ("layanan", "sasaran", "target"):
        pd.testing.assert_frame_equal(getattr(program, name), getattr(again, name))
    assert again.desa_tertinggal == program.desa_tertinggal
    assert again.sasaran_kosong == program.sasaran_kosong


def test_another_seed_gives_other_numbers(wilayah, program):
    other = generate_program(wilayah, 7)
    assert not program.layanan["nilai"].equals(other.layanan["nilai"])


def test_every_klaster_2_register_has_a_rate():
    missing = [r.code for r in REGISTERS if r.klaster == 2 and r.code in registers_without_rate()]
    assert missing == []


def test_rates_refer_to_declared_codes():
    assert set(RATES) <= {r.code for r in REGISTERS}
    for code, rate in RATES.items():
        assert rate.base in RATES or rate.base in SASARAN_SHARE or rate.base == "penduduk", code
        assert rate.low <= rate.high, code
    assert set(SASARAN_SHARE) <= set(SASARAN_CODES)


def test_every_register_with_a_rate_has_24_months(program):
    months = program.layanan.groupby("indikator")[["tahun", "bulan"]].apply(
        lambda f: len(f.drop_duplicates()))
    declared = [r.code for r in REGISTERS if r.code in RATES]
    assert set(months.index) == set(declared)
    assert (months == 24).all()
    assert {r.code for r in REGISTERS if r.klaster == 2} <= set(months.index)


def test_layanan_are_non_negative_whole_numbers_with_a_unique_key(program):
    lay = program.layanan
    assert list(lay.columns) == ["kode_desa", "tahun", "bulan", "indikator", "nilai"]
    assert lay["nilai"].dtype.kind == "i" and (lay["nilai"] >= 0).all()
    assert not lay.duplicated(["kode_desa", "tahun", "bulan", "indikator"]).any()
    assert set(lay["tahun"]) == set(YEARS) and set(lay["bulan"]) == set(range(1, 13))


# --- sasaran ----------------------------------------------------------------------------------

def test_sasaran_are_positive_and_follow_the_population(wilayah, sasaran):
    assert (sasaran > 0).all()
    pop = wilayah.set_index("kode_desa")["jumlah_penduduk"]
    bayi = sasaran.xs((2024, "bayi"), level=["tahun", "sasaran"])
    assert np.allclose(bayi, 0.0165 * pop.reindex(bayi.index), atol=0.051)
    before, after = sasaran.xs(2024, level="tahun").align(sasaran.xs(2025, level="tahun"), join="inner")
    # a little growth, never a fall (rounded to 0.1: a sasaran of 5 people grows by 0.1 at most)
    assert (after >= before).all() and (after <= 1.02 * before + 0.1).all()


def test_the_intentionally_missing_sasaran_is_missing_and_nothing_else(wilayah, program, sasaran):
    assert 1 <= len(program.sasaran_kosong) <= 2
    for kode, tahun, code in program.sasaran_kosong:
        assert (kode, tahun, code) not in sasaran.index
        assert (kode, tahun - 1, code) in sasaran.index  # there the year before
        assert (kode, tahun, "bulin") in sasaran.index  # only that one code is missing
    expected = len(wilayah) * len(YEARS) * len(SASARAN_SHARE) - len(program.sasaran_kosong)
    assert len(sasaran) == expected


# --- levels -----------------------------------------------------------------------------------

def test_province_coverage_is_within_the_declared_ranges(program, annual, sasaran):
    totals = annual.groupby(level="tahun").sum().loc[2024]
    for code, rate in RATES.items():
        if rate.per != "tahun" or rate.base not in SASARAN_SHARE:
            continue
        cov = totals[code] / sasaran.xs((2024, rate.base), level=["tahun", "sasaran"]).sum()
        # ~2% of months are missing; late registration adds a little
        assert rate.low * 0.93 <= cov <= rate.high * 1.02, (code, cov)
    # steps drawn from another register, against their own sasaran
    for code, base, low, high in (("k6", "bumil", 0.72, 0.90), ("kf_lengkap", "bulin", 0.72, 0.88),
                                  ("kn_lengkap", "bayi", 0.75, 0.92)):
        cov = totals[code] / sasaran.xs((2024, base), level=["tahun", "sasaran"]).sum()
        assert low <= cov <= high, (code, cov)


def test_cascade_steps_are_mostly_smaller_than_the_step_before(annual):
    for k in KASKADES:
        for before, step in zip(k.steps, k.steps[1:]):
            if before in annual and step in annual and RATES[step].base == before:
                assert (annual[step] <= annual[before]).mean() > 0.95, (before, step)
    assert (annual["k6"] <= annual["k1"]).mean() > 0.95
    assert (annual["kf_lengkap"] <= annual["pf"]).mean() > 0.95


def test_height_is_measured_mostly_in_bulan_penimbangan(program):
    lay = program.layanan
    diukur = lay[lay["indikator"] == "balita_diukur"].groupby("bulan")["nilai"].sum()
    d = lay[lay["indikator"] == "balita_d"].groupby("bulan")["nilai"].sum()
    assert diukur[[2, 8]].min() > 5 * diukur.drop([2, 8]).max()
    assert d[[2, 8]].min() > d.drop([2, 8]).max()


def test_tb_cases_are_near_the_estimated_incidence(wilayah, annual):
    cases = annual["tb_diagnosis"].groupby(level="tahun").sum().loc[2024]
    per_100k = cases / wilayah["jumlah_penduduk"].sum() * 100_000
    assert 150 <= per_100k <= 385


# --- the course of the year -------------------------------------------------------------------

@pytest.fixture(scope="module")
def monthly_2025(program) -> pd.DataFrame:
    """2025 register totals per month (rows), lagging desa apart: columns (lagging, code)."""
    lay = program.layanan[program.layanan["tahun"] == 2025]
    lagging = lay["kode_desa"].isin(program.desa_tertinggal)
    return lay.assign(lagging=lagging).pivot_table(index="bulan", columns=["lagging", "indikator"],
                                                   values="nilai", aggfunc="sum")


def test_the_year_end_push_lifts_november_and_december_but_not_the_lagging_area(monthly_2025):
    for code in ("k1", "idl", "ht_skrining", "icope_skrining", "rematri_ttd"):
        rest = monthly_2025[(False, code)]
        assert rest[12] > 1.1 * rest[11] and rest[11] > rest[10], (code, rest[10:].tolist())
        lagging = monthly_2025[(True, code)]  # sliding, and without staff to sweep
        assert lagging[12] / lagging[11] < rest[12] / rest[11] - 0.1, (code, lagging.tolist())
        assert lagging[12] < 0.8 * lagging[1], (code, lagging.tolist())
    # served mostly at school: the holidays, not a push
    remaja = monthly_2025[(False, "remaja_dilayani")]
    assert remaja[12] < remaja[11] < remaja[10]


def test_the_season_acts_on_the_first_step_of_a_chain_only(monthly_2025):
    rest = monthly_2025[False]
    season = rest["ht_skrining"] / rest["ht_skrining"].mean()
    assert season.max() / season.min() > 1.4  # Lebaran, the ramp and the push
    for before, step in (("ht_skrining", "ht_diagnosis"), ("ht_diagnosis", "ht_diobati"),
                         ("k1", "k6"), ("k6", "pf")):
        share = rest[step] / rest[before]
        assert share.max() / share.min() < 1.05, (step, share.round(3).tolist())


# --- flaws ------------------------------------------------------------------------------------

def test_laggard_desa_are_few_clustered_and_really_lower_in_the_last_year(wilayah, program,
                                                                          annual, sasaran):
    lag = set(program.desa_tertinggal)
    assert 0.03 <= len(lag) / len(wilayah) <= 0.08
    assert 1 <= len(program.puskesmas_tertinggal) <= 2
    in_pkm = wilayah[wilayah["kode_puskesmas"].isin(program.puskesmas_tertinggal)]
    assert set(in_pkm["kode_desa"]) == lag

    def k1_coverage(tahun):
        cov = (annual["k1"].xs(tahun, level="tahun")
               / sasaran.xs((tahun, "bumil"), level=["tahun", "sasaran"])).dropna()
        is_lag = cov.index.isin(list(lag))
        return cov[is_lag].median(), cov[~is_lag].median()

    lag_2024, rest_2024 = k1_coverage(2024)
    lag_2025, rest_2025 = k1_coverage(2025)
    assert lag_2024 > 0.8 * rest_2024  # normal the year before
    assert lag_2025 < 0.65 * rest_2025


def test_late_registration_lifts_a_later_step_above_an_earlier_one(program):
    month = program.layanan.pivot_table(index=["kode_desa", "tahun", "bulan"], columns="indikator",
                                        values="nilai")
    assert (month["k6"] > month["k1"]).any()
    assert (month["tb_diobati"] > month["tb_diagnosis"]).any()
    assert (month["kf_lengkap"] > month["pf"]).any()
    # but rarely for a step drawn from the one before
    assert (month["tb_diobati"] > month["tb_diagnosis"]).mean() < 0.02


def test_some_desa_months_have_no_report_at_all(wilayah, program):
    per_month = program.layanan.groupby(["kode_desa", "tahun", "bulan"]).size()
    share_missing = 1 - len(per_month) / (len(wilayah) * 24)
    assert 0.01 <= share_missing <= 0.04
    assert (per_month == per_month.max()).all()  # a month is reported whole or not at all


# --- targets ----------------------------------------------------------------------------------

def test_targets_have_a_general_row_per_indicator_and_year_and_some_overrides(wilayah, program):
    t = program.target.set_index(["indikator", "tahun", "kode_wilayah"])["target_persen"]
    for ind in INDICATORS:
        for tahun in YEARS:
            if ind.target is not None:
                assert t[(ind.code, tahun, "")] == ind.target
    khusus = t[t.index.get_level_values("kode_wilayah") != ""]
    assert len(khusus) == len(program.target_khusus) >= 2
    areas = set(wilayah["kode_kabupaten"]) | set(wilayah["kode_puskesmas"])
    assert set(khusus.index.get_level_values("kode_wilayah")) <= areas
    assert t[("k6", 2025, "99.71")] == TARGET_KABUPATEN["k6"]
    pkm = [k for c, y, k in program.target_khusus if k.startswith("P")]
    assert t[("k6", 2025, pkm[0])] == TARGET_PUSKESMAS["k6"]
    assert wilayah.set_index("kode_puskesmas").loc[pkm[0], "kode_kabupaten"].iloc[0] == "99.71"


# --- loading ----------------------------------------------------------------------------------

def test_cli_demo_without_visits_loads_program_data_and_summaries(engine, monkeypatch, province,
                                                                  wilayah, program, request):
    if engine.dialect.name == "sqlite":  # run once for the session's demo tests (conftest)
        status, engine = request.getfixturevalue("cli_demo_sqlite")
        assert status == 0
    else:
        monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
        monkeypatch.setattr("demo.load.generate", lambda skala, seed: province)  # made once
        assert main(["demo", "--tanpa-kunjungan"]) == 0
    stored = with_arrivals(program.layanan, wilayah, 2024).layanan
    with engine.connect() as conn:
        def count(table):
            return conn.execute(select(func.count()).select_from(table)).scalar()

        assert count(schema.kunjungan_keluarga) == 0
        assert count(schema.desa) > 0 and count(schema.batas_desa) == count(schema.desa)
        # the registers as loaded: without the silent desa's last months (demo/kelengkapan.py),
        # each with its arrival
        assert count(schema.layanan) == len(stored) == count(schema.laporan_masuk)
        assert count(schema.sasaran) == len(program.sasaran)
        assert count(schema.target) == len(program.target)
        lw = summary_months(conn, "provinsi")
        sw = pd.DataFrame(conn.execute(
            select(schema.sasaran_wilayah).where(schema.sasaran_wilayah.c.tingkat == "provinsi")
        ).mappings().all())
        n_pkm = conn.execute(select(func.count(func.distinct(schema.layanan_bulanan.c.kode)))
                             .where(schema.layanan_bulanan.c.tingkat == "puskesmas")).scalar()
    assert n_pkm == wilayah["kode_puskesmas"].nunique()

    # the province's summary is the sum of its desa rows (beside them: the Puskesmas-level
    # registers of Klaster 1, summed from their own table)
    from indicators.program import PUSKESMAS_REGISTER_CODES, PUSKESMAS_SASARAN_CODES
    assert lw["indikator"].isin(PUSKESMAS_REGISTER_CODES).any()
    lw = lw[~lw["indikator"].isin(PUSKESMAS_REGISTER_CODES)]
    sw = sw[~sw["sasaran"].isin(PUSKESMAS_SASARAN_CODES)]
    lay = stored.groupby(["tahun", "indikator", "bulan"])["nilai"].agg(["sum", "size"])
    got = lw.set_index(["tahun", "indikator", "bulan"]).sort_index()
    assert set(lw["kode"]) == {"99"}
    assert (got["nilai"] == lay["sum"].reindex(got.index)).all() and len(got) == len(lay)
    assert (got["desa_lapor"] == lay["size"].reindex(got.index)).all()
    sas = program.sasaran.groupby(["tahun", "sasaran"])["jumlah"].agg(["sum", "size"])
    got = sw.set_index(["tahun", "sasaran"]).sort_index()
    assert len(got) == len(sas)
    assert np.allclose(got["jumlah"], sas["sum"].reindex(got.index))
    assert (got["desa_ada"] == sas["size"].reindex(got.index)).all()
    _, tahun, code = program.sasaran_kosong[0]
    assert got.loc[(tahun, code), "desa_ada"] == got.loc[(tahun - 1, code), "desa_ada"] - len(
        program.sasaran_kosong)


# --- the month the pages open on looks like a real province (issue 13) ---------------------------

EVERYTHING = Scope.everything()
K234 = tuple(i.code for i in INDICATORS if i.klaster in (2, 3, 4))
K2 = tuple(i.code for i in INDICATORS if i.klaster == 2)
GOOD = (BAIK, CUKUP)


@pytest.fixture(scope="module")
def demo_db(cli_demo_sqlite):
    """The demo (default scale and seed, no family visits) in a SQLite: load_demo(engine,
    kunjungan=False) as `cli.py demo --tanpa-kunjungan` runs it, once for the session's
    demo tests (conftest cli_demo_sqlite)."""
    status, engine = cli_demo_sqlite
    assert status == 0
    return engine


@pytest.fixture(scope="module")
def opening(demo_db) -> dict:
    """Status words at the month the Klaster pages open on (the latest with a report, as the
    pages pick it), through the pages' own query: per level, a frame area × indicator."""
    with demo_db.connect() as conn:
        top = resolve_area(conn, EVERYTHING, Level.PROVINSI, "99")
        months = {default_month(conn, EVERYTHING, top, 2025,
                                tuple(sorted({r for i in INDICATORS if i.klaster == k for r in i.registers})))
                  for k in (2, 3, 4)}
        assert len(months) == 1, months
        bulan = months.pop()
        out = {"bulan": bulan}
        for level in (Level.KABUPATEN, Level.PUSKESMAS, Level.DESA):
            out[level] = pd.DataFrame({
                code: pws_by_level(conn, EVERYTHING, top, level, 2025, bulan, code).set_index("kode")["status"]
                for code in K234})
    return out


def _shares(table: pd.DataFrame) -> pd.Series:
    """Share of each status among the cells that have one."""
    words = table.stack()
    words = words[words.isin([BAIK, KURANG, CUKUP, JELEK])]
    return words.value_counts(normalize=True).reindex([BAIK, KURANG, CUKUP, JELEK], fill_value=0.0)


def test_the_pages_open_on_december_of_the_last_year(opening):
    assert opening["bulan"] == 12


def test_most_puskesmas_are_baik_or_cukup_at_the_opening_month(opening):
    """Across the Klaster 2–4 indicators at the Puskesmas level, of the cells with a status,
    at least 60% are baik or cukup and at most 25% jelek (the seasonal dip of the old demo
    made 58% of them jelek)."""
    share = _shares(opening[Level.PUSKESMAS])
    assert share[BAIK] + share[CUKUP] >= 0.60, share.round(3).to_dict()
    assert share[JELEK] <= 0.25, share.round(3).to_dict()


def test_the_lagging_puskesmas_stands_out(opening, program):
    """A lagging Puskesmas is jelek on at least 3 indicators, more than any other."""
    jelek = (opening[Level.PUSKESMAS] == JELEK).sum(axis=1)
    lagging = jelek[jelek.index.isin(program.puskesmas_tertinggal)]
    others = jelek[~jelek.index.isin(program.puskesmas_tertinggal)]
    assert lagging.max() >= 3, lagging.to_dict()
    assert lagging.max() > others.max(), (lagging.to_dict(), others.nlargest(3).to_dict())


def test_kabupaten_are_not_all_jelek_on_klaster_2(opening):
    """On more than half of the Klaster 2 indicators with a status, most kabupaten/kota are
    baik or cukup; fewer than a quarter of them have every kabupaten/kota jelek."""
    kab = opening[Level.KABUPATEN][list(K2)]
    assert len(kab) == 3
    rated = [c for c in K2 if kab[c].notna().any()]
    mostly_good = [c for c in rated if kab[c].isin(GOOD).sum() > len(kab) / 2]
    all_jelek = [c for c in rated if (kab[c] == JELEK).all()]
    assert len(mostly_good) > len(rated) / 2, kab.T.to_string()
    assert len(all_jelek) < len(rated) / 4, all_jelek


def test_indicators_differ_and_some_desa_fall_behind(opening):
    """Not every indicator shows the same mix: at the Puskesmas level the commonest status
    differs (at least three different ones); and the desa are not all fine."""
    pkm = opening[Level.PUSKESMAS]
    commonest = {c: pkm[c].value_counts().idxmax() for c in pkm if pkm[c].notna().any()}
    assert len(set(commonest.values())) >= 3, commonest
    desa = _shares(opening[Level.DESA])
    assert desa[KURANG] + desa[JELEK] >= 0.10, desa.round(3).to_dict()


# --- the silent desa (issue 16: warnings where the number is shown) ---------------------------

def test_the_silent_desa_and_its_puskesmas_carry_the_mark_on_the_pws_page(demo_db, wilayah):
    """demo.kelengkapan's silent desa (no register October–December 2025) is named beside its
    PWS status, and its Puskesmas' own status says how many desa reported."""
    from data_access.pws import pws_view
    from demo.kelengkapan import silent_desa

    kode = silent_desa(wilayah)
    with demo_db.connect() as conn:
        puskesmas = resolve_area(conn, EVERYTHING, Level.PUSKESMAS, "P9901010101")
        view = pws_view(conn, EVERYTHING, puskesmas, 2025, 12, "k6")
    rows = dict(zip(view.rows["kode"], view.rows["tanpa_laporan"]))
    assert rows[kode].startswith("tanpa laporan ") and "–Desember" in rows[kode]  # Oktober (or earlier)–Desember
    n = len(rows)
    # the Puskesmas' own status keeps its word, with the count of desa beside it
    assert view.total["status"] in (BAIK, KURANG, CUKUP, JELEK)
    assert f"dari {n} desa melapor" in view.total["tanpa_laporan"]
    assert view.total["tanpa_laporan"].startswith("November: ")
