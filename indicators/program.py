"""The program registry, declared as data (data-contract.md; domain.md §3–4): the monthly
registers counted per desa (the `layanan` dataset), the sasaran (annual target populations,
the `sasaran` dataset), the PWS indicators built from them and the cascades.

An indicator is metadata in the manner of DHIS2: a numerator (register codes summed, some
subtracted), a denominator (a sasaran, or another register of the same month), how the
value accumulates over the months, how it is read (factor, unit, value label, decimals), a
default annual target, a direction, a definition and a source, all as keyword fields checked
when declared (a wrong one fails at import). The PWS engine (indicators.pws,
data_access.pws) reads these declarations; adding an indicator means adding one here, not
new SQL or a new callback. Targets imported with the `target` dataset override the default
for a year and, when given, for one kabupaten/kota or Puskesmas.

A leaf module like indicators.registry (it reads only indicators.format): the data layer
reads these codes to validate an import, the pages read them for labels.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType

from domain.codes import Level
from indicators import format as fmt
from indicators.registry import IKS_CODES

# Where a register or sasaran is recorded: per desa (the `layanan`/`sasaran` datasets, the
# default) or per Puskesmas (Klaster 1's management data: its budget, its quality
# indicators, its medicines; stored in layanan_puskesmas/sasaran_puskesmas by the dataset
# that produces them). Both are summed into the same per-area summaries above the desa.
RECORD_LEVELS = (Level.DESA, Level.PUSKESMAS)


@dataclass(frozen=True)
class Sasaran:
    code: str
    label: str  # short, Bahasa Indonesia
    definition: str
    level: Level = Level.DESA  # where it is recorded (RECORD_LEVELS)
    unit: str = ""  # what one counts in, when not people: "Rp"
    # why a value divided by it is empty when it is 0 ('' = "Sasaran … bernilai 0")
    zero_reason: str = ""
    dataset: str = "sasaran"  # the import dataset that writes it


@dataclass(frozen=True)
class Register:
    """A count reported per desa (one `indikator` code of `layanan`) or per Puskesmas
    (`level`), per month."""

    code: str
    label: str  # short, for charts and tables
    definition: str  # what one counted service is
    klaster: int  # ILP klaster (2 mother & child, 3 adults, 4 communicable disease)
    level: Level = Level.DESA  # where it is recorded (RECORD_LEVELS)
    unit: str = ""  # what one counts in, when not services or people: "Rp"
    dataset: str = "layanan"  # the import dataset that writes it


class Accumulation(StrEnum):
    """How an indicator's value builds up over the months of a year."""

    # Σ numerator Jan..m ÷ a yearly sasaran (K1, K6, IDL …): the target grows, annual × m / 12
    KUMULATIF = "kumulatif"
    # the month's own ratio (D/S, N/D, prevalence of stunting …): the value of a period is that
    # of its last month, the target is the same every month
    BULANAN = "bulanan"
    # a ratio of two flows, both summed Jan..m (treated ÷ diagnosed), like a cascade's
    # conversion: the target is the same every month
    ALIRAN = "aliran"


class ValueLabel(StrEnum):
    """What the value is called on charts and tables ('Cakupan kumulatif', 'Prevalensi bulan
    itu'); ANGKA is a rate read in its unit ('Kumulatif, per 100.000 penduduk')."""

    CAKUPAN = "Cakupan"
    REALISASI = "Realisasi"  # spent ÷ budget (Klaster 1 keuangan)
    PROPORSI = "Proporsi"
    PREVALENSI = "Prevalensi"
    ANGKA = "Angka"


# What a fraction may be multiplied by to be read in its unit: a count ratio, a percentage, a
# rate per 1.000 or per 100.000.
FACTORS = (1, 100, 1_000, 100_000)
KLASTER = (1, 2, 3, 4, 5)  # ILP klaster


class DeclarationError(ValueError):
    """A registry declaration that cannot be read one way only; raised at import."""


@dataclass(frozen=True, kw_only=True)
class Indicator:
    """A PWS indicator: value = numerator / denominator (a fraction), read as fraction × factor
    in its unit, against an annual target. Every field is declared; nothing is inferred from
    labels (a wrong declaration fails at import, naming the code and the field)."""

    code: str
    label: str
    # a short name for sentences and tight spaces ("K6" rather than "Cakupan K6"); '' = label
    short: str = ""
    klaster: int
    numerator: tuple[str, ...]  # register codes, summed
    minus: tuple[str, ...] = ()  # register codes subtracted from the numerator
    denominator: str | None  # a sasaran code, or a register code (same month); None: a count
    accumulation: Accumulation
    factor: int  # what the fraction is multiplied by to read in `unit`: 100 for '%'
    unit: str  # '%' (written 78,4%), or words after the number ('per 100.000 penduduk')
    value_label: ValueLabel
    decimals: int  # shown after the decimal mark
    higher_is_better: bool
    target: float | None = None  # default annual target in percent; None: none by default
    group: str  # the page's section it belongs to (KELOMPOK)
    definition: str
    source: str

    def __post_init__(self) -> None:
        for problem in _problems(self):
            raise DeclarationError(f"indikator '{self.code}', {problem}")

    @property
    def short_label(self) -> str:
        """The short name when declared, else the label."""
        return self.short or self.label

    @property
    def by_sasaran(self) -> bool:
        return self.denominator in SASARAN_BY_CODE

    @property
    def per_bulan(self) -> bool:
        """Each month stands on its own (Accumulation.BULANAN)."""
        return self.accumulation is Accumulation.BULANAN

    @property
    def is_percent(self) -> bool:
        return self.unit == fmt.PERSEN

    @property
    def plot_factor(self) -> int:
        """What a fraction is multiplied by before a chart draws it (fmt.plot_factor)."""
        return fmt.plot_factor(self.factor, self.unit)

    def text(self, fraction) -> str:
        """The value in its unit: '78,4%', '385,0 per 100.000 penduduk', '–' for no data."""
        return fmt.nilai(fraction, factor=self.factor, unit=self.unit, decimals=self.decimals)

    def d3_format(self, decimals: int | None = None) -> str:
        """The plotly/d3 format of a value multiplied by plot_factor."""
        return fmt.d3_format(self.unit, self.decimals if decimals is None else decimals)

    @property
    def level(self) -> Level:
        """Where its registers are recorded: per desa, or per Puskesmas (then no desa has a
        value: a desa is shown through its Puskesmas)."""
        return REGISTER_BY_CODE[self.numerator[0]].level

    @property
    def per_puskesmas(self) -> bool:
        return self.level == Level.PUSKESMAS

    @property
    def amount_unit(self) -> str:
        """The unit of its numerator's counts ('Rp'), '' for people and services."""
        return REGISTER_BY_CODE[self.numerator[0]].unit

    @property
    def registers(self) -> tuple[str, ...]:
        """Every register code the indicator reads."""
        extra = () if self.by_sasaran or self.denominator is None else (self.denominator,)
        return tuple(dict.fromkeys((*self.numerator, *self.minus, *extra)))

    @property
    def formula(self) -> str:
        """The numerator and denominator in words, for hover text and info popovers."""
        top = " + ".join(REGISTER_BY_CODE[c].label for c in self.numerator)
        if self.minus:
            top += "".join(f" − {REGISTER_BY_CODE[c].label}" for c in self.minus)
        if self.denominator is None:
            return top
        below = (SASARAN_BY_CODE[self.denominator].label if self.by_sasaran
                 else REGISTER_BY_CODE[self.denominator].label)
        period = "bulan itu" if self.per_bulan else "kumulatif Januari s.d. bulan itu"
        return f"{top} ({period}) ÷ {below}"


