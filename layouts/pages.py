"""The page registry: every page declared once (path, name, order, the sections and the
indicators it shows). dashboards/ registers each page with Dash from here; callbacks look a
page up here by its key (never by what the browser sends back); the navbar's order comes
from here. Adding a page is a declaration below plus a layout module in dashboards/."""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

import dash

from domain.access import Role
from indicators.program import (
    INDICATOR_BY_CODE,
    KASKADE_BY_CODE,
    RINCIAN_BY_CODE,
    Indicator,
    indicators_of,
)


@dataclass(frozen=True)
class Section:
    """One section of a PWS page, in page order: a cascade or a breakdown (by its code), the
    PWS panel of one indicator, or the summary of every indicator of the page."""

    kind: str  # "kaskade" | "rincian" | "pws" | "ringkasan"
    title: str = ""
    code: str | None = None

    def __post_init__(self):
        known = {"kaskade": KASKADE_BY_CODE, "rincian": RINCIAN_BY_CODE}
        if self.kind not in ("kaskade", "rincian", "pws", "ringkasan"):
            raise ValueError(f"unknown section kind {self.kind!r}")
        if self.kind in known and self.code not in known[self.kind]:
            raise ValueError(f"unknown {self.kind} {self.code!r}")


PWS = Section("pws")


@dataclass(frozen=True)
class Page:
    """A page of the dashboard. `key` names it in pattern-matching ids ({"page": key}) and
    in the PWS page's store; `title` is the browser tab's, `heading` the page's own."""

    key: str
    path: str
    name: str
    order: int
    title: str
    heading: str = ""
    klaster: int | None = None
    indicators: tuple[str, ...] = ()  # the PWS panel's indicator codes, in menu order
    default_indicator: str | None = None
    sections: tuple[Section, ...] = ()
    uses_filter: bool = True  # False: the wilayah filter bar is hidden (the upload page)
    role: Role = Role.PEMBACA  # the least role that may open it (the router refuses the others)
    # False: every section loads when seen, the first too (a page whose own lead comes first)
    lead_eager: bool = True

    def __post_init__(self):
        unknown = [c for c in self.indicators if c not in INDICATOR_BY_CODE]
        if unknown:
            raise ValueError(f"page {self.key}: unknown indicators {unknown}")
        if self.indicators and self.default_indicator not in self.indicators:
            raise ValueError(f"page {self.key}: default {self.default_indicator!r} not among its indicators")

    @property
    def pws_indicators(self) -> tuple[Indicator, ...]:
        return tuple(INDICATOR_BY_CODE[c] for c in self.indicators)


def _codes(klaster: int) -> tuple[str, ...]:
    return tuple(i.code for i in indicators_of(klaster))


