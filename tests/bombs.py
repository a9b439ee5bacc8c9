"""Hostile XLSX files for the reader's limits, written as zip archives by hand (a workbook
built by openpyxl would hold the payload in memory). Small ones for the tests; run as a
script for the full-size ones the issue describes, to measure a real import:

    python -m tests.bombs /tmp/bombs   # then: /usr/bin/time -v python cli.py import layanan /tmp/bombs/...
"""
from __future__ import annotations

import os
import sys
import zipfile
from pathlib import Path

HEADER = ("kode_desa", "tahun", "bulan", "indikator", "nilai")
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_SML = "application/vnd.openxmlformats-officedocument.spreadsheetml"

_CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="{_CT}">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{_SML}.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_SML}.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="{_SML}.sharedStrings+xml"/>
</Types>"""
_ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{_PKG}">
<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
_WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8"?>
<workbook {_NS} xmlns:r="{_REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""
_WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{_PKG}">
<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""
_BLOCK = 1 << 20


def _inline(text: str) -> str:
    return f'<c t="inlineStr"><is><t>{text}</t></is></c>'


def _row(number: int, cells) -> bytes:
    return f'<row r="{number}">{"".join(cells)}</row>'.encode()


def _header_row() -> bytes:
    return _row(1, (_inline(h) for h in HEADER))


def _data_row(number: int, indikator: str = "k1") -> bytes:
    return _row(number, [_inline("99.01.01.2001"), "<c><v>2025</v></c>", "<c><v>1</v></c>",
                         _inline(indikator), f"<c><v>{number % 50}</v></c>"])


def write_xlsx(path: Path, rows=(), strings=(), extra: dict | None = None) -> Path:
    """A minimal workbook: `rows` (bytes of <row> elements, or an iterable of such chunks)
    after an inline-string header row, `strings` the shared strings (each bytes of <si>
    content, or an iterable of chunks), `extra` more members {name: iterable of bytes}."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _ROOT_RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with zf.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<sst {_NS}>'.encode())
            for s in strings:
                f.write(b"<si><t>")
                for part in ([s] if isinstance(s, bytes) else s):
                    f.write(part)
                f.write(b"</t></si>")
            f.write(b"</sst>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet {_NS}><sheetData>'.encode())
            f.write(_header_row())
            for part in rows:
                f.write(part)
            f.write(b"</sheetData></worksheet>")
        for name, parts in (extra or {}).items():
            with zf.open(name, "w", force_zip64=True) as f:
                for part in parts:
                    f.write(part)
    return path


def repeated(byte: bytes, total: int):
    """`total` bytes of `byte`, a block at a time (never held whole)."""
    block = byte * _BLOCK
    while total > 0:
        yield block[:total]
        total -= _BLOCK


_ACGT = bytes(b"ACGT"[i % 4] for i in range(256))


def random_letters(total: int):
    """`total` random letters A, C, G, T, a block at a time: they pack only about 4:1, so a
    cell of them passes the archive checks and reaches the reader."""
    while total > 0:
        yield os.urandom(min(total, _BLOCK)).translate(_ACGT)
        total -= _BLOCK


def declared_size_bomb(path: Path, size: int) -> Path:
    """A valid two-row sheet and a member (the theme, which openpyxl reads whole) of `size`
    bytes of spaces inside an XML comment: tiny on disk, huge once unpacked."""
    theme = [b"<!--", *repeated(b" ", size), b"-->"]
    return write_xlsx(path, [_data_row(2)], extra={"xl/theme/theme1.xml": theme})


def long_string_bomb(path: Path, length: int, inline: bool = False, dense: bool = False) -> Path:
    """One data row whose indikator cell holds `length` letters, as a shared string or inline;
    `dense`: random letters (a big file that unpacks only 4:1) instead of one letter repeated."""
    letters = random_letters if dense else (lambda n: repeated(b"A", n))
    if inline:
        cells = [_inline("99.01.01.2001"), "<c><v>2025</v></c>", "<c><v>1</v></c>",
                 '<c t="inlineStr"><is><t>', "</t></is></c>", "<c><v>4</v></c>"]
        head = _row(2, cells[:4]).removesuffix(b"</row>")
        tail = "".join(cells[4:]).encode() + b"</row>"
        return write_xlsx(path, [head, *letters(length), tail])
    row = _row(2, [_inline("99.01.01.2001"), "<c><v>2025</v></c>", "<c><v>1</v></c>",
                   '<c t="s"><v>0</v></c>', "<c><v>4</v></c>"])
    return write_xlsx(path, [row], strings=[letters(length)])


def many_rows(path: Path, n: int) -> Path:
    """`n` inline-string data rows (numbered 2 … n + 1)."""
    def rows():
        batch = []
        for number in range(2, n + 2):
            batch.append(_data_row(number))
            if len(batch) == 10_000:
                yield b"".join(batch)
                batch = []
        yield b"".join(batch)
    return write_xlsx(path, rows())


def far_row(path: Path, number: int) -> Path:
    """One data row numbered `number`: a reader that fills the gap makes `number` rows."""
    return write_xlsx(path, [_data_row(2), _data_row(number)])


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/bombs")
    out.mkdir(parents=True, exist_ok=True)
    for made in (declared_size_bomb(out / "unpacks-to-1gb.xlsx", 1 << 30),
                 long_string_bomb(out / "string-300mb.xlsx", 300 << 20),
                 long_string_bomb(out / "inline-string-300mb.xlsx", 300 << 20, inline=True),
                 long_string_bomb(out / "dense-string-100mb.xlsx", 100 << 20, dense=True),
                 long_string_bomb(out / "dense-inline-100mb.xlsx", 100 << 20, inline=True, dense=True),
                 many_rows(out / "inline-1m-rows.xlsx", 1_000_000),
                 far_row(out / "row-1e9.xlsx", 1_000_000_000)):
        print(made, made.stat().st_size)