def _problems(ind: Indicator):
    """What is wrong with a declaration, as 'field: why' (the first one is raised)."""
    if not isinstance(ind.code, str) or not ind.code:
        yield "code: harus teks tidak kosong"
    if not isinstance(ind.label, str) or not ind.label:
        yield "label: harus teks tidak kosong"
    if not isinstance(ind.short, str) or ind.short != ind.short.strip() or len(ind.short) > 30:
        yield f"short: {ind.short!r} harus teks tanpa spasi di tepi, paling panjang 30 huruf"
    if ind.klaster not in KLASTER:
        yield f"klaster: {ind.klaster!r} bukan klaster ILP {KLASTER}"
    for name in ("numerator", "minus"):
        codes = getattr(ind, name)
        if not isinstance(codes, tuple):
            yield f"{name}: harus tuple kode register, bukan {codes!r}"
            continue
        for code in codes:
            if code not in REGISTER_BY_CODE:
                yield f"{name}: '{code}' bukan kode register"
    if not ind.numerator:
        yield "numerator: paling sedikit satu kode register"
    below = ind.denominator
    read = [REGISTER_BY_CODE.get(c) or SASARAN_BY_CODE.get(c)
            for c in (*ind.numerator, *ind.minus, *([below] if below else []))]
    if len({r.level for r in read if r is not None}) > 1:
        yield ("numerator/denominator: register dan sasaran yang dibaca harus dicatat pada tingkat yang "
               "sama (semua per desa atau semua per Puskesmas)")
    if below is not None and below not in SASARAN_BY_CODE and below not in REGISTER_BY_CODE:
        yield f"denominator: '{below}' bukan kode sasaran atau register"
    if not isinstance(ind.accumulation, Accumulation):
        yield f"accumulation: {ind.accumulation!r} bukan Accumulation"
    elif ind.accumulation is Accumulation.KUMULATIF and below in REGISTER_BY_CODE:
        yield (f"accumulation: KUMULATIF membagi jumlah Januari s.d. bulan itu dengan sasaran "
               f"setahun, tetapi penyebutnya register '{below}' (pakai ALIRAN atau BULANAN)")
    elif ind.accumulation is Accumulation.ALIRAN and below not in REGISTER_BY_CODE:
        yield (f"accumulation: ALIRAN menjumlahkan penyebut Januari s.d. bulan itu, maka "
               f"penyebutnya harus register, bukan {below!r}")
    if not isinstance(ind.factor, int) or isinstance(ind.factor, bool) or ind.factor not in FACTORS:
        yield f"factor: {ind.factor!r} bukan salah satu dari {FACTORS}"
    if not isinstance(ind.unit, str) or not ind.unit.strip():
        yield "unit: harus teks tidak kosong ('%' atau 'per 100.000 penduduk')"
    elif ind.unit == fmt.PERSEN and ind.factor != 100:
        yield f"factor: satuan '%' berarti pecahan × 100, bukan × {ind.factor!r}"
    if not isinstance(ind.value_label, ValueLabel):
        yield f"value_label: {ind.value_label!r} bukan ValueLabel"
    elif ind.value_label in (ValueLabel.CAKUPAN, ValueLabel.REALISASI) and ind.unit != fmt.PERSEN:
        yield f"value_label: cakupan ditulis dalam '%', bukan '{ind.unit}' (pakai ANGKA)"
    elif ind.value_label is ValueLabel.ANGKA and ind.unit == fmt.PERSEN:
        yield "value_label: ANGKA adalah angka per … (satuan selain '%')"
    if not isinstance(ind.decimals, int) or isinstance(ind.decimals, bool) or not 0 <= ind.decimals <= 3:
        yield f"decimals: {ind.decimals!r} harus bilangan bulat 0–3"
    if not isinstance(ind.higher_is_better, bool):
        yield f"higher_is_better: {ind.higher_is_better!r} harus True atau False"
    if ind.target is not None and (isinstance(ind.target, bool) or not isinstance(ind.target, int | float)
                                   or not math.isfinite(ind.target) or ind.target < 0):
        yield f"target: {ind.target!r} harus angka ≥ 0 (persen) atau None"
    if ind.group not in KELOMPOK:
        yield f"group: '{ind.group}' bukan kelompok yang dikenal ({', '.join(KELOMPOK)})"
    if not ind.definition:
        yield "definition: harus diisi"
    if not ind.source:
        yield "source: harus diisi"


@dataclass(frozen=True)
class Rasio:
    """A rate derived from a cascade's sums (Jan..M): (Σ numerator − Σ minus) ÷ denominator.
    kali=True reads as a count ("125 orang diskrining per kasus": the number needed to
    screen), otherwise as a percentage. Codes are the cascade's steps, extra registers or
    sasaran; a zero denominator leaves it empty."""

    code: str
    label: str
    numerator: tuple[str, ...]
    denominator: str
    definition: str
    minus: tuple[str, ...] = ()
    kali: bool = False  # read as a number ("125,0"), not a percentage


@dataclass(frozen=True)
class Bagian:
    """One cell of a breakdown: a register divided by a sasaran or another register."""

    kelompok: str  # the group on the x axis ("15–59 tahun")
    seri: str  # the series within the group ("Laki-laki"); '' for a single series
    register: str
    denominator: str  # a sasaran or register code


@dataclass(frozen=True)
class Rincian:
    """A breakdown of one service (Jan..M sums): by age group and sex, or the risk factors
    found among those screened. Each part is Σ register ÷ Σ denominator."""

    code: str
    label: str
    klaster: int
    bagian: tuple[Bagian, ...]
    definition: str = ""

    @property
    def registers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c for b in self.bagian for c in (b.register, b.denominator)
                                   if c not in SASARAN_BY_CODE))

    @property
    def sasaran(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(b.denominator for b in self.bagian if b.denominator in SASARAN_BY_CODE))


@dataclass(frozen=True)
class Kaskade:
    """An ordered list of register codes, each step a subset of the one before in principle;
    real data may have a later step above an earlier one (late registration): shown and
    flagged, never clipped."""

    code: str
    label: str
    klaster: int
    steps: tuple[str, ...]
    sasaran: str | None = None  # an estimate shown before the first step, when declared
    definition: str = field(default="")
    extra: tuple[str, ...] = ()  # registers summed beside the steps (not a step)
    rasio: tuple[Rasio, ...] = ()

    @property
    def registers(self) -> tuple[str, ...]:
        """Every register the cascade reads: its steps, then the extra ones."""
        return (*self.steps, *self.extra)


# Klaster 1 keuangan: the sources of funds (code, label), and their total
SUMBER_DANA: tuple[tuple[str, str], ...] = (
    ("bok", "BOK"), ("jkn_kapitasi", "JKN kapitasi"), ("apbd", "APBD"), ("blud", "BLUD"),
    ("lainnya", "sumber lain"))
SUMBER_DANA_ALL: tuple[tuple[str, str], ...] = (("total", "semua sumber"), *SUMBER_DANA)

# Klaster 1 mutu: the national quality indicators of a Puskesmas (Indikator Nasional Mutu,
# PMK 30/2022; domain.md §6): code, label, short, the numerator's and denominator's meaning,
# and the target in percent as we read the regulation's annex (a Dinkes overrides it with
# the target dataset).
MUTU: tuple[tuple[str, str, str, str, str, float], ...] = (
    ("kebersihan_tangan", "Kepatuhan kebersihan tangan", "Kebersihan tangan",
     "Tindakan kebersihan tangan yang dilakukan", "Peluang kebersihan tangan yang diamati", 85),
    ("apd", "Kepatuhan penggunaan APD", "Penggunaan APD",
     "Petugas yang memakai APD sesuai indikasi", "Petugas yang diamati pada tindakan berindikasi APD", 100),
    ("identifikasi_pasien", "Kepatuhan identifikasi pasien", "Identifikasi pasien",
     "Pasien yang diidentifikasi dengan benar", "Pasien yang diamati", 100),
    ("tb_so", "Keberhasilan pengobatan TB SO", "Pengobatan TB SO berhasil",
     "Pasien TB sensitif obat yang sembuh atau pengobatannya lengkap",
     "Pasien TB sensitif obat yang dievaluasi", 90),
    ("anc", "Ibu hamil mendapat ANC sesuai standar", "ANC sesuai standar",
     "Ibu hamil yang mendapat pelayanan antenatal sesuai standar", "Ibu hamil yang dilayani", 100),
    ("fornas", "Kepatuhan penggunaan formularium nasional", "Kepatuhan Fornas",
     "Resep yang sesuai formularium nasional", "Resep yang diperiksa", 80),
    ("hipertensi", "Pengendalian penyakit hipertensi", "Pengendalian hipertensi",
     "Pasien hipertensi dengan tekanan darah terkendali", "Pasien hipertensi yang dilayani", 100),
    ("kepuasan_pasien", "Kepuasan pasien", "Kepuasan pasien",
     "Responden yang menyatakan puas", "Responden survei kepuasan", 76.61),
)

