"""Key findings in words for the Dashboard Utama: at most five sentences in Bahasa Indonesia,
generated from the month's PWS cells and the IKS change, most important first.

The rules are data (ATURAN), like the indicators of indicators.program: each declares what it
detects (a Deteksi), its thresholds, its weight and its sentence template, checked when
declared (a wrong one fails at import, naming the rule and the field). The detectors below
read only what a rule declares; a trend is never claimed from fewer months than the rule
needs (N months falling = N + 1 monthly values, all reported, each strictly worse than the
one before, ending at the chosen month).

Pure: no database, no Dash. The data layer builds the Sel cells, the page renders the
Findings (layouts.temuan_parts).
"""
from __future__ import annotations

import math
import string
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from indicators import format as fmt
from indicators.program import INDICATOR_BY_CODE, INDICATOR_CODES, DeclarationError, Indicator
from indicators.pws import BAIK, BULAN, EPS, JELEK, STATUSES


@dataclass(frozen=True)
class Sel:
    """One PWS indicator in one area at the chosen month."""

    kode: str  # area code ('' for the viewer's own area total)
    nama: str  # area name, e.g. "Kalisari"
    indikator: str  # indicators.program code, e.g. "k6"
    status: str | None  # "baik" | "kurang" | "cukup" | "jelek" | None (no data)
    kumulatif: float | None  # cumulative coverage Jan..bulan (fraction)
    bulanan: tuple[float | None, ...]  # monthly coverage Jan..bulan (len == bulan); None = no report
    # the annual target the status was read against, as a fraction (0.95); None: not known,
    # and then no "target reached" finding is made (the declared default may be overridden)
    target: float | None = None


@dataclass(frozen=True)
class IksChange:
    """The area's IKS at the families' first visit and now."""

    awal: float | None
    akhir: float | None
    keluarga: int  # families with both


@dataclass(frozen=True)
class Finding:
    teks: str  # the sentence, Indonesian, numbers in Indonesian format (indicators.format)
    aturan: str  # the rule's code
    bobot: float  # importance; findings are sorted by it, highest first
    indikator: str | None  # the indicator it is about (for the link), None for IKS
    kode: str | None  # the area the evidence is in ('' the whole area, None n/a)
    nada: str  # "buruk" | "baik" | "info" (colour/icon of the line)


NADA_BURUK, NADA_BAIK, NADA_INFO = "buruk", "baik", "info"
NADA = (NADA_BURUK, NADA_BAIK, NADA_INFO)


class Deteksi(StrEnum):
    """What a rule looks for; each reads the parameters of PARAMETER and fills the template
    fields of KOLOM."""

    ANAK_JELEK = "anak_jelek"  # many child areas jelek on one indicator
    TOTAL_JELEK = "total_jelek"  # the area's own total jelek on an indicator
    ANAK_MEMBURUK = "anak_memburuk"  # a child area's monthly value worse N months in a row
    TOTAL_MEMBURUK = "total_memburuk"  # the total's monthly value worse N months in a row
    TOTAL_MEMBAIK = "total_membaik"  # the total's monthly value better N months in a row
    IKS_TURUN = "iks_turun"  # the area's IKS fell since the families' first visit
    IKS_NAIK = "iks_naik"  # … rose
    SEMUA_BAIK = "semua_baik"  # every child area baik on an indicator
    TARGET_TERCAPAI = "target_tercapai"  # the total meets its annual target
    TANPA_LAPORAN = "tanpa_laporan"  # child areas without this month's report for most indicators


