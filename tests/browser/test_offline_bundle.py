"""The offline copy (``./dev bundle``): unzipped elsewhere, it works with no network.

The zip written by ``tools.bundle`` is unpacked into a fresh folder and
compared, file by file, with the built site that the browser walk checked,
and served exactly as its README.txt tells readers to (``python -m
http.server``, a separate process): Chromium opens the start page and a page
of each live kind with every request that leaves that server aborted; every
chart and widget must render, with no console error and no failed request.
Every page with a chart or a widget is then opened straight from disk
(``file://``); the README's statement of what works there (everything but the
search page's excerpts) is checked too.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import browserkit as bk
import pytest

from tools import bundle

pytestmark = pytest.mark.browser

PAGES = bk.toc_files()
LIVE_MARKERS = ('class="aigov-chart"', "application/vnd.jupyter.widget-state+json")


@pytest.fixture(scope="module")
def unpacked(html_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "book.zip"
    result = bundle.write_bundle(html_dir, out)
    assert result["zip_bytes"] > 0
    target = tmp_path_factory.mktemp("elsewhere")
    with zipfile.ZipFile(out) as zf:
        zf.extractall(target)
    site = target / bundle.FOLDER
    assert (site / "index.html").is_file()
    return site


@pytest.fixture(scope="module")
def served(unpacked):
    """``python -m http.server`` in its own process, as the README says."""
    argv = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1"]
    argv += ["--directory", str(unpacked), "{port}"]
    with bk.server_process(argv, "http://127.0.0.1:{port}/index.html") as base:
        yield base + "/"


def _problems(results: list[bk.PageResult]) -> dict[str, list[str]]:
    return {
        r.page: r.console_errors
        + r.failed_requests
        + [f"{r.charts - r.charts_rendered} chart(s) not drawn"] * (r.charts != r.charts_rendered)
        + [f"{r.widget_views - r.widgets_rendered} widget(s) not drawn"]
        * (r.widgets_rendered != r.widget_views)
        for r in results
        if r.console_errors
        or r.failed_requests
        or r.charts != r.charts_rendered
        or r.widgets_rendered != r.widget_views
    }


def test_bundle_holds_the_site_and_a_readme(unpacked, html_dir):
    readme = (unpacked / "README.txt").read_text(encoding="utf-8")
    assert "python3 -m http.server" in readme and "file://" in readme
    for page in PAGES:
        assert (unpacked / f"{page}.html").is_file(), page
    assert (unpacked / "_static" / "vega" / "vega-embed.min.js").is_file()
    assert not (unpacked / ".buildinfo").exists()


def test_bundle_is_deterministic(html_dir, tmp_path):
    one = bundle.write_bundle(html_dir, tmp_path / "one.zip")["out"].read_bytes()
    two = bundle.write_bundle(html_dir, tmp_path / "two.zip")["out"].read_bytes()
    assert one == two


def test_bundle_refuses_a_missing_build(tmp_path):
    with pytest.raises(bundle.BundleError, match="no built book"):
        bundle.write_bundle(tmp_path / "nothing", tmp_path / "out.zip")
    assert not (tmp_path / "out.zip").exists()


def test_bundle_holds_the_walked_site_byte_for_byte(unpacked, html_dir):
    """Every file the reader needs is in the bundle, unchanged: the pages the
    browser walk checked over HTTP (test_browser.py) are the bundle's pages."""
    files = bundle.site_files(html_dir)
    assert len(files) > 100
    differ = [
        str(f.relative_to(html_dir))
        for f in files
        if (unpacked / f.relative_to(html_dir)).read_bytes() != f.read_bytes()
    ]
    assert differ == []
    inside = {p.relative_to(unpacked) for p in unpacked.rglob("*") if p.is_file()}
    assert inside - {f.relative_to(html_dir) for f in files} == {Path("README.txt")}


def test_served_bundle_works_offline(browser, served, unpacked):
    """Served as the README says, from its own folder: the start page and one
    page of each live kind (charts, widgets) work with every request off that
    server aborted. (The other pages are the same bytes the browser walk
    checked: see the test above.)"""
    text = {p: (unpacked / f"{p}.html").read_text(encoding="utf-8") for p in PAGES}
    charts = next(p for p in PAGES if LIVE_MARKERS[0] in text[p])
    widgets = next(p for p in PAGES if LIVE_MARKERS[1] in text[p])
    pages = list(dict.fromkeys([PAGES[0], charts, widgets]))
    results = bk.walk(browser, served, pages, run_axe=False, in_flight=3)
    assert [r.page for r in results] == pages
    assert sum(r.charts for r in results) > 0 and sum(r.widget_views for r in results) > 0
    assert _problems(results) == {}
    assert [u for r in results for u in r.third_party] == []


def test_bundle_opened_from_disk(browser, unpacked):
    """file://: the start page and every chart and widget page work (README.txt says so)."""
    base = unpacked.as_uri() + "/"
    # The pages that could need more than plain files: every chart and widget page.
    pages = [PAGES[0]] + [
        p
        for p in PAGES
        if any(m in (unpacked / f"{p}.html").read_text(encoding="utf-8") for m in LIVE_MARKERS)
    ]
    results = bk.walk(browser, base, pages, run_axe=False, in_flight=3)
    assert sum(r.charts_rendered for r in results) > 0
    assert sum(r.widgets_rendered for r in results) > 0
    assert _problems(results) == {}
    assert [u for r in results for u in r.third_party] == []


def test_search_from_disk_lists_pages(browser, unpacked):
    """file://: search finds pages (README.txt says excerpts are missing there:
    the browser does not let a file:// page fetch other files)."""
    base = unpacked.as_uri() + "/"
    context, net = bk.new_context(browser, base)
    page = context.new_page()
    try:
        page.goto(base + "search.html?q=Bletchley")
        page.wait_for_function(
            "() => /found \\d+ page/.test(document.querySelector('#search-results')?.innerText)",
            timeout=bk.RENDER_TIMEOUT_MS,
        )
        assert page.locator("#search-results li").count() > 0
    finally:
        context.close()
    assert net.third_party == []
