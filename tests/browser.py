"""Headless Chromium (Debian's chromium + chromedriver) and a served app, for browser tests
and for screenshots while developing (`python -m tests.browser URL OUT.png [WIDTH HEIGHT]`)."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from domain.access import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def browser_missing() -> str | None:
    """Why a browser test cannot run here, or None."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not Path(path).exists():
            return f"{path} tidak ada: pasang paket Debian chromium dan chromium-driver"
    return None


def login(driver, base_url: str, nama: str = "admin", sandi: str = DEMO_PASSWORD, next_path: str = "/"):
    """Sign in through the login page as a person does (a demo account by default)."""
    from urllib.parse import quote

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(f"{base_url}/masuk?next={quote(next_path)}")
    driver.find_element(By.ID, "nama").send_keys(nama)
    driver.find_element(By.ID, "sandi").send_keys(sandi)
    driver.find_element(By.CSS_SELECTOR, "form.login-card button[type=submit]").click()
    WebDriverWait(driver, 20).until(lambda d: "/masuk" not in d.current_url)
    return driver


def make_driver(width: int = 1366, height: int = 768, login_to: str | None = None, nama: str = "admin"):
    """A headless Chromium window; signed in to the app at `login_to` as `nama` if given."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                 "--enable-unsafe-swiftshader",  # software WebGL for the MapLibre map
                 f"--window-size={width},{height}", "--lang=id-ID"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_window_size(width, height)
    if login_to:
        try:
            login(driver, login_to, nama)
        except BaseException:
            driver.quit()  # no Chromium left running behind a failed login
            raise
    return driver


def fetch_json(driver, url: str):
    """GET `url` with the browser's session (its cookies), as the page's own fetches are:
    the app's routes answer 401 without one."""
    import json

    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookies}), timeout=30) as r:
        return json.loads(r.read())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """`python app.py` in a subprocess on a free loopback port, with its own environment."""

    def __init__(self, env: dict[str, str]):
        self.port = free_port()
        self.env = {**os.environ, **env, "HOST": "127.0.0.1", "PORT": str(self.port)}
        self.proc: subprocess.Popen | None = None
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> AppServer:
        self.log = open(Path(self.env.get("DATA_DIR", "/tmp")) / "app.log", "w")
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=ROOT,
                                     env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"app.py berhenti (kode {self.proc.returncode}); lihat {self.log.name}")
            try:
                urllib.request.urlopen(self.url + "/masuk", timeout=2)
                return self
            except urllib.error.HTTPError as exc:
                raise RuntimeError(f"app.py menjawab {exc.code}; lihat {self.log.name}") from exc
            except OSError:
                time.sleep(0.5)
        raise TimeoutError("app.py tidak menjawab dalam 240 detik")

    def __exit__(self, *exc) -> None:
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=20)
        self.log.close()


def wait_text(driver, css, text, timeout=30):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(
        lambda d: text in " ".join(e.text for e in d.find_elements(By.CSS_SELECTOR, css)))
    return driver.find_element(By.CSS_SELECTOR, css).text


def show_lazy_section(driver, name: str, timeout: float = 60):
    """Scroll a Dashboard Utama section that loads when it comes on screen (assets/lazy.js)
    into view, as a person scrolling down does, and wait until its layout is in."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(lambda d: d.execute_script(
        "const e = document.getElementById(arguments[0]);"
        "if (!e) { return false; }"
        "e.scrollIntoView({block: 'start', behavior: 'instant'});"
        "return document.getElementById(arguments[1]) !== null;", f"utama-{name}-muat", f"utama-{name}"))


def severe_errors(driver):
    return [e["message"] for e in driver.get_log("browser")
            if e["level"] == "SEVERE" and "favicon" not in e["message"]]


def select_option(driver, dropdown_id, label):
    """Choose in a dcc.Dropdown the way a person does: open it, type, click the option."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    # by JavaScript: a dict id's DOM id is JSON, which a CSS [id="…"] selector cannot quote
    element = driver.execute_script("const e = document.getElementById(arguments[0]);"
                                    "e.scrollIntoView({block: 'center', behavior: 'instant'});"
                                    "return e;", dropdown_id)
    element.click()
    search = driver.switch_to.active_element
    if search.tag_name == "input":
        search.send_keys(label)

    def option(d):
        found = [o for o in d.find_elements(By.CSS_SELECTOR, "[role=option]") if o.text.strip() == label]
        return found[0] if found else False

    WebDriverWait(driver, 10).until(option).click()
    # make sure the list is closed: while open it locks the page's scrolling and pointer
    WebDriverWait(driver, 5).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "[role=option]")
                                   or d.switch_to.active_element.send_keys(Keys.ESCAPE))


def screenshot(url: str, out: str, width: int = 1366, height: int = 768, wait: float = 4.0,
               full: bool = True) -> None:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    driver = make_driver(width, height, login_to=f"{parts.scheme}://{parts.netloc}")
    try:
        driver.get(url)
        time.sleep(wait)
        if full:
            h = driver.execute_script("return document.body.scrollHeight")
            driver.set_window_size(width, max(height, min(h, 4000)))
            time.sleep(0.5)
        driver.save_screenshot(out)
        for entry in driver.get_log("browser"):
            print(entry["level"], entry["message"][:300])
    finally:
        driver.quit()


if __name__ == "__main__":
    url, out = sys.argv[1], sys.argv[2]
    w, h = (int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) > 4 else (1366, 768)
    screenshot(url, out, w, h, full="--viewport" not in sys.argv)
