"""Writing data: wilayah, boundaries, family visits, and keeping the IKS summary current."""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from sqlalchemy import (
    Connection,
    String,
    and_,
    bindparam,
    case,
    delete,
    func,
    literal,
    or_,
    select,
    true,
    type_coerce,
)

from data_access import k1_kabupaten, schema
from data_access.db import bulk_insert, bump_version, member_of, upsert
from data_access.kelengkapan import insert_arrivals, refresh_kelengkapan
from data_access.kelengkapan import now as kelengkapan_now
from data_access.pencilan import refresh_counts, refresh_pencilan
from data_access.schema import SUMMARY_COUNT_COLUMNS
from domain.codes import Level
from indicators.iks import summarise_visits
from indicators.program import PUSKESMAS_REGISTER_CODES, PUSKESMAS_SASARAN_CODES
from indicators.registry import IKS_CODES

VISIT_COLUMNS = ["id_keluarga", "tanggal_kunjungan", "kode_desa", *IKS_CODES]


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts with None for missing values (drivers reject NaN in integer columns)."""
    clean = frame.astype(object).where(frame.notna(), None)
    return clean.to_dict("records")


def write_wilayah(conn: Connection, wilayah: pd.DataFrame) -> None:
    """Upsert the hierarchy from rows of the `wilayah` dataset (one row per desa)."""
    bump_version(conn)
    w = wilayah.copy()
    if "kode_kecamatan" not in w or w["kode_kecamatan"].isna().any():
        w["kode_kecamatan"] = w.get("kode_kecamatan", pd.Series(index=w.index, dtype=object))
        w["kode_kecamatan"] = w["kode_kecamatan"].fillna(w["kode_desa"].str[:8])
    if "nama_kecamatan" not in w:
        w["nama_kecamatan"] = None
    w["nama_kecamatan"] = w["nama_kecamatan"].fillna("Kecamatan " + w["kode_kecamatan"])
    for col in ("jumlah_penduduk", "jumlah_keluarga"):
        if col not in w:
            w[col] = None

    def unique(cols: dict[str, str]) -> list[dict]:
        part = w[list(cols)].drop_duplicates(subset=[next(iter(cols))]).rename(columns=cols)
        return _records(part)

    upsert(conn, schema.provinsi, unique({"kode_provinsi": "kode", "nama_provinsi": "nama"}), ["kode"])
    upsert(conn, schema.kabupaten, unique({"kode_kabupaten": "kode", "nama_kabupaten": "nama",
                                           "kode_provinsi": "kode_provinsi"}), ["kode"])
    upsert(conn, schema.kecamatan, unique({"kode_kecamatan": "kode", "nama_kecamatan": "nama",
                                           "kode_kabupaten": "kode_kabupaten"}), ["kode"])
    kabupaten_before = puskesmas_kabupaten(conn, w["kode_puskesmas"].unique().tolist())
    upsert(conn, schema.puskesmas, unique({"kode_puskesmas": "kode", "nama_puskesmas": "nama",
                                           "kode_kabupaten": "kode_kabupaten"}), ["kode"])
    refresh_kunjungan_areas(conn, kabupaten_before)  # a Puskesmas may have moved to another kabupaten
    k1_kabupaten.refresh_moved(conn, kabupaten_before)  # and taken its Klaster 1 data with it
    upsert(conn, schema.desa, unique({
        "kode_desa": "kode", "nama_desa": "nama", "kode_kecamatan": "kode_kecamatan",
        "kode_puskesmas": "kode_puskesmas", "kode_kabupaten": "kode_kabupaten",
        "kode_provinsi": "kode_provinsi", "jumlah_penduduk": "jumlah_penduduk",
        "jumlah_keluarga": "jumlah_keluarga",
    }), ["kode"])
    refresh_area_summary(conn)  # a desa may have moved to another Puskesmas
    refresh_program_summary(conn)
    if conn.execute(select(schema.layanan.c.kode_desa).limit(1)).first() is not None:
        refresh_kelengkapan(conn)  # a desa that moved is expected what its new Puskesmas reports
    if conn.execute(select(schema.pencilan.c.kode_desa).limit(1)).first() is not None:
        refresh_counts(conn)  # and its data janggal counted with its new Puskesmas
    if conn.execute(select(schema.morbiditas.c.kode_desa).limit(1)).first() is not None:
        refresh_morbiditas_summary(conn)  # a desa that moved takes its cases with it


def write_batas_desa(conn: Connection, rows: pd.DataFrame) -> None:
    """rows: kode_desa, geojson (repaired full-resolution geometry text)."""
    bump_version(conn)
    upsert(conn, schema.batas_desa, _records(rows[["kode_desa", "geojson"]]), ["kode_desa"])


def write_peta(conn: Connection, tingkat: str, rows: pd.DataFrame) -> None:
    """rows: kode, geojson (simplified outline for the browser) at one level."""
    bump_version(conn)
    frame = rows[["kode", "geojson"]].assign(tingkat=tingkat)
    upsert(conn, schema.peta, _records(frame), ["tingkat", "kode"])


def write_kunjungan(conn: Connection, visits: pd.DataFrame) -> None:
    """Upsert family visits on their natural key (id_keluarga, tanggal_kunjungan).
    The caller refreshes the summary of the desa touched (see refresh_iks_summary)."""
    bump_version(conn)
    frame = visits[VISIT_COLUMNS].copy()
    frame["tanggal_kunjungan"] = pd.to_datetime(frame["tanggal_kunjungan"]).dt.date
    upsert(conn, schema.kunjungan_keluarga, frame.to_dict("records"),
           ["id_keluarga", "tanggal_kunjungan"])


def insert_kunjungan(conn: Connection, visits: pd.DataFrame) -> None:
    """Plain insert into an empty table (the demo loader: faster than an upsert)."""
    bump_version(conn)
    frame = visits[VISIT_COLUMNS].copy()
    frame["tanggal_kunjungan"] = pd.to_datetime(frame["tanggal_kunjungan"]).dt.date
    bulk_insert(conn, schema.kunjungan_keluarga, frame)


def replace_iks_summary(conn: Connection, desa_codes: Iterable[str], summary: pd.DataFrame) -> None:
    """Swap the summary rows of these desa for `summary` (in the caller's transaction)."""
    bump_version(conn)
    codes = list(desa_codes)
    table = schema.iks_ringkasan
    for start in range(0, len(codes), 500):
        conn.execute(delete(table).where(table.c.kode_desa.in_(codes[start:start + 500])))
    if not summary.empty:
        frame = summary.copy()
        frame["awal"] = frame["awal"].astype(bool)
        conn.execute(table.insert(), _records(frame))
    refresh_area_summary(conn, codes)


AREA_LEVELS = {
    "puskesmas": schema.desa.c.kode_puskesmas,
    "kabupaten": schema.desa.c.kode_kabupaten,
    "provinsi": schema.desa.c.kode_provinsi,
}


def refresh_area_summary(conn: Connection, desa_codes: Iterable[str] | None = None) -> None:
    """Re-sum iks_ringkasan_wilayah for the Puskesmas, kabupaten and provinsi containing
    these desa (all areas when None), from the desa summary, in the caller's transaction."""
    ringkasan, ringkasan_wilayah, desa = schema.iks_ringkasan, schema.iks_ringkasan_wilayah, schema.desa
    codes = None if desa_codes is None else sorted(set(desa_codes))
    counts = list(SUMMARY_COUNT_COLUMNS)
    for tingkat, key in AREA_LEVELS.items():
        if codes is None:
            areas = None
            conn.execute(delete(ringkasan_wilayah).where(ringkasan_wilayah.c.tingkat == tingkat))
        else:
            areas = set()
            for start in range(0, len(codes), 500):
                areas.update(conn.execute(
                    select(key).distinct().where(desa.c.kode.in_(codes[start:start + 500]))).scalars())
            areas = sorted(areas)
            for start in range(0, len(areas), 500):
                conn.execute(delete(ringkasan_wilayah).where(
                    ringkasan_wilayah.c.tingkat == tingkat, ringkasan_wilayah.c.kode.in_(areas[start:start + 500])))
        parts = [None] if areas is None else [areas[i:i + 500] for i in range(0, len(areas), 500)]
        for part in parts:
            summed = (
                select(literal(tingkat, String), key, ringkasan.c.tahun, ringkasan.c.awal,
                       *[func.sum(ringkasan.c[c]) for c in counts])
                .select_from(ringkasan.join(desa, desa.c.kode == ringkasan.c.kode_desa))
                .group_by(key, ringkasan.c.tahun, ringkasan.c.awal)
            )
            if part is not None:
                summed = summed.where(key.in_(part))
            conn.execute(ringkasan_wilayah.insert().from_select(["tingkat", "kode", "tahun", "awal", *counts],
                                                                summed))


def refresh_iks_summary(conn: Connection, desa_codes: Iterable[str], batch: int = 200) -> None:
    """Recompute the summary of these desa from every visit stored for them, then carry
    every desa forward to the latest year with visits anywhere."""
    codes = sorted(set(desa_codes))
    kunjungan = schema.kunjungan_keluarga
    last = conn.execute(select(func.max(kunjungan.c.tanggal_kunjungan))).scalar()
    until = pd.Timestamp(last).year if last is not None else None
    for start in range(0, len(codes), batch):
        part = codes[start:start + batch]
        stmt = select(*[kunjungan.c[c] for c in VISIT_COLUMNS]).where(kunjungan.c.kode_desa.in_(part))
        visits = pd.DataFrame(conn.execute(stmt).all(), columns=VISIT_COLUMNS)
        replace_iks_summary(conn, part, summarise_visits(visits, until))
    if until is not None:
        extend_iks_summary(conn, until)


def extend_iks_summary(conn: Connection, until: int) -> None:
    """Give every desa a summary row for each year up to `until`, repeating its last one:
    the state as of 31 December does not change in a year without visits."""
    ringkasan = schema.iks_ringkasan
    last = (
        select(ringkasan.c.kode_desa, func.max(ringkasan.c.tahun).label("tahun"))
        .group_by(ringkasan.c.kode_desa)
        .having(func.max(ringkasan.c.tahun) < until)
        .subquery()
    )
    stale = pd.DataFrame(conn.execute(
        select(ringkasan).join(last, and_(ringkasan.c.kode_desa == last.c.kode_desa,
                                          ringkasan.c.tahun == last.c.tahun))
    ).mappings().all())
    if stale.empty:
        return
    copies = [stale.assign(tahun=y) for y in range(int(stale["tahun"].min()) + 1, until + 1)]
    frame = pd.concat(copies, ignore_index=True)
    frame = frame[frame["tahun"] > stale.set_index(["kode_desa", "awal"])["tahun"]
                  .reindex(pd.MultiIndex.from_frame(frame[["kode_desa", "awal"]])).to_numpy()]
    conn.execute(ringkasan.insert(), _records(frame))
    refresh_area_summary(conn, stale["kode_desa"].unique())


def read_visits(conn: Connection, desa_codes: Iterable[str]) -> pd.DataFrame:
    """Every stored visit of these desa (VISIT_COLUMNS; tanggal_kunjungan as datetime64),
    built column by column: pandas inspects each Row when handed a list of rows, which costs
    more than the query, and on SQLite the ISO date text is read as text, not parsed per row."""
    kunjungan = schema.kunjungan_keluarga
    codes = list(desa_codes)
    tanggal = kunjungan.c.tanggal_kunjungan
    if conn.dialect.name == "sqlite":
        tanggal = type_coerce(tanggal, String)  # stored by SQLAlchemy as YYYY-MM-DD text
    columns = [tanggal if c == "tanggal_kunjungan" else kunjungan.c[c] for c in VISIT_COLUMNS]
    rows = conn.execute(select(*columns).where(kunjungan.c.kode_desa.in_(codes))).all() if codes else []
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in VISIT_COLUMNS})
    frame = pd.DataFrame({c: list(v) for c, v in zip(VISIT_COLUMNS, zip(*rows))})
    frame["tanggal_kunjungan"] = pd.to_datetime(frame["tanggal_kunjungan"].astype(str),
                                                format="ISO8601")
    return frame


