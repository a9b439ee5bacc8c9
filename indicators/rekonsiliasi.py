"""PIS-PK against the program registers (domain.md §7, issue 16 part 4), declared as data: the
pairs of a PIS-PK family indicator and the PWS indicator that measures the same thing, each
with a tolerance in percentage points and what each source measures; and the one comparison
of the two coverages per area (pure, on arrays of counts).

PIS-PK side: families with Y ÷ families with Y or T (N excluded), each family in its state at
its latest visit up to 31 December of the year (indicators.iks). Register side: the PWS
indicator's numerator summed January..M over its denominator; for an indicator that
accumulates against an annual sasaran the sasaran is taken for M months (sasaran × M ÷ 12),
so that a register read in June is compared with the families as it would be at the year's
pace, not at half of it (for M = 12 this is the PWS engine's cumulative coverage exactly).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators import format as fmt
from indicators.program import INDICATOR_BY_CODE, REGISTER_BY_CODE, SASARAN_BY_CODE, Accumulation, Indicator
from indicators.pws import BULAN
from indicators.registry import IKS_BY_CODE

TOLERANSI_BAWAAN = 20.0  # percentage points: a gap above it is worth a visit
# fewer families asked than this: no PIS-PK coverage to compare (with 20 families and a true
# 50%, one standard error is ±11 points; with 5 it is ±22, as wide as the tolerance itself)
MIN_KELUARGA = 20
EPS = 1e-9  # a gap of exactly the tolerance is inside it, whatever the float noise

# a row's verdict
SESUAI, BERBEDA, TIDAK_DAPAT = "sesuai", "berbeda", "tidak_dapat_dibandingkan"
STATUS_LABEL = {SESUAI: "dalam batas", BERBEDA: "berbeda", TIDAK_DAPAT: "tidak dapat dibandingkan"}


@dataclass(frozen=True, kw_only=True)
class Pasangan:
    """A PIS-PK indicator and the register indicator that measures the same thing.

    iks: the PIS-PK code (indicators.registry); register: the PWS indicator's code
    (indicators.program), or None when the app has no register for it (then `tanpa_register`
    says so, and the page shows that sentence instead of a comparison). toleransi: the gap in
    percentage points above which the area is listed. The sentences are shown on the page:
    what each side measures, and which side is likely wrong when PIS-PK is the higher or the
    lower of the two."""

    code: str
    iks: str
    register: str | None
    toleransi: float = TOLERANSI_BAWAAN
    # families asked (Y or T) below which PIS-PK is not compared; None: MIN_KELUARGA
    min_keluarga: int | None = None

    @property
    def minimum(self) -> int:
        return max(MIN_KELUARGA if self.min_keluarga is None else self.min_keluarga, 1)
    pispk_mengukur: str
    register_mengukur: str
    bila_pispk_lebih_tinggi: str
    bila_register_lebih_tinggi: str
    tanpa_register: str = ""

    def __post_init__(self) -> None:
        if self.iks not in IKS_BY_CODE:
            raise ValueError(f"pasangan '{self.code}': iks '{self.iks}' bukan indikator PIS-PK")
        if self.register is None and not self.tanpa_register:
            raise ValueError(f"pasangan '{self.code}': tanpa register, katakan mengapa (tanpa_register)")
        if self.register is not None:
            ind = INDICATOR_BY_CODE.get(self.register)
            if ind is None:
                raise ValueError(f"pasangan '{self.code}': register '{self.register}' bukan indikator PWS")
            if ind.accumulation is Accumulation.BULANAN or not ind.is_percent or ind.per_puskesmas:
                raise ValueError(f"pasangan '{self.code}': '{self.register}' bukan cakupan tahunan per desa")
        if not 0 < self.toleransi < 100:
            raise ValueError(f"pasangan '{self.code}': toleransi {self.toleransi} harus 0–100 poin")

    @property
    def label(self) -> str:
        return IKS_BY_CODE[self.iks].label

    @property
    def indicator(self) -> Indicator | None:
        return INDICATOR_BY_CODE[self.register] if self.register else None

    @property
    def register_label(self) -> str:
        return self.indicator.label if self.indicator else "tidak ada register"

    @property
    def option_label(self) -> str:
        """'Persalinan di faskes ↔ register Persalinan di fasyankes': the dropdown's entry."""
        return f"{self.label} ↔ " + (f"register {self.indicator.short_label}" if self.indicator
                                      else "tidak ada register")


