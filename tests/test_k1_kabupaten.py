"""Klaster 1's sums per kabupaten (data_access.k1_kabupaten) on SQLite and PostgreSQL, over
tests/sample.py's province (Kab Satu 99.01: P01, P02; Kab Dua 99.02: P03) with the hand-made
sdm, obat, sarpras and kegiatan of tests/sample_sdm.py, tests/sample_obat.py and
tests/test_k1_sarpras_queries.py, and a second province (98: Kab Lain 98.01, P98) with a little
of each: the stored sums equal their Puskesmas' rows summed (and the hand-worked numbers); a
past date's staff; the province view's rows (one per kabupaten) and the country's (one per
provinsi); scoping (a kabupaten viewer cannot read a province's rows by a crafted filter state,
a provinsi viewer sees only its own kabupaten); the sums written in the import's transaction (a
rejected import leaves them as they were); and revision 0013 fills them from stored data."""
from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select, update

import callbacks.k1_kegiatan as kcb
import callbacks.k1_obat as ocb
import callbacks.k1_sarpras as scb
import callbacks.k1_sdm as sdmcb
from callbacks.common import acting_as
from data_access import k1_kabupaten as K
from data_access import schema
from data_access.k1_kegiatan import kabupaten_sums, klaster_sums, latest_month
from data_access.k1_obat import kabupaten_table, trend
from data_access.k1_sarpras import kabupaten_tallies
from data_access.k1_sdm import by_kabupaten, by_level
from data_access.wilayah import resolve_area
from domain.access import Role, Viewer
from domain.codes import Level
from domain.wilayah import OutOfScope, Scope
from indicators.k1_sdm import MINIMAL_CODES

ALL = Scope()
PROV_99 = Viewer("prov-99", Role.PEMBACA, Scope(Level.PROVINSI, "99"))
KAB_1 = Viewer("kab-1", Role.PEMBACA, Scope(Level.KABUPATEN, "99.01"))
EVERYONE = Viewer("nasional", Role.PEMBACA, ALL)

OTHER = pd.DataFrame([("98", "Prov Lain", "98.01", "Kab Lain", "P98", "Pkm Lain", "98.01.01.2001", "Desa L1", 3)],
                     columns=["kode_provinsi", "nama_provinsi", "kode_kabupaten", "nama_kabupaten",
                              "kode_puskesmas", "nama_puskesmas", "kode_desa", "nama_desa", "jumlah_keluarga"])


def _other_province(engine) -> None:
    """Province 98 with one Puskesmas that has staff (a doctor only), an LPLPO, an inventory and a plan."""
    from data_access.k1_kegiatan import replace_kegiatan
    from data_access.k1_sarpras import replace_sarpras
    from data_access.store import write_wilayah
    from ingest import import_file
    from tests.sample_sdm import COLUMNS
    from tests.test_k1_sarpras_queries import _inv, _plan

    with engine.begin() as conn:
        write_wilayah(conn, OTHER)
        conn.execute(update(schema.desa).where(schema.desa.c.kode == "98.01.01.2001").values(jumlah_penduduk=2000))
        conn.execute(schema.sdm.insert(), [dict(zip(COLUMNS, ("P98", "L1", "dokter", "pns", "profesi",
                                                              date(2010, 1, 1), None, "Y", "")))])
        from data_access.k1_sdm import refresh_sdm_summary

        refresh_sdm_summary(conn, {"P98"})
        replace_sarpras(conn, pd.DataFrame(_inv("P98", [("ALK-01", "baik", 2)])))
        replace_kegiatan(conn, pd.DataFrame(_plan("P98", [("z", 1, 1, "Y", 1, 5.0)])).astype(
            {"anggaran": float, "bulan_terlaksana": float}))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "obat.csv"
        path.write_text("kode_puskesmas,tahun,bulan,kode_obat,nama_obat,satuan,stok_awal,penerimaan,pemakaian,"
                        "sisa_stok,permintaan,kedaluwarsa_terdekat\nP98,2025,1,OI-01,Albendazol,tablet,9,0,1,8,,\n",
                        encoding="utf-8")
        assert import_file(engine, "obat", path).ok


