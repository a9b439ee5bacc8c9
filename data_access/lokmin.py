"""The lokakarya mini deck of an area and month, built from the month's numbers
(indicators/lokmin.py says what a slide is). Scoped like every query: the area must be in
the viewer's scope (refused with domain.wilayah.OutOfScope otherwise).

Every number is the one the pages show: the PWS cells and statuses come from the scorecard
(data_access.skor, which reads data_access.pws), the cascades from data_access.pws.kaskade_view,
the IKS from data_access.iks.iks_area_table; this module only chooses and words them.

The agenda, with the slide keys (stable from month to month):
  judul · rtl (a Puskesmas only) · skor · manajemen (Klaster 1's summary, when the area has
  management data; not for a desa) · per klaster 2, 3, 4: indikator:<kode> (at most
  PER_KLASTER) then lainnya:<klaster> · kaskade:<kode> (klaster 3 and 4: the cascade whose
  step loses the most people) · iks · kualitas · penutup.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

import numpy as np
from sqlalchemy import Connection, and_, select

from data_access import schema
from data_access.iks import iks_area_table
from data_access.k1_ringkasan import SUMMARIES as K1_SUMMARIES
from data_access.kualitas import kualitas_by_area
from data_access.peta import child_rings
from data_access.pws import kaskade_view, pws_view
from data_access.rtl import carried_over
from data_access.skor import SASARAN as SKOR_SASARAN
from data_access.skor import scorecard
from data_access.wilayah import DESA_KEY, desa_filter, scope_filter
from domain.codes import Level
from domain.wilayah import Area, Scope, require_in_scope
from indicators import format as fmt
from indicators.iks import category_of_value
from indicators.lokmin import Deck, Slide
from indicators.program import (
    INDICATOR_BY_CODE,
    KASKADES,
    REGISTER_BY_CODE,
    SASARAN_BY_CODE,
    Indicator,
)
from indicators.pws import BULAN, EPS, JELEK, KURANG, STATUSES
from indicators.skor import KLASTER, SKOR_INDICATORS, composite
from indicators.tanpa_laporan import MARK

PER_KLASTER = 3  # indicators of a klaster with a slide of their own; the others share "lainnya"
KASKADE_KLASTER = (3, 4)
RTL_STATUS_LABEL = {"belum": "Belum", "berjalan": "Berjalan", "selesai": "Selesai", "batal": "Batal"}
MEMBAIK, MEMBURUK, TETAP, TANPA_DATA = "membaik", "memburuk", "tetap", "tanpa data"
CHILD_WORD = {Level.DESA: "desa", Level.PUSKESMAS: "Puskesmas", Level.KABUPATEN: "kabupaten/kota",
              Level.PROVINSI: "provinsi"}


def freeze(value):
    """Mappings → read-only mappings, lists and tuples → tuples, numpy scalars → Python, NaN →
    None, all the way down: a Slide's data cannot be changed by whoever draws it."""
    if isinstance(value, Mapping):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v) for v in value)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


def period(bulan: int) -> str:
    """'Januari' or 'Januari–Juni'."""
    return "Januari" if bulan == 1 else f"Januari–{BULAN[bulan - 1]}"


def tanggal(day: date) -> str:
    return f"{day.day} {BULAN[day.month - 1]} {day.year}"


def _num(value) -> float | None:
    return None if fmt.is_missing(value) else float(value)


def _previous(tahun: int, bulan: int) -> tuple[int, int]:
    return (tahun - 1, 12) if bulan == 1 else (tahun, bulan - 1)


