"""The lokakarya mini deck as data: what each slide says (a sentence with its number), what it
shows and where the numbers come from. data_access/lokmin.py builds a Deck from the month's
numbers; figures/lokmin.py draws a slide's chart; the presentation page, the PPTX and the PDF
all read the same Deck, so the three never disagree."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from domain.wilayah import Area

# what a slide is about; figures/lokmin.py draws each kind
JENIS = ("judul", "rtl", "skor", "manajemen", "indikator", "lainnya", "kaskade", "iks", "kualitas", "penutup")


@dataclass(frozen=True)
class Slide:
    """One message. `key` is stable from month to month for the same subject ("rtl", "skor",
    "indikator:k6", "kaskade:ht", "iks", "kualitas"): the presenter's order and hidden slides
    are remembered by key. `judul` states the finding with its number ("K6 Januari–Juni: 4 dari
    12 desa jelek"); `sumber` is the source and "data per" line; `catatan` the speaker notes.
    An RTL recorded from the slide targets `indikator` and the first of `desa` (kode)."""

    key: str
    jenis: str
    judul: str
    sumber: str
    catatan: str = ""
    indikator: str | None = None
    desa: tuple[str, ...] = ()
    data: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self):
        if self.jenis not in JENIS:
            raise ValueError(f"slide {self.key!r}: unknown jenis {self.jenis!r}")


@dataclass(frozen=True)
class Deck:
    """The deck of one Puskesmas (or any area) for the data of (tahun, bulan), in the default
    agenda order: last month's RTL first, then the scorecard, each klaster's indicators that
    are jelek or falling, the cascade step that loses the most people, the IKS change and the
    data-quality warnings."""

    area: Area
    tahun: int
    bulan: int
    slides: tuple[Slide, ...]

    def arranged(self, urutan: Sequence[str] = (), sembunyi: Sequence[str] = ()) -> tuple[Slide, ...]:
        """The presenter's deck: slides named in `urutan` first in that order, the rest after
        them in agenda order; the keys in `sembunyi` left out. Keys that this month's deck does
        not have are ignored (a finding of last month may be gone)."""
        by_key = {s.key: s for s in self.slides}
        hidden = set(sembunyi)
        first = [by_key[k] for k in dict.fromkeys(urutan) if k in by_key]
        named = {s.key for s in first}
        rest = [s for s in self.slides if s.key not in named]
        return tuple(s for s in (*first, *rest) if s.key not in hidden)
