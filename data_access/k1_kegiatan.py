"""Klaster 1 planning queries (kegiatan): one Puskesmas' activities, the per-Puskesmas and
per-klaster sums of a Dinkes area for the period January..m (from kegiatan_ringkas, refreshed
by the import), the years and latest month with activities done, and the page's summary
figures. Scoped like data_access.k1_sarpras."""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Connection, and_, bindparam, delete, func, select

from data_access import k1_kabupaten as kabupaten
from data_access import schema
from data_access.db import copy_insert, driver_rows, member_of
from data_access.k1_sarpras import is_dinkes, puskesmas_where
from domain.wilayah import Area, Scope
from indicators import format as fmt
from indicators.k1_kegiatan import SEMUA_KLASTER, SUM_COLUMNS, period_sums, share, totals
from indicators.klaster1 import Ringkasan
from indicators.pws import BULAN

kg, kr = schema.kegiatan, schema.kegiatan_ringkas
pkm = schema.puskesmas
DETAIL = ["kode_puskesmas", "tahun", "id_kegiatan", "nama_kegiatan", "klaster", "bulan_rencana", "terlaksana",
          "anggaran", "bulan_terlaksana", "sumber_dana"]
_BATCH = 500


def refresh_kegiatan_summary(conn: Connection, pairs: Iterable[tuple[str, int]]) -> None:
    """Re-sum kegiatan_ringkas for these (Puskesmas, year) pairs, and the sums of their
    kabupaten in those years, in the caller's transaction."""
    by_year: dict[int, set[str]] = {}
    pairs = list(pairs)
    for code, year in pairs:
        by_year.setdefault(int(year), set()).add(code)
    for year, codes in sorted(by_year.items()):
        ordered = sorted(codes)
        for i in range(0, len(ordered), _BATCH):
            part = ordered[i:i + _BATCH]
            conn.execute(delete(kr).where(kr.c.tahun == year, kr.c.kode_puskesmas.in_(part)))
            rows = driver_rows(conn, select(*[kg.c[c] for c in DETAIL]).where(
                kg.c.tahun == year, member_of(conn, kg.c.kode_puskesmas, "pkm")), {"pkm": part})
            copy_insert(conn, kr, period_sums(_typed(pd.DataFrame(rows, columns=DETAIL))))
    if pairs:
        kabupaten.refresh(conn, kabupaten.KEGIATAN, {p for p, _ in pairs}, set(by_year))


def replace_kegiatan(conn: Connection, rows: pd.DataFrame) -> None:
    """Insert activity rows (the demo's; the tables hold none of their keys yet) and sum them."""
    clean = rows[DETAIL].astype(object).where(rows[DETAIL].notna(), None)
    # whole months as int (COPY reads a float 4.0 as text '4.0', which an integer column refuses)
    clean["bulan_terlaksana"] = pd.Series([None if v is None else int(v) for v in clean["bulan_terlaksana"]],
                                          index=clean.index, dtype=object)
    copy_insert(conn, kg, clean)
    refresh_kegiatan_summary(conn, set(zip(rows["kode_puskesmas"], rows["tahun"].astype(int))))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for c in ("tahun", "klaster", "bulan_rencana"):
        frame[c] = frame[c].astype("int64")
    frame["bulan_terlaksana"] = pd.to_numeric(frame["bulan_terlaksana"], errors="coerce")
    frame["anggaran"] = pd.to_numeric(frame["anggaran"], errors="coerce")
    return frame


def kegiatan_years(conn: Connection, scope: Scope, area: Area) -> tuple[int, ...]:
    """The years in which some Puskesmas of the area has a plan (one statement)."""
    return kabupaten.years(conn, scope, area, kabupaten.KEGIATAN)