# the parameters each detector reads (every other one must stay None)
PARAMETER: dict[Deteksi, tuple[str, ...]] = {
    Deteksi.ANAK_JELEK: ("min_wilayah", "min_bagian"),
    Deteksi.TOTAL_JELEK: (),
    Deteksi.ANAK_MEMBURUK: ("min_bulan",),
    Deteksi.TOTAL_MEMBURUK: ("min_bulan",),
    Deteksi.TOTAL_MEMBAIK: ("min_bulan",),
    Deteksi.IKS_TURUN: ("min_keluarga", "min_selisih"),
    Deteksi.IKS_NAIK: ("min_keluarga", "min_selisih"),
    Deteksi.SEMUA_BAIK: ("min_wilayah",),
    Deteksi.TARGET_TERCAPAI: (),
    Deteksi.TANPA_LAPORAN: ("min_wilayah", "min_bagian"),
}
_TREN = ("indikator", "arah", "n", "wilayah", "deret")
_IKS = ("awal", "akhir", "selisih", "keluarga")
# the fields each detector fills in a template ("{indikator}: {n} dari {dari} {anak} jelek")
KOLOM: dict[Deteksi, tuple[str, ...]] = {
    Deteksi.ANAK_JELEK: ("indikator", "n", "dari", "anak", "nama"),
    Deteksi.TOTAL_JELEK: ("indikator", "wilayah", "nilai", "sisi", "arah"),
    Deteksi.ANAK_MEMBURUK: (*_TREN, "lain"),
    Deteksi.TOTAL_MEMBURUK: _TREN,
    Deteksi.TOTAL_MEMBAIK: _TREN,
    Deteksi.IKS_TURUN: _IKS,
    Deteksi.IKS_NAIK: _IKS,
    Deteksi.SEMUA_BAIK: ("indikator", "dari", "anak"),
    Deteksi.TARGET_TERCAPAI: ("indikator", "wilayah", "target", "nilai"),
    Deteksi.TANPA_LAPORAN: ("n", "dari", "anak", "nama", "bulan", "tahun"),
}
_PARAMS = ("min_bulan", "min_wilayah", "min_bagian", "min_keluarga", "min_selisih")
MAKS_NAMA = 3  # area names written out in a sentence, then "…"


@dataclass(frozen=True, kw_only=True)
class Aturan:
    """One rule: what it detects, its thresholds, how much it matters, its sentence.

    bobot + skala × magnitude is a finding's weight; the magnitude is in [0, 1]: the share
    of child areas (ANAK_JELEK, ANAK_MEMBURUK, TANPA_LAPORAN), the months beyond min_bulan
    over the months that could be (the total's trends), the IKS change (IKS), 0 otherwise.
    `maks`: how many findings of this rule the list may hold."""

    code: str
    deteksi: Deteksi
    uraian: str  # what it detects, in Bahasa Indonesia (docs/temuan.md)
    templat: str  # str.format template over KOLOM[deteksi]
    nada: str
    bobot: float
    skala: float = 0.0
    maks: int = 1
    min_bulan: int | None = None  # months in a row (a trend of N months needs N + 1 values)
    min_wilayah: int | None = None  # child areas
    min_bagian: float | None = None  # share (0–1] of child areas, or of an area's indicators
    min_keluarga: int | None = None  # families with both IKS visits
    min_selisih: float | None = None  # IKS change, absolute (0–1)

    def __post_init__(self) -> None:
        for problem in _problems(self):
            raise DeclarationError(f"aturan '{self.code}', {problem}")


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _problems(a: Aturan):
    """What is wrong with a declaration, as 'field: why' (the first one is raised)."""
    if not isinstance(a.code, str) or not a.code.isidentifier():
        yield f"code: {a.code!r} harus teks seperti nama (huruf, angka, garis bawah)"
    if not isinstance(a.deteksi, Deteksi):
        yield f"deteksi: {a.deteksi!r} bukan Deteksi"
        return
    if not isinstance(a.uraian, str) or not a.uraian.strip():
        yield "uraian: harus diisi"
    if a.nada not in NADA:
        yield f"nada: {a.nada!r} bukan salah satu dari {NADA}"
    if not _is_number(a.bobot) or a.bobot <= 0:
        yield f"bobot: {a.bobot!r} harus angka > 0"
    if not _is_number(a.skala) or a.skala < 0:
        yield f"skala: {a.skala!r} harus angka ≥ 0"
    if not _is_int(a.maks) or a.maks < 1:
        yield f"maks: {a.maks!r} harus bilangan bulat ≥ 1"
    yield from _template_problems(a)
    needed = PARAMETER[a.deteksi]
    for name in _PARAMS:
        value = getattr(a, name)
        if name not in needed:
            if value is not None:
                yield f"{name}: deteksi {a.deteksi.value} tidak memakai parameter ini"
            continue
        if value is None:
            yield f"{name}: deteksi {a.deteksi.value} memerlukan parameter ini"
        elif name == "min_bulan" and not (_is_int(value) and 2 <= value <= 11):
            # one month is the status's own month-on-month; 12 months need 13 values
            yield f"min_bulan: {value!r} harus bilangan bulat 2–11"
        elif name in ("min_wilayah", "min_keluarga") and not (_is_int(value) and value >= 1):
            yield f"{name}: {value!r} harus bilangan bulat ≥ 1"
        elif name == "min_bagian" and not (_is_number(value) and 0 < value <= 1):
            yield f"min_bagian: {value!r} harus pecahan > 0 dan ≤ 1"
        elif name == "min_selisih" and not (_is_number(value) and 0 < value < 1):
            yield f"min_selisih: {value!r} harus angka > 0 dan < 1"


