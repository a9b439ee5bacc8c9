"""National scale on PostgreSQL, measured (issue 17, item 6): a fictional country of 38
provinsi, 514 kabupaten/kota, ~10,000 Puskesmas and ~83,000 desa, with the per-area SUMMARY
tables the PWS, Utama and IKS pages read at national size (24 months of every register), and
the desa registers (a desa's view reads them) of one province, of some, or of all of them
(--provinsi-desa semua: ~101 million rows). Not a test: run it, read it, copy the figures into
docs/skala.md.

    python benchmarks/skala_nasional.py --buat --database-url postgresql+psycopg://postgres@127.0.0.1:5432/iks_nasional
    python benchmarks/skala_nasional.py --tambah-desa --provinsi-desa semua --tanpa-kunci --database-url …
    python benchmarks/skala_nasional.py --database-url …           # measures the page queries
    python benchmarks/skala_nasional.py --partisi --database-url … # dry run: partitioned by province

--buat creates the database if missing and replaces its contents. Every name is marked
"Fiktif" and every code is invented (provinsi 01–38): nothing here is a real area. The values
are random within plausible bounds: what is measured is the size and shape of what the pages
read, not the numbers shown.

What is generated (all in SQL, generate_series and INSERT … SELECT, except the wilayah,
written by COPY):
  - provinsi, kabupaten, kecamatan, puskesmas, desa (with jumlah_penduduk, jumlah_keluarga);
  - layanan_bulanan: every register (desa and Puskesmas level) × 2 years × every Puskesmas,
    kabupaten and provinsi (twelve months a row, as the app stores it);
  - sasaran_wilayah: every sasaran × 2 years × every area above the desa;
  - iks_ringkasan (per desa) and iks_ringkasan_wilayah (per area), 2 years, awal and akhir;
  - target: none (the app's default targets apply);
  - layanan and sasaran (desa rows), 24 months: the desa of the provinces --provinsi-desa
    names (default: the one province nearest 2,500 desa; 'semua': every province, largest
    first), each province in its own transaction; the others' desa have no desa rows.
    --tanpa-kunci drops the two tables' primary and foreign keys for the load and adds them
    again after it (4-5 x faster, --uji-muat measures both ways).
Raw family rows (kunjungan_keluarga) are not generated: the pages never read them.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/iks_nasional"
YEARS = (2024, 2025)
SEED = 17
# kabupaten/kota per province, in the order of the 38 provinces' real sizes (Aceh … Papua
# Barat Daya, 2024): the shape of the country, with invented names and codes. Sums to 514.
KABUPATEN_PER_PROVINSI = (23, 33, 19, 12, 11, 17, 10, 15, 7, 7, 6, 27, 35, 5, 38, 8, 9, 10, 22,
                          14, 14, 13, 10, 5, 15, 13, 24, 17, 6, 6, 11, 10, 9, 7, 4, 8, 8, 6)
# desa per kabupaten, roughly: dense Java, sparse Papua (mean over the country ≈ 161)
DESA_PER_KABUPATEN = (280, 180, 170, 150, 140, 200, 140, 170, 60, 60, 45, 220, 245, 90, 220,
                      190, 80, 110, 150, 150, 110, 150, 100, 95, 120, 150, 130, 135, 120, 110,
                      110, 120, 120, 150, 170, 150, 330, 90)


# --- the fictional country ---------------------------------------------------------------------

def wilayah(rng: random.Random):
    """Rows of provinsi, kabupaten, kecamatan, puskesmas and desa (tuples in column order)."""
    prov, kab, kec, pkm, desa = [], [], [], [], []
    for p, (n_kab, per_kab) in enumerate(zip(KABUPATEN_PER_PROVINSI, DESA_PER_KABUPATEN), start=1):
        pp = f"{p:02d}"
        prov.append((pp, f"Provinsi Fiktif {pp}"))
        for k in range(1, n_kab + 1):
            kk = f"{pp}.{k:02d}"
            kab.append((kk, f"Kabupaten Fiktif {kk}", pp))
            n_desa = max(20, round(rng.gauss(per_kab, per_kab * 0.3)))
            n_pkm = max(3, round(n_desa / rng.uniform(6.5, 10.0)))
            n_kec = max(2, round(n_pkm * 0.73))
            for c in range(1, n_kec + 1):
                kec.append((f"{kk}.{c:02d}", f"Kecamatan Fiktif {kk}.{c:02d}", kk))
            codes = []
            for i in range(n_pkm):
                c = i % n_kec + 1
                code = f"P{pp}{k:02d}{c:02d}{i // n_kec + 1:02d}"
                pkm.append((code, f"Puskesmas Fiktif {code[1:]}", kk))
                codes.append((code, f"{kk}.{c:02d}"))
            seen: dict[str, int] = {}
            for d in range(n_desa):
                code, kc = codes[d % n_pkm]
                seen[kc] = seen.get(kc, 0) + 1
                kode = f"{kc}.{2000 + seen[kc]}"
                penduduk = rng.randint(600, 9000)
                desa.append((kode, f"Desa Fiktif {kode}", kc, code, kk, pp, penduduk, round(penduduk / 3.6)))
    return prov, kab, kec, pkm, desa


def _copy(cur, table: str, columns: tuple[str, ...], rows) -> None:
    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _step(cur, label: str, sql: str, params=None) -> None:
    start = time.monotonic()
    cur.execute(sql, params)
    print(f"  {label}: {cur.rowcount:,} baris, {time.monotonic() - start:.1f} s", flush=True)


def create_database(url: str) -> None:
    """CREATE DATABASE if it does not exist (through the server's `postgres` database)."""
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(url)
    admin = u.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (u.database,)).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{u.database}"')  # a name from our own command line
            print(f"basis data {u.database} dibuat")