def load_all(engine) -> None:
    from tests import sample_obat, sample_sdm
    from tests.test_k1_sarpras_queries import load_k1

    load_k1(engine)  # tests/sample.py's province with its inventory and plan
    sample_sdm.load(engine)
    with tempfile.TemporaryDirectory() as folder:
        sample_obat.load(engine, Path(folder))
    _other_province(engine)


@pytest.fixture
def db(engine, request):
    from tests.conftest import loaded_with

    return loaded_with(request, engine, "k1_kabupaten", load_all)


def area(conn, level, kode, scope=ALL):
    return resolve_area(conn, scope, level, kode)


def table(conn, t, order) -> pd.DataFrame:
    rows = conn.execute(select(t).order_by(*[t.c[c] for c in order])).mappings().all()
    return pd.DataFrame(rows, columns=[c.name for c in t.columns])


# --- the stored sums -------------------------------------------------------------------------------

def test_the_schema_names_the_nine_minimum_types_in_order():
    assert schema.SDM_MINIMAL == MINIMAL_CODES


def _summed_from_puskesmas(conn, spec: K.Spec) -> pd.DataFrame:
    """The per-Puskesmas summary summed per kabupaten in pandas: the stored sums' other path."""
    source = table(conn, spec.source, ["kode_puskesmas"])
    parents = pd.DataFrame(conn.execute(select(schema.puskesmas.c.kode, schema.puskesmas.c.kode_kabupaten)).all(),
                           columns=["kode_puskesmas", "kode_kabupaten"])
    rows = source.merge(parents, on="kode_puskesmas")
    if spec is K.SDM:
        minimal = rows[[f"tenaga_{c}" for c in MINIMAL_CODES]]
        rows = rows.assign(puskesmas_melapor=1, lengkap=(minimal > 0).all(axis=1).astype(int),
                           **{f"kurang_{c}": (rows[f"tenaga_{c}"] == 0).astype(int) for c in MINIMAL_CODES})
    elif spec is K.OBAT:
        judged = rows["indikator"] > 0
        rows = rows.assign(puskesmas_melapor=1, dinilai=judged.astype(int),
                           memenuhi=(judged & (rows["indikator_tersedia"] / rows["indikator"].where(judged) >= 0.8))
                           .astype(int), puskesmas_kosong_indikator=(rows["kosong_indikator"] > 0).astype(int))
    elif spec is K.SARPRAS:
        rows = rows.assign(puskesmas_melapor=1, puskesmas_rusak_berat=(rows["unit_rusak_berat"] > 0).astype(int))
    else:
        rows = rows.assign(puskesmas_melapor=1)
    keys = ["kode_kabupaten", *spec.keys]
    out = rows.groupby(keys, as_index=False)[spec.columns].sum()
    return out.sort_values(keys, ignore_index=True)


@pytest.mark.parametrize("name", ["SDM", "OBAT", "SARPRAS", "KEGIATAN"])
def test_each_kabupaten_row_is_the_sum_of_its_puskesmas(db, name):
    spec = getattr(K, name)
    keys = ["kode_kabupaten", *spec.keys]
    with db.connect() as conn:
        stored = table(conn, spec.target, keys)
        expected = _summed_from_puskesmas(conn, spec)
    assert len(stored) and set(stored["kode_kabupaten"]) >= {"99.01", "98.01"}
    pd.testing.assert_frame_equal(stored[keys + spec.columns].astype(float), expected[keys + spec.columns]
                                  .astype(float), check_dtype=False)


