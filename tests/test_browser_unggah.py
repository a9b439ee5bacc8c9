"""The upload page in headless Chromium: a good file is checked, confirmed and imported with
progress and a log entry; a bad one is refused with its row and column, nothing imported."""
from __future__ import annotations

import os

import pytest

from tests.browser import browser_missing, select_option, severe_errors, wait_text

pytestmark = pytest.mark.browser

if (reason := browser_missing()) and not os.environ.get("REQUIRE_BROWSER"):
    pytest.skip(reason, allow_module_level=True)

HEADER = ("kode_desa,id_keluarga,tanggal_kunjungan,kb,persalinan_faskes,imunisasi_dasar,asi_eksklusif,"
          "pemantauan_pertumbuhan,tb_berobat,hipertensi_berobat,gangguan_jiwa_berobat,tidak_merokok,"
          "jkn,air_bersih,jamban_sehat\n")


def upload(driver, path):
    field = driver.find_element("css selector", "#unggah-upload input[type=file]")
    field.send_keys(str(path))


def test_good_file_is_checked_confirmed_and_logged(app_server, driver, tmp_path):
    good = tmp_path / "kunjungan-uji.csv"
    good.write_text(HEADER + "99.01.01.2001,KUJI0000000001,15/06/2026,Y,N,N,N,N,N,N,N,Y,Y,Y,Y\n"
                    "9901012001,KUJI0000000002,2026-06-16,y,n,n,n,n,n,n,n,t,y,y,y\n", encoding="utf-8")
    driver.get(app_server.url + "/unggah")
    wait_text(driver, ".page-title", "Unggah Data")
    assert not driver.find_element("id", "filter-bar").is_displayed()  # no wilayah filter here
    select_option(driver, "unggah-dataset", "Kunjungan keluarga PIS-PK")
    upload(driver, good)
    wait_text(driver, "#unggah-report", "lolos pemeriksaan")
    assert "2 baris" in driver.find_element("id", "unggah-report").text
    assert "KUJI0000000001" in driver.find_element("id", "unggah-preview").text
    confirm = driver.find_element("id", "unggah-confirm")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", confirm)
    # (Bootstrap makes scrolling smooth: without 'instant' the click lands mid-animation)
    confirm.click()
    wait_text(driver, "#unggah-progress", "ditambah", timeout=60)
    log = wait_text(driver, "#unggah-log", "kunjungan-uji.csv")
    assert "berhasil" in log
    assert severe_errors(driver) == []


def test_bad_file_names_row_and_column_and_imports_nothing(app_server, driver, tmp_path):
    bad = tmp_path / "kunjungan-salah.csv"
    bad.write_text(HEADER + "99.01.01.2001,KUJI0000000003,31/02/2025,X,N,N,N,N,N,N,N,Y,Y,Y,Y\n",
                   encoding="utf-8")
    driver.get(app_server.url + "/unggah")
    wait_text(driver, ".page-title", "Unggah Data")
    select_option(driver, "unggah-dataset", "Kunjungan keluarga PIS-PK")
    upload(driver, bad)
    report = wait_text(driver, "#unggah-report", "ditolak")
    assert "baris 2, kolom tanggal_kunjungan" in report
    assert "baris 2, kolom kb" in report
    assert driver.find_element("id", "unggah-confirm").get_attribute("disabled") is not None


def test_file_over_the_limit_is_refused_naming_the_limit(app_server, driver, tmp_path):
    big = tmp_path / "besar.csv"
    with open(big, "wb") as f:
        f.truncate(51 * 1024 * 1024)
    driver.get(app_server.url + "/unggah")
    wait_text(driver, ".page-title", "Unggah Data")
    upload(driver, big)
    note = wait_text(driver, "#unggah-size-note", "ditolak")
    assert "50 MB" in note and "python cli.py import" in note


def test_an_admin_is_offered_wilayah_and_sees_who_imported(app_server, driver):
    driver.get(app_server.url + "/unggah")
    wait_text(driver, ".page-title", "Unggah Data")
    select_option(driver, "unggah-dataset", "Wilayah (provinsi sampai desa)")  # offered by a callback
    wait_text(driver, "#unggah-dataset-help", "Kunci alami: kode_desa.")
    assert "Pengguna" in wait_text(driver, "#unggah-log", "Jenis data")


def test_a_puskesmas_pengelola_is_not_offered_wilayah(app_server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.browser import make_driver

    driver = make_driver(1366, 768, login_to=app_server.url, nama="puskesmas")
    try:
        driver.get(app_server.url + "/unggah")
        wait_text(driver, ".page-title", "Unggah Data")
        wait_text(driver, "#unggah-log", "Pengguna")
        driver.find_element("id", "unggah-dataset").click()
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[role=option]"))
        listed = [o.text for o in driver.find_elements(By.CSS_SELECTOR, "[role=option]")]
        assert "Register layanan bulanan" in listed
        assert "Wilayah (provinsi sampai desa)" not in listed and "Batas desa (peta)" not in listed
        assert severe_errors(driver) == []
    finally:
        driver.quit()
