"""Import templates: each dataset's CSV and XLSX open, carry the dataset's columns and an
example row in the demo province, and the XLSX explains every column."""
from io import BytesIO
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from domain.codes import normalise_desa
from indicators.registry import IKS_CODES
from ingest.templates import SPECS, spec, template_csv, template_xlsx

TABLES = [name for name, s in SPECS.items() if s.columns]

CONTRACT_REQUIRED = {  # data-contract.md, "Datasets (import)"
    "wilayah": ["kode_provinsi", "nama_provinsi", "kode_kabupaten", "nama_kabupaten",
                "kode_puskesmas", "nama_puskesmas", "kode_desa", "nama_desa"],
    "keluarga": ["kode_desa", "id_keluarga", "tanggal_kunjungan", *IKS_CODES],
    "layanan": ["kode_desa", "tahun", "bulan", "indikator", "nilai"],
    "sasaran": ["kode_desa", "tahun", "sasaran", "jumlah"],
    "target": ["indikator", "tahun", "target_persen"],
    "kunjungan": ["kode_puskesmas", "tahun", "bulan", "tempat", "klaster", "kelompok_umur", "jenis_kelamin",
                  "disabilitas", "jumlah"],
}
CONTRACT_REQUIRED["morbiditas"] = ["kode_desa", "tahun", "bulan", "kode_icd", "nama_diagnosis", "kelompok_umur",
                                   "jenis_kelamin", "jumlah"]  # issue 13
CONTRACT_REQUIRED["keuangan"] = ["kode_puskesmas", "tahun", "bulan", "sumber_dana", "pagu", "realisasi"]  # issue 15
CONTRACT_REQUIRED["mutu"] = ["kode_puskesmas", "tahun", "bulan", "indikator", "pembilang", "penyebut"]  # issue 15
CONTRACT_REQUIRED["sdm"] = ["kode_puskesmas", "id_pegawai", "jenis_tenaga", "status_kepegawaian", "pendidikan",
                            "tanggal_mulai"]  # issue 15
CONTRACT_REQUIRED["obat"] = ["kode_puskesmas", "tahun", "bulan", "kode_obat", "nama_obat", "satuan", "stok_awal",
                             "penerimaan", "pemakaian", "sisa_stok"]  # issue 15
CONTRACT_REQUIRED["sarpras"] = ["kode_puskesmas", "tahun", "kode_item", "nama_item", "jumlah", "kondisi"]  # issue 15
CONTRACT_REQUIRED["kegiatan"] = ["kode_puskesmas", "tahun", "id_kegiatan", "nama_kegiatan", "klaster",
                                 "bulan_rencana", "terlaksana"]  # issue 15


def test_every_contract_dataset_has_a_template_except_batas():
    assert set(SPECS) == {"wilayah", "batas", "keluarga", "layanan", "sasaran", "target", "kunjungan",
                          "morbiditas", "keuangan", "mutu", "sdm", "obat", "sarpras", "kegiatan"}
    assert template_csv("batas") is None and template_xlsx("batas") is None
    with pytest.raises(KeyError, match="tidak dikenal"):
        template_csv("penduduk")


@pytest.mark.parametrize("dataset", TABLES)
def test_csv_header_is_the_dataset_columns_required_first(dataset):
    text = template_csv(dataset).decode("utf-8")
    header, example, *rest = text.splitlines()
    assert rest == []
    columns = [c.name for c in spec(dataset).columns]
    assert header.split(",") == columns
    required = [c.name for c in spec(dataset).columns if c.required]
    assert required == CONTRACT_REQUIRED[dataset] and columns[:len(required)] == required
    assert len(example.split(",")) == len(columns)


@pytest.mark.parametrize("dataset", TABLES)
def test_xlsx_opens_with_data_and_penjelasan(dataset):
    book = openpyxl.load_workbook(BytesIO(template_xlsx(dataset)))
    assert book.sheetnames == ["Data", "Penjelasan"]  # the import reads the first sheet
    columns = [c.name for c in spec(dataset).columns]
    assert [c.value for c in book["Data"][1]] == columns
    explained = [row[0] for row in book["Penjelasan"].iter_rows(min_row=2, max_row=len(columns) + 1,
                                                                   values_only=True)]
    assert explained == columns
    assert [c.value for c in book["Penjelasan"][1]] == ["kolom", "wajib/opsional", "arti",
                                                         "nilai yang diterima", "contoh"]


