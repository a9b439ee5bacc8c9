"""The Dashboard Utama's sections below the fold (visits, morbidity), loaded when they come
into view (layouts/lazy_parts.py): the landing page then asks the server only for what the
first screen shows (the findings, the scorecard and the league table), and a projector's
first screen is ready sooner."""
from __future__ import annotations

from types import MappingProxyType

from layouts.kunjungan_parts import kunjungan_section
from layouts.lazy_parts import BODY, SEEN, LazySection, lazy_section
from layouts.morbiditas_parts import morbiditas_section

__all__ = ["BODY", "LAZY_SECTIONS", "SEEN", "utama_section"]

# what the first screen draws: the scorecard has rows, or says why it is empty
FIRST_SCREEN = "#utama-skor .ag-row, #utama-skor .empty-state"

# name → the section (its layout takes no URL parameter: its callbacks read the filter)
LAZY_SECTIONS = MappingProxyType({
    "kunjungan": LazySection("kunjungan", "Kunjungan layanan", lambda _query: kunjungan_section(),
                             chip="Kunjungan"),
    "morbiditas": LazySection("morbiditas", "Kesakitan (morbiditas)", lambda _query: morbiditas_section(),
                              chip="Kesakitan"),
})


def utama_section(name: str):
    """The placeholder of section `name`, watched once the scorecard is drawn."""
    return lazy_section(LAZY_SECTIONS[name], after=FIRST_SCREEN)
