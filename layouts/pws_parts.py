"""Components of the PWS pages (Klaster 2, 3, 4): the period control, a cascade section, the
PWS panel of one indicator and the summary of every indicator of the page, plus the pieces
callbacks fill in (KPI cards, table columns, the indicator's definition)."""
from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

import dash_bootstrap_components as dbc
from dash import dcc, html

from figures.palette import STATUS_WARNA
from figures.pws import Table, records, status_meaning
from indicators import format as fmt
from indicators.program import (
    INDICATOR_BY_CODE,
    KASKADE_BY_CODE,
    KELOMPOK,
    REGISTER_BY_CODE,
    RINCIAN_BY_CODE,
    SASARAN_BY_CODE,
    Indicator,
    Kaskade,
    Rincian,
    ValueLabel,
)
from indicators.pws import (
    BULAN,
    STATUS_LABEL,
    STATUSES,
    linear_target,
    month_of,
    small_divisor,
)
from indicators.tanpa_laporan import MARK, RULE, with_mark
from layouts.components import dropdown, kpi_card, map_panel
from layouts.graph_config import graph_config
from layouts.grid import (
    data_downloads,
    flagged,
    grid,
    number_column,
    percent_column,
    pinned,
    shown_as,
    status_column,
    text_column,
)
from layouts.ids import Kaskade as K
from layouts.ids import Map, dom_id
from layouts.ids import Pws as P
from layouts.ids import Rincian as R
from layouts.lazy_parts import LazySection, eager_section, lazy_section, section_index, wrapper_id
from layouts.pages import PAGES, Page, Section

GRAPH_CONFIG = graph_config("pws")
MONTH_OPTIONS = [{"label": name, "value": i} for i, name in enumerate(BULAN, start=1)]
MAP_MODES = [{"label": "Status", "value": "status"}, {"label": "Cakupan", "value": "cakupan"}]

def page_header(page: str, title: str, bulan: int | None) -> dbc.Row:
    return dbc.Row([
        dbc.Col([html.H2(title, id=P.of(P.TITLE, page), className="page-title"),
                 html.Div(id=P.of(P.ASOF, page), className="asof-note")], lg=8),
        dbc.Col([
            html.Label("Periode: Januari s.d.", htmlFor=dom_id(P.of(P.BULAN, page)),
                       className="filter-label"),
            dropdown(id=P.of(P.BULAN, page), options=MONTH_OPTIONS, value=bulan, clearable=True,
                     searchable=False, placeholder="bulan terakhir yang ada laporannya"),
        ], lg=4),
    ], className="align-items-end mb-2")


# In a graph's box whose height the callback sets with the figure (graph_frame_style): the
# page's layout is final as soon as the data arrives, before Plotly has drawn, so the sections
# below can start loading then (assets/lazy.js waits for this mark, not for the drawing).
FRAME = "graph-frame"
FRAMED = f".{FRAME}[style*='min-height']"


def graph_frame_style(figure: dict) -> dict:
    """The box of a graph: as tall as its figure will be."""
    height = (figure.get("layout") or {}).get("height")
    return {"minHeight": f"{int(height)}px"} if isinstance(height, int | float) else {"minHeight": "0px"}


def _chart_and_heatmap(chart_id, heatmap_id, frames: tuple = (None, None)) -> dbc.Row:
    """The area's chart beside its heat map per area from 1200 px; below that (a 1024
    projector) one above the other, so that the heat map's column headers stay horizontal.
    `frames`: the ids of the graphs' boxes, when the callback sets their height."""
    chart_frame, heatmap_frame = frames
    chart = dcc.Graph(id=chart_id, config=GRAPH_CONFIG)
    heatmap = dcc.Graph(id=heatmap_id, config=GRAPH_CONFIG)
    return dbc.Row([
        dbc.Col(html.Div(chart, id=chart_frame, className=FRAME) if chart_frame else chart, xl=5),
        dbc.Col(html.Div(html.Div(heatmap, id=heatmap_frame, className=FRAME) if heatmap_frame else heatmap,
                         className="scroll-panel"), xl=7),
    ], className="g-2")