def _template_problems(a: Aturan):
    if not isinstance(a.templat, str) or not a.templat.strip():
        yield "templat: harus diisi"
        return
    try:
        parts = list(string.Formatter().parse(a.templat))
    except ValueError as error:
        yield f"templat: tidak terbaca ({error})"
        return
    known = KOLOM[a.deteksi]
    for _text, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in known:
            yield (f"templat: {{{name}}} tidak diisi oleh deteksi {a.deteksi.value} "
                   f"(yang ada: {', '.join(known)})")
        elif spec or conversion:
            yield f"templat: {{{name}}} ditulis tanpa format (angka sudah diformat)"


ATURAN: tuple[Aturan, ...] = (
    Aturan(code="total_memburuk", deteksi=Deteksi.TOTAL_MEMBURUK,
           uraian="Capaian bulanan seluruh wilayah memburuk beberapa bulan berturut-turut.",
           templat="{indikator} {arah} {n} bulan berturut-turut di {wilayah} ({deret})",
           nada=NADA_BURUK, bobot=80, skala=10, maks=2, min_bulan=3),
    Aturan(code="total_jelek", deteksi=Deteksi.TOTAL_JELEK,
           uraian="Status seluruh wilayah jelek (di bawah target dan memburuk bulan ini).",
           templat="{indikator} di {wilayah} jelek: {nilai}, {sisi} dan {arah} bulan ini",
           nada=NADA_BURUK, bobot=70, maks=3),
    Aturan(code="anak_jelek", deteksi=Deteksi.ANAK_JELEK,
           uraian="Banyak wilayah di bawahnya berstatus jelek pada satu indikator.",
           templat="{indikator}: {n} dari {dari} {anak} jelek ({nama})",
           nada=NADA_BURUK, bobot=60, skala=30, maks=3, min_wilayah=2, min_bagian=0.25),
    Aturan(code="iks_turun", deteksi=Deteksi.IKS_TURUN,
           uraian="IKS wilayah turun sejak kunjungan awal keluarga.",
           templat="IKS turun dari {awal} ke {akhir} sejak kunjungan awal ({keluarga} keluarga)",
           nada=NADA_BURUK, bobot=60, skala=100, min_keluarga=30, min_selisih=0.02),
    Aturan(code="anak_memburuk", deteksi=Deteksi.ANAK_MEMBURUK,
           uraian="Capaian bulanan wilayah di bawahnya memburuk beberapa bulan berturut-turut.",
           templat="{indikator} {arah} {n} bulan berturut-turut di {wilayah} ({deret}){lain}",
           nada=NADA_BURUK, bobot=40, skala=20, maks=2, min_bulan=3),
    Aturan(code="tanpa_laporan", deteksi=Deteksi.TANPA_LAPORAN,
           uraian="Wilayah di bawahnya yang belum melapor bulan ini untuk sebagian besar indikator.",
           templat="{n} dari {dari} {anak} belum melapor untuk {bulan} {tahun} ({nama})",
           nada=NADA_INFO, bobot=30, skala=30, min_wilayah=1, min_bagian=0.5),
    Aturan(code="iks_naik", deteksi=Deteksi.IKS_NAIK,
           uraian="IKS wilayah naik sejak kunjungan awal keluarga.",
           templat="IKS naik dari {awal} ke {akhir} sejak kunjungan awal ({keluarga} keluarga)",
           nada=NADA_BAIK, bobot=25, skala=100, min_keluarga=30, min_selisih=0.02),
    Aturan(code="semua_baik", deteksi=Deteksi.SEMUA_BAIK,
           uraian="Semua wilayah di bawahnya berstatus baik pada satu indikator.",
           templat="{indikator}: semua {dari} {anak} baik",
           nada=NADA_BAIK, bobot=20, maks=2, min_wilayah=2),
    Aturan(code="total_membaik", deteksi=Deteksi.TOTAL_MEMBAIK,
           uraian="Capaian bulanan seluruh wilayah membaik beberapa bulan berturut-turut.",
           templat="{indikator} {arah} {n} bulan berturut-turut di {wilayah} ({deret})",
           nada=NADA_BAIK, bobot=18, skala=10, min_bulan=3),
    Aturan(code="target_tercapai", deteksi=Deteksi.TARGET_TERCAPAI,
           uraian="Seluruh wilayah sudah memenuhi target tahunan indikator.",
           templat="{indikator} di {wilayah} sudah memenuhi target tahunan {target} ({nilai})",
           nada=NADA_BAIK, bobot=15, maks=2),
)
ATURAN_BY_CODE: dict[str, Aturan] = {a.code: a for a in ATURAN}


