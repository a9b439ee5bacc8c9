"""Numbers and dates the Indonesian way: 1.234,5 and 78,4%; 2 Des 2026 11.16; a dash for
"no data", never 0."""
from __future__ import annotations

NO_DATA = "–"
BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember")
BULAN_PENDEK = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def is_missing(value) -> bool:
    """None, NaN (Python or numpy) or pandas' NA/NaT: no data, never 0. The one test of a
    single value; arrays are tested with np.isnan."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN and NaT are the only values unequal to themselves
    except TypeError:  # pandas' NA: a comparison with it is NA, which has no truth value
        return True


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


def _indonesian(text: str) -> str:
    """'1,234.5' → '1.234,5' (angka's separator swap)."""
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


# Below these no number has a thousands separator (|x| < 999,9 rounds to at most 999,9 with
# one decimal or more): formatted without the grouping, which costs half the formatting.
_UNGROUPED_WHOLE, _UNGROUPED = 1000, 999.9


def angka_list(values, decimals: int = 0) -> list[str]:
    """angka() of every value, in one pass: a heatmap or a table formats hundreds of numbers
    per click, and the calls cost more than the formatting."""
    try:
        if decimals == 0:
            return [NO_DATA if v is None or v != v else
                    str(n) if -_UNGROUPED_WHOLE < (n := round(float(v))) < _UNGROUPED_WHOLE else
                    f"{n:,}".replace(",", ".") for v in values]
        spec, plain = f",.{decimals}f", f".{decimals}f"
        return [NO_DATA if v is None or v != v else
                format(x, plain).replace(".", ",") if -_UNGROUPED < (x := float(v)) < _UNGROUPED else
                _indonesian(format(x, spec)) for v in values]
    except TypeError:  # pandas' NA (no truth value) among them: one at a time, as angka()
        return [angka(v, decimals) for v in values]


def persen_list(fractions, decimals: int = 1) -> list[str]:
    """persen() of every fraction, in one pass (see angka_list)."""
    if decimals == 0:
        return [persen(f, 0) for f in fractions]
    spec, plain = f",.{decimals}f", f".{decimals}f"
    try:
        return [NO_DATA if f is None or f != f else
                (format(x, plain).replace(".", ",") if -_UNGROUPED < (x := float(f) * 100) < _UNGROUPED else
                 _indonesian(format(x, spec))) + "%" for f in fractions]
    except TypeError:
        return [persen(f, decimals) for f in fractions]


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


PERSEN = "%"  # the unit of a percentage: written after the number without a space


def nilai(fraction, *, factor: int = 100, unit: str = PERSEN, decimals: int = 1) -> str:
    """A fraction read in its unit, fraction × factor: 0.784 → '78,4%'; 0.00385 × 100.000
    'per 100.000 penduduk' → '385,0 per 100.000 penduduk'. Keyword-only: a unit never
    comes without its factor."""
    if is_missing(fraction):
        return NO_DATA
    number = angka(float(fraction) * factor, decimals)
    return f"{number}{PERSEN}" if unit == PERSEN else f"{number} {unit}"


def plot_factor(factor: int, unit: str) -> int:
    """What a fraction is multiplied by before plotly draws it: a percentage stays a fraction
    (d3's '%' format multiplies by 100), any other unit is drawn as fraction × factor."""
    return 1 if unit == PERSEN else factor


def d3_format(unit: str = PERSEN, decimals: int = 1) -> str:
    """The plotly/d3 format of a value multiplied by plot_factor."""
    return f".{decimals}%" if unit == PERSEN else f",.{decimals}f"


def waktu(value) -> str:
    """A datetime → '2 Des 2026 11.16' (the hour with a dot, as Indonesian writes it)."""
    if is_missing(value):
        return NO_DATA
    return f"{value.day} {BULAN_PENDEK[value.month - 1]} {value.year} {value.hour:02d}.{value.minute:02d}"
