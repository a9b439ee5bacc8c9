"""Klaster 1 page: its title, the month kept in the URL, and the summary row gathered from
every management section (each section's own callbacks live in callbacks/k1_*.py)."""
from __future__ import annotations

from dash import Input, Output, callback

from callbacks.month_control import keep_month_in_url
from callbacks.summary_row import summary_page
from data_access.k1_ringkasan import SUMMARIES
from layouts import ids
from layouts.klaster1_parts import K1
from layouts.pages import PAGE_BY_KEY

PAGE = PAGE_BY_KEY["klaster-1"]
NO_DATA = ("Belum ada data manajemen (SDM, obat, sarpras, keuangan, mutu, kegiatan) untuk wilayah dan "
           "tahun ini.")
NO_DATA_HINT = "Pengelola data dapat mengunggahnya di halaman Unggah data; templat tiap dataset ada di sana."


@callback(
    output=dict(title=Output(K1.TITLE, "children"), asof=Output(K1.ASOF, "children"),
                ringkasan=Output(K1.RINGKASAN, "children")),
    inputs=dict(state=Input(ids.FILTER_STATE, "data")),
)
def show_page(state):
    """'Klaster 1 · Manajemen · Puskesmas Kalijaya · 2025' and one card per headline figure."""
    return summary_page(state, PAGE.heading, SUMMARIES,
                        "Data per Puskesmas; di tingkat kabupaten ke atas dijumlahkan dari Puskesmasnya.",
                        NO_DATA, NO_DATA_HINT)


# the header's month, kept in the URL
remember_month = keep_month_in_url(K1.BULAN)
