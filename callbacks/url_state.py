"""The shared filter (Provinsi → Kabupaten/Kota → Puskesmas → Desa, and a year) as URL
state: parse a query string, resolve it to the nearest valid view, and write it back."""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

from sqlalchemy import Connection

from callbacks import inputs
from data_access.iks import iks_years
from data_access.morbiditas import morbiditas_years
from data_access.pws import default_month, program_years
from data_access.wilayah import children, resolve_area, scope_root
from domain.codes import Level
from domain.period import Period
from domain.wilayah import FILTER_LEVELS, NASIONAL, Area, Scope, WilayahError
from indicators.columns import Columns, strings
from indicators.pws import month_of

TAHUN = "tahun"
BULAN = "bulan"  # a page parameter of the PWS pages (the period Jan..bulan), kept in the state
MAX_PARAM_LENGTH = inputs.MAX_TEXT


@dataclass
class FilterRequest:
    codes: dict[Level, str] = field(default_factory=dict)
    tahun: str | None = None
    extra: dict[str, str] = field(default_factory=dict)  # page parameters kept as they are


@dataclass
class FilterView:
    area: Area
    tahun: int | None
    years: list[int]
    options: dict[Level, Columns]  # kode, nama of each dropdown
    messages: list[str]
    extra: dict[str, str]

    def state(self) -> dict:
        """What page callbacks receive (they validate it again: it comes back from the browser)."""
        return {"level": self.area.level.value, "kode": self.area.kode, "tahun": self.tahun,
                "bulan": month_of(self.extra.get(BULAN))}

    def search(self) -> str:
        return build_search(self.area, self.tahun, self.extra)


def parse_search(search: str | None) -> FilterRequest:
    """The filter of a query string; anything but a string (it comes back from the browser)
    is an empty query."""
    request = FilterRequest()
    search = search if isinstance(search, str) else ""
    for key, value in parse_qsl(search.lstrip("?"), keep_blank_values=False):
        value = inputs.text(value) or ""
        if key in Level._value2member_map_ and Level(key) in FILTER_LEVELS:
            request.codes[Level(key)] = value
        elif key == TAHUN:
            request.tahun = value
        elif len(request.extra) < 10:
            request.extra[key[:MAX_PARAM_LENGTH]] = value
    return request


def build_search(area: Area, tahun: int | None, extra: dict[str, str] | None = None) -> str:
    params = [(lv.value, area.code_at(lv)) for lv in FILTER_LEVELS if area.code_at(lv)]
    if tahun is not None:
        params.append((TAHUN, str(tahun)))
    params += sorted((extra or {}).items())
    return "?" + urlencode(params) if params else ""


def shared_search(search: str | None) -> str:
    """The part of a query string that every page shares: the wilayah, the year and the month."""
    request = parse_search(search)
    params = [(lv.value, request.codes[lv]) for lv in FILTER_LEVELS if lv in request.codes]
    if request.tahun:
        params.append((TAHUN, request.tahun))
    if month_of(request.extra.get(BULAN)):
        params.append((BULAN, request.extra[BULAN]))
    return "?" + urlencode(params) if params else ""


def with_month(search: str | None, bulan) -> str | None:
    """The query string with the month chosen on a page (`bulan`; cleared: none), or None when
    it is already so. An invalid month in the URL is left to the filter, which names it."""
    request = parse_search(search)
    extra = dict(request.extra)
    month = month_of(bulan)
    if month:
        extra[BULAN] = str(month)
    elif month_of(request.extra.get(BULAN)):  # cleared by the user
        extra.pop(BULAN, None)
    return None if extra == request.extra else with_extra(search, extra)


def with_extra(search: str | None, extra: dict[str, str]) -> str:
    """The same wilayah and year with other page parameters."""
    search = search if isinstance(search, str) else ""
    params = [(k, v) for k, v in parse_qsl(search.lstrip("?")) if k not in _extra_keys(search)]
    params += sorted(extra.items())
    return "?" + urlencode(params) if params else ""


def _extra_keys(search: str | None) -> set[str]:
    return set(parse_search(search).extra)


