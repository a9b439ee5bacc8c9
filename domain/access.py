"""Who is looking: a viewer is a user (or the server's operator) with a role and a scope.
Roles are tiered: every role can do what the one before it can."""
from __future__ import annotations

import enum
from dataclasses import dataclass

from domain.wilayah import Scope


class Role(enum.StrEnum):
    PEMBACA = "pembaca"  # views the pages of their wilayah
    PENGELOLA = "pengelola"  # also imports registers for their own wilayah ("pengelola data")
    ADMIN = "admin"  # also manages users and imports wilayah and boundaries

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    def at_least(self, other: Role) -> bool:
        order = list(Role)
        return order.index(self) >= order.index(other)


ROLE_LABELS = {Role.PEMBACA: "Pembaca", Role.PENGELOLA: "Pengelola data", Role.ADMIN: "Admin"}


def parse_role(text: object) -> Role | None:
    """A role from what a person types: 'pengelola data', 'pengelola-data', 'Admin'..."""
    if not isinstance(text, str):
        return None
    word = text.strip().lower().replace("-", " ").replace("_", " ")
    word = {"pengelola data": "pengelola"}.get(word, word)
    return Role._value2member_map_.get(word)


@dataclass(frozen=True)
class Viewer:
    """Whoever a request or a command acts for. `username` None is the server's operator
    (the command line without --pengguna): the whole country, every right."""

    username: str | None
    role: Role
    scope: Scope

    @property
    def can_import(self) -> bool:
        return self.role.at_least(Role.PENGELOLA)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def label(self) -> str:
        return self.username or "operator"


OPERATOR = Viewer(None, Role.ADMIN, Scope.everything())


class AccessDenied(PermissionError):
    """The viewer may not do this; the message is for the user (Bahasa Indonesia)."""


# The demo's accounts, one per tier (demo/load.py creates them with the demo data; the login
# page lists them only while the demo data is loaded). Never created for real data.
DEMO_PASSWORD = "demo-dasbor"
DEMO_ACCOUNTS = ("admin", "dinkes-provinsi", "dinkes-kabupaten", "puskesmas")
