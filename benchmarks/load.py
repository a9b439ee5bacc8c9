"""Load test (issue 17): N people at once walk a realistic journey through the served app (gunicorn
with several workers, or any URL), beside the same number hammering a Dash callback that does
nothing (the yardstick), with an import running during the middle third if asked.

The journey is what a Dinkes or Puskesmas user does on the morning of a lokakarya mini: open a
cluster page at a kabupaten, change the kabupaten, go down to one of its Puskesmas, open the PWS
panel, change the indicator, change the month, download the PWS table. It is recorded once in
headless Chromium (the callbacks each step sends, in the rounds the browser sent them), then
replayed over HTTP by every simulated user, each with its own session and its own kabupaten and
Puskesmas (the recorded codes swapped for codes drawn from the database), so that the server's
result cache is hit as often as real people with different areas would hit it, not more.
Within a step, the requests of one round go out together (as the browser sends them), the next
round once they are all back; a step's time is from its first request to its last answer.

    python benchmarks/load.py --db benchmarks/out/pws_provinsi.sqlite --workers 2 --users 16
    python benchmarks/load.py --database-url postgresql+psycopg://… --workers 2 --users 16
    python benchmarks/load.py --db … --impor layanan FILE.csv      # an import in the middle third
    python benchmarks/load.py --url http://127.0.0.1:8050 --akun admin   # a server already running

Reported: requests per second, p50/p95/p99 of each step and of all requests, errors (anything but
HTTP 200/204), the trivial callback's throughput and latency with as many users, the steps' p95
during the import beside outside it, and each worker's memory (RSS) over the run.
Not a test: run it, read it, put the figures in the README.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import pct as common_pct  # noqa: E402
from indicators.format import angka  # noqa: E402

LOG = ROOT / "benchmarks" / "out" / "load-gunicorn.log"  # the server's own log of the last run
STEPS = ("buka halaman", "ganti kabupaten", "masuk ke Puskesmas", "buka panel PWS", "ganti indikator",
         "ganti bulan", "unduh tabel")
HOOK = r"""
window.__rekam = [];
const asli = window.fetch;
window.fetch = function (url, opts) {
  const t0 = performance.now();
  const body = opts && typeof opts.body === 'string' ? opts.body : null;
  return asli.apply(this, arguments).then(function (r) {
    if (body && String(url).includes('_dash-update-component')) {
      window.__rekam.push({mulai: t0, selesai: performance.now(), body: body});
    }
    return r;
  });
};
"""


# --- recording the journey in a browser ---------------------------------------------------------

@dataclass
class Journey:
    page: str
    codes: dict[str, str]  # the recorded kabupaten A, kabupaten B, Puskesmas P (in B)
    steps: list[list[list[str]]] = field(default_factory=list)  # step → rounds → bodies


def _rounds(records: list[dict]) -> list[list[str]]:
    """The recorded requests of one step in the rounds the browser sent them: a request that
    started after every request of the round so far had come back opens the next round."""
    rounds: list[list[str]] = []
    end = None
    for rec in sorted(records, key=lambda r: r["mulai"]):
        if end is None or rec["mulai"] > end:
            rounds.append([])
            end = rec["selesai"]
        rounds[-1].append(rec["body"])
        end = max(end, rec["selesai"])
    return rounds


def record(base: str, akun: str, sandi: str, page: str, areas: list[tuple[str, str]]) -> Journey:
    """Walk the journey once in headless Chromium as `akun`; the callbacks of each step."""
    from indicators.program import INDICATOR_BY_CODE
    from indicators.pws import BULAN
    from layouts.ids import Pws as P
    from layouts.ids import dom_id
    from layouts.pages import PAGE_BY_KEY
    from tests.browser import login, make_driver, select_option, wait_idle

    (kab_a, _), (kab_b, pkm_b) = areas[0], areas[1]
    journey = Journey(page, {"kab_a": kab_a, "kab_b": kab_b, "pkm": pkm_b})
    key = page.strip("/")
    info = PAGE_BY_KEY[key]
    other = next(c for c in info.indicators if c != info.default_indicator)

    driver = make_driver(1366, 768)
    try:
        login(driver, base, akun, sandi, next_path="/_favicon.ico")
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HOOK})

        def step(action) -> None:
            driver.execute_script("window.__rekam = [];")
            action()
            time.sleep(0.3)
            wait_idle(driver, 120)
            time.sleep(0.5)
            wait_idle(driver, 120)
            journey.steps.append(_rounds(driver.execute_script("return window.__rekam")))

        def go(search: str):
            driver.execute_script("history.pushState({}, '', arguments[0]);"
                                  "window.dispatchEvent(new PopStateEvent('popstate'));", page + search)

        def click(css: str):
            driver.execute_script("document.querySelector(arguments[0]).click();", css)

        step(lambda: driver.get(f"{base}{page}?kabupaten={kab_a}"))
        step(lambda: go(f"?kabupaten={kab_b}"))
        step(lambda: go(f"?kabupaten={kab_b}&puskesmas={pkm_b}"))
        step(lambda: click(f'.section-chip[data-target="bagian-{key}-pws"]'))
        step(lambda: select_option(driver, dom_id(P.of(P.INDIKATOR, key)), INDICATOR_BY_CODE[other].label))
        step(lambda: select_option(driver, dom_id(P.of(P.BULAN, key)), BULAN[5]))
        step(lambda: driver.execute_script("document.getElementById(arguments[0]).click();",
                                           dom_id(P.of(P.DOWNLOAD_CSV, key))))
    finally:
        driver.quit()
    if len(journey.steps) != len(STEPS) or not all(journey.steps):
        empty = [STEPS[i] for i, s in enumerate(journey.steps) if not s]
        raise SystemExit(f"Perjalanan tidak terekam lengkap (langkah tanpa callback: {empty}).")
    return journey


# --- the areas users pick -----------------------------------------------------------------------

def areas_of(database_url: str) -> list[tuple[str, str]]:
    """Every (kabupaten, Puskesmas of it) of the database, in code order."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT DISTINCT kode_kabupaten, kode_puskesmas FROM desa ORDER BY 1, 2")).all()
    engine.dispose()
    return [(k, p) for k, p in rows]