def resolve_filter(conn: Connection, scope: Scope, request: FilterRequest) -> FilterView:
    """The deepest valid area the request names, inside the viewer's scope; every code that
    had to be dropped (unknown, outside the scope, not inside its parent) gives a message."""
    messages: list[str] = []
    root = scope_root(conn, scope)
    area = root
    depth = list(Level)
    for level in FILTER_LEVELS:
        code = request.codes.get(level)
        if not code:
            continue
        if depth.index(level) <= depth.index(root.level):
            if root.code_at(level) != code:
                messages.append(f"Kode {level.label.lower()} '{code}' di luar wilayah Anda; "
                                f"ditampilkan {root.nama}.")
            continue
        # a gap in the chain (a shared link with a Puskesmas but not its kabupaten) is no
        # reason to drop the code: the area's own ancestry says where it is, and it is
        # taken when it lies inside what the link named above it
        try:
            candidate = resolve_area(conn, scope, level, code)
        except WilayahError as exc:
            messages.append(f"{exc} Ditampilkan {area.nama}.")
            break
        if candidate.code_at(area.level) != area.kode:
            messages.append(f"{candidate.nama} tidak berada di {area.nama}; ditampilkan {area.nama}.")
            break
        area = candidate
    years = available_years(conn, scope, area)
    tahun = _choose_year(request.tahun, years, area, messages)
    extra = dict(request.extra)
    if BULAN in extra and month_of(extra[BULAN]) is None:
        messages.append(f"Bulan '{inputs.cut(extra.pop(BULAN))}' tidak dikenal (1–12); ditampilkan bulan "
                        "terakhir yang ada laporannya.")
    options = {}
    for level in FILTER_LEVELS:
        if depth.index(level) <= depth.index(root.level):
            options[level] = Columns(kode=strings([root.code_at(level)]), nama=strings([_name_at(root, level)]))
            continue
        parent = level.parent
        if depth.index(parent) <= depth.index(area.level):
            options[level] = children(conn, scope, _ancestor(area, parent))
        else:
            options[level] = Columns(kode=strings([]), nama=strings([]))
    return FilterView(area, tahun, years, options, messages, extra)


def _choose_year(requested: str | None, years: list[int], area: Area, messages: list[str]) -> int | None:
    year = inputs.whole(requested, 1000, 9999)
    if not years:
        return year
    if requested is None:
        return years[-1]
    if year in years:
        return year
    messages.append(f"Tahun '{inputs.cut(requested)}' tidak ada datanya untuk {area.nama}; "
                    f"ditampilkan tahun {years[-1]}.")
    return years[-1]


def _name_at(area: Area, level: Level) -> str:
    if level == area.level:
        return area.nama
    return next(n for lv, _, n in area.ancestors if lv == level)


def _ancestor(area: Area, level: Level) -> Area:
    if level == area.level:
        return area
    if level == Level.NASIONAL:  # the country is no one's recorded ancestor: it is above them all
        return NASIONAL
    chain = list(area.ancestors)
    i = next(i for i, (lv, _, _) in enumerate(chain) if lv == level)
    lv, kode, nama = chain[i]
    return Area(lv, kode, nama, tuple(chain[:i]))


def available_years(conn: Connection, scope: Scope, area: Area) -> list[int]:
    """Years with any data inside the area: PIS-PK family visits, monthly registers or morbidity."""
    return sorted(set(iks_years(conn, scope, area)) | set(program_years(conn, scope, area))
                  | set(morbiditas_years(conn, scope, area)))


def period_from_state(conn: Connection, scope: Scope, state: dict | None, registers: tuple[str, ...],
                      what: str = "register layanan") -> tuple[Period | None, str | None]:
    """The validated area, year and month of a filter state coming back from the browser: the
    month is the URL's, else the latest month with any of `registers` (a desa opens on its
    Puskesmas' latest month, so that it is compared with its neighbours); or (None, why not)."""
    try:
        area, tahun = area_from_state(conn, scope, state)
    except WilayahError as exc:
        return None, str(exc)
    if tahun is None:
        return None, f"Belum ada data untuk {area.nama}."
    bulan = month_from_state(state) or default_month(conn, scope, area.map_area, tahun, registers)
    if bulan is None:
        return None, f"Belum ada {what} untuk {area.nama} tahun {tahun}."
    return Period(area, tahun, bulan), None


def month_from_state(state: dict | None) -> int | None:
    return month_of(state.get(BULAN)) if isinstance(state, dict) else None


def area_from_state(conn: Connection, scope: Scope, state: dict | None) -> tuple[Area, int | None]:
    """Validate a filter state coming back from the browser; raises WilayahError."""
    state = inputs.mapping(state)
    level_value = inputs.text(state.get("level"))
    if level_value not in Level._value2member_map_:
        return scope_root(conn, scope), None
    tahun = inputs.whole(state.get("tahun"), 1901, 2199) if isinstance(state.get("tahun"), int) else None
    kode = inputs.text(state.get("kode"))
    return resolve_area(conn, scope, Level(level_value), kode), tahun


def child_search(area: Area, child_kode: str, tahun: int | None, extra: dict[str, str]) -> str:
    """The query string one level below `area` (a click on the map)."""
    child = area.level.child
    target = Area(child, child_kode, "", (*area.ancestors, (area.level, area.kode, area.nama))
                  if area.kode else area.ancestors)
    return build_search(target, tahun, extra)
