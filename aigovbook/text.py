"""How the book writes numbers, dates and lists in prose, titles and feedback.

Pure functions over values (no data loading): one home, so that a date or a
number reads the same on every page.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

__all__ = [
    "MONTHS",
    "count_word",
    "format_date",
    "format_when",
    "iso",
    "listing",
    "month_year",
    "plain",
    "present",
    "truncated_listing",
]

#: Month names, independent of the machine's locale.
MONTHS: tuple[str, ...] = tuple(
    "January February March April May June July August September October November December".split()
)
_NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def plain(x: Any) -> int | float:
    """A plain Python number: ``int`` when it is whole, else ``float``.

    >>> plain(2.0), plain("1.5")
    (2, 1.5)
    """
    x = float(x)
    return int(x) if x.is_integer() else x


def count_word(n: int) -> str:
    """A count as the prose writes it: ``4`` -> ``"four"``, ``13`` -> ``"13"``."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def format_date(value: Any) -> str:
    """The book's date style: ``"2021-12-31"`` -> ``"31 December 2021"``.

    Takes an ISO date text, a ``datetime.date`` or a ``pandas.Timestamp``.
    """
    day = pd.Timestamp(value)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def month_year(value: Any) -> str:
    """``"2021-12-31"`` -> ``"December 2021"``."""
    day = pd.Timestamp(value)
    return f"{MONTHS[day.month - 1]} {day.year}"


def iso(value: Any) -> str:
    """A date (or date-like text) as ``YYYY-MM-DD``; other values as text."""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value)
    return text[:10] if _ISO_DAY.match(text) else text


def present(value: Any) -> bool:
    """True for a real cell value (not None/NaN/NaT/empty)."""
    if value is None:
        return False
    try:
        if value != value:  # NaN, NaT
            return False
    except (TypeError, ValueError):
        pass
    return str(value).strip() not in ("", "NaT", "nan", "None", "<NA>")


def format_when(value: Any, precision: Any = "day") -> str:
    """A date at its known precision: "15 June 2020", "July 2024" or "1999"."""
    day = _dt.date.fromisoformat(iso(value))
    precision = str(precision) if present(precision) else "day"
    if precision == "year":
        return f"{day.year}"
    if precision == "month":
        return month_year(day)
    return format_date(day)


def listing(items: Iterable[Any]) -> str:
    """Items in a sentence: ``"a, b and c"``; ``"none"`` when there are none."""
    labels = [str(i) for i in items]
    if not labels:
        return "none"
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def truncated_listing(items: Iterable[Any], limit: int = 6) -> str:
    """The first ``limit`` items, comma-separated, then ``"and N more"``."""
    labels = [str(i) for i in items]
    shown = ", ".join(labels[:limit])
    return shown + (f" and {len(labels) - limit} more" if len(labels) > limit else "")
