"""Dashboard Utama: the visits section ("Kunjungan layanan"): the card callbacks/kunjungan.py
fills, and the pieces it fills it with (KPI tiles, warnings, notes, the empty state)."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from domain.kategori import DALAM_GEDUNG, LUAR_GEDUNG, MIN_SEL, TEMPAT
from indicators import format as fmt
from indicators.kunjungan import KECIL, Absent, change, gedung, month_name, share, shift
from layouts.components import kpi_card
from layouts.graph_config import graph_config
from layouts.ids import Kunjungan as K

GRAPH_CONFIG = graph_config("kunjungan")
UPLOAD_PATH = "/unggah"
DATASET_LABEL = "Kunjungan layanan bulanan"
MAX_ABSENT_SHOWN = 10  # places named in "belum melapor"; the rest are counted

SMALL_NOTE = (f"Sel dengan 1–{MIN_SEL - 1} kunjungan ditampilkan \u201c{KECIL}\u201d tanpa batang dan tanpa "
              "persentase: angka sekecil itu dapat menunjuk orangnya, dan persentasenya melonjak dari "
              "bulan ke bulan.")
SOURCE_NOTE = (f"Dalam gedung: {' dan '.join(TEMPAT[t] for t in DALAM_GEDUNG)}; luar gedung: "
               f"{' dan '.join(TEMPAT[t].lower() for t in LUAR_GEDUNG)}. Bulan tanpa laporan adalah "
               "celah di garis, bukan 0. Sumber: data kunjungan bulanan yang diunggah Puskesmas.")


def kunjungan_section() -> dbc.Card:
    """The card: a period line, an empty state or the content (warnings about places that
    stopped reporting, KPI tiles, the 24-month trend, the month's breakdowns, notes)."""
    def graph(graph_id, title: str, **col) -> dbc.Col:
        return dbc.Col([html.H4(title, className="subsection-title"),
                        dcc.Graph(id=graph_id, config=GRAPH_CONFIG)], **col)

    return dbc.Card([
        dbc.CardHeader([html.H3("Kunjungan layanan", className="section-title"),
                        html.Div(id=K.PERIOD, className="section-note")]),
        html.Div(id=K.EMPTY),
        html.Div([
            html.Div(id=K.WARNINGS),
            dbc.Row(id=K.KPI, className="g-2 px-2 pt-2"),
            dbc.Row(graph(K.TREND, "Kunjungan per bulan menurut tempat, 24 bulan", xs=12), className="g-2 px-2"),
            dbc.Row([
                graph(K.UMUR, "Menurut kelompok umur (siklus hidup)", xs=12, lg=6),
                graph(K.JENIS_KELAMIN, "Menurut jenis kelamin", xs=6, lg=3),
                graph(K.DISABILITAS, "Penyandang disabilitas", xs=6, lg=3),
            ], className="g-2 px-2"),
            html.Div(id=K.NOTE, className="source-note px-2 pb-2"),
        ], id=K.CONTENT),
    ], className="mb-3 kunjungan-section", id="utama-kunjungan")


def _change_text(value: float | None) -> str:
    return fmt.NO_DATA if value is None else fmt.selisih(value * 100, 1) + "%"


def _compared(label: str, count: int | None) -> str:
    return f"{label}: {fmt.angka(count)}" if count is not None else f"{label}: belum ada laporan"


def kpi_tiles(view) -> list[dbc.Col]:
    """This month, against last month and the same month last year, inside and outside the
    building, visitors with a disability. `view`: data_access.kunjungan.KunjunganView."""
    now = month_name(view.tahun, view.bulan)
    before = month_name(*shift(view.tahun, view.bulan, -1))
    year_ago = month_name(view.tahun - 1, view.bulan)
    inside, outside = gedung(view.per_tempat)
    disabled = next(p for p in view.rincian.disabilitas if p.kode == "Y")
    return [
        kpi_card(f"Kunjungan {now}", fmt.angka(view.bulan_ini),
                 "belum ada laporan bulan ini" if view.bulan_ini is None
                 else "warga desa ini, alamat tercatat" if view.alamat is not None else "semua tempat layanan"),
        kpi_card("Dibanding bulan lalu", _change_text(change(view.bulan_ini, view.bulan_lalu)),
                 _compared(before, view.bulan_lalu)),
        kpi_card("Dibanding tahun lalu", _change_text(change(view.bulan_ini, view.tahun_lalu)),
                 _compared(year_ago, view.tahun_lalu)),
        kpi_card("Dalam gedung", fmt.persen(share(inside, view.bulan_ini)),
                 f"{' + '.join(TEMPAT[t] for t in DALAM_GEDUNG)}: {fmt.angka(inside)}"
                 + (" (alamat jarang tercatat)" if view.alamat is not None else "")),
        kpi_card("Luar gedung", fmt.persen(share(outside, view.bulan_ini)),
                 f"Posyandu + rumah: {fmt.angka(outside)}"),
        kpi_card("Penyandang disabilitas",
                 KECIL if disabled.kecil else fmt.persen(disabled.bagian),
                 "kurang dari 5 kunjungan" if disabled.kecil else f"{fmt.angka(disabled.jumlah)} kunjungan"),
    ]


def warnings(absent: tuple[Absent, ...]) -> dbc.Alert | None:
    """'Pustu Girigede belum melapor sejak Oktober 2025.' for each place that stopped, the
    longest silent first; past MAX_ABSENT_SHOWN, how many more (a file can name thousands of
    places, and every name would be sent to the browser)."""
    if not absent:
        return None
    lines = [html.Li(a.sentence() + ".") for a in absent[:MAX_ABSENT_SHOWN]]
    if len(absent) > MAX_ABSENT_SHOWN:
        lines.append(html.Li(f"… dan {fmt.angka(len(absent) - MAX_ABSENT_SHOWN)} tempat lain."))
    return dbc.Alert([html.Strong("Tempat layanan yang belum melapor: "),
                      html.Ul(lines, className="mb-0")], color="warning", className="m-2 py-2")


def notes(view, *, small: bool) -> list:
    """The notes under the charts: why "< 5", what a desa's numbers are, what the places are."""
    out = []
    if view.alamat is not None:
        a = view.alamat
        out.append(html.P(
            f"Angka desa: kunjungan warga {view.area.nama} yang dicatat {a.puskesmas} dengan alamat "
            "desa (Pustu, Posyandu, kunjungan rumah). Alamat pengunjung tercatat untuk "
            f"{fmt.persen(share(a.dengan_alamat, a.jumlah_puskesmas))} kunjungan {a.puskesmas} pada "
            f"{month_name(view.tahun, view.bulan)} ({fmt.angka(a.dengan_alamat)} dari "
            f"{fmt.angka(a.jumlah_puskesmas)}); kunjungan tanpa alamat, terutama di gedung Puskesmas, "
            "hanya masuk angka Puskesmas.", className="mb-1"))
    if small:
        out.append(html.P(SMALL_NOTE, className="mb-1"))
    out.append(html.P(SOURCE_NOTE, className="mb-0"))
    return out


def period_line(view, extra: str | None = None) -> str:
    first = view.months[0]
    text = (f"{view.area.nama} · {month_name(view.tahun, view.bulan)} · tren "
            f"{month_name(*first)} – {month_name(view.tahun, view.bulan)}")
    return f"{text}. {extra}" if extra else text


def empty(message: str, can_upload: bool) -> html.Div:
    """An explained empty state: why there is nothing, and where the data comes from."""
    if can_upload:
        hint = [f"Unggah data jenis \u201c{DATASET_LABEL}\u201d di halaman ",
                dcc.Link("Unggah Data", href=UPLOAD_PATH), ", atau pilih wilayah atau bulan lain."]
    else:
        hint = [f"Pengelola data Puskesmas mengunggahnya di halaman Unggah Data (jenis data "
                f"\u201c{DATASET_LABEL}\u201d). Pilih wilayah atau bulan lain."]
    return html.Div([
        html.Div("Tidak ada data kunjungan", className="empty-title"),
        html.P(message, className="empty-message"),
        html.P(hint, className="empty-hint"),
    ], className="empty-state m-2", role="status")