def kaskade_section(kaskade: Kaskade, title: str) -> dbc.Card:
    """A cascade for the area (funnel with drop-off) and per area beneath."""
    code = kaskade.code
    steps = " → ".join(REGISTER_BY_CODE[s].label for s in kaskade.steps)
    return dbc.Card([
        dbc.CardHeader([html.H3(title, className="section-title"),
                        html.Div(id=K.of(K.NOTE, code), className="section-note")]),
        dcc.Store(id=K.of(K.CODE, code), data=code),
        html.Div(id=K.of(K.EMPTY, code)),
        html.Div([
            dbc.Row(id=K.of(K.RATES, code), className="g-2 px-2 pt-2"),
            _chart_and_heatmap(K.of(K.FUNNEL, code), K.of(K.AREAS, code),
                               (K.of(K.FUNNEL_FRAME, code), K.of(K.AREAS_FRAME, code))),
            html.Details([
                html.Summary("Tabel kaskade per wilayah"),
                grid(K.of(K.TABLE, code), [], file_name=f"tabel-kaskade-{code}",
                     actions=data_downloads(K.of(K.DOWNLOAD_CSV, code), K.of(K.DOWNLOAD_XLSX, code),
                                               K.of(K.DOWNLOAD, code))),
            ], className="p-2"),
            html.Div(kaskade.definition or f"Langkah: {steps}; jumlah Januari s.d. bulan terpilih.",
                     className="source-note px-2 pb-2"),
        ], id=K.of(K.CONTENT, code)),
    ], className="mb-3")


def rincian_section(rincian: Rincian, title: str) -> dbc.Card:
    """A breakdown for the area (grouped bars) and per area beneath (heatmap)."""
    code = rincian.code
    return dbc.Card([
        dbc.CardHeader([html.H3(title, className="section-title"),
                        html.Div(id=R.of(R.NOTE, code), className="section-note")]),
        dcc.Store(id=R.of(R.CODE, code), data=code),
        html.Div(id=R.of(R.EMPTY, code)),
        html.Div([
            _chart_and_heatmap(R.of(R.BARS, code), R.of(R.AREAS, code)),
            html.Div(rincian.definition, className="source-note px-2 pb-2"),
        ], id=R.of(R.CONTENT, code)),
    ], className="mb-3")


# The PWS panel's anchor: a link to a page's panel ends with '#' + this (the Dashboard Utama's
# cells and findings), and assets/anchor.js scrolls to it once the page has drawn it.
PWS_ANCHOR = "panel-pws"


def pws_section(page: str, indicators: tuple[Indicator, ...], value: str, *, anchor: bool = True) -> dbc.Card:
    """The PWS of one indicator: KPI cards, sorted bars with the target line, the map, the
    cumulative coverage by month and the status table. `anchor`: the card carries
    PWS_ANCHOR (False when its lazy placeholder carries it: one element per id)."""
    groups = {}
    for ind in indicators:
        groups.setdefault(ind.group, []).append(ind)
    options = [{"label": ind.label, "value": ind.code} for ind in indicators]
    return dbc.Card([
        dbc.CardHeader(dbc.Row([
            dbc.Col(html.H3("PWS per wilayah: cakupan terhadap target", className="section-title"),
                    lg=6),
            dbc.Col([
                html.Label("Indikator", htmlFor=dom_id(P.of(P.INDIKATOR, page)), className="filter-label"),
                dropdown(id=P.of(P.INDIKATOR, page), options=options, value=value, clearable=False,
                         searchable=False),
            ], lg=6),
        ], className="align-items-end")),
        html.Div(id=P.of(P.EMPTY, page)),
        html.Div([
            html.Details([html.Summary("Definisi, rumus dan sumber indikator"),
                          html.Div(id=P.of(P.INFO, page))], className="info-details px-2 pt-2"),
            dbc.Row(id=P.of(P.KPI, page), className="g-2 p-2"),
            dbc.Row([
                dbc.Col([html.Div(id=P.of(P.BARS_NOTE, page), className="panel-note"),
                         html.Div(dcc.Graph(id=P.of(P.BARS, page), config=GRAPH_CONFIG),
                                  className="scroll-panel")], lg=6, id=P.of(P.BARS_COL, page)),
                dbc.Col([
                    dbc.Row([
                        dbc.Col(html.Div(id=P.of(P.MAP_NOTE, page), className="panel-note"), width=True),
                        dbc.Col(dbc.RadioItems(id=P.of(P.MAP_MODE, page), options=MAP_MODES,
                                               value="status", inline=True,
                                               className="map-mode"), width="auto"),
                    ], className="g-1 align-items-center"),
                    *map_panel(Map.PWS, page, height=460),
                ], lg=6, id=P.of(P.MAP_COL, page)),
            ], className="g-2 px-2"),
            dcc.Graph(id=P.of(P.LINES, page), config=GRAPH_CONFIG, className="px-2"),
            html.H4("Tabel status PWS", className="subsection-title px-2"),
            html.Div(id=P.of(P.STATUS, page), className="px-2"),
            html.Div(grid(P.of(P.TABLE, page), [], file_name=f"tabel-status-pws-{page}",
                          actions=data_downloads(P.of(P.DOWNLOAD_CSV, page), P.of(P.DOWNLOAD_XLSX, page),
                                                    P.of(P.DOWNLOAD, page))), className="px-2 pb-2"),
        ], id=P.of(P.CONTENT, page)),
    ], className="mb-3", **({"id": PWS_ANCHOR} if anchor else {}))


