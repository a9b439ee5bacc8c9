"""Export: the numbers a dashboard view shows, one row per area, as CSV or XLSX bytes
(data-contract.md, "Views"). Each view is declared once in VIEWS; the command line and the
pages' download buttons read the same tables as the pages."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from data_access.iks import iks_by_level, iks_years
from data_access.k1_obat import item_detail, obat_years, puskesmas_table
from data_access.kunjungan import UMUR_KOLOM, export_columns, kunjungan_by_level, kunjungan_years
from data_access.pws import kaskade_by_level, program_years, pws_by_level
from data_access.rtl import list_rtl
from data_access.skor import scorecard_by_level
from data_access.wilayah import resolve_area, scope_root
from domain.codes import Level, normalise_kemendagri, normalise_puskesmas
from domain.kategori import DALAM_GEDUNG, KLASTER_KUNJUNGAN, LUAR_GEDUNG, MIN_SEL, TEMPAT
from domain.wilayah import FILTER_LEVELS, Area, AreaNotFound, Scope
from exports.kualitas import KUALITAS_MEANING, KUALITAS_NUMBER_FORMATS, ROW_SOURCES, kualitas_table
from exports.writers import to_csv, to_xlsx
from indicators.format import angka, is_missing
from indicators.iks import Kategori, area_indicators
from indicators.k1_obat import JENDELA_PEMAKAIAN, KATEGORI_STOK, MASA_KEDALUWARSA
from indicators.kualitas import SKOR_KUALITAS_RULE
from indicators.program import (
    INDICATOR_BY_CODE,
    INDICATOR_CODES,
    KASKADE_BY_CODE,
    KASKADES,
    REGISTER_BY_CODE,
    SASARAN_BY_CODE,
    Accumulation,
    Indicator,
    Kaskade,
)
from indicators.pws import BULAN, PWS_COLUMNS
from indicators.registry import IKS_INDICATORS
from indicators.rtl import is_late
from indicators.skor import K1_INDICATORS, K1_RULE, SKOR_INDICATORS, SKOR_RULE
from indicators.tanpa_laporan import RULE as TANPA_LAPORAN_RULE

EXPORT_LEVELS = FILTER_LEVELS  # the dashboard's own filter levels
FORMATS = ("csv", "xlsx")


class ExportError(ValueError):
    """A request that cannot be exported; the message is for the user (Bahasa Indonesia)."""


@dataclass(frozen=True)
class ExportRequest:
    tingkat: Level
    wilayah: Area
    tahun: int
    bulan: int | None = None
    indikator: str | None = None
    awal: bool = False


@dataclass(frozen=True)
class ExportView:
    """One exportable view: how to build its table, which options it takes, and what each
    column means (for the XLSX "Keterangan" sheet and the docs)."""

    name: str
    help: str
    build: Callable[[Connection, Scope, ExportRequest], pd.DataFrame]
    columns: dict[str, str]  # column → meaning (Bahasa Indonesia)
    required: tuple[str, ...] = ()  # options the view needs, e.g. ("indikator", "bulan")
    optional: tuple[str, ...] = ()  # options it accepts besides tahun, tingkat and wilayah
    number_formats: dict[str, str] = field(default_factory=dict)  # XLSX format per column
    # formats that depend on the request's indicator (its unit), over number_formats
    formats_of: Callable[[ExportRequest], dict[str, str]] | None = None
    # rows of the "Keterangan" sheet about the request's indicator (definition, formula …)
    notes: Callable[[ExportRequest], list[tuple[str, str]]] | None = None


# --- resolving the request ----------------------------------------------------------------

_KEMENDAGRI_LEVEL = {0: Level.PROVINSI, 1: Level.KABUPATEN, 3: Level.DESA}


def resolve_wilayah(conn: Connection, scope: Scope, raw: str | None) -> Area:
    """The area a `--wilayah` code names, whatever its level: provinsi `99`, kabupaten
    `99.01`, a Puskesmas code, a desa code with or without dots. Without a code: the
    viewer's whole scope, as the pages open it (a database of one province: that province)."""
    if raw is None or not str(raw).strip():
        return scope_root(conn, scope)
    text = str(raw).strip()
    candidates: list[tuple[Level, str]] = []
    dotted = normalise_kemendagri(text)
    if dotted is not None and dotted.count(".") in _KEMENDAGRI_LEVEL:
        candidates.append((_KEMENDAGRI_LEVEL[dotted.count(".")], dotted))
    puskesmas = normalise_puskesmas(text)
    if puskesmas is not None:
        candidates.append((Level.PUSKESMAS, puskesmas))
    found = []
    for level, kode in candidates:
        try:
            found.append(resolve_area(conn, scope, level, kode))  # OutOfScope is not swallowed
        except AreaNotFound:
            pass
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        names = ", ".join(f"{a.level.label.lower()} {a.nama}" for a in found)
        raise ExportError(f"Kode wilayah '{text}' tidak jelas: cocok dengan {names}.")
    if dotted is not None and dotted.count(".") == 2:
        raise ExportError(f"Kode '{text}' adalah kode kecamatan; ekspor memakai provinsi, "
                          "kabupaten/kota, Puskesmas, atau desa.")
    raise ExportError(f"Kode wilayah '{text}' tidak ditemukan: bukan kode provinsi, "
                      "kabupaten/kota, Puskesmas, atau desa yang ada di basis data.")


def check_tingkat(tingkat: Level, wilayah: Area) -> None:
    order = list(Level)
    if order.index(tingkat) < order.index(wilayah.level):
        allowed = ", ".join(lv.value for lv in EXPORT_LEVELS if order.index(lv) >= order.index(wilayah.level))
        raise ExportError(f"Tingkat {tingkat.value} berada di atas wilayah {wilayah.nama} "
                          f"({wilayah.level.label.lower()} {wilayah.kode}); pilih --tingkat {allowed}.")


# --- the iks view --------------------------------------------------------------------------

IKS_COUNTS = {  # export column ← summary column
    "jumlah_keluarga": "keluarga_iks",
    "keluarga_sehat": "sehat",
    "keluarga_pra_sehat": "pra_sehat",
    "keluarga_tidak_sehat": "tidak_sehat",
}
CAKUPAN = [f"cakupan_{i.code}" for i in IKS_INDICATORS]
IKS_COLUMNS = ["kode", "nama", *IKS_COUNTS, "iks", *CAKUPAN]

IKS_MEANING = {
    "kode": "kode wilayah: provinsi 99, kabupaten/kota 99.01, kode Puskesmas, desa 99.01.01.2001 "
            "(selalu bertitik)",
    "nama": "nama wilayah",
    "jumlah_keluarga": "keluarga yang IKS-nya terdefinisi (keluarga yang menjawab N pada ke-12 "
                       "indikator tidak dihitung)",
    "keluarga_sehat": "keluarga dengan IKS > 0,800",
    "keluarga_pra_sehat": "keluarga dengan IKS 0,500–0,800",
    "keluarga_tidak_sehat": "keluarga dengan IKS < 0,500",
    "iks": "IKS wilayah = keluarga_sehat / jumlah_keluarga, pecahan 0–1; kosong bila "
           "jumlah_keluarga 0",
    **{f"cakupan_{i.code}": f"{i.nomor}. {i.definition}: keluarga Y / (Y + T), pecahan 0–1; "
                            "kosong bila tidak ada jawaban Y atau T" for i in IKS_INDICATORS},
}

# the page's table has a few more columns than the contract's view
IKS_PAGE_EXTRA = {
    "keluarga_dikunjungi": "keluarga yang sudah dikunjungi (termasuk yang menjawab N semua)",
    "cakupan_kunjungan": "keluarga dikunjungi / keluarga terdaftar, pecahan 0–1; kosong bila "
                         "jumlah keluarga terdaftar belum lengkap",
    "iks_awal": "IKS dari kunjungan pertama setiap keluarga, pecahan 0–1",
    "perubahan": "iks − iks_awal",
    "kategori": "kategori IKS wilayah: sehat (> 0,800), pra_sehat (0,500–0,800), "
                "tidak_sehat (< 0,500); kosong tanpa data",
}
IKS_PAGE_COLUMNS = ["kode", "nama", "keluarga_dikunjungi", "cakupan_kunjungan", *IKS_COUNTS,
                    "iks_awal", "iks", "perubahan", "kategori", *CAKUPAN]

IKS_NUMBER_FORMATS = {
    **dict.fromkeys((*IKS_COUNTS, "keluarga_dikunjungi"), "#,##0"),
    "iks": "0.000", "iks_awal": "0.000", "perubahan": "+0.000;-0.000;0.000",
    "cakupan_kunjungan": "0.0%", **dict.fromkeys(CAKUPAN, "0.0%"),
}


def iks_export(conn: Connection, scope: Scope, tingkat: Level, wilayah: Area, tahun: int,
               awal: bool = False) -> pd.DataFrame:
    """The `iks` view: one row per area of `tingkat` inside `wilayah`, sorted by kode, as of
    31 December of `tahun` (awal=True: each family's first visit). The same statement and
    formulas as the IKS page (data_access.iks, indicators.iks)."""
    check_tingkat(tingkat, wilayah)
    years = iks_years(conn, scope, wilayah)
    if tahun not in years:
        available = ", ".join(str(y) for y in years) or "belum ada"
        raise ExportError(f"Tidak ada data kunjungan keluarga untuk {wilayah.nama} tahun {tahun}. "
                          f"Tahun yang ada datanya: {available}.")
    rows = area_indicators(iks_by_level(conn, scope, wilayah, tingkat, tahun, awal=awal))
    return iks_table(rows).sort_values("kode", ignore_index=True)


def iks_table(rows: pd.DataFrame, *, page: bool = False) -> pd.DataFrame:
    """The export columns from per-area indicators (indicators.iks.area_indicators);
    page=True adds the columns the IKS page's table shows besides them."""
    out = rows.rename(columns={v: k for k, v in IKS_COUNTS.items()})
    for col in (*IKS_COUNTS, "keluarga_dikunjungi"):
        if col in out:
            out[col] = out[col].round().astype("Int64")
    if page:
        out["kategori"] = out["kategori"].where(out["kategori"].isin([k.value for k in Kategori]))
        return out[IKS_PAGE_COLUMNS].reset_index(drop=True)
    return out[IKS_COLUMNS].reset_index(drop=True)