def refresh_iks_summary_fast(conn: Connection, desa_codes: Iterable[str], batch: int = 200,
                             visits: pd.DataFrame | None = None) -> None:
    """The same as refresh_iks_summary, reading the visits through read_visits: the import
    of a million visits refreshes its summary in a third of the time. `visits`, when given,
    holds every stored visit of the desa it mentions (an import that brought a desa its
    first visits has them in memory already); those desa are summarised from it."""
    codes = sorted(set(desa_codes))
    kunjungan = schema.kunjungan_keluarga
    last = conn.execute(select(func.max(kunjungan.c.tanggal_kunjungan))).scalar()
    until = pd.Timestamp(last).year if last is not None else None
    held = set() if visits is None else set(visits["kode_desa"].unique())
    from_db = [c for c in codes if c not in held]
    for start in range(0, len(from_db), batch):
        part = from_db[start:start + batch]
        replace_iks_summary(conn, part, summarise_visits(read_visits(conn, part), until))
    if held:
        in_memory = sorted(held & set(codes))
        groups = visits.groupby("kode_desa", sort=False, observed=True).indices
        for start in range(0, len(in_memory), batch):
            part = in_memory[start:start + batch]
            rows = np.concatenate([groups[c] for c in part])
            replace_iks_summary(conn, part, summarise_visits(visits.iloc[np.sort(rows)], until))
    if until is not None:
        extend_iks_summary(conn, until)


