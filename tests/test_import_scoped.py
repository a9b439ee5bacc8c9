"""Imports act for a user: a row outside their wilayah refuses the whole file, wilayah and batas
are for admins, a pembaca imports nothing; every attempt is logged with who made it, and the
upload page, the import log, the command line and the downloads all follow the same rule.
On SQLite and PostgreSQL, in tests/sample.py's province (Puskesmas P01: desa 99.01.01.2001
and .2002; P02: 99.01.02.2001; kabupaten 99.02: P03)."""
from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import func, select

import cli
from data_access import schema
from data_access.db import dispose_engines
from data_access.users import Event, add_user, audit_rows, update_user
from domain.access import OPERATOR, Role, Viewer
from domain.codes import Level
from domain.wilayah import Scope
from indicators.registry import IKS_CODES
from ingest import import_file, import_log
from layouts.ids import Unggah as U
from layouts.unggah_parts import LOG_COLUMNS
from tests import dash_client
from tests.auth_client import login

P01 = Scope(Level.PUSKESMAS, "P01")
P02 = Scope(Level.PUSKESMAS, "P02")
KAB_SATU = Scope(Level.KABUPATEN, "99.01")
PKM_A = Viewer("pkm-a", Role.PENGELOLA, P01)
LAYANAN_HEADER = "kode_desa,tahun,bulan,indikator,nilai\n"
# row 2 is P01's own desa, row 3 a desa of Puskesmas P02
MIXED_LAYANAN = LAYANAN_HEADER + "99.01.01.2001,2025,1,k1,4\n99.01.02.2001,2025,1,k1,7\n"
OWN_LAYANAN = LAYANAN_HEADER + "99.01.01.2001,2023,7,k1,4\n"  # a month no sample holds
OUTSIDE_ROW = ("baris 3, kolom kode_desa: desa 99.01.02.2001 berada di luar wilayah Anda; akun Anda "
               "hanya boleh mengimpor data desa di wilayahnya")


def stored(engine) -> dict[str, list]:
    with engine.connect() as conn:
        return {t.name: sorted(map(tuple, conn.execute(select(t)).all()), key=repr)
                for t in (schema.layanan, schema.kunjungan_keluarga, schema.desa, schema.target)}


def count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar()


def audits(engine, peristiwa: str):
    with engine.connect() as conn:
        return audit_rows(conn, Scope.everything(), peristiwa=peristiwa)


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- ingest --------------------------------------------------------------------------------

def test_a_puskesmas_pengelola_importing_a_row_of_another_puskesmas_is_refused_whole(loaded, tmp_path):
    before = stored(loaded)
    result = import_file(loaded, "layanan", write(tmp_path, "layanan.csv", MIXED_LAYANAN), viewer=PKM_A,
                         alamat="10.0.0.9")
    assert not result.ok
    assert [str(p) for p in result.problems] == [OUTSIDE_ROW]
    assert "Pkm B" not in result.message and "Desa B1" not in result.message  # no other area's name
    assert stored(loaded) == before
    with loaded.connect() as conn:
        log = import_log(conn, limit=1).iloc[0]
    assert (log["hasil"], log["pengguna"], log["tingkat_wilayah"], log["kode_wilayah"]) == (
        "ditolak", "pkm-a", "puskesmas", "P01")
    row = audits(loaded, Event.IMPOR_DITOLAK).iloc[0]
    assert (row["pengguna"], row["alamat"]) == ("pkm-a", "10.0.0.9")
    assert "layanan" in row["rincian"] and "layanan.csv" in row["rincian"] and "1 masalah" in row["rincian"]


def test_the_same_file_without_the_other_puskesmas_row_is_imported_and_audited(loaded, tmp_path):
    result = import_file(loaded, "layanan", write(tmp_path, "layanan.csv", OWN_LAYANAN), viewer=PKM_A)
    assert result.ok and result.added == 1
    row = audits(loaded, Event.IMPOR).iloc[0]
    assert row["pengguna"] == "pkm-a" and "1 baris" in row["rincian"]


