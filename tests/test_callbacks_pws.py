"""PWS page callbacks called directly (no browser): what they write into the URL."""
from dataclasses import replace

import pytest
from dash import no_update

import callbacks.pws as cb
from layouts.pages import PAGE_BY_KEY

K2 = {"page": "klaster-2"}  # the page's store: its key; the page itself comes from the registry


@pytest.fixture(autouse=True)
def klaster_2_opening_on_k1(monkeypatch):
    """Klaster 2 as a page that opens on k1, so that k6 is a choice and not the default."""
    page = replace(PAGE_BY_KEY["klaster-2"], default_indicator="k1")
    monkeypatch.setattr(cb, "PAGE_BY_KEY", {**PAGE_BY_KEY, "klaster-2": page})


def test_opening_on_the_default_keeps_a_link_with_another_pages_indicator():
    """`?kabupaten=99.77&indikator=tb_sukses` on Klaster 2: tb_sukses is a Klaster 4 code, so
    the page opens on its default; the URL is left alone, so that the filter's message about
    kabupaten 99.77 is not cleared by a rewrite."""
    search = "?kabupaten=99.77&indikator=tb_sukses"
    assert cb.remember_choice(["k1"], [None], search, [K2]) is no_update


def test_a_chosen_indicator_and_month_go_into_the_url():
    out = cb.remember_choice(["k6"], ["6"], "?kabupaten=99.01", [K2])
    assert "indikator=k6" in out and "bulan=6" in out and "kabupaten=99.01" in out
