"""The demo's PIS-PK/register disagreement (issue 16): in the first desa of the demo account's
Puskesmas (P9901010101) the families say ~90% gave birth at a facility and the register `pf`
says ~40% of bulin, by construction (demo/program.py REKON_*, demo/generate.py), so the Kualitas
Data page lists it; the other desa of that Puskesmas mostly agree, and in a kabupaten's view
of its Puskesmas a disagreement on any of the five pairs is the exception, not the rule (the
demo's PIS-PK answers are calibrated near its registers: demo/generate.py _Y_BASE).
Deterministic."""
from __future__ import annotations

import pandas as pd
import pytest

from demo.generate import generate
from demo.program import REKON_PUSKESMAS, generate_program, rekon_desa
from indicators.iks import summarise_by_desa
from indicators.program import INDICATOR_BY_CODE
from indicators.rekonsiliasi import BERBEDA, PASANGAN, PASANGAN_BY_CODE, SESUAI, TIDAK_DAPAT, compare

PF = PASANGAN_BY_CODE["persalinan"]


@pytest.fixture(scope="module")
def province():
    return generate()


@pytest.fixture(scope="module")
def compared(province) -> pd.DataFrame:
    """The pair `persalinan` for the desa of REKON_PUSKESMAS in 2025, as the page compares it."""
    w = province.wilayah
    mine = w.loc[w["kode_puskesmas"] == REKON_PUSKESMAS, ["kode_desa", "nama_desa"]]
    visits = pd.concat([c[c["kode_desa"].isin(mine["kode_desa"])] for c in province.iter_kunjungan()])
    iks = summarise_by_desa(visits, 2025, awal=False).set_index("kode_desa")
    program = generate_program(w, 2024)
    lay, sas = program.layanan, program.sasaran
    pf = lay[(lay["tahun"] == 2025) & (lay["indikator"] == "pf")].groupby("kode_desa")["nilai"].sum()
    bulin = sas[(sas["tahun"] == 2025) & (sas["sasaran"] == "bulin")].set_index("kode_desa")["jumlah"]
    counts = pd.DataFrame({
        "kode": mine["kode_desa"].to_numpy(), "nama": mine["nama_desa"].to_numpy(),
        "keluarga_dikunjungi": iks.loc[mine["kode_desa"], "keluarga_dikunjungi"].to_numpy(),
        "y": iks.loc[mine["kode_desa"], "y_persalinan_faskes"].to_numpy(),
        "t": iks.loc[mine["kode_desa"], "t_persalinan_faskes"].to_numpy(),
        "pembilang": pf.reindex(mine["kode_desa"]).to_numpy(float),
        "penyebut": bulin.reindex(mine["kode_desa"]).to_numpy(float)})
    return compare(PF, counts, 2025, 12).set_index("kode")


def test_the_chosen_desa_is_the_first_of_the_demo_puskesmas(province):
    w = province.wilayah
    assert rekon_desa(w) == "99.01.01.2001" == min(w.loc[w["kode_puskesmas"] == REKON_PUSKESMAS, "kode_desa"])
    # the name the browser test looks for on the page
    assert w.set_index("kode_desa").loc[rekon_desa(w), "nama_desa"] == "Girigede"


def test_pispk_says_about_90_and_the_register_about_40(compared, province):
    row = compared.loc[rekon_desa(province.wilayah)]
    assert row["cakupan_pispk"] >= 0.85 and row["y"] + row["t"] >= 20  # enough families to mean it
    assert 0.30 <= row["cakupan_register"] <= 0.50
    assert row["status"] == BERBEDA and row["selisih"] > 40 and row["kemungkinan"] == PF.bila_pispk_lebih_tinggi


def test_the_other_desa_of_that_puskesmas_mostly_agree(compared, province):
    others = compared.drop(index=rekon_desa(province.wilayah))
    assert (others["status"] == SESUAI).mean() >= 0.75
    # the largest gap of the Puskesmas is the constructed one
    assert compared["selisih"].abs().idxmax() == rekon_desa(province.wilayah)


