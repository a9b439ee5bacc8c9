"""Completeness and timeliness of the monthly desa registers (domain.md §7, issue 16): the
cut-off of a month's report, which registers are expected of a desa, the per-desa and
per-Puskesmas counts that data_access.kelengkapan stores, the two percentages, and the areas
silent for two or more consecutive months. Pure functions: no database, no Dash.

The rules, as the page states them (ATURAN):
- a desa has *reported* a register for a month when a layanan row exists for it (0 is a report);
- *expected* of each desa of a Puskesmas, every month: every desa-level register that any desa
  of that Puskesmas reported in the same year or the year before (a register the Puskesmas does
  not run is not held against it; one it ran last year is still expected in January);
- *on time*: the report first arrived by day `hari` (default 10) of the next month, local time;
- *silent*: expected something and received no report, month after month, up to the chosen month.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from indicators import format as fmt
from indicators.pws import BULAN as NAMA_BULAN

BATAS_HARI = 10  # the default cut-off day (data_access.settings BATAS_LAPORAN_HARI)
TERLAMBAT = 0.5  # an area with less than this share of the month's reports on time is called late
DIAM_MINIMAL = 2  # months in a row without a report before an area is listed as silent
SEMUA = ""  # the indikator of a row counting every register together

COUNTS = ("desa", "diharapkan", "dilaporkan", "tepat", "tanpa_waktu", "desa_lapor")


def aturan(hari: int) -> str:
    """The rules in one paragraph, for the screen and the export's documentation."""
    return (f"Lengkap: laporan yang masuk ÷ laporan yang diharapkan. Diharapkan dari setiap desa, setiap bulan: "
            f"setiap register yang pernah dilaporkan desa mana pun di Puskesmasnya pada tahun itu atau tahun "
            f"sebelumnya. Satu baris register (nilai 0 juga) = satu laporan. Tepat waktu: laporan pertama kali "
            f"masuk paling lambat tanggal {hari} bulan berikutnya (waktu setempat); persentasenya dihitung dari "
            f"laporan yang diharapkan (yang belum masuk = tidak tepat waktu). Tanpa laporan: diharapkan tetapi "
            f"tidak ada satu pun laporan, {DIAM_MINIMAL} bulan berturut-turut atau lebih sampai bulan yang dipilih.")


# --- the cut-off -------------------------------------------------------------------------------

def batas_waktu(tahun: int, bulan: int, hari: int = BATAS_HARI, zona_jam: float = 7.0) -> datetime:
    """The first instant (UTC, naive, as impor_log.waktu) at which month (tahun, bulan)'s report
    is late: midnight local time at the start of day hari + 1 of the next month. November 2025,
    hari 10, WIB (UTC+7): 2025-12-10 17:00 UTC (= 11 Dec 00:00 WIB)."""
    if not 1 <= int(bulan) <= 12:
        raise ValueError(f"bulan {bulan} di luar 1–12")
    if not 1 <= int(hari) <= 28:
        raise ValueError(f"hari batas {hari} di luar 1–28")
    y, m = (int(tahun) + 1, 1) if int(bulan) == 12 else (int(tahun), int(bulan) + 1)
    return datetime(y, m, int(hari)) + timedelta(days=1) - timedelta(hours=float(zona_jam))


def tepat_waktu(masuk: datetime | None, tahun: int, bulan: int, hari: int = BATAS_HARI,
                zona_jam: float = 7.0) -> bool | None:
    """Did a report that first arrived at `masuk` (UTC) arrive on time? None: arrival unknown."""
    if masuk is None or fmt.is_missing(masuk):
        return None
    return pd.Timestamp(masuk).to_pydatetime() < batas_waktu(tahun, bulan, hari, zona_jam)


ZONA_NAMA = {7.0: "WIB", 8.0: "WITA", 9.0: "WIT"}


def waktu_setempat(utc, zona_jam: float = 7.0) -> str:
    """An arrival time (UTC, naive) as the reader's local time: '11 Des 2025 09.00 WIB'; '–'
    when unknown."""
    if utc is None or fmt.is_missing(utc):
        return fmt.NO_DATA
    local = pd.Timestamp(utc).to_pydatetime() + timedelta(hours=float(zona_jam))
    zona = ZONA_NAMA.get(float(zona_jam), f"UTC{float(zona_jam):+g}")
    return f"{fmt.waktu(local)} {zona}"


