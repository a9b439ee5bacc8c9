"""The lokakarya mini deck of an area and month, built from the month's numbers
(indicators/lokmin.py says what a slide is). Scoped like every query: the area must be in
the viewer's scope (the caller resolved it through the filter)."""
from __future__ import annotations

from types import MappingProxyType

from sqlalchemy import Connection

from data_access.skor import scorecard
from domain.wilayah import Area, Scope
from indicators.lokmin import Deck, Slide
from indicators.pws import BULAN
from indicators.skor import SKOR_INDICATORS


def _period(bulan: int) -> str:
    return "Januari" if bulan == 1 else f"Januari–{BULAN[bulan - 1]}"


def build_deck(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int) -> Deck:
    """The deck of `area` for the data of January..bulan of `tahun`, in agenda order."""
    card = scorecard(conn, scope, area, tahun, bulan)
    counts = dict.fromkeys(("baik", "kurang", "cukup", "jelek"), 0)
    for ind in SKOR_INDICATORS:
        status = card.total.get(f"status_{ind.code}")
        if status in counts:
            counts[status] += 1
    sumber = f"Sumber: register layanan dan sasaran · data s.d. {BULAN[bulan - 1]} {tahun}"
    slides = (
        Slide("judul", "judul", f"Lokakarya mini {area.nama} · data {_period(bulan)} {tahun}", sumber),
        Slide("skor", "skor",
              f"Capaian {_period(bulan)} {tahun}: {counts['jelek']} dari {len(SKOR_INDICATORS)} indikator jelek",
              sumber, data=MappingProxyType({"status": MappingProxyType(counts)})),
    )
    return Deck(area, tahun, bulan, slides)
