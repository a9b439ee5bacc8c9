"""The list of families to visit as an XLSX for the kader (issue 16): a title naming the desa,
the indicator, the date and "Rahasia: data keluarga", then one row per family in the order the
kader walks the desa (RW, RT, name), with an empty column for the visit's notes. Every text is
written as text (exports.writers: a name starting with '=' is not a formula)."""
from __future__ import annotations

from datetime import date

import pandas as pd

from domain.wilayah import Area
from exports.writers import to_xlsx
from indicators.format import angka
from indicators.kunjungan_rumah import RAHASIA, desa_text, indicator_label, rt_rw_text

HEADERS = {"no": "No.", "rw": "RW", "rt": "RT", "nama_kepala_keluarga": "Nama kepala keluarga",
           "alamat": "Alamat", "id_keluarga": "ID keluarga", "tanggal_kunjungan": "Kunjungan terakhir",
           "catatan": "Catatan kunjungan kader"}


def _tanggal(value) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else str(value or "")


def families_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The sheet's rows from data_access.kunjungan_rumah.families_to_visit (already sorted)."""
    return pd.DataFrame({
        HEADERS["no"]: range(1, len(rows) + 1),
        HEADERS["rw"]: [rt_rw_text(v) for v in rows["rw"]],
        HEADERS["rt"]: [rt_rw_text(v) for v in rows["rt"]],
        HEADERS["nama_kepala_keluarga"]: [v or "" for v in rows["nama_kepala_keluarga"]],
        HEADERS["alamat"]: [v or "" for v in rows["alamat"]],
        HEADERS["id_keluarga"]: list(rows["id_keluarga"]),
        HEADERS["tanggal_kunjungan"]: [_tanggal(v) for v in rows["tanggal_kunjungan"]],
        HEADERS["catatan"]: [""] * len(rows),
    })


def title_lines(desa: Area, indikator: str, n: int, dibuat: date, oleh: str) -> list[str]:
    puskesmas = next((nama for _lv, _k, nama in reversed(desa.ancestors)), "")
    where = desa_text(desa.nama) + (f" ({puskesmas})" if puskesmas else "")
    return [
        f"Keluarga yang perlu dikunjungi · {where}",
        f"Indikator {indicator_label(indikator)}: jawaban T (tidak) pada kunjungan terakhir · "
        f"{angka(n)} keluarga",
        f"Dibuat {dibuat:%d/%m/%Y} oleh {oleh} · urut RW, RT, nama",
        f"{RAHASIA}. Hanya untuk kunjungan rumah; jangan dibagikan atau diunggah ke tempat lain.",
    ]


def families_xlsx(rows: pd.DataFrame, desa: Area, indikator: str, dibuat: date, oleh: str) -> bytes:
    return to_xlsx(families_frame(rows), sheet="Keluarga",
                   judul=title_lines(desa, indikator, len(rows), dibuat, oleh))


def file_name(desa: Area, indikator: str, dibuat: date) -> str:
    return f"kunjungan-rumah-{desa.kode}-{indikator}-{dibuat:%Y%m%d}.xlsx"
