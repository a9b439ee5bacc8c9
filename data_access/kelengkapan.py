"""Completeness and timeliness of the layanan registers (issue 16): writing the arrival record
(laporan_masuk) and the per-area counts (kelengkapan_wilayah) in the caller's transaction, and
the queries the Kualitas Data page, its summary row and the export read. Every read takes the
viewer's scope and refuses an area outside it. The rules are indicators.kelengkapan's.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

import numpy as np
import pandas as pd
from sqlalchemy import (
    Connection,
    DateTime,
    Engine,
    Integer,
    String,
    and_,
    bindparam,
    case,
    delete,
    func,
    literal,
    select,
    type_coerce,
    union_all,
    update,
)

from data_access import schema
from data_access.cache import cached_by_version
from data_access.db import copy_insert, driver_rows, get_info, member_of, set_info, upsert
from data_access.settings import batas_laporan_hari, zona_waktu_jam
from data_access.wilayah import DESA_KEY, NAME_TABLES, children, desa_filter, scope_filter
from domain.codes import Level
from domain.wilayah import Area, Scope, require_in_scope
from indicators import format as fmt
from indicators.kelengkapan import (
    COUNTS,
    SEMUA,
    batas_waktu,
    diam_berturut,
    jendela,
    nama_bulan,
    persen_lengkap,
    persen_tepat,
    register_diharapkan,
    ringkas,
    ringkas_grid,
    tanpa_laporan_teks,
    tepat_flags,
)
from indicators.klaster1 import Ringkasan
from indicators.program import REGISTER_BY_CODE

lm, kw, lay, desa = schema.laporan_masuk, schema.kelengkapan_wilayah, schema.layanan, schema.desa
KEY = ["kode_desa", "tahun", "bulan", "indikator"]
INFO_KEY = "kelengkapan_batas"  # the cut-off the stored counts were made with: "hari|zona"
_BATCH = 500


def now() -> datetime:
    """An import's time as the arrival record keeps it (UTC, naive: as impor_log.waktu)."""
    return datetime.now(UTC).replace(tzinfo=None)


def cutoff() -> tuple[int, float]:
    """(day of the next month, hours ahead of UTC) from the settings (BATAS_LAPORAN_HARI, ZONA_WAKTU_JAM)."""
    return batas_laporan_hari(), zona_waktu_jam()


def _cutoff_text(hari: int, zona: float) -> str:
    return f"{hari}|{zona:g}"


# --- writing ---------------------------------------------------------------------------------

def record_arrivals(conn: Connection, added: pd.DataFrame, changed: pd.DataFrame, waktu: datetime, *,
                    empty: bool = False) -> None:
    """The arrival record of layanan rows just written, in the caller's transaction: `added`
    (keys new to layanan) arrived now; `changed` (a stored key whose value changed) changed now.
    A row imported again with the same value is in neither. empty: laporan_masuk holds none of
    `added` (a plain insert)."""
    if len(added):
        rows = added[KEY].assign(pertama_masuk=waktu, terakhir_berubah=waktu)
        if empty:
            insert_arrivals(conn, rows)
        else:
            records = _records(rows)
            for start in range(0, len(records), 2000):
                upsert(conn, lm, records[start:start + 2000], KEY)
    if len(changed):
        stmt = (update(lm).where(lm.c.kode_desa == bindparam("k_desa"), lm.c.tahun == bindparam("k_tahun"),
                                 lm.c.bulan == bindparam("k_bulan"), lm.c.indikator == bindparam("k_ind"))
                .values(terakhir_berubah=bindparam("waktu")))
        conn.execute(stmt, [{"k_desa": d, "k_tahun": int(t), "k_bulan": int(b), "k_ind": i, "waktu": waktu}
                            for d, t, b, i in changed[KEY].itertuples(index=False)])


def insert_arrivals(conn: Connection, rows: pd.DataFrame) -> None:
    """Plain insert of arrival records (KEY, pertama_masuk, terakhir_berubah) that laporan_masuk
    does not hold yet: an import into an empty table, the demo's dates."""
    frame = rows[[c.name for c in lm.columns]].copy()
    for c in ("pertama_masuk", "terakhir_berubah"):
        values = pd.to_datetime(frame[c])
        if conn.dialect.name == "sqlite":  # the driver is handed SQLAlchemy's own SQLite text form
            text = values.dt.strftime("%Y-%m-%d %H:%M:%S.%f")
            frame[c] = text.astype(object).where(values.notna(), None)
        else:
            frame[c] = pd.Series(values.dt.to_pydatetime(), index=frame.index, dtype=object).where(values.notna(), None)
    copy_insert(conn, lm, frame)


def _records(frame: pd.DataFrame) -> list[dict]:
    out = frame.astype(object).where(frame.notna(), None).to_dict("records")
    for r in out:
        r["tahun"], r["bulan"] = int(r["tahun"]), int(r["bulan"])
    return out


