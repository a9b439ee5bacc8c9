"""The tabular datasets: how each one's rows are checked (pass 1) and written (pass 2).

A dataset turns a chunk of text cells into typed rows, reporting every bad cell as a problem
with its sheet row and column, and remembers the natural keys it has seen so that a key used
twice in the file is named with both rows. Writing compares each row with what is stored for
its key: new rows are bulk-inserted, changed ones upserted, equal ones left alone, which is
what makes a second import of the same file change nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import (
    Connection,
    Date,
    String,
    Table,
    bindparam,
    exists,
    select,
    type_coerce,
)

from data_access import kelengkapan, schema
from data_access.db import bump_version, copy_insert, member_of, upsert
from data_access.kunjungan_rumah import store_alamat
from data_access.pencilan import refresh_pencilan
from data_access.store import (
    refresh_iks_summary_fast,
    refresh_kunjungan_summary,
    refresh_program_summary,
    write_wilayah,
)
from data_access.users import scope_inside
from data_access.wilayah import DESA_KEY, scope_filter
from domain.access import OPERATOR, Viewer
from domain.codes import Level
from domain.kategori import DISABILITAS, JENIS_KELAMIN, KELOMPOK_UMUR, KLASTER_KUNJUNGAN, TEMPAT
from domain.wilayah import Scope
from indicators.program import (
    DESA_REGISTER_CODES,
    DESA_SASARAN_CODES,
    REGISTER_BY_CODE,
    SASARAN_BY_CODE,
    TARGET_CODES,
)
from indicators.registry import IKS_CODES
from ingest import cells
from ingest.keluarga_alamat import PARSERS as ALAMAT_PARSERS
from ingest.report import KEPT_PROBLEMS, Problems
from ingest.specs import DATASETS, DatasetSpec

ROW = "_baris"
_IN_BATCH = 5_000  # values per IN (...): below SQLite's 32,766 variables and PostgreSQL's 65,535
_ARRAY_BATCH = 50_000  # values per = ANY(array) on PostgreSQL
_NARROW = 20


@dataclass
class Counts:
    added: int = 0
    changed: int = 0
    unchanged: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        self.added += other.added
        self.changed += other.changed
        self.unchanged += other.unchanged
        return self


@dataclass
class Context:
    """What a check needs besides the chunk: the database's codes, the columns present,
    and what earlier chunks of the same file held."""

    conn: Connection
    columns: list[str]
    excel: bool
    problems: Problems = field(default_factory=Problems)
    warnings: list[str] = field(default_factory=list)
    keys: list[pd.DataFrame] = field(default_factory=list)
    seen: dict = field(default_factory=dict)
    viewer: Viewer = OPERATOR  # whose import: rows outside their wilayah are refused
    _desa: set[str] | None = None
    _own_desa: set[str] | None = None

    @property
    def desa(self) -> set[str]:
        if self._desa is None:
            self._desa = set(self.conn.execute(select(schema.desa.c.kode)).scalars())
        return self._desa

    @property
    def scoped(self) -> bool:
        """Whether the viewer's wilayah is less than the whole country."""
        return self.viewer.scope.level != Level.NASIONAL

    @property
    def own_desa(self) -> set[str]:
        """The desa inside the viewer's wilayah (every desa for the whole country)."""
        if self._own_desa is None:
            self._own_desa = (self.desa if not self.scoped else set(self.conn.execute(
                select(schema.desa.c.kode).where(scope_filter(self.viewer.scope))).scalars()))
        return self._own_desa


# Said of every row outside the importer's wilayah; the row's other area is never named.
OUTSIDE = "akun Anda hanya boleh mengimpor data desa di wilayahnya"


def outside_desa(code: str) -> str:
    return f"desa {code} berada di luar wilayah Anda; {OUTSIDE}"


def outside_puskesmas(code: str) -> str:
    return f"Puskesmas {code} berada di luar wilayah Anda; {OUTSIDE}"


# --- checking ----------------------------------------------------------------------------

class ChunkProblems:
    """The problems of one chunk, gathered as arrays and added in row order."""

    def __init__(self, columns: list[str]):
        self.order = {c: i for i, c in enumerate(columns)}
        self.parts: list[pd.DataFrame] = []

    def add(self, rows: np.ndarray, kolom: str, messages) -> None:
        if len(rows):
            self.parts.append(pd.DataFrame({
                "baris": np.asarray(rows, dtype=np.int64), "urut": self.order.get(kolom, 99),
                "kolom": kolom, "pesan": np.asarray(messages, dtype=object)}))

    def flush(self, problems: Problems) -> None:
        if not self.parts:
            return
        frame = pd.concat(self.parts, ignore_index=True).sort_values(["baris", "urut"], kind="stable")
        room = max(KEPT_PROBLEMS - len(problems.items), 0)
        for baris, kolom, pesan in frame[["baris", "kolom", "pesan"]].head(room).itertuples(index=False):
            problems.add(int(baris), kolom, pesan)
        problems.count += max(len(frame) - room, 0)


