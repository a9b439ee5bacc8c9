"""The scorecard of the Dashboard Utama: every PWS indicator of Klaster 2–4 (indicators.skor)
for the areas one level below `area.map_area` and for the area itself, each cell exactly the
PWS panel's number (data_access.pws, indicators.pws), with the IKS of each area, the status
counts, the composite score and the rank; and the league table of every Puskesmas inside a
Dinkes area, with the change of rank since the month before."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from data_access.cache import cached_by_version
from data_access.iks import iks_area_table, iks_by_level
from data_access.kualitas import FIELDS as QUALITY_FIELDS
from data_access.kualitas import kualitas_by_area
from data_access.pws import (
    _inputs,
    _shown,
    _targets_of_year,
    area_row,
    areas_at,
    expected_reporters,
    inputs_of_two_years,
    read_inputs,
    resolve_targets,
    units_at,
    units_of,
)
from domain.codes import Level
from domain.wilayah import Area, Scope, require_in_scope
from indicators.columns import Columns, strings
from indicators.iks import area_indicators
from indicators.program import INDICATOR_BY_CODE, Accumulation
from indicators.pws import Inputs, coverage, matrix, pws_columns, pws_statuses
from indicators.skor import K1_INDICATORS, SKOR_INDICATORS, composite, rank_change, ranks, status_counts
from indicators.temuan import Finding, IksChange, Sel, ada_data, findings

REGISTERS: tuple[str, ...] = tuple(sorted({r for i in SKOR_INDICATORS for r in i.registers}))
SASARAN: tuple[str, ...] = tuple(sorted({i.denominator for i in SKOR_INDICATORS if i.by_sasaran}))
# Klaster 1 (shown, not scored): read apart, so that the scored read stays what it was
K1_REGISTERS: tuple[str, ...] = tuple(sorted({r for i in K1_INDICATORS for r in i.registers}))
K1_SASARAN: tuple[str, ...] = tuple(sorted({i.denominator for i in K1_INDICATORS if i.by_sasaran}))
# the levels whose league table is shown: a Dinkes' view (every Puskesmas inside it)
LEAGUE_LEVELS = (Level.NASIONAL, Level.PROVINSI, Level.KABUPATEN)


@dataclass(frozen=True)
class Scorecard:
    """The scorecard of one area, year and month (Januari..bulan).

    rows: one row per area one level below `area.map_area`, by name: kode, nama, then for
    each indicator `<code>` (cakupan_kumulatif, a fraction, as the PWS panel shows it),
    `target_<code>` (the target of the month, a fraction), `status_<code>` (baik / kurang /
    cukup / jelek, None without one), `alasan_<code>` (why a value or status is empty,
    '' when nothing is) and `laporan_<code>` (the months its status rests on without report,
    indicators.tanpa_laporan; '' when none); `iks` and `alasan_iks`; jumlah_baik … jumlah_jelek, skor and
    peringkat (indicators.skor). total: the same for the area itself (its children summed,
    then divided), without peringkat. monthly / monthly_total: each indicator's monthly
    coverage January..bulan (a fraction per month, NaN where no report), per row."""

    area: Area
    tahun: int
    bulan: int
    level: Level  # the level of the rows
    rows: Columns
    total: dict
    monthly: dict = field(repr=False)  # code → array (rows, bulan)
    monthly_total: dict = field(repr=False)  # code → array (bulan,)
    has_reports: bool = True  # whether any register of the scorecard was reported, January..bulan
    # the Klaster 1 indicators whose columns rows and total hold (none where the rows are desa)
    k1: tuple = ()

    def findings_input(self, *, with_total: bool = True) -> list[dict]:
        """What the findings engine (indicators/temuan.py) reads: one plain dict per cell,
        the area itself first (with_total), then the rows: kode ('' for the whole country),
        nama, indikator (its code), status (None without one), kumulatif (the cumulative
        coverage, a fraction, None when empty), bulanan (the monthly coverage January..bulan,
        a list of fractions with None for a month without report), plus target (the target
        of the month, a fraction or None), alasan (why empty, '' when not) and total (True
        for the area itself)."""
        out = []
        if with_total:
            for ind in SKOR_INDICATORS:
                out.append(_cell(self.total["kode"], self.total["nama"], ind.code, self.total,
                                 self.monthly_total[ind.code], None, True))
        for i, (kode, nama) in enumerate(zip(self.rows["kode"], self.rows["nama"])):
            for ind in SKOR_INDICATORS:
                out.append(_cell(kode, nama, ind.code, self.rows, self.monthly[ind.code][i], i, False))
        return out


def _plain(value):
    if value is None:
        return None
    value = float(value)
    return None if np.isnan(value) else value


def _cell(kode, nama, code, table, monthly, i, total: bool) -> dict:
    pick = (lambda c: table[c]) if i is None else (lambda c: table[c][i])
    return {"kode": kode or "", "nama": nama, "indikator": code, "status": pick(f"status_{code}"),
            "kumulatif": _plain(pick(code)), "bulanan": [_plain(v) for v in monthly],
            "target": _plain(pick(f"target_{code}")), "alasan": pick(f"alasan_{code}"), "total": total}


class _ByCode:
    """Inputs sorted once by register and by sasaran code, so that each indicator's formulas
    run on its own rows only (a slice, not a copy): indicators.pws.matrix keeps an
    indicator's codes itself, but looks up the area of every row it is given, and a
    province's 1,078 Puskesmas hold 360,000 month rows of 28 registers (25 indicators × every
    row cost seconds)."""

    def __init__(self, data: Inputs, like: _ByCode | None = None):
        """`like`: a split of inputs holding the same code arrays (an area's total relabels
        its children's rows), whose order serves again."""
        same = like is not None and like.data.indikator is data.indikator and like.data.s_sasaran is data.s_sasaran
        self.data = data
        if same:
            order, self.bounds, s_order, self.s_bounds = like.order, like.bounds, like.s_order, like.s_bounds
        else:
            order, self.bounds = self._groups(data.indikator)
            s_order, self.s_bounds = self._groups(data.s_sasaran)
        self.order, self.s_order = order, s_order
        self.counts = [a[order] for a in (data.kode, data.tahun, data.bulan, data.indikator, data.nilai, data.lapor)]
        self.sasaran = [a[s_order] for a in (data.s_kode, data.s_tahun, data.s_sasaran, data.s_jumlah, data.s_ada)]

    @staticmethod
    def _groups(codes: np.ndarray) -> tuple[np.ndarray, dict[str, tuple[int, int]]]:
        """The rows in code order (each code's rows in their first order) and each code's span."""
        if not len(codes):
            return np.empty(0, dtype=int), {}
        # rows unfolded from the summary come in runs of one code (twelve months): hashing each
        # run's first row is enough
        start = np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1])))
        head, names = pd.factorize(codes[start])
        ids = np.repeat(head, np.diff(np.append(start, len(codes))))
        # stable sort of small integers is a radix sort (the country's 3,4 million rows: 4 × faster)
        order = np.argsort(ids.astype(np.int16) if len(names) < 2 ** 15 else ids, kind="stable")
        bounds = np.searchsorted(ids[order], np.arange(len(names) + 1))
        return order, {name: (bounds[i], bounds[i + 1]) for i, name in enumerate(names)}

    @staticmethod
    def _take(columns: list[np.ndarray], spans: list[tuple[int, int]]) -> list[np.ndarray]:
        if len(spans) == 1:
            return [c[spans[0][0]:spans[0][1]] for c in columns]
        return [np.concatenate([c[a:b] for a, b in spans]) if spans else c[:0] for c in columns]

    def of(self, ind) -> Inputs:
        """The rows of the indicator's registers and of its sasaran."""
        spans = [self.bounds[c] for c in ind.registers if c in self.bounds]
        s_spans = [self.s_bounds[ind.denominator]] if ind.by_sasaran and ind.denominator in self.s_bounds else []
        return Inputs(*self._take(self.counts, spans), *self._take(self.sasaran, s_spans))


