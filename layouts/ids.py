"""Component ids shared by layouts and callbacks, each written once."""
from domain.codes import Level

URL = "url"
PAGE = "page-content"
FILTER_STATE = "filter-state"
FILTER_ALERT = "filter-alert"
FILTER_BAR = "filter-bar"
BREADCRUMB = "breadcrumb"
TAHUN = "filter-tahun"
DROPDOWN = {
    Level.PROVINSI: "filter-provinsi",
    Level.KABUPATEN: "filter-kabupaten",
    Level.PUSKESMAS: "filter-puskesmas",
    Level.DESA: "filter-desa",
}
DEMO_BADGE = "demo-badge"
USER_LABEL = "user-label"
LOGOUT = "logout-button"
ADMIN_LINKS = "admin-links"
FILTER_TOGGLE = "filter-toggle"  # the navbar's "Ubah wilayah": opens the filter panel (assets/chrome.js)
PAGES_MENU = "pages-menu"


def crumb(level: str) -> dict:
    return {"type": "crumb", "level": level}


def nav_link(path: str) -> dict:
    return {"type": "nav-link", "path": path}


class Map:
    """Ids of the map panel that the IKS and PWS pages share (layouts.components.map_panel):
    {"type": part, "kind": "iks" | "pws" | "morbiditas", "page": the page's key}. One clientside callback
    draws every map and one drill-down serves them all; `kind` keeps the IKS and the PWS
    callbacks that fill the spec apart (Dash refuses two callbacks writing overlapping ids)."""

    GRAPH = "map"
    SPEC = "map-spec"
    IKS = "iks"  # the kinds of page that show a map
    PWS = "pws"
    MORBIDITAS = "morbiditas"  # the Dashboard Utama's morbidity section
    KINDS = (IKS, PWS, MORBIDITAS)

    @staticmethod
    def of(part: str, kind, page) -> dict:
        return {"type": part, "kind": kind, "page": page}


class Iks:
    """Ids of the IKS page."""

    INDIKATOR = "iks-indikator"
    TITLE = "iks-title"
    KPI = "iks-kpi"
    MAP = Map.of(Map.GRAPH, Map.IKS, "iks")  # "iks": the page's key in layouts.pages
    MAP_SPEC = Map.of(Map.SPEC, Map.IKS, "iks")
    MAP_NOTE = "iks-map-note"
    BARS = "iks-bars"
    CHANGE = "iks-change"
    TABLE = "iks-table"
    EMPTY = "iks-empty"
    CONTENT = "iks-content"
    DOWNLOAD_CSV = "iks-download-csv"
    DOWNLOAD_XLSX = "iks-download-xlsx"
    DOWNLOAD = "iks-download"


class Kunjungan:
    """Ids of the visits section of the Dashboard Utama (layouts/kunjungan_parts.py)."""

    PERIOD = "kunjungan-period"
    EMPTY = "kunjungan-empty"
    CONTENT = "kunjungan-content"
    WARNINGS = "kunjungan-warnings"
    KPI = "kunjungan-kpi"
    TREND = "kunjungan-trend"
    UMUR = "kunjungan-umur"
    JENIS_KELAMIN = "kunjungan-jenis-kelamin"
    DISABILITAS = "kunjungan-disabilitas"
    NOTE = "kunjungan-note"


# The upload page's size limit: larger files go through `python cli.py import`, which streams.
MAX_UPLOAD_MB = 50
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
# A file checked but not confirmed is deleted this many hours after its upload.
UPLOAD_EXPIRY_HOURS = 24


class Unggah:
    """Ids of the upload page."""

    DATASET = "unggah-dataset"
    TEMPLATE_CSV = "unggah-template-csv"
    TEMPLATE_XLSX = "unggah-template-xlsx"
    TEMPLATE_DOWNLOAD = "unggah-template-download"
    DATASET_HELP = "unggah-dataset-help"
    UPLOAD = "unggah-upload"
    REPORT = "unggah-report"
    PREVIEW = "unggah-preview"
    CONFIRM = "unggah-confirm"
    PENDING = "unggah-pending"
    JOB = "unggah-job"
    POLL = "unggah-poll"
    PROGRESS = "unggah-progress"
    LOG = "unggah-log"
    COLUMNS_TABLE = "unggah-columns-table"  # the chosen dataset's columns
    PREVIEW_TABLE = "unggah-preview-table"  # the first rows of the uploaded file


