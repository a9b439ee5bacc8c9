"""The families to visit (issue 16): the optional columns of the keluarga dataset (nama kepala
keluarga, alamat, RT, RW) stored per family, and the families of a desa whose latest answer on
one PIS-PK indicator is T. Names and addresses are personal data: only a Puskesmas' own
pengelola data and admin read them (refusal() says who may), never a Dinkes account; the query
checks this itself, so no caller can forget it."""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Connection, and_, bindparam, func, select

from data_access import schema
from data_access.db import upsert
from data_access.wilayah import resolve_area
from domain.access import AccessDenied, Role, Viewer
from domain.codes import Level
from domain.wilayah import Area
from indicators.kunjungan_rumah import ALAMAT_COLUMNS, LIST_COLUMNS, sort_families
from indicators.registry import IKS_CODES

# who may see the list: the pengelola data and admin of a Puskesmas (or of a desa, should a
# desa ever be a user's wilayah); a Dinkes account, whatever its role, sees the coverage only
LIST_LEVELS = (Level.PUSKESMAS, Level.DESA)
LIST_ROLE = Role.PENGELOLA
_BATCH = 5_000  # ids per IN (...): below SQLite's 32,766 variables


def refusal(viewer: Viewer) -> str | None:
    """Why `viewer` may not see any family list, or None."""
    if viewer.scope.level not in LIST_LEVELS:
        return ("Daftar keluarga yang perlu dikunjungi memuat nama dan alamat keluarga, jadi hanya "
                "pengelola data dan admin Puskesmas yang dapat melihat dan mengunduhnya, untuk desa di "
                "wilayah Puskesmasnya sendiri. Akun tingkat "
                f"{viewer.scope.level.label.lower()} melihat cakupan setiap indikator per desa di halaman IKS.")
    if not viewer.role.at_least(LIST_ROLE):
        return ("Daftar keluarga yang perlu dikunjungi memuat nama dan alamat keluarga, jadi hanya "
                f"pengelola data dan admin Puskesmas yang dapat melihatnya; akun Anda ({viewer.role.label.lower()}) "
                "tidak. Mintalah kepada pengelola data Puskesmas Anda.")
    return None


def visible_desa(conn: Connection, viewer: Viewer, kode: str | None) -> Area:
    """The desa `kode` when `viewer` may list its families; raises AccessDenied, or WilayahError
    for a desa outside the viewer's wilayah (in the words of an unknown code)."""
    reason = refusal(viewer)
    if reason:
        raise AccessDenied(reason)
    return resolve_area(conn, viewer.scope, Level.DESA, kode)


def desa_options(conn: Connection, viewer: Viewer, area: Area) -> list[tuple[str, str]]:
    """(kode, nama) of the desa of `area` (a desa: of its Puskesmas) the viewer may list, by
    name; [] when refused."""
    if refusal(viewer):
        return []
    desa = schema.desa
    stmt = select(desa.c.kode, desa.c.nama)
    # a desa is offered among its Puskesmas' desa (the filter's desa is then the one chosen)
    puskesmas = area.code_at(Level.PUSKESMAS)
    if puskesmas is not None:
        stmt = stmt.where(desa.c.kode_puskesmas == puskesmas)
    # always inside the viewer's own Puskesmas (or desa), whatever area the filter names
    own = {Level.PUSKESMAS: desa.c.kode_puskesmas, Level.DESA: desa.c.kode}[viewer.scope.level]
    rows = conn.execute(stmt.where(own == viewer.scope.kode).order_by(desa.c.nama, desa.c.kode)).all()
    return [(r.kode, r.nama) for r in rows]