def test_the_operator_still_imports_every_wilayah(loaded, tmp_path):
    result = import_file(loaded, "layanan", write(tmp_path, "layanan.csv", MIXED_LAYANAN))
    assert result.ok and result.added == 2


def test_a_family_stored_in_another_puskesmas_is_not_moved(loaded, tmp_path):
    # c1 was visited in 99.02.01.2001 (kabupaten 99.02); same key, now claimed for P01's desa
    header = "id_keluarga,tanggal_kunjungan,kode_desa," + ",".join(IKS_CODES) + "\n"
    text = header + "c1,2025-06-01,99.01.01.2001," + ",".join("Y" * 12) + "\n"
    before = stored(loaded)
    result = import_file(loaded, "keluarga", write(tmp_path, "k.csv", text), viewer=PKM_A)
    assert not result.ok
    assert [str(p) for p in result.problems] == [
        "baris 2, kolom id_keluarga: keluarga c1 sudah tercatat di desa di luar wilayah Anda; akun Anda "
        "hanya boleh mengimpor data desa di wilayahnya"]
    assert stored(loaded) == before


def test_a_scoped_target_must_name_an_area_inside_the_scope(loaded, tmp_path):
    text = "indikator,tahun,target_persen,kode_wilayah\nk6,2025,90,\nk6,2025,90,99.01\nk6,2025,90,P02\nk6,2025,90,P01\n"
    result = import_file(loaded, "target", write(tmp_path, "t.csv", text), viewer=PKM_A)
    shown = [str(p) for p in result.problems]
    assert [s.split(":")[0] for s in shown] == ["baris 2, kolom kode_wilayah", "baris 3, kolom kode_wilayah",
                                                "baris 4, kolom kode_wilayah"]
    assert "semua wilayah" in shown[0] and "luar wilayah Anda" in shown[1] and "luar wilayah Anda" in shown[2]
    assert count(loaded, schema.target) == 0
    kabupaten_admin = Viewer("adm-kab", Role.ADMIN, KAB_SATU)
    result = import_file(loaded, "target", write(tmp_path, "t2.csv", text.replace("k6,2025,90,\n", "")),
                         viewer=kabupaten_admin)
    assert result.ok and result.added == 3


WILAYAH_HEADER = ("kode_provinsi,nama_provinsi,kode_kabupaten,nama_kabupaten,kode_puskesmas,"
                  "nama_puskesmas,kode_desa,nama_desa\n")


def test_wilayah_is_refused_to_a_pengelola_and_kept_inside_a_scoped_admins_wilayah(loaded, tmp_path):
    text = (WILAYAH_HEADER + "99,Prov Uji,99.01,Kab Satu,P01,Pkm A,99.01.01.2009,Desa Baru\n"
            "99,Prov Uji,99.02,Kab Dua,P03,Pkm C,99.02.01.2009,Desa Lain\n")
    path = write(tmp_path, "w.csv", text)
    before = stored(loaded)
    refused = import_file(loaded, "wilayah", path, viewer=PKM_A)
    assert [str(p) for p in refused.problems] == ["Jenis data wilayah hanya boleh diimpor oleh admin."]
    admin = Viewer("adm-kab", Role.ADMIN, KAB_SATU)
    outside = import_file(loaded, "wilayah", path, viewer=admin)
    assert [str(p).split(":")[0] for p in outside.problems] == ["baris 3, kolom kode_kabupaten"]
    assert stored(loaded) == before
    # a desa of another kabupaten cannot be taken by writing it under one's own
    taken = WILAYAH_HEADER + "99,Prov Uji,99.01,Kab Satu,P01,Pkm A,99.02.01.2001,Desa C1\n"
    result = import_file(loaded, "wilayah", write(tmp_path, "w2.csv", taken), viewer=admin)
    assert not result.ok and stored(loaded) == before
    own = import_file(loaded, "wilayah", write(tmp_path, "w3.csv", text.splitlines()[0] + "\n"
                                                 + text.splitlines()[1] + "\n"), viewer=admin)
    assert own.ok and own.added == 1


