"""Upload page callbacks: describe a dataset, hand out its template, check an uploaded file,
start the import in the background and report its progress.

Every callback asks who is signed in (server-side: the page's own guard is not enough, a
callback can be posted without it): only a pengelola data or an admin may upload, each import
acts for that user's wilayah, and an upload checked for one user cannot be confirmed by another.
"""
from __future__ import annotations

import base64
import binascii
import json
import re
import uuid
from pathlib import Path

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html, no_update

from callbacks import common, inputs
from callbacks.common import client_address, connect, current_viewer, record
from data_access.settings import load_settings
from data_access.users import Event
from domain.access import Viewer
from indicators import format as fmt
from ingest import ADMIN_DATASETS, DATASETS, import_log, log_rejection, validate_file
from ingest.jobs import ImportBusy, job_status, start_import
from ingest.templates import template_csv, template_xlsx
from ingest.uploads import remove_expired
from layouts.grid import grid, text_column
from layouts.ids import MAX_UPLOAD_BYTES, MAX_UPLOAD_MB, UPLOAD_EXPIRY_HOURS
from layouts.ids import Unggah as ids
from layouts.unggah_parts import DATASET_COLUMNS, LOG_COLUMNS

SUFFIXES = {".csv", ".txt", ".xlsx", ".geojson", ".json", ".gpkg", ".zip"}
TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _upload_dir() -> Path:
    folder = load_settings().data_dir / "unggahan"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def remove_expired_uploads() -> None:
    """Run at app start, before a new upload is stored and before one is confirmed."""
    remove_expired(_upload_dir(), UPLOAD_EXPIRY_HOURS)


NOT_ALLOWED = ("Akun Anda tidak boleh mengimpor data: halaman ini hanya untuk pengelola data dan "
               "admin. Tidak ada yang disimpan.")
NOT_YOURS = ("Unggahan ini tidak ditemukan, sudah kedaluwarsa, atau bukan milik akun Anda; tidak ada "
             "yang diimpor. Unggah berkasnya lagi.")


def _dataset(value) -> str | None:
    value = inputs.text(value)
    return value if value in DATASETS else None


def _uploader() -> Viewer | None:
    """The signed-in viewer when they may import, else None (the callbacks then refuse)."""
    who = current_viewer()
    return who if who is not None and who.can_import else None


def dataset_options(who: Viewer | None) -> list[dict]:
    """The datasets `who` may import: wilayah and batas only for an admin."""
    return [{"label": spec.label, "value": name} for name, spec in DATASETS.items()
            if name not in ADMIN_DATASETS or (who is not None and who.is_admin)]


@callback(
    Output(ids.DATASET_HELP, "children"),
    Output(ids.TEMPLATE_CSV, "disabled"),
    Output(ids.TEMPLATE_XLSX, "disabled"),
    Output(ids.DATASET, "options"),
    Input(ids.DATASET, "value"),
)
def describe(dataset):
    """The chosen dataset's columns; also the datasets the user may choose (it runs when the
    page opens, and the page itself does not know the user)."""
    who = _uploader()
    if who is None:
        return dbc.Alert(NOT_ALLOWED, color="danger"), True, True, []
    options = dataset_options(who)
    spec = DATASETS.get(_dataset(dataset) or "keluarga")
    rows = [{"kolom": c.name, "wajib": "wajib" if c.required else "opsional",
             "arti": c.description, "nilai": c.allowed, "contoh": str(c.example)} for c in spec.columns]
    table = grid(ids.COLUMNS_TABLE, DATASET_COLUMNS, rows=rows, file_name=f"kolom-berkas-{spec.name}",
                 pin="kolom", pin_width=190) if rows else None
    key = ", ".join(spec.natural_key)
    return [
        html.P([f"Kunci alami: {key}. Mengimpor ulang baris dengan kunci yang sama mengganti nilainya; "
                "berkas yang sama dua kali tidak mengubah apa pun."]),
        html.P(spec.note) if spec.note else None,
        html.Details([html.Summary(f"Lihat {len(rows)} kolom berkas ini"), table]) if table else None,
    ], spec.is_boundary, spec.is_boundary, options


