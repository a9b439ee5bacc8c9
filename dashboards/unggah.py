"""Upload page (Unggah Data): choose a dataset, get its template, drop a file, see the
preview and the validation report, confirm; the import runs in the background."""
import dash_bootstrap_components as dbc
from dash import dcc, html

from ingest import ADMIN_DATASETS, DATASETS
from layouts.components import dropdown
from layouts.grid import grid
from layouts.ids import MAX_UPLOAD_BYTES, MAX_UPLOAD_MB, UPLOAD_EXPIRY_HOURS
from layouts.ids import Unggah as ids
from layouts.pages import PAGE_BY_KEY, register_page
from layouts.unggah_parts import LOG_COLUMNS

register_page(__name__, PAGE_BY_KEY["unggah"])


def layout(**_query):
    # wilayah and batas are offered to admins by a callback (the page does not know the user)
    options = [{"label": spec.label, "value": name} for name, spec in DATASETS.items()
               if name not in ADMIN_DATASETS]
    return html.Div([
        html.H2("Unggah Data", className="page-title"),
        html.P("Muat data Anda sendiri: daftar wilayah, batas desa, kunjungan keluarga PIS-PK, "
               "register layanan bulanan, sasaran, target, kunjungan layanan dan kesakitan (morbiditas). "
               "Berkas yang memuat satu saja baris salah ditolak seluruhnya; data yang sudah tersimpan tidak berubah."),
        dbc.Card(dbc.CardBody([
            html.H3("1. Pilih jenis data", className="step-title"),
            dbc.Row([
                dbc.Col(dropdown(id=ids.DATASET, options=options, value="keluarga",
                                 clearable=False, searchable=False), md=5),
                dbc.Col([
                    dbc.Button("Unduh templat CSV", id=ids.TEMPLATE_CSV, color="secondary",
                               outline=True, className="me-2"),
                    dbc.Button("Unduh templat XLSX", id=ids.TEMPLATE_XLSX, color="secondary",
                               outline=True),
                    dcc.Download(id=ids.TEMPLATE_DOWNLOAD),
                ], md=7),
            ], className="g-2 align-items-center"),
            html.Div(id=ids.DATASET_HELP, className="mt-2"),
        ]), className="mb-2"),
        dbc.Card(dbc.CardBody([
            html.H3("2. Unggah berkas", className="step-title"),
            html.Div(dcc.Upload(
                id=ids.UPLOAD,
                children=html.Div([
                    html.Strong("Seret berkas ke sini, atau klik untuk memilih. "),
                    html.Span(f"CSV atau XLSX; untuk batas wilayah GeoJSON, GeoPackage, atau "
                              f"Shapefile dalam satu .zip. Ukuran paling besar {MAX_UPLOAD_MB} MB; "
                              "berkas lebih besar dimuat dengan perintah "),
                    html.Code("python cli.py import"),
                    html.Span("."),
                ]),
                max_size=MAX_UPLOAD_BYTES, multiple=False, className="upload-zone",
            ), id="unggah-upload-wrap", **{"data-max-bytes": str(MAX_UPLOAD_BYTES),
                                            "data-max-mb": str(MAX_UPLOAD_MB)}),
            html.Div(id="unggah-size-note", role="alert", className="upload-size-note"),
            dcc.Loading(html.Div(id=ids.REPORT, className="mt-2"), delay_show=300),
            html.Div(id=ids.PREVIEW, className="mt-2"),
        ]), className="mb-2"),
        dbc.Card(dbc.CardBody([
            html.H3("3. Konfirmasi", className="step-title"),
            dbc.Button("Impor sekarang", id=ids.CONFIRM, color="primary", disabled=True),
            html.P(f"Berkas yang sudah diperiksa tetapi tidak diimpor dihapus otomatis setelah "
                   f"{UPLOAD_EXPIRY_HOURS} jam; unggah lagi bila perlu.",
                   className="text-muted small mt-2 mb-0"),
            html.Div(id=ids.PROGRESS, className="mt-2", role="status"),
            dcc.Interval(id=ids.POLL, interval=1000, disabled=True),
            dcc.Store(id=ids.PENDING),
            dcc.Store(id=ids.JOB),
        ]), className="mb-2"),
        dbc.Card([
            dbc.CardHeader("Riwayat impor"),
            dbc.CardBody(grid(ids.LOG, LOG_COLUMNS, file_name="riwayat-impor", pin=("id", "waktu"), pin_width=60,
                              page_size=15)),
        ], className="mb-4"),
    ])
