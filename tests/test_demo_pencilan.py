"""The demo's outlier (issue 16): by construction, the first desa of the demo account's Puskesmas
(P9901010101) has one month of 2025 entered as ten times its usual count; the rules find it, the
demo load writes it to the hits table, and the Puskesmas' list on the Kualitas Data page opens on
it (the farthest from its range first)."""
from __future__ import annotations

import pytest

from data_access.db import get_engine
from data_access.pencilan import BELUM, hits, open_outliers
from data_access.schema import metadata
from data_access.store import insert_program, write_wilayah
from data_access.wilayah import resolve_area
from demo import generate as demo
from demo.program import PENCILAN_KALI, PENCILAN_PUSKESMAS, generate_program
from domain.codes import Level
from domain.wilayah import Scope
from indicators.validasi import cube, desa_hits


@pytest.fixture(scope="module")
def province() -> demo.DemoProvince:
    return demo.generate()


@pytest.fixture(scope="module")
def program(province):
    return generate_program(province.wilayah, 2024)


def test_the_outlier_is_ten_times_the_usual_month(program, province):
    desa, register, tahun, bulan = program.pencilan
    mine = province.wilayah.loc[province.wilayah["kode_puskesmas"] == PENCILAN_PUSKESMAS, "kode_desa"]
    assert desa == sorted(mine)[0]
    lay = program.layanan
    series = lay[(lay["kode_desa"] == desa) & (lay["indikator"] == register)]
    month = series[(series["tahun"] == tahun) & (series["bulan"] == bulan)]["nilai"]
    before = series[(series["tahun"] * 12 + series["bulan"]).between(tahun * 12 + bulan - 12, tahun * 12 + bulan - 1)]
    assert len(month) == 1 and len(before) >= 6
    assert int(month.iloc[0]) == PENCILAN_KALI * int(before["nilai"].median())


def test_the_rules_find_it(program):
    desa, register, tahun, bulan = program.pencilan
    lay = program.layanan[program.layanan["kode_desa"] == desa]
    sas = program.sasaran[program.sasaran["kode_desa"] == desa]
    found = desa_hits(cube(lay, sas, tahun - 1, tahun), (tahun,))
    row = found[(found["kode"] == register) & (found["bulan"] == bulan)]
    assert list(row["aturan"]) == ["z_robust"]
    assert row.iloc[0]["nilai"] >= row.iloc[0]["batas_atas"] * 4  # ten times the median; the range ends at twice


def test_the_demo_load_stores_it_and_the_page_lists_it_first(program, province, tmp_path):
    engine = get_engine(f"sqlite:///{tmp_path / 'demo.sqlite'}")
    metadata.create_all(engine)
    with engine.begin() as conn:
        write_wilayah(conn, province.wilayah)
        insert_program(conn, program.layanan, program.sasaran, program.target)
    desa, register, tahun, bulan = program.pencilan
    with engine.connect() as conn:
        area = resolve_area(conn, Scope.everything(), Level.PUSKESMAS, PENCILAN_PUSKESMAS)
        scope = Scope(Level.PUSKESMAS, PENCILAN_PUSKESMAS)
        listed = hits(conn, scope, area, (tahun, 1), (tahun, 12))
        first = listed.iloc[0]
        assert (first["kode_wilayah"], first["kode"], int(first["bulan"]), first["status"]) == (
            desa, register, bulan, BELUM)
        long = open_outliers(conn, scope, area, tahun)
        assert ((long["kode_wilayah"] == desa) & (long["register"] == register) & (long["bulan"] == bulan)).sum() == 1
    # other hits too, but few: under 5% of the Puskesmas' reported desa-register-months of the year
    own = province.wilayah.loc[province.wilayah["kode_puskesmas"] == PENCILAN_PUSKESMAS, "kode_desa"]
    lay = program.layanan
    reported = ((lay["tahun"] == tahun) & lay["kode_desa"].isin(own)).sum()
    assert 1 < len(long) < 0.05 * reported
