"""Creates the Dash app and its server; `python app.py` loads the demo when the database is empty."""
import dash

from callbacks import (  # noqa: F401  (registers callbacks)
    filters,
    iks,
    iks_download,
    map_panel,
    peta_route,
    pws,
    router,
    security,
    unggah,
)
from data_access.db import get_engine, get_info
from data_access.settings import load_settings
from layouts.components import filter_bar, page_shell

app = dash.Dash(__name__, use_pages=True, pages_folder="dashboards", compress=True,
                suppress_callback_exceptions=True, title="Dasbor Puskesmas · PWS · ILP · IKS",
                update_title=None)
server = app.server
# gzip level 3 instead of 6: a kabupaten's cascade (120 KB of JSON) compresses in 0,9 ms
# instead of 2,1 ms, ~15% larger; browsers on HTTPS get brotli or zstd anyway
server.config["COMPRESS_LEVEL"] = 3
peta_route.register(server)


def serve_layout():
    with get_engine().connect() as conn:
        demo = get_info(conn, "data_demo") == "1"
    return page_shell(filter_bar(), demo)


app.layout = serve_layout
# the CSP allows exactly Dash's inline scripts, by hash
security.register(server, app.csp_hashes, lambda: app.callback_map)
unggah.remove_expired_uploads()

if __name__ == "__main__":
    from demo.load import load_demo_if_empty

    settings = load_settings()
    load_demo_if_empty(get_engine())
    print(f"Dasbor berjalan di http://{settings.host}:{settings.port}/iks")
    app.run(host=settings.host, port=settings.port, debug=settings.debug)
