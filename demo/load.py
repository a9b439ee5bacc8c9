"""Loading the synthetic demo province into the database, with progress on the terminal."""
from __future__ import annotations

import sys
import time

import pandas as pd
from sqlalchemy import Connection, Engine, select

from data_access import schema
from data_access.db import analyze, copy_insert, get_info, is_empty, set_info
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
from demo.kelengkapan import with_arrivals
from demo.kunjungan import generate_kunjungan
from demo.kunjungan_rumah import demo_alamat
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
        _load_k1_keuangan_mutu(conn, demo.wilayah, seed)
        _load_sdm(conn, demo.wilayah, seed)
        _load_obat(conn, demo.wilayah, seed, skala)
        _load_k1_sarpras_kegiatan(conn, demo.wilayah, seed)
        if kunjungan:
            _load_visits(conn, demo, n_desa)
        else:
            _say("kunjungan keluarga dilewati (--tanpa-kunjungan)")
        set_info(conn, "data_demo", "1")
        add_demo_accounts(conn)
        add_demo_rtl(conn)
    analyze(engine)  # PostgreSQL's statistics for what was loaded (data_access.db.analyze)
    _say(f"selesai dalam {time.monotonic() - start:.0f} detik")


def _load_program(conn: Connection, wilayah: pd.DataFrame, seed: int) -> None:
    program = generate_program(wilayah, seed)
    arrivals = with_arrivals(program.layanan, wilayah, seed)  # and a silent desa, a late Puskesmas
    _say(f"data program: {angka(len(arrivals.layanan))} baris layanan, "
         f"{angka(len(program.sasaran))} baris sasaran ...")
    insert_program(conn, arrivals.layanan, program.sasaran, program.target, masuk=arrivals.masuk)
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


def _load_k1_keuangan_mutu(conn: Connection, wilayah: pd.DataFrame, seed: int) -> None:
    """Klaster 1 keuangan and mutu, and the Puskesmas-level registers they become."""
    from data_access.store import insert_puskesmas_datasets
    from demo.k1_keuangan import generate_keuangan
    from demo.k1_mutu import generate_mutu
    from indicators.k1_keuangan import registers_of_keuangan
    from indicators.k1_mutu import registers_of_mutu

    keuangan, mutu = generate_keuangan(wilayah, seed), generate_mutu(wilayah, seed)
    registers, sasaran = registers_of_keuangan(keuangan)
    registers = pd.concat([registers, registers_of_mutu(mutu)], ignore_index=True)
    _say(f"keuangan dan mutu: {angka(len(keuangan))} + {angka(len(mutu))} baris ...")
    insert_puskesmas_datasets(conn, keuangan, mutu, registers, sasaran)
def _load_sdm(conn: Connection, wilayah: pd.DataFrame, seed: int) -> None:
    """Klaster 1 staff (demo/k1_sdm.py)."""
    from data_access.db import copy_insert
    from data_access.k1_sdm import refresh_sdm_summary
    from demo.k1_sdm import generate_sdm

    rows = generate_sdm(wilayah, seed)
    _say(f"data SDM: {angka(len(rows))} pegawai ...")
    copy_insert(conn, schema.sdm, rows)
    refresh_sdm_summary(conn)
def _load_obat(conn: Connection, wilayah: pd.DataFrame, seed: int, skala: str) -> None:
    from data_access.k1_obat import insert_obat, refresh_obat_registers
    from demo.k1_obat import generate_obat

    start, n, puskesmas, years = time.monotonic(), 0, set(), set()
    for rows, names in generate_obat(wilayah, seed, skala):
        insert_obat(conn, rows, names)
        n += len(rows)
        puskesmas.update(rows["kode_puskesmas"].unique())
        years.update(int(y) for y in rows["tahun"].unique())
    refresh_obat_registers(conn, puskesmas, years)  # Ketersediaan obat indikator on the PWS panel
    _say(f"LPLPO obat: {angka(n)} baris tersimpan dalam {time.monotonic() - start:.0f} detik")
