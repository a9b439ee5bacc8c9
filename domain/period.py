"""The period a page shows: an area, a year and the last month of the January-to-month span."""
from __future__ import annotations

from dataclasses import dataclass

from domain.wilayah import Area


@dataclass(frozen=True)
class Period:
    area: Area
    tahun: int
    bulan: int
