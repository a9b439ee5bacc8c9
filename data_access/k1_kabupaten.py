"""Klaster 1's sums per kabupaten/kota (sdm, obat, sarpras, kegiatan): written from each dataset's
per-Puskesmas summary in the import's transaction, and read by a province's view (one row per
kabupaten) or the country's (one row per provinsi, its kabupaten summed). Counts of Puskesmas
come from each Puskesmas' own row (meeting a rule, lacking a type); shares are computed by the
reader from the sums, never averaged."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Table, and_, case, delete, false, func, select, true

from data_access import schema
from domain.codes import Level
from domain.wilayah import Area, Scope, require_in_scope

pkm, kab, prov = schema.puskesmas, schema.kabupaten, schema.provinsi
_BATCH = 500


def _count(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


@dataclass(frozen=True)
class Spec:
    """One dataset's kabupaten table: its per-Puskesmas source, the keys besides the kabupaten,
    and each target column's expression over the source's rows of a kabupaten."""

    target: Table
    source: Table
    keys: tuple[str, ...]
    sums: Callable[[Table], dict]

    @property
    def columns(self) -> list[str]:
        return list(self.sums(self.source))


def _sdm(s: Table) -> dict:
    minimal = [s.c[f"tenaga_{c}"] for c in schema.SDM_MINIMAL]
    return {"puskesmas_melapor": func.count(), "tenaga_aktif": func.sum(s.c.tenaga_aktif),
            "lengkap": _count(and_(*[c > 0 for c in minimal])),
            **{f"kurang_{code}": _count(c == 0) for code, c in zip(schema.SDM_MINIMAL, minimal)}}


_MIN_PERSEN = 80  # indicators.k1_obat.KETERSEDIAAN_MIN in whole percent (as data_access.k1_obat)


def _obat(s: Table) -> dict:
    judged = s.c.indikator > 0
    return {"puskesmas_melapor": func.count(), "dinilai": _count(judged),
            "memenuhi": _count(and_(judged, s.c.indikator_tersedia * 100 >= _MIN_PERSEN * s.c.indikator)),
            "puskesmas_kosong_indikator": _count(s.c.kosong_indikator > 0),
            **{c: func.sum(s.c[c]) for c in ("item", "kosong", "kosong_indikator", "indikator",
                                             "indikator_tersedia", "kritis", "kedaluwarsa", "tidak_seimbang")}}


def _sarpras(s: Table) -> dict:
    return {"puskesmas_melapor": func.count(),
            **{c: func.sum(s.c[c]) for c in ("standar", "ada", "berfungsi", "unit_rusak_berat",
                                             "unit_rusak_ringan", "non_standar")},
            "puskesmas_rusak_berat": _count(s.c.unit_rusak_berat > 0)}


def _kegiatan(s: Table) -> dict:
    return {"puskesmas_melapor": func.count(),
            **{c: func.sum(s.c[c]) for c in ("rencana", "terlaksana", "anggaran_rencana", "anggaran_terlaksana",
                                             "selesai_bulan_ini")}}


SDM = Spec(schema.sdm_ringkasan_kabupaten, schema.sdm_ringkasan, (), _sdm)
OBAT = Spec(schema.obat_ringkas_kabupaten, schema.obat_ringkas, ("tahun", "bulan"), _obat)
SARPRAS = Spec(schema.sarpras_ringkas_kabupaten, schema.sarpras_ringkas, ("tahun",), _sarpras)
KEGIATAN = Spec(schema.kegiatan_ringkas_kabupaten, schema.kegiatan_ringkas, ("tahun", "bulan", "klaster"),
                _kegiatan)
SPECS = (SDM, OBAT, SARPRAS, KEGIATAN)


# --- writing -------------------------------------------------------------------------------------

def refresh_moved(conn: Connection, before: dict[str, str]) -> None:
    """After a wilayah import: re-sum every dataset's rows of the kabupaten that a Puskesmas
    left or joined; `before` is each Puskesmas' kabupaten before the import."""
    codes = sorted(before)
    after: dict[str, str] = {}
    for i in range(0, len(codes), _BATCH):
        after.update(conn.execute(select(pkm.c.kode, pkm.c.kode_kabupaten)
                                  .where(pkm.c.kode.in_(codes[i:i + _BATCH]))).all())
    changed = {k for p, old in before.items() if after.get(p) != old for k in (old, after.get(p)) if k}
    if changed:
        for spec in SPECS:
            refresh(conn, spec, kabupaten=changed)