class _Keyed:
    """Dict ids {"type": kind, <key>: value}: one set of MATCH callbacks serves every page or
    section of a kind."""

    KEY = ""

    @classmethod
    def of(cls, kind: str, value) -> dict:
        return {"type": kind, cls.KEY: value}


class Pws(_Keyed):
    """Ids of a PWS page (Klaster 2, 3, 4): dict ids keyed by the page, so that one set of
    callbacks (callbacks/pws.py, with MATCH) serves every such page."""

    KEY = "page"
    PAGE_INFO = "pws-page"  # a Store: {"page": key}; callbacks read the page from layouts.pages
    INDIKATOR = "pws-indikator"
    BULAN = "pws-bulan"
    TITLE = "pws-title"
    ASOF = "pws-asof"
    INFO = "pws-info"
    KPI = "pws-kpi"
    BARS = "pws-bars"
    BARS_NOTE = "pws-bars-note"
    LINES = "pws-lines"
    MAP_MODE = "pws-map-mode"
    MAP_NOTE = "pws-map-note"
    MAP_COL = "pws-map-col"  # the map's column: hidden where no map has values
    BARS_COL = "pws-bars-col"  # the bars' column: the whole width when the map is hidden
    STATUS = "pws-status"
    TABLE = "pws-table"
    EMPTY = "pws-empty"
    CONTENT = "pws-content"
    RINGKASAN = "pws-ringkasan"
    RINGKASAN_TABLE = "pws-ringkasan-table"
    RINGKASAN_EMPTY = "pws-ringkasan-empty"
    RINGKASAN_CONTENT = "pws-ringkasan-content"
    DOWNLOAD_CSV = "pws-download-csv"
    DOWNLOAD_XLSX = "pws-download-xlsx"
    DOWNLOAD = "pws-download"


class Kaskade(_Keyed):
    """Ids of a cascade section, keyed by the cascade's code (kia, tb, ht …)."""

    KEY = "kaskade"
    CODE = "kaskade-code"
    RATES = "kaskade-rates"
    FUNNEL = "kaskade-funnel"
    AREAS = "kaskade-areas"
    FUNNEL_FRAME = "kaskade-funnel-bingkai"  # the graph's box: its height is set with the figure
    AREAS_FRAME = "kaskade-areas-bingkai"
    NOTE = "kaskade-note"
    TABLE = "kaskade-table"
    EMPTY = "kaskade-empty"
    CONTENT = "kaskade-content"
    DOWNLOAD_CSV = "kaskade-download-csv"
    DOWNLOAD_XLSX = "kaskade-download-xlsx"
    DOWNLOAD = "kaskade-download"


def dom_id(component_id: dict) -> str:
    """The DOM id Dash gives a dict id (keys sorted, compact JSON), for assets/peta.js."""
    import json

    return json.dumps(dict(sorted(component_id.items())), separators=(",", ":"))


class Rincian(_Keyed):
    """Ids of a breakdown section, keyed by the breakdown's code."""

    KEY = "rincian"
    CODE = "rincian-code"
    NOTE = "rincian-note"
    BARS = "rincian-bars"
    AREAS = "rincian-areas"
    EMPTY = "rincian-empty"
    CONTENT = "rincian-content"


