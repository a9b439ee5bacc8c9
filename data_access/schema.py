"""The database schema (SQLAlchemy Core): wilayah, boundaries, PIS-PK visits and their summaries."""
from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from indicators.registry import IKS_CODES

# A change to a table here needs a revision as well (`python cli.py db revision`, README
# "Schema migrations"): an empty database is created from this metadata, any other one is
# upgraded by the revisions, and tests/test_migrations.py checks that both end the same.
metadata = MetaData()

provinsi = Table(
    "provinsi",
    metadata,
    Column("kode", String(2), primary_key=True),
    Column("nama", String(120), nullable=False),
)

kabupaten = Table(
    "kabupaten",
    metadata,
    Column("kode", String(5), primary_key=True),
    Column("nama", String(120), nullable=False),
    Column("kode_provinsi", String(2), ForeignKey("provinsi.kode"), nullable=False),
)

kecamatan = Table(
    "kecamatan",
    metadata,
    Column("kode", String(8), primary_key=True),
    Column("nama", String(120), nullable=False),
    Column("kode_kabupaten", String(5), ForeignKey("kabupaten.kode"), nullable=False),
)

puskesmas = Table(
    "puskesmas",
    metadata,
    Column("kode", String(20), primary_key=True),
    Column("nama", String(120), nullable=False),
    Column("kode_kabupaten", String(5), ForeignKey("kabupaten.kode"), nullable=False),
)

# Each desa carries its whole ancestry so that a scope filter is one indexed comparison.
desa = Table(
    "desa",
    metadata,
    Column("kode", String(13), primary_key=True),
    Column("nama", String(120), nullable=False),
    Column("kode_kecamatan", String(8), ForeignKey("kecamatan.kode"), nullable=False),
    Column("kode_puskesmas", String(20), ForeignKey("puskesmas.kode"), nullable=False),
    Column("kode_kabupaten", String(5), ForeignKey("kabupaten.kode"), nullable=False),
    Column("kode_provinsi", String(2), ForeignKey("provinsi.kode"), nullable=False),
    Column("jumlah_penduduk", Integer),
    # registered families: the denominator of visit coverage (NULL when unknown)
    Column("jumlah_keluarga", Integer),
    # each level's desa with their child area and registered families: the IKS page's count of
    # desa and families per child area is read from the index alone, in group order (a
    # province's 6,000 desa: 4,3 → 1,0 ms)
    Index("ix_desa_puskesmas_ringkas", "kode_puskesmas", "kode", "jumlah_keluarga"),
    Index("ix_desa_kabupaten_ringkas", "kode_kabupaten", "kode_puskesmas", "jumlah_keluarga"),
    Index("ix_desa_provinsi_ringkas", "kode_provinsi", "kode_kabupaten", "jumlah_keluarga"),
    # the same for the population (the morbidity map's per 1.000): a province's 6,000 desa
    # summed per kabupaten from the index alone (10 → 2 ms)
    Index("ix_desa_kabupaten_penduduk", "kode_kabupaten", "kode_puskesmas", "jumlah_penduduk"),
    Index("ix_desa_provinsi_penduduk", "kode_provinsi", "kode_kabupaten", "jumlah_penduduk"),
)

# Repaired, full-resolution desa polygons (GeoJSON geometry text): the source for every outline.
batas_desa = Table(
    "batas_desa",
    metadata,
    Column("kode_desa", String(13), ForeignKey("desa.kode"), primary_key=True),
    Column("geojson", Text, nullable=False),
)

# Simplified outlines per level, ready for the browser: desa, puskesmas, kabupaten, provinsi.
peta = Table(
    "peta",
    metadata,
    Column("tingkat", String(12), primary_key=True),
    Column("kode", String(20), primary_key=True),
    Column("geojson", Text, nullable=False),
)

_ANSWERS = [Column(code, String(1), nullable=False) for code in IKS_CODES]

kunjungan_keluarga = Table(
    "kunjungan_keluarga",
    metadata,
    Column("id_keluarga", String(40), primary_key=True),
    Column("tanggal_kunjungan", Date, primary_key=True),
    Column("kode_desa", String(13), ForeignKey("desa.kode"), nullable=False),
    *_ANSWERS,
    Index("ix_kunjungan_desa", "kode_desa"),
)

# One row per desa × year × (initial or current state): what every IKS page reads.
# A row exists for the years in which the desa had visits; a year without visits
# carries the latest earlier row forward (the state as of 31 December is unchanged).
iks_ringkasan = Table(
    "iks_ringkasan",
    metadata,
    Column("kode_desa", String(13), ForeignKey("desa.kode"), primary_key=True),
    Column("tahun", Integer, primary_key=True),
    Column("awal", Boolean, primary_key=True),
    Column("keluarga_dikunjungi", Integer, nullable=False),
    Column("keluarga_iks", Integer, nullable=False),
    Column("sehat", Integer, nullable=False),
    Column("pra_sehat", Integer, nullable=False),
    Column("tidak_sehat", Integer, nullable=False),
    Column("semua_n", Integer, nullable=False),
    *[Column(f"y_{code}", Integer, nullable=False) for code in IKS_CODES],
    *[Column(f"t_{code}", Integer, nullable=False) for code in IKS_CODES],
    Index("ix_iks_ringkasan_tahun", "tahun", "awal"),
)