def test_the_hand_worked_sums(db):
    with db.connect() as conn:
        sdm = table(conn, schema.sdm_ringkasan_kabupaten, ["kode_kabupaten"]).set_index("kode_kabupaten")
        obat = table(conn, schema.obat_ringkas_kabupaten, ["kode_kabupaten", "tahun", "bulan"])
        sarpras = table(conn, schema.sarpras_ringkas_kabupaten, ["kode_kabupaten"]).set_index("kode_kabupaten")
        kegiatan = table(conn, schema.kegiatan_ringkas_kabupaten, ["kode_kabupaten", "tahun", "bulan", "klaster"])
    # Kab Satu: Pkm A (nine types, 10 active + a bidan starting 2026) and Pkm B (no doctor, 8)
    one = sdm.loc["99.01"]
    assert (one["puskesmas_melapor"], one["tenaga_aktif"], one["lengkap"], one["kurang_dokter"],
            one["kurang_bidan"]) == (2, 19, 1, 1, 0)
    assert "99.02" not in sdm.index  # Pkm C has no staff rows: no kabupaten row, not zeros
    jan = obat[(obat["tahun"] == 2025) & (obat["bulan"] == 1)].set_index("kode_kabupaten")
    assert tuple(jan.loc["99.01", ["puskesmas_melapor", "dinilai", "memenuhi", "indikator", "indikator_tersedia",
                                   "kosong_indikator", "puskesmas_kosong_indikator"]]) == (2, 2, 1, 4, 3, 1, 1)
    assert tuple(jan.loc["99.02", ["dinilai", "memenuhi", "indikator", "indikator_tersedia"]]) == (1, 0, 3, 2)
    assert (sarpras.loc["99.01", "puskesmas_melapor"], sarpras.loc["99.01", "puskesmas_rusak_berat"]) == (2, 1)
    march = kegiatan[(kegiatan["bulan"] == 3) & (kegiatan["klaster"] == 0)].set_index("kode_kabupaten")
    assert tuple(march.loc["99.01", ["puskesmas_melapor", "rencana", "terlaksana"]]) == (2, 6, 3)


# --- reading: a province's kabupaten, the country's provinsi ----------------------------------------

def test_a_province_reads_one_row_per_kabupaten_and_the_country_one_per_provinsi(db):
    with db.connect() as conn:
        prov, country = area(conn, Level.PROVINSI, "99"), area(conn, Level.NASIONAL, None)
        tallies = kabupaten_tallies(conn, ALL, prov, 2025)
        sums = kabupaten_sums(conn, ALL, prov, 2025, 3)
        obat = kabupaten_table(conn, ALL, prov, 2025, 1)
        national = kabupaten_table(conn, ALL, country, 2025, 1)
        months = trend(conn, ALL, prov, 2025)
        per_klaster = klaster_sums(conn, ALL, prov, 2025, 3)
        done = latest_month(conn, ALL, prov, 2025)
    assert list(tallies["kode"]) == ["99.02", "99.01"]  # by name: Kab Dua, Kab Satu
    assert list(tallies["puskesmas"]) == [1, 2] and pd.isna(tallies.loc[0, "standar"])
    satu = sums.set_index("kode").loc["99.01"]
    assert (satu["rencana"], satu["terlaksana"], satu["terlambat"], satu["persen"]) == (6, 3, 3, 0.5)
    assert list(obat.set_index("kode")["persen"]) == [0.0, 0.5]
    assert list(national["kode"]) == ["98", "99"] and list(national["puskesmas"]) == [1, 3]
    assert list(national["memenuhi"]) == [1, 1] and list(national["dinilai"]) == [1, 3]
    assert months.to_dict("records") == [{"bulan": 1, "indikator": 7, "indikator_tersedia": 5, "dinilai": 3,
                                          "memenuhi": 1}]
    assert per_klaster["rencana"].sum() == 6 and done == 5


def test_staff_on_a_past_date_are_counted_again_without_those_who_started_later(db):
    """Pkm A's gizi started 01/07/2024: on 30/06/2024 Pkm A lacks it; its kabupaten then has no
    Puskesmas with all nine types. The stored sums count every active staff member."""
    with db.connect() as conn:
        prov = area(conn, Level.PROVINSI, "99")
        for asof in (date(2024, 6, 30), date(2025, 12, 31), date(2027, 1, 1), date(2012, 6, 1)):
            rows = by_kabupaten(conn, ALL, prov, asof).set_index("kode")
            levels = by_level(conn, ALL, prov, Level.KABUPATEN, asof).set_index("kode")
            one, other = rows.loc["99.01"], levels.loc["99.01"]
            assert (one["lengkap"], one["kurang_dokter"], one["tenaga_aktif"]) == (
                other["puskesmas_9_jenis"], other["puskesmas_tanpa_dokter"], other["tenaga_aktif"]), asof
        june = by_kabupaten(conn, ALL, prov, date(2024, 6, 30)).set_index("kode").loc["99.01"]
    assert (june["lengkap"], june["kurang_gizi"], june["tenaga_aktif"]) == (0, 1, 17)
    assert june["per_10000"] is None or pd.isna(june["per_10000"])  # Desa B1's population is unknown


