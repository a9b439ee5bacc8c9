"""The data-quality score of the areas of a scorecard (indicators.kualitas): completeness and
timeliness of their reports (data_access.kelengkapan's counts, stored at import) and their
outliers not yet checked (data_access.pencilan's counts per area, stored with the hits),
January..bulan of the year."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection

from data_access.kelengkapan import kelengkapan_rows
from data_access.pencilan import open_by_area
from domain.codes import Level
from domain.wilayah import Area, Scope
from indicators.kualitas import skor_kualitas

FIELDS = ("lengkap", "tepat", "janggal", "skor")


def kualitas_by_area(conn: Connection, scope: Scope, area: Area, level: Level, tahun: int,
                     bulan: int) -> tuple[dict[str, dict], dict]:
    """({kode: {lengkap, tepat, janggal, skor}} for the areas of `level` inside `area`, the same
    for `area` itself): completeness = reports received ÷ expected and timeliness = on time ÷
    expected with a known arrival, both summed over January..bulan and every register (never
    averaged); janggal = the outliers not yet checked in those months. Areas without any
    expected report are left out (no score)."""
    rows = kelengkapan_rows(conn, scope, area, level, tahun, bulan, registers=[])
    janggal, n_open = open_by_area(conn, scope, area, level, tahun, bulan)
    sums = rows.groupby("kode_wilayah").agg(
        diharapkan=("diharapkan", "sum"), dilaporkan=("dilaporkan", "sum"), tepat=("tepat_waktu_jumlah", "sum"),
        tanpa_waktu=("tanpa_waktu", "sum"), desa=("desa", "max")) if len(rows) else pd.DataFrame()

    def entry(expected, received, on_time, unknown, desa, n_hits) -> dict:
        lengkap = received / expected if expected > 0 else None
        known = expected - unknown
        tepat = on_time / known if known > 0 else None
        return {"lengkap": lengkap, "tepat": tepat, "janggal": int(n_hits),
                "skor": skor_kualitas(lengkap, tepat, int(n_hits), int(desa))}

    by_area = {kode: entry(r.diharapkan, r.dilaporkan, r.tepat, r.tanpa_waktu, r.desa, janggal.get(kode, 0))
               for kode, r in sums.iterrows()}
    total = entry(*(float(sums[c].sum()) if len(sums) else 0.0
                    for c in ("diharapkan", "dilaporkan", "tepat", "tanpa_waktu", "desa")), n_open) \
        if len(sums) else dict.fromkeys(FIELDS)
    return by_area, total
