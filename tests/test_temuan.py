"""Key findings in words (indicators.temuan, layouts.temuan_parts): every rule on hand-built
cells, the edges of a trend (never claimed from fewer months than it needs), lower-is-better
indicators, ranking, ties, the cap, Indonesian numbers, and plain text on the page."""
from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest
from dash import dcc, html

from indicators.format import angka
from indicators.program import INDICATOR_BY_CODE, DeclarationError
from indicators.temuan import (
    ATURAN,
    ATURAN_BY_CODE,
    KOLOM,
    PARAMETER,
    Aturan,
    Deteksi,
    IksChange,
    Sel,
    ada_data,
    findings,
)
from layouts.temuan_parts import KOSONG, TANPA_DATA, findings_list
from tests.components import text_of

NAMES = ("Kalisari", "Tambakarum", "Sukamaju", "Mekarsari", "Jatirejo", "Sumberejo",
         "Karangrejo", "Wonosari", "Pandansari", "Gedangan", "Kedungrejo", "Rowosari")
FLAT = (0.08, 0.08, 0.08, 0.08, 0.08)  # five months, no run either way


def sel(nama, ind="k6", status=None, kum=None, bulanan=FLAT, *, kode=None, target=None) -> Sel:
    return Sel(kode if kode is not None else nama.lower(), nama, ind, status, kum, tuple(bulanan),
               target)


def tot(ind="k6", status=None, kum=None, bulanan=FLAT, *, nama="Puskesmas Kalisari", target=None) -> Sel:
    return Sel("", nama, ind, status, kum, tuple(bulanan), target)


def run(rows=(), total=(), *, bulan=5, iks=None, limit=5, child_label="desa"):
    return findings(list(rows), list(total), child_label=child_label, tahun=2026, bulan=bulan,
                    iks=iks, limit=limit)


def by_rule(found, code):
    return [f for f in found if f.aturan == code]


def desa(n, ind="k6", status="cukup", kum=0.5, bulanan=FLAT, **kw):
    return [sel(NAMES[i], ind, status, kum, bulanan, **kw) for i in range(n)]


# --- many child areas jelek ---------------------------------------------------------------

def test_many_desa_jelek_names_three_worst_first_then_an_ellipsis():
    rows = desa(12)
    for i, kum in ((1, 0.30), (3, 0.25), (6, 0.40), (9, 0.35)):
        rows[i] = replace(rows[i], status="jelek", kumulatif=kum)
    [f] = run(rows)
    assert f.teks == "K6: 4 dari 12 desa jelek (Mekarsari, Tambakarum, Gedangan, …)"
    assert (f.aturan, f.indikator, f.kode, f.nada) == ("anak_jelek", "k6", "", "buruk")


def test_three_jelek_are_all_named_without_an_ellipsis():
    rows = desa(6)
    for i in range(3):
        rows[i] = replace(rows[i], status="jelek")
    [f] = run(rows, child_label="Puskesmas")
    assert f.teks == "K6: 3 dari 6 Puskesmas jelek (Kalisari, Sukamaju, Tambakarum)"


def test_the_weight_of_many_jelek_grows_with_the_share():
    def weight(n):
        rows = desa(12)
        rows[:n] = [replace(r, status="jelek") for r in rows[:n]]
        return run(rows)[0].bobot
    assert weight(3) < weight(6) < weight(12)


@pytest.mark.parametrize("n", [1, 2])  # one desa is below min_wilayah; 2 of 12 below min_bagian
def test_few_jelek_desa_are_not_a_finding(n):
    rows = desa(12)
    rows[:n] = [replace(r, status="jelek") for r in rows[:n]]
    assert by_rule(run(rows), "anak_jelek") == []


def test_names_in_a_list_drop_the_level_the_sentence_already_says():
    rows = [sel(f"Puskesmas {n}", "k6", "jelek", 0.3) for n in NAMES[:4]]
    rows.append(sel("Puskesmas", "k6", "jelek", 0.2))  # nothing after the level: kept whole
    [f] = run(rows, child_label="Puskesmas")
    assert f.teks == "K6: 5 dari 5 Puskesmas jelek (Puskesmas, Kalisari, Mekarsari, …)"


def test_lower_is_better_jelek_names_the_highest_prevalence_first():
    rows = desa(4, "stunting", "cukup", 0.10)
    rows[0] = replace(rows[0], status="jelek", kumulatif=0.18)
    rows[2] = replace(rows[2], status="jelek", kumulatif=0.25)
    [f] = by_rule(run(rows), "anak_jelek")
    assert f.teks == "Stunting: 2 dari 4 desa jelek (Sukamaju, Kalisari)"


