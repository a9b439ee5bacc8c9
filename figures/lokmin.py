"""The chart of one lokakarya mini slide (indicators/lokmin.py), sized for a 1024×768
projector; the presentation page, the PPTX and the PDF all draw it from here.

Legible from the back of the room: chart text ≥ 16 px (never below 14), axis titles 18;
colours of figures/palette.py (Okabe–Ito), never colour alone (the status word is written);
value labels sit in a column right of the plot area, so a target line never crosses them;
every text that comes from the data goes through figures.text.plain. The map draws the
areas' outlines as filled scatter traces on plain axes: no base map, no download, so it
renders offline in the browser (CSP) and in kaleido."""
from __future__ import annotations

import math
from collections.abc import Sequence

from figures.palette import (
    AMBANG,
    FONT,
    KATEGORI_WARNA,
    KISI,
    LANGKAH,
    LANGKAH_PERKIRAAN,
    PERINGATAN,
    REDUP,
    STATUS_KOSONG,
    STATUS_TEKS,
    STATUS_WARNA,
    TANPA_DATA,
    TEKS,
)
from figures.text import plain
from indicators import format as fmt
from indicators.iks import Kategori
from indicators.lokmin import Slide
from indicators.pws import STATUS_LABEL
from indicators.tanpa_laporan import MARK

WIDTH, HEIGHT = 960, 540  # the chart's area on a 1024×768 slide, below its title
TEXT_PX = 16  # tick labels, value labels, table cells
TITLE_PX = 18  # axis titles, legend
MAX_BARS = 15  # rows of a bar chart (540 px: 15 rows of ≥ 28 px)
MAX_TABLE = 8  # rows of a table slide
MAX_MANAJEMEN = 10  # rows of the Klaster 1 slide (one line each, 16 px)
MAX_TEMUAN = 10  # findings listed on the closing slide (16 px rows)
NAME_CHARS = 22  # a desa name longer than this is shortened (unambiguously)
MUTED = REDUP
HEADER_FILL = "#E8E8E8"
ARAH_GLYPH = {"membaik": "▲ membaik", "memburuk": "▼ memburuk", "tetap": "= tetap", "tanpa data": "– tanpa data"}
KATEGORI_LABEL = {Kategori.SEHAT.value: "Sehat (> 0,800)", Kategori.PRA_SEHAT.value: "Pra-sehat (0,500–0,800)",
                  Kategori.TIDAK_SEHAT.value: "Tidak sehat (< 0,500)", None: "Tanpa data"}


def _layout(**extra) -> dict:
    base = {"width": WIDTH, "height": HEIGHT, "margin": {"l": 60, "r": 20, "t": 20, "b": 60},
            "font": {"family": FONT, "size": TEXT_PX, "color": TEKS}, "plot_bgcolor": "white",
            "paper_bgcolor": "white", "showlegend": False, "separators": fmt.PLOTLY_SEPARATORS}
    base.update(extra)
    return base


def _axis_title(text: str) -> dict:
    return {"text": text, "font": {"size": TITLE_PX}, "standoff": 12}


def short_names(names: Sequence[str], limit: int = NAME_CHARS, level: str = "") -> list[str]:
    """Names for a tight axis or label: the level word the slide already says dropped
    ("Puskesmas Kalijaya" → "Kalijaya" when `level` is "Puskesmas"), then a name longer than
    `limit` cut with '…', but never shorter than what tells it apart from every other name
    (so "Margoutomo…" never stands for two areas). Not escaped (plain() does that)."""
    prefix = f"{level.lower()} " if level else ""
    names = [str(n)[len(prefix):] if prefix and str(n).lower().startswith(prefix) and len(str(n)) > len(prefix)
             else str(n) for n in names]
    out = []
    for i, n in enumerate(names):
        if len(n) <= limit:
            out.append(n)
            continue
        common = max((_common_prefix(n, o) for j, o in enumerate(names) if j != i), default=0)
        keep = max(limit - 1, common + 1)
        out.append(n if keep >= len(n) else n[:keep].rstrip() + "…")
    return out


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _wrap(text: str, width: int = 14) -> str:
    """Escaped text broken into lines of about `width` characters (plotly draws <br>)."""
    words, lines, line = str(text).split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    if line:
        lines.append(line)
    return "<br>".join(plain(x) for x in lines)


