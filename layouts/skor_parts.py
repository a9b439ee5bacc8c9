"""Dashboard Utama: the header (title, month) and the scorecard section: "Capaian program
bulan ini" (every PWS indicator of Klaster 2–4 per area, coloured by status, in a Dash AG
Grid) and, for a Dinkes view, the league table of every Puskesmas. The pieces the
callbacks fill in (columns and rows of both grids) are built here from
data_access.skor's Scorecard and LeagueTable."""
from __future__ import annotations

from collections.abc import Callable, Mapping

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from domain.codes import Level
from figures.pws import status_meaning
from indicators import format as fmt
from indicators.kualitas import SKOR_KUALITAS_RULE
from indicators.program import Indicator
from indicators.pws import BAIK, BULAN, CUKUP, JELEK, KURANG, STATUS_LABEL, STATUS_MEANING, STATUSES, month_of
from indicators.skor import (
    K1_RULE,
    KLASTER,
    RANK_CHANGE_RULE,
    SKOR_INDICATORS,
    SKOR_RULE,
    rank_change_text,
)
from indicators.tanpa_laporan import MARK
from indicators.tanpa_laporan import RULE as TANPA_LAPORAN_RULE
from layouts.components import dropdown
from layouts.grid import GRID_CLASS, GRID_OPTIONS, csv_export
from layouts.ids import Grid
from layouts.ids import Utama as U
from layouts.pages import PAGE_BY_KEY, Page
from layouts.pws_parts import MONTH_OPTIONS

# A marker beside each value, so that a status reads without its colour (and in greyscale):
# ✓ on target and holding, ▽ on target but slipping, △ below target but catching up, ✗ below
# target and slipping. The tooltip says the word and what it means.
STATUS_MARK = {BAIK: "✓", KURANG: "▽", CUKUP: "△", JELEK: "✗"}
NO_STATUS = "kosong"  # the cell class of a value without a status
TANPA_LAPORAN = "skor-tanpa-laporan"  # the cell class of a status resting on months without report

# Short column headers (the full label is in the header's tooltip).
SHORT = {
    "k1": "K1", "k6": "K6", "pf": "PF", "kf_lengkap": "KF lengkap", "kn_lengkap": "KN lengkap",
    "idl": "IDL", "ibl": "IBL", "d_s": "D/S", "n_d": "N/D", "bb_kurang": "Gizi kurang",
    "stunting": "Stunting", "remaja": "Remaja", "ttd_rematri": "TTD rematri",
    "ht_spm": "Hipertensi SPM", "ht_terkendali": "Hipertensi terkendali", "dm_spm": "DM SPM",
    "dm_terkendali": "DM terkendali", "skrining_ptm": "Skrining PTM", "odgj_berat": "ODGJ berat",
    "icope": "ICOPE lansia", "tb_notifikasi": "Notifikasi TB", "tb_pengobatan": "TB diobati",
    "tb_cakupan_pengobatan": "TB cakupan obat", "tb_sukses": "TB sukses",
    "tb_ik": "IK TB",
}
CLICK_HINT = "Klik sel sebuah indikator untuk membuka panel PWS-nya untuk wilayah itu."
UPLOAD_HINT = "Unggah register layanan dan sasaran di halaman Unggah data, atau pilih wilayah, tahun atau bulan lain."
GRID_STYLE = {"height": "560px", "width": "100%"}
TOTAL_ROW = "_total"  # the row id of the area's own total (pinned on top), never an area's code


def short_label(ind: Indicator) -> str:
    """The column header: the scorecard's own short name, else the indicator's (never its code:
    'mutu_tb_so' was what the Klaster 1 group showed)."""
    return SHORT.get(ind.code) or ind.short_label


def klaster_title(klaster: int) -> str:
    page = PAGE_BY_KEY.get(f"klaster-{klaster}")
    return page.heading if page is not None else f"Klaster {klaster}"


def period_text(bulan: int, tahun: int) -> str:
    """'Januari–Desember 2025' (January alone: 'Januari 2025')."""
    return f"{BULAN[0]} {tahun}" if bulan == 1 else f"{BULAN[0]}–{BULAN[bulan - 1]} {tahun}"