# --- the area's own total jelek -----------------------------------------------------------

def test_the_total_jelek_says_below_target_and_falling():
    [f] = run(total=[tot("k6", "jelek", 0.401)])
    assert f.teks == "K6 di Puskesmas Kalisari jelek: 40,1%, di bawah target dan turun bulan ini"
    assert (f.aturan, f.kode, f.nada) == ("total_jelek", "", "buruk")


def test_a_lower_is_better_total_jelek_is_above_target_and_rising():
    [f] = run(total=[tot("bb_kurang", "jelek", 0.092, nama="")])
    assert f.teks == "Gizi kurang di seluruh wilayah jelek: 9,2%, di atas target dan naik bulan ini"


# --- trends: never from fewer months than the rule needs ----------------------------------

def test_exactly_three_months_falling_is_claimed_from_four_values():
    rows = [sel("Kalisari", "idl", "cukup", 0.3, (0.091, 0.080, 0.072, 0.060))]
    [f] = run(rows, bulan=4)
    assert f.teks == ("Imunisasi dasar lengkap turun 3 bulan berturut-turut di Desa Kalisari "
                      "(per bulan: 9,1% → 8,0% → 7,2% → 6,0%)")
    assert (f.aturan, f.indikator, f.kode, f.nada) == ("anak_memburuk", "idl", "kalisari", "buruk")


def test_two_months_falling_is_not_a_trend():
    rows = [sel("Kalisari", "idl", "cukup", 0.3, (0.05, 0.091, 0.080, 0.072))]
    assert run(rows, bulan=4) == []


def test_a_month_without_report_inside_the_run_breaks_it():
    rows = [sel("Kalisari", "idl", "cukup", 0.3, (0.10, 0.091, None, 0.072, 0.060))]
    assert run(rows) == []
    rows = [sel("Kalisari", "idl", "cukup", 0.3, (0.10, 0.091, 0.080, 0.072, None))]
    assert by_rule(run(rows), "anak_memburuk") == []


def test_an_equal_month_is_not_lower():
    rows = [sel("Kalisari", "idl", "cukup", 0.3, (0.10, 0.091, 0.091, 0.072, 0.060))]
    assert run(rows) == []


def test_a_fall_hidden_by_rounding_is_not_lower():
    # 8,14% and 8,11% are both written 8,1%: the reader would see no fall there
    rows = [sel("Kalisari", "idl", "cukup", 0.3, (0.0814, 0.0811, 0.078, 0.074))]
    assert run(rows, bulan=4) == []
    rows = [sel("Kalisari", "idl", "cukup", 0.3, (0.0816, 0.0811, 0.078, 0.074))]  # 8,2% → 8,1%
    assert by_rule(run(rows, bulan=4), "anak_memburuk")


@pytest.mark.parametrize("bulan", [1, 2, 3])
def test_early_in_the_year_no_trend_can_be_claimed(bulan):
    falling = (0.5, 0.4, 0.3)[:bulan]
    rows = [sel("Kalisari", "d_s", "cukup", falling[-1], falling)]
    total = [tot("d_s", "cukup", falling[-1], falling)]
    assert run(rows, total, bulan=bulan) == []


def test_a_longer_run_is_counted_and_shortened_in_the_sentence():
    values = (0.20, 0.18, 0.15, 0.12, 0.10, 0.09, 0.08)
    [f] = run(total=[tot("d_s", "cukup", 0.08, values)], bulan=7)
    assert f.teks == "D/S turun 6 bulan berturut-turut di Puskesmas Kalisari (20,0% → … → 8,0%)"
    shorter = run(total=[tot("d_s", "cukup", 0.08, values[3:]), ], bulan=4)[0]
    assert f.bobot > shorter.bobot


def test_a_falling_prevalence_is_good_news_and_a_rising_one_bad():
    falling = (0.20, 0.18, 0.16, 0.15)
    rows = [sel("Kalisari", "stunting", "cukup", 0.15, falling)]
    assert run(rows, bulan=4) == []  # a child area improving is not a finding
    [good] = run(total=[tot("stunting", "baik", 0.15, falling)], bulan=4)
    assert (good.aturan, good.nada) == ("total_membaik", "baik")
    assert good.teks.startswith("Stunting turun 3 bulan berturut-turut di Puskesmas Kalisari (20,0% →")
    rising = tuple(reversed(falling))
    [bad] = run([sel("Kalisari", "stunting", "jelek", 0.20, rising)], bulan=4)
    assert (bad.aturan, bad.nada) == ("anak_memburuk", "buruk")
    assert bad.teks.startswith("Stunting naik 3 bulan berturut-turut di Desa Kalisari")


