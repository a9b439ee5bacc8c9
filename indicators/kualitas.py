"""The data-quality score of an area (issue 16): one number beside the programme statuses of
the scorecard, from the completeness and timeliness of its reports and the outliers not yet
checked. Declared once here; data_access.kualitas gathers its parts, the scorecard shows them."""
from __future__ import annotations

import math

PENALTI_JANGGAL = 10.0  # points per open outlier per desa of the area

SKOR_KUALITAS_RULE = (
    "Skor kualitas data (0–100) = 50 × kelengkapan laporan + 50 × ketepatan waktu (Januari s.d. bulan "
    f"ini, semua register) − {PENALTI_JANGGAL:.0f} poin per data janggal yang belum dicek per desa; "
    "tanpa waktu masuk yang diketahui, ketepatan dianggap sama dengan kelengkapan. Rincian di halaman "
    "Kualitas Data.")


def _known(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def skor_kualitas(lengkap: float | None, tepat: float | None, janggal: int, desa: int) -> float | None:
    """The score of SKOR_KUALITAS_RULE, 0–100; None when nothing was expected (lengkap unknown).
    lengkap, tepat: fractions (reports received ÷ expected, on time ÷ expected with a known
    arrival); janggal: open outliers; desa: the desa of the area (at least 1 counts)."""
    if not _known(lengkap):
        return None
    on_time = tepat if _known(tepat) else lengkap
    score = 50 * lengkap + 50 * on_time - PENALTI_JANGGAL * janggal / max(desa, 1)
    return min(100.0, max(0.0, score))
