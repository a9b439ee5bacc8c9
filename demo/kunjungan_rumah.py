"""The demo families' names and addresses for the list of families to visit (issue 16): plainly
fictional ("Keluarga Contoh 00012", "Dusun Contoh 1 … (fiktif)"), derived from the family's
number so that they need no random draw and change no other demo number. RW 1, 2, … per 150
families of a desa, RT 1–5 per 30 families inside a RW."""
from __future__ import annotations

import numpy as np
import pandas as pd

PER_RW, PER_RT = 150, 30
NAME_PREFIX = "Keluarga Contoh "
FIKTIF = "(fiktif)"


def demo_alamat(visits: pd.DataFrame) -> pd.DataFrame:
    """One row per family of `visits` (kode_desa, id_keluarga, tanggal_kunjungan, …; id_keluarga
    ends in the family's 5-digit number), with the columns of schema.keluarga_alamat: the
    values as of the family's latest visit."""
    # each family's latest visit: sorted by id, then date, the last row of each id (numpy:
    # a pandas groupby on the string ids took most of the time)
    every = visits["id_keluarga"].to_numpy(dtype=str)
    dates = visits["tanggal_kunjungan"].to_numpy(dtype="datetime64[D]")
    order = np.lexsort((dates, every))
    last = order[np.r_[every[order][1:] != every[order][:-1], True]]
    ids = every[last].astype(object)
    digits = pd.Series(ids, dtype=object).str[-5:]
    seq = digits.astype(np.int64).to_numpy()
    rw = 1 + (seq - 1) // PER_RW
    rt = 1 + ((seq - 1) % PER_RW) // PER_RT
    return pd.DataFrame({
        "id_keluarga": ids,
        "tanggal_kunjungan": dates[last].astype(object),
        "nama_kepala_keluarga": (NAME_PREFIX + digits).to_numpy(dtype=object),
        "alamat": ("Dusun Contoh " + pd.Series(rw).astype(str) + ", rumah " + pd.Series(seq).astype(str)
                   + " " + FIKTIF).to_numpy(dtype=object),
        "rt": rt.astype(object),
        "rw": rw.astype(object),
    })