def test_batas_only_for_a_national_admin_and_nothing_for_a_pembaca(loaded, tmp_path):
    path = write(tmp_path, "b.geojson", '{"type": "FeatureCollection", "features": []}')
    result = import_file(loaded, "batas", path, viewer=Viewer("adm-kab", Role.ADMIN, KAB_SATU))
    assert "admin tingkat nasional" in result.message
    pembaca = Viewer("baca", Role.PEMBACA, Scope.everything())
    result = import_file(loaded, "layanan", write(tmp_path, "l.csv", OWN_LAYANAN), viewer=pembaca)
    assert not result.ok and "tidak boleh mengimpor" in result.message
    assert count(loaded, schema.layanan) == 0


def test_the_import_log_shows_each_user_their_own_wilayahs_imports(loaded, tmp_path):
    import_file(loaded, "layanan", write(tmp_path, "a.csv", OWN_LAYANAN), viewer=PKM_A)
    other = Viewer("pkm-b", Role.PENGELOLA, P02)
    import_file(loaded, "layanan", write(tmp_path, "b.csv", LAYANAN_HEADER + "99.01.02.2001,2025,1,k1,7\n"),
                viewer=other)
    import_file(loaded, "layanan", write(tmp_path, "c.csv", OWN_LAYANAN))  # the operator
    with loaded.connect() as conn:
        assert import_log(conn, scope=P01)["nama_berkas"].tolist() == ["a.csv"]
        assert import_log(conn, scope=P02)["nama_berkas"].tolist() == ["b.csv"]
        assert sorted(import_log(conn, scope=KAB_SATU)["nama_berkas"]) == ["a.csv", "b.csv"]
        assert sorted(import_log(conn, scope=Scope.everything())["nama_berkas"]) == ["a.csv", "b.csv", "c.csv"]


# --- the upload page, through a signed-in client -----------------------------------------

def post(client, output: str, *values):
    deps = json.loads(client.get("/_dash-dependencies").get_data())
    dep = next(d for d in deps if output in d["output"])
    response = client.post("/_dash-update-component", json=dash_client.body(dep, list(values)))
    assert response.status_code in (200, 204), response.get_data(as_text=True)[:300]
    return json.loads(response.get_data() or b"{}").get("response", {})


def upload(client, text: str, name="layanan.csv", dataset="layanan"):
    import base64

    contents = "data:text/csv;base64," + base64.b64encode(text.encode()).decode()
    return post(client, f"{U.REPORT}.children", contents, name, dataset)


def signed_in(anonymous_client, loaded, nama, role, scope):
    return login(anonymous_client, loaded, nama, role, scope)


def national_admin(loaded):
    """A second client of the same app (and database), signed in as a national admin."""
    import app

    return login(app.server.test_client(), loaded, "admin-nasional", Role.ADMIN, Scope.everything())


def wait_for_job(engine, job: str) -> str:
    from ingest.jobs import job_status

    deadline = time.monotonic() + 120  # a process of its own runs it: a generous bound
    while time.monotonic() < deadline:
        status = job_status(engine, job)
        if status and status["status"] != "berjalan":
            return status["status"]
        time.sleep(0.05)
    raise AssertionError("the import did not finish")


def test_the_upload_page_refuses_a_file_with_another_puskesmas_row(anonymous_client, loaded):
    client = signed_in(anonymous_client, loaded, "pkm-a", Role.PENGELOLA, P01)
    before = stored(loaded)
    response = upload(client, MIXED_LAYANAN)
    assert OUTSIDE_ROW in json.dumps(response)
    assert response[U.PENDING]["data"] is None
    assert stored(loaded) == before
    with loaded.connect() as conn:
        log = import_log(conn, limit=1).iloc[0]
    assert (log["hasil"], log["pengguna"], log["kode_wilayah"]) == ("ditolak", "pkm-a", "P01")
    row = audits(loaded, Event.IMPOR_DITOLAK).iloc[0]
    assert row["pengguna"] == "pkm-a" and row["alamat"] == "127.0.0.1"


