"""Pure figure builders for the PWS pages (domain.md §3–4): bars, lines, status, cascades and
the map spec. Plain dicts (fast to build and to send), no Dash, no database.

Inputs are the frames of indicators.pws (with the `nama` column data_access adds):
`pws_table` rows for bars, status and map, `pws_series` for lines, `kaskade_table` rows for
cascades. A value the data does not have is drawn as a labelled gap with its reason, never 0.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from itertools import pairwise

import numpy as np
import pandas as pd

from figures.iks import LABEL_AXIS, _base_layout, empty_figure, map_figure, map_trace, value_labels
from figures.palette import (
    AMBANG,
    CAKUPAN_SKALA,
    GARIS_LATAR,
    KISI,
    LANGKAH,
    LANGKAH_PERKIRAAN,
    PERINGATAN,
    PREVALENSI_SKALA,
    REDUP,
    SOROT,
    SOROT_GARIS,
    STATUS_KOSONG,
    STATUS_KOSONG_TEKS,
    STATUS_TEKS,
    STATUS_WARNA,
    TANPA_DATA,
    TEKS,
)
from figures.text import bottom_margin, label_height, left_margin, plain
from indicators import format as fmt
from indicators.format import BULAN_PENDEK
from indicators.program import (
    REGISTER_BY_CODE,
    SASARAN_BY_CODE,
    Indicator,
    Kaskade,
    Rincian,
    ValueLabel,
)
from indicators.pws import (
    BAIK,
    BULAN,
    CUKUP,
    JELEK,
    KURANG,
    STATUS_LABEL,
    STATUS_MEANING,
    STATUSES,
    Columns,
    linear_target,
)
from indicators.tanpa_laporan import MARK, with_mark

Table = pd.DataFrame | Columns  # a table of rows: the pages pass Columns, tests and exports frames

__all__ = [
    "KOSONG", "empty_figure", "kaskade_by_area", "kaskade_funnel", "map_mode", "pws_bars", "pws_lines",
    "pws_map_spec", "status_colour", "status_meaning", "status_text_colour", "target_label",
]

KOSONG = "kosong"  # the key of "no status" (as indicators.pws.status_counts names it)
KOSONG_LABEL = "Tanpa status"
TANPA_DATA_LABEL = "tanpa data"
ROW_PX = 22  # one bar or heatmap row: the long figures scroll inside their panel
TEXT = {"size": 15}  # chart text ≥ 14 px on a 1024×768 projector
MUTED = REDUP

# STATUS_MEANING reads "di atas target" for "better than target"; for a prevalence the target
# is a maximum, so the words turn round (indicators.pws.status flips the comparisons alike).
_MEANING_LOWER = {
    BAIK: "di bawah batas target, tren turun/tetap",
    KURANG: "di bawah batas target, tren naik",
    CUKUP: "di atas batas target, tren turun/tetap",
    JELEK: "di atas batas target, tren naik",
}


# --- small shared pieces ---------------------------------------------------------------------

def _num(value) -> float:
    return math.nan if fmt.is_missing(value) else float(value)


def _round(value: float, digits: int = 4):
    """A JSON-friendly number: None for a gap (plotly leaves a gap, never draws 0)."""
    return None if fmt.is_missing(value) else round(float(value), digits)


def _status_key(value) -> str:
    return value if value in STATUS_WARNA else KOSONG


def status_colour(status: str | None) -> str:
    """The fill of a status; grey for no status (None, NaN or 'kosong')."""
    return STATUS_WARNA.get(status, STATUS_KOSONG) if isinstance(status, str) else STATUS_KOSONG


def status_text_colour(status: str | None) -> str:
    """The text colour readable on status_colour(status) (WCAG contrast ≥ 4.5)."""
    return STATUS_TEKS.get(status, STATUS_KOSONG_TEKS) if isinstance(status, str) else STATUS_KOSONG_TEKS


def status_meaning(status: str | None, ind: Indicator) -> str:
    """What a status means for this indicator's direction, in Bahasa Indonesia."""
    if status not in STATUS_WARNA:
        return ""
    return (STATUS_MEANING if ind.higher_is_better else _MEANING_LOWER)[status]


def target_label(ind: Indicator, target: float, bulan: int | None = None) -> str:
    """'Target Mei: 39,6%'; a prevalence's target is a maximum: 'Target Mei: maks. 14,0%'."""
    when = f"Target {BULAN[bulan - 1]}" if bulan else "Target"
    return f"{when}: {'' if ind.higher_is_better else 'maks. '}{ind.text(target)}"


def _denominator_label(ind: Indicator) -> str | None:
    if ind.denominator is None:
        return None
    if ind.by_sasaran and ind.amount_unit:  # a budget: 'pagu BOK' (its abbreviation kept)
        label = SASARAN_BY_CODE[ind.denominator].label
        return label[:1].lower() + label[1:]
    if ind.by_sasaran:
        return f"sasaran {SASARAN_BY_CODE[ind.denominator].label.lower()}"
    return REGISTER_BY_CODE[ind.denominator].label.lower()


def _period(ind: Indicator, bulan: int | None) -> str:
    word = "Realisasi" if ind.amount_unit else "Capaian"
    if ind.per_bulan:
        return f"{word} {BULAN[bulan - 1]}" if bulan else word
    return f"{word} kumulatif Jan–{BULAN_PENDEK[bulan - 1]}" if bulan else f"{word} kumulatif"


def _value_line(row, ind: Indicator, bulan: int | None) -> str:
    """'Capaian kumulatif Jan–Mei ÷ sasaran ibu hamil:<br>57 ÷ 240 = 23,8%'."""
    below = _denominator_label(ind)
    u = f"{ind.amount_unit} " if ind.amount_unit else ""  # rupiah: 'Rp 1.234.567'
    if below is None:
        return f"{_period(ind, bulan)}: {u}{fmt.angka(row['capaian_kumulatif'])}"
    return (f"{_period(ind, bulan)} ÷ {below}:<br>{u}{fmt.angka(row['capaian_kumulatif'])} ÷ "
            f"{u}{fmt.angka(row['sasaran'])} = {ind.text(row['cakupan_kumulatif'])}")