def build_deck(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int, *,
               hari_ini: date | None = None) -> Deck:
    """The deck of `area` for the data of January..bulan of `tahun`, in agenda order (module
    docstring). `hari_ini`: the day the numbers were read (the "data per" line; today when
    None). Refuses an area outside `scope` (OutOfScope) and a month outside 1–12."""
    require_in_scope(scope, area)
    if not 1 <= bulan <= 12:
        raise ValueError("bulan harus 1–12")
    per = tanggal(hari_ini or date.today())
    card = scorecard(conn, scope, area, tahun, bulan)
    anak = CHILD_WORD[card.level]
    ctx = _Ctx(conn, scope, area, tahun, bulan, per, anak)
    slides: list[Slide] = [_judul(ctx)]
    if area.level == Level.PUSKESMAS:
        slides.append(_rtl(ctx))
    slides.append(_skor(ctx, card))
    manajemen = _manajemen(ctx)
    if manajemen is not None:
        slides.append(manajemen)
    for klaster in KLASTER:
        slides.extend(_klaster(ctx, card, klaster))
    for klaster in KASKADE_KLASTER:
        slide = _kaskade(ctx, klaster)
        if slide is not None:
            slides.append(slide)
    iks = _iks(ctx)
    if iks is not None:
        slides.append(iks)
    slides.append(_kualitas(ctx))
    slides.append(_penutup(ctx, slides))
    return Deck(area, tahun, bulan, tuple(slides))


class _Ctx:
    def __init__(self, conn, scope, area, tahun, bulan, per, anak):
        self.conn, self.scope, self.area, self.tahun, self.bulan = conn, scope, area, tahun, bulan
        self.per, self.anak = per, anak
        self.periode = f"{period(bulan)} {tahun}"

    def sumber(self, what: str) -> str:
        return f"Sumber: {what} · data per {self.per}"


# --- title -------------------------------------------------------------------------------------

def _judul(ctx: _Ctx) -> Slide:
    area = ctx.area
    return Slide("judul", "judul", f"Lokakarya mini {area.nama} · data {ctx.periode}",
                 ctx.sumber(f"register layanan dan sasaran, {ctx.periode}"),
                 catatan=("Buka rapat. Urutan: RTL bulan lalu, ringkasan capaian, indikator yang jelek atau "
                          "turun per klaster, kaskade, IKS, kualitas data, lalu sepakati RTL baru."),
                 data=freeze({"wilayah": area.nama, "tingkat": area.level.label, "periode": ctx.periode,
                              "data_per": ctx.per}))


# --- last month's RTL ----------------------------------------------------------------------------

def _measure(ctx: _Ctx, ind: Indicator, kode_desa: str | None, tahun: int, bulan: int) -> dict:
    """The indicator in the desa (or the whole area) at (tahun, bulan), as the PWS panel shows it."""
    view = pws_view(ctx.conn, ctx.scope, ctx.area, tahun, bulan, ind.code)
    row = view.total
    if kode_desa:
        kode = list(view.rows["kode"])
        if kode_desa in kode:
            i = kode.index(kode_desa)
            row = {k: v[i] for k, v in view.rows.items()}
    nilai, target = _num(row.get("cakupan_kumulatif")), _num(row.get("target_bulan_ini"))
    return {"nilai": nilai, "target": target, "status": row.get("status"), "teks": ind.text(nilai),
            "teks_target": ind.text(target), "nama": str(row.get("nama") or ctx.area.nama)}


def _gap(ind: Indicator, m: dict) -> float | None:
    """How far above the month's target (positive: better than the target), as the value is written."""
    if m["nilai"] is None or m["target"] is None:
        return None
    sign = 1.0 if ind.higher_is_better else -1.0
    shown = float(f"{(m['nilai'] - m['target']) * ind.factor:.{ind.decimals}f}")
    return sign * shown


def movement(ind: Indicator, then: dict, now: dict) -> str:
    """Whether the indicator moved toward its target since the RTL's month: the distance to the
    month's target (the PWS rule's target: linear through the year for accumulating
    indicators), compared as written (one decimal): membaik / memburuk / tetap / tanpa data."""
    a, b = _gap(ind, then), _gap(ind, now)
    if a is None or b is None:
        return TANPA_DATA
    return MEMBAIK if b > a + EPS else MEMBURUK if b < a - EPS else TETAP