SASARAN: tuple[Sasaran, ...] = (
    Sasaran("bumil", "Ibu hamil", "Perkiraan ibu hamil dalam setahun"),
    Sasaran("bulin", "Ibu bersalin/nifas", "Perkiraan ibu bersalin dan nifas dalam setahun"),
    Sasaran("bayi", "Bayi", "Perkiraan bayi lahir hidup dalam setahun"),
    Sasaran("baduta", "Baduta", "Anak usia di bawah dua tahun (12–23 bulan) dalam setahun"),
    Sasaran("balita", "Balita (S)", "Sasaran balita usia 0–59 bulan (S pada SKDN)"),
    Sasaran("remaja", "Remaja", "Penduduk usia 10–18 tahun"),
    Sasaran("remaja_putri", "Remaja putri", "Remaja putri usia 12–18 tahun"),
    Sasaran("usia_15_plus", "Penduduk usia ≥15 tahun", "Penduduk berusia 15 tahun ke atas"),
    Sasaran("l_15_59", "Laki-laki 15–59 tahun", "Penduduk laki-laki berusia 15–59 tahun"),
    Sasaran("p_15_59", "Perempuan 15–59 tahun", "Penduduk perempuan berusia 15–59 tahun"),
    Sasaran("l_60_plus", "Laki-laki ≥60 tahun", "Penduduk laki-laki berusia 60 tahun ke atas"),
    Sasaran("p_60_plus", "Perempuan ≥60 tahun", "Penduduk perempuan berusia 60 tahun ke atas"),
    Sasaran("ht_estimasi", "Estimasi penderita hipertensi",
            "Perkiraan penderita hipertensi usia ≥15 tahun"),
    # Klaster 3 and 4
    Sasaran("dm_estimasi", "Estimasi penderita diabetes melitus",
            "Perkiraan penderita diabetes melitus usia ≥15 tahun"),
    Sasaran("lansia", "Lansia (≥60 tahun)", "Penduduk berusia 60 tahun ke atas"),
    Sasaran("odgj_berat_estimasi", "Estimasi ODGJ berat",
            "Perkiraan orang dengan gangguan jiwa berat (skizofrenia dan psikotik akut)"),
    Sasaran("penduduk", "Jumlah penduduk",
            "Jumlah penduduk semua umur (penyebut angka per 100.000 penduduk)"),
    Sasaran("tb_estimasi", "Estimasi kasus TB",
            "Perkiraan kasus TB baru dalam setahun (insidensi × penduduk, nasional ≈ 385 per "
            "100.000)"),
    # Klaster 1: budget per source of funds, recorded per Puskesmas (dataset keuangan): the
    # year's pagu as known in the latest month imported (a revised budget replaces it)
    *(Sasaran(f"pagu_{code}", f"Pagu {label}", f"Pagu anggaran {label} setahun (rupiah), menurut bulan "
              "terakhir yang diunggah", level=Level.PUSKESMAS, unit="Rp",
              zero_reason="pagu 0: persentase tidak dihitung", dataset="keuangan")
      for code, label in SUMBER_DANA_ALL),
)

