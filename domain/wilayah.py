"""The domain's ground-floor types: wilayah levels live in domain.codes; here the area, the
viewer's scope and the rule that keeps an area inside a scope (no database)."""
from __future__ import annotations

from dataclasses import dataclass, field

from domain.codes import Level

# the levels of the dashboard's filter (Provinsi → Kabupaten/Kota → Puskesmas → Desa)
FILTER_LEVELS = (Level.PROVINSI, Level.KABUPATEN, Level.PUSKESMAS, Level.DESA)


class WilayahError(ValueError):
    """An area that does not exist or that the viewer may not see; the message is for the user."""


class AreaNotFound(WilayahError):
    pass


class OutOfScope(WilayahError):
    pass


@dataclass(frozen=True)
class Scope:
    """The wilayah subtree a viewer may see: everything, or one provinsi/kabupaten/puskesmas."""

    level: Level = Level.NASIONAL
    kode: str | None = None

    @classmethod
    def everything(cls) -> Scope:
        return cls()


@dataclass(frozen=True)
class Area:
    level: Level
    kode: str | None
    nama: str
    # ancestors from the top down, each (level, kode, nama); excludes this area
    ancestors: tuple[tuple[Level, str, str], ...] = field(default=())

    def code_at(self, level: Level) -> str | None:
        if level == self.level:
            return self.kode
        return next((k for lv, k, _ in self.ancestors if lv == level), None)

    @property
    def map_area(self) -> Area:
        """The area whose children a map shows: a desa is shown among its Puskesmas' desa."""
        if self.level == Level.DESA:
            lv, kode, nama = self.ancestors[-1]
            return Area(lv, kode, nama, self.ancestors[:-1])
        return self


NASIONAL = Area(Level.NASIONAL, None, "Indonesia")


def in_scope(scope: Scope, area: Area) -> bool:
    if scope.level == Level.NASIONAL:
        return True
    depth = list(Level)
    if depth.index(area.level) < depth.index(scope.level):
        return False
    return area.code_at(scope.level) == scope.kode


def require_in_scope(scope: Scope, area: Area) -> None:
    """Refuse (never widen) an area outside the viewer's scope. The message names only the
    code that was asked for, in the same words as an unknown code: a refusal tells neither
    the area's name nor whether it exists."""
    if not in_scope(scope, area):
        raise OutOfScope(not_visible(area.level, area.kode))


def not_visible(level, kode: str | None) -> str:
    return (f"Kode {level.label.lower()} '{kode or 'nasional'}' tidak ditemukan di wilayah yang "
            "boleh Anda lihat.")
