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
from sqlalchemy import Connection, Engine, String, and_, bindparam, delete, func, literal, or_, select, update

from data_access import schema
from data_access.cache import cached_by_version
from data_access.db import copy_insert, get_info, set_info, upsert
from data_access.settings import batas_laporan_hari, zona_waktu_jam
from data_access.wilayah import DESA_KEY, NAME_TABLES, children, desa_filter, scope_filter
from domain.codes import Level
from domain.wilayah import Area, Scope, require_in_scope
from indicators.kelengkapan import (
    COUNTS,
    SEMUA,
    batas_waktu,
    diam_berturut,
    persen_lengkap,
    persen_tepat,
    ringkas,
    tanpa_laporan_teks,
)
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
                        years: Iterable[int] | None = None) -> None:
    """Rewrite kelengkapan_wilayah for the Puskesmas holding these desa and these years (and the
    year after each: it expects what this year reported), their kabupaten and provinsi, in the
    caller's transaction. None: every area, every year. A year new to the database is rebuilt
    for every Puskesmas (each now expects its registers in it)."""
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
        _refresh(conn, puskesmas, chosen, hari, zona)
    set_info(conn, INFO_KEY, _cutoff_text(hari, zona))


def _refresh(conn: Connection, puskesmas: list[str] | None, years: list[int], hari: int, zona: float) -> None:
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
        reports = _reports(conn, members["kode_desa"].tolist(), read_years)
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


def _reports(conn: Connection, desa_codes: list[str], years: list[int],
             indikator: str | None = None) -> pd.DataFrame:
    """kode_desa, tahun, bulan, indikator, pertama_masuk of the layanan rows of these desa and years
    (pertama_masuk NaT where no arrival is recorded)."""
    columns = ["kode_desa", "tahun", "bulan", "indikator", "pertama_masuk"]
    stmt = (select(lay.c.kode_desa, lay.c.tahun, lay.c.bulan, lay.c.indikator, lm.c.pertama_masuk)
            .select_from(lay.outerjoin(lm, and_(lm.c.kode_desa == lay.c.kode_desa, lm.c.tahun == lay.c.tahun,
                                                lm.c.bulan == lay.c.bulan, lm.c.indikator == lay.c.indikator)))
            .where(lay.c.tahun.in_(years)))
    if indikator is not None:
        stmt = stmt.where(lay.c.indikator == indikator)
    rows = [r for part in _parts(desa_codes) for r in conn.execute(stmt.where(lay.c.kode_desa.in_(part))).all()]
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    frame = pd.DataFrame({c: list(v) for c, v in zip(columns, zip(*rows))})
    frame["pertama_masuk"] = pd.to_datetime(frame["pertama_masuk"])
    return frame


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


def _months_where(months: Sequence[tuple[int, int]]):
    by_year: dict[int, list[int]] = {}
    for y, m in months:
        by_year.setdefault(int(y), []).append(int(m))
    return or_(*[and_(kw.c.tahun == y, kw.c.bulan.in_(sorted(ms))) for y, ms in sorted(by_year.items())])


def _rows(conn: Connection, tingkat: str, codes: Sequence[str], months: Sequence[tuple[int, int]],
          indikator: str) -> pd.DataFrame:
    columns = ["kode", "tahun", "bulan", *COUNTS]
    stmt = (select(kw.c.kode, kw.c.tahun, kw.c.bulan, *[kw.c[c] for c in COUNTS])
            .where(kw.c.tingkat == tingkat, kw.c.indikator == indikator, _months_where(months)))
    rows = [r for part in _parts(codes) for r in conn.execute(stmt.where(kw.c.kode.in_(part))).all()]
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c != "kode" else object) for c in columns})
    return pd.DataFrame({c: list(v) for c, v in zip(columns, zip(*rows))}).astype(dict.fromkeys(columns[1:], "int64"))


