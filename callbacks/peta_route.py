"""The geometry route: an area's child outlines as GeoJSON, fetched once by the browser
and cached (the URL carries the boundary version, so a new import is fetched anew)."""
from __future__ import annotations

from flask import Flask, Response, abort

from callbacks.common import connect, viewer_scope
from data_access.peta import child_outlines
from data_access.wilayah import resolve_area
from domain.codes import Level
from domain.wilayah import WilayahError
from geo.browser import feature_collection


def register(server: Flask) -> None:
    @server.route("/peta/<level>/<kode>.json")
    def peta(level: str, kode: str):
        if level not in Level._value2member_map_ or len(kode) > 40:
            abort(404)
        lv = Level(level)
        with connect() as conn:
            try:
                area = resolve_area(conn, viewer_scope(), lv, None if lv == Level.NASIONAL else kode)
            except WilayahError:
                abort(404)
            rows = child_outlines(conn, viewer_scope(), area)
        response = Response(feature_collection(rows), mimetype="application/json")
        response.headers["Cache-Control"] = "private, max-age=86400"
        return response
