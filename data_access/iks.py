"""IKS queries: read the per-desa summary (never raw family rows) and sum it per area."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, and_, case, func, select

from data_access import schema
from data_access.schema import SUMMARY_COUNT_COLUMNS
from indicators.iks import area_indicators, total_row
from data_access.wilayah import (
    DESA_KEY,
    NAME_TABLES,
    Area,
    OutOfScope,
    Scope,
    desa_filter,
    in_scope,
    scope_filter,
)

r = schema.iks_ringkasan
d = schema.desa


def _check(scope: Scope, area: Area) -> None:
    if not in_scope(scope, area):
        raise OutOfScope(f"Wilayah {area.nama} berada di luar wilayah yang boleh Anda lihat.")


def _desa_in(scope: Scope, area: Area):
    return select(d.c.kode).where(and_(desa_filter(area), scope_filter(scope)))


def iks_years(conn: Connection, scope: Scope, area: Area) -> list[int]:
    """Years with family visits inside the area, oldest first."""
    _check(scope, area)
    stmt = (
        select(r.c.tahun).distinct()
        .where(r.c.kode_desa.in_(_desa_in(scope, area)))
        .order_by(r.c.tahun)
    )
    return [int(y) for y in conn.execute(stmt).scalars()]


def iks_by_area(conn: Connection, scope: Scope, area: Area, tahun: int) -> pd.DataFrame:
    """Summed IKS counts for each area one level below `area`, as of 31 December of `tahun`,
    for the current state (awal=False) and each family's first visit (awal=True): one row
    per child area and `awal` value. Every child area is listed, with zero counts when it
    has no visits. Columns: kode, nama, awal, jumlah_desa, keluarga_terdaftar,
    desa_tanpa_terdaftar, and the summary counts."""
    _check(scope, area)
    child = area.level.child
    if child is None:
        raise ValueError("Desa tidak mempunyai wilayah di bawahnya.")
    where = and_(desa_filter(area), scope_filter(scope))
    key = DESA_KEY[child]
    names = NAME_TABLES[child]
    per_area = (
        select(
            key.label("kode"),
            func.count(d.c.kode).label("jumlah_desa"),
            func.sum(d.c.jumlah_keluarga).label("keluarga_terdaftar"),
            func.sum(case((d.c.jumlah_keluarga.is_(None), 1), else_=0)).label("desa_tanpa_terdaftar"),
        )
        .where(where)
        .group_by(key)
        .subquery("per_area")
    )
    areas = pd.DataFrame(conn.execute(
        select(per_area, names.c.nama).join(names, names.c.kode == per_area.c.kode).order_by(names.c.nama)
    ).mappings().all(), columns=["kode", "jumlah_desa", "keluarga_terdaftar", "desa_tanpa_terdaftar", "nama"])
    sums = (
        select(key.label("kode"), r.c.awal, *[func.sum(r.c[col]).label(col) for col in SUMMARY_COUNT_COLUMNS])
        .select_from(d.join(r, and_(r.c.kode_desa == d.c.kode, r.c.tahun == tahun)))
        .where(where)
        .group_by(key, r.c.awal)
    )
    counts = pd.DataFrame(conn.execute(sums).all(), columns=["kode", "awal", *SUMMARY_COUNT_COLUMNS])
    grid = pd.concat([areas.assign(awal=False), areas.assign(awal=True)], ignore_index=True)
    counts["awal"] = counts["awal"].astype(bool)
    frame = grid.merge(counts, on=["kode", "awal"], how="left")
    frame[SUMMARY_COUNT_COLUMNS] = frame[SUMMARY_COUNT_COLUMNS].fillna(0).astype("int64")
    for col in ("jumlah_desa", "desa_tanpa_terdaftar"):
        frame[col] = frame[col].astype("int64")
    frame["keluarga_terdaftar"] = pd.to_numeric(frame["keluarga_terdaftar"]).astype(float)
    return frame[["kode", "nama", "awal", "jumlah_desa", "keluarga_terdaftar", "desa_tanpa_terdaftar",
                  *SUMMARY_COUNT_COLUMNS]]


def iks_area_table(
    conn: Connection, scope: Scope, area: Area, tahun: int
) -> tuple[pd.DataFrame, pd.Series]:
    """Everything the IKS page shows for the areas of `area.map_area` (one level below it;
    a desa is shown among its Puskesmas' desa): counts, IKS, category, visit coverage, the
    12 coverages, IKS awal and its change; plus the same for `area` itself (summed counts,
    then ratios)."""
    shown = area.map_area
    both = iks_by_area(conn, scope, shown, tahun)
    now = both[~both["awal"]].drop(columns="awal").reset_index(drop=True)
    awal = both[both["awal"]].drop(columns="awal").reset_index(drop=True)
    rows = area_indicators(now)
    rows["iks_awal"] = area_indicators(awal)["iks"].to_numpy()
    rows["perubahan"] = rows["iks"] - rows["iks_awal"]
    total = area_indicators(pd.DataFrame([total_row(now)])).iloc[0].copy()
    total["iks_awal"] = area_indicators(pd.DataFrame([total_row(awal)])).iloc[0]["iks"]
    total["perubahan"] = total["iks"] - total["iks_awal"]
    if area is not shown:
        total = rows.set_index("kode").loc[area.kode]
    return rows, total