def build(url: str, provinsi_desa: str | None, tanpa_kunci: bool = False) -> None:
    from data_access import schema
    from data_access.db import bump_version, get_engine
    from indicators.program import REGISTER_BY_CODE, SASARAN_BY_CODE

    create_database(url)
    engine = get_engine(url)  # brings the schema to the current migration
    start = time.monotonic()
    prov, kab, kec, pkm, desa = wilayah(random.Random(SEED))
    print(f"wilayah fiktif: {len(prov)} provinsi, {len(kab)} kabupaten/kota, {len(kec):,} kecamatan, "
          f"{len(pkm):,} puskesmas, {len(desa):,} desa")
    all_registers = [(c, r.level.value) for c, r in REGISTER_BY_CODE.items()]
    all_sasaran = [(c, s.level.value) for c, s in SASARAN_BY_CODE.items()]
    counts = list(schema.SUMMARY_COUNT_COLUMNS)

    with engine.begin() as sa_conn:
        cur = sa_conn.connection.dbapi_connection.cursor()
        # empty everything that holds areas (in dependency order, one statement)
        names = [t.name for t in schema.metadata.sorted_tables if t.name not in ("alembic_version",)]
        keep = {"pengguna", "sesi", "audit_log", "info", "pekerjaan_impor", "impor_log", "diagnosis"}
        cur.execute("TRUNCATE " + ", ".join(n for n in names if n not in keep) + " CASCADE")
        _copy(cur, "provinsi", ("kode", "nama"), prov)
        _copy(cur, "kabupaten", ("kode", "nama", "kode_provinsi"), kab)
        _copy(cur, "kecamatan", ("kode", "nama", "kode_kabupaten"), kec)
        _copy(cur, "puskesmas", ("kode", "nama", "kode_kabupaten"), pkm)
        _copy(cur, "desa", ("kode", "nama", "kode_kecamatan", "kode_puskesmas", "kode_kabupaten",
                            "kode_provinsi", "jumlah_penduduk", "jumlah_keluarga"), desa)
        print(f"  wilayah ditulis: {time.monotonic() - start:.1f} s", flush=True)

        cur.execute("SELECT setseed(0.17)")
        cur.execute("""CREATE TEMP TABLE wil AS
            SELECT 'puskesmas'::text AS tingkat, kode_puskesmas AS kode, count(*) AS n_desa, 1 AS n_pkm,
                   sum(jumlah_keluarga) AS kk FROM desa GROUP BY kode_puskesmas
            UNION ALL SELECT 'kabupaten', kode_kabupaten, count(*), count(DISTINCT kode_puskesmas),
                   sum(jumlah_keluarga) FROM desa GROUP BY kode_kabupaten
            UNION ALL SELECT 'provinsi', kode_provinsi, count(*), count(DISTINCT kode_puskesmas),
                   sum(jumlah_keluarga) FROM desa GROUP BY kode_provinsi""")
        cur.execute("CREATE TEMP TABLE reg (kode text, tingkat text)")
        _copy(cur, "reg", ("kode", "tingkat"), all_registers)
        cur.execute("CREATE TEMP TABLE sas (kode text, tingkat text)")
        _copy(cur, "sas", ("kode", "tingkat"), all_sasaran)
        cur.execute("CREATE TEMP TABLE thn AS SELECT unnest(%s::int[]) AS tahun", (list(YEARS),))

        # twelve months a row: a month's sum ≈ reporters × a per-register rate
        months = ", ".join("floor(random() * 12 * w.n_desa * r.rate)::bigint" for _ in range(12))
        reporters = ", ".join("CASE WHEN r.tingkat = 'desa' THEN w.n_desa ELSE w.n_pkm END" for _ in range(12))
        _step(cur, "layanan_bulanan", f"""
            INSERT INTO layanan_bulanan
            SELECT w.tingkat, w.kode, t.tahun, r.kode, {months}, {reporters}
            FROM wil w CROSS JOIN thn t CROSS JOIN (SELECT kode, tingkat, 1 + random() * 4 AS rate FROM reg) r""")
        _step(cur, "sasaran_wilayah", """
            INSERT INTO sasaran_wilayah (tingkat, tahun, sasaran, kode, jumlah, desa_ada)
            SELECT w.tingkat, t.tahun, s.kode, w.kode, round((w.kk * (0.05 + random() * 0.5))::numeric),
                   CASE WHEN s.tingkat = 'desa' THEN w.n_desa ELSE w.n_pkm END
            FROM wil w CROSS JOIN thn t CROSS JOIN sas s""")

        # IKS: per desa, then summed per area (so that the two agree)
        _step(cur, "iks_ringkasan", f"""
            INSERT INTO iks_ringkasan (kode_desa, tahun, awal, {', '.join(counts)})
            SELECT kode_desa, tahun, awal, dikunjungi, iks, sehat, pra, iks - sehat - pra, iks,
                   {', '.join('floor(iks * (0.3 + random() * 0.65))::int' for _ in range(12))},
                   {', '.join('iks' for _ in range(12))}
            FROM (SELECT d.kode AS kode_desa, t.tahun, a.awal,
                         floor(d.jumlah_keluarga * (0.5 + random() * 0.45))::int AS dikunjungi,
                         floor(d.jumlah_keluarga * 0.45)::int AS iks,
                         floor(d.jumlah_keluarga * (0.05 + random() * 0.15))::int AS sehat,
                         floor(d.jumlah_keluarga * (0.1 + random() * 0.2))::int AS pra
                  FROM desa d CROSS JOIN thn t CROSS JOIN (VALUES (true), (false)) a(awal)) v""")
        sums = ", ".join(f"sum(r.{c})" for c in counts)
        for tingkat, key in (("puskesmas", "kode_puskesmas"), ("kabupaten", "kode_kabupaten"),
                             ("provinsi", "kode_provinsi")):
            _step(cur, f"iks_ringkasan_wilayah ({tingkat})", f"""
                INSERT INTO iks_ringkasan_wilayah (tingkat, kode, tahun, awal, {', '.join(counts)})
                SELECT '{tingkat}', d.{key}, r.tahun, r.awal, {sums}
                FROM iks_ringkasan r JOIN desa d ON d.kode = r.kode_desa GROUP BY d.{key}, r.tahun, r.awal""")

        cur.execute("INSERT INTO info (kunci, nilai, diubah) VALUES ('skala_nasional_fiktif', %s, now()) "
                    "ON CONFLICT (kunci) DO UPDATE SET nilai = excluded.nilai, diubah = now()",
                    (DESA_NOTE,))
        bump_version(sa_conn)  # without a data version the app trusts no cached result
    print(f"  ringkasan selesai (satu transaksi): {time.monotonic() - start:.1f} s", flush=True)
    load_desa_registers(engine, choose_provinces(engine, provinsi_desa), without_keys=tanpa_kunci)
    from data_access.db import analyze

    t = time.monotonic()
    analyze(engine)
    print(f"  ANALYZE: {time.monotonic() - t:.1f} s")
    print(f"dibangun dalam {time.monotonic() - start:.0f} s")


