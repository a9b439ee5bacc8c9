"""Posting to the app's callbacks the way Dash's renderer does (the body of
/_dash-update-component), with any values and any keys in the wildcard ids: what the fuzz
test replays. The same idea as benchmarks/dash_client.py, which also fills ALL wildcards."""
from __future__ import annotations

import json

WILDCARDS = (["MATCH"], ["ALL"], ["ALLSMALLER"])


def parse_id(raw_id: str):
    """A dependency's id as /_dash-dependencies gives it: a string, or a dict id in JSON."""
    return json.loads(raw_id) if raw_id.startswith("{") else raw_id


def is_multi(raw_id: str) -> bool:
    """Whether the id matches many components (ALL, ALLSMALLER): its value is a list."""
    parsed = parse_id(raw_id)
    return isinstance(parsed, dict) and any(v in (["ALL"], ["ALLSMALLER"]) for v in parsed.values())


def wildcard_keys(dep: dict) -> set[str]:
    """The keys of the callback's dict ids that hold a wildcard."""
    keys = set()
    for raw in [*_output_ids(dep), *(i["id"] for i in dep["inputs"] + dep.get("state", []))]:
        parsed = parse_id(raw)
        if isinstance(parsed, dict):
            keys |= {k for k, v in parsed.items() if v in WILDCARDS}
    return keys


def _output_ids(dep: dict) -> list[str]:
    return [part.rsplit(".", 1)[0] for part in _output_parts(dep["output"])]


def _output_parts(text: str) -> list[str]:
    return text.strip(".").split("...") if text.startswith("..") else [text]


def concrete(raw_id: str, match: dict, each: dict | None = None):
    """The id with MATCH filled from `match` and ALL/ALLSMALLER from `each`."""
    parsed = parse_id(raw_id)
    if not isinstance(parsed, dict):
        return parsed
    each = each or {}
    return {k: (match.get(k) if v == ["MATCH"] else each.get(k) if v in WILDCARDS else v)
            for k, v in parsed.items()}


def body(dep: dict, values: list, match: dict | None = None, many: list[dict] | None = None) -> dict:
    """The body for callback `dep`: `values` holds one value per input and then per state
    (for an ALL input, a list with one value per component in `many`); `match` fills MATCH,
    `many` lists the wildcard keys of each component an ALL id stands for."""
    match, many = match or {}, many or []
    items = dep["inputs"] + dep.get("state", [])
    props = []
    for item, value in zip(items, values):
        if is_multi(item["id"]):
            listed = value if isinstance(value, list) else [value] * len(many)
            props.append([{"id": concrete(item["id"], match, each), "property": item["property"], "value": v}
                          for each, v in zip(many, listed)])
        else:
            props.append({"id": concrete(item["id"], match), "property": item["property"], "value": value})
    outputs = []
    for part in _output_parts(dep["output"]):
        raw, prop = part.rsplit(".", 1)
        prop = prop.split("@")[0]
        if is_multi(raw):
            outputs.append([{"id": concrete(raw, match, each), "property": prop} for each in many])
        else:
            outputs.append({"id": concrete(raw, match), "property": prop})
    inputs, state = props[: len(dep["inputs"])], props[len(dep["inputs"]):]
    first = inputs[0][0] if isinstance(inputs[0], list) and inputs[0] else inputs[0]
    changed = [] if isinstance(first, list) else [f"{_id_text(first['id'])}.{first['property']}"]
    return {
        "output": dep["output"],
        "outputs": outputs if dep["output"].startswith("..") else outputs[0],
        "inputs": inputs,
        "changedPropIds": changed,
        "state": state,
    }


def _id_text(component_id) -> str:
    """A dict id as the renderer writes it in changedPropIds (keys sorted, no spaces)."""
    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return str(component_id)
