"""Visits (`kunjungan`): the arithmetic of the Dashboard Utama's visits section and of the
`kunjungan` export, written once: months and their neighbours, the change against an earlier
month, inside/outside shares, and breakdowns whose small cells are shown as "< 5"."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from domain.kategori import (
    DALAM_GEDUNG,
    DISABILITAS,
    JENIS_KELAMIN,
    KLASTER_KUNJUNGAN,
    LUAR_GEDUNG,
    MIN_SEL,
    SIKLUS_HIDUP,
    SIKLUS_OF,
    TEMPAT,
)
from indicators.pws import BULAN

TREND_MONTHS = 24  # the trend ends at the chosen month
ABSENT_MONTHS = 12  # a place that reported in the 12 months before and not this month is named
KECIL = f"< {MIN_SEL}"


def month_index(tahun: int, bulan: int) -> int:
    """Months since year 0: consecutive months differ by one (December → January too)."""
    return int(tahun) * 12 + int(bulan) - 1


def month_of_index(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


def shift(tahun: int, bulan: int, months: int) -> tuple[int, int]:
    """The month `months` after (tahun, bulan); negative goes back: January's last month is
    December of the year before."""
    return month_of_index(month_index(tahun, bulan) + months)


def window(tahun: int, bulan: int, months: int = TREND_MONTHS) -> list[tuple[int, int]]:
    """The `months` months ending at (tahun, bulan), oldest first."""
    end = month_index(tahun, bulan)
    return [month_of_index(i) for i in range(end - months + 1, end + 1)]


def month_name(tahun: int, bulan: int) -> str:
    return f"{BULAN[bulan - 1]} {tahun}"


def change(now: float | None, before: float | None) -> float | None:
    """(now − before) / before; None when either month has no data or before is 0 (a change
    from nothing is no percentage)."""
    if now is None or before is None or before == 0:
        return None
    return (now - before) / before


def share(part: float | None, whole: float | None) -> float | None:
    if part is None or not whole:
        return None
    return part / whole


def gedung(per_tempat: Mapping[str, int]) -> tuple[int, int]:
    """(inside the building, outside it): Puskesmas + Pustu, Posyandu + home visits."""
    return (sum(per_tempat.get(t, 0) for t in DALAM_GEDUNG), sum(per_tempat.get(t, 0) for t in LUAR_GEDUNG))


def is_small(count: float | None) -> bool:
    """A cell too small to show: 1–4 visits (0 is shown: it points at nobody)."""
    return count is not None and 0 < count < MIN_SEL


@dataclass(frozen=True)
class Part:
    """One bar of a breakdown: its code and label, the count, its share of the breakdown's
    total; small (1–4) parts keep their count for sums but are shown as "< 5" without a share."""

    kode: str
    label: str
    jumlah: int
    bagian: float | None
    kecil: bool

    @property
    def shown(self) -> int | None:
        """The count a page may show (None for a small cell)."""
        return None if self.kecil else self.jumlah


def breakdown(counts: Mapping, labels: Mapping) -> tuple[Part, ...]:
    """Parts in the order of `labels` (code → label), every code present (0 when absent)."""
    total = sum(int(counts.get(k, 0)) for k in labels)
    parts = []
    for kode, label in labels.items():
        n = int(counts.get(kode, 0))
        small = is_small(n)
        parts.append(Part(str(kode), label, n, None if small or not total else n / total, small))
    return tuple(parts)


@dataclass(frozen=True)
class Breakdowns:
    """A month's visits split four ways."""

    umur: tuple[Part, ...]  # by life-cycle band (SIKLUS_HIDUP), youngest first
    jenis_kelamin: tuple[Part, ...]
    disabilitas: tuple[Part, ...]
    klaster: tuple[Part, ...]

    @property
    def any_small(self) -> bool:
        return any(p.kecil for parts in (self.umur, self.jenis_kelamin, self.disabilitas, self.klaster)
                   for p in parts)


def breakdowns(rows: Iterable[tuple]) -> Breakdowns:
    """From (klaster, kelompok_umur, jenis_kelamin, disabilitas, jumlah) rows of one month."""
    umur: dict[str, int] = {}
    jk: dict[str, int] = {}
    dis: dict[str, int] = {}
    klaster: dict[int, int] = {}
    for k, u, j, d, n in rows:
        n = int(n or 0)
        band = SIKLUS_OF.get(u)
        if band is not None:
            umur[band] = umur.get(band, 0) + n
        jk[j] = jk.get(j, 0) + n
        dis[d] = dis.get(d, 0) + n
        klaster[int(k)] = klaster.get(int(k), 0) + n
    return Breakdowns(
        umur=breakdown(umur, {band: band for band in SIKLUS_HIDUP}),
        jenis_kelamin=breakdown(jk, JENIS_KELAMIN),
        disabilitas=breakdown(dis, {"Y": DISABILITAS["Y"], "T": DISABILITAS["T"]}),
        klaster=breakdown(klaster, KLASTER_KUNJUNGAN),
    )


@dataclass(frozen=True)
class Absent:
    """A place that reported in the months before and not in the chosen month."""

    tempat: str
    nama_tempat: str
    terakhir: tuple[int, int]  # the last month it reported

    @property
    def label(self) -> str:
        return self.nama_tempat or ("Gedung Puskesmas" if self.tempat == "puskesmas" else TEMPAT[self.tempat])

    @property
    def sejak(self) -> tuple[int, int]:
        """The first month without a report."""
        return shift(*self.terakhir, 1)

    def sentence(self) -> str:
        """'Pustu Girigede belum melapor sejak Oktober 2025'."""
        return f"{self.label} belum melapor sejak {month_name(*self.sejak)}"


def absent_places(last: Iterable[tuple[str, str, int]], tahun: int, bulan: int) -> tuple[Absent, ...]:
    """From (tempat, nama_tempat, month_index of its last report up to the chosen month): the
    places whose last report is before it, the longest silent first."""
    now = month_index(tahun, bulan)
    found = [Absent(t, n or "", month_of_index(int(i))) for t, n, i in last if int(i) < now]
    order = list(TEMPAT)
    return tuple(sorted(found, key=lambda a: (month_index(*a.terakhir), order.index(a.tempat)
                                              if a.tempat in order else 99, a.label)))
