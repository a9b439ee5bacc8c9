"""Upload page callbacks: describe a dataset, hand out its template, check an uploaded file,
start the import in the background and report its progress."""
from __future__ import annotations

import base64
import binascii
import re
import uuid
from pathlib import Path

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dash_table, dcc, html, no_update

from callbacks import inputs
from callbacks.common import connect
from data_access.db import get_engine
from data_access.settings import load_settings
from indicators import format as fmt
from ingest import DATASETS, import_log, validate_file
from ingest.jobs import job_status, start_import
from ingest.templates import template_csv, template_xlsx
from ingest.uploads import remove_expired
from layouts.components import SMALL_TABLE as TABLE_STYLE
from layouts.ids import MAX_UPLOAD_BYTES, MAX_UPLOAD_MB, UPLOAD_EXPIRY_HOURS
from layouts.ids import Unggah as ids

SUFFIXES = {".csv", ".txt", ".xlsx", ".geojson", ".json", ".gpkg", ".zip"}
TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _upload_dir() -> Path:
    folder = load_settings().data_dir / "unggahan"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def remove_expired_uploads() -> None:
    """Run at app start, before a new upload is stored and before one is confirmed."""
    remove_expired(_upload_dir(), UPLOAD_EXPIRY_HOURS)


def _dataset(value) -> str | None:
    value = inputs.text(value)
    return value if value in DATASETS else None


@callback(
    Output(ids.DATASET_HELP, "children"),
    Output(ids.TEMPLATE_CSV, "disabled"),
    Output(ids.TEMPLATE_XLSX, "disabled"),
    Input(ids.DATASET, "value"),
)
def describe(dataset):
    spec = DATASETS.get(_dataset(dataset) or "keluarga")
    rows = [{"kolom": c.name, "wajib": "wajib" if c.required else "opsional",
             "arti": c.description, "nilai": c.allowed, "contoh": str(c.example)} for c in spec.columns]
    names = {"kolom": "Kolom", "wajib": "Wajib?", "arti": "Arti", "nilai": "Nilai yang diterima",
             "contoh": "Contoh"}
    table = dash_table.DataTable(
        data=rows, columns=[{"id": k, "name": v} for k, v in names.items()],
        style_data={"whiteSpace": "normal", "height": "auto"}, **TABLE_STYLE) if rows else None
    key = ", ".join(spec.natural_key)
    return [
        html.P([f"Kunci alami: {key}. Mengimpor ulang baris dengan kunci yang sama mengganti nilainya; "
                "berkas yang sama dua kali tidak mengubah apa pun."]),
        html.P(spec.note) if spec.note else None,
        html.Details([html.Summary(f"Lihat {len(rows)} kolom berkas ini"), table]) if table else None,
    ], spec.is_boundary, spec.is_boundary


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
    if dataset is None:
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
    """Save the upload under a random name, validate it, and show what would be imported."""
    dataset = _dataset(dataset)
    name = Path(str(filename or "berkas")).name[:200]
    suffix = Path(name).suffix.lower()
    refuse = None
    if dataset is None:
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
        report = validate_file(conn, dataset, path, file_name=name)
    preview = None
    if report.preview is not None and not report.preview.empty:
        frame = report.preview.head(20).astype(str)
        preview = html.Div([
            html.Div(f"Pratinjau {min(20, len(frame))} baris pertama:", className="fw-semibold"),
            dash_table.DataTable(data=frame.to_dict("records"),
                                 columns=[{"id": c, "name": c} for c in frame.columns], **TABLE_STYLE),
        ])
    if not report.ok:
        path.unlink(missing_ok=True)
        return _problem_report(report), preview, True, None
    summary = dbc.Alert([html.Strong("Berkas lolos pemeriksaan. "),
                         f"{fmt.angka(report.rows)} baris siap diimpor ke {DATASETS[dataset].label}. "
                         "Tekan Impor sekarang untuk menyimpannya."], color="success")
    return summary, preview, False, {"token": token, "suffix": suffix, "dataset": dataset, "filename": name}


@callback(
    Output(ids.JOB, "data"),
    Output(ids.POLL, "disabled"),
    Output(ids.CONFIRM, "disabled", allow_duplicate=True),
    Input(ids.CONFIRM, "n_clicks"),
    State(ids.PENDING, "data"),
    prevent_initial_call=True,
)
def confirm(_clicks, pending):
    if not isinstance(pending, dict) or not TOKEN.match(str(pending.get("token", ""))) \
            or pending.get("suffix") not in SUFFIXES or _dataset(pending.get("dataset")) is None:
        return no_update, True, True
    remove_expired_uploads()
    path = _upload_dir() / f"{pending['token']}{pending['suffix']}"
    if not path.exists():
        return no_update, True, True
    path.touch()  # the import reads it now: no sweep may take it away mid-import
    job = start_import(get_engine(), pending["dataset"], path, str(pending.get("filename", path.name))[:200])
    return job, False, True


@callback(
    Output(ids.PROGRESS, "children"),
    Output(ids.POLL, "disabled", allow_duplicate=True),
    Output(ids.LOG, "data"),
    Output(ids.LOG, "columns"),
    Input(ids.POLL, "n_intervals"),
    Input(ids.JOB, "data"),
    prevent_initial_call="initial_duplicate",
)
def poll(_n, job):
    with connect() as conn:
        job = inputs.text(job, 64)
        status = job_status(conn, job) if job else None
        log = import_log(conn, limit=50)
    progress, finished = None, True
    if status is not None:
        if status["status"] == "berjalan":
            finished = False
            total, done = status["total"], status["selesai"]
            pct = 100 * done / total if total else 0
            label = f"{fmt.angka(done)} dari {fmt.angka(total)} baris" if total else f"{fmt.angka(done)} baris"
            progress = dbc.Progress(value=pct, label=label, striped=True, animated=True,
                                    style={"height": "1.6rem"})
        else:
            colour = {"berhasil": "success", "ditolak": "danger"}.get(status["status"], "warning")
            progress = dbc.Alert(status["pesan"] or status["status"], color=colour)
    return progress, finished, _log_rows(log), _log_columns(log)


def _log_columns(log: pd.DataFrame) -> list[dict]:
    return [{"id": c, "name": c.replace("_", " ").capitalize()} for c in log.columns]


def _log_rows(log: pd.DataFrame) -> list[dict]:
    return log.astype(object).where(log.notna(), None).astype(str).to_dict("records")
