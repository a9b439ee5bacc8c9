"""Synthetic staff (`sdm`) for the demo province: 25–60 staff per Puskesmas (more where more
people live), the usual mix of the nine minimum types plus administration, a mix of PNS,
PPPK, contract and honorer staff, start dates 1995–2025, a few who left (aktif T), and gaps
a Dinkes should see: one Puskesmas without a doctor, a few without an ATLM or a nutritionist,
and the demo account's Puskesmas (the first one) without an ATLM. No names, no NIK: ids are
PEG-001, PEG-002, … per Puskesmas. Same wilayah and seed, same rows."""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

# per jenis: (staff for ~30 staff in all, the pendidikan drawn from, the klaster worked in)
MIX = {
    "dokter": (3, ("profesi",), (2, 3, 4, 5)),
    "dokter_gigi": (1, ("profesi",), (5,)),
    "perawat": (9, ("d3", "d3", "profesi", "d4_s1"), (2, 3, 4, 5)),
    "bidan": (8, ("d3", "d3", "d4_s1", "profesi"), (2,)),
    "kesmas": (1.5, ("d4_s1", "d4_s1", "s2"), (1, 2, 3)),
    "kesling": (1, ("d3", "d4_s1"), (3, 4)),
    "gizi": (1.2, ("d3", "d4_s1"), (2, 3)),
    "kefarmasian": (2, ("d3", "profesi"), (5,)),
    "atlm": (1.5, ("d3", "d4_s1"), (5,)),
    "rekam_medis": (1.2, ("d3",), (1,)),
    "administrasi": (4, ("sma", "d3", "d4_s1"), (1,)),
    "lainnya": (2, ("sma", "sma", "d1"), (1,)),
}
STATUS_SHARE = {"pns": 0.48, "pppk": 0.17, "kontrak": 0.14, "honorer": 0.16, "lainnya": 0.05}
KEAHLIAN = ("", "", "", "Pelatihan PONED", "Pelatihan PTM terpadu", "USG dasar", "Pelatihan IMS/HIV",
            "Konselor menyusui", "Pelatihan TB DOTS", "Pelatihan SIMPUS", "BTCLS")
LEFT_SHARE = 0.05  # staff who moved or retired (aktif T): counted nowhere
FIRST, LAST = date(1995, 1, 1), date(2025, 12, 31)


def generate_sdm(wilayah: pd.DataFrame, seed: int = 2024) -> pd.DataFrame:
    """The sdm rows of every Puskesmas of `wilayah` (demo/generate.py's desa table)."""
    rng = np.random.default_rng([seed, 43])
    people = wilayah.groupby("kode_puskesmas")["jumlah_penduduk"].sum().sort_index()
    codes = list(people.index)
    without_doctor = {codes[min(4, len(codes) - 1)]} if len(codes) > 1 else set()
    lacking = {codes[0]: {"atlm"}}
    for code in codes[1:]:
        if code in without_doctor:
            continue
        draw = rng.random()
        if draw < 0.08:
            lacking[code] = {"atlm"}
        elif draw < 0.14:
            lacking[code] = {"gizi"}
    span = (LAST - FIRST).days
    statuses, shares = list(STATUS_SHARE), list(STATUS_SHARE.values())
    rows = []
    for code in codes:
        size = int(np.clip(people[code] / 1_000 + rng.normal(12, 5), 25, 60))
        scale = size / sum(m[0] for m in MIX.values())
        n = 0
        for jenis, (base, pendidikan, klaster) in MIX.items():
            count = max(1, int(round(base * scale * rng.uniform(0.7, 1.3))))
            if jenis == "dokter" and code in without_doctor or jenis in lacking.get(code, ()):
                count = 0
            for _ in range(count):
                n += 1
                # more recent starts than old ones (PPPK and contract hiring of the last years)
                start = FIRST + timedelta(days=int(span * rng.beta(1.6, 1.0)))
                status = statuses[rng.choice(len(statuses), p=shares)]
                rows.append((code, f"PEG-{n:03d}", jenis, status, pendidikan[rng.integers(len(pendidikan))],
                             start, int(klaster[rng.integers(len(klaster))]),
                             "T" if rng.random() < LEFT_SHARE else "Y", KEAHLIAN[rng.integers(len(KEAHLIAN))]))
    return pd.DataFrame(rows, columns=["kode_puskesmas", "id_pegawai", "jenis_tenaga", "status_kepegawaian",
                                       "pendidikan", "tanggal_mulai", "klaster", "aktif", "keahlian"])