def slide_figure(slide: Slide) -> dict | None:
    """A plotly figure dict for the slide, or None for a slide without a chart (the title,
    an empty RTL or data-quality list, a slide built without data)."""
    draw = _DRAW.get(slide.jenis)
    return draw(slide.data) if draw and slide.data else None


# --- scorecard -------------------------------------------------------------------------------

def _skor(data) -> dict:
    status = data["status"]
    names = list(status)
    labels = [STATUS_LABEL.get(s, s) for s in names]
    values = [status[s] for s in names]
    colours = [STATUS_WARNA.get(s, STATUS_KOSONG) for s in names]
    if data.get("tanpa_status"):
        labels.append("Tanpa status")
        values.append(data["tanpa_status"])
        colours.append(STATUS_KOSONG)
    top = max(values + [1])
    return {"data": [{"type": "bar", "x": labels, "y": values, "marker": {"color": colours},
                      "text": [fmt.angka(v) for v in values], "textposition": "outside", "cliponaxis": False,
                      "textfont": {"size": TITLE_PX}, "hoverinfo": "skip"}],
            "layout": _layout(margin={"l": 80, "r": 20, "t": 40, "b": 60},
                              xaxis={"tickfont": {"size": TITLE_PX}},
                              yaxis={"title": _axis_title("jumlah indikator"), "range": [0, top * 1.2],
                                     "tickfont": {"size": TEXT_PX}, "gridcolor": KISI})}


# --- an indicator per desa --------------------------------------------------------------------------

def _factor(data) -> int:
    return 1 if data["satuan"] == fmt.PERSEN else data["faktor"]


def _right_column(texts: list[str], ys: list, size: int = TEXT_PX) -> list[dict]:
    """Value labels in a column right of the plot area (no line can cross them)."""
    return [{"xref": "paper", "x": 1.01, "xanchor": "left", "yref": "y", "y": y, "text": t,
             "showarrow": False, "align": "left", "font": {"size": size, "color": TEKS}} for t, y in zip(texts, ys)]