def _desa_register(conn: Connection, desa_codes: Sequence[str], months: Sequence[tuple[int, int]],
                   indikator: str) -> pd.DataFrame:
    """One register's counts per desa and month (the stored rows hold desa for every register
    together): expected of a desa when its Puskesmas expects the register that month."""
    columns = ["kode", "tahun", "bulan", *COUNTS]
    stmt = select(desa.c.kode, desa.c.kode_puskesmas)
    members = pd.DataFrame([r for part in _parts(desa_codes) for r in conn.execute(stmt.where(desa.c.kode.in_(part)))],
                           columns=["kode", "kode_puskesmas"])
    if members.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    expected = _rows(conn, "puskesmas", sorted(members["kode_puskesmas"].unique()), months, indikator)
    expected = expected[expected["diharapkan"] > 0][["kode", "tahun", "bulan"]].rename(
        columns={"kode": "kode_puskesmas"})
    grid = members.merge(expected, on="kode_puskesmas")
    reports = _reports(conn, members["kode"].tolist(), sorted({y for y, _ in months}), indikator)
    reports = reports.rename(columns={"kode_desa": "kode"})
    grid = grid.merge(reports[["kode", "tahun", "bulan", "pertama_masuk"]].astype({"tahun": "int64", "bulan": "int64"}),
                      on=["kode", "tahun", "bulan"], how="left", indicator=True)
    hari, zona = cutoff()
    got = (grid["_merge"] == "both").to_numpy()
    masuk = pd.to_datetime(grid["pertama_masuk"])
    limit = np.array([batas_waktu(t, b, hari, zona) for t, b in zip(grid["tahun"], grid["bulan"])],
                     dtype="datetime64[us]") if len(grid) else np.array([], dtype="datetime64[us]")
    known = got & ~masuk.isna().to_numpy()
    grid["desa"] = 1
    grid["diharapkan"] = 1
    grid["dilaporkan"] = got.astype(int)
    grid["tepat"] = (known & (masuk.to_numpy(dtype="datetime64[us]") < limit)).astype(int)
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
    rows = rows[rows["diharapkan"] > 0].copy()
    rows.insert(1, "nama", rows["kode"].map(names))
    return rows.reset_index(drop=True)


def own_totals(conn: Connection, scope: Scope, area: Area, months: Sequence[tuple[int, int]],
               indikator: str = SEMUA) -> pd.DataFrame:
    """tahun, bulan, *COUNTS of `area` itself per month (the country: its provinces summed)."""
    require_in_scope(scope, area)
    if area.level == Level.NASIONAL:
        kids = children(conn, scope, area)
        rows = _rows(conn, "provinsi", list(kids["kode"]), months, indikator)
        return rows.groupby(["tahun", "bulan"], as_index=False)[list(COUNTS)].sum()
    if area.level == Level.DESA and indikator != SEMUA:
        rows = _desa_register(conn, [area.kode], months, indikator)
    else:
        rows = _rows(conn, area.level.value, [area.kode], months, indikator)
    return rows.drop(columns=["kode"])


def latest_month(conn: Connection, scope: Scope, area: Area, tahun: int) -> int | None:
    """The latest month of `tahun` with any report inside the area (the period the page opens on)."""
    rows = own_totals(conn, scope, area, [(tahun, m) for m in range(1, 13)])
    got = rows[rows["dilaporkan"] > 0]["bulan"]
    return int(got.max()) if len(got) else None


def desa_inside(conn: Connection, scope: Scope, area: Area) -> pd.DataFrame:
    """kode, nama, kode_puskesmas, nama_puskesmas of the desa inside `area` (a desa: itself) and the scope."""
    require_in_scope(scope, area)
    pkm = schema.puskesmas
    stmt = (select(desa.c.kode, desa.c.nama, desa.c.kode_puskesmas, pkm.c.nama)
            .join(pkm, pkm.c.kode == desa.c.kode_puskesmas)
            .where(desa_filter(area), scope_filter(scope)).order_by(pkm.c.nama, desa.c.nama))
    return pd.DataFrame(conn.execute(stmt).all(), columns=["kode", "nama", "kode_puskesmas", "nama_puskesmas"])


@cached_by_version()
def silent_desa(conn: Connection, scope: Scope, area: Area, months: tuple[tuple[int, int], ...],
                indikator: str = SEMUA, minimal: int = 2) -> pd.DataFrame:
    """The desa inside `area` that expected reports and received none for `minimal` or more
    months in a row up to the last of `months`: kode, nama, kode_puskesmas, nama_puskesmas,
    bulan (the silent months, oldest first), jumlah_bulan, teks ('tanpa laporan Oktober–Desember
    2025 (3 bulan)'); the longest silence first."""
    columns = ["kode", "nama", "kode_puskesmas", "nama_puskesmas", "bulan", "jumlah_bulan", "teks"]
    inside = desa_inside(conn, scope, area)
    if inside.empty:
        return pd.DataFrame(columns=columns)
    codes = inside["kode"].tolist()
    rows = (_rows(conn, "desa", codes, months, SEMUA) if indikator == SEMUA
            else _desa_register(conn, codes, months, indikator))
    found = []
    order = {m: i for i, m in enumerate(months)}
    for kode, part in rows.groupby("kode", sort=False):
        part = part.assign(_i=[order[(int(y), int(m))] for y, m in zip(part["tahun"], part["bulan"])]).sort_values("_i")
        full = pd.DataFrame({"_i": range(len(months))}).merge(part, on="_i", how="left").fillna(0)
        run = diam_berturut(list(months), full["diharapkan"].astype(int), full["dilaporkan"].astype(int))
        if len(run) >= minimal:
            found.append((kode, tuple(run), len(run), tanpa_laporan_teks(run)))
    silent = pd.DataFrame(found, columns=["kode", "bulan", "jumlah_bulan", "teks"])
    out = inside.merge(silent, on="kode")
    return out.sort_values(["jumlah_bulan", "nama_puskesmas", "nama"], ascending=[False, True, True])[
        columns].reset_index(drop=True)


