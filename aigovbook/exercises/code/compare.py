"""Comparison helpers of the code-exercise checkers: each names the student's mistake."""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ...membership import ARTICLE_DATE  # the article's evidence runs to the end of 2021
from ...text import truncated_listing as _listing

__all__ = [
    "ARTICLE_DATE",
    "Checker",
    "CodeExerciseError",
    "compare_chart",
    "compare_number",
    "compare_table",
]


def _fb(status: str, *messages: str) -> tuple[str, tuple[str, ...]]:
    return status, tuple(m for m in messages if m)


class CodeExerciseError(ValueError):
    """The code-exercise definitions are malformed; the message names the entry."""


@dataclass(frozen=True)
class Checker:
    """``expected()`` computes the answer from the data; ``compare(value,
    want)`` returns ``(status, messages)``; ``mistakes`` documents what it
    recognises."""

    expected: Callable[[], Any]
    compare: Callable[[Any, Any], tuple[str, tuple[str, ...]]]
    mistakes: tuple[str, ...]


def _api():
    import aigovbook

    return aigovbook


def _kind(value: Any) -> str:
    """A short, student-facing name of a value's type."""
    if isinstance(value, pd.DataFrame):
        return f"a DataFrame with columns {list(value.columns)}"
    if isinstance(value, pd.Series):
        return f"a Series of {len(value)} value(s)"
    if isinstance(value, bool):
        return f"the boolean {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    return f"a {type(value).__module__.split('.')[0]}.{type(value).__name__}".replace(
        "builtins.", ""
    )


def _as_number(value: Any, name: str) -> tuple[float | None, str | None]:
    """A real number out of ``value``, or ``(None, message)``."""
    if isinstance(value, bool):
        return None, f"`{name}` is {_kind(value)}; the answer is a number."
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number):
            return None, f"`{name}` is NaN (missing): did a look-up find no row?"
        return number, None
    if isinstance(value, str):
        try:
            float(value.replace("%", ""))
        except ValueError:
            return None, f"`{name}` is {_kind(value)}; compute a number."
        return None, f"`{name}` is {_kind(value)}, a number typed as text: compute it as a number."
    if isinstance(value, (pd.Series, pd.DataFrame, pd.Index)) or hasattr(value, "__len__"):
        size = getattr(value, "size", None) or len(value)
        if size == 1:
            return None, (
                f"`{name}` is {_kind(value)} holding one value; take the number out of it, "
                "e.g. with `.iloc[0]`, `.item()` or `float(...)`."
            )
        return None, f"`{name}` is {_kind(value)}; the answer is one number."
    return None, f"`{name}` is {_kind(value)}; the answer is a number."


def compare_number(
    value: Any,
    want: float,
    *,
    name: str,
    tolerance: float,
    whole: bool = False,
    known: Iterable[tuple[float, str]] = (),
) -> tuple[str, tuple[str, ...]]:
    """Compare a number; recognise factors of 100 and the ``known`` wrong values."""
    number, problem = _as_number(value, name)
    if problem:
        return _fb("invalid", problem)
    assert number is not None
    if abs(number - want) <= tolerance:
        if whole and not float(number).is_integer():
            return _fb("incorrect", f"`{name}` should be a whole number.")
        return _fb("correct")
    for factor, words in (
        (100, "a fraction, not per cent: multiply by 100"),
        (0.01, "100 times too big"),
    ):
        if want and abs(number * factor - want) <= tolerance * max(factor, 1):
            return _fb("incorrect", f"`{name}` is off by a factor of 100: it looks like {words}.")
    for wrong, message in known:
        if abs(number - wrong) <= tolerance:
            return _fb("incorrect", message)
    return _fb(
        "incorrect",
        f"`{name}` = {number:g} is not what the data give. Re-read the prompt and print the "
        "intermediate values (the rows you selected) to see where it goes wrong.",
    )