REGISTERS: tuple[Register, ...] = (
    # Klaster 2: continuum of care
    Register("k1", "K1", "Ibu hamil dengan kunjungan antenatal pertama", 2),
    Register("k6", "K6", "Ibu hamil dengan kunjungan antenatal keenam", 2),
    Register("pf", "Persalinan di fasyankes", "Persalinan di fasilitas pelayanan kesehatan", 2),
    Register("kf_lengkap", "KF lengkap", "Ibu nifas dengan kunjungan nifas lengkap", 2),
    Register("kn_lengkap", "KN lengkap", "Bayi baru lahir dengan kunjungan neonatal lengkap", 2),
    # Klaster 2: immunisation
    Register("idl", "Imunisasi dasar lengkap", "Bayi dengan imunisasi dasar lengkap", 2),
    Register("ibl", "Imunisasi baduta lengkap", "Anak baduta dengan imunisasi lanjutan lengkap", 2),
    # Klaster 2: growth monitoring (SKDN), counted in the month
    Register("balita_d", "Balita ditimbang (D)", "Balita yang ditimbang bulan itu", 2),
    Register("balita_t", "Tidak naik BB (T)",
             "Balita ditimbang yang berat badannya tidak naik adekuat", 2),
    Register("balita_o", "Tidak ditimbang bulan lalu (O)",
             "Balita ditimbang bulan itu yang tidak ditimbang bulan sebelumnya (termasuk yang baru)",
             2),
    Register("balita_bb_kurang", "Balita gizi kurang",
             "Balita ditimbang dengan berat badan kurang (BB/U < −2 SD)", 2),
    Register("balita_diukur", "Balita diukur TB/PB", "Balita yang diukur tinggi/panjang badannya", 2),
    Register("balita_stunting", "Balita stunting",
             "Balita diukur yang pendek atau sangat pendek (TB/U < −2 SD)", 2),
    # Klaster 2: school-age children and adolescents
    Register("remaja_dilayani", "Remaja dilayani",
             "Remaja yang datang dan mendapat pelayanan kesehatan (pertama kali tahun itu)", 2),
    Register("rematri_ttd", "Remaja putri minum TTD",
             "Remaja putri yang mengonsumsi tablet tambah darah (pertama kali tahun itu)", 2),
    # Klaster 4: TB
    Register("tb_skrining", "Skrining TB", "Orang yang diskrining TB", 4),
    Register("tb_terduga", "Terduga TB", "Terduga TB yang ditemukan", 4),
    Register("tb_diagnosis", "TB terdiagnosis", "Kasus TB yang terdiagnosis", 4),
    Register("tb_diobati", "TB diobati", "Kasus TB yang mulai diobati", 4),
    Register("tb_kohort", "Kohort TB dievaluasi",
             "Kasus TB dalam kohort yang hasil akhir pengobatannya dievaluasi bulan itu", 4),
    Register("tb_berhasil", "TB berhasil diobati",
             "Kasus TB dalam kohort itu yang sembuh atau pengobatannya lengkap", 4),
    # Klaster 3: hypertension
    Register("ht_skrining", "Skrining hipertensi",
             "Penduduk usia ≥15 tahun yang diskrining hipertensi", 3),
    Register("ht_diagnosis", "Hipertensi terdiagnosis", "Penderita hipertensi yang terdiagnosis", 3),
    Register("ht_diobati", "Hipertensi diobati sesuai standar",
             "Penderita hipertensi yang mendapat pelayanan sesuai standar", 3),
    Register("ht_terkendali", "Hipertensi terkendali",
             "Penderita hipertensi dengan tekanan darah terakhir < 140/90", 3),
    # Klaster 3: diabetes melitus
    Register("dm_skrining", "Skrining diabetes",
             "Penduduk usia ≥15 tahun yang diskrining diabetes melitus (pemeriksaan gula darah)", 3),
    Register("dm_diagnosis", "DM terdiagnosis", "Penderita diabetes melitus yang terdiagnosis", 3),
    Register("dm_diobati", "DM diobati sesuai standar",
             "Penderita diabetes melitus yang mendapat pelayanan sesuai standar", 3),
    Register("dm_terkendali", "DM terkendali",
             "Penderita diabetes melitus dengan gula darah puasa terakhir < 126 mg/dL atau HbA1c "
             "terakhir < 7%", 3),
    # Klaster 3: PTM risk factors found at screening
    Register("ptm_merokok", "Perokok ditemukan",
             "Penduduk usia ≥15 tahun yang diskrining PTM dan merokok", 3),
    Register("ptm_obesitas", "Obesitas ditemukan",
             "Penduduk usia ≥15 tahun yang diskrining PTM dengan obesitas (IMT > 27)", 3),
    Register("ptm_td_tinggi", "Tekanan darah tinggi ditemukan",
             "Penduduk yang diskrining PTM dengan tekanan darah ≥ 140/90 saat skrining", 3),
    Register("ptm_gula_tinggi", "Gula darah tinggi ditemukan",
             "Penduduk yang diskrining PTM dengan gula darah sewaktu ≥ 200 mg/dL atau puasa "
             "≥ 126 mg/dL", 3),
    Register("ptm_skrining_l_15_59", "Skrining PTM laki-laki 15–59 th",
             "Laki-laki 15–59 tahun yang diskrining PTM (pertama kali tahun itu)", 3),
    Register("ptm_skrining_p_15_59", "Skrining PTM perempuan 15–59 th",
             "Perempuan 15–59 tahun yang diskrining PTM (pertama kali tahun itu)", 3),
    Register("ptm_skrining_l_60_plus", "Skrining PTM laki-laki ≥60 th",
             "Laki-laki 60 tahun ke atas yang diskrining PTM (pertama kali tahun itu)", 3),
    Register("ptm_skrining_p_60_plus", "Skrining PTM perempuan ≥60 th",
             "Perempuan 60 tahun ke atas yang diskrining PTM (pertama kali tahun itu)", 3),
    # Klaster 3: mental health
    Register("jiwa_skrining", "Skrining kesehatan jiwa",
             "Penduduk usia ≥15 tahun yang diskrining kesehatan jiwa (mis. dengan SRQ-20)", 3),
    Register("jiwa_diagnosis", "Gangguan jiwa terdiagnosis",
             "Orang dengan gangguan jiwa yang terdiagnosis", 3),
    Register("jiwa_diobati", "Gangguan jiwa diobati",
             "Orang dengan gangguan jiwa yang mendapat pengobatan atau tata laksana", 3),
    Register("jiwa_dirujuk", "Gangguan jiwa dirujuk",
             "Orang dengan gangguan jiwa yang dirujuk ke fasilitas rujukan", 3),
    Register("odgj_berat_dilayani", "ODGJ berat dilayani",
             "Orang dengan gangguan jiwa berat yang mendapat pelayanan kesehatan jiwa sesuai "
             "standar (pertama kali tahun itu)", 3),
    Register("pasung_ditemukan", "Kasus pasung ditemukan",
             "Orang dengan gangguan jiwa yang ditemukan dalam keadaan dipasung", 3),
    Register("pasung_dibebaskan", "Kasus pasung dibebaskan",
             "Orang dengan gangguan jiwa yang dibebaskan dari pasung", 3),
    # Klaster 3: elderly
    Register("icope_skrining", "Skrining ICOPE lansia",
             "Penduduk usia ≥60 tahun yang diskrining dengan instrumen ICOPE (pertama kali tahun "
             "itu)", 3),
    # Klaster 4: TB contact investigation
    Register("tb_ik_indeks", "Kasus indeks TB",
             "Kasus TB paru terdiagnosis yang menjadi kasus indeks investigasi kontak", 4),
    Register("tb_ik_diinvestigasi", "Kasus indeks dengan kontak diinvestigasi",
             "Kasus indeks (dihitung pada bulan kasus indeks ditemukan) yang kontak serumahnya "
             "sudah diinvestigasi", 4),
    Register("tb_kontak_serumah", "Kontak serumah diinvestigasi",
             "Kontak serumah kasus indeks yang diinvestigasi (diskrining TB)", 4),
    Register("tb_kontak_tpt", "Kontak serumah mendapat TPT",
             "Kontak serumah yang mendapat terapi pencegahan TB (TPT)", 4),
    Register("tb_kontak_oat", "Kontak serumah mendapat OAT",
             "Kontak serumah yang terdiagnosis TB dan mendapat obat anti-TB (OAT)", 4),
    # Klaster 1 (management), recorded per Puskesmas. keuangan: rupiah spent that month
    *(Register(f"realisasi_{code}", f"Realisasi {label}", f"Rupiah yang dibelanjakan bulan itu dari "
               f"{label}", 1, level=Level.PUSKESMAS, unit="Rp", dataset="keuangan")
      for code, label in SUMBER_DANA_ALL),
    # mutu: the month's numerator and denominator of each national quality indicator
    *(Register(f"{code}_{part}", what, f"{what} ({part} {short.lower()})", 1,
               level=Level.PUSKESMAS, dataset="mutu")
      for code, _label, short, top, below, _t in MUTU
      for part, what in (("pembilang", top), ("penyebut", below))),
    # obat (written by the obat dataset): indicator medicines in stock and reported that month
    Register("obat_indikator_tersedia", "Obat indikator tersedia",
             "Item obat indikator yang stoknya ada di akhir bulan", 1, level=Level.PUSKESMAS,
             dataset="obat"),
    Register("obat_indikator_dilaporkan", "Obat indikator dilaporkan",
             "Item obat indikator yang dilaporkan dalam LPLPO bulan itu", 1, level=Level.PUSKESMAS,
             dataset="obat"),
    # kegiatan (written by the kegiatan dataset): activities of the annual plan
    Register("kegiatan_rencana", "Kegiatan direncanakan",
             "Kegiatan RUK/RPK yang direncanakan untuk bulan itu", 1, level=Level.PUSKESMAS,
             dataset="kegiatan"),
    Register("kegiatan_terlaksana", "Kegiatan terlaksana",
             "Kegiatan yang direncanakan untuk bulan itu dan terlaksana", 1, level=Level.PUSKESMAS,
             dataset="kegiatan"),
)

REGISTER_CODES: tuple[str, ...] = tuple(r.code for r in REGISTERS)
REGISTER_BY_CODE: dict[str, Register] = {r.code: r for r in REGISTERS}
SASARAN_CODES: tuple[str, ...] = tuple(s.code for s in SASARAN)
# what the desa datasets (layanan, sasaran) accept; the Puskesmas-level codes come from
# their own datasets (Register.dataset)
DESA_REGISTER_CODES: tuple[str, ...] = tuple(r.code for r in REGISTERS if r.level == Level.DESA)
DESA_SASARAN_CODES: tuple[str, ...] = tuple(s.code for s in SASARAN if s.level == Level.DESA)
PUSKESMAS_REGISTER_CODES: tuple[str, ...] = tuple(r.code for r in REGISTERS if r.level == Level.PUSKESMAS)
PUSKESMAS_SASARAN_CODES: tuple[str, ...] = tuple(s.code for s in SASARAN if s.level == Level.PUSKESMAS)
SASARAN_BY_CODE: dict[str, Sasaran] = {s.code: s for s in SASARAN}

# the sections of a page an indicator belongs to (Indicator.group)
KELOMPOK: dict[str, str] = {
    "kia": "Kesehatan ibu dan bayi",
    "imunisasi": "Imunisasi",
    "gizi": "Pertumbuhan balita",
    "remaja": "Remaja",
    "ptm": "Penyakit tidak menular",
    "jiwa": "Kesehatan jiwa",
    "lansia": "Lanjut usia",
    "tb": "Tuberkulosis",
    "ik": "Investigasi kontak TB",
    "keuangan": "Keuangan",
    "mutu": "Mutu pelayanan",
    "obat": "Obat",
    "kegiatan": "Perencanaan",
}

