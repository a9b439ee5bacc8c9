"""Template files for each import dataset (data-contract.md): the header and one example row
as CSV, and as XLSX with a second sheet "Penjelasan" explaining every column and listing
every code the dataset accepts. Built in memory from the import engine's own column specs
(ingest.DATASETS) and the program registry (indicators.program), so a template
always shows what the import accepts; the upload page and docs/templat hand them out.

The code tables of docs/data-*.md and docs/ekspor.md are generated here too (doc_tables);
`python -m ingest.templates` rewrites them and docs/templat/*.csv after a registry change.
"""
from __future__ import annotations

import csv
import io
import re
import sys
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from domain.kategori import (
    DALAM_GEDUNG,
    DISABILITAS,
    JENIS_KELAMIN,
    KELOMPOK_UMUR,
    KLASTER_KUNJUNGAN,
    SIKLUS_OF,
    TEMPAT,
)
from indicators.program import (
    INDICATORS,
    KASKADES,
    REGISTERS,
    SASARAN,
    SASARAN_BY_CODE,
    Accumulation,
    Indicator,
)
from indicators.registry import IKS_INDICATORS
from ingest import DATASETS, ColumnSpec, DatasetSpec

SPECS: dict[str, DatasetSpec] = DATASETS


def spec(dataset: str) -> DatasetSpec:
    if dataset not in SPECS:
        raise KeyError(f"Jenis data '{dataset}' tidak dikenal; pilih: {', '.join(SPECS)}.")
    return SPECS[dataset]


def _csv_value(column: ColumnSpec) -> str:
    value = column.example
    return value.isoformat() if isinstance(value, date) else str(value)


def template_csv(dataset: str) -> bytes | None:
    """Header and one example row, UTF-8, comma-separated; None for `batas` (a map file)."""
    s = spec(dataset)
    if not s.columns:
        return None
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.name for c in s.columns])
    writer.writerow([_csv_value(c) for c in s.columns])
    return out.getvalue().encode("utf-8")


_FORMATS = {"kode": "@", "tanggal": "yyyy-mm-dd", "bulat": "0", "angka": "General", "teks": "@",
            "ytn": "@"}


def template_xlsx(dataset: str) -> bytes | None:
    """Sheet "Data" (the one the import reads: header and one example row, code columns
    formatted as text so Excel keeps dots and leading zeros) and sheet "Penjelasan";
    None for `batas`."""
    s = spec(dataset)
    if not s.columns:
        return None
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="F2F2F2")
    wb = Workbook()
    data = wb.active
    data.title = "Data"
    for i, column in enumerate(s.columns, start=1):
        letter = get_column_letter(i)
        if _FORMATS.get(column.kind) == "@":
            data.column_dimensions[letter].number_format = "@"  # typed codes stay text
        data.column_dimensions[letter].width = max(len(column.name) + 3, len(str(column.example)) + 3, 10)
        head = data.cell(row=1, column=i, value=column.name)
        head.font, head.fill = bold, fill
        cell = data.cell(row=2, column=i, value=column.example)
        cell.number_format = _FORMATS.get(column.kind, "General")
    data.freeze_panes = "A2"

    notes = wb.create_sheet("Penjelasan")
    header = ("kolom", "wajib/opsional", "arti", "nilai yang diterima", "contoh")
    notes.append(header)
    for column in s.columns:
        example = column.example.isoformat() if isinstance(column.example, date) else str(column.example)
        notes.append((column.name, "wajib" if column.required else "opsional",
                      column.description, column.allowed, example))
    notes.append(())
    for line in ((f"Kunci alami: {', '.join(s.natural_key)}. Baris dengan kunci yang sudah ada "
                  "menggantikan nilai lama; mengimpor berkas yang sama dua kali tidak mengubah apa pun."),
                 s.note,
                 ("Baris contoh di lembar Data memakai kode fiktif (provinsi 99): hapus atau timpa "
                  "sebelum mengisi data Anda. Nama kolom seperti di baris judul (huruf besar dan spasi "
                  "tidak masalah)."),
                 ("Impor: python cli.py import " + s.name + " BERKAS.xlsx (lembar pertama dibaca). "
                  "Penjelasan lengkap: docs/data-" + s.name + ".md")):
        if line:
            notes.append((line,))
    codes = code_list(dataset)
    if codes:  # every code the dataset's code column accepts, one per row
        title, rows = codes
        notes.append(())
        notes.append((title, "nama", "arti"))
        for cell in notes[notes.max_row]:
            cell.font = bold
        for code, label, meaning in rows:
            notes.append((code, label, meaning))
            for cell in notes[notes.max_row]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in notes[1]:
        cell.font, cell.fill = bold, fill
    for letter, width in zip("ABCDE", (26, 15, 60, 50, 22)):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=2, max_row=len(s.columns) + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    notes.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- the codes each dataset accepts, from the registry ---------------------------------------

def _plain(text: str) -> str:
    return text.replace("`", "")


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:g}%".replace(".", ",")


