"""The chart converter: a chart's Vega-Lite specification to SVG and PNG files.

Run as a script (``python chartconvert.py``, which is how :mod:`.chartfiles`
starts it beside Sphinx), it converts each job it reads on stdin and answers on
stdout. It imports the standard library and ``vl-convert-python`` only, not the
``aigovbook`` package (pandas, Altair): a worker starts in a tenth of the time.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

PNG_SCALE = 2


def _title(spec: dict) -> str:
    title = spec.get("title", "")
    if isinstance(title, dict):
        title = title.get("text", "")
    return " ".join(title) if isinstance(title, list) else str(title)


def to_svg(spec: dict) -> str:
    """The chart as SVG with ``<title>`` and ``<desc>`` first inside ``<svg>``."""
    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(spec, vl_version="6.4")
    head = (
        f"<title>{escape(_title(spec))}</title>"
        f"<desc>{escape(str(spec.get('description', '')))}</desc>"
    )
    root = re.search(r"<svg\b[^>]*>", svg)
    if root is None:
        raise ValueError("vl-convert returned no <svg> element")
    svg = svg[: root.end()] + head + svg[root.end() :]
    # Name the image for screen readers too.
    return svg.replace("<svg ", '<svg role="img" ', 1)


def to_png(spec: dict) -> bytes:
    import vl_convert as vlc

    return vlc.vegalite_to_png(spec, vl_version="6.4", scale=PNG_SCALE)


def _write(path: Path, data: bytes) -> None:
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _convert(svg_path: Path, spec: dict) -> None:
    _write(svg_path, to_svg(spec).encode("utf-8"))
    _write(svg_path.with_suffix(".png"), to_png(spec))


def _serve() -> None:
    """The worker: convert each job read from stdin, answer each on stdout."""
    for line in sys.stdin:
        job = json.loads(line)
        answer: dict[str, str | None] = {"svg": job["svg"], "error": None}
        try:
            _convert(Path(job["svg"]), job["spec"])
        except Exception as exc:  # noqa: BLE001 - reported to the build, which fails
            answer["error"] = f"{type(exc).__name__}: {exc}"
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    _serve()
