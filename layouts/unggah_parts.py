"""The tables of the upload page: the chosen dataset's columns and the import log."""
from __future__ import annotations

from indicators import format as fmt
from layouts.grid import number_column, text_column

DATASET_COLUMNS = [text_column("kolom", "Kolom"), text_column("wajib", "Wajib?", min_width=100),
                   text_column("arti", "Arti", min_width=280, wrap=True, flex=2),
                   text_column("nilai", "Nilai yang diterima", min_width=200, wrap=True),
                   text_column("contoh", "Contoh")]

LOG_COLUMNS = [  # fits a 1366 screen; on a 1024 projector the time stays pinned
    number_column("id", "No.", min_width=60), text_column("waktu", "Waktu", width=150),
    text_column("dataset", "Jenis data", min_width=100), text_column("nama_berkas", "Berkas", wrap=True),
    text_column("pengguna", "Pengguna", min_width=100, empty=fmt.NO_DATA),
    *[number_column(c, c.capitalize(), min_width=80) for c in ("baris", "ditambah", "diubah", "tetap")],
    text_column("hasil", "Hasil", min_width=85), text_column("pesan", "Pesan", min_width=300, wrap=True, flex=3),
]