def waktu_laporan(pertama, terakhir, zona_jam: float = 7.0) -> str:
    """'masuk 5 Des 2025 09.00 WIB, terakhir berubah 12 Jan 2026 10.30 WIB' (or '…, belum pernah
    berubah'): when a month's reports first arrived and last changed."""
    if pertama is None or fmt.is_missing(pertama):
        return "waktu masuk tidak tercatat"
    first = waktu_setempat(pertama, zona_jam)
    if terakhir is None or fmt.is_missing(terakhir) or pd.Timestamp(terakhir) <= pd.Timestamp(pertama):
        return f"masuk {first}, belum pernah berubah"
    return f"masuk {first}, terakhir berubah {waktu_setempat(terakhir, zona_jam)}"


# --- the counts ------------------------------------------------------------------------------

def register_diharapkan(reports: pd.DataFrame, years: Iterable[int]) -> dict[tuple[str, int], frozenset[str]]:
    """(kode_puskesmas, tahun) → the registers expected of its desa in that year: those any of its
    desa reported in that year or the year before. reports: kode_puskesmas, tahun, indikator."""
    seen = reports[["kode_puskesmas", "tahun", "indikator"]].drop_duplicates()
    by_pkm_year: dict[tuple[str, int], set[str]] = {}
    for pkm, tahun, ind in seen.itertuples(index=False):
        by_pkm_year.setdefault((pkm, int(tahun)), set()).add(ind)
    out: dict[tuple[str, int], frozenset[str]] = {}
    pkms = {p for p, _ in by_pkm_year}
    for pkm in pkms:
        for y in years:
            codes = by_pkm_year.get((pkm, int(y)), set()) | by_pkm_year.get((pkm, int(y) - 1), set())
            if codes:
                out[(pkm, int(y))] = frozenset(codes)
    return out


