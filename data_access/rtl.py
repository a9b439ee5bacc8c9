"""The follow-up plan (RTL, rencana tindak lanjut) of the lokakarya mini: reads and writes,
scoped. A Puskesmas writes its own RTL (a user whose wilayah is that Puskesmas and whose role
is at least pengelola data); anyone whose scope holds the Puskesmas reads it."""
from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, and_, or_, select

from data_access import schema
from data_access.db import bump_version
from data_access.schema import RTL_STATUS
from data_access.users import Event, audit
from data_access.wilayah import desa_filter, scope_filter
from domain.access import AccessDenied, Role, Viewer
from domain.codes import Level
from domain.wilayah import Area, Scope, require_in_scope
from indicators.columns import Columns, strings
from indicators.rtl import BELUM, RtlInput

OPEN = ("belum", "berjalan")


def writable_puskesmas(viewer: Viewer) -> str | None:
    """The Puskesmas whose RTL `viewer` records and changes (its own, for a pengelola data or
    above), or None: everyone else only reads."""
    if viewer.role.at_least(Role.PENGELOLA) and viewer.scope.level == Level.PUSKESMAS:
        return viewer.scope.kode
    return None


def can_write(viewer: Viewer, kode_puskesmas: str) -> bool:
    """Whether `viewer` may record or change the RTL of Puskesmas `kode_puskesmas`."""
    return writable_puskesmas(viewer) == kode_puskesmas


def _previous(tahun: int, bulan: int) -> tuple[int, int]:
    return (tahun - 1, 12) if bulan == 1 else (tahun, bulan - 1)


def carried_over(conn: Connection, kode_puskesmas: str, tahun: int, bulan: int) -> list[dict]:
    """The RTL that open the deck of (tahun, bulan): every one recorded at last month's
    meeting, and the earlier ones still open (belum, berjalan), oldest first. The caller has
    checked that the Puskesmas is in the viewer's scope."""
    r = schema.rtl
    last_year, last_month = _previous(tahun, bulan)
    before = or_(r.c.tahun < tahun, and_(r.c.tahun == tahun, r.c.bulan < bulan))
    last = and_(r.c.tahun == last_year, r.c.bulan == last_month)
    stmt = (select(r).where(r.c.kode_puskesmas == kode_puskesmas, before,
                            or_(last, r.c.status.in_(OPEN)))
            .order_by(r.c.tahun, r.c.bulan, r.c.id))
    return [dict(row) for row in conn.execute(stmt).mappings()]


# --- writing ------------------------------------------------------------------------------

REFUSED = ("RTL hanya dapat dicatat dan diubah oleh pengelola data Puskesmas itu sendiri; "
           "Anda dapat membacanya.")
NOT_FOUND = "RTL itu tidak ditemukan di wilayah Anda."


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def desa_of(conn: Connection, scope: Scope, kode_puskesmas: str) -> Columns:
    """The desa of a Puskesmas inside the viewer's scope, by name: kode, nama."""
    d = schema.desa
    rows = conn.execute(select(d.c.kode, d.c.nama).where(d.c.kode_puskesmas == kode_puskesmas,
                                                         scope_filter(scope)).order_by(d.c.nama)).all()
    return Columns(kode=strings([r[0] for r in rows]), nama=strings([r[1] for r in rows]))


def add_rtl(conn: Connection, viewer: Viewer, kode_puskesmas: str, item: RtlInput) -> int:
    """Store a checked RTL for the viewer's own Puskesmas, attributed to them, with an audit
    row in the same transaction; returns its id. AccessDenied for anyone else, and for a desa
    outside the Puskesmas (checked again here: the form's check is not the only gate)."""
    if not can_write(viewer, kode_puskesmas):
        raise AccessDenied(REFUSED)
    if item.kode_desa is not None and item.kode_desa not in set(desa_of(conn, viewer.scope, kode_puskesmas)["kode"]):
        raise AccessDenied("Desa itu bukan desa Puskesmas Anda.")
    now = _now()
    new_id = conn.execute(schema.rtl.insert().values(
        kode_puskesmas=kode_puskesmas, tahun=item.tahun, bulan=item.bulan, masalah=item.masalah,
        penyebab=item.penyebab, tindakan=item.tindakan, pj=item.pj, tenggat=item.tenggat,
        indikator=item.indikator, kode_desa=item.kode_desa, status=BELUM, catatan="",
        dibuat_oleh=viewer.label[:64], dibuat=now, diubah_oleh=viewer.label[:64], diubah=now,
    ).returning(schema.rtl.c.id)).scalar_one()
    bump_version(conn)  # the cached decks read the RTL: a new one must show at once
    audit(conn, Event.RTL, viewer=viewer,
          rincian=f"catat RTL {new_id}, Puskesmas {kode_puskesmas}, rapat {item.tahun}-{item.bulan:02d}: "
                  f"{item.masalah[:200]}")
    return int(new_id)