def choose_provinces(engine, provinsi_desa: str | None) -> list[str]:
    """The provinces --provinsi-desa names: None, the one nearest 2,500 desa; 'semua', every
    province, largest first (if time runs out, the big ones are in); 'tidak', none; else a
    comma-separated list of codes."""
    from sqlalchemy import text

    with engine.connect() as conn:
        per_prov = dict(conn.execute(text("SELECT kode_provinsi, count(*) FROM desa GROUP BY kode_provinsi")).all())
    if provinsi_desa is None:
        return [min(sorted(per_prov), key=lambda p: abs(per_prov[p] - 2500))]
    if provinsi_desa == "semua":
        return sorted(per_prov, key=lambda p: (-per_prov[p], p))
    if provinsi_desa == "tidak":
        return []
    return [p.strip() for p in provinsi_desa.split(",") if p.strip()]


DESA_NOTE = "provinsi dengan desa: "  # info row: then the provinces with desa rows, comma-separated


def _desa_provinces(conn) -> list[str]:
    from data_access.db import get_info

    note = get_info(conn, "skala_nasional_fiktif") or DESA_NOTE
    return [p for p in note.removeprefix(DESA_NOTE).split(",") if p]


def _constraints(cur, table: str) -> list[tuple[str, str, str]]:
    """(name, type, definition) of a table's primary and foreign keys, primary key first."""
    cur.execute("SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype IN ('p', 'f') ORDER BY contype DESC, conname", (table,))
    return cur.fetchall()


def load_desa_registers(engine, provinces: list[str], *, without_keys: bool = False) -> None:
    """layanan and sasaran (desa rows, 24 months) for these provinces, each province in its own
    transaction, with its time printed: ~100 million rows for the country must not be one
    transaction. A province that already has desa rows (the info note says so) is skipped, so
    an interrupted load resumes. `without_keys`: the primary and foreign keys of layanan and
    sasaran are dropped before the load and added again after it, from their own definitions
    (pg_get_constraintdef), with a larger maintenance_work_mem for the index build."""
    from data_access.db import bump_version
    from indicators.program import REGISTER_BY_CODE, SASARAN_BY_CODE

    desa_registers = [c for c, r in REGISTER_BY_CODE.items() if r.level.value == "desa"]
    desa_sasaran = [c for c, s in SASARAN_BY_CODE.items() if s.level.value == "desa"]
    with engine.connect() as sa_conn:
        done = set(_desa_provinces(sa_conn))
    todo = [p for p in provinces if p not in done]
    if not todo:
        return
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        saved = {}
        if without_keys:
            start = time.monotonic()
            for table in ("layanan", "sasaran"):
                saved[table] = _constraints(cur, table)
                for name, _, _ in reversed(saved[table]):  # foreign key first
                    cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')  # names read from pg_constraint
            raw.commit()
            print(f"  kunci layanan/sasaran dilepas: {time.monotonic() - start:.1f} s", flush=True)
        total = time.monotonic()
        rows = 0
        for i, p in enumerate(todo, start=1):
            start = time.monotonic()
            cur.execute("""
                INSERT INTO layanan (kode_desa, tahun, bulan, indikator, nilai)
                SELECT d.kode, t.tahun, b.bulan, r.kode, floor(random() * 60)::int
                FROM desa d CROSS JOIN unnest(%s::int[]) t(tahun) CROSS JOIN generate_series(1, 12) b(bulan)
                     CROSS JOIN unnest(%s::text[]) r(kode)
                WHERE d.kode_provinsi = %s""", (list(YEARS), desa_registers, p))
            n_layanan = cur.rowcount
            cur.execute("""
                INSERT INTO sasaran (kode_desa, tahun, sasaran, jumlah)
                SELECT d.kode, t.tahun, s.kode, round((d.jumlah_keluarga * (0.05 + random() * 0.5))::numeric)
                FROM desa d CROSS JOIN unnest(%s::int[]) t(tahun) CROSS JOIN unnest(%s::text[]) s(kode)
                WHERE d.kode_provinsi = %s""", (list(YEARS), desa_sasaran, p))
            n_sasaran = cur.rowcount
            done.add(p)
            cur.execute("UPDATE info SET nilai = %s, diubah = now() WHERE kunci = 'skala_nasional_fiktif'",
                        (DESA_NOTE + ",".join(sorted(done)),))
            raw.commit()
            rows += n_layanan
            spent = time.monotonic() - start
            print(f"  [{i}/{len(todo)}] provinsi {p}: layanan {n_layanan:,} + sasaran {n_sasaran:,} baris, "
                  f"{spent:.1f} s ({n_layanan / spent / 1000:.0f} ribu baris layanan/s); "
                  f"total {rows:,} baris, {time.monotonic() - total:.0f} s; {_load()}", flush=True)
        if without_keys:
            cur.execute("SET maintenance_work_mem = '2GB'")
            for table in ("layanan", "sasaran"):
                for name, _, definition in saved[table]:
                    start = time.monotonic()
                    cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
                    raw.commit()
                    print(f"  {table}: {name} dibuat lagi: {time.monotonic() - start:.1f} s", flush=True)
            cur.execute("RESET maintenance_work_mem")
        with engine.begin() as sa_conn:
            bump_version(sa_conn)
    finally:
        raw.close()


