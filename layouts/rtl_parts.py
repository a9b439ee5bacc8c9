"""Pieces of the follow-up plan (RTL): the link that opens the RTL form pre-filled from a
finding or a slide. The form reads these parameters from the URL and checks every one on
the server (callbacks/rtl.py): a link is a suggestion, never a permission."""
from __future__ import annotations

from urllib.parse import urlencode

MAX_MASALAH = 500  # characters of a problem carried in a link


def rtl_href(puskesmas: str, tahun: int, bulan: int, *, indikator: str | None = None,
             desa: str | None = None, masalah: str | None = None) -> str:
    """/rtl?baru=1&puskesmas=…&tahun=…&bulan=…[&indikator=…][&desa=…][&masalah=…]"""
    query = {"baru": "1", "puskesmas": puskesmas, "tahun": str(tahun), "bulan": str(bulan)}
    if indikator:
        query["indikator"] = indikator
    if desa:
        query["desa"] = desa
    if masalah:
        query["masalah"] = masalah[:MAX_MASALAH]
    return "/rtl?" + urlencode(query)