def refresh_program_summary(conn: Connection, years: Iterable[int] | None = None, *,
                            level: Level | None = None, puskesmas: Iterable[str] | None = None,
                            desa: Iterable[str] | None = None) -> None:
    """Re-sum layanan_bulanan and sasaran_wilayah (Puskesmas, kabupaten, provinsi) for these
    years (all years when None), in the caller's transaction: from the desa rows (`layanan`,
    `sasaran`) and from the Puskesmas-level rows (`layanan_puskesmas`, `sasaran_puskesmas`).
    The two levels hold disjoint codes (indicators.program Register.level), so `level` re-sums
    one of them and leaves the other's summary rows alone (an import of desa registers keeps
    the keuangan rows, and the reverse); None re-sums both. `puskesmas` (Puskesmas level
    only): just these Puskesmas and the kabupaten and provinsi holding them; `desa` (desa
    level only) the same for the areas holding these desa: an import of one kabupaten re-sums
    its Puskesmas, itself and its provinsi, not every area of the country."""
    bump_version(conn)
    chosen = None if years is None else sorted({int(y) for y in years})
    if level in (None, Level.DESA):
        _refresh_desa_level(conn, chosen, None if desa is None else sorted(set(desa)))
    if level in (None, Level.PUSKESMAS):
        _refresh_puskesmas_level(conn, chosen, None if puskesmas is None else sorted(set(puskesmas)))