def refresh_kelengkapan(conn: Connection, desa_codes: Iterable[str] | None = None,
                        years: Iterable[int] | None = None, *, reports: pd.DataFrame | None = None) -> None:
    """Rewrite kelengkapan_wilayah for the Puskesmas holding these desa and these years (and the
    year after each: it expects what this year reported), their kabupaten and provinsi, in the
    caller's transaction. None: every area, every year. A year new to the database is rebuilt
    for every Puskesmas (each now expects its registers in it). `reports` (a full rebuild only):
    every layanan row with its pertama_masuk, already in memory (the demo loader's), so they are
    not read back."""
    hari, zona = cutoff()
    stored_years = set(conn.execute(select(lay.c.tahun).distinct()).scalars())
    if get_info(conn, INFO_KEY) != _cutoff_text(hari, zona):
        desa_codes = None  # made with another cut-off: every count is redone, not only these
    if desa_codes is None or years is None:
        puskesmas, chosen = None, sorted(stored_years)
    else:
        touched = {int(y) for y in years}
        chosen = sorted((touched | {y + 1 for y in touched}) & stored_years)
        codes = sorted(set(desa_codes))
        puskesmas = sorted({p for part in _parts(codes) for p in conn.execute(
            select(desa.c.kode_puskesmas).distinct().where(desa.c.kode.in_(part))).scalars()})
        have = set(conn.execute(select(kw.c.tahun).distinct().where(kw.c.tingkat == "puskesmas")).scalars())
        if any(y not in have for y in chosen):
            puskesmas = None  # a new year: every Puskesmas expects its registers in it
    if chosen:
        _refresh(conn, puskesmas, chosen, hari, zona, reports if puskesmas is None else None)
    set_info(conn, INFO_KEY, _cutoff_text(hari, zona))


def _refresh(conn: Connection, puskesmas: list[str] | None, years: list[int], hari: int, zona: float,
             held: pd.DataFrame | None = None) -> None:
    pkm = schema.puskesmas
    if puskesmas is None:
        conn.execute(delete(kw).where(kw.c.tahun.in_(years)))
        puskesmas = sorted(conn.execute(select(desa.c.kode_puskesmas).distinct()).scalars())
        kabupaten = None
    else:
        kabupaten = sorted({k for part in _parts(puskesmas) for k in conn.execute(
            select(pkm.c.kode_kabupaten).distinct().where(pkm.c.kode.in_(part))).scalars()})
    read_years = sorted(set(years) | {y - 1 for y in years})
    for part in _parts(puskesmas, 100):
        members = pd.DataFrame(conn.execute(select(desa.c.kode, desa.c.kode_puskesmas)
                                            .where(desa.c.kode_puskesmas.in_(part))).all(),
                               columns=["kode_desa", "kode_puskesmas"])
        if held is None:  # counted in SQL: a province's 7 million register rows never reach Python
            per_desa, per_register = _counted(conn, members, years, read_years, hari, zona)
        else:
            reports = held[held["kode_desa"].isin(members["kode_desa"]) & held["tahun"].isin(read_years)]
            per_desa, per_register = ringkas(members, reports, years, hari, zona)
        if kabupaten is not None:
            for codes in _parts(members["kode_desa"].tolist()):
                conn.execute(delete(kw).where(kw.c.tingkat == "desa", kw.c.tahun.in_(years), kw.c.kode.in_(codes)))
            conn.execute(delete(kw).where(kw.c.tingkat == "puskesmas", kw.c.tahun.in_(years), kw.c.kode.in_(part)))
        counts = list(COUNTS)
        own = per_desa.assign(tingkat="desa", indikator=SEMUA).rename(columns={"kode_desa": "kode"})
        pkm_all = (per_desa.groupby(["kode_puskesmas", "tahun", "bulan"], as_index=False)[counts].sum()
                   .assign(tingkat="puskesmas", indikator=SEMUA))
        pkm_reg = per_register.assign(tingkat="puskesmas")
        frame = pd.concat([own.drop(columns=["kode_puskesmas"]),
                           pkm_all.rename(columns={"kode_puskesmas": "kode"}),
                           pkm_reg.rename(columns={"kode_puskesmas": "kode"})], ignore_index=True)
        if len(frame):
            frame = frame[[c.name for c in kw.columns]].copy()
            for c in ("tahun", "bulan", *counts):
                frame[c] = frame[c].astype("int64")
            copy_insert(conn, kw, frame)
    _sum_up(conn, kabupaten, years)


