"""What a student sees on Binder or JupyterHub: a stored notebook opened in JupyterLab.

JupyterLab (the version pinned in requirements.txt) serves a copy of the
notebook with the most charts (JupyterLab writes checkpoints next to what it
opens); Chromium opens it, untrusted and never run,
with every request off the server's origin aborted. Each stored chart output
must be drawn by JupyterLab's own Vega (``aigovbook/book/chartrender.py``) as SVG
with its axis titles as text, and nothing may be asked of a CDN.
"""

from __future__ import annotations

import json
import shutil
import sys

import browserkit as bk
import nbformat
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from aigovbook.book.chartrender import LAB_MIMETYPE

pytestmark = pytest.mark.browser

NOTEBOOK = "chapters/02-why-govern/jobs-and-gains.ipynb"
TOKEN = "aigov-test"
OUTPUTS = ".jp-RenderedVegaCommon5"  # JupyterLab's Vega renderer, one per output
# [chart outputs in the page, those drawn as SVG]
DRAWN_JS = f"""() => {{
  const outputs = [...document.querySelectorAll('{OUTPUTS}')];
  return [outputs.length, outputs.filter(d => d.querySelector('svg.marks')).length];
}}"""


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a folder holding a copy of NOTEBOOK, with
    settings and workspaces of its own; cells are all drawn at once (no
    windowing), so every output is in the page."""
    served = tmp_path_factory.mktemp("lab-root")
    (served / NOTEBOOK).parent.mkdir(parents=True)
    shutil.copyfile(bk.ROOT / NOTEBOOK, served / NOTEBOOK)
    settings = tmp_path_factory.mktemp("lab-settings")
    tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}), encoding="utf-8")
    argv = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--allow-root",
        "--ip=127.0.0.1",
        "--port={port}",
        f"--IdentityProvider.token={TOKEN}",
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={settings.parent / 'lab-workspaces'}",  # nothing restored
        f"--ServerApp.root_dir={served}",
        "--LabApp.news_url=",
        "--ServerApp.open_browser=False",
    ]
    with bk.server_process(argv, "http://127.0.0.1:{port}/api/status", cwd=served) as base:
        yield base


def test_stored_charts_draw_in_jupyterlab_offline(browser, lab):
    nb = nbformat.read(bk.ROOT / NOTEBOOK, as_version=4)
    specs = [
        o["data"][LAB_MIMETYPE]
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if LAB_MIMETYPE in o.get("data", {})
    ]
    assert len(specs) >= 4
    titles = [
        enc["title"]
        for spec in specs
        for enc in _encodings(spec)
        if isinstance(enc.get("title"), str) and enc["title"].strip()
    ]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    asked: list[str] = []
    errors: list[str] = []

    def handle(route):
        url = route.request.url
        if url.startswith((lab, "data:", "blob:")):
            route.continue_()
        else:
            asked.append(url)
            route.abort()

    context.route("**/*", handle)
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{lab}/lab/tree/{NOTEBOOK}?token={TOKEN}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
        try:  # the charts: drawn, or not at all (then the assertions below say so)
            page.wait_for_function(f"() => ({DRAWN_JS})()[1] >= {len(specs)}", timeout=30_000)
        except PlaywrightTimeout:
            pass
        drawn = page.evaluate(DRAWN_JS)
        text = " ".join(page.locator(OUTPUTS).all_inner_texts())
        html_parts = page.locator(".jp-OutputArea-output .aigov-chart").count()
    finally:
        context.close()
    assert drawn == [len(specs), len(specs)]  # every chart output, each drawn as SVG
    assert html_parts == 0  # drawn from the Vega-Lite part, not from an HTML part
    missing = [t for t in titles if " ".join(t.split()) not in " ".join(text.split())]
    assert titles and missing == []
    assert asked == [] and errors == []


def _encodings(spec: dict):
    """Every encoding channel's definition in a (possibly layered or concatenated) spec."""
    for key, value in spec.items():
        if key == "encoding" and isinstance(value, dict):
            yield from (v for v in value.values() if isinstance(v, dict))
        elif isinstance(value, dict):
            yield from _encodings(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    yield from _encodings(item)


def test_the_server_serves_the_notebook_as_stored(lab):
    """The notebook opened above is this checkout's, byte for byte."""
    import urllib.request

    url = f"{lab}/files/{NOTEBOOK}?token={TOKEN}"
    with urllib.request.urlopen(url) as response:
        assert response.read() == (bk.ROOT / NOTEBOOK).read_bytes()
