"""Every chart and map is drawn with the one graph config, and that config talks to no one."""
from __future__ import annotations

import ast
from pathlib import Path

from layouts.graph_config import graph_config, map_config

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("layouts", "dashboards", "callbacks", "figures", "demo")


def test_no_chart_or_map_offers_to_upload_itself_to_plotly_cloud():
    for config in (graph_config("pws"), map_config("iks")):
        assert config["showSendToCloud"] is False
        assert config["displaylogo"] is False
        assert config["plotlyServerURL"] == ""
        assert "sendChartToCloud" in config["modeBarButtonsToRemove"]


def test_every_dcc_graph_is_made_with_a_config_from_graph_config():
    graphs = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and ast.unparse(node.func) in ("dcc.Graph", "Graph"):
                    graphs.append((path.name, {k.arg for k in node.keywords}))
    assert graphs
    assert [name for name, keywords in graphs if "config" not in keywords] == []
    # and the configs passed are the ones built here
    users = {p.name for package in PACKAGES for p in (ROOT / package).rglob("*.py")
             if "dcc.Graph(" in p.read_text(encoding="utf-8")}
    builders = {p.name for package in PACKAGES for p in (ROOT / package).rglob("*.py")
                if "graph_config(" in p.read_text(encoding="utf-8") or "map_config(" in p.read_text(encoding="utf-8")}
    assert users <= builders
