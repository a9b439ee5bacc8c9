"""Wilayah levels and Kemendagri codes: parsing and the one canonical (dotted) form."""
from __future__ import annotations

import enum
import re


class Level(enum.StrEnum):
    """The filter hierarchy of the dashboard (domain.md §1)."""

    NASIONAL = "nasional"
    PROVINSI = "provinsi"
    KABUPATEN = "kabupaten"
    PUSKESMAS = "puskesmas"
    DESA = "desa"

    @property
    def child(self) -> Level | None:
        order = list(Level)
        i = order.index(self)
        return order[i + 1] if i + 1 < len(order) else None

    @property
    def parent(self) -> Level | None:
        order = list(Level)
        i = order.index(self)
        return order[i - 1] if i > 0 else None

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]


LEVEL_LABELS = {
    Level.NASIONAL: "Nasional",
    Level.PROVINSI: "Provinsi",
    Level.KABUPATEN: "Kabupaten/Kota",
    Level.PUSKESMAS: "Puskesmas",
    Level.DESA: "Desa/Kelurahan",
}

# digits per block of a Kemendagri code: provinsi 2, kabupaten 2, kecamatan 2, desa 4
_BLOCKS = (2, 2, 2, 4)
_DOTTED = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


def normalise_kemendagri(raw: object) -> str | None:
    """Return the dotted form of a Kemendagri code given with or without dots.

    `3510012001`, `35.10.01.2001` and ` 35.10.01.2001 ` all give `35.10.01.2001`.
    Returns None when the text is not a code of 2, 4, 6 or 10 digits.
    """
    if raw is None:
        return None
    text = str(raw).strip()
    if text.endswith(".0") and text[:-2].isdigit():  # a code read by Excel as a number
        text = text[:-2]
    if _DOTTED.match(text):
        return text
    digits = text.replace(".", "")
    if not digits.isdigit() or "." in text:
        return None
    lengths = {2: 1, 4: 2, 6: 3, 10: 4}
    if len(digits) not in lengths:
        return None
    parts, pos = [], 0
    for size in _BLOCKS[: lengths[len(digits)]]:
        parts.append(digits[pos : pos + size])
        pos += size
    return ".".join(parts)


def normalise_desa(raw: object) -> str | None:
    """The dotted desa code (`35.10.01.2001`), or None when `raw` is not a desa code."""
    code = normalise_kemendagri(raw)
    return code if code is not None and code.count(".") == 3 else None


def normalise_puskesmas(raw: object) -> str | None:
    """A Puskesmas code is not Kemendagri's: keep it as text, upper-case, no spaces."""
    if raw is None:
        return None
    text = str(raw).strip().upper()
    return text if re.fullmatch(r"[A-Z0-9.\-]{2,20}", text) else None