def ringkasan_section(page: str, title: str) -> dbc.Card:
    """Every indicator of the page for the chosen area, one row each (the callback fills the
    rows, or says why there are none)."""
    return dbc.Card([
        dbc.CardHeader(html.H3(title, className="section-title")),
        html.Div([
            html.Div(id=P.of(P.RINGKASAN_EMPTY, page)),
            html.Div(grid(P.of(P.RINGKASAN_TABLE, page), RINGKASAN_COLUMNS, file_name=f"ringkasan-{page}",
                          pin=("kelompok", "label")), id=P.of(P.RINGKASAN_CONTENT, page)),
        ], id=P.of(P.RINGKASAN, page), className="p-2"),
    ], className="mb-3")


# --- pieces the callbacks fill in ---------------------------------------------------------

def target_text(ind: Indicator, fraction) -> str:
    word = "maks." if not ind.higher_is_better else ""
    return f"{word} {ind.text(fraction)}".strip()


def indicator_info(ind: Indicator, target_percent, tahun: int) -> tuple:
    """The indicator's definition, formula, target and status rule: the same few for every
    area, so built once per (indicator, target, year) and shared (a tuple, sent as a list;
    nothing changes a component once built)."""
    return _indicator_info(ind, None if fmt.is_missing(target_percent) else target_percent, tahun)


@lru_cache(maxsize=256)
def _indicator_info(ind: Indicator, target_percent, tahun: int) -> tuple:
    target = ("belum ditetapkan" if fmt.is_missing(target_percent)
              else f"{ind.text(target_percent / 100)} setahun"
              + ("" if ind.higher_is_better or ind.is_percent else " (batas atas: makin rendah makin baik)"))
    return (
        html.P(ind.definition),
        html.Ul([
            html.Li([html.Strong("Rumus: "), ind.formula]),
            html.Li([html.Strong(f"Target {tahun}: "), target,
                     " — naik merata setiap bulan (target bulan m = target × m ÷ 12)"
                     if linear_target(ind) else " — sama setiap bulan"]),
            html.Li([html.Strong("Sumber target: "), ind.source]),
            html.Li([html.Strong("Sumber data: "), _data_source(ind)]),
            html.Li([html.Strong("Status: "), "; ".join(
                f"{STATUS_LABEL[s]} = {status_meaning(s, ind)}" for s in STATUSES)
                + ". Januari dibandingkan dengan Desember tahun sebelumnya."]),
        ]),
    )


def _data_source(ind: Indicator) -> str:
    dataset = REGISTER_BY_CODE[ind.numerator[0]].dataset
    if ind.per_puskesmas:
        text = f"laporan bulanan per Puskesmas (dataset {dataset}); dicatat per Puskesmas, tidak per desa"
    else:
        text = f"register layanan bulanan per desa (dataset {dataset})"
    if ind.by_sasaran:
        below = SASARAN_BY_CODE[ind.denominator]
        text += f" dan {below.label.lower()} (dataset {below.dataset})"
    return text


