"""One home for how the book writes numbers, dates and lists (aigovbook.text)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from aigovbook import facts, figures, tables, text

PACKAGE = Path(text.__file__).parent


@pytest.mark.parametrize(
    "value", ["2021-12-31", dt.date(2021, 12, 31), pd.Timestamp("2021-12-31 13:00")]
)
def test_the_book_date_style(value):
    assert text.format_date(value) == "31 December 2021"
    assert text.month_year(value) == "December 2021"


def test_dates_at_their_known_precision():
    assert text.format_when("2020-06-15") == "15 June 2020"
    assert text.format_when("2024-07-01", "month") == "July 2024"
    assert text.format_when(pd.Timestamp("1999-01-01"), "year") == "1999"
    assert text.format_when("2020-06-05", float("nan")) == "5 June 2020"


def test_numbers_and_lists_as_the_prose_writes_them():
    assert (text.plain(2.0), text.plain("1.5")) == (2, 1.5)
    assert isinstance(text.plain(2.0), int)
    assert [text.count_word(n) for n in (0, 9, 12, 13)] == ["zero", "nine", "twelve", "13"]
    assert text.listing([]) == "none"
    assert text.listing(["G7"]) == "G7"
    assert text.listing(["G7", "G20", "BRICS"]) == "G7, G20 and BRICS"
    assert text.truncated_listing("abc", limit=6) == "a, b, c"
    assert text.truncated_listing("abcdefgh", limit=6) == "a, b, c, d, e, f and 2 more"


def test_the_modules_that_format_use_the_one_home():
    assert figures.plain is text.plain
    assert facts.format_date is text.format_date
    assert tables.format_cell(pd.Timestamp("2021-12-31")) == "31 December 2021"


def test_the_date_style_is_written_once_in_the_package():
    # Month-name strftime formats ("%B") belong in aigovbook/text.py only. The exercise
    # modules are left to their own move (see the report of issue 21).
    pending: set[str] = set()
    written = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.name not in pending and path != PACKAGE / "text.py"
        if re.search(r"%B|\bdef _plain\b|\bMONTHS = ", path.read_text(encoding="utf-8"))
    ]
    assert written == []
