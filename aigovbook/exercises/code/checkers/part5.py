"""Checkers of the code exercises C5.1 and C5.2: events after the article (Part V)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ....text import format_date
from ..compare import (
    Checker,
    _as_number,
    _events_api,
    _fb,
    _frame_not_counts,
    _kind,
    _listing,
    compare_table,
)

SUMMIT_COLUMNS = ["date", "title", "china_role", "us_role"]


def _confirmed_summits() -> pd.DataFrame:
    summits = _events_api().events(kind="summit", gradable=True)
    return summits[SUMMIT_COLUMNS].reset_index(drop=True)


def _compare_summits(value: Any, want: pd.DataFrame):
    every = _events_api().events().set_index("title")

    def why_extra(title: str) -> str:
        if title not in every.index:
            return "not an event title in the data"
        row = every.loc[title]
        if row["status"] == "RECALLED":
            return (
                "its status is RECALLED (the book's recollection, not confirmed): "
                'keep only rows whose `status` is not "RECALLED"'
            )
        return f'its kind is {row["kind"]!r}, not "summit"'

    def why_missing(title: str) -> str:
        return f"a confirmed summit event of {format_date(str(every.loc[title, 'date'].date()))}"

    if isinstance(value, pd.DataFrame) and "date" in value.columns:
        try:  # dates kept as text ("2023-11-01") are read as dates
            value = value.assign(date=pd.to_datetime(value["date"]))
        except (ValueError, TypeError):
            pass
    return compare_table(
        value,
        want,
        name="summits",
        key="title",
        sort_by=["date"],
        why_extra=why_extra,
        why_missing=why_missing,
    )


def _china_roles() -> pd.Series:
    return _events_api().events(gradable=True)["china_role"].value_counts()


def _compare_china_roles(value: Any, want: pd.Series):
    as_frame = _frame_not_counts(
        value, "china_roles", example='confirmed["china_role"].value_counts()'
    )
    if as_frame:
        return as_frame
    if isinstance(value, Mapping):
        value = pd.Series(value, dtype=object)
    if not isinstance(value, pd.Series):
        return _fb("invalid", f"`china_roles` is {_kind(value)}; the answer is a pandas Series.")
    roles = _events_api().ROLES
    got: dict[str, float] = {}
    for key, number in value.items():
        count, problem = _as_number(number, f"china_roles[{key!r}]")
        if problem:
            return _fb("invalid", problem)
        got[str(key)] = float(count)
    # Same shape as the ids-not-names check in part4's `_compare_china`, different
    # rule: role labels match exactly (forum names there are case-folded, with close matches).
    labels = {label: code for code, label in roles.items() if label != code}
    as_labels = [k for k in got if k in labels]
    if as_labels:
        return _fb(
            "incorrect",
            f"use the role codes of the `china_role` column, not display labels: e.g. "
            f"{labels[as_labels[0]]!r} for {as_labels[0]!r}.",
        )
    unknown = [k for k in got if k not in roles]
    if unknown:
        return _fb(
            "incorrect",
            f"unexpected index values: {_listing(unknown)}. The index should hold the role "
            f"codes of `china_role` ({_listing(roles, 9)}).",
        )
    # roles with a count of 0 (as `role_counts` gives them) are fine
    mine = pd.Series({k: v for k, v in got.items() if v != 0}, dtype=float)
    theirs = want.astype(float)

    def same(other: pd.Series) -> bool:
        other = other[other != 0].astype(float)
        return set(mine.index) == set(other.index) and all(
            abs(mine[k] - other[k]) < 1e-9 for k in other.index
        )

    if same(theirs):
        if not all(float(v).is_integer() for v in got.values()):
            return _fb("incorrect", "counts are whole numbers.")
        return _fb("correct")
    total = float(theirs.sum())
    if same(theirs / total):
        return _fb(
            "incorrect", "these are shares (they add up to 1), not counts: drop `normalize=True`."
        )
    if same(100 * theirs / total):
        return _fb(
            "incorrect", "these are percentages, not counts: drop `normalize=True` and * 100."
        )
    every = _events_api().events()
    if same(every["china_role"].value_counts()):
        recalled = every[every["status"] == "RECALLED"]
        return _fb(
            "incorrect",
            "you counted every row, RECALLED ones too: "
            f"{_listing(recalled['id'])} is the book's recollection, not confirmed; "
            'keep only rows whose `status` is not "RECALLED".',
        )
    confirmed = _events_api().events(gradable=True)
    if same(confirmed["us_role"].value_counts()):
        return _fb(
            "incorrect", "these are the roles of the United States (`us_role`), not China's."
        )
    for kind in _events_api().KINDS:
        if same(confirmed.loc[confirmed["kind"] == kind, "china_role"].value_counts()):
            return _fb(
                "incorrect",
                f"you counted the {kind!r} events only; count the events of all tracks.",
            )
    missing = [r for r in theirs.index if r not in mine.index]
    extra = [r for r in mine.index if r not in theirs.index]
    differ = [r for r in theirs.index if r in mine.index and mine[r] != theirs[r]]
    return _fb(
        "incorrect",
        f"missing role(s): {_listing(missing)}." if missing else "",
        f"role(s) China plays in no confirmed event: {_listing(extra)}." if extra else "",
        f"the counts for {_listing(differ)} are not what the data give." if differ else "",
    )


#: checker name (``checker:`` in the YAML) -> :class:`Checker`
CHECKERS: dict[str, Checker] = {
    "confirmed_summits": Checker(
        _confirmed_summits,
        _compare_summits,
        (
            "not a DataFrame (e.g. a Series)",
            "missing or extra columns; a column left in the index",
            "the RECALLED row kept (not confirmed)",
            "an event of another track kept; a summit missing",
            "wrong sort order",
        ),
    ),
    "china_role_counts": Checker(
        _china_roles,
        _compare_china_roles,
        (
            "a DataFrame (groupby().count()) instead of a Series",
            "display labels instead of role codes; unknown roles",
            "shares or percentages instead of counts",
            "a RECALLED row counted",
            "the United States' roles instead of China's",
            "one track only",
        ),
    ),
}