def test_the_under_report_is_steady_not_a_sudden_drop(province):
    """Both years thinned alike: the gap is no outlier of its own (the outlier rules see none)."""
    program = generate_program(province.wilayah, 2024)
    lay = program.layanan
    mine = lay[(lay["kode_desa"] == rekon_desa(province.wilayah)) & (lay["indikator"] == "pf")]
    per_year = mine.groupby("tahun")["nilai"].sum()
    assert per_year.loc[2024] == pytest.approx(per_year.loc[2025], rel=0.3)


@pytest.fixture(scope="module")
def per_puskesmas(province) -> pd.DataFrame:
    """Every pair with a register compared per Puskesmas for 2025 to December, as a kabupaten's
    view compares them (the register's numerator and denominator summed over the year, the
    PIS-PK answers of the Puskesmas' families): kode, kabupaten, and one status column per pair."""
    w = province.wilayah
    visits = pd.concat(list(province.iter_kunjungan()), ignore_index=True)
    iks = summarise_by_desa(visits, 2025, awal=False).set_index("kode_desa")
    program = generate_program(w, 2024)
    lay = program.layanan[program.layanan["tahun"] == 2025].groupby(["kode_desa", "indikator"])["nilai"].sum()
    sas = program.sasaran[program.sasaran["tahun"] == 2025].set_index(["kode_desa", "sasaran"])["jumlah"]
    desa = w.set_index("kode_desa")
    of_pkm = desa["kode_puskesmas"]
    out = desa.groupby("kode_puskesmas")[["kode_kabupaten"]].first()
    for p in (p for p in PASANGAN if p.register):
        ind = INDICATOR_BY_CODE[p.register]
        num = sum(lay.xs(code, level="indikator").reindex(desa.index).fillna(0) for code in ind.numerator)
        source = sas if ind.denominator in sas.index.get_level_values("sasaran") else lay
        den = source.xs(ind.denominator, level=1).reindex(desa.index)
        frame = pd.DataFrame({"y": iks[f"y_{p.iks}"].reindex(desa.index).fillna(0),
                              "t": iks[f"t_{p.iks}"].reindex(desa.index).fillna(0),
                              "keluarga_dikunjungi": iks["keluarga_dikunjungi"].reindex(desa.index).fillna(0),
                              "pembilang": num, "penyebut": den}).groupby(of_pkm).sum(min_count=1)
        frame = frame.rename_axis("kode").reset_index().assign(nama=lambda f: f["kode"])
        out[p.code] = compare(p, frame, 2025, 12).set_index("kode")["status"]
    return out


def test_in_a_kabupaten_view_most_puskesmas_agree_on_every_pair(per_puskesmas):
    """The warning means something: in each kabupaten fewer than half of the Puskesmas differ
    on any pair (before the calibration every Puskesmas of a kabupaten did), and TB and ODGJ
    berat, which the registers put near 90% and 70%, agree almost everywhere."""
    pairs = [p.code for p in PASANGAN if p.register]
    statuses = per_puskesmas[pairs]
    compared = statuses != TIDAK_DAPAT
    assert compared.drop(columns=["tb"]).all().all()  # every Puskesmas compared; TB: too few families in some
    assert compared["tb"].mean() >= 0.6
    flagged = (statuses == BERBEDA).any(axis=1)
    for kab, share in flagged.groupby(per_puskesmas["kode_kabupaten"]).mean().items():
        assert share < 0.5, kab
    assert (statuses.loc[compared["tb"], "tb"] == BERBEDA).mean() <= 0.1
    assert (statuses["jiwa"] == BERBEDA).mean() <= 0.25
    assert flagged.any()  # and the warning is not silenced either


def test_the_constructed_disagreement_is_present_among_agreeing_neighbours(compared, province):
    """The page's Puskesmas view finds the constructed desa, and it is the exception there."""
    assert compared.loc[rekon_desa(province.wilayah), "status"] == BERBEDA
    assert (compared["status"] == BERBEDA).sum() <= len(compared) // 4
