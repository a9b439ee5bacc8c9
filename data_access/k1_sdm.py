"""Staff queries (Klaster 1, `sdm`): the Puskesmas of an area with their population, their
active staff counted by jenis and status as of a date, the start dates of one Puskesmas'
staff (masa kerja), the table per Puskesmas the Dinkes view and the export read, and the
page's summary row. Every function takes the viewer's scope and refuses an area outside it.

A desa has no staff of its own: it reads its Puskesmas (Area.map_area). Active as of a date:
aktif = Y and started on or before that date."""
from __future__ import annotations

from collections import Counter
from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd
from sqlalchemy import Connection, and_, bindparam, case, delete, exists, func, insert, select

from data_access import k1_kabupaten as kabupaten
from data_access import schema
from data_access.cache import cached_by_version
from data_access.wilayah import desa_filter, scope_filter
from domain.codes import Level
from domain.wilayah import Area, Scope, require_in_scope
from indicators import format as fmt
from indicators.k1_sdm import (
    DOKTER,
    JENIS,
    JENIS_BY_CODE,
    MINIMAL_CODES,
    PER,
    STATUS,
    asof_date,
    kelengkapan,
    per_10000,
    share_lengkap,
    urutan_perhatian,
)
from indicators.klaster1 import Ringkasan

sdm, desa = schema.sdm, schema.desa
JENIS_COLUMNS = [f"tenaga_{j.code}" for j in JENIS]
STATUS_COLUMNS = [f"status_{s.code}" for s in STATUS]
PUSKESMAS_COLUMNS = ["kode", "nama", "kode_kabupaten", "nama_kabupaten", "tenaga_aktif", "penduduk", "per_10000",
                     "keterangan", "jenis_minimal", "jenis_kurang", "tanpa_dokter", *JENIS_COLUMNS, *STATUS_COLUMNS]


def shown_area(area: Area) -> Area:
    """The area whose staff are shown: a desa shows its Puskesmas."""
    return area.map_area


def _inside(scope: Scope, area: Area):
    """The codes of the Puskesmas with a desa inside `area` and the viewer's scope."""
    return select(desa.c.kode_puskesmas).where(desa_filter(area), scope_filter(scope, area))


def _of_area(column, scope: Scope, area: Area):
    """WHERE `column` (a Puskesmas code) is a Puskesmas of `area`, which the caller has checked
    is inside the viewer's scope (require_in_scope): so the area alone bounds it, through the
    puskesmas and kabupaten tables (a few rows) rather than the desa."""
    require_in_scope(scope, area)
    pkm, kab = schema.puskesmas, schema.kabupaten
    if area.level == Level.PUSKESMAS:
        return column == area.kode
    if area.level == Level.KABUPATEN:
        return column.in_(select(pkm.c.kode).where(pkm.c.kode_kabupaten == area.kode))
    if area.level == Level.PROVINSI:
        return column.in_(select(pkm.c.kode).where(pkm.c.kode_kabupaten.in_(
            select(kab.c.kode).where(kab.c.kode_provinsi == area.kode))))
    return column.in_(_inside(scope, area))  # the whole country: every Puskesmas with a desa


@lru_cache(maxsize=8)
def _counts_statement():
    return (select(sdm.c.kode_puskesmas, sdm.c.jenis_tenaga, sdm.c.status_kepegawaian, func.count().label("n"))
            .where(sdm.c.aktif == "Y", sdm.c.tanggal_mulai <= bindparam("asof"))
            .group_by(sdm.c.kode_puskesmas, sdm.c.jenis_tenaga, sdm.c.status_kepegawaian))


def staff_counts(conn: Connection, scope: Scope, area: Area, asof: date) -> pd.DataFrame:
    """kode_puskesmas, jenis_tenaga, status_kepegawaian, n: the active staff of each Puskesmas
    of the area on `asof` (read from the detail rows: for one Puskesmas)."""
    area = shown_area(area)
    require_in_scope(scope, area)
    stmt = _counts_statement().where(_of_area(sdm.c.kode_puskesmas, scope, area))
    rows = conn.execute(stmt, {"asof": asof}).all()
    return pd.DataFrame(rows, columns=["kode_puskesmas", "jenis_tenaga", "status_kepegawaian", "n"])


