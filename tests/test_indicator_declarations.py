"""Indicator declarations say what they mean: keyword-only, every reading explicit (factor,
accumulation, value label, decimals, direction), and a wrong one fails when it is declared,
naming the indicator's code and the field."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from exports.views import fraction_format, unit_note
from figures.pws import pws_map_spec
from indicators.program import (
    INDICATOR_BY_CODE,
    Accumulation,
    DeclarationError,
    Indicator,
    ValueLabel,
)
from indicators.pws import linear_target, target_at
from layouts.pws_parts import status_columns

K6 = INDICATOR_BY_CODE["k6"]

GOOD = dict(code="contoh", label="Contoh", klaster=2, group="kia", numerator=("k6",), denominator="bumil",
            accumulation=Accumulation.KUMULATIF, factor=100, unit="%", value_label=ValueLabel.CAKUPAN,
            decimals=1, higher_is_better=True, target=90, definition="Definisi.", source="Sumber.")


def test_a_good_declaration_is_accepted_and_positional_is_refused():
    assert Indicator(**GOOD).text(0.784) == "78,4%"
    with pytest.raises(TypeError):
        Indicator("k6", "Cakupan K6", 2, ("k6",), "bumil")


@pytest.mark.parametrize(("change", "field"), [
    ({"numerator": ("k7",)}, "numerator"),
    ({"numerator": "k6"}, "numerator"),  # a string, not a tuple of codes
    ({"numerator": ()}, "numerator"),
    ({"minus": ("tidak_ada",)}, "minus"),
    ({"denominator": "bumil_lama"}, "denominator"),
    ({"factor": 1001}, "factor"),
    ({"factor": 100.0}, "factor"),  # an int, as declared in FACTORS
    ({"factor": 10}, "factor"),
    ({"factor": 100_000}, "factor"),  # '%' is × 100
    ({"decimals": 4}, "decimals"),
    ({"decimals": -1}, "decimals"),
    ({"accumulation": "kumulatif"}, "accumulation"),  # a string, not the enum
    ({"denominator": "k1"}, "accumulation"),  # KUMULATIF over a register
    ({"accumulation": Accumulation.ALIRAN}, "accumulation"),  # ALIRAN over a sasaran
    ({"value_label": "Prevalensi"}, "value_label"),
    ({"value_label": ValueLabel.ANGKA}, "value_label"),  # an 'angka' is not a percentage
    ({"factor": 1000, "unit": "per 1.000 kelahiran hidup"}, "value_label"),  # a cakupan is in %
    ({"unit": ""}, "unit"),
    ({"higher_is_better": 1}, "higher_is_better"),
    ({"target": -5}, "target"),
    ({"target": float("nan")}, "target"),
    ({"klaster": 9}, "klaster"),
    ({"group": "gigi"}, "group"),
    ({"definition": ""}, "definition"),
])
def test_a_wrong_declaration_names_the_code_and_the_field(change, field):
    with pytest.raises(DeclarationError) as error:
        Indicator(**{**GOOD, **change})
    assert str(error.value).startswith(f"indikator 'contoh', {field}:"), str(error.value)


def test_a_replaced_declaration_is_checked_again():
    with pytest.raises(DeclarationError, match="indikator 'k6', factor:"):
        replace(K6, factor=3)


def test_todays_indicators_read_as_before():
    notifikasi = INDICATOR_BY_CODE["tb_notifikasi"]
    assert (notifikasi.factor, notifikasi.unit, notifikasi.value_label) == (
        100_000, "per 100.000 penduduk", ValueLabel.ANGKA)
    assert notifikasi.text(0.00385) == "385,0 per 100.000 penduduk"
    assert (K6.factor, K6.unit, K6.accumulation, K6.decimals) == (100, "%", Accumulation.KUMULATIF, 1)
    assert INDICATOR_BY_CODE["stunting"].value_label is ValueLabel.PREVALENSI
    assert INDICATOR_BY_CODE["d_s"].accumulation is Accumulation.BULANAN
    assert INDICATOR_BY_CODE["tb_pengobatan"].accumulation is Accumulation.ALIRAN


def test_a_rate_per_1000_is_read_in_its_unit_by_declaration_alone():
    """The issue's case: 'per 1.000 kelahiran hidup' once showed '0,0 per 1.000'."""
    rate = Indicator(**{**GOOD, "denominator": "bayi", "factor": 1000, "unit": "per 1.000 kelahiran hidup",
                        "value_label": ValueLabel.ANGKA, "higher_is_better": False, "target": None})
    assert rate.text(0.0165) == "16,5 per 1.000 kelahiran hidup"
    assert rate.plot_factor == 1000 and rate.d3_format() == ",.1f"
    names = {c["field"]: c["headerName"] for c in status_columns(rate, "Desa")}
    assert names["cakupan_kumulatif"] == "Angka kumulatif (per 1.000 kelahiran hidup)"
    rows = {"kode": ["a"], "nama": ["A"], "cakupan_kumulatif": [0.0165], "sasaran": [200.0],
            "capaian_kumulatif": [3.3], "status": [None], "alasan": [""], "target_bulan_ini": [None],
            "target_tahunan": [None]}
    spec = pws_map_spec(pd.DataFrame(rows), rate, mode="cakupan")
    assert spec["data"][0]["z"] == [16.5]


def test_the_period_rule_is_the_declared_accumulation():
    flat = replace(K6, accumulation=Accumulation.BULANAN)
    assert linear_target(K6) and not linear_target(flat)
    assert target_at(K6, 96, 3) == pytest.approx(0.24) and target_at(flat, 96, 3) == pytest.approx(0.96)


def test_an_export_formats_a_rate_as_a_fraction_and_says_its_unit():
    notifikasi = INDICATOR_BY_CODE["tb_notifikasi"]
    assert fraction_format(K6) == "0.0%" and "%" not in fraction_format(notifikasi)
    label, text = unit_note(notifikasi)
    assert label == "Satuan" and "× 100.000 = per 100.000 penduduk" in text
    assert "12,3 per 100.000 penduduk" in text
