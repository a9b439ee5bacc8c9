"""Columns: a table as named numpy columns, the shape the pages' data travels in."""
from __future__ import annotations

import numpy as np
import pandas as pd

_MUTATORS = ("__setitem__", "__delitem__", "update", "pop", "popitem", "setdefault", "clear",
             "__ior__")


class ReadOnlyDict(dict):
    """A dict that refuses changes once frozen: what a cache hands to every caller."""

    _frozen = False

    def freeze(self):
        self._frozen = True
        return self


def _guarded(name: str):
    method = getattr(dict, name)

    def guarded(self, *args, **kwargs):
        if self._frozen:
            raise TypeError("hasil tembolok hanya-baca: ubah salinannya (.copy())")
        return method(self, *args, **kwargs)

    guarded.__name__ = name
    return guarded


for _name in _MUTATORS:
    setattr(ReadOnlyDict, _name, _guarded(_name))


class Columns(ReadOnlyDict):
    """A table as named columns of equal length (numpy arrays, strings as object arrays):
    what the formulas return and the pages read. A page draws a kabupaten's 120 Puskesmas
    several times per click, and building DataFrames cost more than the arithmetic; the
    figures read it like a frame (`c in t`, `t[c].tolist()`, `.empty`), `.frame()` gives
    one for the rest (exports, downloads, tests)."""

    def freeze(self) -> Columns:
        """Make this table read-only, arrays included (a cached result is shared by every
        caller: one that wants to change it takes `.copy()`)."""
        for values in self.values():
            if isinstance(values, np.ndarray):
                values.setflags(write=False)
        return super().freeze()

    def copy(self) -> Columns:
        """A writable copy (arrays copied too)."""
        return Columns((k, v.copy() if isinstance(v, np.ndarray) else v) for k, v in self.items())

    @property
    def empty(self) -> bool:
        return not self or len(next(iter(self.values()))) == 0

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(dict(self))


def strings(values) -> np.ndarray:
    """Text values as an object column (never pandas' inferred string dtype)."""
    return np.array(values, dtype=object) if len(values) else np.empty(0, dtype=object)
