"""Pages not built yet: Klaster 1, saying what it will hold."""
from layouts.components import not_built
from layouts.pages import PAGE_BY_KEY, register_page

WILL_HOLD = {
    "klaster-1": [
        "Ketenagaan: jumlah, jenis, masa kerja, status kepegawaian, pendidikan",
        "Logistik, peralatan dan sarana; stok obat (masuk, keluar, sisa, kekosongan)",
        "Mutu program, perencanaan, dan keuangan (anggaran dan realisasi)",
    ],
}


def _make_layout(title: str, items: list[str]):
    def layout(**_query):
        return not_built(title, items,
                         "Versi ini belum memuat data untuk halaman ini. Sementara itu, lihat "
                         "Dashboard Utama, halaman IKS dan Klaster 2–4.")
    return layout


for key, items in WILL_HOLD.items():
    page = PAGE_BY_KEY[key]
    register_page(f"dashboards.{key.replace('-', '_')}", page, layout=_make_layout(page.name, items))