_DEFAULT = ("Target bawaan aplikasi (contoh, mengacu pada Renstra Kemenkes/RPJMN 2020–2024); "
            "ganti dengan target Dinkes melalui dataset target")
_SPM = "Standar Pelayanan Minimal bidang kesehatan (Permenkes 6/2024)"
_CONTOH = "Target bawaan aplikasi (contoh); ganti dengan target Dinkes melalui dataset target"
# An ALIRAN indicator (a ratio of two registers) sums both over Jan..M, like the conversion
# of the cascade holding both steps (export kaskade, konversi_<code>); its definition ends so.
_ALIRAN = ("Nilai periode = jumlah pembilang Januari s.d. bulan terpilih ÷ jumlah penyebutnya "
           "pada periode yang sama (seperti kaskade); target sama setiap bulan.")
_KUMULATIF, _BULANAN, _ALIRAN_ = Accumulation.KUMULATIF, Accumulation.BULANAN, Accumulation.ALIRAN

INDICATORS: tuple[Indicator, ...] = (
    Indicator(code="k1", label="Cakupan K1", klaster=2, group="kia",
              short="K1",
              numerator=("k1",), denominator="bumil", accumulation=_KUMULATIF,
              factor=100, unit="%", value_label=ValueLabel.CAKUPAN, decimals=1,
              higher_is_better=True, target=100,
              definition="Persentase ibu hamil yang mendapat kunjungan antenatal pertama (K1) dari "
                         "perkiraan ibu hamil setahun.",
              source=_SPM),
    Indicator(code="k6", label="Cakupan K6", klaster=2, group="kia",
              short="K6",
              numerator=("k6",), denominator="bumil", accumulation=_KUMULATIF,
              factor=100, unit="%", value_label=ValueLabel.CAKUPAN, decimals=1,
              higher_is_better=True, target=95,
              definition="Persentase ibu hamil yang mendapat pelayanan antenatal keenam (K6, minimal 6 "
                         "kali dengan 2 kali oleh dokter) dari perkiraan ibu hamil setahun.",
              source=_SPM),
    Indicator(code="pf", label="Persalinan di fasyankes", klaster=2, group="kia",
              numerator=("pf",), denominator="bulin", accumulation=_KUMULATIF,
              factor=100, unit="%", value_label=ValueLabel.CAKUPAN, decimals=1,
              higher_is_better=True, target=95,
              definition="Persentase ibu bersalin yang melahirkan di fasilitas pelayanan kesehatan dari "
                         "perkiraan ibu bersalin setahun.",
              source=_SPM),
    Indicator(code="kf_lengkap", label="Cakupan KF lengkap", klaster=2, group="kia",
              short="KF lengkap",
              numerator=("kf_lengkap",), denominator="bulin", accumulation=_KUMULATIF,
              factor=100, unit="%", value_label=ValueLabel.CAKUPAN, decimals=1,
              higher_is_better=True, target=90,
              definition="Persentase ibu nifas yang mendapat kunjungan nifas lengkap (KF1–KF4) dari "
                         "perkiraan ibu bersalin/nifas setahun.",
              source=_DEFAULT),
    Indicator(code="kn_lengkap", label="Cakupan KN lengkap", klaster=2, group="kia",
              short="KN lengkap",
              numerator=("kn_lengkap",), denominator="bayi", accumulation=_KUMULATIF,
              factor=100, unit="%", value_label=ValueLabel.CAKUPAN, decimals=1,
              higher_is_better=True, target=90,
              definition="Persentase bayi baru lahir yang mendapat kunjungan neonatal lengkap (KN1–KN3) "
                         "dari perkiraan bayi lahir hidup setahun.",
              source=_SPM),
    Indicator(code="idl", label="Imunisasi dasar lengkap (IDL)", klaster=2, group="imunisasi",
              short="Imunisasi dasar lengkap",
              numerator=("idl",), denominator="bayi", accumulation=_KUMULATIF,
              factor=100, unit="%", value_label=ValueLabel.CAKUPAN, decimals=1,
              higher_is_better=True, target=90,
              definition="Persentase bayi yang mendapat imunisasi dasar lengkap dari perkiraan bayi "
                         "setahun.",
              source=_DEFAULT),
    Indicator(code="ibl", label="Imunisasi baduta lengkap", klaster=2, group="imunisasi",
              numerator=("ibl",), denominator="baduta", accumulation=_KUMULATIF,
              factor=100, unit="%", value_label=ValueLabel.CAKUPAN, decimals=1,
              higher_is_better=True, target=80,
              definition="Persentase anak baduta yang mendapat imunisasi lanjutan baduta lengkap dari "
                         "sasaran baduta setahun.",
              source=_DEFAULT),
    Indicator(code="d_s", label="Partisipasi penimbangan (D/S)", klaster=2, group="gizi",
              short="D/S",
              numerator=("balita_d",), denominator="balita", accumulation=_BULANAN,
              factor=100, unit="%", value_label=ValueLabel.CAKUPAN, decimals=1,
              higher_is_better=True, target=85,
              definition="Balita ditimbang (D) dibagi sasaran balita (S) pada bulan itu; nilai periode = "
                         "nilai bulan terakhirnya.",
              source=_DEFAULT),
    Indicator(code="n_d", label="Balita naik berat badan (N/D)", klaster=2, group="gizi",
              short="N/D",
              numerator=("balita_d",), minus=("balita_t", "balita_o"), denominator="balita_d",
              accumulation=_BULANAN,
              factor=100, unit="%", value_label=ValueLabel.CAKUPAN, decimals=1,
              higher_is_better=True, target=80,
              definition="N/D: N = D − T − O (ditimbang, dikurangi yang tidak naik berat badan dan yang "
                         "tidak ditimbang bulan lalu), dibagi D, pada bulan itu.",
              source=_DEFAULT),
    Indicator(code="bb_kurang", label="Prevalensi gizi kurang", klaster=2, group="gizi",
              short="Gizi kurang",
              numerator=("balita_bb_kurang",), denominator="balita_d", accumulation=_BULANAN,
              factor=100, unit="%", value_label=ValueLabel.PREVALENSI, decimals=1,
              higher_is_better=False, target=7,
              definition="Balita berat badan kurang (BB/U < −2 SD) dibagi balita ditimbang, pada bulan "
                         "itu. Makin rendah makin baik.",
              source=_DEFAULT),
    Indicator(code="stunting", label="Prevalensi stunting", klaster=2, group="gizi",
              short="Stunting",
              numerator=("balita_stunting",), denominator="balita_diukur", accumulation=_BULANAN,
              factor=100, unit="%", value_label=ValueLabel.PREVALENSI, decimals=1,
              higher_is_better=False, target=14,
              definition="Balita pendek dan sangat pendek (TB/U < −2 SD) dibagi balita yang diukur "
                         "tinggi/panjang badannya, pada bulan itu. Makin rendah makin baik.",
              source="Target RPJMN 2020–2024 (14%); ganti dengan target Dinkes melalui dataset target"),
    Indicator(code="remaja", label="Remaja mendapat pelayanan kesehatan", klaster=2, group="remaja",
              short="Pelayanan remaja",
              numerator=("remaja_dilayani",), denominator="remaja", accumulation=_KUMULATIF,
              factor=100, unit="%", value_label=ValueLabel.CAKUPAN, decimals=1,
              higher_is_better=True, target=80,
              definition="Persentase remaja 10–18 tahun yang datang dan mendapat pelayanan kesehatan, "
                         "kumulatif dalam setahun.",
              source=_DEFAULT),
    Indicator(code="ttd_rematri", label="Remaja putri minum TTD", klaster=2, group="remaja",
              short="TTD remaja putri",
              numerator=("rematri_ttd",), denominator="remaja_putri", accumulation=_KUMULATIF,
              factor=100, unit="%", value_label=ValueLabel.CAKUPAN, decimals=1,
              higher_is_better=True, target=58,
              definition="Persentase remaja putri 12–18 tahun yang mengonsumsi tablet tambah darah, "
                         "kumulatif dalam setahun.",
              source="Target Renstra Kemenkes 2020–2024 (58%); ganti dengan target Dinkes melalui "
                     "dataset target"),
    # Klaster 3: PTM
    Indicator(code="ht_spm", label="Penderita hipertensi mendapat pelayanan sesuai standar", klaster=3,
              short="Pelayanan hipertensi",
              group="ptm",
              numerator=("ht_diobati",), denominator="ht_estimasi", accumulation=_KUMULATIF,
              factor=100, unit="%", value_label=ValueLabel.CAKUPAN, decimals=1,
              higher_is_better=True, target=100,
              definition="Persentase penderita hipertensi usia ≥15 tahun yang mendapat pelayanan "
                         "kesehatan sesuai standar dari perkiraan penderita hipertensi setahun.",
              source=_SPM),
    Indicator(code="ht_terkendali", label="Hipertensi terkendali di antara yang diobati", klaster=3,
              short="Hipertensi terkendali",
              group="ptm",
              numerator=("ht_terkendali",), denominator="ht_diobati", accumulation=_ALIRAN_,
              factor=100, unit="%", value_label=ValueLabel.CAKUPAN, decimals=1,
              higher_is_better=True, target=50,
              definition="Penderita hipertensi dengan tekanan darah terakhir < 140/90 dibagi penderita "
                         "hipertensi yang mendapat pelayanan sesuai standar. " + _ALIRAN,
              source=_CONTOH),
    Indicator(code="dm_spm", label="Penderita diabetes melitus mendapat pelayanan sesuai standar",
              short="Pelayanan diabetes",
              klaster=3, group="ptm",
              numerator=("dm_diobati",), denominator="dm_estimasi", accumulation=_KUMULATIF,
              factor=100, unit="%", value_label=ValueLabel.CAKUPAN, decimals=1,
              higher_is_better=True, target=100,
              definition="Persentase penderita diabetes melitus usia ≥15 tahun yang mendapat pelayanan "
                         "kesehatan sesuai standar dari perkiraan penderita diabetes melitus setahun.",
              source=_SPM),
    Indicator(code="dm_terkendali", label="Diabetes melitus terkendali di antara yang diobati",
              short="Diabetes terkendali",
              klaster=3, group="ptm",
              numerator=("dm_terkendali",), denominator="dm_diobati", accumulation=_ALIRAN_,
              factor=100, unit="%", value_label=ValueLabel.CAKUPAN, decimals=1,
              higher_is_better=True, target=50,
              definition="Penderita diabetes melitus dengan gula darah puasa terakhir < 126 mg/dL atau "
                         "HbA1c < 7% dibagi penderita diabetes melitus yang mendapat pelayanan sesuai "
                         "standar. " + _ALIRAN,
              source=_CONTOH),
    Indicator(code="skrining_ptm", label="Skrining PTM penduduk usia ≥15 tahun", klaster=3, group="ptm",
              short="Skrining PTM",
              numerator=("ht_skrining",), denominator="usia_15_plus", accumulation=_KUMULATIF,
              factor=100, unit="%", value_label=ValueLabel.CAKUPAN, decimals=1,
              higher_is_better=True, target=100,
              definition="Persentase penduduk usia ≥15 tahun yang diskrining PTM (diukur tekanan "
                         "darahnya), kumulatif dalam setahun.",
              source="Sejalan dengan SPM pelayanan kesehatan usia produktif (Permenkes 6/2024), yang "
                     "sasarannya usia 15–59 tahun; di sini dibagi penduduk ≥15 tahun. Target bawaan "
                     "aplikasi (contoh); ganti dengan target Dinkes melalui dataset target"),
    # Klaster 3: mental health, elderly
    Indicator(code="odgj_berat", label="ODGJ berat mendapat pelayanan sesuai standar", klaster=3,
              short="Pelayanan ODGJ berat",
              group="jiwa",
              numerator=("odgj_berat_dilayani",), denominator="odgj_berat_estimasi",
              accumulation=_KUMULATIF,
              factor=100, unit="%", value_label=ValueLabel.CAKUPAN, decimals=1,
              higher_is_better=True, target=100,
              definition="Persentase orang dengan gangguan jiwa berat yang mendapat pelayanan kesehatan "
                         "jiwa sesuai standar dari perkiraan ODGJ berat setahun.",
              source=_SPM),
    Indicator(code="icope", label="Lansia diskrining ICOPE", klaster=3, group="lansia",
              short="Skrining ICOPE lansia",
              numerator=("icope_skrining",), denominator="lansia", accumulation=_KUMULATIF,
              factor=100, unit="%", value_label=ValueLabel.CAKUPAN, decimals=1,
              higher_is_better=True, target=100,
              definition="Persentase penduduk usia ≥60 tahun yang diskrining dengan instrumen ICOPE, "
                         "kumulatif dalam setahun.",
              source="Sejalan dengan SPM pelayanan kesehatan usia lanjut (Permenkes 6/2024). Target "
                     "bawaan aplikasi (contoh); ganti dengan target Dinkes melalui dataset target"),
    # Klaster 4: TB
    Indicator(code="tb_notifikasi", label="Notifikasi kasus TB", klaster=4, group="tb",
              short="Notifikasi TB",
              numerator=("tb_diagnosis",), denominator="penduduk", accumulation=_KUMULATIF,
              factor=100_000, unit="per 100.000 penduduk", value_label=ValueLabel.ANGKA, decimals=1,
              higher_is_better=True, target=None,
              definition="Kasus TB terdiagnosis dibagi jumlah penduduk, kumulatif dalam setahun; dibaca "
                         "per 100.000 penduduk (pecahan × 100.000). Tanpa target bawaan.",
              source="Angka notifikasi kasus program TB nasional; tanpa "
                     "target bawaan aplikasi"),
    Indicator(code="tb_pengobatan", label="Kasus TB terdiagnosis yang mulai diobati", klaster=4,
              short="TB mulai diobati",
              group="tb",
              numerator=("tb_diobati",), denominator="tb_diagnosis", accumulation=_ALIRAN_,
              factor=100, unit="%", value_label=ValueLabel.CAKUPAN, decimals=1,
              higher_is_better=True, target=90,
              definition="Kasus TB yang mulai diobati dibagi kasus TB yang terdiagnosis; selisihnya "
                         "adalah kasus yang hilang sebelum pengobatan (putus berobat awal). "
                         + _ALIRAN,
              source="Target bawaan aplikasi (contoh, setara target nasional 90% untuk cakupan dan "
                     "keberhasilan pengobatan TB); ganti dengan target Dinkes melalui dataset target"),
    Indicator(code="tb_cakupan_pengobatan", label="Cakupan pengobatan TB",
              short="Cakupan pengobatan TB",
              klaster=4, group="tb",
              numerator=("tb_diobati",), denominator="tb_estimasi", accumulation=_KUMULATIF,
              factor=100, unit="%", value_label=ValueLabel.CAKUPAN, decimals=1,
              higher_is_better=True, target=90,
              definition="Kasus TB yang mulai diobati dibagi perkiraan kasus TB setahun, kumulatif "
                         "dalam setahun.",
              source="Target nasional program TB (90%); ganti dengan target Dinkes melalui dataset "
                     "target"),
    Indicator(code="tb_sukses", label="Keberhasilan pengobatan TB", klaster=4,
              short="Keberhasilan pengobatan TB",
              group="tb",
              numerator=("tb_berhasil",), denominator="tb_kohort", accumulation=_ALIRAN_,
              factor=100, unit="%", value_label=ValueLabel.CAKUPAN, decimals=1,
              higher_is_better=True, target=90,
              definition="Kasus TB yang sembuh atau pengobatannya lengkap dibagi kasus dalam kohort "
                         "yang dievaluasi. " + _ALIRAN,
              source="Target nasional program TB (90%); ganti dengan target Dinkes melalui dataset "
                     "target"),
    Indicator(code="tb_ik", label="Cakupan investigasi kontak TB", klaster=4, group="ik",
              short="Investigasi kontak TB",
              numerator=("tb_ik_diinvestigasi",), denominator="tb_ik_indeks", accumulation=_ALIRAN_,
              factor=100, unit="%", value_label=ValueLabel.CAKUPAN, decimals=1,
              higher_is_better=True, target=90,
              definition="Kasus indeks TB yang kontak serumahnya sudah diinvestigasi dibagi kasus indeks "
                         "TB (kasus TB paru terdiagnosis), dihitung pada bulan kasus indeks ditemukan. "
                         + _ALIRAN,
              source=_CONTOH),
    # Klaster 1 (management), per Puskesmas. keuangan: realisation against a linear line
    *(Indicator(code=f"realisasi_{code}", label=f"Realisasi anggaran {label}", klaster=1, group="keuangan",
                short=f"Realisasi {label}",
                numerator=(f"realisasi_{code}",), denominator=f"pagu_{code}", accumulation=_KUMULATIF,
                factor=100, unit="%", value_label=ValueLabel.REALISASI, decimals=1,
                higher_is_better=True, target=100,
                definition=f"Realisasi belanja {label} Januari s.d. bulan itu dibagi pagu setahun (pagu "
                           "bulan terakhir yang diunggah); dibandingkan dengan garis lurus target × "
                           "bulan ÷ 12. Realisasi di atas pagu ditampilkan apa adanya (> 100%).",
                source="Realisasi anggaran per sumber dana terhadap target linear bulanan (domain.md §6); "
                       "target 100% setahun")
      for code, label in SUMBER_DANA_ALL),
    # mutu: each month on its own (the month's numerator ÷ the month's denominator)
    *(Indicator(code=f"mutu_{code}", label=label, klaster=1, group="mutu", short=short,
                numerator=(f"{code}_pembilang",), denominator=f"{code}_penyebut",
                accumulation=_BULANAN, factor=100, unit="%", value_label=ValueLabel.PROPORSI,
                decimals=1, higher_is_better=True, target=target,
                definition=f"{top} dibagi {below.lower()}, pada bulan itu.",
                source="Indikator Nasional Mutu Puskesmas (PMK 30/2022); target menurut lampirannya "
                       "sebagaimana kami baca, ganti dengan target Dinkes melalui dataset target")
      for code, label, short, top, below, target in MUTU),
    Indicator(code="obat_indikator", label="Ketersediaan obat indikator", klaster=1, group="obat",
              short="Obat indikator tersedia",
              numerator=("obat_indikator_tersedia",), denominator="obat_indikator_dilaporkan",
              accumulation=_BULANAN, factor=100, unit="%", value_label=ValueLabel.PROPORSI, decimals=1,
              higher_is_better=True, target=80,
              definition="Item obat indikator yang tersedia di akhir bulan dibagi item obat indikator "
                         "yang dilaporkan dalam LPLPO bulan itu.",
              source="Indikator nasional ketersediaan obat di Puskesmas (≥ 80% item obat indikator "
                     "tersedia); ganti dengan target Dinkes melalui dataset target"),
    Indicator(code="kegiatan_terlaksana", label="Kegiatan terlaksana sesuai rencana", klaster=1,
              group="kegiatan", short="Kegiatan terlaksana",
              numerator=("kegiatan_terlaksana",), denominator="kegiatan_rencana", accumulation=_ALIRAN_,
              factor=100, unit="%", value_label=ValueLabel.PROPORSI, decimals=1,
              higher_is_better=True, target=100,
              definition="Kegiatan RUK/RPK yang terlaksana dibagi kegiatan yang direncanakan. " + _ALIRAN,
              source="Target bawaan aplikasi: semua kegiatan yang direncanakan terlaksana"),
)

