"""Benchmark of the lokakarya mini's presentation mode (/lokmin) in a real browser: the time
from the start of navigation until the first slide is drawn (its title, and its chart when it
has one), and the time of one step (→, as a presenter's clicker sends it) until the next
slide is drawn with its chart. Headless Chromium (Debian's chromium + chromedriver) at
1024×768 by default, signed in as the demo Puskesmas account, on the demo.

    python benchmarks/lokmin_browser.py                         # demo in benchmarks/out/demo
    python benchmarks/lokmin_browser.py --n 5 --lebar 1366      # 5 loads, 5 walks of the deck
    python benchmarks/lokmin_browser.py --url http://127.0.0.1:8050   # an app already running

Not a test: run it, read it, put the figures in the README. The first load (cold caches of
the server and the browser) is reported apart from the rest.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from layouts.ids import Lokmin as L  # noqa: E402
from tests.browser import AppServer, make_driver  # noqa: E402

DEFAULT_DATA = ROOT / "benchmarks" / "out" / "demo"

# what is on screen, by the browser's own clock
STATE = """
const counter = document.getElementById(arguments[0]);
const frame = document.getElementById(arguments[1]);
const graph = document.getElementById(arguments[2]);
const cls = frame ? frame.className : '';
const drawn = Boolean(graph && graph.querySelector('.main-svg'));
return {counter: counter ? counter.innerText : '', ready: Boolean(frame) && !cls.includes('loading')
        && (cls.includes('no-chart') || drawn), chart: !cls.includes('no-chart'), now: performance.now()};
"""


def state(driver) -> dict:
    found = driver.execute_script(STATE, L.COUNTER, L.FRAME, L.GRAPH)
    match = re.fullmatch(r"(\d+) / (\d+)", found["counter"] or "")
    found["pos"], found["total"] = (int(match[1]), int(match[2])) if match else (None, None)
    return found


def wait_slide(driver, position: int, timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = state(driver)
        if found["pos"] == position and found["ready"]:
            return found
        time.sleep(0.005)
    raise TimeoutError(f"slide {position} tidak tergambar dalam {timeout:.0f} detik")


def load_once(driver, url: str) -> tuple[float, int]:
    """Navigate to the deck; (ms from navigation start to the first slide drawn, slides)."""
    driver.get("about:blank")
    driver.get(url)
    found = wait_slide(driver, 1)
    return found["now"], found["total"]


def walk(driver, total: int) -> list[tuple[float, bool]]:
    """Step through the whole deck with →; (ms per step, the slide has a chart)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    steps = []
    for position in range(2, total + 1):
        start = driver.execute_script("return performance.now();")
        ActionChains(driver).send_keys(Keys.ARROW_RIGHT).perform()
        found = wait_slide(driver, position)
        steps.append((found["now"] - start, found["chart"]))
    return steps


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="aplikasi yang sudah berjalan (tanpa ini: app.py dijalankan di --data)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="DATA_DIR app.py (demo bila kosong)")
    parser.add_argument("--path", default="/lokmin", help="alamat presentasi (mis. /lokmin?puskesmas=…)")
    parser.add_argument("--n", type=int, default=5, help="muat dan jelajah seluruh slide sebanyak ini")
    parser.add_argument("--lebar", type=int, default=1024)
    parser.add_argument("--tinggi", type=int, default=768)
    parser.add_argument("--nama", default="puskesmas", help="akun demo yang masuk")
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
        first, total = load_once(driver, base + args.path)
        first_steps = walk(driver, total)
        loads, steps = [], []
        for _ in range(args.n):
            ms, total = load_once(driver, base + args.path)
            loads.append(ms)
            steps += walk(driver, total)
    finally:
        driver.quit()
    print(f"{args.path} di {args.lebar}×{args.tinggi} sebagai {args.nama}: {total} slide")
    print(f"  muat pertama: slide 1 tergambar {first:.0f} ms; langkah pertama kali "
          f"p50 {statistics.median(t for t, _ in first_steps):.0f} ms, maks {max(t for t, _ in first_steps):.0f} ms")
    print(f"  {len(loads)} muat berikutnya: slide 1 tergambar p50 {statistics.median(loads):.0f} ms, "
          f"p95 {pct(loads, 0.95):.0f} ms")
    charts = [t for t, chart in steps if chart]
    print(f"  {len(steps)} langkah →: p50 {statistics.median(t for t, _ in steps):.0f} ms, "
          f"p95 {pct([t for t, _ in steps], 0.95):.0f} ms; ke slide bergrafik ({len(charts)}): "
          f"p50 {statistics.median(charts):.0f} ms, p95 {pct(charts, 0.95):.0f} ms")


if __name__ == "__main__":
    main()
