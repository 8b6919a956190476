"""The built book in a real browser: it renders, it works, it is accessible.

Debian's Chromium (``/usr/bin/chromium``), driven by Playwright, opens every
page of the table of contents from a localhost server and aborts every request
that leaves that server's origin (see browserkit.py): the pages must work with
no network. Each page is visited once in light mode here; every page with a
chart, and one page for each distinct set of widgets, is visited again in
dark mode at a 375 px wide viewport in test_browser_modes.py. What axe
reads on each page: browserkit.AXE_SCOPE_NOTE. Results per
page are printed at the end of the session and written to
``_build/browser-report.json`` (or ``$BROWSER_REPORT``).

To run these against an existing build instead of building the book:
``BOOK_HTML=_build/html .venv/bin/python -m pytest tests/browser -m browser``.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import threading
from pathlib import Path

import browserkit as bk
import pytest

pytestmark = pytest.mark.browser

PAGES = bk.toc_files()
NOTEBOOK_PAGES = [p for p in PAGES if bk.is_notebook(p)]
EXPLORER_PAGE = "chapters/04-challenges/membership-exercises"
REPORT = Path(os.environ.get("BROWSER_REPORT", bk.ROOT / "_build" / "browser-report.json"))


# ------------------------------------------------------------------ fixtures


# html_dir, site and browser: tests/browser/conftest.py


@pytest.fixture(scope="session")
def report(pytestconfig):
    """Collects every PageResult; prints and writes the summary at session end."""
    results: list[bk.PageResult] = []
    yield results
    if not results:
        return
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(
        json.dumps([r.as_dict() for r in results], indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    capman = pytestconfig.pluginmanager.getplugin("capturemanager")
    with capman.global_and_fixture_disabled():
        print(
            "\n\nBrowser walk (console errors, failed requests, charts and widgets "
            "rendered/present, axe-core WCAG 2.1 A+AA violations by impact):"
        )
        print(bk.summary_table(results))
        print(f"Full results: {REPORT}")


@pytest.fixture(scope="session")
def light(browser, site, html_dir, report) -> dict[str, bk.PageResult]:
    """Every toc page in light mode at desktop width (dark mode and the narrow
    viewport: test_browser_modes.py, which another worker can run meanwhile)."""
    present = [p for p in PAGES if (html_dir / f"{p}.html").is_file()]
    results = bk.walk(browser, site, present)
    report.extend(results)
    return {r.page: r for r in results}


def _result(light, page) -> bk.PageResult:
    assert page in light, f"{page}.html was not built"
    return light[page]


# ----------------------------------------------------------- rendering


@pytest.mark.parametrize("page", PAGES)
def test_page_has_no_console_errors(light, page):
    assert _result(light, page).console_errors == []


@pytest.mark.parametrize("page", PAGES)
def test_page_has_no_failed_requests(light, page):
    assert _result(light, page).failed_requests == []


@pytest.mark.parametrize("page", PAGES)
def test_page_makes_no_third_party_request(light, page):
    assert _result(light, page).third_party == []


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_renders(light, page):
    r = _result(light, page)
    missing = r.charts - r.charts_rendered
    assert missing == 0, f"{missing} chart(s) without svg/canvas"


@pytest.mark.parametrize("page", PAGES)
def test_every_widget_renders(light, page):
    r = _result(light, page)
    assert r.widgets_rendered == r.widget_views, (
        f"{r.widget_views - r.widgets_rendered} widget view(s) not rendered"
    )


def test_book_has_charts_and_widgets(light):
    """Guard against a walk that silently found nothing to check."""
    assert sum(r.charts for r in light.values()) > 0
    assert sum(r.widget_views for r in light.values()) > 0


def test_widget_javascript_only_on_widget_pages(html_dir):
    """Jupyter Book adds every .js under html_static_path to every page once a
    top-level _static/ exists; the 4 MB widget manager must stay on widget pages."""
    for page in PAGES:
        path = html_dir / f"{page}.html"
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        has_state = "application/vnd.jupyter.widget-state+json" in text
        loads_manager = "jupyter-widgets/embed-amd.js" in text
        assert loads_manager == has_state, page


@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
def test_notebook_page_has_launch_buttons(light, page):
    links = _result(light, page).launch_links
    assert any("mybinder.org" in link for link in links), links
    assert any("jupyterhub" in link for link in links), links


def test_launch_menu_opens_by_keyboard(browser, site):
    if not NOTEBOOK_PAGES:
        pytest.fail("no notebook pages in the table of contents")
    context, _ = bk.new_context(browser, site)
    page = context.new_page()
    try:
        page.goto(f"{site}{NOTEBOOK_PAGES[0]}.html")
        button = page.locator(".dropdown-launch-buttons button").first
        button.focus()
        page.keyboard.press("Enter")
        binder = page.locator(".dropdown-launch-buttons a[href*='mybinder.org']").first
        binder.wait_for(state="visible", timeout=5_000)
        page.keyboard.press("Escape")
        binder.wait_for(state="hidden", timeout=5_000)
    finally:
        context.close()


def test_internal_links_resolve(html_dir):
    present = [p for p in PAGES if (html_dir / f"{p}.html").is_file()]
    assert bk.broken_links(html_dir, present) == []


# --------------------------------------------------------- explorer


EXPLORER_STATE_JS = """() => {
  const embed = document.querySelector('.vega-bindings select').closest('.vega-embed');
  const svg = embed.querySelector('svg');
  if (svg) return svg.innerHTML;
  const canvas = embed.querySelector('canvas');
  return canvas ? canvas.toDataURL() : '';
}"""


def test_membership_explorer_responds_to_its_input(browser, site, html_dir):
    """Kernel-free: choosing another country in the chart's own <select>
    (a Vega-Lite parameter bound to an input) redraws the chart."""
    assert (html_dir / f"{EXPLORER_PAGE}.html").is_file(), f"{EXPLORER_PAGE} not built"
    context, net = bk.new_context(browser, site)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{site}{EXPLORER_PAGE}.html")
        select = page.locator(".vega-embed .vega-bindings select").first
        select.wait_for(state="attached", timeout=bk.RENDER_TIMEOUT_MS)
        page.wait_for_function(
            "() => document.querySelector('.vega-bindings select')"
            ".closest('.vega-embed').querySelector('svg, canvas')",
            timeout=bk.RENDER_TIMEOUT_MS,
        )
        before = page.evaluate(EXPLORER_STATE_JS)
        options = select.locator("option").evaluate_all("os => os.map(o => o.value)")
        current = select.input_value()
        others = [o for o in options if o != current]
        assert others, f"the explorer's select offers only {options}"
        select.select_option(others[0])
        page.wait_for_function(
            f"(before) => ({EXPLORER_STATE_JS})() !== before", arg=before, timeout=5_000
        )
        # The select has an accessible name (its Vega binding label).
        name = select.evaluate(
            "s => (s.labels && s.labels[0] && s.labels[0].textContent.trim())"
            " || s.getAttribute('aria-label') || ''"
        )
        assert name, "the explorer's select has no label"
    finally:
        context.close()
    assert errors == []
    assert net.failed == []


# ----------------------------------------------------- accessibility


@pytest.mark.parametrize("page", PAGES)
def test_page_has_no_serious_axe_violations(light, page):
    assert _result(light, page).axe_blocking == []


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_has_a_text_alternative(light, page):
    labels = _result(light, page).chart_labels
    generic = [
        label
        for label in labels
        if label.strip().lower() in bk.GENERIC_CHART_LABELS or len(label.split()) < 4
    ]
    assert generic == [], f"charts without a real description: {generic}"


_PLANTED = """<!DOCTYPE html><html lang="en"><head><title>{title}</title></head><body>
<header class="bd-header"><button class="planted-chrome"></button></header>
<main><h1>{title}</h1>{main}
<div class="aigov-chart"><svg role="graphics-document" aria-label="A planted chart">
<g><g role="img" class="planted-mark"><rect width="9" height="9"/></g></g></svg></div>
</main></body></html>"""


def test_the_axe_scope_still_reads_what_it_must(browser, tmp_path):
    """Violations planted in a two-page site: the header's on the first page of
    each walk; the page's own content on every page; a chart's marks on every
    page in light mode only (browserkit.AXE_SCOPE_NOTE)."""
    (tmp_path / "a.html").write_text(_PLANTED.format(title="First", main=""))
    (tmp_path / "b.html").write_text(
        _PLANTED.format(title="Second", main='<img src="x.png" class="planted-img">')
    )
    with bk.serve(tmp_path) as base:
        results = bk.walk_modes(browser, base, {"light": ["a", "b"], "dark": ["a", "b"]})

    def found(mode: str, page: str) -> set[str]:
        [result] = [r for r in results[mode] if r.page == page]
        return {v.split(" ")[0] for v in result.axe_blocking}

    for mode in ("light", "dark"):
        assert {"button-name", "svg-img-alt"} <= found(mode, "a")  # the first page: all of it
        assert "image-alt" in found(mode, "b") and "button-name" not in found(mode, "b")
    assert "svg-img-alt" in found("light", "b") and "svg-img-alt" not in found("dark", "b")


def test_report_names_every_page(light):
    missing = [p for p in PAGES if p not in light]
    assert missing == [], "toc pages not built, so not checked in the browser"


@pytest.mark.parametrize("amd", [False, True], ids=["plain", "require.js"])
def test_chart_html_without_the_books_scripts_fetches_nothing(browser, tmp_path, amd):
    """The book's chart HTML only calls the page's vegaEmbed. On a page
    without the book's Vega scripts (with require.js too, as in the classic
    Notebook) it asks for nothing from anywhere and says what went wrong."""
    from aigovbook.book import chartrender

    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": "A test chart of three points rising from left to right.",
        "data": {"values": [{"x": 1, "y": 1}, {"x": 2, "y": 3}, {"x": 3, "y": 4}]},
        "mark": "point",
        "encoding": {"x": {"field": "x", "type": "quantitative", "title": "Outside axis"}},
    }
    head = '<script src="require.js"></script>' if amd else ""
    (tmp_path / "require.js").write_bytes(
        (bk.ROOT / "_widgets" / "jupyter-widgets" / "require.js").read_bytes()
    )
    (tmp_path / "index.html").write_text(
        f"<!DOCTYPE html><html><head>{head}</head><body>"
        f"{chartrender.chart_html(spec, {'actions': False})}</body></html>",
        encoding="utf-8",
    )
    asked: list[str] = []
    with bk.serve(tmp_path) as base:
        context = browser.new_context()
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))

        def handle(route):
            url = route.request.url
            if url.startswith(base):
                route.continue_()
            else:
                asked.append(url)
                route.abort()

        context.route("**/*", handle)
        try:
            page.goto(base + "index.html", wait_until="load")
            text = page.inner_text(".aigov-chart")
        finally:
            context.close()
    assert errors == [] and asked == []
    assert text == "This chart could not be drawn: Error: the book's Vega scripts did not load"


def test_a_request_off_the_origin_never_leaves_the_browser(browser, tmp_path):
    """The book's context (browserkit.new_context) in Chromium: a page asking
    another local server (another port) and outside hosts for a script, an
    image and a fetch gets none of them; the other server is never reached,
    and every such request is recorded against the page."""
    hits: list[str] = []

    class Other(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            hits.append(self.path)

    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "x.js").write_text("window.leaked = true;")
    other = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Other, directory=str(tmp_path / "other"))
    )
    threading.Thread(target=other.serve_forever, daemon=True).start()
    away = f"http://127.0.0.1:{other.server_address[1]}"
    asks = [f"{away}/x.js", "http://example.com/y.js", "http://93.184.216.34/z.png"]
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text(
        f'<html><body><script src="{asks[0]}"></script><script src="{asks[1]}"></script>'
        f'<img src="{asks[2]}" alt=""><script>fetch("{away}/x.js").catch(() => 0);</script>'
        "</body></html>"
    )
    try:
        with bk.serve(tmp_path / "site") as base:
            context, net = bk.new_context(browser, base)
            page = context.new_page()
            page.goto(base + "index.html", wait_until="load")
            page.wait_for_timeout(300)
            leaked = page.evaluate("() => Boolean(window.leaked)")
            context.close()
    finally:
        other.shutdown()
        other.server_close()
    assert hits == [] and not leaked
    assert set(asks) <= set(net.third_party) and len(net.failed) >= len(asks)


def test_the_browser_keeps_playwrights_switches_and_makes_no_omnibox_popup(browser):
    """tools.browser.launch disables Chromium's omnibox popups (UI a headless
    page never shows, about 0.6 CPU-s per context) in one ``--disable-features``
    that still holds every feature Playwright disables (Chromium reads only the
    last such switch). Checked on a browser launched the same way, whose
    command line can be read, and on the suite's own browser's targets."""
    from tools import browser as tb

    defaults = tb.playwright_disabled_features(browser.browser_type)
    probe = tb.launch(browser.browser_type, extra=("--enable-automation",))
    try:
        effective = tb.disabled_features(tb.command_line(probe))
    finally:
        probe.close()
    assert "PaintHolding" in defaults and "HttpsUpgrades" in defaults  # Playwright's own
    assert set(defaults) | set(tb.UNUSED_UI_FEATURES) == set(effective)

    context = browser.new_context()
    try:
        context.new_page().goto("about:blank")
        cdp = browser.new_browser_cdp_session()
        targets = [t["url"] for t in cdp.send("Target.getTargets")["targetInfos"]]
        cdp.detach()
    finally:
        context.close()
    assert [u for u in targets if u.startswith("chrome://")] == [], targets