def _indikator(data) -> dict:
    if not data["n_jelek"] and sum(v is not None for v in data["bulanan"]) >= 2:
        return _monthly(data)  # no desa jelek: the slide is about the area's own falling month
    rows = list(data["baris"])[:MAX_BARS]
    rows.reverse()  # the worst at the top
    f = 100 if data["satuan"] == fmt.PERSEN else data["faktor"]
    names = [plain(n) for n in short_names([r["nama"] for r in data["baris"]], level=data["anak"])]
    names = names[:len(rows)][::-1]
    ys = list(range(len(rows)))
    xs = [None if r["nilai"] is None else r["nilai"] * f for r in rows]
    colours = [STATUS_WARNA.get(r["status"], STATUS_KOSONG) for r in rows]
    # '!': the status rests on months without report (the speaker's note names them)
    texts = [plain(f"{r['teks']} · {STATUS_LABEL.get(r['status'], 'tanpa status').lower()}"
                   + (f" {MARK}" if r.get("laporan") else "")) for r in rows]
    target = data.get("target")
    top = max([x for x in xs if x is not None] + [target * f if target is not None else 0, 1e-9])
    shapes, notes = [], _right_column(texts, ys)
    if target is not None:
        t = target * f
        shapes.append({"type": "line", "xref": "x", "x0": t, "x1": t, "yref": "paper", "y0": 0, "y1": 1,
                       "line": {"color": AMBANG, "width": 2, "dash": "dash"}})
        notes.append({"xref": "x", "x": t, "yref": "paper", "y": 1.0, "yanchor": "bottom", "showarrow": False,
                      "text": plain("target " + fmt.nilai(target, factor=data["faktor"], unit=data["satuan"],
                                                          decimals=data["desimal"])),
                      "font": {"size": TEXT_PX, "color": MUTED}})
    hidden = list(data["baris"])[len(rows):]
    below = []
    if hidden:
        jelek = sum(1 for r in hidden if r["status"] == "jelek")
        why = f"{jelek} di antaranya jelek" if jelek else "statusnya lebih baik"
        below.append(f"… dan {len(hidden)} {data['anak']} lain ({why})")
    if any(r.get("laporan") for r in rows):
        below.append(f"{MARK} status bertumpu pada bulan tanpa laporan")
    if below:
        notes.append({"xref": "paper", "x": 0, "yref": "paper", "y": -0.12, "xanchor": "left", "showarrow": False,
                      "text": plain(" · ".join(below)), "font": {"size": 14, "color": MUTED}})
    unit = "%" if data["satuan"] == fmt.PERSEN else plain(data["satuan"])
    return {"data": [{"type": "bar", "orientation": "h", "x": xs, "y": ys, "marker": {"color": colours},
                      "hoverinfo": "skip"}],
            "layout": _layout(margin={"l": 200, "r": 210, "t": 40, "b": 70}, shapes=shapes, annotations=notes,
                              bargap=0.25,
                              xaxis={"title": _axis_title(f"nilai Januari s.d. bulan ini ({unit})"),
                                     "range": [0, top * 1.05],
                                     "tickfont": {"size": TEXT_PX}, "gridcolor": KISI, "zeroline": False},
                              yaxis={"tickvals": ys, "ticktext": names, "tickfont": {"size": TEXT_PX},
                                     "automargin": False, "range": [-0.6, max(len(rows), 1) - 0.4]})}


def _monthly(data) -> dict:
    """The area's own monthly value January..bulan, the last month marked: the fall the title
    states. No target line: a month's share of an annual sasaran is not read against it."""
    values = list(data["bulanan"])
    f = 100 if data["satuan"] == fmt.PERSEN else data["faktor"]
    ys = [None if v is None else v * f for v in values]
    months = list(fmt.BULAN_PENDEK[:len(values)])
    colours = [LANGKAH] * len(values)
    colours[-1] = PERINGATAN
    texts = [fmt.nilai(v, factor=data["faktor"], unit=data["satuan"], decimals=data["desimal"])
             if v is not None else "" for v in values]
    top = max([y for y in ys if y is not None] + [1e-9])
    unit = "%" if data["satuan"] == fmt.PERSEN else plain(data["satuan"])
    total = data["total"]
    note = (f"{total.get('nama', '')}: nilai kumulatif {total.get('teks', '')}, "
            f"status {total.get('status') or 'tanpa status'}")
    return {"data": [{"type": "bar", "x": months, "y": ys, "marker": {"color": colours},
                      "text": [plain(t) for t in texts], "textposition": "outside", "cliponaxis": False,
                      "textfont": {"size": TEXT_PX if len(values) > 9 else TITLE_PX}, "hoverinfo": "skip"}],
            "layout": _layout(margin={"l": 90, "r": 20, "t": 30, "b": 90}, bargap=0.2,
                              annotations=[{"xref": "paper", "yref": "paper", "x": 0, "y": -0.2, "xanchor": "left",
                                            "showarrow": False, "font": {"size": TEXT_PX, "color": MUTED},
                                            "text": plain(note)}],
                              xaxis={"tickfont": {"size": TEXT_PX}},
                              yaxis={"title": _axis_title(f"nilai bulanan ({unit})"), "range": [0, top * 1.2],
                                     "tickfont": {"size": TEXT_PX}, "gridcolor": KISI})}


