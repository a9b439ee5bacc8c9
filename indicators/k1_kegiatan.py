"""Klaster 1 planning (kegiatan, the activities of the annual RUK/RPK): the pure formulas of
the section, its summary table, its export and the PWS registers.

Rules (said on screen, see RULE):
- for the period January..m an activity counts when it was *planned* in January..m;
- it is *done* when terlaksana = Y and its month done (bulan_terlaksana; when blank, the
  planned month) is ≤ m. An activity done later than planned therefore counts as done from
  the month it was done; until then it is on the list of late activities;
- *late*: planned in January..m and not done by the end of m;
- budgets: the anggaran of the activities planned in the period and of those done (a blank
  anggaran adds nothing).
"""
from __future__ import annotations

from types import MappingProxyType

import numpy as np
import pandas as pd

KLASTER = MappingProxyType({1: "Klaster 1 Manajemen", 2: "Klaster 2 Ibu dan anak", 3: "Klaster 3 Usia dewasa "
                            "dan lansia", 4: "Klaster 4 Penanggulangan penyakit menular",
                            5: "Lintas klaster"})
KLASTER_PENDEK = MappingProxyType({1: "K1 Manajemen", 2: "K2 Ibu & anak", 3: "K3 Dewasa & lansia",
                                   4: "K4 Penyakit menular", 5: "Lintas klaster"})
RULE = ("Periode Januari s.d. bulan terpilih: kegiatan yang direncanakan pada periode itu. Terlaksana = "
        "Y dengan bulan terlaksana ≤ bulan terpilih (kosong: dianggap bulan rencananya). Kegiatan yang "
        "terlaksana sesudah bulan rencananya dihitung terlaksana mulai bulan pelaksanaannya; sebelum itu "
        "masuk daftar terlambat.")
REGISTERS = ("kegiatan_rencana", "kegiatan_terlaksana")
SUM_COLUMNS = ["rencana", "terlaksana", "anggaran_rencana", "anggaran_terlaksana", "selesai_bulan_ini"]


def done_month(frame: pd.DataFrame) -> pd.Series:
    """The month each activity was done (bulan_terlaksana, else its planned month); NaN when
    not done (terlaksana T)."""
    month = pd.to_numeric(frame["bulan_terlaksana"], errors="coerce").fillna(frame["bulan_rencana"])
    return month.where(frame["terlaksana"] == "Y")


def in_period(frame: pd.DataFrame, bulan: int) -> pd.DataFrame:
    """The activities planned in January..bulan, with `selesai` (done by its end)."""
    rows = frame[frame["bulan_rencana"] <= bulan].copy()
    rows["selesai"] = (done_month(rows) <= bulan).to_numpy()
    return rows


def _anggaran(frame: pd.DataFrame) -> pd.Series:
    return pd.to_numeric(frame["anggaran"], errors="coerce").fillna(0.0)


def period_sums(frame: pd.DataFrame) -> pd.DataFrame:
    """Per (kode_puskesmas, tahun, klaster) and each month m of 1..12: SUM_COLUMNS for the
    period January..m (selesai_bulan_ini: done in m itself). Every month of every klaster
    that plans anything in the year has a row, zeros before its first activity: a Puskesmas
    with a plan is never read as one without."""
    key = ["kode_puskesmas", "tahun", "klaster"]
    columns = ["kode_puskesmas", "tahun", "bulan", "klaster", *SUM_COLUMNS]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    base = frame.assign(_selesai=done_month(frame), _anggaran=_anggaran(frame))
    groups = base[key].drop_duplicates()
    parts = []
    for m in range(1, 13):
        planned = base[base["bulan_rencana"] <= m]
        done = planned["_selesai"] <= m
        part = pd.DataFrame({
            **{k: planned[k] for k in key},
            "rencana": 1, "terlaksana": done.astype(int),
            "anggaran_rencana": planned["_anggaran"], "anggaran_terlaksana": planned["_anggaran"].where(done, 0.0),
        }).groupby(key, as_index=False).sum()
        now = base[base["_selesai"] == m].groupby(key).size().rename("selesai_bulan_ini").reset_index()
        part = groups.merge(part, on=key, how="left").merge(now, on=key, how="left")
        part = part.fillna(dict.fromkeys(SUM_COLUMNS, 0))
        part["bulan"] = m
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)[columns]
    return out.astype({"rencana": "int64", "terlaksana": "int64", "selesai_bulan_ini": "int64",
                       "anggaran_rencana": "float64", "anggaran_terlaksana": "float64"})