def _refresh_desa_level(conn: Connection, chosen: list[int] | None, touched: list[str] | None) -> None:
    """Re-sum the desa registers per Puskesmas, kabupaten and provinsi (of the years `chosen`,
    all when None), every area or (`touched`: desa codes) only the areas holding these desa."""
    lay, sas, desa = schema.layanan, schema.sasaran, schema.desa
    lw, sw = schema.layanan_bulanan, schema.sasaran_wilayah
    areas: dict[str, list[str]] | None = None
    if touched is not None:
        rows = set()
        for start in range(0, len(touched), 5000):
            rows |= set(conn.execute(select(desa.c.kode_puskesmas, desa.c.kode_kabupaten, desa.c.kode_provinsi)
                                     .where(member_of(conn, desa.c.kode, "desa")),
                                     {"desa": touched[start:start + 5000]}).all())
        if not rows:
            return
        areas = {t: sorted({r[i] for r in rows}) for i, t in enumerate(AREA_LEVELS)}
    for tingkat, key in AREA_LEVELS.items():
        for target, source, year in ((lw, lay, lay.c.tahun), (sw, sas, sas.c.tahun)):
            code = target.c.indikator if target is lw else target.c.sasaran
            gone = delete(target).where(target.c.tingkat == tingkat,
                                        code.not_in(_PUSKESMAS_CODES[target.name]))
            if chosen is not None:
                gone = gone.where(target.c.tahun.in_(chosen))
            if areas is not None:
                gone = gone.where(target.c.kode.in_(areas[tingkat]))
            conn.execute(gone)
            if tingkat == "provinsi":  # from the kabupaten rows just summed
                conn.execute(target.insert().from_select(*_province_from_kabupaten(target, chosen, areas)))
                continue
            if source is lay:  # the twelve months side by side (schema.layanan_bulanan)
                columns = ["tingkat", "tahun", "indikator", "kode", *schema.NILAI_BULAN, *schema.LAPOR_BULAN]
                summed = select(literal(tingkat, String), lay.c.tahun, lay.c.indikator, key,
                                *[func.sum(case((lay.c.bulan == m, lay.c.nilai))) for m in schema.BULAN],
                                *[func.count(case((lay.c.bulan == m, 1))) for m in schema.BULAN])
                group = (lay.c.tahun, lay.c.indikator, key)
            else:
                columns = ["tingkat", "tahun", "sasaran", "kode", "jumlah", "desa_ada"]
                summed = select(literal(tingkat, String), sas.c.tahun, sas.c.sasaran, key,
                                func.sum(sas.c.jumlah), func.count())
                group = (sas.c.tahun, sas.c.sasaran, key)
            summed = summed.select_from(source.join(desa, desa.c.kode == source.c.kode_desa)).group_by(*group)
            if chosen is not None:
                summed = summed.where(year.in_(chosen))
            if areas is not None:
                summed = summed.where(key.in_(areas[tingkat]))
            conn.execute(target.insert().from_select(columns, summed))


def _province_from_kabupaten(target, chosen: list[int] | None, areas: dict[str, list[str]] | None):
    """(columns, select) of a province's desa-level summary rows as the sums of its kabupaten's
    rows (a kabupaten code starts with its province's: ingest checks it), which the loop has
    just re-summed from the desa. The same sums as from the desa rows (a month no desa reported
    stays NULL, its reporter count 0), but from a few hundred rows instead of every desa row of
    the province: PostgreSQL scanned the whole country's `layanan` (101 million rows) for one
    kabupaten's import, 12–21 s."""
    kab = schema.kabupaten
    if target is schema.layanan_bulanan:
        code = target.c.indikator
        columns = ["tingkat", "tahun", "indikator", "kode", *schema.NILAI_BULAN, *schema.LAPOR_BULAN]
        sums = [func.sum(target.c[c]) for c in (*schema.NILAI_BULAN, *schema.LAPOR_BULAN)]
    else:
        code = target.c.sasaran
        columns = ["tingkat", "tahun", "sasaran", "kode", "jumlah", "desa_ada"]
        sums = [func.sum(target.c.jumlah), func.sum(target.c.desa_ada)]
    summed = (select(literal("provinsi", String), target.c.tahun, code, kab.c.kode_provinsi, *sums)
              .select_from(target.join(kab, kab.c.kode == target.c.kode))
              .where(target.c.tingkat == "kabupaten", code.not_in(_PUSKESMAS_CODES[target.name]))
              .group_by(target.c.tahun, code, kab.c.kode_provinsi))
    if chosen is not None:
        summed = summed.where(target.c.tahun.in_(chosen))
    if areas is not None:
        summed = summed.where(kab.c.kode_provinsi.in_(areas["provinsi"]))
    return columns, summed