_HOVER_COLUMNS = ["nama", "capaian_kumulatif", "sasaran", "cakupan_kumulatif", "status", "alasan",
                  "target_bulan_ini", "tanpa_laporan"]


def records(rows: Table, columns: list[str] | None = None) -> list[dict]:
    """Rows as plain dicts with None for a missing value (no NaN in JSON), for the columns
    that exist. Per-row work in lists: pandas' to_dict/astype/where cost milliseconds."""
    present = [c for c in (columns or list(rows)) if c in rows]
    return [dict(zip(present, values)) for values in zip(*(_column(rows, c) for c in present))]


def _named_records(rows: Table, columns: list[str]) -> list[dict]:
    """records() in which an area without a name is called by its code, the name as plain
    text for plotly (figures.text.plain): every builder below reads `nama` from here."""
    out = records(rows, columns)
    for r in out:
        r["nama"] = _area_name(r)
    return out


def _area_name(row) -> str:
    return plain(row["kode"] if row.get("nama") is None else row["nama"])


def _column(rows: Table, name: str) -> list:
    """One column as a list, None for a missing (float NaN) value; by the column's type, as a
    column of whole numbers has none and one of floats holds nothing else."""
    column = rows[name]
    values = column.tolist()
    kind = column.dtype.kind if isinstance(column.dtype, np.dtype) else "O"
    if kind in "biu":
        return values
    if kind == "f":
        return [None if v != v else v for v in values]
    return [None if isinstance(v, float) and v != v else v for v in values]


def _floats(rows: Table, name: str) -> list[float]:
    """A column as floats, NaN for a missing value (_num of each; a float column as it is)."""
    column = rows[name]
    if isinstance(column.dtype, np.dtype) and column.dtype.kind == "f":
        return column.tolist()
    return [_num(v) for v in column.tolist()]


def _by_row(columns: list[list], n: int) -> list[tuple]:
    """Columns of n values as n rows."""
    return list(zip(*columns)) if columns else [()] * n


def _names(rows: Table) -> list[str]:
    """_area_name of every row, column by column."""
    kode = _column(rows, "kode")
    nama = _column(rows, "nama") if "nama" in rows else [None] * len(kode)
    return [plain(k if n is None else n) for k, n in zip(kode, nama)]


def _area_hover(row, name: str, ind: Indicator, bulan: int | None) -> str:
    """Everything about one area's PWS value, for hover text (bars and map)."""
    lines = [f"<b>{name}</b>"]
    mark = row.get("tanpa_laporan")
    if fmt.is_missing(row["cakupan_kumulatif"]):
        lines.append(f"Tanpa data: {row.get('alasan') or 'belum ada laporan'}")
        if mark:
            lines.append(f"{MARK} {plain(mark)}")
        return "<br>".join(lines)
    lines.append(_value_line(row, ind, bulan))
    st = row["status"]
    if st in STATUS_WARNA:
        lines.append(f"Status: {with_mark(STATUS_LABEL[st], mark)} ({status_meaning(st, ind)})")
    else:
        lines.append(f"Status: {with_mark(None, mark) or '–'} ({row.get('alasan') or 'tidak dapat ditentukan'})")
    if mark:  # the status stays; the months it rests on without report are named beside it
        lines.append(f"{MARK} {plain(mark)}")
    if not fmt.is_missing(row.get("target_bulan_ini")):
        lines.append(target_label(ind, row["target_bulan_ini"], bulan))
    return "<br>".join(lines)


def _upper(values, *floor: float, ind: Indicator | None = None) -> float:
    """The end of an axis or colour scale, as a fraction: every value and floor shown; a
    percentage axis reaches at least 5%, a rate (per 100.000) ends at its largest value."""
    finite = [float(v) for v in (*values, *floor) if not fmt.is_missing(v)]
    if ind is None or ind.is_percent:
        return max([0.05, *finite])
    return max(finite, default=1 / ind.factor)


# --- bars ----------------------------------------------------------------------------------

def _bar_label(row: Mapping, ind: Indicator) -> str:
    """'61,3% · baik'; a rate: its number alone, then the status if it has one."""
    value, key = float(row["cakupan_kumulatif"]), _status_key(row["status"])
    word = STATUS_LABEL.get(key, KOSONG_LABEL.lower())
    if ind.is_percent:
        return f"{ind.text(value)} · {word}"
    return fmt.angka(value * ind.plot_factor, ind.decimals) + ("" if key == KOSONG else f" · {word}")


