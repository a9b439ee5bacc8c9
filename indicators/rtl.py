"""What an RTL (rencana tindak lanjut, the follow-up plan of the lokakarya mini) may hold:
the fields, their Indonesian names and bounds, the statuses, and the check of a form as it
comes back from the browser. Pure: the caller passes the desa of the Puskesmas; every message
names the field (Bahasa Indonesia), and a bad field is refused, never cut or guessed."""
from __future__ import annotations

import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

from indicators.program import INDICATOR_BY_CODE

# the statuses, in the order of work (data_access.schema.RTL_STATUS holds the same words)
BELUM, BERJALAN, SELESAI, BATAL = "belum", "berjalan", "selesai", "batal"
STATUS = (BELUM, BERJALAN, SELESAI, BATAL)
OPEN = (BELUM, BERJALAN)  # still to be done: a passed deadline is flagged
STATUS_LABEL = {BELUM: "Belum", BERJALAN: "Berjalan", SELESAI: "Selesai", BATAL: "Batal"}

LABEL = {
    "masalah": "Masalah",
    "penyebab": "Penyebab",
    "tindakan": "Tindakan",
    "pj": "Penanggung jawab (PJ)",
    "tenggat": "Tenggat",
    "indikator": "Indikator",
    "desa": "Desa",
    "tahun": "Tahun rapat",
    "bulan": "Bulan rapat",
    "status": "Status",
    "catatan": "Catatan",
}
MAX_LEN = {"masalah": 500, "penyebab": 500, "tindakan": 500, "pj": 120, "catatan": 500}
REQUIRED = ("masalah", "tindakan", "pj")
YEARS = (2000, 2100)  # a meeting year or a deadline outside these is a typing slip

# invisible characters a text must not carry: controls (Cc, but a new line or tab), format characters
# (Cf: bidi overrides, zero-width marks, BOM, U+061C) and the Unicode line/paragraph separators
_SEPARATORS = "\u2028\u2029"


@dataclass(frozen=True)
class RtlInput:
    """A checked RTL, ready to store."""

    tahun: int
    bulan: int
    masalah: str
    penyebab: str
    tindakan: str
    pj: str
    tenggat: date | None
    indikator: str | None
    kode_desa: str | None


def clean_text(value, field: str, errors: list[str]) -> str:
    """A text field: stripped; '' for nothing; an error for a non-text value, a forbidden
    character or a text longer than the field's bound."""
    if value is None:
        return ""
    if not isinstance(value, str):
        errors.append(f"{LABEL[field]}: isian harus berupa teks.")
        return ""
    text = value.strip()
    if any(ch in _SEPARATORS or unicodedata.category(ch) == "Cf"
           or (unicodedata.category(ch) == "Cc" and ch not in "\n\t") for ch in text):
        errors.append(f"{LABEL[field]}: berisi karakter kendali yang tidak boleh; ketik ulang teksnya.")
        return ""
    if len(text) > MAX_LEN[field]:
        errors.append(f"{LABEL[field]}: paling banyak {MAX_LEN[field]} karakter; persingkat.")
        return ""
    return text


def _whole(value, lo: int, hi: int) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if lo <= value <= hi else None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit() and len(value.strip()) <= 4:
        number = int(value.strip())
        return number if lo <= number <= hi else None
    return None


def parse_date(value, field: str, errors: list[str]) -> date | None:
    """A date from a date picker ('2025-07-31', perhaps with a time after it) or a date."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        day = value
    elif isinstance(value, str) and value.isascii() and len(value.strip()) <= 32:
        try:
            if value.strip()[10:11] not in ("", "T", " "):  # a time may follow the date, nothing else
                raise ValueError(value)
            day = date.fromisoformat(value.strip()[:10])
        except ValueError:
            errors.append(f"{LABEL[field]}: '{value.strip()[:20]}' bukan tanggal yang ada (tulis TTTT-BB-HH).")
            return None
    else:
        errors.append(f"{LABEL[field]}: bukan tanggal (tulis TTTT-BB-HH).")
        return None
    if not YEARS[0] <= day.year <= YEARS[1]:
        errors.append(f"{LABEL[field]}: tahun {day.year} di luar {YEARS[0]}–{YEARS[1]}.")
        return None
    return day


def check_rtl(raw: Mapping, *, desa_codes: Collection[str]) -> tuple[RtlInput | None, list[str]]:
    """(the checked RTL, []) or (None, every problem found, one line per field). `raw` holds
    the form's values by field name (masalah, penyebab, tindakan, pj, tenggat, indikator,
    desa, tahun, bulan); `desa_codes` the desa of the Puskesmas the RTL is for."""
    errors: list[str] = []
    texts = {f: clean_text(raw.get(f), f, errors) for f in ("masalah", "penyebab", "tindakan", "pj")}
    for field in REQUIRED:
        if not texts[field] and not any(e.startswith(LABEL[field] + ":") for e in errors):
            errors.append(f"{LABEL[field]}: wajib diisi.")
    tahun = _whole(raw.get("tahun"), *YEARS)
    if tahun is None:
        errors.append(f"{LABEL['tahun']}: pilih tahun {YEARS[0]}–{YEARS[1]}.")
    bulan = _whole(raw.get("bulan"), 1, 12)
    if bulan is None:
        errors.append(f"{LABEL['bulan']}: pilih bulan 1–12.")
    tenggat = parse_date(raw.get("tenggat"), "tenggat", errors)
    indikator = raw.get("indikator") or None
    if indikator is not None and (not isinstance(indikator, str) or indikator not in INDICATOR_BY_CODE):
        errors.append(f"{LABEL['indikator']}: kode '{str(indikator)[:40]}' tidak dikenal; pilih dari daftar.")
    desa = raw.get("desa") or None
    if desa is not None and (not isinstance(desa, str) or desa not in desa_codes):
        errors.append(f"{LABEL['desa']}: kode '{str(desa)[:40]}' bukan desa Puskesmas ini; pilih dari daftar.")
    if errors:
        return None, errors
    return RtlInput(tahun=tahun, bulan=bulan, tenggat=tenggat, indikator=indikator, kode_desa=desa,
                    **texts), []


def check_status(status, catatan) -> tuple[tuple[str, str] | None, list[str]]:
    """((status, catatan), []) or (None, the problems)."""
    errors: list[str] = []
    if not isinstance(status, str) or status not in STATUS:
        errors.append(f"{LABEL['status']}: pilih salah satu dari {', '.join(STATUS)}.")
    note = clean_text(catatan, "catatan", errors)
    if errors:
        return None, errors
    return (status, note), []


def is_late(tenggat: date | None, status: str, today: date) -> bool:
    """Whether an RTL still open has passed its deadline (the day itself is not late)."""
    return tenggat is not None and status in OPEN and tenggat < today
