"""Creates the Dash app and its server; `python app.py` loads the demo when the database is empty."""
import dash

from callbacks import (  # noqa: F401  (registers callbacks)
    admin,
    auth,
    filters,
    grid,
    iks,
    iks_download,
    k1_kegiatan,
    k1_keuangan,
    k1_obat,
    k1_sarpras,
    k1_sdm,
    kd_kelengkapan,
    kd_kunjungan_rumah,
    kd_pencilan,
    kd_rekonsiliasi,
    klaster_1,
    kualitas,
    kunjungan,
    lokmin,
    lokmin_unduh,
    map_panel,
    morbiditas,
    peta_route,
    pws,
    router,
    rtl,
    sections,
    security,
    skor,
    unggah,
)
from callbacks.common import current_viewer
from data_access.db import get_engine, get_info
from data_access.kelengkapan import ensure_current as ensure_kelengkapan_current
from data_access.settings import load_settings
from demo.load import ensure_demo_accounts
from layouts.components import filter_bar, page_shell

app = dash.Dash(__name__, use_pages=True, pages_folder="dashboards", compress=True,
                suppress_callback_exceptions=True, title="Dasbor Puskesmas · PWS · ILP · IKS",
                update_title=None)
server = app.server
# Plotly (1,4 MB) is fetched when the first chart mounts, half a second into the page; ask for
# it with the page instead, so it arrives while the first callbacks run
PLOTLY_JS = app.config.requests_pathname_prefix + "_dash-component-suites/plotly/package_data/plotly.min.js"
app.index_string = app.index_string.replace(
    "{%css%}", f'{{%css%}}\n        <link rel="preload" href="{PLOTLY_JS}" as="script">', 1)
# gzip level 3 instead of 6: a kabupaten's cascade (120 KB of JSON) compresses in 0,9 ms
# instead of 2,1 ms, ~15% larger; browsers on HTTPS get brotli or zstd anyway
server.config["COMPRESS_LEVEL"] = 3
# the login gate first: a request without a signed-in user is refused before anything else runs
auth.register(server, load_settings())
peta_route.register(server)


def serve_layout():
    """The page shell for the signed-in viewer (the gate refuses the layout to anyone else;
    Dash itself calls this once without a viewer, to check the layout at its first request)."""
    with get_engine().connect() as conn:
        demo = get_info(conn, "data_demo") == "1"
    return page_shell(filter_bar(), demo, current_viewer(), auth.csrf_token())


app.layout = serve_layout
# the CSP allows exactly Dash's inline scripts, by hash
security.register(server, app.csp_hashes, lambda: app.callback_map)
unggah.remove_expired_uploads()
ensure_demo_accounts(get_engine())
ensure_kelengkapan_current(get_engine())  # the completeness counts follow BATAS_LAPORAN_HARI

if __name__ == "__main__":
    from demo.load import load_demo_if_empty

    settings = load_settings()
    load_demo_if_empty(get_engine())
    print(f"Dasbor berjalan di http://{settings.host}:{settings.port}/ (masuk dengan akun di halaman itu)")
    app.run(host=settings.host, port=settings.port, debug=settings.debug)
