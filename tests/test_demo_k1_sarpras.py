"""The demo's Klaster 1 inventory and annual plan (demo/k1_sarpras.py, demo/k1_kegiatan.py):
deterministic, valid for the importer, with the stories the page tells (the demo account's
vaccine refrigerator rusak berat, non-standard items, a lagging klaster), and fast at the
scale of a province."""
from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from demo.k1_kegiatan import generate_kegiatan
from demo.k1_sarpras import generate_sarpras
from indicators.k1_kegiatan import in_period
from indicators.k1_sarpras import STANDAR_BY_KODE, tallies

FIRST = "P9901010101"  # the `puskesmas` demo account's


@pytest.fixture(scope="module")
def wilayah():
    from demo.generate import generate

    return generate("kabupaten", 2024).wilayah


def test_same_seed_same_rows(wilayah):
    pd.testing.assert_frame_equal(generate_sarpras(wilayah, 2024), generate_sarpras(wilayah, 2024))
    pd.testing.assert_frame_equal(generate_kegiatan(wilayah, 2024), generate_kegiatan(wilayah, 2024))
    assert not generate_kegiatan(wilayah, 7).equals(generate_kegiatan(wilayah, 2024))


def test_the_demo_puskesmas_has_a_broken_vaccine_refrigerator_and_non_standard_items(wilayah):
    rows = generate_sarpras(wilayah, 2024)
    mine = rows[(rows["kode_puskesmas"] == FIRST) & (rows["tahun"] == 2025)]
    fridge = mine[mine["kode_item"] == "ALK-14"]
    assert fridge[["kondisi", "jumlah"]].values.tolist() == [["rusak_berat", 1]]
    assert len(mine[~mine["kode_item"].isin(list(STANDAR_BY_KODE))]) >= 2
    assert rows.duplicated(["kode_puskesmas", "tahun", "lokasi", "kode_item", "kondisi"]).sum() == 0
    assert (rows["jumlah"] > 0).all() and rows["kondisi"].isin(["baik", "rusak_ringan", "rusak_berat"]).all()
    shares = tallies(rows[rows["tahun"] == 2025])
    working = shares["berfungsi"] / shares["standar"]
    assert 0.75 < working.mean() < 0.97  # most items working, not all
    assert (rows["lokasi"] != "").any()  # some at a Pustu


def test_activities_lag_in_one_klaster_at_the_demo_puskesmas(wilayah):
    rows = generate_kegiatan(wilayah, 2024)
    assert rows.duplicated(["kode_puskesmas", "tahun", "id_kegiatan"]).sum() == 0
    assert not ((rows["terlaksana"] == "T") & rows["bulan_terlaksana"].notna()).any()
    y2025 = rows[rows["tahun"] == 2025]
    assert y2025["bulan_terlaksana"].max() == 11  # reported to November
    period = pd.DataFrame(in_period(y2025[y2025["kode_puskesmas"] == FIRST], 11))
    done = period.groupby("klaster")["selesai"].mean()
    assert done.idxmin() == 4 and done.loc[4] < 0.7 and done.drop(4).min() > done.loc[4]


def test_the_demo_rows_import_as_they_are(loaded, tmp_path, wilayah):
    """The generator writes what the importer accepts (on the sample's Puskesmas P01)."""
    from ingest import import_file

    inv = generate_sarpras(wilayah, 2024)
    inv = inv[inv["kode_puskesmas"] == FIRST].assign(kode_puskesmas="P01")
    plan = generate_kegiatan(wilayah, 2024)
    plan = plan[plan["kode_puskesmas"] == FIRST].assign(kode_puskesmas="P01")
    plan["bulan_terlaksana"] = plan["bulan_terlaksana"].map(lambda v: "" if v != v else str(int(v)))
    for name, frame in (("sarpras", inv), ("kegiatan", plan)):
        path = tmp_path / f"{name}.csv"
        frame.to_csv(path, index=False)
        result = import_file(loaded, name, path)
        assert result.ok and result.added == len(frame), (name, result.message)


def test_a_province_of_1078_puskesmas_is_generated_in_seconds():
    n = 1078
    codes = np.array([f"P{i:010d}" for i in range(n)], dtype=object)
    wilayah = pd.DataFrame({"kode_puskesmas": np.repeat(codes, 2), "kode_desa": [f"D{i}" for i in range(2 * n)],
                            "nama_desa": [f"Desa {i}" for i in range(2 * n)]})
    start = time.perf_counter()
    inv, plan = generate_sarpras(wilayah, 1), generate_kegiatan(wilayah, 1)
    assert time.perf_counter() - start < 10
    assert inv["kode_puskesmas"].nunique() == n and plan["kode_puskesmas"].nunique() == n
    assert 40 * n < len(plan) / 2 < 60 * n


def test_the_demo_stores_on_both_dialects_with_its_summaries(engine, wilayah):
    from sqlalchemy import func, select

    from data_access import schema
    from data_access.k1_kegiatan import replace_kegiatan
    from data_access.k1_sarpras import replace_sarpras
    from data_access.store import write_wilayah

    inv, plan = generate_sarpras(wilayah, 2024), generate_kegiatan(wilayah, 2024)
    with engine.begin() as conn:
        write_wilayah(conn, wilayah)
        replace_sarpras(conn, inv)
        replace_kegiatan(conn, plan)
    with engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(schema.sarpras)).scalar()
        summary = pd.DataFrame(conn.execute(select(schema.sarpras_ringkas)).mappings().all())
        done = conn.execute(select(func.sum(schema.kegiatan_ringkas.c.terlaksana)).where(
            schema.kegiatan_ringkas.c.bulan == 12, schema.kegiatan_ringkas.c.klaster == 0)).scalar()
        months = conn.execute(select(schema.kegiatan.c.bulan_terlaksana).where(
            schema.kegiatan.c.bulan_terlaksana.is_not(None)).limit(5)).scalars().all()
        kab = schema.kegiatan_ringkas_kabupaten
        kab_done = conn.execute(select(func.sum(kab.c.terlaksana)).where(kab.c.bulan == 12, kab.c.klaster == 0)
                                ).scalar()
        kab_tallies = pd.DataFrame(conn.execute(select(schema.sarpras_ringkas_kabupaten)).mappings().all())
    assert count == len(inv)
    expected = tallies(inv).sort_values(["kode_puskesmas", "tahun"], ignore_index=True)
    got = summary.sort_values(["kode_puskesmas", "tahun"], ignore_index=True)[expected.columns]
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert done == int((plan["terlaksana"] == "Y").sum())  # by December every done activity counts
    # the demo's province view reads its kabupaten's sums: stored with the Puskesmas' ones
    assert kab_done == done and kab_tallies["puskesmas_melapor"].sum() == len(summary)
    assert kab_tallies["berfungsi"].sum() == summary["berfungsi"].sum()
    assert sorted(kab_tallies["kode_kabupaten"].unique()) == sorted(wilayah["kode_kabupaten"].unique())
    assert all(isinstance(m, int) for m in months)