class Admin:
    """Ids of the admin pages (Pengguna, Log audit). The wilayah pickers of the two user
    forms are dict ids {"type": part, "form": ADD | EDIT}: one MATCH callback fills both."""

    SCOPE_NOTE = "admin-scope-note"
    USERS = "admin-users"
    REFRESH = "admin-refresh"  # a Store bumped after each change: the table reloads
    ADD = "tambah"
    EDIT = "ubah"
    LEVEL = "admin-level"
    AREA = "admin-area"
    ADD_NAMA = "admin-add-nama"
    ADD_NAMA_LENGKAP = "admin-add-nama-lengkap"
    ADD_PERAN = "admin-add-peran"
    ADD_SANDI = "admin-add-sandi"
    ADD_SANDI2 = "admin-add-sandi2"
    ADD_SUBMIT = "admin-add-submit"
    ADD_MESSAGE = "admin-add-message"
    TARGET = "admin-target"  # a Store: the selected user's name
    TARGET_NOTE = "admin-target-note"
    EDIT_PERAN = "admin-edit-peran"
    EDIT_SAVE = "admin-edit-save"
    DEACTIVATE = "admin-deactivate"
    ACTIVATE = "admin-activate"
    EDIT_SANDI = "admin-edit-sandi"
    EDIT_SANDI2 = "admin-edit-sandi2"
    EDIT_PASSWORD = "admin-edit-password"
    EDIT_MESSAGE = "admin-edit-message"
    AUDIT_PERISTIWA = "audit-peristiwa"
    AUDIT_TABLE = "audit-table"
    AUDIT_NOTE = "audit-note"

    @staticmethod
    def of(part: str, form: str) -> dict:
        return {"type": part, "form": form}


class Grid:
    """The "Unduh CSV tabel ini" button of a grid (layouts/grid.py): {"type": CSV, "grid": the
    grid's DOM id}; one clientside callback (callbacks/grid.py) serves every button."""

    CSV = "grid-csv"

    @staticmethod
    def csv(grid_id) -> dict:
        return {"type": Grid.CSV, "grid": grid_id if isinstance(grid_id, str) else dom_id(grid_id)}

class Utama:
    """Ids of the Dashboard Utama's header, scorecard and league table (callbacks/skor.py).
    Plain strings of their own: the PWS pages' MATCH callbacks (keyed by page) never see them."""

    TITLE = "utama-title"
    ASOF = "utama-asof"
    BULAN = "utama-bulan"
    NOTE = "utama-skor-note"
    EMPTY = "utama-skor-empty"
    CONTENT = "utama-skor-content"
    FINDINGS = "utama-temuan"  # the findings in words (indicators/temuan.py), wired by the lead
    GRID = "utama-skor-grid"
    DOWNLOAD_CSV = "utama-skor-download-csv"
    DOWNLOAD_XLSX = "utama-skor-download-xlsx"
    DOWNLOAD = "utama-skor-download"
    LEAGUE_SECTION = "utama-peringkat"
    LEAGUE_NOTE = "utama-peringkat-note"
    LEAGUE = "utama-peringkat-grid"


class Morbiditas:
    """Ids of the Dashboard Utama's morbidity section (one per page: fixed strings)."""

    PAGE = "dashboard-utama"  # the page's key in layouts.pages
    MAP = Map.of(Map.GRAPH, Map.MORBIDITAS, PAGE)
    MAP_SPEC = Map.of(Map.SPEC, Map.MORBIDITAS, PAGE)
    SECTION = "utama-morbiditas"
    TITLE = "morbiditas-title"
    PERIODE = "morbiditas-periode"
    DIAGNOSIS = "morbiditas-diagnosis"
    EMPTY = "morbiditas-empty"
    CONTENT = "morbiditas-content"
    TOTAL = "morbiditas-total"
    TOP = "morbiditas-top"
    TOP_NOTE = "morbiditas-top-note"
    TREND = "morbiditas-trend"
    TREND_NOTE = "morbiditas-trend-note"
    MAP_NOTE = "morbiditas-map-note"
    DIAGNOSIS_EMPTY = "morbiditas-diagnosis-empty"
    BREAKDOWN = "morbiditas-breakdown"
    BREAKDOWN_NOTE = "morbiditas-breakdown-note"


