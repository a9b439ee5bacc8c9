"""The admin pages' callbacks posted as the browser does, by signed-in users: an admin manages
only the users of their own wilayah; anyone else gets a refusal and changes nothing."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from data_access import schema
from data_access.users import find_user
from domain.access import Role
from domain.codes import Level
from domain.wilayah import Scope
from layouts.ids import Admin as ids
from tests import dash_client
from tests.auth_client import PASSWORD, ensure_user, login

pytestmark = pytest.mark.parametrize("engine", ["sqlite"], indirect=True)

KAB = Scope(Level.KABUPATEN, "99.01")
SANDI = "sandi-baru-panjang"


@pytest.fixture
def server(anonymous_client):
    import app

    return app.server


def key(component_id, prop: str) -> str:
    return f"{dash_client._id_text(component_id)}.{prop}"


def post(client, output: str, values: dict, changed: str | None = None) -> dict:
    """Post the callback whose outputs include `output` ("id.prop"); `values` by "id.prop"."""
    deps = client.get("/_dash-dependencies").get_json()
    dep = next(d for d in deps if output in d["output"])
    names = [f"{i['id']}.{i['property']}" for i in dep["inputs"] + dep.get("state", [])]
    body = dash_client.body(dep, [values.get(n) for n in names])
    if changed:
        body["changedPropIds"] = [changed]
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["response"]


def add(client, nama: str, level: str, kode: str | None, peran: str = "pembaca") -> str:
    response = post(client, "admin-add-message.children", {
        "admin-add-submit.n_clicks": 1, "admin-add-nama.value": nama, "admin-add-nama-lengkap.value": "Uji",
        "admin-add-peran.value": peran, key(ids.of(ids.LEVEL, ids.ADD), "value"): level,
        key(ids.of(ids.AREA, ids.ADD), "value"): kode, "admin-add-sandi.value": SANDI,
        "admin-add-sandi2.value": SANDI, "admin-refresh.data": 0})
    return json.dumps(response[ids.ADD_MESSAGE]["children"], ensure_ascii=False)


def change(client, button: str, target: str, **values) -> str:
    response = post(client, "admin-edit-message.children", {
        f"{button}.n_clicks": 1, "admin-target.data": target, "admin-refresh.data": 0,
        "admin-edit-peran.value": values.get("peran"),
        key(ids.of(ids.LEVEL, ids.EDIT), "value"): values.get("level"),
        key(ids.of(ids.AREA, ids.EDIT), "value"): values.get("kode"),
        "admin-edit-sandi.value": values.get("sandi"), "admin-edit-sandi2.value": values.get("sandi")},
        changed=f"{button}.n_clicks")
    return json.dumps(response[ids.EDIT_MESSAGE]["children"], ensure_ascii=False)


def signed_in(server, engine, nama: str, role: Role, scope: Scope):
    return login(server.test_client(), engine, nama, role, scope)


def audit_of(engine, pengguna: str) -> list[tuple]:
    a = schema.audit_log
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(a.c.peristiwa, a.c.rincian, a.c.alamat)
                                               .where(a.c.pengguna == pengguna).order_by(a.c.id))]


def test_a_kabupaten_admin_adds_a_puskesmas_user_inside_the_kabupaten(server, loaded):
    client = signed_in(server, loaded, "admin-kab", Role.ADMIN, KAB)
    message = add(client, "pkm-b", "puskesmas", "P02")
    assert "Pengguna 'pkm-b' ditambahkan: pembaca, Puskesmas Pkm B." in message
    with loaded.connect() as conn:
        user = find_user(conn, "pkm-b")
    assert (user.role, user.scope) == (Role.PEMBACA, Scope(Level.PUSKESMAS, "P02"))
    assert audit_of(loaded, "admin-kab")[-1] == (
        "ubah pengguna", "tambah pengguna pkm-b: peran pembaca, wilayah puskesmas P02 (Puskesmas Pkm B), "
                         "nama lengkap 'Uji'", "127.0.0.1")
    assert SANDI not in json.dumps(audit_of(loaded, "admin-kab"))


def test_a_kabupaten_admin_cannot_give_a_wilayah_outside_the_kabupaten(server, loaded):
    client = signed_in(server, loaded, "admin-kab", Role.ADMIN, KAB)
    for level, kode in [("puskesmas", "P03"), ("kabupaten", "99.02"), ("provinsi", "99")]:
        message = add(client, "pkm-c", level, kode, peran="admin")
        assert "tidak ditemukan di wilayah yang boleh Anda lihat" in message, (level, kode)
    assert "tidak ditemukan di wilayah yang boleh Anda lihat" in add(client, "pkm-c", "nasional", None)
    with loaded.connect() as conn:
        assert find_user(conn, "pkm-c") is None
    assert [row[0] for row in audit_of(loaded, "admin-kab")] == ["login"]


def test_a_pembaca_posting_to_the_admin_callbacks_gets_a_refusal_and_changes_nothing(server, loaded):
    ensure_user(loaded, "korban", Role.PEMBACA, KAB)
    client = signed_in(server, loaded, "baca", Role.PEMBACA, Scope.everything())
    assert "Hanya admin" in add(client, "pkm-b", "puskesmas", "P02")
    assert "Hanya admin" in change(client, ids.DEACTIVATE, "korban")
    assert "Hanya admin" in change(client, ids.EDIT_PASSWORD, "korban", sandi=SANDI)
    assert "Hanya admin" in change(client, ids.EDIT_SAVE, "korban", peran="admin")
    users = post(client, "admin-users.rowData", {"admin-refresh.data": 0})
    assert users[ids.USERS]["rowData"] == [] and "Hanya admin" in json.dumps(users[ids.SCOPE_NOTE])
    audit = post(client, "audit-table.rowData", {"audit-peristiwa.value": None})
    assert audit["audit-table"]["rowData"] == []
    with loaded.connect() as conn:
        assert find_user(conn, "pkm-b") is None
        korban = find_user(conn, "korban")
    assert korban.aktif and korban.role == Role.PEMBACA
    assert [row[0] for row in audit_of(loaded, "baca")] == ["login"]


def test_a_kabupaten_admin_manages_only_the_users_of_the_kabupaten_and_not_themself(server, loaded):
    ensure_user(loaded, "pkm-a", Role.PEMBACA, Scope(Level.PUSKESMAS, "P01"))
    ensure_user(loaded, "pkm-c", Role.PEMBACA, Scope(Level.PUSKESMAS, "P03"))
    ensure_user(loaded, "nasional", Role.ADMIN, Scope.everything())
    client = signed_in(server, loaded, "admin-kab", Role.ADMIN, KAB)
    users = post(client, "admin-users.rowData", {"admin-refresh.data": 0})[ids.USERS]
    listed = [row["nama"] for row in users["rowData"]]
    assert listed == ["admin-kab", "pkm-a"]
    for outside in ("pkm-c", "nasional"):
        assert f"Pengguna '{outside}' tidak ada." in change(client, ids.DEACTIVATE, outside)
        assert f"Pengguna '{outside}' tidak ada." in change(client, ids.EDIT_PASSWORD, outside, sandi=SANDI)
    assert "tidak dapat menonaktifkan akun Anda sendiri" in change(client, ids.DEACTIVATE, "admin-kab")
    assert "dinonaktifkan" in change(client, ids.DEACTIVATE, "pkm-a")
    assert "diubah: pengelola data, Puskesmas Pkm B." in change(client, ids.EDIT_SAVE, "pkm-a", peran="pengelola",
                                                                 level="puskesmas", kode="P02")
    assert "Kata sandi baru untuk 'pkm-a'" in change(client, ids.EDIT_PASSWORD, "pkm-a", sandi=SANDI)
    with loaded.connect() as conn:
        assert find_user(conn, "pkm-c").aktif and find_user(conn, "nasional").aktif
        assert find_user(conn, "admin-kab").aktif
        pkm_a = find_user(conn, "pkm-a")
    assert (pkm_a.aktif, pkm_a.role, pkm_a.scope) == (False, Role.PENGELOLA, Scope(Level.PUSKESMAS, "P02"))
    assert [row[1] for row in audit_of(loaded, "admin-kab")[1:]] == [
        "ubah pengguna pkm-a: nonaktif",
        "ubah pengguna pkm-a: peran pengelola data, wilayah puskesmas P02 (Puskesmas Pkm B)",
        "kata sandi baru untuk pengguna pkm-a; sesinya diakhiri"]


def test_the_area_picker_of_a_kabupaten_admin_offers_only_the_kabupaten(server, loaded):
    client = signed_in(server, loaded, "admin-kab", Role.ADMIN, KAB)
    levels = post(client, "admin-users.rowData", {"admin-refresh.data": 0})
    assert [o["value"] for o in levels[dash_client._id_text(ids.of(ids.LEVEL, ids.ADD))]["options"]] == [
        "kabupaten", "puskesmas"]
    deps = client.get("/_dash-dependencies").get_json()
    dep = next(d for d in deps if '"admin-area"' in d["output"])
    body = dash_client.body(dep, ["puskesmas"], match={"form": ids.ADD})
    areas = client.post("/_dash-update-component", json=body).get_json()["response"]
    options = next(iter(areas.values()))["options"]
    assert [o["value"] for o in options] == ["P01", "P02"]


def test_the_audit_page_of_a_kabupaten_admin_does_not_show_a_national_admins_rows(server, loaded):
    national = signed_in(server, loaded, "pusat", Role.ADMIN, Scope.everything())
    add(national, "pkm-c", "puskesmas", "P03")
    national_rows = post(national, "audit-table.rowData", {"audit-peristiwa.value": None})["audit-table"]["rowData"]
    assert {"pusat"} <= {r["pengguna"] for r in national_rows}
    client = signed_in(server, loaded, "admin-kab", Role.ADMIN, KAB)
    add(client, "pkm-a", "puskesmas", "P01")
    rows = post(client, "audit-table.rowData", {"audit-peristiwa.value": None})["audit-table"]["rowData"]
    assert {r["pengguna"] for r in rows} == {"admin-kab"}
    assert [r["peristiwa"] for r in rows] == ["ubah pengguna", "login"]  # newest first
    only = post(client, "audit-table.rowData", {"audit-peristiwa.value": "login"})["audit-table"]["rowData"]
    assert [r["peristiwa"] for r in only] == ["login"]
    assert PASSWORD not in json.dumps(rows) and SANDI not in json.dumps(rows)
