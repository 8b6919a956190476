"""The membership explorer's data (aigovbook.exercises.explorer)."""

from __future__ import annotations

import aigovbook
from aigovbook.exercises.explorer import (
    FULL_FORUMS,
    YEARS,
    active_in_browser,
    explorer_members,
    explorer_spans,
    status_table,
)


def test_explorer_rule_in_the_browser_matches_forums_of():
    spans = explorer_spans()
    assert not spans["pair"].duplicated().any()
    by_pair = {row["pair"]: row for _, row in spans.iterrows()}
    for code in explorer_members()["code"]:
        for year in YEARS:
            expected = aigovbook.forums_of(code, f"{year}-12-31") & set(FULL_FORUMS)
            got = set()
            for forum in FULL_FORUMS:
                row = by_pair.get(f"{code}|{forum}")
                if row is not None and active_in_browser(row["y0"], row["y1"], year):
                    got.add(forum)
            assert got == expected, (code, year)


def test_status_table_for_the_widget_explorer():
    table = status_table("CHN", "2021-12-31")
    assert list(table["forum"]) == list(FULL_FORUMS)
    yes = set(table.loc[table["member"] == "yes", "forum"])
    assert yes == aigovbook.forums_of("CHN", "2021-12-31") & set(FULL_FORUMS)
    assert table.set_index("forum").loc["OECD", "members that day"] == 38