# --- the page's parts ---------------------------------------------------------------------------

def skor_header(page: Page, bulan: str | None) -> dbc.Row:
    """The title (which area and period: the callback writes it) and the month, which lives
    in the URL (`bulan`) like the PWS pages' header."""
    return dbc.Row([
        dbc.Col([html.H2(page.heading, id=U.TITLE, className="page-title"),
                 html.Div(id=U.ASOF, className="asof-note")], lg=8),
        dbc.Col([
            html.Label("Periode: Januari s.d.", htmlFor=U.BULAN, className="filter-label"),
            dropdown(id=U.BULAN, options=MONTH_OPTIONS, value=month_of(bulan), clearable=True,
                     searchable=False, placeholder="bulan terakhir yang ada laporannya"),
        ], lg=4),
    ], className="align-items-end mb-2")


def legend() -> html.Div:
    """The statuses in the PWS pages' colours and words, each with its marker and meaning."""
    chips = [html.Span([html.Span(f"{STATUS_MARK[s]} {STATUS_LABEL[s]}", className=f"status-chip status-{s}"),
                        html.Span(f" {STATUS_MEANING[s]}", className="skor-legend-text")],
                       className="skor-legend-item") for s in STATUSES]
    chips.append(html.Span([html.Span("– tanpa status", className=f"status-chip skor-{NO_STATUS}"),
                            html.Span(" arahkan kursor ke sel untuk alasannya", className="skor-legend-text")],
                           className="skor-legend-item"))
    chips.append(html.Span([html.Span(f"{STATUS_MARK[CUKUP]} {STATUS_LABEL[CUKUP]} {MARK}",
                                      className=f"status-chip status-{CUKUP} {TANPA_LAPORAN}"),
                            html.Span(" berbingkai putus-putus dan bertanda !: status bertumpu pada bulan tanpa "
                                      "laporan (arahkan kursor ke sel untuk bulannya)", className="skor-legend-text")],
                           className="skor-legend-item", title=TANPA_LAPORAN_RULE))
    return html.Div([
        html.Div(chips, className="skor-legend"),
        html.Div(["Gizi kurang dan stunting: makin rendah makin baik. ", CLICK_HINT], className="skor-legend-text"),
    ], className="px-2 pt-2")


# the app's grid look and words (layouts/grid.py) with the scorecard's own height (it scrolls
# past a dozen rows instead of growing) and tooltips; the callbacks send these back whole
SKOR_GRID_OPTIONS = {**{k: v for k, v in GRID_OPTIONS.items() if k != "domLayout"},
                     "tooltipShowDelay": 200, "tooltipHideDelay": 20000}


def _grid(grid_id: str, file_name: str, **props) -> html.Div:
    return html.Div([
        dag.AgGrid(
            id=grid_id, columnDefs=[], rowData=[],
            defaultColDef={"sortable": True, "resizable": True, "suppressMovable": True,
                           "wrapHeaderText": True, "autoHeaderHeight": True},
            getRowId="params.data.kode",
            style=GRID_STYLE, className=f"{GRID_CLASS} skor-grid",
            csvExportParams=csv_export(file_name),
            **props,
        ),
        html.Div(dbc.Button("Unduh CSV tabel ini", id=Grid.csv(grid_id), color="secondary", outline=True,
                            size="sm", title="Tabel persis seperti yang tampil: kolom, urutan dan angkanya"),
                 className="grid-actions"),
    ])


def _download_buttons() -> html.Div:
    return html.Div([
        dbc.Button("Unduh data (CSV)", id=U.DOWNLOAD_CSV, color="secondary", outline=True, size="sm"),
        dbc.Button("Unduh data (XLSX)", id=U.DOWNLOAD_XLSX, color="secondary", outline=True, size="sm"),
        dcc.Download(id=U.DOWNLOAD),
    ], className="d-flex gap-2 p-2")


