"""gunicorn's settings for serving the app (`gunicorn app:server`, read from this file by default)."""
import multiprocessing
import os

# Workers: WEB_CONCURRENCY (gunicorn's own variable) or the number of cores + 1: 3 on 2 cores.
# The callbacks are CPU-bound (pandas, numpy, figure building) and hold the GIL, so workers are
# what uses the cores; the one spare keeps pages answering while another worker builds a
# lokakarya deck or a large export. Each worker holds the app (about 170 MB at start, see the
# README): more workers than this buys little on 2 cores and costs memory.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() + 1)
# Threads per worker: the time a request spends waiting (on PostgreSQL, on SQLite's lock, on a
# slow client) is lent to the other requests of the same worker.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS") or 4)

# Loopback by default: the reverse proxy (nginx, see the README) is what the network sees.
bind = os.environ.get("GUNICORN_BIND") or f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8050')}"

# A gthread worker that sends no heartbeat for `timeout` seconds is killed and replaced; its
# heartbeat runs beside the request threads, so this limits a hung worker, not a long request
# (a deck as PDF takes seconds). Stopping or reloading, a worker gets `graceful_timeout` to finish
# what it is answering.
timeout = 60
graceful_timeout = 30
keepalive = 5  # seconds an idle connection from the proxy is kept

# No preload: each worker imports the app itself, after the fork. What the app opens while it
# is imported (database connection pools, SQLite files, the background-job store) then belongs
# to one process only: a connection inherited across a fork is shared by two processes, which
# SQLite and PostgreSQL connections do not survive. It costs each worker its own start (3 s,
# in parallel) and its own memory, and lets `kill -HUP` load new code without dropping a
# request. What must happen once (the schema migration) is done by the master (on_starting).
preload_app = False

# Access log on stdout: the address the proxy saw, the time taken (%(M)s ms) and which worker answered.
accesslog = "-"
access_log_format = '%({x-forwarded-for}i)s %(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms %(p)s "%(a)s"'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# gunicorn's control socket (for `gunicornc`) is one path per user ($HOME/.gunicorn/gunicorn.ctl):
# a second server on the machine (a test, a second province) would take it over. Signals do the
# same (HUP reload, TTIN/TTOU a worker more/less, TERM stop).
control_socket_disable = True


def on_starting(server):
    """In the master, before any worker: bring the schema up to date once (workers started
    together would otherwise migrate an old database at the same time) and make the session
    key file (every worker must sign sessions with the same key: see data_access.settings)."""
    from data_access.db import dispose_engines, get_engine
    from data_access.settings import load_settings, secret_key

    secret_key(load_settings())
    get_engine()  # migrates (data_access.migrations.upgrade)
    dispose_engines()  # no connection of the master is inherited by a worker


def post_worker_init(worker):
    """Warm the worker before it takes traffic: Dash fills its callback map on its first
    request and marks itself set up before it has done so, so concurrent first requests to a
    fresh worker got "Callback function not found". One request here (the login page) runs
    that set-up alone."""
    from data_access.cache import shared_client

    if hasattr(worker.wsgi, "test_client"):  # (not gunicorn's error app, after a failed import)
        response = worker.wsgi.test_client().get("/masuk")
        cache = "Redis (bersama)" if shared_client() is not None else "per proses"
        worker.log.info("pekerja %s siap (halaman masuk: %s; tembolok hasil: %s)", worker.pid,
                        response.status_code, cache)


def worker_exit(server, worker):
    """A worker stopping (a reload, a stop, too many requests) first writes the audit rows it
    still holds: rows of downloads made while an import held SQLite's write lock
    (data_access.audit_queue; atexit does the same, this says so in the log)."""
    from data_access import audit_queue

    left = audit_queue.pending()
    if left:
        worker.log.info("pekerja %s menulis %d baris jejak audit yang tertunda", worker.pid, left)
        if not audit_queue.flush(graceful_timeout - 5):
            worker.log.error("pekerja %s berhenti dengan %d baris jejak audit belum tertulis",
                             worker.pid, audit_queue.pending())
