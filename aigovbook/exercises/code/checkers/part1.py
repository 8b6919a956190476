"""Checkers of the code exercises C1.1 and C1.2: the doctrine table (Part I)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..compare import (
    Checker,
    _api,
    _fb,
    compare_number,
    compare_table,
)

LOW_PROFILE = "Keep a low profile and never claim leadership"


def _eras() -> pd.DataFrame:
    doctrine = _api().load("doctrine")
    eras = doctrine[doctrine["kind"] == "era"][["leader", "start", "principle"]]
    return eras.sort_values("start", kind="stable").reset_index(drop=True)


def _compare_eras(value: Any, want: pd.DataFrame):
    doctrine = _api().load("doctrine").set_index("leader", drop=False)

    def why_extra(leader: str) -> str:
        kinds = set(doctrine.loc[doctrine["leader"] == leader, "kind"])
        if "era" not in kinds:
            return "its rows are turning points, not eras: keep rows whose kind is 'era'"
        return "not an era leader in the data"

    if isinstance(value, pd.DataFrame) and "leader" in value.columns:
        leaders = list(value["leader"].astype(str))
        if len(leaders) > len(set(leaders)) and set(leaders) >= set(want["leader"]):
            return _fb(
                "incorrect",
                "some leaders appear more than once: turning points are still in the table; "
                'keep only the rows whose `kind` is "era".',
            )
    return compare_table(
        value,
        want,
        name="eras",
        key="leader",
        sort_by=["start"],
        why_extra=why_extra,
        why_missing=lambda leader: "an era in the data (kind 'era')",
    )


def _low_profile_years() -> int:
    eras = _api().load("doctrine")
    eras = eras[eras["kind"] == "era"]
    first = eras.loc[eras["principle"] == LOW_PROFILE, "start"].min()
    after = eras[(eras["start"] > first) & (eras["principle"] != LOW_PROFILE)]
    return int(after["start"].min() - first)


def _compare_low_profile(value: Any, want: int):
    eras = _api().load("doctrine")
    eras = eras[eras["kind"] == "era"].sort_values("start")
    low = eras[eras["principle"] == LOW_PROFILE]
    first = int(low["start"].min())
    known = [
        (want + 1, "one year too many: a span from one start year to another is their difference."),
        (
            int(low["end"].max()) - first if low["end"].notna().all() else -1,
            "you used the `end` of the last low-profile era; measure to the `start` of the "
            "next era instead (the same here only if the eras meet).",
        ),
        (
            int(low.iloc[0]["end"]) - first,
            "that is the first low-profile era alone; the principle continued in the eras "
            "after it until a different principle started.",
        ),
        (
            int(eras.iloc[-1]["start"]) - int(eras.iloc[0]["start"]),
            "that span starts with the first era of all, not with the first low-profile era.",
        ),
    ]
    known = [(w, m) for w, m in known if w != want]
    return compare_number(value, want, name="years", tolerance=0, whole=True, known=known)


#: checker name (``checker:`` in the YAML) -> :class:`Checker`
CHECKERS: dict[str, Checker] = {
    "doctrine_eras": Checker(
        _eras,
        _compare_eras,
        (
            "not a DataFrame (e.g. a Series)",
            "missing or extra columns; a column left in the index",
            "turning points kept (rows that are not eras)",
            "a missing era",
            "wrong sort order",
        ),
    ),
    "low_profile_years": Checker(
        _low_profile_years,
        _compare_low_profile,
        (
            "not a number (text, a one-value Series)",
            "one year too many (inclusive count)",
            "the first low-profile era alone",
            "measured from the first era of all",
            "not a whole number",
        ),
    ),
}