def test_a_pembaca_cannot_upload(anonymous_client, loaded, tmp_path):
    client = signed_in(anonymous_client, loaded, "baca", Role.PEMBACA, KAB_SATU)
    before = stored(loaded)
    response = upload(client, OWN_LAYANAN)
    assert "tidak boleh mengimpor" in json.dumps(response)
    assert response[U.PENDING]["data"] is None
    assert stored(loaded) == before
    assert not list((tmp_path / "unggahan").glob("*"))  # nothing kept on disk either
    refused = post(client, f"{U.JOB}.data", 1, {"token": "a" * 32, "suffix": ".csv", "dataset": "layanan"})
    assert "tidak boleh mengimpor" in json.dumps(refused) and "data" not in refused.get(U.JOB, {})


def test_only_an_admin_is_offered_wilayah_and_batas(anonymous_client, loaded):
    client = signed_in(anonymous_client, loaded, "pkm-a", Role.PENGELOLA, P01)
    offered = [o["value"] for o in post(client, f"{U.DATASET}.options", "keluarga")[U.DATASET]["options"]]
    assert "layanan" in offered and "wilayah" not in offered and "batas" not in offered
    admin = national_admin(loaded)
    offered = [o["value"] for o in post(admin, f"{U.DATASET}.options", "keluarga")[U.DATASET]["options"]]
    assert "wilayah" in offered and "batas" in offered
    response = upload(client, WILAYAH_HEADER + "99,Prov Uji,99.01,Kab Satu,P01,Pkm A,99.01.01.2009,X\n",
                      "w.csv", "wilayah")
    assert "hanya boleh diimpor oleh admin" in json.dumps(response)


def test_an_upload_is_confirmed_only_by_the_user_who_uploaded_it(anonymous_client, loaded):
    owner = signed_in(anonymous_client, loaded, "pkm-a", Role.PENGELOLA, P01)
    pending = upload(owner, OWN_LAYANAN)[U.PENDING]["data"]
    assert pending and pending["dataset"] == "layanan"
    before = count(loaded, schema.layanan)
    # another user, even a national admin: the token is not theirs
    refused = post(national_admin(loaded), f"{U.JOB}.data", 1, pending)
    assert "bukan milik akun Anda" in json.dumps(refused) and "data" not in refused.get(U.JOB, {})
    assert count(loaded, schema.layanan) == before
    accepted = post(owner, f"{U.JOB}.data", 1, pending)
    assert wait_for_job(loaded, accepted[U.JOB]["data"]) == "berhasil"
    assert count(loaded, schema.layanan) == before + 1
    with loaded.connect() as conn:
        assert import_log(conn, limit=1).iloc[0]["pengguna"] == "pkm-a"  # the thread acted for them


def test_confirming_while_the_same_dataset_imports_for_the_wilayah_is_refused_and_kept(anonymous_client, loaded,
                                                                                      tmp_path):
    """A second import of layanan for Puskesmas P01 while one runs: refused with the reason,
    the button stays enabled, and the upload can be confirmed once the first has ended."""
    from ingest.jobs import queue_import, run_job

    owner = signed_in(anonymous_client, loaded, "pkm-a", Role.PENGELOLA, P01)
    pending = upload(owner, OWN_LAYANAN)[U.PENDING]["data"]
    running = queue_import(loaded, "layanan", write(tmp_path, "lain.csv", OWN_LAYANAN), "lain.csv", viewer=PKM_A)
    before = count(loaded, schema.layanan)
    refused = post(owner, f"{U.JOB}.data", 1, pending)
    assert "data" not in refused.get(U.JOB, {})
    assert refused[U.CONFIRM]["disabled"] is False
    assert "Impor Register layanan bulanan untuk wilayah ini sedang berjalan (berkas lain.csv" in json.dumps(refused)
    assert run_job(loaded, running) == "berhasil"  # the first ends (here, in this process)
    accepted = post(owner, f"{U.JOB}.data", 1, pending)
    assert wait_for_job(loaded, accepted[U.JOB]["data"]) == "berhasil"
    assert count(loaded, schema.layanan) == before + 1


