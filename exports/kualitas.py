"""The `kualitas` export: everything the Kualitas Data page finds, as one long table (a row per
finding and area), gathered from a tuple of row sources, one per section of the page. Each
source returns rows with KUALITAS_COLUMNS; exports.views declares the view."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from data_access.kelengkapan import kualitas_rows as kelengkapan_rows
from data_access.pencilan import open_outliers
from data_access.rekonsiliasi import compare_at_level
from domain.codes import Level
from domain.wilayah import Area, Scope
from indicators.rekonsiliasi import PASANGAN, STATUS_LABEL

KUALITAS_COLUMNS = ["bagian", "kode_wilayah", "nama_wilayah", "tahun", "bulan", "ukuran", "register", "nilai",
                    "pembanding", "batas", "status", "keterangan"]
KUALITAS_MEANING = {
    "bagian": "bagian halaman Kualitas Data yang menemukan baris ini: kelengkapan (laporan masuk dan tepat "
              "waktu), data_janggal (pencilan dan aturan validasi yang belum dicek), rekonsiliasi (PIS-PK "
              "dibanding register program)",
    "kode_wilayah": "kode wilayah pada --tingkat: provinsi 99, kabupaten/kota 99.01, kode Puskesmas, desa "
                    "99.01.01.2001 (selalu bertitik); data_janggal: desa tempat data itu (Puskesmas untuk stok "
                    "obat), apa pun --tingkat",
    "nama_wilayah": "nama wilayah",
    "tahun": "tahun data",
    "bulan": "kelengkapan dan data_janggal: bulan laporan (Januari s.d. --bulan); rekonsiliasi: bulan terakhir "
             "periode register (tidak lebih dari bulan terakhir yang ada laporannya di --wilayah); kosong bila "
             "belum ada laporan tahun itu",
    "ukuran": "apa yang diukur: kelengkapan; kode aturan data janggal (z_robust, nol_mendadak, di_atas_sasaran, "
              "kaskade_terbalik, d_di_atas_s, stok_tidak_seimbang); rekonsiliasi: kode indikator PIS-PK "
              "(mis. persalinan_faskes)",
    "register": "kode register/indikator program yang diperiksa atau dibandingkan: kelengkapan 'semua' (semua "
                "register bersama); data_janggal: register, indikator atau '<kaskade>.<langkah>'; rekonsiliasi: "
                "kode indikator PWS (mis. pf)",
    "nilai": "kelengkapan: laporan masuk ÷ laporan yang diharapkan, pecahan 0–1; data_janggal: nilai yang "
             "dilaporkan (jumlah); rekonsiliasi: cakupan PIS-PK, pecahan 0–1 (keluarga Y ÷ keluarga Y atau T, "
             "keadaan kunjungan terakhir s.d. 31 Desember); kosong bila tidak ada yang dapat dihitung",
    "pembanding": "kelengkapan: laporan tepat waktu ÷ laporan masuk yang waktunya diketahui, pecahan; "
                  "data_janggal: batas bawah rentang wajar (jumlah); rekonsiliasi: cakupan register, pecahan "
                  "(Januari s.d. bulan ÷ sasaran × bulan ÷ 12, atau ÷ penyebut aliran pada periode yang sama)",
    "batas": "kelengkapan: kosong; data_janggal: batas atas rentang wajar (jumlah); rekonsiliasi: selisih "
             "terbesar yang masih wajar, pecahan (0,2 = 20 poin persentase)",
    "status": "kelengkapan: lengkap, belum_lengkap atau tanpa_laporan; data_janggal: belum_dicek (yang sudah "
              "ditandai 'sudah dicek: benar' tidak ikut); rekonsiliasi: sesuai (selisih ≤ batas), berbeda "
              "(selisih > batas), atau tidak_dapat_dibandingkan",
    "keterangan": "kelengkapan: jumlah laporan dan tanggal batasnya; data_janggal: apa yang diperiksa, dalam "
                  "kata; rekonsiliasi: bila berbeda, sumber mana yang kemungkinan keliru; bila tidak dapat "
                  "dibandingkan, alasannya (kedua sisi)",
}
# nilai, pembanding, batas hold fractions for two sections and counts for data_janggal: plain
# numbers, no percent format (a count of 790 would read 79000,0%)
KUALITAS_NUMBER_FORMATS = {"tahun": "0", "bulan": "0"}


@dataclass(frozen=True)
class RowSource:
    """One section's rows: `build(conn, scope, wilayah, tingkat, tahun, bulan)` → a DataFrame
    with KUALITAS_COLUMNS (bagian = `bagian`), areas of `tingkat` inside `wilayah`, scoped."""

    bagian: str
    build: Callable[[Connection, Scope, Area, Level, int, int | None], pd.DataFrame]
    keterangan: str  # one line for the XLSX "Keterangan" sheet


def rekonsiliasi_rows(conn: Connection, scope: Scope, wilayah: Area, tingkat: Level, tahun: int,
                      bulan: int | None) -> pd.DataFrame:
    """One row per declared pair (with a register) and area: the two coverages, the tolerance,
    the verdict and the sentence; the same comparison as the page (compare_at_level)."""
    parts = []
    for p in PASANGAN:
        if p.register is None:
            continue
        rows, month = compare_at_level(conn, scope, wilayah, tingkat, tahun, bulan, p)
        parts.append(pd.DataFrame({
            "bagian": "rekonsiliasi", "kode_wilayah": rows["kode"], "nama_wilayah": rows["nama"],
            "tahun": tahun, "bulan": month, "ukuran": p.iks, "register": p.register,
            "nilai": rows["cakupan_pispk"], "pembanding": rows["cakupan_register"], "batas": p.toleransi / 100,
            "status": rows["status"],
            "keterangan": [k or a for k, a in zip(rows["kemungkinan"], rows["alasan"])],
        }))
    return pd.concat(parts, ignore_index=True) if parts else empty()


def data_janggal_rows(conn: Connection, scope: Scope, wilayah: Area, tingkat: Level, tahun: int,
                      bulan: int | None) -> pd.DataFrame:
    """One row per hit not yet checked in `wilayah`, January..bulan (the page's list): the value,
    the range the rule expected (pembanding = lower, batas = upper), the rule's code. A hit is
    in a desa (a Puskesmas for the stock rule), whatever `tingkat`."""
    hits = open_outliers(conn, scope, wilayah, tahun, bulan)
    return pd.DataFrame({
        "bagian": "data_janggal", "kode_wilayah": hits["kode_wilayah"], "nama_wilayah": hits["nama_wilayah"],
        "tahun": hits["tahun"], "bulan": hits["bulan"], "ukuran": hits["aturan"], "register": hits["register"],
        "nilai": hits["nilai"], "pembanding": hits["batas_bawah"], "batas": hits["batas_atas"],
        "status": "belum_dicek", "keterangan": hits["keterangan"],
    })


def empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in KUALITAS_COLUMNS})


# The sections' row sources, in page order; each documents its use of each column in
# KUALITAS_MEANING and docs/ekspor.md.
ROW_SOURCES: tuple[RowSource, ...] = (
    RowSource("kelengkapan", kelengkapan_rows,
              "Kelengkapan dan ketepatan waktu laporan: satu baris per wilayah dan bulan, semua register bersama"),
    RowSource("data_janggal", data_janggal_rows,
              "Data janggal yang belum dicek: satu baris per temuan (desa, atau Puskesmas untuk stok obat)"),
    RowSource("rekonsiliasi", rekonsiliasi_rows,
              "PIS-PK dibanding register program: satu baris per pasangan indikator dan wilayah"),
)


def kualitas_table(conn: Connection, scope: Scope, wilayah: Area, tingkat: Level, tahun: int,
                   bulan: int | None, sources: tuple[RowSource, ...] = ROW_SOURCES) -> pd.DataFrame:
    """Every source's rows, in the order of `sources`, with KUALITAS_COLUMNS only."""
    frames = [s.build(conn, scope, wilayah, tingkat, tahun, bulan) for s in sources]
    frames = [f[KUALITAS_COLUMNS] for f in frames if len(f)]
    out = pd.concat(frames, ignore_index=True) if frames else empty()
    for col in ("tahun", "bulan"):
        out[col] = pd.to_numeric(out[col]).astype("Int64")
    for col in ("nilai", "pembanding", "batas"):
        out[col] = pd.to_numeric(out[col]).astype(float).replace([np.inf, -np.inf], np.nan)
    return out


STATUS_WORDS = ", ".join(f"{k} ({v})" for k, v in STATUS_LABEL.items())