# --- scoping --------------------------------------------------------------------------------------------

@pytest.fixture
def sections(db, monkeypatch):
    from contextlib import contextmanager

    @contextmanager
    def connect():
        with db.connect() as conn:
            yield conn

    for module in (sdmcb, ocb, scb, kcb):
        monkeypatch.setattr(module, "connect", connect)
    return db


def _state(level, kode, tahun=2025, bulan=None):
    return {"level": level, "kode": kode, "tahun": tahun, "bulan": bulan}


def _kab_rows(out: dict) -> set[str]:
    """The kode of every row an output sends (no_update and None send none)."""
    rows = [r for key in ("rows", "table") if isinstance(out.get(key), list) for r in out[key]]
    return {r.get("kode") for r in rows}


def test_a_kabupaten_viewer_cannot_read_the_province_rows_by_a_crafted_state(sections, db):
    with db.connect() as conn:
        prov = area(conn, Level.PROVINSI, "99")
        with pytest.raises(OutOfScope):
            K.child_rows(conn, KAB_1.scope, prov, K.SDM, ["tenaga_aktif"])
        with pytest.raises(OutOfScope):
            by_kabupaten(conn, KAB_1.scope, prov, date(2025, 12, 31))
    with acting_as(KAB_1):
        for state in (_state("provinsi", "99", bulan=1), _state("nasional", None, bulan=1),
                      _state("provinsi", "98", bulan=1)):
            for out in (sdmcb.show_sdm(state), ocb.show_obat_rincian(state), scb.show_sarpras(state),
                        kcb.show_kegiatan(state)):
                assert not _kab_rows(out) & {"99.01", "99.02", "98.01", "98", "99"}, (state, out)


def test_a_provinsi_viewer_sees_only_its_own_kabupaten(sections, db):
    with acting_as(PROV_99):
        own = sdmcb.show_sdm(_state("provinsi", "99"))
        other = sdmcb.show_sdm(_state("provinsi", "98"))
        country = ocb.show_obat_rincian(_state("nasional", None, bulan=1))
        sarpras = scb.show_sarpras(_state("provinsi", "99"))
    assert [r["kode"] for r in own["rows"]] == ["99.02", "99.01"]
    assert own["columns"][0]["headerName"] == "Kabupaten/kota"
    assert own["rows"][1]["melapor_teks"] == "2 dari 2" and own["rows"][1]["tanpa_dokter"] == 1
    assert own["rows"][0]["melapor_teks"] == "0 dari 1" and own["rows"][0]["tenaga_aktif"] is None
    assert "2 kabupaten/kota di Provinsi Prov Uji" in own["grid_note"]
    assert other["rows"] == [] and _kab_rows(country) == set()
    assert [r["kode"] for r in sarpras["table"]] == ["99.02", "99.01"]
    with db.connect() as conn:
        with pytest.raises(OutOfScope):
            K.child_rows(conn, PROV_99.scope, area(conn, Level.NASIONAL, None), K.OBAT, ["item"])
        rows = K.child_rows(conn, PROV_99.scope, area(conn, Level.PROVINSI, "99"), K.OBAT, ["item"],
                            tahun=2025, bulan=1)
    assert list(rows["kode"]) == ["99.02", "99.01"]


