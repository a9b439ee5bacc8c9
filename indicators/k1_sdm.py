"""Klaster 1, staff (SDM): the codes of the `sdm` dataset declared once (jenis tenaga with the
nine minimum types of Permenkes 43/2019, status kepegawaian, pendidikan, masa kerja bands) and
the pure formulas the section, the summary row and the export read: counts of active staff,
staff per 10.000 penduduk, masa kerja in completed years and its band, the gaps against the
nine minimum types, and the share of Puskesmas that have all nine."""
from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from indicators import format as fmt


@dataclass(frozen=True)
class Kode:
    """One accepted value of a column: its code, its label, and the other spellings read as it
    (compared case-insensitively, with '-', '_' and '/' read as spaces)."""

    code: str
    label: str
    alias: tuple[str, ...] = ()
    minimal: bool = False  # jenis tenaga: one of the nine minimum types of a Puskesmas
    singkat: str = ""  # a short label for narrow columns and the summary ("ATLM")

    @property
    def short(self) -> str:
        return self.singkat or self.label


JENIS: tuple[Kode, ...] = (
    Kode("dokter", "Dokter", ("dokter umum", "dr"), minimal=True),
    Kode("dokter_gigi", "Dokter gigi", ("drg",), minimal=True, singkat="Dokter gigi"),
    Kode("perawat", "Perawat", ("ners", "keperawatan", "tenaga keperawatan"), minimal=True),
    Kode("bidan", "Bidan", ("kebidanan", "tenaga kebidanan"), minimal=True),
    Kode("kesmas", "Tenaga promosi kesehatan/kesehatan masyarakat",
         ("kesehatan masyarakat", "promosi kesehatan", "promkes", "tenaga promosi kesehatan", "skm",
          "tenaga kesehatan masyarakat", "penyuluh kesehatan"), minimal=True, singkat="Promkes/kesmas"),
    Kode("kesling", "Tenaga kesehatan lingkungan (sanitarian)",
         ("kesehatan lingkungan", "sanitarian", "sanitasi", "tenaga kesehatan lingkungan"), minimal=True,
         singkat="Kesling"),
    Kode("gizi", "Nutrisionis (gizi)", ("nutrisionis", "dietisien", "tenaga gizi", "ahli gizi"), minimal=True,
         singkat="Gizi"),
    Kode("kefarmasian", "Tenaga kefarmasian (apoteker atau TTK)",
         ("apoteker", "ttk", "tenaga teknis kefarmasian", "farmasi", "tenaga kefarmasian", "asisten apoteker"),
         minimal=True, singkat="Kefarmasian"),
    Kode("atlm", "Ahli teknologi laboratorium medik (ATLM)",
         ("ahli teknologi laboratorium medik", "analis kesehatan", "laboratorium", "analis laboratorium",
          "pranata laboratorium"), minimal=True, singkat="ATLM"),
    Kode("dokter_spesialis", "Dokter spesialis", ("spesialis",)),
    Kode("rekam_medis", "Perekam medis", ("perekam medis", "rekam medik", "perekam medik")),
    Kode("administrasi", "Tenaga administrasi", ("tata usaha", "tu", "admin", "tenaga administrasi")),
    Kode("lainnya", "Lainnya", ("lain lain", "lain")),
)
MINIMAL: tuple[Kode, ...] = tuple(j for j in JENIS if j.minimal)
MINIMAL_CODES: tuple[str, ...] = tuple(j.code for j in MINIMAL)
JENIS_BY_CODE = {j.code: j for j in JENIS}
DOKTER = "dokter"  # a Puskesmas without one stands out

STATUS: tuple[Kode, ...] = (
    Kode("pns", "PNS", ("asn pns", "pegawai negeri sipil")),
    Kode("pppk", "PPPK", ("p3k", "asn pppk")),
    Kode("kontrak", "Kontrak/BLUD", ("blud", "kontrak blud", "pegawai kontrak", "kontrak daerah")),
    Kode("honorer", "Honorer", ("honor", "tenaga honorer")),
    Kode("lainnya", "Lainnya", ("lain lain", "lain", "sukarela", "magang")),
)
STATUS_BY_CODE = {s.code: s for s in STATUS}

PENDIDIKAN: tuple[Kode, ...] = (
    Kode("sma", "SMA/SMK sederajat", ("smk", "slta", "sma sederajat", "sma smk")),
    Kode("d1", "D1", ("diploma 1",)),
    Kode("d3", "D3", ("diploma 3", "diii")),
    Kode("d4_s1", "D4/S1", ("d4", "s1", "sarjana", "diploma 4", "div")),
    Kode("profesi", "Profesi (dokter, ners, apoteker, bidan)", ("pendidikan profesi",)),
    Kode("s2", "S2 / spesialis", ("magister", "spesialis", "sp1")),
    Kode("s3", "S3", ("doktor", "sp2")),
)
PENDIDIKAN_BY_CODE = {p.code: p for p in PENDIDIKAN}

AKTIF = ("Y", "T")
KLASTER = (1, 2, 3, 4, 5)
ID_MAX = 40
KEAHLIAN_MAX = 200
PER = 10_000  # staff per 10.000 penduduk

# masa kerja in completed years: (label, lowest year, first year of the next band)
MASA_KERJA: tuple[tuple[str, int, int | None], ...] = (
    ("< 1 tahun", 0, 1),
    ("1–5 tahun", 1, 5),
    ("5–10 tahun", 5, 10),
    ("10–20 tahun", 10, 20),
    ("≥ 20 tahun", 20, None),
)
MASA_KERJA_LABELS = tuple(b[0] for b in MASA_KERJA)


