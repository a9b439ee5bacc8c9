"""The list of families to visit (issue 16): for a desa and one of the 12 PIS-PK indicators,
the families whose latest answer is T, in the order a kader walks them (RW, RT, then name or
id). Pure: the rows come from data_access.kunjungan_rumah."""
from __future__ import annotations

import pandas as pd

from indicators.registry import IKS_BY_CODE

# the optional columns of the keluarga dataset kept per family (ingest/specs.py KELUARGA_ALAMAT)
ALAMAT_COLUMNS = ("nama_kepala_keluarga", "alamat", "rt", "rw")
LIST_COLUMNS = ("id_keluarga", "tanggal_kunjungan", *ALAMAT_COLUMNS)
RAHASIA = "Rahasia: data keluarga"


def rt_rw_text(value) -> str:
    """RT/RW the way a Kartu Keluarga writes it: three digits (3 → '003'); '' when unknown."""
    if value is None or value != value:
        return ""
    return f"{int(value):03d}"


def sort_families(rows: pd.DataFrame) -> pd.DataFrame:
    """By RW, then RT (unknown last), then the head of family's name (case-insensitive; none
    last), then id_keluarga: the order a kader walks the desa."""
    if rows.empty:
        return rows.reset_index(drop=True)
    key = pd.DataFrame({
        "rw": pd.to_numeric(rows["rw"], errors="coerce"),
        "rt": pd.to_numeric(rows["rt"], errors="coerce"),
        "nama": rows["nama_kepala_keluarga"].map(lambda v: v.casefold() if isinstance(v, str) and v else None),
        "id": rows["id_keluarga"].astype(str),
    }, index=rows.index)
    order = key.sort_values(["rw", "rt", "nama", "id"], na_position="last", kind="stable").index
    return rows.loc[order].reset_index(drop=True)


def desa_text(nama: str) -> str:
    """'desa Girigede'; a name that already says it ('Desa A1', 'Kelurahan Kota') as it is."""
    return nama if nama.lower().startswith(("desa ", "kelurahan ")) else f"desa {nama}"


def indicator_label(code: str) -> str:
    """'7. Hipertensi berobat teratur'."""
    indicator = IKS_BY_CODE[code]
    return f"{indicator.nomor}. {indicator.label}"