# the codes recorded per Puskesmas, per summary table (what a desa re-sum must not delete)
_PUSKESMAS_CODES = {schema.layanan_bulanan.name: list(PUSKESMAS_REGISTER_CODES),
                    schema.sasaran_wilayah.name: list(PUSKESMAS_SASARAN_CODES)}


def _refresh_puskesmas_level(conn: Connection, chosen: list[int] | None, puskesmas: list[str] | None) -> None:
    """The Puskesmas-level rows summed per Puskesmas, kabupaten and provinsi: a Puskesmas' own
    rows are its summary; `l01..l12`/`desa_ada` count the Puskesmas that reported."""
    lp, sp, pk, kb = schema.layanan_puskesmas, schema.sasaran_puskesmas, schema.puskesmas, schema.kabupaten
    lw, sw = schema.layanan_bulanan, schema.sasaran_wilayah
    keys = {"puskesmas": pk.c.kode, "kabupaten": pk.c.kode_kabupaten, "provinsi": kb.c.kode_provinsi}
    areas: dict[str, list[str]] | None = None
    if puskesmas is not None:  # the Puskesmas touched and the areas holding them
        rows = conn.execute(select(pk.c.kode, pk.c.kode_kabupaten, kb.c.kode_provinsi)
                            .join(kb, kb.c.kode == pk.c.kode_kabupaten)
                            .where(pk.c.kode.in_(bindparam("pkm", expanding=True))), {"pkm": puskesmas}).all()
        areas = {t: sorted({r[i] for r in rows}) for i, t in enumerate(keys)}
        if not rows:
            return
    for tingkat, key in keys.items():
        for target, source in ((lw, lp), (sw, sp)):
            code = target.c.indikator if target is lw else target.c.sasaran
            gone = delete(target).where(target.c.tingkat == tingkat, code.in_(_PUSKESMAS_CODES[target.name]))
            if chosen is not None:
                gone = gone.where(target.c.tahun.in_(chosen))
            if areas is not None:
                gone = gone.where(target.c.kode.in_(areas[tingkat]))
            conn.execute(gone)
            if source is lp:
                columns = ["tingkat", "tahun", "indikator", "kode", *schema.NILAI_BULAN, *schema.LAPOR_BULAN]
                summed = select(literal(tingkat, String), lp.c.tahun, lp.c.indikator, key,
                                *[func.sum(case((lp.c.bulan == m, lp.c.nilai))) for m in schema.BULAN],
                                *[func.count(case((lp.c.bulan == m, 1))) for m in schema.BULAN])
                group, year = (lp.c.tahun, lp.c.indikator, key), lp.c.tahun
            else:
                columns = ["tingkat", "tahun", "sasaran", "kode", "jumlah", "desa_ada"]
                summed = select(literal(tingkat, String), sp.c.tahun, sp.c.sasaran, key,
                                func.sum(sp.c.jumlah), func.count())
                group, year = (sp.c.tahun, sp.c.sasaran, key), sp.c.tahun
            summed = (summed.select_from(source.join(pk, pk.c.kode == source.c.kode_puskesmas)
                                         .join(kb, kb.c.kode == pk.c.kode_kabupaten)).group_by(*group))
            if chosen is not None:
                summed = summed.where(year.in_(chosen))
            if areas is not None:
                summed = summed.where(key.in_(areas[tingkat]))
            conn.execute(target.insert().from_select(columns, summed))


def write_puskesmas_registers(conn: Connection, frame: pd.DataFrame) -> None:
    """Write Puskesmas-level registers (columns kode_puskesmas, tahun, bulan, indikator, nilai;
    codes of indicators.program REGISTERS with level puskesmas), replacing the rows of the
    same keys, then re-sum the summaries of the Puskesmas and years touched, in the caller's
    transaction. What the keuangan and mutu imports call, and the obat and kegiatan datasets
    for their derived registers. Raises ValueError for a code that is not Puskesmas-level."""
    _write_puskesmas_level(conn, schema.layanan_puskesmas, frame, "indikator", PUSKESMAS_REGISTER_CODES,
                           ("kode_puskesmas", "tahun", "bulan", "indikator"), "nilai", int)