class Lokmin:
    """Ids of the lokakarya mini's presentation page (/lokmin) and its navbar button."""

    BUTTON = "lokmin-button"  # the navbar's "Presentasi" link; callbacks/lokmin.py sets its href
    STATE = "lokmin-state"  # Store: {"puskesmas": kode, "tahun": int, "bulan": int} of the deck shown
    SUSUNAN = "lokmin-susunan"  # Store: {"urutan": [slide keys], "sembunyi": [slide keys]}
    PPTX = "lokmin-unduh-pptx"  # buttons "Unduh PPTX" and "Unduh PDF"
    PDF = "lokmin-unduh-pdf"
    DOWNLOAD = "lokmin-unduh"  # dcc.Download of the deck
    PESAN = "lokmin-unduh-pesan"  # messages of the download (callbacks/lokmin_unduh.py)
    # the presentation page itself (layouts/lokmin_parts.py, callbacks/lokmin.py, assets/lokmin.js)
    ASKED = "lokmin-asked"  # Store: the query the page was opened with (read once, by the router)
    CHOOSER = "lokmin-puskesmas"  # a Dinkes viewer's Puskesmas dropdown
    CHOOSER_WRAP = "lokmin-chooser-wrap"
    DEMO = "lokmin-demo"  # the small "DATA DEMO" mark on each slide
    MESSAGE = "lokmin-pesan"  # refusals and "no data" in place of the deck
    SLIDES = "lokmin-slides"  # Store: the shown slides' texts, in order (no charts)
    FIGURES = "lokmin-figures"  # Store: {slide key: figure} of the current and next slide only
    HAVE = "lokmin-have"  # Store: the keys in FIGURES (what the server need not send again)
    POS = "lokmin-pos"  # Store: the index of the current slide
    FRAME = "lokmin-frame"  # the slide on screen
    TITLE = "lokmin-title"
    GRAPH = "lokmin-graph"
    SUMBER = "lokmin-sumber"
    COUNTER = "lokmin-counter"
    RTL = "lokmin-rtl"  # the slide's "Catat RTL" link
    PREV = "lokmin-prev"
    NEXT = "lokmin-next"
    FIRST = "lokmin-first"
    LAST = "lokmin-last"
    EXIT = "lokmin-keluar"
    PANEL = "lokmin-atur"  # the "Atur slide" panel's rows
    RESET = "lokmin-reset"
    ATUR_PESAN = "lokmin-atur-pesan"
    NAIK = "lokmin-naik"  # pattern-matching types of the panel's rows: {"type": NAIK, "key": slide key}
    TURUN = "lokmin-turun"
    TAMPIL = "lokmin-tampil"


class Rtl:
    """Ids of the follow-up plan page (/rtl)."""

    QUERY = "rtl-query"  # Store: the page's URL query as it came (checked again in callbacks/rtl.py)
    FORM = "rtl-form"  # the "Catat RTL" card (hidden for a reader)
    READ_ONLY = "rtl-read-only"  # why a reader sees no form
    FOR = "rtl-for"  # "untuk Puskesmas …" and what the link asked that was not taken
    MASALAH = "rtl-masalah"
    PENYEBAB = "rtl-penyebab"
    TINDAKAN = "rtl-tindakan"
    PJ = "rtl-pj"
    TENGGAT = "rtl-tenggat"
    INDIKATOR = "rtl-indikator"
    DESA = "rtl-desa"
    TAHUN = "rtl-tahun"
    BULAN = "rtl-bulan"
    SAVE = "rtl-simpan"
    SAVE_MESSAGE = "rtl-simpan-pesan"
    SAVED = "rtl-tersimpan"  # Store: bumped after a save, so that the list reloads
    NOTE = "rtl-daftar-catatan"  # what the list shows
    LIST = "rtl-daftar"
    STATUS_CARD = "rtl-status"  # the status editor (writers only)
    STATUS_RTL = "rtl-status-pilih"
    STATUS_VALUE = "rtl-status-nilai"
    STATUS_NOTE = "rtl-status-catatan"
    STATUS_SAVE = "rtl-status-simpan"
    STATUS_MESSAGE = "rtl-status-pesan"
    CHANGED = "rtl-diubah"  # Store: bumped after a status change
    EDIT = "rtl-ubah"  # type of the pattern-matching "Ubah status" link of a row: {"type": EDIT, "rtl": id}
    DOWNLOAD_CSV = "rtl-unduh-csv"
    DOWNLOAD_XLSX = "rtl-unduh-xlsx"
    DOWNLOAD = "rtl-unduh"