@callback(
    Output(ids.TEMPLATE_DOWNLOAD, "data"),
    Input(ids.TEMPLATE_CSV, "n_clicks"),
    Input(ids.TEMPLATE_XLSX, "n_clicks"),
    State(ids.DATASET, "value"),
    prevent_initial_call=True,
)
def send_template(csv_clicks, xlsx_clicks, dataset):
    from dash import ctx

    dataset = _dataset(dataset)
    if dataset is None or _uploader() is None:
        return no_update
    if ctx.triggered_id == ids.TEMPLATE_XLSX:
        content = template_xlsx(dataset)
        name = f"templat-{dataset}.xlsx"
    else:
        content = template_csv(dataset)
        name = f"templat-{dataset}.csv"
    return no_update if content is None else dcc.send_bytes(content, name)


def _problem_report(report) -> html.Div:
    shown = report.problems[:50]
    more = report.problem_count - len(shown)
    items = [html.Li(str(p)) for p in shown]
    if more > 0:
        items.append(html.Li(f"… dan {fmt.angka(more)} masalah lain"))
    return html.Div([
        dbc.Alert([html.Strong("Berkas ditolak: tidak ada yang diimpor. "),
                   f"{fmt.angka(report.problem_count)} masalah ditemukan. Perbaiki berkas lalu unggah lagi."],
                  color="danger", className="mb-2"),
        html.Ul(items, className="problem-list"),
    ])


@callback(
    Output(ids.REPORT, "children"),
    Output(ids.PREVIEW, "children"),
    Output(ids.CONFIRM, "disabled"),
    Output(ids.PENDING, "data"),
    Input(ids.UPLOAD, "contents"),
    State(ids.UPLOAD, "filename"),
    State(ids.DATASET, "value"),
    prevent_initial_call=True,
)
def check_upload(contents, filename, dataset):
    """Save the upload under a random name, validate it for the signed-in user, and show what
    would be imported. A refused file is an import attempt: logged, and removed."""
    who = _uploader()
    dataset = _dataset(dataset)
    name = Path(str(filename or "berkas")).name[:200]
    suffix = Path(name).suffix.lower()
    refuse = None
    if who is None:
        if current_viewer() is not None:
            record(Event.IMPOR_DITOLAK, f"{dataset or '-'}: {name}, peran tidak boleh mengimpor")
        refuse = NOT_ALLOWED
    elif dataset is None:
        refuse = "Pilih jenis data lebih dulu."
    elif not isinstance(contents, str) or "," not in contents:
        refuse = "Berkas tidak terbaca."
    elif suffix not in SUFFIXES:
        refuse = (f"Jenis berkas '{suffix or name}' tidak dikenali. Gunakan CSV atau XLSX; untuk batas "
                  "wilayah GeoJSON, GeoPackage, atau Shapefile dalam .zip.")
    elif len(contents) * 3 // 4 > MAX_UPLOAD_BYTES:
        refuse = (f"Berkas {name} lebih besar dari {MAX_UPLOAD_MB} MB, batas halaman ini. "
                  "Muat dengan perintah python cli.py import.")
    if refuse:
        return dbc.Alert(refuse, color="danger"), None, True, None
    try:
        raw = base64.b64decode(contents.split(",", 1)[1], validate=True)
    except (binascii.Error, ValueError):
        return dbc.Alert("Berkas tidak terbaca.", color="danger"), None, True, None
    remove_expired_uploads()
    token = uuid.uuid4().hex
    path = _upload_dir() / f"{token}{suffix}"
    path.write_bytes(raw)
    with connect() as conn:
        report = validate_file(conn, dataset, path, viewer=who, file_name=name)
    preview = None
    if report.preview is not None and not report.preview.empty:
        frame = report.preview.head(20).astype(str)
        preview = html.Div([
            html.Div(f"Pratinjau {min(20, len(frame))} baris pertama:", className="fw-semibold"),
            # the file's own header names the columns: shown and exported as text only
            grid(ids.PREVIEW_TABLE, [text_column(c, c, min_width=min(40 + 9 * len(c), 260)) for c in frame.columns],
                 rows=frame.to_dict("records"),
                 file_name="pratinjau-berkas", pin=frame.columns[0], pin_width=170),
        ])
    if not report.ok:
        log_rejection(common.engine(), report, name, path, viewer=who, alamat=client_address())
        path.unlink(missing_ok=True)
        return _problem_report(report), preview, True, None
    # who uploaded it, kept beside the file: the browser's store only points at it
    _owner_file(token).write_text(json.dumps({"pengguna": who.label, "dataset": dataset,
                                              "suffix": suffix, "filename": name}), encoding="utf-8")
    summary = dbc.Alert([html.Strong("Berkas lolos pemeriksaan. "),
                         f"{fmt.angka(report.rows)} baris siap diimpor ke {DATASETS[dataset].label}. "
                         "Tekan Impor sekarang untuk menyimpannya."], color="success")
    return summary, preview, False, {"token": token, "suffix": suffix, "dataset": dataset, "filename": name}


