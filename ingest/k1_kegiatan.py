"""Importing `kegiatan` (Klaster 1: the activities of the annual plan, RUK/RPK): each row
checked (klaster 1–5, months 1–12, Y/T, a month done only with terlaksana Y, anggaran ≥ 0);
the per-Puskesmas period sums (kegiatan_ringkas) of the Puskesmas and years written are
refreshed in the same transaction."""
from __future__ import annotations

import numpy as np
import pandas as pd

from data_access import schema
from indicators.k1_kegiatan import KLASTER
from ingest import cells
from ingest.k1_sarpras import text_of, touch
from ingest.specs import DATASETS, ID_KEGIATAN_MAX, NAMA_KEGIATAN_MAX, SUMBER_DANA_MAX
from ingest.tables import ROW, TABLE_DATASETS, TableDataset, _puskesmas


def klaster(text: str) -> int:
    """1–5; 'Klaster 2' is 2; 5 is lintas klaster."""
    cells.required(text)
    try:
        value = cells.whole(0, 99, "klaster")(text.lower().removeprefix("klaster").strip())
    except cells.Invalid:
        raise cells.Invalid(f"klaster '{text}' bukan 1, 2, 3, 4, atau 5 (5 = lintas klaster)") from None
    if value not in KLASTER:
        raise cells.Invalid(f"klaster {value} tidak dikenal; pakai 1, 2, 3, 4, atau 5 (5 = lintas klaster)")
    return value


def terlaksana(text: str) -> str:
    value = {"ya": "Y", "tidak": "T"}.get(text.lower(), text.upper())
    if value in ("Y", "T"):
        return value
    cells.required(text)
    raise cells.Invalid(f"'{text}' bukan Y (terlaksana) atau T (belum terlaksana)")


_bulan = cells.whole(1, 12, "bulan")


def bulan_or_blank(text: str):
    return None if text == "" else _bulan(text)


def anggaran(text: str):
    return None if text == "" else cells.non_negative(text)


class Kegiatan(TableDataset):
    spec = DATASETS["kegiatan"]
    table = schema.kegiatan

    def parsers(self, ctx):
        return {"kode_puskesmas": ctx.seen.get("puskesmas") or ctx.seen.setdefault("puskesmas", _puskesmas(ctx)),
                "tahun": cells.whole(*cells.YEAR_RANGE, "tahun"),
                "id_kegiatan": text_of(ID_KEGIATAN_MAX, required=True),
                "nama_kegiatan": text_of(NAMA_KEGIATAN_MAX, required=True), "klaster": klaster,
                "bulan_rencana": _bulan, "terlaksana": terlaksana, "anggaran": anggaran,
                "bulan_terlaksana": bulan_or_blank, "sumber_dana": text_of(SUMBER_DANA_MAX, required=False)}

    def to_table(self, typed):
        missing = {c: v for c, v in (("sumber_dana", ""), ("anggaran", None), ("bulan_terlaksana", None))
                   if c not in typed}
        typed = typed.assign(**missing) if missing else typed
        floats = {c: "int64" for c in ("tahun", "klaster", "bulan_rencana")
                  if c in typed and typed[c].dtype.kind == "f" and typed[c].notna().all()}
        typed = typed.astype(floats) if floats else typed
        if "bulan_terlaksana" in typed:
            # whole numbers or None, as objects: a float column would reach COPY as '1.0'
            months = pd.Series([None if v != v or v is None else int(v) for v in typed["bulan_terlaksana"]],
                               index=typed.index, dtype=object)
            typed = typed.assign(bulan_terlaksana=months)
        if "anggaran" in typed:
            typed = typed.assign(anggaran=typed["anggaran"].astype(float))
        return typed

    def check_rows(self, ctx, typed, found):
        """A month done is given only for an activity done."""
        if not len(typed) or "bulan_terlaksana" not in typed:
            return typed, None
        bad = (typed["terlaksana"] == "T").to_numpy() & typed["bulan_terlaksana"].notna().to_numpy()
        if bad.any():
            found.add(typed[ROW].to_numpy()[bad], "bulan_terlaksana", np.asarray(
                ["diisi padahal terlaksana = T; kosongkan bulan_terlaksana, atau ubah terlaksana menjadi Y"]
                * int(bad.sum()), dtype=object))
            return typed, bad
        return typed, None

    def write(self, conn, state, typed):
        if state["empty"]:
            touch(state, typed)
        return super().write(conn, state, typed)

    def after_write(self, state, added, changed, old):
        touch(state, added)
        touch(state, changed)

    def end_write(self, conn, state, counts):
        super().end_write(conn, state, counts)
        if state["touched"]:
            from data_access.k1_kegiatan import refresh_kegiatan_registers, refresh_kegiatan_summary

            refresh_kegiatan_summary(conn, state["touched"])
            refresh_kegiatan_registers(conn, {p for p, _y in state["touched"]}, {y for _p, y in state["touched"]})


TABLE_DATASETS["kegiatan"] = Kegiatan
