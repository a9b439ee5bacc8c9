"""Klaster 1 planning queries (kegiatan): one Puskesmas' activities, the per-Puskesmas and
per-klaster sums of a Dinkes area for the period January..m (from kegiatan_ringkas, refreshed
by the import), the years and latest month with activities done, and the page's summary
figures. Scoped like data_access.k1_sarpras."""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Connection, and_, delete, func, select

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
    was. One statement: a Dinkes area (kabupaten and above) reads its kabupaten's all-klaster
    rows (a kabupaten's month counts the activities its Puskesmas did in it), a Puskesmas (a
    desa: its Puskesmas) its own, on the key that starts with it."""
    if is_dinkes(area):
        t = kabupaten.KEGIATAN.target
        where = kabupaten.rows_inside(scope, area, t)
    else:
        t, where = kr, [kr.c.kode_puskesmas.in_(select(pkm.c.kode).where(puskesmas_where(scope, area)))]
    stmt = select(func.max(t.c.bulan)).where(*where, t.c.tahun == tahun, t.c.klaster == SEMUA_KLASTER,
                                             t.c.selesai_bulan_ini > 0)
    month = conn.execute(stmt).scalar()
    return None if month is None else int(month)


def activities(conn: Connection, scope: Scope, area: Area, tahun: int) -> list[dict]:
    """The activities of the area's Puskesmas (one Puskesmas: a puskesmas or desa area) in
    `tahun`, as dicts (indicators.k1_kegiatan counts a Puskesmas' few dozen in plain Python)."""
    stmt = (select(*[kg.c[c] for c in DETAIL]).join(pkm, pkm.c.kode == kg.c.kode_puskesmas)
            .where(puskesmas_where(scope, area), kg.c.tahun == tahun)
            .order_by(kg.c.bulan_rencana, kg.c.klaster, kg.c.id_kegiatan))
    return [dict(zip(DETAIL, row)) for row in driver_rows(conn, stmt, {})]


SUMS = SUM_COLUMNS[:4]  # rencana, terlaksana, anggaran_rencana, anggaran_terlaksana


def _with_share(row: dict) -> dict:
    """A row of sums with terlambat and persen (None where there is no plan)."""
    planned, done = row["rencana"], row["terlaksana"]
    return {**row, "terlambat": None if planned is None else planned - done,
            "persen": None if planned is None else share(done, planned)}


def puskesmas_sum_rows(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int) -> list[dict]:
    """One dict per Puskesmas of the area by name (kode, nama, rencana, terlaksana,
    anggaran_rencana, anggaran_terlaksana as floats, terlambat, persen; None where it has no
    plan for `tahun`) for January..bulan: each Puskesmas' all-klaster row, one primary-key
    look-up each."""
    stmt = (select(pkm.c.kode, pkm.c.nama, *[kr.c[c] for c in SUMS])
            .select_from(pkm.outerjoin(kr, and_(kr.c.kode_puskesmas == pkm.c.kode, kr.c.tahun == tahun,
                                                kr.c.bulan == bulan, kr.c.klaster == SEMUA_KLASTER)))
            .where(puskesmas_where(scope, area)).order_by(pkm.c.nama, pkm.c.kode))
    return [_with_share({"kode": kode, "nama": nama,
                         **{c: None if v is None else float(v) for c, v in zip(SUMS, sums)}})
            for kode, nama, *sums in driver_rows(conn, stmt, {})]


def _frame(rows: list[dict], columns: list[str], numbers: list[str]) -> pd.DataFrame:
    return pd.DataFrame.from_records(rows, columns=columns).astype(dict.fromkeys(numbers, "float64"))


def puskesmas_sums(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int) -> pd.DataFrame:
    """puskesmas_sum_rows as a DataFrame (NaN where a Puskesmas has no plan)."""
    numbers = [*SUMS, "terlambat", "persen"]
    return _frame(puskesmas_sum_rows(conn, scope, area, tahun, bulan), ["kode", "nama", *numbers], numbers)


def klaster_rows(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int) -> list[dict]:
    """The area's activities per klaster for January..bulan, in klaster order: klaster (int),
    rencana, terlaksana and budgets (floats), summed by the database (a kabupaten's, a
    province's and the country's from their kabupaten's sums: a few dozen rows, not the
    Puskesmas' thousands)."""
    if is_dinkes(area):
        rows = kabupaten.summed(conn, scope, area, kabupaten.KEGIATAN, SUMS, by=("klaster",),
                                where=[kabupaten.KEGIATAN.target.c.klaster != SEMUA_KLASTER], tahun=tahun,
                                bulan=bulan)
    else:
        inside = select(pkm.c.kode).where(puskesmas_where(scope, area))
        stmt = (select(kr.c.klaster, *[func.sum(kr.c[c]) for c in SUMS])
                .where(kr.c.tahun == tahun, kr.c.bulan == bulan, kr.c.klaster != SEMUA_KLASTER,
                       kr.c.kode_puskesmas.in_(inside))
                .group_by(kr.c.klaster).order_by(kr.c.klaster))
        rows = driver_rows(conn, stmt, {})
    return [{"klaster": int(k), **{c: float(v) for c, v in zip(SUMS, sums)}} for k, *sums in rows]


def klaster_sums(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int) -> pd.DataFrame:
    """klaster_rows as a DataFrame."""
    frame = _frame(klaster_rows(conn, scope, area, tahun, bulan), ["klaster", *SUMS], SUMS)
    return frame.astype({"klaster": "int64"})


def kabupaten_sum_rows(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int) -> list[dict]:
    """A province's kabupaten (the country's provinsi), one dict each by name: kode, nama,
    puskesmas, puskesmas_melapor (those with a plan), rencana, terlaksana, budgets, terlambat and
    persen for January..bulan, summed over its Puskesmas (None: none has a plan)."""
    names = ["kode", "nama", "puskesmas", "puskesmas_melapor", *SUMS]
    rows = kabupaten.child_sums(conn, scope, area, kabupaten.KEGIATAN, names[3:], tahun=tahun, bulan=bulan,
                                klaster=SEMUA_KLASTER)
    return [_with_share(dict(zip(names, row))) for row in rows]


def kabupaten_sums(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int) -> pd.DataFrame:
    """kabupaten_sum_rows as a DataFrame (NaN: none of its Puskesmas has a plan)."""
    numbers = ["puskesmas_melapor", *SUMS, "terlambat", "persen"]
    frame = _frame(kabupaten_sum_rows(conn, scope, area, tahun, bulan), ["kode", "nama", "puskesmas", *numbers],
                   numbers)
    return frame.astype({"puskesmas": "int64"})


def dinkes_rows(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int) -> list[dict]:
    """What a Dinkes area's table reads: a province's (the country's) kabupaten_sum_rows, a
    kabupaten's puskesmas_sum_rows."""
    if kabupaten.compares_kabupaten(area):
        return kabupaten_sum_rows(conn, scope, area, tahun, bulan)
    return puskesmas_sum_rows(conn, scope, area, tahun, bulan)


def dinkes_sums(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int) -> pd.DataFrame:
    """dinkes_rows as a DataFrame: a province's kabupaten_sums, a kabupaten's puskesmas_sums."""
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