def share(done, planned) -> float | None:
    return None if not planned else float(done) / float(planned)


def klaster_month(frame: pd.DataFrame, bulan: int) -> pd.DataFrame:
    """The klaster × month view of one Puskesmas (or of summed rows): index klaster 1..5 that
    planned anything, columns 1..bulan of (planned that month, of those done by the end of
    `bulan`), and the period's totals. Columns: klaster, m_rencana, m_terlaksana for m in
    1..bulan, rencana, terlaksana."""
    rows = in_period(frame, bulan)
    out = pd.DataFrame({"klaster": sorted(set(rows["klaster"]))})
    for m in range(1, bulan + 1):
        month = rows[rows["bulan_rencana"] == m]
        planned = month.groupby("klaster").size()
        done = month[month["selesai"]].groupby("klaster").size()
        out[f"{m}_rencana"] = out["klaster"].map(planned).fillna(0).astype(int)
        out[f"{m}_terlaksana"] = out["klaster"].map(done).fillna(0).astype(int)
    out["rencana"] = out["klaster"].map(rows.groupby("klaster").size()).fillna(0).astype(int)
    out["terlaksana"] = out["klaster"].map(rows[rows["selesai"]].groupby("klaster").size()).fillna(0).astype(int)
    return out


def late(frame: pd.DataFrame, bulan: int) -> pd.DataFrame:
    """Activities planned in January..bulan and not done by its end, the longest late first
    (planned month), then klaster and id; with `terlambat` the months late at the end of bulan."""
    rows = in_period(frame, bulan)
    rows = rows[~rows["selesai"]].copy()
    rows["terlambat"] = bulan - rows["bulan_rencana"]
    return rows.sort_values(["bulan_rencana", "klaster", "id_kegiatan"], kind="stable").reset_index(drop=True)


def totals(frame: pd.DataFrame, bulan: int) -> dict:
    """The period's planned, done, late and budgets of a Puskesmas' activities."""
    rows = in_period(frame, bulan)
    money = _anggaran(rows)
    return {"rencana": len(rows), "terlaksana": int(rows["selesai"].sum()),
            "terlambat": int((~rows["selesai"]).sum()), "anggaran_rencana": float(money.sum()),
            "anggaran_terlaksana": float(money[rows["selesai"].to_numpy()].sum())}


def kegiatan_registers(frame: pd.DataFrame) -> pd.DataFrame:
    """Monthly registers for the PWS engine: per Puskesmas, year and planned month,
    `kegiatan_rencana` (activities planned that month) and `kegiatan_terlaksana` (of those,
    done: terlaksana Y, whenever). Months without a planned activity have no row."""
    columns = ["kode_puskesmas", "tahun", "bulan", "indikator", "nilai"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    key = ["kode_puskesmas", "tahun", "bulan_rencana"]
    grouped = frame.assign(_y=(frame["terlaksana"] == "Y").astype(int)).groupby(key)
    wide = pd.DataFrame({"kegiatan_rencana": grouped.size(), "kegiatan_terlaksana": grouped["_y"].sum()})
    long = wide.reset_index().melt(id_vars=key, var_name="indikator", value_name="nilai")
    long = long.rename(columns={"bulan_rencana": "bulan"})
    long["nilai"] = long["nilai"].astype(np.int64)
    long["indikator"] = pd.Categorical(long["indikator"], categories=list(REGISTERS))
    long = long.sort_values(["kode_puskesmas", "tahun", "bulan", "indikator"], ignore_index=True)
    long["indikator"] = long["indikator"].astype(str)
    return long[columns]
