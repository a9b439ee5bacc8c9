"""Pure figure builders of the morbidity section (Dashboard Utama): the ten most frequent
diagnoses, their trend as small multiples, the map of one diagnosis per 1.000 penduduk and
its breakdown by age and sex. Plain dicts; every diagnosis and area name goes through
figures.text.plain (a name comes from an imported file), numbers the Indonesian way."""
from __future__ import annotations

import math

import pandas as pd

from domain.kategori import JENIS_KELAMIN
from figures.iks import _base_layout, empty_figure, map_figure, map_trace
from figures.palette import PREVALENSI_SKALA, TANPA_DATA, TEKS
from figures.text import plain
from indicators import format as fmt
from indicators.format import BULAN_PENDEK
from indicators.morbiditas import KECIL, UNIT

__all__ = ["breakdown_bars", "diagnosis_label", "morbiditas_map_spec", "top_bars", "trend_multiples"]

TEXT = {"size": 15}  # chart text ≥ 14 px on a 1024×768 projector
BAR = "#0072B2"  # Okabe–Ito blue: a count, no status meaning
TREND = "#0072B2"
SEKS_WARNA = {"L": "#0072B2", "P": "#CC79A7"}  # Okabe–Ito blue and reddish purple
TANPA_PENDUDUK = "Tanpa data penduduk"


def diagnosis_label(kode: str, nama: object) -> str:
    """'Nama diagnosis (J06.9)', safe to draw: the name is the file's text."""
    return f"{plain(nama)} ({plain(kode)})"