def kabupaten_of(conn: Connection, puskesmas: Iterable[str]) -> list[str]:
    """The kabupaten/kota of these Puskesmas."""
    codes, found = sorted(set(puskesmas)), set()
    for i in range(0, len(codes), _BATCH):
        found.update(conn.execute(select(pkm.c.kode_kabupaten).distinct()
                                  .where(pkm.c.kode.in_(codes[i:i + _BATCH]))).scalars())
    return sorted(found)


def refresh(conn: Connection, spec: Spec, puskesmas: Iterable[str] | None = None,
            years: Iterable[int] | None = None, *, kabupaten: Iterable[str] | None = None) -> None:
    """Re-sum `spec`'s kabupaten rows, in the caller's transaction, for the kabupaten of these
    Puskesmas (or these `kabupaten`; every kabupaten when neither is given) and these years
    (every year when None; only for a source with tahun), from the per-Puskesmas summary
    already refreshed."""
    target, source = spec.target, spec.source
    sums = spec.sums(source)
    keys = [source.c[k] for k in spec.keys]
    chosen = (select(pkm.c.kode_kabupaten, *keys, *sums.values())
              .select_from(source.join(pkm, pkm.c.kode == source.c.kode_puskesmas))
              .group_by(pkm.c.kode_kabupaten, *keys))
    gone = delete(target)
    if years is not None:
        years = sorted({int(y) for y in years})
        chosen = chosen.where(source.c.tahun.in_(years))
        gone = gone.where(target.c.tahun.in_(years))
    columns = ["kode_kabupaten", *spec.keys, *sums]
    if puskesmas is None and kabupaten is None:
        conn.execute(gone)
        conn.execute(target.insert().from_select(columns, chosen))
        return
    codes = sorted(set(kabupaten)) if kabupaten is not None else kabupaten_of(conn, puskesmas)
    for i in range(0, len(codes), _BATCH):
        part = codes[i:i + _BATCH]
        conn.execute(gone.where(target.c.kode_kabupaten.in_(part)))
        conn.execute(target.insert().from_select(columns, chosen.where(pkm.c.kode_kabupaten.in_(part))))


# --- reading -------------------------------------------------------------------------------------

def compares_kabupaten(area: Area) -> bool:
    """Whether the area's view compares its kabupaten (a provinsi) or provinsi (the country)
    rather than its Puskesmas (a kabupaten) or one Puskesmas."""
    return area.level in (Level.PROVINSI, Level.NASIONAL)


def row_level(area: Area) -> Level:
    """What a row of the area's comparison is: kabupaten for a provinsi, provinsi for the country."""
    if area.level == Level.PROVINSI:
        return Level.KABUPATEN
    if area.level == Level.NASIONAL:
        return Level.PROVINSI
    raise ValueError(f"{area.level} tidak dibandingkan per kabupaten")


def _children(scope: Scope, area: Area):
    """(the child table, its key in the kabupaten table, WHERE on the kabupaten table): the
    kabupaten of a provinsi, or every kabupaten grouped by provinsi. Refuses an area outside
    the scope; a provinsi viewer's rows are bounded by its provinsi as well."""
    require_in_scope(scope, area)
    row_level(area)
    where = [kab.c.kode_provinsi == area.kode] if area.level == Level.PROVINSI else []
    if scope.level == Level.PROVINSI:
        where.append(kab.c.kode_provinsi == scope.kode)
    elif scope.level != Level.NASIONAL:  # refused above already: a smaller scope never has a province
        where.append(false())
    if area.level == Level.PROVINSI:
        return kab, kab.c.kode, and_(true(), *where)
    return prov, kab.c.kode_provinsi, and_(true(), *where)


def parents(conn: Connection, scope: Scope, area: Area) -> dict[str, str]:
    """The Puskesmas of a provinsi area (of the country) → the kabupaten (provinsi) whose row
    counts them."""
    _child, key, where = _children(scope, area)
    stmt = select(pkm.c.kode, key).select_from(pkm.join(kab, kab.c.kode == pkm.c.kode_kabupaten)).where(where)
    return dict(conn.execute(stmt).all())


