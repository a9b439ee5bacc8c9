"""Columns: a table as named numpy columns, the shape the pages' data travels in."""
from __future__ import annotations

import numpy as np
import pandas as pd


class Columns(dict):
    """A table as named columns of equal length (numpy arrays, strings as object arrays):
    what the formulas return and the pages read. A page draws a kabupaten's 120 Puskesmas
    several times per click, and building DataFrames cost more than the arithmetic; the
    figures read it like a frame (`c in t`, `t[c].tolist()`, `.empty`), `.frame()` gives
    one for the rest (exports, downloads, tests)."""

    @property
    def empty(self) -> bool:
        return not self or len(next(iter(self.values()))) == 0

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(dict(self))


def strings(values) -> np.ndarray:
    """Text values as an object column (never pandas' inferred string dtype)."""
    return np.array(values, dtype=object) if len(values) else np.empty(0, dtype=object)
