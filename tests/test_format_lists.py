"""The column formatters give exactly what the one-value formatters give, value by value."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from indicators import format as fmt

VALUES = [None, math.nan, np.nan, pd.NA, 0, -0.0, 0.5, 1.5, 2.5, 0.05, 0.15, 0.999949, 999.95, 9.995, 1234.5,
          -1234.56, 1234567.891, np.float64(0.7845), np.int64(42), 7, math.inf, -math.inf, 1e20]


@pytest.mark.parametrize("decimals", [1, 2, 3])
def test_angka_list_is_angka_of_each_value(decimals):
    assert fmt.angka_list(VALUES, decimals) == [fmt.angka(v, decimals) for v in VALUES]


def test_angka_list_of_whole_numbers_is_angka_of_each_value():
    finite = [v for v in VALUES if not (isinstance(v, float) and math.isinf(v))]
    assert fmt.angka_list(finite) == [fmt.angka(v) for v in finite]
    assert fmt.angka_list([v for v in finite if v is not pd.NA]) == [fmt.angka(v) for v in finite if v is not pd.NA]


@pytest.mark.parametrize("decimals", [0, 1, 2])
def test_persen_list_is_persen_of_each_fraction(decimals):
    values = VALUES if decimals else [v for v in VALUES if not (isinstance(v, float) and math.isinf(v))]
    assert fmt.persen_list(values, decimals) == [fmt.persen(v, decimals) for v in values]
    assert fmt.persen_list([v for v in values if v is not pd.NA], decimals) == [
        fmt.persen(v, decimals) for v in values if v is not pd.NA]


def test_a_missing_value_is_a_dash_never_zero():
    assert fmt.persen_list([None, math.nan, 0.0]) == ["–", "–", "0,0%"]
    assert fmt.angka_list([None, math.nan, 0.0]) == ["–", "–", "0"]


def test_the_lists_agree_with_angka_and_persen_around_a_thousand():
    near = [s * (b + d) for b in (999, 999.9, 1000, 9.999, 10) for d in (-1e-9, -0.05, -0.04999, 0, 0.04999, 0.05, 0.5)
            for s in (1, -1)]
    for decimals in (1, 2):
        assert fmt.angka_list(near, decimals) == [fmt.angka(v, decimals) for v in near]
        assert fmt.persen_list([v / 100 for v in near], decimals) == [fmt.persen(v / 100, decimals) for v in near]
    assert fmt.angka_list(near) == [fmt.angka(v) for v in near]
