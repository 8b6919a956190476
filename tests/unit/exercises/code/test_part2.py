"""The checkers of Part II's code exercises (aigovbook.exercises.code.checkers.part2)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from aigovbook.exercises.code import check

from .answers import messages, solution_value


def test_c2_1_share():
    share = solution_value("C2.1")
    assert "off by a factor of 100" in messages("C2.1", share / 100)
    assert "100 times too big" in messages("C2.1", share * 100)
    assert "China alone" in messages("C2.1", 100 * 7.0 / 15.7)
    assert "article's rounded total" in messages("C2.1", 100 * 10.7 / 16)
    assert "article's rounded claim" in messages("C2.1", 70)
    assert "rounded to a whole number" in messages("C2.1", 68)
    assert ".iloc[0]" in messages("C2.1", pd.Series([share]))
    assert check("C2.1", round(share, 1)).correct


def test_c2_2_mckinsey_table():
    table = solution_value("C2.2")
    assert "swapped" in messages("C2.2", table.T)
    assert "values are swapped" in messages(
        "C2.2",
        table.rename(columns={"displaced_workers": "x"}).rename(
            columns={"occupation_switchers": "displaced_workers", "x": "occupation_switchers"}
        ),
    )
    assert "million times too big" in messages("C2.2", table * 1e6)
    assert "make it the index" in messages("C2.2", table.reset_index())
    assert "tidy (long) table" in messages("C2.2", table.reset_index().melt(id_vars="scenario"))
    assert "missing scenario(s) rapid" in messages("C2.2", table.loc[["midpoint"]])
    assert "DataFrame" in messages("C2.2", table["displaced_workers"])


def test_c2_3_chart_names_the_expected_encoding():
    chart = solution_value("C2.3")
    gain = chart.data
    encoding = "Expected: mark_bar(); x = the gain"
    line = chart.mark_line()
    text = messages("C2.3", line)
    assert "mark is 'line'" in text and encoding in text
    swapped = (
        alt.Chart(gain, title="t", description=chart.description)
        .mark_bar()
        .encode(x="region:N", y="value:Q")
    )
    assert "x and y are swapped" in messages("C2.3", swapped)
    untitled = (
        alt.Chart(gain, description=chart.description).mark_bar().encode(x="value:Q", y="region:N")
    )
    assert "no title" in messages("C2.3", untitled)
    undescribed = alt.Chart(gain, title="t").mark_bar().encode(x="value:Q", y="region:N")
    assert "no description" in messages("C2.3", undescribed)
    ordinal = (
        alt.Chart(gain, title="t", description=chart.description)
        .mark_bar()
        .encode(x="value:O", y="region:N")
    )
    assert "x encodes 'value' as ordinal; expected a quantitative field" in messages(
        "C2.3", ordinal
    )
    fewer = (
        alt.Chart(gain.iloc[:5], title="t", description=chart.description)
        .mark_bar()
        .encode(x="value:Q", y="region:N")
    )
    assert "regions missing from the chart" in messages("C2.3", fewer)
    assert "several charts combined" in messages("C2.3", chart + chart)
    assert "Altair chart" in messages("C2.3", gain)