def _check() -> None:
    """Every rule is declared once (each checks itself when declared)."""
    codes = [a.code for a in ATURAN]
    assert len(set(codes)) == len(codes), "kode aturan harus unik"


_check()


# --- the detectors --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Calon:
    """A candidate finding before ranking: the rule, the magnitude, the fields of the
    sentence, and what it is about (for ties and deduplication)."""

    aturan: Aturan
    besar: float  # magnitude in [0, 1]
    kolom: dict
    indikator: str | None
    kode: str | None
    nama: str  # the area's name, for ties


def _sign(ind: Indicator) -> float:
    return 1.0 if ind.higher_is_better else -1.0


def _names(names: Sequence[str], child_label: str) -> str:
    """'Kalisari, Tambakarum, Sukamaju, …': at most MAKS_NAMA names, without the level the
    sentence already says ("3 dari 11 Puskesmas jelek (Margodamai, …)", not "(Puskesmas
    Margodamai, …)")."""
    prefix = child_label.lower() + " "
    short = [n[len(prefix):] if n.lower().startswith(prefix) and len(n) > len(prefix) else n
             for n in names[:MAKS_NAMA]]
    return ", ".join(short) + (", …" if len(names) > MAKS_NAMA else "")


def _wilayah_anak(child_label: str, nama: str) -> str:
    """'Desa Kalisari', 'Puskesmas Kalisari'; a name that already says it, or a level of two
    words ('kabupaten/kota'), as it is."""
    if "/" in child_label or nama.lower().startswith(child_label.lower() + " "):
        return nama
    return f"{child_label[:1].upper()}{child_label[1:]} {nama}"


def _wilayah_total(cell: Sel) -> str:
    return cell.nama.strip() or "seluruh wilayah"