# The same counts summed per Puskesmas, kabupaten and provinsi (tingkat), kept current with
# iks_ringkasan: a province page reads 14 rows here instead of summing 6,000 desa rows.
iks_ringkasan_wilayah = Table(
    "iks_ringkasan_wilayah",
    metadata,
    Column("tingkat", String(12), primary_key=True),
    Column("kode", String(20), primary_key=True),
    Column("tahun", Integer, primary_key=True),
    Column("awal", Boolean, primary_key=True),
    *[Column(c.name, Integer, nullable=False) for c in iks_ringkasan.columns
      if c.name not in ("kode_desa", "tahun", "awal")],
    Index("ix_iks_ringkasan_wilayah_tahun", "tingkat", "tahun", "awal"),
)

info = Table(
    "info",
    metadata,
    Column("kunci", String(40), primary_key=True),
    Column("nilai", Text, nullable=False),
    Column("diubah", DateTime),
)

SUMMARY_COUNT_COLUMNS = [
    c.name for c in iks_ringkasan.columns if c.name not in ("kode_desa", "tahun", "awal")
]

# Imports started from the upload page run in a background thread; their progress lives
# here (not in process memory) so that any worker can answer the page's polling.
pekerjaan_impor = Table(
    "pekerjaan_impor",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("dataset", String(20), nullable=False),
    Column("nama_berkas", String(255), nullable=False),
    Column("status", String(12), nullable=False),  # berjalan, berhasil, ditolak, gagal
    Column("selesai", Integer, nullable=False, default=0),
    Column("total", Integer),
    Column("pesan", Text),
    Column("dibuat", DateTime, nullable=False),
    Column("diubah", DateTime, nullable=False),
    # what the import process needs (it has no request): the stored upload, who asked, from where
    Column("berkas", String(500)),
    Column("pengguna", String(64)),  # None: the operator
    Column("alamat", String(64)),
    # "dataset|tingkat|kode" while the job runs, None after: unique, so a second import of the
    # same dataset for the same wilayah is refused by the database itself, even at the same instant
    Column("kunci", String(80)),
    # who runs it and when it last said it is alive: a job whose process is gone is marked gagal
    Column("pid", Integer),
    Column("host", String(255)),
    Column("detak", DateTime),
    UniqueConstraint("kunci", name="pekerjaan_impor_kunci_key"),  # named: the migration drops it by name
)

# --- program registers, sasaran, targets and the import log (issue 3, data-contract.md) ---

# Monthly count of services of one register (indicators/program.py) in one desa. Read by
# desa through the primary key only: an index on (tahun, indikator) made SQLite scan a whole
# province's year instead of one Puskesmas' desa (2.9 s instead of milliseconds).
layanan = Table(
    "layanan",
    metadata,
    Column("kode_desa", String(13), ForeignKey("desa.kode"), primary_key=True),
    Column("tahun", Integer, primary_key=True),
    Column("bulan", Integer, primary_key=True),
    Column("indikator", String(30), primary_key=True),
    Column("nilai", Integer, nullable=False),
)

# Annual target population of a desa; an estimate, so fractional (101.2 pregnant women).
# Primary key only, as layanan.
sasaran = Table(
    "sasaran",
    metadata,
    Column("kode_desa", String(13), ForeignKey("desa.kode"), primary_key=True),
    Column("tahun", Integer, primary_key=True),
    Column("sasaran", String(30), primary_key=True),
    Column("jumlah", Float, nullable=False),
)

# Annual target in percent (95 = 95%). kode_wilayah '' is the target everywhere; a
# kabupaten (dotted code) or Puskesmas code overrides it for that area. Not a foreign key:
# '' names no row, and the code may be either kind of area.
target = Table(
    "target",
    metadata,
    Column("indikator", String(30), primary_key=True),
    Column("tahun", Integer, primary_key=True),
    Column("kode_wilayah", String(20), primary_key=True, server_default="", default=""),
    Column("target_persen", Float, nullable=False),
)

# layanan and sasaran summed per Puskesmas, kabupaten and provinsi (tingkat), rewritten in the
# same transaction as every write (data_access.store.refresh_program_summary): a province's
# PWS page reads a few hundred rows here instead of summing 6,000 desa × 13 months.
# One row per area, register and year with its twelve months side by side: a page needs
# every month of an area anyway, and a kabupaten of 120 Puskesmas is then 240 rows read,
# not 1,560 (rows, not bytes, are what a read costs). Without rowid on SQLite, the rows
# are stored in key order: each area's row is found in one B-tree descent.
BULAN = range(1, 13)
NILAI_BULAN = tuple(f"n{m:02d}" for m in BULAN)  # the month's sum; NULL: no desa reported it
LAPOR_BULAN = tuple(f"l{m:02d}" for m in BULAN)  # desa that reported it that month
layanan_bulanan = Table(
    "layanan_bulanan",
    metadata,
    Column("tingkat", String(12), primary_key=True),
    Column("kode", String(20), primary_key=True),
    Column("tahun", Integer, primary_key=True),
    Column("indikator", String(30), primary_key=True),
    *[Column(name, BigInteger) for name in NILAI_BULAN],
    *[Column(name, Integer, nullable=False) for name in LAPOR_BULAN],
    sqlite_with_rowid=False,
)

