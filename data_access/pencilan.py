"""Outliers and validation rules (issue 16): the desa-level hits kept current in the import's
transaction (refresh_pencilan), the hits of an area read with their marks, and the marks
"sudah dicek: benar" a pengelola data sets and undoes (scoped, attributed, audited).

The rules are indicators.validasi's; the stock rule reads obat_ringkas.tidak_seimbang, the
count indicators.k1_obat's balance check wrote when the LPLPO was imported (not recomputed
here). Every read takes the viewer's scope and refuses an area outside it."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime

import numpy as np
import pandas as pd
from sqlalchemy import (
    Connection,
    Float,
    String,
    and_,
    cast,
    delete,
    false,
    func,
    literal,
    or_,
    select,
    tuple_,
    union_all,
)

from data_access import schema
from data_access.db import bulk_insert, bump_version, driver_rows, member_of, upsert
from data_access.users import Event, audit
from data_access.wilayah import DESA_KEY, desa_filter, scope_filter
from domain.access import AccessDenied, Role, Viewer
from domain.codes import Level
from domain.wilayah import Area, Scope, require_in_scope
from indicators import format as fmt
from indicators.klaster1 import Ringkasan
from indicators.pws import BAIK, BULAN, JELEK
from indicators.validasi import (
    ATURAN_BY_CODE,
    DESA_REGISTERS,
    STOK,
    STOK_KODE,
    HitKey,
    cube,
    desa_hits,
    keparahan,
    what_label,
)

pc, tanda, d_t, pk_t = schema.pencilan, schema.pencilan_tanda, schema.desa, schema.puskesmas
_BATCH = 300  # desa judged at once by a refresh (a province: 20 batches)

BELUM, SUDAH = "belum dicek", "sudah dicek"
HIT_COLUMNS = ["tingkat", "kode_wilayah", "nama_wilayah", "kode_puskesmas", "nama_puskesmas", "tahun", "bulan",
               "aturan", "kode", "nilai", "batas_bawah", "batas_atas", "status", "dicek_oleh", "dicek_waktu",
               "catatan", "keparahan"]
LONG_COLUMNS = ["kode_wilayah", "nama_wilayah", "register", "tahun", "bulan", "nilai", "batas_bawah", "batas_atas",
                "aturan", "status", "tingkat", "kode_puskesmas", "keterangan"]


# --- writing the hits (in the import's transaction) ---------------------------------------------

def refresh_pencilan(conn: Connection, years: Iterable[int] | None, desa: Iterable[str] | None = None) -> None:
    """Re-judge the desa-level rules for these years and the year after each (their history
    reaches back a year), for these desa (all when None), in the caller's transaction: their
    hits are deleted and written again. years None: every year with layanan."""
    if years is None:
        judged = sorted(int(y) for y in conn.execute(select(schema.layanan.c.tahun).distinct()).scalars())
    else:
        judged = sorted({int(y) for y in years} | {int(y) + 1 for y in years})
    if not judged:
        return
    codes = (sorted(set(desa)) if desa is not None
             else list(conn.execute(select(d_t.c.kode).order_by(d_t.c.kode)).scalars()))
    lay, sas = schema.layanan, schema.sasaran
    read_lay = select(lay.c.kode_desa, lay.c.tahun, lay.c.bulan, lay.c.indikator, lay.c.nilai).where(
        member_of(conn, lay.c.kode_desa, "desa"), lay.c.tahun.between(judged[0] - 1, judged[-1]))
    read_sas = select(sas.c.kode_desa, sas.c.tahun, sas.c.sasaran, sas.c.jumlah).where(
        member_of(conn, sas.c.kode_desa, "desa"), sas.c.tahun.between(judged[0] - 1, judged[-1]))
    gone = delete(pc).where(pc.c.tahun.in_(judged))
    if desa is None:
        conn.execute(gone)
    else:
        gone = gone.where(member_of(conn, pc.c.kode_desa, "desa"))
        for start in range(0, len(codes), _BATCH):
            conn.execute(gone, {"desa": codes[start:start + _BATCH]})
    bump_version(conn)
    for start in range(0, len(codes), _BATCH):
        part = {"desa": codes[start:start + _BATCH]}
        layanan = pd.DataFrame(driver_rows(conn, read_lay, part),
                               columns=["kode_desa", "tahun", "bulan", "indikator", "nilai"])
        sasaran = pd.DataFrame(driver_rows(conn, read_sas, part), columns=["kode_desa", "tahun", "sasaran", "jumlah"])
        if layanan.empty:
            continue
        for c in ("tahun", "bulan"):
            layanan[c] = layanan[c].astype(np.int64)
        sasaran["tahun"] = sasaran["tahun"].astype(np.int64)
        sasaran["jumlah"] = sasaran["jumlah"].astype(float)
        found = desa_hits(cube(layanan, sasaran, judged[0] - 1, judged[-1], DESA_REGISTERS), tuple(judged))
        if len(found):
            found = found.astype({"tahun": np.int64, "bulan": np.int64})
            found["keparahan"] = keparahan(found["nilai"], found["batas_bawah"], found["batas_atas"])
            found = found.astype(object).where(found.notna(), None)
            bulk_insert(conn, pc, found)
    refresh_counts(conn, judged, None if desa is None else codes)


_COUNT_LEVELS = (Level.PUSKESMAS, Level.KABUPATEN, Level.PROVINSI)


def refresh_counts(conn: Connection, years: Iterable[int] | None = None, desa: Iterable[str] | None = None) -> None:
    """Rewrite pencilan_wilayah (the hits counted per Puskesmas, kabupaten and provinsi, month and
    rule) for the areas holding these desa (all when None) and these years (all when None), from
    the hits stored, in the caller's transaction: refresh_pencilan calls it after writing the
    hits, a wilayah import (a desa may have moved) for everything."""
    pw = schema.pencilan_wilayah
    judged = None if years is None else sorted({int(y) for y in years})
    affected: dict[Level, list[str]] | None = None
    if desa is not None:
        codes = sorted(set(desa))
        found: set[tuple] = set()
        stmt = select(d_t.c.kode_puskesmas, d_t.c.kode_kabupaten, d_t.c.kode_provinsi).distinct().where(
            member_of(conn, d_t.c.kode, "desa"))
        for start in range(0, len(codes), _BATCH):
            found.update(conn.execute(stmt, {"desa": codes[start:start + _BATCH]}).all())
        affected = {level: sorted({row[i] for row in found}) for i, level in enumerate(_COUNT_LEVELS)}
    columns = ["tingkat", "kode", "tahun", "bulan", "aturan", "jumlah"]
    for level in _COUNT_LEVELS:
        gone = delete(pw).where(pw.c.tingkat == level.value)
        if level == Level.PUSKESMAS:  # from the hits themselves
            key = d_t.c.kode_puskesmas
            counted = (select(literal(level.value, String), key, pc.c.tahun, pc.c.bulan, pc.c.aturan, func.count())
                       .select_from(pc.join(d_t, d_t.c.kode == pc.c.kode_desa)))
            year = pc.c.tahun
            group = (key, pc.c.tahun, pc.c.bulan, pc.c.aturan)
        else:  # the level below summed: a province's count never reads its 160,000 hits again
            parent = pk_t if level == Level.KABUPATEN else schema.kabupaten
            key = parent.c.kode_kabupaten if level == Level.KABUPATEN else parent.c.kode_provinsi
            below = Level.PUSKESMAS if level == Level.KABUPATEN else Level.KABUPATEN
            sub = pw.alias("bawah")
            counted = (select(literal(level.value, String), key, sub.c.tahun, sub.c.bulan, sub.c.aturan,
                              func.sum(sub.c.jumlah))
                       .select_from(sub.join(parent, parent.c.kode == sub.c.kode))
                       .where(sub.c.tingkat == below.value))
            year = sub.c.tahun
            group = (key, sub.c.tahun, sub.c.bulan, sub.c.aturan)
        if judged is not None:
            gone = gone.where(pw.c.tahun.in_(judged))
            counted = counted.where(year.in_(judged))
        counted = counted.group_by(*group)
        if affected is None:
            conn.execute(gone)
            conn.execute(pw.insert().from_select(columns, counted))
            continue
        for start in range(0, len(affected[level]), _BATCH):
            part = {"kode": affected[level][start:start + _BATCH]}
            conn.execute(gone.where(member_of(conn, pw.c.kode, "kode")), part)
            conn.execute(pw.insert().from_select(columns, counted.where(member_of(conn, key, "kode"))), part)


# --- reading -------------------------------------------------------------------------------------

def _months(table, lo: int, hi: int):
    """WHERE clause: the months lo..hi (tahun × 12 + bulan − 1) of a table with tahun and bulan."""
    return and_(table.c.tahun.between(lo // 12, hi // 12), (table.c.tahun * 12 + table.c.bulan).between(lo + 1, hi + 1))


def _puskesmas_in(scope: Scope, area: Area):
    """The Puskesmas codes inside the scope and the area (a desa holds none of its own)."""
    return select(d_t.c.kode_puskesmas).where(scope_filter(scope, area), desa_filter(area))


def _hit_rows(scope: Scope, area: Area, lo: int, hi: int, *, aturan: str | None = None,
              at_least: float | None = None):
    """The area's hits in months lo..hi as one subquery (the desa's from `pencilan`; at a Puskesmas
    and above its Puskesmas' stock from obat_ringkas) with the columns of HIT_COLUMNS[:12] and
    keparahan (stored with a desa hit; a stock hit's is its count of unbalanced items: (n − 0) ÷ 1);
    of one rule, and at least that keparahan, when given."""
    desa = (select(literal(Level.DESA.value, String).label("tingkat"), pc.c.kode_desa.label("kode_wilayah"),
                   d_t.c.nama.label("nama_wilayah"), d_t.c.kode_puskesmas.label("kode_puskesmas"),
                   pk_t.c.nama.label("nama_puskesmas"), pc.c.tahun, pc.c.bulan, pc.c.aturan, pc.c.kode, pc.c.nilai,
                   pc.c.batas_bawah, pc.c.batas_atas, pc.c.keparahan)
            .select_from(d_t.join(pc, pc.c.kode_desa == d_t.c.kode).join(pk_t, pk_t.c.kode == d_t.c.kode_puskesmas))
            .where(scope_filter(scope, area), desa_filter(area), _months(pc, lo, hi)))
    if aturan is not None:
        desa = desa.where(pc.c.aturan == aturan)
    if at_least is not None:
        desa = desa.where(pc.c.keparahan >= at_least)
    if area.level == Level.DESA:
        return desa.subquery("hit")
    ok = schema.obat_ringkas
    zero = literal(0.0, Float)
    count = cast(ok.c.tidak_seimbang, Float)
    stock = (select(literal(Level.PUSKESMAS.value, String), ok.c.kode_puskesmas, pk_t.c.nama, ok.c.kode_puskesmas,
                    pk_t.c.nama, ok.c.tahun, ok.c.bulan, literal(STOK.code, String), literal(STOK_KODE, String),
                    count, zero, zero, count)
             .join(pk_t, pk_t.c.kode == ok.c.kode_puskesmas)
             .where(_stock_hits(scope, area, lo, hi)))
    if aturan is not None and aturan != STOK.code:
        stock = stock.where(false())
    if at_least is not None:
        stock = stock.where(count >= at_least)
    return union_all(desa, stock).subquery("hit")


def _threshold(conn: Connection, scope: Scope, area: Area, lo: int, hi: int, aturan: str | None,
               n: int) -> float | None:
    """The keparahan of the n-th farthest hit of the area (None: it has n hits or fewer). Every hit
    of the first n in the list's order has at least this keparahan, so the list reads only those
    (a kabupaten's first hundred of 15,000 hits; pencilan's keparahan is indexed)."""
    desa = (select(pc.c.keparahan).select_from(pc.join(d_t, d_t.c.kode == pc.c.kode_desa))
            .where(scope_filter(scope, area), desa_filter(area), _months(pc, lo, hi))
            .order_by(pc.c.keparahan.desc()).limit(n))
    if aturan is not None:
        desa = desa.where(pc.c.aturan == aturan)
    values = [float(v) for v in conn.execute(desa).scalars()]
    if area.level != Level.DESA and aturan in (None, STOK.code):
        ok = schema.obat_ringkas
        stock = (select(ok.c.tidak_seimbang).where(_stock_hits(scope, area, lo, hi))
                 .order_by(ok.c.tidak_seimbang.desc()).limit(n))
        values += [float(v) for v in conn.execute(stock).scalars()]
    if len(values) <= n:
        return None
    return sorted(values, reverse=True)[n - 1]


def _marks_holding(conn: Connection, scope: Scope, area: Area, lo: int, hi: int) -> pd.DataFrame:
    """The area's hits in months lo..hi whose mark still holds (same key, same value), with the
    mark: the area's marks first (a handful), then their hits by primary key, never a probe per hit."""
    inside_desa = select(d_t.c.kode).where(scope_filter(scope, area), desa_filter(area))
    inside = or_(and_(tanda.c.tingkat == Level.DESA.value, tanda.c.kode_wilayah.in_(inside_desa)),
                 and_(tanda.c.tingkat == Level.PUSKESMAS.value, area.level != Level.DESA,
                      tanda.c.kode_wilayah.in_(_puskesmas_in(scope, area))))
    marks = conn.execute(select(tanda).where(inside, _months(tanda, lo, hi))).mappings().all()
    if not marks:
        return _frame([])
    rows = []
    desa_keys = [(m["kode_wilayah"], m["tahun"], m["bulan"], m["aturan"], m["kode"]) for m in marks
                 if m["tingkat"] == Level.DESA.value]
    if desa_keys:
        stmt = (select(literal(Level.DESA.value, String), pc.c.kode_desa, d_t.c.nama, d_t.c.kode_puskesmas, pk_t.c.nama,
                       pc.c.tahun, pc.c.bulan, pc.c.aturan, pc.c.kode, pc.c.nilai, pc.c.batas_bawah, pc.c.batas_atas)
                .select_from(pc.join(d_t, d_t.c.kode == pc.c.kode_desa).join(pk_t, pk_t.c.kode == d_t.c.kode_puskesmas))
                .where(tuple_(pc.c.kode_desa, pc.c.tahun, pc.c.bulan, pc.c.aturan, pc.c.kode).in_(desa_keys)))
        rows += conn.execute(stmt).all()
    stock_keys = [(m["kode_wilayah"], m["tahun"], m["bulan"]) for m in marks
                  if m["tingkat"] == Level.PUSKESMAS.value and m["aturan"] == STOK.code]
    if stock_keys:
        ok = schema.obat_ringkas
        stmt = (select(literal(Level.PUSKESMAS.value, String), ok.c.kode_puskesmas, pk_t.c.nama, ok.c.kode_puskesmas,
                       pk_t.c.nama, ok.c.tahun, ok.c.bulan, literal(STOK.code, String), literal(STOK_KODE, String),
                       ok.c.tidak_seimbang, literal(0.0, Float), literal(0.0, Float))
                .join(pk_t, pk_t.c.kode == ok.c.kode_puskesmas)
                .where(ok.c.tidak_seimbang > 0, tuple_(ok.c.kode_puskesmas, ok.c.tahun, ok.c.bulan).in_(stock_keys)))
        rows += conn.execute(stmt).all()
    by_key = {(m["tingkat"], m["kode_wilayah"], m["tahun"], m["bulan"], m["aturan"], m["kode"]): m for m in marks}
    out = []
    for r in rows:
        m = by_key.get((r[0], r[1], int(r[5]), int(r[6]), r[7], r[8]))
        if m is not None and float(m["nilai"]) == float(r[9]):
            bawah, atas = (None if v is None else float(v) for v in r[10:12])
            out.append((*r, SUDAH, m["oleh"], m["waktu"], m["catatan"],
                        float(keparahan(float(r[9]), bawah if bawah is not None else np.nan,
                                        atas if atas is not None else np.nan))))
    frame = _frame(out)
    return frame.sort_values(["keparahan", "tahun", "bulan", "nama_puskesmas", "nama_wilayah", "aturan", "kode"],
                             ascending=[False, False, False, True, True, True, True], kind="stable")


_INTS, _FLOATS = ("tahun", "bulan"), ("nilai", "batas_bawah", "batas_atas", "keparahan")


def _frame(rows) -> pd.DataFrame:
    # one numpy array per column (object for text: pandas' string inference and a per-column
    # astype cost more than the query for a hundred rows)
    rows = [tuple(r) for r in rows]
    values = list(zip(*rows)) if rows else [()] * len(HIT_COLUMNS)
    columns = {}
    for name, column in zip(HIT_COLUMNS, values, strict=True):
        if name in _INTS:
            columns[name] = np.array(column, dtype=np.int64)
        elif name in _FLOATS:
            columns[name] = np.array([np.nan if v is None else v for v in column], dtype=float)
        else:
            array = np.empty(len(column), dtype=object)
            array[:] = column
            columns[name] = pd.Series(array, dtype=object, copy=False)  # never inferred as str
    return pd.DataFrame(columns, copy=False)


def _period(dari: tuple[int, int], sampai: tuple[int, int]) -> tuple[int, int]:
    return dari[0] * 12 + dari[1] - 1, sampai[0] * 12 + sampai[1] - 1


def _stock_hits(scope: Scope, area: Area, lo: int, hi: int):
    """WHERE clause on obat_ringkas: the stock-rule hits of the area's Puskesmas in months lo..hi."""
    ok = schema.obat_ringkas
    return and_(ok.c.kode_puskesmas.in_(_puskesmas_in(scope, area)), ok.c.tidak_seimbang > 0, _months(ok, lo, hi))


def _totals(conn: Connection, scope: Scope, area: Area, lo: int, hi: int) -> dict[str, int]:
    """{aturan: hits} of the area in months lo..hi, marked or not (rules without hits left out):
    a desa's from its own hits, a larger area's from pencilan_wilayah (the counts stored with the
    hits), the stock rule from obat_ringkas. The area is inside the scope (checked by the caller),
    so all of its hits are."""
    pw = schema.pencilan_wilayah
    if area.level == Level.DESA:
        stmt = (select(pc.c.aturan, func.count()).where(pc.c.kode_desa == area.kode, _months(pc, lo, hi))
                .group_by(pc.c.aturan))
        return {a: int(n) for a, n in conn.execute(stmt).all()}
    where = [_months(pw, lo, hi)]
    if area.level == Level.NASIONAL:
        where.append(pw.c.tingkat == Level.PROVINSI.value)
        if scope.level != Level.NASIONAL:  # never wider than the scope (require_in_scope refuses it anyway)
            where.append(pw.c.kode == scope.kode)
    else:
        where += [pw.c.tingkat == area.level.value, pw.c.kode == area.kode]
    total = {a: int(n) for a, n in conn.execute(
        select(pw.c.aturan, func.sum(pw.c.jumlah)).where(*where).group_by(pw.c.aturan)).all() if n}
    stock = conn.execute(select(func.count()).select_from(schema.obat_ringkas)
                         .where(_stock_hits(scope, area, lo, hi))).scalar()
    if stock:
        total[STOK.code] = total.get(STOK.code, 0) + int(stock)
    return total


def _counts(conn: Connection, scope: Scope, area: Area, lo: int, hi: int,
            marked: pd.DataFrame) -> dict[str, tuple[int, int]]:
    total = _totals(conn, scope, area, lo, hi)
    checked = marked["aturan"].value_counts().to_dict()
    return {a: (int(n) - int(checked.get(a, 0)), int(checked.get(a, 0))) for a, n in total.items()}


def _open(conn: Connection, scope: Scope, area: Area, lo: int, hi: int, marked: pd.DataFrame,
          aturan: str | None, limit: int | None) -> pd.DataFrame:
    """The hits not marked, farthest first: the first `limit` + marked ones read (only those at
    least as far as the last of them: _threshold), the marked taken out."""
    at_least = None if limit is None else _threshold(conn, scope, area, lo, hi, aturan, limit + len(marked))
    h = _hit_rows(scope, area, lo, hi, aturan=aturan, at_least=at_least)
    stmt = (select(*[h.c[c] for c in HIT_COLUMNS[:12]], literal(BELUM, String), literal(None), literal(None),
                   literal(None), h.c.keparahan)
            .order_by(h.c.keparahan.desc(), h.c.tahun.desc(), h.c.bulan.desc(), h.c.nama_puskesmas,
                      h.c.nama_wilayah, h.c.aturan, h.c.kode))
    if limit is not None:
        stmt = stmt.limit(limit + len(marked))
    found = _frame(conn.execute(stmt).all())
    if len(marked):
        key = ["tingkat", "kode_wilayah", "tahun", "bulan", "aturan", "kode"]
        is_marked = found[key].merge(marked[key].assign(_m=True), on=key, how="left")["_m"].notna().to_numpy()
        found = found[~is_marked]
    return (found.head(limit) if limit is not None else found).reset_index(drop=True)


def hit_counts(conn: Connection, scope: Scope, area: Area, dari: tuple[int, int],
               sampai: tuple[int, int]) -> dict[str, tuple[int, int]]:
    """{aturan: (belum dicek, sudah dicek)} of the area's hits in dari..sampai (rules without
    hits left out): one grouped count of the hits, less the marks that still hold."""
    require_in_scope(scope, area)
    lo, hi = _period(dari, sampai)
    return _counts(conn, scope, area, lo, hi, _marks_holding(conn, scope, area, lo, hi))


def overview(conn: Connection, scope: Scope, area: Area, dari: tuple[int, int], sampai: tuple[int, int], *,
             aturan: str | None = None, limit: int = 100):
    """What the section shows, in one pass over the area's hits for the counts and one for the
    list: ({aturan: (belum, sudah)}, the first `limit` hits not yet checked (of rule `aturan`
    when given), farthest first, the checked ones (of that rule))."""
    require_in_scope(scope, area)
    lo, hi = _period(dari, sampai)
    marked = _marks_holding(conn, scope, area, lo, hi)
    counts = _counts(conn, scope, area, lo, hi, marked)
    if not counts:
        return counts, _frame([]), _frame([])
    chosen = marked if aturan is None else marked[marked["aturan"] == aturan]
    return counts, _open(conn, scope, area, lo, hi, marked, aturan, limit), chosen.head(limit).reset_index(drop=True)


def hits(conn: Connection, scope: Scope, area: Area, dari: tuple[int, int], sampai: tuple[int, int], *,
         status: str | None = None, aturan: str | None = None, limit: int | None = None) -> pd.DataFrame:
    """The hits of the area (its desa; at a Puskesmas and above, its Puskesmas' stock too) in the
    months dari..sampai ((tahun, bulan), both included), with their mark when the mark's value is
    still the hit's (status 'sudah dicek'), else 'belum dicek'; only one status or one rule when
    given; the farthest outside its range first (keparahan), then the newest month, then by name;
    the first `limit`. Refuses an area outside the scope."""
    require_in_scope(scope, area)
    lo, hi = _period(dari, sampai)
    marked = _marks_holding(conn, scope, area, lo, hi)
    if aturan is not None:
        marked = marked[marked["aturan"] == aturan]
    if status == SUDAH:
        return (marked.head(limit) if limit is not None else marked).reset_index(drop=True)
    found = _open(conn, scope, area, lo, hi, marked, aturan, None if status is None else limit)
    if status is None and len(marked):
        found = pd.concat([found, marked]).sort_values(
            ["keparahan", "tahun", "bulan", "nama_puskesmas", "nama_wilayah", "aturan", "kode"],
            ascending=[False, False, False, True, True, True, True], kind="stable")
    return (found.head(limit) if limit is not None else found).reset_index(drop=True)


def open_outliers(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int | None = None,
                  *, open_only: bool = True) -> pd.DataFrame:
    """The hits of the area in Jan..bulan of `tahun` (the whole year when None) in long form,
    one row per hit: kode_wilayah, nama_wilayah (a desa, or a Puskesmas for the stock rule),
    register (the register, indicator or '<kaskade>.<step>' code), tahun, bulan, nilai,
    batas_bawah, batas_atas (the range the rule expected), aturan (indicators.validasi code),
    status ('belum dicek' | 'sudah dicek'), then tingkat, kode_puskesmas and keterangan (what the
    hit is about, in words). open_only: without those marked 'sudah dicek'. For the data-quality
    score and `cli.py export kualitas`."""
    found = hits(conn, scope, area, (tahun, 1), (tahun, bulan or 12), status=BELUM if open_only else None)
    out = found.rename(columns={"kode": "register"})
    out["keterangan"] = [what_label(a, k) for a, k in zip(out["aturan"], out["register"], strict=True)]
    return out[LONG_COLUMNS].reset_index(drop=True)


def _level_of(conn: Connection, tingkat: list[str], kode_wilayah: list[str], level: Level) -> list[str | None]:
    """The code at `level` of each hit's place (a desa; a Puskesmas for the stock rule, which
    belongs to no desa: None at desa level)."""
    desa_codes = sorted({k for t, k in zip(tingkat, kode_wilayah) if t == Level.DESA.value})
    pkm_codes = sorted({k for t, k in zip(tingkat, kode_wilayah) if t != Level.DESA.value})
    of_desa = dict(conn.execute(select(d_t.c.kode, DESA_KEY[level]).where(d_t.c.kode.in_(desa_codes))).all()) \
        if desa_codes else {}
    of_pkm = _puskesmas_at(conn, pkm_codes, level)
    return [of_desa.get(k) if t == Level.DESA.value else of_pkm.get(k) for t, k in zip(tingkat, kode_wilayah)]


def _puskesmas_at(conn: Connection, codes: list[str], level: Level) -> dict[str, str]:
    """{kode_puskesmas: its code at `level`} (nothing at desa level)."""
    if not codes or level == Level.DESA:
        return {}
    found = conn.execute(select(pk_t.c.kode, pk_t.c.kode_kabupaten).where(pk_t.c.kode.in_(codes))).all()
    return {kode: {Level.PUSKESMAS: kode, Level.KABUPATEN: kab}.get(level, kab.split(".")[0]) for kode, kab in found}


def open_by_area(conn: Connection, scope: Scope, area: Area, level: Level, tahun: int,
                 bulan: int | None = None) -> tuple[Counter, int]:
    """The hits not yet checked in Jan..bulan of `tahun` (open_outliers' rows), counted per area of
    `level` inside `area` ({kode: n}; a stock hit belongs to no desa: counted in the total only at
    desa level), and in the whole area: sums of pencilan_wilayah (a desa's: of its hits) and of
    obat_ringkas, less the marks that still hold, never the hits themselves (the data-quality
    score of a kabupaten's 107 Puskesmas read 15,000 hits into Python)."""
    require_in_scope(scope, area)
    lo, hi = _period((tahun, 1), (tahun, bulan or 12))
    pw = schema.pencilan_wilayah
    key = DESA_KEY[level]
    inside = select(key).where(scope_filter(scope, area), desa_filter(area))
    if level == Level.DESA:
        stmt = (select(pc.c.kode_desa, func.count()).where(pc.c.kode_desa.in_(inside), _months(pc, lo, hi))
                .group_by(pc.c.kode_desa))
    else:  # every desa of an area of `level` inside `area` is inside it (and the scope)
        stmt = (select(pw.c.kode, func.sum(pw.c.jumlah))
                .where(pw.c.tingkat == level.value, pw.c.kode.in_(inside), _months(pw, lo, hi)).group_by(pw.c.kode))
    counts = Counter({k: int(n) for k, n in conn.execute(stmt).all() if n})
    total = sum(counts.values())
    if area.level != Level.DESA:
        ok = schema.obat_ringkas
        stock = dict(conn.execute(select(ok.c.kode_puskesmas, func.count()).where(_stock_hits(scope, area, lo, hi))
                                  .group_by(ok.c.kode_puskesmas)).all())
        total += sum(int(n) for n in stock.values())
        for kode, at in _puskesmas_at(conn, sorted(stock), level).items():
            counts[at] += int(stock[kode])
    marked = _marks_holding(conn, scope, area, lo, hi)
    total -= len(marked)
    for at in _level_of(conn, marked["tingkat"].tolist(), marked["kode_wilayah"].tolist(), level):
        if at is not None:
            counts[at] -= 1
    return +counts, total


def ringkasan(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int | None) -> list[Ringkasan]:
    """The Kualitas Data summary row's figure: the hits not yet checked in Jan..bulan of the year."""
    counts = hit_counts(conn, scope, area, (tahun, 1), (tahun, bulan or 12))
    terbuka = sum(b for b, _ in counts.values())
    dicek = sum(d for _, d in counts.values())
    period = f"Januari–{BULAN[(bulan or 12) - 1]} {tahun}"
    note = f"{period}; {fmt.angka(dicek)} sudah dicek benar" if dicek else period
    return [Ringkasan("Data janggal belum dicek", f"{fmt.angka(terbuka)} data", note, JELEK if terbuka else BAIK)]


# --- marks ---------------------------------------------------------------------------------------

REFUSED = ("Hanya pengelola data (atau admin) yang dapat menandai data janggal sudah dicek, untuk wilayahnya "
           "sendiri; Anda dapat membacanya.")
NOT_FOUND = "Data janggal itu tidak ditemukan di wilayah Anda (mungkin nilainya sudah berubah)."


def can_mark(viewer: Viewer | None) -> bool:
    """Whether the viewer may mark hits at all (inside their own scope): pengelola data or admin."""
    return viewer is not None and viewer.role.at_least(Role.PENGELOLA)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def find_hit(conn: Connection, scope: Scope, key: HitKey) -> dict | None:
    """The current hit of `key` when it exists inside the scope (its value as stored now), else None."""
    if key.tingkat == Level.DESA.value:
        stmt = (select(pc.c.nilai).join(d_t, d_t.c.kode == pc.c.kode_desa)
                .where(pc.c.kode_desa == key.kode_wilayah, pc.c.tahun == key.tahun, pc.c.bulan == key.bulan,
                       pc.c.aturan == key.aturan, pc.c.kode == key.kode, scope_filter(scope)))
    elif key.aturan == STOK.code and key.kode == STOK_KODE:
        ok = schema.obat_ringkas
        inside = select(d_t.c.kode_puskesmas).where(scope_filter(scope), d_t.c.kode_puskesmas == key.kode_wilayah)
        stmt = select(ok.c.tidak_seimbang).where(
            ok.c.kode_puskesmas == key.kode_wilayah, ok.c.tahun == key.tahun, ok.c.bulan == key.bulan,
            ok.c.tidak_seimbang > 0, ok.c.kode_puskesmas.in_(inside))
    else:
        return None
    value = conn.execute(stmt).scalar()
    return None if value is None else {"nilai": float(value)}


def _mark_inside(conn: Connection, scope: Scope, key: HitKey) -> bool:
    column = d_t.c.kode if key.tingkat == Level.DESA.value else d_t.c.kode_puskesmas
    found = conn.execute(select(column).where(column == key.kode_wilayah, scope_filter(scope)).limit(1)).first()
    return found is not None


def _where(key: HitKey):
    return and_(tanda.c.tingkat == key.tingkat, tanda.c.kode_wilayah == key.kode_wilayah, tanda.c.tahun == key.tahun,
                tanda.c.bulan == key.bulan, tanda.c.aturan == key.aturan, tanda.c.kode == key.kode)


def _describe(key: HitKey, nilai: float | None = None) -> str:
    when = f"{key.tahun}-{key.bulan:02d}"
    value = "" if nilai is None else f", nilai {nilai:g}"
    return (f"{ATURAN_BY_CODE[key.aturan].label}: {what_label(key.aturan, key.kode)}, {key.tingkat} "
            f"{key.kode_wilayah}, {when}{value}")


def mark_checked(conn: Connection, viewer: Viewer, key: HitKey, catatan: str = "") -> None:
    """Mark the hit "sudah dicek: benar" with its current value, attributed to the viewer, with an
    audit row in the same transaction. AccessDenied for a reader, and for a hit outside the
    viewer's scope or no longer there (nothing is written)."""
    if not can_mark(viewer):
        raise AccessDenied(REFUSED)
    hit = find_hit(conn, viewer.scope, key)
    if hit is None:
        raise AccessDenied(NOT_FOUND)
    upsert(conn, tanda, [{"tingkat": key.tingkat, "kode_wilayah": key.kode_wilayah, "tahun": key.tahun,
                          "bulan": key.bulan, "aturan": key.aturan, "kode": key.kode, "nilai": hit["nilai"],
                          "catatan": catatan, "oleh": viewer.label[:64], "waktu": _now()}],
           ["tingkat", "kode_wilayah", "tahun", "bulan", "aturan", "kode"])
    bump_version(conn)
    audit(conn, Event.PENCILAN, viewer=viewer,
          rincian=f"tandai sudah dicek: {_describe(key, hit['nilai'])}" + (f"; {catatan[:200]}" if catatan else ""))


def unmark(conn: Connection, viewer: Viewer, key: HitKey) -> None:
    """Undo a mark (the hit is flagged again), audited. AccessDenied as mark_checked."""
    if not can_mark(viewer):
        raise AccessDenied(REFUSED)
    if not _mark_inside(conn, viewer.scope, key):
        raise AccessDenied(NOT_FOUND)
    removed = conn.execute(delete(tanda).where(_where(key))).rowcount
    if not removed:
        raise AccessDenied(NOT_FOUND)
    bump_version(conn)
    audit(conn, Event.PENCILAN, viewer=viewer, rincian=f"batalkan tanda sudah dicek: {_describe(key)}")