def _counted(conn: Connection, members: pd.DataFrame, years: list[int], read_years: list[int], hari: int,
             zona: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """indicators.kelengkapan.ringkas of these desa (kode_desa, kode_puskesmas) with the reports
    counted in SQL: the registers each Puskesmas reported per year (read_years), and per desa and
    month, and per Puskesmas, register and month, the reports of `years` received, on time
    (first arrival before the month's cut-off, indicators.kelengkapan.batas_waktu) and without a
    known arrival."""
    pkm = desa.c.kode_puskesmas
    codes = {"desa": members["kode_desa"].tolist()}
    seen = (select(pkm, lay.c.tahun, lay.c.indikator).distinct()
            .select_from(lay.join(desa, desa.c.kode == lay.c.kode_desa))
            .where(member_of(conn, lay.c.kode_desa, "desa"), lay.c.tahun.in_(read_years)))
    seen = pd.DataFrame(driver_rows(conn, seen, codes), columns=["kode_puskesmas", "tahun", "indikator"])
    expected = register_diharapkan(seen.astype({"tahun": "int64"}), years)
    cut = union_all(*[select(literal(y, Integer).label("tahun"), literal(m, Integer).label("bulan"),
                             literal(batas_waktu(y, m, hari, zona), DateTime).label("batas"))
                      for y in years for m in range(1, 13)]).subquery("batas")
    on_time = func.sum(case((lm.c.pertama_masuk < cut.c.batas, 1), else_=0))
    unknown = func.sum(case((lm.c.pertama_masuk.is_(None), 1), else_=0))
    joined = (lay.join(desa, desa.c.kode == lay.c.kode_desa)
              .join(cut, and_(cut.c.tahun == lay.c.tahun, cut.c.bulan == lay.c.bulan))
              .outerjoin(lm, and_(lm.c.kode_desa == lay.c.kode_desa, lm.c.tahun == lay.c.tahun,
                                  lm.c.bulan == lay.c.bulan, lm.c.indikator == lay.c.indikator)))
    where = (member_of(conn, lay.c.kode_desa, "desa"), lay.c.tahun.in_(years))
    counts = ["dilaporkan", "tepat", "tanpa_waktu"]
    by_desa = (select(lay.c.kode_desa, lay.c.tahun, lay.c.bulan, func.count(), on_time, unknown)
               .select_from(joined).where(*where).group_by(lay.c.kode_desa, lay.c.tahun, lay.c.bulan))
    by_register = (select(pkm, lay.c.indikator, lay.c.tahun, lay.c.bulan, func.count(), on_time, unknown)
                   .select_from(joined).where(*where).group_by(pkm, lay.c.indikator, lay.c.tahun, lay.c.bulan))
    per_desa = pd.DataFrame(driver_rows(conn, by_desa, codes), columns=["kode_desa", "tahun", "bulan", *counts])
    per_register = pd.DataFrame(driver_rows(conn, by_register, codes),
                                columns=["kode_puskesmas", "indikator", "tahun", "bulan", *counts])
    for frame in (per_desa, per_register):
        for c in ("tahun", "bulan", *counts):
            frame[c] = frame[c].astype("int64")
    return ringkas_grid(members, expected, per_desa, per_register)


def _sum_up(conn: Connection, kabupaten: list[str] | None, years: list[int]) -> None:
    """The kabupaten rows (None: all) from their Puskesmas rows, then their provinsi's."""
    pkm, kab = schema.puskesmas, schema.kabupaten
    provinsi = None
    if kabupaten is not None:
        provinsi = sorted({p for part in _parts(kabupaten) for p in conn.execute(
            select(kab.c.kode_provinsi).distinct().where(kab.c.kode.in_(part))).scalars()})
    columns = ["tingkat", "indikator", "kode", "tahun", "bulan", *COUNTS]
    for tingkat, below, parents, key, codes in (("kabupaten", "puskesmas", pkm, pkm.c.kode_kabupaten, kabupaten),
                                               ("provinsi", "kabupaten", kab, kab.c.kode_provinsi, provinsi)):
        for part in [None] if codes is None else _parts(codes):
            gone = delete(kw).where(kw.c.tingkat == tingkat, kw.c.tahun.in_(years))
            summed = (select(literal(tingkat, String), kw.c.indikator, key, kw.c.tahun, kw.c.bulan,
                             *[func.sum(kw.c[c]) for c in COUNTS])
                      .select_from(kw.join(parents, parents.c.kode == kw.c.kode))
                      .where(kw.c.tingkat == below, kw.c.tahun.in_(years))
                      .group_by(kw.c.indikator, key, kw.c.tahun, kw.c.bulan))
            if part is not None:
                gone = gone.where(kw.c.kode.in_(part))
                summed = summed.where(key.in_(part))
            conn.execute(gone)
            conn.execute(kw.insert().from_select(columns, summed))


def _parts(codes: Sequence[str], size: int = _BATCH) -> list[list[str]]:
    codes = list(codes)
    return [codes[i:i + size] for i in range(0, len(codes), size)]


def ensure_current(engine: Engine) -> None:
    """Rebuild the counts when the cut-off setting differs from the one they were made with (or
    none is recorded: a database just upgraded to revision 0010). Called once per process when
    its engine is made (data_access.db.get_engine); a look at one info row otherwise."""
    hari, zona = cutoff()
    with engine.connect() as conn:
        if get_info(conn, INFO_KEY) == _cutoff_text(hari, zona):
            return
    with engine.begin() as conn:
        if get_info(conn, INFO_KEY) != _cutoff_text(hari, zona):  # another process may have done it
            refresh_kelengkapan(conn)


# --- reading ---------------------------------------------------------------------------------

def child_level(area: Area) -> Level:
    """The level of the areas a view of `area` compares: a desa is shown among its Puskesmas' desa."""
    return area.map_area.level.child


def _rows(conn: Connection, tingkat: str, codes: Sequence[str], months: Sequence[tuple[int, int]],
          indikator: str | None) -> pd.DataFrame:
    """kode, indikator, tahun, bulan, *COUNTS of these areas (one level) and months; indikator None:
    every register and '' (all together)."""
    columns = ["kode", "indikator", "tahun", "bulan", *COUNTS]
    # the years as a range of the key after (tingkat, kode[, indikator]); the months are picked
    # here (an OR of (tahun, bulan) pairs made SQLite scan the level's rows instead)
    stmt = (select(kw.c.kode, kw.c.indikator, kw.c.tahun, kw.c.bulan, *[kw.c[c] for c in COUNTS])
            .where(kw.c.tingkat == tingkat, kw.c.kode.in_(bindparam("kode", expanding=True)),
                   kw.c.tahun.in_(sorted({int(y) for y, _ in months}))))
    if indikator is not None:
        stmt = stmt.where(kw.c.indikator == indikator)
    rows = [r for part in _parts(codes) for r in driver_rows(conn, stmt, {"kode": part})] if months else []
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("kode", "indikator") else "int64") for c in columns})
    frame = pd.DataFrame({c: np.array(v, dtype=np.int64) if i >= 2 else list(v)
                          for i, (c, v) in enumerate(zip(columns, zip(*rows)))})
    wanted = np.isin(frame["tahun"].to_numpy() * 12 + frame["bulan"].to_numpy(),
                     [int(y) * 12 + int(m) for y, m in months])
    return frame[wanted].reset_index(drop=True)