sasaran_wilayah = Table(
    "sasaran_wilayah",
    metadata,
    Column("tingkat", String(12), primary_key=True),
    Column("tahun", Integer, primary_key=True),
    Column("sasaran", String(30), primary_key=True),
    Column("kode", String(20), primary_key=True),
    Column("jumlah", Float, nullable=False),
    Column("desa_ada", Integer, nullable=False),  # desa with this sasaran (the rest have none)
)

# One row per import attempt, accepted or rejected.
impor_log = Table(
    "impor_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("waktu", DateTime, nullable=False),
    Column("dataset", String(20), nullable=False),
    Column("nama_berkas", String(255), nullable=False),
    Column("checksum", String(64)),  # sha256 of the file; NULL when it could not be read
    Column("baris", Integer, nullable=False),
    Column("ditambah", Integer, nullable=False),
    Column("diubah", Integer, nullable=False),
    Column("tetap", Integer, nullable=False),
    Column("hasil", String(10), nullable=False),  # 'berhasil' or 'ditolak'
    Column("pesan", Text, nullable=False),
    # who imported ('operator': the command line without --pengguna), and the wilayah they
    # acted for (NULL: rows older than revision 0003, shown to national users only); the
    # page's import log shows each user the imports of their own wilayah
    Column("pengguna", String(64)),
    Column("tingkat_wilayah", String(12)),
    Column("kode_wilayah", String(20)),
    Index("ix_impor_log_waktu", "waktu"),
)

# --- users, sessions and the audit log (issue 12, README "Pengguna dan hak akses") ---

# A user sees the subtree under their wilayah (tingkat 'nasional', kode NULL: everything).
# sandi_hash is Werkzeug's scrypt hash (salted; never the password). Deactivating a user
# keeps the row (the audit log names them) and ends their sessions.
pengguna = Table(
    "pengguna",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("nama", String(64), nullable=False, unique=True),
    Column("nama_lengkap", String(120), nullable=False, server_default="", default=""),
    Column("sandi_hash", String(255), nullable=False),
    Column("peran", String(12), nullable=False),  # domain.access.Role
    Column("tingkat_wilayah", String(12), nullable=False),
    Column("kode_wilayah", String(20)),
    Column("aktif", Boolean, nullable=False, default=True),
    Column("login_terakhir", DateTime),
    Column("dibuat", DateTime, nullable=False),
    Column("diubah", DateTime, nullable=False),
)

# One row per signed-in browser: the cookie holds only the random token's hash key; logout,
# deactivation and a new password delete the rows, so a copied cookie stops working at once.
sesi = Table(
    "sesi",
    metadata,
    Column("token", String(64), primary_key=True),  # sha256 of the cookie's token
    Column("id_pengguna", Integer, ForeignKey("pengguna.id"), nullable=False),
    Column("dibuat", DateTime, nullable=False),
    Column("kedaluwarsa", DateTime, nullable=False),
    Column("alamat", String(64)),
    Index("ix_sesi_pengguna", "id_pengguna"),
)

# Who did what, when, from where: login (berhasil, gagal, ditahan), logout, import, export
# and download, user changes. Read by admins on the Audit page; failed logins in the last
# minutes are also what throttles the next attempt (callbacks/auth.py).
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("waktu", DateTime, nullable=False),
    Column("pengguna", String(64)),  # the user acting, or the name tried at a failed login
    Column("peristiwa", String(30), nullable=False),
    Column("rincian", Text, nullable=False, server_default="", default=""),
    Column("alamat", String(64)),  # the client's address (or 'cli')
    Column("tingkat_wilayah", String(12)),  # the actor's wilayah, to show each admin their own
    Column("kode_wilayah", String(20)),
    Index("ix_audit_log_waktu", "waktu"),
    Index("ix_audit_log_peristiwa", "peristiwa", "waktu"),
)

# --- visits and morbidity (issue 13, the Dashboard Utama; domain/kategori.py) ---

# Monthly visits counted by a Puskesmas: where (tempat, and which Pustu or Posyandu by name,
# '' for the Puskesmas itself or unnamed), which klaster, age group, sex, disability, and the
# desa the visitors live in ('' unknown). Every column but jumlah is the natural key.
kunjungan_bulanan = Table(
    "kunjungan_bulanan",
    metadata,
    Column("kode_puskesmas", String(20), ForeignKey("puskesmas.kode"), primary_key=True),
    Column("tahun", Integer, primary_key=True),
    Column("bulan", Integer, primary_key=True),
    Column("tempat", String(10), primary_key=True),
    Column("nama_tempat", String(100), primary_key=True, server_default="", default=""),
    Column("klaster", Integer, primary_key=True),
    Column("kelompok_umur", String(8), primary_key=True),
    Column("jenis_kelamin", String(1), primary_key=True),
    Column("disabilitas", String(1), primary_key=True),
    Column("kode_desa", String(13), primary_key=True, server_default="", default=""),
    Column("jumlah", Integer, nullable=False),
)

def _area_month() -> list[Column]:
    """The key that the per-area monthly summaries below start with: the area (its level and
    code) and the month."""
    return [Column("tingkat", String(12), primary_key=True), Column("kode", String(20), primary_key=True),
            Column("tahun", Integer, primary_key=True), Column("bulan", Integer, primary_key=True)]