def swap(body: str, recorded: dict[str, str], mine: dict[str, str]) -> str:
    """A recorded request for this user's areas: the recorded codes swapped for its own
    (the Puskesmas first: its code contains the kabupaten's digits)."""
    for name in ("pkm", "kab_b", "kab_a"):
        body = body.replace(recorded[name], f"\0{name}\0")
    for name in ("pkm", "kab_b", "kab_a"):
        body = body.replace(f"\0{name}\0", mine[name])
    return body


def layanan_csv(database_url: str, kabupaten: str) -> Path:
    """The kabupaten's register rows of its latest year, each value one more (an import that
    writes every row), as a CSV in benchmarks/out/."""
    import pandas as pd
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as conn:
        tahun = conn.execute(text("SELECT MAX(l.tahun) FROM layanan l JOIN desa d ON d.kode = l.kode_desa "
                                  "WHERE d.kode_kabupaten = :k"), {"k": kabupaten}).scalar()
        frame = pd.read_sql(text("SELECT l.kode_desa, l.tahun, l.bulan, l.indikator, l.nilai + 1 AS nilai "
                                 "FROM layanan l JOIN desa d ON d.kode = l.kode_desa "
                                 "WHERE d.kode_kabupaten = :k AND l.tahun = :t"), conn,
                            params={"k": kabupaten, "t": tahun})
    engine.dispose()
    if frame.empty:
        raise SystemExit(f"Tidak ada register layanan untuk kabupaten {kabupaten}.")
    path = ROOT / "benchmarks" / "out" / f"impor-layanan-{kabupaten}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)
    print(f"berkas impor: {len(frame):,} baris layanan {kabupaten} {tahun} ({path})", flush=True)
    return path


# --- replaying over HTTP --------------------------------------------------------------------------

class Session:
    """One person: a keep-alive connection per parallel request, a session cookie."""

    def __init__(self, host: str, port: int, cookie: str):
        self.host, self.port, self.cookie = host, port, cookie
        self.local = threading.local()

    def _conn(self) -> HTTPConnection:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = HTTPConnection(self.host, self.port, timeout=120)
        return conn

    def post(self, body: str) -> tuple[float, int]:
        t0 = time.perf_counter()
        for attempt in (1, 2):
            reused = getattr(self.local, "conn", None) is not None
            try:
                conn = self._conn()
                conn.request("POST", "/_dash-update-component", body=body.encode(),
                             headers={"Content-Type": "application/json", "Cookie": self.cookie,
                                      "Accept-Encoding": "gzip"})
                resp = conn.getresponse()
                resp.read()
                status = resp.status
                break
            except (ConnectionError, http.client.RemoteDisconnected, http.client.BadStatusLine):
                # a kept-alive connection the server closed while idle (gunicorn's keepalive):
                # a browser sends the request again on a new one, once
                self.local.conn = None
                status = 0
                if not (reused and attempt == 1):
                    break
            except Exception:  # noqa: BLE001 - anything else is an error of the run
                self.local.conn = None
                status = 0
                break
        return (time.perf_counter() - t0) * 1000, status