def test_the_page_says_a_queued_import_waits_and_a_dead_one_failed(anonymous_client, loaded, tmp_path):
    """The page's poll: a job no process has taken yet waits for a worker; one whose process
    is gone is shown gagal with the reason, and the poll stops."""
    import socket

    from sqlalchemy import update

    from ingest.jobs import queue_import

    owner = signed_in(anonymous_client, loaded, "pkm-a", Role.PENGELOLA, P01)
    job = queue_import(loaded, "layanan", tmp_path / "a.csv", "a.csv", viewer=PKM_A)
    waiting = post(owner, f"{U.LOG}.rowData", 1, job)
    assert "Menunggu worker menjalankan impor" in json.dumps(waiting)
    assert waiting[U.POLL]["disabled"] is False
    dead = 2 ** 22 + 1  # above Linux's default pid_max (32768 and 4194304): no such process
    with loaded.begin() as conn:
        conn.execute(update(schema.pekerjaan_impor).where(schema.pekerjaan_impor.c.id == job).values(
            pid=dead, host=socket.gethostname()[:255]))
    ended = post(owner, f"{U.LOG}.rowData", 2, job)
    assert "Impor gagal: proses impor berhenti sebelum selesai; tidak ada data yang diubah." in json.dumps(ended)
    assert ended[U.POLL]["disabled"] is True


def test_the_page_log_hides_another_puskesmas_imports(anonymous_client, loaded, tmp_path):
    import_file(loaded, "layanan", write(tmp_path, "pkm-b.csv", LAYANAN_HEADER + "99.01.02.2001,2025,1,k1,7\n"),
                viewer=Viewer("pkm-b", Role.PENGELOLA, P02))
    import_file(loaded, "layanan", write(tmp_path, "pkm-a.csv", OWN_LAYANAN), viewer=PKM_A)
    client = signed_in(anonymous_client, loaded, "pkm-a", Role.PENGELOLA, P01)
    mine = post(client, f"{U.LOG}.rowData", 0, None)[U.LOG]
    assert [r["nama_berkas"] for r in mine["rowData"]] == ["pkm-a.csv"]
    # the log's columns, as the page's grid shows them (dashboards/unggah.py)
    assert [c["headerName"] for c in LOG_COLUMNS] == ["No.", "Waktu", "Jenis data", "Berkas", "Pengguna",
                                                      "Baris", "Ditambah", "Diubah", "Tetap", "Hasil", "Pesan"]
    assert set(mine["rowData"][0]) == {c["field"] for c in LOG_COLUMNS}
    national = post(national_admin(loaded), f"{U.LOG}.rowData", 0, None)[U.LOG]
    assert sorted(r["nama_berkas"] for r in national["rowData"]) == ["pkm-a.csv", "pkm-b.csv"]


# --- the command line ----------------------------------------------------------------------