def _column_problems(frame: pd.DataFrame, columns: list[str], name: str) -> list[str]:
    have = [str(c) for c in frame.columns]
    missing = [c for c in columns if c not in have]
    extra = [c for c in have if c not in columns]
    out = []
    if missing:
        index_names = [n for n in frame.index.names if n]
        moved = [c for c in missing if c in index_names]
        if moved:
            out.append(
                f"`{name}` has {_listing(moved)} in its index, not as a column: "
                "use `.reset_index()`."
            )
        rest = [c for c in missing if c not in moved]
        if rest:
            out.append(f"`{name}` is missing the column(s) {_listing(rest)}.")
    if extra:
        out.append(f"`{name}` has extra column(s) {_listing(extra)}: keep only {columns}.")
    return out


def _not_a_frame(value: Any, name: str, *, series_hint: str):
    """Feedback when ``value`` is not a DataFrame (``series_hint`` follows "the
    answer is a DataFrame" when it is a Series), else ``None``."""
    if isinstance(value, pd.Series):
        answer = f"the answer is a DataFrame{series_hint}"
        return _fb("invalid", f"`{name}` is {_kind(value)}; {answer}.")
    if not isinstance(value, pd.DataFrame):
        return _fb("invalid", f"`{name}` is {_kind(value)}; the answer is a DataFrame.")
    return None


def _frame_not_counts(value: Any, name: str, *, example: str):
    """Feedback when a count (a Series) was given as a DataFrame, else ``None``;
    ``example`` is a ``value_counts`` call that counts one column."""
    if not isinstance(value, pd.DataFrame):
        return None
    if value.shape[1] == 1:
        return _fb(
            "invalid",
            f'`{name}` is {_kind(value)}; take its one column (`frame["..."]`) to get a Series.',
        )
    return _fb(
        "invalid",
        f"`{name}` is {_kind(value)}: `groupby(...).count()` counts every column; "
        f"count one column, e.g. `{example}`.",
    )


def compare_table(
    value: Any,
    want: pd.DataFrame,
    *,
    name: str,
    key: str,
    sort_by: list[str],
    why_extra: Callable[[Any], str] | None = None,
    why_missing: Callable[[Any], str] | None = None,
) -> tuple[str, tuple[str, ...]]:
    """Compare a DataFrame row by row, rows identified by column ``key``."""
    columns = [str(c) for c in want.columns]
    not_frame = _not_a_frame(
        value,
        name,
        series_hint=f" with the columns {columns} "
        "(select several columns with a list: `frame[[...]]`)",
    )
    if not_frame:
        return not_frame
    problems = _column_problems(value, columns, name)
    if key not in [str(c) for c in value.columns]:
        return _fb("incorrect", *problems)
    got_keys = [str(k) for k in value[key]]
    want_keys = [str(k) for k in want[key]]
    missing = [k for k in want_keys if k not in got_keys]
    extra = [k for k in got_keys if k not in want_keys]
    duplicated = sorted({k for k in got_keys if got_keys.count(k) > 1})
    for k in extra[:4]:
        problems.append(f"extra row {k!r}" + (f": {why_extra(k)}" if why_extra else "") + ".")
    if len(extra) > 4:
        problems.append(f"... and {len(extra) - 4} more extra rows.")
    for k in missing[:4]:
        problems.append(f"missing row {k!r}" + (f": {why_missing(k)}" if why_missing else "") + ".")
    if len(missing) > 4:
        problems.append(f"... and {len(missing) - 4} more missing rows.")
    if duplicated:
        problems.append(f"rows appear more than once: {_listing(duplicated)}.")
    if not missing and not extra and not duplicated:
        mine = value.set_index(value[key].astype(str))
        theirs = want.set_index(want[key].astype(str))
        for column in columns:
            if column == key or column not in mine.columns:
                continue
            differ = [
                k for k in want_keys if str(mine.loc[k, column]) != str(theirs.loc[k, column])
            ]
            if differ:
                problems.append(
                    f"column {column!r} does not hold the data's values for {_listing(differ, 3)}."
                )
        if not problems and got_keys != want_keys:
            problems.append(f"the right rows in the wrong order: sort by {sort_by}.")
    return _fb("incorrect", *problems) if problems else _fb("correct")