def _arrivals(conn: Connection, desa_codes: list[str], years: list[int], indikator: str | None) -> pd.DataFrame:
    """kode, indikator, tahun, bulan, pertama_masuk of the reports of these desa and years (one
    register: through ix_laporan_masuk_register). Every layanan row has its arrival row (written
    with it; revision 0010 gave the older ones one)."""
    columns = ["kode", "indikator", "tahun", "bulan", "pertama_masuk"]
    masuk = type_coerce(lm.c.pertama_masuk, String) if conn.dialect.name == "sqlite" else lm.c.pertama_masuk
    stmt = (select(lm.c.kode_desa, lm.c.indikator, lm.c.tahun, lm.c.bulan, masuk)
            .where(lm.c.tahun.in_(years), lm.c.kode_desa.in_(bindparam("desa", expanding=True))))
    if indikator is not None:
        stmt = stmt.where(lm.c.indikator == indikator)
    rows = [r for part in _parts(desa_codes) for r in driver_rows(conn, stmt, {"desa": part})]
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("tahun", "bulan") else object) for c in columns})
    frame = pd.DataFrame({c: list(v) for c, v in zip(columns, zip(*rows))})
    frame["pertama_masuk"] = pd.to_datetime(frame["pertama_masuk"], format="ISO8601")
    return frame.astype({"tahun": "int64", "bulan": "int64"})


def _desa_register(conn: Connection, desa_codes: Sequence[str], months: Sequence[tuple[int, int]],
                   indikator: str | None) -> pd.DataFrame:
    """One register's counts per desa and month (None: each register's), from the arrival records
    (the stored desa rows hold every register together): expected of a desa when its Puskesmas
    expects the register that month."""
    columns = ["kode", "indikator", "tahun", "bulan", *COUNTS]
    stmt = select(desa.c.kode, desa.c.kode_puskesmas).where(desa.c.kode.in_(bindparam("desa", expanding=True)))
    members = pd.DataFrame([r for part in _parts(desa_codes) for r in driver_rows(conn, stmt, {"desa": part})],
                           columns=["kode", "kode_puskesmas"])
    if members.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    expected = _rows(conn, "puskesmas", sorted(members["kode_puskesmas"].unique()), months, indikator)
    expected = expected[(expected["diharapkan"] > 0) & (expected["indikator"] != SEMUA)]
    expected = expected[["kode", "indikator", "tahun", "bulan"]].rename(
        columns={"kode": "kode_puskesmas"})
    grid = members.merge(expected, on="kode_puskesmas")
    reports = _arrivals(conn, members["kode"].tolist(), sorted({y for y, _ in months}), indikator)
    grid = grid.merge(reports, on=["kode", "indikator", "tahun", "bulan"], how="left", indicator=True)
    hari, zona = cutoff()
    got = (grid["_merge"] == "both").to_numpy()
    known = got & ~pd.to_datetime(grid["pertama_masuk"]).isna().to_numpy()
    grid["desa"] = 1
    grid["diharapkan"] = 1
    grid["dilaporkan"] = got.astype(int)
    grid["tepat"] = tepat_flags(grid["tahun"], grid["bulan"], grid["pertama_masuk"], hari, zona)
    grid["tanpa_waktu"] = (got & ~known).astype(int)
    grid["desa_lapor"] = grid["dilaporkan"]
    return grid[columns].reset_index(drop=True)