def _shown(ind: Indicator, value: float) -> float:
    """The value as the sentence writes it (in its unit, rounded to its decimals): a step
    the reader cannot see (8,14% → 8,11%, both '8,1%') is no step."""
    return float(f"{value * ind.factor:.{ind.decimals}f}")


def _run(values: tuple[float | None, ...], ind: Indicator, worse: bool) -> int:
    """How many months in a row, ending at the last one, each strictly worse (or better) than
    the month before as written; a month without report ends the run."""
    step = -_sign(ind) if worse else _sign(ind)
    n = 0
    for i in range(len(values) - 1, 0, -1):
        now, before = values[i], values[i - 1]
        if fmt.is_missing(now) or fmt.is_missing(before) or step * (_shown(ind, now) - _shown(ind, before)) <= 0:
            break
        n += 1
    return n


def _deret(ind: Indicator, values) -> str:
    """'9,1% → 8,0% → 7,2% → 6,0%' (longer runs: first → … → last); the unit written once
    when it is words; 'per bulan:' before the values of an accumulating indicator, whose
    headline number is cumulative."""
    shown = list(values) if len(values) <= 5 else [values[0], None, values[-1]]
    if ind.is_percent:
        text = " → ".join("…" if v is None else ind.text(v) for v in shown)
    else:
        text = " → ".join("…" if v is None else fmt.angka(v * ind.factor, ind.decimals) for v in shown)
        text += f" {ind.unit}"
    return text if ind.per_bulan else f"per bulan: {text}"


def _tren(a: Aturan, cell: Sel, ind: Indicator, wilayah: str, worse: bool) -> _Calon | None:
    need = a.min_bulan
    n = _run(cell.bulanan, ind, worse)
    if n < need:
        return None
    values = cell.bulanan[-(n + 1):]
    arah = "turun" if values[-1] < values[0] else "naik"
    besar = (n - need) / (12 - need)
    kolom = dict(indikator=ind.short_label, arah=arah, n=fmt.angka(n), wilayah=wilayah,
                 deret=_deret(ind, values))
    return _Calon(a, besar, kolom, ind.code, cell.kode, cell.nama)


def _by_indicator(cells: Sequence[Sel]) -> dict[str, list[Sel]]:
    out: dict[str, list[Sel]] = {}
    for c in cells:
        out.setdefault(c.indikator, []).append(c)
    return out


def _worst_first(cells: list[Sel], ind: Indicator) -> list[Sel]:
    sign = _sign(ind)
    return sorted(cells, key=lambda c: (fmt.is_missing(c.kumulatif),
                                        0.0 if fmt.is_missing(c.kumulatif) else sign * c.kumulatif,
                                        c.nama, c.kode))


