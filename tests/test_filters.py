"""The filter as URL state: parsing, resolving to the nearest valid view, writing back."""
import pytest

from callbacks.url_state import (
    area_from_state,
    build_search,
    child_search,
    parse_search,
    resolve_filter,
    shared_search,
    with_extra,
)
from domain.codes import Level
from domain.wilayah import OutOfScope, Scope


def resolve(engine, search, scope=None):
    with engine.connect() as conn:
        return resolve_filter(conn, scope or Scope.everything(), parse_search(search))


def test_empty_url_opens_the_single_province_at_the_latest_year(loaded):
    view = resolve(loaded, "")
    assert (view.area.level, view.area.kode, view.tahun, view.messages) == (Level.PROVINSI, "99", 2025, [])
    assert view.options[Level.KABUPATEN]["kode"].tolist() == ["99.02", "99.01"]  # by name
    assert view.options[Level.PUSKESMAS].empty


def test_full_url_opens_the_desa_and_round_trips(loaded):
    search = "?provinsi=99&kabupaten=99.01&puskesmas=P01&desa=99.01.01.2002&tahun=2024&indikator=jkn"
    view = resolve(loaded, search)
    assert view.area.kode == "99.01.01.2002" and view.tahun == 2024
    assert view.options[Level.DESA]["kode"].tolist() == ["99.01.01.2001", "99.01.01.2002"]
    assert parse_search(view.search()).codes == parse_search(search).codes
    assert view.extra == {"indikator": "jkn"}


def test_unknown_code_gives_message_and_nearest_valid_view(loaded):
    view = resolve(loaded, "?provinsi=99&kabupaten=99.01&puskesmas=PXX")
    assert view.area.kode == "99.01"
    assert any("'PXX' tidak ditemukan" in m for m in view.messages)


def test_code_not_inside_its_parent_is_dropped(loaded):
    view = resolve(loaded, "?provinsi=99&kabupaten=99.02&puskesmas=P01")
    assert view.area.kode == "99.02"
    assert any("tidak berada di Kab Dua" in m for m in view.messages)


def test_a_link_without_the_parents_opens_the_area_it_names(loaded):
    """`?puskesmas=P01` (a shared link without its kabupaten) opens Pkm A with its whole
    ancestry; an unknown code there is named, not silently dropped."""
    view = resolve(loaded, "?puskesmas=P01")
    assert (view.area.level, view.area.kode, view.messages) == (Level.PUSKESMAS, "P01", [])
    assert parse_search(view.search()).codes == {Level.PROVINSI: "99", Level.KABUPATEN: "99.01",
                                                 Level.PUSKESMAS: "P01"}
    assert resolve(loaded, "?desa=99.01.01.2002").area.kode == "99.01.01.2002"
    unknown = resolve(loaded, "?puskesmas=PXX")
    assert unknown.area.kode == "99" and any("'PXX' tidak ditemukan" in m for m in unknown.messages)
    elsewhere = resolve(loaded, "?kabupaten=99.02&desa=99.01.01.2002")
    assert elsewhere.area.kode == "99.02" and any("tidak berada di Kab Dua" in m for m in elsewhere.messages)


def test_year_without_data_falls_back_to_latest_with_message(loaded):
    view = resolve(loaded, "?tahun=1999")
    assert view.tahun == 2025 and any("1999" in m for m in view.messages)
    assert resolve(loaded, "?tahun=abc").tahun == 2025


def test_scope_is_not_widened_by_the_url(loaded):
    scope = Scope(Level.KABUPATEN, "99.02")
    view = resolve(loaded, "?provinsi=99&kabupaten=99.01&puskesmas=P01", scope)
    assert view.area.kode == "99.02"
    assert any("di luar wilayah" in m for m in view.messages)
    assert view.options[Level.KABUPATEN]["kode"].tolist() == ["99.02"]


def test_state_from_browser_is_validated_again(loaded):
    with loaded.connect() as conn:
        area, tahun = area_from_state(conn, Scope.everything(), {"level": "puskesmas", "kode": "P02", "tahun": 2024})
        assert area.nama == "Pkm B" and tahun == 2024
        with pytest.raises(OutOfScope):
            area_from_state(conn, Scope(Level.PUSKESMAS, "P01"), {"level": "puskesmas", "kode": "P02"})
        area, tahun = area_from_state(conn, Scope.everything(), {"level": "drop table", "tahun": "x"})
        assert area.kode == "99" and tahun is None