PASANGAN: tuple[Pasangan, ...] = (
    Pasangan(
        code="persalinan", iks="persalinan_faskes", register="pf",
        pispk_mengukur="PIS-PK: keluarga dengan anak < 12 bulan yang ibunya bersalin di fasilitas kesehatan, "
                       "dibagi keluarga dengan anak < 12 bulan yang dikunjungi.",
        register_mengukur="Register: persalinan di fasilitas kesehatan yang dilaporkan bidan desa dan Puskesmas, "
                          "dibagi perkiraan ibu bersalin setahun (sasaran bulin).",
        bila_pispk_lebih_tinggi="Register kemungkinan kurang lengkap: persalinan di klinik swasta, bidan praktik "
                                "mandiri atau rumah sakit di luar wilayah tidak dilaporkan ke Puskesmas; atau "
                                "sasaran bulin (perkiraan) terlalu tinggi.",
        bila_register_lebih_tinggi="Register mungkin menghitung ibu dari desa lain yang bersalin di fasilitas desa "
                                   "ini, atau sasaran bulin terlalu rendah; PIS-PK mungkin belum mengunjungi "
                                   "keluarga yang baru punya bayi.",
    ),
    Pasangan(
        code="imunisasi", iks="imunisasi_dasar", register="idl",
        pispk_mengukur="PIS-PK: keluarga dengan anak 12–23 bulan yang imunisasi dasarnya lengkap, dibagi "
                       "keluarga dengan anak 12–23 bulan yang dikunjungi.",
        register_mengukur="Register: bayi yang mendapat imunisasi dasar lengkap (kohort bayi), dibagi perkiraan "
                          "bayi setahun (sasaran bayi).",
        bila_pispk_lebih_tinggi="Register kemungkinan kurang lengkap (imunisasi di praktik swasta atau di luar "
                                "wilayah tidak tercatat) atau sasaran bayi terlalu tinggi; jawaban PIS-PK dari "
                                "ingatan orang tua tanpa melihat buku KIA juga cenderung terlalu tinggi.",
        bila_register_lebih_tinggi="Register mungkin menghitung anak dari desa lain atau mencatat anak dua kali; "
                                   "atau kunjungan PIS-PK menemukan anak yang imunisasinya memang belum lengkap: "
                                   "periksa buku KIA anak-anak itu.",
    ),
    Pasangan(
        code="tb", iks="tb_berobat", register="tb_pengobatan",
        pispk_mengukur="PIS-PK: keluarga dengan anggota penderita TB paru yang berobat sesuai standar, dibagi "
                       "keluarga dengan anggota penderita TB paru.",
        register_mengukur="Register TB: kasus TB yang mulai diobati, dibagi kasus TB terdiagnosis, keduanya "
                          "Januari s.d. bulan itu.",
        bila_pispk_lebih_tinggi="Register kemungkinan kurang lengkap: pasien yang berobat di rumah sakit atau "
                                "dokter praktik swasta tidak tercatat di register TB Puskesmas.",
        bila_register_lebih_tinggi="Register menghitung pasien yang memulai pengobatan, PIS-PK menanyakan apakah "
                                   "pasien berobat teratur sesuai standar: pasien yang putus berobat tetap tercatat "
                                   "diobati di register. Periksa pasien yang mangkir.",
    ),
    Pasangan(
        code="hipertensi", iks="hipertensi_berobat", register="ht_spm",
        pispk_mengukur="PIS-PK: keluarga dengan anggota penderita hipertensi yang berobat teratur, dibagi "
                       "keluarga dengan anggota yang diketahui menderita hipertensi.",
        register_mengukur="Register: penderita hipertensi yang mendapat pelayanan sesuai standar (ht_diobati), "
                          "dibagi perkiraan seluruh penderita hipertensi setahun (sasaran ht_estimasi), termasuk "
                          "yang belum terdiagnosis.",
        bila_pispk_lebih_tinggi="Sebagian selisih ke arah ini memang diharapkan: register membagi dengan perkiraan "
                                "seluruh penderita, PIS-PK hanya dengan penderita yang sudah diketahui. Selisih yang "
                                "besar: register kurang lengkap (pasien berobat di klinik swasta) atau perkiraan "
                                "ht_estimasi terlalu tinggi.",
        bila_register_lebih_tinggi="Register mungkin menghitung kunjungan, bukan orang (pasien yang sama dihitung "
                                   "setiap bulan); atau PIS-PK menemukan penderita yang tidak berobat teratur: "
                                   "periksa daftar pasien.",
    ),
    Pasangan(
        code="jiwa", iks="gangguan_jiwa_berobat", register="odgj_berat",
        pispk_mengukur="PIS-PK: keluarga dengan anggota penderita gangguan jiwa berat yang diobati dan tidak "
                       "ditelantarkan atau dipasung, dibagi keluarga dengan anggota penderita gangguan jiwa berat.",
        register_mengukur="Register jiwa: ODGJ berat yang mendapat pelayanan kesehatan jiwa sesuai standar, dibagi "
                          "perkiraan ODGJ berat setahun (sasaran odgj_berat_estimasi).",
        bila_pispk_lebih_tinggi="Register kemungkinan kurang lengkap (pengobatan di rumah sakit jiwa tidak "
                                "dilaporkan ke Puskesmas) atau perkiraan ODGJ berat terlalu tinggi.",
        bila_register_lebih_tinggi="PIS-PK mungkin tidak menemukan ODGJ yang disembunyikan keluarganya, atau "
                                   "register menghitung pasien dari desa lain; periksa daftar pasien jiwa desa itu.",
    ),
)
PASANGAN_BY_CODE = {p.code: p for p in PASANGAN}
assert len(PASANGAN_BY_CODE) == len(PASANGAN), "kode pasangan harus unik"