def _lainnya(data) -> dict:
    rows = list(data["baris"])[:MAX_BARS]
    rows.reverse()
    ys = list(range(len(rows)))
    names = [plain(n) for n in short_names([r["short"] for r in rows], 26)]
    xs = [r["n_jelek"] for r in rows]
    texts = [plain(f"{r['n_jelek']} dari {r['n']} · total {r['teks']} "
                   f"({STATUS_LABEL.get(r['status'], 'tanpa status').lower()})") for r in rows]
    top = max(xs + [1])
    return {"data": [{"type": "bar", "orientation": "h", "x": xs, "y": ys,
                      "marker": {"color": STATUS_WARNA["jelek"]}, "hoverinfo": "skip"}],
            "layout": _layout(margin={"l": 230, "r": 300, "t": 20, "b": 70}, annotations=_right_column(texts, ys),
                              bargap=0.3,
                              xaxis={"title": _axis_title(f"{data['anak']} jelek"), "range": [0, top * 1.05],
                                     "dtick": max(1, math.ceil(top / 6)), "tickfont": {"size": TEXT_PX},
                                     "gridcolor": KISI},
                              yaxis={"tickvals": ys, "ticktext": names, "tickfont": {"size": TEXT_PX},
                                     "range": [-0.6, max(len(rows), 1) - 0.4]})}


# --- cascade -------------------------------------------------------------------------------------

def _kaskade(data) -> dict:
    steps = list(data["langkah"])
    lost = data["hilang"]
    labels = [_wrap(s["label"], 16) for s in steps]
    xs = list(range(len(steps)))
    values = [s["nilai"] for s in steps]
    colours = []
    for s in steps:
        if s["kode"] in (lost["dari"], lost["ke"]):
            colours.append(PERINGATAN if s["kode"] == lost["ke"] else LANGKAH)
        else:
            colours.append(LANGKAH_PERKIRAAN if s["perkiraan"] else LANGKAH)
    top = max([v for v in values if v is not None] + [1])
    codes = [s["kode"] for s in steps]
    a, b = codes.index(lost["dari"]), codes.index(lost["ke"])
    note = {"xref": "x", "x": (a + b) / 2, "yref": "y", "y": top * 1.22, "showarrow": False,
            "text": plain(f"−{fmt.angka(lost['jumlah'])} orang ({fmt.persen(lost['lanjut'])} lanjut)"),
            "font": {"size": TITLE_PX, "color": "#000000"}, "bgcolor": "#FFFFFF",
            "bordercolor": PERINGATAN, "borderwidth": 2, "borderpad": 4}
    return {"data": [{"type": "bar", "x": xs, "y": values, "marker": {"color": colours, "line": {"color": TEKS,
                                                                                              "width": 1}},
                      "text": [fmt.angka(v) for v in values], "textposition": "outside", "cliponaxis": False,
                      "textfont": {"size": TEXT_PX}, "hoverinfo": "skip"}],
            "layout": _layout(margin={"l": 90, "r": 20, "t": 20, "b": 90}, annotations=[note],
                              xaxis={"tickvals": xs, "ticktext": labels, "tickfont": {"size": TEXT_PX}},
                              yaxis={"title": _axis_title("orang (Januari s.d. bulan ini)"),
                                     "range": [0, top * 1.35], "tickformat": ",d", "tickfont": {"size": TEXT_PX},
                                     "gridcolor": KISI})}


# --- IKS map ---------------------------------------------------------------------------------------