def _rtl(ctx: _Ctx) -> Slide:
    rows = carried_over(ctx.conn, ctx.area.kode, ctx.tahun, ctx.bulan)
    last_year, last_month = _previous(ctx.tahun, ctx.bulan)
    out = []
    for r in rows:
        item = {"id": r["id"], "masalah": r["masalah"], "penyebab": r["penyebab"], "tindakan": r["tindakan"],
                "pj": r["pj"], "tenggat": tanggal(r["tenggat"]) if r["tenggat"] else "",
                "status": r["status"], "status_label": RTL_STATUS_LABEL.get(r["status"], r["status"]),
                "catatan": r["catatan"], "bulan_rtl": f"{BULAN[r['bulan'] - 1]} {r['tahun']}",
                "indikator": r["indikator"], "kode_desa": r["kode_desa"], "label": "", "wilayah": "",
                "lalu": None, "kini": None, "arah": TANPA_DATA}
        ind = INDICATOR_BY_CODE.get(r["indikator"] or "")
        if ind is not None:
            then = _measure(ctx, ind, r["kode_desa"], r["tahun"], r["bulan"])
            now = _measure(ctx, ind, r["kode_desa"], ctx.tahun, ctx.bulan)
            item.update(label=ind.short_label, wilayah=now["nama"], lalu=then, kini=now,
                        arah=movement(ind, then, now))
        out.append(item)
    selesai = sum(1 for i in out if i["status"] == "selesai")
    membaik = sum(1 for i in out if i["arah"] == MEMBAIK)
    diukur = sum(1 for i in out if i["arah"] != TANPA_DATA)
    asal = f"{BULAN[last_month - 1]} {last_year}"
    if not out:
        judul = f"RTL {asal}: belum ada rencana tindak lanjut yang tercatat"
    else:
        judul = f"RTL {asal}: {len(out)} rencana, {selesai} selesai; " + (
            f"indikator sasaran membaik pada {membaik} dari {diukur}" if diukur
            else "belum ada indikator sasaran yang dapat diukur")
    lines = [f"{i['masalah']} → {i['tindakan']} (PJ {i['pj']}, {i['status_label']})" + (
        f": {i['label']} {i['wilayah']} {i['lalu']['teks']} (target {i['lalu']['teks_target']}) → "
        f"{i['kini']['teks']} (target {i['kini']['teks_target']}), {i['arah']}"
        if i["lalu"] else "") for i in out]
    catatan = ("Mulai dari RTL bulan lalu dan yang masih berjalan. Perubahan diukur sebagai jarak ke target "
               "bulan itu (aturan PWS), pada desa sasaran atau seluruh wilayah bila desa tidak diisi.")
    if lines:
        catatan += "\n" + "\n".join(lines)
    return Slide("rtl", "rtl", judul, ctx.sumber("RTL lokakarya mini dan register layanan"), catatan=catatan,
                 data=freeze({"asal": asal, "rtl": out, "selesai": selesai, "membaik": membaik, "diukur": diukur}))


# --- scorecard --------------------------------------------------------------------------------

def _skor(ctx: _Ctx, card) -> Slide:
    counts = dict.fromkeys(STATUSES, 0)
    for ind in SKOR_INDICATORS:
        status = card.total.get(f"status_{ind.code}")
        if status in counts:
            counts[status] += 1
    tanpa = len(SKOR_INDICATORS) - sum(counts.values())
    score = composite({f"jumlah_{s}": np.array([n]) for s, n in counts.items()})[0]
    judul = f"Capaian {ctx.periode}: {counts[JELEK]} dari {len(SKOR_INDICATORS)} indikator jelek"
    catatan = (f"Status PWS {ctx.area.nama}: baik {counts['baik']}, kurang {counts['kurang']}, cukup "
               f"{counts['cukup']}, jelek {counts['jelek']}, tanpa status {tanpa}. Skor "
               f"{fmt.angka(score, 1)}.")
    return Slide("skor", "skor", judul, ctx.sumber(f"PWS Klaster 2–4, {ctx.periode}"), catatan=catatan,
                 data=freeze({"status": counts, "tanpa_status": tanpa, "jumlah": len(SKOR_INDICATORS),
                              "skor": _num(score)}))


# --- Klaster 1 (management) ---------------------------------------------------------------------

PERHATIAN = (JELEK, KURANG)  # a Klaster 1 figure with one of these statuses needs the meeting's attention


