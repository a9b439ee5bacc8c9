"""The follow-up plan (RTL, rencana tindak lanjut) of the lokakarya mini: reads and writes,
scoped. A Puskesmas writes its own RTL (a user whose wilayah is that Puskesmas and whose role
is at least pengelola data); anyone whose scope holds the Puskesmas reads it."""
from __future__ import annotations

from sqlalchemy import Connection, and_, or_, select

from data_access import schema
from domain.access import Role, Viewer
from domain.codes import Level

OPEN = ("belum", "berjalan")


def can_write(viewer: Viewer, kode_puskesmas: str) -> bool:
    """Whether `viewer` may record or change the RTL of Puskesmas `kode_puskesmas`."""
    return (viewer.role.at_least(Role.PENGELOLA) and viewer.scope.level == Level.PUSKESMAS
            and viewer.scope.kode == kode_puskesmas)


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
