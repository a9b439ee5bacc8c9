"""An upload is saved under a random token name: every message about the file names the
file the user chose, never that token."""
from __future__ import annotations

import base64
import re
import uuid

import pytest

from ingest.reading import FileProblem, open_table
from ingest.specs import DATASETS

USER_NAME = "register Mei.csv"
TOKEN = re.compile(r"[0-9a-f]{32}")


def all_text(component) -> str:
    """The text of a Dash component tree."""
    if component is None:
        return ""
    if isinstance(component, (str, int, float)):
        return str(component)
    if isinstance(component, (list, tuple)):
        return " ".join(all_text(c) for c in component)
    return all_text(getattr(component, "children", None))


def test_text_that_is_not_utf8_after_the_first_block_names_the_users_file(tmp_path):
    token = tmp_path / f"{uuid.uuid4().hex}.csv"
    good = "99.01.01.2001,2025,1,k1,4\n" * 4000  # past the 64 KiB read to find the header
    token.write_bytes(b"kode_desa,tahun,bulan,indikator,nilai\n" + good.encode() + b"99.01.01.2001,2025,2,k\xe9,4\n")
    table = open_table(token, DATASETS["layanan"], USER_NAME)
    with pytest.raises(FileProblem) as info:
        for _ in table.chunks(1000):
            pass
    message = str(info.value.problems[0])
    assert USER_NAME in message and not TOKEN.search(message), message


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_a_rejected_upload_names_the_users_file_not_the_token(use_db, monkeypatch, tmp_path):
    from callbacks import unggah

    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    use_db(unggah)
    report, _preview, disabled, pending = unggah.check_upload("data:text/csv;base64,", USER_NAME, "keluarga")
    text = all_text(report)
    assert disabled and pending is None
    assert f"Berkas {USER_NAME} kosong" in text, text
    assert not TOKEN.search(text), text
    empty = base64.b64encode(b"\xef\xbb\xbf\n").decode()
    text = all_text(unggah.check_upload(f"data:text/csv;base64,{empty}", USER_NAME, "keluarga")[0])
    assert f"Berkas {USER_NAME} kosong" in text and not TOKEN.search(text), text
