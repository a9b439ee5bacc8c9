"""Kualitas Data, the families to visit: validate the viewer, the desa and the indicator on
the server → read data_access.kunjungan_rumah (which refuses anyone but a Puskesmas' pengelola
data or admin) → the list, or the reason it is not shown. Every list shown and every XLSX
downloaded is written to the audit log: who, which desa, which indicator, how many families."""
from __future__ import annotations

from datetime import date

from dash import Input, Output, State, callback, dcc, no_update

from callbacks import inputs
from callbacks.common import connect, only, record, viewer
from callbacks.url_state import area_from_state
from data_access.kunjungan_rumah import desa_options, families_to_visit, refusal, visible_desa
from data_access.users import Event
from domain.access import AccessDenied
from domain.codes import Level
from domain.wilayah import Area, WilayahError
from exports.kunjungan_rumah import families_xlsx, file_name
from indicators import format as fmt
from indicators.kunjungan_rumah import desa_text, indicator_label, rt_rw_text
from indicators.registry import IKS_CODES
from layouts import ids
from layouts.components import empty_state
from layouts.kd_kunjungan_rumah import HIDDEN, KR, refused

CHOICES = dict(
    refused=Output(KR.REFUSED, "children"),
    controls_style=Output(KR.CONTROLS, "style"),
    options=Output(KR.DESA, "options"),
    desa=Output(KR.DESA, "value"),
)


@callback(output=CHOICES, inputs=dict(state=Input(ids.FILTER_STATE, "data")))
def show_choices(state):
    """The desa of the filter's area the viewer may list (the filter's own desa chosen), or
    the reason this viewer sees no list."""
    who = viewer()
    reason = refusal(who)
    if reason:
        return only(CHOICES, refused=refused(reason), controls_style=HIDDEN, options=[], desa=None)
    with connect() as conn:
        try:
            area, _tahun = area_from_state(conn, who.scope, state)
        except WilayahError as exc:
            return only(CHOICES, refused=empty_state(str(exc)), controls_style=HIDDEN, options=[], desa=None)
        desa = desa_options(conn, who, area)
    chosen = area.kode if area.level == Level.DESA else (desa[0][0] if len(desa) == 1 else None)
    return only(CHOICES, refused=None, controls_style=None, desa=chosen,
                options=[{"label": nama, "value": kode} for kode, nama in desa])


LIST = dict(
    summary=Output(KR.SUMMARY, "children"),
    rows=Output(KR.GRID, "rowData"),
    list_style=Output(KR.LIST, "style"),
    download_disabled=Output(KR.DOWNLOAD_XLSX, "disabled"),
)
NOTHING = dict(rows=[], list_style=HIDDEN, download_disabled=True)
CHOOSE = "Pilih desa dan indikator untuk melihat keluarga yang perlu dikunjungi."
NO_ALAMAT = (" Data keluarga desa ini belum memuat nama kepala keluarga, alamat, RT dan RW: unggah data keluarga "
             "dengan kolom opsional nama_kepala_keluarga, alamat, rt, rw (lihat templat di halaman Unggah data).")


def _chosen(desa, indikator) -> tuple[str | None, str | None]:
    kode = inputs.text(desa)
    code = inputs.text(indikator)
    return kode, code if code in IKS_CODES else None


@callback(output=LIST, inputs=dict(desa=Input(KR.DESA, "value"), indikator=Input(KR.INDIKATOR, "value")))
def show_families(desa, indikator):
    """The families of the chosen desa whose latest answer on the chosen indicator is T;
    recorded in the audit log."""
    who = viewer()
    kode, code = _chosen(desa, indikator)
    if refusal(who):
        return only(LIST, summary=None, **NOTHING)
    if kode is None or code is None:
        return only(LIST, summary=CHOOSE, **NOTHING)
    with connect() as conn:
        try:
            area = visible_desa(conn, who, kode)
            rows = families_to_visit(conn, who, kode, code)
        except (AccessDenied, WilayahError) as exc:
            return only(LIST, summary=str(exc), **NOTHING)
    record(Event.LIHAT_KELUARGA, _audit_text(area, code, len(rows)), segera=True)
    if rows.empty:
        return only(LIST, summary=(f"Tidak ada keluarga di {desa_text(area.nama)} yang kunjungan terakhirnya "
                                   f"menjawab T pada indikator {indicator_label(code)}."), **NOTHING)
    summary = (f"{fmt.angka(len(rows))} keluarga di {desa_text(area.nama)} menjawab T pada indikator "
               f"{indicator_label(code)} pada kunjungan terakhirnya.")
    if rows[["nama_kepala_keluarga", "alamat", "rt", "rw"]].isna().all().all():
        summary += NO_ALAMAT
    return only(LIST, summary=summary, rows=[_grid_row(r) for r in rows.to_dict("records")],
                list_style=None, download_disabled=False)


def _grid_row(r: dict) -> dict:
    tanggal = r["tanggal_kunjungan"]
    return {"id_keluarga": r["id_keluarga"], "nama": r["nama_kepala_keluarga"] or None,
            "alamat": r["alamat"] or None, "rt_teks": rt_rw_text(r["rt"]), "rw_teks": rt_rw_text(r["rw"]),
            "tanggal": tanggal.isoformat(), "tanggal_teks": f"{tanggal:%d/%m/%Y}"}


def _audit_text(area: Area, code: str, n: int, name: str | None = None) -> str:
    text = f"daftar keluarga perlu dikunjungi: desa {area.kode} ({area.nama}), indikator {code}, {n} keluarga"
    return f"{text}: {name}" if name else text


@callback(
    Output(KR.DOWNLOAD, "data"),
    Input(KR.DOWNLOAD_XLSX, "n_clicks"),
    State(KR.DESA, "value"),
    State(KR.INDIKATOR, "value"),
    prevent_initial_call=True,
)
def download_families(n_clicks, desa, indikator):
    """The list as XLSX for the kader (title: desa, indicator, date, 'Rahasia: data keluarga');
    recorded in the audit log. Nothing for a viewer who may not see the list."""
    who = viewer()
    kode, code = _chosen(desa, indikator)
    if inputs.counter(n_clicks) is None or kode is None or code is None or refusal(who):
        return no_update
    with connect() as conn:
        try:
            area = visible_desa(conn, who, kode)
            rows = families_to_visit(conn, who, kode, code)
        except (AccessDenied, WilayahError):
            return no_update
    today = date.today()
    name = file_name(area, code, today)
    data = families_xlsx(rows, area, code, today, who.label)
    record(Event.UNDUH, _audit_text(area, code, len(rows), name), segera=True)
    return dcc.send_bytes(data, name)