# --- the long form (the data-quality score, `cli.py export kualitas`) -------------------------

LONG_COLUMNS = ["kode_wilayah", "nama_wilayah", "tingkat", "register", "nama_register", "tahun", "bulan",
                "desa", "diharapkan", "dilaporkan", "tepat_waktu_jumlah", "tanpa_waktu", "lengkap", "tepat_waktu"]


def areas_of_level(conn: Connection, scope: Scope, area: Area, level: Level) -> pd.DataFrame:
    """kode, nama of the areas of `level` inside `area` and the scope."""
    require_in_scope(scope, area)
    names = NAME_TABLES[level]
    stmt = (select(names.c.kode, names.c.nama)
            .where(names.c.kode.in_(select(DESA_KEY[level]).where(desa_filter(area), scope_filter(scope))))
            .order_by(names.c.nama))
    return pd.DataFrame(conn.execute(stmt).all(), columns=["kode", "nama"])


def kelengkapan_rows(conn: Connection, scope: Scope, area: Area, level: Level, tahun: int,
                     bulan: int | None = None, *, months: Sequence[tuple[int, int]] | None = None,
                     registers: Sequence[str] | None = None) -> pd.DataFrame:
    """Completeness in long form, one row per area of `level` inside `area`, register and month
    (LONG_COLUMNS): register 'semua' = every register together; lengkap and tepat_waktu are
    fractions (empty where nothing was expected). Months: `months`, else January..`bulan` of
    `tahun` (all twelve without `bulan`). Registers: `registers`, else every desa-level register
    with a row (at desa level: the registers the desa's Puskesmas expects)."""
    require_in_scope(scope, area)
    months = list(months) if months is not None else [(tahun, m) for m in range(1, (bulan or 12) + 1)]
    areas = areas_of_level(conn, scope, area, level)
    names = dict(zip(areas["kode"], areas["nama"]))
    codes = list(names)
    if registers is None:
        tingkat = "puskesmas" if level == Level.DESA else level.value
        parents = codes
        if level == Level.DESA:
            parents = sorted(areas_of_level(conn, scope, area, Level.PUSKESMAS)["kode"]) if area.level != Level.DESA \
                else [area.code_at(Level.PUSKESMAS)]
        stmt = select(kw.c.indikator).distinct().where(kw.c.tingkat == tingkat, kw.c.indikator != SEMUA,
                                                       _months_where(months))
        registers = sorted({r for part in _parts(parents)
                            for r in conn.execute(stmt.where(kw.c.kode.in_(part))).scalars()})
    frames = [_rows(conn, level.value, codes, months, SEMUA).assign(register="semua")]
    for code in registers:
        part = (_desa_register(conn, codes, months, code) if level == Level.DESA
                else _rows(conn, level.value, codes, months, code))
        frames.append(part.assign(register=code))
    rows = pd.concat(frames, ignore_index=True)
    rows = rows[rows["diharapkan"] > 0]
    out = pd.DataFrame({
        "kode_wilayah": rows["kode"], "nama_wilayah": rows["kode"].map(names), "tingkat": level.value,
        "register": rows["register"],
        "nama_register": [REGISTER_BY_CODE[r].label if r in REGISTER_BY_CODE else "Semua register"
                          for r in rows["register"]],
        "tahun": rows["tahun"], "bulan": rows["bulan"], "desa": rows["desa"], "diharapkan": rows["diharapkan"],
        "dilaporkan": rows["dilaporkan"], "tepat_waktu_jumlah": rows["tepat"], "tanpa_waktu": rows["tanpa_waktu"],
        "lengkap": [persen_lengkap(d, e) for d, e in zip(rows["dilaporkan"], rows["diharapkan"])],
        "tepat_waktu": [persen_tepat(t, e, u) for t, e, u in zip(rows["tepat"], rows["diharapkan"],
                                                                  rows["tanpa_waktu"])],
    }, columns=LONG_COLUMNS)
    return out.sort_values(["nama_wilayah", "register", "tahun", "bulan"]).reset_index(drop=True)