def _iks(data) -> dict:
    rows = {r["kode"]: r for r in data["baris"]}
    peta = [p for p in data["peta"] if p["cincin"]]
    if not peta:
        return _iks_bars(data)
    traces, labels, shown = [], [], set()
    xs_all = [x for p in peta for ring in p["cincin"] for x, _ in ring]
    ys_all = [y for p in peta for ring in p["cincin"] for _, y in ring]
    ratio = 1 / max(math.cos(math.radians((min(ys_all) + max(ys_all)) / 2)), 0.2)
    for p in peta:
        row = rows.get(p["kode"], {})
        kategori = row.get("kategori")
        colour = KATEGORI_WARNA.get(Kategori(kategori), TANPA_DATA) if kategori else TANPA_DATA
        for i, ring in enumerate(p["cincin"]):
            first = kategori not in shown and i == 0
            shown.add(kategori)
            traces.append({"type": "scatter", "mode": "lines", "x": [x for x, _ in ring], "y": [y for _, y in ring],
                           "fill": "toself", "fillcolor": colour, "line": {"color": "#FFFFFF", "width": 1.5},
                           "hoverinfo": "skip", "name": KATEGORI_LABEL.get(kategori, "Tanpa data"),
                           "legendgroup": str(kategori), "showlegend": first})
        change = row.get("perubahan")
        value = f"{fmt.indeks(row.get('iks'))}" + (f" ({fmt.selisih(change)})" if change is not None else "")
        labels.append((p["nama"], value, p["pusat"]))
    names = short_names([name for name, _, _ in labels], 16, level=data["anak"])
    labels = [(name, value, at) for name, (_, value, at) in zip(names, labels)]
    frame = _MapFrame(min(xs_all), max(xs_all), min(ys_all), max(ys_all), ratio)
    notes = frame.place(labels)
    order = list(KATEGORI_LABEL.values())
    traces.sort(key=lambda t: order.index(t["name"]))
    return {"data": traces,
            "layout": _layout(margin=dict(frame.margin), annotations=notes, showlegend=True,
                              legend={"font": {"size": TEXT_PX}, "x": 1, "xanchor": "right", "y": 0,
                                      "yanchor": "bottom", "bgcolor": "rgba(255,255,255,0.9)"},
                              xaxis={"visible": False, "range": list(frame.x_range), "constrain": "domain"},
                              yaxis={"visible": False, "range": list(frame.y_range), "scaleanchor": "x",
                                     "scaleratio": ratio, "constrain": "domain"})}