def sign_in(host: str, port: int, akun: str, sandi: str) -> str:
    conn = HTTPConnection(host, port, timeout=60)
    conn.request("GET", "/masuk")
    resp = conn.getresponse()
    page = resp.read().decode()
    cookie = (resp.getheader("Set-Cookie") or "").split(";")[0]
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    if not token:
        raise SystemExit("Halaman masuk tidak punya token formulir.")
    form = urllib.parse.urlencode({"csrf": token.group(1), "nama": akun, "sandi": sandi, "next": "/"})
    conn.request("POST", "/masuk", body=form, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    resp = conn.getresponse()
    resp.read()
    if resp.status != 302:
        raise SystemExit(f"Gagal masuk sebagai {akun} (HTTP {resp.status}).")
    cookie = (resp.getheader("Set-Cookie") or cookie).split(";")[0]
    conn.close()
    return cookie


@dataclass
class Result:
    steps: list[tuple[float, str, float, int]] = field(default_factory=list)  # (when, step, ms, errors)
    requests: list[tuple[float, float, int]] = field(default_factory=list)  # (when, ms, status)
    lock: threading.Lock = field(default_factory=threading.Lock)


def walk(session: Session, journey: Journey, areas: list[tuple[str, str]], rng: random.Random, result: Result,
         until: float, pool: ThreadPoolExecutor, think: float = 0.0) -> None:
    """Walk the journey again and again until `until` (time.monotonic), each time through
    other areas drawn from `areas` (a person of another Puskesmas: the server's cache helps
    only where areas meet, as it does for real people)."""
    while time.monotonic() < until:
        (kab_a, _), (kab_b, pkm) = rng.choice(areas), rng.choice(areas)
        mine = {"kab_a": kab_a, "kab_b": kab_b, "pkm": pkm}
        for name, rounds in zip(STEPS, journey.steps):
            if time.monotonic() >= until:
                return
            t0 = time.perf_counter()
            errors = 0
            for bodies in rounds:
                answers = list(pool.map(session.post, [swap(b, journey.codes, mine) for b in bodies]))
                now = time.monotonic()
                errors += sum(1 for _, status in answers if status not in (200, 204))
                with result.lock:
                    result.requests.extend((now, ms, status) for ms, status in answers)
            with result.lock:
                result.steps.append((time.monotonic(), name, (time.perf_counter() - t0) * 1000, errors))
            if think:  # a person reads the screen before the next click (½ to 1½ times the mean)
                time.sleep(think * rng.uniform(0.5, 1.5))


def walkers(sessions: list[Session], journey: Journey, areas: list[tuple[str, str]], seed: int, result: Result,
            until: float, think: float) -> list[threading.Thread]:
    """A thread per person walking the journey until `until` (not started), each with its own
    draw of areas and a pool for the requests of a round."""
    return [threading.Thread(target=walk, args=(s, journey, areas, random.Random(seed + k), result, until,
                                                ThreadPoolExecutor(max_workers=6), think))
            for k, s in enumerate(sessions)]


def hammering(sessions: list[Session], body: str, result: Result, until: float) -> list[threading.Thread]:
    """A thread per person posting the trivial callback until `until` (not started)."""
    return [threading.Thread(target=hammer, args=(s, body, result, until)) for s in sessions]


def hammer(session: Session, body: str, result: Result, until: float) -> None:
    while time.monotonic() < until:
        ms, status = session.post(body)
        with result.lock:
            result.requests.append((time.monotonic(), ms, status))


# --- the server and its memory --------------------------------------------------------------------

def start_gunicorn(workers: int, port: int, env: dict[str, str]) -> subprocess.Popen:
    conf = ROOT / "gunicorn.conf.py"
    cmd = [sys.executable, "-m", "gunicorn", *(["-c", str(conf)] if conf.exists() else []),
           "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "benchmarks.load_app:server"]
    LOG.parent.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=LOG.open("w"),
                            start_new_session=True)
    for _ in range(600):
        try:
            conn = HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/masuk")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.5)
        if proc.poll() is not None:
            raise SystemExit("gunicorn berhenti: " + LOG.read_text()[-2000:])
    raise SystemExit("gunicorn tidak menjawab dalam 5 menit.")


def children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return sorted(out)


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class MemoryWatch(threading.Thread):
    def __init__(self, master: int | None, every: float = 2.0):
        super().__init__(daemon=True)
        self.master, self.every = master, every
        self.samples: dict[int, list[tuple[float, float]]] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set() and self.master:
            now = time.monotonic()
            for pid in children(self.master):
                mb = rss_mb(pid)
                if mb is not None:
                    self.samples.setdefault(pid, []).append((now, mb))
            self.stop.wait(self.every)


# --- figures ---------------------------------------------------------------------------------------

def pct(values: list[float], q: int) -> float:
    """benchmarks.common.pct, nothing when there is nothing (a step that never ran in a window)."""
    return common_pct(values, q) if values else float("nan")


def report(label: str, result: Result, seconds: float, window: tuple[float, float] | None) -> None:
    ok = [ms for _, ms, s in result.requests if s in (200, 204)]
    errors = len(result.requests) - len(ok)
    unchanged = sum(1 for _, _, s in result.requests if s == 204)
    print(f"\n### {label}\n")
    print(f"{len(result.requests)} permintaan dalam {angka(seconds)} s: **{angka(len(result.requests) / seconds, 1)} "
          f"permintaan/s**; galat {errors}; tiap permintaan p50 {angka(pct(ok, 50))} / p95 {angka(pct(ok, 95))} / "
          f"p99 {angka(pct(ok, 99))} ms; tanpa perubahan (HTTP 204) {unchanged}")
    if not result.steps:
        return
    print("\n| langkah | n | galat | p50 ms | p95 ms | p99 ms |"
          + (" p95 saat impor | p95 di luar impor |" if window else ""))
    print("| --- | ---: | ---: | ---: | ---: | ---: |" + (" ---: | ---: |" if window else ""))
    for name in (*STEPS, "semua langkah"):
        rows = [(t, ms) for t, n, ms, _ in result.steps if name in (n, "semua langkah")]
        errors = sum(e for _, n, _, e in result.steps if name in (n, "semua langkah"))
        times = [ms for _, ms in rows]
        line = (f"| {name} | {len(times)} | {errors} | {angka(pct(times, 50))} | {angka(pct(times, 95))} | "
                f"{angka(pct(times, 99))} |")
        if window:
            inside = [ms for t, ms in rows if window[0] <= t <= window[1]]
            outside = [ms for t, ms in rows if not window[0] <= t <= window[1]]
            line += f" {angka(pct(inside, 95))} | {angka(pct(outside, 95))} |"
        print(line)


def memory_report(watch: MemoryWatch, warm_until: float) -> None:
    if not watch.samples:
        return
    print("\n### Memori tiap worker (RSS, MB)\n")
    print("Tembolok worker terisi pada menit-menit pertama (benchmarks/journey_cpu.py --memori: sekitar "
          "10.000 permintaan per proses); kolom terakhir: perubahan selama dua pertiga terakhir.\n")
    print("| worker (pid) | awal (setelah pemanasan) | sepertiga | tertinggi | akhir | perubahan | "
          "perubahan dua pertiga terakhir |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for pid, samples in sorted(watch.samples.items()):
        after = [(t, mb) for t, mb in samples if t >= warm_until] or samples
        (t0, first), (t1, last) = after[0], after[-1]
        third = next(mb for t, mb in after if t >= t0 + (t1 - t0) / 3)
        change = angka((last - first) / first * 100, 1)
        late = angka((last - third) / third * 100, 1)
        print(f"| {pid} | {angka(first)} | {angka(third)} | {angka(max(mb for _, mb in after))} | {angka(last)} | "
              f"{change} % | {late} % |")


# --- main ------------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="server yang sudah berjalan (tanpa ini: gunicorn dijalankan di sini)")
    parser.add_argument("--db", type=Path, default=ROOT / "benchmarks" / "out" / "pws_provinsi.sqlite")
    parser.add_argument("--database-url", help="basis data (mis. PostgreSQL) sebagai ganti --db")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--users", type=int, default=16, help="orang serentak")
    parser.add_argument("--durasi", type=float, default=120, help="detik perjalanan diukur")
    parser.add_argument("--pemanasan", type=float, default=20, help="detik sebelum diukur")
    parser.add_argument("--durasi-pembanding", type=float, default=30, help="detik callback kosong")
    parser.add_argument("--halaman", default="/klaster-2")
    parser.add_argument("--akun", default="dinkes-provinsi")
    parser.add_argument("--sandi", default=None, help="bawaan: sandi akun demo")
    parser.add_argument("--impor", nargs=2, metavar=("DATASET", "BERKAS"),
                        help="impor ini (cli.py import) selama sepertiga tengah pengukuran")
    parser.add_argument("--impor-layanan", metavar="KODE_KABUPATEN",
                        help="sama, dengan register layanan setahun kabupaten ini dari basis data, "
                             "setiap nilai +1 (setiap baris berubah; basis data ikut berubah)")
    parser.add_argument("--ulang", type=int, default=1,
                        help="pasangan (callback kosong, perjalanan) berselang-seling, masing-masing "
                             "--durasi-pembanding dan --durasi detik: perbandingan throughput tiap pasangan "
                             "dan mediannya (mesin bersama berubah kecepatannya dari menit ke menit)")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--jeda", type=float, default=0.0,
                        help="detik rata-rata seseorang membaca layar sebelum langkah berikutnya (0: tanpa "
                             "jeda, beban terberat; throughput diukur begitu)")
    args = parser.parse_args()

    from domain.access import DEMO_PASSWORD

    sandi = args.sandi or DEMO_PASSWORD
    database_url = args.database_url or f"sqlite:///{args.db.resolve()}"
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)}
    proc = None
    if args.url:
        parsed = urllib.parse.urlsplit(args.url)
        host, port = parsed.hostname, parsed.port or 80
    else:
        from tests.browser import free_port

        host, port = "127.0.0.1", free_port()
        print(f"gunicorn, {args.workers} worker, {database_url.split('://')[0]} …", flush=True)
        proc = start_gunicorn(args.workers, port, env)
    base = f"http://{host}:{port}"
    try:
        every = areas_of(database_url)
        print(f"merekam perjalanan di {args.halaman} dengan Chromium …", flush=True)
        rng = random.Random(args.seed)
        first = rng.choice(every)  # two kabupaten, so that changing it is a change
        journey = record(base, args.akun, sandi, args.halaman,
                         [first, rng.choice([a for a in every if a[0] != first[0]])])
        per_step = [sum(len(r) for r in s) for s in journey.steps]
        print("callback per langkah: " + ", ".join(f"{n} {c}" for n, c in zip(STEPS, per_step)))

        sessions = [Session(host, port, sign_in(host, port, args.akun, sandi)) for _ in range(args.users)]
        watch = MemoryWatch(proc.pid if proc else None)
        watch.start()

        # the yardstick: as many users posting a callback that does nothing
        deps = json.loads(_get(host, port, "/_dash-dependencies", sessions[0].cookie))
        trivial = next((d for d in deps if d["output"] == "bench-out.children"), None)
        trivial_result = Result()
        if trivial:
            from benchmarks.dash_client import payload

            body = json.dumps(payload(trivial, {"bench-in.value": 1}))
            until = time.monotonic() + args.durasi_pembanding
            threads = hammering(sessions, body, trivial_result, until)
            t0 = time.monotonic()
            [t.start() for t in threads]
            [t.join() for t in threads]
            trivial_seconds = time.monotonic() - t0

        if args.ulang > 1:
            if args.impor or args.impor_layanan or not trivial:
                raise SystemExit("--ulang tanpa impor, dengan callback kosong (benchmarks.load_app).")
            paired(args, sessions, journey, every, body)
            return
        if args.impor_layanan:
            args.impor = ["layanan", str(layanan_csv(database_url, args.impor_layanan))]
        result = Result()
        start = time.monotonic()
        warm_until = start + args.pemanasan
        until = warm_until + args.durasi
        threads = walkers(sessions, journey, every, args.seed, result, until, args.jeda)
        [t.start() for t in threads]
        window = None
        if args.impor:
            third = args.durasi / 3
            time.sleep(max(0.0, warm_until + third - time.monotonic()))
            t_imp = time.monotonic()
            imp = subprocess.run([sys.executable, str(ROOT / "cli.py"), "import", *args.impor], env=env,
                                 capture_output=True, text=True)
            window = (t_imp, time.monotonic())
            print(f"impor selesai dalam {angka(window[1] - window[0], 1)} s (kode {imp.returncode}): "
                  f"{(imp.stdout or imp.stderr).strip().splitlines()[-1:] }", flush=True)
        [t.join() for t in threads]
        watch.stop.set()
        measured = Result(steps=[s for s in result.steps if s[0] >= warm_until],
                          requests=[r for r in result.requests if r[0] >= warm_until])
        print(f"\n{args.users} orang serentak (jeda antar langkah rata-rata {angka(args.jeda, 1)} s), "
              f"{args.halaman}, {args.workers if proc else '?'} worker, "
              f"{database_url.split('://')[0]}; beban mesin (uptime): {os.getloadavg()[0]:.1f}")
        if trivial:
            report(f"Callback kosong (pembanding), {args.users} orang", trivial_result, trivial_seconds, None)
        report(f"Perjalanan, {args.users} orang", measured, until - warm_until, window)
        memory_report(watch, warm_until)
    finally:
        if proc:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def paired(args, sessions: list[Session], journey: Journey, every: list, body: str) -> None:
    """--ulang: the trivial callback and the journey in turns, so that each throughput ratio is
    taken a minute apart at most (on a shared machine the cores' speed changes from one minute
    to the next, as much as twofold here); each pair's figures, their medians, and the steps of
    every pair together."""
    from statistics import median

    rows, pooled = [], Result()
    for i in range(args.ulang):
        flat = Result()
        until = time.monotonic() + args.durasi_pembanding
        threads = hammering(sessions, body, flat, until)
        [t.start() for t in threads]
        [t.join() for t in threads]
        result = Result()
        start = time.monotonic()
        warm_until, until = start + 3, start + 3 + args.durasi
        threads = walkers(sessions, journey, every, args.seed + 100 * i, result, until, args.jeda)
        [t.start() for t in threads]
        [t.join() for t in threads]
        steps = [st for st in result.steps if st[0] >= warm_until]
        requests = [r for r in result.requests if r[0] >= warm_until]
        pooled.steps += steps
        pooled.requests += requests
        rate_flat = len(flat.requests) / args.durasi_pembanding
        rate = len(requests) / args.durasi
        errors = sum(1 for _, _, st in requests if st not in (200, 204)) + sum(
            1 for _, _, st in flat.requests if st not in (200, 204))
        rows.append((rate_flat, rate, rate / rate_flat, pct([ms for _, _, ms, _ in steps], 95), errors))
        print(f"pasangan {i + 1}: kosong {angka(rate_flat, 1)}, perjalanan {angka(rate, 1)} permintaan/s "
              f"({angka(100 * rate / rate_flat)} %), p95 langkah {angka(rows[-1][3])} ms; beban mesin "
              f"{os.getloadavg()[0]:.1f}", flush=True)
    print(f"\n### {args.ulang} pasangan berselang-seling, {args.users} orang\n")
    print("| pasangan | callback kosong, permintaan/s | perjalanan, permintaan/s | perbandingan | "
          "p95 langkah ms | galat |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for i, (flat, rate, ratio, p95, errors) in enumerate(rows, 1):
        print(f"| {i} | {angka(flat, 1)} | {angka(rate, 1)} | {angka(100 * ratio)} % | {angka(p95)} | {errors} |")
    print(f"| median | {angka(median(r[0] for r in rows), 1)} | {angka(median(r[1] for r in rows), 1)} | "
          f"{angka(100 * median(r[2] for r in rows))} % | {angka(median(r[3] for r in rows))} | "
          f"{sum(r[4] for r in rows)} |")
    report(f"Perjalanan, {args.users} orang, semua pasangan", pooled, args.durasi * args.ulang, None)


def _get(host: str, port: int, path: str, cookie: str) -> str:
    conn = HTTPConnection(host, port, timeout=60)
    conn.request("GET", path, headers={"Cookie": cookie})
    resp = conn.getresponse()
    return resp.read().decode()


if __name__ == "__main__":
    main()