def pws_bars(rows: Table, ind: Indicator, *, target: float | None = None,
             selected: str | None = None, bulan: int | None = None) -> dict:
    """The PWS bar chart: cumulative coverage per area, worst at the top (lowest, or highest
    for a prevalence), coloured by status with the status word printed beside each value, a
    vertical target line labelled 'Target Mei: 39,6%'. Areas without a value come first as a
    labelled row with their reason (alasan), not as a 0 bar.

    rows: indicators.pws.pws_table (+ nama). target: the month's target as a fraction (the
    area's own, e.g. PwsView.total['target_bulan_ini']); None takes the rows' target when they
    share one. Rows whose own target differs from the line get a tick of their own.
    bulan (1..12) names the month in the labels."""
    if rows.empty:
        return empty_figure("Belum ada wilayah untuk ditampilkan")
    recs = _named_records(rows, ["kode", "nama", *_HOVER_COLUMNS[1:]])
    k = ind.plot_factor  # a rate per 100.000 is drawn in its unit, a percentage as a fraction
    sign = 1.0 if ind.higher_is_better else -1.0
    present = sorted((r for r in recs if not fmt.is_missing(r["cakupan_kumulatif"])),
                     key=lambda r: (sign * float(r["cakupan_kumulatif"]), r["nama"]))
    empty = sorted((r for r in recs if fmt.is_missing(r["cakupan_kumulatif"])), key=lambda r: r["nama"])
    order = [r["kode"] for r in (*empty, *present)]  # top to bottom
    names = {r["kode"]: r["nama"] for r in recs}
    value = [_num(r["cakupan_kumulatif"]) for r in recs]

    row_targets = [_num(r.get("target_bulan_ini")) for r in recs]
    if fmt.is_missing(target):
        known = {round(t, 9) for t in row_targets if not fmt.is_missing(t)}
        target = known.pop() if len(known) == 1 else None

    traces = []
    for key in (*STATUSES, KOSONG):
        part = [r for r in present if _status_key(r["status"]) == key]
        if not part:
            continue
        values = [float(r["cakupan_kumulatif"]) for r in part]
        traces.append({
            "type": "bar", "orientation": "h", "name": STATUS_LABEL.get(key, KOSONG_LABEL),
            "y": [r["kode"] for r in part], "x": [_round(v * k, 4 if ind.is_percent else 2) for v in values],
            "marker": {"color": status_colour(key),
                       "line": {"color": SOROT, "width": [3 if r["kode"] == selected else 0 for r in part]}},
            "hovertext": [_area_hover(r, r["nama"], ind, bulan) for r in part],
            "hovertemplate": "%{hovertext}<extra></extra>",
        })
    if empty:
        traces.append({
            "type": "scatter", "mode": "text", "name": TANPA_DATA_LABEL,
            "y": [r["kode"] for r in empty], "x": [0] * len(empty),
            # an en space keeps the words off the axis line
            "text": [f"\u2002{TANPA_DATA_LABEL}: {r.get('alasan')}" if r.get("alasan")
                     else f"\u2002{TANPA_DATA_LABEL}" for r in empty],
            "textposition": "middle right", "cliponaxis": False,
            "textfont": {**TEXT, "color": MUTED, "style": "italic"},
            "hovertext": [_area_hover(r, r["nama"], ind, bulan) for r in empty],
            "hovertemplate": "%{hovertext}<extra></extra>",
        })

    shapes, annotations = [], []
    if ind.is_percent:
        upper = _upper(value, target, *row_targets, 1.0 if ind.higher_is_better else 0)
    else:  # a rate has no natural 100%: the axis ends a little after the largest value
        upper = max([v for v in (*value, target, *row_targets) if not fmt.is_missing(v)] or [1 / k]) * 1.25
    # each bar's value and status in a column beside the plot, past the end of the axis: the
    # target line (and a row's own target tick) can never cross it
    labels = {r["kode"]: _bar_label(r, ind) for r in present}
    labels.update({r["kode"]: "" for r in empty})  # said in the row itself, with its reason
    traces.append(value_labels(order, [labels[c] for c in order], {**TEXT, "color": TEKS}))
    if target is not None:
        shapes.append({"type": "line", "x0": target * k, "x1": target * k, "yref": "paper", "y0": 0, "y1": 1,
                       "line": {"color": AMBANG, "width": 2.5, "dash": "dash"}})
        right = target > 0.65 * upper
        annotations.append({"x": target * k, "yref": "paper", "y": 1, "yanchor": "bottom",
                            "xanchor": "right" if right else "left", "xshift": -4 if right else 4,
                            "text": f"<b>{target_label(ind, target, bulan)}</b>", "showarrow": False,
                            "font": {**TEXT, "color": TEKS}})
    own = [(r, t) for r, t in zip(recs, row_targets) if not fmt.is_missing(t)
           and (target is None or abs(t - target) > 1e-9)]
    if own:
        traces.append({
            "type": "scatter", "mode": "markers", "name": "Target wilayah",
            "y": [r["kode"] for r, _ in own], "x": [_round(t * k, 4 if ind.is_percent else 2) for _, t in own],
            "marker": {"symbol": "line-ns-open", "size": 18, "line": {"color": TEKS, "width": 3}},
            "hovertext": [f"{r['nama']}<br>{target_label(ind, t, bulan)}" for r, t in own],
            "hovertemplate": "%{hovertext}<extra></extra>",
        })
        # below the plot: the month's target label has the top
        annotations.append({"xref": "paper", "x": 1, "xanchor": "right", "yref": "paper", "y": 0,
                            "yanchor": "top", "yshift": -28, "showarrow": False,
                            "font": {**TEXT, "color": MUTED}, "text": "| = target wilayah itu sendiri"})

    ticktext = [f"<b>{names[c]}</b>" if c == selected else names[c] for c in order]
    layout = _base_layout(
        height=max(240, ROW_PX * len(order) + 90),
        # l: the names, measured here (automargin would draw the chart twice); r: the values' column
        margin={"l": _left(ticktext), "r": 130, "t": 34, "b": 64 if own else 40},
        xaxis={"range": [0, upper * k * 1.02], "tickformat": ind.d3_format(0), "gridcolor": KISI,
               "zeroline": False, "fixedrange": True, "tickfont": TEXT, "domain": [0, 0.97]},
        xaxis2=LABEL_AXIS,
        yaxis={"type": "category", "categoryorder": "array", "categoryarray": order,
               "autorange": "reversed", "tickvals": order, "ticktext": ticktext,
               "automargin": False, "fixedrange": True, "tickfont": TEXT},
        shapes=shapes, annotations=annotations, showlegend=False,
        barmode="overlay", bargap=0.25, hovermode="closest",
    )
    return {"data": traces, "layout": layout}


def _left(labels, title: bool = False) -> int:
    return left_margin(labels, TEXT["size"], title=title)


def _below(labels, title: bool = False) -> int:
    return bottom_margin(labels, TEXT["size"], title=title)