def kpi_row(ind: Indicator, total: Mapping, counts: dict[str, int], bulan: int) -> list:
    st = total.get("status")
    cards = [
        kpi_card(f"{_word(ind)} {'kumulatif' if not ind.per_bulan else BULAN[bulan - 1]}"
                 if ind.value_label is not ValueLabel.ANGKA else f"{ind.label} ({ind.unit})",
                 ind.text(total.get("cakupan_kumulatif")) if ind.is_percent  # a rate: its unit is in the title
                 else fmt.angka(total.get("cakupan_kumulatif", float("nan")) * ind.factor, ind.decimals),
                 "; ".join(filter(None, [total.get("alasan"), _capaian_note(ind, total)]))
                 if ind.amount_unit else total.get("alasan") or _capaian_note(ind, total),
                 STATUS_WARNA.get(st)),
        kpi_card(f"Target s.d. {BULAN[bulan - 1]}", target_text(ind, total.get("target_bulan_ini")),
                 "target tahunan " + (ind.text(total["target_tahunan"] / 100)
                                      if not fmt.is_missing(total.get("target_tahunan")) else "belum ditetapkan")),
        kpi_card("Status wilayah", with_mark(STATUS_LABEL.get(st, "–"), total.get("tanpa_laporan") or ""),
                 "; ".join(filter(None, [status_meaning(st, ind) or "tidak dapat dinilai",
                                         _mark_note(total.get("tanpa_laporan"))])), STATUS_WARNA.get(st)),
        dbc.Col(dbc.Card(dbc.CardBody([
            html.Div("Jumlah wilayah per status", className="kpi-title"),
            html.Div([html.Span([html.Span(fmt.angka(counts.get(s, 0)), className="status-count"),
                                 f" {STATUS_LABEL[s].lower()}"],
                                className=f"status-chip status-{s}", title=status_meaning(s, ind))
                      for s in STATUSES], className="status-chips"),
            html.Div(f"{fmt.angka(counts['kosong'])} wilayah tanpa status" if counts.get("kosong")
                     else "\u00a0", className="kpi-note"),
        ]), className="kpi-card"), xs=12, xl=6),
    ]
    return cards


def _mark_note(mark) -> str:
    """'! tanpa laporan November–Desember' (indicators.tanpa_laporan), '' without a mark."""
    return f"{MARK} {mark}" if mark else ""


def laporan_line(rows: Table) -> str:
    """'2 wilayah bertanda ! …' under the status table: how many statuses rest on months
    without report, and what the sign means ('' when none does)."""
    n = sum(1 for m in rows["tanpa_laporan"].tolist() if m) if "tanpa_laporan" in rows else 0
    if not n:
        return ""
    return f" {fmt.angka(n)} wilayah bertanda {MARK}: statusnya bertumpu pada bulan tanpa laporan (lihat Keterangan)."


def _word(ind: Indicator) -> str:
    """What a percentage value is called: 'Realisasi' for a budget, else 'Cakupan'."""
    return str(ind.value_label) if ind.value_label is ValueLabel.REALISASI else "Cakupan"


def _capaian_note(ind: Indicator, total: Mapping) -> str:
    """'57 dari 240,0': a sasaran is an estimate (a decimal); a register is a count."""
    if ind.amount_unit:  # rupiah: 'Rp 300.000 dari Rp 1.000.000'
        u = ind.amount_unit
        return f"{u} {fmt.angka(total.get('capaian_kumulatif'))} dari {u} {fmt.angka(total.get('sasaran'))}"
    below = fmt.angka(total.get("sasaran"), 1 if ind.by_sasaran else 0)
    return f"{fmt.angka(total.get('capaian_kumulatif'))} dari {below}"