def _iks_view(conn: Connection, scope: Scope, request: ExportRequest) -> pd.DataFrame:
    return iks_export(conn, scope, request.tingkat, request.wilayah, request.tahun, request.awal)


# --- the pws and kaskade views -------------------------------------------------------------

PWS_EXPORT_COLUMNS = ["kode", "nama", *PWS_COLUMNS[1:]]  # data-contract.md, in this order
PWS_COUNTS = ("capaian_bulan_ini", "capaian_bulan_lalu", "capaian_kumulatif")
PWS_FRACTIONS = ("cakupan_bulan_ini", "cakupan_bulan_lalu", "cakupan_kumulatif", "target_bulan_ini")
_KOSONG = "kosong bila sasaran kosong atau 0 (tidak ada data, bukan 0%)"

PWS_MEANING = {
    "kode": IKS_MEANING["kode"],
    "nama": "nama wilayah",
    "sasaran": "penyebut: jumlah sasaran setahun wilayah itu (data sasaran, boleh pecahan; jumlah "
               "desanya); untuk indikator yang dibagi register lain (N/D, prevalensi) jumlah register "
               "penyebut pada bulan itu, mis. D; kosong bila belum diunggah",
    "capaian_bulan_ini": "pembilang pada bulan --bulan (jumlah layanan; N/D: N = D − T − O); kosong "
                         "bila belum dilaporkan",
    "capaian_bulan_lalu": "pembilang pada bulan sebelumnya (Januari: Desember tahun sebelumnya); "
                          "kosong bila belum dilaporkan",
    "capaian_kumulatif": "jumlah pembilang Januari s.d. --bulan; indikator bulanan (D/S, N/D, "
                         "prevalensi): sama dengan capaian_bulan_ini",
    "cakupan_bulan_ini": f"capaian_bulan_ini / sasaran, pecahan 0–1; {_KOSONG}",
    "cakupan_bulan_lalu": f"capaian_bulan_lalu / sasaran bulan itu, pecahan 0–1; {_KOSONG}",
    "cakupan_kumulatif": "capaian_kumulatif / sasaran, pecahan 0–1, yang dibandingkan dengan target; "
                         "indikator bulanan: sama dengan cakupan_bulan_ini; angka per 100.000 penduduk "
                         "(tb_notifikasi) juga ditulis sebagai pecahan: kalikan 100.000 (0,0031 = 310 per "
                         f"100.000); {_KOSONG}",
    "target_bulan_ini": "target tahunan × bulan / 12, pecahan (95% pada bulan 3 = 0,2375); indikator "
                        "bulanan: target tahunan, rata sepanjang tahun. Target dari data target yang "
                        "paling khusus (Puskesmas, kabupaten/kota, provinsi, umum), kalau tidak ada "
                        "target bawaan; kosong bila tidak ada target",
    "status": "baik (cakupan_kumulatif ≥ target, cakupan bulan ini naik/tetap dibanding bulan lalu), "
              "kurang (≥ target, turun), cukup (< target, naik/tetap), jelek (< target, turun); untuk "
              "indikator yang makin rendah makin baik (prevalensi) arah pembandingnya dibalik; kosong "
              "bila cakupan atau target kosong",
    "tanpa_laporan": "bulan yang menjadi dasar status tetapi tanpa laporan (status tidak diubah: bulan tanpa "
                     "laporan dianggap naik/tetap), mis. 'tanpa laporan November–Desember', 'Desember: 7 dari "
                     "9 desa melapor', '0 sejak November, sebelumnya rata-rata 12,0'; kosong bila semua "
                     "laporannya ada. " + TANPA_LAPORAN_RULE,
}

PWS_NUMBER_FORMATS = {"sasaran": "#,##0.0", **dict.fromkeys(PWS_COUNTS, "#,##0"),
                      **dict.fromkeys(PWS_FRACTIONS, "0.0%")}


def fraction_format(ind: Indicator) -> str:
    """The XLSX format of `ind`'s fractions: a percentage shows as one ('0.0%'); a rate per
    1.000 or 100.000 stays a fraction with enough digits (Excel cannot multiply by 1.000 in
    a format; the "Satuan" note says what to multiply by), never as a percentage."""
    if ind.is_percent:
        return ("0." + "0" * ind.decimals if ind.decimals else "0") + "%"
    return "0.00000000"


def unit_note(ind: Indicator) -> tuple[str, str]:
    """('Satuan', …): how the fraction columns read in the indicator's unit."""
    example = 12.3 / ind.factor
    return ("Satuan", f"cakupan dan target ditulis sebagai pecahan; dibaca pecahan × "
                      f"{angka(ind.factor)} = {ind.unit} (mis. {angka(example, 8).rstrip('0')} = "
                      f"{ind.text(example)})")


def _pws_formats(request: ExportRequest) -> dict[str, str]:
    return {c: fraction_format(_indicator(request.indikator)) for c in PWS_FRACTIONS}


def _indicator(code: str | None) -> Indicator:
    """The PWS indicator a --indikator names (case-insensitive); ExportError listing the codes."""
    key = str(code or "").strip().lower()
    if key in INDICATOR_BY_CODE:
        return INDICATOR_BY_CODE[key]
    hint = ""
    if key in KASKADE_BY_CODE:
        hint = f" '{key}' adalah kaskade: pakai tampilan kaskade (export kaskade --indikator {key})."
    elif key in REGISTER_BY_CODE:
        within = [k.code for k in KASKADES if key in k.steps]
        hint = f" '{key}' adalah kode register layanan" + (
            f", langkah kaskade {within[0]} (export kaskade --indikator {within[0]})." if within else ".")
    raise ExportError(f"Indikator '{code}' tidak dikenal untuk tampilan pws.{hint} Kode yang "
                      f"dikenal: {', '.join(INDICATOR_CODES)}.")


def _kaskade(code: str | None) -> Kaskade:
    key = str(code or "").strip().lower()
    if key in KASKADE_BY_CODE:
        return KASKADE_BY_CODE[key]
    hint = ""
    if key in INDICATOR_BY_CODE:
        hint = f" '{key}' adalah indikator PWS: pakai tampilan pws (export pws --indikator {key})."
    raise ExportError(f"Kaskade '{code}' tidak dikenal.{hint} Kode yang dikenal: "
                      f"{', '.join(KASKADE_BY_CODE)}.")


def _check_period(conn: Connection, scope: Scope, wilayah: Area, tahun: int, bulan: int | None) -> None:
    if bulan is None or not 1 <= int(bulan) <= 12:
        raise ExportError(f"Bulan harus 1–12, bukan '{bulan}'.")
    years = program_years(conn, scope, wilayah)
    if tahun not in years:
        available = ", ".join(str(y) for y in years) or "belum ada"
        raise ExportError(f"Tidak ada data register layanan untuk {wilayah.nama} tahun {tahun}. "
                          f"Tahun yang ada datanya: {available}.")


def pws_export(conn: Connection, scope: Scope, tingkat: Level, wilayah: Area, tahun: int, bulan: int,
               indikator: str) -> pd.DataFrame:
    """The `pws` view: one row per area of `tingkat` inside `wilayah`, sorted by kode, for one
    indicator at month `bulan` of `tahun`. The same query and formulas as the PWS page
    (data_access.pws.pws_by_level, indicators.pws.pws_table)."""
    ind = _indicator(indikator)
    check_tingkat(tingkat, wilayah)
    if ind.per_puskesmas and tingkat == Level.DESA:
        raise ExportError(f"Indikator {ind.code} ({ind.label}) dicatat per Puskesmas, tidak per desa: "
                          "pakai --tingkat puskesmas, kabupaten atau provinsi.")
    _check_period(conn, scope, wilayah, tahun, bulan)
    rows = pws_by_level(conn, scope, wilayah, tingkat, tahun, int(bulan), ind.code)
    return tidy_pws(rows[PWS_EXPORT_COLUMNS]).sort_values("kode", ignore_index=True)


def tidy_pws(rows: pd.DataFrame) -> pd.DataFrame:
    """PWS rows with the numbers a file should hold (the export and the page's download)."""
    out = rows.copy()
    for col in PWS_COUNTS:  # sums of whole numbers of services: written as 30, not 30.0
        out[col] = pd.to_numeric(out[col]).round().astype("Int64")
    # 95 / 100 × 3 / 12 is 0.23749999999999996 in binary: a target is a round number of
    # percent, so 12 decimals keep every digit it has and write 0.2375
    out["target_bulan_ini"] = pd.to_numeric(out["target_bulan_ini"]).round(12)
    # a sum of estimates given to one decimal: 722.4, not the 722.4000000000001 of binary sums
    out["sasaran"] = pd.to_numeric(out["sasaran"]).round(6)
    out["status"] = out["status"].where(out["status"].notna(), None)
    return out