def _manajemen(ctx: _Ctx) -> Slide | None:
    """Klaster 1's summary figures (the same cards as the Klaster 1 page's summary row), those
    needing attention first; None for a desa (management is reported per Puskesmas) or an area
    without any management data."""
    if ctx.area.level == Level.DESA:
        return None
    cards = [r for summary in K1_SUMMARIES for r in summary(ctx.conn, ctx.scope, ctx.area, ctx.tahun, ctx.bulan)]
    if not cards:
        return None
    perhatian = [c for c in cards if c.status in PERHATIAN]
    dinilai = sum(c.status is not None for c in cards)
    tanpa = f", {len(cards) - dinilai} tanpa status" if dinilai < len(cards) else ""
    bulan = f"{BULAN[ctx.bulan - 1]} {ctx.tahun}"
    if perhatian:
        names = ", ".join(c.judul for c in perhatian[:3]) + (", …" if len(perhatian) > 3 else "")
        judul = f"Klaster 1 {bulan}: {len(perhatian)} dari {dinilai} hal manajemen perlu perhatian ({names})"
    else:
        judul = f"Klaster 1 {bulan}: tidak ada hal manajemen yang perlu perhatian ({dinilai} dinilai{tanpa})"
    order = {JELEK: 0, KURANG: 1, "cukup": 2, "baik": 3}
    baris = [{"judul": c.judul, "nilai": c.nilai, "catatan": c.catatan, "status": c.status}
             for c in sorted(cards, key=lambda c: order.get(c.status, 4))]
    catatan = "; ".join(f"{c.judul}: {c.nilai}" + (f" ({c.catatan})" if c.catatan else "") for c in cards)
    return Slide("manajemen", "manajemen", judul,
                 ctx.sumber(f"data manajemen Puskesmas (SDM, obat, sarpras, keuangan, mutu, kegiatan), {bulan}"),
                 catatan=catatan + ". Rinciannya di halaman Klaster 1.", data=freeze({"baris": baris}))


# --- indicators jelek or falling, per klaster ------------------------------------------------------

def _indicator_rows(card, ind: Indicator) -> list[dict]:
    rows = card.rows
    out = []
    for i, (kode, nama) in enumerate(zip(rows["kode"], rows["nama"])):
        nilai = _num(rows[ind.code][i])
        out.append({"kode": str(kode), "nama": str(nama), "nilai": nilai, "teks": ind.text(nilai),
                    "status": rows[f"status_{ind.code}"][i], "target": _num(rows[f"target_{ind.code}"][i]),
                    "laporan": str(rows[f"laporan_{ind.code}"][i] or "") if f"laporan_{ind.code}" in rows else ""})
    return out


def _worst_first(rows: list[dict], ind: Indicator) -> list[dict]:
    """Jelek first, then kurang, cukup, baik, none; within a status the worst value first."""
    order = {JELEK: 0, KURANG: 1, "cukup": 2, "baik": 3, None: 4}
    sign = 1.0 if ind.higher_is_better else -1.0
    return sorted(rows, key=lambda r: (order.get(r["status"], 4),
                                       np.inf if r["nilai"] is None else sign * r["nilai"], r["nama"]))


def _klaster(ctx: _Ctx, card, klaster: int) -> list[Slide]:
    """The indicators of the klaster that are jelek in some unit, or whose own total is jelek or
    kurang (below or above target, falling this month); most units jelek first."""
    found = []
    for ind in (i for i in SKOR_INDICATORS if i.klaster == klaster):
        rows = _indicator_rows(card, ind)
        jelek = [r for r in rows if r["status"] == JELEK]
        total_status = card.total.get(f"status_{ind.code}")
        if not jelek and total_status not in (JELEK, KURANG):
            continue
        nilai = _num(card.total.get(ind.code))
        total = {"nilai": nilai, "teks": ind.text(nilai), "status": total_status,
                 "target": _num(card.total.get(f"target_{ind.code}")),
                 "laporan": str(card.total.get(f"laporan_{ind.code}") or "")}
        bulanan = [_num(v) for v in card.monthly_total[ind.code]]
        found.append((ind, rows, jelek, total, bulanan))
    found.sort(key=lambda f: (-len(f[2]), f[3]["status"] != JELEK, f[0].code))
    slides = [_indikator(ctx, *f) for f in found[:PER_KLASTER]]
    rest = found[PER_KLASTER:]
    if rest:
        slides.append(_lainnya(ctx, klaster, rest))
    return slides


