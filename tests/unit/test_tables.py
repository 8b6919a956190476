"""Tables in the built book read like the text: no pandas artefacts in any cell.

A cell showing ``NaN``, ``NaT``, ``<NA>`` or ``None`` is a missing value that
reached the reader raw (the book writes "—" and says what it means), and
"..." is pandas cutting a long cell or a long table short. The test reads
every ``<td>`` and ``<th>`` of every page of the built HTML.

Run against an existing build with
``BOOK_HTML=_build/html .venv/bin/python -m pytest tests/unit/test_tables.py``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.build

RAW_MISSING = {"NaN", "nan", "NaT", "<NA>", "None"}
TRUNCATED = re.compile(r"\.\.\.")  # pandas' "..." (a typographic "…" may be prose)


class _Cells(HTMLParser):
    """Collects the text of every table cell (``td``/``th``) in a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: list[str] = []
        self._depth = 0  # inside a cell (cells do not nest in these pages, but be safe)
        self._text: list[str] = []
        self._skip = 0  # inside <script> or <style>: not table text

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in ("td", "th"):
            if self._depth == 0:
                self._text = []
            self._depth += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in ("td", "th") and self._depth:
            self._depth -= 1
            if self._depth == 0:
                self.cells.append(" ".join("".join(self._text).split()))

    def handle_data(self, data):
        if self._depth and not self._skip:
            self._text.append(data)


def table_cells(page: Path) -> list[str]:
    parser = _Cells()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.cells


def bad_cells(cells: list[str]) -> list[str]:
    """The cells a reader should never see: raw missing values or truncation."""
    return [c for c in cells if c in RAW_MISSING or TRUNCATED.search(c)]


def test_the_check_catches_pandas_artefacts():
    cells = [
        "NaN",
        "<NA>",
        "None",
        "NaT",
        "a long note cut short...",
        "...",
        "400",
        "—",
        "None of them",
    ]
    assert bad_cells(cells) == cells[:6]


def test_no_table_cell_shows_a_raw_missing_value_or_truncation(html_dir):
    pages = [
        p
        for p in sorted(html_dir.rglob("*.html"))
        if not any(part.startswith("_") for part in p.relative_to(html_dir).parts)
    ]
    assert pages, f"no pages in {html_dir}"
    problems = {}
    n_cells = 0
    for page in pages:
        cells = table_cells(page)
        n_cells += len(cells)
        bad = bad_cells(cells)
        if bad:
            problems[str(page.relative_to(html_dir))] = sorted(set(bad))[:8]
    assert n_cells > 100, f"only {n_cells} table cells found: is the book built?"
    assert problems == {}, f"table cells with NaN, <NA>, None or '...': {problems}"
