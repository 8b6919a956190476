"""The built book in dark mode and on a narrow screen, and the student edition's charts.

Every page with a chart, and the first page of each distinct set of widgets
(``browserkit.interactive_pages``), is visited in dark mode and at a 375 px
wide viewport (both walks at the same time, every request off the book's
server aborted, as in test_browser.py): no serious or critical axe violation,
no console error or failed request, every chart and widget drawn, and no page
pushed sideways (WCAG 1.4.10 Reflow). One student-edition page of charts is
drawn too. Results are written to ``_build/browser-report-modes.json``
(or ``$BROWSER_REPORT_MODES``). This is a file of its own so that a second
test worker walks these while the first walks every page in light mode.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import browserkit as bk
import pytest

pytestmark = pytest.mark.browser

PAGES = bk.toc_files()
REPORT = Path(
    os.environ.get("BROWSER_REPORT_MODES", bk.ROOT / "_build" / "browser-report-modes.json")
)


@pytest.fixture(scope="module")
def walked(browser, site, html_dir) -> dict[str, dict[str, bk.PageResult]]:
    present = [p for p in PAGES if (html_dir / f"{p}.html").is_file()]
    again = bk.interactive_pages(html_dir, present)
    results = bk.walk_modes(browser, site, {"dark": again, "mobile": again})
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(
        json.dumps([r.as_dict() for rs in results.values() for r in rs], indent=2) + "\n",
        encoding="utf-8",
    )
    return {mode: {r.page: r for r in rs} for mode, rs in results.items()}


def _blocking(results: dict[str, bk.PageResult]) -> dict[str, list[str]]:
    return {
        p: r.axe_blocking + r.console_errors + r.failed_requests
        for p, r in results.items()
        if r.axe_blocking
        or r.console_errors
        or r.failed_requests
        or r.charts_rendered != r.charts
        or r.widgets_rendered != r.widget_views
    }


def test_dark_mode_is_accessible(walked):
    dark = walked["dark"]
    assert dark, "no chart or widget pages to check"
    assert _blocking(dark) == {}


def test_narrow_viewport_is_accessible(walked):
    mobile = walked["mobile"]
    assert mobile, "no chart or widget pages to check"
    assert _blocking(mobile) == {}


def test_pages_fit_a_narrow_viewport(walked):
    """At 375 px no chart or widget may push the page sideways (WCAG 1.4.10 Reflow)."""
    wide = {
        p: r.scroll_width
        for p, r in walked["mobile"].items()
        if r.scroll_width > bk.MOBILE_VIEWPORT["width"] + 1
    }
    assert wide == {}


def test_student_edition_charts_render_offline(browser, student_html):
    """The student edition's charts draw with the book's own Vega, offline.

    One page is drawn: the one with the most charts. That every chart page of
    both editions loads the same three Vega files, from files that exist, is
    checked over the built HTML (tests/book/test_editions.py); the instructor
    edition's chart pages are all drawn by the walks."""
    pages = [p for p in PAGES if (student_html / f"{p}.html").is_file()]
    counts = {
        p: (student_html / f"{p}.html").read_text("utf-8").count('class="aigov-chart"')
        for p in pages
    }
    page = max(counts, key=counts.get)
    assert counts[page] >= 2, "no chart pages in the student edition"
    with bk.serve(student_html) as base:
        [result] = bk.walk(browser, base, [page], run_axe=False)
    assert _blocking({result.page: result}) == {}
    assert result.charts == counts[page] == result.charts_rendered
    assert result.third_party == []