COUNT_COLUMNS = [*JENIS_COLUMNS, *STATUS_COLUMNS]
rk = schema.sdm_ringkasan


def summary_rows(conn: Connection, scope: Scope, area: Area) -> list[tuple]:
    """The sdm_ringkasan rows of the area's Puskesmas: (kode_puskesmas, pegawai, *COUNT_COLUMNS)."""
    area = shown_area(area)
    require_in_scope(scope, area)
    stmt = select(rk.c.kode_puskesmas, rk.c.pegawai, *[rk.c[c] for c in COUNT_COLUMNS])
    stmt = stmt.where(_of_area(rk.c.kode_puskesmas, scope, area))
    return [tuple(r) for r in conn.execute(stmt).all()]


def _frame(rows, columns: list[str]) -> pd.DataFrame:
    """A DataFrame built column-wise (pandas inspects every Row object when given a list of rows)."""
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    return pd.DataFrame({c: list(v) for c, v in zip(columns, zip(*rows))})


def refresh_sdm_summary(conn: Connection, puskesmas: set[str] | None = None) -> None:
    """Rewrite sdm_ringkasan for `puskesmas` (every Puskesmas when None) from the sdm rows, and
    the sums of their kabupaten, in the caller's transaction."""
    active = sdm.c.aktif == "Y"

    def count(*conditions):
        return func.coalesce(func.sum(case((and_(active, *conditions), 1), else_=0)), 0)

    columns = [sdm.c.kode_puskesmas, func.count(), count(),
               *[count(sdm.c.jenis_tenaga == c) for c in schema.SDM_JENIS],
               *[count(sdm.c.status_kepegawaian == c) for c in schema.SDM_STATUS]]
    target = ["kode_puskesmas", "pegawai", "tenaga_aktif", *[f"tenaga_{c}" for c in schema.SDM_JENIS],
              *[f"status_{c}" for c in schema.SDM_STATUS]]
    chosen = select(*columns).group_by(sdm.c.kode_puskesmas)
    if puskesmas is None:
        conn.execute(delete(rk))
        conn.execute(insert(rk).from_select(target, chosen))
    else:
        codes = sorted(puskesmas)
        for i in range(0, len(codes), 5_000):
            part = codes[i:i + 5_000]
            conn.execute(delete(rk).where(rk.c.kode_puskesmas.in_(part)))
            conn.execute(insert(rk).from_select(target, chosen.where(sdm.c.kode_puskesmas.in_(part))))
    kabupaten.refresh(conn, kabupaten.SDM, puskesmas)


def _desa_of(area: Area) -> list:
    """WHERE clauses on desa for the area (checked inside the scope by the caller); a Puskesmas
    with its kabupaten too, so that the covering index (kode_kabupaten, kode_puskesmas,
    jumlah_penduduk) serves it."""
    if area.level == Level.PUSKESMAS:
        return [desa.c.kode_kabupaten == area.code_at(Level.KABUPATEN), desa.c.kode_puskesmas == area.kode]
    if area.level == Level.PROVINSI:  # through its kabupaten: the same index, in the group's order
        kab = schema.kabupaten
        return [desa.c.kode_kabupaten.in_(select(kab.c.kode).where(kab.c.kode_provinsi == area.kode))]
    return [desa_filter(area)]


def _places_statement(area: Area):
    pkm, kab = schema.puskesmas, schema.kabupaten
    pop = (select(desa.c.kode_puskesmas.label("kode"), func.sum(desa.c.jumlah_penduduk).label("penduduk"),
                  func.sum(case((desa.c.jumlah_penduduk.is_(None), 1), else_=0)).label("tanpa"))
           .where(*_desa_of(area)).group_by(desa.c.kode_puskesmas).subquery())
    return (select(pkm.c.kode, pkm.c.nama, kab.c.kode, kab.c.nama, pop.c.penduduk, pop.c.tanpa)
            .join(pop, pop.c.kode == pkm.c.kode).join(kab, kab.c.kode == pkm.c.kode_kabupaten)
            .order_by(pkm.c.nama, pkm.c.kode))


