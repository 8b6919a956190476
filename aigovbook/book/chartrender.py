"""The book's Altair renderer: charts drawn without any CDN, in JupyterLab and in the book.

In a notebook a chart output is its Vega-Lite specification under the v5 mimetype (no HTML
part), which JupyterLab, Notebook 7 and VS Code draw with their own Vega, offline and in an
untrusted notebook. In the built book :class:`BookCharts` (a myst-nb mime renderer, an entry
point in ``pyproject.toml``) turns it into HTML that calls the page's ``vegaEmbed``, whose
scripts :mod:`aigovbook.book.chartscripts` adds. Charts are drawn as SVG, so their text
stays text. The chart ``<div>`` carries :data:`CHART_CLASS` and an id that is a digest.
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

import altair as alt

from .chartmarkup import CHART_CLASS

NAME = "aigovbook"
# The mimetype JupyterLab, Notebook 7 and VS Code draw with their own Vega.
LAB_MIMETYPE = "application/vnd.vegalite.v5+json"
LAB_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
# The exact versions the book vendors (package-lock.json, _widgets/vega/; a
# test keeps them equal); the book's pages draw with these.
VEGA_VERSIONS = {"vega": "6.4.0", "vega-lite": "6.4.1", "vega-embed": "7.3.0"}
BOOK_SCHEMA = f"https://vega.github.io/schema/vega-lite/v{VEGA_VERSIONS['vega-lite']}.json"
DEFAULT_EMBED_OPTIONS: dict[str, Any] = {"renderer": "svg"}

_TEMPLATE = """\
<style>
  #{id}.vega-embed {{ width: 100%; display: flex; }}
</style>
<div id="{id}" class="{cls}"></div>
<script type="text/javascript">
(function (spec, embedOpt, id) {{
  var el = document.currentScript && document.currentScript.previousElementSibling;
  if (!el || !el.classList.contains("{cls}")) el = document.getElementById(id);
  if (!el) {{ console.error("chart container " + id + " not found"); return; }}
  function fail(err) {{
    el.textContent = "This chart could not be drawn: " + err;
    console.error(err);
  }}
  if (typeof window.vegaEmbed !== "function") {{
    fail(new Error("the book's Vega scripts did not load"));
    return;
  }}
  window.vegaEmbed(el, spec, embedOpt).catch(fail);
}})({spec}, {opt}, "{id}");
</script>
"""


def _json(value: Any) -> str:
    """JSON safe inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=False)
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def embed_options_for(embed_options: dict | None = None) -> dict[str, Any]:
    """Vega-Embed's options: the defaults, then ``embed_options``; always SVG
    (part of the contract: the print edition needs selectable text)."""
    options = {**DEFAULT_EMBED_OPTIONS, **(embed_options or {})}
    options["renderer"] = "svg"
    return options


def chart_html(spec: dict, embed_options: dict | None = None, output_div: str | None = None) -> str:
    """The book's HTML for a chart: a container and a call of the page's ``vegaEmbed``."""
    spec = {**spec, "$schema": BOOK_SCHEMA}
    div = output_div or "altair-viz-" + hashlib.md5(_json(spec).encode()).hexdigest()
    return _TEMPLATE.format(
        id=div,
        cls=CHART_CLASS,
        spec=_json(spec),
        opt=_json({**embed_options_for(embed_options), "mode": "vega-lite"}),
    )


def json_safe(value: Any) -> Any:
    """``value`` with every NaN or infinite number replaced by None (JSON's null).

    A chart's data may hold pandas' missing values as NaN. Inside the page's
    script that was valid JavaScript, but a notebook output is JSON: Jupyter
    would refuse the message (and warn in the output) and the notebook file
    could not hold it."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


def lab_spec(spec: dict) -> dict:
    """The specification under the Vega-Lite v5 mimetype (see the module's
    docstring), in strict JSON."""
    return json_safe({**spec, "$schema": LAB_SCHEMA})


def render(spec: dict, embed_options: dict | None = None, **_: Any):
    """Altair renderer: the chart's MIME bundle and its metadata."""
    from altair.vegalite.v6.display import DEFAULT_DISPLAY

    bundle = {LAB_MIMETYPE: lab_spec(spec), "text/plain": DEFAULT_DISPLAY}
    return bundle, {LAB_MIMETYPE: {"embed_options": embed_options_for(embed_options)}}


def enable() -> None:
    """Register the renderer and make it Altair's active one (keeps embed options)."""
    alt.renderers.register(NAME, render)
    alt.renderers.enable(NAME, **alt.renderers.options)


class BookCharts:
    """myst-nb mime renderer (entry point ``myst_nb.mime_renderers``): a
    chart output becomes :func:`chart_html` in the book's HTML pages."""

    mime_priority_overrides = [
        (builder, LAB_MIMETYPE, 5) for builder in ("html", "dirhtml", "singlehtml")
    ]

    @staticmethod
    def handle_mime(renderer, data, inline: bool):
        if data.mime_type != LAB_MIMETYPE:
            return None
        from docutils import nodes

        content = data.content
        spec = json.loads(content) if isinstance(content, (str, bytes)) else dict(content)
        options = (data.output_metadata or {}).get(LAB_MIMETYPE, {}).get("embed_options")
        # One id per chart on a page, the same in every build of the page.
        count = getattr(renderer, "_aigov_charts", 0) + 1
        renderer._aigov_charts = count
        digest = hashlib.md5(f"{count}\n{_json(spec)}".encode()).hexdigest()
        html = chart_html(spec, options, output_div=f"altair-viz-{digest}")
        return [nodes.raw(text=html, format="html", classes=["output", "text_html"])]