# --- lines ---------------------------------------------------------------------------------

def _line_points(points: list[tuple[int, float]], name: str, tahun: int,
                 ind: Indicator) -> tuple[list, list, list]:
    k = ind.plot_factor
    xs, ys, hover = [], [], []
    for m, v in sorted(points):
        xs.append(int(m))
        ys.append(_round(None if fmt.is_missing(v) else v * k, 4 if ind.is_percent else 2))
        hover.append(f"<b>{name}</b><br>{BULAN[int(m) - 1]} {tahun}: {ind.text(v)}")
    return xs, ys, hover


def _y_title(ind: Indicator) -> str:
    """'Cakupan kumulatif', 'Prevalensi bulan itu'; a rate is named by its unit alone:
    'Kumulatif, per 100.000 penduduk'."""
    period = "bulan itu" if ind.per_bulan else "kumulatif"
    if ind.value_label is ValueLabel.ANGKA:
        return f"{period.capitalize()}, {ind.unit}"
    unit = "" if ind.is_percent else f", {ind.unit}"
    return f"{ind.value_label} {period}{unit}"


def pws_lines(series: Table, ind: Indicator, tahun: int, *,
              target_annual_percent: float | None, bulan: int, highlight: str | None = None,
              total: Table | None = None, total_name: str | None = None) -> dict:
    """Cumulative coverage by month (the value of the month for a per_bulan indicator), Jan
    up to `bulan`: every area a thin grey line (hover names it), the area total bold, the
    highlighted area in colour, and the target: linear 0 → annual over the year, flat for a
    per_bulan indicator. Legend only for total, highlight and target.

    series: indicators.pws.pws_series (+ nama). total: pws_series of the area itself (PwsView
    .total_series); its name is total_name, else its nama column, else 'Total wilayah'."""
    # plain lists, one pass (a groupby per area costs ~1 ms each: 120 Puskesmas = 120 ms)
    data = [r for r in records(series, ["kode", "nama", "bulan", "cakupan_kumulatif"]) if r["bulan"] <= bulan]
    own = [] if total is None else [r for r in records(total, ["nama", "bulan", "cakupan_kumulatif"])
                                    if r["bulan"] <= bulan]
    if all(r["cakupan_kumulatif"] is None for r in (*data, *own)):
        return empty_figure(f"Belum ada data {ind.label} tahun {tahun} sampai {BULAN[bulan - 1]}")
    for r in data:
        r["nama"] = _area_name(r)
    data.sort(key=lambda r: (r["nama"], r["kode"], r["bulan"]))
    k = ind.plot_factor  # a rate per 100.000 is drawn in its unit
    traces, shown = [], [r["cakupan_kumulatif"] for r in data]

    # the browser formats the hover (layout.separators makes it 61,3%), not Python
    xs, ys, hover = [], [], []
    previous = None
    for r in data:
        kode, name, m, v = r["kode"], r["nama"], r["bulan"], r["cakupan_kumulatif"]
        if kode == highlight:
            continue
        if previous is not None and kode != previous:
            xs.append(None)
            ys.append(None)
            hover.append(None)
        previous = kode
        xs.append(m)
        ys.append(None if v is None else round(v * k, 4 if ind.is_percent else 2))
        hover.append(f"<b>{name}</b><br>{BULAN[m - 1]} {tahun}")
    if xs:
        # the grey lines are named in the legend (a projector shows no hover)
        n = len({r["kode"] for r in data if r["kode"] != highlight})
        traces.append({"type": "scatter", "mode": "lines", "name": f"{n} wilayah di dalamnya (abu-abu)",
                       "x": xs, "y": ys, "hovertext": hover,
                       "hovertemplate": f"%{{hovertext}}: %{{y:{ind.d3_format()}}}<extra></extra>",
                       "line": {"color": GARIS_LATAR, "width": 1.3}, "opacity": 0.8,
                       "connectgaps": False, "showlegend": True})

    def bold(part: list[dict], name: str, colour: str, width: float) -> None:
        x, y, h = _line_points([(r["bulan"], r["cakupan_kumulatif"]) for r in part], name, tahun, ind)
        last = max((i for i, v in enumerate(y) if v is not None), default=None)
        traces.append({"type": "scatter", "mode": "lines+markers+text", "name": name,
                       "x": x, "y": y, "hovertext": h, "hovertemplate": "%{hovertext}<extra></extra>",
                       # a rate's unit is on the axis: the end label is its number alone
                       "text": [(ind.text(v) if ind.is_percent else fmt.angka(v, ind.decimals)) if i == last else ""
                                for i, v in enumerate(y)],
                       "textposition": "middle right", "textfont": {**TEXT, "color": colour},
                       "cliponaxis": False, "line": {"color": colour, "width": width},
                       "marker": {"color": colour, "size": width + 4}, "connectgaps": False})

    part = [r for r in data if r["kode"] == highlight] if highlight is not None else []
    if part:
        bold(part, part[0]["nama"], SOROT_GARIS, 3)
    if own:
        name = plain(total_name or own[0].get("nama"))
        bold(own, f"{name} (total)" if name else "Total wilayah", TEKS, 4)
        shown += [r["cakupan_kumulatif"] for r in own]

    annual = _num(target_annual_percent) / 100
    if not fmt.is_missing(annual):
        linear = linear_target(ind)
        months = list(range(13)) if linear else list(range(1, 13))
        values = [annual * m / 12 if linear else annual for m in months]
        traces.append({
            "type": "scatter", "mode": "lines", "name": "Target (maks.)" if not ind.higher_is_better else "Target",
            "x": months, "y": [_round(v * k) for v in values],
            "hovertext": [target_label(ind, v, m) if m else "Awal tahun: 0%" for m, v in zip(months, values)],
            "hovertemplate": "%{hovertext}<extra></extra>",
            "line": {"color": AMBANG, "width": 2.5, "dash": "dash"},
        })
        shown.append(annual)

    top = _upper(shown, ind=ind) * k * 1.1
    # the widest tick label the y axis can show: its top, formatted as the axis does
    widest = fmt.persen(top / 100, 0) if ind.is_percent else fmt.angka(top)
    layout = _base_layout(
        height=440,
        margin={"l": _left([widest], title=True), "r": 70, "t": 40, "b": _below(["Jan"], title=True)},
        xaxis={"range": [-0.3 if not ind.per_bulan else 0.6, 12.4], "tickvals": list(range(1, 13)),
               "automargin": False, "ticktext": list(BULAN_PENDEK), "tickfont": TEXT, "fixedrange": True,
               "title": {"text": f"Bulan ({tahun})", "font": TEXT}, "gridcolor": "#F2F2F2",
               "zeroline": False},
        yaxis={"range": [0, top], "tickformat": ind.d3_format(0),
               "tickfont": TEXT,
               "gridcolor": KISI, "fixedrange": True, "zeroline": False, "automargin": False,
               "title": {"text": _y_title(ind), "font": TEXT}},
        shapes=[{"type": "line", "x0": bulan, "x1": bulan, "yref": "paper", "y0": 0, "y1": 1,
                 "line": {"color": "#999999", "width": 1, "dash": "dot"}}],
        legend={"orientation": "h", "x": 0, "y": 1, "yanchor": "bottom", "font": TEXT},
        hovermode="closest",
    )
    return {"data": traces, "layout": layout}