class _MapFrame:
    """Where the map's areas land in pixels (axes at equal scale, ratio for the latitude), so
    that the labels are placed without overlapping: each at its area's inside point when it
    fits there, else moved out along a spiral with a leader line."""

    margin = {"l": 10, "r": 10, "t": 10, "b": 10}
    CHAR_PX, LINE_PX = 8.2, 19  # 14 px text: an average character, a line

    def __init__(self, x0, x1, y0, y1, ratio):
        pad_x, pad_y = (x1 - x0) * 0.04 or 0.01, (y1 - y0) * 0.04 or 0.01
        self.x_range, self.y_range = (x0 - pad_x, x1 + pad_x), (y0 - pad_y, y1 + pad_y)
        w = WIDTH - self.margin["l"] - self.margin["r"]
        h = HEIGHT - self.margin["t"] - self.margin["b"]
        dx, dy = self.x_range[1] - self.x_range[0], (self.y_range[1] - self.y_range[0]) * ratio
        self.scale = min(w / dx, h / dy)
        self.ratio = ratio
        self.cx, self.cy = sum(self.x_range) / 2, sum(self.y_range) / 2
        self.w, self.h = w, h

    def px(self, x, y) -> tuple[float, float]:
        """Pixels from the plot's centre, y downwards."""
        return (x - self.cx) * self.scale, -(y - self.cy) * self.ratio * self.scale

    def place(self, labels) -> list[dict]:
        taken: list[tuple[float, float, float, float]] = []
        notes = []
        offsets = [(0, 0)] + [(r * math.cos(a), r * math.sin(a)) for r in (45, 75, 110, 150)
                              for a in [k * math.pi / 4 for k in (6, 2, 0, 4, 7, 5, 1, 3)]]
        for name, value, (x, y) in sorted(labels, key=lambda item: -item[2][1]):
            w = max(len(name), len(value)) * self.CHAR_PX + 8
            h = 2 * self.LINE_PX + 6
            px, py = self.px(x, y)
            chosen = None
            for ox, oy in offsets:
                box = (px + ox - w / 2, py + oy - h / 2, px + ox + w / 2, py + oy + h / 2)
                inside = (-self.w / 2 <= box[0] and box[2] <= self.w / 2
                          and -self.h / 2 <= box[1] and box[3] <= self.h / 2)
                if inside and not any(_overlap(box, t) for t in taken):
                    chosen = (ox, oy, box)
                    break
            if chosen is None:
                chosen = (0, 0, (px - w / 2, py - h / 2, px + w / 2, py + h / 2))
            ox, oy, box = chosen
            taken.append(box)
            note = {"x": x, "y": y, "xref": "x", "yref": "y", "text": f"{plain(name)}<br>{plain(value)}",
                    "font": {"size": 14, "color": "#000000"}, "bgcolor": "rgba(255,255,255,0.9)",
                    "borderpad": 2, "showarrow": bool(ox or oy)}
            if ox or oy:
                note.update(ax=ox, ay=oy, arrowcolor="#000000", arrowwidth=1.5, arrowhead=0)
            notes.append(note)
        return notes


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _iks_bars(data) -> dict:
    """Without outlines: the IKS per unit as bars, the change in the right column."""
    rows = sorted(data["baris"], key=lambda r: (r["iks"] is None, r["iks"] or 0))[:MAX_BARS]
    rows.reverse()
    ys = list(range(len(rows)))
    colours = [KATEGORI_WARNA.get(Kategori(r["kategori"]), TANPA_DATA) if r["kategori"] else TANPA_DATA
               for r in rows]
    texts = [plain(f"{fmt.indeks(r['iks'])} ({fmt.selisih(r['perubahan'])})") for r in rows]
    return {"data": [{"type": "bar", "orientation": "h", "x": [r["iks"] for r in rows], "y": ys,
                      "marker": {"color": colours, "line": {"color": TEKS, "width": 1}}, "hoverinfo": "skip"}],
            "layout": _layout(margin={"l": 200, "r": 170, "t": 20, "b": 70}, annotations=_right_column(texts, ys),
                              xaxis={"title": _axis_title("IKS"), "range": [0, 1], "tickformat": ".1f",
                                     "tickfont": {"size": TEXT_PX}, "gridcolor": KISI},
                              yaxis={"tickvals": ys, "ticktext": [plain(n) for n in short_names(
                                  [r["nama"] for r in rows], level=data["anak"])], "tickfont": {"size": TEXT_PX},
                                  "range": [-0.6, max(len(rows), 1) - 0.4]})}


# --- tables: RTL, data quality, closing -----------------------------------------------------------

def _table(header: list[str], columns: list[list[str]], widths: list[float], note: str = "",
           size: int = TITLE_PX, fills: list[list[str]] | None = None, colors: list[list[str]] | None = None) -> dict:
    layout = _layout(margin={"l": 10, "r": 10, "t": 10, "b": 40 if note else 10})
    if note:
        layout["annotations"] = [{"xref": "paper", "yref": "paper", "x": 0, "y": 0, "yanchor": "top",
                                  "xanchor": "left", "showarrow": False, "text": plain(note),
                                  "font": {"size": 14, "color": MUTED}}]
    return {"data": [{"type": "table", "columnwidth": widths,
                      "header": {"values": [f"<b>{plain(h)}</b>" for h in header], "align": "left",
                                 "fill": {"color": HEADER_FILL}, "font": {"size": TITLE_PX, "color": TEKS},
                                 "height": 38},
                      "cells": {"values": [[plain(v) for v in col] for col in columns], "align": "left",
                                "font": {"size": size, "color": colors or TEKS}, "height": size * 2,
                                "fill": {"color": fills or "#FFFFFF"}, "line": {"color": "#CCCCCC"}}}],
            "layout": layout}


