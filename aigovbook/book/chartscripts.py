"""Charts on the built pages: the book's Vega scripts and each chart's SVG and PNG files.

Pages holding a chart output (:mod:`aigovbook.book.chartrender`) get the vendored
Vega, Vega-Lite and Vega-Embed scripts (no other page does) and download links;
the files are converted beside Sphinx (:mod:`aigovbook.book.chartfiles`).
"""

from __future__ import annotations

from pathlib import Path

# The book's own Vega, Vega-Lite and Vega-Embed (_widgets/vega/, served as
# _static/vega/; see _widgets/vega/SOURCES.txt), in load order.
VEGA_SCRIPTS = ("vega/vega.min.js", "vega/vega-lite.min.js", "vega/vega-embed.min.js")
# Before every other page script (Sphinx's default priority is 500): the Vega
# bundles are UMD and must run before myst-nb's require.js on widget pages, or
# they register as anonymous AMD modules instead of setting their globals.
VEGA_PRIORITY = 200


def page_has_chart(body: str) -> bool:
    """Whether a page body holds an output of :mod:`aigovbook.book.chartrender`."""
    from .chartmarkup import CHART_CLASS

    return f'class="{CHART_CLASS}"' in body


def _add_chart_scripts(app, pagename, templatename, context, doctree) -> None:
    """Add the book's Vega scripts to every page that holds a chart (only those),
    and each chart's SVG and PNG download (aigovbook/book/chartfiles.py).

    Sphinx computes each script's path for the page's folder depth, so chart
    outputs themselves name no path (see aigovbook/book/chartrender.py).
    """
    from .chartmarkup import BOOK_SCRIPT_ID

    if not page_has_chart(context.get("body", "")):
        return
    from .chartfiles import add_downloads

    context["body"] = add_downloads(
        context["body"], pagename, Path(app.outdir), lambda path: context["pathto"](path, 1)
    )
    for script in VEGA_SCRIPTS:
        attrs = {"id": BOOK_SCRIPT_ID} if script.endswith("vega-embed.min.js") else {}
        app.add_js_file(script, priority=VEGA_PRIORITY, **attrs)


def _start_chart_files(app) -> None:
    if app.builder.format == "html":
        from .chartfiles import start

        start()  # the chart converter imports its libraries while Sphinx reads


def _chart_files_written(app, exception) -> None:
    """Wait for the chart files converted in the background (aigovbook/book/chartfiles.py)."""
    from .chartfiles import finish

    finish()


def setup(app):
    app.connect("builder-inited", _start_chart_files)
    app.connect("html-page-context", _add_chart_scripts)
    app.connect("build-finished", _chart_files_written)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