def replace_puskesmas_registers(conn: Connection, frame: pd.DataFrame, codes: Iterable[str],
                                puskesmas: Iterable[str], years: Iterable[int]) -> None:
    """A dataset's derived registers (obat, kegiatan) recomputed for these Puskesmas and
    years: its `codes` are deleted there first (a month that no longer has any keeps no old
    count), then `frame` written, then the summaries re-summed, in the caller's transaction."""
    codes, puskesmas, years = list(codes), sorted(set(puskesmas)), sorted({int(y) for y in years})
    if not puskesmas or not years:
        return
    lp = schema.layanan_puskesmas
    for start in range(0, len(puskesmas), 2000):
        conn.execute(delete(lp).where(lp.c.indikator.in_(codes), lp.c.tahun.in_(years),
                                      lp.c.kode_puskesmas.in_(puskesmas[start:start + 2000])))
    if len(frame):
        write_puskesmas_registers(conn, frame)
    refresh_program_summary(conn, years, level=Level.PUSKESMAS, puskesmas=set(puskesmas))


def write_puskesmas_sasaran(conn: Connection, frame: pd.DataFrame) -> None:
    """As write_puskesmas_registers, for Puskesmas-level sasaran (kode_puskesmas, tahun,
    sasaran, jumlah): the keuangan import's pagu."""
    _write_puskesmas_level(conn, schema.sasaran_puskesmas, frame, "sasaran", PUSKESMAS_SASARAN_CODES,
                           ("kode_puskesmas", "tahun", "sasaran"), "jumlah", float)


def _write_puskesmas_level(conn, table, frame, code_column, known, key, value, kind) -> None:
    if not len(frame):
        return
    unknown = sorted(set(frame[code_column]) - set(known))
    if unknown:
        raise ValueError(f"bukan kode tingkat Puskesmas: {', '.join(map(str, unknown))}")
    rows = [{**{k: (int(r[k]) if k in ("tahun", "bulan") else str(r[k])) for k in key}, value: kind(r[value])}
            for r in frame[[*key, value]].to_dict("records")]
    for start in range(0, len(rows), 2000):
        upsert(conn, table, rows[start:start + 2000], key)
    refresh_program_summary(conn, {r["tahun"] for r in rows}, level=Level.PUSKESMAS,
                            puskesmas={r["kode_puskesmas"] for r in rows})


def insert_program(conn: Connection, layanan: pd.DataFrame, sasaran: pd.DataFrame,
                   target: pd.DataFrame, masuk: pd.DataFrame | None = None) -> None:
    """Plain insert of registers, sasaran and targets into empty tables (the demo loader:
    COPY on PostgreSQL, far faster than an upsert of millions of rows), then the per-area
    summaries of the years inserted. Each layanan row's arrival record too: `masuk` (kode_desa,
    tahun, bulan, indikator, pertama_masuk, terakhir_berubah; the demo's dates), else now."""
    from data_access.db import copy_insert

    bump_version(conn)
    copy_insert(conn, schema.layanan, layanan)
    if masuk is None:
        masuk = layanan[["kode_desa", "tahun", "bulan", "indikator"]].assign(pertama_masuk=kelengkapan_now())
        masuk["terakhir_berubah"] = masuk["pertama_masuk"]
    insert_arrivals(conn, masuk)
    copy_insert(conn, schema.sasaran, sasaran)
    copy_insert(conn, schema.target, target)
    years = set(layanan["tahun"].unique()) | set(sasaran["tahun"].unique())
    refresh_program_summary(conn, sorted(int(y) for y in years), level=Level.DESA)
    refresh_pencilan(conn, sorted(int(y) for y in years))  # the outlier and validation hits (issue 16)
    refresh_kelengkapan(conn, reports=masuk)


# --- monthly service visits (kunjungan_bulanan → kunjungan_wilayah) ---------------------------

KUNJUNGAN_CELL = ("tempat", "klaster", "kelompok_umur", "jenis_kelamin", "disabilitas")
_BATCH = 500


def _batches(codes: list[str] | None) -> list[list[str] | None]:
    return [None] if codes is None else [codes[i:i + _BATCH] for i in range(0, len(codes), _BATCH)]


