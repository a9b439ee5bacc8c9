"""Importing `sarpras` (Klaster 1 equipment and infrastructure inventory): each row checked
(kondisi and kategori spellings, whole jumlah ≥ 0, visible names), item codes outside the
standard list imported and said as non-standar; the per-Puskesmas tally (sarpras_ringkas)
of the Puskesmas and years written is refreshed in the same transaction."""
from __future__ import annotations

from data_access import schema
from indicators.k1_sarpras import KATEGORI, KONDISI, STANDAR_BY_KODE
from ingest import cells
from ingest.specs import DATASETS, KODE_ITEM_MAX, LOKASI_MAX, NAMA_ITEM_MAX
from ingest.tables import TABLE_DATASETS, TableDataset, _puskesmas

_KONDISI_ALIAS = {"b": "baik", "rr": "rusak_ringan", "rb": "rusak_berat", "rusak ringan": "rusak_ringan",
                  "rusak berat": "rusak_berat", "rusak-ringan": "rusak_ringan", "rusak-berat": "rusak_berat"}
_KATEGORI_ALIAS = {"alat kesehatan": "alat_kesehatan", "alkes": "alat_kesehatan", "alat-kesehatan": "alat_kesehatan"}
_parse_kondisi = cells.one_of(KONDISI, "kondisi")
_parse_kategori = cells.one_of(KATEGORI, "kategori")


def kondisi(text: str) -> str:
    if " ".join(text.lower().split()) == "rusak":
        raise cells.Invalid(f"kondisi '{text}' kurang jelas: tulis rusak_ringan (RR) atau rusak_berat (RB)")
    return _parse_kondisi(_KONDISI_ALIAS.get(" ".join(text.lower().split()), text))


def kategori(text: str) -> str:
    if text == "":
        return ""
    return _parse_kategori(_KATEGORI_ALIAS.get(" ".join(text.lower().split()), text))


def kode_item(text: str) -> str:
    cells.required(text)
    cells.visible(text)
    code = text.strip().upper()
    if any(ch.isspace() for ch in code):
        raise cells.Invalid(f"kode barang '{text}' berisi spasi; tulis tanpa spasi, misalnya ALK-14")
    if len(code) > KODE_ITEM_MAX:
        raise cells.Invalid(f"terlalu panjang ({len(code)} karakter; paling banyak {KODE_ITEM_MAX})")
    return code


def text_of(limit: int, *, required: bool):
    """Visible text, runs of spaces as one space, at most `limit` characters."""
    def parse(text: str) -> str:
        if required:
            cells.required(text)
        cells.visible(text)
        value = " ".join(text.split())
        if len(value) > limit:
            raise cells.Invalid(f"terlalu panjang ({len(value)} karakter; paling banyak {limit})")
        return value
    return parse


def touch(state, rows) -> None:
    state["touched"].update(zip(rows["kode_puskesmas"], (int(y) for y in rows["tahun"])))


class Sarpras(TableDataset):
    spec = DATASETS["sarpras"]
    table = schema.sarpras

    def parsers(self, ctx):
        return {"kode_puskesmas": ctx.seen.get("puskesmas") or ctx.seen.setdefault("puskesmas", _puskesmas(ctx)),
                "tahun": cells.whole(*cells.YEAR_RANGE, "tahun"), "kode_item": kode_item,
                "nama_item": text_of(NAMA_ITEM_MAX, required=True), "jumlah": cells.whole(what="jumlah"),
                "kondisi": kondisi, "lokasi": self._lokasi(ctx), "kategori": kategori}

    @staticmethod
    def _lokasi(ctx):
        """'Pustu A' and 'PUSTU a' in one file are one place (both would be stored, and the
        place listed twice): each takes the file's first spelling."""
        first = ctx.seen.setdefault("lokasi", {})
        parse = text_of(LOKASI_MAX, required=False)

        def lokasi(text: str) -> str:
            value = parse(text)
            return first.setdefault(value.casefold(), value)
        return lokasi

    def to_table(self, typed):
        missing = {c: "" for c in ("lokasi", "kategori") if c not in typed}
        typed = typed.assign(**missing) if missing else typed
        if "kategori" in typed and "kode_item" in typed:
            blank = typed["kategori"] == ""
            if blank.any():
                known = typed["kode_item"].map(lambda k: STANDAR_BY_KODE[k].kategori if k in STANDAR_BY_KODE
                                               else "lainnya")
                typed = typed.assign(kategori=typed["kategori"].where(~blank, known))
        floats = {c: "int64" for c in ("tahun", "jumlah")
                  if c in typed and typed[c].dtype.kind == "f" and typed[c].notna().all()}
        return typed.astype(floats) if floats else typed

    def check_rows(self, ctx, typed, found):
        if len(typed):
            outside = typed.loc[~typed["kode_item"].isin(list(STANDAR_BY_KODE)), "kode_item"]
            ctx.seen.setdefault("non_standar", set()).update(outside)
        return typed, None

    def finish(self, ctx):
        super().finish(ctx)
        codes = sorted(ctx.seen.get("non_standar", ()))
        if codes:
            shown = ", ".join(codes[:8]) + (f" dan {len(codes) - 8} lainnya" if len(codes) > 8 else "")
            ctx.warnings.append(f"{len(codes)} kode barang di luar daftar standar ({shown}): diimpor dan "
                                "ditampilkan sebagai non-standar.")

    # the (Puskesmas, year) pairs written: their tallies are refreshed after the last chunk
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
            from data_access.k1_sarpras import refresh_sarpras_summary

            refresh_sarpras_summary(conn, state["touched"])


TABLE_DATASETS["sarpras"] = Sarpras