PLACE_COLUMNS = ["kode", "nama", "kode_kabupaten", "nama_kabupaten", "penduduk", "desa_tanpa_penduduk"]


def _places(conn: Connection, scope: Scope, area: Area) -> list[tuple]:
    """(kode, nama, kode_kabupaten, nama_kabupaten, penduduk, desa_tanpa_penduduk) of every
    Puskesmas of the area, by name (penduduk: the sum of its desa's jumlah_penduduk, None when
    none is known)."""
    area = shown_area(area)
    require_in_scope(scope, area)
    return [tuple(r) for r in conn.execute(_places_statement(area)).all()]


def puskesmas_of(conn: Connection, scope: Scope, area: Area) -> pd.DataFrame:
    """_places as a DataFrame (PLACE_COLUMNS)."""
    frame = _frame(_places(conn, scope, area), PLACE_COLUMNS)
    frame["desa_tanpa_penduduk"] = frame["desa_tanpa_penduduk"].fillna(0).astype(int)
    return frame


@cached_by_version(maxsize=256)
def has_staff(conn: Connection, scope: Scope, area: Area) -> bool:
    """Whether any staff row (active or not, any date) is stored for the area."""
    area = shown_area(area)
    require_in_scope(scope, area)
    return bool(conn.execute(select(exists().where(_of_area(rk.c.kode_puskesmas, scope, area)))).scalar())


def staff_of(conn: Connection, scope: Scope, area: Area, asof: date) -> pd.DataFrame:
    """The active staff of a Puskesmas (or of a desa's Puskesmas) on `asof`, one row each:
    jenis_tenaga, status_kepegawaian, pendidikan, tanggal_mulai (a date), keahlian. A few dozen
    rows: the section's counts, bands, education and skills come from this one read."""
    area = shown_area(area)
    require_in_scope(scope, area)
    if area.level != Level.PUSKESMAS:
        raise ValueError("rincian tenaga per Puskesmas")
    stmt = select(sdm.c.jenis_tenaga, sdm.c.status_kepegawaian, sdm.c.pendidikan, sdm.c.tanggal_mulai,
                  sdm.c.keahlian).where(sdm.c.kode_puskesmas == area.kode, sdm.c.aktif == "Y",
                                        sdm.c.tanggal_mulai <= asof)
    frame = _frame(conn.execute(stmt).all(), ["jenis_tenaga", "status_kepegawaian", "pendidikan", "tanggal_mulai",
                                              "keahlian"])
    frame["tanggal_mulai"] = [d if isinstance(d, date) else date.fromisoformat(str(d)[:10])
                              for d in frame["tanggal_mulai"]]
    return frame


@cached_by_version(maxsize=64)
def per_puskesmas(conn: Connection, scope: Scope, area: Area, asof: date) -> pd.DataFrame:
    """One row per Puskesmas of the area (PUSKESMAS_COLUMNS plus `jenis_ada`, the tuple of
    minimum types present, `kurang`, the tuple missing, `lengkap` and `ada_data`), those without
    a doctor first, then the fewest types, then by name; those that have not reported last.
    Cached by data version: the page's summary row and the section read the same table."""
    places = _places(conn, scope, area)
    return build_table(places, summary_rows(conn, scope, area), _late(conn, asof))


