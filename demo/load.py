"""Loading the synthetic demo province into the database, with progress on the terminal."""
from __future__ import annotations

import sys
import time

import pandas as pd
from sqlalchemy import Connection, Engine, select

from data_access import schema
from data_access.db import get_info, is_empty, set_info
from data_access.store import (
    extend_iks_summary,
    insert_kunjungan,
    insert_kunjungan_bulanan,
    insert_program,
    replace_iks_summary,
    write_wilayah,
)
from data_access.users import add_user, find_user
from demo.generate import DemoProvince, generate
from demo.kunjungan import generate_kunjungan
from demo.program import generate_program, registers_without_rate
from domain.access import DEMO_ACCOUNTS, DEMO_PASSWORD, Role
from domain.codes import Level
from domain.wilayah import Scope
from geo.store import store_desa_boundaries
from indicators.format import angka, persen
from indicators.iks import summarise_visits


def _say(message: str) -> None:
    print(f"[demo] {message}", file=sys.stderr, flush=True)


def load_demo(engine: Engine, skala: str = "kabupaten", seed: int = 2024,
              kunjungan: bool = True) -> None:
    """Generate the demo province and store it in one transaction: wilayah, boundaries,
    program registers, sasaran and targets (2024–2025, with their per-area summaries),
    family visits and their summary. Fictional throughout, and marked as demo data.
    kunjungan=False leaves out the family visits (a PWS benchmark needs no 15M visits)."""
    start = time.monotonic()
    _say(f"membuat provinsi contoh (skala {skala}, seed {seed}) ...")
    demo = generate(skala, seed)
    n_desa = len(demo.wilayah)
    with engine.begin() as conn:
        write_wilayah(conn, demo.wilayah)
        _say(f"{angka(n_desa)} desa; menyimpan batas wilayah ...")
        store_desa_boundaries(conn, demo.batas.rename(columns={"kode_desa": "kode"}))
        _load_program(conn, demo.wilayah, seed)
        _load_layanan_visits(conn, demo.wilayah, seed)
        _load_morbiditas(conn, demo.wilayah, seed, skala)
        if kunjungan:
            _load_visits(conn, demo, n_desa)
        else:
            _say("kunjungan keluarga dilewati (--tanpa-kunjungan)")
        set_info(conn, "data_demo", "1")
        add_demo_accounts(conn)
    _say(f"selesai dalam {time.monotonic() - start:.0f} detik")


def _load_program(conn: Connection, wilayah: pd.DataFrame, seed: int) -> None:
    program = generate_program(wilayah, seed)
    _say(f"data program: {angka(len(program.layanan))} baris layanan, "
         f"{angka(len(program.sasaran))} baris sasaran ...")
    insert_program(conn, program.layanan, program.sasaran, program.target)
    if registers_without_rate():
        _say(f"register tanpa data demo: {', '.join(registers_without_rate())}")


def _load_layanan_visits(conn: Connection, wilayah: pd.DataFrame, seed: int) -> None:
    """Monthly service visits (Puskesmas, Pustu, Posyandu, home) and their per-area sums."""
    visits = generate_kunjungan(wilayah, seed)
    _say(f"kunjungan layanan: {angka(len(visits.rows))} baris ({angka(visits.rows['jumlah'].sum())} "
         f"kunjungan) ...")
    insert_kunjungan_bulanan(conn, visits.rows)


def _load_morbiditas(conn: Connection, wilayah: pd.DataFrame, seed: int, skala: str) -> None:
    from data_access.store import insert_morbiditas
    from demo.morbiditas import generate_morbiditas

    start = time.monotonic()
    data = generate_morbiditas(wilayah, seed, skala)
    _say(f"data kesakitan: {angka(len(data.rows))} baris, {len(data.names)} diagnosis ...")
    insert_morbiditas(conn, data.rows, data.names)
    _say(f"data kesakitan tersimpan dalam {time.monotonic() - start:.0f} detik")


def _load_visits(conn: Connection, demo: DemoProvince, n_desa: int) -> None:
    done = visits = last_year = 0
    for chunk in demo.iter_kunjungan():
        insert_kunjungan(conn, chunk)
        codes = chunk["kode_desa"].unique()
        replace_iks_summary(conn, codes, summarise_visits(chunk))
        last_year = max(last_year, pd.to_datetime(chunk["tanggal_kunjungan"]).dt.year.max())
        done += len(codes)
        visits += len(chunk)
        _say(f"kunjungan keluarga: {persen(done / n_desa)} desa, {angka(visits)} kunjungan")
    extend_iks_summary(conn, int(last_year))


def add_demo_accounts(conn: Connection) -> None:
    """One account per tier for the demo (the login page lists them, marked DATA DEMO): an
    admin of the whole country, a reader at the province and at a kabupaten, and a
    pengelola data of one Puskesmas of that kabupaten."""
    desa = schema.desa
    first = conn.execute(select(desa.c.kode_provinsi, desa.c.kode_kabupaten, desa.c.kode_puskesmas)
                         .order_by(desa.c.kode_kabupaten, desa.c.kode_puskesmas).limit(1)).first()
    if first is None:
        return
    provinsi, kabupaten, puskesmas = first
    tiers = {
        "admin": (Role.ADMIN, Scope.everything(), "Admin demo"),
        "dinkes-provinsi": (Role.PEMBACA, Scope(Level.PROVINSI, provinsi), "Dinkes Provinsi (demo)"),
        "dinkes-kabupaten": (Role.PEMBACA, Scope(Level.KABUPATEN, kabupaten), "Dinkes Kabupaten (demo)"),
        "puskesmas": (Role.PENGELOLA, Scope(Level.PUSKESMAS, puskesmas), "Pengelola data Puskesmas (demo)"),
    }
    for nama in DEMO_ACCOUNTS:
        role, scope, label = tiers[nama]
        if find_user(conn, nama) is None:
            add_user(conn, nama, DEMO_PASSWORD, role, scope, nama_lengkap=label)
    _say("akun demo: " + ", ".join(DEMO_ACCOUNTS) + f" (kata sandi {DEMO_PASSWORD})")


def load_demo_if_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        empty = is_empty(conn)
    if empty:
        _say("basis data kosong: memuat data demo sintetis")
        load_demo(engine)
    return empty


def ensure_demo_accounts(engine: Engine) -> None:
    """A demo database made before logins existed gets its demo accounts at start (only if
    it has no user at all: an operator's own users are never joined by demo ones)."""
    with engine.connect() as conn:
        if get_info(conn, "data_demo") != "1":
            return
        if conn.execute(select(schema.pengguna.c.id).limit(1)).first() is not None:
            return
    with engine.begin() as conn:
        add_demo_accounts(conn)