def _targets(conn: Connection, areas: Columns, tahun: int, indicators=SKOR_INDICATORS) -> dict[str, dict]:
    """Each indicator's annual target per area (data_access.pws.resolve_targets), from one
    look-up of the year's targets (not one cached call per indicator: each asks the data
    version, and 41 indicators made that a tenth of a cold scorecard)."""
    year = _targets_of_year(conn, tahun)
    return {ind.code: resolve_targets(ind, year.get(ind.code, {}), areas) for ind in indicators}


def _indicator_columns(split: _ByCode, targets: dict[str, dict], kode: list[str], tahun: int, bulan: int,
                       *, with_monthly: bool = False, indicators=SKOR_INDICATORS,
                       units: Columns | None = None, total_of: Level | None = None) -> tuple[dict, dict]:
    """Per indicator, the PWS panel's numbers for the areas `kode` from inputs holding every
    register and sasaran of the scorecard (split by code; `targets`: _targets of these
    areas): indicators.pws computes each on the indicator's own rows. `units`: the desa and
    Puskesmas of each area (data_access.pws.units_at), for the `laporan_<code>` marks;
    `total_of`: the rows are the one area holding the units of that level."""
    columns, monthly = {}, {}
    for ind in indicators:
        own = split.of(ind)
        m = matrix(own, None, ind, tahun, kode)
        ada = None
        if units is not None:
            ada = (expected_reporters(units, ind, kode) if total_of is None
                   else expected_reporters(units, ind, kode, kode[0], total_of))
        table = pws_columns(own, None, ind, tahun, bulan, kode, targets[ind.code], m=m, ada=ada)
        columns[ind.code] = table["cakupan_kumulatif"]
        columns[f"target_{ind.code}"] = table["target_bulan_ini"]
        columns[f"status_{ind.code}"] = table["status"]
        columns[f"alasan_{ind.code}"] = table["alasan"]
        columns[f"laporan_{ind.code}"] = table["tanpa_laporan"]
        if with_monthly:
            monthly[ind.code] = coverage(m, ind)[0][:, 1:bulan + 1]
    return columns, monthly