def load_trial(url: str, province: str) -> None:
    """The desa registers of one province loaded twice into a scratch copy of layanan (schema
    muat_uji, dropped afterwards): with its primary and foreign keys in place, and with them
    dropped and added again after the load. Which way --provinsi-desa semua should load."""
    from data_access.db import get_engine
    from indicators.program import REGISTER_BY_CODE

    registers = [c for c, r in REGISTER_BY_CODE.items() if r.level.value == "desa"]
    insert = """INSERT INTO muat_uji.layanan (kode_desa, tahun, bulan, indikator, nilai)
        SELECT d.kode, t.tahun, b.bulan, r.kode, floor(random() * 60)::int
        FROM desa d CROSS JOIN unnest(%s::int[]) t(tahun) CROSS JOIN generate_series(1, 12) b(bulan)
             CROSS JOIN unnest(%s::text[]) r(kode)
        WHERE d.kode_provinsi = %s"""
    raw = get_engine(url).raw_connection()
    try:
        cur = raw.cursor()
        print(_load())
        cur.execute("DROP SCHEMA IF EXISTS muat_uji CASCADE; CREATE SCHEMA muat_uji; "
                    "CREATE TABLE muat_uji.layanan (LIKE public.layanan INCLUDING ALL); "
                    "ALTER TABLE muat_uji.layanan ADD FOREIGN KEY (kode_desa) REFERENCES public.desa (kode)")
        raw.commit()
        for attempt in ("dengan kunci", "tanpa kunci", "dengan kunci", "tanpa kunci"):
            cur.execute("TRUNCATE muat_uji.layanan")
            keys = _constraints(cur, "muat_uji.layanan") if attempt == "tanpa kunci" else []
            for name, _, _ in reversed(keys):
                cur.execute(f'ALTER TABLE muat_uji.layanan DROP CONSTRAINT "{name}"')
            raw.commit()
            start = time.monotonic()
            cur.execute(insert, (list(YEARS), registers, province))
            n = cur.rowcount
            raw.commit()
            loaded = time.monotonic() - start
            cur.execute("SET maintenance_work_mem = '2GB'")
            for name, _, definition in keys:
                cur.execute(f'ALTER TABLE muat_uji.layanan ADD CONSTRAINT "{name}" {definition}')
                raw.commit()
            cur.execute("RESET maintenance_work_mem")
            total = time.monotonic() - start
            cur.execute("SELECT pg_total_relation_size('muat_uji.layanan'), pg_indexes_size('muat_uji.layanan')")
            size, idx = cur.fetchone()
            print(f"  {attempt}: {n:,} baris, muat {loaded:.1f} s, seluruhnya {total:.1f} s "
                  f"({n / total / 1000:.0f} ribu baris/s); {size / n:.0f} B/baris (indeks {idx / n:.0f}); "
                  f"{_load()}", flush=True)
        cur.execute("DROP SCHEMA muat_uji CASCADE")
        raw.commit()
    finally:
        raw.close()


# --- measuring the pages ------------------------------------------------------------------------

LEVELS = ("nasional", "provinsi", "kabupaten", "puskesmas", "desa")
TABLES = ("layanan_bulanan", "sasaran_wilayah", "iks_ringkasan", "iks_ringkasan_wilayah", "layanan", "sasaran",
          "kelengkapan_wilayah", "desa", "puskesmas")


