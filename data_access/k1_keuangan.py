"""Klaster 1 keuangan's figure for the page's summary row (callbacks/klaster_1.py SUMMARIES):
read through the PWS engine (data_access.pws pws_totals), so the number is the PWS panel's."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

from data_access.pws import default_month, pws_totals
from domain.codes import Level
from domain.wilayah import Area, Scope
from indicators import format as fmt
from indicators.k1_keuangan import months_behind
from indicators.klaster1 import Ringkasan
from indicators.program import INDICATOR_BY_CODE, SUMBER_DANA_ALL
from indicators.pws import BULAN


def month_of_codes(conn, scope, area: Area, tahun: int, bulan: int | None, codes) -> int | None:
    """The month asked for, else the latest month of `tahun` with any of these indicators' registers."""
    registers = tuple(sorted({r for c in codes for r in INDICATOR_BY_CODE[c].registers}))
    return bulan or default_month(conn, scope, area.map_area, tahun, registers)


def ringkasan(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int | None) -> list[Ringkasan]:
    """Budget realisation (all sources) against its linear target at the month."""
    codes = ("realisasi_total",)
    month = month_of_codes(conn, scope, area, tahun, bulan, codes)
    if month is None:
        return [Ringkasan("Realisasi anggaran", "–", f"belum ada laporan keuangan tahun {tahun}")]
    row = pws_totals(conn, scope, area, tahun, month, codes)[0]
    ind = INDICATOR_BY_CODE["realisasi_total"]
    note = (row["alasan"] or f"target s.d. {BULAN[month - 1]}: {ind.text(row['target_bulan_ini'])}; "
            f"Rp {fmt.angka(row['capaian_kumulatif'])} dari Rp {fmt.angka(row['sasaran'])}")
    return [Ringkasan("Realisasi anggaran", ind.text(row["cakupan_kumulatif"]), note, row["status"] or None)]


@dataclass(frozen=True)
class PerSumber:
    note: str
    rows: list  # dicts: label, total, pagu, realisasi, persen, target, status, tertinggal, alasan


def per_sumber(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int | None) -> PerSumber | None:
    """The area's budget per source of funds (its Puskesmas' for a desa) at the month (None: the
    latest with a report), the total first; sources without pagu or spending that year left
    out. None when nothing was reported that year."""
    codes = tuple(f"realisasi_{code}" for code, _ in SUMBER_DANA_ALL)
    month = month_of_codes(conn, scope, area, tahun, bulan, codes)
    if month is None:
        return None
    rows = []
    for r, (code, label) in zip(pws_totals(conn, scope, area, tahun, month, codes), SUMBER_DANA_ALL):
        if fmt.is_missing(r["sasaran"]) and fmt.is_missing(r["capaian_kumulatif"]):
            continue
        rows.append({"label": label[:1].upper() + label[1:], "total": code == "total", "pagu": r["sasaran"],
                     "realisasi": r["capaian_kumulatif"], "persen": r["cakupan_kumulatif"],
                     "target": r["target_bulan_ini"], "status": r["status"] or None,
                     "tertinggal": months_behind(r["capaian_kumulatif"], r["sasaran"], month),
                     "alasan": r["alasan"]})
    where = area.map_area.nama if area.level == Level.DESA else area.nama
    return PerSumber(f"{where}, Januari s.d. {BULAN[month - 1]} {tahun}", rows)
