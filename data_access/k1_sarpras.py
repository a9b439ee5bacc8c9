"""Klaster 1 equipment and infrastructure queries (sarpras): one Puskesmas' inventory, the
per-Puskesmas tallies of a Dinkes area (from sarpras_ringkas, refreshed by the import), the
years with an inventory, and the page's summary figures. Every function takes the viewer's
scope: an area outside it is refused (data_access.wilayah.resolve_area words it), and the
Puskesmas of an area are filtered by the scope as well."""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Connection, and_, delete, select, true

from data_access import k1_kabupaten as kabupaten
from data_access import schema
from data_access.db import copy_insert, driver_rows, member_of
from domain.codes import Level
from domain.wilayah import Area, Scope, require_in_scope
from indicators import format as fmt
from indicators.k1_sarpras import records, shares, tallies
from indicators.klaster1 import Ringkasan

sp, sr = schema.sarpras, schema.sarpras_ringkas
pkm, kab = schema.puskesmas, schema.kabupaten
DETAIL = ["kode_puskesmas", "tahun", "lokasi", "kode_item", "kondisi", "nama_item", "jumlah", "kategori"]
TALLY = ["standar", "ada", "berfungsi", "unit_rusak_berat", "unit_rusak_ringan", "non_standar"]
_BATCH = 500


# --- which Puskesmas ---------------------------------------------------------------------------

def _level_clause(level: Level, kode: str | None):
    if level == Level.NASIONAL:
        return true()
    if level == Level.PROVINSI:
        return pkm.c.kode_kabupaten.in_(select(kab.c.kode).where(kab.c.kode_provinsi == kode))
    if level == Level.KABUPATEN:
        return pkm.c.kode_kabupaten == kode
    return pkm.c.kode == kode


def puskesmas_where(scope: Scope, area: Area):
    """WHERE on the puskesmas table: the Puskesmas of `area` (a desa: its Puskesmas) that
    the viewer may see. Refuses an area outside the scope."""
    require_in_scope(scope, area)
    if area.level == Level.DESA:
        area_clause = pkm.c.kode == area.code_at(Level.PUSKESMAS)
    else:
        area_clause = _level_clause(area.level, area.kode)
    return and_(area_clause, _level_clause(scope.level, scope.kode))


def is_dinkes(area: Area) -> bool:
    """Whether the area compares its Puskesmas (nasional, provinsi, kabupaten) rather than
    showing one in detail (puskesmas; a desa shows its Puskesmas)."""
    return area.level in (Level.NASIONAL, Level.PROVINSI, Level.KABUPATEN)


# --- writing the summary -------------------------------------------------------------------------

def refresh_sarpras_summary(conn: Connection, pairs: Iterable[tuple[str, int]]) -> None:
    """Re-tally sarpras_ringkas for these (Puskesmas, year) pairs, and the sums of their
    kabupaten in those years, in the caller's transaction."""
    by_year: dict[int, set[str]] = {}
    pairs = list(pairs)
    for code, year in pairs:
        by_year.setdefault(int(year), set()).add(code)
    for year, codes in sorted(by_year.items()):
        ordered = sorted(codes)
        for i in range(0, len(ordered), _BATCH):
            part = ordered[i:i + _BATCH]
            conn.execute(delete(sr).where(sr.c.tahun == year, sr.c.kode_puskesmas.in_(part)))
            rows = driver_rows(conn, select(*[sp.c[c] for c in DETAIL]).where(
                sp.c.tahun == year, member_of(conn, sp.c.kode_puskesmas, "pkm")), {"pkm": part})
            frame = pd.DataFrame(rows, columns=DETAIL)
            copy_insert(conn, sr, tallies(frame))
    if pairs:
        kabupaten.refresh(conn, kabupaten.SARPRAS, {p for p, _ in pairs}, set(by_year))


def replace_sarpras(conn: Connection, rows: pd.DataFrame) -> None:
    """Insert inventory rows (the demo's; the tables hold none of their keys yet) and tally them."""
    copy_insert(conn, sp, rows[DETAIL])
    refresh_sarpras_summary(conn, set(zip(rows["kode_puskesmas"], rows["tahun"].astype(int))))


# --- reading ---------------------------------------------------------------------------------------

def sarpras_years(conn: Connection, scope: Scope, area: Area) -> tuple[int, ...]:
    """The years in which some Puskesmas of the area has an inventory (one statement)."""
    return kabupaten.years(conn, scope, area, kabupaten.SARPRAS)