@pytest.fixture
def run_cli(loaded, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", loaded.url.render_as_string(hide_password=False))
    dispose_engines()

    def run(*argv):
        status = cli.main(list(argv))
        out = capsys.readouterr()
        return status, out.out, out.err

    yield run
    dispose_engines()


def test_cli_import_as_a_puskesmas_user_refuses_another_puskesmas_row(run_cli, loaded, tmp_path):
    with loaded.begin() as conn:
        add_user(conn, "pkm-a", "sandi-uji-panjang", Role.PENGELOLA, P01)
    before = stored(loaded)
    status, _, err = run_cli("import", "layanan", str(write(tmp_path, "l.csv", MIXED_LAYANAN)),
                             "--pengguna", "pkm-a")
    assert status == 1 and OUTSIDE_ROW in err
    assert stored(loaded) == before
    row = audits(loaded, Event.IMPOR_DITOLAK).iloc[0]
    assert (row["pengguna"], row["alamat"]) == ("pkm-a", "cli")


def test_cli_refuses_an_unknown_or_inactive_user(run_cli, loaded, tmp_path):
    with loaded.begin() as conn:
        add_user(conn, "pergi", "sandi-uji-panjang", Role.ADMIN, Scope.everything())
        update_user(conn, "pergi", aktif=False)
    path = str(write(tmp_path, "l.csv", OWN_LAYANAN))
    for name in ("tidak-ada", "pergi"):
        status, _, err = run_cli("import", "layanan", path, "--pengguna", name)
        assert status == 2 and "tidak ada atau tidak aktif" in err
        status, _, err = run_cli("export", "iks", "--tahun", "2024", "--tingkat", "desa", "--pengguna", name,
                                 "--out", str(tmp_path / "x.csv"))
        assert status == 2 and "tidak ada atau tidak aktif" in err
    assert count(loaded, schema.layanan) == 0 and not (tmp_path / "x.csv").exists()


def test_cli_export_as_a_user_writes_only_their_wilayahs_rows(run_cli, loaded, tmp_path):
    import pandas as pd

    with loaded.begin() as conn:
        add_user(conn, "pkm-a", "sandi-uji-panjang", Role.PEMBACA, P01)
    out = tmp_path / "iks.csv"
    status, _, _ = run_cli("export", "iks", "--tahun", "2025", "--tingkat", "desa", "--out", str(out))
    assert status == 0
    everything = pd.read_csv(out, dtype={"kode": str})["kode"].tolist()
    assert "99.02.01.2001" in everything and "99.01.02.2001" in everything
    status, _, _ = run_cli("export", "iks", "--tahun", "2025", "--tingkat", "desa", "--pengguna", "pkm-a",
                           "--out", str(out))
    assert status == 0
    assert pd.read_csv(out, dtype={"kode": str})["kode"].tolist() == ["99.01.01.2001", "99.01.01.2002"]
    status, _, err = run_cli("export", "iks", "--tahun", "2025", "--tingkat", "desa", "--pengguna", "pkm-a",
                             "--wilayah", "99.02", "--out", str(out))
    assert status == 1 and "Kab Dua" not in err
    rows = audits(loaded, Event.EKSPOR)
    assert rows["pengguna"].tolist() == ["pkm-a", "operator"] and set(rows["alamat"]) == {"cli"}
    assert "iks" in rows.iloc[0]["rincian"] and "2 baris" in rows.iloc[0]["rincian"]


# --- page downloads ------------------------------------------------------------------------

def test_an_iks_page_download_is_audited(use_db, loaded):
    import callbacks.iks_download as cb

    use_db(cb)
    sent = cb.table_file({"level": "puskesmas", "kode": "P01", "tahun": 2024}, "csv")
    assert sent["filename"].endswith(".csv")
    row = audits(loaded, Event.UNDUH).iloc[0]
    assert row["pengguna"] == OPERATOR.label and "IKS" in row["rincian"] and "P01" in row["rincian"]


def test_a_pws_page_download_is_audited_with_the_clients_address(app_client, loaded):
    from layouts.ids import Pws as P

    deps = json.loads(app_client.get("/_dash-dependencies").get_data())
    dep = next(d for d in deps if P.DOWNLOAD in d["output"] and "data" in d["output"])
    page_info = {"page": "klaster-2"}
    body = dash_client.body(dep, [1, None, {"level": "kabupaten", "kode": "99.01", "tahun": 2025},
                                  None, page_info],
                            match={"page": "klaster-2"})
    response = app_client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    row = audits(loaded, Event.UNDUH).iloc[0]
    assert (row["pengguna"], row["alamat"]) == ("penguji", "127.0.0.1")
    assert "PWS" in row["rincian"] and "99.01" in row["rincian"]