def tidy_pws_columns(rows: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """tidy_pws of page rows held as numpy columns (data_access.pws.PwsView.rows), the same
    numbers without a DataFrame: counts as whole numbers (None when empty), the target to 12
    decimals, the sasaran to 6, a missing status None."""
    out = dict(rows)
    for col in PWS_COUNTS:
        out[col] = np.array([None if v != v else int(v) for v in np.round(rows[col].astype(float)).tolist()],
                            dtype=object)
    out["target_bulan_ini"] = np.round(rows["target_bulan_ini"].astype(float), 12)
    out["sasaran"] = np.round(rows["sasaran"].astype(float), 6)
    out["status"] = np.array([None if is_missing(v) else v for v in rows["status"].tolist()], dtype=object)
    return out


def kaskade_columns(kaskade: Kaskade) -> list[str]:
    """kode, nama and the steps in order (the contract), then the sasaran estimate when the
    cascade declares one, its extra registers, konversi_<step> for every step after the
    first, melebihi, and rasio_<code> for each derived rate (yield, NNS …)."""
    return ["kode", "nama", *kaskade.steps, *((kaskade.sasaran,) if kaskade.sasaran else ()),
            *kaskade.extra, *(f"konversi_{s}" for s in kaskade.steps[1:]), "konversi_total", "melebihi",
            *(f"rasio_{r.code}" for r in kaskade.rasio)]


def kaskade_export(conn: Connection, scope: Scope, tingkat: Level, wilayah: Area, tahun: int,
                   bulan: int, kode: str) -> pd.DataFrame:
    """The `kaskade` view: one row per area of `tingkat` inside `wilayah`, sorted by kode,
    with each step's count January..`bulan` (data_access.pws.kaskade_by_level, the page's
    formulas), never clipped: a step above the one before is flagged in `melebihi`."""
    kaskade = _kaskade(kode)
    check_tingkat(tingkat, wilayah)
    _check_period(conn, scope, wilayah, tahun, bulan)
    rows = kaskade_by_level(conn, scope, wilayah, tingkat, tahun, int(bulan), kaskade.code)
    return tidy_kaskade(rows[kaskade_columns(kaskade)], kaskade).sort_values("kode", ignore_index=True)


def tidy_kaskade(rows: pd.DataFrame, kaskade: Kaskade) -> pd.DataFrame:
    """Cascade rows with counts as whole numbers (the export and the page's download)."""
    out = rows.copy()
    for step in kaskade.registers:
        out[step] = pd.to_numeric(out[step]).round().astype("Int64")
    if kaskade.sasaran:
        out[kaskade.sasaran] = pd.to_numeric(out[kaskade.sasaran]).round(6)
    return out


def _kaskade_meaning() -> dict[str, str]:
    meaning = {"kode": IKS_MEANING["kode"], "nama": "nama wilayah"}
    for k in KASKADES:
        for step in k.steps:
            reg = REGISTER_BY_CODE[step]
            meaning[step] = (f"langkah kaskade {k.code}: {reg.definition.lower()}, jumlah Januari s.d. "
                             "--bulan; kosong bila belum ada desa yang melaporkannya")
        if k.sasaran:
            meaning[k.sasaran] = (f"sasaran kaskade {k.code}: "
                                  f"{SASARAN_BY_CODE[k.sasaran].definition.lower()} (data sasaran, "
                                  "boleh pecahan); kosong bila belum diunggah")
        for before, step in zip(k.steps, k.steps[1:]):
            meaning[f"konversi_{step}"] = (f"{step} / {before}, pecahan; lebih dari 1 bila langkah ini "
                                           "lebih besar dari langkah sebelumnya; kosong bila "
                                           f"{before} kosong atau 0")
        for extra in k.extra:
            meaning[extra] = (f"register pendamping kaskade {k.code}: "
                              f"{REGISTER_BY_CODE[extra].definition.lower()}, jumlah Januari s.d. --bulan")
        for r in k.rasio:
            meaning[f"rasio_{r.code}"] = (f"{r.label} (kaskade {k.code}): {r.definition} "
                                          + ("Angka (bukan pecahan)." if r.kali else "Pecahan 0–1.")
                                          + " Kosong bila pembaginya kosong atau 0.")
    meaning["konversi_total"] = ("langkah terakhir / estimasi sasaran kaskade itu (ht, dm: terkendali dari "
                                 "estimasi penderita), atau / langkah pertama bila kaskade tanpa estimasi "
                                 "(kia: KN lengkap dari K1), pecahan; kosong bila pembaginya kosong atau 0")
    meaning["melebihi"] = ("langkah yang lebih besar dari langkah sebelumnya (mis. pasien yang "
                           "terdiagnosis tahun lalu diobati tahun ini), dipisah koma; kosong bila "
                           "tidak ada. Angkanya tidak dipotong")
    return meaning


KASKADE_MEANING = _kaskade_meaning()
KASKADE_NUMBER_FORMATS = {
    **{s: "#,##0" for k in KASKADES for s in k.steps},
    **{k.sasaran: "#,##0.0" for k in KASKADES if k.sasaran},
    **{f"konversi_{s}": "0.0%" for k in KASKADES for s in k.steps[1:]},
    "konversi_total": "0.0%",
    **{e: "#,##0" for k in KASKADES for e in k.extra},
    **{f"rasio_{r.code}": "#,##0.0" if r.kali else "0.0%" for k in KASKADES for r in k.rasio},
}


def _pct(value: float | None) -> str:
    return "tidak ada" if value is None else f"{value:g}%".replace(".", ",")


_PERIOD = {
    Accumulation.BULANAN: "rasio bulanan: setiap bulan berdiri sendiri, nilai periode = nilai bulan "
                          "--bulan, target rata sepanjang tahun",
    Accumulation.KUMULATIF: "kumulatif Januari s.d. --bulan; target naik lurus: target tahunan × bulan / 12",
    Accumulation.ALIRAN: "kumulatif: jumlah Januari s.d. --bulan ÷ jumlah penyebutnya Januari s.d. "
                         "--bulan; target rata sepanjang tahun",
}


def _pws_notes(request: ExportRequest) -> list[tuple[str, str]]:
    ind = _indicator(request.indikator)
    return [("Indikator", f"{ind.code}: {ind.label}"),
            ("Definisi", ind.definition),
            ("Rumus", ind.formula),
            ("Sumber", ind.source),
            ("Target bawaan", f"{_pct(ind.target)} setahun; target dari data target menggantikannya"),
            ("Arah", "makin tinggi makin baik" if ind.higher_is_better else
             "makin rendah makin baik (status dibalik)"),
            ("Periode", _PERIOD[ind.accumulation]),
            unit_note(ind)]


def _kaskade_notes(request: ExportRequest) -> list[tuple[str, str]]:
    k = _kaskade(request.indikator)
    rows = [("Kaskade", f"{k.code}: {k.label}"),
            ("Langkah", " → ".join(f"{s} ({REGISTER_BY_CODE[s].label})" for s in k.steps))]
    if k.definition:
        rows.append(("Definisi", k.definition))
    rows.append(("Periode", f"jumlah Januari s.d. bulan {request.bulan} tahun {request.tahun}"))
    return rows


def _pws_view(conn: Connection, scope: Scope, request: ExportRequest) -> pd.DataFrame:
    return pws_export(conn, scope, request.tingkat, request.wilayah, request.tahun, request.bulan,
                      request.indikator)


def _kaskade_view(conn: Connection, scope: Scope, request: ExportRequest) -> pd.DataFrame:
    return kaskade_export(conn, scope, request.tingkat, request.wilayah, request.tahun, request.bulan,
                          request.indikator)


# --- the kunjungan view ----------------------------------------------------------------------

_PERIODE = "pada periode itu (--bulan, atau Januari–Desember --tahun tanpa --bulan)"
KUNJUNGAN_MEANING = {
    "kode": IKS_MEANING["kode"],
    "nama": "nama wilayah",
    "jumlah": f"kunjungan {_PERIODE}; desa: kunjungan warganya yang dicatat Puskesmas desa itu dengan "
              "alamat desa (kunjungan tanpa alamat hanya masuk angka Puskesmas); kosong bila wilayah itu "
              "belum melaporkan kunjungan pada periode itu",
    **{t: ("kunjungan rumah" if t == "rumah" else f"kunjungan di {label}")
          + f" ({'dalam' if t in DALAM_GEDUNG else 'luar'} gedung)" for t, label in TEMPAT.items()},
    "dalam_gedung": " + ".join(DALAM_GEDUNG),
    "luar_gedung": " + ".join(LUAR_GEDUNG),
    "laki_laki": "kunjungan laki-laki",
    "perempuan": "kunjungan perempuan",
    "disabilitas": "kunjungan penyandang disabilitas",
    **{f"klaster_{k}": f"kunjungan yang dilayani {label}" for k, label in KLASTER_KUNJUNGAN.items()},
    **{column: f"kunjungan kelompok {band}" for column, band in UMUR_KOLOM.items()},
    "bulan_lalu": "(dengan --bulan) kunjungan bulan sebelumnya (Januari: Desember tahun sebelumnya); kosong bila "
                  "belum dilaporkan",
    "sama_tahun_lalu": "kunjungan pada periode yang sama setahun sebelumnya (bulan yang sama, atau seluruh "
                       "tahun sebelumnya tanpa --bulan); kosong bila belum dilaporkan",
    "bulan_lapor": "jumlah bulan periode itu yang punya laporan kunjungan (0–1 dengan --bulan, 0–12 tanpa)",
}
KUNJUNGAN_NUMBER_FORMATS = dict.fromkeys([c for c in export_columns(True) if c not in ("kode", "nama")], "#,##0")


def _check_month_and_year(tingkat: Level, wilayah: Area, tahun: int, bulan: int | None, years, what: str) -> None:
    """The level fits the area, the month (when given) is 1–12, and the area has `what` in
    `tahun`; else ExportError naming the years that have data."""
    check_tingkat(tingkat, wilayah)
    if bulan is not None and not 1 <= int(bulan) <= 12:
        raise ExportError(f"Bulan harus 1–12, bukan '{bulan}'.")
    if tahun not in years:
        available = ", ".join(str(y) for y in years) or "belum ada"
        raise ExportError(f"Tidak ada data {what} untuk {wilayah.nama} tahun {tahun}. "
                          f"Tahun yang ada datanya: {available}.")


def kunjungan_export(conn: Connection, scope: Scope, tingkat: Level, wilayah: Area, tahun: int,
                     bulan: int | None) -> pd.DataFrame:
    """The `kunjungan` view: one row per area of `tingkat` inside `wilayah`, sorted by kode, for
    month `bulan` of `tahun` or the whole year; the page's numbers (data_access.kunjungan)."""
    _check_month_and_year(tingkat, wilayah, tahun, bulan, kunjungan_years(conn, scope, wilayah),
                          "kunjungan layanan")
    rows = kunjungan_by_level(conn, scope, wilayah, tingkat, tahun, None if bulan is None else int(bulan))
    return rows.sort_values("kode", ignore_index=True)


def _kunjungan_view(conn: Connection, scope: Scope, request: ExportRequest) -> pd.DataFrame:
    return kunjungan_export(conn, scope, request.tingkat, request.wilayah, request.tahun, request.bulan)


def _kunjungan_notes(request: ExportRequest) -> list[tuple[str, str]]:
    period = (f"bulan {request.bulan} ({BULAN[request.bulan - 1]}) tahun {request.tahun}" if request.bulan
              else f"Januari–Desember {request.tahun}")
    return [("Periode", period),
            ("Desa", "kunjungan warga desa yang dicatat Puskesmas desa itu dengan alamat desa (Pustu, "
                     "Posyandu, kunjungan rumah); kunjungan tanpa alamat hanya masuk angka Puskesmas"),
            ("Angka kecil", f"berkas ini memuat angka apa adanya; halaman dasbor menampilkan sel 1–{MIN_SEL - 1} "
                            f"kunjungan sebagai < {MIN_SEL}. Jaga kerahasiaan berkas ini")]

# --- the scorecard view (Dashboard Utama) ---------------------------------------------------

SCORECARD_COUNTS = ("jumlah_baik", "jumlah_kurang", "jumlah_cukup", "jumlah_jelek")
SCORECARD_QUALITY = ("kualitas_skor", "kualitas_lengkap", "kualitas_tepat", "kualitas_janggal")
SCORECARD_COLUMNS = ["kode", "nama", *(c for i in SKOR_INDICATORS for c in (i.code, f"status_{i.code}")),
                     "iks", *SCORECARD_COUNTS, "skor", "peringkat",
                     # Klaster 1: shown, never scored (indicators.skor K1_RULE); empty at the desa level
                     *(c for i in K1_INDICATORS for c in (i.code, f"status_{i.code}", f"alasan_{i.code}")),
                     # data quality (the page's "Kualitas data" column group): shown, never scored
                     *SCORECARD_QUALITY]


def _scorecard_meaning() -> dict[str, str]:
    meaning = {"kode": IKS_MEANING["kode"], "nama": "nama wilayah"}
    for ind in SKOR_INDICATORS:
        unit = ("pecahan 0–1 (0,95 = 95%)" if ind.is_percent else
                f"pecahan; kalikan {angka(ind.factor)} untuk {ind.unit}")
        meaning[ind.code] = (f"Klaster {ind.klaster}, {ind.label}: cakupan kumulatif Januari s.d. --bulan "
                             f"seperti panel PWS ({_PERIOD[ind.accumulation]}), {unit}; kosong bila "
                             "sasaran kosong atau 0 atau belum ada laporan")
        meaning[f"status_{ind.code}"] = (f"status PWS {ind.code} pada --bulan (lihat tampilan pws): baik, "
                                         "kurang, cukup, jelek; kosong bila cakupan atau target kosong")
    for ind in K1_INDICATORS:
        meaning[ind.code] = (f"Klaster 1, {ind.label}: nilai seperti panel PWS ({_PERIOD[ind.accumulation]}), "
                             "pecahan 0–1; tidak masuk skor; kosong di tingkat desa (dicatat per Puskesmas), bila "
                             "penyebut 0 (pagu 0: persentase tidak dihitung) atau belum ada laporan")
        meaning[f"status_{ind.code}"] = f"status PWS {ind.code} pada --bulan; tidak masuk skor"
        meaning[f"alasan_{ind.code}"] = f"mengapa {ind.code} atau statusnya kosong"
    meaning["iks"] = ("IKS wilayah per 31 Desember --tahun (seperti halaman IKS), pecahan 0–1; kosong bila "
                      "belum ada keluarga dengan IKS")
    for word in ("baik", "kurang", "cukup", "jelek"):
        meaning[f"jumlah_{word}"] = f"jumlah indikator berstatus {word}"
    meaning["skor"] = SKOR_RULE.split(" Peringkat:")[0]
    meaning["peringkat"] = ("peringkat menurut skor di antara baris tabel ini (skor tertinggi = 1, skor sama = "
                            "peringkat sama); kosong tanpa skor")
    meaning["kualitas_skor"] = (f"{SKOR_KUALITAS_RULE} Tidak masuk skor program; kosong bila tidak ada laporan yang "
                                "diharapkan")
    meaning["kualitas_lengkap"] = ("kelengkapan laporan Januari s.d. --bulan, semua register: laporan masuk ÷ "
                                   "laporan yang diharapkan, pecahan 0–1; kosong bila tidak ada yang diharapkan")
    meaning["kualitas_tepat"] = ("ketepatan waktu Januari s.d. --bulan: laporan tepat waktu ÷ laporan yang "
                                 "diharapkan dengan waktu masuk diketahui, pecahan 0–1; kosong bila tidak ada")
    meaning["kualitas_janggal"] = ("jumlah data janggal yang belum dicek, Januari s.d. --bulan (halaman Kualitas "
                                   "Data); kosong bila tidak ada laporan yang diharapkan")
    return meaning


SCORECARD_MEANING = _scorecard_meaning()
SCORECARD_NUMBER_FORMATS = {
    **{i.code: fraction_format(i) for i in (*SKOR_INDICATORS, *K1_INDICATORS)},
    "iks": "0.000", **dict.fromkeys(SCORECARD_COUNTS, "0"), "skor": "0.0", "peringkat": "0",
    "kualitas_skor": "0.0", "kualitas_lengkap": "0.0%", "kualitas_tepat": "0.0%", "kualitas_janggal": "0",
}


def scorecard_table(rows) -> pd.DataFrame:
    """The scorecard's rows (data_access.skor: Scorecard.rows or scorecard_by_level) as the
    export writes them, sorted by kode: the cli's view and the page's download alike."""
    n = len(rows["kode"])
    # desa rows hold no Klaster 1 columns (recorded per Puskesmas): empty, with the reason
    missing = {c: ["dicatat per Puskesmas: tidak ada nilai per desa"] * n if c.startswith("alasan_") else [None] * n
               for c in SCORECARD_COLUMNS if c not in rows}
    out = pd.DataFrame({c: rows[c] if c in rows else missing[c] for c in SCORECARD_COLUMNS})
    for ind in (*SKOR_INDICATORS, *K1_INDICATORS):
        status = out[f"status_{ind.code}"]
        out[f"status_{ind.code}"] = status.where(status.notna(), None)
        out[ind.code] = pd.to_numeric(out[ind.code]).astype(float)
    for col in (*SCORECARD_COUNTS, "peringkat", "kualitas_janggal"):
        out[col] = pd.to_numeric(out[col]).round().astype("Int64")
    for col in ("kualitas_skor", "kualitas_lengkap", "kualitas_tepat"):
        out[col] = pd.to_numeric(out[col]).astype(float)
    return out.sort_values("kode", ignore_index=True)


def scorecard_export(conn: Connection, scope: Scope, tingkat: Level, wilayah: Area, tahun: int,
                     bulan: int) -> pd.DataFrame:
    """The `scorecard` view: one row per area of `tingkat` inside `wilayah`, sorted by kode, each
    of the 25 PWS indicators of Klaster 2–4 as the PWS panel shows it, the IKS, the status counts,
    the score and the rank among these rows (data_access.skor, the Dashboard Utama's numbers)."""
    check_tingkat(tingkat, wilayah)
    _check_period(conn, scope, wilayah, tahun, bulan)
    return scorecard_table(scorecard_by_level(conn, scope, wilayah, tingkat, tahun, int(bulan)))


def _scorecard_view(conn: Connection, scope: Scope, request: ExportRequest) -> pd.DataFrame:
    return scorecard_export(conn, scope, request.tingkat, request.wilayah, request.tahun, request.bulan)


def _scorecard_notes(request: ExportRequest) -> list[tuple[str, str]]:
    return [("Periode", f"Januari s.d. bulan {request.bulan} tahun {request.tahun}; target bulan itu"),
            ("Indikator", f"{len(SKOR_INDICATORS)} indikator PWS Klaster 2–4, urut menurut klaster"),
            ("Skor", SKOR_RULE),
            ("Klaster 1", f"{len(K1_INDICATORS)} indikator Klaster 1 setelah peringkat. {K1_RULE}"),
            ("Kualitas data", "4 kolom terakhir (kualitas_*), seperti kelompok kolom Kualitas data di Dashboard "
                              "Utama; tidak masuk skor. " + SKOR_KUALITAS_RULE),
            ("Satuan", "cakupan ditulis sebagai pecahan (0,95 = 95%); tb_notifikasi: kalikan 100.000")]



# --- the rtl view (the lokakarya mini's follow-up plan) --------------------------------------

RTL_COLUMNS = ["id", "kode_puskesmas", "nama_puskesmas", "tahun", "bulan", "masalah", "penyebab", "tindakan",
               "pj", "tenggat", "indikator", "nama_indikator", "kode_desa", "nama_desa", "status",
               "lewat_tenggat", "catatan", "dibuat_oleh", "dibuat", "diubah_oleh", "diubah"]
RTL_MEANING = {
    "id": "nomor RTL (tetap; dipakai di log audit)",
    "kode_puskesmas": "kode Puskesmas yang mencatat RTL ini",
    "nama_puskesmas": "nama Puskesmas",
    "tahun": "tahun data yang dibahas di lokakarya mini",
    "bulan": "bulan data yang dibahas (1–12); RTL ini dibuka lagi di presentasi bulan berikutnya",
    "masalah": "masalah yang ditemukan",
    "penyebab": "penyebab masalah menurut rapat (boleh kosong)",
    "tindakan": "tindakan yang disepakati",
    "pj": "penanggung jawab (nama atau jabatan)",
    "tenggat": "batas waktu, TTTT-BB-HH; kosong bila tidak ditetapkan",
    "indikator": "kode indikator PWS yang menjadi sasaran (lihat tampilan pws); kosong bila tidak ada",
    "nama_indikator": "nama indikator itu",
    "kode_desa": "kode desa yang menjadi sasaran; kosong: seluruh Puskesmas",
    "nama_desa": "nama desa itu",
    "status": "belum, berjalan, selesai, atau batal",
    "lewat_tenggat": "ya bila tenggat sudah lewat pada tanggal ekspor dan status masih belum atau berjalan",
    "catatan": "catatan terakhir pada perubahan status",
    "dibuat_oleh": "pengguna yang mencatat RTL", "dibuat": "waktu dicatat (UTC), TTTT-BB-HH JJ:MM",
    "diubah_oleh": "pengguna yang terakhir mengubahnya", "diubah": "waktu perubahan terakhir (UTC)",
}


def rtl_table(rows: pd.DataFrame, today) -> pd.DataFrame:
    """The RTL rows of data_access.rtl.list_rtl as the export writes them (cli and page alike):
    dates as text, the indicator's name and whether an open RTL is past its deadline on `today`."""
    out = rows.copy()
    out["nama_indikator"] = [INDICATOR_BY_CODE[c].label if c in INDICATOR_BY_CODE else None
                             for c in out["indikator"]]
    out["lewat_tenggat"] = ["ya" if is_late(t, s, today) else "tidak"
                            for t, s in zip(out["tenggat"], out["status"], strict=True)]
    out["tenggat"] = [t.isoformat() if t is not None and not pd.isna(t) else None for t in out["tenggat"]]
    for col in ("dibuat", "diubah"):
        out[col] = [t.strftime("%Y-%m-%d %H:%M") if t is not None and not pd.isna(t) else None for t in out[col]]
    for col in ("id", "tahun", "bulan"):
        out[col] = pd.to_numeric(out[col]).astype("Int64")
    return out[RTL_COLUMNS].reset_index(drop=True)


def _rtl_view(conn: Connection, scope: Scope, request: ExportRequest) -> pd.DataFrame:
    check_tingkat(request.tingkat, request.wilayah)
    rows = list_rtl(conn, scope, request.wilayah, request.tahun, request.bulan)
    return rtl_table(rows.sort_values(["kode_puskesmas", "tahun", "bulan", "id"]), date.today())


def _rtl_notes(request: ExportRequest) -> list[tuple[str, str]]:
    return [("Isi", "satu baris per RTL yang dicatat Puskesmas di dalam --wilayah pada lokakarya mini tahun "
                    f"{request.tahun}" + (f" bulan {request.bulan}" if request.bulan else "")
                    + "; --tingkat tidak mengubah barisnya (desa: hanya RTL yang menyasar desa itu)")]


VIEWS: dict[str, ExportView] = {
    "iks": ExportView(
        name="iks",
        help="Indeks Keluarga Sehat per wilayah: jumlah keluarga per kategori, IKS, dan cakupan "
             "12 indikator PIS-PK",
        build=_iks_view,
        columns=IKS_MEANING,
        optional=("awal",),
        number_formats=IKS_NUMBER_FORMATS,
    ),
    "pws": ExportView(
        name="pws",
        help="PWS satu indikator per wilayah: sasaran, capaian dan cakupan bulan ini, bulan lalu "
             "dan kumulatif, target bulan ini, status",
        build=_pws_view,
        columns=PWS_MEANING,
        required=("indikator", "bulan"),
        number_formats=PWS_NUMBER_FORMATS,
        formats_of=_pws_formats,
        notes=_pws_notes,
    ),
    "kaskade": ExportView(
        name="kaskade",
        help=f"kaskade ({', '.join(k.code for k in KASKADES)}) per wilayah: jumlah setiap langkah "
             "Januari s.d. bulan terpilih, lalu rasio turunannya",
        build=_kaskade_view,
        columns=KASKADE_MEANING,
        required=("indikator", "bulan"),
        number_formats=KASKADE_NUMBER_FORMATS,
        notes=_kaskade_notes,
    ),
    "kunjungan": ExportView(
        name="kunjungan",
        help="kunjungan layanan per wilayah: jumlah, per tempat, dalam/luar gedung, jenis kelamin, "
             "disabilitas, klaster, kelompok umur, dibanding bulan lalu dan tahun lalu",
        build=_kunjungan_view,
        columns=KUNJUNGAN_MEANING,
        optional=("bulan",),
        number_formats=KUNJUNGAN_NUMBER_FORMATS,
        notes=_kunjungan_notes,
    ),
    "scorecard": ExportView(
        name="scorecard",
        help="capaian semua indikator PWS Klaster 2–4 per wilayah (seperti Dashboard Utama): "
             "cakupan kumulatif dan status, IKS, jumlah status, skor dan peringkat, kualitas data",
        build=_scorecard_view,
        columns=SCORECARD_MEANING,
        required=("bulan",),
        number_formats=SCORECARD_NUMBER_FORMATS,
        notes=_scorecard_notes,
    ),
    "rtl": ExportView(
        name="rtl",
        help="rencana tindak lanjut (RTL) lokakarya mini: masalah, tindakan, PJ, tenggat, sasaran, status",
        build=_rtl_view,
        columns=RTL_MEANING,
        optional=("bulan",),
        number_formats={"id": "0", "tahun": "0", "bulan": "0"},
        notes=_rtl_notes,
    ),
}


def export_view(conn: Connection, scope: Scope, view: str, request: ExportRequest) -> pd.DataFrame:
    """Build the table of `view`; raises ExportError (or WilayahError) with a user message."""
    spec = VIEWS.get(view)
    if spec is None:
        raise ExportError(f"Tampilan '{view}' tidak dikenal; pilih salah satu: {', '.join(VIEWS)}.")
    missing = [name for name in spec.required if getattr(request, name) is None
               or getattr(request, name) is False]
    if missing:
        raise ExportError(f"Tampilan {view} memerlukan " + ", ".join(f"--{m}" for m in missing) + ".")
    for name in ("bulan", "indikator", "awal"):
        if name not in spec.required + spec.optional and getattr(request, name) not in (None, False):
            raise ExportError(f"--{name} tidak berlaku untuk tampilan {view}.")
    return spec.build(conn, scope, request)


# --- writing --------------------------------------------------------------------------------

def output_format(path: str) -> str:
    """'csv' or 'xlsx' from a file name; ExportError otherwise."""
    suffix = str(path).rsplit(".", 1)[-1].lower() if "." in str(path) else ""
    if suffix not in FORMATS:
        raise ExportError(f"Berkas keluaran '{path}' harus berakhiran .csv atau .xlsx.")
    return suffix


def export_notes(view: ExportView, request: ExportRequest, columns: list[str]) -> list[tuple[str, str]]:
    """The "Keterangan" sheet of an export: what was asked and what each column means."""
    wilayah = request.wilayah
    where = wilayah.nama if wilayah.kode is None else f"{wilayah.nama} ({wilayah.kode})"
    rows = [("Tampilan", f"{view.name}: {view.help}"),
            ("Tahun", str(request.tahun)),
            ("Tingkat", request.tingkat.label),
            ("Wilayah", where)]
    if request.bulan:
        rows.append(("Bulan", f"{request.bulan} ({BULAN[request.bulan - 1]})"
                     if 1 <= request.bulan <= 12 else str(request.bulan)))
    if view.notes is not None:
        rows += view.notes(request)
    elif request.indikator:
        rows.append(("Indikator", request.indikator))
    if "awal" in view.optional:
        rows.append(("Keadaan", "IKS awal: kunjungan pertama setiap keluarga" if request.awal else
                     f"kunjungan terakhir setiap keluarga sampai 31 Desember {request.tahun}"))
    rows.append(("Dibuat", datetime.now().strftime("%Y-%m-%d %H:%M")))
    rows.append(("", ""))
    rows += [(col, view.columns.get(col, "")) for col in columns]
    return rows


def write_export(frame: pd.DataFrame, fmt: str, *, view: ExportView, request: ExportRequest) -> bytes:
    if fmt == "csv":
        return to_csv(frame)
    formats = {**view.number_formats, **(view.formats_of(request) if view.formats_of else {})}
    return to_xlsx(frame, sheet=view.name.upper(), number_formats=formats,
                   keterangan=export_notes(view, request, list(frame.columns)))


# --- the IKS page's download buttons ------------------------------------------------------

def iks_page_download(rows: pd.DataFrame, shown: Area, tahun: int, fmt: str) -> tuple[str, bytes]:
    """(file name, bytes) of the IKS page's table: the rows of data_access.iks.iks_area_table
    in the page's order, the contract's columns plus the page's own."""
    table = iks_table(rows, page=True)
    name = f"iks-{shown.kode or 'nasional'}-{tahun}.{fmt}"
    if fmt == "csv":
        return name, to_csv(table)
    meaning = {**IKS_MEANING, **IKS_PAGE_EXTRA}
    where = shown.nama if shown.kode is None else f"{shown.nama} ({shown.kode})"
    notes = [("Tampilan", "Tabel wilayah halaman IKS"), ("Tahun", str(tahun)),
             ("Wilayah", where),
             ("Keadaan", f"kunjungan terakhir setiap keluarga sampai 31 Desember {tahun}"),
             ("Dibuat", datetime.now().strftime("%Y-%m-%d %H:%M")), ("", "")]
    notes += [(col, meaning[col]) for col in table.columns]
    return name, to_xlsx(table, sheet="IKS", number_formats=IKS_NUMBER_FORMATS, keterangan=notes)


# --- the morbiditas view (issue 13) ------------------------------------------------------------

MORBIDITAS_COLUMNS = ["kode", "nama", "penduduk", "kasus", "per_1000", "keterangan"]
MORBIDITAS_TOP_COLUMNS = ["kode", "nama", "peringkat", "kode_icd", "nama_diagnosis", "kasus"]
MORBIDITAS_MEANING = {
    "kode": IKS_MEANING["kode"],
    "nama": "nama wilayah",
    "penduduk": "jumlah penduduk wilayah (jumlah_penduduk desanya di data wilayah); kosong bila tidak ada "
                "desanya yang punya jumlah penduduk",
    "kasus": "kasus baru diagnosis --indikator pada bulan --bulan (tanpa --bulan: Januari–Desember), penduduk "
             "wilayah itu; dengan --indikator. Tanpa --indikator: kasus baru diagnosis pada baris itu",
    "per_1000": "kasus / penduduk × 1.000 (kasus per 1.000 penduduk); kosong bila jumlah penduduk salah satu desa "
                "wilayah itu kosong atau 0 (alasannya di kolom keterangan)",
    "keterangan": "mengapa per_1000 kosong; kosong bila ada angkanya",
    "peringkat": "urutan diagnosis di wilayah itu, 1 = kasus terbanyak (kasus sama: urut kode ICD-10); "
                 "paling banyak 10 baris per wilayah",
    "kode_icd": "kode diagnosis ICD-10 (bentuk baku, mis. J06.9)",
    "nama_diagnosis": "nama diagnosis seperti diimpor terakhir",
}
MORBIDITAS_NUMBER_FORMATS = {"penduduk": "#,##0", "kasus": "#,##0", "per_1000": "#,##0.00", "peringkat": "0"}


def _diagnosis(conn: Connection, scope: Scope, code: str | None) -> str | None:
    """The stored ICD-10 code a --indikator names (any case, with or without the dot), None
    without one; ExportError for a code not shaped like ICD-10 or not in the data inside the
    user's wilayah (a code reported only elsewhere is refused in the same words)."""
    from data_access.morbiditas import diagnoses_in_scope
    from domain.kategori import icd10

    if code is None or not str(code).strip():
        return None
    kode = icd10(str(code))
    if kode is None:
        raise ExportError(f"'{code}' bukan kode ICD-10 (mis. J06.9, A09); tampilan morbiditas memakai "
                          "--indikator KODE_ICD, atau tanpa --indikator untuk 10 diagnosis terbanyak.")
    if kode not in diagnoses_in_scope(conn, scope):
        raise ExportError(f"Diagnosis {kode} tidak ada di data kesakitan yang diimpor.")
    return kode


def morbiditas_export(conn: Connection, scope: Scope, tingkat: Level, wilayah: Area, tahun: int,
                      bulan: int | None, indikator: str | None) -> pd.DataFrame:
    """The `morbiditas` view, sorted by kode. With a diagnosis: one row per area of `tingkat`
    inside `wilayah` with its cases, population and cases per 1.000 (data_access.morbiditas.
    cases_by_level, what the map shows). Without: up to ten rows per area, its most frequent
    diagnoses. `bulan` None: the whole year."""
    from data_access.morbiditas import cases_by_level, morbiditas_years, top_by_level

    _check_month_and_year(tingkat, wilayah, tahun, bulan, morbiditas_years(conn, scope, wilayah),
                          "kesakitan (morbiditas)")
    kode = _diagnosis(conn, scope, indikator)
    if kode is None:
        return top_by_level(conn, scope, wilayah, tingkat, tahun, bulan).sort_values(
            ["kode", "peringkat"], ignore_index=True)
    rows = cases_by_level(conn, scope, wilayah, tingkat, tahun, bulan or 12, kode, kumulatif=bulan is None)
    rows["per_1000"] = pd.to_numeric(rows["per_1000"]).round(6)
    return rows[MORBIDITAS_COLUMNS].sort_values("kode", ignore_index=True)


def _morbiditas_view(conn: Connection, scope: Scope, request: ExportRequest) -> pd.DataFrame:
    return morbiditas_export(conn, scope, request.tingkat, request.wilayah, request.tahun, request.bulan,
                             request.indikator)


def _morbiditas_notes(request: ExportRequest) -> list[tuple[str, str]]:
    period = (f"bulan {request.bulan} tahun {request.tahun}" if request.bulan else
              f"Januari–Desember {request.tahun}")
    if request.indikator:
        return [("Diagnosis", str(request.indikator)), ("Periode", period),
                ("Bentuk", "satu baris per wilayah: kasus, penduduk dan kasus per 1.000 penduduk")]
    return [("Periode", period), ("Bentuk", "sampai 10 baris per wilayah: diagnosis terbanyaknya, berurutan")]


VIEWS["morbiditas"] = ExportView(
    name="morbiditas",
    help="kesakitan: dengan --indikator KODE_ICD kasus, penduduk dan kasus per 1.000 penduduk per wilayah; "
         "tanpa --indikator 10 diagnosis terbanyak setiap wilayah",
    build=_morbiditas_view,
    columns=MORBIDITAS_MEANING,
    optional=("bulan", "indikator"),
    number_formats=MORBIDITAS_NUMBER_FORMATS,
    notes=_morbiditas_notes,
)


# --- Klaster 1: staff (sdm, issue 15) ------------------------------------------------------------

def _sdm_meaning() -> dict[str, str]:
    from indicators.k1_sdm import JENIS, STATUS

    return {
        "kode": "kode wilayah: provinsi 99, kabupaten/kota 99.01, atau kode Puskesmas",
        "nama": "nama wilayah",
        "jumlah_puskesmas": "Puskesmas di wilayah itu (1 untuk satu Puskesmas)",
        "puskesmas_melapor": "Puskesmas yang sudah mengunggah data SDM",
        "puskesmas_9_jenis": "Puskesmas melapor yang punya ke-9 jenis tenaga minimal (Permenkes 43/2019): "
                             "indikator nasional; bagi dengan puskesmas_melapor untuk persentasenya",
        "puskesmas_tanpa_dokter": "Puskesmas melapor tanpa dokter aktif",
        "tenaga_aktif": "tenaga aktif (aktif Y, sudah mulai bertugas pada akhir periode)",
        "penduduk": "penduduk wilayah = jumlah penduduk desa-desanya di data wilayah; kosong bila belum lengkap",
        "per_10000": "tenaga_aktif / penduduk × 10.000, dijumlahkan dulu lalu dibagi; kosong bila penduduk tidak "
                     "diketahui atau 0, atau ada Puskesmas yang belum melapor (alasannya di keterangan)",
        "keterangan": "mengapa per_10000 kosong; kosong bila ada angkanya",
        "jenis_minimal": "jumlah jenis tenaga minimal yang ada (0–9; hanya baris Puskesmas)",
        "jenis_kurang": "jenis tenaga minimal yang tidak ada (hanya baris Puskesmas)",
        "tanpa_dokter": "Y bila Puskesmas tanpa dokter aktif, T bila ada (hanya baris Puskesmas)",
        **{f"tenaga_{j.code}": f"tenaga aktif: {j.label}" for j in JENIS},
        **{f"status_{s.code}": f"tenaga aktif berstatus {s.label}" for s in STATUS},
    }


def sdm_export(conn: Connection, scope: Scope, tingkat: Level, wilayah: Area, tahun: int,
               bulan: int | None) -> pd.DataFrame:
    """The `sdm` view: one row per area of `tingkat` inside `wilayah`, active staff at the end of
    the month (or year), sorted by kode (data_access.k1_sdm.by_level)."""
    from data_access.k1_sdm import by_level
    from indicators.k1_sdm import asof_date

    if tingkat == Level.DESA:
        raise ExportError("Data SDM dicatat per Puskesmas, bukan per desa; pilih --tingkat puskesmas, kabupaten "
                          "atau provinsi.")
    check_tingkat(tingkat, wilayah.map_area)
    rows = by_level(conn, scope, wilayah.map_area, tingkat, asof_date(tahun, bulan))
    rows["per_10000"] = pd.to_numeric(rows["per_10000"]).round(6)
    return rows


def _sdm_view(conn: Connection, scope: Scope, request: ExportRequest) -> pd.DataFrame:
    return sdm_export(conn, scope, request.tingkat, request.wilayah, request.tahun, request.bulan)


def _sdm_notes(request: ExportRequest) -> list[tuple[str, str]]:
    from indicators.k1_sdm import asof_date

    return [("Keadaan", f"tenaga aktif per {asof_date(request.tahun, request.bulan):%d/%m/%Y}"),
            ("Privasi", "data SDM tidak memuat nama atau NIK")]


VIEWS["sdm"] = ExportView(
    name="sdm",
    help="ketenagaan (SDM) Klaster 1: tenaga aktif, per 10.000 penduduk, 9 jenis tenaga minimal, tanpa dokter",
    build=_sdm_view,
    columns=_sdm_meaning(),
    optional=("bulan",),
    number_formats={"per_10000": "#,##0.0", "penduduk": "#,##0", "tenaga_aktif": "#,##0"},
    notes=_sdm_notes,
)
# --- Klaster 1: obat (issue 15): the medicine stock (LPLPO) per area, and one Puskesmas' items ---------

_OBAT_COUNTS = {  # export column ← summary column
    "item_dilaporkan": "item",
    "obat_indikator_dilaporkan": "indikator",
    "obat_indikator_tersedia": "indikator_tersedia",
    "kekosongan": "kosong",
    "kekosongan_obat_indikator": "kosong_indikator",
    "stok_kurang_1_bulan": "kritis",
    "kedaluwarsa_segera": "kedaluwarsa",
    "baris_tidak_seimbang": "tidak_seimbang",
}
OBAT_COLUMNS = ["kode", "nama", "puskesmas", "puskesmas_melapor", "puskesmas_memenuhi", "persen_puskesmas_memenuhi",
                *_OBAT_COUNTS, "persen_obat_indikator"]
OBAT_MEANING = {
    "kode": "kode Puskesmas, kabupaten/kota (99.01) atau provinsi (99)",
    "nama": "nama wilayah",
    "puskesmas": "Puskesmas di wilayah itu (1 pada tingkat puskesmas)",
    "puskesmas_melapor": "Puskesmas yang melaporkan obat indikator bulan itu",
    "puskesmas_memenuhi": "Puskesmas dengan ≥ 80% obat indikator yang dilaporkannya tersedia",
    "persen_puskesmas_memenuhi": "puskesmas_memenuhi / puskesmas_melapor, pecahan 0–1 (indikator nasional; "
                                 "bukan rata-rata persen); kosong tanpa laporan",
    "item_dilaporkan": "item obat/BMHP yang dilaporkan (baris LPLPO)",
    "obat_indikator_dilaporkan": "obat indikator yang dilaporkan",
    "obat_indikator_tersedia": "obat indikator yang tidak kosong di akhir bulan",
    "kekosongan": "item dengan sisa stok 0, atau dengan pemakaian/permintaan tanpa stok",
    "kekosongan_obat_indikator": "kekosongan yang merupakan obat indikator",
    "stok_kurang_1_bulan": f"item dengan sisa < 1 bulan pemakaian (rata-rata {JENDELA_PEMAKAIAN} bulan terakhir)",
    "kedaluwarsa_segera": f"item bersisa yang kedaluwarsa paling lambat {MASA_KEDALUWARSA} bulan setelah akhir bulan",
    "baris_tidak_seimbang": "baris yang sisa_stok-nya ≠ stok_awal + penerimaan − pemakaian (data perlu dicek)",
    "persen_obat_indikator": "obat_indikator_tersedia / obat_indikator_dilaporkan, pecahan 0–1; pada tingkat "
                             "puskesmas: dasar penilaian ≥ 80%",
}
OBAT_FORMATS = {**dict.fromkeys(["puskesmas", "puskesmas_melapor", "puskesmas_memenuhi", *_OBAT_COUNTS], "#,##0"),
                "persen_puskesmas_memenuhi": "0.0%", "persen_obat_indikator": "0.0%"}


def _obat_month(request: ExportRequest) -> int:
    if request.bulan is None or not 1 <= int(request.bulan) <= 12:
        raise ExportError("Tampilan obat memerlukan --bulan 1–12.")
    return int(request.bulan)


def obat_table(table: pd.DataFrame, tingkat: Level) -> pd.DataFrame:
    """The `obat` view's rows from data_access.k1_obat.puskesmas_table rows."""
    rows = table.copy()
    rows["melapor"] = rows["indikator"].fillna(0) > 0
    rows["memenuhi_"] = rows["memenuhi"].eq(True)
    if tingkat == Level.PUSKESMAS:
        rows["kode"], rows["nama"] = rows["kode_puskesmas"], rows["nama_puskesmas"]
    elif tingkat == Level.KABUPATEN:
        rows["kode"], rows["nama"] = rows["kode_kabupaten"], rows["nama_kabupaten"]
    else:
        rows["kode"], rows["nama"] = rows["kode_kabupaten"].str[:2], ""
    rows["puskesmas"] = 1
    rows = rows.rename(columns={v: k for k, v in _OBAT_COUNTS.items()}).rename(
        columns={"melapor": "puskesmas_melapor", "memenuhi_": "puskesmas_memenuhi"})
    summed = ["puskesmas", "puskesmas_melapor", "puskesmas_memenuhi", *_OBAT_COUNTS]
    grouped = rows.groupby("kode", sort=True)
    out = grouped[summed].sum(min_count=1).join(grouped["nama"].first()).reset_index()
    out["persen_puskesmas_memenuhi"] = out["puskesmas_memenuhi"] / out["puskesmas_melapor"].where(
        out["puskesmas_melapor"] > 0)
    ind = out["obat_indikator_dilaporkan"]
    out["persen_obat_indikator"] = out["obat_indikator_tersedia"] / ind.where(ind > 0)
    for c in ("puskesmas", "puskesmas_melapor", "puskesmas_memenuhi", *_OBAT_COUNTS):
        out[c] = out[c].round().astype("Int64")
    return out[OBAT_COLUMNS]


def obat_export(conn: Connection, scope: Scope, request: ExportRequest) -> pd.DataFrame:
    wilayah, tingkat = request.wilayah, request.tingkat
    bulan = _obat_month(request)
    if tingkat == Level.DESA:
        raise ExportError("Data obat dilaporkan per Puskesmas: pilih --tingkat puskesmas, kabupaten atau provinsi.")
    _check_month_and_year(tingkat, wilayah, request.tahun, bulan, obat_years(conn, scope, wilayah), "obat (LPLPO)")
    table = obat_table(puskesmas_table(conn, scope, wilayah, request.tahun, bulan), tingkat)
    if tingkat == Level.PROVINSI and wilayah.level == Level.PROVINSI:
        table["nama"] = wilayah.nama
    return table


OBAT_ITEM_COLUMNS = ["kode_puskesmas", "kode_obat", "nama_obat", "satuan", "obat_indikator", "stok_awal", "penerimaan",
                "persediaan", "pemakaian", "sisa_stok", "sisa_hitung", "seimbang", "permintaan",
                "rata_pemakaian_3_bulan", "stok_bulan", "kategori_stok", "kedaluwarsa_terdekat", "kedaluwarsa_segera"]
OBAT_ITEM_MEANING = {
    "kode_puskesmas": "kode Puskesmas", "kode_obat": "kode item", "nama_obat": "nama item (terakhir diimpor)",
    "satuan": "satuan", "obat_indikator": "Y bila obat indikator (kolom obat_indikator berkas, atau daftar bawaan)",
    "stok_awal": "stok awal bulan", "penerimaan": "penerimaan bulan itu", "persediaan": "stok_awal + penerimaan",
    "pemakaian": "pemakaian bulan itu", "sisa_stok": "sisa stok seperti dilaporkan",
    "sisa_hitung": "persediaan − pemakaian (sisa yang seharusnya)",
    "seimbang": "Y bila sisa_stok = sisa_hitung; T: data perlu dicek (tidak dikoreksi)",
    "permintaan": "permintaan seperti dilaporkan (kosong bila tidak diisi)",
    "rata_pemakaian_3_bulan": f"rata-rata pemakaian {JENDELA_PEMAKAIAN} bulan terakhir (bulan yang dilaporkan)",
    "stok_bulan": "sisa_stok / rata_pemakaian_3_bulan; kosong bila kosong atau tidak terpakai",
    "kategori_stok": "; ".join(f"{k}: {v}" for k, v in KATEGORI_STOK.items()),
    "kedaluwarsa_terdekat": "tanggal kedaluwarsa terdekat (YYYY-MM-DD)",
    "kedaluwarsa_segera": f"Y bila bersisa dan kedaluwarsa paling lambat {MASA_KEDALUWARSA} bulan setelah akhir bulan",
}
OBAT_ITEM_FORMATS = {**dict.fromkeys(("stok_awal", "penerimaan", "persediaan", "pemakaian", "sisa_stok", "sisa_hitung",
                                 "permintaan", "rata_pemakaian_3_bulan"), "#,##0.##"), "stok_bulan": "0.0"}


def obat_item_table(detail: pd.DataFrame) -> pd.DataFrame:
    """The `obat_item` view's rows from data_access.k1_obat.item_detail rows."""
    out = detail.rename(columns={"rata_pemakaian": "rata_pemakaian_3_bulan", "bulan_stok": "stok_bulan",
                                 "kategori": "kategori_stok"}).copy()
    yn = {True: "Y", False: "T"}
    for c in ("obat_indikator", "seimbang", "kedaluwarsa_segera"):
        source = "indikator" if c == "obat_indikator" else c
        out[c] = out[source].astype(bool).map(yn)
    out["rata_pemakaian_3_bulan"] = out["rata_pemakaian_3_bulan"].round(4)
    out["stok_bulan"] = out["stok_bulan"].round(2)
    return out[OBAT_ITEM_COLUMNS].sort_values("kode_obat", ignore_index=True)


def obat_item_export(conn: Connection, scope: Scope, request: ExportRequest) -> pd.DataFrame:
    wilayah = request.wilayah
    bulan = _obat_month(request)
    if wilayah.level not in (Level.PUSKESMAS, Level.DESA):
        raise ExportError("Tampilan obat_item berisi item satu Puskesmas: beri --wilayah KODE_PUSKESMAS "
                          "dan --tingkat puskesmas.")
    if request.tingkat != Level.PUSKESMAS:
        raise ExportError("Tampilan obat_item memakai --tingkat puskesmas.")
    years = obat_years(conn, scope, wilayah)
    if request.tahun not in years:
        available = ", ".join(str(y) for y in years) or "belum ada"
        raise ExportError(f"Tidak ada data obat (LPLPO) untuk {wilayah.nama} tahun {request.tahun}. "
                          f"Tahun yang ada datanya: {available}.")
    return obat_item_table(item_detail(conn, scope, wilayah, request.tahun, bulan))


def _obat_notes(request: ExportRequest) -> list[tuple[str, str]]:
    month = f"{BULAN[request.bulan - 1]} {request.tahun}" if request.bulan and 1 <= request.bulan <= 12 else ""
    return [("Periode", month), ("Sumber", "LPLPO bulanan (dataset obat)")]


VIEWS["obat"] = ExportView(
    name="obat", build=obat_export, columns=OBAT_MEANING, required=("bulan",), number_formats=OBAT_FORMATS,
    notes=_obat_notes,
    help="obat dan BMHP (LPLPO) per Puskesmas, atau per kabupaten/kota dan provinsi: obat indikator "
         "tersedia, Puskesmas yang memenuhi ≥ 80%, kekosongan, stok < 1 bulan, kedaluwarsa, baris tidak seimbang")
VIEWS["obat_item"] = ExportView(
    name="obat_item", build=obat_item_export, columns=OBAT_ITEM_MEANING, required=("bulan",),
    number_formats=OBAT_ITEM_FORMATS, notes=_obat_notes,
    help="item obat/BMHP satu Puskesmas satu bulan dengan semua rumusnya (persediaan, sisa seharusnya, stok "
         "dalam bulan, kategori, kedaluwarsa); --wilayah KODE_PUSKESMAS --tingkat puskesmas")
# --- Klaster 1: sarpras and kegiatan (issue 15) --------------------------------------------------

SARPRAS_SUMS = ["standar", "ada", "berfungsi", "unit_rusak_berat", "unit_rusak_ringan", "non_standar"]
SARPRAS_COLUMNS = ["kode", "nama", "puskesmas", "puskesmas_melapor", *SARPRAS_SUMS, "persen_ada", "persen_berfungsi"]
SARPRAS_MEANING = {
    "kode": "kode Puskesmas, kabupaten/kota atau provinsi",
    "nama": "nama wilayah",
    "puskesmas": "jumlah Puskesmas di wilayah itu",
    "puskesmas_melapor": "Puskesmas yang punya inventaris tahun itu (yang lain tidak dihitung)",
    "standar": "item daftar standar × Puskesmas yang melapor",
    "ada": "item standar yang ada (minimal satu unit, kondisi apa pun), dijumlahkan atas Puskesmas",
    "berfungsi": "item standar yang berfungsi (minimal satu unit berkondisi baik; rusak ringan tidak dihitung)",
    "unit_rusak_berat": "unit berkondisi rusak berat, semua item",
    "unit_rusak_ringan": "unit berkondisi rusak ringan, semua item",
    "non_standar": "kode item di luar daftar standar (per Puskesmas, dijumlahkan)",
    "persen_ada": "ada ÷ standar (0–1); kosong bila tidak ada Puskesmas yang melapor",
    "persen_berfungsi": "berfungsi ÷ standar (0–1); kosong bila tidak ada Puskesmas yang melapor",
}
SARPRAS_NUMBER_FORMATS = {**dict.fromkeys(["puskesmas", "puskesmas_melapor", *SARPRAS_SUMS], "#,##0"),
                          "persen_ada": "0.0%", "persen_berfungsi": "0.0%"}
SARPRAS_ITEM_COLUMNS = ["kode_puskesmas", "tahun", "kode_item", "nama_item", "kategori", "daftar", "lokasi",
                        "kondisi", "jumlah", "keadaan_standar"]


def _dinkes_levels(tingkat: Level, wilayah: Area) -> None:
    check_tingkat(tingkat, wilayah)
    if tingkat == Level.DESA:
        raise ExportError("Data ini dicatat per Puskesmas; pilih --tingkat puskesmas, kabupaten atau provinsi.")


def sarpras_export(conn: Connection, scope: Scope, tingkat: Level, wilayah: Area, tahun: int) -> pd.DataFrame:
    """The `sarpras` view: one row per area of `tingkat` inside `wilayah`: items of the
    standard list present and working, summed over the Puskesmas that reported (data_access.k1_sarpras)."""
    from data_access.k1_sarpras import by_level, puskesmas_parents, puskesmas_tallies, sarpras_years

    _dinkes_levels(tingkat, wilayah)
    _check_month_and_year(tingkat, wilayah, tahun, None, sarpras_years(conn, scope, wilayah),
                          "inventaris sarana dan prasarana")
    rows = puskesmas_tallies(conn, scope, wilayah, tahun)[["kode", "nama", *SARPRAS_SUMS]]
    out = by_level(rows, puskesmas_parents(conn, scope, wilayah), tingkat, SARPRAS_SUMS)
    out["persen_ada"] = (out["ada"] / out["standar"]).round(6)
    out["persen_berfungsi"] = (out["berfungsi"] / out["standar"]).round(6)
    out = out.astype(dict.fromkeys(["puskesmas", "puskesmas_melapor", *SARPRAS_SUMS], "Int64"))  # 37, not 37.0
    return out[SARPRAS_COLUMNS].sort_values("kode", ignore_index=True)


def sarpras_items_table(inventory) -> pd.DataFrame:
    """A Puskesmas' inventory for its page's download: every row, whether the item is in the
    standard list, and the standard items it lacks (jumlah 0, keadaan_standar 'tidak ada')."""
    from data_access.k1_sarpras import DETAIL
    from indicators.k1_sarpras import KATEGORI, NON_STANDAR, STANDAR, STANDAR_BY_KODE, standard_gaps

    inventory = pd.DataFrame(list(inventory), columns=DETAIL)
    rows = inventory.assign(daftar=inventory["kode_item"].isin(list(STANDAR_BY_KODE)).map(
        {True: "standar", False: NON_STANDAR}))
    gaps = pd.DataFrame(standard_gaps(inventory), columns=["kode_item", "nama_item", "kategori", "keadaan"])
    state = dict(zip(gaps["kode_item"], gaps["keadaan"]))
    rows["keadaan_standar"] = [("" if d != "standar" else state.get(k, "berfungsi"))
                               for k, d in zip(rows["kode_item"], rows["daftar"])]
    missing = gaps[gaps["keadaan"] == "tidak ada"]
    if len(missing) and len(inventory):
        extra = pd.DataFrame({"kode_puskesmas": inventory["kode_puskesmas"].iloc[0],
                              "tahun": inventory["tahun"].iloc[0], "kode_item": missing["kode_item"],
                              "nama_item": missing["nama_item"],
                              "kategori": [STANDAR_BY_KODE[k].kategori for k in missing["kode_item"]],
                              "daftar": "standar", "lokasi": "", "kondisi": "", "jumlah": 0,
                              "keadaan_standar": "tidak ada"})
        rows = pd.concat([rows, extra], ignore_index=True)
    order = {i.kode: n for n, i in enumerate(STANDAR)}
    rows["_urut"] = rows["kode_item"].map(order).fillna(len(order))
    rows["kategori"] = rows["kategori"].map(lambda k: KATEGORI.get(k, k))
    return rows.sort_values(["_urut", "kode_item", "lokasi", "kondisi"], ignore_index=True)[SARPRAS_ITEM_COLUMNS]


def _sarpras_view(conn: Connection, scope: Scope, request: ExportRequest) -> pd.DataFrame:
    return sarpras_export(conn, scope, request.tingkat, request.wilayah, request.tahun)


def _sarpras_notes(request: ExportRequest) -> list[tuple[str, str]]:
    from indicators.k1_sarpras import N_STANDAR, RULE, RULE_DINKES

    return [("Daftar standar", f"{N_STANDAR} item (indicators/k1_sarpras.py; docs/data-sarpras.md)"),
            ("Aturan", RULE), ("Wilayah", RULE_DINKES)]


KEGIATAN_SUMS = ["rencana", "terlaksana", "terlambat", "anggaran_rencana", "anggaran_terlaksana"]
KEGIATAN_COLUMNS = ["kode", "nama", "puskesmas", "puskesmas_melapor", *KEGIATAN_SUMS, "persen_terlaksana"]
KEGIATAN_MEANING = {
    "kode": "kode Puskesmas, kabupaten/kota atau provinsi",
    "nama": "nama wilayah",
    "puskesmas": "jumlah Puskesmas di wilayah itu",
    "puskesmas_melapor": "Puskesmas yang punya rencana kegiatan tahun itu",
    "rencana": "kegiatan yang direncanakan Januari s.d. --bulan",
    "terlaksana": "dari itu, yang terlaksana paling lambat bulan --bulan (terlaksana Y, bulan terlaksana ≤ --bulan)",
    "terlambat": "rencana − terlaksana: direncanakan pada periode itu, belum terlaksana",
    "anggaran_rencana": "anggaran (rupiah) kegiatan yang direncanakan pada periode itu",
    "anggaran_terlaksana": "anggaran (rupiah) kegiatan yang terlaksana dari itu",
    "persen_terlaksana": "terlaksana ÷ rencana (0–1); kosong bila tidak ada rencana",
}
KEGIATAN_NUMBER_FORMATS = {**dict.fromkeys(["puskesmas", "puskesmas_melapor", "rencana", "terlaksana",
                                            "terlambat", "anggaran_rencana", "anggaran_terlaksana"], "#,##0"),
                           "persen_terlaksana": "0.0%"}
KEGIATAN_LATE_COLUMNS = ["kode_puskesmas", "tahun", "id_kegiatan", "nama_kegiatan", "klaster", "bulan_rencana",
                         "terlambat_bulan", "anggaran", "sumber_dana"]


def kegiatan_export(conn: Connection, scope: Scope, tingkat: Level, wilayah: Area, tahun: int,
                    bulan: int | None) -> pd.DataFrame:
    """The `kegiatan` view: one row per area of `tingkat` inside `wilayah`: activities planned in
    January..bulan (default December) and done by its end, summed over Puskesmas."""
    from data_access.k1_kegiatan import kegiatan_years, puskesmas_sums
    from data_access.k1_sarpras import by_level, puskesmas_parents

    _dinkes_levels(tingkat, wilayah)
    _check_month_and_year(tingkat, wilayah, tahun, bulan, kegiatan_years(conn, scope, wilayah),
                          "kegiatan rencana tahunan")
    rows = puskesmas_sums(conn, scope, wilayah, tahun, int(bulan or 12))[["kode", "nama", *KEGIATAN_SUMS]]
    out = by_level(rows, puskesmas_parents(conn, scope, wilayah), tingkat, KEGIATAN_SUMS)
    out["persen_terlaksana"] = (out["terlaksana"] / out["rencana"].where(out["rencana"] > 0)).round(6)
    out = out.astype(dict.fromkeys(["puskesmas", "puskesmas_melapor", "rencana", "terlaksana", "terlambat"], "Int64"))
    return out[KEGIATAN_COLUMNS].sort_values("kode", ignore_index=True)


def kegiatan_late_table(late: list[dict]) -> pd.DataFrame:
    """A Puskesmas' late activities (indicators.k1_kegiatan.late) for its page's download."""
    rows = [{**r, "terlambat_bulan": r["terlambat"]} for r in late]
    return pd.DataFrame(rows, columns=KEGIATAN_LATE_COLUMNS)


def _kegiatan_view(conn: Connection, scope: Scope, request: ExportRequest) -> pd.DataFrame:
    return kegiatan_export(conn, scope, request.tingkat, request.wilayah, request.tahun, request.bulan)


def _kegiatan_notes(request: ExportRequest) -> list[tuple[str, str]]:
    from indicators.k1_kegiatan import RULE

    month = request.bulan or 12
    return [("Periode", f"Januari s.d. {BULAN[month - 1]} {request.tahun}"), ("Aturan", RULE)]


VIEWS["sarpras"] = ExportView(
    name="sarpras",
    help="sarana, prasarana dan alat kesehatan per wilayah: item standar yang ada dan berfungsi, unit rusak, "
         "item non-standar (tingkat puskesmas, kabupaten atau provinsi)",
    build=_sarpras_view,
    columns=SARPRAS_MEANING,
    number_formats=SARPRAS_NUMBER_FORMATS,
    notes=_sarpras_notes,
)
VIEWS["kegiatan"] = ExportView(
    name="kegiatan",
    help="kegiatan rencana tahunan (RUK/RPK) per wilayah: direncanakan dan terlaksana Januari s.d. --bulan "
         "(tanpa --bulan: Desember), terlambat, anggaran",
    build=_kegiatan_view,
    columns=KEGIATAN_MEANING,
    optional=("bulan",),
    number_formats=KEGIATAN_NUMBER_FORMATS,
    notes=_kegiatan_notes,
)


# --- the kualitas view (Kualitas Data: one long table of every section's findings) ------------

def _kualitas_view(conn: Connection, scope: Scope, request: ExportRequest) -> pd.DataFrame:
    check_tingkat(request.tingkat, request.wilayah)
    years = sorted(set(program_years(conn, scope, request.wilayah)) | set(iks_years(conn, scope, request.wilayah)))
    if request.tahun not in years:
        available = ", ".join(str(y) for y in years) or "belum ada"
        raise ExportError(f"Tidak ada data register layanan maupun kunjungan keluarga untuk {request.wilayah.nama} "
                          f"tahun {request.tahun}. Tahun yang ada datanya: {available}.")
    return kualitas_table(conn, scope, request.wilayah, request.tingkat, request.tahun, request.bulan)


def _kualitas_notes(request: ExportRequest) -> list[tuple[str, str]]:
    from indicators.rekonsiliasi import ATURAN

    period = (f"Januari s.d. {BULAN[request.bulan - 1]}" if request.bulan
              else "Januari s.d. bulan terakhir yang ada laporannya")
    return [("Periode register", f"{period} {request.tahun}"),
            *[(f"Bagian {s.bagian}", s.keterangan) for s in ROW_SOURCES],
            ("Aturan rekonsiliasi", ATURAN)]


VIEWS["kualitas"] = ExportView(
    name="kualitas",
    help="temuan halaman Kualitas Data dalam satu tabel panjang: satu baris per temuan dan wilayah "
         "(kini: PIS-PK dibanding register program per pasangan indikator)",
    build=_kualitas_view,
    columns=KUALITAS_MEANING,
    optional=("bulan",),
    number_formats=KUALITAS_NUMBER_FORMATS,
    notes=_kualitas_notes,
)