def refresh_kunjungan_summary(conn: Connection, puskesmas: Iterable[str] | None = None,
                              years: Iterable[int] | None = None) -> None:
    """Re-sum kunjungan_wilayah, in the caller's transaction: the Puskesmas rows of these
    Puskesmas and years from kunjungan_bulanan (over place names and desa), then the rows of
    their kabupaten and provinsi from the Puskesmas rows (a province of 5 million visit rows is
    not read again for one Puskesmas' file). None: every Puskesmas, every year."""
    bump_version(conn)
    kb, kw = schema.kunjungan_bulanan, schema.kunjungan_wilayah
    codes = None if puskesmas is None else sorted(set(puskesmas))
    chosen = None if years is None else sorted({int(y) for y in years})
    if codes is not None and not codes:
        return
    cells = [kb.c[c] for c in KUNJUNGAN_CELL]
    columns = ["tingkat", "kode", "tahun", "bulan", *KUNJUNGAN_CELL, "jumlah"]

    def clear(tingkat: str, part: list[str] | None) -> None:
        gone = delete(kw).where(kw.c.tingkat == tingkat)
        if part is not None:
            gone = gone.where(kw.c.kode.in_(part))
        if chosen is not None:
            gone = gone.where(kw.c.tahun.in_(chosen))
        conn.execute(gone)

    for part in _batches(codes):
        clear("puskesmas", part)
        summed = (select(literal("puskesmas", String), kb.c.kode_puskesmas, kb.c.tahun, kb.c.bulan, *cells,
                         func.sum(kb.c.jumlah))
                  .group_by(kb.c.kode_puskesmas, kb.c.tahun, kb.c.bulan, *cells))
        if part is not None:
            summed = summed.where(kb.c.kode_puskesmas.in_(part))
        if chosen is not None:
            summed = summed.where(kb.c.tahun.in_(chosen))
        conn.execute(kw.insert().from_select(columns, summed))
    kabupaten = None
    if codes is not None:
        pkm = schema.puskesmas
        kabupaten = sorted({k for part in _batches(codes) for k in conn.execute(
            select(pkm.c.kode_kabupaten).distinct().where(pkm.c.kode.in_(part))).scalars()})
    _sum_kunjungan_up(conn, kabupaten, chosen)


def puskesmas_kabupaten(conn: Connection, codes: list[str]) -> dict[str, str]:
    """The stored kabupaten of these Puskesmas (those that exist)."""
    pkm = schema.puskesmas
    found: dict[str, str] = {}
    for part in _batches(sorted(codes)):
        found.update(conn.execute(select(pkm.c.kode, pkm.c.kode_kabupaten).where(pkm.c.kode.in_(part))).all())
    return found


def refresh_kunjungan_areas(conn: Connection, before: dict[str, str]) -> None:
    """After a wilayah import: re-sum the kunjungan_wilayah rows of the kabupaten (and their
    provinsi) that a Puskesmas left or joined; `before` is each Puskesmas' kabupaten before it."""
    after = puskesmas_kabupaten(conn, list(before))
    moved = {k for p, k in before.items() if after.get(p) != k} | {after[p] for p, k in before.items()
                                                                   if after.get(p) not in (None, k)}
    if moved:
        bump_version(conn)
        _sum_kunjungan_up(conn, sorted(moved), None)


def _sum_kunjungan_up(conn: Connection, kabupaten: list[str] | None, years: list[int] | None) -> None:
    """The rows of these kabupaten (None: all) from their Puskesmas rows, then the rows of
    their provinsi from the kabupaten rows."""
    kw, pkm, kab = schema.kunjungan_wilayah, schema.puskesmas, schema.kabupaten
    cells = [kw.c[c] for c in KUNJUNGAN_CELL]
    columns = ["tingkat", "kode", "tahun", "bulan", *KUNJUNGAN_CELL, "jumlah"]
    provinsi = None
    if kabupaten is not None:
        provinsi = sorted({p for part in _batches(kabupaten) for p in conn.execute(
            select(kab.c.kode_provinsi).distinct().where(kab.c.kode.in_(part))).scalars()})
    for tingkat, below, parents, key, codes in (
            ("kabupaten", "puskesmas", pkm, pkm.c.kode_kabupaten, kabupaten),
            ("provinsi", "kabupaten", kab, kab.c.kode_provinsi, provinsi)):
        for part in _batches(codes):
            gone = delete(kw).where(kw.c.tingkat == tingkat)
            summed = (select(literal(tingkat, String), key, kw.c.tahun, kw.c.bulan, *cells, func.sum(kw.c.jumlah))
                      .select_from(kw.join(parents, parents.c.kode == kw.c.kode))
                      .where(kw.c.tingkat == below)
                      .group_by(key, kw.c.tahun, kw.c.bulan, *cells))
            if part is not None:
                gone = gone.where(kw.c.kode.in_(part))
                summed = summed.where(key.in_(part))
            if years is not None:
                gone = gone.where(kw.c.tahun.in_(years))
                summed = summed.where(kw.c.tahun.in_(years))
            conn.execute(gone)
            conn.execute(kw.insert().from_select(columns, summed))


def insert_kunjungan_bulanan(conn: Connection, visits: pd.DataFrame) -> None:
    """Plain insert of monthly service visits into an empty kunjungan_bulanan (the demo
    loader: COPY on PostgreSQL), then every per-area sum."""
    from data_access.db import copy_insert

    bump_version(conn)
    copy_insert(conn, schema.kunjungan_bulanan, visits[[c.name for c in schema.kunjungan_bulanan.columns]])
    refresh_kunjungan_summary(conn)


# --- morbidity (issue 13) ----------------------------------------------------------------------

