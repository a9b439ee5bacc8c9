"""Klaster 1 summary-row figures of keuangan and mutu (callbacks/klaster_1.py SUMMARIES):
read through the PWS engine (data_access.pws pws_totals), so the numbers are the PWS
panel's."""
from __future__ import annotations

from sqlalchemy import Connection

from data_access.pws import default_month, pws_totals
from domain.wilayah import Area, Scope
from indicators import format as fmt
from indicators.klaster1 import Ringkasan
from indicators.program import INDICATOR_BY_CODE, MUTU
from indicators.pws import BULAN

MUTU_CODES = tuple(f"mutu_{code}" for code, *_ in MUTU)


def _month(conn, scope, area, tahun, bulan, codes) -> int | None:
    registers = tuple(sorted({r for c in codes for r in INDICATOR_BY_CODE[c].registers}))
    return bulan or default_month(conn, scope, area.map_area, tahun, registers)


def ringkasan(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int | None) -> list[Ringkasan]:
    """Budget realisation (all sources) against its linear target at the month."""
    codes = ("realisasi_total",)
    month = _month(conn, scope, area, tahun, bulan, codes)
    if month is None:
        return [Ringkasan("Realisasi anggaran", "–", f"belum ada laporan keuangan tahun {tahun}")]
    row = pws_totals(conn, scope, area, tahun, month, codes)[0]
    ind = INDICATOR_BY_CODE["realisasi_total"]
    note = (row["alasan"] or f"target s.d. {BULAN[month - 1]}: {ind.text(row['target_bulan_ini'])}; "
            f"Rp {fmt.angka(row['capaian_kumulatif'])} dari Rp {fmt.angka(row['sasaran'])}")
    return [Ringkasan("Realisasi anggaran", ind.text(row["cakupan_kumulatif"]), note, row["status"] or None)]


def ringkasan_mutu(conn: Connection, scope: Scope, area: Area, tahun: int,
                   bulan: int | None) -> list[Ringkasan]:
    """How many of the eight national quality indicators meet their target that month."""
    month = _month(conn, scope, area, tahun, bulan, MUTU_CODES)
    if month is None:
        return [Ringkasan("Indikator mutu mencapai target", "–", f"belum ada laporan mutu tahun {tahun}")]
    rows = pws_totals(conn, scope, area, tahun, month, MUTU_CODES)
    valued = [r for r in rows if not fmt.is_missing(r["cakupan_kumulatif"])
              and not fmt.is_missing(r["target_bulan_ini"])]
    met = sum(r["cakupan_kumulatif"] >= r["target_bulan_ini"] - 1e-12 for r in valued)
    if not valued:
        return [Ringkasan("Indikator mutu mencapai target", "–", f"belum ada laporan mutu {BULAN[month - 1]}")]
    status = "baik" if met == len(valued) else "kurang" if met >= len(valued) / 2 else "jelek"
    return [Ringkasan("Indikator mutu mencapai target", f"{met} dari {len(valued)}",
                      f"{BULAN[month - 1]} {tahun}; rincian di bagian Mutu", status)]