def _wrap(text: str, width: int) -> str:
    """Break a label at spaces into lines of about `width` characters (plotly's <br>)."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def _month(tahun: int, bulan: int) -> str:
    return f"{BULAN_PENDEK[bulan - 1]} {str(tahun)[2:]}"


def top_bars(rows: pd.DataFrame, *, period: str) -> dict:
    """Horizontal bars of the most frequent diagnoses (rows: kode_icd, nama, jumlah; most
    first), the largest on top, each labelled with its count."""
    if rows.empty:
        return empty_figure(f"Tidak ada kasus {period}")
    labels = [_wrap(diagnosis_label(k, n), 34) for k, n in zip(rows["kode_icd"], rows["nama"])]
    counts = [int(v) for v in rows["jumlah"]]
    hover = [f"<b>{diagnosis_label(k, n)}</b><br>{fmt.angka(v)} kasus baru, {plain(period)}"
             for k, n, v in zip(rows["kode_icd"], rows["nama"], counts)]
    trace = {"type": "bar", "orientation": "h", "x": counts, "y": labels, "marker": {"color": BAR},
             "text": [fmt.angka(v) for v in counts], "textposition": "outside", "textfont": TEXT,
             "cliponaxis": False, "hovertext": hover, "hovertemplate": "%{hovertext}<extra></extra>"}
    layout = _base_layout(
        height=100 + 46 * len(rows), margin={"l": 10, "r": 60, "t": 10, "b": 50},
        xaxis={"title": {"text": "kasus baru", "standoff": 8}, "tickformat": ",d", "fixedrange": True, "tickfont": TEXT,
               "range": [0, max(counts) * 1.18 or 1], "gridcolor": "#EEEEEE"},
        yaxis={"autorange": "reversed", "automargin": True, "tickfont": {"size": 15}, "fixedrange": True},
        showlegend=False,
    )
    return {"data": [trace], "layout": layout}


def trend_multiples(series: pd.DataFrame, top: pd.DataFrame, *, columns: int = 3) -> dict:
    """One small line chart per diagnosis (top: kode_icd, nama, in rank order), each on its
    own y scale, over the months of `series` (kode_icd, tahun, bulan, jumlah; None = no
    report that month: a gap, never 0). Ticks at each January only, so that neighbouring
    panels do not crowd."""
    if top.empty:
        return empty_figure("Tidak ada diagnosis untuk ditampilkan")
    n = len(top)
    rows = math.ceil(n / columns)
    row_px, title_px, gap_px = 160, 36, 24
    height_px = rows * row_px
    gap_x = 0.075
    width = (1 - gap_x * (columns - 1)) / columns
    traces, annotations, axes = [], [], {}
    by_code: dict[str, list[tuple]] = {}
    for kode, y, m, v in zip(series["kode_icd"].tolist(), series["tahun"].tolist(), series["bulan"].tolist(),
                             series["jumlah"].tolist()):
        by_code.setdefault(kode, []).append((int(y), int(m), v))
    for i, (kode, nama) in enumerate(zip(top["kode_icd"].tolist(), top["nama"].tolist())):
        part = by_code.get(kode, [])
        r, c = divmod(i, columns)
        x0 = c * (width + gap_x)
        top_y = 1 - r * row_px / height_px
        plot_top = top_y - title_px / height_px
        plot_bottom = top_y - (row_px - gap_px) / height_px
        suffix = "" if i == 0 else str(i + 1)
        months = [_month(y, m) for y, m, _ in part]
        values = [None if fmt.is_missing(v) else int(v) for _, _, v in part]
        label = diagnosis_label(kode, nama)
        traces.append({
            "type": "scatter", "mode": "lines", "x": months, "y": values, "xaxis": f"x{suffix}",
            "yaxis": f"y{suffix}", "line": {"color": TREND, "width": 2}, "connectgaps": False,
            "hovertext": [f"<b>{label}</b><br>{m}: {fmt.angka(v) if v is not None else 'tidak ada laporan'}"
                          for m, v in zip(months, values)],
            "hovertemplate": "%{hovertext}<extra></extra>", "showlegend": False,
        })
        ticks = [label_ for label_, (_, m, _) in zip(months, part) if m == 1]
        axes[f"xaxis{suffix}"] = {"domain": [x0, x0 + width], "anchor": f"y{suffix}", "fixedrange": True,
                                  "tickmode": "array", "tickvals": ticks, "tickfont": {"size": 14},
                                  "showgrid": False, "type": "category"}
        axes[f"yaxis{suffix}"] = {"domain": [max(plot_bottom, 0), plot_top], "anchor": f"x{suffix}",
                                  "rangemode": "tozero", "fixedrange": True, "tickfont": {"size": 14},
                                  "tickformat": ",d", "nticks": 4, "gridcolor": "#EEEEEE"}
        annotations.append({"text": _wrap(f"{i + 1}. {label}", 30), "x": x0, "y": top_y, "xref": "paper",
                            "yref": "paper", "xanchor": "left", "yanchor": "top", "showarrow": False,
                            "align": "left", "font": {"size": 14, "color": TEKS}})
    layout = _base_layout(height=height_px + 40, margin={"l": 40, "r": 10, "t": 10, "b": 30},
                          annotations=annotations, showlegend=False, **axes)
    return {"data": traces, "layout": layout}


def _rate_text(row) -> str:
    if fmt.is_missing(row.get("per_1000")):
        return f"tanpa angka per 1.000: {plain(row.get('keterangan') or 'jumlah penduduk tidak diketahui')}"
    return f"{fmt.angka(row['per_1000'], 2)} per 1.000 penduduk ({fmt.angka(row['penduduk'])} penduduk)"


def morbiditas_map_spec(rows: pd.DataFrame, *, diagnosis: str, selected: str | None = None,
                        revision: str = "") -> dict:
    """The cases of one diagnosis per 1.000 penduduk per area as a choropleth without its
    geometry (the format of figures.iks.map_spec; peta.js adds the outlines). A sequential
    light-to-dark orange scale from 0 (more cases, darker); areas whose population is not
    known are grey, "Tanpa data penduduk". The selected area is outlined.

    rows: data_access.morbiditas.cases_by_level (kode, nama, penduduk, kasus, per_1000,
    keterangan); diagnosis: its label, shown in the hover as text."""
    names = ("kode", "nama", "penduduk", "kasus", "per_1000", "keterangan")
    recs = [dict(zip(names, values)) for values in zip(*(rows[c].tolist() for c in names))]
    hover = {r["kode"]: (f"<b>{plain(r['nama'])}</b><br>{plain(diagnosis)}: {fmt.angka(r['kasus'])} kasus<br>"
                         + _rate_text(r)) for r in recs}
    present = [r for r in recs if not fmt.is_missing(r["per_1000"])]
    missing = [r for r in recs if fmt.is_missing(r["per_1000"])]
    traces = []
    if present:
        values = [round(float(r["per_1000"]), 3) for r in present]
        top = max(values) or 1.0
        traces.append(map_trace(
            [r["kode"] for r in present], [hover[r["kode"]] for r in present], "Kasus per 1.000",
            PREVALENSI_SKALA, z=values, zmin=0, zmax=top, showscale=True, showlegend=False,
            colorbar={"title": {"text": UNIT.replace("per ", "per<br>")}, "tickformat": ",.1f",
                      "thickness": 14, "len": 0.7, "tickfont": TEXT}))
    if missing:
        traces.append(map_trace([r["kode"] for r in missing], [hover[r["kode"]] for r in missing],
                                TANPA_PENDUDUK, [[0, TANPA_DATA], [1, TANPA_DATA]]))
    return map_figure(traces, [r["kode"] for r in recs], selected, revision)


def breakdown_bars(table: pd.DataFrame, *, diagnosis: str) -> dict:
    """The cases of one diagnosis by life-cycle band and sex (indicators.morbiditas.
    siklus_breakdown): a bar per band and sex labelled with its count; a cell of 1–4 cases
    has no bar and reads "< 5". diagnosis: its label as text (escaped here)."""
    if table.empty or not (table["L"].sum() + table["P"].sum()):
        return empty_figure(f"Tidak ada kasus {_wrap(plain(diagnosis), 50)}")
    traces = []
    for jk, label in JENIS_KELAMIN.items():
        shown = list(table[f"teks_{jk}"])
        values = [0 if t == KECIL else int(v) for t, v in zip(shown, table[jk])]
        traces.append({
            "type": "bar", "name": label, "x": list(table["siklus"]), "y": values,
            "marker": {"color": SEKS_WARNA[jk]}, "text": shown, "textposition": "outside",
            "textfont": TEXT, "cliponaxis": False,
            "hovertext": [f"<b>{b}</b> · {label}: {t} kasus" for b, t in zip(table["siklus"], shown)],
            "hovertemplate": "%{hovertext}<extra></extra>",
        })
    top = max(max(t["y"]) for t in traces) or 1
    layout = _base_layout(
        height=330, barmode="group", margin={"l": 10, "r": 10, "t": 36, "b": 10},
        xaxis={"tickfont": {"size": 15}, "fixedrange": True, "automargin": True},
        yaxis={"range": [0, top * 1.22], "tickformat": ",d", "tickfont": TEXT, "fixedrange": True,
               "automargin": True, "gridcolor": "#EEEEEE", "title": {"text": "kasus"}},
        legend={"orientation": "h", "x": 0, "y": 1.14, "font": TEXT},
    )
    return {"data": traces, "layout": layout}
