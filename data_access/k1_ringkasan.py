"""Klaster 1's summary figures, one function per management section, in page order: what the
Klaster 1 page's summary row and the lokakarya deck's Klaster 1 slide both read (each returns a
list of indicators.klaster1.Ringkasan for (conn, scope, area, tahun, bulan|None))."""
from __future__ import annotations

from data_access import k1_kegiatan, k1_keuangan, k1_mutu, k1_obat, k1_sarpras, k1_sdm

SUMMARIES: tuple = (k1_sdm.ringkasan, k1_obat.ringkasan, k1_sarpras.ringkasan, k1_keuangan.ringkasan,
                    k1_mutu.ringkasan, k1_kegiatan.ringkasan)