def families_to_visit(conn: Connection, viewer: Viewer, kode_desa: str | None, indikator: str) -> pd.DataFrame:
    """The families whose latest visit (of all their visits, wherever) is in desa `kode_desa`
    and answered T on `indikator`: LIST_COLUMNS, sorted by RW, RT, then name or id. Refused
    (AccessDenied, WilayahError) unless `viewer` may list that desa; ValueError for an
    unknown indicator."""
    desa = visible_desa(conn, viewer, kode_desa)
    if indikator not in IKS_CODES:
        raise ValueError(f"indikator '{str(indikator)[:40]}' tidak dikenal")
    k, a = schema.kunjungan_keluarga, schema.keluarga_alamat
    in_desa = select(k.c.id_keluarga).where(k.c.kode_desa == bindparam("desa"))
    latest = (select(k.c.id_keluarga, func.max(k.c.tanggal_kunjungan).label("terakhir"))
              .where(k.c.id_keluarga.in_(in_desa)).group_by(k.c.id_keluarga).subquery())
    stmt = (select(k.c.id_keluarga, k.c.tanggal_kunjungan, *[a.c[c] for c in ALAMAT_COLUMNS])
            .join(latest, and_(k.c.id_keluarga == latest.c.id_keluarga,
                               k.c.tanggal_kunjungan == latest.c.terakhir))
            .outerjoin(a, a.c.id_keluarga == k.c.id_keluarga)
            .where(k.c.kode_desa == bindparam("desa"), k.c[indikator] == "T"))
    rows = conn.execute(stmt, {"desa": desa.kode}).all()
    frame = pd.DataFrame({c: list(v) for c, v in zip(LIST_COLUMNS, zip(*rows))} if rows
                         else {c: pd.Series(dtype=object) for c in LIST_COLUMNS})
    return sort_families(frame)


# --- writing (the keluarga import, the demo) ----------------------------------------------

def store_alamat(conn: Connection, rows: pd.DataFrame) -> int:
    """Keep each family's optional columns from its latest visit that carried them. `rows`:
    id_keluarga, tanggal_kunjungan (ISO text or date) and the optional columns the file has
    (ALAMAT_COLUMNS; at least one). A family's stored values from a later visit stay; a column
    the file lacks keeps its stored value; a blank cell of the latest visit is stored blank.
    Returns the number of families written."""
    present = [c for c in ALAMAT_COLUMNS if c in rows]
    if not present or rows.empty:
        return 0
    frame = rows[["id_keluarga", "tanggal_kunjungan", *present]].copy()
    frame["tanggal_kunjungan"] = [v if isinstance(v, date) else date.fromisoformat(str(v))
                                  for v in frame["tanggal_kunjungan"]]
    frame = (frame.sort_values(["id_keluarga", "tanggal_kunjungan"], kind="stable")
             .drop_duplicates("id_keluarga", keep="last"))
    stored = _stored(conn, list(frame["id_keluarga"]))
    records = []
    for row in frame.to_dict("records"):
        old = stored.get(row["id_keluarga"])
        if old is not None and old["tanggal_kunjungan"] > row["tanggal_kunjungan"]:
            continue  # a later visit already gave this family's values
        record = {"id_keluarga": row["id_keluarga"], "tanggal_kunjungan": row["tanggal_kunjungan"]}
        for c in ALAMAT_COLUMNS:
            value = row[c] if c in present else (old[c] if old is not None else None)
            record[c] = _clean(c, value)
        records.append(record)
    upsert(conn, schema.keluarga_alamat, records, ["id_keluarga"])
    return len(records)


def _clean(column: str, value):
    if value is None or (isinstance(value, float) and value != value) or value == "":
        return None
    return int(value) if column in ("rt", "rw") else str(value)


def _stored(conn: Connection, ids: list[str]) -> dict[str, dict]:
    a = schema.keluarga_alamat
    stmt = select(a).where(a.c.id_keluarga.in_(bindparam("ids", expanding=True)))
    found: dict[str, dict] = {}
    for start in range(0, len(ids), _BATCH):
        for row in conn.execute(stmt, {"ids": ids[start:start + _BATCH]}).mappings():
            found[row["id_keluarga"]] = dict(row)
    return found
