"""The book's Altair renderer: charts drawn by the Vega copies the book serves.

Altair's own renderers write HTML that loads Vega, Vega-Lite and Vega-Embed
from the jsDelivr CDN into every chart output. This renderer writes an output
that only calls the page's global ``vegaEmbed``:

* In the built book, ``aigovbook.sphinxext`` adds the book's own copies
  (``_widgets/vega/``, pinned in ``package-lock.json``) as page scripts to
  every page that holds a chart, with paths Sphinx computes for the page's
  folder depth. No chart output names a path, so the same stored output works
  at any depth, in the student edition, in the offline bundle and under a
  sub-path host.
* Anywhere else (JupyterLab on Binder or JupyterHub, classic Notebook,
  VS Code) there is no global ``vegaEmbed``; the output then loads the same
  pinned versions from jsDelivr, exactly as Altair's default renderer does.
  JupyterLab (4.6) renders Altair 6 charts through this ``text/html`` part,
  as it does Altair's default output: its built-in Vega renderer knows only
  the Vega-Lite v3-v5 mimetypes, so a ``application/vnd.vegalite.v6+json``
  part would be drawn by nothing there (and myst-nb warns about it), and the
  bundle leaves it out. As with Altair's default output, JupyterLab runs the
  script of a stored output only once the notebook is trusted or re-run.

Charts are drawn as SVG (``renderer: "svg"``): their text stays text, which the
print/PDF edition needs (selectable, searchable) and screen readers like.

The output's ``<div>`` keeps Altair's ``altair-viz-<32 hex>`` id pattern, so
``tests/nbval_sanitize.cfg`` and the browser tests recognise it, and carries
the class :data:`CHART_CLASS`, which the Sphinx extension looks for.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import altair as alt

NAME = "aigovbook"
CHART_CLASS = "aigov-chart"
# The id of the book's vega-embed <script> tag (set by aigovbook.sphinxext):
# a chart that finds it but no global vegaEmbed reports an error instead of
# silently falling back to the CDN.
BOOK_SCRIPT_ID = "aigov-vega-embed"
CDN = "https://cdn.jsdelivr.net/npm/"
# The exact versions the book vendors (package-lock.json, _widgets/vega/; a
# test keeps them equal), also used by the fallback outside the book.
VEGA_VERSIONS = {"vega": "6.4.0", "vega-lite": "6.4.1", "vega-embed": "7.3.0"}
DEFAULT_EMBED_OPTIONS: dict[str, Any] = {"renderer": "svg", "mode": "vega-lite"}

_TEMPLATE = """\
<style>
  #{id}.vega-embed {{ width: 100%; display: flex; }}
</style>
<div id="{id}" class="{cls}"></div>
<script type="text/javascript">
(function (spec, embedOpt, id, cdn) {{
  var el = document.currentScript && document.currentScript.previousElementSibling;
  if (!el || !el.classList.contains("{cls}")) el = document.getElementById(id);
  if (!el) {{ console.error("chart container " + id + " not found"); return; }}
  function fail(err) {{
    el.textContent = "This chart could not be drawn: " + err;
    console.error(err);
  }}
  function draw(embed) {{ embed(el, spec, embedOpt).catch(fail); }}
  if (typeof window.vegaEmbed === "function") {{ draw(window.vegaEmbed); return; }}
  if (document.getElementById("{book_script}")) {{
    fail(new Error("the book's Vega scripts did not load"));
    return;
  }}
  // Outside the book (JupyterLab, Notebook): the same pinned versions from the CDN.
  var paths = {{
    "vega": cdn + "vega@{vega}/build/vega.min",
    "vega-lite": cdn + "vega-lite@{vegalite}/build/vega-lite.min",
    "vega-embed": cdn + "vega-embed@{vegaembed}/build/vega-embed.min"
  }};
  if (typeof define === "function" && define.amd && typeof require === "function") {{
    require.config({{paths: paths}});
    require(["vega-embed"], draw, fail);
    return;
  }}
  function load(name) {{
    return new Promise(function (ok, no) {{
      var s = document.createElement("script");
      s.src = paths[name] + ".js";
      s.onload = ok;
      s.onerror = function () {{ no(new Error("could not load " + s.src)); }};
      document.head.appendChild(s);
    }});
  }}
  load("vega").then(function () {{ return load("vega-lite"); }})
    .then(function () {{ return load("vega-embed"); }})
    .then(function () {{ draw(window.vegaEmbed); }}, fail);
}})({spec}, {opt}, "{id}", "{cdn}");
</script>
"""


def _json(value: Any) -> str:
    """JSON safe inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=False)
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def chart_html(spec: dict, embed_options: dict | None = None, output_div: str | None = None) -> str:
    """The ``text/html`` part of a chart output."""
    options = {**DEFAULT_EMBED_OPTIONS, **(embed_options or {})}
    # Vector output is part of the contract (print edition, selectable text).
    options["renderer"] = "svg"
    div = output_div or f"altair-viz-{uuid.uuid4().hex}"
    return _TEMPLATE.format(
        id=div,
        cls=CHART_CLASS,
        book_script=BOOK_SCRIPT_ID,
        spec=_json(spec),
        opt=_json(options),
        cdn=CDN,
        vega=VEGA_VERSIONS["vega"],
        vegalite=VEGA_VERSIONS["vega-lite"],
        vegaembed=VEGA_VERSIONS["vega-embed"],
    )


def render(spec: dict, embed_options: dict | None = None, **_: Any) -> dict[str, Any]:
    """Altair renderer: the chart's MIME bundle."""
    from altair.vegalite.v6.display import DEFAULT_DISPLAY

    return {
        "text/html": chart_html(spec, embed_options),
        "text/plain": DEFAULT_DISPLAY,
    }


def enable() -> None:
    """Register the renderer and make it Altair's active one (keeps embed options)."""
    alt.renderers.register(NAME, render)
    alt.renderers.enable(NAME, **alt.renderers.options)