@cached_by_version()
def monthly_by_child(conn: Connection, scope: Scope, area: Area, months: tuple[tuple[int, int], ...],
                     indikator: str = SEMUA) -> pd.DataFrame:
    """kode, nama, tahun, bulan, *COUNTS: one row per child area of `area` (desa of a Puskesmas;
    a desa: its Puskesmas' desa) and month in which it expected something. indikator '' = every
    register together."""
    require_in_scope(scope, area)
    shown = area.map_area
    kids = children(conn, scope, shown)
    names = dict(zip(kids["kode"], kids["nama"]))
    level = child_level(area)
    if level == Level.DESA and indikator != SEMUA:
        rows = _desa_register(conn, list(names), months, indikator)
    else:
        rows = _rows(conn, level.value, list(names), months, indikator)
    rows = rows[rows["diharapkan"] > 0].drop(columns=["indikator"])
    rows.insert(1, "nama", rows["kode"].map(names))
    return rows.reset_index(drop=True)


def own_totals(conn: Connection, scope: Scope, area: Area, months: Sequence[tuple[int, int]],
               indikator: str = SEMUA) -> pd.DataFrame:
    """tahun, bulan, *COUNTS of `area` itself per month (the country: its provinces summed)."""
    require_in_scope(scope, area)
    if area.level == Level.NASIONAL:
        kids = children(conn, scope, area)
        rows = _rows(conn, "provinsi", list(kids["kode"]), months, indikator)
    elif area.level == Level.DESA and indikator != SEMUA:
        rows = _desa_register(conn, [area.kode], months, indikator)
    else:
        rows = _rows(conn, area.level.value, [area.kode], months, indikator)
    return rows.groupby(["tahun", "bulan"], as_index=False)[list(COUNTS)].sum()


def latest_month(conn: Connection, scope: Scope, area: Area, tahun: int) -> int | None:
    """The latest month of `tahun` with any report inside the area (the period the page opens on)."""
    if area.level != Level.NASIONAL:  # the area's own stored rows: one look-up, no frame
        require_in_scope(scope, area)
        found = conn.execute(select(func.max(kw.c.bulan)).where(
            kw.c.tingkat == area.level.value, kw.c.kode == area.kode, kw.c.indikator == SEMUA,
            kw.c.tahun == int(tahun), kw.c.dilaporkan > 0)).scalar()
        return None if found is None else int(found)
    rows = own_totals(conn, scope, area, [(tahun, m) for m in range(1, 13)])
    got = rows[rows["dilaporkan"] > 0]["bulan"]
    return int(got.max()) if len(got) else None


TIMES_COLUMNS = ["kode", "tahun", "bulan", "pertama_masuk", "terakhir_berubah"]


@cached_by_version()
def arrival_times(conn: Connection, scope: Scope, area: Area, months: tuple[tuple[int, int], ...],
                  indikator: str = SEMUA) -> pd.DataFrame:
    """When the reports of each desa shown for `area` (a Puskesmas' desa; a desa: its
    Puskesmas' desa) and month first arrived and last changed (the arrival record, UTC):
    kode, tahun, bulan, pertama_masuk (the earliest of its registers), terakhir_berubah (the
    latest). indikator '' = every register together. Empty above the Puskesmas: its rows are
    Puskesmas, whose months hold many desa' reports."""
    require_in_scope(scope, area)
    if child_level(area) != Level.DESA or not months:
        return pd.DataFrame(columns=TIMES_COLUMNS)
    codes = list(children(conn, scope, area.map_area)["kode"])
    stmt = (select(lm.c.kode_desa, lm.c.tahun, lm.c.bulan, func.min(lm.c.pertama_masuk),
                   func.max(lm.c.terakhir_berubah))
            .where(lm.c.tahun.in_(sorted({int(y) for y, _ in months})),
                   lm.c.kode_desa.in_(bindparam("desa", expanding=True)))
            .group_by(lm.c.kode_desa, lm.c.tahun, lm.c.bulan))
    if indikator != SEMUA:
        stmt = stmt.where(lm.c.indikator == indikator)
    rows = [r for part in _parts(codes) for r in conn.execute(stmt, {"desa": part}).all()]
    frame = pd.DataFrame(rows, columns=TIMES_COLUMNS)
    wanted = {(int(y), int(m)) for y, m in months}
    keep = [(int(y), int(m)) in wanted for y, m in zip(frame["tahun"], frame["bulan"])]
    return frame[keep].reset_index(drop=True)


SILENT_COLUMNS = ["kode", "nama", "kode_puskesmas", "nama_puskesmas", "bulan", "jumlah_bulan", "teks"]


