"""Pure figure builders for the visits section of the Dashboard Utama: the trend by place and
the month's breakdowns. Plain dicts, no Dash, no database; text at 15 px or more (a 1024×768
projector). A month without data is a gap, never 0; a cell of 1–4 visits is drawn as "< 5"
without a bar or a percentage."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from domain.kategori import TEMPAT
from figures.iks import _base_layout, empty_figure
from figures.palette import KISI, RINCIAN_WARNA, TEKS, TEMPAT_GARIS, TEMPAT_WARNA
from figures.text import plain
from indicators import format as fmt
from indicators.format import BULAN_PENDEK
from indicators.kunjungan import KECIL, Part, month_name

TEXT = {"size": 15}
TOTAL = "total"
TOTAL_LABEL = "Semua tempat"


def _wrap(text: str, width: int) -> str:
    """Break a label into lines of about `width` characters."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


def _tick(tahun: int, bulan: int) -> str:
    return f"{BULAN_PENDEK[bulan - 1]}<br>{tahun}" if bulan == 1 else BULAN_PENDEK[bulan - 1]


def trend_lines(trend: Mapping[str, Sequence[int | None]], months: Sequence[tuple[int, int]], *,
                area_name: str | None = None) -> dict:
    """Visits per month over `months` (oldest first): a line per place of TEMPAT present in
    `trend` and a bold line for every place together (`trend["total"]`); a month without a
    report is a gap. The last month (the one chosen) is marked."""
    total = list(trend.get(TOTAL, ()))
    if not months or all(v is None for v in total):
        return empty_figure("Belum ada data kunjungan pada 24 bulan ini")
    x = list(range(len(months)))
    labels = [month_name(t, b) for t, b in months]
    traces = []
    for tempat, label in TEMPAT.items():
        if tempat not in trend:
            continue
        values = list(trend[tempat])
        traces.append({
            "type": "scatter", "mode": "lines+markers", "name": label, "x": x, "y": values,
            "line": {"color": TEMPAT_WARNA[tempat], "width": 2.5, "dash": TEMPAT_GARIS[tempat]},
            "marker": {"color": TEMPAT_WARNA[tempat], "size": 5}, "connectgaps": False,
            "hovertext": [f"<b>{label}</b> · {m}: " + (f"{fmt.angka(v)} kunjungan" if v is not None
                                                        else "belum ada laporan") for m, v in zip(labels, values)],
            "hovertemplate": "%{hovertext}<extra></extra>",
        })
    name = TOTAL_LABEL if not area_name else f"{TOTAL_LABEL} ({plain(area_name)})"
    traces.append({
        "type": "scatter", "mode": "lines+markers", "name": name, "x": x, "y": total,
        "line": {"color": TEKS, "width": 4}, "marker": {"color": TEKS, "size": 7}, "connectgaps": False,
        "hovertext": [f"<b>{TOTAL_LABEL}</b> · {m}: " + (f"{fmt.angka(v)} kunjungan" if v is not None
                                                          else "belum ada laporan") for m, v in zip(labels, total)],
        "hovertemplate": "%{hovertext}<extra></extra>",
    })
    peak = max((v for t in traces for v in t["y"] if v is not None), default=0)
    last = x[-1]
    layout = _base_layout(
        height=400, margin={"l": 10, "r": 20, "t": 50, "b": 10}, hovermode="closest",
        xaxis={"tickvals": x, "ticktext": [_tick(t, b) for t, b in months], "tickfont": TEXT,
               "range": [-0.5, last + 0.5], "fixedrange": True, "automargin": True, "gridcolor": "#F2F2F2",
               "zeroline": False},
        yaxis={"range": [0, peak * 1.12 or 1], "tickformat": ",d", "tickfont": TEXT, "fixedrange": True,
               "automargin": True, "gridcolor": KISI, "zeroline": False,
               "title": {"text": "Kunjungan per bulan", "font": TEXT}},
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "font": TEXT},
        shapes=[{"type": "line", "x0": last, "x1": last, "yref": "paper", "y0": 0, "y1": 1,
                 "line": {"color": "#999999", "width": 1, "dash": "dot"}}],
    )
    return {"data": traces, "layout": layout}


def breakdown_bars(parts: Sequence[Part], *, colours: Mapping[str, str] | None = None, wrap: int = 12,
                   height: int = 320) -> dict:
    """One bar per part with its count and share; a small part (1–4 visits) shows "< 5",
    with neither a bar nor a percentage (its count is not sent to the browser at all)."""
    if not parts or all(p.jumlah == 0 for p in parts):
        return empty_figure("Belum ada kunjungan")
    x = [_wrap(p.label, wrap) for p in parts]
    y = [0 if p.kecil else p.jumlah for p in parts]
    text = [KECIL if p.kecil else f"{fmt.angka(p.jumlah)}<br>{fmt.persen(p.bagian)}" for p in parts]
    hover = [f"<b>{p.label}</b><br>" + ("kurang dari 5 kunjungan (angka kecil tidak ditampilkan)" if p.kecil
                                        else f"{fmt.angka(p.jumlah)} kunjungan ({fmt.persen(p.bagian)})")
             for p in parts]
    colour = [(colours or {}).get(p.kode, RINCIAN_WARNA) for p in parts]
    trace = {"type": "bar", "x": x, "y": y, "text": text, "textposition": "outside", "textfont": TEXT,
             "cliponaxis": False, "marker": {"color": colour}, "hovertext": hover,
             "hovertemplate": "%{hovertext}<extra></extra>"}
    peak = max(y) or 1
    layout = _base_layout(
        height=height, margin={"l": 10, "r": 10, "t": 20, "b": 10}, showlegend=False, bargap=0.3,
        xaxis={"tickfont": TEXT, "fixedrange": True, "automargin": True},
        yaxis={"range": [0, peak * 1.35], "tickformat": ",d", "tickfont": TEXT, "fixedrange": True,
               "automargin": True, "gridcolor": KISI, "zeroline": True},
    )
    return {"data": [trace], "layout": layout}
