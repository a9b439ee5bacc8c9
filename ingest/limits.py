"""The import reader's limits against hostile files (archives that unpack to gigabytes, endless
cells, endless rows), each with the Indonesian sentence that names it. docs/README.md states
the same numbers; tests/test_import_limits.py makes a file just past each one.

Module-level constants so that a test can lower one with monkeypatch instead of writing a
file big enough to pass the real one.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from indicators.format import angka

# No column of any dataset needs more (ingest/specs.py: the longest are names and
# id_keluarga, "paling panjang 40 karakter"); Excel itself stops a cell at 32.767.
MAX_CELL_CHARS = 1_000
# Data rows of one file. A year of layanan for a province (6.000 desa x 12 months x 40
# registers) is 2,9 million rows; Excel's own sheet ends at 1.048.576 rows.
MAX_ROWS = 5_000_000
# Distinct texts of an XLSX's shared-string table: a 1M-row keluarga file has about a million
# (one per id_keluarga); each costs its UTF-8 bytes and 8 bytes of offset.
MAX_SHARED_STRINGS = 5_000_000
# Past this many over-long cells the file is hopeless: reading stops with what was found.
MAX_LONG_CELLS = 100
# Excel's last column (XFD); a cell reference past it is not from a spreadsheet.
MAX_COLUMNS = 16_384

# XLSX, checked in the zip's central directory before anything is unpacked. Measured: 100.000
# keluarga rows (15 columns) written by openpyxl are a 77 MB sheet (51 bytes a cell, inline
# strings; Excel's shared strings make it smaller), packed 14:1. A million rows is then about
# 800 MB: 1 GiB takes it (Excel's sheet ends at 1.048.576 rows) and refuses the 1 MB file
# that unpacks to 1 GB.
MAX_UNPACKED_BYTES = 1 << 30
# Real sheets compress 5-20:1 and very repetitive generated ones up to about 70:1; deflate's
# ceiling is about 1.030:1, which only runs of one byte reach. A big part (over 50 MB) packed
# tighter than 100:1 is padding, not data.
MAX_RATIO = 100
RATIO_FROM_BYTES = 50 << 20
# XML parts other than sheets and shared strings (workbook, styles, theme, relationships)
# are read whole by openpyxl; a real one is a few hundred KB.
MAX_WHOLE_PART_BYTES = 50 << 20
# A workbook has a few dozen parts; a central directory of a million entries costs
# hundreds of MB before the first one is read.
MAX_MEMBERS = 10_000


def long_cell() -> str:
    return f"teks lebih dari {angka(MAX_CELL_CHARS)} karakter (batas isi satu sel)"


def too_many_rows() -> str:
    return (f"berkas berisi lebih dari {angka(MAX_ROWS)} baris data, batas satu impor; "
            "bagi berkas menjadi beberapa berkas (misalnya per kabupaten atau per tahun)")


def too_many_strings() -> str:
    return (f"daftar teks bersama berkas ini (sharedStrings.xml) berisi lebih dari "
            f"{angka(MAX_SHARED_STRINGS)} teks berbeda, batas satu impor; bagi berkasnya, "
            "atau simpan sebagai CSV")


def too_many_long_cells() -> str:
    return (f"lebih dari {angka(MAX_LONG_CELLS)} sel berisi teks lebih dari "
            f"{angka(MAX_CELL_CHARS)} karakter; pembacaan dihentikan di baris ini")


@dataclass(frozen=True)
class ArchiveProblem:
    pesan: str


def _mb(n: int, up: bool = False) -> str:
    """Whole MB: a size found rounded up, a limit rounded down, so that one past the limit
    never reads as equal to it."""
    return f"{angka(-(-n // (1 << 20)) if up else n // (1 << 20))} MB"


def archive_problem(path, name: str) -> str | None:
    """Why the XLSX archive at `path` must not be unpacked, or None; read from the zip's
    central directory only (the sizes it declares are what zipfile lets each part unpack
    to: a part that unpacks to more fails its check)."""
    count = _declared_members(path)
    if count is not None and count > MAX_MEMBERS:
        return (f"Berkas {name} berisi {angka(count)} bagian arsip; XLSX yang wajar berisi "
                f"paling banyak {angka(MAX_MEMBERS)}. Berkas ini tidak dibaca.")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # openpyxl says what is wrong with it
    if len(members) > MAX_MEMBERS:
        return (f"Berkas {name} berisi {angka(len(members))} bagian arsip; XLSX yang wajar berisi "
                f"paling banyak {angka(MAX_MEMBERS)}. Berkas ini tidak dibaca.")
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED_BYTES:
        return (f"Berkas {name} berisi {_mb(total, up=True)} data setelah dibuka (XLSX adalah arsip "
                f"zip); batasnya {_mb(MAX_UNPACKED_BYTES)}. Berkas ini tidak dibaca; bagi "
                "datanya menjadi beberapa berkas, atau simpan sebagai CSV.")
    for m in members:
        packed = max(m.compress_size, 1)
        if m.file_size > RATIO_FROM_BYTES and m.file_size > MAX_RATIO * packed:
            return (f"Bagian {m.filename} di berkas {name} memadat {angka(m.file_size // packed)} "
                    f"kali ({_mb(m.file_size, up=True)} menjadi {angka(m.compress_size)} bita); data "
                    f"lembar kerja yang sebenarnya memadat kurang dari {angka(MAX_RATIO)} kali. "
                    "Berkas ini tidak dibaca; simpan ulang dari Excel, atau sebagai CSV.")
        if (m.file_size > MAX_WHOLE_PART_BYTES and _read_whole(m.filename)):
            return (f"Bagian {m.filename} di berkas {name} berukuran {_mb(m.file_size, up=True)} setelah "
                    f"dibuka; bagian seperti ini biasanya beberapa ratus KB, batasnya "
                    f"{_mb(MAX_WHOLE_PART_BYTES)}. Berkas ini tidak dibaca.")
    return None


def _read_whole(member: str) -> bool:
    """Parts openpyxl reads into memory in one piece: every XML part but the sheets and the
    shared strings, which the reader streams (images and the like are never read)."""
    p = PurePosixPath(member)
    if p.suffix.lower() not in (".xml", ".rels", ".vml"):
        return False
    return not (member.startswith("xl/worksheets/") and p.parent.name == "worksheets"
                or p.name == "sharedStrings.xml")


def _declared_members(path) -> int | None:
    """The entry count of the end-of-central-directory record, read before zipfile turns
    every entry into an object."""
    try:
        with open(path, "rb") as f:
            end = zipfile._EndRecData(f)  # noqa: SLF001 - the one public-enough reader of it
    except (OSError, AttributeError, ValueError):
        return None
    if not end:
        return None
    return end[zipfile._ECD_ENTRIES_TOTAL]  # noqa: SLF001