def status_columns(ind: Indicator, child_label: str) -> list[dict]:
    """Coverage columns in the indicator's unit (status_rows scales a rate per 100.000)."""
    def value(field, header):
        if ind.is_percent:
            return percent_column(field, header, decimals=ind.decimals)
        return number_column(field, header, decimals=ind.decimals)

    unit = f" ({ind.amount_unit})" if ind.amount_unit else ""
    denominator = (SASARAN_BY_CODE[ind.denominator].label + unit if ind.by_sasaran and ind.amount_unit
                   else "Sasaran" if ind.by_sasaran or ind.denominator is None
                   else "Penyebut bulan ini" if ind.per_bulan else "Penyebut kumulatif")
    # a rate (per 100.000) is not a coverage: 'Angka kumulatif (per 100.000 penduduk)'
    word, unit = (("Angka", f" ({ind.unit})") if ind.value_label is ValueLabel.ANGKA
                  else (_word(ind), "" if ind.is_percent else f" ({ind.unit})"))
    # what a projector must show without scrolling first: status, coverage, target, reason
    return pinned([
        text_column("nama", child_label),
        {**status_column(), "tooltipField": "tanpa_laporan", "headerTooltip": RULE},
        value("cakupan_kumulatif", f"{word} {'kumulatif' if not ind.per_bulan else 'periode'}{unit}"),
        value("target_bulan_ini", "Target bulan ini"),
        # long notes wrap inside the column, so that the counts beside it stay in sight
        text_column("keterangan", "Keterangan", min_width=260, wrap=True, flex=2),
        value("cakupan_bulan_ini", f"{word} bulan ini{unit}"),
        value("cakupan_bulan_lalu", f"{word} bulan lalu{unit}"),
        number_column("capaian_kumulatif", ("Capaian kumulatif" if not ind.per_bulan else "Capaian periode") + unit),
        number_column("capaian_bulan_ini", "Capaian bulan ini" + unit),
        number_column("sasaran", denominator, decimals=1 if ind.by_sasaran and not ind.amount_unit else 0),
    ], "nama")


def status_rows(rows: Table, ind: Indicator | None = None) -> list[dict]:
    """The table rows, worst status first (jelek, cukup, kurang, baik, then no status),
    lowest coverage first within a status. Plain Python: pandas costs more here."""
    order = {"jelek": 0, "cukup": 1, "kurang": 2, "baik": 3}
    columns = ["kode", "nama", "sasaran", "capaian_bulan_ini", "capaian_kumulatif", "cakupan_bulan_lalu",
               "cakupan_bulan_ini", "cakupan_kumulatif", "target_bulan_ini", "status", "alasan",
               "sasaran_ada", "tanpa_laporan"]
    k = ind.plot_factor if ind is not None else 1
    table = records(rows, columns)
    for r in table:
        r["status_label"] = with_mark(STATUS_LABEL.get(r["status"]), r.get("tanpa_laporan") or "")
        r["keterangan"] = _keterangan(r, ind is not None and small_divisor(ind, r["sasaran"]))
        if k != 1:
            for key in ("cakupan_bulan_lalu", "cakupan_bulan_ini", "cakupan_kumulatif", "target_bulan_ini"):
                r[key] = None if r[key] is None else r[key] * k
    return sorted(table, key=lambda r: (order.get(r["status"], 4),
                                          r["cakupan_kumulatif"] is None,
                                          r["cakupan_kumulatif"] or 0, r["nama"]))


def _keterangan(row: dict, small: bool = False) -> str:
    parts = [row["alasan"]] if row["alasan"] else []
    if row.get("tanpa_laporan"):
        parts.append(_mark_note(row["tanpa_laporan"]))
    if small and row["cakupan_kumulatif"] is not None:
        parts.append(f"penyebut kecil ({fmt.angka(row['sasaran'])}): satu kasus menggeser ≥ 10 poin")
    if row["status"] and row.get("cakupan_bulan_lalu") is None:
        parts.append("bulan lalu tanpa nilai: tren dianggap naik/tetap")
    if row["sasaran_ada"] == 0 and not row["alasan"]:
        parts.append("sasaran belum ada")
    return "; ".join(parts)