def _owner_file(token: str) -> Path:
    return _upload_dir() / f"{token}.pemilik"


def _pending_of(token: str, who: Viewer) -> dict | None:
    """The server's record of upload `token`, when `who` uploaded it."""
    try:
        found = json.loads(_owner_file(token).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(found, dict) or found.get("pengguna") != who.label \
            or found.get("suffix") not in SUFFIXES or _dataset(found.get("dataset")) is None:
        return None
    return found


@callback(
    Output(ids.JOB, "data"),
    Output(ids.POLL, "disabled"),
    Output(ids.CONFIRM, "disabled", allow_duplicate=True),
    Output(ids.PROGRESS, "children", allow_duplicate=True),
    Input(ids.CONFIRM, "n_clicks"),
    State(ids.PENDING, "data"),
    prevent_initial_call=True,
)
def confirm(_clicks, pending):
    """Import the upload the browser points at, if the signed-in user uploaded it; what is
    imported (dataset, file name) is what the server recorded, not what the browser says."""
    who = _uploader()
    if who is None:
        return no_update, True, True, dbc.Alert(NOT_ALLOWED, color="danger")
    token = str(pending.get("token", "")) if isinstance(pending, dict) else ""
    if not TOKEN.match(token):
        return no_update, True, True, dbc.Alert(NOT_YOURS, color="danger")
    remove_expired_uploads()
    found = _pending_of(token, who)
    path = _upload_dir() / f"{token}{found['suffix']}" if found else None
    if path is None or not path.exists():
        return no_update, True, True, dbc.Alert(NOT_YOURS, color="danger")
    path.touch()  # the import reads it now: no sweep may take it away mid-import
    try:
        job = start_import(common.engine(), found["dataset"], path, str(found["filename"])[:200],
                           viewer=who, alamat=client_address())
    except ImportBusy as busy:  # the upload stays: it can be confirmed once the other one ends
        return no_update, True, False, dbc.Alert(str(busy), color="warning")
    _owner_file(token).unlink(missing_ok=True)  # one import per upload
    return job, False, True, None


@callback(
    Output(ids.PROGRESS, "children"),
    Output(ids.POLL, "disabled", allow_duplicate=True),
    Output(ids.LOG, "rowData"),
    Input(ids.POLL, "n_intervals"),
    Input(ids.JOB, "data"),
    prevent_initial_call="initial_duplicate",
)
def poll(_n, job):
    who = _uploader()
    if who is None:
        return dbc.Alert(NOT_ALLOWED, color="danger"), True, []
    job = inputs.text(job, 64)
    status = job_status(common.engine(), job) if job else None  # marks a dead job gagal
    with connect() as conn:
        log = import_log(conn, limit=50, scope=who.scope)
    progress, finished = None, True
    if status is not None:
        if status["status"] == "berjalan":
            finished = False
            total, done = status["total"], status["selesai"]
            pct = 100 * done / total if total else 0
            label = f"{fmt.angka(done)} dari {fmt.angka(total)} baris" if total else f"{fmt.angka(done)} baris"
            if status["pid"] is None:  # queued: no worker has taken it yet
                label = "Menunggu worker menjalankan impor…"
            progress = dbc.Progress(value=pct, label=label, striped=True, animated=True,
                                    style={"height": "1.6rem"})
        else:
            colour = {"berhasil": "success", "ditolak": "danger", "gagal": "danger"}.get(status["status"], "warning")
            progress = dbc.Alert(status["pesan"] or status["status"], color=colour)
    return progress, finished, log_rows(log)


def log_rows(log: pd.DataFrame) -> list[dict]:
    """The log's shown columns; counts stay numbers (sorted as numbers), the time as
    Indonesian writes it, no value as None (the grid shows '–')."""
    rows = []
    for r in log[[c["field"] for c in LOG_COLUMNS]].astype(object).where(log.notna(), None).itertuples(index=False):
        row = r._asdict()
        row["waktu"] = fmt.waktu(row["waktu"])
        rows.append(row)
    return rows
