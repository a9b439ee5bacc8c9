"""What each import dataset looks like (data-contract.md): columns with their meaning, accepted
values and an example, the natural key, the file types. Read by the importer, the upload page,
the templates and the docs, so each fact is written once."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from domain.kategori import (
    DALAM_GEDUNG,
    DISABILITAS,
    JENIS_KELAMIN,
    KELOMPOK_UMUR,
    KLASTER_KUNJUNGAN,
    LUAR_GEDUNG,
    TEMPAT,
)
from indicators.program import INDICATORS, REGISTERS, SASARAN
from indicators.registry import IKS_INDICATORS

TABULAR_TYPES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm")
BOUNDARY_TYPES = (".geojson", ".json", ".shp", ".zip", ".gpkg")

# the demo province's fictional codes (demo/generate.py): an example is never a real place
_DESA, _PUSKESMAS = "99.01.01.2001", "P9901010101"
_KODE_DESA = "kode desa/kelurahan Kemendagri; dengan atau tanpa titik (99.01.01.2001 = 9901012001)"
_KODE_DESA_ADA = "kode desa yang sudah ada di data wilayah (impor wilayah lebih dulu)"
_YTN = "Y (ya), T (tidak), N (tidak berlaku); huruf besar atau kecil"
_TAHUN = "4 angka, 2000–2100"


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    required: bool
    description: str  # what the column means (Bahasa Indonesia, one line)
    allowed: str  # the values accepted
    example: object  # a valid value, as a template's example row holds it
    kind: str = "teks"  # teks | kode | bulat | angka | tanggal | ytn


@dataclass(frozen=True)
class DatasetSpec:
    name: str
    label: str  # Bahasa Indonesia, for the upload page
    columns: tuple[ColumnSpec, ...]  # required first; empty for `batas` (a map file)
    natural_key: tuple[str, ...]
    note: str = ""
    file_types: tuple[str, ...] = field(default=TABULAR_TYPES)

    @property
    def required_columns(self) -> tuple[ColumnSpec, ...]:
        return tuple(c for c in self.columns if c.required)

    @property
    def optional_columns(self) -> tuple[ColumnSpec, ...]:
        return tuple(c for c in self.columns if not c.required)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def is_boundary(self) -> bool:
        return not self.columns


def _codes(pairs) -> str:
    return "; ".join(f"{code} ({label})" for code, label in pairs)


def _lower(text: str) -> str:
    """Sentence case inside a list: 'Cakupan K1' → 'cakupan K1'; acronyms (TB, K1) stay."""
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


_INDIKATOR = _codes((r.code, _lower(r.definition)) for r in REGISTERS if r.level == "desa")
# every code of indicators.program.TARGET_CODES, in its order
_TARGET = _codes([*((i.code, _lower(i.label)) for i in INDICATORS),
                  ("iks", "indeks keluarga sehat wilayah"),
                  *((i.code, f"cakupan {_lower(i.label)}") for i in IKS_INDICATORS)])
_SASARAN = _codes((s.code, _lower(s.definition)) for s in SASARAN if s.level == "desa")


_TEMPAT = _codes(TEMPAT.items())
_KLASTER = _codes(KLASTER_KUNJUNGAN.items())
_UMUR = _codes(KELOMPOK_UMUR.items()) + "; huruf besar atau kecil"
_JK = _codes(JENIS_KELAMIN.items()) + "; huruf besar atau kecil"
_DISABILITAS = _codes(DISABILITAS.items()) + "; huruf besar atau kecil"


def _kode_desa(exists: bool = True) -> ColumnSpec:
    return ColumnSpec("kode_desa", True, _KODE_DESA,
                      _KODE_DESA_ADA if exists else "10 angka, dengan atau tanpa titik; satu baris per desa",
                      _DESA, "kode")


# The keluarga dataset's optional columns (issue 16): who to visit and where, for the list of
# families to visit (ingest/keluarga_alamat.py checks them; limits written once here)
NAMA_KK_MAX, ALAMAT_MAX, RT_RW_MAX = 100, 200, 999
_RT_RW = (f"bilangan bulat 1–{RT_RW_MAX}, dengan atau tanpa nol di depan (3, 03, 003); ditampilkan "
          "tiga angka (003)")
KELUARGA_ALAMAT = (
    ColumnSpec("nama_kepala_keluarga", False, "nama kepala keluarga, untuk kunjungan rumah (bukan NIK)",
               f"teks, paling panjang {NAMA_KK_MAX} karakter; 16 angka (NIK) ditolak",
               "Kepala Keluarga Contoh"),
    ColumnSpec("alamat", False, "alamat rumah keluarga (dusun, jalan, nomor rumah)",
               f"teks, paling panjang {ALAMAT_MAX} karakter; 16 angka (NIK) ditolak", "Dusun Krajan No. 3"),
    ColumnSpec("rt", False, "nomor RT tempat keluarga tinggal", _RT_RW, "003"),
    ColumnSpec("rw", False, "nomor RW tempat keluarga tinggal", _RT_RW, "001"),
)


DATASETS: dict[str, DatasetSpec] = {
    "wilayah": DatasetSpec("wilayah", "Wilayah (provinsi sampai desa)", (
        ColumnSpec("kode_provinsi", True, "kode provinsi Kemendagri", "2 angka", "99", "kode"),
        ColumnSpec("nama_provinsi", True, "nama provinsi", "teks", "Provinsi Contoh (Fiktif)"),
        ColumnSpec("kode_kabupaten", True, "kode kabupaten/kota Kemendagri",
                   "4 angka, dengan atau tanpa titik (99.01 = 9901)", "99.01", "kode"),
        ColumnSpec("nama_kabupaten", True, "nama kabupaten/kota", "teks", "Kabupaten Tegalasri"),
        ColumnSpec("kode_puskesmas", True, "kode Puskesmas (kode Kemenkes, bukan kode Kemendagri)",
                   "2–20 huruf, angka, titik atau tanda hubung", _PUSKESMAS, "kode"),
        ColumnSpec("nama_puskesmas", True, "nama Puskesmas", "teks", "Puskesmas Kalijaya"),
        _kode_desa(exists=False),
        ColumnSpec("nama_desa", True, "nama desa/kelurahan", "teks", "Girigede"),
        ColumnSpec("kode_kecamatan", False, "kode kecamatan Kemendagri; kosong: diambil dari kode desa",
                   "6 angka, dengan atau tanpa titik", "99.01.01", "kode"),
        ColumnSpec("nama_kecamatan", False, "nama kecamatan", "teks", "Kalijaya"),
        ColumnSpec("jumlah_penduduk", False, "jumlah penduduk desa", "bilangan bulat ≥ 0", 2239, "bulat"),
        ColumnSpec("jumlah_keluarga", False, "jumlah keluarga terdaftar di desa (penyebut cakupan "
                   "kunjungan keluarga)", "bilangan bulat ≥ 0", 627, "bulat"),
    ), ("kode_desa",), "Satu baris per desa. Setiap desa termasuk tepat satu Puskesmas; satu "
       "Puskesmas termasuk satu kabupaten/kota. Kolom opsional yang tidak ada di berkas tidak "
       "mengubah nilai yang tersimpan."),
    "batas": DatasetSpec(
        "batas", "Batas desa (peta)", (), ("kode_desa",),
        "Berkas peta (GeoJSON, Shapefile .shp dengan .shx dan .dbf atau dalam .zip, GeoPackage) "
        "berisi poligon desa; properti kode desa dikenali sendiri atau disebut dengan "
        "--kolom-kode. Desanya harus sudah ada di data wilayah.",
        BOUNDARY_TYPES),
    "keluarga": DatasetSpec("keluarga", "Kunjungan keluarga PIS-PK", (
        _kode_desa(),
        ColumnSpec("id_keluarga", True, "nomor keluarga yang tetap dari kunjungan ke kunjungan",
                   "teks, paling panjang 40 karakter", "K990101200100001", "kode"),
        ColumnSpec("tanggal_kunjungan", True, "tanggal kunjungan keluarga",
                   "YYYY-MM-DD, DD/MM/YYYY, atau tanggal Excel; tidak di masa depan",
                   date(2025, 3, 14), "tanggal"),
        *(ColumnSpec(i.code, True, f"{i.nomor}. {i.definition} (ditanyakan kepada: {i.asked_about})",
                     _YTN, answer, "ytn")
          for i, answer in zip(IKS_INDICATORS, "YYNNYNTNTYYY")),
        *KELUARGA_ALAMAT,
    ), ("id_keluarga", "tanggal_kunjungan"),
        "Satu baris per kunjungan. Keluarga yang dikunjungi lagi mendapat baris baru dengan tanggal "
        "baru; IKS memakai kunjungan terakhir, IKS awal memakai kunjungan pertama. Kolom opsional "
        "nama_kepala_keluarga, alamat, rt, rw hanya untuk daftar keluarga yang perlu dikunjungi "
        "(dilihat pengelola data Puskesmas sendiri); tanpa NIK."),
    "layanan": DatasetSpec("layanan", "Register layanan bulanan", (
        _kode_desa(),
        ColumnSpec("tahun", True, "tahun layanan", _TAHUN, 2025, "bulat"),
        ColumnSpec("bulan", True, "bulan layanan", "1–12", 3, "bulat"),
        ColumnSpec("indikator", True, "kode register layanan", _INDIKATOR, "k1"),
        ColumnSpec("nilai", True, "jumlah layanan indikator itu di desa itu pada bulan itu",
                   "bilangan bulat ≥ 0", 12, "bulat"),
    ), ("kode_desa", "tahun", "bulan", "indikator"),
        "Satu baris per desa, bulan, dan indikator. Nilai per bulan, bukan kumulatif."),
    "sasaran": DatasetSpec("sasaran", "Sasaran (penduduk sasaran)", (
        _kode_desa(),
        ColumnSpec("tahun", True, "tahun sasaran", _TAHUN, 2025, "bulat"),
        ColumnSpec("sasaran", True, "kode sasaran", _SASARAN, "bumil"),
        ColumnSpec("jumlah", True, "jumlah sasaran setahun (perkiraan, boleh pecahan)",
                   "angka ≥ 0; tanda desimal titik (101.2), atau koma bila tanpa titik (101,2)",
                   101.2, "angka"),
    ), ("kode_desa", "tahun", "sasaran"), "Satu baris per desa, tahun, dan sasaran."),
    "target": DatasetSpec("target", "Target tahunan", (
        ColumnSpec("indikator", True, "kode indikator PWS (atau iks, atau kode salah satu "
                   "dari 12 indikator keluarga)", _TARGET, "k6"),
        ColumnSpec("tahun", True, "tahun target", _TAHUN, 2025, "bulat"),
        ColumnSpec("target_persen", True, "target tahunan dalam persen",
                   "angka 0–100 (95 = 95%; tanda % boleh)", 95, "angka"),
        ColumnSpec("kode_wilayah", False, "kosong: target untuk semua wilayah; diisi: target khusus "
                   "satu provinsi, kabupaten/kota atau Puskesmas", "kode provinsi/kabupaten/kota "
                   "(99.01) atau kode Puskesmas yang sudah ada", "99.01", "kode"),
    ), ("indikator", "tahun", "kode_wilayah"),
        "Satu baris per indikator dan tahun; tambahkan baris dengan kode_wilayah untuk target "
        "yang berbeda di satu wilayah."),
    "kunjungan": DatasetSpec("kunjungan", "Kunjungan layanan bulanan (Puskesmas, Pustu, Posyandu, rumah)", (
        ColumnSpec("kode_puskesmas", True, "Puskesmas yang mencatat kunjungan (kode Kemenkes)",
                   "kode Puskesmas yang sudah ada di data wilayah; huruf besar atau kecil", _PUSKESMAS, "kode"),
        ColumnSpec("tahun", True, "tahun kunjungan", _TAHUN, 2025, "bulat"),
        ColumnSpec("bulan", True, "bulan kunjungan", "1–12", 3, "bulat"),
        ColumnSpec("tempat", True, "tempat layanan: " + " dan ".join(DALAM_GEDUNG)
                   + " = dalam gedung, " + " dan ".join(LUAR_GEDUNG) + " = luar gedung", _TEMPAT, "posyandu"),
        ColumnSpec("klaster", True, "klaster ILP yang melayani (Klaster 1 manajemen tidak mencatat "
                   "kunjungan)", _KLASTER, 2, "bulat"),
        ColumnSpec("kelompok_umur", True, "kelompok umur pengunjung", _UMUR, "1-4"),
        ColumnSpec("jenis_kelamin", True, "jenis kelamin pengunjung", _JK, "P"),
        ColumnSpec("disabilitas", True, "pengunjung penyandang disabilitas", _DISABILITAS, "T"),
        ColumnSpec("jumlah", True, "jumlah kunjungan sel itu pada bulan itu (bukan kumulatif)",
                   "bilangan bulat ≥ 0", 37, "bulat"),
        ColumnSpec("nama_tempat", False, "nama Pustu atau Posyandu (kosong: gedung Puskesmas, atau tempat "
                   "tanpa nama)", "teks, paling panjang 100 karakter, tanpa karakter tak terlihat; spasi "
                   "berturut-turut dibaca satu spasi; boleh kosong", "Posyandu Girigede"),
        ColumnSpec("kode_desa", False, "desa tempat tinggal pengunjung, bila tercatat (kosong: tidak "
                   "diketahui)", "kosong, atau kode desa yang sudah ada di data wilayah, dengan atau "
                   "tanpa titik", _DESA, "kode"),
    ), ("kode_puskesmas", "tahun", "bulan", "tempat", "nama_tempat", "klaster", "kelompok_umur",
        "jenis_kelamin", "disabilitas", "kode_desa"),
        "Satu baris per Puskesmas, bulan, tempat (dan nama tempatnya), klaster, kelompok umur, jenis "
        "kelamin, disabilitas, dan desa asal: semua kolom kecuali jumlah adalah kuncinya. Jumlah per "
        "bulan, bukan kumulatif; sel tanpa kunjungan boleh dilewati."),
}


# --- morbidity (issue 13): new cases per diagnosis, desa, month, age group and sex -----------

def _morbiditas_spec() -> DatasetSpec:
    from domain.kategori import JENIS_KELAMIN, KELOMPOK_UMUR

    return DatasetSpec("morbiditas", "Kesakitan (kasus baru per diagnosis)", (
        _kode_desa(),
        ColumnSpec("tahun", True, "tahun kunjungan", _TAHUN, 2025, "bulat"),
        ColumnSpec("bulan", True, "bulan kunjungan", "1–12", 1, "bulat"),
        ColumnSpec("kode_icd", True, "kode diagnosis ICD-10 (kasus baru)",
                   "satu huruf, dua angka, boleh diikuti titik dan satu atau dua angka: J06.9, A09, "
                   "E11.9 (J069 dan j06.9 juga diterima, disimpan sebagai J06.9)", "J06.9", "kode"),
        ColumnSpec("nama_diagnosis", True, "nama diagnosis seperti tertulis di laporan Puskesmas "
                   "(ditampilkan di dasbor; nama terakhir yang diimpor untuk satu kode dipakai)",
                   f"teks, paling panjang {NAMA_DIAGNOSIS_MAX} karakter",
                   "Infeksi saluran pernapasan atas (ISPA) akut"),
        ColumnSpec("kelompok_umur", True, "kelompok umur penderita",
                   _codes(KELOMPOK_UMUR.items()), "1-4"),
        ColumnSpec("jenis_kelamin", True, "jenis kelamin penderita", _codes(JENIS_KELAMIN.items()), "P"),
        ColumnSpec("jumlah", True, "jumlah kasus baru diagnosis itu pada penduduk desa itu, kelompok "
                   "umur dan jenis kelamin itu, bulan itu", "bilangan bulat ≥ 0", 14, "bulat"),
    ), ("kode_desa", "tahun", "bulan", "kode_icd", "kelompok_umur", "jenis_kelamin"),
        "Satu baris per desa tempat tinggal penderita, bulan, diagnosis, kelompok umur dan jenis "
        "kelamin (seperti laporan bulanan LB1). Hanya kasus baru; baris yang jumlahnya 0 boleh "
        "dihilangkan.")


NAMA_DIAGNOSIS_MAX = 200  # schema.diagnosis.nama
DATASETS["morbiditas"] = _morbiditas_spec()


# --- Klaster 1 (issue 15): keuangan and mutu, recorded per Puskesmas ----------------------------

def _k1_keuangan_spec() -> DatasetSpec:
    from indicators.program import SUMBER_DANA

    sumber = ", ".join(f"{code} ({label})" for code, label in SUMBER_DANA)
    return DatasetSpec("keuangan", "Keuangan: pagu dan realisasi anggaran per sumber dana", (
        ColumnSpec("kode_puskesmas", True, "Puskesmas pemilik anggaran (kode Kemenkes)",
                   "kode Puskesmas yang sudah ada di data wilayah; huruf besar atau kecil", _PUSKESMAS, "kode"),
        ColumnSpec("tahun", True, "tahun anggaran", _TAHUN, 2025, "bulat"),
        ColumnSpec("bulan", True, "bulan laporan realisasi", "1–12", 3, "bulat"),
        ColumnSpec("sumber_dana", True, "sumber dana", sumber + "; huruf besar/kecil dan spasi boleh "
                   "('JKN Kapitasi', 'BOK')", "bok"),
        ColumnSpec("pagu", True, "pagu setahun sumber dana itu seperti yang berlaku bulan itu (rupiah); "
                   "pagu bulan terakhir yang diunggah dipakai untuk setahun",
                   "bilangan bulat ≥ 0, tanpa titik ribuan", 850000000, "bulat"),
        ColumnSpec("realisasi", True, "belanja bulan itu saja (rupiah, bukan kumulatif)",
                   "bilangan bulat ≥ 0, tanpa titik ribuan", 42500000, "bulat"),
    ), ("kode_puskesmas", "tahun", "bulan", "sumber_dana"),
        "Satu baris per Puskesmas, bulan dan sumber dana. Realisasi diisi per bulan (bukan kumulatif); "
        "pagu diisi setiap bulan dengan pagu setahun yang berlaku (revisi anggaran: tulis pagu baru).")


def _k1_mutu_spec() -> DatasetSpec:
    from indicators.program import MUTU

    kode = ", ".join(f"{code} ({label.lower()})" for code, label, *_ in MUTU)
    return DatasetSpec("mutu", "Indikator nasional mutu Puskesmas (pembilang dan penyebut)", (
        ColumnSpec("kode_puskesmas", True, "Puskesmas yang mengukur (kode Kemenkes)",
                   "kode Puskesmas yang sudah ada di data wilayah; huruf besar atau kecil", _PUSKESMAS, "kode"),
        ColumnSpec("tahun", True, "tahun pengukuran", _TAHUN, 2025, "bulat"),
        ColumnSpec("bulan", True, "bulan pengukuran", "1–12", 3, "bulat"),
        ColumnSpec("indikator", True, "kode indikator mutu", kode, "kebersihan_tangan"),
        ColumnSpec("pembilang", True, "jumlah yang memenuhi (mis. tindakan kebersihan tangan yang "
                   "dilakukan) bulan itu", "bilangan bulat ≥ 0, tidak lebih dari penyebut", 172, "bulat"),
        ColumnSpec("penyebut", True, "jumlah yang diamati (mis. peluang kebersihan tangan) bulan itu",
                   "bilangan bulat ≥ 0", 200, "bulat"),
    ), ("kode_puskesmas", "tahun", "bulan", "indikator"),
        "Satu baris per Puskesmas, bulan dan indikator. Angka bulan itu saja (bukan kumulatif).")


DATASETS["keuangan"] = _k1_keuangan_spec()
DATASETS["mutu"] = _k1_mutu_spec()
# --- Klaster 1: staff (issue 15) ------------------------------------------------------------

def _sdm_spec() -> DatasetSpec:
    from indicators.k1_sdm import ID_MAX, JENIS, KEAHLIAN_MAX, PENDIDIKAN, STATUS

    return DatasetSpec("sdm", "Ketenagaan (SDM) Puskesmas", (
        ColumnSpec("kode_puskesmas", True, "Puskesmas tempat pegawai bertugas (kode Kemenkes)",
                   "kode Puskesmas yang sudah ada di data wilayah; huruf besar atau kecil", _PUSKESMAS, "kode"),
        ColumnSpec("id_pegawai", True, "nomor pegawai yang dipilih Puskesmas sendiri, tetap dari impor ke impor; "
                   "BUKAN nama, NIK atau NIP", f"teks, paling panjang {ID_MAX} karakter, tanpa karakter tak "
                   "terlihat; nomor 16 angka (mirip NIK) ditolak", "PEG-001", "kode"),
        ColumnSpec("jenis_tenaga", True, "jenis tenaga (sembilan jenis pertama: standar minimal Puskesmas, "
                   "Permenkes 43/2019)", _codes((j.code, j.label) for j in JENIS)
                   + "; ejaan umum juga diterima (Dokter Gigi, apoteker, sanitarian, analis kesehatan)",
                   "bidan"),
        ColumnSpec("status_kepegawaian", True, "status kepegawaian", _codes((s.code, s.label) for s in STATUS)
                   + "; huruf besar atau kecil", "pns"),
        ColumnSpec("pendidikan", True, "pendidikan terakhir", _codes((p.code, p.label) for p in PENDIDIKAN)
                   + "; huruf besar atau kecil", "d3"),
        ColumnSpec("tanggal_mulai", True, "tanggal mulai bertugas di Puskesmas ini",
                   "YYYY-MM-DD, DD/MM/YYYY, atau tanggal Excel; 1950 atau sesudahnya; tidak di masa depan",
                   date(2015, 3, 1), "tanggal"),
        ColumnSpec("klaster", False, "klaster ILP tempat pegawai ditugaskan", "1–5, atau kosong", 2, "bulat"),
        ColumnSpec("aktif", False, "masih bertugas (T: pindah, pensiun, berhenti; tidak dihitung)",
                   "Y atau T; kosong = Y", "Y", "ytn"),
        ColumnSpec("keahlian", False, "pelatihan atau keahlian khusus", f"teks bebas, paling panjang {KEAHLIAN_MAX} "
                   "karakter", "Pelatihan PONED; USG dasar"),
    ), ("kode_puskesmas", "id_pegawai"),
        "Satu baris per pegawai per Puskesmas, TANPA nama dan NIK. Impor ulang berkas yang sama tidak "
        "mengubah apa pun; baris dengan id_pegawai yang sudah ada mengganti isinya. Pegawai yang pindah atau "
        "pensiun: tulis aktif T (jangan dihapus dari berkas).")


DATASETS["sdm"] = _sdm_spec()
# --- Klaster 1: obat (issue 15): the monthly LPLPO per Puskesmas and item -------------------

KODE_OBAT_MAX, NAMA_OBAT_MAX, SATUAN_MAX = 30, 200, 30  # schema.obat / schema.obat_nama


def _obat_spec() -> DatasetSpec:
    stok = "angka ≥ 0 (boleh pecahan; tanda desimal titik, atau koma bila tanpa titik); negatif ditolak"
    return DatasetSpec("obat", "Obat dan BMHP (LPLPO bulanan)", (
        ColumnSpec("kode_puskesmas", True, "Puskesmas yang melaporkan (kode Kemenkes)",
                   "kode Puskesmas yang sudah ada di data wilayah; huruf besar atau kecil", _PUSKESMAS, "kode"),
        ColumnSpec("tahun", True, "tahun laporan", _TAHUN, 2025, "bulat"),
        ColumnSpec("bulan", True, "bulan laporan", "1–12", 11, "bulat"),
        ColumnSpec("kode_obat", True, "kode item obat atau BMHP (kode Dinkes atau kode obat indikator "
                   "OI-01 … OI-40, lihat docs/data-obat.md)",
                   f"teks tanpa spasi di awal/akhir, paling panjang {KODE_OBAT_MAX} karakter; huruf besar "
                   "atau kecil dibaca sama", "OI-02", "kode"),
        ColumnSpec("nama_obat", True, "nama item seperti di LPLPO (nama terakhir yang diimpor untuk satu "
                   "kode di satu Puskesmas yang ditampilkan)",
                   f"teks, paling panjang {NAMA_OBAT_MAX} karakter, tanpa karakter tak terlihat",
                   "Amoksisilin kaplet 500 mg"),
        ColumnSpec("satuan", True, "satuan terkecil", f"teks, paling panjang {SATUAN_MAX} karakter: tablet, "
                   "kaplet, botol, ampul, vial, tube, sachet, pcs …", "kaplet"),
        ColumnSpec("stok_awal", True, "stok di awal bulan", stok, 1200, "angka"),
        ColumnSpec("penerimaan", True, "jumlah diterima bulan itu", stok, 500, "angka"),
        ColumnSpec("pemakaian", True, "jumlah dipakai bulan itu", stok, 640, "angka"),
        ColumnSpec("sisa_stok", True, "sisa stok di akhir bulan; seharusnya stok_awal + penerimaan − "
                   "pemakaian: baris yang tidak seimbang tetap diimpor apa adanya dan ditandai "
                   "'data perlu dicek'", stok, 1060, "angka"),
        ColumnSpec("permintaan", False, "jumlah yang diminta untuk bulan berikutnya", stok + "; boleh kosong",
                   700, "angka"),
        ColumnSpec("kedaluwarsa_terdekat", False, "tanggal kedaluwarsa terdekat stok yang ada",
                   "YYYY-MM-DD atau DD/MM/YYYY (boleh di masa depan); boleh kosong", "2026-08-31", "tanggal"),
        ColumnSpec("obat_indikator", False, "apakah item ini salah satu obat indikator; tanpa kolom ini "
                   "(atau bila kosong) dipakai daftar 40 obat indikator bawaan menurut kode_obat",
                   "Y atau T; huruf besar atau kecil; boleh kosong", "Y"),
    ), ("kode_puskesmas", "tahun", "bulan", "kode_obat"),
        "Satu baris per Puskesmas, bulan, dan item obat/BMHP (LPLPO). Angka per bulan, bukan kumulatif. "
        "Baris yang sisa_stok-nya tidak sama dengan stok_awal + penerimaan − pemakaian tetap diimpor dan "
        "ditandai di halaman.")


DATASETS["obat"] = _obat_spec()
# --- Klaster 1: sarpras (issue 15): the equipment and infrastructure inventory ----------------

NAMA_ITEM_MAX = 200  # schema.sarpras.nama_item
LOKASI_MAX = 100  # schema.sarpras.lokasi
KODE_ITEM_MAX = 40


def _sarpras_spec() -> DatasetSpec:
    from indicators.k1_sarpras import KATEGORI, KONDISI, N_STANDAR

    return DatasetSpec("sarpras", "Sarana, prasarana dan alat kesehatan (inventaris)", (
        ColumnSpec("kode_puskesmas", True, "Puskesmas pemilik barang (kode Kemenkes)",
                   "kode Puskesmas yang sudah ada di data wilayah; huruf besar atau kecil", _PUSKESMAS, "kode"),
        ColumnSpec("tahun", True, "tahun inventaris", _TAHUN, 2025, "bulat"),
        ColumnSpec("kode_item", True, f"kode barang; kode daftar standar ({N_STANDAR} item, lihat "
                   "docs/data-sarpras.md) dihitung terhadap standar, kode lain dicatat sebagai non-standar",
                   f"teks tanpa spasi, paling panjang {KODE_ITEM_MAX} karakter; huruf kecil dibaca besar",
                   "ALK-14", "kode"),
        ColumnSpec("nama_item", True, "nama barang seperti di buku inventaris",
                   f"teks, paling panjang {NAMA_ITEM_MAX} karakter, tanpa karakter tak terlihat",
                   "Lemari es vaksin"),
        ColumnSpec("jumlah", True, "jumlah unit dalam kondisi itu", "bilangan bulat ≥ 0", 1, "bulat"),
        ColumnSpec("kondisi", True, "kondisi unit", "; ".join(f"{k} ({v.lower()})" for k, v in KONDISI.items())
                   + "; juga diterima: Rusak Ringan, RR, RB, B", "baik"),
        ColumnSpec("lokasi", False, "tempat barang: kosong = gedung Puskesmas; diisi = nama Pustu-nya",
                   f"teks, paling panjang {LOKASI_MAX} karakter; spasi berturut-turut dibaca satu spasi; "
                   "boleh kosong", "Pustu Sukamaju"),
        ColumnSpec("kategori", False, "jenis barang (kosong: dari daftar standar, atau lainnya)",
                   "; ".join(f"{k} ({v.lower()})" for k, v in KATEGORI.items())
                   + "; 'alat kesehatan' juga diterima", "alat_kesehatan"),
    ), ("kode_puskesmas", "tahun", "lokasi", "kode_item", "kondisi"),
        "Satu baris per Puskesmas (atau Pustu-nya), tahun inventaris, barang dan kondisi: 3 unit baik "
        "dan 1 unit rusak berat adalah dua baris. Barang di luar daftar standar tetap diimpor sebagai "
        "non-standar.")


DATASETS["sarpras"] = _sarpras_spec()


# --- Klaster 1: kegiatan (issue 15): the activities of the annual plan (RUK/RPK) --------------

ID_KEGIATAN_MAX = 40
NAMA_KEGIATAN_MAX = 200
SUMBER_DANA_MAX = 40


def _kegiatan_spec() -> DatasetSpec:
    return DatasetSpec("kegiatan", "Kegiatan rencana tahunan (RUK/RPK)", (
        ColumnSpec("kode_puskesmas", True, "Puskesmas pelaksana (kode Kemenkes)",
                   "kode Puskesmas yang sudah ada di data wilayah; huruf besar atau kecil", _PUSKESMAS, "kode"),
        ColumnSpec("tahun", True, "tahun rencana", _TAHUN, 2025, "bulat"),
        ColumnSpec("id_kegiatan", True, "kode kegiatan yang dipilih Puskesmas (tetap sama bila baris diperbarui)",
                   f"teks, paling panjang {ID_KEGIATAN_MAX} karakter", "K2-ANC-01", "kode"),
        ColumnSpec("nama_kegiatan", True, "nama kegiatan",
                   f"teks, paling panjang {NAMA_KEGIATAN_MAX} karakter, tanpa karakter tak terlihat",
                   "Kelas ibu hamil di desa"),
        ColumnSpec("klaster", True, "klaster penanggung jawab", "1–5 (5 = lintas klaster); 'Klaster 2' juga "
                   "diterima", 2, "bulat"),
        ColumnSpec("bulan_rencana", True, "bulan kegiatan direncanakan", "1–12", 3, "bulat"),
        ColumnSpec("terlaksana", True, "sudah terlaksana", "Y (ya) atau T (tidak); huruf besar atau kecil", "Y"),
        ColumnSpec("anggaran", False, "anggaran kegiatan (rupiah)", "angka ≥ 0, tanpa titik ribuan; boleh kosong",
                   1500000, "angka"),
        ColumnSpec("bulan_terlaksana", False, "bulan kegiatan terlaksana", "1–12; hanya bila terlaksana Y "
                   "(kosong: dianggap bulan rencananya)", 4, "bulat"),
        ColumnSpec("sumber_dana", False, "sumber dana", f"teks, paling panjang {SUMBER_DANA_MAX} karakter, "
                   "misalnya BOK, JKN kapitasi, APBD, BLUD", "BOK"),
    ), ("kode_puskesmas", "tahun", "id_kegiatan"),
        "Satu baris per kegiatan rencana tahunan. Perbarui kolom terlaksana dan bulan_terlaksana setiap "
        "bulan lalu impor ulang berkas yang sama: baris dengan id_kegiatan yang sama diganti.")


DATASETS["kegiatan"] = _kegiatan_spec()
