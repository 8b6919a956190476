"""The Part IV membership explorers (aigovbook.charts.explorer): data, rule and charts."""

from __future__ import annotations

import aigovbook
from aigovbook.charts.explorer import (
    FULL_FORUMS,
    MEMBERSHIP_RULE,
    YEARS,
    active_in_browser,
    explorer_forums,
    explorer_members,
    explorer_spans,
    forum_sizes,
    membership_explorer,
    status_table,
)

from .vl import encodings


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


def test_membership_explorer_filters_in_the_page_by_its_two_controls():
    spec = membership_explorer(
        explorer_spans(), explorer_forums(), explorer_members(), YEARS, rule=MEMBERSHIP_RULE
    ).to_dict()
    assert spec["title"]["text"] == "Which forums did a country belong to, and when?"
    assert spec["description"].startswith(
        "Interactive timeline of one country's memberships in nine forums (G7, G20, OECD,"
    )
    assert "China then belonged only to the G20 and BRICS" in spec["description"]
    assert [p["name"] for p in spec["params"]] == ["country", "year"]
    assert MEMBERSHIP_RULE in str(spec)
    assert {
        ("x", "start", "temporal"),
        ("x2", "end", ""),
        ("y", "forum", "nominal"),
        ("shape", "status", "nominal"),
    } <= encodings(spec)


def test_forum_sizes_counts_the_forums_a_member_sat_in():
    spec = forum_sizes(status_table("CHN", "2021-12-31"), "China", "31 December 2021").to_dict()
    assert spec["title"]["text"] == (
        "China sat in 2 of the 9 forums with full member lists on 31 December 2021"
    )
    assert spec["title"]["subtitle"].endswith(
        "(G20 AI Principles, UN, CCW (GGE on LAWS), UNESCO AI Recommendation, ISO/IEC SC 42)"
    )
    assert "the nine forums whose full member lists the book records" in spec["description"]
    assert {
        ("x", "members that day", "quantitative"),
        ("y", "forum", "nominal"),
        ("color", "member", "nominal"),
    } <= encodings(spec)
