"""Numbers the Indonesian way: 1.234,5 and 78,4%; a dash for "no data", never 0."""
from __future__ import annotations

import math

NO_DATA = "–"


def is_missing(value) -> bool:
    """None or NaN: no data (never 0)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def angka(value, decimals: int = 0) -> str:
    """1234.5 → '1.235' (decimals=0) or '1.234,5' (decimals=1)."""
    if is_missing(value):
        return NO_DATA
    if decimals == 0:  # whole numbers: no decimal mark to swap
        return f"{round(float(value)):,}".replace(",", ".")
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def persen(fraction, decimals: int = 1) -> str:
    """0.784 → '78,4%'."""
    if is_missing(fraction):
        return NO_DATA
    return f"{angka(float(fraction) * 100, decimals)}%"


def indeks(value) -> str:
    """An IKS value with three decimals, as PIS-PK reports print it: 0.8 → '0,800'."""
    return angka(value, 3)


def selisih(value, decimals: int = 3) -> str:
    """A signed change: +0,052 / −0,010 (a true minus sign reads better on a projector)."""
    if is_missing(value):
        return NO_DATA
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return sign + angka(abs(value), decimals)


# plotly's layout.separators: decimal mark first, then the thousands separator
PLOTLY_SEPARATORS = ",."
# dash_table's locale_format
TABLE_LOCALE = {"decimal": ",", "group": "."}


def skala(unit: str) -> float:
    """What a fraction is multiplied by to read in `unit`: 1 for '%', 100.000 for a rate
    'per 100.000 penduduk'."""
    return 100_000.0 if "100.000" in unit else 1.0


def nilai(fraction, unit: str = "%", decimals: int = 1) -> str:
    """A coverage in its unit: 0.784 → '78,4%'; 0.00385 per 100.000 → '385,0 per 100.000'."""
    if unit == "%":
        return persen(fraction, decimals)
    if is_missing(fraction):
        return NO_DATA
    return f"{angka(float(fraction) * skala(unit), decimals)} {unit}"


def d3_format(unit: str, decimals: int = 1) -> str:
    """The plotly/d3 format of a value already multiplied by skala(unit)."""
    return f".{decimals}%" if unit == "%" else f",.{decimals}f"
