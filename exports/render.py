"""Plotly figures to PNG or PDF with Debian's Chromium through kaleido, offline: the browser is
found on this machine (BROWSER_PATH or PATH) and handed to kaleido by path, so neither kaleido
nor choreographer ever looks for, or downloads, a browser of its own; plotly.js comes from the
plotly package and MathJax is off (both would otherwise be fetched from a CDN). One browser
session renders a whole deck (starting Chromium costs ~2,5 s, each chart ~0,2 s)."""
from __future__ import annotations

import asyncio
import copy
import os
import shutil
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

BROWSER_ENV = "BROWSER_PATH"  # the name kaleido's choreographer reads too (platform-notes.md)
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
START_TIMEOUT_S = 30  # starting Chromium and loading plotly.js
RENDER_TIMEOUT_S = 30  # one image
MAX_FIGURES = 60  # a deck is bounded (indicators/lokmin caps its slides well below this)
MAX_SESSIONS = 2  # browsers at once on this server (each is ~150 MB and a core while it draws)
WAIT_FOR_SESSION_S = 60

_sessions = threading.BoundedSemaphore(MAX_SESSIONS)


class RenderError(RuntimeError):
    """The images could not be drawn; the message is for the user (Bahasa Indonesia)."""


class BrowserMissing(RenderError):
    """No Chromium on this machine (or BROWSER_PATH names no program)."""


def browser_path(env: dict[str, str] | None = None) -> str:
    """The Chromium program to draw with: BROWSER_PATH when set (it must be an executable
    file), else the first of BROWSER_NAMES on PATH. Never a downloaded copy."""
    env = os.environ if env is None else env
    chosen = (env.get(BROWSER_ENV) or "").strip()
    if chosen:
        if Path(chosen).is_file() and os.access(chosen, os.X_OK):
            return chosen
        raise BrowserMissing(f"Peramban untuk menggambar grafik tidak ditemukan: {BROWSER_ENV}={chosen} "
                             "bukan berkas program yang dapat dijalankan. Perbaiki BROWSER_PATH atau "
                             "kosongkan agar Chromium di PATH dipakai.")
    for name in BROWSER_NAMES:
        found = shutil.which(name, path=env.get("PATH"))
        if found:
            return found
    raise BrowserMissing("Peramban Chromium tidak ditemukan, padahal diperlukan untuk menggambar grafik "
                         "PPTX/PDF. Pasang paket Debian 'chromium' (apt install chromium) atau atur "
                         f"{BROWSER_ENV} ke program Chromium/Chrome yang sudah terpasang.")


def _offline(figure: dict) -> dict:
    """A copy of `figure` that needs no network: maps on a white background (no tiles)."""
    fig = copy.deepcopy(figure)
    layout = fig.setdefault("layout", {})
    if any(str(t.get("type", "")).endswith("map") for t in fig.get("data", [])):
        layout["map"] = {**layout.get("map", {}), "style": "white-bg"}
    return fig


def render(figures: Sequence[dict], fmt: str, *, width: int, height: int, scale: float = 1) -> list[bytes]:
    """Each figure as `fmt` ('png' or 'pdf') bytes of width×height (png: × scale), in order,
    from one browser session. Raises BrowserMissing or RenderError (timeouts included)."""
    if fmt not in ("png", "pdf"):
        raise ValueError(fmt)
    if len(figures) > MAX_FIGURES:
        raise RenderError(f"Terlalu banyak grafik ({len(figures)}); paling banyak {MAX_FIGURES}.")
    if not figures:
        return []
    path = browser_path()
    if not _sessions.acquire(timeout=WAIT_FOR_SESSION_S):
        raise RenderError("Server sedang menggambar dokumen lain; coba lagi sebentar lagi.")
    try:
        with tempfile.TemporaryDirectory(prefix="lokmin-render-") as tmp:  # Chromium's profile
            opts = {"format": fmt, "width": width, "height": height, "scale": scale}
            return asyncio.run(_render_all([_offline(f) for f in figures], opts, path, tmp))
    finally:
        _sessions.release()


async def _render_all(figures: list[dict], opts: dict, path: str, tmp: str) -> list[bytes]:
    import kaleido  # imported here: it loads plotly and choreographer, ~0,3 s, only for an export
    import plotly

    plotlyjs = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    try:
        browser = kaleido.Kaleido(path=path, plotlyjs=str(plotlyjs), mathjax=False,
                                  timeout=RENDER_TIMEOUT_S, tmp_dir=tmp)
        await asyncio.wait_for(browser.open(), START_TIMEOUT_S)
    except TimeoutError as exc:
        raise RenderError(f"Chromium ({path}) tidak siap dalam {START_TIMEOUT_S} detik.") from exc
    except Exception as exc:  # noqa: BLE001 (choreographer's errors: the browser would not start)
        raise RenderError(f"Chromium ({path}) tidak dapat dijalankan: {type(exc).__name__}.") from exc
    try:
        out = []
        for fig in figures:  # one tab, in order: the machine has few cores
            try:
                out.append(await browser.calc_fig(fig, opts=opts))
            except TimeoutError as exc:
                raise RenderError(f"Satu grafik tidak selesai digambar dalam {RENDER_TIMEOUT_S} detik.") from exc
            except Exception as exc:  # noqa: BLE001 (kaleido's errors: plotly.js refused the figure)
                raise RenderError(f"Satu grafik gagal digambar: {type(exc).__name__}.") from exc
        return out
    finally:
        await browser.close()