def inventory(conn: Connection, scope: Scope, area: Area, tahun: int) -> list[dict]:
    """The inventory rows of the area's Puskesmas (one Puskesmas: a puskesmas or desa area) in `tahun`."""
    stmt = (select(*[sp.c[c] for c in DETAIL]).join(pkm, pkm.c.kode == sp.c.kode_puskesmas)
            .where(puskesmas_where(scope, area), sp.c.tahun == tahun)
            .order_by(sp.c.kode_item, sp.c.lokasi, sp.c.kondisi))
    return [dict(zip(DETAIL, row)) for row in driver_rows(conn, stmt, {})]


def _with_shares(row: dict) -> dict:
    """A tally row with persen_ada and persen_berfungsi (None where nothing was reported)."""
    ada, berfungsi = (None, None) if row["standar"] is None else shares(row["ada"], row["berfungsi"], row["standar"])
    return {**row, "persen_ada": ada, "persen_berfungsi": berfungsi}


def puskesmas_tally_rows(conn: Connection, scope: Scope, area: Area, tahun: int) -> list[dict]:
    """One dict per Puskesmas of the area by name: kode, nama, the TALLY columns (floats; None
    where it reported no inventory in `tahun`), persen_ada and persen_berfungsi (fractions).
    Plain Python: a kabupaten's few dozen rows cost less so than through pandas."""
    stmt = (select(pkm.c.kode, pkm.c.nama, *[sr.c[c] for c in TALLY])
            .select_from(pkm.outerjoin(sr, and_(sr.c.kode_puskesmas == pkm.c.kode, sr.c.tahun == tahun)))
            .where(puskesmas_where(scope, area)).order_by(pkm.c.nama, pkm.c.kode))
    return [_with_shares({"kode": kode, "nama": nama,
                          **{c: None if v is None else float(v) for c, v in zip(TALLY, values)}})
            for kode, nama, *values in driver_rows(conn, stmt, {})]


def _frame(rows: list[dict], columns: list[str], numbers: list[str]) -> pd.DataFrame:
    """Rows as a DataFrame whose number columns are float64 (NaN for None), for the exports and
    the summary row."""
    frame = pd.DataFrame.from_records(rows, columns=columns)
    return frame.astype(dict.fromkeys(numbers, "float64"))


SHARES = ["persen_ada", "persen_berfungsi"]


def puskesmas_tallies(conn: Connection, scope: Scope, area: Area, tahun: int) -> pd.DataFrame:
    """puskesmas_tally_rows as a DataFrame (NaN where a Puskesmas reported no inventory)."""
    return _frame(puskesmas_tally_rows(conn, scope, area, tahun), ["kode", "nama", *TALLY, *SHARES], [*TALLY, *SHARES])


KABUPATEN_COLUMNS = ["puskesmas_melapor", *TALLY, "puskesmas_rusak_berat"]


def kabupaten_tally_rows(conn: Connection, scope: Scope, area: Area, tahun: int) -> list[dict]:
    """A province's kabupaten (the country's provinsi), one dict each by name: kode, nama,
    puskesmas, KABUPATEN_COLUMNS summed over its Puskesmas (None: none reported in `tahun`), with
    persen_ada and persen_berfungsi (sums, then one division)."""
    names = ["kode", "nama", "puskesmas", *KABUPATEN_COLUMNS]
    rows = kabupaten.child_sums(conn, scope, area, kabupaten.SARPRAS, KABUPATEN_COLUMNS, tahun=tahun)
    return [_with_shares(dict(zip(names, row))) for row in rows]


def kabupaten_tallies(conn: Connection, scope: Scope, area: Area, tahun: int) -> pd.DataFrame:
    """kabupaten_tally_rows as a DataFrame (NaN: none of its Puskesmas reported)."""
    frame = _frame(kabupaten_tally_rows(conn, scope, area, tahun), ["kode", "nama", "puskesmas", *KABUPATEN_COLUMNS,
                                                                   *SHARES], [*KABUPATEN_COLUMNS, *SHARES])
    return frame.astype({"puskesmas": "int64"})


def dinkes_rows(conn: Connection, scope: Scope, area: Area, tahun: int) -> list[dict]:
    """What a Dinkes area's view reads: a province's (the country's) kabupaten_tally_rows, a
    kabupaten's puskesmas_tally_rows."""
    if kabupaten.compares_kabupaten(area):
        return kabupaten_tally_rows(conn, scope, area, tahun)
    return puskesmas_tally_rows(conn, scope, area, tahun)


def dinkes_tallies(conn: Connection, scope: Scope, area: Area, tahun: int) -> pd.DataFrame:
    """dinkes_rows as a DataFrame: a province's kabupaten_tallies, a kabupaten's puskesmas_tallies."""
    if kabupaten.compares_kabupaten(area):
        return kabupaten_tallies(conn, scope, area, tahun)
    return puskesmas_tallies(conn, scope, area, tahun)