def _quiet(conn: Connection, desa_codes: list[str], months: Sequence[tuple[int, int]], indikator: str) -> set[str]:
    """The desa among these that received no report in any of `months` (every register together:
    their stored rows say nothing came while something was expected; one register: no arrival
    record of it). Only a desa expected something in each month can be silent in it: the callers
    pass the desa of Puskesmas whose own rows expected, and missed, reports in each."""
    if indikator == SEMUA:
        stmt = (select(kw.c.kode).where(
            kw.c.tingkat == "desa", kw.c.indikator == SEMUA, kw.c.kode.in_(bindparam("kode", expanding=True)),
            kw.c.tahun.in_(sorted({int(y) for y, _ in months})),  # a range of the key (as in _rows)
            (kw.c.tahun * 12 + kw.c.bulan).in_([int(y) * 12 + int(m) for y, m in months]),
            kw.c.diharapkan > 0, kw.c.dilaporkan == 0)
            .group_by(kw.c.kode).having(func.count() == len(months)))
        return {r[0] for part in _parts(desa_codes) for r in driver_rows(conn, stmt, {"kode": part})}
    quiet = set(desa_codes)
    for y, m in months:
        got = (select(lm.c.kode_desa).where(lm.c.indikator == indikator, lm.c.tahun == int(y), lm.c.bulan == int(m),
                                            lm.c.kode_desa.in_(bindparam("kode", expanding=True))))
        quiet -= {r[0] for part in _parts(sorted(quiet)) for r in driver_rows(conn, got, {"kode": part})}
    return quiet


def _silence_grid(conn: Connection, inside: pd.DataFrame, months: Sequence[tuple[int, int]],
                  indikator: str) -> tuple[np.ndarray, np.ndarray]:
    """(expected, received): desa × month counts of these few desa (inside: kode, kode_puskesmas)
    over consecutive `months`, read as plain rows (pandas' joins cost more than the reading for a
    handful of desa). Every register together: the desa's stored rows. One register: expected
    when the desa's Puskesmas expects it that month (its row), received when it arrived."""
    codes = inside["kode"].tolist()
    first = int(months[0][0]) * 12 + int(months[0][1])  # months are consecutive (indicators.kelengkapan.jendela)
    wanted = {int(y) * 12 + int(m) - first for y, m in months}
    years = sorted({int(y) for y, _ in months})
    index = {k: i for i, k in enumerate(codes)}
    expected = np.zeros((len(codes), len(months)), dtype=np.int64)
    received = np.zeros_like(expected)

    def column(tahun, bulan) -> int | None:
        c = int(tahun) * 12 + int(bulan) - first
        return c if c in wanted else None

    if indikator == SEMUA:
        stmt = (select(kw.c.kode, kw.c.tahun, kw.c.bulan, kw.c.diharapkan, kw.c.dilaporkan)
                .where(kw.c.tingkat == "desa", kw.c.indikator == SEMUA, kw.c.tahun.in_(years),
                       kw.c.kode.in_(bindparam("kode", expanding=True))))
        for part in _parts(codes):
            for kode, tahun, bulan, e, d in driver_rows(conn, stmt, {"kode": part}):
                c = column(tahun, bulan)
                if c is not None:
                    expected[index[kode], c] += int(e)
                    received[index[kode], c] += int(d)
        return expected, received
    desa_of: dict[str, list[int]] = {}
    for kode, pkm in zip(inside["kode"], inside["kode_puskesmas"]):
        desa_of.setdefault(pkm, []).append(index[kode])
    stmt = (select(kw.c.kode, kw.c.tahun, kw.c.bulan)
            .where(kw.c.tingkat == "puskesmas", kw.c.indikator == indikator, kw.c.tahun.in_(years),
                   kw.c.diharapkan > 0, kw.c.kode.in_(bindparam("kode", expanding=True))))
    for part in _parts(sorted(desa_of)):
        for pkm, tahun, bulan in driver_rows(conn, stmt, {"kode": part}):
            c = column(tahun, bulan)
            if c is not None:
                expected[desa_of[pkm], c] = 1
    got = (select(lm.c.kode_desa, lm.c.tahun, lm.c.bulan)
           .where(lm.c.indikator == indikator, lm.c.tahun.in_(years),
                  lm.c.kode_desa.in_(bindparam("kode", expanding=True))))
    for part in _parts(codes):
        for kode, tahun, bulan in driver_rows(conn, got, {"kode": part}):
            c = column(tahun, bulan)
            if c is not None and expected[index[kode], c]:
                received[index[kode], c] = 1
    return expected, received


