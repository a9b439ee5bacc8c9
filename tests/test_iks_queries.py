"""IKS and wilayah queries on a small hand-made database, on SQLite and PostgreSQL."""
from datetime import date

import pandas as pd
import pytest

from data_access.iks import iks_by_area, iks_years
from data_access.peta import child_outlines
from data_access.store import (
    refresh_iks_summary,
    write_kunjungan,
    write_peta,
    write_wilayah,
)
from data_access.wilayah import children, resolve_area, scope_root
from domain.codes import Level
from domain.wilayah import AreaNotFound, OutOfScope, Scope
from indicators.iks import area_indicators
from indicators.registry import IKS_CODES
from tests.sample import VISITS, WILAYAH, correct_b1, visit  # noqa: F401 (re-exported for other tests)


def current(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index("kode")


def test_resolve_area_gives_ancestry(loaded):
    with loaded.connect() as conn:
        area = resolve_area(conn, Scope.everything(), Level.DESA, "99.01.01.2002")
    assert area.nama == "Desa A2"
    assert [a[1] for a in area.ancestors] == ["99", "99.01", "P01"]
    assert area.map_area.kode == "P01"


def test_unknown_code_is_refused_with_indonesian_message(loaded):
    with loaded.connect() as conn, pytest.raises(AreaNotFound, match="tidak ditemukan"):
        resolve_area(conn, Scope.everything(), Level.KABUPATEN, "99.77")


def test_area_outside_scope_is_refused_not_widened(loaded):
    scope = Scope(Level.KABUPATEN, "99.01")
    with loaded.connect() as conn:
        with pytest.raises(OutOfScope, match="tidak ditemukan di wilayah yang boleh Anda lihat"):
            resolve_area(conn, scope, Level.DESA, "99.02.01.2001")
        with pytest.raises(OutOfScope):
            resolve_area(conn, scope, Level.PROVINSI, "99")
        assert resolve_area(conn, scope, Level.PUSKESMAS, "P02").nama == "Pkm B"


def test_scope_root_with_one_province_is_that_province(loaded):
    with loaded.connect() as conn:
        assert scope_root(conn, Scope.everything()).kode == "99"
        assert scope_root(conn, Scope(Level.PUSKESMAS, "P01")).nama == "Pkm A"


def test_children_are_limited_to_scope(loaded):
    with loaded.connect() as conn:
        prov = resolve_area(conn, Scope.everything(), Level.PROVINSI, "99")
        assert children(conn, Scope.everything(), prov)["nama"].tolist() == ["Kab Dua", "Kab Satu"]  # by name
        kab = resolve_area(conn, Scope.everything(), Level.KABUPATEN, "99.01")
        assert children(conn, Scope.everything(), kab)["nama"].tolist() == ["Pkm A", "Pkm B"]
        with pytest.raises(OutOfScope):
            children(conn, Scope(Level.PUSKESMAS, "P03"), kab)


def test_iks_by_puskesmas_2024(loaded):
    with loaded.connect() as conn:
        kab = resolve_area(conn, Scope.everything(), Level.KABUPATEN, "99.01")
        df = current(iks_by_area(conn, Scope.everything(), kab, 2024))
    a = df.loc["P01"]
    # 2024: a1 sehat, a2 tidak, a3 all-N (desa A1); b1 pra (desa A2)
    assert (a.keluarga_dikunjungi, a.keluarga_iks, a.sehat, a.pra_sehat, a.tidak_sehat, a.semua_n) == (4, 3, 1, 1, 1, 1)
    assert a.keluarga_terdaftar == 14 and a.jumlah_desa == 2
    b = df.loc["P02"]  # no visits: listed with zero counts
    assert b.keluarga_dikunjungi == 0 and b.desa_tanpa_terdaftar == 1
    out = area_indicators(df.reset_index()).set_index("kode")
    assert out.loc["P01", "iks"] == pytest.approx(1 / 3)
    assert out.loc["P01", "cakupan_kunjungan"] == pytest.approx(4 / 14)
    assert pd.isna(out.loc["P02", "iks"])


def test_iks_2025_carries_forward_desa_without_new_visits(loaded):
    with loaded.connect() as conn:
        pkm = resolve_area(conn, Scope.everything(), Level.PUSKESMAS, "P01")
        now = current(iks_by_area(conn, Scope.everything(), pkm, 2025))
        awal = current(iks_by_area(conn, Scope.everything(), pkm, 2025, awal=True))
    assert (now.loc["99.01.01.2001", "awal_sehat"], now.loc["99.01.01.2001", "awal_keluarga_iks"]) == (1, 2)
    # desa A1 in 2025: a1 sehat, a2 sehat (10/10), a3 all N → 2 of 2 sehat
    assert (now.loc["99.01.01.2001", "sehat"], now.loc["99.01.01.2001", "keluarga_iks"]) == (2, 2)
    # desa A2 had no 2025 visit: its 2024 state stands
    assert now.loc["99.01.01.2002", "pra_sehat"] == 1
    # initial state of desa A1: a1 sehat, a2 tidak
    assert (awal.loc["99.01.01.2001", "sehat"], awal.loc["99.01.01.2001", "tidak_sehat"]) == (1, 1)


def test_family_first_visited_later_is_not_counted_earlier(loaded):
    with loaded.connect() as conn:
        prov = resolve_area(conn, Scope.everything(), Level.PROVINSI, "99")
        y2024 = current(iks_by_area(conn, Scope.everything(), prov, 2024))
        y2025 = current(iks_by_area(conn, Scope.everything(), prov, 2025))
    assert y2024.loc["99.02", "keluarga_dikunjungi"] == 0
    assert y2025.loc["99.02", "sehat"] == 1


def test_iks_years_within_area(loaded):
    with loaded.connect() as conn:
        prov = resolve_area(conn, Scope.everything(), Level.PROVINSI, "99")
        kab2 = resolve_area(conn, Scope.everything(), Level.KABUPATEN, "99.02")
        assert iks_years(conn, Scope.everything(), prov) == (2024, 2025)
        assert iks_years(conn, Scope.everything(), kab2) == (2025,)


def test_summary_has_a_row_for_every_year_up_to_the_latest(loaded):
    from sqlalchemy import select

    from data_access import schema
    r = schema.iks_ringkasan
    with loaded.connect() as conn:
        keys = conn.execute(select(r.c.kode_desa, r.c.tahun).where(r.c.awal.is_(False))
                            .order_by(r.c.kode_desa, r.c.tahun)).all()
    # desa A2 was visited only in 2024: carried forward to 2025; desa C1 starts in 2025
    assert [tuple(k) for k in keys] == [("99.01.01.2001", 2024), ("99.01.01.2001", 2025),
                                        ("99.01.01.2002", 2024), ("99.01.01.2002", 2025),
                                        ("99.02.01.2001", 2025)]


def test_a_later_year_elsewhere_carries_every_desa_forward(loaded):
    later = pd.DataFrame([visit("c2", date(2026, 2, 1), "99.02.01.2001", 1, 11)])
    with loaded.begin() as conn:
        write_kunjungan(conn, later)
        refresh_iks_summary(conn, later["kode_desa"])
    with loaded.connect() as conn:
        prov = resolve_area(conn, Scope.everything(), Level.PROVINSI, "99")
        assert iks_years(conn, Scope.everything(), prov) == (2024, 2025, 2026)
        y2026 = current(iks_by_area(conn, Scope.everything(), prov, 2026))
    assert (y2026.loc["99.01", "sehat"], y2026.loc["99.01", "pra_sehat"]) == (2, 1)  # unchanged since 2025
    assert (y2026.loc["99.02", "sehat"], y2026.loc["99.02", "tidak_sehat"]) == (1, 1)


def test_reimporting_a_corrected_visit_updates_the_summary(loaded):
    correct_b1(loaded)
    with loaded.connect() as conn:
        pkm = resolve_area(conn, Scope.everything(), Level.PUSKESMAS, "P01")
        df = current(iks_by_area(conn, Scope.everything(), pkm, 2024))
    assert (df.loc["99.01.01.2002", "sehat"], df.loc["99.01.01.2002", "pra_sehat"]) == (1, 0)


def test_child_outlines_scoped(loaded):
    with loaded.begin() as conn:
        write_peta(conn, "puskesmas", pd.DataFrame({
            "kode": ["P01", "P02", "P03"],
            "geojson": ['{"type":"Point","coordinates":[0,0]}'] * 3}))
    with loaded.connect() as conn:
        kab = resolve_area(conn, Scope.everything(), Level.KABUPATEN, "99.01")
        out = child_outlines(conn, Scope.everything(), kab)
    assert out["kode"].tolist() == ["P01", "P02"]


def test_cached_area_table_sees_a_new_write(loaded):
    from data_access.iks import iks_area_table
    with loaded.connect() as conn:
        pkm = resolve_area(conn, Scope.everything(), Level.PUSKESMAS, "P01")
        rows, _ = iks_area_table(conn, Scope.everything(), pkm, 2024)
        assert rows.set_index("kode").loc["99.01.01.2002", "sehat"] == 0
    correct_b1(loaded)
    with loaded.connect() as conn:
        rows, total = iks_area_table(conn, Scope.everything(), pkm, 2024)
    assert rows.set_index("kode").loc["99.01.01.2002", "sehat"] == 1
    assert total["sehat"] == 2


def test_bulk_insert_round_trips_dates_and_answers(engine):
    from sqlalchemy import select

    from data_access import schema
    from data_access.store import insert_kunjungan
    with engine.begin() as conn:
        write_wilayah(conn, WILAYAH)
        insert_kunjungan(conn, VISITS)
    k = schema.kunjungan_keluarga
    with engine.connect() as conn:
        rows = conn.execute(select(k).order_by(k.c.id_keluarga, k.c.tanggal_kunjungan)).mappings().all()
    assert len(rows) == len(VISITS)
    first = rows[0]
    assert first["tanggal_kunjungan"] == date(2024, 3, 1)
    assert [first[c] for c in IKS_CODES] == ["Y"] * 11 + ["T"]


def test_moving_a_desa_to_another_puskesmas_moves_its_families(loaded):
    moved = WILAYAH.copy()
    moved.loc[moved["kode_desa"] == "99.01.01.2002", ["kode_puskesmas", "nama_puskesmas"]] = ["P02", "Pkm B"]
    with loaded.begin() as conn:
        write_wilayah(conn, moved)
    with loaded.connect() as conn:
        kab = resolve_area(conn, Scope.everything(), Level.KABUPATEN, "99.01")
        df = current(iks_by_area(conn, Scope.everything(), kab, 2024))
    # desa A2's one pra-sehat family now counts for Pkm B
    assert (df.loc["P01", "pra_sehat"], df.loc["P02", "pra_sehat"]) == (0, 1)
    assert (df.loc["P01", "jumlah_desa"], df.loc["P02", "jumlah_desa"]) == (1, 2)
