"""Klaster 3 (adults & elderly): the hypertension and diabetes control cascades from the
estimated patients to the controlled ones, PTM screening by age and sex and the risk factors
found, mental health, the elderly's ICOPE screening, and the PWS of every Klaster 3
indicator."""
import dash

from indicators.program import KASKADE_BY_CODE, RINCIAN_BY_CODE
from layouts.pws_parts import (
    kaskade_section,
    pws_page,
    rincian_section,
    ringkasan_section,
)

PAGE = "klaster-3"

dash.register_page(__name__, path="/klaster-3", name="Klaster 3", order=3,
                   title="Klaster 3 – Dewasa dan Lansia")


def layout(indikator: str | None = None, bulan: str | None = None, **_query):
    return pws_page(PAGE, 3, "Klaster 3 · Dewasa dan Lansia", "ht_spm", indikator, bulan, before=[
        kaskade_section(KASKADE_BY_CODE["ht"], "Kaskade pengendalian hipertensi: estimasi → terkendali"),
        kaskade_section(KASKADE_BY_CODE["dm"], "Kaskade pengendalian diabetes melitus: estimasi → terkendali"),
        rincian_section(RINCIAN_BY_CODE["skrining_ptm_umur"],
                        "Skrining PTM penduduk ≥15 tahun menurut umur dan jenis kelamin"),
        rincian_section(RINCIAN_BY_CODE["faktor_risiko_ptm"],
                        "Faktor risiko PTM yang ditemukan saat skrining, per wilayah"),
    ], after=[
        kaskade_section(KASKADE_BY_CODE["jiwa"], "Kesehatan jiwa: skrining, diagnosis, pengobatan, rujukan, pasung"),
        ringkasan_section(PAGE, "Semua indikator Klaster 3: SPM hipertensi dan diabetes, skrining PTM, "
                                "ODGJ berat, ICOPE lansia"),
    ])