@cached_by_version()
def silent_desa(conn: Connection, scope: Scope, area: Area, months: tuple[tuple[int, int], ...],
                indikator: str = SEMUA, minimal: int = 2) -> pd.DataFrame:
    """The desa inside `area` that expected reports and received none for `minimal` or more
    months in a row up to the last of `months` (consecutive, oldest first): kode, nama, kode_puskesmas, nama_puskesmas,
    bulan (the silent months, oldest first), jumlah_bulan, teks ('tanpa laporan Oktober–Desember
    2025 (3 bulan)'); the longest silence first."""
    require_in_scope(scope, area)
    if not months:
        return pd.DataFrame(columns=SILENT_COLUMNS)
    last = months[-minimal:]
    # only a Puskesmas with a desa missing in each of the last `minimal` months can hold a silent
    # desa: its own rows say so (desa_lapor < desa), and only its desa are looked at, in SQL
    gaps = (select(kw.c.kode).where(
        kw.c.tingkat == "puskesmas", kw.c.indikator == indikator,
        kw.c.kode.in_(select(desa.c.kode_puskesmas).where(desa_filter(area), scope_filter(scope, area))),
        kw.c.tahun.in_(sorted({int(y) for y, _ in last})),
        (kw.c.tahun * 12 + kw.c.bulan).in_([int(y) * 12 + int(m) for y, m in last]),
        kw.c.desa_lapor < kw.c.desa).group_by(kw.c.kode).having(func.count() >= minimal))
    pkm = schema.puskesmas
    stmt = (select(desa.c.kode, desa.c.nama, desa.c.kode_puskesmas, pkm.c.nama)
            .join(pkm, pkm.c.kode == desa.c.kode_puskesmas)
            .where(desa_filter(area), scope_filter(scope, area), desa.c.kode_puskesmas.in_(gaps))
            .order_by(pkm.c.nama, desa.c.nama))
    inside = driver_rows(conn, stmt, {})
    # and only their desa with no report in each of those months (expected there: their Puskesmas'
    # row says so) can be silent that long
    quiet = _quiet(conn, [r[0] for r in inside], last, indikator) if inside else set()
    inside = pd.DataFrame([r for r in inside if r[0] in quiet],
                          columns=["kode", "nama", "kode_puskesmas", "nama_puskesmas"])
    codes = inside["kode"].tolist()
    if not codes:
        return pd.DataFrame(columns=SILENT_COLUMNS)
    expected, received = _silence_grid(conn, inside, months, indikator)
    found = []
    # only the desa silent in the last month can have a run ending there
    for i in np.flatnonzero((expected[:, -1] > 0) & (received[:, -1] == 0)):
        run = diam_berturut(months, expected[i], received[i])
        if len(run) >= minimal:
            found.append((codes[i], tuple(run), len(run), tanpa_laporan_teks(run)))
    silent = pd.DataFrame(found, columns=["kode", "bulan", "jumlah_bulan", "teks"])
    out = inside.merge(silent, on="kode")
    return out.sort_values(["jumlah_bulan", "nama_puskesmas", "nama"], ascending=[False, True, True])[
        SILENT_COLUMNS].reset_index(drop=True)


# --- the long form (the data-quality score, `cli.py export kualitas`) -------------------------

LONG_COLUMNS = ["kode_wilayah", "nama_wilayah", "tingkat", "register", "nama_register", "tahun", "bulan",
                "desa", "diharapkan", "dilaporkan", "tepat_waktu_jumlah", "tanpa_waktu", "lengkap", "tepat_waktu"]


def areas_of_level(conn: Connection, scope: Scope, area: Area, level: Level) -> pd.DataFrame:
    """kode, nama of the areas of `level` inside `area` and the scope."""
    require_in_scope(scope, area)
    names = NAME_TABLES[level]
    stmt = (select(names.c.kode, names.c.nama)
            .where(names.c.kode.in_(select(DESA_KEY[level]).where(desa_filter(area), scope_filter(scope, area))))
            .order_by(names.c.nama))
    return pd.DataFrame(conn.execute(stmt).all(), columns=["kode", "nama"])


def kelengkapan_rows(conn: Connection, scope: Scope, area: Area, level: Level, tahun: int,
                     bulan: int | None = None, *, months: Sequence[tuple[int, int]] | None = None,
                     registers: Sequence[str] | None = None) -> pd.DataFrame:
    """Completeness in long form, one row per area of `level` inside `area`, register and month
    (LONG_COLUMNS): register 'semua' = every register together, then each register its
    Puskesmas expects; lengkap and tepat_waktu are fractions (indicators.kelengkapan persen_lengkap
    and persen_tepat, vectorised; NaN where nothing was expected).
    Months: `months`, else January..`bulan` of `tahun` (all twelve without `bulan`). `registers`:
    only these (and 'semua'); an empty list: 'semua' alone (one row per area and month)."""
    require_in_scope(scope, area)
    months = list(months) if months is not None else [(tahun, m) for m in range(1, (bulan or 12) + 1)]
    areas = areas_of_level(conn, scope, area, level)
    names = dict(zip(areas["kode"], areas["nama"]))
    codes = list(names)
    only_all = registers is not None and not len(registers)  # 'semua' alone: the score's need
    if level == Level.DESA:
        rows = pd.concat([_rows(conn, "desa", codes, months, SEMUA)]
                         + ([] if only_all else [_desa_register(conn, codes, months, None)]), ignore_index=True)
    else:
        rows = _rows(conn, level.value, codes, months, SEMUA if only_all else None)
    keep = rows["diharapkan"] > 0
    if registers is not None:
        keep &= rows["indikator"].isin([SEMUA, *registers])
    rows = rows[keep]
    register = rows["indikator"].where(rows["indikator"] != SEMUA, "semua")
    labels = {code: r.label for code, r in REGISTER_BY_CODE.items()} | {"semua": "Semua register"}
    expected, known = rows["diharapkan"].to_numpy(float), (rows["diharapkan"] - rows["tanpa_waktu"]).to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):  # nothing expected: empty, never 0
        lengkap = np.where(expected > 0, rows["dilaporkan"].to_numpy(float) / expected, np.nan)
        tepat = np.where(known > 0, rows["tepat"].to_numpy(float) / known, np.nan)
    out = pd.DataFrame({
        "kode_wilayah": rows["kode"], "nama_wilayah": rows["kode"].map(names), "tingkat": level.value,
        "register": register, "nama_register": register.map(labels).fillna(register),
        "tahun": rows["tahun"], "bulan": rows["bulan"], "desa": rows["desa"], "diharapkan": rows["diharapkan"],
        "dilaporkan": rows["dilaporkan"], "tepat_waktu_jumlah": rows["tepat"], "tanpa_waktu": rows["tanpa_waktu"],
        "lengkap": lengkap, "tepat_waktu": tepat,
    }, columns=LONG_COLUMNS)
    # 'semua' first, then the registers by code, each area's months in order
    out["_semua"] = out["register"] != "semua"
    out = out.sort_values(["nama_wilayah", "kode_wilayah", "_semua", "register", "tahun", "bulan"])
    return out.drop(columns=["_semua"]).reset_index(drop=True)