def test_child_search_drills_one_level(loaded):
    with loaded.connect() as conn:
        area, _ = area_from_state(conn, Scope.everything(), {"level": "kabupaten", "kode": "99.01"})
    search = child_search(area, "P02", 2025, {"indikator": "kb"})
    assert parse_search(search).codes == {Level.PROVINSI: "99", Level.KABUPATEN: "99.01", Level.PUSKESMAS: "P02"}
    assert "indikator=kb" in search


def test_shared_search_drops_page_parameters():
    assert shared_search("?provinsi=99&tahun=2024&indikator=kb") == "?provinsi=99&tahun=2024"
    assert with_extra("?provinsi=99&indikator=kb", {"indikator": "jkn"}) == "?provinsi=99&indikator=jkn"


def test_overlong_parameters_are_cut():
    request = parse_search("?kabupaten=" + "9" * 500)
    assert len(request.codes[Level.KABUPATEN]) == 40


def test_build_search_of_national_view_is_empty():
    from domain.wilayah import NASIONAL
    assert build_search(NASIONAL, None) == ""



@pytest.mark.parametrize("bulan", ["13", "abc", "0"])
def test_an_unknown_month_is_named_and_dropped(loaded, bulan):
    view = resolve(loaded, f"?provinsi=99&bulan={bulan}&indikator=k6")
    assert any(f"Bulan '{bulan}' tidak dikenal (1–12)" in m for m in view.messages)
    assert view.extra == {"indikator": "k6"} and view.state()["bulan"] is None
    assert "bulan" not in view.search()


def test_a_valid_month_reaches_the_state_and_the_shared_links(loaded):
    view = resolve(loaded, "?provinsi=99&bulan=3")
    assert view.messages == [] and view.state()["bulan"] == 3
    assert shared_search(view.search()).endswith("bulan=3")


def test_with_two_provinces_a_kabupaten_view_lists_the_provinces_of_the_country(engine):
    """Below the national view, the provinsi dropdown lists the country's provinces (the
    country is no area's recorded ancestor: this answered HTTP 500 with two provinces)."""
    import pandas as pd

    from data_access.store import write_wilayah
    from tests.sample import WILAYAH

    other = WILAYAH.iloc[[0]].assign(kode_provinsi="98", nama_provinsi="Prov Lain", kode_kabupaten="98.01",
                                     nama_kabupaten="Kab Lain", kode_puskesmas="P98", nama_puskesmas="Pkm Lain",
                                     kode_desa="98.01.01.2001", nama_desa="Desa Lain")
    with engine.begin() as conn:
        write_wilayah(conn, pd.concat([WILAYAH, other], ignore_index=True))
    national = resolve(engine, "")
    assert national.area.level == Level.NASIONAL
    view = resolve(engine, "?provinsi=99&kabupaten=99.01")
    assert (view.area.kode, view.messages) == ("99.01", [])
    assert sorted(view.options[Level.PROVINSI]["kode"].tolist()) == ["98", "99"]
    assert view.options[Level.KABUPATEN]["kode"].tolist() == ["99.02", "99.01"]


def test_a_puskesmas_inside_a_province_is_found_by_its_own_index(loaded):
    """Beside an area's own filter the scope's code only checks the desa (wilayah.scope_key):
    without statistics SQLite otherwise read every desa of the province through its index to
    list one Puskesmas' desa (2 ms instead of 0,05 at province scale). The plan on SQLite; the
    rows the same on both dialects as with the area alone."""
    from sqlalchemy import select

    from data_access import schema
    from data_access.wilayah import DESA_KEY, children, resolve_area, scope_filter

    with loaded.connect() as conn:
        desa = schema.desa
        pkm = conn.execute(select(desa.c.kode_puskesmas, desa.c.kode_provinsi).limit(1)).first()
        province = Scope(Level.PROVINSI, pkm[1])
        area = resolve_area(conn, province, Level.PUSKESMAS, pkm[0])
        stmt = select(desa.c.kode).where(DESA_KEY[Level.PUSKESMAS] == area.kode, scope_filter(province, area))
        alone = select(desa.c.kode).where(DESA_KEY[Level.PUSKESMAS] == area.kode)
        assert sorted(conn.execute(stmt).scalars()) == sorted(conn.execute(alone).scalars())
        assert list(children(conn, province, area)["kode"]) == list(
            conn.execute(alone.order_by(desa.c.nama)).scalars())
        if conn.dialect.name != "sqlite":
            return
        compiled = stmt.compile(conn, compile_kwargs={"literal_binds": True})
        plan = " ".join(r[-1] for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"))
        assert "puskesmas" in plan and "provinsi" not in plan, plan
        # the province alone still takes its index
        whole = select(desa.c.kode).where(scope_filter(province)).compile(
            conn, compile_kwargs={"literal_binds": True})
        assert "provinsi" in " ".join(r[-1] for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {whole}"))