def _field(channel: Any) -> tuple[str | None, str | None]:
    """(field, type) of an encoding channel as a dict from ``Chart.to_dict``."""
    if not isinstance(channel, Mapping):
        return None, None
    return channel.get("field"), channel.get("type")


def compare_chart(value: Any, want: Mapping[str, Any], *, name: str = "chart"):
    """Compare an Altair chart: mark, x/y encodings and their data, title, description."""
    import altair as alt

    expected_text = f"Expected: {want['encoding']}."
    if not isinstance(value, alt.TopLevelMixin):
        return _fb(
            "invalid", f"`{name}` is {_kind(value)}; the answer is an Altair chart. {expected_text}"
        )
    if not isinstance(value, alt.Chart):
        return _fb(
            "invalid",
            f"`{name}` is an {type(value).__name__} (several charts combined); the answer is "
            f"one `alt.Chart`. {expected_text}",
        )
    spec = value.to_dict(validate=False)
    problems = []
    mark = spec.get("mark")
    mark_type = mark.get("type") if isinstance(mark, Mapping) else mark
    if mark_type != want["mark"]:
        problems.append(f"the mark is {mark_type!r}: use `.mark_{want['mark']}()`.")
    encoding = spec.get("encoding") or {}
    x_field, x_type = _field(encoding.get("x"))
    y_field, y_type = _field(encoding.get("y"))
    if x_type == want["y"] and y_type == want["x"]:
        problems.append(
            "x and y are swapped: the gain goes on x (quantitative), the regions on y (nominal)."
        )
    else:
        for channel, field, ftype in (("x", x_field, x_type), ("y", y_field, y_type)):
            if field is None:
                problems.append(
                    f"no field is encoded on {channel}: expected a {want[channel]} field."
                )
            elif ftype != want[channel]:
                problems.append(
                    f"{channel} encodes {field!r} as {ftype}; expected a {want[channel]} field "
                    f"(`:{want[channel][0].upper()}`)."
                )
    data = value.data if isinstance(value.data, pd.DataFrame) else None
    if data is None:
        problems.append("the chart has no DataFrame as data: pass the table to `alt.Chart(...)`.")
    elif x_field in data.columns and y_field in data.columns and not problems:
        shown = dict(zip(data[y_field].astype(str), data[x_field], strict=False))
        missing = [r for r in want["values"] if r not in shown]
        extra = [r for r in shown if r not in want["values"]]
        if missing:
            problems.append(f"regions missing from the chart: {_listing(missing)}.")
        if extra:
            problems.append(f"rows that are not PwC's seven regions: {_listing(extra)}.")
        if not missing and not extra:
            wrong = [r for r, v in want["values"].items() if abs(float(shown[r]) - v) > 1e-9]
            if wrong:
                problems.append(f"the bar lengths do not match PwC's gains for {_listing(wrong)}.")
    elif not problems:
        problems.append(
            f"the encoded fields {x_field!r} and {y_field!r} are not columns of the data."
        )
    title = spec.get("title")
    title_text = title.get("text") if isinstance(title, Mapping) else title
    if not title_text or not str(title_text).strip():
        problems.append('the chart has no title: `alt.Chart(data, title="...")`.')
    description = spec.get("description")
    if not description or len(str(description).split()) < 5:
        problems.append(
            "the chart has no description (or only a few words): "
            '`alt.Chart(data, description="...")` gives screen-reader users a sentence '
            "saying what the chart shows."
        )
    if problems:
        return _fb("incorrect", *problems, expected_text)
    return _fb("correct")


def _events_api():
    from aigovbook import events as events_module

    return events_module