# kunjungan_bulanan summed per Puskesmas, kabupaten and provinsi (tingkat), without the place
# name and desa: what the page's trend and breakdowns read. Rewritten with every import.
kunjungan_wilayah = Table(
    "kunjungan_wilayah",
    metadata,
    *_area_month(),
    Column("tempat", String(10), primary_key=True),
    Column("klaster", Integer, primary_key=True),
    Column("kelompok_umur", String(8), primary_key=True),
    Column("jenis_kelamin", String(1), primary_key=True),
    Column("disabilitas", String(1), primary_key=True),
    Column("jumlah", BigInteger, nullable=False),
    sqlite_with_rowid=False,
)

# New cases per month of one diagnosis (ICD-10, canonical 'J06.9') among the residents of a
# desa, by age group and sex; the diagnosis' name as the file gave it is kept in `diagnosis`.
morbiditas = Table(
    "morbiditas",
    metadata,
    Column("kode_desa", String(13), ForeignKey("desa.kode"), primary_key=True),
    Column("tahun", Integer, primary_key=True),
    Column("bulan", Integer, primary_key=True),
    Column("kode_icd", String(8), primary_key=True),
    Column("kelompok_umur", String(8), primary_key=True),
    Column("jenis_kelamin", String(1), primary_key=True),
    Column("jumlah", Integer, nullable=False),
)

# morbiditas summed per desa, Puskesmas, kabupaten and provinsi (tingkat) over age and sex:
# the top ten, the trend and the map read here.
morbiditas_wilayah = Table(
    "morbiditas_wilayah",
    metadata,
    *_area_month(),
    Column("kode_icd", String(8), primary_key=True),
    Column("jumlah", BigInteger, nullable=False),
    Index("ix_morbiditas_wilayah_icd", "tingkat", "kode_icd", "tahun", "bulan"),
    sqlite_with_rowid=False,
)

# The name of each diagnosis code as the latest import gave it.
diagnosis = Table(
    "diagnosis",
    metadata,
    Column("kode_icd", String(8), primary_key=True),
    Column("nama", String(200), nullable=False),
)

# morbiditas summed per kabupaten and provinsi by age group and sex: the breakdown of one
# diagnosis for a province reads a few dozen rows here instead of a province's desa rows
# (90,000 for ISPA in one month). A Puskesmas and a desa are summed from morbiditas itself
# (a Puskesmas has a few dozen desa: one index look-up each).
MORBIDITAS_RINCIAN_TINGKAT = ("kabupaten", "provinsi")
morbiditas_rincian = Table(
    "morbiditas_rincian",
    metadata,
    *_area_month(),
    Column("kode_icd", String(8), primary_key=True),
    Column("kelompok_umur", String(8), primary_key=True),
    Column("jenis_kelamin", String(1), primary_key=True),
    Column("jumlah", BigInteger, nullable=False),
    sqlite_with_rowid=False,
)

# --- lokakarya mini (issue 14): the follow-up plan and the presenter's slide order ---

# RTL (rencana tindak lanjut): an action agreed at a Puskesmas' lokakarya mini on the data of
# (tahun, bulan). indikator and kode_desa are optional (the indicator and desa it targets).
# Written only by the Puskesmas itself (data_access/rtl.py); a Dinkes reads its subtree.
RTL_STATUS = ("belum", "berjalan", "selesai", "batal")
rtl = Table(
    "rtl",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kode_puskesmas", String(20), ForeignKey("puskesmas.kode"), nullable=False),
    Column("tahun", Integer, nullable=False),
    Column("bulan", Integer, nullable=False),
    Column("masalah", Text, nullable=False),
    Column("penyebab", Text, nullable=False, server_default="", default=""),
    Column("tindakan", Text, nullable=False),
    Column("pj", String(120), nullable=False),
    Column("tenggat", Date),
    Column("indikator", String(40)),
    Column("kode_desa", String(13)),
    Column("status", String(10), nullable=False, server_default="belum", default="belum"),
    Column("catatan", Text, nullable=False, server_default="", default=""),
    Column("dibuat_oleh", String(64), nullable=False),
    Column("dibuat", DateTime, nullable=False),
    Column("diubah_oleh", String(64), nullable=False),
    Column("diubah", DateTime, nullable=False),
    Index("ix_rtl_puskesmas", "kode_puskesmas", "tahun", "bulan"),
)

# The presenter's choice for a Puskesmas' deck: slide keys in their order and the hidden
# ones (JSON lists of the keys of indicators/lokmin.py); keys unknown to a month's deck are ignored.
lokmin_susunan = Table(
    "lokmin_susunan",
    metadata,
    Column("kode_puskesmas", String(20), ForeignKey("puskesmas.kode"), primary_key=True),
    Column("urutan", Text, nullable=False, server_default="[]", default="[]"),
    Column("sembunyi", Text, nullable=False, server_default="[]", default="[]"),
    Column("diubah_oleh", String(64), nullable=False),
    Column("diubah", DateTime, nullable=False),
)

# --- Klaster 1: Puskesmas-level registers and sasaran (keuangan, mutu; obat and kegiatan
# write theirs here too through data_access.store.write_puskesmas_registers) ---
# A register recorded per Puskesmas (indicators.program Register.level): rupiah spent, a
# quality indicator's numerator and denominator … per month. Summed with the desa-derived
# registers into layanan_bulanan (tingkat puskesmas/kabupaten/provinsi) by
# refresh_program_summary; the codes of the two levels are disjoint.
layanan_puskesmas = Table(
    "layanan_puskesmas",
    metadata,
    Column("kode_puskesmas", String(20), ForeignKey("puskesmas.kode"), primary_key=True),
    Column("tahun", Integer, primary_key=True),
    Column("bulan", Integer, primary_key=True),
    Column("indikator", String(40), primary_key=True),
    Column("nilai", BigInteger, nullable=False),  # rupiah need more than 32 bits
)