def test_a_rate_per_100000_writes_its_unit_once():
    values = (0.00006, 0.00005, 0.00004, 0.000035)
    [f] = run(total=[tot("tb_notifikasi", "cukup", 0.0002, values)], bulan=4)
    assert f.teks.endswith("(per bulan: 6,0 → 5,0 → 4,0 → 3,5 per 100.000 penduduk)")


def test_many_desa_falling_on_one_indicator_is_one_sentence():
    values = (0.10, 0.09, 0.08, 0.07)
    longer = (0.11, 0.10, 0.09, 0.08, 0.07)
    rows = [sel(n, "kn_lengkap", "cukup", 0.3, values) for n in ("Sukamaju", "Gedangan")]
    rows.append(sel("Wonosari", "kn_lengkap", "cukup", 0.3, (0.2, 0.3, 0.1, 0.05)))  # not a run
    [f] = run(rows, bulan=4)
    assert f.teks.startswith("KN lengkap turun 3 bulan berturut-turut di Desa Gedangan (")
    assert f.teks.endswith("; juga di 1 desa lain")
    rows = [sel("Sukamaju", "kn_lengkap", "cukup", 0.3, longer),
            sel("Gedangan", "kn_lengkap", "cukup", 0.3, (0.05, *values))]
    [f] = run(rows)
    assert "Desa Sukamaju" in f.teks  # the longer run is the one named


def test_a_name_already_saying_its_level_is_not_repeated():
    rows = [sel("Desa Kalisari", "idl", "cukup", 0.3, (0.091, 0.080, 0.072, 0.060))]
    assert " di Desa Kalisari (" in run(rows, bulan=4)[0].teks
    rows = [sel("Banyuwangi", "idl", "cukup", 0.3, (0.091, 0.080, 0.072, 0.060))]
    assert " di Banyuwangi (" in run(rows, bulan=4, child_label="kabupaten/kota")[0].teks


# --- IKS ----------------------------------------------------------------------------------

def test_iks_rise_is_written_with_two_decimals():
    [f] = run(iks=IksChange(awal=0.3112, akhir=0.3809, keluarga=1234))
    assert f.teks == "IKS naik dari 0,31 ke 0,38 sejak kunjungan awal (1.234 keluarga)"
    assert (f.aturan, f.indikator, f.kode, f.nada) == ("iks_naik", None, "", "baik")


def test_iks_fall_is_bad_news_and_outranks_its_rise():
    [down] = run(iks=IksChange(0.40, 0.35, 200))
    [up] = run(iks=IksChange(0.35, 0.40, 200))
    assert (down.aturan, down.nada) == ("iks_turun", "buruk")
    assert down.teks == "IKS turun dari 0,40 ke 0,35 sejak kunjungan awal (200 keluarga)"
    assert down.bobot > up.bobot


@pytest.mark.parametrize("iks", [
    IksChange(0.31, 0.38, ATURAN_BY_CODE["iks_naik"].min_keluarga - 1),  # too few families
    IksChange(0.31, 0.325, 500),  # a change below the threshold
    IksChange(None, 0.38, 500),
    IksChange(0.31, None, 500),
])
def test_iks_change_needs_enough_families_and_a_real_change(iks):
    assert run(iks=iks) == []


# --- good news ------------------------------------------------------------------------------

def test_every_desa_baik_is_good_news_and_one_without_data_spoils_it():
    [f] = run(desa(5, "k1", "baik"))
    assert (f.teks, f.aturan, f.nada) == ("K1: semua 5 desa baik", "semua_baik", "baik")
    rows = desa(5, "k1", "baik")
    rows[2] = replace(rows[2], status=None)
    assert by_rule(run(rows), "semua_baik") == []


def test_the_annual_target_reached_needs_the_target():
    [f] = run(total=[tot("k1", "baik", 1.004, target=1.0)])
    assert f.teks == "K1 di Puskesmas Kalisari sudah memenuhi target tahunan 100,0% (100,4%)"
    assert (f.aturan, f.nada) == ("target_tercapai", "baik")
    assert run(total=[tot("k1", "baik", 1.004)]) == []  # the target is not known
    assert run(total=[tot("k1", "baik", 0.90, target=1.0)]) == []


