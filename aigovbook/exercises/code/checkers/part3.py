"""Checkers of the code exercises C3.1 and C3.2: the policy documents (Part III)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..compare import (
    Checker,
    _api,
    _fb,
    _frame_not_counts,
    _kind,
    _listing,
    compare_table,
)

DOC_YEARS = (2020, 2021)


def _documents_2020_2021() -> pd.DataFrame:
    documents = _api().load("documents")
    rows = documents[documents["year"].between(*DOC_YEARS)]
    columns = ["category", "year", "title"]
    return rows[columns].sort_values(columns, kind="stable").reset_index(drop=True)


def _compare_documents(value: Any, want: pd.DataFrame):
    documents = _api().load("documents").set_index("title")

    def why_extra(title: str) -> str:
        if title in documents.index:
            year = documents.loc[title, "year"]
            if pd.notna(year):
                return (
                    f"from {int(year)}, outside 2020-2021 (check the boundaries: both years count)"
                )
        return "not a document of 2020-2021"

    def why_missing(title: str) -> str:
        year = int(documents.loc[title, "year"])
        return f"from {year}, inside 2020-2021 (check the boundaries: both years count)"

    return compare_table(
        value,
        want,
        name="docs",
        key="title",
        sort_by=["category", "year", "title"],
        why_extra=why_extra,
        why_missing=why_missing,
    )


def _counts() -> pd.Series:
    return _api().load("documents")["category"].value_counts().sort_index()


def _compare_counts(value: Any, want: pd.Series):
    as_frame = _frame_not_counts(value, "counts", example='documents["category"].value_counts()')
    if as_frame:
        return as_frame
    if isinstance(value, Mapping):
        value = pd.Series(value)
    if not isinstance(value, pd.Series):
        return _fb("invalid", f"`counts` is {_kind(value)}; the answer is a pandas Series.")
    got = {str(k): v for k, v in value.items()}
    missing = [c for c in want.index if c not in got]
    extra = [c for c in got if c not in want.index]
    if missing or extra:
        hint = (
            " The index should hold the category codes "
            f"({_listing(want.index)}), not labels or numbers."
        )
        return _fb(
            "incorrect",
            f"missing categories: {_listing(missing)}." if missing else "",
            f"unexpected index values: {_listing(extra)}." + hint if extra else "",
        )
    mine = pd.Series({k: float(got[k]) for k in want.index})
    theirs = want.astype(float)
    if (mine == theirs).all():
        if not all(float(v).is_integer() for v in value):
            return _fb("incorrect", "counts are whole numbers.")
        return _fb("correct")
    total = float(theirs.sum())
    if (abs(mine - theirs / total) < 1e-9).all():
        return _fb(
            "incorrect",
            "these are shares (they add up to 1), not counts: drop `normalize=True`.",
        )
    if (abs(mine - 100 * theirs / total) < 1e-6).all():
        return _fb(
            "incorrect", "these are percentages, not counts: drop `normalize=True` and * 100."
        )
    documents = _api().load("documents")
    in_range = documents[documents["year"].between(*DOC_YEARS)]["category"].value_counts()
    if all(mine[c] == in_range.get(c, 0) for c in want.index):
        return _fb("incorrect", "you counted the documents of 2020-2021 only; count all years.")
    differ = [c for c in want.index if mine[c] != theirs[c]]
    return _fb("incorrect", f"the counts for {_listing(differ)} are not what the data give.")


#: checker name (``checker:`` in the YAML) -> :class:`Checker`
CHECKERS: dict[str, Checker] = {
    "documents_2020_2021": Checker(
        _documents_2020_2021,
        _compare_documents,
        (
            "not a DataFrame",
            "missing or extra columns",
            "wrong year boundary (a document from outside 2020-2021 kept, or 2021 left out)",
            "wrong sort order",
        ),
    ),
    "documents_per_category": Checker(
        _counts,
        _compare_counts,
        (
            "a DataFrame (groupby().count()) instead of a Series",
            "labels instead of category codes; missing categories",
            "shares or percentages instead of counts",
            "only 2020-2021 counted",
        ),
    ),
}