# A sasaran recorded per Puskesmas: the year's pagu of a source of funds (rupiah).
sasaran_puskesmas = Table(
    "sasaran_puskesmas",
    metadata,
    Column("kode_puskesmas", String(20), ForeignKey("puskesmas.kode"), primary_key=True),
    Column("tahun", Integer, primary_key=True),
    Column("sasaran", String(40), primary_key=True),
    Column("jumlah", Float, nullable=False),
)

# --- Klaster 1: keuangan ---
# As imported (one row per Puskesmas, month and source of funds); its registers
# (realisasi_<sumber>, per month) and sasaran (pagu_<sumber>: the pagu of the year's latest
# month imported) are derived into layanan_puskesmas/sasaran_puskesmas in the same transaction.
keuangan = Table(
    "keuangan",
    metadata,
    Column("kode_puskesmas", String(20), ForeignKey("puskesmas.kode"), primary_key=True),
    Column("tahun", Integer, primary_key=True),
    Column("bulan", Integer, primary_key=True),
    Column("sumber_dana", String(20), primary_key=True),
    Column("pagu", BigInteger, nullable=False),  # rupiah: the year's budget as known that month
    Column("realisasi", BigInteger, nullable=False),  # rupiah spent that month (not cumulative)
)

# --- Klaster 1: mutu ---
# As imported; each row becomes the registers mutu_<indikator>_pembilang/_penyebut.
mutu = Table(
    "mutu",
    metadata,
    Column("kode_puskesmas", String(20), ForeignKey("puskesmas.kode"), primary_key=True),
    Column("tahun", Integer, primary_key=True),
    Column("bulan", Integer, primary_key=True),
    Column("indikator", String(40), primary_key=True),
    Column("pembilang", Integer, nullable=False),
    Column("penyebut", Integer, nullable=False),
)

# --- Klaster 1: sdm ---

# One row per staff member per Puskesmas, without names or NIK: id_pegawai is an id the
# Puskesmas chooses (ingest/k1_sdm.py refuses a NIK-like number). Codes of jenis, status and
# pendidikan are declared in indicators/k1_sdm.py. The covering index serves the per-Puskesmas
# counts (data_access/k1_sdm.py) from the index alone: a province's 43,000 rows in one pass.
sdm = Table(
    "sdm",
    metadata,
    Column("kode_puskesmas", String(20), ForeignKey("puskesmas.kode"), primary_key=True),
    Column("id_pegawai", String(40), primary_key=True),
    Column("jenis_tenaga", String(20), nullable=False),
    Column("status_kepegawaian", String(10), nullable=False),
    Column("pendidikan", String(10), nullable=False),
    Column("tanggal_mulai", Date, nullable=False),
    Column("klaster", Integer),
    Column("aktif", String(1), nullable=False, server_default="Y", default="Y"),
    Column("keahlian", String(200), nullable=False, server_default="", default=""),
    Index("ix_sdm_hitung", "kode_puskesmas", "aktif", "jenis_tenaga", "status_kepegawaian", "tanggal_mulai"),
    # the staff who started after a past date (subtracted from sdm_ringkasan for that date)
    # (tanggal_mulai first: an equality on aktif alone would make SQLite prefer it to the primary key)
    Index("ix_sdm_mulai", "tanggal_mulai", "aktif", "kode_puskesmas", "jenis_tenaga", "status_kepegawaian"),
)

# One row per Puskesmas with staff: its active staff (aktif Y, every start date) counted per jenis
# and status, refreshed in the import's transaction (data_access.k1_sdm.refresh_sdm_summary). A
# province's table reads 1,078 rows here instead of grouping 43,000; for a past date the staff
# who started after it are subtracted (few). The columns follow indicators/k1_sdm.py's codes (a
# new code needs a revision).
SDM_JENIS = ("dokter", "dokter_gigi", "perawat", "bidan", "kesmas", "kesling", "gizi", "kefarmasian", "atlm",
             "dokter_spesialis", "rekam_medis", "administrasi", "lainnya")
SDM_STATUS = ("pns", "pppk", "kontrak", "honorer", "lainnya")
sdm_ringkasan = Table(
    "sdm_ringkasan",
    metadata,
    Column("kode_puskesmas", String(20), ForeignKey("puskesmas.kode"), primary_key=True),
    Column("pegawai", Integer, nullable=False),  # every row stored, active or not
    Column("tenaga_aktif", Integer, nullable=False),
    *[Column(f"tenaga_{c}", Integer, nullable=False) for c in SDM_JENIS],
    *[Column(f"status_{c}", Integer, nullable=False) for c in SDM_STATUS],
)


# --- Klaster 1: obat (the monthly LPLPO, issue 15) ---