def latest_month(conn: Connection, scope: Scope, area: Area, tahun: int) -> int | None:
    """The latest month of `tahun` in which an activity of the area was done; None when none
    was. Months probed from December down on the (tahun, bulan) index: a province's year
    holds 60,000 summary rows, a month 5,000, and the first month probed usually answers. A
    province (the country) sums its kabupaten's twelve months instead."""
    if kabupaten.compares_kabupaten(area):
        months = kabupaten.summed(conn, scope, area, kabupaten.KEGIATAN, ["selesai_bulan_ini"], by=("bulan",),
                                  tahun=tahun, klaster=SEMUA_KLASTER)
        return max((int(m) for m, done in months if done), default=None)
    probe = (select(kr.c.bulan).join(pkm, pkm.c.kode == kr.c.kode_puskesmas)
             .where(puskesmas_where(scope, area), kr.c.tahun == tahun, kr.c.bulan == bindparam("bulan"),
                    kr.c.klaster == SEMUA_KLASTER, kr.c.selesai_bulan_ini > 0).limit(1))
    return next((m for m in range(12, 0, -1) if conn.execute(probe, {"bulan": m}).first()), None)


def activities(conn: Connection, scope: Scope, area: Area, tahun: int) -> list[dict]:
    """The activities of the area's Puskesmas (one Puskesmas: a puskesmas or desa area) in
    `tahun`, as dicts (indicators.k1_kegiatan counts a Puskesmas' few dozen in plain Python)."""
    stmt = (select(*[kg.c[c] for c in DETAIL]).join(pkm, pkm.c.kode == kg.c.kode_puskesmas)
            .where(puskesmas_where(scope, area), kg.c.tahun == tahun)
            .order_by(kg.c.bulan_rencana, kg.c.klaster, kg.c.id_kegiatan))
    return [dict(zip(DETAIL, row)) for row in driver_rows(conn, stmt, {})]


def puskesmas_sums(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int) -> pd.DataFrame:
    """One row per Puskesmas of the area (kode, nama, rencana, terlaksana, terlambat,
    anggaran_rencana, anggaran_terlaksana, persen; NaN where it has no plan for `tahun`) for
    January..bulan, by name: each Puskesmas' all-klaster row, one primary-key look-up each."""
    stmt = (select(pkm.c.kode, pkm.c.nama, *[kr.c[c] for c in SUM_COLUMNS[:4]])
            .select_from(pkm.outerjoin(kr, and_(kr.c.kode_puskesmas == pkm.c.kode, kr.c.tahun == tahun,
                                                kr.c.bulan == bulan, kr.c.klaster == SEMUA_KLASTER)))
            .where(puskesmas_where(scope, area)).order_by(pkm.c.nama, pkm.c.kode))
    rows = pd.DataFrame(driver_rows(conn, stmt, {}), columns=["kode", "nama", *SUM_COLUMNS[:4]])
    rows = rows.astype(dict.fromkeys(SUM_COLUMNS[:4], float))
    rows["terlambat"] = rows["rencana"] - rows["terlaksana"]
    rows["persen"] = rows["terlaksana"] / rows["rencana"].where(rows["rencana"] > 0)
    return rows


def klaster_sums(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int) -> pd.DataFrame:
    """The area's activities per klaster for January..bulan: klaster, rencana, terlaksana,
    budgets (summed by the database: a province's 5,000 rows are not sent; a province's and the
    country's from their kabupaten's sums)."""
    if kabupaten.compares_kabupaten(area):
        rows = kabupaten.summed(conn, scope, area, kabupaten.KEGIATAN, SUM_COLUMNS[:4], by=("klaster",),
                                where=[kabupaten.KEGIATAN.target.c.klaster != SEMUA_KLASTER], tahun=tahun,
                                bulan=bulan)
        frame = pd.DataFrame(rows, columns=["klaster", *SUM_COLUMNS[:4]])
        return frame.astype({"klaster": "int64", **dict.fromkeys(SUM_COLUMNS[:4], float)})
    inside = select(pkm.c.kode).where(puskesmas_where(scope, area))
    stmt = (select(kr.c.klaster, *[func.sum(kr.c[c]) for c in SUM_COLUMNS[:4]])
            .where(kr.c.tahun == tahun, kr.c.bulan == bulan, kr.c.klaster != SEMUA_KLASTER,
                   kr.c.kode_puskesmas.in_(inside))
            .group_by(kr.c.klaster).order_by(kr.c.klaster))
    rows = pd.DataFrame(driver_rows(conn, stmt, {}), columns=["klaster", *SUM_COLUMNS[:4]])
    return rows.astype(dict.fromkeys(SUM_COLUMNS[:4], float))