KASKADES: tuple[Kaskade, ...] = (
    Kaskade("kia", "Kesinambungan layanan ibu dan bayi", 2,
            ("k1", "k6", "pf", "kf_lengkap", "kn_lengkap"),
            definition="K1 → K6 → persalinan di fasyankes → KF lengkap → KN lengkap: jumlah "
                       "Januari s.d. bulan terpilih."),
    Kaskade("tb", "Kaskade penemuan dan pengobatan TB", 4,
            ("tb_skrining", "tb_terduga", "tb_diagnosis", "tb_diobati"),
            definition="Diskrining → terduga TB → terdiagnosis TB → mulai diobati: jumlah Januari "
                       "s.d. bulan terpilih.",
            rasio=(
                Rasio("yield", "Kasus ditemukan per orang diskrining", ("tb_diagnosis",), "tb_skrining",
                      "Kasus TB terdiagnosis per orang yang diskrining."),
                Rasio("nns", "Orang diskrining untuk satu kasus", ("tb_skrining",), "tb_diagnosis",
                      "Orang yang diskrining untuk menemukan satu kasus TB.", kali=True),
                Rasio("putus_awal", "Putus berobat awal", ("tb_diagnosis",), "tb_diagnosis",
                      "Kasus TB terdiagnosis yang belum mulai diobati (putus berobat awal), "
                      "dibagi kasus terdiagnosis.", minus=("tb_diobati",)),
            )),
    Kaskade("ik", "Investigasi kontak TB", 4, ("tb_ik_indeks", "tb_ik_diinvestigasi"),
            extra=("tb_kontak_serumah", "tb_kontak_tpt", "tb_kontak_oat"),
            definition="Kasus indeks (TB paru terdiagnosis) → kasus indeks yang kontak serumahnya "
                       "diinvestigasi; hasil pada kontak serumah: diberi TPT, diberi OAT, atau "
                       "tidak keduanya.",
            rasio=(
                Rasio("cakupan_ik", "Cakupan investigasi kontak", ("tb_ik_diinvestigasi",),
                      "tb_ik_indeks", "Kasus indeks yang kontaknya diinvestigasi ÷ kasus indeks."),
                Rasio("kontak_per_indeks", "Kontak serumah per kasus indeks", ("tb_kontak_serumah",),
                      "tb_ik_diinvestigasi", "Kontak serumah yang diperiksa per kasus indeks yang "
                      "diinvestigasi.", kali=True),
                Rasio("kontak_tpt", "Kontak diberi TPT", ("tb_kontak_tpt",), "tb_kontak_serumah",
                      "Kontak serumah yang diberi terapi pencegahan TB (TPT) ÷ kontak serumah."),
                Rasio("kontak_oat", "Kontak diberi OAT", ("tb_kontak_oat",), "tb_kontak_serumah",
                      "Kontak serumah yang terdiagnosis TB dan diberi obat anti-TB (OAT) ÷ kontak "
                      "serumah."),
                Rasio("kontak_lain", "Kontak tanpa TPT/OAT", ("tb_kontak_serumah",), "tb_kontak_serumah",
                      "Kontak serumah yang tidak terdiagnosis TB dan tidak/ belum memenuhi syarat "
                      "TPT ÷ kontak serumah.", minus=("tb_kontak_tpt", "tb_kontak_oat")),
            )),
    Kaskade("ht", "Kaskade pengendalian hipertensi", 3,
            ("ht_skrining", "ht_diagnosis", "ht_diobati", "ht_terkendali"), sasaran="ht_estimasi",
            definition="Estimasi penderita → diskrining → terdiagnosis → diobati sesuai standar → "
                       "terkendali (tekanan darah terakhir < 140/90): jumlah Januari s.d. bulan "
                       "terpilih.",
            rasio=(
                Rasio("ht_ditemukan", "Penderita ditemukan dari estimasi", ("ht_diagnosis",),
                      "ht_estimasi", "Penderita hipertensi terdiagnosis ÷ estimasi penderita."),
                Rasio("ht_terkendali_estimasi", "Terkendali dari estimasi", ("ht_terkendali",),
                      "ht_estimasi", "Penderita terkendali ÷ estimasi penderita hipertensi."),
                Rasio("ht_terkendali_diobati", "Terkendali dari yang diobati", ("ht_terkendali",),
                      "ht_diobati", "Penderita terkendali ÷ penderita yang diobati sesuai standar."),
            )),
    Kaskade("dm", "Kaskade pengendalian diabetes melitus", 3,
            ("dm_skrining", "dm_diagnosis", "dm_diobati", "dm_terkendali"), sasaran="dm_estimasi",
            definition="Estimasi penderita → diskrining → terdiagnosis → diobati sesuai standar → "
                       "terkendali (gula darah puasa < 126 mg/dL atau HbA1c < 7%): jumlah Januari "
                       "s.d. bulan terpilih.",
            rasio=(
                Rasio("dm_ditemukan", "Penderita ditemukan dari estimasi", ("dm_diagnosis",),
                      "dm_estimasi", "Penderita diabetes terdiagnosis ÷ estimasi penderita."),
                Rasio("dm_terkendali_estimasi", "Terkendali dari estimasi", ("dm_terkendali",),
                      "dm_estimasi", "Penderita terkendali ÷ estimasi penderita diabetes."),
                Rasio("dm_terkendali_diobati", "Terkendali dari yang diobati", ("dm_terkendali",),
                      "dm_diobati", "Penderita terkendali ÷ penderita yang diobati sesuai standar."),
            )),
    Kaskade("jiwa", "Layanan kesehatan jiwa", 3, ("jiwa_skrining", "jiwa_diagnosis", "jiwa_diobati"),
            extra=("jiwa_dirujuk", "odgj_berat_dilayani", "pasung_ditemukan", "pasung_dibebaskan"),
            definition="Diskrining → terdiagnosis gangguan jiwa → diobati; di sampingnya yang "
                       "dirujuk, ODGJ berat yang dilayani, dan kasus pasung yang ditemukan dan "
                       "dibebaskan.",
            rasio=(
                Rasio("dirujuk", "Dirujuk dari yang terdiagnosis", ("jiwa_dirujuk",), "jiwa_diagnosis",
                      "Orang dengan gangguan jiwa yang dirujuk ÷ yang terdiagnosis."),
                Rasio("pasung_bebas", "Pasung dibebaskan", ("pasung_dibebaskan",), "pasung_ditemukan",
                      "Kasus pasung yang dibebaskan ÷ kasus pasung yang ditemukan."),
            )),
)