def register_uses(code: str) -> str:
    """Where a register code is read: the indicators (as numerator, subtracted, denominator)
    and the cascades (step n)."""
    parts = []
    for ind in INDICATORS:
        roles = [role for role, hit in (("pembilang", code in ind.numerator),
                                        ("dikurangkan dari pembilang", code in ind.minus),
                                        ("penyebut", ind.denominator == code)) if hit]
        if roles:
            parts.append(f"`{ind.code}` ({' dan '.join(roles)})")
    for k in KASKADES:
        if code in k.steps:
            parts.append(f"kaskade `{k.code}` langkah {k.steps.index(code) + 1}")
    return "; ".join(parts) or "—"


def sasaran_uses(code: str) -> tuple[str, str]:
    """(indicators this sasaran divides, cascades that show it)."""
    divides = ", ".join(f"`{i.code}`" for i in INDICATORS if i.denominator == code) or "—"
    shown = ", ".join(f"`{k.code}`" for k in KASKADES if k.sasaran == code) or "—"
    return divides, shown


def numerator_text(ind: Indicator) -> str:
    return " + ".join(f"`{c}`" for c in ind.numerator) + "".join(f" − `{c}`" for c in ind.minus)


def denominator_text(ind: Indicator) -> str:
    if ind.denominator is None:
        return "—"
    if ind.by_sasaran:
        return f"sasaran `{ind.denominator}` setahun"
    return f"register `{ind.denominator}` bulan itu"


_PERIOD_TEXT = {
    Accumulation.BULANAN: "per bulan (nilai bulan itu; target rata)",
    Accumulation.ALIRAN: "kumulatif Januari s.d. bulan (jumlah ÷ jumlah penyebut; target rata)",
    Accumulation.KUMULATIF: "kumulatif Januari s.d. bulan (target × bulan / 12)",
}


def period_text(ind: Indicator) -> str:
    return _PERIOD_TEXT[ind.accumulation]


def direction_text(ind: Indicator) -> str:
    return "makin tinggi makin baik" if ind.higher_is_better else "makin rendah makin baik"


def code_list(dataset: str) -> tuple[str, list[tuple[str, str, str]]] | None:
    """(title, [(code, name, meaning)]) of the codes a dataset's code column accepts, for the
    XLSX template; None for datasets without one."""
    if dataset == "layanan":
        return ("Kode kolom indikator (register layanan)",
                [(r.code, r.label, f"{r.definition}. Dipakai oleh: {_plain(register_uses(r.code))}")
                 for r in REGISTERS if r.level == "desa"])
    if dataset == "sasaran":
        rows = []
        for sas in (s for s in SASARAN if s.level == "desa"):
            divides, shown = sasaran_uses(sas.code)
            text = f"{sas.definition}. Penyebut indikator: {_plain(divides)}"
            if shown != "—":
                text += f"; ditampilkan di kaskade {_plain(shown)}"
            rows.append((sas.code, sas.label, text))
        return "Kode kolom sasaran", rows
    if dataset == "target":
        rows = [(i.code, i.label, (f"target bawaan {_percent(i.target)}, {direction_text(i)}; "
                                   f"{_plain(numerator_text(i))} ÷ {_plain(denominator_text(i))}"))
                for i in INDICATORS]
        rows.append(("iks", "IKS wilayah", "keluarga sehat / keluarga dengan IKS; tanpa target bawaan"))
        rows += [(i.code, i.label, f"cakupan indikator keluarga no. {i.nomor}; tanpa target bawaan")
                 for i in IKS_INDICATORS]
        return "Kode kolom indikator (target)", rows
    if dataset == "kunjungan":
        return "Kode kolom tempat, klaster, kelompok_umur, jenis_kelamin, disabilitas", kunjungan_codes()
    if dataset == "morbiditas":
        from domain.kategori import KELOMPOK_UMUR, SIKLUS_OF

        return ("Kode kolom kelompok_umur", [(code, label, f"siklus hidup di dasbor: {SIKLUS_OF[code]}")
                                             for code, label in KELOMPOK_UMUR.items()])
    if dataset == "sdm":
        return "Kode kolom jenis_tenaga, status_kepegawaian, pendidikan", sdm_codes()
    return None


def sdm_codes() -> list[tuple[str, str, str]]:
    """(code, name, meaning) of the codes of the sdm dataset (indicators/k1_sdm.py)."""
    from indicators.k1_sdm import JENIS, PENDIDIKAN, STATUS

    rows = [(j.code, j.label, "kolom jenis_tenaga; " + ("jenis tenaga minimal Puskesmas (Permenkes 43/2019)"
                                                        if j.minimal else "jenis tenaga lain")
             + (f"; juga dikenali: {', '.join(j.alias)}" if j.alias else "")) for j in JENIS]
    rows += [(s.code, s.label, "kolom status_kepegawaian" + (f"; juga dikenali: {', '.join(s.alias)}"
                                                             if s.alias else "")) for s in STATUS]
    rows += [(p.code, p.label, "kolom pendidikan" + (f"; juga dikenali: {', '.join(p.alias)}" if p.alias else ""))
             for p in PENDIDIKAN]
    return rows