def _late(conn: Connection, asof: date) -> list[tuple]:
    """The active staff who started after `asof`, every Puskesmas (a range of ix_sdm_mulai,
    counted here: grouped in SQL, SQLite would scan another index in the group's order), as
    (kode_puskesmas, jenis, status, n); build_table keeps those of its own Puskesmas."""
    stmt = select(sdm.c.kode_puskesmas, sdm.c.jenis_tenaga, sdm.c.status_kepegawaian).where(
        sdm.c.tanggal_mulai > bindparam("asof"), sdm.c.aktif == "Y")
    counted = Counter(tuple(r) for r in conn.execute(stmt, {"asof": asof}).all())
    return [(*key, n) for key, n in counted.items()]


def wide(counts: pd.DataFrame) -> pd.DataFrame:
    """Long counts (kode_puskesmas, jenis_tenaga, status_kepegawaian, n) as one row per Puskesmas
    with COUNT_COLUMNS (pure)."""
    if counts.empty:
        return pd.DataFrame(columns=COUNT_COLUMNS, dtype=int).rename_axis("kode_puskesmas")
    by_jenis = counts.pivot_table(index="kode_puskesmas", columns="jenis_tenaga", values="n", aggfunc="sum")
    by_status = counts.pivot_table(index="kode_puskesmas", columns="status_kepegawaian", values="n", aggfunc="sum")
    out = pd.concat([by_jenis.add_prefix("tenaga_"), by_status.add_prefix("status_")], axis=1)
    return out.reindex(columns=COUNT_COLUMNS).fillna(0).astype(int)


NO_UPLOAD = "belum ada data SDM yang diunggah"
TABLE_COLUMNS = [*PUSKESMAS_COLUMNS, "jenis_ada", "kurang", "lengkap", "ada_data"]
_POSITION = {c: i for i, c in enumerate(COUNT_COLUMNS)}
_MINIMAL_AT = [_POSITION[f"tenaga_{c}"] for c in MINIMAL_CODES]
_JENIS_AT = [_POSITION[c] for c in JENIS_COLUMNS]


def table_of(places: pd.DataFrame, summary: pd.DataFrame, late: pd.DataFrame) -> pd.DataFrame:
    """build_table from DataFrames (puskesmas_of's columns; summary with kode_puskesmas, pegawai
    and COUNT_COLUMNS; late as _late)."""
    return build_table(
        list(zip(places["kode"], places["nama"], places["kode_kabupaten"], places["nama_kabupaten"],
                 places["penduduk"], places["desa_tanpa_penduduk"])),
        list(zip(summary["kode_puskesmas"], summary["pegawai"], *[summary[c] for c in COUNT_COLUMNS])),
        [tuple(r) for r in late[["kode_puskesmas", "jenis_tenaga", "status_kepegawaian", "n"]].itertuples(
            index=False)])


def build_table(places: list[tuple], summary: list[tuple], late: list[tuple]) -> pd.DataFrame:
    """The per-Puskesmas table (pure, plain Python over a province's 1,078 rows): `places` as
    (kode, nama, kode_kabupaten, nama_kabupaten, penduduk, desa_tanpa_penduduk), `summary` as
    sdm_ringkasan's (kode_puskesmas, pegawai, *COUNT_COLUMNS) of every active staff, `late` as
    (kode_puskesmas, jenis, status, n) started after the date (subtracted). A Puskesmas without
    any staff row has not reported: no gaps are claimed for it (`ada_data` False, last)."""
    counts = {row[0]: list(row[2:]) for row in summary if row[1]}
    for kode, jenis, status, n in late:  # (rows of other Puskesmas are ignored)
        if kode in counts:
            counts[kode][_POSITION[f"tenaga_{jenis}"]] -= int(n)
            counts[kode][_POSITION[f"status_{status}"]] -= int(n)
    out = []
    short = {c: JENIS_BY_CODE[c].short for c in MINIMAL_CODES}
    for kode, nama, kkab, nkab, pop, tanpa in places:
        penduduk = None if pop is None or pop != pop else float(pop)
        row = counts.get(kode)
        if row is None:
            out.append((kode, nama, kkab, nkab, None, penduduk, None, NO_UPLOAD, None, "", False,
                        *[None] * len(COUNT_COLUMNS), (), (), False, False))
            continue
        ada = tuple(c for c, i in zip(MINIMAL_CODES, _MINIMAL_AT) if row[i] > 0)
        kurang = tuple(c for c in MINIMAL_CODES if c not in ada)
        total = sum(row[i] for i in _JENIS_AT)
        if tanpa or not penduduk:  # unknown or 0: the formula says why
            rasio = per_10000(total, penduduk, int(tanpa or 0))
            value, why = rasio.nilai, rasio.alasan
        else:
            value, why = total / penduduk * PER, ""
        out.append((kode, nama, kkab, nkab, total, penduduk, value, why, len(ada),
                    ", ".join(short[c] for c in kurang), DOKTER in kurang, *row, ada, kurang, not kurang, True))
    out.sort(key=lambda r: (not r[-1], urutan_perhatian(r[10], r[8] or 0, str(r[1]))))
    if not out:
        return pd.DataFrame({c: pd.Series(dtype=bool if c in _FLAGS else object) for c in TABLE_COLUMNS})
    # each column an array of its own (Series would be aligned on their index, column by column)
    return pd.DataFrame({c: np.array(v, dtype=bool) if c in _FLAGS else np.fromiter(v, dtype=object, count=len(v))
                         for c, v in zip(TABLE_COLUMNS, zip(*out))})