RINCIAN: tuple[Rincian, ...] = (
    Rincian("skrining_ptm_umur", "Skrining PTM menurut umur dan jenis kelamin", 3, (
        Bagian("15–59 tahun", "Laki-laki", "ptm_skrining_l_15_59", "l_15_59"),
        Bagian("15–59 tahun", "Perempuan", "ptm_skrining_p_15_59", "p_15_59"),
        Bagian("≥60 tahun", "Laki-laki", "ptm_skrining_l_60_plus", "l_60_plus"),
        Bagian("≥60 tahun", "Perempuan", "ptm_skrining_p_60_plus", "p_60_plus"),
    ), "Penduduk yang diskrining PTM Januari s.d. bulan terpilih dibagi penduduk kelompok umur "
       "dan jenis kelamin itu (dataset sasaran)."),
    Rincian("faktor_risiko_ptm", "Faktor risiko PTM yang ditemukan", 3, (
        Bagian("Merokok", "", "ptm_merokok", "ht_skrining"),
        Bagian("Obesitas", "", "ptm_obesitas", "ht_skrining"),
        Bagian("Tekanan darah tinggi", "", "ptm_td_tinggi", "ht_skrining"),
        Bagian("Gula darah tinggi", "", "ptm_gula_tinggi", "ht_skrining"),
    ), "Penduduk dengan faktor risiko itu dibagi penduduk yang diskrining PTM, Januari s.d. "
       "bulan terpilih."),
)
RINCIAN_BY_CODE: dict[str, Rincian] = {r.code: r for r in RINCIAN}