# One row per Puskesmas, month and item, as reported: sisa_stok is kept even when it does not
# balance (indicators.k1_obat flags it). obat_indikator: the file's own Y/T flag, NULL when the
# file left it out (membership then comes from the declared list). The primary key is the
# index of a Puskesmas' month (the item detail).
obat = Table(
    "obat",
    metadata,
    Column("kode_puskesmas", String(20), ForeignKey("puskesmas.kode"), primary_key=True),
    Column("tahun", Integer, primary_key=True),
    Column("bulan", Integer, primary_key=True),
    Column("kode_obat", String(30), primary_key=True),
    Column("stok_awal", Float, nullable=False),
    Column("penerimaan", Float, nullable=False),
    Column("pemakaian", Float, nullable=False),
    Column("sisa_stok", Float, nullable=False),
    Column("permintaan", Float),
    Column("kedaluwarsa_terdekat", Date),
    Column("obat_indikator", String(1)),
    sqlite_with_rowid=False,
)

# The name and unit of each item as the Puskesmas' latest import gave them (per Puskesmas:
# another Puskesmas' spelling is not theirs to see).
obat_nama = Table(
    "obat_nama",
    metadata,
    Column("kode_puskesmas", String(20), ForeignKey("puskesmas.kode"), primary_key=True),
    Column("kode_obat", String(30), primary_key=True),
    Column("nama_obat", String(200), nullable=False),
    Column("satuan", String(30), nullable=False),
    sqlite_with_rowid=False,
)

# obat counted per Puskesmas and month (indicators.k1_obat.monthly_summary), refreshed in the
# import's transaction for the Puskesmas and months written and the two months after them
# (their 3-month mean reads the month written): everything above a Puskesmas reads only this.
# Stored in month order (a province's month is one range of 1,078 rows); a Puskesmas' months
# through ix_obat_ringkas_puskesmas.
obat_ringkas = Table(
    "obat_ringkas",
    metadata,
    Column("tahun", Integer, primary_key=True),
    Column("bulan", Integer, primary_key=True),
    Column("kode_puskesmas", String(20), ForeignKey("puskesmas.kode"), primary_key=True),
    *[Column(c, Integer, nullable=False) for c in ("item", "kosong", "kosong_indikator", "indikator",
                                                   "indikator_tersedia", "kritis", "kedaluwarsa",
                                                   "tidak_seimbang")],
    Index("ix_obat_ringkas_puskesmas", "kode_puskesmas", "tahun", "bulan"),
    sqlite_with_rowid=False,
)


# --- Klaster 1: sarpras ---

# The equipment and infrastructure inventory of a Puskesmas (lokasi '' = the Puskesmas
# building, else the name of one of its Pustu), per inventory year, item and condition.
sarpras = Table(
    "sarpras",
    metadata,
    Column("kode_puskesmas", String(20), ForeignKey("puskesmas.kode"), primary_key=True),
    Column("tahun", Integer, primary_key=True),
    Column("lokasi", String(100), primary_key=True, server_default="", default=""),
    Column("kode_item", String(40), primary_key=True),
    Column("kondisi", String(12), primary_key=True),
    Column("nama_item", String(200), nullable=False),
    Column("jumlah", Integer, nullable=False),
    Column("kategori", String(20), nullable=False, server_default="", default=""),
)

# sarpras per Puskesmas and year against indicators.k1_sarpras.STANDAR (refreshed in the
# import's transaction): what a Dinkes table of 1,078 Puskesmas reads instead of the inventory
sarpras_ringkas = Table(
    "sarpras_ringkas",
    metadata,
    Column("kode_puskesmas", String(20), ForeignKey("puskesmas.kode"), primary_key=True),
    Column("tahun", Integer, primary_key=True),
    Column("standar", Integer, nullable=False),  # items of the standard list
    Column("ada", Integer, nullable=False),  # of those, present (jumlah > 0 in any condition)
    Column("berfungsi", Integer, nullable=False),  # of those, working (indicators.k1_sarpras.BERFUNGSI)
    Column("unit_rusak_berat", Integer, nullable=False),  # units, every item
    Column("unit_rusak_ringan", Integer, nullable=False),
    Column("non_standar", Integer, nullable=False),  # distinct item codes outside the list
    Index("ix_sarpras_ringkas_tahun", "tahun"),
)

# --- Klaster 1: kegiatan ---

# The activities of a Puskesmas' annual plan (RUK/RPK): planned month, done or not.
kegiatan = Table(
    "kegiatan",
    metadata,
    Column("kode_puskesmas", String(20), ForeignKey("puskesmas.kode"), primary_key=True),
    Column("tahun", Integer, primary_key=True),
    Column("id_kegiatan", String(40), primary_key=True),
    Column("nama_kegiatan", String(200), nullable=False),
    Column("klaster", Integer, nullable=False),
    Column("bulan_rencana", Integer, nullable=False),
    Column("terlaksana", String(1), nullable=False),
    Column("anggaran", Float),
    Column("bulan_terlaksana", Integer),
    Column("sumber_dana", String(40), nullable=False, server_default="", default=""),
)