ATURAN = ("Cakupan PIS-PK = keluarga Y ÷ keluarga Y atau T (jawaban N tidak dihitung), keadaan kunjungan "
          "terakhir setiap keluarga s.d. 31 Desember. Cakupan register = jumlah Januari s.d. bulan laporan ÷ "
          "penyebutnya; sasaran tahunan diambil sebanding dengan bulan yang sudah berjalan (sasaran × bulan ÷ 12), "
          "sehingga bulan Desember sama dengan cakupan kumulatif PWS. Selisih = PIS-PK − register, dalam poin "
          "persentase. Kedua sumber berbeda populasi (keluarga yang dikunjungi vs seluruh desa) dan waktu, jadi "
          "selisih kecil wajar; selisih besar adalah tanda untuk diperiksa, bukan vonis salah satu sumber.")


def period_text(bulan: int | None, tahun: int) -> str:
    """'Januari–Juni 2025' (the register's period), 'Januari 2025', or 'tahun 2025'."""
    if bulan is None:
        return f"tahun {tahun}"
    return f"{BULAN[0]} {tahun}" if bulan == 1 else f"{BULAN[0]}–{BULAN[bulan - 1]} {tahun}"


def register_penyebut(ind: Indicator, penyebut, bulan: int) -> np.ndarray:
    """The register coverage's divisor for January..bulan: an annual sasaran taken for `bulan`
    months (× bulan ÷ 12, one division: exact at 12); a flow (ALIRAN) as summed."""
    den = np.asarray(penyebut, dtype=float)
    return den * bulan / 12 if ind.accumulation is Accumulation.KUMULATIF else den