def _detect(a: Aturan, rows: Sequence[Sel], total: Sequence[Sel], child_label: str, tahun: int,
            bulan: int, iks: IksChange | None):
    d = a.deteksi
    if d is Deteksi.ANAK_JELEK:
        for code, cells in _by_indicator(rows).items():
            ind = INDICATOR_BY_CODE[code]
            jelek = _worst_first([c for c in cells if c.status == JELEK], ind)
            share = len(jelek) / len(cells)
            if len(jelek) >= a.min_wilayah and share >= a.min_bagian - EPS:
                kolom = dict(indikator=ind.short_label, n=fmt.angka(len(jelek)), dari=fmt.angka(len(cells)),
                             anak=child_label, nama=_names([c.nama for c in jelek], child_label))
                yield _Calon(a, share, kolom, code, "", "")
    elif d is Deteksi.SEMUA_BAIK:
        for code, cells in _by_indicator(rows).items():
            if len(cells) >= a.min_wilayah and all(c.status == BAIK for c in cells):
                kolom = dict(indikator=INDICATOR_BY_CODE[code].short_label,
                             dari=fmt.angka(len(cells)), anak=child_label)
                yield _Calon(a, 0.0, kolom, code, "", "")
    elif d is Deteksi.TOTAL_JELEK:
        for cell in total:
            if cell.status == JELEK:
                ind = INDICATOR_BY_CODE[cell.indikator]
                kolom = dict(indikator=ind.short_label, wilayah=_wilayah_total(cell),
                             nilai=ind.text(cell.kumulatif),
                             sisi="di bawah target" if ind.higher_is_better else "di atas target",
                             arah="turun" if ind.higher_is_better else "naik")
                yield _Calon(a, 0.0, kolom, cell.indikator, cell.kode, cell.nama)
    elif d is Deteksi.TARGET_TERCAPAI:
        for cell in total:
            ind = INDICATOR_BY_CODE[cell.indikator]
            if fmt.is_missing(cell.target) or fmt.is_missing(cell.kumulatif):
                continue
            if _sign(ind) * (cell.kumulatif - cell.target) >= -EPS:
                kolom = dict(indikator=ind.short_label, wilayah=_wilayah_total(cell),
                             target=ind.text(cell.target), nilai=ind.text(cell.kumulatif))
                yield _Calon(a, 0.0, kolom, cell.indikator, cell.kode, cell.nama)
    elif d in (Deteksi.TOTAL_MEMBURUK, Deteksi.TOTAL_MEMBAIK):
        for cell in total:
            found = _tren(a, cell, INDICATOR_BY_CODE[cell.indikator], _wilayah_total(cell),
                          worse=d is Deteksi.TOTAL_MEMBURUK)
            if found:
                yield found
    elif d is Deteksi.ANAK_MEMBURUK:
        # one sentence per indicator: the longest run named, the other areas counted
        for code, cells in _by_indicator(rows).items():
            ind = INDICATOR_BY_CODE[code]
            runs = [f for c in cells if (f := _tren(a, c, ind, _wilayah_anak(child_label, c.nama),
                                                     worse=True))]
            if not runs:
                continue
            runs.sort(key=lambda f: (-f.besar, f.nama, f.kode))
            first, others = runs[0], len(runs) - 1
            lain = f"; juga di {fmt.angka(others)} {child_label} lain" if others else ""
            yield replace(first, besar=len(runs) / len(cells), kolom={**first.kolom, "lain": lain})
    elif d in (Deteksi.IKS_TURUN, Deteksi.IKS_NAIK):
        if iks is None or fmt.is_missing(iks.awal) or fmt.is_missing(iks.akhir):
            return
        change = iks.akhir - iks.awal
        if d is Deteksi.IKS_TURUN:
            change = -change
        if iks.keluarga >= a.min_keluarga and change >= a.min_selisih - EPS:
            kolom = dict(awal=fmt.angka(iks.awal, 2), akhir=fmt.angka(iks.akhir, 2),
                         selisih=fmt.selisih(iks.akhir - iks.awal, 2), keluarga=fmt.angka(iks.keluarga))
            yield _Calon(a, min(1.0, change), kolom, None, "", "")
    elif d is Deteksi.TANPA_LAPORAN:
        by_area: dict[str, list[Sel]] = {}
        for c in rows:
            by_area.setdefault(c.kode, []).append(c)
        silent = []
        for cells in by_area.values():
            missing = sum(fmt.is_missing(c.bulanan[-1]) for c in cells) / len(cells)
            if missing >= a.min_bagian - EPS:
                silent.append((-missing, cells[0].nama, cells[0].kode))
        if len(silent) >= a.min_wilayah:
            silent.sort()
            kolom = dict(n=fmt.angka(len(silent)), dari=fmt.angka(len(by_area)), anak=child_label,
                         nama=_names([nama for _m, nama, _k in silent], child_label),
                         bulan=BULAN[bulan - 1], tahun=str(tahun))
            kode = silent[0][2] if len(silent) == 1 else ""
            yield _Calon(a, len(silent) / len(by_area), kolom, None, kode, silent[0][1])


