"""The categories of the visit (`kunjungan`) and morbidity (`morbiditas`) datasets, declared once:
place of service, ILP klaster, age group, sex, disability, and the shape of an ICD-10 code.
Read by the importer, the templates and docs, the demo and the pages."""
from __future__ import annotations

import re
from types import MappingProxyType

# Where a visit happened: inside the building (Puskesmas, Pustu) or outside (Posyandu, home).
TEMPAT = MappingProxyType({
    "puskesmas": "Puskesmas",
    "pustu": "Pustu",
    "posyandu": "Posyandu",
    "rumah": "Kunjungan rumah",
})
DALAM_GEDUNG = ("puskesmas", "pustu")
LUAR_GEDUNG = ("posyandu", "rumah")

# ILP klaster a visit was served by (Klaster 1 is management: no visits). Klaster 5 is
# lintas klaster: emergency, pharmacy, laboratory.
KLASTER_KUNJUNGAN = MappingProxyType({
    2: "Klaster 2 · Ibu dan anak",
    3: "Klaster 3 · Usia dewasa dan lansia",
    4: "Klaster 4 · Penyakit menular",
    5: "Lintas klaster",
})

# Age groups of the monthly reports (LB1-like), youngest first, and the life-cycle band of
# the ILP each belongs to (the pages group by band; the files carry the fine group).
KELOMPOK_UMUR = MappingProxyType({
    "0-7h": "0–7 hari",
    "8-28h": "8–28 hari",
    "1-11b": "1–11 bulan",
    "1-4": "1–4 tahun",
    "5-9": "5–9 tahun",
    "10-14": "10–14 tahun",
    "15-19": "15–19 tahun",
    "20-44": "20–44 tahun",
    "45-54": "45–54 tahun",
    "55-59": "55–59 tahun",
    "60-69": "60–69 tahun",
    "70+": "70 tahun ke atas",
})
SIKLUS_HIDUP = MappingProxyType({  # band → its age groups
    "Bayi dan balita (0–4)": ("0-7h", "8-28h", "1-11b", "1-4"),
    "Anak (5–9)": ("5-9",),
    "Remaja (10–19)": ("10-14", "15-19"),
    "Dewasa (20–59)": ("20-44", "45-54", "55-59"),
    "Lansia (60+)": ("60-69", "70+"),
})
SIKLUS_OF = MappingProxyType({umur: band for band, groups in SIKLUS_HIDUP.items() for umur in groups})

JENIS_KELAMIN = MappingProxyType({"L": "Laki-laki", "P": "Perempuan"})
DISABILITAS = MappingProxyType({"Y": "Dengan disabilitas", "T": "Tanpa disabilitas"})

# ICD-10: a letter, two digits, optionally a dot and one or two more (A09, J06.9, E11.65);
# written without the dot too (J069). Canonical form: upper case with the dot.
ICD10 = re.compile(r"^([A-Z])(\d{2})(?:\.?(\d{1,2}))?$")

# Cells below this are shown as "< 5" in breakdowns (small numbers identify people and make
# percentages jump).
MIN_SEL = 5


def icd10(text: str) -> str | None:
    """The canonical ICD-10 code ('J06.9'), or None when `text` is not shaped like one."""
    value = str(text).strip().upper()
    match = ICD10.match(value)
    if match is None:
        return None
    letter, digits, extra = match.groups()
    return f"{letter}{digits}.{extra}" if extra else f"{letter}{digits}"