def _rtl(data) -> dict | None:
    items = list(data["rtl"])
    if not items:
        return None
    shown = items[:MAX_TABLE]

    def change(i) -> str:
        if not i["lalu"]:
            return "–"
        return (f"{i['label']} {i['wilayah']}: {i['lalu']['teks']} (target {i['lalu']['teks_target']}) → "
                f"{i['kini']['teks']} (target {i['kini']['teks_target']}): {ARAH_GLYPH.get(i['arah'], i['arah'])}")

    columns = [[i["tindakan"] for i in shown], [i["pj"] for i in shown],
               [f"{i['status_label']}" + (f" · tenggat {i['tenggat']}" if i["tenggat"] else "") for i in shown],
               [change(i) for i in shown]]
    note = f"… dan {len(items) - len(shown)} RTL lain" if len(items) > len(shown) else ""
    return _table(["Kegiatan", "PJ", "Status", "Indikator sasaran: dulu → kini"], columns, [3, 1.4, 1.8, 3.4], note)


def _manajemen(data) -> dict | None:
    rows = list(data["baris"])
    if not rows:
        return None
    shown = rows[:MAX_MANAJEMEN]
    status = [STATUS_LABEL.get(r["status"], "–") for r in shown]
    note = f"… dan {len(rows) - len(shown)} hal lain" if len(rows) > len(shown) else ""
    white = ["#FFFFFF"] * len(shown)
    # the status cell in its status colour (the word stays: colour is never the only sign)
    fills = [white, white, [STATUS_WARNA.get(r["status"], "#FFFFFF") for r in shown], white]
    colors = [[TEKS] * len(shown), [TEKS] * len(shown), [STATUS_TEKS.get(r["status"], TEKS) for r in shown],
              [TEKS] * len(shown)]
    return _table(["Hal", "Nilai", "Status", "Keterangan"],
                  [[r["judul"] for r in shown], [r["nilai"] for r in shown], status,
                   [r["catatan"] for r in shown]], [2.6, 1.6, 1, 3.8], note, size=TEXT_PX, fills=fills,
                  colors=colors)


def _kualitas(data) -> dict | None:
    rows = list(data["baris"])
    if not rows:
        return None
    shown = rows[:MAX_TABLE]
    per_desa = data["anak"] == "desa"
    if per_desa:
        lapor = ["belum melapor" if r["tanpa_laporan"] else "–" for r in shown]
        sasaran = [", ".join(r["sasaran"]) if r["sasaran_kosong"] else "–" for r in shown]
    else:
        lapor = [f"{r['tanpa_laporan']} dari {r['jumlah_desa']} desa" for r in shown]
        sasaran = [f"{r['sasaran_kosong']} desa: " + ", ".join(r["sasaran"]) if r["sasaran_kosong"] else "–"
                   for r in shown]
    lengkap = [fmt.persen(r.get("lengkap")) for r in shown]
    janggal = [fmt.angka(r.get("janggal") or 0) for r in shown]
    note = f"… dan {len(rows) - len(shown)} {data['anak']} lain" if len(rows) > len(shown) else ""
    return _table([data["anak"].capitalize(), f"Laporan {data['bulan']}", "Kelengkapan s.d. bulan ini",
                   "Data janggal belum dicek", "Sasaran yang belum ada"],
                  [[r["nama"] for r in shown], lapor, lengkap, janggal, sasaran], [2, 1.8, 1.5, 1.5, 3], note)


def _penutup(data) -> dict | None:
    temuan = list(data["temuan"])
    if not temuan:
        return None
    shown = temuan[:MAX_TEMUAN]
    note = f"… dan {len(temuan) - len(shown)} temuan lain (lihat slide sebelumnya)" if len(temuan) > len(shown) else ""
    return _table(["No", "Temuan yang perlu RTL"], [[str(i) for i in range(1, len(shown) + 1)], shown],
                  [0.5, 9], note, size=TEXT_PX)


_DRAW = {"skor": _skor, "manajemen": _manajemen, "indikator": _indikator, "lainnya": _lainnya,
         "kaskade": _kaskade, "iks": _iks, "rtl": _rtl, "kualitas": _kualitas, "penutup": _penutup}