def child_sums(conn: Connection, scope: Scope, area: Area, spec: Spec, columns: list[str], **keys) -> list[tuple]:
    """One tuple per kabupaten of a provinsi area (per provinsi of the country) that has
    Puskesmas, by name: (kode, nama, puskesmas (how many it has), *`columns` of `spec`'s table
    summed over its rows matching `keys`: None where none of its Puskesmas reported). One
    statement: the Puskesmas counted and the rows summed per child, joined to the child's name."""
    child, key, where = _children(scope, area)
    t = spec.target
    counted = (select(key.label("kode"), func.count().label("puskesmas"))
               .select_from(pkm.join(kab, kab.c.kode == pkm.c.kode_kabupaten)).where(where).group_by(key)
               .subquery("dihitung"))
    summed = (select(key.label("kode"), *[func.sum(t.c[c]).label(f"s{i}") for i, c in enumerate(columns)])
              .select_from(t.join(kab, kab.c.kode == t.c.kode_kabupaten))
              .where(where, *[t.c[k] == v for k, v in keys.items()]).group_by(key).subquery("dijumlah"))
    stmt = (select(child.c.kode, child.c.nama, counted.c.puskesmas, *[summed.c[f"s{i}"] for i in range(len(columns))])
            .select_from(child.join(counted, counted.c.kode == child.c.kode)
                         .outerjoin(summed, summed.c.kode == child.c.kode))
            .order_by(child.c.nama, child.c.kode))
    return [(kode, nama, int(n), *[None if v is None else float(v) for v in sums])
            for kode, nama, n, *sums in conn.execute(stmt).all()]


def child_rows(conn: Connection, scope: Scope, area: Area, spec: Spec, columns: list[str], **keys) -> pd.DataFrame:
    """child_sums as a DataFrame: kode, nama, puskesmas and `columns` (floats, NaN where none
    of its Puskesmas reported), built column-wise (a few dozen rows: pandas' per-column
    conversions would cost more than the query)."""
    rows = child_sums(conn, scope, area, spec, columns, **keys)
    names = ["kode", "nama", "puskesmas", *columns]
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("kode", "nama") else float) for c in names})
    data = {c: list(v) for c, v in zip(names, zip(*rows))}
    for c in columns:  # floats already (child_sums): NaN for None keeps each column float64
        data[c] = np.array([np.nan if v is None else v for v in data[c]], dtype=np.float64)
    return pd.DataFrame(data)


def rows_inside(scope: Scope, area: Area, t: Table) -> list:
    """WHERE on a kabupaten table's rows: those of a kabupaten, provinsi or the country area,
    bounded by the viewer's scope as well. Refuses an area outside the scope."""
    require_in_scope(scope, area)
    where = []
    for level, kode in ((area.level, area.kode), (scope.level, scope.kode)):
        if level == Level.KABUPATEN:
            where.append(t.c.kode_kabupaten == kode)
        elif level == Level.PROVINSI:
            where.append(t.c.kode_kabupaten.in_(select(kab.c.kode).where(kab.c.kode_provinsi == kode)))
        elif level != Level.NASIONAL:  # a Puskesmas' scope has no kabupaten rows to read
            where.append(false())
    return where


def years(conn: Connection, scope: Scope, area: Area, spec: Spec) -> tuple[int, ...]:
    """The years in which some Puskesmas of the area has a row of `spec`'s source (a source with
    tahun), in one statement: for a kabupaten, a provinsi or the country from its kabupaten's
    sums (a kabupaten has a row in a year exactly when one of its Puskesmas has), for a
    Puskesmas (a desa: its Puskesmas) from its own rows, whose key starts with the Puskesmas."""
    require_in_scope(scope, area)
    if area.level in (Level.PUSKESMAS, Level.DESA):
        s = spec.source
        stmt = select(s.c.tahun).where(s.c.kode_puskesmas == area.code_at(Level.PUSKESMAS)).distinct()
    else:
        t = spec.target
        stmt = select(t.c.tahun).where(*rows_inside(scope, area, t)).distinct()
    return tuple(sorted(int(y) for y in conn.execute(stmt).scalars()))


def summed(conn: Connection, scope: Scope, area: Area, spec: Spec, columns: list[str], by: tuple[str, ...] = (),
           where=(), **keys) -> list[tuple]:
    """`columns` of `spec`'s table summed over the area's kabupaten (a kabupaten itself, a
    provinsi's, or every kabupaten of the country) and its rows matching `keys` and `where`, per
    value of `by` (in its order): e.g. an area's trend per month, its plan per klaster."""
    t = spec.target
    group = [t.c[c] for c in by]
    stmt = (select(*group, *[func.sum(t.c[c]) for c in columns])
            .where(*rows_inside(scope, area, t), *[t.c[k] == v for k, v in keys.items()], *where)
            .group_by(*group).order_by(*group))
    return [tuple(r) for r in conn.execute(stmt).all()]