_FLAGS = ("tanpa_dokter", "lengkap", "ada_data")


def _int(value) -> int:
    return 0 if value is None or pd.isna(value) else int(value)


def lacking_by_type(table: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """For each minimum type, the names of the Puskesmas of `table` (per_puskesmas) lacking it."""
    lacking: dict[str, list[str]] = {code: [] for code in MINIMAL_CODES}
    for nama, kurang in zip(table["nama"], table["kurang"]):
        for code in kurang:
            lacking[code].append(nama)
    return list(lacking.items())


BY_LEVEL_COLUMNS = ["kode", "nama", "jumlah_puskesmas", "puskesmas_melapor", "puskesmas_9_jenis",
                    "puskesmas_tanpa_dokter", "tenaga_aktif", "penduduk", "per_10000", "keterangan", "jenis_minimal",
                    "jenis_kurang", "tanpa_dokter", *JENIS_COLUMNS, *STATUS_COLUMNS]


def by_level(conn: Connection, scope: Scope, area: Area, tingkat: Level, asof: date) -> pd.DataFrame:
    """One row per area of `tingkat` (puskesmas, kabupaten, provinsi, nasional) inside `area`,
    numerators summed before dividing (BY_LEVEL_COLUMNS; jenis_minimal, jenis_kurang and
    tanpa_dokter only for a Puskesmas), sorted by kode. A ratio over Puskesmas that have not
    all reported, or whose population is not known, is empty with the reason."""
    table = per_puskesmas(conn, scope, area, asof)
    counts = [*JENIS_COLUMNS, *STATUS_COLUMNS]
    table["jumlah_puskesmas"] = 1
    table["puskesmas_melapor"] = table["ada_data"].astype(int)
    table["puskesmas_9_jenis"] = (table["lengkap"] & table["ada_data"]).astype(int)
    table["puskesmas_tanpa_dokter"] = (table["tanpa_dokter"] & table["ada_data"]).astype(int)
    table[counts + ["tenaga_aktif"]] = table[counts + ["tenaga_aktif"]].astype(float)
    if tingkat == Level.PUSKESMAS:
        out = table.copy()
        out["tanpa_dokter"] = [("Y" if t else "T") if a else "" for t, a in zip(table["tanpa_dokter"],
                                                                              table["ada_data"])]
        return _whole(out[BY_LEVEL_COLUMNS].sort_values("kode", ignore_index=True))
    if tingkat == Level.KABUPATEN:
        table["_key"] = table["kode_kabupaten"]
    elif tingkat == Level.PROVINSI:
        table["_key"] = table["kode_kabupaten"].str[:2]
    else:
        table["_key"] = ""
    names = _names(conn, tingkat)
    rows = []
    for kode, group in table.groupby("_key", sort=True):
        missing = int((~group["ada_data"]).sum())
        unknown = int((group["penduduk"].isna() | group["keterangan"].str.startswith("jumlah penduduk")).sum())
        total = int(group["tenaga_aktif"].fillna(0).sum())
        if missing:
            value, why = None, f"{missing} Puskesmas {NO_UPLOAD}"
        elif unknown:
            value, why = None, f"jumlah penduduk {unknown} Puskesmas belum lengkap di data wilayah"
        else:
            rasio = per_10000(total, float(group["penduduk"].sum()))
            value, why = rasio.nilai, rasio.alasan
        rows.append({"kode": kode or None, "nama": names.get(kode, "Indonesia"), "jumlah_puskesmas": len(group),
                     "puskesmas_melapor": len(group) - missing,
                     "puskesmas_9_jenis": int(group["puskesmas_9_jenis"].sum()),
                     "puskesmas_tanpa_dokter": int(group["puskesmas_tanpa_dokter"].sum()),
                     "tenaga_aktif": total, "penduduk": None if unknown else float(group["penduduk"].sum()),
                     "per_10000": value, "keterangan": why, "jenis_minimal": None, "jenis_kurang": "",
                     "tanpa_dokter": "", **{c: int(group[c].fillna(0).sum()) for c in counts}})
    return _whole(pd.DataFrame(rows, columns=BY_LEVEL_COLUMNS))


_WHOLE = ["jumlah_puskesmas", "puskesmas_melapor", "puskesmas_9_jenis", "puskesmas_tanpa_dokter", "tenaga_aktif",
          "penduduk", "jenis_minimal", *JENIS_COLUMNS, *STATUS_COLUMNS]


def _whole(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts as whole numbers with empty cells (32, not 32.0)."""
    for column in _WHOLE:
        frame[column] = pd.array([None if v is None or pd.isna(v) else int(v) for v in frame[column]], dtype="Int64")
    return frame


def _names(conn: Connection, level: Level) -> dict[str, str]:
    table = {Level.KABUPATEN: schema.kabupaten, Level.PROVINSI: schema.provinsi}.get(level)
    if table is None:
        return {}
    return dict(conn.execute(select(table.c.kode, table.c.nama)).all())


# --- the page's summary row --------------------------------------------------------------------

def ringkasan(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int | None) -> list[Ringkasan]:
    """The staff figures of Klaster 1's summary row: for a Puskesmas (or a desa's) the nine
    minimum types and its active staff; for a Dinkes the Puskesmas with all nine types and those
    without a doctor. Empty without any staff data in the area."""
    if not has_staff(conn, scope, area):
        return []
    asof = asof_date(tahun, bulan)
    when = f"per {asof:%d/%m/%Y}"
    if kabupaten.compares_kabupaten(shown_area(area)):
        return _ringkasan_kabupaten(by_kabupaten(conn, scope, shown_area(area), asof), when)
    table = per_puskesmas(conn, scope, area, asof)
    if shown_area(area).level == Level.PUSKESMAS:
        row = table.iloc[0]
        k = kelengkapan({c: int(row[f"tenaga_{c}"]) for c in MINIMAL_CODES})
        status = "baik" if k.lengkap else "jelek" if k.tanpa_dokter else "cukup"
        note = "lengkap" if k.lengkap else f"kurang: {k.kurang_teks}"
        rasio = "" if row["per_10000"] is None or pd.isna(row["per_10000"]) else \
            f"{fmt.angka(row['per_10000'], 1)} per 10.000 penduduk; "
        return [Ringkasan("Jenis tenaga minimal", f"{k.jumlah} dari {len(MINIMAL_CODES)}", note, status),
                Ringkasan("Tenaga aktif", fmt.angka(int(row["tenaga_aktif"])), f"{rasio}{when}")]
    reported = table[table["ada_data"]]
    ada, semua = share_lengkap(kelengkapan(dict.fromkeys(present, 1)) for present in reported["jenis_ada"])
    tanpa = int(reported["tanpa_dokter"].sum())
    share = fmt.persen(ada / semua) if semua else fmt.NO_DATA
    missing = len(table) - len(reported)
    note = f"{share}; {when}" + (f"; {missing} Puskesmas belum mengunggah" if missing else "")
    names = ", ".join(reported.loc[reported["tanpa_dokter"], "nama"].head(3))
    return [Ringkasan("Puskesmas dengan 9 jenis tenaga", f"{ada} dari {semua}", note,
                      "baik" if semua and ada == semua else "cukup"),
            Ringkasan("Puskesmas tanpa dokter", fmt.angka(tanpa), (names + ("…" if tanpa > 3 else "")) or when,
                      "jelek" if tanpa else "baik")]


# --- a province's (the country's) view: one row per kabupaten (provinsi) -----------------------

KURANG_COLUMNS = [f"kurang_{c}" for c in MINIMAL_CODES]
CHILD_COLUMNS = ["kode", "nama", "jumlah_puskesmas", "puskesmas_melapor", "tenaga_aktif", "lengkap",
                 *KURANG_COLUMNS, "penduduk", "per_10000", "keterangan"]
_SUMMED = ["puskesmas_melapor", "tenaga_aktif", "lengkap", *KURANG_COLUMNS]


def _before_start(conn: Connection, scope: Scope, area: Area, asof: date) -> dict[str, list[int]]:
    """Per kabupaten (per provinsi) of the area, what its stored sums (_SUMMED, every active
    staff) must lose for `asof`: the staff who started after it, and the Puskesmas among theirs
    that lacked a minimum type (or all nine) on that date, judged from their stored minimum types
    (a thousand Puskesmas for a date a year back: counted as arrays)."""
    late = _late(conn, asof)
    if not late:
        return {}
    parents = kabupaten.parents(conn, scope, area)  # the area's Puskesmas → their kabupaten (provinsi)
    keys = sorted(set(parents.values()))
    at = {k: i for i, k in enumerate(keys)}
    out = np.zeros((len(keys), len(_SUMMED)), dtype=np.int64)
    minimal: dict[str, np.ndarray] = {}
    for kode, jenis_code, _status, n in late:
        parent = parents.get(kode)
        if parent is None:
            continue
        out[at[parent], 1] += int(n)  # tenaga aktif
        if jenis_code in _MINIMAL_AT_CODE:
            minimal.setdefault(kode, np.zeros(len(MINIMAL_CODES), dtype=np.int64))[_MINIMAL_AT_CODE[jenis_code]] += n
    codes = sorted(minimal)
    columns = [rk.c[f"tenaga_{c}"] for c in MINIMAL_CODES]
    stored = []
    for i in range(0, len(codes), 500):
        stored += conn.execute(select(rk.c.kode_puskesmas, *columns)
                               .where(rk.c.kode_puskesmas.in_(codes[i:i + 500]))).all()
    if stored:
        now = np.array([row[1:] for row in stored], dtype=np.int64)
        then = now - np.array([minimal[row[0]] for row in stored])
        lack_now, lack_then = now <= 0, then <= 0
        diff = np.column_stack([~lack_now.any(axis=1), lack_now]).astype(np.int64) - \
            np.column_stack([~lack_then.any(axis=1), lack_then]).astype(np.int64)
        np.add.at(out[:, 2:], [at[parents[row[0]]] for row in stored], diff)
    return {k: out[i].tolist() for k, i in at.items() if out[i].any()}


_MINIMAL_AT_CODE = {c: i for i, c in enumerate(MINIMAL_CODES)}


def _population(conn: Connection, scope: Scope, area: Area) -> dict[str, tuple[float | None, int]]:
    """Per kabupaten (per provinsi) of the area: the population of its desa that have a
    Puskesmas (None when none is known) and how many of them have no jumlah_penduduk."""
    require_in_scope(scope, area)
    key = desa.c.kode_kabupaten if area.level == Level.PROVINSI else desa.c.kode_provinsi
    stmt = (select(key, func.sum(desa.c.jumlah_penduduk),
                   func.sum(case((desa.c.jumlah_penduduk.is_(None), 1), else_=0)))
            .where(*_desa_of(area), desa.c.kode_puskesmas.isnot(None)).group_by(key))
    return {k: (None if pop is None else float(pop), int(tanpa or 0)) for k, pop, tanpa in conn.execute(stmt).all()}


@cached_by_version(maxsize=64)
def by_kabupaten(conn: Connection, scope: Scope, area: Area, asof: date) -> pd.DataFrame:
    """A province's kabupaten (the country's provinsi), one row each by name (CHILD_COLUMNS):
    its Puskesmas, those that reported staff, its active staff on `asof`, the Puskesmas with all
    nine minimum types and those lacking each type (counted per Puskesmas, summed), and staff
    per 10.000 penduduk (empty with the reason while a Puskesmas has not reported or a desa's
    population is unknown). Read from sdm_ringkasan_kabupaten."""
    rows = kabupaten.child_sums(conn, scope, area, kabupaten.SDM, _SUMMED)
    minus = _before_start(conn, scope, area, asof)
    population = _population(conn, scope, area)
    out = []
    for kode, nama, puskesmas, *stored in rows:
        sums = [0 if v is None else int(v) for v in stored]
        sums = [s - m for s, m in zip(sums, minus.get(kode, [0] * len(sums)))]
        melapor, total = sums[0], sums[1]
        pop, tanpa = population.get(kode, (None, 0))
        missing = puskesmas - melapor
        if not melapor:
            value, why = None, NO_UPLOAD
        elif missing:
            value, why = None, f"{fmt.angka(missing)} Puskesmas {NO_UPLOAD}"
        else:
            rasio = per_10000(total, pop, tanpa)
            value, why = rasio.nilai, rasio.alasan
        out.append((kode, nama, puskesmas, *sums, pop, value, why))
    return _frame(out, CHILD_COLUMNS)


def lacking_by_kabupaten(table: pd.DataFrame) -> list[tuple[str, int, list[str]]]:
    """For each minimum type: the Puskesmas lacking it in all of `table` (by_kabupaten) and the
    kabupaten (provinsi) where they are, most first, as 'nama (n)'."""
    out = []
    for code in MINIMAL_CODES:
        counts = [(int(n), nama) for nama, n in zip(table["nama"], table[f"kurang_{code}"]) if n]
        counts.sort(key=lambda c: (-c[0], c[1]))
        out.append((code, sum(n for n, _ in counts), [f"{nama} ({fmt.angka(n)})" for n, nama in counts]))
    return out


def _ringkasan_kabupaten(table: pd.DataFrame, when: str) -> list[Ringkasan]:
    """The summary row of a province (the country) from its kabupaten's (provinsi's) sums."""
    ada, semua = int(table["lengkap"].sum()), int(table["puskesmas_melapor"].sum())
    tanpa = int(table["kurang_dokter"].sum())
    share = fmt.persen(ada / semua) if semua else fmt.NO_DATA
    missing = int(table["jumlah_puskesmas"].sum()) - semua
    note = f"{share}; {when}" + (f"; {missing} Puskesmas belum mengunggah" if missing else "")
    worst = table[table["kurang_dokter"] > 0].sort_values(["kurang_dokter", "nama"], ascending=[False, True])
    names = ", ".join(f"{nama} ({fmt.angka(n)})" for nama, n in zip(worst["nama"].head(3), worst["kurang_dokter"]))
    return [Ringkasan("Puskesmas dengan 9 jenis tenaga", f"{ada} dari {semua}", note,
                      "baik" if semua and ada == semua else "cukup"),
            Ringkasan("Puskesmas tanpa dokter", fmt.angka(tanpa), (names + ("…" if len(worst) > 3 else "")) or when,
                      "jelek" if tanpa else "baik")]