# kegiatan per Puskesmas, year, klaster and period Jan..bulan (indicators.k1_kegiatan.period_sums),
# refreshed in the import's transaction: a Dinkes reads one row per Puskesmas and klaster
kegiatan_ringkas = Table(
    "kegiatan_ringkas",
    metadata,
    Column("kode_puskesmas", String(20), ForeignKey("puskesmas.kode"), primary_key=True),
    Column("tahun", Integer, primary_key=True),
    Column("bulan", Integer, primary_key=True),
    Column("klaster", Integer, primary_key=True),
    Column("rencana", Integer, nullable=False),  # planned in Jan..bulan
    Column("terlaksana", Integer, nullable=False),  # of those, done by the end of bulan
    Column("anggaran_rencana", Float, nullable=False),
    Column("anggaran_terlaksana", Float, nullable=False),
    Column("selesai_bulan_ini", Integer, nullable=False),  # activities done in bulan itself
    # covering a Dinkes' read of one period (its klaster sums, its Puskesmas' all-klaster rows):
    # the index alone, in klaster order, without a look-up per row
    Index("ix_kegiatan_ringkas_tahun", "tahun", "bulan", "klaster", "kode_puskesmas", "rencana", "terlaksana",
          "anggaran_rencana", "anggaran_terlaksana"),
)

# --- Kualitas data: keluarga yang perlu dikunjungi (issue 16) ---

# The optional columns of the keluarga dataset (nama kepala keluarga, alamat, RT, RW), one row
# per family: the values of its latest visit that carried them (tanggal_kunjungan says which),
# written in the import's transaction. Read only through data_access.kunjungan_rumah, which
# shows them to a Puskesmas' own pengelola data and admin (personal data: never to a Dinkes).
keluarga_alamat = Table(
    "keluarga_alamat",
    metadata,
    Column("id_keluarga", String(40), primary_key=True),
    Column("tanggal_kunjungan", Date, nullable=False),
    Column("nama_kepala_keluarga", String(100)),
    Column("alamat", String(200)),
    Column("rt", Integer),
    Column("rw", Integer),
)


# --- Kualitas data: outliers and validation rules (issue 16) ---

# The desa-level hits of indicators.validasi's rules (a month far from its history, a sudden 0,
# above the sasaran, a cascade step above the one before, D > S), refreshed in the same
# transaction as every write of layanan or sasaran (data_access.pencilan.refresh_pencilan) for
# the desa and years touched and the year after them (whose history they are). A page reads a
# kabupaten's few hundred hits here instead of judging 300 desa × 45 registers × 24 months.
# kode: the register, the indicator (di_atas_sasaran) or '<kaskade>.<step>' (kaskade_terbalik).
pencilan = Table(
    "pencilan",
    metadata,
    Column("kode_desa", String(13), ForeignKey("desa.kode"), primary_key=True),
    Column("tahun", Integer, primary_key=True),
    Column("bulan", Integer, primary_key=True),
    Column("aturan", String(20), primary_key=True),
    Column("kode", String(40), primary_key=True),
    Column("nilai", Float, nullable=False),
    Column("batas_bawah", Float),
    Column("batas_atas", Float),
    # indicators.validasi.keparahan of the row, stored with it (revision 0015): the list opens on
    # the farthest hits, and a kabupaten's first hundred are found on this index instead of
    # computing and sorting its 15,000 hits on every view
    Column("keparahan", Float, nullable=False, server_default="0"),
    Index("ix_pencilan_keparahan", "keparahan"),
    sqlite_with_rowid=False,
)

# The desa-level hits counted per Puskesmas, kabupaten and provinsi, month and rule, rewritten
# with the hits in the same transaction (data_access.pencilan.refresh_pencilan; revision 0015):
# a kabupaten's counts per rule over 24 months, and the open hits per area of the data-quality
# score, are sums of a few hundred rows instead of a count over its 15,000 hits. A desa's own
# counts are read from pencilan (its primary key is the desa first).
pencilan_wilayah = Table(
    "pencilan_wilayah",
    metadata,
    *_area_month(),
    Column("aturan", String(20), primary_key=True),
    Column("jumlah", Integer, nullable=False),
    sqlite_with_rowid=False,
)

# A hit marked "sudah dicek: benar" by a pengelola data: attributed, with the value it had. The
# mark holds while the hit's value is still that one (a changed value is flagged again). tingkat
# 'desa' or 'puskesmas' (the stock rule). Not a foreign key: the hit itself may be gone.
pencilan_tanda = Table(
    "pencilan_tanda",
    metadata,
    Column("tingkat", String(12), primary_key=True),
    Column("kode_wilayah", String(20), primary_key=True),
    Column("tahun", Integer, primary_key=True),
    Column("bulan", Integer, primary_key=True),
    Column("aturan", String(20), primary_key=True),
    Column("kode", String(40), primary_key=True),
    Column("nilai", Float, nullable=False),
    Column("catatan", Text, nullable=False, server_default="", default=""),
    Column("oleh", String(64), nullable=False),
    Column("waktu", DateTime, nullable=False),
)

# --- Klaster 1: sums per kabupaten/kota (a province's view compares its kabupaten) ---

