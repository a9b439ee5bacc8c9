"""Klaster 1 mutu's figure for the page's summary row (callbacks/klaster_1.py SUMMARIES): how
many of the eight national quality indicators meet their target, from the PWS engine."""
from __future__ import annotations

from sqlalchemy import Connection

from data_access.k1_keuangan import month_of_codes
from data_access.pws import pws_totals
from domain.codes import Level
from domain.wilayah import Area, Scope
from indicators import format as fmt
from indicators.klaster1 import Ringkasan
from indicators.program import MUTU
from indicators.pws import BULAN

MUTU_CODES = tuple(f"mutu_{code}" for code, *_ in MUTU)


def ringkasan(conn: Connection, scope: Scope, area: Area, tahun: int,
                   bulan: int | None) -> list[Ringkasan]:
    """How many of the eight national quality indicators meet their target that month."""
    month = month_of_codes(conn, scope, area, tahun, bulan, MUTU_CODES)
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


def per_indikator(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int | None):
    """(note, rows) of the eight quality indicators of the area (its Puskesmas for a desa) at
    the month (None: the latest with a report): label, pembilang, penyebut, nilai, target,
    status, alasan; None when nothing was reported that year."""
    month = month_of_codes(conn, scope, area, tahun, bulan, MUTU_CODES)
    if month is None:
        return None
    rows = [{"label": r["label"], "pembilang": r["capaian_kumulatif"], "penyebut": r["sasaran"],
             "nilai": r["cakupan_kumulatif"], "target": r["target_bulan_ini"], "status": r["status"] or None,
             "alasan": r["alasan"]} for r in pws_totals(conn, scope, area, tahun, month, MUTU_CODES)]
    where = area.map_area.nama if area.level == Level.DESA else area.nama
    return f"{where}, {BULAN[month - 1]} {tahun} (nilai bulan itu saja)", rows
