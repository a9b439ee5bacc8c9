"""Posting to a Dash app's callbacks the way its renderer does, for the benchmarks (a
callback's server time measured through Flask's test client)."""
from __future__ import annotations

import json


def concrete(raw_id: str, keys: dict):
    """A dependency's id with MATCH replaced by this page's key ('{"page":["MATCH"],…}')."""
    if not raw_id.startswith("{"):
        return raw_id
    parsed = json.loads(raw_id)
    return {k: (keys[k] if v == ["MATCH"] else v) for k, v in parsed.items()}


def payload(dep: dict, values: dict, keys: dict | None = None) -> dict:
    """The body the Dash renderer posts for callback `dep` with these input/state values
    (values keyed by 'type.property' for dict ids, 'id.property' otherwise; `keys` fills
    the MATCH wildcards of dict ids)."""
    keys = keys or {}
    def key_of(raw_id, prop):
        parsed = concrete(raw_id, keys)
        return f"{parsed['type'] if isinstance(parsed, dict) else parsed}.{prop}"

    def props(items):
        return [{"id": concrete(i["id"], keys), "property": i["property"],
                 "value": values.get(key_of(i["id"], i["property"]))} for i in items]
    text = dep["output"]
    many = text.startswith("..")
    parts = text.strip(".").split("...") if many else [text]
    outputs = []
    for part in parts:
        raw, prop = part.rsplit(".", 1)
        outputs.append({"id": concrete(raw, keys), "property": prop.split("@")[0]})
    first = dep["inputs"][0]
    changed = (json.dumps(concrete(first["id"], keys), separators=(",", ":"))
               if first["id"].startswith("{") else first["id"])
    return {
        "output": text,
        "outputs": outputs if many else outputs[0],
        "inputs": props(dep["inputs"]),
        "changedPropIds": [f"{changed}.{first['property']}"],
        "state": props(dep.get("state", [])),
    }
