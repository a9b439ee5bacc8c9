"""Every section of the app that loads when seen (layouts/lazy_parts.py), by its name: the
only layouts callbacks/sections.py builds, whatever name a request sends."""
from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from layouts.iks_parts import LAZY_SECTIONS as IKS_SECTIONS
from layouts.klaster1_parts import LAZY_SECTIONS as K1_SECTIONS
from layouts.kualitas_parts import LAZY_SECTIONS as KD_SECTIONS
from layouts.lazy_parts import LazySection
from layouts.pws_parts import LAZY_SECTIONS as PWS_SECTIONS
from layouts.utama_parts import LAZY_SECTIONS as UTAMA_SECTIONS

SECTIONS: Mapping[str, LazySection] = MappingProxyType({**UTAMA_SECTIONS, **PWS_SECTIONS, **IKS_SECTIONS,
                                                         **K1_SECTIONS, **KD_SECTIONS})
if len(SECTIONS) != (len(UTAMA_SECTIONS) + len(PWS_SECTIONS) + len(IKS_SECTIONS) + len(K1_SECTIONS)
        + len(KD_SECTIONS)):
    raise ValueError("two lazy sections share a name")