def test_a_prevalence_meets_its_target_from_below():
    [f] = run(total=[tot("stunting", "baik", 0.12, target=0.14)])
    assert f.teks == "Stunting di Puskesmas Kalisari sudah memenuhi target tahunan 14,0% (12,0%)"
    assert run(total=[tot("stunting", "cukup", 0.15, target=0.14)]) == []


def test_good_news_comes_after_bad_news():
    rows = [*desa(4, "k1", "baik"), *desa(4, "k6", "jelek")]
    found = run(rows, iks=IksChange(0.30, 0.40, 100))
    assert [f.nada for f in found] == ["buruk", "baik", "baik"]
    assert found[0].aturan == "anak_jelek"


# --- missing reports ------------------------------------------------------------------------

def test_desa_without_this_months_report_for_most_indicators_are_info():
    rows = []
    for i, name in enumerate(NAMES[:6]):
        for ind in ("k1", "k6", "idl", "d_s"):
            missing = (i == 1) or (i == 4 and ind in ("k1", "k6"))  # all, and half
            rows.append(sel(name, ind, None if missing else "cukup", 0.3,
                            (0.08, 0.08, 0.08, 0.08, None if missing else 0.08)))
    [f] = run(rows)
    assert f.teks == "2 dari 6 desa belum melapor untuk Mei 2026 (Tambakarum, Jatirejo)"
    assert (f.aturan, f.indikator, f.kode, f.nada) == ("tanpa_laporan", None, "", "info")


def test_one_desa_without_report_links_to_that_desa():
    rows = [sel("Kalisari", "k1", "cukup", 0.3), sel("Gedangan", "k1", None, 0.3, (0.1, 0.1, 0.1, 0.1, None))]
    [f] = run(rows)
    assert (f.teks, f.kode) == ("1 dari 2 desa belum melapor untuk Mei 2026 (Gedangan)", "gedangan")


# --- no data at all -------------------------------------------------------------------------

def test_all_areas_without_data_give_no_findings_and_say_so():
    empty = (None,) * 5
    rows = [sel(n, ind, None, None, empty) for n in NAMES for ind in ("k1", "k6")]
    total = [tot(ind, None, None, empty) for ind in ("k1", "k6")]
    assert run(rows, total) == []
    assert not ada_data(rows, total)
    assert ada_data(rows, total, IksChange(0.3, None, 0))
    assert text_of(findings_list([], ada_data=False)).endswith(TANPA_DATA)
    assert run([], []) == []


# --- ranking, ties, deduplication, the cap --------------------------------------------------

def test_ties_go_by_indicator_order_then_area_name():
    rows = [*desa(4, "idl", "jelek"), *desa(4, "k6", "jelek"), *desa(4, "k1", "jelek")]
    random.Random(3).shuffle(rows)
    found = run(rows)
    assert [f.indikator for f in found] == ["k1", "k6", "idl"]
    assert len({f.bobot for f in found}) == 1
    falling = (0.10, 0.09, 0.08, 0.07)
    rows = [sel(n, ind, "cukup", 0.3, falling) for ind in ("k1", "k6") for n in ("Wonosari", "Gedangan")]
    found = run(rows, bulan=4)
    assert [(f.indikator, f.kode) for f in found] == [("k1", "gedangan"), ("k6", "gedangan")]


def test_the_order_of_the_input_does_not_matter():
    rows = [*desa(8, "k6", "jelek", 0.4), *desa(3, "k1", "baik"),
            *[sel(n, "idl", "cukup", 0.3, (0.12, 0.1, 0.09, 0.08, 0.07)) for n in NAMES[:3]]]
    rows[2] = replace(rows[2], kumulatif=0.4)  # a tie in the worst-first names
    total = [tot("k6", "jelek", 0.4), tot("k1", "baik", 1.0, target=0.9)]
    want = run(rows, total, iks=IksChange(0.3, 0.35, 50))
    for seed in range(5):
        shuffled = rows[:]
        random.Random(seed).shuffle(shuffled)
        assert run(shuffled, total[::-1], iks=IksChange(0.3, 0.35, 50)) == want


def test_one_finding_per_indicator_and_tone():
    rows = desa(10, "k6", "jelek", 0.3, (0.09, 0.08, 0.07, 0.06, 0.05))
    # above its annual target yet falling (kurang), and falling for four months
    total = [tot("k6", "kurang", 0.3, (0.09, 0.08, 0.07, 0.06, 0.05), target=0.2)]
    found = run(rows, total)
    assert [(f.aturan, f.nada) for f in found] == [("anak_jelek", "buruk"), ("target_tercapai", "baik")]


