"""A small hand-made LPLPO (dataset `obat`) over the wilayah of tests/sample.py (Kab Satu 99.01: Pkm A
P01, Pkm B P02; Kab Dua 99.02: Pkm C P03), imported through the importer. Every number the tests
expect is worked out here.

    P01 Dec 2024  OI-01 100 + 0 − 30 = 70
        Jan 2025  OI-01  70 + 50 − 60 = 60   mean pemakaian (30 + 60) / 2 = 45 → 1,3 bulan (aman)
                  OI-02   0 + 0 − 0 = 0, permintaan 20: stock-out of an indicator item
                  OB-001 10 + 0 − 2 = 8, written 9: does not balance (kept as 9); expires 15/03/2025
                         (within 3 months of 31/01/2025); mean 2 → 4,5 bulan
        → item 3, kosong 1 (indicator 1), indicator 1 of 2 = 50,0 % (below 80 %), kedaluwarsa 1,
          tidak seimbang 1, kritis 0
    P02 Jan 2025  OI-01  10 + 0 − 4 = 6 (1,5 bulan); OI-02 5 + 0 − 0 = 5 (tidak terpakai)
        → 2 of 2 = 100 %
    P03 Jan 2025  OI-01 5 + 0 − 5 = 0 → stock-out; OI-02 4 + 0 − 1 = 3 (3 bulan); OI-03 9 − 0 = 9
        → 2 of 3 = 66,7 % (below)

    Kab Satu Jan 2025: 1 of 2 Puskesmas ≥ 80 % (50,0 %); provinsi 99: 1 of 3 (33,3 %), whereas the
    average of the three percentages would be 72,2 %.
"""
from __future__ import annotations

HEADER = ("kode_puskesmas,tahun,bulan,kode_obat,nama_obat,satuan,stok_awal,penerimaan,pemakaian,sisa_stok,"
          "permintaan,kedaluwarsa_terdekat\n")
ROWS = [
    "P01,2024,12,OI-01,Albendazol tablet 400 mg,tablet,100,0,30,70,,",
    "P01,2025,1,OI-01,Albendazol tablet 400 mg,tablet,70,50,60,60,90,2026-06-30",
    "P01,2025,1,OI-02,Amoksisilin kaplet 500 mg,kaplet,0,0,0,0,20,",
    "P01,2025,1,ob-001,Kasa steril,lembar,10,0,2,9,,15/03/2025",
    "P02,2025,1,OI-01,Albendazol tablet,tablet,10,0,4,6,,",
    "P02,2025,1,OI-02,Amoksisilin kaplet 500 mg,kaplet,5,0,0,5,,",
    "P03,2025,1,OI-01,Albendazol tablet 400 mg,tablet,5,0,5,0,10,",
    "P03,2025,1,OI-02,Amoksisilin kaplet 500 mg,kaplet,4,0,1,3,,",
    "P03,2025,1,OI-03,Amoksisilin sirup,botol,9,0,0,9,,2027-01-31",
]
GOOD = HEADER + "\n".join(ROWS) + "\n"


def load(engine, tmp_path) -> None:
    from ingest import import_file

    path = tmp_path / "obat.csv"
    path.write_text(GOOD, encoding="utf-8")
    result = import_file(engine, "obat", path)
    assert result.ok, result.message
