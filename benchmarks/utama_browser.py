"""Benchmark of the Dashboard Utama in a real browser: how long `/` takes, from the start of
navigation, until it is usable: the scorecard drawn and Dash idle (no callback in flight and
none started for a quiet spell). Headless Chromium (Debian's chromium + chromedriver) at
1366×768 by default, signed in first, on the demo (or any data folder / database).

    python benchmarks/utama_browser.py                       # demo in benchmarks/out/demo, 10 loads
    python benchmarks/utama_browser.py --n 20 --lebar 1024   # projector width
    python benchmarks/utama_browser.py --url http://127.0.0.1:8050   # an app already running

Not a test: run it, read it, put the figures in the README. The first load (cold caches of
the server and the browser) is reported apart from the rest.
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
# drawn: a row of the scorecard grid; busy: Dash's loading markers and callbacks in flight
DRAWN = "#utama-skor .ag-center-cols-container .ag-row"
QUIET_MS = 300  # no new callback for this long counts as idle

# The browser's own clock: navigation start → the moment the page was last busy, read from
# the Resource Timing entries of Dash's callback requests (exact, not polling granularity).
STATE = """
const drawn = document.querySelector(arguments[0]) !== null;
const loading = document.querySelector('[data-dash-is-loading="true"]') !== null;
const calls = performance.getEntriesByType('resource')
    .filter(e => e.name.includes('_dash-update-component'));
const pending = calls.filter(e => e.responseEnd === 0).length;
const lastEnd = calls.reduce((m, e) => Math.max(m, e.responseEnd), 0);
return {drawn, loading, pending, lastEnd, now: performance.now(), calls: calls.length};
"""


def load_once(driver, url: str, selector: str, timeout: float = 60.0) -> dict:
    """Navigate to `url` and wait until usable; returns the browser's timings (ms)."""
    driver.get("about:blank")
    driver.get(url)
    deadline = time.monotonic() + timeout
    drawn_at = None
    while time.monotonic() < deadline:
        state = driver.execute_script(STATE, selector)
        if state["drawn"] and drawn_at is None:
            drawn_at = state["now"]
        busy = state["loading"] or state["pending"]
        if drawn_at is not None and not busy and state["now"] - state["lastEnd"] >= QUIET_MS:
            return {"usable": max(drawn_at, state["lastEnd"]), "drawn": drawn_at,
                    "callbacks": state["calls"]}
        time.sleep(0.02)
    raise TimeoutError(f"{url} tidak siap dalam {timeout:.0f} detik")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="aplikasi yang sudah berjalan (tanpa ini: app.py dijalankan di --data)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="DATA_DIR app.py (demo bila kosong)")
    parser.add_argument("--path", default="/", help="halaman yang diukur")
    parser.add_argument("--n", type=int, default=10)
    parser.add_argument("--lebar", type=int, default=1366)
    parser.add_argument("--tinggi", type=int, default=768)
    parser.add_argument("--nama", default="admin", help="akun demo yang masuk")
    parser.add_argument("--selector", default=DRAWN, help="elemen yang menandai halaman tergambar")
    args = parser.parse_args()
    if args.url:
        run(args, args.url.rstrip("/"))
        return
    args.data.mkdir(parents=True, exist_ok=True)
    with AppServer({"DATA_DIR": str(args.data)}) as server:
        run(args, server.url)


def run(args, base: str) -> None:
    driver = make_driver(args.lebar, args.tinggi, login_to=base, nama=args.nama)
    try:
        first = load_once(driver, base + args.path, args.selector)
        rest = [load_once(driver, base + args.path, args.selector) for _ in range(args.n)]
    finally:
        driver.quit()
    usable = sorted(r["usable"] for r in rest)
    p95 = usable[min(len(usable) - 1, round(0.95 * (len(usable) - 1)))]
    print(f"{args.path} di {args.lebar}×{args.tinggi} sebagai {args.nama}: "
          f"{first['callbacks']} callback per muat")
    print(f"  muat pertama: siap {first['usable']:.0f} ms (tergambar {first['drawn']:.0f} ms)")
    print(f"  {len(rest)} muat berikutnya: siap p50 {statistics.median(usable):.0f} ms, p95 {p95:.0f} ms, "
          f"maks {usable[-1]:.0f} ms")


if __name__ == "__main__":
    main()
