"""Import of the monthly LPLPO (dataset `obat`, issue 15): checking its cells and writing its rows,
each item's latest name per Puskesmas, and the per-Puskesmas monthly summary, in the import's
transaction. A row whose sisa_stok does not balance is imported as written (never corrected):
the page flags it, and the import's summary says how many rows do not balance."""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from data_access import schema
from data_access.db import bump_version
from data_access.k1_obat import refresh_obat_registers, refresh_obat_summary, write_obat_names
from indicators.k1_obat import item_status
from ingest import cells
from ingest.specs import DATASETS, KODE_OBAT_MAX, NAMA_OBAT_MAX, SATUAN_MAX
from ingest.tables import ROW, TABLE_DATASETS, TableDataset, _puskesmas

_LAST_EXPIRY = date(2100, 12, 31)  # an expiry date is in the future by nature


def _text(limit: int, *, upper: bool = False):
    def parse(text: str) -> str:
        cells.required(text)
        value = " ".join(cells.visible(text).split())
        if len(value) > limit:
            raise cells.Invalid(f"terlalu panjang ({len(value)} karakter; paling banyak {limit})")
        return value.upper() if upper else value
    return parse


def _kode_obat(text: str) -> str:
    code = _text(KODE_OBAT_MAX, upper=True)(text)
    if " " in code:
        raise cells.Invalid(f"kode obat '{text}' berisi spasi; tulis kodenya tanpa spasi (mis. OI-02)")
    return code


def _y_or_t(text: str):
    if text == "":
        return None
    value = {"ya": "Y", "tidak": "T"}.get(text.lower(), text.upper())
    if value in ("Y", "T"):
        return value
    raise cells.Invalid(f"'{text}' bukan Y (obat indikator) atau T (bukan obat indikator)")


class Obat(TableDataset):
    """One row per Puskesmas, month and item. Names go to obat_nama (the file's last name of a
    code per Puskesmas wins); obat_ringkas is re-counted for the Puskesmas and months written."""

    spec = DATASETS["obat"]
    table = schema.obat

    def parsers(self, ctx):
        expiry = ctx.seen.setdefault("tanggal", cells.make_date(ctx.excel, today=_LAST_EXPIRY))
        return {"kode_puskesmas": _puskesmas(ctx), "tahun": cells.whole(*cells.YEAR_RANGE, "tahun"),
                "bulan": cells.whole(1, 12, "bulan"), "kode_obat": _kode_obat,
                "nama_obat": _text(NAMA_OBAT_MAX), "satuan": _text(SATUAN_MAX),
                "stok_awal": cells.non_negative, "penerimaan": cells.non_negative,
                "pemakaian": cells.non_negative, "sisa_stok": cells.non_negative,
                "permintaan": cells.optional(cells.non_negative),
                "kedaluwarsa_terdekat": cells.optional(expiry), "obat_indikator": _y_or_t}

    def check_rows(self, ctx, typed, found):
        if len(typed):
            status = item_status(typed)
            off = ~status["seimbang"].to_numpy()
            ctx.seen["tidak_seimbang"] = ctx.seen.get("tidak_seimbang", 0) + int(off.sum())
            if off.any() and "contoh_seimbang" not in ctx.seen:
                r = status[off].iloc[0]
                ctx.seen["contoh_seimbang"] = (int(r[ROW]), r["stok_awal"], r["penerimaan"], r["pemakaian"],
                                               r["sisa_hitung"], r["sisa_stok"])
        return typed, None

    def finish(self, ctx):
        super().finish(ctx)
        n = ctx.seen.get("tidak_seimbang", 0)
        if n:
            from indicators.format import angka

            row, awal, terima, pakai, hitung, sisa = ctx.seen["contoh_seimbang"]
            places = 0 if all(float(v).is_integer() for v in (awal, terima, pakai, sisa)) else 2
            ctx.warnings.append(
                f"{angka(n)} baris tidak seimbang (sisa_stok ≠ stok_awal + penerimaan − pemakaian), mis. baris "
                f"{row}: {angka(awal, places)} + {angka(terima, places)} − {angka(pakai, places)} = "
                f"{angka(hitung, places)}, tertulis {angka(sisa, places)}. Baris itu tetap diimpor apa adanya dan "
                "ditandai 'data perlu dicek' di halaman.")

    def to_table(self, typed):
        for column in ("permintaan", "kedaluwarsa_terdekat", "obat_indikator"):
            if column not in typed:
                typed = typed.assign(**{column: None})
        return typed

    def to_db(self, rows):
        out = rows.copy()
        if "kedaluwarsa_terdekat" in out:
            out["kedaluwarsa_terdekat"] = [None if v is None or (isinstance(v, float) and np.isnan(v))
                                           else date.fromisoformat(v) for v in out["kedaluwarsa_terdekat"]]
        if "permintaan" in out:  # blank is NULL (COPY would write a NaN as 'NaN')
            out["permintaan"] = out["permintaan"].astype(object).where(out["permintaan"].notna(), None)
        return out

    def begin_write(self, conn):
        state = super().begin_write(conn)
        state["names"] = []
        return state

    def write(self, conn, state, typed):
        state["names"].append(typed[["kode_puskesmas", "kode_obat", "nama_obat", "satuan"]])
        typed = self.to_table(typed)
        if state["empty"]:
            self._touch(state, typed)
        return super().write(conn, state, typed[[c.name for c in self.table.columns]])

    def after_write(self, state, added, changed, old):
        self._touch(state, added)
        self._touch(state, changed)

    def stored(self, conn, rows, key, columns):
        """The stored rows of the chunk's Puskesmas and months: a range read on the primary key
        (dates as ISO text, blank as None, on both databases)."""
        from data_access.k1_obat import read_rows
        from indicators.k1_obat import month_index

        index = month_index(rows["tahun"].astype(int), rows["bulan"].astype(int))
        codes = sorted(set(rows["kode_puskesmas"]))
        parts = [read_rows(conn, codes[i:i + 500], int(index.min()), int(index.max()))
                 for i in range(0, len(codes), 500)]
        stored = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
        return stored[columns]

    @staticmethod
    def _touch(state, rows):
        keys = rows[["kode_puskesmas", "tahun", "bulan"]].drop_duplicates()
        state["touched"].update((p, int(y), int(m)) for p, y, m in keys.itertuples(index=False))

    def end_write(self, conn, state, counts):
        super().end_write(conn, state, counts)
        if state["names"] and write_obat_names(conn, pd.concat(state["names"], ignore_index=True)):
            bump_version(conn)
        if state["touched"]:
            refresh_obat_summary(conn, state["touched"])
            # the months after December reach into the next year (their 3-month window)
            years = {y for _p, y, _m in state["touched"]} | {y + 1 for _p, y, m in state["touched"] if m >= 11}
            refresh_obat_registers(conn, {p for p, _y, _m in state["touched"]}, years)


TABLE_DATASETS["obat"] = Obat
