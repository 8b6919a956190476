"""Read a Vega-Lite spec: its views and their encodings."""

from __future__ import annotations


def layers(spec: dict) -> list[dict]:
    """Every unit view of a Vega-Lite spec (layers, concatenations, facets), depth first."""
    found = [spec] if "mark" in spec else []
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for part in spec.get(key, []):
            found += layers(part)
    if "spec" in spec:
        found += layers(spec["spec"])
    return found


def encodings(spec: dict) -> set[tuple[str, str, str]]:
    """``(channel, field, type)`` for every field encoding in ``spec``'s views."""
    out = set()
    for view in layers(spec):
        for channel, enc in view.get("encoding", {}).items():
            for item in enc if isinstance(enc, list) else [enc]:
                if isinstance(item, dict) and "field" in item:
                    out.add((channel, item["field"], item.get("type", "")))
    return out