def _trend_words(ind: Indicator, bulanan: list) -> str:
    if len(bulanan) >= 2 and bulanan[-1] is not None and bulanan[-2] is not None:
        return f"{ind.text(bulanan[-2])} → {ind.text(bulanan[-1])} bulan ini"
    return ""


def _indikator(ctx: _Ctx, ind: Indicator, rows, jelek, total, bulanan) -> Slide:
    n = len(rows)
    short = f"{ind.short_label} {period(ctx.bulan)}"
    if jelek:
        judul = f"{short}: {len(jelek)} dari {n} {ctx.anak} jelek"
    else:
        arah = "turun" if ind.higher_is_better else "naik"
        judul = f"{short}: {ctx.area.nama} {total['status']}, capaian bulanan {arah}"
        trend = _trend_words(ind, bulanan)
        if trend:
            judul += f" ({trend})"
    if total.get("laporan"):  # the finding rests on months without report: the sentence says so
        judul += f" ({MARK} {title_mark(total['laporan'])})"
    jelek = _worst_first(jelek, ind)
    names = ", ".join(r["nama"] for r in jelek)
    catatan = (f"{ind.label}: {ctx.area.nama} {total['teks']} (target bulan ini {ind.text(total['target'])}, "
               f"status {total['status'] or 'tanpa status'}). ")
    if jelek:
        catatan += f"{ctx.anak.capitalize()} jelek (di bawah target dan turun): {names}. "
    catatan += laporan_note(ctx.area.nama, total, rows)
    catatan += f"Definisi: {ind.definition}"
    data = {"indikator": ind.code, "label": ind.label, "short": ind.short_label, "klaster": ind.klaster,
            "satuan": ind.unit, "faktor": ind.factor, "desimal": ind.decimals,
            "lebih_tinggi_lebih_baik": ind.higher_is_better, "anak": ctx.anak,
            "target": total["target"], "total": {**total, "nama": ctx.area.nama},
            "bulanan": bulanan, "baris": _worst_first(rows, ind), "n_jelek": len(jelek), "n": n}
    return Slide(f"indikator:{ind.code}", "indikator", judul,
                 ctx.sumber(f"PWS {ind.label}, {ctx.periode}"), catatan=catatan, indikator=ind.code,
                 desa=tuple(r["kode"] for r in jelek) if ctx.area.level == Level.PUSKESMAS else (),
                 data=freeze(data))


TITLE_MARK_MAX = 45  # a longer mark ('November: 11 dari 13 desa melapor; Desember: …') would
# add a third line to a projector's title; the slide's notes keep it whole


def title_mark(laporan: str) -> str:
    """The mark of an area's status as a slide title carries it: as it is when short, else
    'laporan belum lengkap' (the speaker's note names the months and counts)."""
    return laporan if len(laporan) <= TITLE_MARK_MAX else "laporan belum lengkap, lihat catatan"


def laporan_note(nama: str, total: dict, rows: list[dict]) -> str:
    """The speaker's note on statuses resting on months without report (indicators.
    tanpa_laporan): 'Tanda !: status bertumpu pada bulan tanpa laporan. Pkm A: Desember: 7 dari
    9 desa melapor. Desa X: tanpa laporan November–Desember. ' ('' when none does)."""
    marked = [(nama, total["laporan"])] if total.get("laporan") else []
    marked += [(r["nama"], r["laporan"]) for r in rows if r.get("laporan")]
    if not marked:
        return ""
    return (f"Tanda {MARK}: status bertumpu pada bulan tanpa laporan; periksa laporannya sebelum menafsirkan. "
            + " ".join(f"{n}: {m}." for n, m in marked) + " ")


def _lainnya(ctx: _Ctx, klaster: int, rest) -> Slide:
    rows = [{"indikator": ind.code, "short": ind.short_label, "label": ind.label, "n_jelek": len(jelek),
             "n": len(rows), "status": total["status"], "teks": total["teks"]}
            for ind, rows, jelek, total, _ in rest]
    judul = (f"Klaster {klaster} {period(ctx.bulan)}: {len(rows)} indikator lain jelek atau turun "
             f"({', '.join(r['short'] for r in rows[:3])}{', …' if len(rows) > 3 else ''})")
    catatan = "; ".join(f"{r['label']}: {r['n_jelek']} dari {r['n']} {ctx.anak} jelek, {ctx.area.nama} "
                        f"{r['teks']} ({r['status'] or 'tanpa status'})" for r in rows)
    return Slide(f"lainnya:{klaster}", "lainnya", judul, ctx.sumber(f"PWS Klaster {klaster}, {ctx.periode}"),
                 catatan=catatan, data=freeze({"klaster": klaster, "anak": ctx.anak, "baris": rows}))


