"""SVG and PNG files of every chart, for slides, linked from the chart's caption.

Called by ``aigovbook.sphinxext`` for every HTML page Sphinx writes: each
chart output of :mod:`aigovbook.chartrender` on the page is converted with
``vl-convert-python`` (pinned in requirements.txt; the Vega-Lite compiler and
Vega renderer compiled into it, no browser, no Node.js) into

* ``_downloads/charts/<page>--<figure or chart-N>.svg``: vector, its text as
  text, with the chart's title as ``<title>`` and its description (the text
  alternative every chart must have) as ``<desc>``;
* ``… .png``: 2x raster for slide software that cannot read SVG.

Both carry the chart's source line, because ``charts.finalize`` puts it in the
chart's subtitle, which is drawn as part of the chart. The links go into the
figure caption (or, for a chart outside a figure, just under it). The files
are written only when their bytes change.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from xml.sax.saxutils import escape

from .chartrender import CHART_CLASS

DOWNLOAD_DIR = Path("_downloads") / "charts"
PNG_SCALE = 2
LINKS_CLASS = "chart-downloads"

_CHART = re.compile(
    r'<div id="(?P<id>altair-viz-[0-9a-f]{32})" class="' + CHART_CLASS + r'"></div>\s*'
    r'<script type="text/javascript">(?P<script>.*?)</script>',
    re.DOTALL,
)
_FIGURE_OPEN = re.compile(r'<figure\b[^>]*\bid="(?P<id>[^"]+)"[^>]*>')
_CAPTION_END = re.compile(r"(</p>\s*</figcaption>)")


def chart_spec(script: str) -> dict:
    """The Vega-Lite spec passed to a chart output's script."""
    start = script.index("})(") + 3
    spec, _ = json.JSONDecoder().raw_decode(script[start:])
    return spec


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


def add_downloads(body: str, pagename: str, outdir: Path, url_for) -> str:
    """Write the files of every chart in ``body``; return ``body`` with links to them.

    ``url_for(path)`` turns a path from the site root into a link from this
    page (Sphinx's ``pathto(path, 1)``).
    """
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", pagename).strip("-")
    out = []
    pos = 0
    used: set[str] = set()
    for n, match in enumerate(_CHART.finditer(body), start=1):
        before = body[: match.start()]
        figure = None
        opened = list(_FIGURE_OPEN.finditer(before))
        if opened and "</figure>" not in before[opened[-1].end() :]:
            figure = opened[-1].group("id")
        spec = chart_spec(match.group("script"))
        stem = f"{slug}--{figure or f'chart-{n}'}"
        if stem in used:
            stem = f"{stem}-{n}"
        used.add(stem)
        svg_path = outdir / DOWNLOAD_DIR / f"{stem}.svg"
        _write(svg_path, to_svg(spec).encode("utf-8"))
        _write(svg_path.with_suffix(".png"), to_png(spec))
        svg_url = url_for(f"{DOWNLOAD_DIR.as_posix()}/{stem}.svg")
        png_url = url_for(f"{DOWNLOAD_DIR.as_posix()}/{stem}.png")
        label = html.escape(_title(spec) or "this chart", quote=True)
        links = (
            f'<span class="{LINKS_CLASS}">Download the chart: '
            f'<a href="{svg_url}" download aria-label="SVG file of {label}">SVG</a> · '
            f'<a href="{png_url}" download aria-label="PNG file of {label}">PNG</a></span>'
        )
        end = _CAPTION_END.search(body, match.end()) if figure else None
        if end is not None and "</figure>" not in body[match.end() : end.start()]:
            out.append(body[pos : end.start()])
            out.append(" " + links)
            pos = end.start()
        else:
            out.append(body[pos : match.end()])
            out.append(f'<p class="{LINKS_CLASS}-para">{links}</p>')
            pos = match.end()
    out.append(body[pos:])
    return "".join(out)