def _load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def views(rows, desa_provinces: list[str], n: int, rng: random.Random) -> list[tuple[str, str]]:
    """(level, URL query) of n random views per level: the country, a province, a kabupaten,
    a Puskesmas anywhere, a desa of any province that has desa registers; half with a month."""
    out = []
    with_desa = [r for r in rows if r[0] in set(desa_provinces)]
    for level in LEVELS:
        for _ in range(n if level != "nasional" else max(4, n // 2)):
            parts = dict(zip(LEVELS[1:], rng.choice(with_desa if level == "desa" else rows)))
            depth = LEVELS.index(level)
            search = "?" + "&".join(f"{k}={parts[k]}" for k in LEVELS[1:depth + 1]) if depth else ""
            if rng.random() < 0.5:
                search += ("&" if search else "?") + f"bulan={rng.randint(1, 12)}"
            out.append((level, search))
    return out


def measure(url: str, n: int, page: str, league_runs: int = 0) -> None:
    """The pages at every level (n random views each); league_runs=K: only the Dashboard
    Utama's league table and scorecard, K cold runs each, for the country and the province
    with the most Puskesmas (league_cold)."""
    os.environ["DATABASE_URL"] = url
    import app as dashboard  # noqa: F401  (registers the pages and callbacks)
    from benchmarks import common
    from benchmarks.common import pct
    from benchmarks.dash_client import Client, add_trivial_callback
    from callbacks.common import connect
    from domain.wilayah import Scope
    from layouts.ids import Iks, Utama, dom_id
    from layouts.pages import PAGE_BY_KEY

    add_trivial_callback()
    from sqlalchemy import event

    from data_access.db import get_engine

    spent = {"sql": 0.0}  # time inside the driver's execute (PostgreSQL + transfer), this process

    @event.listens_for(get_engine(url), "before_cursor_execute")
    def _before(conn, cursor, statement, params, context, many):
        conn.info["t0"] = time.perf_counter()

    @event.listens_for(get_engine(url), "after_cursor_execute")
    def _after(conn, cursor, statement, params, context, many):
        spent["sql"] += time.perf_counter() - conn.info.pop("t0", time.perf_counter())

    with connect() as conn:
        counts = common.area_counts(conn)
        rows = common.desa_rows(conn)
        desa_provinces = _desa_provinces(conn)
        settings = ", ".join(f"{k} {conn.exec_driver_sql('SHOW ' + k).scalar()}"
                             for k in ("random_page_cost", "shared_buffers", "work_mem"))
    print(f"data: {counts[0]:,} desa, {counts[1]:,} puskesmas, {counts[2]} kabupaten/kota; register desa di "
          f"{len(desa_provinces)} provinsi ({','.join(desa_provinces)}); PostgreSQL: {settings}")
    client = Client(dashboard.server, Scope.everything(), rows)
    post = client.post
    codes = list(PAGE_BY_KEY[page].indicators)
    info = {"page": page}
    callbacks = {
        f"PWS {page}: judul": (client.dep("pws-title", "filter-state"), info),
        f"PWS {page}: KPI dan tabel": (client.dep("pws-kpi", "filter-state"), info),
        f"PWS {page}: batang dan garis": (client.dep("pws-bars", "filter-state"), info),
        f"PWS {page}: peta (nilai)": (client.dep("pws-map-note", "filter-state"), info),
        f"PWS {page}: ringkasan": (client.dep("pws-ringkasan", "filter-state"), info),
        "IKS: KPI, tabel": (client.dep("iks-title", "filter-state"), None),
        "IKS: peta, peringkat": (client.dep(dom_id(Iks.MAP_SPEC), "filter-state"), None),
        "Utama: scorecard": (client.dep(f"{Utama.GRID}.rowData", "filter-state"), None),
        "Utama: peringkat Puskesmas": (client.dep(f"{Utama.LEAGUE}.rowData", "filter-state"), None),
    }
    only_above_puskesmas = {"Utama: peringkat Puskesmas"}

    def values(state, code):
        return {"filter-state.data": state, "pws-page.data": info, "pws-indikator.value": code,
                "pws-map-mode.value": "status", "iks-indikator.value": "iks"}

    # (type() and not getattr: a module may hold a werkzeug proxy, which refuses outside a request)
    cached = list({id(fn): fn for name, module in list(sys.modules.items())
                   if name.split(".")[0] in ("data_access", "callbacks") and module is not None
                   for fn in vars(module).values()
                   if type(fn).__name__ in ("function", "_lru_cache_wrapper") and hasattr(fn, "cache_clear")}.values())

    def forget():
        """Cold path: every cached result of the app's queries and callbacks forgotten (the
        data_access and callbacks caches, found by their cache_clear)."""
        for fn in cached:
            fn.cache_clear()

    if league_runs:
        league_cold(client, callbacks, forget, rows, league_runs, spent)
        return
    rng = random.Random(SEED)
    chosen = views(rows, desa_provinces, n, rng)
    print(f"{len(cached)} fungsi bertembolok dikosongkan sebelum tiap tampilan; {_load()}")
    for level, search in chosen[::7][:6]:  # warm up: imports, statement compilation, buffers
        state = client.filter(search)[2]
        for label, (dep, keys) in callbacks.items():
            if not (label in only_above_puskesmas and level in ("puskesmas", "desa")):
                post(dep, values(state, codes[0]), keys)
    times: dict = {"trivial": []}
    sql_ms: dict = {}
    errors: list = []
    for level, search in chosen:
        forget()
        times["trivial"].append(client.time_trivial(search))
        t, _, state = client.filter(search)
        times.setdefault(("filter bar", level), []).append(t)
        code = rng.choice(codes)
        for label, (dep, keys) in callbacks.items():
            if label in only_above_puskesmas and level in ("puskesmas", "desa"):
                continue  # the league table is shown for nasional, provinsi and kabupaten only
            try:
                spent["sql"] = 0.0
                times.setdefault((label, level), []).append(post(dep, values(state, code), keys)[0])
                sql_ms.setdefault((label, level), []).append(spent["sql"] * 1000)
            except AssertionError as exc:
                errors.append(f"{label} {search}: {str(exc)[:200]}")
    print(_load())
    trivial = times.pop("trivial")
    print(f"\nwaktu server per callback (ms), tembolok dikosongkan sebelum tiap tampilan; "
          f"pembanding: {common.TRIVIAL} p50 {pct(trivial, 50):.1f}, p95 {pct(trivial, 95):.1f} "
          f"(n={len(trivial)}); target p95 ≤ 3 × p95 pembanding + 20 = {common.target(trivial):.1f} ms")
    labels = ["filter bar", *callbacks]
    print(f"{'callback':<32}" + "".join(f"{lv:>20}" for lv in LEVELS))
    print(f"{'':<32}" + "".join(f"{'p50 / p95':>20}" for _ in LEVELS))
    for label in labels:
        cells = []
        for level in LEVELS:
            vals = times.get((label, level))
            cells.append(f"{pct(vals, 50):.0f} / {pct(vals, 95):.0f}" if vals else "–")
        print(f"{label:<32}" + "".join(f"{c:>20}" for c in cells))
    print("\nwaktu SQL di dalamnya (eksekusi driver: PostgreSQL + transfer), p50 ms:")
    for label in callbacks:
        cells = [f"{pct(sql_ms[(label, lv)], 50):.0f}" if (label, lv) in sql_ms else "–" for lv in LEVELS]
        print(f"{label:<32}" + "".join(f"{c:>20}" for c in cells))
    worst = max(((pct(v, 95), k) for k, v in times.items()), key=lambda x: x[0])
    print(f"terburuk: {worst[1][0]}, {worst[1][1]}: p95 {worst[0]:.0f} ms")
    for e in errors[:10]:
        print("GALAT:", e)
    sizes(url)


def league_cold(client, callbacks, forget, rows, runs: int, spent: dict) -> None:
    """The Utama league table and scorecard cold (every cache emptied, then the filter bar,
    then the callback alone), `runs` times each, for the country and for the province with
    the most Puskesmas, in January (two years read) and in the latest month: server time
    and this thread's CPU time (Python's share; PostgreSQL's work is not in it), p50."""
    from benchmarks.common import pct

    puskesmas: dict[str, set] = {}
    for provinsi, _kabupaten, kode, _desa in rows:
        puskesmas.setdefault(provinsi, set()).add(kode)
    largest = max(sorted(puskesmas), key=lambda p: len(puskesmas[p]))
    print(f"provinsi terbesar: {largest} ({len(puskesmas[largest]):,} Puskesmas); {_load()}")
    print(f"{'callback':<28}{'tampilan':<24}{'waktu p50':>10}{'min':>8}{'CPU p50':>10}{'SQL p50':>10}  ms")
    for label in ("Utama: peringkat Puskesmas", "Utama: scorecard"):
        dep = callbacks[label][0]
        # warm up: imports, statements
        client.post(dep, {"filter-state.data": client.filter(f"?provinsi={largest}")[2]})
        for search in ("", "?bulan=1", f"?provinsi={largest}", f"?provinsi={largest}&bulan=1"):
            wall, cpu, sql = [], [], []
            for _ in range(runs):
                forget()
                state = client.filter(search)[2]
                spent["sql"], c0 = 0.0, time.thread_time()
                wall.append(client.post(dep, {"filter-state.data": state})[0])
                cpu.append((time.thread_time() - c0) * 1000)
                sql.append(spent["sql"] * 1000)
            print(f"{label:<28}{search or 'nasional':<24}{pct(wall, 50):>10.0f}{min(wall):>8.0f}"
                  f"{pct(cpu, 50):>10.0f}{pct(sql, 50):>10.0f}")
    print(_load())


def sizes(url: str) -> None:
    from sqlalchemy import text

    from data_access.db import get_engine

    with get_engine(url).connect() as conn:
        print("\nukuran tabel (pg_total_relation_size: data + indeks + TOAST):")
        for name in TABLES:
            n, total, idx = conn.execute(text(
                "SELECT (SELECT count(*) FROM " + name + "), pg_total_relation_size(:t), "  # our own table names
                "pg_indexes_size(:t)"), {"t": name}).one()
            print(f"  {name:<24}{n:>12,} baris {total / 2**20:10.1f} MB (indeks {idx / 2**20:.1f} MB)"
                  f"  {total / max(n, 1):.0f} B/baris")
        db = conn.execute(text("SELECT pg_database_size(current_database())")).scalar()
        print(f"  basis data seluruhnya: {db / 2**30:.2f} GB")


# --- the write side: a kabupaten import's summary refresh, and ANALYZE ---------------------------

def import_refresh(url: str, kabupaten: list[str], runs: int = 3) -> None:
    """What a kabupaten import of desa registers adds to its transaction: re-summing its
    Puskesmas, itself and its province (store.refresh_program_summary, one year, level desa,
    the kabupaten's desa as the import's), timed and rolled back; kabupaten in turns."""
    from sqlalchemy import text

    from data_access.db import get_engine
    from data_access.store import refresh_program_summary
    from domain.codes import Level

    engine = get_engine(url)
    with engine.connect() as conn:
        desa = {k: [r[0] for r in conn.execute(text("SELECT kode FROM desa WHERE kode_kabupaten = :k"), {"k": k})]
                for k in kabupaten}
        for k in kabupaten:
            p = k.split(".")[0]
            n_prov = conn.execute(text("SELECT count(*) FROM desa WHERE kode_provinsi = :p"), {"p": p}).scalar()
            print(f"kabupaten {k}: {len(desa[k])} desa, provinsi {p}: {n_prov:,} desa")
    print(_load())
    for run in range(1, runs + 1):
        for k in kabupaten:
            with engine.connect() as conn:
                tx = conn.begin()
                start = time.monotonic()
                refresh_program_summary(conn, [YEARS[-1]], level=Level.DESA, desa=desa[k])
                spent = time.monotonic() - start
                tx.rollback()
            print(f"  [{run}] {k}: {spent:.2f} s; {_load()}", flush=True)


def time_analyze(url: str, cold: bool) -> None:
    """The app's ANALYZE after an import (data_access.db.analyze: the whole database), timed
    once with the operating system's page cache dropped first (--dingin; needs root; the
    server's own 128 MB of shared buffers are not emptied), then twice warm."""
    from data_access.db import analyze, get_engine

    engine = get_engine(url)
    with engine.connect():
        pass  # a pooled connection exists before the clock starts
    labels = ["hangat", "hangat"]
    if cold:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        labels.insert(0, "dingin (cache halaman OS dikosongkan)")
    for label in labels:
        start = time.monotonic()
        analyze(engine)
        print(f"  ANALYZE seluruh basis data, {label}: {time.monotonic() - start:.1f} s; {_load()}", flush=True)


# --- dry run: the biggest summary table partitioned by province --------------------------------

PARTITION_SCHEMA = "partisi"  # a scratch schema beside the app's tables; dropped and rebuilt here


def _explain(cur, sql: str, runs: int = 5) -> tuple[list[str], float]:
    """The plan lines that tell where a query went (scans, pruning) and its best time of
    `runs` executions (ms, EXPLAIN ANALYZE's Execution Time)."""
    best, plan = float("inf"), []
    for _ in range(runs):
        cur.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) " + sql)
        lines = [r[0] for r in cur.fetchall()]
        best = min(best, float(lines[-1].split(":")[1].split()[0]))
        plan = lines
    return plan, best


def partition_dry_run(url: str, verbose: bool = False) -> None:
    """layanan_bulanan copied into a table partitioned BY LIST (kode_provinsi), one
    partition per province, then the app's own PWS statement (data_access.pws) at the
    province and kabupaten level run unchanged on both layouts (search_path picks the
    table), and once more with the province named, as a sharded layout would need."""
    from sqlalchemy import text

    from data_access.db import get_engine
    from data_access.pws import _counts_statement
    from data_access.skor import REGISTERS
    from domain.codes import Level

    engine = get_engine(url)
    print(_load())
    with engine.begin() as sa_conn:
        cur = sa_conn.connection.dbapi_connection.cursor()
        start = time.monotonic()
        for name in (PARTITION_SCHEMA, f"{PARTITION_SCHEMA}_urut"):
            cur.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}")
        cur.execute(f"""CREATE TABLE {PARTITION_SCHEMA}.layanan_bulanan (
                kode_provinsi varchar(2) NOT NULL, LIKE public.layanan_bulanan INCLUDING DEFAULTS,
                PRIMARY KEY (kode_provinsi, tingkat, kode, tahun, indikator)) PARTITION BY LIST (kode_provinsi)""")
        provinces = [r[0] for r in sa_conn.execute(text("SELECT kode FROM provinsi ORDER BY kode"))]
        for p in provinces:  # codes read from our own provinsi table (two digits)
            cur.execute(f"CREATE TABLE {PARTITION_SCHEMA}.layanan_bulanan_p{p} PARTITION OF "
                        f"{PARTITION_SCHEMA}.layanan_bulanan FOR VALUES IN ('{p}')")
        cur.execute(f"""INSERT INTO {PARTITION_SCHEMA}.layanan_bulanan
            SELECT COALESCE(k.kode_provinsi, kp.kode_provinsi, lb.kode), lb.*
            FROM layanan_bulanan lb
            LEFT JOIN puskesmas p ON lb.tingkat = 'puskesmas' AND p.kode = lb.kode
            LEFT JOIN kabupaten kp ON kp.kode = p.kode_kabupaten
            LEFT JOIN kabupaten k ON lb.tingkat = 'kabupaten' AND k.kode = lb.kode""")
        print(f"{PARTITION_SCHEMA}.layanan_bulanan: {cur.rowcount:,} baris dalam {len(provinces)} partisi, "
              f"{time.monotonic() - start:.0f} s")
        cur.execute(f"ANALYZE {PARTITION_SCHEMA}.layanan_bulanan")
        cur.execute(f"""SELECT min(s), percentile_cont(0.5) WITHIN GROUP (ORDER BY s), max(s), sum(s) FROM (
            SELECT pg_total_relation_size(c.oid) AS s FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = '{PARTITION_SCHEMA}.layanan_bulanan'::regclass) x""")
        lo, mid, hi, total = cur.fetchone()
        print(f"ukuran partisi: min {lo / 2**20:.1f} MB, median {mid / 2**20:.1f} MB, maks {hi / 2**20:.1f} MB, "
              f"jumlah {total / 2**30:.2f} GB")

        # the same rows in one plain table written in primary-key order (as CLUSTER leaves it):
        # a Puskesmas code starts with its province's, so each province's rows sit together
        start = time.monotonic()
        cur.execute(f"""CREATE TABLE {PARTITION_SCHEMA}_urut.layanan_bulanan AS
            SELECT * FROM layanan_bulanan ORDER BY tingkat, kode, tahun, indikator""")
        cur.execute(f"ALTER TABLE {PARTITION_SCHEMA}_urut.layanan_bulanan "
                    "ADD PRIMARY KEY (tingkat, kode, tahun, indikator)")
        cur.execute(f"ANALYZE {PARTITION_SCHEMA}_urut.layanan_bulanan")
        print(f"{PARTITION_SCHEMA}_urut.layanan_bulanan (urut kunci, tanpa partisi): "
              f"{time.monotonic() - start:.0f} s")

        registers = list(REGISTERS)
        cur.execute("SELECT kode_provinsi, kode FROM kabupaten WHERE kode_provinsi = '13' ORDER BY kode LIMIT 1")
        prov, kab = cur.fetchone()
        cases = [
            ("Puskesmas dalam satu kabupaten", Level.KABUPATEN, Level.PUSKESMAS, kab),
            ("Puskesmas dalam satu provinsi (league table)", Level.PROVINSI, Level.PUSKESMAS, prov),
            ("kabupaten dalam satu provinsi", Level.PROVINSI, Level.KABUPATEN, prov),
            ("provinsi se-Indonesia (tampilan nasional)", Level.NASIONAL, Level.PROVINSI, None),
        ]
        for label, area_level, level, kode in cases:
            stmt = _counts_statement(area_level, Level.NASIONAL, level).params(
                area_kode=kode, scope_kode=None, years=[2024, 2025], tahun=2025, codes=registers)
            sql = str(stmt.compile(dialect=sa_conn.dialect, compile_kwargs={"literal_binds": True}))
            print(f"\n== {label} ({'kode ' + kode if kode else 'semua'}); {len(registers)} register, 2 tahun")
            variants = [("tabel biasa (public)", "public", sql),
                        ("tabel biasa, urut kunci primer", f"{PARTITION_SCHEMA}_urut, public", sql),
                        ("berpartisi, pernyataan aplikasi apa adanya", f"{PARTITION_SCHEMA}, public", sql)]
            if kode:
                named = sql.replace("WHERE layanan_bulanan.tingkat",
                                    f"WHERE layanan_bulanan.kode_provinsi = '{prov}' AND layanan_bulanan.tingkat", 1)
                variants.append(("berpartisi, dengan kode_provinsi = '" + prov + "'",
                                 f"{PARTITION_SCHEMA}, public", named))
            for name, path, query in variants:
                cur.execute(f"SET LOCAL search_path = {path}")
                plan, best = _explain(cur, query)
                scans = sum(1 for ln in plan if "Scan" in ln and "layanan_bulanan" in ln)
                removed = [ln.strip() for ln in plan if "Subplans Removed" in ln]
                print(f"  {name}: {best:.1f} ms (terbaik dari 5); scan layanan_bulanan pada {scans} relasi"
                      + (f"; {removed[0]}" if removed else ""))
                if verbose:
                    print("\n".join("      " + ln for ln in plan))
        cur.execute("RESET search_path")
    print(_load())


