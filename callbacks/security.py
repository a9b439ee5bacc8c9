"""Security on the Flask server: headers on every response (a Content-Security-Policy that
allows only the app's own assets) and a request size limit checked before a body is read."""
from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import Flask, Response, abort, request

from layouts.ids import MAX_UPLOAD_BYTES

# The upload page's file travels inside one JSON callback request as a base64 data URL:
# 4/3 of the file, plus the data-URL prefix, the filename and Dash's own fields (a few KB).
# One MiB of room above that lets a legitimate 50 MB file through; anything bigger gets 413.
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES * 4 // 3 + 1024 * 1024

DASH_UPDATE = "/_dash-update-component"
PAGES_ROUTER = "_pages_content."  # the output of Dash Pages' own (unused) router

# Why each source is allowed (checked in headless Chromium: no page logs a violation):
# - script-src 'self' and the hash of Dash's one inline script (`new DashRenderer()`); the
#   clientside callback lives in assets/peta.js, so neither 'unsafe-inline' nor 'unsafe-eval'
# - style-src 'unsafe-inline': Dash components and plotly.js set style attributes and
#   insert <style> elements at run time
# - img-src data: blob:: plotly's mode-bar icons and "download as PNG"; worker-src blob::
#   MapLibre starts its web workers from blob URLs
# - connect-src 'self': callbacks and /peta/ outlines only; no tiles, fonts or CDNs
DIRECTIVES = {
    "default-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "worker-src": "'self' blob:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


ERRORS = {
    400: "Permintaan tidak sah.",
    403: "Anda tidak berhak membuka ini.",
    404: "Tidak ditemukan.",
    405: "Cara permintaan ini tidak diterima di alamat ini.",
    413: "Permintaan terlalu besar.",
}


def _plain_error(code: int, message: str):
    def handle(_error):
        return Response(message, status=code, mimetype="text/plain")
    return handle


def content_security_policy(script_hashes: Iterable[str] = ()) -> str:
    script_src = " ".join(["'self'", *script_hashes])
    return "; ".join(f"{name} {value}" for name, value in
                     {"script-src": script_src, **DIRECTIVES}.items())


def _is_prop(item) -> bool:
    return isinstance(item, dict) and "id" in item and isinstance(item.get("property"), str)


def _matches(sent, count: int) -> bool:
    """`count` props, each one a prop or (a pattern-matching ALL) a list of props."""
    return (isinstance(sent, list) and len(sent) == count
            and all(_is_prop(s) or (isinstance(s, list) and all(map(_is_prop, s))) for s in sent))


def malformed(body, callbacks: dict) -> bool:
    """Whether a /_dash-update-component body cannot be one that Dash's renderer sends for a
    callback of `callbacks` (Dash's callback map): the shape only, never the values, which
    the callbacks validate themselves (callbacks/inputs.py). An empty map (Dash not set up
    yet) checks nothing."""
    if not callbacks:
        return False
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        return True
    spec = callbacks.get(body["output"])
    if spec is None:
        return True
    if not _matches(body.get("inputs"), len(spec["inputs"])) or \
            not _matches(body.get("state", []), len(spec.get("state", []))):
        return True
    if spec.get("no_output"):
        return False
    output = body["output"]
    outputs = body.get("outputs")
    if output.startswith(".."):  # several outputs: "..a.children...b.style.."
        return not _matches(outputs, len(output.strip(".").split("...")))
    return not (_is_prop(outputs) or (isinstance(outputs, list) and all(map(_is_prop, outputs))))


def register(server: Flask, script_hashes: Callable[[], Iterable[str]] = tuple,
             callback_map: Callable[[], dict] = dict) -> None:
    """Give `server` the headers, the size limit and the screening of callback requests.
    `callback_map` returns Dash's callback map (filled when Dash sets itself up on the first
    request, before this check runs). `script_hashes` is `app.csp_hashes`,
    called once at the first response: Dash adds the inline script of its pages' title
    callback while it sets itself up on the first request, after app.py has run."""
    headers: dict[str, str] = {}

    def security_headers() -> dict[str, str]:
        if not headers:
            headers.update({
                "Content-Security-Policy": content_security_policy(script_hashes()),
                "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "same-origin",
                "X-Frame-Options": "DENY",
            })
        return headers
    # werkzeug also stops a body without Content-Length (chunked) once it passes the limit
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES

    @server.before_request
    def refuse_oversized_body():
        # checked before any view runs, so an oversized body is never read into memory
        if request.content_length is not None and request.content_length > MAX_REQUEST_BYTES:
            abort(413)

    @server.before_request
    def screen_callback_requests():
        if request.method != "POST" or not request.path.endswith(DASH_UPDATE):
            return None
        body = request.get_json(silent=True)  # parsed once: Dash reads the same cache
        # use_pages=True registers Dash's own router on _pages_location/_pages_content, which
        # this app never renders (callbacks/router.py routes on the path alone); anyone can
        # still post to it, and its own parsing raises on a non-string search (HTTP 500).
        # Nothing of ours listens there: answer "no update" before Dash runs it.
        if isinstance(body, dict) and PAGES_ROUTER in str(body.get("output", ""))[:500]:
            return Response(status=204)
        # a body that Dash's renderer cannot have sent (too few outputs or inputs, an unknown
        # output) makes Dash itself raise before any callback of ours runs: a client error
        if malformed(body, callback_map()):
            return Response("Permintaan callback tidak sah.", status=400, mimetype="text/plain")
        return None

    # Flask's own error pages are English HTML naming the URL; these say it in Bahasa Indonesia
    for code, message in ERRORS.items():
        server.register_error_handler(code, _plain_error(code, message))

    @server.after_request
    def add_security_headers(response):
        for name, value in security_headers().items():
            response.headers.setdefault(name, value)
        return response
