"""The app as the load test serves it (benchmarks/load.py: `gunicorn benchmarks.load_app:server`):
the app itself plus a Dash callback that does nothing, the yardstick its figures are set against."""
from app import app, server  # noqa: F401 - gunicorn serves `server`
from benchmarks.dash_client import add_trivial_callback

add_trivial_callback()