def family_row_size(url: str, n: int = 1_000_000) -> None:
    """Bytes per family visit row (table + indexes), from `n` invented rows in a scratch copy
    of kunjungan_keluarga (its columns and indexes), dropped afterwards: the national figure
    of docs/skala.md is this × the visits of 70 million families."""
    from data_access.db import get_engine
    from indicators.registry import IKS_CODES

    with get_engine(url).begin() as sa_conn:
        cur = sa_conn.connection.dbapi_connection.cursor()
        cur.execute(f"CREATE SCHEMA IF NOT EXISTS {PARTITION_SCHEMA}; "
                    f"DROP TABLE IF EXISTS {PARTITION_SCHEMA}.kunjungan_contoh; "
                    f"CREATE TABLE {PARTITION_SCHEMA}.kunjungan_contoh (LIKE public.kunjungan_keluarga INCLUDING ALL)")
        answers = ", ".join("(ARRAY['Y','T','N'])[1 + floor(random() * 3)::int]" for _ in IKS_CODES)
        start = time.monotonic()
        cur.execute(f"""INSERT INTO {PARTITION_SCHEMA}.kunjungan_contoh
            SELECT lpad((3200000000000000 + g)::text, 16, '0'), DATE '2025-01-01' + (g %% 365),
                   d.kode, {answers}
            FROM generate_series(1, %s) g
            JOIN (SELECT kode, row_number() OVER (ORDER BY kode) - 1 AS i FROM desa) d
              ON d.i = g %% (SELECT count(*) FROM desa)""", (n,))
        cur.execute(f"SELECT pg_total_relation_size('{PARTITION_SCHEMA}.kunjungan_contoh'), "
                    f"pg_indexes_size('{PARTITION_SCHEMA}.kunjungan_contoh')")
        total, idx = cur.fetchone()
        print(f"kunjungan_keluarga contoh: {n:,} baris dalam {time.monotonic() - start:.0f} s, "
              f"{total / n:.0f} B/baris ({idx / n:.0f} B indeks); 70 juta keluarga × 1 kunjungan/tahun × 2 tahun "
              f"≈ {total / n * 140e6 / 2**30:.0f} GB")
        cur.execute(f"DROP TABLE {PARTITION_SCHEMA}.kunjungan_contoh")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--buat", action="store_true", help="buat (ganti) isi basis data nasional fiktif")
    parser.add_argument("--provinsi-desa", help="provinsi yang diberi baris register desa: KODE[,KODE…], "
                        "'semua' (terbesar dahulu) atau 'tidak' (bawaan: yang paling dekat 2.500 desa)")
    parser.add_argument("--tambah-desa", action="store_true",
                        help="tanpa --buat: tambahkan register desa provinsi --provinsi-desa yang belum ada")
    parser.add_argument("--uji-muat", metavar="PROVINSI",
                        help="muat register desa satu provinsi ke salinan sementara, dengan dan tanpa kunci")
    parser.add_argument("--impor-kabupaten", metavar="KAB[,KAB…]",
                        help="waktu penjumlahan ulang ringkasan sesudah impor kabupaten ini (dibatalkan)")
    parser.add_argument("--analyze", action="store_true", help="waktu ANALYZE seluruh basis data, hangat")
    parser.add_argument("--dingin", action="store_true", help="--analyze: sekali dulu dengan cache OS dikosongkan")
    parser.add_argument("--tanpa-kunci", action="store_true",
                        help="lepas kunci primer dan asing layanan/sasaran selama pemuatan, lalu buat lagi")
    parser.add_argument("--ukur", action="store_true", help="ukur juga sesudah --buat")
    parser.add_argument("--partisi", action="store_true", help="uji kering partisi per provinsi (skema partisi)")
    parser.add_argument("--rinci", action="store_true", help="--partisi: cetak rencana EXPLAIN lengkap")
    parser.add_argument("--contoh-keluarga", action="store_true",
                        help="ukur byte per baris kunjungan keluarga (1 juta baris contoh, lalu dihapus)")
    parser.add_argument("--ukuran", action="store_true", help="hanya ukuran tabel")
    parser.add_argument("--n", type=int, default=20, help="tampilan acak per tingkat")
    parser.add_argument("--halaman", default="klaster-2", help="halaman PWS yang diukur")
    parser.add_argument("--peringkat", type=int, default=0, metavar="K",
                        help="hanya peringkat Puskesmas dan scorecard Utama, dingin, K kali: nasional "
                             "dan provinsi terbesar")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    if args.uji_muat:
        load_trial(args.database_url, args.uji_muat)
        return
    if args.impor_kabupaten or args.analyze:
        if args.impor_kabupaten:
            import_refresh(args.database_url, args.impor_kabupaten.split(","))
        if args.analyze:
            time_analyze(args.database_url, args.dingin)
        return
    if args.buat:
        build(args.database_url, args.provinsi_desa, args.tanpa_kunci)
    elif args.tambah_desa:
        from data_access.db import get_engine

        engine = get_engine(args.database_url)
        start = time.monotonic()
        load_desa_registers(engine, choose_provinces(engine, args.provinsi_desa), without_keys=args.tanpa_kunci)
        print(f"register desa dimuat dalam {time.monotonic() - start:.0f} s")
    if args.contoh_keluarga:
        family_row_size(args.database_url)
    if args.partisi:
        partition_dry_run(args.database_url, args.rinci)
    elif args.ukuran:
        sizes(args.database_url)
    elif not (args.buat or args.tambah_desa) or args.ukur:
        measure(args.database_url, args.n, args.halaman, args.peringkat)


if __name__ == "__main__":
    main()
