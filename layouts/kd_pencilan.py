"""Kualitas Data, section 'Data janggal: pencilan dan aturan validasi' (issue 16): the layout that
callbacks/kd_pencilan.py fills. The hits of the area in the months chosen (area, month, what,
value, expected range, rule), counted per rule; a pengelola data marks one "sudah dicek: benar"
with a note, and sees the marked ones apart (who, when) to undo. The rules' sentences below."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from indicators import format as fmt
from indicators.pws import BULAN
from indicators.validasi import ATURAN, ATURAN_BY_CODE, HitKey, range_text, what_label
from layouts.components import dropdown
from layouts.lazy_parts import LazySection


class PencilanIds:
    """Ids of the section (plain strings, and the two row-action types of pattern-matching ids)."""

    PERIOD = "kd-pencilan-periode"
    RENTANG = "kd-pencilan-rentang"
    ATURAN = "kd-pencilan-aturan"
    EMPTY = "kd-pencilan-kosong"
    CONTENT = "kd-pencilan-isi"
    COUNTS = "kd-pencilan-hitung"
    LIST = "kd-pencilan-daftar"
    CHECKED = "kd-pencilan-dicek"
    FORM = "kd-pencilan-form"
    CHOSEN = "kd-pencilan-pilih"  # the key text of the hit being marked
    CHOSEN_TEXT = "kd-pencilan-pilih-teks"
    NOTE = "kd-pencilan-catatan"
    SAVE = "kd-pencilan-simpan"
    MESSAGE = "kd-pencilan-pesan"
    CHANGED = "kd-pencilan-berubah"  # a counter: a mark stored or undone redraws the lists
    MARK = "kd-pencilan-tandai"  # {"type": MARK, "hit": key text}
    UNMARK = "kd-pencilan-batal"  # {"type": UNMARK, "hit": key text}


ID = PencilanIds
RENTANG_OPTIONS = [{"label": f"{n} bulan s.d. bulan laporan", "value": n} for n in (1, 3, 6, 12, 24)]
RENTANG_DEFAULT = 12
SEMUA = "semua"
ATURAN_OPTIONS = [{"label": "Semua aturan", "value": SEMUA}] + [{"label": a.label, "value": a.code} for a in ATURAN]
MAX_ROWS = 50  # rows drawn at once, worst first (the counts above say how many there are; each row
# is a decision to check, and 100 rows built ~900 components per answer, a third of its time)
NOTE_MAX = 500


def build(_query=None) -> html.Div:
    return html.Div([
        html.H3("Data janggal: pencilan dan aturan validasi", className="section-title"),
        html.P(id=ID.PERIOD, className="section-note"),
        dbc.Row([
            dbc.Col([html.Label("Rentang bulan", htmlFor=ID.RENTANG, className="filter-label"),
                     dropdown(id=ID.RENTANG, options=RENTANG_OPTIONS, value=RENTANG_DEFAULT, clearable=False,
                              searchable=False)], md=6, lg=4),
            dbc.Col([html.Label("Aturan", htmlFor=ID.ATURAN, className="filter-label"),
                     dropdown(id=ID.ATURAN, options=ATURAN_OPTIONS, value=SEMUA, clearable=False,
                              searchable=False)], md=6, lg=4),
        ], className="g-2 mb-2"),
        dcc.Store(id=ID.CHANGED, data=0),
        dcc.Store(id=ID.CHOSEN, data=None),
        html.Div(id=ID.EMPTY),
        html.Div([
            html.Div(id=ID.COUNTS),
            html.Div(id=ID.LIST),
            html.Div([
                html.H4("Tandai sudah dicek: benar", className="h6 mt-3 mb-1"),
                html.P(id=ID.CHOSEN_TEXT, className="section-note mb-1"),
                dbc.Textarea(id=ID.NOTE, placeholder="Catatan (boleh kosong): mis. memang ada kampanye skrining",
                             maxLength=NOTE_MAX, rows=2, className="mb-2"),
                dbc.Button("Simpan: sudah dicek, benar", id=ID.SAVE, color="primary", size="sm"),
                html.Div(id=ID.MESSAGE, className="mt-2", role="status"),
            ], id=ID.FORM, style={"display": "none"}),
            html.Div(id=ID.CHECKED),
        ], id=ID.CONTENT, style={"display": "none"}),
        html.H4("Aturan yang dipakai", className="h6 mt-3 mb-1"),
        html.Ul([html.Li([html.Strong(f"{a.label}. "), SENTENCE[a.code]]) for a in ATURAN],
                className="section-note mb-0"),
    ], className="card mb-3 p-3")


SECTION = LazySection("kd-pencilan", "Data janggal: pencilan dan aturan validasi", build, chip="Data janggal")


# --- what the callback fills in (pure: DataFrames in, components out) ----------------------------

def month_text(tahun, bulan) -> str:
    return f"{BULAN[int(bulan) - 1]} {int(tahun)}"


def _value(v) -> str:
    v = float(v)
    return fmt.angka(v, 0 if v == round(v) else 1)


def key_of(row) -> str:
    return HitKey(row.tingkat, row.kode_wilayah, int(row.tahun), int(row.bulan), row.aturan, row.kode).text


def _where(row, show_puskesmas: bool) -> list:
    if row.tingkat == "puskesmas":
        return [row.nama_wilayah]
    if show_puskesmas:
        return [html.Span(row.nama_wilayah), html.Span(f" · {row.nama_puskesmas}", className="text-muted")]
    return [row.nama_wilayah]


SENTENCE = {a.code: a.kalimat for a in ATURAN}  # written once (each sentence formats its numbers)


def _rule(code: str):
    return html.Span(ATURAN_BY_CODE[code].label, title=SENTENCE[code])


def count_table(counts: dict[str, tuple[int, int]]) -> html.Table:
    """Per rule: hits not yet checked and checked ({aturan: (belum, sudah)})."""
    rows = [html.Tr([html.Td(_rule(a.code)), *[html.Td(fmt.angka(n)) for n in counts.get(a.code, (0, 0))]])
            for a in ATURAN]
    return html.Table([html.Thead(html.Tr([html.Th("Aturan"), html.Th("Belum dicek"), html.Th("Sudah dicek")])),
                       html.Tbody(rows)], className="table table-sm mb-2 kd-pencilan-hitung", style={"width": "auto"})


def hit_table(shown, total: int, *, can_mark: bool, show_puskesmas: bool) -> html.Div:
    """The hits not yet checked (the first MAX_ROWS of `total`): wilayah, bulan, data, nilai,
    rentang wajar, aturan (and the action)."""
    header = ["Wilayah", "Bulan", "Data", "Nilai", "Rentang wajar", "Aturan"] + (["Tindakan"] if can_mark else [])
    body = []
    for row in shown.itertuples(index=False):
        cells = [_where(row, show_puskesmas), month_text(row.tahun, row.bulan), what_label(row.aturan, row.kode),
                 _value(row.nilai), range_text(row.batas_bawah, row.batas_atas), _rule(row.aturan)]
        if can_mark:
            cells.append(html.Button("Tandai sudah dicek", id={"type": ID.MARK, "hit": key_of(row)},
                                     type="button", className="btn btn-outline-primary btn-sm text-nowrap"))
        body.append(html.Tr([html.Td(c) for c in cells]))
    order = "yang paling jauh dari rentang wajarnya lebih dulu"
    note = (f"Ditampilkan {fmt.angka(len(shown))} dari {fmt.angka(total)} data janggal belum dicek, {order}; "
            "pilih aturan, rentang bulan atau wilayah yang lebih kecil untuk melihat sisanya."
            if total > len(shown) else f"{fmt.angka(total)} data janggal belum dicek, {order}.")
    return html.Div([
        html.H4("Belum dicek", className="h6 mt-2 mb-1"), html.P(note, className="section-note mb-1"),
        html.Div(html.Table([html.Thead(html.Tr([html.Th(h) for h in header])), html.Tbody(body)],
                            className="table table-sm mb-0 kd-pencilan-tabel"), className="table-responsive")
        if len(shown) else None,
    ])


def checked_table(frame, *, can_mark: bool, show_puskesmas: bool) -> html.Div | None:
    """The hits marked 'sudah dicek: benar' (who, when, note), each with its undo for those allowed."""
    if frame.empty:
        return None
    header = ["Wilayah", "Bulan", "Data", "Nilai", "Aturan", "Dicek oleh", "Catatan"] + (
        ["Tindakan"] if can_mark else [])
    body = []
    for row in frame.head(MAX_ROWS).itertuples(index=False):
        when = row.dicek_waktu.strftime("%d-%m-%Y %H:%M") if hasattr(row.dicek_waktu, "strftime") else ""
        cells = [_where(row, show_puskesmas), month_text(row.tahun, row.bulan), what_label(row.aturan, row.kode),
                 _value(row.nilai), _rule(row.aturan), f"{row.dicek_oleh}, {when}", row.catatan or ""]
        if can_mark:
            cells.append(html.Button("Batalkan", id={"type": ID.UNMARK, "hit": key_of(row)}, type="button",
                                     className="btn btn-outline-secondary btn-sm text-nowrap"))
        body.append(html.Tr([html.Td(c) for c in cells]))
    return html.Div([
        html.H4("Sudah dicek: benar", className="h6 mt-3 mb-1"),
        html.P("Tidak ditandai lagi selama nilainya tetap; bila nilainya berubah, data itu muncul lagi di atas.",
               className="section-note mb-1"),
        html.Div(html.Table([html.Thead(html.Tr([html.Th(h) for h in header])), html.Tbody(body)],
                            className="table table-sm mb-0 kd-pencilan-tabel"), className="table-responsive"),
    ])