def write_diagnosis_names(conn: Connection, names: dict[str, str]) -> bool:
    """Store each code's name (the latest import's); True when a name was added or changed."""
    table = schema.diagnosis
    if not names:
        return False
    stored = dict(conn.execute(select(table.c.kode_icd, table.c.nama)).all())
    rows = [{"kode_icd": k, "nama": v} for k, v in sorted(names.items()) if stored.get(k) != v]
    upsert(conn, table, rows, ["kode_icd"])
    return bool(rows)


def _months_where(tahun, bulan, months: Iterable[tuple[int, int]] | None):
    """(tahun, bulan) IN months, as one OR per year; true() for every month (None)."""
    if months is None:
        return true()
    by_year: dict[int, set[int]] = {}
    for y, m in months:
        by_year.setdefault(int(y), set()).add(int(m))
    return or_(*[and_(tahun == y, bulan.in_(sorted(ms))) for y, ms in sorted(by_year.items())])


def refresh_morbiditas_summary(conn: Connection, months: Iterable[tuple[int, int]] | None = None,
                               desa_codes: Iterable[str] | None = None) -> None:
    """Re-sum morbiditas_wilayah (desa, Puskesmas, kabupaten, provinsi) and morbiditas_rincian
    (kabupaten, provinsi, by age group and sex) for the areas holding these desa and these
    (tahun, bulan), from the desa rows, in the caller's transaction. None: every area, every
    month. An import of one Puskesmas' month re-sums that month of its areas only."""
    bump_version(conn)
    m, mw, mr, desa = schema.morbiditas, schema.morbiditas_wilayah, schema.morbiditas_rincian, schema.desa
    months = None if months is None else sorted({(int(y), int(b)) for y, b in months})
    codes = None if desa_codes is None else sorted(set(desa_codes))
    levels = {"desa": desa.c.kode, **AREA_LEVELS}
    for tingkat, key in levels.items():
        if codes is None:
            parts = [None]
        elif tingkat == "desa":
            parts = [codes[i:i + 500] for i in range(0, len(codes), 500)]
        else:
            areas: set[str] = set()
            for start in range(0, len(codes), 500):
                areas.update(conn.execute(
                    select(key).distinct().where(desa.c.kode.in_(codes[start:start + 500]))).scalars())
            ordered = sorted(areas)
            parts = [ordered[i:i + 500] for i in range(0, len(ordered), 500)]
        targets = [(mw, ())] + ([(mr, (m.c.kelompok_umur, m.c.jenis_kelamin))]
                                if tingkat in schema.MORBIDITAS_RINCIAN_TINGKAT else [])
        for target, extra in targets:
            for part in parts:
                gone = delete(target).where(target.c.tingkat == tingkat,
                                            _months_where(target.c.tahun, target.c.bulan, months))
                if part is not None:
                    gone = gone.where(target.c.kode.in_(part))
                conn.execute(gone)
                area = m.c.kode_desa if tingkat == "desa" else key
                group = (area, m.c.tahun, m.c.bulan, m.c.kode_icd, *extra)
                summed = select(literal(tingkat, String), *group, func.sum(m.c.jumlah))
                if tingkat != "desa":
                    summed = summed.select_from(m.join(desa, desa.c.kode == m.c.kode_desa))
                summed = summed.where(_months_where(m.c.tahun, m.c.bulan, months)).group_by(*group)
                if part is not None:
                    summed = summed.where(area.in_(part))
                columns = ["tingkat", "kode", "tahun", "bulan", "kode_icd", *(c.name for c in extra), "jumlah"]
                conn.execute(target.insert().from_select(columns, summed))


def insert_morbiditas(conn: Connection, rows: pd.DataFrame, names: dict[str, str]) -> None:
    """Plain insert into an empty morbiditas table (the demo loader), the diagnosis names,
    then every per-area sum."""
    from data_access.db import copy_insert

    bump_version(conn)
    copy_insert(conn, schema.morbiditas, rows)
    write_diagnosis_names(conn, names)
    refresh_morbiditas_summary(conn)


def insert_puskesmas_datasets(conn: Connection, keuangan: pd.DataFrame, mutu: pd.DataFrame,
                              registers: pd.DataFrame, sasaran: pd.DataFrame) -> None:
    """Plain insert of the Klaster 1 keuangan and mutu rows and their Puskesmas-level registers
    and sasaran into empty tables (the demo loader), then the summaries of the years inserted."""
    from data_access.db import copy_insert

    bump_version(conn)
    copy_insert(conn, schema.keuangan, keuangan)
    copy_insert(conn, schema.mutu, mutu)
    copy_insert(conn, schema.layanan_puskesmas, registers)
    copy_insert(conn, schema.sasaran_puskesmas, sasaran)
    years = set(registers["tahun"].unique()) | set(sasaran["tahun"].unique())
    refresh_program_summary(conn, sorted(int(y) for y in years), level=Level.PUSKESMAS)
