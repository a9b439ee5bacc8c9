"""Import templates: each dataset's CSV and XLSX open, carry the dataset's columns and an
example row in the demo province, and the XLSX explains every column."""
from io import BytesIO
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from data_access.codes import normalise_desa
from data_access.templates import SPECS, spec, template_csv, template_xlsx
from indicators.registry import IKS_CODES

TABLES = [name for name, s in SPECS.items() if s.columns]

CONTRACT_REQUIRED = {  # data-contract.md, "Datasets (import)"
    "wilayah": ["kode_provinsi", "nama_provinsi", "kode_kabupaten", "nama_kabupaten",
                "kode_puskesmas", "nama_puskesmas", "kode_desa", "nama_desa"],
    "keluarga": ["kode_desa", "id_keluarga", "tanggal_kunjungan", *IKS_CODES],
    "layanan": ["kode_desa", "tahun", "bulan", "indikator", "nilai"],
    "sasaran": ["kode_desa", "tahun", "sasaran", "jumlah"],
    "target": ["indikator", "tahun", "target_persen"],
}


def test_every_contract_dataset_has_a_template_except_batas():
    assert set(SPECS) == {"wilayah", "batas", "keluarga", "layanan", "sasaran", "target"}
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
        if name == "tanggal_kunjungan":
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
    from data_access.imports import import_file
    build = {"csv": template_csv, "xlsx": template_xlsx}[fmt]
    for dataset in ("wilayah", "keluarga", "layanan", "sasaran", "target"):
        path = tmp_path / f"templat-{dataset}.{fmt}"
        path.write_bytes(build(dataset))
        first = import_file(engine, dataset, path)
        assert first.ok and first.added == 1, (dataset, first.message)
        again = import_file(engine, dataset, path)
        assert again.ok and (again.added, again.changed, again.unchanged) == (0, 0, 1), dataset
