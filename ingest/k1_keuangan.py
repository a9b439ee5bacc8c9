"""Klaster 1 datasets recorded per Puskesmas whose numbers are PWS registers: keuangan (pagu
and realisasi per source of funds) and mutu (the national quality indicators' numerator and
denominator). Each is stored as imported and derived, in the same transaction, into the
Puskesmas-level registers and sasaran the PWS engine reads (data_access.store
write_puskesmas_registers)."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from sqlalchemy import bindparam, select

from data_access import schema
from data_access.store import write_puskesmas_registers, write_puskesmas_sasaran
from indicators.k1_keuangan import registers_of_keuangan
from indicators.k1_mutu import registers_of_mutu
from indicators.program import MUTU, SUMBER_DANA
from ingest import cells
from ingest.specs import DATASETS
from ingest.tables import _IN_BATCH, ROW, TABLE_DATASETS, TableDataset, _puskesmas

SUMBER_CODES = tuple(code for code, _ in SUMBER_DANA)
MUTU_CODES = tuple(code for code, *_ in MUTU)
RUPIAH_MAX = 10 ** 15  # a thousand trillion rupiah: more is a typing error


def _code(known: tuple[str, ...], what: str, aliases: dict[str, str]) -> Callable[[str], str]:
    """A code in any case and with spaces ('JKN Kapitasi' = jkn_kapitasi)."""
    strict = cells.one_of(known, what)

    def parse(text: str) -> str:
        cells.required(text)
        code = "_".join(text.strip().lower().replace("-", " ").split())
        return aliases.get(code) or strict(code)
    return parse


class _PuskesmasMonthly(TableDataset):
    """A monthly dataset keyed by kode_puskesmas, tahun, bulan and a code, whose derived
    registers are rewritten for the Puskesmas and years touched."""

    def write(self, conn, state, typed):
        if state["empty"]:
            self._touch(state, typed)
        return super().write(conn, state, typed)

    def after_write(self, state, added, changed, old):
        self._touch(state, added)
        self._touch(state, changed)

    def _touch(self, state, rows) -> None:
        state["touched"].update(zip(rows["kode_puskesmas"], (int(y) for y in rows["tahun"])))

    def to_table(self, typed):
        ints = {c: "int64" for c in ("tahun", "bulan", *self.VALUES)
                if c in typed and typed[c].dtype.kind == "f" and typed[c].notna().all()}
        return typed.astype(ints) if ints else typed

    def end_write(self, conn, state, counts):
        super().end_write(conn, state, counts)
        if not state["touched"]:
            return
        pkm = sorted({p for p, _ in state["touched"]})
        years = sorted({y for _, y in state["touched"]})
        t = self.table
        parts = []
        for i in range(0, len(pkm), _IN_BATCH):
            rows = conn.execute(select(*t.c).where(t.c.kode_puskesmas.in_(bindparam("pkm", expanding=True)),
                                                   t.c.tahun.in_(years)), {"pkm": pkm[i:i + _IN_BATCH]}).all()
            parts.append(pd.DataFrame(rows, columns=[c.name for c in t.c]))
        stored = pd.concat(parts, ignore_index=True)
        pairs = pd.MultiIndex.from_tuples(sorted(state["touched"]))
        stored = stored[pd.MultiIndex.from_arrays([stored["kode_puskesmas"], stored["tahun"]]).isin(pairs)]
        self.derive(conn, stored)

    VALUES: tuple[str, ...] = ()

    def derive(self, conn, stored: pd.DataFrame) -> None:
        raise NotImplementedError


class Keuangan(_PuskesmasMonthly):
    spec = DATASETS["keuangan"]
    table = schema.keuangan
    VALUES = ("pagu", "realisasi")

    def parsers(self, ctx):
        return {"kode_puskesmas": ctx.seen.get("puskesmas") or ctx.seen.setdefault("puskesmas", _puskesmas(ctx)),
                "tahun": cells.whole(*cells.YEAR_RANGE, "tahun"), "bulan": cells.whole(1, 12, "bulan"),
                "sumber_dana": _code(SUMBER_CODES, "sumber dana", {"jkn": "jkn_kapitasi", "kapitasi": "jkn_kapitasi",
                                                                    "lain": "lainnya", "lain_lain": "lainnya"}),
                "pagu": cells.whole(0, RUPIAH_MAX, "pagu"), "realisasi": cells.whole(0, RUPIAH_MAX, "realisasi")}

    def derive(self, conn, stored):
        registers, sasaran = registers_of_keuangan(stored)
        write_puskesmas_registers(conn, registers)
        write_puskesmas_sasaran(conn, sasaran)


class Mutu(_PuskesmasMonthly):
    spec = DATASETS["mutu"]
    table = schema.mutu
    VALUES = ("pembilang", "penyebut")

    def parsers(self, ctx):
        return {"kode_puskesmas": ctx.seen.get("puskesmas") or ctx.seen.setdefault("puskesmas", _puskesmas(ctx)),
                "tahun": cells.whole(*cells.YEAR_RANGE, "tahun"), "bulan": cells.whole(1, 12, "bulan"),
                "indikator": _code(MUTU_CODES, "indikator mutu", {f"mutu_{c}": c for c in MUTU_CODES}),
                "pembilang": cells.whole(what="pembilang"), "penyebut": cells.whole(what="penyebut")}

    def check_rows(self, ctx, typed, found):
        if not {"pembilang", "penyebut"} <= set(typed) or not len(typed):
            return typed, None
        bad = (typed["pembilang"] > typed["penyebut"]).to_numpy()
        if not bad.any():
            return typed, None
        rows = typed[bad]
        found.add(rows[ROW].to_numpy(), "pembilang", np.array([
            f"pembilang {int(a)} lebih besar dari penyebut {int(b)}: yang memenuhi tidak mungkin lebih banyak dari "
            "yang diamati; periksa kedua angka" for a, b in zip(rows["pembilang"], rows["penyebut"])], dtype=object))
        return typed, bad

    def derive(self, conn, stored):
        write_puskesmas_registers(conn, registers_of_mutu(stored))


TABLE_DATASETS["keuangan"] = Keuangan
TABLE_DATASETS["mutu"] = Mutu