def _fold(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").replace("_", " ").replace("/", " ").replace(".", " ").split())


def lookup(codes: Iterable[Kode]) -> dict[str, str]:
    """Every accepted spelling (folded) → its code: the code, its label and its aliases."""
    table: dict[str, str] = {}
    for k in codes:
        for spelling in (k.code, k.label, *k.alias):
            table.setdefault(_fold(spelling), k.code)
    return table


def read_code(text: str, table: Mapping[str, str]) -> str | None:
    """The code `text` spells ("Dokter Gigi", "dokter-gigi", "APOTEKER"), None when none."""
    return table.get(_fold(text))


# --- formulas ------------------------------------------------------------------------------------

def asof_date(tahun: int, bulan: int | None, today: date | None = None) -> date:
    """The end of the selected month (or of the year without one); never after today, so that
    the current year's page counts the staff of today."""
    day = date(tahun, bulan or 12, calendar.monthrange(tahun, bulan or 12)[1])
    return min(day, today or date.today())


def masa_kerja(mulai: date, asof: date) -> int | None:
    """Completed years of service on `asof` (an anniversary completes a year); None when the
    person had not started yet."""
    if mulai > asof:
        return None
    years = asof.year - mulai.year
    if (asof.month, asof.day) < (mulai.month, mulai.day):
        years -= 1
    return years


def band(years: int) -> str:
    """The masa kerja band of completed `years`: 5 is in '5–10 tahun', 4 in '1–5 tahun'."""
    for label, low, high in MASA_KERJA:
        if years >= low and (high is None or years < high):
            return label
    raise ValueError(f"masa kerja negatif: {years}")


def band_counts(starts: Iterable[date], asof: date) -> dict[str, int]:
    """How many of the staff who started on `starts` fall in each band on `asof` (every band,
    0 included; those not started yet are not counted)."""
    counts = dict.fromkeys(MASA_KERJA_LABELS, 0)
    for mulai in starts:
        years = masa_kerja(mulai, asof)
        if years is not None:
            counts[band(years)] += 1
    return counts


@dataclass(frozen=True)
class Rasio:
    """Staff per 10.000 penduduk: the value, or None with the reason it is empty."""

    nilai: float | None
    alasan: str = ""

    @property
    def teks(self) -> str:
        return fmt.angka(self.nilai, 1) if self.nilai is not None else fmt.NO_DATA


def per_10000(staff: int, penduduk: float | None, desa_tanpa_penduduk: int = 0) -> Rasio:
    """staff ÷ penduduk × 10.000; empty when the population is unknown (a desa without its
    jumlah_penduduk would make the ratio too high) or 0."""
    if desa_tanpa_penduduk:
        return Rasio(None, f"jumlah penduduk {desa_tanpa_penduduk} desa belum diisi di data wilayah")
    if penduduk is None:
        return Rasio(None, "jumlah penduduk belum diisi di data wilayah")
    if penduduk <= 0:
        return Rasio(None, "jumlah penduduk di data wilayah 0")
    return Rasio(staff / penduduk * PER)


@dataclass(frozen=True)
class Kelengkapan:
    """A Puskesmas against the nine minimum types: those present and those missing (declared
    order), and whether it has no doctor."""

    ada: tuple[str, ...]
    kurang: tuple[str, ...]

    @property
    def jumlah(self) -> int:
        return len(self.ada)

    @property
    def lengkap(self) -> bool:
        return not self.kurang

    @property
    def tanpa_dokter(self) -> bool:
        return DOKTER in self.kurang

    @property
    def teks(self) -> str:
        return f"{self.jumlah}/{len(MINIMAL_CODES)}"

    @property
    def kurang_teks(self) -> str:
        return ", ".join(JENIS_BY_CODE[c].short for c in self.kurang)


def kelengkapan(counts: Mapping[str, int]) -> Kelengkapan:
    """The nine minimum types present (≥ 1 active staff) and missing, from counts per jenis."""
    ada = tuple(c for c in MINIMAL_CODES if counts.get(c, 0) > 0)
    return Kelengkapan(ada, tuple(c for c in MINIMAL_CODES if c not in ada))


def share_lengkap(items: Iterable[Kelengkapan]) -> tuple[int, int]:
    """(Puskesmas with all nine types, Puskesmas counted): the national indicator's numerator
    and denominator."""
    items = list(items)
    return sum(1 for k in items if k.lengkap), len(items)


def kekurangan_per_jenis(rows: Mapping[str, Kelengkapan]) -> list[tuple[str, list[str]]]:
    """For each minimum type (declared order), the Puskesmas (keys of `rows`, in their order)
    that lack it."""
    return [(code, [p for p, k in rows.items() if code in k.kurang]) for code in MINIMAL_CODES]


def urutan_perhatian(tanpa_dokter: bool, jumlah_jenis: int, nama: str) -> tuple:
    """The sort key of a list of Puskesmas: without a doctor first, then the fewest types."""
    return (not tanpa_dokter, jumlah_jenis, nama)


def keahlian_counts(texts: Iterable[str], limit: int = 8) -> list[tuple[str, int]]:
    """The trainings and skills written in `keahlian` (one cell may list several, separated by
    ';' or ','), each with how many active staff have it, most frequent first (then by name),
    at most `limit`; spelled as first written, compared case-insensitively."""
    counts: dict[str, int] = {}
    shown: dict[str, str] = {}
    for text in texts:
        for part in str(text or "").replace(",", ";").split(";"):
            name = " ".join(part.split())
            if name:
                key = name.casefold()
                shown.setdefault(key, name)
                counts[key] = counts.get(key, 0) + 1
    ranked = sorted(counts, key=lambda k: (-counts[k], shown[k].casefold()))
    return [(shown[k], counts[k]) for k in ranked[:limit]]