def skor_section(page: Page) -> html.Div:
    """"Capaian program bulan ini": the findings (wired by the lead), the legend, the
    scorecard and its download; beneath it, for a Dinkes view, the league table."""
    return html.Div([
        dbc.Card([
            dbc.CardHeader([html.H3("Capaian program bulan ini", className="section-title"),
                            html.Div(id=U.NOTE, className="section-note")]),
            html.Div(id=U.EMPTY),
            html.Div([
                # the findings in words (indicators/temuan.py) go here: see callbacks/skor.py
                html.Div(id=U.FINDINGS, className="px-2 pt-2"),
                legend(),
                html.Div(_grid(U.GRID, "capaian-program",
                               dashGridOptions={**SKOR_GRID_OPTIONS, "pinnedTopRowData": []}),
                         className="p-2"),
                html.Div(SKOR_RULE, className="source-note px-2"),
                _download_buttons(),
            ], id=U.CONTENT),
        ], className="mb-3"),
        dbc.Card([
            dbc.CardHeader([html.H3("Peringkat Puskesmas", className="section-title"),
                            html.Div(id=U.LEAGUE_NOTE, className="section-note")]),
            html.Div(_grid(U.LEAGUE, "peringkat-puskesmas", dashGridOptions=SKOR_GRID_OPTIONS),
                     className="p-2"),
            html.Div(f"{SKOR_RULE} {RANK_CHANGE_RULE}", className="source-note px-2 pb-2"),
        ], id=U.LEAGUE_SECTION, className="mb-3", style={"display": "none"}),
    ], id="utama-skor")


# --- the scorecard's columns and rows -------------------------------------------------------------

def _value_column(field: str, header: str, tooltip: str, width: int = 96, **more) -> dict:
    """A numeric column sorted on its value, shown as the server's text (`t_<field>`, in
    the Indonesian format). The functions are dash-ag-grid's {"function": …} strings, which
    its own interpreter reads (no eval: the CSP allows them)."""
    return {"field": field, "headerName": header, "headerTooltip": tooltip, "width": width,
            "type": "rightAligned", "sortingOrder": ["desc", "asc", None],
            "valueFormatter": {"function": f"params.data.t_{field}"}, **more}


