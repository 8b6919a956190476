"""Checkers of the code exercises C4.1 and C4.2: membership on a date (Part IV)."""

from __future__ import annotations

import datetime as _dt
import difflib
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from ....text import format_date
from ..compare import (
    ARTICLE_DATE,
    Checker,
    _api,
    _fb,
    _kind,
    _listing,
)


def _china_2021() -> set[str]:
    return set(_api().forums_of("CHN", ARTICLE_DATE))


def _membership_story(forum: str, member: str, date: str) -> str:
    """Why ``member`` was or was not in ``forum`` on ``date``, with the data's dates."""
    rows = _api().load("memberships")
    rows = rows[(rows["forum"] == forum) & (rows["member"] == member)]
    if rows.empty:
        return "the data record no membership at all"
    day = pd.Timestamp(date)
    joined = rows["joined"].min()
    left = rows["left"].dropna()
    if joined > day:
        return f"joined on {format_date(str(joined.date()))}, after {format_date(date)}"
    if len(left) and left.max() <= day:
        return f"left on {format_date(str(left.max().date()))}, before {format_date(date)}"
    return f"a member since {format_date(str(joined.date()))}"


def _compare_china(value: Any, want: set[str]):
    api = _api()
    names = api.membership.forum_names()
    if isinstance(value, str):
        return _fb(
            "invalid",
            f"`china_2021` is {_kind(value)}; the answer is a set of forum ids, e.g. "
            '`{"G20", "BRICS"}`.',
        )
    if isinstance(value, Mapping) or not isinstance(value, Iterable):
        return _fb("invalid", f"`china_2021` is {_kind(value)}; the answer is a set of forum ids.")
    items = list(value)
    if not all(isinstance(i, str) for i in items):
        return _fb("invalid", '`china_2021` should hold forum ids as text, such as "G20".')
    problems = []
    if not isinstance(value, (set, frozenset)):
        problems.append(f"`china_2021` is {_kind(value)}; a set would do (`set(...)`).")
    by_name = {v.casefold(): k for k, v in names.items()}
    as_names = [i for i in items if i not in names and i.casefold() in by_name]
    if as_names:
        return _fb(
            "invalid",
            f"use forum ids, not names: e.g. {by_name[as_names[0].casefold()]!r} for "
            f"{as_names[0]!r}.",
        )
    unknown = [i for i in items if i not in names]
    if unknown:
        hints = [
            f"{u!r}"
            + (
                f" (did you mean {m[0]!r}?)"
                if (m := difflib.get_close_matches(u, names, 1))
                else ""
            )
            for u in unknown
        ]
        return _fb(
            "invalid", f"unknown forum id(s): {', '.join(hints)}. Ids: {_listing(names, 20)}."
        )
    got = set(items)
    if got == want:
        return _fb("incorrect", *problems) if problems else _fb("correct")
    for other in ("2022-12-31", "2021-01-01", "2020-12-31", "2026-01-01"):
        if got == set(api.forums_of("CHN", other)) and got != want:
            problems.append(
                f"this is China's list on {format_date(other)}: query the date "
                f"{format_date(ARTICLE_DATE)} "
                '("2021-12-31").'
            )
            break
    for forum in sorted(got - want):
        problems.append(
            f"extra forum {forum}: China {_membership_story(forum, 'CHN', ARTICLE_DATE)}."
        )
    for forum in sorted(want - got):
        problems.append(
            f"missing forum {forum}: China was {_membership_story(forum, 'CHN', ARTICLE_DATE)}."
        )
    return _fb("incorrect", *problems)


GPAI_YEARS = range(2020, 2025)


def _gpai_counts(day: str = "12-31") -> pd.Series:
    api = _api()
    return pd.Series(
        [len(api.members_on("GPAI", f"{y}-{day}")) for y in GPAI_YEARS],
        index=pd.Index(list(GPAI_YEARS)),
    )


def _compare_gpai(value: Any, want: pd.Series):
    if isinstance(value, Mapping):
        value = pd.Series(value)
    if isinstance(value, pd.DataFrame):
        return _fb(
            "invalid",
            f"`gpai` is {_kind(value)}; the answer is a Series (one value per year).",
        )
    if not isinstance(value, pd.Series):
        return _fb(
            "invalid",
            f"`gpai` is {_kind(value)}; the answer is a pandas Series indexed by year "
            "(`pd.Series(counts, index=years)`).",
        )
    problems = []
    index = list(value.index)
    if index and all(isinstance(i, (pd.Timestamp, _dt.date)) for i in index):
        return _fb(
            "incorrect",
            "the index holds dates; use the years as whole numbers "
            "(e.g. `index=range(2020, 2025)`).",
        )
    try:
        years = [int(str(i)) for i in index]
    except ValueError:
        return _fb("incorrect", f"the index should hold years such as 2020, not {index[:3]}.")
    got = dict(zip(years, value.tolist(), strict=False))
    missing = [y for y in want.index if y not in got]
    extra = [y for y in got if y not in want.index]
    if missing:
        problems.append(f"missing year(s): {_listing(missing)}.")
    if extra:
        problems.append(f"extra year(s): {_listing(extra)}; the prompt asks for 2020 to 2024.")
    if missing or extra:
        return _fb("incorrect", *problems)
    mine = pd.Series([got[y] for y in want.index], index=want.index)
    if (mine == want).all():
        return _fb("correct")
    january = _gpai_counts("01-01")
    if (mine == january).all():
        return _fb(
            "incorrect",
            "these are the counts on 1 January; the prompt asks for 31 December "
            "(wrong date boundary: members who joined during the year are missing).",
        )
    next_january = pd.Series(
        [len(_api().members_on("GPAI", f"{y + 1}-01-01")) for y in want.index], index=want.index
    )
    if (mine == next_january).all() and not (next_january == want).all():
        return _fb("incorrect", "these are the counts on 1 January of the next year.")
    eu = pd.Series(
        [int("EUU" in _api().members_on("GPAI", f"{y}-12-31")) for y in want.index],
        index=want.index,
    )
    if (mine == want - eu).all():
        return _fb(
            "incorrect",
            "the European Union is missing: it is a member of GPAI and counts as one.",
        )
    differ = [str(y) for y in want.index if mine[y] != want[y]]
    return _fb(
        "incorrect",
        f"the counts for {_listing(differ)} are not the data's counts on 31 December.",
    )


#: checker name (``checker:`` in the YAML) -> :class:`Checker`
CHECKERS: dict[str, Checker] = {
    "china_forums_2021": Checker(
        _china_2021,
        _compare_china,
        (
            "not a set of ids (text, a mapping; names instead of ids; unknown ids)",
            "the list on another date (wrong date boundary)",
            "an extra forum, explained by its join or leave date",
            "a missing forum, with the date China joined",
        ),
    ),
    "gpai_by_year": Checker(
        _gpai_counts,
        _compare_gpai,
        (
            "not a Series (a list, a DataFrame)",
            "dates instead of years in the index; missing or extra years",
            "counted on 1 January instead of 31 December (date boundary)",
            "the European Union left out",
        ),
    ),
}