def _load_k1_sarpras_kegiatan(conn: Connection, wilayah: pd.DataFrame, seed: int) -> None:
    """Klaster 1: the equipment inventory and the annual plan's activities, with their summaries."""
    from data_access.k1_kegiatan import replace_kegiatan
    from data_access.k1_sarpras import replace_sarpras
    from demo.k1_kegiatan import generate_kegiatan
    from demo.k1_sarpras import generate_sarpras

    start = time.monotonic()
    sarpras, kegiatan = generate_sarpras(wilayah, seed), generate_kegiatan(wilayah, seed)
    replace_sarpras(conn, sarpras)
    replace_kegiatan(conn, kegiatan)
    from data_access.k1_kegiatan import refresh_kegiatan_registers

    refresh_kegiatan_registers(conn, set(kegiatan["kode_puskesmas"]), {int(y) for y in kegiatan["tahun"].unique()})
    _say(f"sarpras dan kegiatan: {angka(len(sarpras))} + {angka(len(kegiatan))} baris "
         f"({time.monotonic() - start:.1f} detik)")


def _load_visits(conn: Connection, demo: DemoProvince, n_desa: int) -> None:
    done = visits = last_year = 0
    for chunk in demo.iter_kunjungan():
        insert_kunjungan(conn, chunk)
        copy_insert(conn, schema.keluarga_alamat, demo_alamat(chunk))  # fictional names, RT/RW
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


# A few RTL of the demo Puskesmas, recorded at the meeting on the month before the latest one,
# so that the latest month's deck opens with them: (masalah, penyebab, tindakan, pj, indikator,
# index of the desa or None, status, catatan, deadline: days after the meeting month's end).
DEMO_RTL = (
    ("Cakupan K6 rendah di desa ini", "Ibu hamil trimester III jarang datang ke Posyandu",
     "Kunjungan rumah bidan desa ke semua ibu hamil trimester III", "Bidan koordinator", "k6", 0,
     "berjalan", "12 dari 20 ibu hamil sudah dikunjungi", 30),
    ("Imunisasi dasar lengkap tertinggal", "Stok vaksin MR kosong dua minggu",
     "Sweeping imunisasi dan permintaan vaksin ke Dinkes", "Koordinator imunisasi", "idl", 1,
     "belum", "", 20),
    ("Hipertensi: banyak penderita tidak kontrol", "Jadwal Posbindu bentrok dengan jam kerja",
     "Posbindu sore hari di balai desa", "PJ Klaster 3", "ht_spm", None, "selesai",
     "Posbindu sore berjalan sejak minggu kedua", 15),
    ("Investigasi kontak TB belum dilakukan", "Petugas TB merangkap program lain",
     "Kader TB mendampingi investigasi kontak serumah", "Pengelola program TB", "tb_ik", 2,
     "batal", "Digabung dengan RTL bulan berikutnya", 30),
)


def add_demo_rtl(conn: Connection) -> None:
    """The demo Puskesmas account's RTL (DEMO_RTL) at the month before its latest register month."""
    from datetime import UTC, date, datetime, timedelta

    user = find_user(conn, "puskesmas")
    if user is None or user.viewer.scope.level != Level.PUSKESMAS:
        return
    kode = user.viewer.scope.kode
    desa, lay = schema.desa, schema.layanan
    desa_codes = conn.execute(select(desa.c.kode).where(desa.c.kode_puskesmas == kode)
                              .order_by(desa.c.kode)).scalars().all()
    latest = conn.execute(select(lay.c.tahun, lay.c.bulan).where(lay.c.kode_desa.in_(desa_codes))
                          .order_by(lay.c.tahun.desc(), lay.c.bulan.desc()).limit(1)).first()
    if latest is None or not desa_codes:
        return
    tahun, bulan = (latest[0] - 1, 12) if latest[1] == 1 else (latest[0], latest[1] - 1)
    month_end = date(tahun + (bulan == 12), bulan % 12 + 1, 1) - timedelta(days=1)
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = [dict(kode_puskesmas=kode, tahun=tahun, bulan=bulan, masalah=m, penyebab=p, tindakan=t, pj=pj,
                 indikator=ind, kode_desa=desa_codes[i % len(desa_codes)] if i is not None else None,
                 status=status, catatan=note, tenggat=month_end + timedelta(days=days),
                 dibuat_oleh="puskesmas", dibuat=now, diubah_oleh="puskesmas", diubah=now)
            for m, p, t, pj, ind, i, status, note, days in DEMO_RTL]
    conn.execute(schema.rtl.insert(), rows)
    _say(f"{len(rows)} RTL demo untuk Puskesmas {kode}, rapat {bulan}/{tahun}")


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
