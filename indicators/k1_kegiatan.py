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
SEMUA_KLASTER = 0  # the summary's row of a Puskesmas' klaster summed (what a Dinkes table reads)
SUM_COLUMNS = ["rencana", "terlaksana", "anggaran_rencana", "anggaran_terlaksana", "selesai_bulan_ini"]


def records(rows) -> list[dict]:
    """A Puskesmas' activities as dicts: its few dozen rows are counted in plain Python
    (pandas spends more on each call than the counting costs)."""
    return rows.to_dict("records") if isinstance(rows, pd.DataFrame) else list(rows)


def _missing(value) -> bool:
    return value is None or value != value  # None or NaN


def done_in(row: dict) -> int | None:
    """The month an activity was done (bulan_terlaksana, else its planned month); None when
    it was not (terlaksana T)."""
    if row["terlaksana"] != "Y":
        return None
    return int(row["bulan_rencana"] if _missing(row["bulan_terlaksana"]) else row["bulan_terlaksana"])


def in_period(rows, bulan: int) -> list[dict]:
    """The activities planned in January..bulan, each with `selesai` (done by its end)."""
    out = []
    for r in records(rows):
        if r["bulan_rencana"] <= bulan:
            done = done_in(r)
            out.append({**r, "selesai": done is not None and done <= bulan})
    return out


def _rupiah(row: dict) -> float:
    return 0.0 if _missing(row.get("anggaran")) else float(row["anggaran"])


def _done_month(frame: pd.DataFrame) -> pd.Series:
    """done_in over a frame (the summary's bulk path)."""
    month = pd.to_numeric(frame["bulan_terlaksana"], errors="coerce").fillna(frame["bulan_rencana"])
    return month.where(frame["terlaksana"] == "Y")


def _anggaran(frame: pd.DataFrame) -> pd.Series:
    return pd.to_numeric(frame["anggaran"], errors="coerce").fillna(0.0)


def period_sums(frame: pd.DataFrame) -> pd.DataFrame:
    """Per (kode_puskesmas, tahun, klaster) and each month m of 1..12: SUM_COLUMNS for the
    period January..m (selesai_bulan_ini: done in m itself), and the same summed over the
    klaster as klaster SEMUA_KLASTER (0). Every month of every klaster that plans anything in
    the year has a row, zeros before its first activity: a Puskesmas with a plan is never read
    as one without."""
    key = ["kode_puskesmas", "tahun", "klaster"]
    columns = ["kode_puskesmas", "tahun", "bulan", "klaster", *SUM_COLUMNS]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    base = frame.assign(_selesai=_done_month(frame), _anggaran=_anggaran(frame))
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
    every = out.groupby(["kode_puskesmas", "tahun", "bulan"], as_index=False)[SUM_COLUMNS].sum()
    out = pd.concat([out, every.assign(klaster=SEMUA_KLASTER)[columns]], ignore_index=True)
    return out.astype({"rencana": "int64", "terlaksana": "int64", "selesai_bulan_ini": "int64",
                       "anggaran_rencana": "float64", "anggaran_terlaksana": "float64"})


def share(done, planned) -> float | None:
    return None if not planned else float(done) / float(planned)


def klaster_month(rows, bulan: int) -> list[dict]:
    """The klaster × month view of one Puskesmas: one dict per klaster that planned anything
    in January..bulan, with `{m}_rencana` (planned in month m) and `{m}_terlaksana` (of those,
    done by the end of `bulan`) for m in 1..bulan, and the period's rencana and terlaksana."""
    period = in_period(rows, bulan)
    out = []
    for klaster in sorted({r["klaster"] for r in period}):
        mine = [r for r in period if r["klaster"] == klaster]
        row = {"klaster": int(klaster), "rencana": len(mine), "terlaksana": sum(r["selesai"] for r in mine)}
        for m in range(1, bulan + 1):
            month = [r for r in mine if r["bulan_rencana"] == m]
            row[f"{m}_rencana"] = len(month)
            row[f"{m}_terlaksana"] = sum(r["selesai"] for r in month)
        out.append(row)
    return out


def late(rows, bulan: int) -> list[dict]:
    """Activities planned in January..bulan and not done by its end, the longest late first
    (planned month), then klaster and id; with `terlambat` the months late at the end of bulan."""
    found = [{**r, "terlambat": bulan - int(r["bulan_rencana"])} for r in in_period(rows, bulan) if not r["selesai"]]
    return sorted(found, key=lambda r: (r["bulan_rencana"], r["klaster"], r["id_kegiatan"]))


def totals(rows, bulan: int) -> dict:
    """The period's planned, done, late and budgets of a Puskesmas' activities."""
    period = in_period(rows, bulan)
    done = [r for r in period if r["selesai"]]
    return {"rencana": len(period), "terlaksana": len(done), "terlambat": len(period) - len(done),
            "anggaran_rencana": float(sum(_rupiah(r) for r in period)),
            "anggaran_terlaksana": float(sum(_rupiah(r) for r in done))}


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
