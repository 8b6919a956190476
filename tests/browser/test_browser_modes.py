"""The built book in dark mode and on a narrow screen, and the student edition's charts.

Every page with a chart, and the first page of each distinct set of widgets
(``browserkit.interactive_pages``), is visited in dark mode at a 375 px wide
viewport; the first of them also in dark mode at desktop width and in light
mode at 375 px, so that the site's header and navigation are read in all four
modes (every request off the book's server aborted, as in test_browser.py).
No serious or critical axe violation, no console error or failed request,
every chart and widget drawn, and no page pushed sideways (WCAG 1.4.10
Reflow). One student-edition page of charts is drawn too. Results are written
to ``_build/browser-report-modes.json`` (or ``$BROWSER_REPORT_MODES``). This is
a file of its own so that a second test worker walks these while the first
walks every page in light mode.

Why one walk for both dark mode and the narrow screen: the colour scheme
changes colours only and the viewport changes layout only, so a page read in
dark mode at 375 px is read for both. What only one of the two would show is
in the site's header and navigation (the narrow screen's menu button, the
desktop's side bars), and those are read in each of the four modes. (The two
walks apart, dark at desktop width and light at 375 px, cost 16 page loads
with axe; together they cost 10.)
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
DARK, NARROW = ("dark", "dark-narrow"), ("light-narrow", "dark-narrow")


@pytest.fixture(scope="module")
def walked(browser, site, html_dir) -> dict[str, dict[str, bk.PageResult]]:
    present = [p for p in PAGES if (html_dir / f"{p}.html").is_file()]
    again = bk.interactive_pages(html_dir, present)
    plan = {"dark-narrow": again, "dark": again[:1], "light-narrow": again[:1]}
    results = bk.walk_modes(browser, site, plan)
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


def _in(walked, modes) -> dict[str, bk.PageResult]:
    return {f"{p} ({mode})": r for mode in modes for p, r in walked[mode].items()}


def test_every_interactive_page_is_walked_in_dark_mode_at_375_px(walked, html_dir):
    present = [p for p in PAGES if (html_dir / f"{p}.html").is_file()]
    again = bk.interactive_pages(html_dir, present)
    assert len(again) >= 5 and list(walked["dark-narrow"]) == again
    first = walked["dark-narrow"][again[0]]
    assert first.charts > 0 or first.widget_views > 0
    assert list(walked["dark"]) == list(walked["light-narrow"]) == again[:1]
    seen = {(mode, r.theme, r.viewport_width) for mode, rs in walked.items() for r in rs.values()}
    narrow, wide = bk.MOBILE_VIEWPORT["width"], bk.DESKTOP_VIEWPORT["width"]
    assert seen == {
        ("dark-narrow", "dark", narrow),
        ("dark", "dark", wide),
        ("light-narrow", "light", narrow),
    }


def test_dark_mode_is_accessible(walked):
    assert _blocking(_in(walked, DARK)) == {}


def test_narrow_viewport_is_accessible(walked):
    assert _blocking(_in(walked, NARROW)) == {}


def test_pages_fit_a_narrow_viewport(walked):
    """At 375 px no chart or widget may push the page sideways (WCAG 1.4.10 Reflow)."""
    wide = {
        p: r.scroll_width
        for p, r in _in(walked, NARROW).items()
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
