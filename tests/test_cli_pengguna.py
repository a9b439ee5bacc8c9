"""`python cli.py pengguna …` on a database with real data and no user yet, on both dialects:
the first admin is made here; every change is audited, never with the password."""
from __future__ import annotations

import io
from datetime import timedelta

from sqlalchemy import select

from cli import main
from data_access import schema
from data_access.users import Event, audit_rows, authenticate, find_user, new_session, session_user
from domain.access import Role
from domain.codes import Level
from domain.wilayah import Scope

SANDI = "kata-sandi-pertama"


def run(monkeypatch, capsys, engine, *argv: str, stdin: str | None = None) -> tuple[int, str, str]:
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["pengguna", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def audit_of(engine) -> list[str]:
    with engine.connect() as conn:
        rows = audit_rows(conn, Scope.everything(), peristiwa=Event.PENGGUNA)
    assert set(rows["alamat"]) <= {"cli"} and set(rows["pengguna"]) <= {"operator"}
    return list(rows["rincian"])


def stored_hash(engine, nama: str) -> str:
    with engine.connect() as conn:
        return conn.execute(select(schema.pengguna.c.sandi_hash).where(schema.pengguna.c.nama == nama)).scalar()


def test_tambah_makes_the_first_admin_with_a_hashed_password_and_an_audit_row(loaded, monkeypatch, capsys):
    code, out, err = run(monkeypatch, capsys, loaded, "daftar")
    assert code == 0 and "Belum ada pengguna" in out
    code, out, err = run(monkeypatch, capsys, loaded, "tambah", "Budi", "--peran", "admin",
                         "--wilayah", "nasional", "--nama-lengkap", "Budi Santoso", "--sandi-stdin",
                         stdin=SANDI + "\n")
    assert (code, err) == (0, "")
    assert out == "Pengguna 'budi' ditambahkan: admin, Seluruh Indonesia.\n"
    assert SANDI not in stored_hash(loaded, "budi")
    with loaded.connect() as conn:
        user = authenticate(conn, "budi", SANDI)
        assert user is not None and user.role == Role.ADMIN and user.nama_lengkap == "Budi Santoso"
        assert authenticate(conn, "budi", SANDI + "x") is None
    [rincian] = audit_of(loaded)
    assert rincian.startswith("tambah pengguna budi: peran admin, wilayah nasional")
    assert SANDI not in rincian


def test_tambah_accepts_pengelola_data_and_a_puskesmas(loaded, monkeypatch, capsys):
    code, out, _ = run(monkeypatch, capsys, loaded, "tambah", "pkm-a", "--peran", "pengelola-data",
                       "--wilayah", "puskesmas:P01", "--sandi-stdin", stdin=SANDI)
    assert code == 0 and out == "Pengguna 'pkm-a' ditambahkan: pengelola data, Puskesmas Pkm A.\n"
    with loaded.connect() as conn:
        user = find_user(conn, "pkm-a")
    assert (user.role, user.scope) == (Role.PENGELOLA, Scope(Level.PUSKESMAS, "P01"))


def test_buat_sandi_prints_a_strong_password_once_that_signs_in(loaded, monkeypatch, capsys):
    code, out, _ = run(monkeypatch, capsys, loaded, "tambah", "ani", "--peran", "pembaca",
                       "--wilayah", "kabupaten:99.01", "--buat-sandi")
    assert code == 0
    sandi = out.split("tidak ditampilkan lagi): ")[1].strip()
    assert len(sandi) >= 20
    with loaded.connect() as conn:
        assert authenticate(conn, "ani", sandi) is not None
    assert sandi not in " ".join(audit_of(loaded))


def test_getpass_twice_must_match(loaded, monkeypatch, capsys):
    typed = iter([SANDI, SANDI + "-lain"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    code, out, err = run(monkeypatch, capsys, loaded, "tambah", "ani", "--peran", "pembaca",
                         "--wilayah", "nasional")
    assert (code, out) == (2, "") and "Kedua kata sandi tidak sama" in err
    typed = iter([SANDI, SANDI])
    code, _, _ = run(monkeypatch, capsys, loaded, "tambah", "ani", "--peran", "pembaca", "--wilayah", "nasional")
    assert code == 0


def test_refusals_exit_2_with_the_message_on_stderr_and_change_nothing(loaded, monkeypatch, capsys):
    cases = [
        (["tambah", "ani", "--peran", "raja", "--wilayah", "nasional", "--sandi-stdin"], "Peran: pembaca"),
        (["tambah", "ani", "--peran", "admin", "--wilayah", "kecamatan:1", "--sandi-stdin"],
         "Wilayah 'kecamatan:1' tidak dikenal"),
        (["tambah", "ani", "--peran", "admin", "--wilayah", "kabupaten:77.77", "--sandi-stdin"],
         "Kode kabupaten/kota '77.77' tidak ditemukan"),
        (["tambah", "ani", "--peran", "admin", "--wilayah", "nasional", "--sandi-stdin"], None),  # short
        (["tambah", "x", "--peran", "admin", "--wilayah", "nasional", "--sandi-stdin"], "Nama pengguna 3–64"),
        (["ubah", "siapa", "--peran", "admin"], "Pengguna 'siapa' tidak ada."),
        (["nonaktif", "siapa"], "Pengguna 'siapa' tidak ada."),
        (["reset-sandi", "siapa", "--sandi-stdin"], "Pengguna 'siapa' tidak ada."),
    ]
    for argv, message in cases:
        code, out, err = run(monkeypatch, capsys, loaded, *argv, stdin="pendek\n" if message is None else SANDI)
        assert (code, out) == (2, ""), argv
        assert (message or "Kata sandi paling sedikit 10 karakter") in err, argv
    with loaded.connect() as conn:
        assert conn.execute(select(schema.pengguna.c.id)).first() is None
    assert audit_of(loaded) == []


def test_ubah_changes_role_and_wilayah_and_ends_the_sessions(loaded, monkeypatch, capsys):
    run(monkeypatch, capsys, loaded, "tambah", "ani", "--peran", "pembaca", "--wilayah", "nasional",
        "--sandi-stdin", stdin=SANDI)
    token = _session(loaded, "ani")
    code, out, _ = run(monkeypatch, capsys, loaded, "ubah", "ani", "--peran", "admin",
                       "--wilayah", "kabupaten:99.02", "--nama-lengkap", "Ani")
    assert code == 0 and out == "Pengguna 'ani' diubah: admin, Kab Dua, aktif.\n"
    with loaded.connect() as conn:
        user = find_user(conn, "ani")
        assert session_user(conn, token) is None
    assert (user.role, user.scope, user.nama_lengkap) == (Role.ADMIN, Scope(Level.KABUPATEN, "99.02"), "Ani")
    assert audit_of(loaded)[0] == ("ubah pengguna ani: peran admin, wilayah kabupaten 99.02 (Kab Dua), "
                                   "nama lengkap 'Ani'")
    code, _, err = run(monkeypatch, capsys, loaded, "ubah", "ani", "--peran", "admin")
    assert code == 2 and "Tidak ada yang berubah" in err


def test_nonaktif_ends_the_sessions_and_ubah_aktif_brings_the_user_back(loaded, monkeypatch, capsys):
    run(monkeypatch, capsys, loaded, "tambah", "ani", "--peran", "pembaca", "--wilayah", "nasional",
        "--sandi-stdin", stdin=SANDI)
    token = _session(loaded, "ani")
    code, out, _ = run(monkeypatch, capsys, loaded, "nonaktif", "ani")
    assert code == 0 and out == "Pengguna 'ani' dinonaktifkan; sesinya diakhiri.\n"
    with loaded.connect() as conn:
        assert session_user(conn, token) is None and authenticate(conn, "ani", SANDI) is None
    assert audit_of(loaded)[0] == "ubah pengguna ani: nonaktif"
    code, _, _ = run(monkeypatch, capsys, loaded, "ubah", "ani", "--aktif")
    with loaded.connect() as conn:
        assert code == 0 and authenticate(conn, "ani", SANDI) is not None


def test_reset_sandi_replaces_the_password_and_ends_the_sessions(loaded, monkeypatch, capsys):
    run(monkeypatch, capsys, loaded, "tambah", "ani", "--peran", "pembaca", "--wilayah", "nasional",
        "--sandi-stdin", stdin=SANDI)
    token = _session(loaded, "ani")
    code, out, _ = run(monkeypatch, capsys, loaded, "reset-sandi", "ani", "--sandi-stdin",
                       stdin="kata-sandi-kedua\n")
    assert code == 0 and "Kata sandi baru untuk 'ani' disimpan" in out
    with loaded.connect() as conn:
        assert authenticate(conn, "ani", SANDI) is None
        assert authenticate(conn, "ani", "kata-sandi-kedua") is not None
        assert session_user(conn, token) is None
    rincian = audit_of(loaded)[0]
    assert rincian == "kata sandi baru untuk pengguna ani; sesinya diakhiri"


def test_daftar_shows_name_role_wilayah_and_the_last_login_in_indonesian(loaded, monkeypatch, capsys):
    run(monkeypatch, capsys, loaded, "tambah", "ani", "--peran", "pengelola", "--wilayah", "kabupaten:99.01",
        "--nama-lengkap", "Ani Lestari", "--sandi-stdin", stdin=SANDI)
    run(monkeypatch, capsys, loaded, "tambah", "budi", "--peran", "pembaca", "--wilayah", "puskesmas:P03",
        "--sandi-stdin", stdin=SANDI)
    _session(loaded, "ani")
    with loaded.connect() as conn:
        login = find_user(conn, "ani").login_terakhir
    code, out, _ = run(monkeypatch, capsys, loaded, "daftar")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["Nama", "Nama", "lengkap", "Peran", "Wilayah", "Aktif",
                                               "Login", "terakhir", "(UTC)"]
    bulan = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")[login.month - 1]
    assert lines[2].split() == ["ani", "Ani", "Lestari", "Pengelola", "data", "Kab", "Satu", "ya",
                                str(login.day), bulan, str(login.year), f"{login.hour:02d}.{login.minute:02d}"]
    assert lines[3].split() == ["budi", "–", "Pembaca", "Puskesmas", "Pkm", "C", "ya", "–"]


def _session(engine, nama: str) -> str:
    with engine.begin() as conn:
        return new_session(conn, find_user(conn, nama), timedelta(hours=1), "127.0.0.1")
