"""The one palette: colour-blind-safe (Okabe–Ito), the same category always the same colour."""
from indicators.iks import Kategori

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

# Sequential scale for one indicator's coverage: light to dark blue, monotone in lightness
# (reads in greyscale and for every colour-vision type).
CAKUPAN_SKALA = [
    [0.0, "#F7FBFF"], [0.25, "#C6DBEF"], [0.5, "#6BAED6"], [0.75, "#2171B5"], [1.0, "#08306B"],
]

FONT = "Segoe UI, Roboto, Helvetica, Arial, sans-serif"