def rasio_cards(kaskade: Kaskade, total: Mapping) -> list:
    """The cascade's derived rates for the area, one card each (yield, NNS, …); an empty
    value says why (its divisor is empty or zero)."""
    cards = []
    for r in kaskade.rasio:
        value = total.get(f"rasio_{r.code}")
        text = fmt.angka(value, 1) if r.kali else fmt.persen(value)
        below = REGISTER_BY_CODE.get(r.denominator) or SASARAN_BY_CODE.get(r.denominator)
        note = r.definition if not fmt.is_missing(value) else f"{below.label} kosong atau 0: belum dapat dihitung"
        cards.append(kpi_card(r.label, text, note))
    return cards


def kaskade_columns(kaskade: Kaskade, child_label: str, rows: Table) -> list[dict]:
    cols = [text_column("nama", child_label)]
    if kaskade.sasaran and kaskade.sasaran in rows:
        cols.append(number_column(kaskade.sasaran, SASARAN_BY_CODE[kaskade.sasaran].label))
    cols += [number_column(s, REGISTER_BY_CODE[s].label) for s in kaskade.registers]
    cols += [percent_column(f"konversi_{s}", f"{REGISTER_BY_CODE[s].label} ÷ langkah sebelumnya",
                            min_width=140) for s in kaskade.steps[1:]]
    if len(kaskade.steps) > 2 or kaskade.sasaran:  # two steps alone: the one conversion says it
        base = SASARAN_BY_CODE[kaskade.sasaran].label if kaskade.sasaran else REGISTER_BY_CODE[kaskade.steps[0]].label
        cols.append(percent_column("konversi_total", f"{REGISTER_BY_CODE[kaskade.steps[-1]].label} ÷ {base}",
                                   min_width=140))
    cols += [number_column(f"rasio_{r.code}", r.label, decimals=1) if r.kali
             else percent_column(f"rasio_{r.code}", r.label) for r in kaskade.rasio]
    # a step above the step before is named, and its cell marked
    cols.append(flagged(text_column("melebihi_label", "Catatan", min_width=220, wrap=True)))
    return pinned(cols, "nama")


def kaskade_rows(kaskade: Kaskade, rows: Table) -> list[dict]:
    out = records(rows)
    said: dict = {}  # a few distinct values ('' in most rows): each put in words once
    for r in out:
        m = r["melebihi"]
        if m not in said:
            said[m] = "; ".join(f"{REGISTER_BY_CODE[s].label} melebihi langkah sebelumnya"
                                for s in (m or "").split(", ") if s)
        r["melebihi_label"] = said[m]
    return out


RINGKASAN_COLUMNS = [
    text_column("kelompok", "Kelompok", width=150, wrap=True), text_column("label", "Indikator", width=240, wrap=True),
    # each in its indicator's unit, as text; sorted by the value itself
    shown_as(number_column("cakupan_kumulatif", "Cakupan"), "cakupan_teks"),
    shown_as(number_column("target_bulan_ini", "Target s.d. bulan ini"), "target_teks"),
    {**status_column(), "tooltipField": "tanpa_laporan", "headerTooltip": RULE},
    text_column("alasan", "Keterangan", min_width=220, wrap=True, flex=2)]


def ringkasan_rows(rows: list[dict]) -> list[dict]:
    """The summary's rows from data_access.pws.pws_totals: each value in its indicator's unit
    (a percentage, or a rate per 100.000), and what the table shows only."""
    out = []
    for r in rows:
        r = {k: (None if fmt.is_missing(v) else v) for k, v in r.items()}
        ind = INDICATOR_BY_CODE[r["indikator"]]
        out.append({"kelompok": KELOMPOK.get(r["kelompok"], r["kelompok"]), "label": r["label"],
                    "cakupan_kumulatif": r["cakupan_kumulatif"], "cakupan_teks": ind.text(r["cakupan_kumulatif"]),
                    "target_bulan_ini": r["target_bulan_ini"],
                    "target_teks": ("" if ind.higher_is_better else "maks. ") + ind.text(r["target_bulan_ini"]),
                    "status": r["status"],
                    "status_label": with_mark(STATUS_LABEL.get(r["status"]), r.get("tanpa_laporan") or ""),
                    "tanpa_laporan": r.get("tanpa_laporan") or "",
                    "alasan": "; ".join(filter(None, [r["alasan"], _mark_note(r.get("tanpa_laporan"))]))})
    return out