def test_at_most_limit_findings_most_important_first():
    codes = ("k1", "k6", "pf", "kf_lengkap", "kn_lengkap", "idl", "ibl", "d_s")
    rows = [r for ind in codes for r in desa(6, ind, "jelek")]
    total = [tot(ind, "jelek", 0.3) for ind in codes]
    found = run(rows, total, iks=IksChange(0.5, 0.3, 100))
    assert len(found) == 5
    assert [f.bobot for f in found] == sorted((f.bobot for f in found), reverse=True)
    assert len(run(rows, total, limit=2)) == 2
    assert run(rows, total, limit=0) == []
    # maks: at most three of the rule "many desa jelek"
    assert len(by_rule(run(rows, limit=10), "anak_jelek")) == ATURAN_BY_CODE["anak_jelek"].maks


def test_a_wrong_cell_is_refused_naming_it():
    with pytest.raises(ValueError, match="4 nilai bulanan, seharusnya 5"):
        run([sel("Kalisari", "k6", "cukup", 0.3, (0.1,) * 4)])
    with pytest.raises(ValueError, match="'k7' bukan kode indikator"):
        run([sel("Kalisari", "k7", "cukup", 0.3)])
    with pytest.raises(ValueError, match="status 'buruk'"):
        run(total=[tot("k6", "buruk", 0.3)])
    with pytest.raises(ValueError, match="bulan 13"):
        run(bulan=13)


# --- the page: plain text, icon and colour --------------------------------------------------

def _walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if child is not None and not isinstance(child, str):
            yield from _walk(child)


def test_a_name_with_markup_stays_plain_text_in_the_sentence_and_on_the_page():
    name = '<b>Kali&sari</b><a href="javascript:alert(1)">x</a>{n}'
    rows = [sel(name, "idl", "cukup", 0.3, (0.091, 0.080, 0.072, 0.060)),
            sel("Gedangan", "idl", "cukup", 0.3, (0.1, 0.1, 0.1, 0.1))]
    [f] = run(rows, bulan=4)
    assert f"di Desa {name} (" in f.teks
    section = findings_list([(f, "/klaster-2?indikator=idl")])
    nodes = list(_walk(section))
    spans = [n for n in nodes if isinstance(n, html.Span) and n.children == f.teks]
    assert len(spans) == 1  # the sentence is one plain string child of a Span
    for node in nodes:
        assert type(node).__name__ not in ("Markdown", "Iframe", "Script")
        assert not getattr(node, "dangerously_allow_html", False)
    assert not any(isinstance(n, html.B | html.A) for n in nodes)


def test_each_line_has_an_icon_a_colour_a_sentence_and_a_link_when_given():
    rows = [*desa(4, "k6", "jelek"), *desa(4, "k1", "baik")]
    found = run(rows, iks=None)
    hrefs = ["/klaster-2?indikator=k6", None]
    section = findings_list(list(zip(found, hrefs)))
    lines = [n for n in _walk(section) if isinstance(n, html.Li)]
    assert [line.className for line in lines] == ["temuan-baris temuan-buruk", "temuan-baris temuan-baik"]
    icons = [n for n in _walk(section) if getattr(n, "className", None) == "temuan-ikon"]
    assert [i.children for i in icons] == ["!", "✓"]
    assert all(i.style["backgroundColor"] and getattr(i, "aria-hidden") == "true" for i in icons)
    links = [n for n in _walk(section) if isinstance(n, dcc.Link)]
    assert [link.href for link in links] == ["/klaster-2?indikator=k6"]
    assert "lihat" in text_of(links[0])
    assert "K6: 4 dari 4 desa jelek" in text_of(section)


def test_no_findings_say_nothing_notable():
    section = findings_list([])
    assert KOSONG in text_of(section)
    assert not [n for n in _walk(section) if isinstance(n, html.Ol)]


# --- the declarations ------------------------------------------------------------------------

GOOD = dict(code="contoh", deteksi=Deteksi.ANAK_MEMBURUK, uraian="Contoh.",
            templat="{indikator} {arah} {n} bulan di {wilayah}", nada="buruk", bobot=10, min_bulan=3)


