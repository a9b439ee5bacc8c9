"""Dashboard Utama: the key findings in words (indicators.temuan) above the scorecard, one
line each: a badge whose glyph and colour say the tone, the sentence, and a link to its
evidence. Large type: it is read from the back of the room on a 1024×768 projector."""
from __future__ import annotations

from dash import dcc, html

from figures.palette import NADA_TEKS, NADA_WARNA
from indicators.temuan import NADA_BAIK, NADA_BURUK, NADA_INFO, Finding

JUDUL = "Temuan utama"
# the glyph on the badge, and what a screen reader says instead of it
IKON = {NADA_BURUK: "!", NADA_BAIK: "✓", NADA_INFO: "i"}
IKON_ARTI = {NADA_BURUK: "Perlu perhatian", NADA_BAIK: "Kabar baik", NADA_INFO: "Info"}
KOSONG = "Tidak ada temuan menonjol bulan ini."
TANPA_DATA = "Belum ada data untuk bulan ini, jadi belum ada temuan."
LIHAT = "lihat"
CATAT = "Catat RTL"


def finding_line(finding: Finding, href: str | None, catat: str | None = None) -> html.Li:
    """One finding: badge, sentence, "lihat" when there is somewhere to look, and "Catat RTL"
    (the RTL form pre-filled from it, layouts.rtl_parts.rtl_href) when `catat` is given: only
    for a viewer who may record the Puskesmas' RTL. The sentence is
    a plain string child (Dash writes it as text, never as HTML: an area name with '<' or
    '&' shows as typed)."""
    nada = finding.nada if finding.nada in IKON else NADA_INFO
    badge = html.Span(IKON[nada], className="temuan-ikon", **{"aria-hidden": "true"},
                      style={"backgroundColor": NADA_WARNA[nada], "color": NADA_TEKS[nada]})
    link = dcc.Link([LIHAT, html.Span(f" bukti: {finding.teks}", className="visually-hidden")],
                    href=href, className="temuan-lihat", title=f"Lihat bukti: {finding.teks}"
                    ) if href else None
    record = dcc.Link([CATAT, html.Span(f": {finding.teks}", className="visually-hidden")], href=catat,
                      className="temuan-catat", title=f"Catat rencana tindak lanjut: {finding.teks}"
                      ) if catat else None
    return html.Li([
        badge,
        html.Span(f"{IKON_ARTI[nada]}: ", className="visually-hidden"),
        html.Span(finding.teks, className="temuan-teks"),
        link,
        record,
    ], className=f"temuan-baris temuan-{nada}", style={"borderLeftColor": NADA_WARNA[nada]})


def findings_list(items: list[tuple[Finding, str | None]] | list[tuple[Finding, str | None, str | None]], *,
                  ada_data: bool = True, judul: str | None = JUDUL) -> html.Section:
    """The findings, most important first (as given), each with the href of its evidence or
    None (and, as a third item, the href of its "Catat RTL" link or None). No findings:
    "nothing notable this month", or, when `ada_data` is False (indicators.temuan.ada_data),
    that there is no data yet."""
    heading = html.H3(judul, className="temuan-judul") if judul else None
    if not items:
        body = html.P(KOSONG if ada_data else TANPA_DATA, className="temuan-kosong", role="status")
    else:
        body = html.Ol([finding_line(*item) for item in items], className="temuan-daftar")
    return html.Section([heading, body], className="temuan", **{"aria-label": judul or JUDUL})