INDICATOR_CODES: tuple[str, ...] = tuple(i.code for i in INDICATORS)
INDICATOR_BY_CODE: dict[str, Indicator] = {i.code: i for i in INDICATORS}
KASKADE_BY_CODE: dict[str, Kaskade] = {k.code: k for k in KASKADES}
KASKADE: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {k.code: k.steps for k in KASKADES})

# The default denominator of each indicator (data-contract.md). A deployment whose Dinkes
# divides differently (one real PWS-KIA workbook divides K6 by `bulin`) passes its own
# mapping to with_denominators().
DEFAULT_SASARAN_OF: MappingProxyType[str, str | None] = MappingProxyType(
    {i.code: i.denominator for i in INDICATORS if i.by_sasaran})

# Codes an annual target may be set for (the `target` dataset): the PWS indicators, the IKS
# of an area ("iks") and the coverage of each of the 12 PIS-PK indicators.
TARGET_CODES: tuple[str, ...] = (*INDICATOR_CODES, "iks", *IKS_CODES)


def indicators_of(klaster: int) -> tuple[Indicator, ...]:
    return tuple(i for i in INDICATORS if i.klaster == klaster)


def with_denominators(mapping: dict[str, str]) -> dict[str, Indicator]:
    """The indicators with some sasaran denominators replaced ({"k6": "bulin"}); raises
    ValueError naming an unknown indicator or sasaran."""
    out = dict(INDICATOR_BY_CODE)
    for code, sasaran in mapping.items():
        if code not in out or not out[code].by_sasaran:
            raise ValueError(f"'{code}' bukan indikator PWS yang dibagi sasaran")
        if sasaran not in SASARAN_BY_CODE:
            raise ValueError(f"'{sasaran}' bukan kode sasaran")
        out[code] = replace(out[code], denominator=sasaran)
    return out


def _check() -> None:
    """The declarations refer only to declared codes (fails at import, not on a page); each
    Indicator checks itself when declared (Indicator.__post_init__)."""
    for k in KASKADES:
        assert all(s in REGISTER_BY_CODE for s in (*k.steps, *k.extra)), k.code
        assert k.sasaran is None or k.sasaran in SASARAN_BY_CODE, k.code
        known = {*k.steps, *k.extra, *([k.sasaran] if k.sasaran else [])}
        for r in k.rasio:
            assert {*r.numerator, *r.minus, r.denominator} <= known, (k.code, r.code)
    for r in RINCIAN:
        for b in r.bagian:
            assert b.register in REGISTER_BY_CODE, (r.code, b.register)
            assert b.denominator in REGISTER_BY_CODE or b.denominator in SASARAN_BY_CODE, (r.code, b.denominator)
    rasio_codes = [r.code for k in KASKADES for r in k.rasio]
    assert len(set(rasio_codes)) == len(rasio_codes), "kode rasio harus unik (kolom ekspor)"
    assert len(set(INDICATOR_CODES)) == len(INDICATOR_CODES)
    assert len(set(REGISTER_CODES)) == len(REGISTER_CODES)
    assert all(r.level in RECORD_LEVELS for r in (*REGISTERS, *SASARAN))
    # the summaries' code columns hold 30 characters (schema.layanan_bulanan, sasaran_wilayah)
    assert all(len(c) <= 30 for c in (*REGISTER_CODES, *SASARAN_CODES, *INDICATOR_CODES))
    for k in (*KASKADES, *RINCIAN):  # the desa-level engines (cascades, breakdowns) read desa registers
        assert all(REGISTER_BY_CODE[c].level == Level.DESA for c in k.registers), k.code


_check()