# Each dataset's per-Puskesmas summary summed per kabupaten/kota, refreshed with it in the import's
# transaction (data_access.k1_kabupaten): a province's view reads one row per kabupaten (a
# country's sums these per provinsi) instead of 1,078 Puskesmas rows. Counts of Puskesmas are
# counted from each Puskesmas' own row (a share is a sum of numerators over a sum of
# denominators, never an average of percentages).
SDM_MINIMAL = SDM_JENIS[:9]  # indicators.k1_sdm.MINIMAL_CODES (tests/test_k1_kabupaten.py checks)
sdm_ringkasan_kabupaten = Table(
    "sdm_ringkasan_kabupaten",
    metadata,
    Column("kode_kabupaten", String(5), ForeignKey("kabupaten.kode"), primary_key=True),
    Column("puskesmas_melapor", Integer, nullable=False),  # Puskesmas with a staff row
    Column("tenaga_aktif", Integer, nullable=False),  # aktif Y, every start date
    Column("lengkap", Integer, nullable=False),  # Puskesmas with all nine minimum types
    *[Column(f"kurang_{c}", Integer, nullable=False) for c in SDM_MINIMAL],  # Puskesmas lacking it
)

obat_ringkas_kabupaten = Table(
    "obat_ringkas_kabupaten",
    metadata,
    Column("kode_kabupaten", String(5), ForeignKey("kabupaten.kode"), primary_key=True),
    Column("tahun", Integer, primary_key=True),
    Column("bulan", Integer, primary_key=True),
    Column("puskesmas_melapor", Integer, nullable=False),  # Puskesmas with an LPLPO that month
    Column("dinilai", Integer, nullable=False),  # of those, reporting an indicator item
    Column("memenuhi", Integer, nullable=False),  # of those, ≥ 80 % of them available
    Column("puskesmas_kosong_indikator", Integer, nullable=False),  # with an indicator item out of stock
    *[Column(c, Integer, nullable=False) for c in ("item", "kosong", "kosong_indikator", "indikator",
                                                   "indikator_tersedia", "kritis", "kedaluwarsa",
                                                   "tidak_seimbang")],
)

sarpras_ringkas_kabupaten = Table(
    "sarpras_ringkas_kabupaten",
    metadata,
    Column("kode_kabupaten", String(5), ForeignKey("kabupaten.kode"), primary_key=True),
    Column("tahun", Integer, primary_key=True),
    Column("puskesmas_melapor", Integer, nullable=False),
    *[Column(c, Integer, nullable=False) for c in ("standar", "ada", "berfungsi", "unit_rusak_berat",
                                                   "unit_rusak_ringan", "non_standar")],
    Column("puskesmas_rusak_berat", Integer, nullable=False),  # Puskesmas with a unit rusak berat
)

kegiatan_ringkas_kabupaten = Table(
    "kegiatan_ringkas_kabupaten",
    metadata,
    Column("kode_kabupaten", String(5), ForeignKey("kabupaten.kode"), primary_key=True),
    Column("tahun", Integer, primary_key=True),
    Column("bulan", Integer, primary_key=True),
    Column("klaster", Integer, primary_key=True),
    Column("puskesmas_melapor", Integer, nullable=False),  # Puskesmas with a plan in that klaster
    Column("rencana", Integer, nullable=False),
    Column("terlaksana", Integer, nullable=False),
    Column("anggaran_rencana", Float, nullable=False),
    Column("anggaran_terlaksana", Float, nullable=False),
    Column("selesai_bulan_ini", Integer, nullable=False),
)


# --- Kualitas data: completeness and timeliness of reports (issue 16) ---

# When each (desa, register, month) of `layanan` first arrived and when its value last changed:
# the import's time (UTC), written in the same transaction as the layanan row
# (ingest.tables.Layanan, data_access.store.insert_program). NULL: stored before revision 0010,
# arrival unknown. A re-import of the same value changes nothing here.
laporan_masuk = Table(
    "laporan_masuk",
    metadata,
    Column("kode_desa", String(13), ForeignKey("desa.kode"), primary_key=True),
    Column("tahun", Integer, primary_key=True),
    Column("bulan", Integer, primary_key=True),
    Column("indikator", String(30), primary_key=True),
    Column("pertama_masuk", DateTime),
    Column("terakhir_berubah", DateTime),
    # one register's reports of a kabupaten's desa (the section's silent desa for one register)
    # from the index alone: by the primary key SQLite read every register of those desa (246 ms)
    Index("ix_laporan_masuk_register", "indikator", "tahun", "kode_desa", "bulan", "pertama_masuk"),
    sqlite_with_rowid=False,
)

# Reports expected, received and received on time per area and month (indicators.kelengkapan),
# refreshed in the transaction of every layanan write (data_access.kelengkapan.refresh_kelengkapan):
# tingkat desa (indikator '' only: every register together), puskesmas, kabupaten, provinsi
# (indikator '' and one row per register). In key order an area's rows are one range, and one
# register's months of an area one smaller range: a kabupaten × 24 months reads ~1,000 rows here.
kelengkapan_wilayah = Table(
    "kelengkapan_wilayah",
    metadata,
    Column("tingkat", String(12), primary_key=True),
    Column("kode", String(20), primary_key=True),
    Column("indikator", String(30), primary_key=True),  # '' = every register together
    Column("tahun", Integer, primary_key=True),
    Column("bulan", Integer, primary_key=True),
    Column("desa", Integer, nullable=False),  # desa of the area expected to report
    Column("diharapkan", Integer, nullable=False),  # reports expected (desa × registers)
    Column("dilaporkan", Integer, nullable=False),  # of those, received
    Column("tepat", Integer, nullable=False),  # of those, received by the cut-off day
    Column("tanpa_waktu", Integer, nullable=False),  # received, arrival time unknown
    Column("desa_lapor", Integer, nullable=False),  # desa with at least one report
    sqlite_with_rowid=False,
)
