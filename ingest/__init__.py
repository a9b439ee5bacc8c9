"""Importing the datasets of data-contract.md from CSV, XLSX and boundary files.

    validate_file(conn, dataset, path, viewer=...)  -> ValidationReport  (pass 1 only: nothing written)
    import_file(engine, dataset, path, viewer=...)  -> ImportResult      (pass 1, then pass 2 if clean)
    log_rejection(engine, report, name, ...)         -> ImportResult      (a refused upload, logged)
    import_log(conn, scope=...)                      -> DataFrame          (the latest attempts)

Every import acts for a viewer (the command line's OPERATOR unless told otherwise): a row
outside the viewer's wilayah is a problem like any other, so such a file is refused whole;
wilayah and batas are for admins only, batas for the whole country's admins only. Every
attempt writes an impor_log row and an audit row, with who imported it and from where.

All-or-nothing while streaming: pass 1 reads the whole file chunk by chunk and collects every
problem; only a clean file is read again in pass 2 and written in one transaction, together
with the summary tables and its impor_log row. A rejected attempt writes its impor_log row in
a transaction of its own. `progress(done, total)` is called after each chunk; in import_file
the total counts both passes (every row is read twice), so done/total is the share of work.

On SQLite, pass 2 holds the database's write lock until it commits: a progress callback that
writes to the same database then waits for the lock (5 s) and fails. Keep progress in memory
during pass 2 there. An exception raised by a progress callback is logged and ignored: a
progress display never makes an import fail.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, Engine, select

from data_access import schema
from data_access.db import analyze, written_tables
from data_access.users import Event, area_inside, audit
from domain.access import OPERATOR, Viewer
from domain.codes import Level
from domain.wilayah import Scope
from indicators.format import angka
from ingest import batas as _batas
from ingest import k1_kegiatan as _k1_kegiatan  # noqa: F401  (registers the dataset)
from ingest import k1_keuangan as _k1_keuangan  # noqa: F401  (registers keuangan and mutu)
from ingest import k1_obat as _k1_obat  # noqa: F401  (registers the dataset)
from ingest import k1_sarpras as _k1_sarpras  # noqa: F401  (registers the dataset)
from ingest import k1_sdm as _k1_sdm  # noqa: F401  (registers the dataset)
from ingest.reading import FileProblem, Table, data_merges, open_table, other_dataset
from ingest.report import (
    SHOWN_PROBLEMS,
    ImportResult,
    Problem,
    ValidationReport,
    summarise_problems,
)
from ingest.specs import DATASETS, ColumnSpec, DatasetSpec
from ingest.tables import ROW, TABLE_DATASETS, Context, Counts

__all__ = [
    "DATASETS", "ColumnSpec", "DatasetSpec", "ImportResult", "Problem", "ValidationReport",
    "import_file", "import_log", "log_rejection", "validate_file",
]
ADMIN_DATASETS = ("wilayah", "batas")  # they change what every wilayah is: admins only

Progress = Callable[[int, "int | None"], None]
PREVIEW_ROWS = 20
CHUNK_ROWS = 50_000


def validate_file(conn: Connection, dataset: str, path: str | Path, *, viewer: Viewer = OPERATOR,
                  sheet: str | None = None, kolom_kode: str | None = None,
                  progress: Progress | None = None, file_name: str | None = None) -> ValidationReport:
    """Read and check the whole file for `viewer`; write nothing. `file_name` is the name the
    user gave the file, when `path` is a temporary copy (its suffix decides the file type)."""
    path = Path(path)
    name = file_name or path.name
    report, _ = _pass1(conn, dataset, path, name, sheet, kolom_kode, _scaled(progress, 1), viewer)
    return report


def import_file(engine: Engine, dataset: str, path: str | Path, *, viewer: Viewer = OPERATOR,
                alamat: str | None = None, file_name: str | None = None, sheet: str | None = None,
                kolom_kode: str | None = None, progress: Progress | None = None) -> ImportResult:
    """Validate for `viewer`, then (only if nothing is wrong) write everything in one
    transaction. `alamat` is where the import came from (the client's address, or 'cli'),
    kept in the audit log."""
    path = Path(path)
    name = file_name or path.name
    checksum = _sha256(path)
    who = _Who(viewer, alamat)
    with engine.connect() as conn:
        report, opened = _pass1(conn, dataset, path, name, sheet, kolom_kode, _scaled(progress, 2), viewer)
    if not report.ok:
        return _rejected(engine, report, name, checksum, who)

    try:
        with engine.begin() as conn, _big_cache(conn):
            if DATASETS[dataset].is_boundary:
                added, changed, unchanged = _batas.write(conn, opened)
                counts = Counts(added, changed, unchanged)
            else:
                counts = _pass2(conn, dataset, opened, report, _scaled(progress, 2, offset=report.rows),
                                viewer)
            message = (f"Impor {dataset} dari {name} berhasil: {angka(report.rows)} baris; "
                       f"{angka(counts.added)} ditambah, {angka(counts.changed)} diubah, "
                       f"{angka(counts.unchanged)} tetap.")
            log_id = _log(conn, dataset, name, checksum, report.rows, counts, "berhasil", message, who)
            written = written_tables(conn)
    except _ChangedFile as exc:
        report.problems, report.problem_count = exc.problems, len(exc.problems)
        return _rejected(engine, report, name, checksum, who)
    except Exception as exc:
        # the transaction is rolled back; the attempt is still logged, then the error goes up.
        # The logged message names the error's class only: a database error's text holds the
        # SQL and the row's values (family ids, answers), which the caller's log keeps
        _log_own(engine, dataset, name, checksum, report.rows, Counts(), "ditolak",
                 f"Impor {dataset} dari {name} gagal ({exc.__class__.__name__}) dan dibatalkan; tidak "
                 "ada data yang diubah. Rinciannya ada di log server.", who)
        raise
    analyze(engine, written)  # PostgreSQL's statistics of the tables it wrote (data_access.db.analyze)
    if progress:
        _scaled(progress, 1)(2 * max(report.rows, 1), 2 * max(report.rows, 1))
    return ImportResult(dataset, True, report.rows, counts.added, counts.changed, counts.unchanged,
                        [], message, 0, report.warnings, log_id)


def log_rejection(engine: Engine, report: ValidationReport, file_name: str, path: str | Path | None = None,
                  *, viewer: Viewer = OPERATOR, alamat: str | None = None) -> ImportResult:
    """Log a file refused by validate_file (the upload page checks before it imports): an
    attempt like any other, in impor_log and the audit log."""
    checksum = _sha256(Path(path)) if path is not None else None
    return _rejected(engine, report, file_name, checksum, _Who(viewer, alamat))


def import_log(conn: Connection, limit: int = 50, scope: Scope | None = None) -> pd.DataFrame:
    """The latest import attempts made for a wilayah inside `scope` (all of them without
    one), newest first."""
    log = schema.impor_log
    stmt = select(log)
    if scope is not None:
        stmt = stmt.where(area_inside(scope, log.c.tingkat_wilayah, log.c.kode_wilayah))
    stmt = stmt.order_by(log.c.waktu.desc(), log.c.id.desc()).limit(limit)
    return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=[c.name for c in log.columns])


def _refusal(dataset: str, viewer: Viewer) -> str | None:
    """Why `viewer` may not import `dataset` at all, or None."""
    if not viewer.can_import:
        return (f"Akun Anda ({viewer.role.label.lower()}) tidak boleh mengimpor data; impor hanya "
                "untuk pengelola data dan admin.")
    if dataset in ADMIN_DATASETS and not viewer.is_admin:
        return f"Jenis data {dataset} hanya boleh diimpor oleh admin."
    if DATASETS[dataset].is_boundary and viewer.scope.level != Level.NASIONAL:
        return ("Batas desa hanya boleh diimpor oleh admin tingkat nasional: peta batas dan garis "
                "batas wilayah di atasnya dipakai oleh semua wilayah.")
    return None


# --- pass 1 ----------------------------------------------------------------------------------

def _pass1(conn, dataset, path, name, sheet, kolom_kode, progress, viewer: Viewer):
    if dataset not in DATASETS:
        return _file_report(dataset, [Problem(None, None, (
            f"Jenis data '{dataset}' tidak dikenal; pilih salah satu: {', '.join(DATASETS)}."))]), None
    refusal = _refusal(dataset, viewer)
    if refusal:
        return _file_report(dataset, [Problem(None, None, refusal)]), None
    if not path.is_file():
        return _file_report(dataset, [Problem(None, None, f"Berkas {name} tidak ditemukan.")]), None
    if DATASETS[dataset].is_boundary:
        return _check_boundaries(conn, dataset, path, name, kolom_kode)
    if kolom_kode is not None:
        return _file_report(dataset, [Problem(None, None,
                                              "--kolom-kode hanya untuk data batas (peta).")]), None
    try:
        table = open_table(path, DATASETS[dataset], name, sheet)
    except FileProblem as exc:
        other = other_dataset(exc.header, DATASETS[dataset], DATASETS) if exc.header else None
        hint = [Problem(None, None, (
            f"Judul kolom berkas ini cocok dengan data '{other.name}' ({other.label}), bukan "
            f"'{dataset}': apakah maksudnya mengimpor {other.name}?"))] if other else []
        return _file_report(dataset, hint + exc.problems), None

    handler = TABLE_DATASETS[dataset]()
    ctx = Context(conn, table.columns, table.excel, warnings=list(table.warnings), viewer=viewer)
    rows = read = 0
    preview: list[pd.DataFrame] = []
    try:
        if table.excel:
            ctx.problems.extend(data_merges(table))
        for chunk in table.chunks(CHUNK_ROWS):
            if len(preview) == 0 or sum(len(p) for p in preview) < PREVIEW_ROWS:
                preview.append(chunk.frame.head(PREVIEW_ROWS).set_index(pd.Index(
                    chunk.rows[:PREVIEW_ROWS], name="baris")))
            ctx.problems.extend(chunk.problems)
            handler.check(ctx, chunk.frame, chunk.rows)
            rows += len(chunk.frame)
            read += chunk.read
            if progress:
                progress(read, max(table.total or 0, read))
        handler.finish(ctx)
    except FileProblem as exc:
        ctx.problems.extend(exc.problems)
    if rows == 0 and not ctx.problems:
        ctx.problems.add(None, None, f"Berkas {name} hanya berisi baris judul, tanpa baris data.")
    frame = (pd.concat(preview).head(PREVIEW_ROWS) if preview
             else pd.DataFrame(columns=table.columns, index=pd.Index([], name="baris")))
    report = ValidationReport(dataset, rows, ctx.problems.sorted(), ctx.problems.count, frame,
                              ctx.warnings, list(table.columns))
    return report, table


def _check_boundaries(conn, dataset, path, name, kolom_kode):
    boundaries, problems = _batas.read(path, name, kolom_kode)
    if boundaries is None:
        return _file_report(dataset, problems), None
    problems = _batas.check(conn, boundaries)
    gdf = boundaries.gdf
    preview = pd.DataFrame({"kode": gdf["kode"], "nama": gdf["nama"],
                            "jenis": gdf.geometry.geom_type}).head(PREVIEW_ROWS)
    preview.index = pd.RangeIndex(1, len(preview) + 1, name="fitur")
    report = ValidationReport(dataset, len(gdf), problems, len(problems), preview, [],
                              ["kode", "nama", "geometry"])
    return report, boundaries


def _file_report(dataset: str, problems: list[Problem]) -> ValidationReport:
    return ValidationReport(dataset, 0, problems, len(problems), pd.DataFrame())


# --- pass 2 ----------------------------------------------------------------------------------

class _ChangedFile(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("the file changed between the two passes")
        self.problems = problems


def _pass2(conn: Connection, dataset: str, table: Table, report: ValidationReport,
           progress: Progress | None, viewer: Viewer) -> Counts:
    handler = TABLE_DATASETS[dataset]()
    ctx = Context(conn, table.columns, table.excel, viewer=viewer)
    state = handler.begin_write(conn)
    counts = Counts()
    read = 0
    for chunk in table.chunks(CHUNK_ROWS):
        ctx.problems.extend(chunk.problems)
        typed = handler.check(ctx, chunk.frame, chunk.rows)
        if ctx.problems:
            raise _ChangedFile([Problem(None, None, (
                "Berkas berubah selama impor (pemeriksaan kedua menemukan masalah); tidak ada "
                "data yang diubah. Impor ulang berkasnya."))] + ctx.problems.sorted())
        counts += handler.write(conn, state, typed.drop(columns=[ROW]))
        read += chunk.read
        if progress:
            progress(read, max(table.total or 0, read))
    handler.end_write(conn, state, counts)
    return counts


# --- log ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Who:
    viewer: Viewer
    alamat: str | None


def _rejected(engine: Engine, report: ValidationReport, name: str, checksum: str | None,
              who: _Who) -> ImportResult:
    count = report.problem_count
    message = (f"Impor {report.dataset} dari {name} ditolak: {angka(count)} masalah; tidak ada data "
               "yang diubah.\n" + summarise_problems(report.problems, count, SHOWN_PROBLEMS))
    log_id = _log_own(engine, report.dataset, name, checksum, report.rows, Counts(), "ditolak", message,
                      who, count)
    return ImportResult(report.dataset, False, report.rows, 0, 0, 0, report.problems, message,
                        count, report.warnings, log_id)


def _log_own(engine: Engine, *args) -> int:
    with engine.begin() as conn:
        return _log(conn, *args)


def _log(conn: Connection, dataset: str, name: str, checksum: str | None, rows: int,
         counts: Counts, hasil: str, message: str, who: _Who, problems: int | None = None) -> int:
    """The attempt's impor_log row and its audit row, in the caller's transaction."""
    log = schema.impor_log
    scope = who.viewer.scope
    result = conn.execute(log.insert().values(
        waktu=datetime.now(UTC).replace(tzinfo=None), dataset=dataset[:20],
        nama_berkas=name[:255], checksum=checksum, baris=rows, ditambah=counts.added,
        diubah=counts.changed, tetap=counts.unchanged, hasil=hasil, pesan=message,
        pengguna=who.viewer.label[:64], tingkat_wilayah=scope.level.value, kode_wilayah=scope.kode))
    if hasil == "berhasil":
        detail = (f"{dataset}: {name}, {rows} baris ({counts.added} ditambah, {counts.changed} diubah, "
                  f"{counts.unchanged} tetap)")
    else:
        detail = f"{dataset}: {name}, {rows} baris, " + (
            f"{problems} masalah" if problems is not None else "gagal dan dibatalkan")
    audit(conn, Event.IMPOR if hasil == "berhasil" else Event.IMPOR_DITOLAK, viewer=who.viewer,
          rincian=detail, alamat=who.alamat)
    return result.inserted_primary_key[0]


@contextmanager
def _big_cache(conn: Connection):
    """SQLite's page cache (2 MB by default) raised while an import writes: the index of a
    million visits no longer fits, and inserting revisits in random key order then reads
    pages back from the file. Restored before the connection returns to the pool."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql("PRAGMA cache_size=-262144")  # KiB: at most 256 MB, taken as needed
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(before)}")


def _sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            while block := f.read(1 << 20):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def _scaled(progress: Progress | None, passes: int, offset: int = 0) -> Progress | None:
    """Progress of one pass as a share of all passes (rows counted `passes` times)."""
    if progress is None:
        return None

    def report(done: int, total: int | None) -> None:
        try:
            progress(offset + done, None if total is None else passes * total)
        except Exception:  # noqa: BLE001 - see the module docstring
            _log_progress_failure()
    return report


def _log_progress_failure() -> None:
    logging.getLogger(__name__).warning("progress callback failed; the import goes on", exc_info=True)