PAGES: tuple[Page, ...] = (
    Page("dashboard-utama", "/", "Dashboard Utama", 0, "Dashboard Utama – Dasbor Puskesmas",
         heading="Dashboard Utama"),
    # its own header (the month) and summary row lead; the PWS sections load when seen
    # (layouts/klaster1_parts.py places them after the summary row)
    Page("klaster-1", "/klaster-1", "Klaster 1", 1, "Klaster 1 – Manajemen Puskesmas",
         heading="Klaster 1 · Manajemen", klaster=1, indicators=_codes(1), default_indicator="realisasi_total",
         sections=(
             PWS,
             Section("ringkasan", "Semua indikator Klaster 1: realisasi anggaran, mutu, obat, kegiatan"),
         ), lead_eager=False),
    Page("klaster-2", "/klaster-2", "Klaster 2", 2, "Klaster 2 – Ibu dan Anak",
         heading="Klaster 2 · Ibu dan Anak", klaster=2, indicators=_codes(2), default_indicator="k6",
         sections=(
             Section("kaskade", "Kesinambungan layanan ibu dan bayi: K1 sampai kunjungan neonatal", "kia"),
             PWS,
             Section("ringkasan", "Semua indikator Klaster 2: imunisasi, pertumbuhan balita, remaja"),
         )),
    Page("klaster-3", "/klaster-3", "Klaster 3", 3, "Klaster 3 – Dewasa dan Lansia",
         heading="Klaster 3 · Dewasa dan Lansia", klaster=3, indicators=_codes(3),
         default_indicator="ht_spm", sections=(
             Section("kaskade", "Kaskade pengendalian hipertensi: estimasi → terkendali", "ht"),
             Section("kaskade", "Kaskade pengendalian diabetes melitus: estimasi → terkendali", "dm"),
             Section("rincian", "Skrining PTM penduduk ≥15 tahun menurut umur dan jenis kelamin",
                     "skrining_ptm_umur"),
             Section("rincian", "Faktor risiko PTM yang ditemukan saat skrining, per wilayah",
                     "faktor_risiko_ptm"),
             PWS,
             Section("kaskade", "Kesehatan jiwa: skrining, diagnosis, pengobatan, rujukan, pasung", "jiwa"),
             Section("ringkasan", "Semua indikator Klaster 3: SPM hipertensi dan diabetes, skrining PTM, "
                                  "ODGJ berat, ICOPE lansia"),
         )),
    Page("klaster-4", "/klaster-4", "Klaster 4", 4, "Klaster 4 – Penyakit Menular",
         heading="Klaster 4 · Penyakit Menular", klaster=4, indicators=_codes(4),
         default_indicator="tb_pengobatan", sections=(
             Section("kaskade", "Kaskade TB: skrining → terduga → terdiagnosis → diobati", "tb"),
             Section("kaskade", "Investigasi kontak TB dan hasilnya pada kontak serumah", "ik"),
             PWS,
             Section("ringkasan", "Semua indikator Klaster 4: notifikasi kasus, pengobatan, investigasi kontak"),
         )),
    Page("iks", "/iks", "IKS", 6, "IKS – Indeks Keluarga Sehat"),
    # data quality (issue 16): completeness and timeliness of reports, outliers, PIS-PK against
    # the registers, the families to visit; its own header leads, every section loads when seen
    Page("kualitas-data", "/kualitas-data", "Kualitas Data", 9, "Kualitas Data – Dasbor Puskesmas",
         heading="Kualitas data"),
    Page("unggah", "/unggah", "Unggah Data", 7, "Unggah Data – Dasbor Puskesmas", uses_filter=False,
         role=Role.PENGELOLA),
    # the follow-up plan of the lokakarya mini: every action, its PJ, deadline and status
    Page("rtl", "/rtl", "RTL", 8, "RTL – Rencana Tindak Lanjut", heading="Rencana tindak lanjut (RTL)"),
    # presentation mode: full screen, no navbar or filter bar; opened by the navbar's
    # Presentasi button (order ≥ 100 and not admin-only: in no menu)
    Page("lokmin", "/lokmin", "Presentasi lokakarya mini", 110, "Lokakarya mini – Dasbor Puskesmas",
         uses_filter=False),
    # the admin pages: order ≥ 100 keeps them out of the main navigation (the user menu links them)
    Page("pengguna", "/pengguna", "Pengguna", 100, "Pengguna – Dasbor Puskesmas", uses_filter=False,
         role=Role.ADMIN),
    Page("audit", "/audit", "Log audit", 101, "Log audit – Dasbor Puskesmas", uses_filter=False,
         role=Role.ADMIN),
)

PAGE_BY_KEY: MappingProxyType[str, Page] = MappingProxyType({p.key: p for p in PAGES})
if len(PAGE_BY_KEY) != len(PAGES) or len({p.path for p in PAGES}) != len(PAGES):
    raise ValueError("two pages share a key or a path")


def register_page(module: str, page: Page, **layout) -> None:
    """Registers `page` with Dash Pages under `module` (a dashboards/ module's __name__, whose
    `layout` Dash then uses; or `layout=` a function). Named as Dash's own: Dash Pages
    imports only the dashboards/ modules whose text contains "register_page"."""
    dash.register_page(module, path=page.path, name=page.name, order=page.order, title=page.title,
                       uses_filter=page.uses_filter, page_key=page.key, role=page.role, **layout)
