"""Importing the `sdm` dataset (Klaster 1 staff): one row per staff member per Puskesmas, keyed by
(kode_puskesmas, id_pegawai), without names or NIK. A row outside the importer's wilayah, a
NIK-like id, an unknown code or a start date in the future is refused with its row and column."""
from __future__ import annotations

import re
from datetime import date

import pandas as pd

from data_access import schema
from data_access.k1_sdm import refresh_sdm_summary
from indicators.k1_sdm import (
    ID_MAX,
    JENIS,
    KEAHLIAN_MAX,
    KLASTER,
    PENDIDIKAN,
    STATUS,
    lookup,
    read_code,
)
from ingest import cells
from ingest.specs import DATASETS
from ingest.tables import TABLE_DATASETS, TableDataset, _puskesmas

FIRST_START = date(1950, 1, 1)  # a start date before this is a typing error
_NIK = re.compile(r"^\d{16}$")


def _code_of(codes, what: str, known_text: str):
    table = lookup(codes)

    def parse(text: str) -> str:
        cells.required(text)
        code = read_code(text, table)
        if code is None:
            raise cells.Invalid(f"{what} '{text}' tidak dikenal; yang dikenal: {known_text}")
        return code
    return parse


_jenis = _code_of(JENIS, "jenis tenaga", ", ".join(j.code for j in JENIS))
_status = _code_of(STATUS, "status kepegawaian", ", ".join(s.code for s in STATUS))
_pendidikan = _code_of(PENDIDIKAN, "pendidikan", ", ".join(p.code for p in PENDIDIKAN))


def id_pegawai(text: str) -> str:
    """The Puskesmas' own id of a staff member: visible characters, at most ID_MAX; a 16-digit
    number is refused (it looks like a NIK, which must never be uploaded)."""
    cells.required(text)
    cells.visible(text)
    if _NIK.match("".join(ch for ch in text if ch not in " .-")):
        raise cells.Invalid("16 angka: tampaknya NIK; NIK (dan nama) tidak boleh diunggah. Pakai nomor pegawai "
                            "yang dipilih Puskesmas sendiri, misalnya PEG-001")
    if len(text) > ID_MAX:
        raise cells.Invalid(f"terlalu panjang ({len(text)} karakter; paling banyak {ID_MAX})")
    if any(ch.isspace() for ch in text):
        raise cells.Invalid("berisi spasi; tulis id tanpa spasi, misalnya PEG-001")
    return text


def _klaster(text: str) -> int | None:
    if text == "":
        return None
    value = text.lower().removeprefix("klaster").strip()
    try:
        number = cells.whole(0, 99, "klaster")(value)
    except cells.Invalid:
        raise cells.Invalid(f"klaster '{text}' bukan 1, 2, 3, 4, atau 5 (atau kosong)") from None
    if number not in KLASTER:
        raise cells.Invalid(f"klaster {number} tidak dikenal; pakai 1, 2, 3, 4, atau 5 (atau kosong)")
    return number


def _aktif(text: str) -> str:
    value = {"": "Y", "ya": "Y", "tidak": "T"}.get(text.lower(), text.upper())
    if value in ("Y", "T"):
        return value
    raise cells.Invalid(f"'{text}' bukan Y (masih bertugas) atau T (tidak lagi bertugas); kosong = Y")


def _keahlian(text: str) -> str:
    text = " ".join(cells.visible(text).split())
    if len(text) > KEAHLIAN_MAX:
        raise cells.Invalid(f"terlalu panjang ({len(text)} karakter; paling banyak {KEAHLIAN_MAX})")
    return text


class Sdm(TableDataset):
    """Staff per Puskesmas. A column left out of the file takes its default (klaster blank,
    aktif Y, keahlian blank)."""

    spec = DATASETS["sdm"]
    table = schema.sdm

    def parsers(self, ctx):
        start = ctx.seen.get("mulai") or ctx.seen.setdefault("mulai", cells.make_date(ctx.excel, first=FIRST_START))
        return {"kode_puskesmas": ctx.seen.get("puskesmas") or ctx.seen.setdefault("puskesmas", _puskesmas(ctx)),
                "id_pegawai": id_pegawai, "jenis_tenaga": _jenis, "status_kepegawaian": _status,
                "pendidikan": _pendidikan, "tanggal_mulai": start, "klaster": _klaster, "aktif": _aktif,
                "keahlian": _keahlian}

    def to_table(self, typed):
        defaults = {"klaster": None, "aktif": "Y", "keahlian": ""}
        missing = {c: v for c, v in defaults.items() if c not in typed}
        return typed.assign(**missing) if missing else typed

    def write(self, conn, state, typed):
        if state["empty"]:
            state["touched"].update(typed["kode_puskesmas"])
        return super().write(conn, state, typed)

    def after_write(self, state, added, changed, old):
        state["touched"].update(added["kode_puskesmas"])
        state["touched"].update(changed["kode_puskesmas"])

    def end_write(self, conn, state, counts):
        super().end_write(conn, state, counts)
        if state["touched"]:
            refresh_sdm_summary(conn, state["touched"])

    def to_db(self, rows):
        out = super().to_db(rows)
        if "klaster" in out:
            # an object column: None stays NULL and a number stays a whole number (not 3.0)
            out["klaster"] = pd.Series([None if v is None or v != v else int(v) for v in out["klaster"]],
                                       index=out.index, dtype=object)
        return out


TABLE_DATASETS["sdm"] = Sdm