def _statuses(split: _ByCode, targets: dict[str, dict], kode: list[str], tahun: int,
              months: tuple[int, ...]) -> list[dict]:
    """Per month of `tahun` in `months`, each scored indicator's status per area
    (`status_<code>`, all that _summary reads), as _indicator_columns has it: one matrix per
    indicator serves every month, and no value, reason or mark is built."""
    out: list[dict] = [{} for _ in months]
    for ind in SKOR_INDICATORS:
        m = matrix(split.of(ind), None, ind, tahun, kode)
        for columns, bulan in zip(out, months):
            columns[f"status_{ind.code}"] = pws_statuses(None, None, ind, tahun, bulan, kode, targets[ind.code], m=m)
    return out


def _summary(columns: dict, *, ranked: bool) -> dict:
    """The status counts, the score and (ranked) the rank of each row."""
    counts = status_counts([columns[f"status_{ind.code}"] for ind in SKOR_INDICATORS])
    score = composite(counts)
    out = {**counts, "skor": score}
    if ranked:
        out["peringkat"] = ranks(score)
    return out


def _iks_values(rows, kode, tahun: int) -> tuple[np.ndarray, np.ndarray]:
    """(iks, alasan_iks) per code from the IKS rows of indicators.iks.area_indicators."""
    found = dict(zip(rows["kode"], rows["iks"])) if len(rows) else {}
    iks = np.array([found.get(k, np.nan) for k in kode], dtype=float)
    return iks, strings([iks_reason(v, tahun) for v in iks])


def _num_or_nan(value) -> float:
    return float("nan") if value is None else float(value)


def _quality_columns(quality: dict[str, dict], kode: list[str]) -> dict[str, np.ndarray]:
    """kualitas_skor, kualitas_lengkap, kualitas_tepat, kualitas_janggal per code (NaN: no
    report was expected) from data_access.kualitas."""
    return {f"kualitas_{f}": np.array([_num_or_nan(quality.get(k, {}).get(f)) for k in kode], dtype=float)
            for f in QUALITY_FIELDS}


