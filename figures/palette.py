"""The one palette: colour-blind-safe (Okabe–Ito), the same category always the same colour."""
from indicators.iks import Kategori
from indicators.pws import BAIK, CUKUP, JELEK, KURANG

# Okabe & Ito (2008): distinguishable with deuteranopia, protanopia and tritanopia.
KATEGORI_WARNA = {
    Kategori.SEHAT: "#0072B2",        # blue
    Kategori.PRA_SEHAT: "#F0E442",    # yellow: far lighter than vermillion for every colour vision
    Kategori.TIDAK_SEHAT: "#D55E00",  # vermillion
}
TANPA_DATA = "#D9D9D9"
GARIS_BATAS = "#FFFFFF"
SOROT = "#000000"
TEKS = "#222222"
AMBANG = "#555555"
REDUP = "#555555"  # grey text on white (a source line, a note): contrast 7.5
KISI = "#EEEEEE"  # chart grid lines

# Sequential scale for one indicator's coverage: light to dark blue, monotone in lightness
# (reads in greyscale and for every colour-vision type).
CAKUPAN_SKALA = [
    [0.0, "#F7FBFF"], [0.25, "#C6DBEF"], [0.5, "#6BAED6"], [0.75, "#2171B5"], [1.0, "#08306B"],
]

FONT = "Segoe UI, Roboto, Helvetica, Arial, sans-serif"

# PWS status (domain.md §3): blues on target, oranges below it, so the side of the target
# reads at a glance; the figures print the status word too, never colour alone.
STATUS_WARNA = {
    BAIK: "#0072B2",    # blue
    KURANG: "#56B4E9",  # sky blue
    CUKUP: "#E69F00",   # orange
    JELEK: "#D55E00",   # vermillion
}
STATUS_KOSONG = "#BBBBBB"  # a value without a status, or no value at all
# Text drawn on a status colour: WCAG contrast ≥ 4.5 each (white on vermillion is only 3.9).
STATUS_TEKS = {BAIK: "#FFFFFF", KURANG: TEKS, CUKUP: TEKS, JELEK: "#000000"}
STATUS_KOSONG_TEKS = TEKS

# A highlighted line among many grey ones: reddish purple, no status or category meaning.
SOROT_GARIS = "#CC79A7"
# Lines of the other areas behind the total and the highlight.
GARIS_LATAR = "#B8B8B8"
# Cascade steps, and the sasaran estimate before them (lighter: an estimate, not a count).
LANGKAH = "#2171B5"
LANGKAH_PERKIRAAN = "#C6DBEF"
PERINGATAN = "#D55E00"  # a value that needs checking (a step above the step before)

# Places of service (the visits section's trend): each place its colour and its dash, so that
# the lines part in greyscale and on a washed-out projector too. Series colours (Okabe–Ito), not
# the status scale: a line is a place, never a judgement.
TEMPAT_WARNA = {"puskesmas": "#0072B2", "pustu": "#009E73", "posyandu": "#E69F00", "rumah": "#CC79A7"}
TEMPAT_GARIS = {"puskesmas": "solid", "pustu": "dash", "posyandu": "dot", "rumah": "dashdot"}
RINCIAN_WARNA = "#2171B5"  # a breakdown's bars (age bands)
JENIS_KELAMIN_WARNA = {"L": "#0072B2", "P": "#CC79A7"}  # as the Klaster 3 breakdown's series
DISABILITAS_WARNA = {"Y": "#CC79A7", "T": "#8C8C8C"}

# Sequential scale for a prevalence (lower is better): light to dark orange, so a map of
# stunting is not read with the blue "more is better" of coverage.
PREVALENSI_SKALA = [
    [0.0, "#FFF5EB"], [0.25, "#FDD0A2"], [0.5, "#FD8D3C"], [0.75, "#D94801"], [1.0, "#7F2704"],
]

# Findings in words (Dashboard Utama, indicators.temuan): the tone of a line, drawn as a badge
# with its own glyph ("!", "✓", "i"), so the colour is never the only cue. Text on the badge
# meets WCAG contrast (black on vermillion, as STATUS_TEKS).
NADA_WARNA = {"buruk": "#D55E00", "baik": "#0072B2", "info": "#555555"}
NADA_TEKS = {"buruk": "#000000", "baik": "#FFFFFF", "info": "#FFFFFF"}