def pws_page(page: Page, indikator: str | None, bulan: str | None) -> html.Div:
    """A PWS page as its registry entry declares it: its store (the page's key), the header
    with the month, the index of its sections, its lead section drawn at once and the others
    loaded when they come on screen (layouts/lazy_parts.py). An indicator code in the URL
    that the page does not know is named, not silently replaced."""
    value = _indicator_of(page, indikator)
    notes = []
    if indikator is not None and value != indikator:
        notes.append(dbc.Alert(f"Kode indikator '{str(indikator)[:40]}' tidak ada di halaman ini; "
                               f"ditampilkan {INDICATOR_BY_CODE[page.default_indicator].label}.",
                               color="warning", dismissable=True, className="py-2"))
    lead, *rest = page.sections
    lead_name = section_name(page, lead)
    # the lead's charts drawn, or their boxes sized (a cascade's), or nothing to draw
    lead_box = f"#{wrapper_id(lead_name)}"
    first_screen = f"{lead_box} .main-svg, {lead_box} {FRAMED}, {lead_box} .empty-state"
    return html.Div([
        dcc.Store(id=P.of(P.PAGE_INFO, page.key), data={"page": page.key}),
        *notes,
        page_header(page.key, page.heading, month_of(bulan)),
        section_index([(section_name(page, s), _chip(s)) for s in page.sections]),
        eager_section(lead_name, _section(page, lead, value)),
        *[lazy_section(LAZY_SECTIONS[section_name(page, s)], after=first_screen,
                       anchor=PWS_ANCHOR if s.kind == "pws" else None) for s in rest],
    ])


def _indicator_of(page: Page, indikator) -> str:
    return indikator if isinstance(indikator, str) and indikator in page.indicators else page.default_indicator


def section_name(page: Page, section: Section) -> str:
    """A section's name, unique in the app: its ids and its box's DOM id are made from it."""
    return f"{page.key}-{section.kind}" + (f"-{section.code}" if section.code else "")


# the index of sections' short labels (a chip must fit a projector's line with the others)
CHIPS = {"kia": "Kaskade ibu dan bayi", "ht": "Kaskade hipertensi", "dm": "Kaskade diabetes",
         "skrining_ptm_umur": "Skrining PTM", "faktor_risiko_ptm": "Faktor risiko PTM",
         "jiwa": "Kesehatan jiwa", "tb": "Kaskade TB", "ik": "Investigasi kontak TB",
         "pws": "PWS per wilayah", "ringkasan": "Ringkasan indikator"}


def _chip(section: Section) -> str:
    if section.code:
        known = KASKADE_BY_CODE.get(section.code) or RINCIAN_BY_CODE.get(section.code)
        return CHIPS.get(section.code) or known.label
    return CHIPS[section.kind]


def _section(page: Page, section: Section, value: str, *, anchor: bool = True):
    if section.kind == "kaskade":
        return kaskade_section(KASKADE_BY_CODE[section.code], section.title)
    if section.kind == "rincian":
        return rincian_section(RINCIAN_BY_CODE[section.code], section.title)
    if section.kind == "ringkasan":
        return ringkasan_section(page.key, section.title)
    return pws_section(page.key, page.pws_indicators, value, anchor=anchor)


def _lazy(page: Page, section: Section) -> LazySection:
    def build(query):
        return _built(page, section, _indicator_of(page, query.get("indikator")))

    return LazySection(section_name(page, section), section.title, build, chip=_chip(section))


@lru_cache(maxsize=256)
def _built(page: Page, section: Section, value: str):
    """A lazy section's layout, built once per (page, section, indicator) and shared: the same
    empty boxes for every viewer (its callbacks fill them), and nothing changes a component
    once built (the PWS panel's ~60 components were rebuilt for each visitor)."""
    return _section(page, section, value, anchor=False)


# every PWS page's sections after its lead, by name: what callbacks/sections.py may build
LAZY_SECTIONS: Mapping[str, LazySection] = MappingProxyType({
    section_name(page, s): _lazy(page, s) for page in PAGES if page.indicators
    for s in page.sections[0 if not page.lead_eager else 1:]})
