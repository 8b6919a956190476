"""How the exercise bank writes dates, names and filled-in texts.

Pure functions over values (no data loading), shared by the bank, the answer
functions, the widgets and the explorer.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Mapping
from typing import Any

__all__ = [
    "at",
    "fill",
    "format_date",
    "format_when",
    "iso",
    "present",
    "with_article",
]

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def format_date(value: str | _dt.date) -> str:
    """``"2021-12-31"`` -> ``"31 December 2021"``."""
    day = value if isinstance(value, _dt.date) else _dt.date.fromisoformat(str(value))
    return f"{day.day} {day:%B %Y}"


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
        return f"{day:%B %Y}"
    return format_date(day)


def at(value: Any, precision: Any = "day") -> str:
    """ "on 15 June 2020", "in July 2024", "in 1999"."""
    known = str(precision) if present(precision) else "day"
    return ("on " if known == "day" else "in ") + format_when(value, precision)


def with_article(name: str) -> str:
    """ "United States" -> "the United States" (for names used in sentences)."""
    needs = (
        "United ",
        "Republic ",
        "Democratic ",
        "Netherlands",
        "European ",
        "African ",
        "Philippines",
    )
    return f"the {name}" if name.startswith(needs) else name


_FIGURE_REF = re.compile(r"\{fig:([A-Za-z0-9_]+)\}")


def fill(
    text: str,
    params: Mapping[str, str],
    labels: Mapping[str, str],
    figure_value: Callable[[str], float],
    answer: str | None = None,
) -> str:
    """Fill ``{param}``, ``{fig:ID}`` (a figure's value) and ``{answer}`` in bank text."""
    for name, value in params.items():
        text = text.replace("{" + name + "}", labels.get(name, value))
    if answer is not None:
        text = text.replace("{answer}", answer)
    return _FIGURE_REF.sub(lambda m: f"{figure_value(m.group(1)):g}", text)