class TableDataset:
    """A dataset stored in one table on its natural key (layanan, sasaran, target; keluarga
    and wilayah extend it)."""

    spec: DatasetSpec
    table: Table

    def parsers(self, ctx: Context) -> dict[str, Callable[[str], object]]:
        raise NotImplementedError

    def check(self, ctx: Context, frame: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
        """Typed rows of the chunk that passed every check, with their sheet row in ROW."""
        found = ChunkProblems(ctx.columns)
        ok = np.ones(len(frame), dtype=bool)
        key_ok = np.ones(len(frame), dtype=bool)
        out = {}
        for column, parse in self.parsers(ctx).items():
            if column not in frame:
                continue
            values, bad, messages = self.parse_column(frame[column], parse)
            if bad.any():
                ok &= ~bad
                if column in self.spec.natural_key:
                    key_ok &= ~bad
                found.add(rows[bad], column, messages.to_numpy())
            out[column] = values
        typed = pd.DataFrame(out, index=frame.index)
        typed[ROW] = rows
        # a row wrong elsewhere still claims its key: a duplicate is reported with it
        self.remember_keys(ctx, typed[key_ok], frame[key_ok])
        typed = typed[ok]
        typed, more_bad = self.check_rows(ctx, typed, found)
        if more_bad is not None:
            typed = typed[~more_bad]
        found.flush(ctx.problems)
        return typed.reset_index(drop=True)

    def parse_column(self, values: pd.Series, parse):
        return cells.check_column(values, parse)

    def check_rows(self, ctx: Context, typed: pd.DataFrame, found: ChunkProblems):
        """Checks across the columns of a row, or across rows (override)."""
        return typed, None

    def remember_keys(self, ctx: Context, typed: pd.DataFrame, raw: pd.DataFrame) -> None:
        """Keep each row's natural key (normalised: 3510012001 is 35.10.01.2001) and a hash of
        the rest of its text, to tell a repeated row from a conflicting one."""
        key = list(self.spec.natural_key)
        part = self.to_table(typed[[k for k in key if k in typed] + [ROW]])
        rest = [c for c in raw.columns if c not in key]
        part = part[key + [ROW]].copy()
        part["_isi"] = (pd.util.hash_pandas_object(raw[rest], index=False).to_numpy()
                        if rest else 0)
        ctx.keys.append(part)

    def finish(self, ctx: Context) -> None:
        """Problems only the whole file shows: the same natural key in two rows."""
        if not ctx.keys:
            return
        key = list(self.spec.natural_key)
        every = pd.concat(ctx.keys, ignore_index=True)
        ctx.keys.clear()
        twice = every[every.duplicated(key, keep=False)]
        if twice.empty:
            return
        twice = twice.sort_values(ROW)
        first = twice.groupby(key, sort=False)[[ROW, "_isi"]].transform("first")
        later = twice[twice[ROW] != first[ROW]]
        first = first.loc[later.index]
        label = "+".join(key)
        found = ChunkProblems([label])
        same = (later["_isi"] == first["_isi"]).to_numpy()
        shown = later[key].astype(str).agg(", ".join, axis=1).to_numpy()
        messages = np.where(
            same,
            [f"baris ini sama persis dengan baris {b} ({k}); hapus salah satunya"
             for b, k in zip(first[ROW], shown)],
            [f"{label} ({k}) sudah dipakai di baris {b} dengan isi berbeda; satu kunci hanya "
             "boleh satu baris" for b, k in zip(first[ROW], shown)],
        ) if len(later) else []
        found.add(later[ROW].to_numpy(), label, messages)
        found.flush(ctx.problems)

    # --- writing ---

    def begin_write(self, conn: Connection) -> dict:
        """State for pass 2; an empty table means every row is new (no look-ups)."""
        empty = not conn.execute(select(exists().select_from(self.table))).scalar()
        return {"empty": empty, "touched": set()}

    def write(self, conn: Connection, state: dict, typed: pd.DataFrame) -> Counts:
        key = list(self.spec.natural_key)
        columns = [c.name for c in self.table.columns]
        rows = self.to_table(typed)[columns]
        if state["empty"]:
            self.insert(conn, rows)
            return Counts(added=len(rows))
        stored = self.stored(conn, rows, key, columns)
        added, changed, unchanged, old = classify(rows, stored, key, columns)
        self.insert(conn, added)
        if len(changed):
            upsert(conn, self.table, _records(self.to_db(changed)), key)
        self.after_write(state, added, changed, old)
        return Counts(len(added), len(changed), unchanged)

    def to_table(self, typed: pd.DataFrame) -> pd.DataFrame:
        """The chunk's rows with the table's columns (override to fill defaults)."""
        return typed

    def to_db(self, rows: pd.DataFrame) -> pd.DataFrame:
        """Values as the driver wants them: dates as datetime.date."""
        out = rows.copy()
        for column in self.table.columns:
            if isinstance(column.type, Date) and column.name in out:
                out[column.name] = [date.fromisoformat(v) for v in out[column.name]]
        return out

    def insert(self, conn: Connection, rows: pd.DataFrame) -> None:
        if len(rows):
            copy_insert(conn, self.table, self.to_db(rows))

    def stored(self, conn: Connection, rows: pd.DataFrame, key: list[str],
               columns: list[str]) -> pd.DataFrame:
        """The stored rows whose keys the chunk holds (possibly a few more)."""
        table = self.table
        distinct = {k: pd.unique(rows[k].to_numpy(dtype=object)) for k in key}
        widest = max(key, key=lambda k: len(distinct[k]))
        sqlite = conn.dialect.name == "sqlite"
        # SQLite stores a Date as ISO text: read it as text rather than parse and re-format it
        selected = [type_coerce(table.c[c], String) if sqlite and isinstance(table.c[c].type, Date)
                    else table.c[c] for c in columns]
        parts = []
        batch = _IN_BATCH if sqlite else _ARRAY_BATCH
        for start in range(0, len(distinct[widest]), batch):
            stmt = select(*selected).where(member_of(conn, table.c[widest], "batch"))
            params = {"batch": self._bind(widest, distinct[widest][start:start + batch])}
            for k in key:
                # a second IN list on a composite index makes SQLite probe every pair of
                # values: only short lists narrow the look-up without that cost
                if k != widest and len(distinct[k]) <= _NARROW:
                    stmt = stmt.where(member_of(conn, table.c[k], f"k_{k}"))
                    params[f"k_{k}"] = self._bind(k, distinct[k])
            parts.append(frame_of(conn.execute(stmt, params), columns))
        stored = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
        if not sqlite:
            for column in self.table.columns:
                if isinstance(column.type, Date):
                    stored[column.name] = [v.isoformat() for v in stored[column.name]]
        return stored

    def _bind(self, column: str, values) -> list:
        if isinstance(self.table.c[column].type, Date):
            return [date.fromisoformat(v) for v in values]
        return list(values)

    def after_write(self, state: dict, added, changed, old) -> None:
        pass

    def end_write(self, conn: Connection, state: dict, counts: Counts) -> None:
        if counts.added or counts.changed:
            bump_version(conn)


def frame_of(result, columns: list[str]) -> pd.DataFrame:
    """A DataFrame from a result, built column-wise (pandas inspects every Row object
    when given a list of rows, which costs more than the query)."""
    rows = result.all()
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    return pd.DataFrame({c: list(v) for c, v in zip(columns, zip(*rows))})


def classify(rows: pd.DataFrame, stored: pd.DataFrame, key: list[str], columns: list[str]):
    """(added, changed, number unchanged, stored version of the changed rows)."""
    if stored.empty:
        return rows, rows.iloc[0:0], 0, stored
    values = [c for c in columns if c not in key]
    stored = stored.astype({k: rows[k].dtype for k in key})
    merged = rows.reset_index(drop=True).merge(stored, on=key, how="left", suffixes=("", "_lama"),
                                               indicator=True)
    new = (merged["_merge"] == "left_only").to_numpy()
    differs = np.zeros(len(merged), dtype=bool)
    for c in values:
        a, b = merged[c], merged[f"{c}_lama"]
        if pd.api.types.is_float_dtype(a) or pd.api.types.is_float_dtype(b):
            x, y = a.astype(float).to_numpy(), pd.to_numeric(b, errors="coerce").to_numpy(dtype=float)
            same = np.isclose(x, y, rtol=1e-12, atol=0) | (np.isnan(x) & np.isnan(y))
        else:
            same = ((a.astype(object) == b.astype(object)) | (a.isna() & b.isna())).to_numpy()
        differs |= ~same
    changed = ~new & differs
    old = merged.loc[changed, key + [f"{c}_lama" for c in values]]
    old.columns = key + values
    return (merged.loc[new, columns], merged.loc[changed, columns],
            int((~new & ~differs).sum()), old)


def _records(frame: pd.DataFrame) -> list[dict]:
    clean = frame.astype(object).where(frame.notna(), None)
    return clean.to_dict("records")


def _existing_desa(ctx: Context) -> Callable[[str], str]:
    known, own = ctx.desa, ctx.own_desa

    def parse(text: str) -> str:
        code = cells.desa_code(text)
        if code not in known:
            raise cells.Invalid(f"kode desa {code} tidak ada di data wilayah; impor wilayah "
                                "yang memuat desa ini lebih dulu")
        if code not in own:
            raise cells.Invalid(outside_desa(code))
        return code
    return parse


# --- the datasets --------------------------------------------------------------------------

class Keluarga(TableDataset):
    spec = DATASETS["keluarga"]
    table = schema.kunjungan_keluarga

    def parsers(self, ctx):
        date_parser = ctx.seen.setdefault("tanggal", cells.make_date(ctx.excel))
        return {"kode_desa": _existing_desa(ctx), "id_keluarga": None,
                "tanggal_kunjungan": date_parser, **dict.fromkeys(IKS_CODES, cells.ytn),
                **ALAMAT_PARSERS}

    def parse_column(self, values, parse):
        if parse is not None:
            return super().parse_column(values, parse)
        # a million distinct ids: checked as arrays, not one by one
        length = values.str.len().to_numpy()
        bad = (length == 0) | (length > 40)
        messages = pd.Series(np.where(length[bad] == 0, "kosong; kolom ini wajib diisi",
                                      "terlalu panjang (paling banyak 40 karakter)"), dtype=object)
        return values, bad, messages

    def check_rows(self, ctx, typed, found):
        all_n = (typed[list(IKS_CODES)] == "N").all(axis=1)
        if all_n.any():
            ctx.seen["semua_n"] = ctx.seen.get("semua_n", 0) + int(all_n.sum())
        if not ctx.scoped or typed.empty:
            return typed, None
        # the key is (id_keluarga, tanggal_kunjungan): a row with a stored key rewrites its
        # desa, so a family stored outside the viewer's wilayah is not theirs to touch at all
        elsewhere = self._stored_elsewhere(ctx, pd.unique(typed["id_keluarga"].to_numpy(dtype=object)))
        if not elsewhere:
            return typed, None
        bad = typed["id_keluarga"].isin(elsewhere).to_numpy()
        found.add(typed[ROW].to_numpy()[bad], "id_keluarga", [
            f"keluarga {i} sudah tercatat di desa di luar wilayah Anda; {OUTSIDE}"
            for i in typed["id_keluarga"][bad]])
        return typed, bad

    def _stored_elsewhere(self, ctx: Context, ids) -> set[str]:
        """The ids among `ids` with a visit stored in a desa outside the viewer's wilayah."""
        table = self.table
        outside = ~table.c.kode_desa.in_(select(schema.desa.c.kode).where(scope_filter(ctx.viewer.scope)))
        stmt = select(table.c.id_keluarga).distinct().where(
            table.c.id_keluarga.in_(bindparam("ids", expanding=True)), outside)
        found: set[str] = set()
        for start in range(0, len(ids), _IN_BATCH):
            found.update(ctx.conn.execute(stmt, {"ids": list(ids[start:start + _IN_BATCH])}).scalars())
        return found

    def finish(self, ctx):
        super().finish(ctx)
        n = ctx.seen.get("semua_n", 0)
        if n:
            ctx.warnings.append(f"{n} kunjungan menjawab N pada ke-12 indikator: IKS keluarga itu "
                                "tidak terdefinisi, tidak dihitung, dan dilaporkan sebagai masalah data.")

    def begin_write(self, conn):
        state = super().begin_write(conn)
        state["fresh"], state["known"], state["held"] = set(), set(), []
        return state

    def write(self, conn, state, typed):
        self._sort_fresh(conn, state, typed["kode_desa"])
        counts = super().write(conn, state, typed)
        store_alamat(conn, typed)  # the optional columns, when the file has any
        if state["empty"]:
            state["touched"].update(typed["kode_desa"])
        # a desa whose every visit comes from this file is summarised from memory after the
        # last chunk, not read back (a million visits read back cost more than the insert)
        fresh = typed[typed["kode_desa"].isin(state["fresh"])]
        if len(fresh):
            held = pd.DataFrame({
                "id_keluarga": fresh["id_keluarga"].to_numpy(dtype=object),
                "tanggal_kunjungan": pd.to_datetime(fresh["tanggal_kunjungan"], format="%Y-%m-%d"),
                "kode_desa": pd.Categorical(fresh["kode_desa"]),
                **{c: pd.Categorical(fresh[c], categories=["Y", "T", "N"]) for c in IKS_CODES},
            })
            state["held"].append(held)
        return counts

    def _sort_fresh(self, conn, state, codes: pd.Series) -> None:
        """Put each desa seen for the first time into `fresh` (no visit stored before this
        import) or `known`; asked before this chunk is written."""
        new = set(pd.unique(codes.to_numpy(dtype=object))) - state["fresh"] - state["known"]
        if not new:
            return
        if state["empty"]:
            state["fresh"] |= new
            return
        table = self.table
        stored = set(conn.execute(select(table.c.kode_desa).distinct().where(
            table.c.kode_desa.in_(bindparam("codes", expanding=True))), {"codes": sorted(new)}).scalars())
        state["known"] |= stored
        state["fresh"] |= new - stored

    def after_write(self, state, added, changed, old):
        state["touched"].update(added["kode_desa"])
        state["touched"].update(changed["kode_desa"])
        state["touched"].update(old["kode_desa"])  # a visit moved to another desa

    def end_write(self, conn, state, counts):
        super().end_write(conn, state, counts)
        if not state["touched"]:
            return
        held = None
        if state["held"]:
            held = pd.concat(state["held"], ignore_index=True)
            state["held"].clear()
            # only desa whose visits all came from the file, and that nothing moved away from
            held = held[held["kode_desa"].isin(state["fresh"] & state["touched"])]
        refresh_iks_summary_fast(conn, state["touched"], visits=held)


class ProgramDataset(TableDataset):
    """layanan and sasaran: the years written are re-summed per area in the same transaction."""

    def after_write(self, state, added, changed, old):
        state["touched"].update(int(y) for y in added["tahun"].unique())
        state["touched"].update(int(y) for y in changed["tahun"].unique())
        state.setdefault("desa", set()).update(added["kode_desa"], changed["kode_desa"])

    def write(self, conn, state, typed):
        if state["empty"]:
            state["touched"].update(int(y) for y in typed["tahun"].unique())
            state.setdefault("desa", set()).update(typed["kode_desa"])
        return super().write(conn, state, typed)

    def end_write(self, conn, state, counts):
        super().end_write(conn, state, counts)
        if state["touched"]:
            refresh_program_summary(conn, state["touched"], level=Level.DESA, desa=state.get("desa", set()))
            # the outlier and validation hits of the desa written (issue 16)
            refresh_pencilan(conn, state["touched"], state.get("desa", set()))


class Layanan(ProgramDataset):
    """The monthly desa registers; each row's arrival is recorded in the same transaction
    (data_access.kelengkapan: first arrival, last change; an unchanged row keeps both)."""

    spec = DATASETS["layanan"]
    table = schema.layanan

    def begin_write(self, conn):
        state = super().begin_write(conn)
        fresh = not conn.execute(select(exists().select_from(schema.laporan_masuk))).scalar()
        state.update(waktu=kelengkapan.now(), written=[], desa=set(), masuk_kosong=fresh)
        return state

    def after_write(self, state, added, changed, old):
        super().after_write(state, added, changed, old)
        state["written"].append((added, changed))

    def write(self, conn, state, typed):
        counts = super().write(conn, state, typed)
        if state["empty"]:  # every row of an empty table is new (classify was skipped)
            kelengkapan.record_arrivals(conn, typed, typed.iloc[0:0], state["waktu"], empty=state["masuk_kosong"])
            state["desa"].update(typed["kode_desa"])
        for added, changed in state["written"]:
            kelengkapan.record_arrivals(conn, added, changed, state["waktu"])
            state["desa"].update(added["kode_desa"])
            state["desa"].update(changed["kode_desa"])
        state["written"].clear()
        return counts

    def end_write(self, conn, state, counts):
        super().end_write(conn, state, counts)
        if state["desa"]:
            kelengkapan.refresh_kelengkapan(conn, state["desa"], state["touched"])

    def parsers(self, ctx):
        return {"kode_desa": _existing_desa(ctx), "tahun": cells.whole(*cells.YEAR_RANGE, "tahun"),
                "bulan": cells.whole(1, 12, "bulan"),
                "indikator": _desa_level(REGISTER_BY_CODE, DESA_REGISTER_CODES, "indikator"),
                "nilai": cells.whole()}


class Sasaran(ProgramDataset):
    spec = DATASETS["sasaran"]
    table = schema.sasaran

    def parsers(self, ctx):
        return {"kode_desa": _existing_desa(ctx), "tahun": cells.whole(*cells.YEAR_RANGE, "tahun"),
                "sasaran": _desa_level(SASARAN_BY_CODE, DESA_SASARAN_CODES, "sasaran"),
                "jumlah": cells.non_negative}


def _desa_level(declared: dict, codes: tuple[str, ...], what: str) -> Callable[[str], str]:
    """A code recorded per desa; a Puskesmas-level code (Klaster 1: keuangan, mutu, obat,
    kegiatan) is named with the dataset that carries it."""
    desa = cells.one_of(codes, what)

    def parse(text: str) -> str:
        found = declared.get(text.strip().lower())
        if found is not None and found.level != Level.DESA:
            raise cells.Invalid(f"{what} '{text}' dicatat per Puskesmas, bukan per desa: unggah lewat "
                                f"dataset {found.dataset}")
        return desa(text)
    return parse


class Target(TableDataset):
    spec = DATASETS["target"]
    table = schema.target

    def parsers(self, ctx):
        return {"indikator": cells.one_of(TARGET_CODES, "indikator"),
                "tahun": cells.whole(*cells.YEAR_RANGE, "tahun"),
                "target_persen": cells.percent,
                "kode_wilayah": ctx.seen.get("wilayah") or ctx.seen.setdefault("wilayah", self._area(ctx))}

    def _area(self, ctx: Context) -> Callable[[str], str]:
        conn = ctx.conn
        provinsi = set(conn.execute(select(schema.provinsi.c.kode)).scalars())
        kabupaten = set(conn.execute(select(schema.kabupaten.c.kode)).scalars())
        puskesmas = set(conn.execute(select(schema.puskesmas.c.kode)).scalars())

        def parse(text: str) -> str:
            if text == "":
                return ""
            code = cells.normalise_kemendagri(text)
            if code is not None and (code in provinsi or code in kabupaten):
                return code
            if code is not None and code.count(".") >= 2:
                raise cells.Invalid(f"'{text}' adalah kode kecamatan/desa; target ditetapkan untuk "
                                    "semua wilayah (kosong), provinsi, kabupaten/kota atau Puskesmas")
            pkm = cells.normalise_puskesmas(text)
            if pkm in puskesmas:
                return pkm
            raise cells.Invalid(f"'{text}' bukan kode provinsi, kabupaten/kota atau Puskesmas yang "
                                "ada di data wilayah")

        if not ctx.scoped:
            return parse
        inside: dict[str, bool] = {}

        def parse_own(text: str) -> str:
            code = parse(text)
            if code == "":
                raise cells.Invalid("target untuk semua wilayah (kode_wilayah kosong) hanya boleh "
                                    "diimpor oleh pengguna tingkat nasional; isi kode wilayah Anda")
            level = (Level.PROVINSI if code in provinsi else Level.KABUPATEN if code in kabupaten
                     else Level.PUSKESMAS)
            if code not in inside:
                inside[code] = scope_inside(conn, ctx.viewer.scope, Scope(level, code))
            if not inside[code]:
                raise cells.Invalid(f"wilayah {code} berada di luar wilayah Anda; akun Anda hanya "
                                    "boleh mengimpor target untuk wilayahnya")
            return code
        return parse_own

    def to_table(self, typed):
        if "kode_wilayah" not in typed:
            typed = typed.assign(kode_wilayah="")
        return typed

    def check_rows(self, ctx, typed, found):
        if len(typed):
            ctx.seen["tertinggi"] = max(ctx.seen.get("tertinggi", 0.0), float(typed["target_persen"].max()))
        return typed, None

    def finish(self, ctx):
        super().finish(ctx)
        if 0 < ctx.seen.get("tertinggi", 0.0) <= 1:
            ctx.warnings.append("Semua target_persen ≤ 1: apakah ditulis sebagai pecahan? Target "
                                "ditulis dalam persen (95 = 95%), jadi 0,95 berarti 0,95%.")


class Wilayah(TableDataset):
    """One row per desa, with its whole ancestry: written through store.write_wilayah."""

    spec = DATASETS["wilayah"]
    table = schema.desa
    # (code column, columns that must agree wherever the code appears, label)
    _PARENTS = (
        ("kode_provinsi", ("nama_provinsi",), "provinsi"),
        ("kode_kabupaten", ("nama_kabupaten",), "kabupaten/kota"),
        ("kode_kecamatan", ("nama_kecamatan",), "kecamatan"),
        ("kode_puskesmas", ("nama_puskesmas", "kode_kabupaten"), "Puskesmas"),
    )

    def parsers(self, ctx):
        return {
            "kode_provinsi": cells.kemendagri_code(0, "provinsi", "2 angka, misalnya 35"),
            "nama_provinsi": cells.name,
            "kode_kabupaten": cells.kemendagri_code(1, "kabupaten/kota", "35.10 atau 3510"),
            "nama_kabupaten": cells.name,
            "kode_puskesmas": cells.puskesmas_code,
            "nama_puskesmas": cells.name,
            "kode_desa": cells.desa_code,
            "nama_desa": cells.name,
            "kode_kecamatan": cells.optional(cells.kemendagri_code(2, "kecamatan", "35.10.01 atau 351001")),
            "nama_kecamatan": cells.optional(cells.name),
            "jumlah_penduduk": cells.optional(cells.whole()),
            "jumlah_keluarga": cells.optional(cells.whole()),
        }

    def check_rows(self, ctx, typed, found):
        bad = np.zeros(len(typed), dtype=bool)
        rows = typed[ROW].to_numpy()

        def flag(mask, column, messages):
            nonlocal bad
            mask = np.asarray(mask, dtype=bool) & ~bad
            if mask.any():
                found.add(rows[mask], column, np.asarray(messages, dtype=object)[mask])
                bad |= mask

        prov, kab, desa = typed["kode_provinsi"], typed["kode_kabupaten"], typed["kode_desa"]
        if ctx.scoped:
            # a scoped admin writes the desa of their own wilayah only, and cannot take a
            # stored desa from another wilayah by naming it under their own
            scope = ctx.viewer.scope
            column = DESA_KEY[scope.level].name
            label = scope.level.label.lower()
            flag(typed[column] != scope.kode, column,
                 label + " " + typed[column] + " berada di luar wilayah Anda; akun Anda hanya boleh "
                 "mengimpor wilayah di dalam " + label + " Anda")
            flag(desa.isin(ctx.desa - ctx.own_desa), "kode_desa", [outside_desa(c) for c in desa])
        flag(kab.str[:2] != prov, "kode_kabupaten",
             "kabupaten/kota " + kab + " bukan bagian dari provinsi " + prov)
        flag(desa.str[:5] != kab, "kode_desa", "desa " + desa + " bukan bagian dari kabupaten/kota " + kab)
        if "kode_kecamatan" in typed:
            kec = typed["kode_kecamatan"]
            given = kec.notna()
            flag(given & (desa.str[:8] != kec.fillna("")), "kode_desa",
                 "desa " + desa + " bukan bagian dari kecamatan " + kec.fillna(""))
            typed["kode_kecamatan"] = kec.fillna(desa.str[:8])
        else:
            typed["kode_kecamatan"] = desa.str[:8]

        for code_col, same_cols, label in self._PARENTS:
            cols = [c for c in same_cols if c in typed]
            if not cols:
                continue
            seen = ctx.seen.setdefault(code_col, {})
            firsts = typed[~bad].drop_duplicates(code_col)
            for record in firsts[[code_col, ROW, *cols]].itertuples(index=False):
                seen.setdefault(record[0], (record[1], *record[2:]))
            unknown = (None,) * (len(cols) + 1)
            for i, col in enumerate(cols):
                expected = typed[code_col].map(lambda c, i=i, seen=seen, unknown=unknown: seen.get(c, unknown)[i + 1])
                first_row = typed[code_col].map(lambda c, seen=seen: seen.get(c, (None,))[0])
                actual = typed[col]
                differs = (actual.notna() & expected.notna() & (actual != expected)).to_numpy()
                if differs.any():
                    flag(differs, col, [
                        f"{label} {c} sudah tercatat dengan {col} '{e}' di baris {r:.0f}; di sini '{a}'"
                        for c, e, r, a in zip(typed[code_col], expected, first_row, actual)])
        return typed, bad

    def begin_write(self, conn):
        return {"rows": []}

    def write(self, conn, state, typed):
        state["rows"].append(typed)  # a country is 84,000 desa: small
        return Counts()

    def end_write(self, conn, state, counts):
        if not state["rows"]:
            return
        rows = pd.concat(state["rows"], ignore_index=True)
        stored = self._stored(conn, rows["kode_desa"].tolist())
        for column in ("nama_kecamatan", "jumlah_penduduk", "jumlah_keluarga"):
            if column not in rows:  # a column the file leaves out keeps what is stored
                rows[column] = rows["kode_desa"].map(stored[column]) if len(stored) else None
        # a kecamatan named nowhere keeps its stored name, or gets the one write_wilayah gives
        known_kec = self._kecamatan_names(conn, rows["kode_kecamatan"].unique().tolist())
        rows["nama_kecamatan"] = (rows["nama_kecamatan"].fillna(rows["kode_kecamatan"].map(known_kec))
                                  .fillna("Kecamatan " + rows["kode_kecamatan"]))
        compared = list(stored.columns)
        mine = rows.set_index("kode_desa")[compared]
        new = ~mine.index.isin(stored.index)
        theirs = stored.reindex(mine.index[~new])
        old = mine[~new]
        differs = np.zeros(len(old), dtype=bool)
        for c in compared:
            a, b = old[c], theirs[c]
            if c.startswith("jumlah_"):
                a, b = pd.to_numeric(a).astype(float), pd.to_numeric(b).astype(float)
            same = (a.astype(object) == b.astype(object)) | (a.isna() & b.isna())
            differs |= ~same.to_numpy()
        counts.added = int(new.sum())
        counts.changed = int(differs.sum())
        counts.unchanged = len(old) - counts.changed
        write = rows[new | np.isin(rows["kode_desa"], old.index[differs])]
        if write.empty:
            return
        moved = old.index[differs & ((old["kode_puskesmas"] != theirs["kode_puskesmas"]).to_numpy()
                                     | (old["kode_kabupaten"] != theirs["kode_kabupaten"]).to_numpy())]
        write_wilayah(conn, write)
        if len(moved) and conn.execute(select(exists().select_from(schema.batas_desa))).scalar():
            from geo.store import (
                rebuild_outlines,  # geo builds on data_access; only here the other way
            )

            rebuild_outlines(conn)

    def _stored(self, conn, codes: list[str]) -> pd.DataFrame:
        desa, provinsi, kabupaten = schema.desa, schema.provinsi, schema.kabupaten
        kecamatan, puskesmas = schema.kecamatan, schema.puskesmas
        columns = ["kode_desa", "nama_desa", "kode_kecamatan", "nama_kecamatan", "kode_puskesmas",
                   "nama_puskesmas", "kode_kabupaten", "nama_kabupaten", "kode_provinsi",
                   "nama_provinsi", "jumlah_penduduk", "jumlah_keluarga"]
        stmt = (select(desa.c.kode, desa.c.nama, desa.c.kode_kecamatan, kecamatan.c.nama,
                       desa.c.kode_puskesmas, puskesmas.c.nama, desa.c.kode_kabupaten, kabupaten.c.nama,
                       desa.c.kode_provinsi, provinsi.c.nama, desa.c.jumlah_penduduk, desa.c.jumlah_keluarga)
                .join(kecamatan, kecamatan.c.kode == desa.c.kode_kecamatan)
                .join(puskesmas, puskesmas.c.kode == desa.c.kode_puskesmas)
                .join(kabupaten, kabupaten.c.kode == desa.c.kode_kabupaten)
                .join(provinsi, provinsi.c.kode == desa.c.kode_provinsi)
                .where(desa.c.kode.in_(bindparam("codes", expanding=True))))
        parts = [pd.DataFrame(conn.execute(stmt, {"codes": codes[i:i + _IN_BATCH]}).all(),
                              columns=columns) for i in range(0, len(codes), _IN_BATCH)]
        return pd.concat(parts, ignore_index=True).set_index("kode_desa")

    def _kecamatan_names(self, conn, codes: list[str]) -> dict[str, str]:
        kecamatan = schema.kecamatan
        names = {}
        for i in range(0, len(codes), _IN_BATCH):
            names.update(conn.execute(select(kecamatan.c.kode, kecamatan.c.nama).where(
                kecamatan.c.kode.in_(codes[i:i + _IN_BATCH]))).all())
        return names


class Kunjungan(TableDataset):
    """Monthly service visits counted by a Puskesmas (domain/kategori.py): every column but
    jumlah is the key; the per-area sums (kunjungan_wilayah) of the Puskesmas and years written
    are refreshed in the same transaction."""

    spec = DATASETS["kunjungan"]
    table = schema.kunjungan_bulanan
    OPTIONAL_KEY = ("nama_tempat", "kode_desa")  # '' = none / unknown, as stored

    def parsers(self, ctx):
        return {"kode_puskesmas": ctx.seen.get("puskesmas") or ctx.seen.setdefault("puskesmas", _puskesmas(ctx)),
                "tahun": cells.whole(*cells.YEAR_RANGE, "tahun"), "bulan": cells.whole(1, 12, "bulan"),
                "tempat": _tempat, "klaster": _klaster, "kelompok_umur": _kelompok_umur,
                "jenis_kelamin": _jenis_kelamin, "disabilitas": _disabilitas, "jumlah": cells.whole(what="jumlah"),
                "nama_tempat": _nama_tempat,
                "kode_desa": ctx.seen.get("desa") or ctx.seen.setdefault("desa", _desa_or_blank(ctx))}

    def to_table(self, typed):
        missing = {c: "" for c in self.OPTIONAL_KEY if c not in typed}
        typed = typed.assign(**missing) if missing else typed
        # a chunk with a bad number elsewhere holds its good ones as floats: keys read 2025, not 2025.0
        floats = {c: "int64" for c in ("tahun", "bulan", "klaster", "jumlah")
                  if c in typed and typed[c].dtype.kind == "f" and typed[c].notna().all()}
        return typed.astype(floats) if floats else typed

    def check_rows(self, ctx, typed, found):
        # a visitor from another Puskesmas' desa is counted by the Puskesmas that served them;
        # such rows are allowed, and said (they do not show on that desa's page)
        if "kode_desa" in typed and len(typed):
            given = typed[typed["kode_desa"] != ""]
            if len(given):
                home = given["kode_desa"].map(_puskesmas_of_desa(ctx))
                ctx.seen["luar"] = ctx.seen.get("luar", 0) + int((home != given["kode_puskesmas"]).sum())
        return self._same_place(ctx, typed, found)

    def _same_place(self, ctx, typed, found):
        """One place, one spelling: a name written in another case or spacing than earlier in
        the file takes the file's first spelling, and one stored for the same Puskesmas, place
        and month in another spelling refuses the row; as a new place its count would be added
        to the stored one instead of replacing it."""
        if "nama_tempat" not in typed or not len(typed) or (typed["nama_tempat"] == "").all():
            return typed, None
        names = typed["nama_tempat"]
        folded = names.str.casefold()
        typed = typed.assign(nama_tempat=folded.map(ctx.seen["nama_tempat"]).where(names != "", ""))
        named = typed[typed["nama_tempat"] != ""]
        kb = self.table
        stmt = (select(kb.c.kode_puskesmas, kb.c.tahun, kb.c.bulan, kb.c.tempat, kb.c.nama_tempat).distinct()
                .where(kb.c.kode_puskesmas.in_(bindparam("pkm", expanding=True)),
                       kb.c.tahun.in_(bindparam("tahun", expanding=True)),
                       kb.c.bulan.in_(bindparam("bulan", expanding=True)), kb.c.nama_tempat != ""))
        stored: dict[tuple, set[str]] = {}  # spellings of each (Puskesmas, month, place); old ones may differ
        pkm = sorted(set(named["kode_puskesmas"]))
        for i in range(0, len(pkm), _IN_BATCH):
            for p, t, b, tempat, nama in ctx.conn.execute(stmt, {
                    "pkm": pkm[i:i + _IN_BATCH], "tahun": sorted({int(y) for y in named["tahun"]}),
                    "bulan": sorted({int(m) for m in named["bulan"]})}):
                stored.setdefault((p, int(t), int(b), tempat, nama.casefold()), set()).add(nama)
        if not stored:
            return typed, None
        known = []
        for p, t, b, tempat, n in named[["kode_puskesmas", "tahun", "bulan", "tempat", "nama_tempat"]].itertuples(
                index=False):
            spellings = stored.get((p, int(t), int(b), tempat, n.casefold()), ())
            known.append(n if not spellings or n in spellings else min(spellings))
        other = (named["nama_tempat"] != known).to_numpy()
        if not other.any():
            return typed, None
        bad = np.zeros(len(typed), dtype=bool)
        bad[np.flatnonzero((typed["nama_tempat"] != "").to_numpy())[other]] = True
        rows = named[other]
        found.add(rows[ROW].to_numpy(), "nama_tempat", [
            f"'{n}' sudah tersimpan sebagai '{k}' untuk {p} {tempat} bulan {int(b)}/{int(t)}; tulis persis sama agar "
            "angkanya mengganti yang tersimpan, bukan menjadi tempat kedua"
            for n, k, p, tempat, b, t in zip(rows["nama_tempat"], np.asarray(known, dtype=object)[other],
                                            rows["kode_puskesmas"], rows["tempat"], rows["bulan"], rows["tahun"])])
        return typed, bad

    def remember_keys(self, ctx, typed, raw):
        super().remember_keys(ctx, typed, raw)
        if "nama_tempat" in typed:
            # 'Pustu A2' and 'PUSTU a2' in one cell of one file are the same place written twice
            # (both would be stored and summed): a key holds the file's first spelling of the
            # name, and the spelling counts as content (so they are not "sama persis")
            part = ctx.keys[-1]
            names = typed.loc[part.index, "nama_tempat"]
            folded = names.str.casefold()
            first = ctx.seen.setdefault("nama_tempat", {})
            for f, n in zip(folded.drop_duplicates(), names[~folded.duplicated()]):
                first.setdefault(f, n)
            part["_isi"] ^= pd.util.hash_pandas_object(names, index=False).to_numpy()
            part["nama_tempat"] = folded.map(first)

    def finish(self, ctx):
        super().finish(ctx)
        n = ctx.seen.get("luar", 0)
        if n:
            ctx.warnings.append(f"{n} baris mencatat pengunjung dari desa di luar wilayah Puskesmas yang "
                                "mencatatnya: dihitung untuk Puskesmas itu, tidak tampil di halaman desa asalnya.")

    def write(self, conn, state, typed):
        if state["empty"]:
            self._touch(state, typed)
        return super().write(conn, state, typed)

    def after_write(self, state, added, changed, old):
        self._touch(state, added)
        self._touch(state, changed)

    def _touch(self, state, rows) -> None:
        state["touched"].update(zip(rows["kode_puskesmas"], (int(y) for y in rows["tahun"])))

    def end_write(self, conn, state, counts):
        super().end_write(conn, state, counts)
        if state["touched"]:
            refresh_kunjungan_summary(conn, {p for p, _ in state["touched"]}, {y for _, y in state["touched"]})

    def stored(self, conn, rows, key, columns):
        """The stored rows of the chunk's Puskesmas, years and months: the table's primary key
        starts with these three, so this is a range read, whatever the other columns hold."""
        table = self.table
        pkm = pd.unique(rows["kode_puskesmas"].to_numpy(dtype=object))
        years = sorted({int(y) for y in rows["tahun"]})
        months = sorted({int(m) for m in rows["bulan"]})
        batch = _IN_BATCH if conn.dialect.name == "sqlite" else _ARRAY_BATCH
        stmt = select(*[table.c[c] for c in columns]).where(
            member_of(conn, table.c.kode_puskesmas, "pkm"), table.c.tahun.in_(years), table.c.bulan.in_(months))
        parts = [frame_of(conn.execute(stmt, {"pkm": list(pkm[i:i + batch])}), columns)
                 for i in range(0, len(pkm), batch)]
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def _puskesmas(ctx: Context) -> Callable[[str], str]:
    """A Puskesmas code that exists, inside the importer's wilayah (case-insensitive)."""
    puskesmas = schema.puskesmas
    known = set(ctx.conn.execute(select(puskesmas.c.kode)).scalars())
    own = known if not ctx.scoped else set(ctx.conn.execute(
        select(schema.desa.c.kode_puskesmas).distinct().where(scope_filter(ctx.viewer.scope))).scalars())

    def parse(text: str) -> str:
        code = cells.puskesmas_code(text)
        if code not in known:
            raise cells.Invalid(f"kode Puskesmas {code} tidak ada di data wilayah; impor wilayah yang "
                                "memuat Puskesmas ini lebih dulu")
        if code not in own:
            raise cells.Invalid(outside_puskesmas(code))
        return code
    return parse


def _puskesmas_of_desa(ctx: Context) -> dict[str, str]:
    if "desa_puskesmas" not in ctx.seen:
        desa = schema.desa
        ctx.seen["desa_puskesmas"] = dict(ctx.conn.execute(select(desa.c.kode, desa.c.kode_puskesmas)).all())
    return ctx.seen["desa_puskesmas"]


def _desa_or_blank(ctx: Context) -> Callable[[str], str]:
    """The visitors' desa: blank (unknown), or a desa that exists (any desa: people cross
    Puskesmas borders; the row belongs to the Puskesmas that served them)."""
    known = ctx.desa

    def parse(text: str) -> str:
        if text == "":
            return ""
        code = cells.desa_code(text)
        if code not in known:
            raise cells.Invalid(f"kode desa {code} tidak ada di data wilayah; impor wilayah yang memuat "
                                "desa ini lebih dulu (atau kosongkan bila desa asal tidak diketahui)")
        return code
    return parse


_TEMPAT_ALIAS = {"kunjungan rumah": "rumah", "kunjungan_rumah": "rumah", "puskesmas pembantu": "pustu",
                 "gedung puskesmas": "puskesmas"}
_parse_tempat = cells.one_of(TEMPAT, "tempat")
_parse_umur = cells.one_of(KELOMPOK_UMUR, "kelompok_umur")
_NAMA_TEMPAT_MAX = schema.kunjungan_bulanan.c.nama_tempat.type.length


def _tempat(text: str) -> str:
    return _parse_tempat(_TEMPAT_ALIAS.get(" ".join(text.lower().split()), text))


def _klaster(text: str) -> int:
    """2–5; 'Klaster 2' is 2. Klaster 1 (management) serves no visitors."""
    cells.required(text)
    try:
        value = cells.whole(0, 99, "klaster")(text.lower().removeprefix("klaster").strip())
    except cells.Invalid:
        raise cells.Invalid(f"klaster '{text}' bukan 2, 3, 4, atau 5") from None
    if value == 1:
        raise cells.Invalid("klaster 1 (manajemen) tidak mencatat kunjungan; pakai 2, 3, 4, atau 5 "
                            "(lintas klaster: gawat darurat, farmasi, laboratorium)")
    if value not in KLASTER_KUNJUNGAN:
        raise cells.Invalid(f"klaster {value} tidak dikenal; pakai 2, 3, 4, atau 5")
    return value


def _kelompok_umur(text: str) -> str:
    """'1–4', '1 - 4' and '0-7H' are '1-4', '1-4' and '0-7h'."""
    compact = "".join(text.split()).replace("–", "-").replace("—", "-")
    return _parse_umur(compact if compact else text)


def _jenis_kelamin(text: str) -> str:
    value = {"laki-laki": "L", "perempuan": "P"}.get(text.lower(), text.upper())
    if value in JENIS_KELAMIN:
        return value
    cells.required(text)
    raise cells.Invalid(f"'{text}' bukan L (laki-laki) atau P (perempuan)")


def _disabilitas(text: str) -> str:
    value = {"ya": "Y", "tidak": "T"}.get(text.lower(), text.upper())
    if value in DISABILITAS:
        return value
    cells.required(text)
    raise cells.Invalid(f"'{text}' bukan Y (dengan disabilitas) atau T (tanpa disabilitas)")


def _nama_tempat(text: str) -> str:
    """The name as the page shows it: runs of spaces are one space (HTML folds them, so
    'Pustu  A2' would be a second place that looks like the first), and no invisible
    character (cells.visible: a right-to-left override draws the rest backwards; a
    zero-width space makes another place that looks the same)."""
    cells.visible(text)
    text = " ".join(text.split())
    if len(text) > _NAMA_TEMPAT_MAX:
        raise cells.Invalid(f"terlalu panjang ({len(text)} karakter; paling banyak {_NAMA_TEMPAT_MAX})")
    return text


TABLE_DATASETS: dict[str, type[TableDataset]] = {
    "wilayah": Wilayah, "keluarga": Keluarga, "layanan": Layanan, "sasaran": Sasaran,
    "target": Target,
    "kunjungan": Kunjungan,
}


# --- morbidity (issue 13) ----------------------------------------------------------------------

def _icd10(text: str) -> str:
    from domain.kategori import icd10

    cells.required(text)
    code = icd10(text)
    if code is not None:
        return code
    hint = ""
    if any(ch.isalpha() for ch in text) and not any(ch.isdigit() for ch in text):
        hint = " (tampaknya nama diagnosis: tulis namanya di kolom nama_diagnosis dan kodenya di sini)"
    raise cells.Invalid(f"'{text}' bukan kode ICD-10{hint}; tulis satu huruf, dua angka, boleh diikuti titik dan "
                        "satu atau dua angka, misalnya J06.9, A09 atau E11.9")


def _nama_diagnosis(text: str) -> str:
    from ingest.specs import NAMA_DIAGNOSIS_MAX

    cells.required(text)
    name = " ".join(cells.visible(text).split())  # a line break or a double space inside a cell: one space
    if len(name) > NAMA_DIAGNOSIS_MAX:
        raise cells.Invalid(f"terlalu panjang ({len(name)} karakter; paling banyak {NAMA_DIAGNOSIS_MAX})")
    return name


class Morbiditas(TableDataset):
    """New cases per desa, month, ICD-10 code, age group and sex. The diagnosis' name is not
    part of the row: the latest name of each code goes to `diagnosis`. The per-area sums of
    the desa and months written are refreshed in the same transaction."""

    spec = DATASETS["morbiditas"]
    table = schema.morbiditas

    def parsers(self, ctx):
        return {"kode_desa": _existing_desa(ctx), "tahun": cells.whole(*cells.YEAR_RANGE, "tahun"),
                "bulan": cells.whole(1, 12, "bulan"), "kode_icd": _icd10, "nama_diagnosis": _nama_diagnosis,
                "kelompok_umur": _kelompok_umur, "jenis_kelamin": _jenis_kelamin, "jumlah": cells.whole()}

    def check_rows(self, ctx, typed, found):
        """Remember each code's name (the last row's wins) and each code written with two names
        (through the chunk's distinct codes: a million rows hold a few hundred)."""
        if len(typed) and "nama_diagnosis" in typed:
            names = ctx.seen.setdefault("nama", {})
            other = ctx.seen.setdefault("nama_lain", {})
            part = typed[["kode_icd", "nama_diagnosis", ROW]]
            first = part.drop_duplicates(["kode_icd", "nama_diagnosis"]).drop_duplicates("kode_icd", keep="first")
            last = part.drop_duplicates("kode_icd", keep="last")
            variants = part.drop_duplicates(["kode_icd", "nama_diagnosis"])
            for code, name, row in first.itertuples(index=False):
                before = names.get(code)
                if before is not None and before[0] != name and code not in other:
                    other[code] = (before, (name, row))
            for code, group in variants.groupby("kode_icd", sort=False):
                if len(group) > 1 and code not in other:
                    other[code] = tuple(group.iloc[[0, -1]][["nama_diagnosis", ROW]].itertuples(index=False))
            names.update((code, (name, row)) for code, name, row in last.itertuples(index=False))
        return typed, None

    def finish(self, ctx):
        super().finish(ctx)
        for code, ((first, row1), (last, row2)) in list(ctx.seen.get("nama_lain", {}).items())[:5]:
            ctx.warnings.append(f"Kode {code} ditulis dengan nama berbeda: '{first}' (baris {row1}) dan '{last}' "
                                f"(baris {row2}); dipakai nama di baris terakhir.")
        names = {code: name for code, (name, _) in ctx.seen.get("nama", {}).items()}
        # the names stored for codes the importer may see (data_access.morbiditas.diagnoses_in_scope):
        # a code reported only by another Puskesmas, and the name it gave, are not theirs to learn
        from data_access.morbiditas import diagnoses_in_scope

        stored = diagnoses_in_scope(ctx.conn, ctx.viewer.scope)
        renamed = [(c, stored[c], n) for c, n in sorted(names.items()) if c in stored and stored[c] != n]
        for code, old, new in renamed[:5]:
            ctx.warnings.append(f"Nama diagnosis {code} diganti dari '{old}' menjadi '{new}'.")
        if len(renamed) > 5:
            ctx.warnings.append(f"… dan {len(renamed) - 5} nama diagnosis lain diganti.")

    def begin_write(self, conn):
        state = super().begin_write(conn)
        state["names"] = {}
        return state

    def write(self, conn, state, typed):
        last = typed.drop_duplicates("kode_icd", keep="last")
        state["names"].update(zip(last["kode_icd"], last["nama_diagnosis"]))
        counts = super().write(conn, state, typed)
        if state["empty"]:
            self._touch(state, typed)
        return counts

    def after_write(self, state, added, changed, old):
        self._touch(state, added)
        self._touch(state, changed)

    @staticmethod
    def _touch(state, rows):
        """The (desa, year, month) written: their sums are refreshed after the last chunk."""
        keys = rows[["kode_desa", "tahun", "bulan"]].drop_duplicates()
        state["touched"].update((d, int(y), int(m)) for d, y, m in keys.itertuples(index=False))

    def end_write(self, conn, state, counts):
        super().end_write(conn, state, counts)
        from data_access.store import refresh_morbiditas_summary, write_diagnosis_names

        if write_diagnosis_names(conn, state["names"]):
            bump_version(conn)
        if state["touched"]:
            desa = {d for d, _, _ in state["touched"]}
            months = {(y, m) for _, y, m in state["touched"]}
            refresh_morbiditas_summary(conn, months, desa)


TABLE_DATASETS["morbiditas"] = Morbiditas
