"""Program indicators counted per desa per month (the `layanan` dataset), their sasaran
(target populations, the `sasaran` dataset) and which sasaran divides which indicator,
declared as data (data-contract.md; domain.md §3–4).

A leaf module like indicators.registry: the data layer reads these codes to validate an
import, the pages read them for labels. The indicator → sasaran mapping below is only the
default: Dinkes differ (one real PWS-KIA workbook divides K4 and K6 by `bulin`), so a
deployment passes its own mapping where coverage is computed.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from indicators.registry import IKS_CODES


@dataclass(frozen=True)
class Sasaran:
    code: str
    label: str  # short, Bahasa Indonesia
    definition: str


@dataclass(frozen=True)
class ProgramIndicator:
    code: str
    label: str  # short, for charts and tables
    definition: str  # what one counted service is
    klaster: int  # ILP klaster (2 mother & child, 3 adults, 4 communicable disease)
    kaskade: str | None  # the cascade it is a step of (see KASKADE), in the order below


SASARAN: tuple[Sasaran, ...] = (
    Sasaran("bumil", "Ibu hamil", "Perkiraan ibu hamil dalam setahun"),
    Sasaran("bulin", "Ibu bersalin/nifas", "Perkiraan ibu bersalin dan nifas dalam setahun"),
    Sasaran("bayi", "Bayi", "Perkiraan bayi lahir hidup dalam setahun"),
    Sasaran("usia_15_plus", "Penduduk usia ≥15 tahun", "Penduduk berusia 15 tahun ke atas"),
    Sasaran("ht_estimasi", "Estimasi penderita hipertensi",
            "Perkiraan penderita hipertensi usia ≥15 tahun"),
)

PROGRAM_INDICATORS: tuple[ProgramIndicator, ...] = (
    ProgramIndicator("k1", "K1", "Ibu hamil dengan kunjungan antenatal pertama", 2, "kia"),
    ProgramIndicator("k6", "K6", "Ibu hamil dengan kunjungan antenatal keenam", 2, "kia"),
    ProgramIndicator("pf", "Persalinan di faskes", "Persalinan di fasilitas kesehatan", 2, "kia"),
    ProgramIndicator("kf_lengkap", "KF lengkap", "Ibu nifas dengan kunjungan nifas lengkap", 2,
                     "kia"),
    ProgramIndicator("kn_lengkap", "KN lengkap", "Bayi baru lahir dengan kunjungan neonatal "
                     "lengkap", 2, "kia"),
    ProgramIndicator("idl", "Imunisasi dasar lengkap", "Bayi dengan imunisasi dasar lengkap", 2,
                     None),
    ProgramIndicator("tb_skrining", "Skrining TB", "Orang yang diskrining TB", 4, "tb"),
    ProgramIndicator("tb_terduga", "Terduga TB", "Terduga TB yang ditemukan", 4, "tb"),
    ProgramIndicator("tb_diagnosis", "TB terdiagnosis", "Kasus TB yang terdiagnosis", 4, "tb"),
    ProgramIndicator("tb_diobati", "TB diobati", "Kasus TB yang mulai diobati", 4, "tb"),
    ProgramIndicator("ht_skrining", "Skrining hipertensi",
                     "Penduduk usia ≥15 tahun yang diskrining hipertensi", 3, "ht"),
    ProgramIndicator("ht_diagnosis", "Hipertensi terdiagnosis",
                     "Penderita hipertensi yang terdiagnosis", 3, "ht"),
    ProgramIndicator("ht_diobati", "Hipertensi diobati sesuai standar",
                     "Penderita hipertensi yang mendapat pelayanan sesuai standar", 3, "ht"),
    ProgramIndicator("ht_terkendali", "Hipertensi terkendali",
                     "Penderita hipertensi dengan tekanan darah terakhir < 140/90", 3, "ht"),
)

# The default denominator of each indicator; None where the contract names no sasaran
# (the TB steps are compared with each other, not with a population).
DEFAULT_SASARAN_OF: MappingProxyType[str, str | None] = MappingProxyType({
    "k1": "bumil",
    "k6": "bumil",
    "pf": "bulin",
    "kf_lengkap": "bulin",
    "kn_lengkap": "bayi",
    "idl": "bayi",
    "tb_skrining": None,
    "tb_terduga": None,
    "tb_diagnosis": None,
    "tb_diobati": None,
    "ht_skrining": "usia_15_plus",
    "ht_diagnosis": "ht_estimasi",
    "ht_diobati": "ht_estimasi",
    "ht_terkendali": "ht_estimasi",
})

PROGRAM_CODES: tuple[str, ...] = tuple(i.code for i in PROGRAM_INDICATORS)
PROGRAM_BY_CODE: dict[str, ProgramIndicator] = {i.code: i for i in PROGRAM_INDICATORS}
SASARAN_CODES: tuple[str, ...] = tuple(s.code for s in SASARAN)
SASARAN_BY_CODE: dict[str, Sasaran] = {s.code: s for s in SASARAN}

# Cascades in step order: a later step may exceed an earlier one in real data (late
# registration), which is shown and flagged, never clipped.
KASKADE: dict[str, tuple[str, ...]] = {
    name: tuple(i.code for i in PROGRAM_INDICATORS if i.kaskade == name)
    for name in ("kia", "tb", "ht")
}

# Codes an annual target may be set for (the `target` dataset): the program indicators,
# the IKS of an area ("iks") and the coverage of each of the 12 PIS-PK indicators.
TARGET_CODES: tuple[str, ...] = (*PROGRAM_CODES, "iks", *IKS_CODES)
