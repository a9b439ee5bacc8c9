"""The keluarga dataset's optional columns (issue 16): nama kepala keluarga, alamat, RT, RW,
for the list of families to visit. Each is checked cell by cell (a message names the row and
the column); a 16-digit number in the name or address is refused: it looks like a NIK, which
the dashboard never takes. data_access.kunjungan_rumah.store_alamat keeps them per family."""
from __future__ import annotations

import re

from ingest import cells
from ingest.specs import ALAMAT_MAX, NAMA_KK_MAX, RT_RW_MAX

# sixteen digits in a row, also when written in groups (3510 0120 0100 0001, 3510.0120...)
_NIK = re.compile(r"\d(?:[ .\-]?\d){15}")
NIK_MESSAGE = ("berisi 16 angka: tampaknya NIK; NIK tidak boleh diunggah. Tulis nama kepala keluarga dan "
               "alamat saja (id_keluarga adalah nomor keluarga, bukan NIK)")


def _free_text(limit: int):
    def parse(text: str) -> str | None:
        if text == "":
            return None
        cells.visible(text)
        text = " ".join(text.split())
        if _NIK.search(text):
            raise cells.Invalid(NIK_MESSAGE)
        if len(text) > limit:
            raise cells.Invalid(f"terlalu panjang ({len(text)} karakter; paling banyak {limit})")
        return text
    return parse


_WHOLE = re.compile(r"^(\d{1,3})(?:\.0+)?$")  # 3, 03, 003; 3.0 from a number cell of Excel


def _rt_rw(what: str):
    label = what.upper()

    def parse(text: str) -> int | None:
        if text == "":
            return None
        value = text
        if value.lower().startswith(what):  # "RT 003" in the rt column
            value = value[len(what):].strip(" .:")
        found = _WHOLE.match(value)
        if not found:
            raise cells.Invalid(f"'{text}' bukan nomor {label}: tulis angka 1–{RT_RW_MAX} "
                                "(3, 03 atau 003), satu nomor saja")
        number = int(found.group(1))
        if not 1 <= number <= RT_RW_MAX:
            raise cells.Invalid(f"{label} {text} di luar 1–{RT_RW_MAX}")
        return number
    return parse


PARSERS = {
    "nama_kepala_keluarga": _free_text(NAMA_KK_MAX),
    "alamat": _free_text(ALAMAT_MAX),
    "rt": _rt_rw("rt"),
    "rw": _rt_rw("rw"),
}