def compare(p: Pasangan, counts: pd.DataFrame, tahun: int, bulan: int | None) -> pd.DataFrame:
    """One row per area of `counts` (kode, nama, keluarga_dikunjungi, y, t: the PIS-PK answers;
    pembilang: the register's numerator January..bulan, NaN when never reported; penyebut: its
    denominator, the annual sasaran or the flow January..bulan, NaN when missing): adds
    cakupan_pispk, cakupan_register (fractions), selisih (PIS-PK − register, percentage
    points), status (SESUAI, BERBEDA, TIDAK_DAPAT), alasan (why not comparable, both sides)
    and kemungkinan (the pair's sentence on which side is likely wrong, for BERBEDA rows).
    bulan None: the register has no report in the year."""
    out = counts.reset_index(drop=True).copy()
    y, t = out["y"].to_numpy(float), out["t"].to_numpy(float)
    asked = y + t
    enough = asked >= p.minimum
    with np.errstate(divide="ignore", invalid="ignore"):
        out["cakupan_pispk"] = np.where(enough, y / np.where(asked > 0, asked, 1), np.nan)
    ind = p.indicator
    num = out["pembilang"].to_numpy(float) if "pembilang" in out else np.full(len(out), np.nan)
    den_raw = out["penyebut"].to_numpy(float) if "penyebut" in out else np.full(len(out), np.nan)
    den = register_penyebut(ind, den_raw, bulan) if ind is not None and bulan else np.full(len(out), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["cakupan_register"] = np.where(~np.isnan(num) & (den > 0), num / np.where(den > 0, den, 1), np.nan)
    out["penyebut_periode"] = den
    gap = (out["cakupan_pispk"].to_numpy(float) - out["cakupan_register"].to_numpy(float)) * 100
    out["selisih"] = gap
    known = ~np.isnan(gap)
    with np.errstate(invalid="ignore"):
        beyond = known & (np.abs(gap) > p.toleransi + EPS)
    out["status"] = np.where(~known, TIDAK_DAPAT, np.where(beyond, BERBEDA, SESUAI)).astype(object)
    visited = out["keluarga_dikunjungi"].to_numpy(float) if "keluarga_dikunjungi" in out else asked
    out["alasan"] = [
        "; ".join(filter(None, [_pispk_reason(p, tahun, a, v), _register_reason(p, tahun, bulan, n, d)]))
        for a, v, n, d in zip(asked, visited, num, den_raw)]
    out["kemungkinan"] = [
        (p.bila_pispk_lebih_tinggi if g > 0 else p.bila_register_lebih_tinggi) if b else ""
        for g, b in zip(gap, beyond)]
    return out


def _pispk_reason(p: Pasangan, tahun: int, asked: float, visited: float) -> str:
    if asked >= p.minimum:
        return ""
    if asked > 0:
        return (f"PIS-PK: hanya {fmt.angka(asked)} keluarga yang ditanya '{p.label}', terlalu sedikit untuk "
                f"dibandingkan (minimal {p.minimum})")
    if not visited > 0:
        return f"PIS-PK: belum ada keluarga yang dikunjungi s.d. akhir {tahun}"
    return (f"PIS-PK: tidak ada keluarga yang ditanya '{p.label}' (semua jawaban N: "
            f"{IKS_BY_CODE[p.iks].asked_about} tidak ada di keluarga yang dikunjungi)")


def _register_reason(p: Pasangan, tahun: int, bulan: int | None, num: float, den: float) -> str:
    ind = p.indicator
    if ind is None:
        return f"Register: {p.tanpa_register}"
    if bulan is None or np.isnan(num):
        return f"Register: belum ada laporan {ind.label} {period_text(bulan, tahun)}"
    if ind.by_sasaran:
        what = f"sasaran {SASARAN_BY_CODE[ind.denominator].label.lower()} tahun {tahun}"
    else:
        what = f"{REGISTER_BY_CODE[ind.denominator].label} {period_text(bulan, tahun)}"
    if np.isnan(den):
        return f"Register: {what} belum diunggah" if ind.by_sasaran else f"Register: belum ada laporan {what}"
    if den <= 0:
        return f"Register: {what} bernilai 0"
    return ""


def counts_of(status) -> dict[str, int]:
    """How many areas are SESUAI, BERBEDA and TIDAK_DAPAT."""
    values = list(status)
    return {s: values.count(s) for s in (SESUAI, BERBEDA, TIDAK_DAPAT)}