def ringkas(desa: pd.DataFrame, reports: pd.DataFrame, years: Iterable[int], hari: int = BATAS_HARI,
            zona_jam: float = 7.0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The counts of every desa and of every Puskesmas per register, for each month of `years`.

    desa: kode_desa, kode_puskesmas (every desa of the Puskesmas concerned).
    reports: kode_desa, tahun, bulan, indikator, pertama_masuk (UTC; NaT = unknown): the layanan
    rows of those desa in `years` and the year before each.
    Returns (per desa: kode_desa, kode_puskesmas, tahun, bulan, *COUNTS — one row per desa and
    month of a year in which its Puskesmas expects something; per Puskesmas and register:
    kode_puskesmas, indikator, tahun, bulan, *COUNTS)."""
    years = sorted({int(y) for y in years})
    desa = desa[["kode_desa", "kode_puskesmas"]].drop_duplicates("kode_desa")
    pkm_of = dict(zip(desa["kode_desa"], desa["kode_puskesmas"]))
    r = reports[reports["kode_desa"].isin(pkm_of)].copy()
    r["kode_puskesmas"] = r["kode_desa"].map(pkm_of)
    expected = register_diharapkan(r, years)
    r = r[r["tahun"].isin(years)]
    r = r.assign(tepat=tepat_flags(r["tahun"], r["bulan"], r["pertama_masuk"], hari, zona_jam),
                 tanpa_waktu=pd.to_datetime(r["pertama_masuk"]).isna().to_numpy().astype(int), dilaporkan=1)
    got = ["dilaporkan", "tepat", "tanpa_waktu"]
    return ringkas_grid(desa, expected,
                        r.groupby(["kode_desa", "tahun", "bulan"], as_index=False)[got].sum(),
                        r.groupby(["kode_puskesmas", "indikator", "tahun", "bulan"], as_index=False)[got].sum())


def ringkas_grid(desa: pd.DataFrame, expected: dict[tuple[str, int], frozenset[str]], per_desa_month: pd.DataFrame,
                 per_register_month: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """ringkas' result from the reports already counted: `expected` (register_diharapkan),
    per_desa_month (kode_desa, tahun, bulan, dilaporkan, tepat, tanpa_waktu) and
    per_register_month (kode_puskesmas, indikator, tahun, bulan, the same counts), the reports of
    the years concerned only (data_access.kelengkapan counts them in SQL)."""
    desa = desa[["kode_desa", "kode_puskesmas"]].drop_duplicates("kode_desa")
    n_desa = desa.groupby("kode_puskesmas").size()
    grid = [(p, y, len(codes)) for (p, y), codes in expected.items()]
    frame = pd.DataFrame(grid, columns=["kode_puskesmas", "tahun", "n_register"])
    months = pd.DataFrame({"bulan": range(1, 13)})
    per_desa = (desa.merge(frame, on="kode_puskesmas").merge(months, how="cross") if len(frame)
                else pd.DataFrame(columns=["kode_desa", "kode_puskesmas", "tahun", "n_register", "bulan"]))
    got = per_desa_month[["kode_desa", "tahun", "bulan", "dilaporkan", "tepat", "tanpa_waktu"]]
    per_desa = per_desa.merge(got, on=["kode_desa", "tahun", "bulan"], how="left")
    for c in ("dilaporkan", "tepat", "tanpa_waktu"):
        per_desa[c] = per_desa[c].fillna(0).astype(int)
    per_desa["desa"] = 1
    per_desa["diharapkan"] = per_desa["n_register"].astype(int)
    per_desa["desa_lapor"] = (per_desa["dilaporkan"] > 0).astype(int)
    per_desa = per_desa[["kode_desa", "kode_puskesmas", "tahun", "bulan", *COUNTS]]

    reg_rows = [(p, ind, y) for (p, y), codes in expected.items() for ind in sorted(codes)]
    regs = pd.DataFrame(reg_rows, columns=["kode_puskesmas", "indikator", "tahun"]).merge(months, how="cross")
    got = per_register_month[["kode_puskesmas", "indikator", "tahun", "bulan", "dilaporkan", "tepat", "tanpa_waktu"]]
    regs = regs.merge(got, on=["kode_puskesmas", "indikator", "tahun", "bulan"], how="left")
    for c in ("dilaporkan", "tepat", "tanpa_waktu"):
        regs[c] = regs[c].fillna(0).astype(int) if len(regs) else regs[c]
    regs["desa"] = regs["kode_puskesmas"].map(n_desa).fillna(0).astype(int) if len(regs) else 0
    regs["diharapkan"] = regs["desa"]
    regs["desa_lapor"] = regs["dilaporkan"]
    regs = regs[["kode_puskesmas", "indikator", "tahun", "bulan", *COUNTS]]
    return per_desa.reset_index(drop=True), regs.reset_index(drop=True)


def tepat_flags(tahun: pd.Series, bulan: pd.Series, masuk: pd.Series, hari: int = BATAS_HARI,
                zona_jam: float = 7.0) -> np.ndarray:
    """tepat_waktu for many reports at once: 1 on time, 0 late or arrival unknown."""
    if not len(tahun):
        return np.zeros(0, dtype=int)
    month = tahun.to_numpy(dtype=np.int64) * 12 + bulan.to_numpy(dtype=np.int64) - 1
    limits = {m: batas_waktu(m // 12, m % 12 + 1, hari, zona_jam) for m in np.unique(month)}
    limit = pd.Series(month).map(limits).to_numpy(dtype="datetime64[us]")
    arrived = pd.to_datetime(masuk).to_numpy(dtype="datetime64[us]")
    return (~np.isnat(arrived) & (arrived < limit)).astype(int)


# --- the percentages -----------------------------------------------------------------------

def persen_lengkap(dilaporkan, diharapkan) -> float | None:
    """Reports received ÷ expected; None when nothing was expected."""
    if fmt.is_missing(diharapkan) or int(diharapkan) <= 0:
        return None
    return int(dilaporkan) / int(diharapkan)


def persen_tepat(tepat, diharapkan, tanpa_waktu=0) -> float | None:
    """Reports received on time ÷ expected (one not received is not on time); reports whose
    arrival is unknown (stored before arrivals were recorded) are left out of both. None when
    nothing is left."""
    if fmt.is_missing(diharapkan):
        return None
    base = int(diharapkan) - int(tanpa_waktu or 0)
    return int(tepat) / base if base > 0 else None


# --- months and silence ----------------------------------------------------------------------

def jendela(tahun: int, bulan: int, n: int = 12) -> list[tuple[int, int]]:
    """The n months ending at (tahun, bulan), oldest first."""
    index = int(tahun) * 12 + int(bulan) - 1
    return [(i // 12, i % 12 + 1) for i in range(index - n + 1, index + 1)]


def diam_berturut(months: Sequence[tuple[int, int]], diharapkan: Sequence[int],
                  dilaporkan: Sequence[int]) -> list[tuple[int, int]]:
    """The run of months, ending at the last one, in which something was expected and nothing
    was received (oldest first); [] when the last month had a report or expected nothing. A
    month expecting nothing ends the run (it is not silence)."""
    run: list[tuple[int, int]] = []
    for month, e, d in zip(reversed(list(months)), reversed(list(diharapkan)), reversed(list(dilaporkan))):
        if int(e) > 0 and int(d) == 0:
            run.append(month)
        else:
            break
    return run[::-1]


def nama_bulan(tahun: int, bulan: int) -> str:
    return f"{NAMA_BULAN[int(bulan) - 1]} {int(tahun)}"


def rentang_bulan(run: Sequence[tuple[int, int]]) -> str:
    """'Oktober–Desember 2025', 'November 2024–Januari 2025', 'Desember 2025'."""
    if not run:
        return ""
    (y0, m0), (y1, m1) = run[0], run[-1]
    if (y0, m0) == (y1, m1):
        return nama_bulan(y0, m0)
    if y0 == y1:
        return f"{NAMA_BULAN[m0 - 1]}–{nama_bulan(y1, m1)}"
    return f"{nama_bulan(y0, m0)}–{nama_bulan(y1, m1)}"


def tanpa_laporan_teks(run: Sequence[tuple[int, int]]) -> str:
    """'tanpa laporan Oktober–Desember 2025 (3 bulan)'."""
    return f"tanpa laporan {rentang_bulan(run)} ({len(run)} bulan)" if run else ""


# --- the table per area ----------------------------------------------------------------------

def tabel_wilayah(rows: pd.DataFrame, tahun: int, bulan: int) -> list[dict]:
    """One row per area (rows: kode, nama, tahun, bulan, diharapkan, dilaporkan, tepat, tanpa_waktu):
    this month's and January..this month's % complete and % on time (sums divided, never an
    average of percentages), the area worst this month on either first (a silent one and a late
    one both come to the top); an area expecting nothing this month shows empty percentages."""
    out = []
    if rows.empty:
        return out
    counts = ["diharapkan", "dilaporkan", "tepat", "tanpa_waktu"]
    # plain Python over the columns as lists: pandas' grouping and per-element access cost more
    # than the counting (a kabupaten's 1.380 rows)
    ytd: dict[str, dict[str, int]] = {}
    this: dict[str, dict[str, int]] = {}
    columns = [rows[c].tolist() for c in ("kode", "tahun", "bulan", *counts)]
    for kode, y, b, *values in zip(*columns):
        if int(y) != tahun or int(b) > bulan:
            continue
        total = ytd.setdefault(kode, dict.fromkeys(counts, 0))
        for c, v in zip(counts, values):
            total[c] += int(v)
        if int(b) == bulan:
            this[kode] = {c: int(v) for c, v in zip(counts, values)}
    names = dict(zip(rows["kode"].tolist(), rows["nama"].tolist()))
    for kode, nama in names.items():
        m = this.get(kode)
        y = ytd.get(kode)
        lengkap = None if m is None else persen_lengkap(m["dilaporkan"], m["diharapkan"])
        tepat = None if m is None else persen_tepat(m["tepat"], m["diharapkan"], m["tanpa_waktu"])
        note = ""
        if m is not None and int(m["dilaporkan"]) == 0 and int(m["diharapkan"]) > 0:
            note = "belum ada laporan bulan ini"
        elif tepat is not None and tepat < TERLAMBAT:
            note = "sebagian besar laporan bulan ini terlambat"
        elif m is not None and int(m["tanpa_waktu"]):
            note = f"{int(m['tanpa_waktu'])} laporan tanpa catatan waktu masuk"
        out.append({
            "kode": kode, "nama": nama,
            "lengkap_bulan": lengkap,
            "tepat_bulan": tepat,
            "lengkap_tahun": None if y is None else persen_lengkap(y["dilaporkan"], y["diharapkan"]),
            "tepat_tahun": None if y is None else persen_tepat(y["tepat"], y["diharapkan"], y["tanpa_waktu"]),
            "dilaporkan": None if m is None else int(m["dilaporkan"]),
            "diharapkan": None if m is None else int(m["diharapkan"]),
            "keterangan": note,
        })
    out.sort(key=lambda r: (r["lengkap_bulan"] is None, _worst(r), r["lengkap_bulan"] or 0, r["nama"]))
    return out


def _worst(row: dict) -> float:
    values = [v for v in (row["lengkap_bulan"], row["tepat_bulan"]) if v is not None]
    return min(values) if values else 0.0
