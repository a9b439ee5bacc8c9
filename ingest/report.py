"""What an import tells its caller: problems by row and column, the validation report, the result."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

# Shown to a person: beyond this the list stops being read, the count still matters.
SHOWN_PROBLEMS = 50
# Kept in memory: a 1M-row file with a wrong column would otherwise hold a million messages.
KEPT_PROBLEMS = 10_000


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file. `baris` is the row as a spreadsheet shows it (the header
    is row 1); None, with kolom None, for a problem of the whole file."""

    baris: int | None
    kolom: str | None
    pesan: str

    def __str__(self) -> str:
        where = []
        if self.baris is not None:
            where.append(f"baris {self.baris}")
        if self.kolom is not None:
            where.append(f"kolom {self.kolom}")
        return (", ".join(where) + ": " if where else "") + self.pesan


class Problems:
    """Collects problems; keeps the first KEPT_PROBLEMS in row order, counts all of them."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.count = 0

    def add(self, baris: int | None, kolom: str | None, pesan: str) -> None:
        self.count += 1
        if len(self.items) < KEPT_PROBLEMS:
            self.items.append(Problem(baris, kolom, pesan))

    def extend(self, problems) -> None:
        for p in problems:
            self.add(p.baris, p.kolom, p.pesan)

    def __bool__(self) -> bool:
        return self.count > 0

    def sorted(self) -> list[Problem]:
        # file-level problems first, then by row; within a row, in the order found
        return sorted(self.items, key=lambda p: (p.baris is not None, p.baris or 0))


def summarise_problems(problems: list[Problem], count: int | None = None,
                       limit: int = SHOWN_PROBLEMS) -> str:
    """The first `limit` problems, one a line, then "… dan N masalah lain"."""
    count = len(problems) if count is None else count
    lines = [str(p) for p in problems[:limit]]
    rest = count - len(lines)
    if rest > 0:
        lines.append(f"… dan {rest} masalah lain")
    return "\n".join(lines)


@dataclass
class ValidationReport:
    dataset: str
    rows: int  # data rows read (blank rows not counted)
    problems: list[Problem]  # in row order; at most KEPT_PROBLEMS of them
    problem_count: int  # all problems, also those not kept
    preview: pd.DataFrame  # the first 20 data rows as read (text), columns named as in the spec
    warnings: list[str] = field(default_factory=list)  # worth knowing, not a reason to reject
    columns: list[str] = field(default_factory=list)  # the spec columns found in the file

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def text(self, limit: int = SHOWN_PROBLEMS) -> str:
        return summarise_problems(self.problems, self.problem_count, limit)


@dataclass
class ImportResult:
    dataset: str
    ok: bool
    rows: int
    added: int
    changed: int
    unchanged: int
    problems: list[Problem]
    message: str  # what to tell the user, Bahasa Indonesia
    problem_count: int = 0
    warnings: list[str] = field(default_factory=list)
    log_id: int | None = None
