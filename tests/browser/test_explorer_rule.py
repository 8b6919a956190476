"""The membership explorer's rule, evaluated by Vega in Chromium on the built page.

The kernel-free explorer decides "member on 31 December of the chosen year"
in the browser, with one Vega expression: ``explorer.MEMBERSHIP_RULE``. This
test takes the explorer's chart specification from the built page, checks
that it uses that constant, renders it with the page's own Vega-Embed, sets
the country and year the way the page's controls do, and reads the status
label of every forum from Vega's scene graph. It opens on China at the end of
2021, whose labels must say "member" for the G20 and BRICS only; a few other
countries and years are compared with :func:`aigovbook.forums_of`.

Run against an existing build with
``BOOK_HTML=_build/html .venv/bin/python -m pytest tests/browser/test_explorer_rule.py``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import browserkit as bk
import pytest

import aigovbook
from aigovbook.charts.explorer import FULL_FORUMS, MEMBERSHIP_RULE

pytestmark = pytest.mark.browser

EXPLORER_PAGE = "chapters/04-challenges/membership-exercises"
EXPLORER_TITLE = "Which forums did a country belong to, and when?"

# Render the spec again, as SVG, with the Vega-Embed the page loaded (a global
# or, on pages with require.js, the AMD module), then read every status label.
STATUS_LABELS_JS = """async ({spec, cases}) => {
  const embed = window.vegaEmbed ||
    await new Promise((ok, fail) => window.require(['vega-embed'], ok, fail));
  const div = document.createElement('div');
  document.body.appendChild(div);
  const {view} = await embed(div, spec, {renderer: 'svg', actions: false});
  const results = [];
  for (const [country, year] of cases) {
    view.signal('country', country).signal('year', year);
    await view.runAsync();
    const labels = {};
    const walk = (node) => {
      if (!node) return;
      if (node.marktype === 'text') {
        for (const item of node.items || []) {
          const d = item.datum || {};
          if (d.status !== undefined && d.id !== undefined) labels[d.id] = item.text;
        }
      }
      for (const item of node.items || []) if (item.items) walk(item);
    };
    walk(view.scenegraph().root);
    results.push({country, year, labels});
  }
  return results;
}"""


@pytest.fixture(scope="module")
def html_dir(request) -> Path:
    """The built HTML: ``$BOOK_HTML`` if set, else the session's strict build."""
    override = os.environ.get("BOOK_HTML")
    html = Path(override) if override else request.getfixturevalue("instructor_build").html
    assert (html / f"{EXPLORER_PAGE}.html").is_file(), f"{EXPLORER_PAGE} not built in {html}"
    return html


def explorer_spec(page_html: str) -> dict:
    """The Vega-Lite specification of the explorer chart embedded in the page.

    Every "{" before the chart's title is a candidate start; each is tried
    once, nearest the title first, so the scan is linear in the page size.
    """
    decoder = json.JSONDecoder()
    title_at = page_html.find(json.dumps(EXPLORER_TITLE))
    if title_at < 0:
        title_at = page_html.find(EXPLORER_TITLE)
    start = page_html.rfind("{", 0, title_at) if title_at >= 0 else -1
    while start >= 0:
        try:
            spec, _ = decoder.raw_decode(page_html, start)
        except ValueError:
            spec = None
        title = spec.get("title") if isinstance(spec, dict) else None
        if isinstance(title, dict) and title.get("text") == EXPLORER_TITLE:
            return spec
        start = page_html.rfind("{", 0, start)
    raise AssertionError("the explorer's chart specification is not in the page")


def calculations(spec) -> list[str]:
    """Every ``calculate`` expression anywhere in the specification."""
    found = []
    if isinstance(spec, dict):
        if "calculate" in spec:
            found.append(spec["calculate"])
        for value in spec.values():
            found += calculations(value)
    elif isinstance(spec, list):
        for value in spec:
            found += calculations(value)
    return found


def status_labels(html_dir: Path, browser, cases: list[tuple[str, int]]) -> list[dict]:
    spec = explorer_spec((html_dir / f"{EXPLORER_PAGE}.html").read_text(encoding="utf-8"))
    assert MEMBERSHIP_RULE in calculations(spec), "the page's explorer does not use MEMBERSHIP_RULE"
    # the session's Chromium: Playwright's sync API allows one instance per thread
    results, errors, failed = _render(html_dir, browser, spec, cases)
    assert errors == [] and failed == []
    return results


def _render(html_dir: Path, browser, spec: dict, cases: list[tuple[str, int]]):
    with bk.serve(html_dir) as site:
        context, net = bk.new_context(browser, site)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            page.goto(f"{site}{EXPLORER_PAGE}.html")
            page.wait_for_function(
                "() => document.querySelector('.vega-bindings select')",
                timeout=bk.RENDER_TIMEOUT_MS,
            )
            results = page.evaluate(STATUS_LABELS_JS, {"spec": spec, "cases": cases})
        finally:
            context.close()
        return results, errors, list(net.failed)


def test_china_at_the_end_of_2021_is_in_the_g20_and_brics_only(html_dir, browser):
    cases = [("CHN", 2021), ("USA", 2019), ("IND", 2020), ("GBR", 2025), ("RUS", 2022)]
    results = status_labels(html_dir, browser, cases)
    china = results[0]["labels"]
    assert set(china) == set(FULL_FORUMS), f"status labels drawn for {sorted(china)}"
    assert {f for f, text in china.items() if text == "member"} == {"G20", "BRICS"}
    assert {text for f, text in china.items() if f not in {"G20", "BRICS"}} == {"not a member"}
    # Other countries and years: the browser agrees with the Python membership look-up.
    for result in results[1:]:
        expected = aigovbook.forums_of(result["country"], f"{result['year']}-12-31")
        shown = {f for f, text in result["labels"].items() if text == "member"}
        assert shown == expected & set(FULL_FORUMS), (result["country"], result["year"])