def test_the_country_compares_its_provinsi(sections):
    with acting_as(EVERYONE):
        out = sdmcb.show_sdm(_state("nasional", None))
        plan = kcb.show_kegiatan(_state("nasional", None, bulan=3))
    assert [r["kode"] for r in out["rows"]] == ["98", "99"] and out["columns"][0]["headerName"] == "Provinsi"
    assert [r["melapor_teks"] for r in out["rows"]] == ["1 dari 1", "2 dari 3"]
    assert [(r["kode"], r["rencana"]) for r in plan["table"]] == [("98", 1), ("99", 6)]
    assert "provinsi di Indonesia" in plan["table_note"]


# --- written in the import's transaction ----------------------------------------------------------

def _stored(engine) -> dict[str, list]:
    with engine.connect() as conn:
        return {spec.target.name: sorted(map(tuple, conn.execute(select(spec.target)).all()), key=repr)
                for spec in K.SPECS}


def test_a_rejected_import_leaves_the_sums_and_a_good_one_rewrites_them(db, tmp_path):
    from ingest import import_file

    header = ("kode_puskesmas,id_pegawai,jenis_tenaga,status_kepegawaian,pendidikan,tanggal_mulai,klaster,aktif,"
              "keahlian\n")
    good = "P02,B99,dokter,pns,profesi,2015-01-01,,Y,\n"  # Pkm B's doctor comes back
    bad = "P02,B98,astronot,pns,profesi,2015-01-01,,Y,\n"
    before = _stored(db)
    (tmp_path / "bad.csv").write_text(header + good + bad, encoding="utf-8")
    rejected = import_file(db, "sdm", tmp_path / "bad.csv")
    assert not rejected.ok and _stored(db) == before
    (tmp_path / "good.csv").write_text(header + good, encoding="utf-8")
    assert import_file(db, "sdm", tmp_path / "good.csv").ok
    after = _stored(db)
    with db.connect() as conn:
        one = conn.execute(select(schema.sdm_ringkasan_kabupaten.c.lengkap, schema.sdm_ringkasan_kabupaten.c
                                  .kurang_dokter).where(schema.sdm_ringkasan_kabupaten.c.kode_kabupaten == "99.01")
                           ).one()
    assert after != before and tuple(one) == (2, 0)
    assert {k: v for k, v in after.items() if k != "sdm_ringkasan_kabupaten"} == \
        {k: v for k, v in before.items() if k != "sdm_ringkasan_kabupaten"}


def test_revision_0013_fills_the_sums_from_the_stored_summaries(db):
    from alembic import command

    from data_access import migrations

    before = _stored(db)
    with db.begin() as conn:
        command.downgrade(migrations.config(conn), "0012")
    with db.connect() as conn:
        assert not conn.dialect.has_table(conn, "sdm_ringkasan_kabupaten")
    migrations.upgrade(db)
    assert _stored(db) == before
    with db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.obat_ringkas_kabupaten)).scalar() > 0


def test_a_puskesmas_moved_by_a_wilayah_import_takes_its_sums_with_it(db):
    from data_access.store import write_wilayah
    from tests.sample import WILAYAH

    moved = WILAYAH.copy()
    moved.loc[moved["kode_puskesmas"] == "P03", ["kode_kabupaten", "nama_kabupaten"]] = ["99.01", "Kab Satu"]
    with db.begin() as conn:
        write_wilayah(conn, moved)
    with db.connect() as conn:
        jan = table(conn, schema.obat_ringkas_kabupaten, ["kode_kabupaten", "tahun", "bulan"])
        expected = _summed_from_puskesmas(conn, K.OBAT)
    jan = jan[(jan["tahun"] == 2025) & (jan["bulan"] == 1)].set_index("kode_kabupaten")
    assert "99.02" not in jan.index and jan.loc["99.01", "puskesmas_melapor"] == 3
    with db.connect() as conn:
        stored = table(conn, schema.obat_ringkas_kabupaten, ["kode_kabupaten", "tahun", "bulan"])
    keys = ["kode_kabupaten", "tahun", "bulan"]
    pd.testing.assert_frame_equal(stored[keys + K.OBAT.columns].astype(float),
                                  expected[keys + K.OBAT.columns].astype(float))
