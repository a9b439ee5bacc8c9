"""The data-quality score of the areas of a scorecard (indicators.kualitas): completeness and
timeliness of their reports (data_access.kelengkapan's counts, stored at import) and their
outliers not yet checked (data_access.pencilan's hits), January..bulan of the year."""
from __future__ import annotations

from collections import Counter

import pandas as pd
from sqlalchemy import Connection, select

from data_access import schema
from data_access.kelengkapan import kelengkapan_rows
from data_access.pencilan import open_outliers
from data_access.wilayah import DESA_KEY
from domain.codes import Level
from domain.wilayah import Area, Scope
from indicators.kualitas import skor_kualitas

FIELDS = ("lengkap", "tepat", "janggal", "skor")


def _area_of_hits(conn: Connection, hits: pd.DataFrame, level: Level) -> list[str]:
    """The code at `level` of each hit's place (a desa; a Puskesmas for the stock rule, which
    belongs to no desa: left out at desa level)."""
    at_desa = hits["tingkat"] == Level.DESA.value
    desa_codes = sorted(set(hits.loc[at_desa, "kode_wilayah"]))
    pkm_codes = sorted(set(hits.loc[~at_desa, "kode_wilayah"]))
    d, p = schema.desa, schema.puskesmas
    of_desa = dict(conn.execute(select(d.c.kode, DESA_KEY[level]).where(d.c.kode.in_(desa_codes))).all()) \
        if desa_codes else {}
    of_pkm: dict[str, str] = {}
    if pkm_codes and level != Level.DESA:
        for kode, kab in conn.execute(select(p.c.kode, p.c.kode_kabupaten).where(p.c.kode.in_(pkm_codes))):
            of_pkm[kode] = {Level.PUSKESMAS: kode, Level.KABUPATEN: kab}.get(level, kab.split(".")[0])
    return [of_desa.get(k) if desa else of_pkm.get(k) for k, desa in zip(hits["kode_wilayah"], at_desa)]


def kualitas_by_area(conn: Connection, scope: Scope, area: Area, level: Level, tahun: int,
                     bulan: int) -> tuple[dict[str, dict], dict]:
    """({kode: {lengkap, tepat, janggal, skor}} for the areas of `level` inside `area`, the same
    for `area` itself): completeness = reports received ÷ expected and timeliness = on time ÷
    expected with a known arrival, both summed over January..bulan and every register (never
    averaged); janggal = the outliers not yet checked in those months. Areas without any
    expected report are left out (no score)."""
    rows = kelengkapan_rows(conn, scope, area, level, tahun, bulan, registers=[])
    hits = open_outliers(conn, scope, area, tahun, bulan)
    janggal = Counter(k for k in _area_of_hits(conn, hits, level) if k is not None) if len(hits) else Counter()
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
                    for c in ("diharapkan", "dilaporkan", "tepat", "tanpa_waktu", "desa")), len(hits)) \
        if len(sums) else dict.fromkeys(FIELDS)
    return by_area, total