@pytest.mark.parametrize("dataset", TABLES)
def test_csv_and_xlsx_carry_the_same_example_in_the_demo_province(dataset):
    from_csv = pd.read_csv(BytesIO(template_csv(dataset)), dtype=str).iloc[0]
    from_xlsx = pd.read_excel(BytesIO(template_xlsx(dataset)), dtype=str).iloc[0]
    for name in from_csv.index:
        if name in ("tanggal_kunjungan", "tanggal_mulai"):
            assert from_xlsx[name].startswith(from_csv[name])  # a real Excel date in the XLSX
        else:
            assert from_xlsx[name] == from_csv[name], name
    if "kode_desa" in from_csv:
        assert normalise_desa(from_csv["kode_desa"]).startswith("99.")


def test_xlsx_keeps_codes_as_text_and_dates_as_dates():
    sheet = openpyxl.load_workbook(BytesIO(template_xlsx("keluarga")))["Data"]
    assert sheet["A2"].value == "99.01.01.2001" and sheet["A2"].number_format == "@"
    assert sheet["C2"].is_date


DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.parametrize("dataset", list(SPECS))
def test_each_dataset_has_a_docs_page_naming_every_column(dataset):
    page = (DOCS / f"data-{dataset}.md").read_text(encoding="utf-8")
    for column in spec(dataset).columns:
        assert f"`{column.name}`" in page, column.name
    assert "baris" in page or dataset == "batas"  # the common errors, in the importer's form


@pytest.mark.parametrize("dataset", TABLES)
def test_csv_template_in_docs_is_the_current_one(dataset):
    assert (DOCS / "templat" / f"{dataset}.csv").read_bytes() == template_csv(dataset)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_template_imports_as_it_is(engine, tmp_path, fmt):
    """The example rows are valid for the importer: wilayah first creates the demo desa and
    Puskesmas the other examples name; a second import of the same file changes nothing."""
    from ingest import import_file
    build = {"csv": template_csv, "xlsx": template_xlsx}[fmt]
    for dataset in ("wilayah", "keluarga", "layanan", "sasaran", "target", "kunjungan", "sdm"):
        path = tmp_path / f"templat-{dataset}.{fmt}"
        path.write_bytes(build(dataset))
        first = import_file(engine, dataset, path)
        assert first.ok and first.added == 1, (dataset, first.message)
        again = import_file(engine, dataset, path)
        assert again.ok and (again.added, again.changed, again.unchanged) == (0, 0, 1), dataset


# --- every registry code in the templates and the docs -----------------------------------

def test_code_columns_list_every_registry_code():
    from indicators.program import DESA_REGISTER_CODES, DESA_SASARAN_CODES, TARGET_CODES
    # layanan and sasaran carry the desa-level codes (the Puskesmas-level ones: keuangan, mutu …)
    for dataset, column, codes in (("layanan", "indikator", DESA_REGISTER_CODES),
                                   ("sasaran", "sasaran", DESA_SASARAN_CODES),
                                   ("target", "indikator", TARGET_CODES)):
        allowed = next(c.allowed for c in spec(dataset).columns if c.name == column)
        listed = [part.split(" (", 1)[0] for part in allowed.split("; ")]
        assert listed == list(codes), dataset


@pytest.mark.parametrize("dataset", ["layanan", "sasaran", "target"])
def test_xlsx_penjelasan_lists_every_code_with_its_meaning(dataset):
    from indicators.program import DESA_REGISTER_CODES, DESA_SASARAN_CODES, TARGET_CODES
    from ingest.templates import code_list
    codes = {"layanan": DESA_REGISTER_CODES, "sasaran": DESA_SASARAN_CODES, "target": TARGET_CODES}[dataset]
    title, rows = code_list(dataset)
    assert [r[0] for r in rows] == list(codes) and all(r[1] and r[2] for r in rows)
    sheet = openpyxl.load_workbook(BytesIO(template_xlsx(dataset)))["Penjelasan"]
    cells = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(cells) if row[0] == title)
    assert [row[0] for row in cells[start + 1:start + 1 + len(codes)]] == list(codes)