def kabupaten_sums(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int) -> pd.DataFrame:
    """A province's kabupaten (the country's provinsi), one row each by name: kode, nama,
    puskesmas, puskesmas_melapor (those with a plan), rencana, terlaksana, budgets, terlambat and
    persen for January..bulan, summed over its Puskesmas (NaN: none has a plan)."""
    rows = kabupaten.child_rows(conn, scope, area, kabupaten.KEGIATAN, ["puskesmas_melapor", *SUM_COLUMNS[:4]],
                                tahun=tahun, bulan=bulan, klaster=SEMUA_KLASTER)
    rows["terlambat"] = rows["rencana"] - rows["terlaksana"]
    rows["persen"] = rows["terlaksana"] / rows["rencana"].where(rows["rencana"] > 0)
    return rows


def dinkes_sums(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int) -> pd.DataFrame:
    """What a Dinkes area's table reads: a province's (the country's) kabupaten_sums, a
    kabupaten's puskesmas_sums."""
    if kabupaten.compares_kabupaten(area):
        return kabupaten_sums(conn, scope, area, tahun, bulan)
    return puskesmas_sums(conn, scope, area, tahun, bulan)


def period_text(bulan: int) -> str:
    return "Januari" if bulan == 1 else f"Jan–{BULAN[bulan - 1][:3]}"


def ringkasan(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int | None) -> list[Ringkasan]:
    """'Kegiatan terlaksana Jan–Nov: 42 dari 55 (76,4%)'; none without a plan for `tahun`."""
    if bulan is None:
        bulan = latest_month(conn, scope, area, tahun)
        if bulan is None:
            return []
    if is_dinkes(area):
        sums = klaster_sums(conn, scope, area, tahun, bulan)
        planned, done = int(sums["rencana"].sum()), int(sums["terlaksana"].sum())
    else:
        rows = activities(conn, scope, area, tahun)
        if not rows:
            return []
        got = totals(rows, bulan)
        planned, done = got["rencana"], got["terlaksana"]
    if not planned:
        return []
    return [Ringkasan(f"Kegiatan terlaksana {period_text(bulan)}",
                      f"{fmt.angka(done)} dari {fmt.angka(planned)} ({fmt.persen(share(done, planned))})",
                      f"terlambat: {fmt.angka(planned - done)} kegiatan; RUK/RPK {tahun}")]


def refresh_kegiatan_registers(conn: Connection, puskesmas: Iterable[str], years: Iterable[int]) -> None:
    """The Puskesmas-level registers kegiatan_rencana/kegiatan_terlaksana of these Puskesmas and
    years (indicators.k1_kegiatan.kegiatan_registers on their activities), so that the PWS panel
    and the scorecard show 'Kegiatan terlaksana sesuai rencana'. In the caller's transaction."""
    from data_access.store import replace_puskesmas_registers
    from indicators.k1_kegiatan import REGISTERS, kegiatan_registers

    k = schema.kegiatan
    puskesmas, years = sorted(set(puskesmas)), sorted({int(y) for y in years})
    rows = []
    for start in range(0, len(puskesmas), 2000):
        rows += conn.execute(select(k.c.kode_puskesmas, k.c.tahun, k.c.bulan_rencana, k.c.terlaksana)
                             .where(k.c.tahun.in_(years),
                                    k.c.kode_puskesmas.in_(puskesmas[start:start + 2000]))).all()
    frame = pd.DataFrame(rows, columns=["kode_puskesmas", "tahun", "bulan_rencana", "terlaksana"])
    replace_puskesmas_registers(conn, kegiatan_registers(frame), REGISTERS, puskesmas, years)
