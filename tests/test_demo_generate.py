"""The fictional demo province: deterministic, canonical codes, a clean desa coverage, and
family visits that look like real PIS-PK data (low IKS, spatial variation, a follow-up
round that is a little better)."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
import shapely

from demo import generate as demo
from domain.codes import normalise_desa, normalise_puskesmas
from indicators.registry import IKS_CODES


@pytest.fixture(scope="module")
def province() -> demo.DemoProvince:
    return demo.generate()


@pytest.fixture(scope="module")
def visits(province) -> pd.DataFrame:
    return pd.concat(province.iter_kunjungan(), ignore_index=True)


@pytest.fixture(scope="module")
def desa_iks(visits) -> pd.DataFrame:
    """Per desa and year: families with a defined IKS, sehat families, and IKS."""
    answers = visits[list(IKS_CODES)].to_numpy(dtype=object)
    n_y = (answers == "Y").sum(axis=1)
    defined = 12 - (answers == "N").sum(axis=1)
    frame = pd.DataFrame({
        "kode_desa": visits["kode_desa"],
        "tahun": visits["tanggal_kunjungan"].dt.year,
        "defined": defined > 0,
        "sehat": (defined > 0) & (5 * n_y > 4 * defined),
    })
    out = frame.groupby(["tahun", "kode_desa"])[["defined", "sehat"]].sum()
    out["iks"] = out["sehat"] / out["defined"]
    return out


def _neighbour_pairs(batas) -> np.ndarray:
    geoms = batas.geometry.values
    left, right = shapely.STRtree(geoms).query(geoms, predicate="touches")
    keep = left < right
    return np.c_[left[keep], right[keep]]


# --- generation -------------------------------------------------------------------------

def test_same_seed_gives_identical_province(province):
    again = demo.generate()
    pd.testing.assert_frame_equal(province.wilayah, again.wilayah)
    wkb = [shapely.to_wkb(p.batas.geometry.values) for p in (province, again)]
    assert (wkb[0] == wkb[1]).all()
    pd.testing.assert_frame_equal(next(province.iter_kunjungan(50)), next(again.iter_kunjungan(50)))


def test_another_seed_gives_another_province(province):
    other = demo.generate(seed=7)
    assert not province.wilayah["nama_desa"].equals(other.wilayah["nama_desa"])


def test_unknown_skala_is_refused():
    with pytest.raises(ValueError):
        demo.generate("nasional")


def test_a_small_province_shaped_spec_has_several_kabupaten_and_kota():
    spec = replace(demo._SKALA["provinsi"], n_desa=400, n_kabupaten=4, kota_desa=(30, 20, 15),
                   n_towns=2, n_weak=2)
    small = demo._generate(spec, seed=1)
    kab = small.wilayah["kode_kabupaten"].unique()
    assert set(kab) == {"99.01", "99.02", "99.03", "99.04", "99.71", "99.72", "99.73"}
    assert small.wilayah["kode_desa"].is_unique
    assert shapely.is_valid(small.batas.geometry.values).all()


# --- wilayah ----------------------------------------------------------------------------

def test_wilayah_has_the_agreed_columns(province):
    w = province.wilayah
    assert list(w.columns) == list(demo.WILAYAH_COLUMNS)
    assert pd.api.types.is_integer_dtype(w["jumlah_penduduk"])
    assert pd.api.types.is_integer_dtype(w["jumlah_keluarga"])
    assert w.notna().all().all()


def test_kabupaten_scale_is_big_enough_for_the_demo(province):
    w = province.wilayah
    assert len(w) >= 300
    assert w["kode_puskesmas"].nunique() >= 30
    kab = set(w["kode_kabupaten"])
    assert len(kab) >= 2 and "99.71" in kab  # at least one kabupaten and one kota
    assert w["jumlah_keluarga"].between(150, 2000).all()
    assert (w["jumlah_penduduk"] > 3 * w["jumlah_keluarga"]).all()
    kota = w["kode_kabupaten"] == "99.71"
    assert w.loc[kota, "jumlah_keluarga"].median() > w.loc[~kota, "jumlah_keluarga"].median()


def test_codes_are_canonical_nested_and_unique(province):
    w = province.wilayah
    assert w["kode_desa"].is_unique
    assert (w["kode_provinsi"] == "99").all()
    assert (w["kode_desa"].map(normalise_desa) == w["kode_desa"]).all()
    assert (w["kode_desa"].str.slice(0, 8) == w["kode_kecamatan"]).all()
    assert (w["kode_kecamatan"].str.slice(0, 5) == w["kode_kabupaten"]).all()
    kota = w["kode_kabupaten"].str.slice(3).astype(int) >= 71
    block = w["kode_desa"].str.slice(9)
    assert block[kota].str.startswith("1").all() and block[~kota].str.startswith("2").all()
    assert list(w["kode_desa"]) == sorted(w["kode_desa"])


def test_puskesmas_codes_follow_the_kecamatan(province):
    w = province.wilayah
    assert (w["kode_puskesmas"].map(normalise_puskesmas) == w["kode_puskesmas"]).all()
    assert w["kode_puskesmas"].str.fullmatch(r"P\d{10}").all()
    kec_digits = w["kode_kecamatan"].str.replace(".", "", regex=False)
    assert (w["kode_puskesmas"].str.slice(1, 7) == kec_digits).all()
    assert w["kode_puskesmas"].str.endswith("01").all()
    parents = ["kode_kecamatan", "kode_kabupaten", "nama_puskesmas"]
    per_puskesmas = w.groupby("kode_puskesmas")[parents].nunique()
    assert (per_puskesmas == 1).all().all()
    per_kecamatan = w.groupby("kode_kecamatan")["kode_puskesmas"].nunique()
    assert per_kecamatan.min() >= 1 and (per_kecamatan > 1).sum() >= 2
    assert (per_kecamatan == 1).mean() > 0.7  # mostly one Puskesmas per kecamatan


def test_names_are_unique_within_their_parent(province):
    w = province.wilayah
    assert w.groupby("kode_kecamatan")["nama_desa"].apply(lambda s: s.is_unique).all()
    kec = w.drop_duplicates("kode_kecamatan")
    assert kec.groupby("kode_kabupaten")["nama_kecamatan"].apply(lambda s: s.is_unique).all()
    assert w.drop_duplicates("kode_kabupaten")["nama_kabupaten"].is_unique
    pkm = w.drop_duplicates("kode_puskesmas")
    assert pkm["nama_puskesmas"].is_unique
    assert all(p.startswith(f"Puskesmas {k}") for p, k in zip(pkm["nama_puskesmas"], pkm["nama_kecamatan"]))
    assert w["nama_kabupaten"].str.match(r"^(Kabupaten|Kota) [A-Z][a-z]+").all()
    assert (w["nama_provinsi"].str.contains("Fiktif")).all()


# --- boundaries -------------------------------------------------------------------------

def test_boundaries_are_valid_polygons_in_wilayah_order(province):
    b = province.batas
    assert list(b.columns) == ["kode_desa", "geometry"]
    assert b.crs.to_epsg() == 4326
    assert b["kode_desa"].tolist() == province.wilayah["kode_desa"].tolist()
    geoms = b.geometry.values
    assert shapely.is_valid(geoms).all() and not shapely.is_empty(geoms).any()
    assert set(b.geom_type) <= {"Polygon", "MultiPolygon"}
    assert (b.geom_type == "Polygon").mean() > 0.95
    xmin, ymin, xmax, ymax = b.total_bounds
    assert 105 < xmin < xmax < 118 and -12 < ymin < ymax < -8.5  # at sea, south of Java


def test_desa_tile_the_land_without_gaps_or_overlaps(province):
    geoms = province.batas.geometry.values
    union = shapely.coverage_union_all(geoms)
    assert shapely.area(geoms).sum() == pytest.approx(union.area, rel=1e-9)
    assert shapely.coverage_is_valid(geoms)  # neighbours share their edges exactly
    # the land: a mainland with a coast, plus a small island; no holes inside
    parts = shapely.get_parts(union)
    assert len(parts) == 2
    assert all(len(p.interiors) == 0 for p in parts)


def test_every_desa_has_neighbours(province):
    pairs = _neighbour_pairs(province.batas)
    degree = np.bincount(pairs.ravel(), minlength=len(province.batas))
    assert (degree >= 1).all()
    assert degree.mean() > 4  # irregular tiling: about six neighbours each


def test_puskesmas_and_kabupaten_areas_are_contiguous(province):
    b = province.batas.assign(
        kode_puskesmas=province.wilayah["kode_puskesmas"],
        kode_kabupaten=province.wilayah["kode_kabupaten"],
    )
    pieces = [shapely.get_num_geometries(shapely.coverage_union_all(g.geometry.values))
              for _, g in b.groupby("kode_puskesmas")]
    assert np.mean(np.array(pieces) == 1) > 0.95
    # a kabupaten may hold the offshore island as a second piece
    for _, g in b.groupby("kode_kabupaten"):
        assert shapely.get_num_geometries(shapely.coverage_union_all(g.geometry.values)) <= 2


def test_merge_fragments_gives_each_label_one_piece():
    # a 1-D chain 0-1-2-3-4 where label 0 has a stray cell (4) behind label 1
    label = np.array([0, 0, 1, 1, 0])
    edges = np.array([[0, 1], [1, 2], [2, 3], [3, 4]])
    merged = demo._merge_fragments(label, edges)
    assert merged.tolist() == [0, 0, 1, 1, 1]


# --- family visits ----------------------------------------------------------------------

def test_visits_have_the_agreed_columns_and_values(visits, province):
    assert list(visits.columns) == list(demo.KUNJUNGAN_COLUMNS)
    assert pd.api.types.is_datetime64_any_dtype(visits["tanggal_kunjungan"])
    assert (visits["tanggal_kunjungan"] == visits["tanggal_kunjungan"].dt.normalize()).all()
    for code in IKS_CODES:
        assert set(visits[code].unique()) <= {"Y", "T", "N"}
        assert isinstance(visits[code].iloc[0], str)
    assert set(visits["kode_desa"]) <= set(province.wilayah["kode_desa"])


def test_family_ids_are_fictional_unique_and_carry_the_desa(visits):
    ids = visits["id_keluarga"]
    assert ids.str.fullmatch(r"K\d{15}").all()
    assert (ids.str.slice(1, 11) == visits["kode_desa"].str.replace(".", "", regex=False)).all()
    per_year = visits.groupby([visits["tanggal_kunjungan"].dt.year, ids]).size()
    assert per_year.max() == 1  # one visit per family per round


def test_chunks_hold_whole_desa_and_do_not_change_the_rows(province, visits):
    chunks = list(province.iter_kunjungan(desa_per_chunk=37))
    desa_sets = [set(c["kode_desa"]) for c in chunks]
    assert sum(len(s) for s in desa_sets) == len(set().union(*desa_sets))
    assert max(len(s) for s in desa_sets) <= 37
    pd.testing.assert_frame_equal(pd.concat(chunks, ignore_index=True), visits)


def test_two_rounds_a_year_apart(visits, province):
    year = visits["tanggal_kunjungan"].dt.year
    assert set(year) == {2024, 2025}
    d2024 = visits.loc[year == 2024, "tanggal_kunjungan"]
    assert d2024.min() >= pd.Timestamp("2024-02-01") and d2024.max() <= pd.Timestamp("2024-11-30")
    first = set(visits.loc[year == 2024, "id_keluarga"])
    second = set(visits.loc[year == 2025, "id_keluarga"])
    revisited = len(first & second) / len(first)
    assert 0.6 <= revisited <= 0.9
    assert 0 < len(second - first) < 0.1 * len(second)  # a few first visited in 2025
    registered = province.wilayah.set_index("kode_desa")["jumlah_keluarga"]
    coverage = visits[year == 2024].groupby("kode_desa").size() / registered
    assert coverage.max() <= 1
    assert coverage.median() > 0.8 and (coverage < 0.6).sum() >= 3  # a few weak desa


def test_not_applicable_rates_are_realistic(visits):
    n_share = {c: (visits[c] == "N").mean() for c in IKS_CODES}
    for code in ("persalinan_faskes", "imunisasi_dasar", "asi_eksklusif"):
        assert n_share[code] > 0.85
    assert 0.6 < n_share["pemantauan_pertumbuhan"] < 0.8
    assert n_share["tb_berobat"] > 0.97 and n_share["gangguan_jiwa_berobat"] > 0.95
    assert 0.65 < n_share["hipertensi_berobat"] < 0.85
    assert 0.15 < n_share["kb"] < 0.35
    for code in ("tidak_merokok", "jkn", "air_bersih", "jamban_sehat"):
        assert n_share[code] < 0.01


def test_some_families_have_every_answer_n(visits):
    all_n = (visits[list(IKS_CODES)] == "N").all(axis=1)
    assert 0 < all_n.sum() < 0.002 * len(visits)


def test_coverage_levels_differ_by_indicator(visits):
    in_2024 = visits[visits["tanggal_kunjungan"].dt.year == 2024]
    cov = {c: (in_2024[c] == "Y").sum() / (in_2024[c] != "N").sum() for c in IKS_CODES}
    assert 0.3 < cov["tidak_merokok"] < 0.45
    assert 0.7 < cov["jkn"] < 0.9
    assert 0.85 < cov["air_bersih"] < 0.95
    assert 0.45 < cov["kb"] < 0.65
    assert cov["hipertensi_berobat"] < 0.5


def test_follow_up_round_is_better(visits, desa_iks):
    year = visits["tanggal_kunjungan"].dt.year
    answers = visits[list(IKS_CODES)]
    y_share = {t: (answers[year == t] == "Y").to_numpy().sum() / (answers[year == t] != "N").to_numpy().sum()
               for t in (2024, 2025)}
    assert y_share[2025] > y_share[2024] + 0.01
    overall = desa_iks.groupby("tahun")[["sehat", "defined"]].sum()
    iks = overall["sehat"] / overall["defined"]
    assert iks[2025] > iks[2024] + 0.02


def test_iks_is_mostly_low_but_spread_over_all_three_categories(desa_iks):
    iks = desa_iks.loc[2024, "iks"]
    assert iks.quantile(0.05) < 0.15 and iks.quantile(0.95) > 0.5
    assert 0.2 < iks.median() < 0.4
    assert 0.75 < (iks < 0.5).mean() < 0.95  # most desa are "tidak sehat", like real data
    assert (iks > 0.8).sum() >= 1  # and the map still shows every category


def test_indicator_coverage_varies_smoothly_over_the_map(province, visits):
    in_2024 = visits[visits["tanggal_kunjungan"].dt.year == 2024]
    smoke = in_2024["tidak_merokok"]
    share = ((smoke == "Y").groupby(in_2024["kode_desa"]).sum()
             / (smoke != "N").groupby(in_2024["kode_desa"]).sum())
    share = share.reindex(province.wilayah["kode_desa"]).to_numpy()
    assert np.nanstd(share) > 0.06
    # neighbours are more alike than random pairs of desa
    pairs = _neighbour_pairs(province.batas)
    near = np.nanmean(np.abs(share[pairs[:, 0]] - share[pairs[:, 1]]))
    rng = np.random.default_rng(0)
    i, j = rng.integers(0, len(share), (2, 5000))
    far = np.nanmean(np.abs(share[i] - share[j]))
    assert near < 0.7 * far


def test_family_answers_are_correlated(visits):
    # a family factor spreads family IKS wider than independent answers would
    in_2024 = visits[visits["tanggal_kunjungan"].dt.year == 2024]
    answers = in_2024[list(IKS_CODES)].to_numpy(dtype=object)
    n_y = (answers == "Y").sum(axis=1)
    defined = 12 - (answers == "N").sum(axis=1)
    ok = defined == 5
    share = n_y[ok] / 5
    p = share.mean()
    assert share.var() > 1.3 * p * (1 - p) / 5
