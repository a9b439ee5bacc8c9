"""What the Klaster 1 sections share: the words that say what a row of a Dinkes table is (the
Puskesmas of a kabupaten; the kabupaten/kota of a provinsi; the provinsi of the country)."""
from __future__ import annotations

from domain.codes import Level
from domain.wilayah import Area
from indicators import format as fmt

ROW_HEADER = {Level.KABUPATEN: "Kabupaten/kota", Level.PROVINSI: "Provinsi", Level.PUSKESMAS: "Puskesmas"}
_ROWS = {Level.KABUPATEN: "kabupaten/kota", Level.PROVINSI: "provinsi", Level.PUSKESMAS: "Puskesmas"}


def area_title(area: Area) -> str:
    """'Provinsi Jawa Barat', 'Kabupaten/Kota Bandung', 'Indonesia': the level named once (a
    name that already starts with it is kept as it is)."""
    if area.level == Level.NASIONAL:
        return area.nama
    label = area.level.label
    first = label.split("/")[0].lower()
    return area.nama if area.nama.lower().startswith(first) else f"{label} {area.nama}"


def child_of(area: Area) -> Level:
    """What one row of the area's table is: a Puskesmas of a kabupaten, a kabupaten of a
    provinsi, a provinsi of the country."""
    return {Level.NASIONAL: Level.PROVINSI, Level.PROVINSI: Level.KABUPATEN}.get(area.level, Level.PUSKESMAS)


def rows_text(area: Area, n: int) -> str:
    """'27 kabupaten/kota di Provinsi Jawa Barat', '14 Puskesmas di Kabupaten/Kota Bandung'."""
    return f"{fmt.angka(n)} {_ROWS[child_of(area)]} di {area_title(area)}"


def row_header(area: Area) -> str:
    return ROW_HEADER[child_of(area)]
