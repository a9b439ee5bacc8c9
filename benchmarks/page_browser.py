"""Benchmark of the long pages in a real browser: how long each takes, from the start of
navigation, until it is usable, per account and window size. Headless Chromium (Debian's
chromium + chromedriver), signed in first, on the demo (or any data folder / database).

"Usable", precisely (the browser's own clock, ms since navigation start):
  1. Dash is idle: its store is not loading (window.store isLoading false), no
     `_dash-update-component` request is in flight, and none has ended for QUIET_MS;
  2. every chart above the fold is drawn: each dcc.Graph whose box starts inside the window
     (top < innerHeight, a height > 0) holds Plotly's SVG (`.main-svg`); no section that
     loads when seen (layouts/lazy_parts.py) still shows its placeholder inside the window;
     and the page has at least one chart or grid drawn (not a blank page between two renders);
  usable = the later of the last callback's end and the first moment (2) held in that idle
  stretch. The figures also count the callbacks of one load and the bytes they brought
  (Resource Timing's encodedBodySize: what came over the wire, compressed).

    python benchmarks/page_browser.py                         # demo in benchmarks/out/demo
    python benchmarks/page_browser.py --url http://127.0.0.1:8050 --n 5
    python benchmarks/page_browser.py --halaman /klaster-3 --akun puskesmas --lebar 1366
    python benchmarks/page_browser.py --url http://127.0.0.1:8050 --banding http://127.0.0.1:8051
        # two apps (code before and after a change), loads alternating between them

Not a test: run it, read it, put the figures in the README. The first load of each page
(cold caches of the server and the browser) is left out of p50/p95 and shown apart.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import AppServer, make_driver  # noqa: E402

DEFAULT_DATA = ROOT / "benchmarks" / "out" / "demo"
PAGES = ("/", "/klaster-2", "/klaster-3", "/klaster-4", "/iks")
ACCOUNTS = ("puskesmas", "dinkes-kabupaten")
SIZES = ((1366, 768), (1024, 768))
QUIET_MS = 300  # no callback ending for this long counts as idle

STATE = """
const s = window.store && window.store.getState();
const calls = performance.getEntriesByType('resource')
    .filter(e => e.name.includes('_dash-update-component'));
const pending = calls.filter(e => e.responseEnd === 0).length;
const lastEnd = calls.reduce((m, e) => Math.max(m, e.responseEnd), 0);
const bytes = calls.reduce((m, e) => m + (e.encodedBodySize || 0), 0);
const graphs = [...document.querySelectorAll('.dash-graph')].filter(g => {
    const r = g.getBoundingClientRect();
    return r.height > 0 && r.top < window.innerHeight && r.bottom > 0;
});
const drawnGraphs = graphs.filter(g => g.querySelector('.main-svg')).length;
const anything = document.querySelector('.main-svg, .ag-row, .empty-state') !== null;
// a section still waiting to load (its placeholder) on screen is not a usable screen
const waiting = [...document.querySelectorAll('.lazy-placeholder')].filter(p => {
    const r = p.getBoundingClientRect();
    return r.height > 0 && r.top < window.innerHeight && r.bottom > 0;
}).length;
const hydrated = !!s && s.appLifecycle === 'HYDRATED';
return {idle: hydrated && !s.isLoading && document.readyState === 'complete' && pending === 0,
        lastEnd, bytes, calls: calls.length, aboveFold: graphs.length,
        drawn: anything && drawnGraphs === graphs.length && waiting === 0,
        graphsInDom: document.querySelectorAll('.dash-graph').length,
        now: performance.now()};
"""


def load_once(driver, url: str, timeout: float = 60.0) -> dict:
    """Navigate to `url` and wait until usable (see the module's docstring); timings in ms."""
    driver.get("about:blank")
    driver.get(url)
    deadline = time.monotonic() + timeout
    drawn_since = None
    while time.monotonic() < deadline:
        state = driver.execute_script(STATE)
        ready = state["idle"] and state["drawn"]
        if not ready:
            drawn_since = None
        else:
            drawn_since = drawn_since if drawn_since is not None else state["now"]
            if state["now"] - state["lastEnd"] >= QUIET_MS:
                return {"usable": max(state["lastEnd"], drawn_since), "callbacks": state["calls"],
                        "kb": state["bytes"] / 1024, "charts": state["graphsInDom"],
                        "above": state["aboveFold"]}
        time.sleep(0.02)
    raise TimeoutError(f"{url} tidak siap dalam {timeout:.0f} detik")


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def _row(path, account, size, label, first, rest) -> str:
    usable = [r["usable"] for r in rest]
    last = rest[-1]
    return (f"| {path} | {account} | {size[0]}×{size[1]} |{label} {statistics.median(usable):.0f} | "
            f"{percentile(usable, 0.95):.0f} | {first['usable']:.0f} | {last['callbacks']} | "
            f"{last['kb']:.0f} | {last['charts']} ({last['above']}) |")


def run(args, bases: list[str]) -> None:
    """Each page `n` times per app after a first load; with two apps (--banding) the loads
    alternate between them, so that both see the same machine (a shared one's load moves)."""
    labels = [""] if len(bases) == 1 else [" A |", " B |"]
    print(f"| halaman | akun | layar |{' app |' if len(bases) > 1 else ''} p50 ms | p95 ms | "
          "muat pertama ms | callback | KB | grafik (di atas lipatan) |")
    print(f"| --- | --- | --- |{' --- |' if len(bases) > 1 else ''} ---: | ---: | ---: | ---: | ---: | --- |")
    for width, height in args.sizes:
        for account in args.akun:
            drivers = [make_driver(width, height, login_to=base, nama=account) for base in bases]
            try:
                for path in args.halaman:
                    firsts = [load_once(d, base + path) for d, base in zip(drivers, bases, strict=True)]
                    rests = [[] for _ in bases]
                    for _ in range(args.n):
                        for d, base, rest in zip(drivers, bases, rests, strict=True):
                            rest.append(load_once(d, base + path))
                    for label, first, rest in zip(labels, firsts, rests, strict=True):
                        print(_row(path, account, (width, height), label, first, rest), flush=True)
            finally:
                for d in drivers:
                    d.quit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="aplikasi yang sudah berjalan (tanpa ini: app.py dijalankan di --data)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="DATA_DIR app.py (demo bila kosong)")
    parser.add_argument("--halaman", nargs="+", default=list(PAGES), help="halaman yang diukur")
    parser.add_argument("--akun", nargs="+", default=list(ACCOUNTS), help="akun demo yang masuk")
    parser.add_argument("--lebar", nargs="+", type=int, default=[w for w, _h in SIZES])
    parser.add_argument("--tinggi", type=int, default=768)
    parser.add_argument("--n", type=int, default=5, help="muat per halaman, setelah muat pertama")
    parser.add_argument("--banding", help="aplikasi kedua (B) yang dimuat bergantian dengan --url (A)")
    args = parser.parse_args()
    args.sizes = [(w, args.tinggi) for w in args.lebar]
    if args.url:
        run(args, [u.rstrip("/") for u in (args.url, args.banding) if u])
        return
    args.data.mkdir(parents=True, exist_ok=True)
    with AppServer({"DATA_DIR": str(args.data)}) as server:
        run(args, [server.url])


if __name__ == "__main__":
    main()
