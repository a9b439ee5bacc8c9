"""The demo's families to visit (demo/kunjungan_rumah.py): every demo family has a plainly
fictional name and address and an RT/RW, derived from its number (no random draw: the demo's
visits and IKS numbers are unchanged), and the demo Puskesmas account lists the families of
its desa whose latest answer is T, while the demo kabupaten account is refused. On SQLite and
PostgreSQL, with the wilayah and the visits of the demo account's Puskesmas."""
from __future__ import annotations

import re

import pandas as pd
import pytest
from sqlalchemy import select

from data_access import schema
from data_access.db import copy_insert
from data_access.kunjungan_rumah import families_to_visit, refusal
from data_access.store import insert_kunjungan, write_wilayah
from demo import generate as demo
from demo.kunjungan_rumah import demo_alamat
from domain.access import AccessDenied, Role, Viewer
from domain.codes import Level
from domain.wilayah import Scope
from indicators.registry import IKS_CODES


@pytest.fixture(scope="module")
def province() -> demo.DemoProvince:
    return demo.generate()


@pytest.fixture(scope="module")
def first_puskesmas(province) -> tuple[str, str, list[str]]:
    """(kabupaten, Puskesmas, its desa) of the demo's `puskesmas` account (demo/load.py: the
    first Puskesmas of the first kabupaten by code)."""
    w = province.wilayah.sort_values(["kode_kabupaten", "kode_puskesmas"])
    kab, pkm = w.iloc[0][["kode_kabupaten", "kode_puskesmas"]]
    return kab, pkm, sorted(w.loc[w["kode_puskesmas"] == pkm, "kode_desa"])


@pytest.fixture(scope="module")
def visits(province, first_puskesmas) -> pd.DataFrame:
    wanted = set(first_puskesmas[2])
    parts = []
    for chunk in province.iter_kunjungan(desa_per_chunk=20):
        mine = chunk[chunk["kode_desa"].isin(wanted)]
        if len(mine):
            parts.append(mine)
        if len(parts) and not len(mine):
            break
    return pd.concat(parts, ignore_index=True)


def test_every_family_gets_one_fictional_name_address_and_rt_rw(visits):
    alamat = demo_alamat(visits)
    assert len(alamat) == visits["id_keluarga"].nunique() and alamat["id_keluarga"].is_unique
    assert alamat["nama_kepala_keluarga"].map(lambda s: re.fullmatch(r"Keluarga Contoh \d{5}", s) is not None).all()
    assert alamat["alamat"].str.endswith("(fiktif)").all()
    assert alamat["rt"].between(1, 5).all() and (alamat["rw"] >= 1).all() and alamat["rw"].max() <= 40
    latest = visits.groupby("id_keluarga")["tanggal_kunjungan"].max().dt.date
    assert (alamat.set_index("id_keluarga")["tanggal_kunjungan"] == latest).all()
    # the same family number gives the same name: deterministic, no random stream used
    pd.testing.assert_frame_equal(demo_alamat(visits), alamat)


def test_the_demo_puskesmas_lists_its_families_and_the_kabupaten_is_refused(engine, province, first_puskesmas,
                                                                           visits):
    kab, pkm, desa = first_puskesmas
    with engine.begin() as conn:
        write_wilayah(conn, province.wilayah)
        insert_kunjungan(conn, visits)
        copy_insert(conn, schema.keluarga_alamat, demo_alamat(visits))
    puskesmas = Viewer("puskesmas", Role.PENGELOLA, Scope(Level.PUSKESMAS, pkm))
    kabupaten = Viewer("dinkes-kabupaten", Role.PEMBACA, Scope(Level.KABUPATEN, kab))
    assert refusal(puskesmas) is None and refusal(kabupaten)
    with engine.connect() as conn:
        listed = {code: families_to_visit(conn, puskesmas, desa[0], code) for code in IKS_CODES}
        with pytest.raises(AccessDenied):
            families_to_visit(conn, kabupaten, desa[0], "jkn")
        stored = conn.execute(select(schema.keluarga_alamat.c.id_keluarga)).scalars().all()
    assert len(stored) == visits["id_keluarga"].nunique()
    counts = {code: len(rows) for code, rows in listed.items()}
    assert counts["jkn"] > 0 and counts["jamban_sehat"] > 0, counts
    rows = listed["jkn"]
    assert rows["nama_kepala_keluarga"].str.startswith("Keluarga Contoh ").all()
    assert list(rows["rw"]) == sorted(rows["rw"])  # the kader's order: RW first
    # each listed family answered T on its latest visit, in this desa
    last = visits.sort_values("tanggal_kunjungan").groupby("id_keluarga").tail(1)
    expected = set(last.loc[(last["kode_desa"] == desa[0]) & (last["jkn"] == "T"), "id_keluarga"])
    assert set(rows["id_keluarga"]) == expected