def kunjungan_codes() -> list[tuple[str, str, str]]:
    """(code, name, meaning) of every category of the kunjungan dataset (domain/kategori.py)."""
    rows = [(t, label, "kolom tempat; " + ("dalam gedung" if t in DALAM_GEDUNG else "luar gedung"))
            for t, label in TEMPAT.items()]
    rows += [(str(k), label, "kolom klaster") for k, label in KLASTER_KUNJUNGAN.items()]
    rows += [(u, label, f"kolom kelompok_umur; kelompok siklus hidup: {SIKLUS_OF[u]}")
             for u, label in KELOMPOK_UMUR.items()]
    rows += [(j, label, "kolom jenis_kelamin") for j, label in JENIS_KELAMIN.items()]
    rows += [(d, label, "kolom disabilitas") for d, label in DISABILITAS.items()]
    return rows


# --- code tables of the docs ---------------------------------------------------------------

def _md(header: tuple[str, ...], rows) -> str:
    def cell(value) -> str:
        return str(value).replace("|", "\\|")
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def doc_tables() -> dict[str, str]:
    """Markdown tables of every registry code, by name; each stands in one docs page between
    `<!-- kode:NAME -->` and `<!-- /kode:NAME -->` (DOC_PAGES)."""
    return {
        "register": _md(("kode", "nama", "arti (satu layanan yang dihitung)", "klaster", "dipakai oleh"),
                        ((f"`{r.code}`", r.label, r.definition, r.klaster, register_uses(r.code))
                         for r in REGISTERS if r.level == "desa")),
        "sasaran": _md(("kode", "nama", "arti", "penyebut indikator", "kaskade"),
                       ((f"`{s.code}`", s.label, s.definition, *sasaran_uses(s.code))
                        for s in SASARAN if s.level == "desa")),
        "indikator": _md(("kode", "indikator", "pembilang", "penyebut", "target bawaan", "arah", "periode"),
                         ((f"`{i.code}`", i.label, numerator_text(i), denominator_text(i),
                           _percent(i.target), direction_text(i), period_text(i)) for i in INDICATORS)),
        "definisi": _md(("kode", "definisi", "sumber"),
                        ((f"`{i.code}`", i.definition, i.source) for i in INDICATORS)),
        "target-lain": _md(("kode", "arti", "target bawaan"),
                           [("`iks`", "IKS wilayah: keluarga sehat / keluarga dengan IKS", "—"),
                            *((f"`{i.code}`", f"cakupan indikator keluarga no. {i.nomor}: {i.definition}",
                               "—") for i in IKS_INDICATORS)]),
        "kunjungan": _md(("kode", "nama", "arti"), ((f"`{c}`", label, meaning)
                                                    for c, label, meaning in kunjungan_codes())),
        "sdm": _md(("kode", "nama", "arti"), ((f"`{c}`", label, meaning) for c, label, meaning in sdm_codes())),
        "kaskade": _md(("`--indikator`", "kaskade", "kolom langkah, berurutan", "kolom sasaran"),
                       ((f"`{k.code}`", k.label, " → ".join(f"`{s}`" for s in k.steps),
                         f"`{k.sasaran}` ({SASARAN_BY_CODE[k.sasaran].label})" if k.sasaran else "—")
                        for k in KASKADES)),
    }


DOC_PAGES = {"register": "data-layanan.md", "sasaran": "data-sasaran.md", "indikator": "data-target.md",
             "definisi": "data-target.md", "target-lain": "data-target.md", "kaskade": "ekspor.md",
             "kunjungan": "data-kunjungan.md", "sdm": "data-sdm.md"}
DOCS = Path(__file__).resolve().parents[1] / "docs"


def _between(name: str) -> re.Pattern:
    return re.compile(rf"(<!-- kode:{re.escape(name)} -->\n)(.*?)(<!-- /kode:{re.escape(name)} -->)", re.DOTALL)


def doc_table_in(text: str, name: str) -> str | None:
    """The table a docs page holds between the markers of `name`; None without markers."""
    found = _between(name).search(text)
    return None if found is None else found.group(2)


def refresh_docs(folder: Path = DOCS) -> list[str]:
    """Rewrite the generated tables of the docs pages and the CSV templates in `folder`;
    returns the files changed."""
    changed = []
    tables = doc_tables()
    for page in sorted(set(DOC_PAGES.values())):
        path = folder / page
        text = before = path.read_text(encoding="utf-8")
        for name, table in tables.items():
            if DOC_PAGES[name] == page:
                if doc_table_in(text, name) is None:
                    raise ValueError(f"{page}: penanda <!-- kode:{name} --> tidak ada")
                text = _between(name).sub(lambda m, t=table: m.group(1) + t + m.group(3), text)
        if text != before:
            path.write_text(text, encoding="utf-8")
            changed.append(str(path))
    for dataset, s in SPECS.items():
        if s.columns:
            path = folder / "templat" / f"{dataset}.csv"
            data = template_csv(dataset)
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)
                changed.append(str(path))
    return changed


if __name__ == "__main__":
    for name in refresh_docs():
        print(f"diperbarui: {name}")
    sys.exit(0)
