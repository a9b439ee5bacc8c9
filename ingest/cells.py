"""Checking and converting the cells of one column: each parser turns stripped text into a
value or raises Invalid with the message for the user. A chunk is checked by parsing its
distinct values once and mapping them back, so a million rows with a few hundred desa codes
and dates cost a few hundred parses."""
from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date, timedelta

import numpy as np
import pandas as pd

from domain.codes import normalise_desa, normalise_kemendagri, normalise_puskesmas

# The earliest date accepted: PIS-PK began in 2016; a year before 2000 is a typing error
# or an empty cell read as Excel's day 0.
FIRST_DATE = date(2000, 1, 1)
YEAR_RANGE = (2000, 2100)
NAME_MAX = 120
INT_MAX = 2**31 - 1  # an Integer column holds no more (PostgreSQL's int4; SQLite overflows at 2**63)


class Invalid(ValueError):
    """A cell that cannot be used; the text is the message for the user."""


def required(text: str) -> str:
    if text == "":
        raise Invalid("kosong; kolom ini wajib diisi")
    return text


# Characters a name never needs and that are not seen: C0/C1 controls (an escape sequence
# reaches the terminal that prints an import's warnings) and the bidi embeddings, overrides
# and isolates (a right-to-left override turns around whatever the app writes after the
# name: 'ISPA\u202e (J06.9) · 15 kasus' reads '… 51 ·'). Tab and line breaks are whitespace.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """`text`, refused when it holds an invisible character: a control or format character
    (Unicode Cc, Cf: _INVISIBLE's escapes and bidi overrides, and also a zero-width space,
    which makes a second name that looks like the first) other than tab and line breaks."""
    found = _INVISIBLE.search(text) or next((c for c in text if unicodedata.category(c) in ("Cc", "Cf")
                                             and c not in "\t\n\r"), None)
    if found:
        char = found if isinstance(found, str) else found.group()
        raise Invalid(f"berisi karakter tak terlihat (U+{ord(char):04X}); hapus karakter itu")
    return text


def name(text: str) -> str:
    required(text)
    visible(text)
    if len(text) > NAME_MAX:
        raise Invalid(f"terlalu panjang ({len(text)} karakter; paling banyak {NAME_MAX})")
    return text


def desa_code(text: str) -> str:
    required(text)
    code = normalise_desa(text)
    if code is None:
        raise Invalid(f"'{text}' bukan kode desa: tulis 10 angka, dengan atau tanpa titik "
                      "(35.10.01.2001 atau 3510012001)")
    return code


def kemendagri_code(dots: int, what: str, example: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        required(text)
        code = normalise_kemendagri(text)
        if code is None or code.count(".") != dots:
            raise Invalid(f"'{text}' bukan kode {what} ({example})")
        return code
    return parse


def puskesmas_code(text: str) -> str:
    required(text)
    code = normalise_puskesmas(text)
    if code is None:
        raise Invalid(f"'{text}' bukan kode Puskesmas: 2–20 huruf, angka, titik atau tanda hubung")
    return code


def ytn(text: str) -> str:
    answer = text.upper()
    if answer in ("Y", "T", "N"):
        return answer
    if text == "":
        raise Invalid("kosong; isi Y, T atau N")
    raise Invalid(f"'{text}' bukan Y, T atau N")


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_SERIAL = re.compile(r"^\d{1,6}(?:\.\d+)?$")
_EXCEL_DAY0 = date(1899, 12, 30)  # Excel's 1900 date system, after its phantom 29 Feb 1900


def make_date(excel: bool, today: date | None = None, first: date = FIRST_DATE) -> Callable[[str], str]:
    """A parser giving ISO text (YYYY-MM-DD); Excel serial numbers only when `excel`; dates
    from `first` to today."""
    last = today or date.today()

    def parse(text: str) -> str:
        required(text)
        m = _ISO.match(text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
        else:
            m = _DMY.match(text)
            if m:
                d, mo, y = (int(g) for g in m.groups())
            elif excel and _SERIAL.match(text):
                value = _EXCEL_DAY0 + timedelta(days=int(float(text)))
                y, mo, d = value.year, value.month, value.day
            elif _SERIAL.match(text):
                raise Invalid(f"'{text}' bukan tanggal; di CSV tulis YYYY-MM-DD atau DD/MM/YYYY "
                              "(angka tanggal Excel hanya dikenali di berkas XLSX)")
            else:
                raise Invalid(f"'{text}' bukan tanggal; tulis YYYY-MM-DD atau DD/MM/YYYY")
        if not 1 <= mo <= 12:
            raise Invalid(f"'{text}': bulan {mo} tidak ada; tanggal ditulis YYYY-MM-DD atau "
                          "DD/MM/YYYY (hari dulu, lalu bulan)")
        try:
            value = date(y, mo, d)
        except ValueError:
            raise Invalid(f"tanggal '{text}' tidak ada di kalender") from None
        if value < first:
            raise Invalid(f"tanggal '{text}' sebelum {first:%d/%m/%Y}")
        if value > last:
            raise Invalid(f"tanggal '{text}' ada di masa depan")
        return value.isoformat()
    return parse


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def _number(text: str) -> float:
    required(text)
    shown = text
    if "," in text and "." not in text and text.count(",") == 1:
        text = text.replace(",", ".")  # Indonesian decimal comma: 101,2
    if not _NUMBER.match(text):
        raise Invalid(f"'{shown}' bukan angka")
    value = float(text)
    if not math.isfinite(value):
        raise Invalid(f"'{shown}' bukan angka")
    return value


# '1.000' is a thousand written the Indonesian way and 1.0 as a float: a whole number is never
# read from it (the largest part of a count would silently be lost)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}\.\d{3}$")


def whole(low: int = 0, high: int | None = INT_MAX, what: str = "") -> Callable[[str], int]:
    """A whole number in [low, high]; '12.0' (a number Excel wrote as float) is 12. Without
    a high of its own a number is at most INT_MAX: the database refuses more (high=None: no
    limit, for a value that is checked against a list afterwards)."""
    def parse(text: str) -> int:
        if _THOUSANDS.match(text):
            raise Invalid(f"'{text}' bisa dibaca {text.replace('.', '')} atau {float(text):g}: tulis bilangan "
                          f"bulat tanpa titik pemisah ribuan ({text.replace('.', '')})")
        value = _number(text)
        if value < 0 and low >= 0:
            raise Invalid(f"{text} negatif; harus bilangan bulat ≥ 0")
        if not value.is_integer():
            raise Invalid(f"{text} bukan bilangan bulat (tanpa pecahan)")
        if high == INT_MAX and value > high:  # 1e300 is a whole number too: echo it as typed
            raise Invalid(f"{what or 'nilai'} {text} terlalu besar; paling banyak {INT_MAX:,}".replace(",", "."))
        number = int(value)
        if number < low or (high is not None and number > high):
            limit = f"{low}–{high}" if high is not None else f"≥ {low}"
            raise Invalid(f"{what or 'nilai'} {number} di luar rentang {limit}")
        return number
    return parse


def non_negative(text: str) -> float:
    value = _number(text)
    if value < 0:
        raise Invalid(f"{text} negatif; harus ≥ 0")
    return value


def percent(text: str) -> float:
    value = _number(text[:-1].strip() if text.endswith("%") else text)
    if not 0 <= value <= 100:
        raise Invalid(f"{text} di luar 0–100; target ditulis dalam persen (95 = 95%)")
    return value


def one_of(codes: Iterable[str], what: str) -> Callable[[str], str]:
    known = tuple(codes)

    def parse(text: str) -> str:
        required(text)
        code = text.lower()
        if code in known:
            return code
        guess = difflib.get_close_matches(code, known, n=1, cutoff=0.6)
        hint = f"; maksudnya '{guess[0]}'?" if guess else f"; yang dikenal: {', '.join(known)}"
        raise Invalid(f"{what} '{text}' tidak dikenal{hint}")
    return parse


def optional(parse: Callable[[str], object]) -> Callable[[str], object]:
    """Blank is allowed (None)."""
    def parse_optional(text: str):
        return None if text == "" else parse(text)
    return parse_optional


def check_column(values: pd.Series, parse: Callable[[str], object]
                 ) -> tuple[pd.Series, np.ndarray, pd.Series]:
    """Parse a column through its distinct values: (values, bad mask, messages of bad rows)."""
    uniques = pd.unique(values.to_numpy(dtype=object))
    parsed, errors = {}, {}
    for u in uniques:
        try:
            parsed[u] = parse(u)
        except Invalid as exc:
            errors[u] = str(exc)
    if not errors:
        return values.map(parsed), np.zeros(len(values), dtype=bool), pd.Series(dtype=object)
    bad = values.isin(list(errors)).to_numpy()
    return values.map(parsed), bad, values[bad].map(errors)
