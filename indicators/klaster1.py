"""What every Klaster 1 (management) section hands the page's summary row: one headline
figure with its note and status (indicators.pws status words, or None when it has none)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Ringkasan:
    judul: str  # "Puskesmas tanpa dokter"
    nilai: str  # already formatted the Indonesian way: "3 dari 12", "78,4%"
    catatan: str = ""  # one short line under the value: the period, the rule, or why it is empty
    status: str | None = None  # baik | kurang | cukup | jelek (figures.palette colours it); None: neutral