# --- the findings ---------------------------------------------------------------------------

def _validate(cells: Sequence[Sel], bulan: int, what: str) -> None:
    seen = set()
    for c in cells:
        if c.indikator not in INDICATOR_BY_CODE:
            raise ValueError(f"{what}: '{c.indikator}' bukan kode indikator PWS")
        if c.status is not None and c.status not in STATUSES:
            raise ValueError(f"{what} {c.indikator} {c.nama!r}: status {c.status!r} tidak dikenal")
        if len(c.bulanan) != bulan:
            raise ValueError(f"{what} {c.indikator} {c.nama!r}: {len(c.bulanan)} nilai bulanan, "
                             f"seharusnya {bulan} (Januari s.d. bulan {bulan})")
        if (c.kode, c.indikator) in seen:
            raise ValueError(f"{what}: {c.indikator} {c.nama!r} lebih dari sekali")
        seen.add((c.kode, c.indikator))


def ada_data(rows: Sequence[Sel], total: Sequence[Sel], iks: IksChange | None = None) -> bool:
    """Whether anything at all is known: a status, a cumulative or a monthly value in any
    cell, or an IKS. Without it there are no findings, and the page says there is no data
    (rather than "nothing notable")."""
    def known(c: Sel) -> bool:
        return (c.status is not None or not fmt.is_missing(c.kumulatif)
                or any(not fmt.is_missing(v) for v in c.bulanan))
    has_iks = iks is not None and not (fmt.is_missing(iks.awal) and fmt.is_missing(iks.akhir))
    return has_iks or any(known(c) for c in (*rows, *total))


def findings(rows: Sequence[Sel], total: Sequence[Sel], *, child_label: str, tahun: int, bulan: int,
             iks: IksChange | None = None, limit: int = 5, aturan: Sequence[Aturan] = ATURAN) -> list[Finding]:
    """The month's findings, most important first, at most `limit`.

    rows: the child areas' cells (every child × every indicator), total: the area's own cells
    (one per indicator), child_label: the child level in words ("desa", "Puskesmas"). One
    finding per indicator and tone (a bad and a good one about the same indicator may both
    stand: "K1: target tercapai" beside "K1: 3 dari 12 desa jelek"); at most `maks` of each
    rule. Ties: by indicator order (indicators.program), then area name, then rule order."""
    if not (_is_int(bulan) and 1 <= bulan <= 12):
        raise ValueError(f"bulan {bulan!r} harus 1–12")
    _validate(rows, bulan, "rows")
    _validate(total, bulan, "total")
    if limit <= 0 or not ada_data(rows, total, iks):
        return []
    order = {code: i for i, code in enumerate(INDICATOR_CODES)}
    rank = {a.code: i for i, a in enumerate(aturan)}
    calon = []
    for a in aturan:
        for c in _detect(a, rows, total, child_label, tahun, bulan, iks):
            bobot = round(a.bobot + a.skala * c.besar, 9)  # a tie is a tie, not float noise
            key = (-bobot, order.get(c.indikator, len(order)), c.nama, rank[a.code],
                   c.kode or "")
            calon.append((key, bobot, c))
    calon.sort(key=lambda item: item[0])
    out: list[Finding] = []
    per_rule: dict[str, int] = {}
    said: set = set()
    for _key, bobot, c in calon:
        a = c.aturan
        about = (c.indikator or a.code, a.nada)
        if per_rule.get(a.code, 0) >= a.maks or about in said:
            continue
        per_rule[a.code] = per_rule.get(a.code, 0) + 1
        said.add(about)
        out.append(Finding(teks=a.templat.format(**c.kolom), aturan=a.code, bobot=bobot,
                           indikator=c.indikator, kode=c.kode, nada=a.nada))
        if len(out) == limit:
            break
    return out