def test_code_list_says_which_sasaran_divides_which_indicator():
    from ingest.templates import code_list
    sasaran = {code: text for code, _, text in code_list("sasaran")[1]}
    assert "Penyebut indikator: k1, k6" in sasaran["bumil"]
    layanan = {code: text for code, _, text in code_list("layanan")[1]}
    assert "n_d (dikurangkan dari pembilang)" in layanan["balita_t"]
    assert "d_s (pembilang); n_d (pembilang dan penyebut); bb_kurang (penyebut)" in layanan["balita_d"]


@pytest.mark.parametrize("name", ["register", "sasaran", "indikator", "definisi", "target-lain", "kaskade",
                                  "kunjungan"])
def test_docs_code_tables_are_generated_from_the_registry(name):
    """The tables between <!-- kode:NAME --> markers are doc_tables()'s; after a registry
    change run `python -m ingest.templates` to rewrite them."""
    from ingest.templates import DOC_PAGES, doc_table_in, doc_tables
    page = (DOCS / DOC_PAGES[name]).read_text(encoding="utf-8")
    assert doc_table_in(page, name) == doc_tables()[name], \
        f"{DOC_PAGES[name]} kedaluwarsa: jalankan python -m ingest.templates"


def test_docs_name_every_registry_code():
    from indicators.program import (
        DESA_REGISTER_CODES,
        DESA_SASARAN_CODES,
        INDICATORS,
        KASKADES,
        TARGET_CODES,
    )
    pages = {name: (DOCS / name).read_text(encoding="utf-8")
             for name in ("data-layanan.md", "data-sasaran.md", "data-target.md", "ekspor.md")}
    # the desa-level codes (the Puskesmas-level ones belong to keuangan, mutu, obat, kegiatan)
    for code in DESA_REGISTER_CODES:
        assert f"`{code}`" in pages["data-layanan.md"], code
    for code in DESA_SASARAN_CODES:
        assert f"`{code}`" in pages["data-sasaran.md"], code
    for code in TARGET_CODES:
        assert f"`{code}`" in pages["data-target.md"], code
    for ind in INDICATORS:  # default target, definition and source of each indicator
        target = "—" if ind.target is None else f"{ind.target:g}%".replace(".", ",")
        assert f"| `{ind.code}` | {ind.label} |" in pages["data-target.md"] and target in pages["data-target.md"]
        assert ind.definition in pages["data-target.md"] and ind.source in pages["data-target.md"], ind.code
    for k in KASKADES:
        assert f"`{k.code}`" in pages["ekspor.md"] and " → ".join(f"`{s}`" for s in k.steps) in pages["ekspor.md"]


def test_refresh_docs_changes_nothing_in_an_up_to_date_copy(tmp_path):
    import shutil

    from ingest.templates import refresh_docs
    copy = tmp_path / "docs"
    shutil.copytree(DOCS, copy)
    assert refresh_docs(copy) == []
    page = copy / "data-sasaran.md"
    page.write_text(page.read_text(encoding="utf-8").replace("| `bumil` |", "| `bumil_lama` |"), encoding="utf-8")
    assert refresh_docs(copy) == [str(page)]
    assert "| `bumil` |" in page.read_text(encoding="utf-8")


def test_kunjungan_xlsx_lists_every_category_code():
    from domain.kategori import DISABILITAS, JENIS_KELAMIN, KELOMPOK_UMUR, KLASTER_KUNJUNGAN, TEMPAT
    from ingest.templates import code_list
    title, rows = code_list("kunjungan")
    expected = [*TEMPAT, *map(str, KLASTER_KUNJUNGAN), *KELOMPOK_UMUR, *JENIS_KELAMIN, *DISABILITAS]
    assert [r[0] for r in rows] == expected and all(r[1] and r[2] for r in rows)
    cells = list(openpyxl.load_workbook(BytesIO(template_xlsx("kunjungan")))["Penjelasan"].iter_rows(values_only=True))
    start = next(i for i, row in enumerate(cells) if row[0] == title)
    assert [str(row[0]) for row in cells[start + 1:start + 1 + len(expected)]] == expected
