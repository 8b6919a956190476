"""How the exercise bank writes dates, names and filled-in texts.

Pure functions over values (no data loading), shared by the bank, the answer
functions, the widgets and the explorer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from ...text import format_date, format_when, iso, present

__all__ = [
    "at",
    "fill",
    "format_date",
    "format_when",
    "iso",
    "present",
    "with_article",
]


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
