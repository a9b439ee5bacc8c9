"""Medicine stock (obat, the monthly LPLPO): writing the per-Puskesmas monthly summary and the
item names, and the section's queries. Everything above one Puskesmas reads obat_ringkas
(a province is 1,078 rows a month); the item detail reads one Puskesmas' three months of
obat through its primary key. Every query takes the viewer's scope and refuses an area
outside it (require_in_scope), as data_access.pws does."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import Connection, and_, bindparam, case, delete, func, or_, select, true

from data_access import k1_kabupaten as kabupaten
from data_access import schema
from data_access.cache import cached_by_version
from data_access.db import bump_version, copy_insert, driver_rows, member_of, upsert
from data_access.wilayah import scope_filter
from domain.codes import Level
from domain.wilayah import Area, Scope, require_in_scope
from indicators import format as fmt
from indicators.k1_obat import (
    JENDELA_PEMAKAIAN,
    KETERSEDIAAN_MIN,
    RINGKAS_KOLOM,
    Bagian,
    item_status,
    ketersediaan,
    memenuhi,
    memenuhi_each,
    month_index,
    monthly_summary,
)
from indicators.klaster1 import Ringkasan
from indicators.pws import BAIK, BULAN, JELEK

ob, on, ok = schema.obat, schema.obat_nama, schema.obat_ringkas
pkm_t, kab_t = schema.puskesmas, schema.kabupaten
_BATCH = 200  # Puskesmas read back at once by a refresh
DETAIL_COLUMNS = ["kode_puskesmas", "tahun", "bulan", "kode_obat", "stok_awal", "penerimaan", "pemakaian",
                  "sisa_stok", "permintaan", "kedaluwarsa_terdekat", "obat_indikator"]
_MIN_PERSEN = round(KETERSEDIAAN_MIN * 100)  # compared in whole numbers: tersedia × 100 ≥ 80 × dilaporkan


# --- writing -------------------------------------------------------------------------------------

def read_rows(conn: Connection, codes: list[str], lo: int, hi: int) -> pd.DataFrame:
    """The obat rows of these Puskesmas in months lo..hi (month_index), dates as ISO text (the
    driver's own rows: SQLite gives the stored text, PostgreSQL a date)."""
    month = ob.c.tahun * 12 + ob.c.bulan - 1
    if hi - lo < 12:  # a few months: one seek each on the primary key (Puskesmas, tahun, bulan)
        period = or_(*[and_(ob.c.tahun == i // 12, ob.c.bulan == i % 12 + 1) for i in range(lo, hi + 1)])
    else:
        period = and_(ob.c.tahun.between(lo // 12, hi // 12), month.between(lo, hi))
    stmt = select(*[ob.c[c] for c in DETAIL_COLUMNS]).where(member_of(conn, ob.c.kode_puskesmas, "pkm"), period)
    rows = driver_rows(conn, stmt, {"pkm": list(codes)})
    frame = pd.DataFrame(rows, columns=DETAIL_COLUMNS)
    if conn.dialect.name != "sqlite" and len(frame):
        frame["kedaluwarsa_terdekat"] = [v.isoformat() if isinstance(v, date) else None
                                         for v in frame["kedaluwarsa_terdekat"]]
    return frame


def refresh_obat_summary(conn: Connection, touched: Iterable[tuple[str, int, int]]) -> None:
    """Re-count obat_ringkas, in the caller's transaction, for the (Puskesmas, tahun, bulan)
    written and the two months after each (their mean pemakaian reads the month written), and
    the sums of their kabupaten in those years."""
    spans: dict[str, list[int]] = {}
    for p, y, m in touched:
        i = month_index(int(y), int(m))
        lo, hi = spans.get(p, (i, i))
        spans[p] = [min(lo, i), max(hi, i)]
    if not spans:
        return
    bump_version(conn)
    codes = sorted(spans)
    month = ok.c.tahun * 12 + ok.c.bulan - 1
    for start in range(0, len(codes), _BATCH):
        part = codes[start:start + _BATCH]
        lo = min(spans[p][0] for p in part)
        hi = max(spans[p][1] for p in part) + JENDELA_PEMAKAIAN - 1
        rows = read_rows(conn, part, lo - (JENDELA_PEMAKAIAN - 1), hi)
        summary = monthly_summary(item_status(rows))
        idx = month_index(summary["tahun"], summary["bulan"])
        first = summary["kode_puskesmas"].map({p: spans[p][0] for p in part})
        last = summary["kode_puskesmas"].map({p: spans[p][1] + JENDELA_PEMAKAIAN - 1 for p in part})
        summary = summary[(idx >= first) & (idx <= last)]
        for p in part:
            conn.execute(delete(ok).where(ok.c.kode_puskesmas == p, month.between(
                spans[p][0], spans[p][1] + JENDELA_PEMAKAIAN - 1)))
        copy_insert(conn, ok, summary)
    years = {y for lo, hi in spans.values() for y in range(lo // 12, (hi + JENDELA_PEMAKAIAN - 1) // 12 + 1)}
    kabupaten.refresh(conn, kabupaten.OBAT, codes, years)


def write_obat_names(conn: Connection, names: pd.DataFrame) -> int:
    """Store each (Puskesmas, item)'s latest name and unit; the number changed or added."""
    if names.empty:
        return 0
    names = names.drop_duplicates(["kode_puskesmas", "kode_obat"], keep="last")
    stored: dict[tuple[str, str], tuple[str, str]] = {}
    codes = sorted(set(names["kode_puskesmas"]))
    for start in range(0, len(codes), _BATCH):
        stmt = select(on.c.kode_puskesmas, on.c.kode_obat, on.c.nama_obat, on.c.satuan).where(
            on.c.kode_puskesmas.in_(codes[start:start + _BATCH]))
        stored.update({(p, k): (n, s) for p, k, n, s in conn.execute(stmt)})
    fresh = [r for r in names[["kode_puskesmas", "kode_obat", "nama_obat", "satuan"]].itertuples(index=False)
             if stored.get((r[0], r[1])) != (r[2], r[3])]
    if fresh:
        upsert(conn, on, [dict(zip(("kode_puskesmas", "kode_obat", "nama_obat", "satuan"), r)) for r in fresh],
               ["kode_puskesmas", "kode_obat"])
    return len(fresh)


def insert_obat(conn: Connection, rows: pd.DataFrame, names: pd.DataFrame) -> None:
    """Bulk-insert whole histories of new Puskesmas (the demo; kedaluwarsa_terdekat as ISO text
    or None): rows, names and their summary from the same formulas, without reading back."""
    dates = [date.fromisoformat(v) if isinstance(v, str) else None for v in rows["kedaluwarsa_terdekat"]]
    asked = rows["permintaan"].astype(object).where(rows["permintaan"].notna(), None)  # NULL, not 'NaN'
    copy_insert(conn, ob, rows.assign(kedaluwarsa_terdekat=dates, permintaan=asked))
    copy_insert(conn, on, names)
    copy_insert(conn, ok, monthly_summary(item_status(rows)))
    kabupaten.refresh(conn, kabupaten.OBAT, set(rows["kode_puskesmas"]), {int(y) for y in rows["tahun"].unique()})


# --- where an area's Puskesmas are -------------------------------------------------------------

def _in_area(column, scope: Scope, area: Area, *, scan: bool = False):
    """WHERE clause: the Puskesmas code in `column` belongs to `area` (a desa: its Puskesmas),
    inside the viewer's scope. scan=True: for a province's month range of obat_ringkas, tested row
    by row (`code || ''` keeps SQLite from probing its Puskesmas index once per Puskesmas, which
    costs twice the scan; a kabupaten's few dozen probes are the cheaper way)."""
    if scan and area.level in (Level.PROVINSI, Level.NASIONAL):
        column = column.concat("")
    if area.level in (Level.PUSKESMAS, Level.DESA):
        where = column == area.code_at(Level.PUSKESMAS)
    elif area.level == Level.KABUPATEN:
        where = column.in_(select(pkm_t.c.kode).where(pkm_t.c.kode_kabupaten == area.kode))
    elif area.level == Level.PROVINSI:
        where = column.in_(select(pkm_t.c.kode).join(kab_t, kab_t.c.kode == pkm_t.c.kode_kabupaten)
                           .where(kab_t.c.kode_provinsi == area.kode))
    else:
        where = true()
    if scope.level != Level.NASIONAL:
        where = and_(where, column.in_(select(schema.desa.c.kode_puskesmas).where(scope_filter(scope))))
    return where


@cached_by_version()
def obat_years(conn: Connection, scope: Scope, area: Area) -> tuple[int, ...]:
    """The years with an LPLPO in the area, in one statement (data_access.k1_kabupaten.years)."""
    return kabupaten.years(conn, scope, area, kabupaten.OBAT)


@cached_by_version()
def latest_month(conn: Connection, scope: Scope, area: Area, tahun: int | None = None) -> tuple[int, int] | None:
    """The latest (tahun, bulan) with an LPLPO in the area (within `tahun` when given)."""
    require_in_scope(scope, area)
    stmt = (select(ok.c.tahun, ok.c.bulan).where(_in_area(ok.c.kode_puskesmas, scope, area, scan=True))
            .order_by(ok.c.tahun.desc(), ok.c.bulan.desc()).limit(1))
    if tahun is not None:
        stmt = stmt.where(ok.c.tahun == tahun)
    row = conn.execute(stmt).first()
    return None if row is None else (int(row[0]), int(row[1]))


@cached_by_version()
def puskesmas_table(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int) -> pd.DataFrame:
    """One row per Puskesmas of the area (those without an LPLPO this month too: NaN counts),
    with its summary counts, `persen` (indicator share) and `memenuhi`, sorted by name."""
    require_in_scope(scope, area)
    stmt = (select(pkm_t.c.kode.label("kode_puskesmas"), pkm_t.c.nama.label("nama_puskesmas"),
                   pkm_t.c.kode_kabupaten, kab_t.c.nama.label("nama_kabupaten"), *[ok.c[c] for c in RINGKAS_KOLOM])
            .join(kab_t, kab_t.c.kode == pkm_t.c.kode_kabupaten)
            .outerjoin(ok, and_(ok.c.kode_puskesmas == pkm_t.c.kode, ok.c.tahun == tahun, ok.c.bulan == bulan))
            .where(_in_area(pkm_t.c.kode, scope, area))
            .order_by(kab_t.c.nama, pkm_t.c.nama))
    names = ["kode_puskesmas", "nama_puskesmas", "kode_kabupaten", "nama_kabupaten"]
    rows = driver_rows(conn, stmt, {})
    # built column by column (a kabupaten's few dozen rows: pandas' per-column conversions cost
    # more than the query); the counts as floats, NaN where the Puskesmas sent no LPLPO
    columns = list(zip(*rows)) if rows else [()] * (len(names) + len(RINGKAS_KOLOM))
    data = {c: list(v) for c, v in zip(names, columns)}
    for c, v in zip(RINGKAS_KOLOM, columns[len(names):]):
        data[c] = np.array([np.nan if x is None else x for x in v], dtype=np.float64)
    ind = data["indikator"]
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(ind > 0, data["indikator_tersedia"] / ind, np.nan)
    data["persen"] = share
    data["memenuhi"] = memenuhi_each(share)
    if not rows:
        data.update({c: pd.Series(dtype=object) for c in names})
    return pd.DataFrame(data)


def _numbers(table: pd.DataFrame, column: str) -> np.ndarray:
    return table[column].to_numpy(dtype=np.float64, na_value=np.nan)


def share_of_puskesmas(table: pd.DataFrame) -> Bagian:
    """The Puskesmas meeting the 80 % rule of those judged: counted over puskesmas_table's rows,
    or summed over kabupaten_table's."""
    if "dinilai" in table:
        return Bagian(int(np.nansum(_numbers(table, "memenuhi"))), int(np.nansum(_numbers(table, "dinilai"))))
    judged = ~np.isnan(_numbers(table, "persen"))
    return Bagian(sum(bool(v) for v in table["memenuhi"].to_numpy(dtype=object)[judged]), int(judged.sum()))


def area_totals(table: pd.DataFrame) -> dict[str, int]:
    """An area's month from puskesmas_table's rows or kabupaten_table's: its Puskesmas, those
    that reported, and the counts summed (kosong, kosong_indikator, the Puskesmas with an
    indicator item out of stock, kedaluwarsa, tidak_seimbang). On the columns' arrays: a
    kabupaten's few dozen rows cost less so than through pandas' own sums."""
    if "dinilai" in table:
        sums = {c: int(np.nansum(_numbers(table, c))) for c in ("puskesmas_melapor", "kosong", "kosong_indikator",
                                                              "puskesmas_kosong_indikator", "kedaluwarsa",
                                                              "tidak_seimbang")}
        return {"puskesmas": int(table["puskesmas"].sum()), **sums}
    reported = ~np.isnan(_numbers(table, "item"))

    def total(c: str) -> int:
        return int(_numbers(table, c)[reported].sum())

    return {"puskesmas": len(table), "puskesmas_melapor": int(reported.sum()), "kosong": total("kosong"),
            "kosong_indikator": total("kosong_indikator"),
            "puskesmas_kosong_indikator": int((_numbers(table, "kosong_indikator")[reported] > 0).sum()),
            "kedaluwarsa": total("kedaluwarsa"), "tidak_seimbang": total("tidak_seimbang")}


def dinkes_table(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int) -> pd.DataFrame:
    """What a Dinkes area's view reads: a province's (the country's) kabupaten_table, a
    kabupaten's puskesmas_table."""
    if kabupaten.compares_kabupaten(area):
        return kabupaten_table(conn, scope, area, tahun, bulan)
    return puskesmas_table(conn, scope, area, tahun, bulan)


KABUPATEN_COLUMNS = ["puskesmas_melapor", "dinilai", "memenuhi", "puskesmas_kosong_indikator", *RINGKAS_KOLOM]


@cached_by_version()
def kabupaten_table(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int) -> pd.DataFrame:
    """A province's kabupaten (the country's provinsi), one row each by name: kode, nama,
    puskesmas, KABUPATEN_COLUMNS summed over its Puskesmas' month (NaN: none reported), and
    `persen`, the share of its Puskesmas judged that meet the 80 % rule (a count over a count)."""
    frame = kabupaten.child_rows(conn, scope, area, kabupaten.OBAT, KABUPATEN_COLUMNS, tahun=tahun, bulan=bulan)
    judged = frame["dinilai"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        frame["persen"] = np.where(judged > 0, frame["memenuhi"].to_numpy() / judged, np.nan)
    return frame


@cached_by_version()
def trend(conn: Connection, scope: Scope, area: Area, tahun: int) -> pd.DataFrame:
    """Per month of `tahun` with an LPLPO: indicator items reported and tersedia (summed) and the
    Puskesmas judged and meeting the 80 % rule (counted in SQL, whole numbers)."""
    require_in_scope(scope, area)
    columns = ["bulan", "indikator", "indikator_tersedia", "dinilai", "memenuhi"]
    if area.level in (Level.NASIONAL, Level.PROVINSI, Level.KABUPATEN):  # from its kabupaten's sums (whole numbers)
        rows = kabupaten.summed(conn, scope, area, kabupaten.OBAT, columns[1:], by=("bulan",), tahun=tahun)
        return pd.DataFrame(rows, columns=columns).astype(dict.fromkeys(columns, "int64"))
    judged = ok.c.indikator > 0
    meets = and_(judged, ok.c.indikator_tersedia * 100 >= _MIN_PERSEN * ok.c.indikator)
    stmt = (select(ok.c.bulan, func.sum(ok.c.indikator), func.sum(ok.c.indikator_tersedia),
                   func.sum(case((judged, 1), else_=0)), func.sum(case((meets, 1), else_=0)))
            .where(ok.c.tahun == tahun, _in_area(ok.c.kode_puskesmas, scope, area, scan=True))
            .group_by(ok.c.bulan).order_by(ok.c.bulan))
    frame = pd.DataFrame(conn.execute(stmt).all(),
                         columns=["bulan", "indikator", "indikator_tersedia", "dinilai", "memenuhi"])
    return frame.astype(dict.fromkeys(frame.columns, "int64"))


@cached_by_version()
def item_detail(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int) -> pd.DataFrame:
    """The items of one Puskesmas (a desa: its Puskesmas) in one month with the formulas'
    columns (indicators.k1_obat.item_status) and their names; indicator items first."""
    require_in_scope(scope, area)
    kode = area.code_at(Level.PUSKESMAS)
    if kode is None:
        raise ValueError("item_detail needs a Puskesmas or a desa")
    i = month_index(tahun, bulan)
    rows = read_rows(conn, [kode], i - (JENDELA_PEMAKAIAN - 1), i)
    out = item_status(rows, month=(tahun, bulan))
    names = {k: (n, u) for k, n, u in driver_rows(conn, select(on.c.kode_obat, on.c.nama_obat, on.c.satuan)
                                                   .where(on.c.kode_puskesmas == bindparam("kode")), {"kode": kode})}
    codes = out["kode_obat"].tolist()
    nama = [names.get(c, (c, ""))[0] for c in codes]
    out = out.assign(nama_obat=nama, satuan=[names.get(c, (c, ""))[1] for c in codes])
    order = np.lexsort((np.array(nama, dtype=object).astype(str), ~out["indikator"].to_numpy(dtype=bool)))
    return out.iloc[order].reset_index(drop=True)


# --- the page's summary row ---------------------------------------------------------------------

@dataclass(frozen=True)
class _Month:
    tahun: int
    bulan: int

    @property
    def text(self) -> str:
        return f"{BULAN[self.bulan - 1]} {self.tahun}"


def ringkasan(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int | None) -> list[Ringkasan]:
    """The Klaster 1 summary row's medicine figures: at a Puskesmas (a desa: its Puskesmas) the
    indicator medicines available and the stock-outs; above it the Puskesmas meeting the 80 %
    rule and the stock-outs summed."""
    month = (tahun, bulan) if bulan else latest_month(conn, scope, area, tahun)
    if month is None:
        return [Ringkasan("Obat indikator tersedia", fmt.NO_DATA, f"belum ada LPLPO tahun {tahun}")]
    when = _Month(*month)
    table = dinkes_table(conn, scope, area, *month)
    totals = area_totals(table)
    if not totals["puskesmas_melapor"]:
        return [Ringkasan("Obat indikator tersedia", fmt.NO_DATA, f"belum ada LPLPO {when.text}")]
    stock = Ringkasan("Kekosongan obat", f"{fmt.angka(totals['kosong'])} item",
                      f"{when.text}; {fmt.angka(totals['kosong_indikator'])} di antaranya obat indikator",
                      JELEK if totals["kosong_indikator"] > 0 else None)
    if area.level in (Level.PUSKESMAS, Level.DESA):
        row = table[table["item"].notna()].iloc[0]
        share = ketersediaan(row["indikator_tersedia"], row["indikator"])
        value = (f"{fmt.angka(row['indikator_tersedia'])} dari {fmt.angka(row['indikator'])} ({fmt.persen(share)})"
                 if share is not None else fmt.NO_DATA)
        ok_ = memenuhi(share)
        return [Ringkasan("Obat indikator tersedia", value, f"{when.text}; standar ≥ {_MIN_PERSEN}%",
                          None if ok_ is None else BAIK if ok_ else JELEK), stock]
    share = share_of_puskesmas(table)
    value = (f"{fmt.angka(share.memenuhi)} dari {fmt.angka(share.dinilai)} ({fmt.persen(share.persen)})"
             if share.dinilai else fmt.NO_DATA)
    return [Ringkasan("Puskesmas dengan obat indikator ≥ 80%", value,
                      f"{when.text}; Puskesmas yang melaporkan obat indikator"), stock]



# --- the registers the PWS engine reads (Ketersediaan obat indikator) --------------------------

OBAT_REGISTERS = ("obat_indikator_tersedia", "obat_indikator_dilaporkan")


def refresh_obat_registers(conn: Connection, puskesmas: Iterable[str], years: Iterable[int]) -> None:
    """The Puskesmas-level registers of these Puskesmas and years from obat_ringkas (the same
    counts as indicators.k1_obat.obat_registers on the rows): indicator items reported and in
    stock per month, so that the PWS panel and the scorecard show 'Ketersediaan obat indikator'.
    Call after refresh_obat_summary, in the same transaction."""
    from data_access.store import replace_puskesmas_registers

    r = schema.obat_ringkas
    puskesmas, years = sorted(set(puskesmas)), sorted({int(y) for y in years})
    rows = []
    for start in range(0, len(puskesmas), 2000):
        rows += conn.execute(select(r.c.kode_puskesmas, r.c.tahun, r.c.bulan, r.c.indikator_tersedia, r.c.indikator)
                             .where(r.c.tahun.in_(years),
                                    r.c.kode_puskesmas.in_(puskesmas[start:start + 2000]))).all()
    frame = pd.DataFrame([(p, int(y), int(m), code, int(v)) for p, y, m, tersedia, dilaporkan in rows
                          for code, v in zip(OBAT_REGISTERS, (tersedia, dilaporkan))],
                         columns=["kode_puskesmas", "tahun", "bulan", "indikator", "nilai"])
    replace_puskesmas_registers(conn, frame, OBAT_REGISTERS, puskesmas, years)
