"""Pages not built yet: Dashboard Utama and Klaster 1, each saying what it will hold."""
import dash

from layouts.components import not_built

PAGES = [
    ("/", "Dashboard Utama", 0, "dashboard_utama", [
        "Kunjungan layanan di Puskesmas dan Pustu; kunjungan Posyandu dan kunjungan rumah",
        "Beban kesakitan per wilayah",
        "Capaian indikator setiap program terhadap target (PWS)",
    ]),
    ("/klaster-1", "Klaster 1", 1, "klaster_1", [
        "Ketenagaan: jumlah, jenis, masa kerja, status kepegawaian, pendidikan",
        "Logistik, peralatan dan sarana; stok obat (masuk, keluar, sisa, kekosongan)",
        "Mutu program, perencanaan, dan keuangan (anggaran dan realisasi)",
    ]),
]


def _make_layout(title: str, items: list[str]):
    def layout(**_query):
        return not_built(title, items,
                         "Versi ini belum memuat data untuk halaman ini. Sementara itu, lihat "
                         "halaman IKS dan Klaster 2–4.")
    return layout


for path, name, order, module, items in PAGES:
    dash.register_page(f"dashboards.{module}", path=path, name=name, order=order,
                       title=f"{name} – Dasbor Puskesmas", layout=_make_layout(name, items))