def iks_reason(value, tahun: int) -> str:
    """Why an IKS is empty ('' when it is not): as of 31 December of `tahun`, no family of
    the area has an IKS (the IKS page's rule)."""
    return "" if not np.isnan(value) else f"Belum ada keluarga dengan IKS sampai 31 Desember {tahun}"


@cached_by_version()
def scorecard(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int) -> Scorecard:
    """The scorecard of the areas one level below `area.map_area` (a desa is shown among its
    Puskesmas' desa) and of `area` itself, January..bulan of `tahun`: ONE read of every
    register and sasaran of the 25 indicators for the rows (data_access.pws._shown), then the
    PWS formulas per indicator."""
    if not 1 <= bulan <= 12:
        raise ValueError("bulan harus 1–12")
    v = _shown(conn, scope, area, (tahun - 1, tahun), REGISTERS, SASARAN)
    kode = list(v.areas["kode"])
    split = _ByCode(v.data)
    units = units_at(conn, scope, v.shown, v.level)
    columns, monthly = _indicator_columns(split, _targets(conn, v.areas, tahun), kode, tahun, bulan,
                                          with_monthly=True, units=units)
    own, own_monthly = _indicator_columns(_ByCode(v.own_data, like=split), _targets(conn, area_row(area), tahun),
                                          [v.own], tahun, bulan, with_monthly=True, units=units, total_of=v.level)
    iks_rows, iks_total = iks_area_table(conn, scope, area, tahun)
    iks, iks_why = _iks_values(iks_rows, kode, tahun)
    rows = Columns(kode=strings(kode), nama=v.areas["nama"])
    rows.update(columns)
    rows.update(iks=iks, alasan_iks=iks_why, **_summary(columns, ranked=True))
    # data quality beside the programmes (indicators.kualitas; never part of the score)
    quality, quality_total = kualitas_by_area(conn, scope, v.shown, v.level, tahun, bulan)
    rows.update(_quality_columns(quality, kode))
    total = {"kode": v.own, "nama": area.nama, **{k: c[0] for k, c in own.items()}}
    total_iks = float(iks_total.get("iks", np.nan))
    total.update(iks=total_iks, alasan_iks=iks_reason(total_iks, tahun),
                 iks_awal=float(iks_total.get("iks_awal", np.nan)),
                 keluarga_iks_awal=int(iks_total.get("awal_keluarga_iks", 0) or 0),
                 **{k: c[0] for k, c in _summary(own, ranked=False).items()})
    own_quality = quality.get(area.kode, {}) if area is not area.map_area else quality_total
    total.update({f"kualitas_{f}": _num_or_nan(own_quality.get(f)) for f in QUALITY_FIELDS})
    data = v.data  # the rows shown (a desa: its Puskesmas' desa)
    reported = bool(np.any((data.tahun == tahun) & (data.bulan <= bulan)))
    k1 = K1_INDICATORS if area.map_area.level.child != Level.DESA else ()
    if k1:  # Klaster 1, shown beside and never scored (indicators.skor K1_RULE)
        w = _shown(conn, scope, area, (tahun - 1, tahun), K1_REGISTERS, K1_SASARAN)
        split = _ByCode(w.data)
        more, _ = _indicator_columns(split, _targets(conn, w.areas, tahun, k1), kode, tahun, bulan, indicators=k1,
                                     units=units)
        own_more, _ = _indicator_columns(_ByCode(w.own_data, like=split), _targets(conn, area_row(area), tahun, k1),
                                         [w.own], tahun, bulan, indicators=k1, units=units, total_of=v.level)
        rows.update(more)
        total.update({k: c[0] for k, c in own_more.items()})
    return Scorecard(area, tahun, bulan, area.map_area.level.child, rows, total, monthly,
                     {k: m[0] for k, m in own_monthly.items()}, reported, k1)