# --- cascades ---------------------------------------------------------------------------------------

def _step_label(code: str) -> str:
    if code in REGISTER_BY_CODE:
        return REGISTER_BY_CODE[code].label
    return SASARAN_BY_CODE[code].label if code in SASARAN_BY_CODE else code


def _lower(label: str) -> str:
    """'Hipertensi terdiagnosis' → 'hipertensi terdiagnosis' in a sentence; 'TB diobati' stays."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def care_steps(kaskade) -> tuple[str, ...]:
    """The steps between which a person is lost to care: from the diagnosis on (screened →
    diagnosed is a yield, not a loss), preceded by the estimate of the sick when the cascade
    declares one (estimated → diagnosed: not yet found)."""
    steps = kaskade.steps
    start = next((i for i, s in enumerate(steps) if s.endswith("_diagnosis")), 0)
    care = steps[start:]
    return ((kaskade.sasaran,) if kaskade.sasaran else ()) + care


def _kaskade(ctx: _Ctx, klaster: int) -> Slide | None:
    """The cascade of the klaster whose one step loses the most people, Januari..bulan."""
    best = None
    for k in (k for k in KASKADES if k.klaster == klaster):
        view = kaskade_view(ctx.conn, ctx.scope, ctx.area, ctx.tahun, ctx.bulan, k.code)
        total = view.total
        care = care_steps(k)
        for before, after in zip(care, care[1:]):
            a, b = _num(total.get(before)), _num(total.get(after))
            if a is None or b is None or a <= 0:
                continue
            lost = a - b
            if lost > 0 and (best is None or lost > best[0]):
                best = (lost, k, before, after, a, b, total)
    if best is None:
        return None
    lost, k, before, after, a, b, total = best
    steps = [{"kode": s, "label": _step_label(s), "nilai": _num(total.get(s)),
              "perkiraan": s == k.sasaran} for s in care_steps(k)]
    lanjut = b / a
    name = k.label.removeprefix("Kaskade ")
    judul = (f"{name[:1].upper()}{name[1:]} {period(ctx.bulan)}: {fmt.angka(lost)} orang hilang dari "
             f"{_lower(_step_label(before))} ke {_lower(_step_label(after))} ({fmt.persen(lanjut)} lanjut)")
    every = ((k.sasaran,) if k.sasaran else ()) + k.steps
    catatan = (f"Jumlah Januari s.d. {BULAN[ctx.bulan - 1]}: " + " → ".join(
        f"{_step_label(s)} {fmt.angka(_num(total.get(s)))}" for s in every) + ". Langkah yang kehilangan orang paling "
        "banyak dipilih dari langkah perawatan (terdiagnosis dan sesudahnya, dan estimasi penderita → "
        "terdiagnosis); skrining → terdiagnosis adalah hasil penemuan, bukan kehilangan.")
    # an RTL recorded from this slide targets the PWS indicator that counts the step reached
    target = next((i.code for i in SKOR_INDICATORS if after in i.numerator), None)
    return Slide(f"kaskade:{k.code}", "kaskade", judul, ctx.sumber(f"register {k.label}, {ctx.periode}"),
                 catatan=catatan, indikator=target,
                 data=freeze({"kaskade": k.code, "label": k.label, "langkah": steps,
                              "hilang": {"dari": before, "ke": after, "dari_label": _step_label(before),
                                         "ke_label": _step_label(after), "jumlah": lost, "lanjut": lanjut}}))


# --- IKS ----------------------------------------------------------------------------------------

def _iks(ctx: _Ctx) -> Slide | None:
    """The IKS per unit at 31 December of `tahun` against the year before (or, when the year
    before has no IKS, against the families' first visit), with the map of the units."""
    rows, total = iks_area_table(ctx.conn, ctx.scope, ctx.area, ctx.tahun)
    if fmt.is_missing(total.get("iks")):
        return None
    before_rows, before_total = iks_area_table(ctx.conn, ctx.scope, ctx.area, ctx.tahun - 1)
    by_year = not fmt.is_missing(before_total.get("iks"))
    if by_year:
        lalu = dict(zip(before_rows["kode"], before_rows["iks"]))
        pembanding, total_lalu = str(ctx.tahun - 1), before_total.get("iks")
    else:
        lalu = dict(zip(rows["kode"], rows["iks_awal"]))
        pembanding, total_lalu = "kunjungan awal", total.get("iks_awal")
    baris = []
    for kode, nama, iks in zip(rows["kode"], rows["nama"], rows["iks"]):
        now, then = _num(iks), _num(lalu.get(kode))
        change = None if now is None or then is None else now - then
        kategori = category_of_value(now)
        baris.append({"kode": str(kode), "nama": str(nama), "iks": now, "iks_lalu": then, "perubahan": change,
                      "kategori": kategori.value if kategori else None})
    now, then = _num(total.get("iks")), _num(total_lalu)
    change = None if then is None else now - then
    turun = [b for b in baris if b["perubahan"] is not None and round(b["perubahan"], 3) < 0]
    arah = ("naik" if change > 0 else "turun" if change < 0 else "tetap") if change is not None else ""
    dari = f"{arah} {fmt.angka(abs(change), 3)} dari {pembanding}" if change is not None else \
        f"belum ada pembanding {pembanding}"
    judul = f"IKS {ctx.area.nama} {ctx.tahun}: {fmt.indeks(now)}, {dari}; {len(turun)} dari {len(baris)} " \
            f"{ctx.anak} turun"
    catatan = ("IKS per 31 Desember tahun berjalan (keadaan terakhir setiap keluarga), dibanding "
               + (f"31 Desember {pembanding}." if by_year else "kunjungan pertama keluarga.")
               + (" Turun: " + ", ".join(f"{b['nama']} {fmt.selisih(b['perubahan'])}" for b in turun) + "."
                  if turun else ""))
    peta = child_rings(ctx.conn, ctx.scope, ctx.area.map_area)
    return Slide("iks", "iks", judul, ctx.sumber(f"kunjungan keluarga PIS-PK s.d. 31 Desember {ctx.tahun}"),
                 catatan=catatan, desa=tuple(b["kode"] for b in turun) if ctx.area.level == Level.PUSKESMAS else (),
                 data=freeze({"pembanding": pembanding, "menurut_tahun": by_year, "anak": ctx.anak,
                              "total": {"iks": now, "iks_lalu": then, "perubahan": change},
                              "baris": baris, "n_turun": len(turun), "peta": peta}))


# --- data quality -----------------------------------------------------------------------------

def _kualitas(ctx: _Ctx) -> Slide:
    """What can be checked today: desa without any register this month, desa without a sasaran
    of this year that the scorecard divides by. Grouped by the unit of the scorecard (the desa
    themselves for a Puskesmas)."""
    shown = ctx.area.map_area
    unit_level = shown.level.child
    d = schema.desa
    unit_key = DESA_KEY[unit_level]
    names = schema.desa if unit_level == Level.DESA else None
    inside = and_(desa_filter(shown), scope_filter(ctx.scope, shown))
    desa = ctx.conn.execute(select(d.c.kode, d.c.nama, unit_key).where(inside)).all()
    inside_codes = select(d.c.kode).where(inside)
    lay, sas = schema.layanan, schema.sasaran
    reported = set(ctx.conn.execute(
        select(lay.c.kode_desa).distinct().where(lay.c.tahun == ctx.tahun, lay.c.bulan == ctx.bulan,
                                                 lay.c.kode_desa.in_(inside_codes))).scalars())
    have: dict[str, set] = {}
    for kode, code in ctx.conn.execute(
            select(sas.c.kode_desa, sas.c.sasaran).where(sas.c.tahun == ctx.tahun,
                                                         sas.c.sasaran.in_(SKOR_SASARAN),
                                                         sas.c.kode_desa.in_(inside_codes))):
        have.setdefault(kode, set()).add(code)
    unit_names = {}
    if names is None:
        table = {Level.PUSKESMAS: schema.puskesmas, Level.KABUPATEN: schema.kabupaten,
                 Level.PROVINSI: schema.provinsi}[unit_level]
        units = {u for _, _, u in desa}
        unit_names = dict(ctx.conn.execute(select(table.c.kode, table.c.nama).where(table.c.kode.in_(units))).all())
    # the Kualitas Data page's figures per unit, January..bulan: completeness of the reports and
    # the outliers not yet checked
    quality, _total = kualitas_by_area(ctx.conn, ctx.scope, shown, unit_level, ctx.tahun, ctx.bulan)
    per_unit: dict[str, dict] = {}
    for kode, nama, unit in desa:
        q = quality.get(unit, {})
        u = per_unit.setdefault(unit, {"kode": unit, "nama": nama if names is not None else unit_names.get(unit, unit),
                                       "jumlah_desa": 0, "tanpa_laporan": 0, "sasaran_kosong": 0, "sasaran": set(),
                                       "lengkap": q.get("lengkap"), "janggal": q.get("janggal", 0)})
        u["jumlah_desa"] += 1
        if kode not in reported:
            u["tanpa_laporan"] += 1
        missing = set(SKOR_SASARAN) - have.get(kode, set())
        if missing:
            u["sasaran_kosong"] += 1
            u["sasaran"] |= missing
    baris = sorted((u for u in per_unit.values() if u["tanpa_laporan"] or u["sasaran_kosong"] or u["janggal"]),
                   key=lambda u: (-u["tanpa_laporan"], -u["janggal"], -u["sasaran_kosong"], u["nama"]))
    for u in baris:
        u["sasaran"] = sorted(SASARAN_BY_CODE[c].label for c in u["sasaran"])
    n_desa = len(desa)
    tanpa = sum(u["tanpa_laporan"] for u in per_unit.values())
    kosong = sum(u["sasaran_kosong"] for u in per_unit.values())
    janggal = sum(u["janggal"] for u in per_unit.values())
    bulan = f"{BULAN[ctx.bulan - 1]} {ctx.tahun}"
    if tanpa or kosong or janggal:
        judul = (f"Kualitas data {bulan}: {tanpa} dari {n_desa} desa belum melapor, "
                 f"{janggal} data janggal belum dicek, {kosong} desa sasarannya belum lengkap")
    else:
        judul = f"Kualitas data {bulan}: semua {n_desa} desa melapor, tanpa data janggal, sasaran lengkap"
    catatan = ("Desa tanpa satu pun laporan layanan bulan ini; data janggal (pencilan dan aturan validasi) "
               f"Januari–{BULAN[ctx.bulan - 1]} yang belum ditandai sudah dicek; desa yang belum mempunyai "
               f"sasaran {ctx.tahun} yang dipakai indikator PWS. Kelengkapan = laporan masuk ÷ laporan yang "
               "diharapkan, Januari s.d. bulan ini. Rinciannya di halaman Kualitas Data.")
    return Slide("kualitas", "kualitas", judul, ctx.sumber(f"laporan layanan {bulan} dan sasaran {ctx.tahun}"),
                 catatan=catatan,
                 desa=tuple(u["kode"] for u in baris) if unit_level == Level.DESA else (),
                 data=freeze({"bulan": bulan, "anak": CHILD_WORD[unit_level], "jumlah_desa": n_desa,
                              "tanpa_laporan": tanpa, "sasaran_kosong": kosong, "janggal": janggal,
                              "baris": baris}))


# --- closing ------------------------------------------------------------------------------------

def _penutup(ctx: _Ctx, slides: list[Slide]) -> Slide:
    temuan = [s.judul for s in slides if s.jenis in ("indikator", "lainnya", "kaskade")]
    judul = (f"Penutup: {len(temuan)} temuan menunggu rencana tindak lanjut" if temuan
             else "Penutup: tidak ada temuan baru bulan ini; pantau RTL yang berjalan")
    catatan = ("Sepakati RTL: masalah, penyebab, kegiatan, penanggung jawab, tenggat, indikator dan desa "
               "sasarannya. RTL ini membuka lokakarya mini bulan depan.")
    return Slide("penutup", "penutup", judul, ctx.sumber(f"PWS {ctx.periode}"), catatan=catatan,
                 data=freeze({"temuan": temuan}))
