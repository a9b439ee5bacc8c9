"""Benchmark of the long pages in a real browser: how long each takes, from the start of
navigation, until it is usable, per account and window size. Headless Chromium (Debian's
chromium + chromedriver), signed in first, on the demo (or any data folder / database).

"Usable", precisely (the browser's own clock, ms since navigation start):
  1. Dash is idle: its store is not loading (window.store isLoading false), no
     `_dash-update-component` request is in flight, and none has ended for QUIET_MS;
  2. every chart above the fold is drawn: each dcc.Graph whose box starts inside the window
     (top < innerHeight, a height > 0) holds Plotly's SVG (`.main-svg`); and the page has
     at least one chart or grid drawn (not a blank page between two renders);
  usable = the later of the last callback's end and the first moment (2) held in that idle
  stretch. The figures also count the callbacks of one load and the bytes they brought
  (Resource Timing's encodedBodySize: what came over the wire, compressed).

    python benchmarks/page_browser.py                         # demo in benchmarks/out/demo
    python benchmarks/page_browser.py --url http://127.0.0.1:8050 --n 5
    python benchmarks/page_browser.py --halaman /klaster-3 --akun puskesmas --lebar 1366

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
return {idle: !!s && !s.isLoading && document.readyState === 'complete' && pending === 0,
        lastEnd, bytes, calls: calls.length, aboveFold: graphs.length,
        drawn: anything && drawnGraphs === graphs.length,
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


def run(args, base: str) -> None:
    print("| halaman | akun | layar | p50 ms | p95 ms | muat pertama ms | callback | KB | grafik (di atas lipatan) |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for width, height in args.sizes:
        for account in args.akun:
            driver = make_driver(width, height, login_to=base, nama=account)
            try:
                for path in args.halaman:
                    first = load_once(driver, base + path)
                    rest = [load_once(driver, base + path) for _ in range(args.n)]
                    usable = [r["usable"] for r in rest]
                    last = rest[-1]
                    print(f"| {path} | {account} | {width}×{height} | {statistics.median(usable):.0f} | "
                          f"{percentile(usable, 0.95):.0f} | {first['usable']:.0f} | {last['callbacks']} | "
                          f"{last['kb']:.0f} | {last['charts']} ({last['above']}) |", flush=True)
            finally:
                driver.quit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="aplikasi yang sudah berjalan (tanpa ini: app.py dijalankan di --data)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="DATA_DIR app.py (demo bila kosong)")
    parser.add_argument("--halaman", nargs="+", default=list(PAGES), help="halaman yang diukur")
    parser.add_argument("--akun", nargs="+", default=list(ACCOUNTS), help="akun demo yang masuk")
    parser.add_argument("--lebar", nargs="+", type=int, default=[w for w, _h in SIZES])
    parser.add_argument("--tinggi", type=int, default=768)
    parser.add_argument("--n", type=int, default=5, help="muat per halaman, setelah muat pertama")
    args = parser.parse_args()
    args.sizes = [(w, args.tinggi) for w in args.lebar]
    if args.url:
        run(args, args.url.rstrip("/"))
        return
    args.data.mkdir(parents=True, exist_ok=True)
    with AppServer({"DATA_DIR": str(args.data)}) as server:
        run(args, server.url)


if __name__ == "__main__":
    main()