def test_every_declared_rule_is_checked_and_each_detector_is_declared():
    assert {a.deteksi for a in ATURAN} == set(Deteksi)
    assert set(PARAMETER) == set(KOLOM) == set(Deteksi)
    for a in ATURAN:
        assert replace(a) == a  # re-checked, and still good
    assert Aturan(**GOOD).min_bulan == 3
    with pytest.raises(TypeError):
        Aturan("contoh", Deteksi.ANAK_JELEK)  # keyword fields only


@pytest.mark.parametrize(("change", "field"), [
    ({"code": ""}, "code"),
    ({"code": "dua kata"}, "code"),
    ({"deteksi": "anak_memburuk"}, "deteksi"),  # a string, not the enum
    ({"uraian": " "}, "uraian"),
    ({"templat": ""}, "templat"),
    ({"templat": "{indikator} di {desa}"}, "templat"),  # a field the detector does not fill
    ({"templat": "{indikator:.1f}"}, "templat"),
    ({"templat": "{indikator"}, "templat"),
    ({"nada": "merah"}, "nada"),
    ({"bobot": 0}, "bobot"),
    ({"bobot": float("inf")}, "bobot"),
    ({"bobot": True}, "bobot"),
    ({"skala": -1}, "skala"),
    ({"maks": 0}, "maks"),
    ({"min_bulan": 1}, "min_bulan"),  # one month is not a trend
    ({"min_bulan": 12}, "min_bulan"),  # would need 13 months of one year
    ({"min_bulan": 3.0}, "min_bulan"),
    ({"min_bulan": None}, "min_bulan"),  # the detector needs it
    ({"min_wilayah": 2}, "min_wilayah"),  # the detector does not read it
    ({"deteksi": Deteksi.ANAK_JELEK, "templat": "{indikator}", "min_bulan": None,
      "min_wilayah": 2, "min_bagian": 1.5}, "min_bagian"),
    ({"deteksi": Deteksi.ANAK_JELEK, "templat": "{indikator}", "min_bulan": None,
      "min_wilayah": 0, "min_bagian": 0.5}, "min_wilayah"),
    ({"deteksi": Deteksi.IKS_NAIK, "templat": "IKS {awal}", "min_bulan": None,
      "min_keluarga": 30, "min_selisih": 0}, "min_selisih"),
    ({"deteksi": Deteksi.IKS_NAIK, "templat": "IKS {awal}", "min_bulan": None,
      "min_keluarga": 0.5, "min_selisih": 0.02}, "min_keluarga"),
])
def test_a_wrong_rule_is_refused_naming_the_rule_and_the_field(change, field):
    with pytest.raises(DeclarationError) as error:
        Aturan(**{**GOOD, **change})
    code = change.get("code", GOOD["code"])
    assert str(error.value).startswith(f"aturan '{code}', {field}:"), str(error.value)


def test_a_replaced_rule_is_checked_again():
    with pytest.raises(DeclarationError, match="aturan 'anak_memburuk', min_bulan:"):
        replace(ATURAN_BY_CODE["anak_memburuk"], min_bulan=1)


def test_the_short_label_of_an_indicator_is_checked_and_falls_back_to_the_label():
    k6 = INDICATOR_BY_CODE["k6"]
    assert (k6.short_label, k6.label) == ("K6", "Cakupan K6")
    assert replace(k6, short="").short_label == "Cakupan K6"
    with pytest.raises(DeclarationError, match="indikator 'k6', short:"):
        replace(k6, short=" K6")


def test_the_user_docs_state_each_rules_thresholds_and_weight():
    """docs/temuan.md has one table row per rule with its numbers: a changed threshold that
    is not written there fails here."""
    doc = (Path(__file__).parent.parent / "docs" / "temuan.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(): line for line in doc.splitlines() if line.startswith("| `")}
    assert set(rows) == {f"`{a.code}`" for a in ATURAN}
    for a in ATURAN:
        row = rows[f"`{a.code}`"]
        assert f"| {a.bobot:g}" in row, a.code
        if a.skala:
            assert f"{a.skala:g} ×" in row, a.code
        if a.min_bulan is not None:
            assert f"≥ {a.min_bulan} bulan ({a.min_bulan + 1} nilai bulanan)" in row, a.code
        if a.min_wilayah is not None:
            assert f"≥ {a.min_wilayah} wilayah" in row, a.code
        if a.min_bagian is not None:
            assert f"≥ {a.min_bagian * 100:g}%" in row, a.code
        if a.min_keluarga is not None:
            assert f"≥ {a.min_keluarga} keluarga" in row, a.code
        if a.min_selisih is not None:
            assert f"≥ {angka(a.min_selisih, 2)}" in row, a.code