def _whole(value) -> int:
    return 0 if fmt.is_missing(value) else int(value)


def area_totals(rows) -> dict:
    """The area's figures over the Puskesmas that reported (sums, then one division), from
    dinkes_rows (dicts) or dinkes_tallies (a DataFrame): a province's kabupaten rows carry
    puskesmas_melapor, a kabupaten's Puskesmas rows are counted one by one."""
    rows = records(rows)
    if rows and "puskesmas_melapor" in rows[0]:
        got = {c: sum(_whole(r[c]) for r in rows) for c in KABUPATEN_COLUMNS}
        ada, berfungsi = shares(got["ada"], got["berfungsi"], got["standar"])
        return {"puskesmas": sum(int(r["puskesmas"]) for r in rows), "melapor": got["puskesmas_melapor"],
                "persen_ada": ada, "persen_berfungsi": berfungsi,
                **{c: got[c] for c in ("ada", "berfungsi", "standar", "unit_rusak_berat", "puskesmas_rusak_berat")}}
    reported = [r for r in rows if not fmt.is_missing(r["standar"])]
    got = {c: sum(int(r[c]) for r in reported) for c in ("ada", "berfungsi", "standar", "unit_rusak_berat")}
    ada, berfungsi = shares(got["ada"], got["berfungsi"], got["standar"]) if reported else (None, None)
    return {"puskesmas": len(rows), "melapor": len(reported), "persen_ada": ada, "persen_berfungsi": berfungsi,
            **got, "puskesmas_rusak_berat": sum(1 for r in reported if r["unit_rusak_berat"] > 0)}


def ringkasan(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int | None) -> list[Ringkasan]:
    """The page's summary cards: standard items working (of those expected) and units rusak
    berat, for one Puskesmas or summed over an area's Puskesmas; none without an inventory."""
    totals = area_totals(dinkes_tallies(conn, scope, area, tahun))
    if not totals["melapor"]:
        return []
    note = f"inventaris {tahun}"
    if is_dinkes(area):
        note += f"; {fmt.angka(totals['melapor'])} dari {fmt.angka(totals['puskesmas'])} Puskesmas melapor"
    return [
        Ringkasan("Alat standar berfungsi", f"{fmt.angka(totals['berfungsi'])} dari {fmt.angka(totals['standar'])}",
                  f"{fmt.persen(totals['persen_berfungsi'])}; {note}"),
        Ringkasan("Alat rusak berat", f"{fmt.angka(totals['unit_rusak_berat'])} unit",
                  (f"di {fmt.angka(totals['puskesmas_rusak_berat'])} Puskesmas; " if is_dinkes(area) else "")
                  + note, "jelek" if totals["unit_rusak_berat"] else None),
    ]


# --- rows per area of a level (the export views) -----------------------------------------------

def puskesmas_parents(conn: Connection, scope: Scope, area: Area) -> pd.DataFrame:
    """The area's Puskesmas with their kabupaten and provinsi (codes and names)."""
    prov = schema.provinsi
    stmt = (select(pkm.c.kode, kab.c.kode, kab.c.nama, prov.c.kode, prov.c.nama)
            .join(kab, kab.c.kode == pkm.c.kode_kabupaten).join(prov, prov.c.kode == kab.c.kode_provinsi)
            .where(puskesmas_where(scope, area)))
    return pd.DataFrame(driver_rows(conn, stmt, {}), columns=["kode", "kode_kabupaten", "nama_kabupaten",
                                                             "kode_provinsi", "nama_provinsi"])


def by_level(rows: pd.DataFrame, parents: pd.DataFrame, tingkat: Level, sums: list[str]) -> pd.DataFrame:
    """Per-Puskesmas rows (kode, nama, `sums`; NaN: did not report) summed per area of
    `tingkat` (kabupaten or provinsi), with puskesmas (how many) and puskesmas_melapor; the
    rows themselves for puskesmas."""
    reported = rows[sums[0]].notna()
    if tingkat == Level.PUSKESMAS:
        return rows.assign(puskesmas=1, puskesmas_melapor=reported.astype(int))
    level = tingkat.value
    joined = rows.merge(parents, on="kode", how="left").assign(_lapor=reported.astype(int).to_numpy())
    grouped = joined.groupby([f"kode_{level}", f"nama_{level}"], as_index=False)
    out = grouped[sums].sum(min_count=1)
    counts = grouped.agg(puskesmas=("kode", "size"), puskesmas_melapor=("_lapor", "sum"))
    out = out.merge(counts, on=[f"kode_{level}", f"nama_{level}"])
    return out.rename(columns={f"kode_{level}": "kode", f"nama_{level}": "nama"}).sort_values("kode", ignore_index=True)