# --- the page's summary row ------------------------------------------------------------------

def ringkasan(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int | None) -> list[Ringkasan]:
    """The Kualitas Data summary cards: the month's completeness and timeliness of the area's
    reports, and the desa silent two months or more. Empty when the area expects no report."""
    bulan = bulan or latest_month(conn, scope, area, tahun)
    if bulan is None:
        return []
    months = tuple(jendela(tahun, bulan, 12))
    own = own_totals(conn, scope, area, months[-1:])
    if own.empty or int(own["diharapkan"].sum()) == 0:
        return []
    row = own.iloc[-1]
    when = nama_bulan(tahun, bulan)
    lengkap = persen_lengkap(row["dilaporkan"], row["diharapkan"])
    tepat = persen_tepat(row["tepat"], row["diharapkan"], row["tanpa_waktu"])
    silent = silent_desa(conn, scope, area.map_area if area.level == Level.DESA else area, months)
    hari, _zona = cutoff()
    return [
        Ringkasan(f"Kelengkapan laporan {when}", fmt.persen(lengkap),
                  f"{fmt.angka(row['dilaporkan'])} dari {fmt.angka(row['diharapkan'])} laporan desa",
                  "jelek" if lengkap is not None and lengkap < 0.8 else None),
        Ringkasan(f"Tepat waktu {when}", fmt.persen(tepat), f"masuk paling lambat tanggal {hari} bulan berikutnya",
                  "jelek" if tepat is not None and tepat < 0.8 else None),
        Ringkasan("Desa tanpa laporan ≥ 2 bulan", f"{fmt.angka(len(silent))} desa",
                  ", ".join(silent["nama"].head(3)) + ("…" if len(silent) > 3 else "") or f"sampai {when}",
                  "jelek" if len(silent) else "baik"),
    ]


def kualitas_rows(conn: Connection, scope: Scope, wilayah: Area, tingkat: Level, tahun: int,
                  bulan: int | None) -> pd.DataFrame:
    """The completeness rows of `cli.py export kualitas` in its long table's columns
    (exports.kualitas.KUALITAS_COLUMNS), ready for a RowSource("kelengkapan", kualitas_rows, …):
    one row per area of `tingkat` inside `wilayah` and month January..`bulan`, every register
    together: ukuran 'kelengkapan', nilai = % complete, pembanding = % on time (fractions), status
    'lengkap' / 'belum_lengkap' / 'tanpa_laporan', keterangan the counts and the cut-off day."""
    rows = kelengkapan_rows(conn, scope, wilayah, tingkat, tahun, bulan, registers=[])
    hari, _zona = cutoff()
    status = np.where(rows["dilaporkan"] == 0, "tanpa_laporan",
                      np.where(rows["dilaporkan"] >= rows["diharapkan"], "lengkap", "belum_lengkap"))
    return pd.DataFrame({
        "bagian": "kelengkapan", "kode_wilayah": rows["kode_wilayah"], "nama_wilayah": rows["nama_wilayah"],
        "tahun": rows["tahun"], "bulan": rows["bulan"], "ukuran": "kelengkapan", "register": "semua",
        "nilai": rows["lengkap"], "pembanding": rows["tepat_waktu"], "batas": None, "status": status,
        "keterangan": [f"{fmt.angka(d)} dari {fmt.angka(e)} laporan masuk, {fmt.angka(t)} tepat waktu "
                       f"(paling lambat tanggal {hari} bulan berikutnya)"
                       for d, e, t in zip(rows["dilaporkan"], rows["diharapkan"], rows["tepat_waktu_jumlah"])],
    })