CHILD_LABEL = {Level.DESA: "desa", Level.PUSKESMAS: "Puskesmas", Level.KABUPATEN: "kabupaten/kota",
               Level.PROVINSI: "provinsi"}


@dataclass(frozen=True)
class Findings:
    """The month's findings in words (indicators.temuan) of one scorecard, and whether any
    number was known at all (no findings then means "no data", not "nothing notable")."""

    items: tuple[Finding, ...]
    ada_data: bool
    row_codes: frozenset  # the codes of the scorecard's rows (where a finding's link may point)


def _sel(cell: dict, bulan: int) -> Sel:
    """A scorecard cell as the findings engine reads it; the target it wants is the annual one
    (the month's target of an accumulating indicator is the annual × bulan / 12)."""
    target = cell["target"]
    if target is not None and INDICATOR_BY_CODE[cell["indikator"]].accumulation is Accumulation.KUMULATIF:
        target = target * 12 / bulan
    return Sel(kode=cell["kode"], nama=str(cell["nama"]), indikator=cell["indikator"], status=cell["status"],
               kumulatif=cell["kumulatif"], bulanan=tuple(cell["bulanan"]), target=target)


@cached_by_version()
def scorecard_findings(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int) -> Findings:
    """At most five findings about the scorecard of `area` (indicators.temuan's rules): its
    own cells, its rows' cells, and the change of its IKS since the families' first visit."""
    card = scorecard(conn, scope, area, tahun, bulan)
    cells = card.findings_input()
    total = [_sel(c, bulan) for c in cells if c["total"]]
    rows = [_sel(c, bulan) for c in cells if not c["total"]]
    awal, akhir = card.total.get("iks_awal"), card.total.get("iks")
    iks = None
    if not (np.isnan(akhir) and np.isnan(awal)):
        iks = IksChange(awal=None if np.isnan(awal) else awal, akhir=None if np.isnan(akhir) else akhir,
                        keluarga=card.total.get("keluarga_iks_awal", 0))
    items = findings(rows, total, child_label=CHILD_LABEL[card.level], tahun=tahun, bulan=bulan, iks=iks)
    return Findings(tuple(items), ada_data(rows, total, iks), frozenset(card.rows["kode"]))


def scorecard_by_level(conn: Connection, scope: Scope, area: Area, level: Level, tahun: int,
                       bulan: int) -> Columns:
    """The scorecard's rows for the areas of any `level` inside `area`, ranked among
    themselves (the export; the same level gives `area` itself): the columns of
    Scorecard.rows."""
    if not 1 <= bulan <= 12:
        raise ValueError("bulan harus 1–12")
    require_in_scope(scope, area)
    if level == area.level:
        areas = area_row(area)
        data = read_inputs(conn, scope, area, level, (tahun - 1, tahun), REGISTERS, SASARAN)
    else:
        areas = areas_at(conn, scope, area, level)
        data = _inputs(conn, scope, area, level, (tahun - 1, tahun), REGISTERS, SASARAN)
    kode = list(areas["kode"])
    units = units_of(conn, scope, area, level)
    columns, _ = _indicator_columns(_ByCode(data), _targets(conn, areas, tahun), kode, tahun, bulan, units=units)
    iks, iks_why = _iks_values(area_indicators(iks_by_level(conn, scope, area, level, tahun)), kode, tahun)
    rows = Columns(kode=strings(kode), nama=areas["nama"])
    rows.update(columns)
    rows.update(iks=iks, alasan_iks=iks_why, **_summary(columns, ranked=True))
    rows.update(_k1_columns(conn, scope, area, level, areas, kode, tahun, bulan, units))
    rows.update(_quality_columns(kualitas_by_area(conn, scope, area, level, tahun, bulan)[0], kode))
    return rows