def update_status(conn: Connection, viewer: Viewer, rtl_id: int, status: str, catatan: str) -> None:
    """Change an RTL's status and note (checked by indicators.rtl.check_status), attributed
    and audited. An RTL the viewer cannot see reads as one that does not exist; one they see
    but may not change is refused."""
    if status not in RTL_STATUS:
        raise ValueError(f"status {status!r}")
    row = get_rtl(conn, viewer.scope, rtl_id)
    if row is None:
        raise AccessDenied(NOT_FOUND)
    if not can_write(viewer, row["kode_puskesmas"]):
        raise AccessDenied(REFUSED)
    r = schema.rtl
    conn.execute(r.update().where(r.c.id == row["id"]).values(
        status=status, catatan=catatan, diubah_oleh=viewer.label[:64], diubah=_now()))
    bump_version(conn)
    audit(conn, Event.RTL, viewer=viewer,
          rincian=f"ubah RTL {row['id']}, Puskesmas {row['kode_puskesmas']}: {row['status']} → {status}"
                  + (f"; {catatan[:200]}" if catatan else ""))


# --- reading ------------------------------------------------------------------------------

def _puskesmas_inside(scope: Scope, area: Area | None = None):
    """The Puskesmas codes inside the scope (and the area)."""
    d = schema.desa
    inside = [scope_filter(scope, area)]
    if area is not None:
        inside.append(desa_filter(area))
    return select(d.c.kode_puskesmas).where(*inside)


def get_rtl(conn: Connection, scope: Scope, rtl_id) -> dict | None:
    """One RTL by id, when it is inside the viewer's scope; None otherwise (and for an id
    that is not a whole number)."""
    if isinstance(rtl_id, bool) or not isinstance(rtl_id, int) or not 0 < rtl_id < 2**31:
        return None
    r = schema.rtl
    row = conn.execute(select(r).where(r.c.id == rtl_id, r.c.kode_puskesmas.in_(_puskesmas_inside(scope)))
                       ).mappings().first()
    return dict(row) if row else None


LIST_COLUMNS = ["id", "kode_puskesmas", "nama_puskesmas", "tahun", "bulan", "masalah", "penyebab",
                "tindakan", "pj", "tenggat", "indikator", "kode_desa", "nama_desa", "status", "catatan",
                "dibuat_oleh", "dibuat", "diubah_oleh", "diubah"]


def list_rtl(conn: Connection, scope: Scope, area: Area, tahun: int | None = None,
             bulan: int | None = None) -> pd.DataFrame:
    """The RTL of the Puskesmas inside `area` (a desa: the RTL that target it), newest
    meeting first; only the meeting year `tahun` (and month `bulan`) when given."""
    require_in_scope(scope, area)
    r, p, d = schema.rtl, schema.puskesmas, schema.desa
    stmt = (select(r.c.id, r.c.kode_puskesmas, p.c.nama.label("nama_puskesmas"), r.c.tahun, r.c.bulan,
                   r.c.masalah, r.c.penyebab, r.c.tindakan, r.c.pj, r.c.tenggat, r.c.indikator,
                   r.c.kode_desa, d.c.nama.label("nama_desa"), r.c.status, r.c.catatan,
                   r.c.dibuat_oleh, r.c.dibuat, r.c.diubah_oleh, r.c.diubah)
            .select_from(r.join(p, p.c.kode == r.c.kode_puskesmas).outerjoin(d, d.c.kode == r.c.kode_desa))
            .where(r.c.kode_puskesmas.in_(_puskesmas_inside(scope, area.map_area))))
    if area.level == Level.DESA:
        stmt = stmt.where(r.c.kode_desa == area.kode)
    if tahun is not None:
        stmt = stmt.where(r.c.tahun == tahun)
    if bulan is not None:
        stmt = stmt.where(r.c.bulan == bulan)
    stmt = stmt.order_by(r.c.tahun.desc(), r.c.bulan.desc(), r.c.kode_puskesmas, r.c.id.desc())
    return pd.DataFrame(conn.execute(stmt).all(), columns=LIST_COLUMNS)