# --- status --------------------------------------------------------------------------------

# --- cascades ------------------------------------------------------------------------------

def _wrap(text: str, width: int = 14) -> str:
    """Break a label into lines of about `width` characters for narrow category slots."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


def _melebihi(row) -> set[str]:
    return _steps_named(row.get("melebihi"))


def _steps_named(melebihi) -> set[str]:
    """The steps of a `melebihi` value ('k6, pf'); none for '' or None."""
    return {s.strip() for s in str(melebihi or "").split(",") if s.strip()}


def _change(conversion: float) -> str:
    """87,7% of the step before → '−12,3%'; 108,3% → '+8,3%'."""
    return fmt.selisih((conversion - 1) * 100, 1) + "%"


def kaskade_funnel(total: pd.Series | Mapping, kaskade: Kaskade) -> dict:
    """One area's cascade (K1 → K6 → PF → KF lengkap → KN lengkap): a bar per step with its
    count and the change from the step before ('−12,3%'); a step above the step before is
    drawn at its true height, hatched and outlined, and named at the top ('melebihi langkah
    sebelumnya — periksa pencatatan'). A declared sasaran comes first as a lighter bar.

    total: one row of indicators.pws.kaskade_table (KaskadeView.total), or a mapping with the
    step codes, konversi_<step>, melebihi and optionally the sasaran code and nama."""
    steps = list(kaskade.steps)
    values = [_num(total.get(s)) for s in steps]
    if all(fmt.is_missing(v) for v in values):
        return empty_figure(f"Belum ada laporan {kaskade.label.lower()}")
    labels = {s: REGISTER_BY_CODE[s].label for s in steps}
    inverted = _melebihi(total)
    traces, texts, hovers, colours, lines, patterns = [], [], [], [], [], []
    first = values[0]
    for i, (step, v) in enumerate(zip(steps, values)):
        conv = _num(total.get(f"konversi_{step}")) if i else math.nan
        flag = step in inverted
        text = f"<b>{fmt.angka(v)}</b>" if not fmt.is_missing(v) else ""
        hover = [f"<b>{labels[step]}</b>", f"Jumlah: {fmt.angka(v)}"]
        if i and not fmt.is_missing(conv) and not fmt.is_missing(v):
            colour = PERINGATAN if flag else MUTED
            text += f"<br><span style='color:{colour}'>{_change(conv)}{' ⚠' if flag else ''}</span>"
            prev = steps[i - 1]
            hover.append(f"{fmt.persen(conv)} dari langkah sebelumnya "
                         f"({labels[prev]}: {fmt.angka(values[i - 1])})")
        if i and not fmt.is_missing(v) and first > 0:
            hover.append(f"{fmt.persen(v / first)} dari {labels[steps[0]]}")
        if flag:
            hover.append("Melebihi langkah sebelumnya — periksa pencatatan")
        if fmt.is_missing(v):
            hover.append("Belum ada laporan")
        texts.append(text)
        hovers.append("<br>".join(hover))
        colours.append(LANGKAH)
        lines.append((PERINGATAN, 3) if flag else (LANGKAH, 0))
        patterns.append("/" if flag else "")
    x = [_wrap(labels[s]) for s in steps]
    heights = [v for v in values if not fmt.is_missing(v)]

    if kaskade.sasaran:
        estimate = _num(total.get(kaskade.sasaran))
        label = SASARAN_BY_CODE[kaskade.sasaran].label
        name = _wrap(label)
        traces.append({
            "type": "bar", "name": "Perkiraan", "x": [name], "y": [_round(estimate, 2)],
            "marker": {"color": LANGKAH_PERKIRAAN, "line": {"color": LANGKAH, "width": 1.5}},
            "text": [f"<b>{fmt.angka(estimate)}</b><br>perkiraan" if not fmt.is_missing(estimate) else ""],
            "textposition": "outside", "constraintext": "none", "cliponaxis": False,
            "textfont": {**TEXT, "size": 15, "color": TEKS},
            "hovertext": [f"<b>{label}</b><br>Perkiraan: {fmt.angka(estimate)}"
                          + ("" if not fmt.is_missing(estimate) else "<br>Sasaran belum diunggah")],
            "hovertemplate": "%{hovertext}<extra></extra>",
        })
        x = [name, *x]
        heights += [] if fmt.is_missing(estimate) else [estimate]
    steps_x = x[-len(steps):]
    traces.append({
        "type": "bar", "name": "Langkah", "x": steps_x, "y": [_round(v, 2) for v in values],
        "marker": {"color": colours, "line": {"color": [c for c, _ in lines], "width": [w for _, w in lines]},
                   "pattern": {"shape": patterns, "fgcolor": PERINGATAN, "fillmode": "overlay",
                               "solidity": 0.25}},
        "text": texts, "textposition": "outside", "constraintext": "none", "cliponaxis": False,
        "textfont": {**TEXT, "size": 15, "color": TEKS},
        "hovertext": hovers, "hovertemplate": "%{hovertext}<extra></extra>",
    })
    gaps = [sx for sx, v in zip(steps_x, values) if fmt.is_missing(v)]
    if gaps:
        traces.append({"type": "scatter", "mode": "text", "name": "Belum ada laporan", "x": gaps,
                       "y": [0] * len(gaps), "text": ["belum ada<br>laporan"] * len(gaps),
                       "textposition": "top center", "cliponaxis": False, "hoverinfo": "skip",
                       "textfont": {**TEXT, "color": MUTED, "style": "italic"}})

    warnings = [f"⚠ {labels[s]}: melebihi langkah sebelumnya ({labels[steps[i - 1]]}) — periksa pencatatan"
                for i, s in enumerate(steps) if i and s in inverted]
    annotations = []
    if warnings:
        annotations.append({"xref": "paper", "x": 0, "xanchor": "left", "yref": "paper", "y": 1,
                            "yanchor": "bottom", "align": "left", "showarrow": False,
                            "text": "<br>".join(warnings), "font": {**TEXT, "color": PERINGATAN}})
    top = max(heights) if heights else 1
    layout = _base_layout(
        height=420 + 20 * len(warnings),
        # margins from the labels (the steps' names under the bars, the counts beside them)
        margin={"l": _left([fmt.angka(top * 1.22)]), "r": 10, "t": 16 + 22 * len(warnings), "b": _below(x)},
        xaxis={"type": "category", "categoryorder": "array", "categoryarray": x, "tickangle": 0,
               "tickfont": TEXT, "fixedrange": True, "automargin": False},
        yaxis={"range": [0, top * 1.22], "tickformat": ",", "tickfont": TEXT,
               "gridcolor": KISI, "fixedrange": True, "zeroline": False, "automargin": False},
        annotations=annotations, showlegend=False, bargap=0.3, hovermode="closest",
    )
    return {"data": traces, "layout": layout}


MODEBAR_PX = 34  # the height plotly's mode bar (camera) takes at the top right of a figure
HEAT_NOTE = "→ langkah: persen dari langkah sebelumnya (arahkan kursor ke sel untuk jumlahnya)"


def kaskade_by_area(rows: Table, kaskade: Kaskade) -> dict:
    """Which areas lose people between steps: a heatmap, one row per area, one column per
    step as a share of the step before (konversi_<step>) and a last column, the final step
    as a share of the first. Light = low (the same blue scale as coverage); the areas that
    keep the fewest people end to end come first. A step above the step before shows its
    true share with ⚠ in an outlined cell, and a ⚠ before the area's name.

    rows: indicators.pws.kaskade_table (+ nama), e.g. KaskadeView.rows."""
    if rows.empty:
        return empty_figure("Belum ada wilayah untuk ditampilkan")
    steps = list(kaskade.steps)
    labels = {s: REGISTER_BY_CODE[s].label for s in steps}
    # end to end: the last step as a share of the estimate when the cascade has one (the
    # share of all patients who are controlled), else of the first step
    base = kaskade.sasaran if kaskade.sasaran and kaskade.sasaran in rows else steps[0]
    base_label = SASARAN_BY_CODE[base].label if base == kaskade.sasaran else labels[steps[0]]
    # column by column, each value converted and formatted once: a kabupaten's heatmap has
    # hundreds of cells, drawn at every click
    names = _names(rows)
    melebihi = _column(rows, "melebihi")
    later = steps[1:]
    counts = {s: fmt.angka_list(rows[s].tolist()) for s in steps}
    conv = {s: _floats(rows, f"konversi_{s}") for s in later}
    overall = _column(rows, "konversi_total")
    worst = [min(present) if (present := [c for c in values if c == c]) else None
             for values in zip(*conv.values())] if conv else [None] * len(names)
    # the areas that keep the fewest end to end first; no value last
    ranked = sorted(range(len(names)), key=lambda k: (overall[k] is None, overall[k] or 0, worst[k] is None,
                                                       worst[k] or 0, names[k]))
    end = len(steps) > 2 or base != steps[0]  # two steps alone: the end is the one conversion

    # short headers (≤ 3 lines, not five): "→ step" means "as a share of the step before",
    # which the note under the heatmap says and each cell's hover spells out. Lines of ≤ 13
    # characters: a column is ~105 px wide at 1366 (18 and 22 made the bold end-to-end header
    # run into its neighbour's)
    columns = [_wrap(f"→ {labels[s]}", 13) for s in later]
    if end:
        end_to_end = _wrap(f"{labels[steps[-1]]} dari {base_label}", 12).split("<br>")
        columns.append("<br>".join(f"<b>{line}</b>" for line in end_to_end))
    # the hover's percentage is formatted by the browser (layout.separators): Python writes
    # names and counts only once per cell
    z_cols = [[None if c != c else round(c, 4) for c in conv[s]] for s in later]
    text_cols = [fmt.persen_list(conv[s]) for s in later]
    hover_cols = [[f"<b>{n}</b><br>{labels[s]}: {a} dari {labels[p]}: {b}"
                   for n, a, b in zip(names, counts[s], counts[p])] for p, s in pairwise(steps)]
    if end:
        last = labels[steps[-1]]
        base_counts = fmt.angka_list(rows[base].tolist(), 1) if base != steps[0] else counts[steps[0]]
        z_cols.append([_round(v) for v in overall])
        text_cols.append(fmt.persen_list(overall))
        hover_cols.append([f"<b>{n}</b><br>{last}: {a} dari {base_label}: {b}"
                           for n, a, b in zip(names, counts[steps[-1]], base_counts)])
    z, text, hover = ([list(by_row[k]) for k in ranked] for by_row in (_by_row(z_cols, len(names)),
                                                                      _by_row(text_cols, len(names)),
                                                                      _by_row(hover_cols, len(names))))
    flags = []
    for j, k in enumerate(ranked):
        if melebihi[k]:  # a step above the step before: ⚠ in its cell, named in its hover
            inverted = _steps_named(melebihi[k])
            for i, s in enumerate(later):
                if s in inverted:
                    text[j][i] = "⚠ " + text[j][i]
                    hover[j][i] += "<br>Melebihi langkah sebelumnya — periksa pencatatan"
                    flags.append((i, j))
    kode = _column(rows, "kode")
    order = [kode[k] for k in ranked]
    ticktext = [f"<span style='color:{PERINGATAN}'>⚠</span> {names[k]}" if melebihi[k] else names[k]
                for k in ranked]
    traces = [{
        "type": "heatmap", "x": columns, "y": order, "z": z, "zmin": 0, "zmax": 1,
        "colorscale": CAKUPAN_SKALA, "showscale": False, "xgap": 2, "ygap": 2,
        "text": text, "texttemplate": "%{text}", "textfont": TEXT,
        "hovertext": hover, "hovertemplate": "%{hovertext} = %{z:.1%}<extra></extra>",
    }]
    annotations = [{"xref": "paper", "x": 0, "xanchor": "left", "yref": "paper", "y": 0,
                    "yanchor": "top", "yshift": -6, "showarrow": False, "font": {**TEXT, "color": MUTED},
                    "text": HEAT_NOTE}]
    # an inverted cell is outlined (category axes place shapes by position: cell i, j)
    shapes = [{"type": "rect", "name": "melebihi", "x0": i - 0.47, "x1": i + 0.47, "y0": j - 0.44,
               "y1": j + 0.44, "line": {"color": PERINGATAN, "width": 3}} for i, j in flags]
    if flags:
        annotations.append({"xref": "paper", "x": 0, "xanchor": "left", "yref": "paper", "y": 0,
                            "yanchor": "top", "yshift": -30, "showarrow": False,
                            "font": {**TEXT, "color": PERINGATAN},
                            "text": "⚠ langkah melebihi langkah sebelumnya — periksa pencatatan"})
    layout = _base_layout(
        height=max(240, 28 * len(order) + 150),
        # margins from the labels: the names on the left, the steps' headers on top, below
        # the mode bar (its camera sat on the last header)
        margin={"l": _left(ticktext), "r": 10, "t": MODEBAR_PX + label_height(columns, TEXT["size"]),
                "b": 58 if flags else 34},
        xaxis={"type": "category", "side": "top", "tickfont": TEXT, "fixedrange": True, "tickangle": 0,
               "automargin": False},
        yaxis={"type": "category", "categoryorder": "array", "categoryarray": order,
               "autorange": "reversed", "tickvals": order, "ticktext": ticktext,
               "tickfont": TEXT, "fixedrange": True, "automargin": False},
        plot_bgcolor="#F2F2F2",  # a cell without data shows as light grey, not as 0%
        shapes=shapes, annotations=annotations, showlegend=False, hovermode="closest",
    )
    return {"data": traces, "layout": layout}


# --- map -----------------------------------------------------------------------------------

def map_mode(rows: Table, mode: str) -> str:
    """The map the user asked for, except a status map where no area has a status (an
    indicator without a target, such as TB notification): that map would be all grey, so
    coverage is drawn instead."""
    if mode == "status" and not any(s in STATUS_WARNA for s in rows["status"].tolist()):
        return "cakupan"
    return mode


def pws_map_spec(rows: Table, ind: Indicator, *, mode: str = "status",
                 selected: str | None = None, revision: str = "", bulan: int | None = None) -> dict:
    """A choropleth without its geometry, in the format of figures.iks.map_spec (peta.js adds
    the cached GeoJSON; the caller adds graph_id and geo_url). mode 'status': one trace per
    status (Baik, Kurang, Cukup, Jelek, Tanpa status), fixed colours; mode 'cakupan': cumulative
    coverage on a continuous scale (blue 0–100% for coverage, orange from 0 for a prevalence),
    areas without a value as 'Tanpa data'. The selected area is outlined.

    rows: indicators.pws.pws_table (+ nama)."""
    if mode not in ("status", "cakupan"):
        raise ValueError(f"mode peta tidak dikenal: {mode!r}")
    recs = _named_records(rows, ["kode", "nama", *_HOVER_COLUMNS[1:], "target_tahunan"])
    hover = {r["kode"]: _area_hover(r, r["nama"], ind, bulan) for r in recs}
    traces = []

    def add(part: list[dict], name: str, colorscale, z=None, **extra):
        if part:
            traces.append(map_trace([r["kode"] for r in part], [hover[r["kode"]] for r in part], name,
                                    colorscale, z, **extra))

    if mode == "status":
        for key in (*STATUSES, KOSONG):
            colour = status_colour(key)
            add([r for r in recs if _status_key(r["status"]) == key], STATUS_LABEL.get(key, KOSONG_LABEL),
                [[0, colour], [1, colour]])
    else:
        present = [r for r in recs if r["cakupan_kumulatif"] is not None]
        value = [r["cakupan_kumulatif"] for r in present]
        if ind.higher_is_better:
            scale, zmax = CAKUPAN_SKALA, 1.0
        else:
            scale = PREVALENSI_SKALA
            zmax = _upper(value, *(_num(r["target_tahunan"]) / 100 for r in recs))
        k = ind.plot_factor
        if not ind.is_percent:  # a rate: its own range, in its unit
            zmax = _upper(value, ind=ind)
        # a rate is named by its unit, broken after 'per' to keep the colour bar narrow
        title = (ind.unit.replace("per ", "per<br>") if ind.value_label is ValueLabel.ANGKA
                 else str(ind.value_label))
        digits = 4 if ind.is_percent else 2
        add(present, "Cakupan", scale, z=[_round(v * k, digits) for v in value],
            zmin=0, zmax=_round(zmax * k, digits), showscale=True, showlegend=False,
            colorbar={"title": {"text": title}, "tickformat": ind.d3_format(0),
                      "thickness": 14, "len": 0.7, "tickfont": TEXT})
        add([r for r in recs if r["cakupan_kumulatif"] is None], "Tanpa data", [[0, TANPA_DATA], [1, TANPA_DATA]])
    return map_figure(traces, [r["kode"] for r in recs], selected, revision)


# --- breakdowns ----------------------------------------------------------------------------

SERI_WARNA = ("#0072B2", "#CC79A7", "#009E73", "#E69F00")  # Okabe-Ito, not the status colours


def rincian_bars(total: pd.Series | Mapping, rincian: Rincian) -> dict:
    """The breakdown for the chosen area: a bar per part, grouped by kelompok and coloured by
    seri (Laki-laki / Perempuan), labelled with the percentage; hover gives the counts.

    total: indicators.pws.rincian_table's row of the area (RincianView.total)."""
    values = [_num(total.get(f"nilai_{i}")) for i in range(len(rincian.bagian))]
    if all(fmt.is_missing(v) for v in values):
        return empty_figure(f"Belum ada data {rincian.label.lower()}")
    series = list(dict.fromkeys(b.seri for b in rincian.bagian))
    traces = []
    for j, seri in enumerate(series):
        parts = [(i, b) for i, b in enumerate(rincian.bagian) if b.seri == seri]
        traces.append({
            "type": "bar", "name": seri or rincian.label, "showlegend": bool(seri),
            "x": [b.kelompok for _, b in parts], "y": [_round(values[i]) for i, _ in parts],
            "marker": {"color": SERI_WARNA[j % len(SERI_WARNA)]},
            "text": [fmt.persen(values[i]) for i, _ in parts], "textposition": "outside",
            "textfont": TEXT, "cliponaxis": False,
            "hovertext": [f"<b>{b.kelompok}{' · ' + b.seri if b.seri else ''}</b><br>"
                          f"{fmt.angka(total.get(f'jumlah_{i}'))} dari {fmt.angka(total.get(f'penyebut_{i}'), 1)}"
                          for i, b in parts],
            "hovertemplate": "%{hovertext}<extra></extra>",
        })
    finite = [v for v in values if not fmt.is_missing(v)]
    layout = _base_layout(
        height=320, barmode="group", margin={"l": 10, "r": 10, "t": 30, "b": 10},
        xaxis={"tickfont": TEXT, "fixedrange": True, "automargin": True},
        yaxis={"range": [0, max(finite) * 1.25], "tickformat": ".0%", "tickfont": TEXT,
               "fixedrange": True, "automargin": True, "gridcolor": KISI},
        legend={"orientation": "h", "x": 0, "y": 1.12, "font": TEXT},
    )
    return {"data": traces, "layout": layout}


def rincian_by_area(rows: Table, rincian: Rincian) -> dict:
    """Each area's breakdown as a heatmap (areas × parts, percent in the cell), the areas
    with the lowest first part first; grey and '–' where there is no data, never 0%."""
    if rows.empty:
        return empty_figure("Belum ada wilayah untuk ditampilkan")
    n_parts = len(rincian.bagian)
    fields = ["kode", "nama", *[f"{p}_{i}" for i in range(n_parts) for p in ("jumlah", "penyebut", "nilai")]]
    data = sorted(_named_records(rows, fields),
                  key=lambda r: (r["nilai_0"] is None, r["nilai_0"] or 0, r["nama"]))
    columns = [_wrap(f"{b.kelompok}{' · ' + b.seri if b.seri else ''}", 16) for b in rincian.bagian]
    z, text, hover = [], [], []
    for row in data:
        z.append([_round(row[f"nilai_{i}"]) for i in range(n_parts)])
        text.append([fmt.persen(row[f"nilai_{i}"]) for i in range(n_parts)])
        hover.append([f"<b>{row['nama']}</b><br>{fmt.angka(row[f'jumlah_{i}'])} dari "
                      f"{fmt.angka(row[f'penyebut_{i}'], 1)}" for i in range(n_parts)])
    finite = [v for r in z for v in r if v is not None]
    order = [r["kode"] for r in data]
    traces = [{
        "type": "heatmap", "x": columns, "y": order, "z": z, "zmin": 0,
        "zmax": max(finite) if finite else 1, "colorscale": CAKUPAN_SKALA, "showscale": False,
        "xgap": 2, "ygap": 2, "text": text, "texttemplate": "%{text}", "textfont": TEXT,
        "hovertext": hover, "hovertemplate": "%{hovertext} = %{z:.1%}<extra></extra>",
    }]
    names = [r["nama"] for r in data]
    layout = _base_layout(
        height=max(240, 28 * len(order) + 130),
        margin={"l": _left(names), "r": 10, "t": 12 + label_height(columns, TEXT["size"]), "b": 10},
        xaxis={"type": "category", "side": "top", "tickfont": TEXT, "fixedrange": True, "tickangle": 0,
               "automargin": False},
        yaxis={"type": "category", "categoryorder": "array", "categoryarray": order,
               "autorange": "reversed", "tickvals": order, "ticktext": names,
               "tickfont": TEXT, "fixedrange": True, "automargin": False},
        plot_bgcolor="#F2F2F2", showlegend=False, hovermode="closest",
    )
    return {"data": traces, "layout": layout}