def _k1_columns(conn, scope, area, level, areas, kode, tahun, bulan, units=None) -> dict:
    """The Klaster 1 columns of scorecard_by_level (never scored); at the desa level empty, with
    the reason (recorded per Puskesmas)."""
    if level == Level.DESA:
        n = len(kode)
        why = strings(["dicatat per Puskesmas: tidak ada nilai per desa"] * n)
        out = {}
        for ind in K1_INDICATORS:
            out.update({ind.code: np.full(n, np.nan), f"target_{ind.code}": np.full(n, np.nan),
                        f"status_{ind.code}": np.full(n, None, dtype=object), f"alasan_{ind.code}": why,
                        f"laporan_{ind.code}": strings([""] * n)})
        return out
    reader = read_inputs if level == area.level else _inputs
    data = reader(conn, scope, area, level, (tahun - 1, tahun), K1_REGISTERS, K1_SASARAN)
    columns, _ = _indicator_columns(_ByCode(data), _targets(conn, areas, tahun, K1_INDICATORS), kode, tahun, bulan,
                                    indicators=K1_INDICATORS, units=units)
    return columns


@dataclass(frozen=True)
class LeagueTable:
    """Every Puskesmas inside a Dinkes area, best first: kode, nama, kode_kabupaten,
    kabupaten (its name), jumlah_baik … jumlah_jelek, skor, peringkat, peringkat_lalu (the
    rank the month before, NaN when it had none) and perubahan (places gained, NaN when
    either month has no rank)."""

    area: Area
    tahun: int
    bulan: int
    rows: Columns
    before: tuple[int, int]  # (tahun, bulan) of the month compared with


@cached_by_version()
def league_table(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int) -> LeagueTable:
    """The league table of the Puskesmas inside `area` (nasional, provinsi or kabupaten):
    their summary rows of `tahun` and the year before read once, each Puskesmas scored at
    `bulan` and at the month before (January: December of the year before)."""
    if area.level not in LEAGUE_LEVELS:
        raise ValueError(f"Peringkat Puskesmas ditampilkan untuk nasional, provinsi atau kabupaten/kota, "
                         f"bukan {area.level.label.lower()}")
    if not 1 <= bulan <= 12:
        raise ValueError("bulan harus 1–12")
    if bulan > 2:
        # a status at month m ≥ 2 reads months 1..m of the year only (last December is the
        # month before January): this year's rows alone serve both months
        this_year = _inputs(conn, scope, area, Level.PUSKESMAS, (tahun,), REGISTERS, SASARAN)
        last_year = None
    else:
        this_year, last_year = inputs_of_two_years(conn, scope, area, Level.PUSKESMAS, tahun, REGISTERS,
                                                   SASARAN)
    areas = areas_at(conn, scope, area, Level.PUSKESMAS)
    kode = list(areas["kode"])
    targets, split = _targets(conn, areas, tahun), _ByCode(this_year)
    if bulan > 1:
        before = (tahun, bulan - 1)
        now, then = _statuses(split, targets, kode, tahun, (bulan, bulan - 1))
    else:  # January: last December, with last year's targets
        before = (tahun - 1, 12)
        (now,) = _statuses(split, targets, kode, tahun, (bulan,))
        (then,) = _statuses(_ByCode(last_year), _targets(conn, areas, tahun - 1), kode, tahun - 1, (12,))
    summary, summary_before = _summary(now, ranked=True), _summary(then, ranked=True)
    if area.level == Level.KABUPATEN:
        kabupaten = {area.kode: area.nama}
    else:
        named = areas_at(conn, scope, area, Level.KABUPATEN)
        kabupaten = dict(zip(named["kode"], named["nama"]))
    rows = Columns(kode=strings(kode), nama=areas["nama"], kode_kabupaten=areas["kode_kabupaten"],
                   kabupaten=strings([kabupaten.get(k, "") for k in areas["kode_kabupaten"]]))
    rows.update(summary)
    rows.update(peringkat_lalu=summary_before["peringkat"],
                perubahan=rank_change(summary["peringkat"], summary_before["peringkat"]))
    order = np.lexsort((np.array(list(rows["nama"]), dtype=object).astype(str),
                        np.nan_to_num(rows["peringkat"], nan=np.inf)))
    rows = Columns((k, v[order]) for k, v in rows.items())
    return LeagueTable(area, tahun, bulan, rows, before)
