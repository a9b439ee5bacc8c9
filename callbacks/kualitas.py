"""Kualitas Data page: its title, the month kept in the URL, and the summary row gathered from
every data-quality section (each section's own callbacks live in callbacks/kd_*.py)."""
from __future__ import annotations

from dash import Input, Output, callback

from callbacks.month_control import keep_month_in_url
from callbacks.summary_row import summary_page
from data_access import kelengkapan, pencilan, rekonsiliasi
from layouts import ids
from layouts.kualitas_parts import KD
from layouts.pages import PAGE_BY_KEY

PAGE = PAGE_BY_KEY["kualitas-data"]
# each returns a list of indicators.klaster1.Ringkasan for (conn, scope, area, tahun, bulan|None);
# the sections add theirs (completeness, outliers, PIS-PK against the registers)
SUMMARIES: tuple = (kelengkapan.ringkasan, pencilan.ringkasan, rekonsiliasi.ringkasan)
NO_DATA = "Belum ada register layanan untuk wilayah dan tahun ini: belum ada yang dapat diperiksa."
NO_DATA_HINT = "Pengelola data dapat mengunggah register di halaman Unggah data."


@callback(
    output=dict(title=Output(KD.TITLE, "children"), asof=Output(KD.ASOF, "children"),
                ringkasan=Output(KD.RINGKASAN, "children")),
    inputs=dict(state=Input(ids.FILTER_STATE, "data")),
)
def show_page(state):
    """'Kualitas data · Puskesmas Kalijaya · Desember 2025' and one card per headline figure."""
    return summary_page(state, PAGE.heading, SUMMARIES,
                        "Periksa data sebelum membaca angkanya: laporan yang belum masuk atau angka janggal "
                        "mengubah status PWS.",
                        NO_DATA, NO_DATA_HINT)


# the header's month, kept in the URL
remember_month = keep_month_in_url(KD.BULAN)