def _js(text: str) -> str:
    """`text` as a single-quoted JavaScript string literal."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'"


def _cell_tooltip(ind: Indicator, bulan: int) -> dict:
    """The tooltip of an indicator's cell, put together in the browser from the row's short
    fields (s_ status, t_ text, g_ target, a_ why empty): the words of each status are sent
    once in the column, not once per cell (a kabupaten's 120 × 25 cells)."""
    data = f"params.data.%s_{ind.code}"
    status = " : ".join(f"{data % 's'} == {_js(s)} ? "
                        f"{_js(f'{STATUS_LABEL[s]} {STATUS_MARK[s]}: {status_meaning(s, ind)}')}" for s in STATUSES)
    why = f"{_js('Tanpa status: ')} + ({data % 'a'} || {_js('tidak dapat dinilai')})"
    target = f"({data % 'g'} ? {_js(f'{chr(10)}Target s.d. {BULAN[bulan - 1]}: ')} + {data % 'g'} : '')"
    mark = f"({data % 'l'} ? {_js(f'{chr(10)}{MARK} ')} + {data % 'l'} : '')"
    return {"function": f"{_js(ind.label + ': ')} + {data % 't'} + {_js(chr(10))} + ({status} : {why}) + {target}"
                        f" + {mark}"}


def scorecard_columns(child_label: str, bulan: int, k1: tuple[Indicator, ...] = ()) -> list[dict]:
    """The area's name pinned left; the summary (rank, score, jelek); one group per klaster,
    one column per indicator with its short name (the full label in its tooltip), coloured by
    the row's status (`s_<code>`) and explained in a tooltip; `k1`: the Klaster 1 group (shown,
    not scored); the IKS."""
    status_class = ("'skor-sel status-' + (params.data.s_{code} || 'kosong')"
                    f" + (params.data.l_{{code}} ? ' {TANPA_LAPORAN}' : '')")
    groups = [
        {"field": "nama", "headerName": child_label, "pinned": "left", "width": 200, "minWidth": 140,
         "tooltipField": "tip_nama", "cellClass": "skor-nama", "sortingOrder": ["asc", "desc", None],
         "wrapText": True, "autoHeight": True},  # a long name wraps, never cut off on a projector
        {"headerName": "Ringkasan", "children": [
            {"field": "peringkat", "headerName": "Peringkat", "width": 96, "type": "rightAligned",
             "headerTooltip": "Peringkat menurut skor (1 = terbaik); skor sama, peringkat sama",
             "valueFormatter": {"function": "params.data.t_peringkat"}, "tooltipField": "tip_skor",
             "sortingOrder": ["asc", "desc", None]},
            _value_column("skor", "Skor", SKOR_RULE, width=80, tooltipField="tip_skor"),
            _value_column("jumlah_jelek", "Jelek", "Jumlah indikator berstatus jelek", width=80,
                          tooltipField="tip_skor",
                          cellClass={"function": "params.data.jumlah_jelek > 0 ? 'skor-sel status-jelek' : "
                                                 "'skor-sel'"}),
        ]},
    ]
    for klaster in (*KLASTER, *((1,) if k1 else ())):
        children = []
        for ind in (i for i in (*SKOR_INDICATORS, *k1) if i.klaster == klaster):
            unit = "" if ind.is_percent else f" ({ind.unit})"
            children.append(_value_column(
                ind.code, short_label(ind) + ("" if ind.is_percent else " /100.000" if ind.factor == 100_000 else ""),
                f"{ind.label}{unit}: {'cakupan' if not ind.per_bulan else 'nilai'} "
                f"{'kumulatif' if not ind.per_bulan else 'bulan itu'}"
                + ("" if ind.higher_is_better else "; makin rendah makin baik"),
                cellClass={"function": status_class.replace("{code}", ind.code)},
                tooltipValueGetter=_cell_tooltip(ind, bulan)))
        title = klaster_title(klaster) + (" (tidak masuk skor)" if klaster == 1 else "")
        groups.append({"headerName": title, "children": children,
                       **({"headerTooltip": K1_RULE} if klaster == 1 else {})})
    groups.append({"headerName": "PIS-PK", "children": [
        _value_column("iks", "IKS", "Indeks Keluarga Sehat wilayah per 31 Desember tahun itu (halaman IKS)",
                      width=80, tooltipField="tip_iks")]})
    period = f"Januari s.d. {BULAN[bulan - 1]}, semua register"
    groups.append({"headerName": "Kualitas data (tidak masuk skor)", "headerTooltip": SKOR_KUALITAS_RULE,
                   "children": [
        _value_column("kualitas_skor", "Skor data", SKOR_KUALITAS_RULE, width=90, tooltipField="tip_kualitas",
                      cellClass={"function": "params.value == null ? 'skor-sel' : params.value < 60 ? "
                                             "'skor-sel status-jelek' : params.value < 80 ? 'skor-sel status-cukup' "
                                             ": 'skor-sel status-baik'"}),
        _value_column("kualitas_lengkap", "Lengkap", f"Laporan masuk ÷ laporan yang diharapkan, {period}",
                      width=90, tooltipField="tip_kualitas"),
        _value_column("kualitas_tepat", "Tepat waktu", f"Laporan tepat waktu ÷ laporan yang diharapkan, {period}",
                      width=90, tooltipField="tip_kualitas"),
        _value_column("kualitas_janggal", "Janggal", f"Data janggal yang belum dicek, Januari s.d. "
                      f"{BULAN[bulan - 1]} (halaman Kualitas Data)", width=86, tooltipField="tip_kualitas"),
    ]})
    return groups


def _cell_text(ind: Indicator, value, status, mark: str = "") -> str:
    """The value in its unit ('78,4%'; a rate per 100.000 as its number), the marker, and
    '!' when the status rests on months without report."""
    text = ind.text(value) if ind.is_percent else fmt.angka(None if fmt.is_missing(value) else value * ind.factor,
                                                            ind.decimals)
    text = f"{text} {STATUS_MARK[status]}" if status in STATUS_MARK else text
    return f"{text} {MARK}" if mark else text


def _target_text(ind: Indicator, target) -> str:
    return ("" if ind.higher_is_better else "maks. ") + ind.text(target)


def _number(value, digits: int = 5):
    """A JSON number for sorting (rounded: the text beside it is what is read), None for NaN."""
    return None if fmt.is_missing(value) else round(float(value), digits)


def _grid_row(get: Callable[[str], object], k1: tuple[Indicator, ...] = ()) -> dict:
    """One row of the scorecard grid from a getter of Scorecard columns: per indicator its
    value (sorted on), t_ its text, and only when there is one s_ its status, g_ its target
    and a_ why it is empty, l_ the months its status rests on without report (what the
    column's tooltip and class read)."""
    row = {"kode": get("kode") or "", "nama": get("nama")}
    for ind in (*SKOR_INDICATORS, *k1):
        code = ind.code
        value, target, status, why = get(code), get(f"target_{code}"), get(f"status_{code}"), get(f"alasan_{code}")
        mark = get(f"laporan_{code}") or ""
        row[code] = _number(value)
        row[f"t_{code}"] = _cell_text(ind, value, status, mark)
        if mark:
            row[f"l_{code}"] = mark
        if status:
            row[f"s_{code}"] = status
        if not fmt.is_missing(target):
            row[f"g_{code}"] = _target_text(ind, target)
        if why:
            row[f"a_{code}"] = why
    iks = get("iks")
    row.update(iks=_number(iks), t_iks=fmt.indeks(iks),
               tip_iks=f"IKS {fmt.indeks(iks)}" if not fmt.is_missing(iks) else f"IKS: {get('alasan_iks')}")
    skor, lengkap, tepat, janggal = (get(f"kualitas_{f}") for f in ("skor", "lengkap", "tepat", "janggal"))
    row.update(kualitas_skor=_number(skor), t_kualitas_skor=fmt.angka(skor),
               kualitas_lengkap=_number(lengkap), t_kualitas_lengkap=fmt.persen(lengkap),
               kualitas_tepat=_number(tepat), t_kualitas_tepat=fmt.persen(tepat),
               kualitas_janggal=_number(janggal), t_kualitas_janggal=fmt.angka(janggal),
               tip_kualitas=(f"Skor data {fmt.angka(skor)}: lengkap {fmt.persen(lengkap)}, tepat waktu "
                             f"{fmt.persen(tepat)}, {fmt.angka(janggal)} data janggal belum dicek"
                             if not fmt.is_missing(skor) else "Belum ada laporan yang diharapkan: tanpa skor data"))
    counts = {s: int(get(f"jumlah_{s}")) for s in STATUSES}
    rated = sum(counts.values())
    skor, peringkat = get("skor"), get("peringkat")
    row.update({f"jumlah_{s}": n for s, n in counts.items()})
    row.update(skor=_number(skor), t_skor=fmt.angka(skor, 1), t_jumlah_jelek=str(counts[JELEK]),
               peringkat=None if fmt.is_missing(peringkat) else int(peringkat),
               t_peringkat=fmt.NO_DATA if fmt.is_missing(peringkat) else str(int(peringkat)))
    row["tip_skor"] = (f"Skor {fmt.angka(skor, 1)} dari {rated} indikator berstatus: "
                       + ", ".join(f"{n} {s}" for s, n in counts.items())
                       if rated else "Belum ada indikator berstatus: tanpa skor")
    row["tip_nama"] = row["nama"]
    return row


def scorecard_rows(rows: Mapping, total: Mapping, k1: tuple[Indicator, ...] = ()) -> tuple[list[dict], list[dict]]:
    """(the rows, [the area's own total row]) of the scorecard grid; `k1`: the Klaster 1
    indicators the rows hold."""
    n = len(rows["kode"])
    body = [_grid_row(lambda c, i=i: rows[c][i] if c in rows else None, k1) for i in range(n)]
    pinned = {**_grid_row(lambda c: total.get(c), k1), "kode": TOTAL_ROW}
    pinned["tip_nama"] = f"{pinned['nama']}: jumlah semua wilayah di bawahnya (dijumlah dulu, lalu dibagi)"
    return body, [pinned]


def league_style(n_rows: int) -> dict:
    """The league table: its header and up to 12 rows at once, then scrolling (a kabupaten of
    11 Puskesmas leaves no empty space below its last row)."""
    return {**GRID_STYLE, "height": f"{70 + 42 * min(max(n_rows, 1), 12)}px"}


def grid_style(n_rows: int) -> dict:
    """Tall enough for the rows (header, the total and up to 12 rows at once), then scrolling."""
    return {**GRID_STYLE, "height": f"{125 + 42 * (1 + min(max(n_rows, 1), 12))}px"}


# --- the league table -------------------------------------------------------------------------

def league_columns(level: Level, before: tuple[int, int]) -> list[dict]:
    """Rank, Puskesmas (pinned), kabupaten, the coloured status counts, score and the change
    of rank since `before` (tahun, bulan); the tooltip and colour of the change are put
    together in the browser from the row's numbers (1,078 rows of a province)."""
    counts = [{"field": f"jumlah_{s}", "headerName": STATUS_LABEL[s], "width": 84, "type": "rightAligned",
               "cellClass": f"skor-sel status-{s}", "headerTooltip": f"Jumlah indikator berstatus {s}: "
               f"{STATUS_MEANING[s]}", "sortingOrder": ["desc", "asc", None]} for s in STATUSES]
    when = f"{BULAN[before[1] - 1]} {before[0]}"
    return [
        {"field": "peringkat", "headerName": "Peringkat", "pinned": "left", "width": 96, "type": "rightAligned",
         "valueFormatter": {"function": f"params.value == null ? {_js(fmt.NO_DATA)} : params.value"},
         "sortingOrder": ["asc", "desc", None]},
        {"field": "nama", "headerName": "Puskesmas", "pinned": "left", "width": 200, "tooltipField": "nama"},
        {"field": "kabupaten", "headerName": "Kabupaten/Kota", "width": 180, "hide": level == Level.KABUPATEN},
        *counts,
        {"field": "skor", "headerName": "Skor", "width": 84, "type": "rightAligned", "headerTooltip": SKOR_RULE,
         "valueFormatter": {"function": "params.data.t_skor"}, "sortingOrder": ["desc", "asc", None]},
        {"field": "perubahan", "headerName": "Perubahan peringkat", "width": 130, "type": "rightAligned",
         "headerTooltip": RANK_CHANGE_RULE, "valueFormatter": {"function": "params.data.t_perubahan"},
         "tooltipValueGetter": {"function": f"params.data.peringkat_lalu == null ? "
                                            f"{_js(f'Tanpa peringkat pada {when}')} : "
                                            f"{_js(f'Peringkat {when}: ')} + params.data.peringkat_lalu"},
         "cellClass": {"function": "params.value > 0 ? 'skor-perubahan naik' : params.value < 0 ? "
                                   "'skor-perubahan turun' : 'skor-perubahan'"},
         "sortingOrder": ["desc", "asc", None]},
    ]


def league_rows(rows: Mapping) -> list[dict]:
    """One row per Puskesmas, best first (the order data_access.skor gives)."""
    columns = {k: list(v) for k, v in rows.items()}

    def whole(value):
        return None if fmt.is_missing(value) else int(value)

    return [{"kode": get["kode"], "nama": get["nama"], "kabupaten": get["kabupaten"],
             **{f"jumlah_{s}": int(get[f"jumlah_{s}"]) for s in STATUSES},
             "skor": _number(get["skor"]), "t_skor": fmt.angka(get["skor"], 1),
             "peringkat": whole(get["peringkat"]), "peringkat_lalu": whole(get["peringkat_lalu"]),
             "perubahan": whole(get["perubahan"]), "t_perubahan": rank_change_text(get["perubahan"])}
            for get in ({k: v[i] for k, v in columns.items()} for i in range(len(columns["kode"])))]
