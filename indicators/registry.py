"""The 12 PIS-PK family indicators, declared once as data (Permenkes 39/2016; domain.md §2).

This package is a leaf: it imports nothing of ours, so the data layer may read the
declarations (the schema has one column per indicator) as well as the pages.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FamilyIndicator:
    nomor: int
    code: str
    label: str  # short, for charts and tables
    definition: str  # the operational definition, for hover text and the table header
    asked_about: str  # who the question applies to (otherwise the answer is N)


IKS_INDICATORS: tuple[FamilyIndicator, ...] = (
    FamilyIndicator(1, "kb", "Keluarga ber-KB",
                    "Keluarga mengikuti program Keluarga Berencana (KB)",
                    "wanita menikah 10–54 tahun tidak hamil, pria menikah ≥10 tahun"),
    FamilyIndicator(2, "persalinan_faskes", "Persalinan di faskes",
                    "Ibu melakukan persalinan di fasilitas kesehatan",
                    "ibu dengan anak < 12 bulan"),
    FamilyIndicator(3, "imunisasi_dasar", "Imunisasi dasar lengkap",
                    "Bayi mendapat imunisasi dasar lengkap",
                    "anak 12–23 bulan"),
    FamilyIndicator(4, "asi_eksklusif", "ASI eksklusif",
                    "Bayi mendapat air susu ibu (ASI) eksklusif 0–6 bulan",
                    "anak 7–23 bulan"),
    FamilyIndicator(5, "pemantauan_pertumbuhan", "Pemantauan pertumbuhan",
                    "Balita ditimbang / dipantau pertumbuhannya bulan lalu",
                    "anak 2–59 bulan"),
    FamilyIndicator(6, "tb_berobat", "TB berobat sesuai standar",
                    "Penderita TB paru mendapatkan pengobatan sesuai standar",
                    "anggota ≥15 tahun dengan TB paru"),
    FamilyIndicator(7, "hipertensi_berobat", "Hipertensi berobat teratur",
                    "Penderita hipertensi melakukan pengobatan secara teratur",
                    "anggota ≥15 tahun dengan hipertensi"),
    FamilyIndicator(8, "gangguan_jiwa_berobat", "Gangguan jiwa berobat",
                    "Penderita gangguan jiwa berat diobati dan tidak ditelantarkan",
                    "seluruh anggota keluarga"),
    FamilyIndicator(9, "tidak_merokok", "Tidak ada yang merokok",
                    "Anggota keluarga tidak ada yang merokok",
                    "seluruh anggota keluarga"),
    FamilyIndicator(10, "jkn", "Peserta JKN",
                    "Keluarga sudah menjadi anggota Jaminan Kesehatan Nasional (JKN)",
                    "seluruh anggota keluarga"),
    FamilyIndicator(11, "air_bersih", "Akses air bersih",
                    "Keluarga mempunyai akses sarana air bersih",
                    "keluarga"),
    FamilyIndicator(12, "jamban_sehat", "Jamban sehat",
                    "Keluarga mempunyai akses atau menggunakan jamban sehat",
                    "keluarga"),
)

IKS_CODES: tuple[str, ...] = tuple(i.code for i in IKS_INDICATORS)
IKS_BY_CODE: dict[str, FamilyIndicator] = {i.code: i for i in IKS_INDICATORS}
ANSWERS = ("Y", "T", "N")
