"""Pages not built yet: Dashboard Utama and Klaster 1–4, each saying what it will hold."""
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
    ("/klaster-3", "Klaster 3", 3, "klaster_3", [
        "Kaskade pengendalian hipertensi dan diabetes: estimasi → skrining → diagnosis → diobati → terkendali",
        "Skrining PTM usia 15+ menurut umur dan jenis kelamin; faktor risiko",
        "Kesehatan jiwa dan Napza; skrining ICOPE lansia",
    ]),
    ("/klaster-4", "Klaster 4", 4, "klaster_4", [
        "Kaskade TB: skrining → terduga → terdiagnosis → diobati",
        "Investigasi kontak: kasus indeks, kontak serumah, TPT dan OAT",
        "Peta dan grafik PWS indikator penyakit menular per desa",
    ]),
]


def _make_layout(title: str, items: list[str]):
    def layout(**_query):
        return not_built(title, items,
                         "Data program bulanan (register layanan, sasaran dan target) belum "
                         "dimuat oleh versi ini. Sementara itu, lihat halaman IKS.")
    return layout


for path, name, order, module, items in PAGES:
    dash.register_page(f"dashboards.{module}", path=path, name=name, order=order,
                       title=f"{name} – Dasbor Puskesmas", layout=_make_layout(name, items))
