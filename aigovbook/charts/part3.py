"""Part III's chart: the plan and the documents."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .shaping import DOCUMENT_CATEGORIES
from .theme import (
    MUTED,
    PALETTE,
    TEXT,
    finalize,
)


def plan_timeline(
    plan: pd.DataFrame, docs: pd.DataFrame, milestones: pd.DataFrame
) -> alt.TopLevelMixin:
    """Part III's timeline: a lane for the plan, then one lane per document category.

    ``plan`` comes from :func:`plan_rows`, ``docs`` from
    :func:`document_rows`. All lanes share one year axis (2016 to 2030);
    dashed lines repeat the milestone years in every document lane, and one
    colour-and-shape legend explains every mark.
    """
    lane_width = 420  # px; narrow enough for the book's text column
    year_scale = alt.Scale(domain=[2015.5, 2030.5], nice=False)
    categories = list(DOCUMENT_CATEGORIES.values())
    marks = ["Plan issued", "Plan milestone", *categories]
    mark_colour = alt.Color(
        "mark:N",
        title=None,
        scale=alt.Scale(domain=marks, range=[TEXT, TEXT, PALETTE[0], PALETTE[3], PALETTE[2]]),
    )
    mark_shape = alt.Shape(
        "mark:N",
        title=None,
        scale=alt.Scale(
            domain=marks, range=["triangle-right", "diamond", "circle", "square", "triangle-up"]
        ),
    )
    years = list(range(2016, 2031))
    x_year = alt.X(
        "year:Q",
        title="Year issued, passed or drafted",
        scale=year_scale,
        axis=alt.Axis(format="d", values=years, labelAngle=0, labelFontSize=10, labelOverlap=False),
    )
    x_hidden = alt.X(
        "year:Q",
        title=None,
        scale=year_scale,
        axis=alt.Axis(format="d", values=years, labels=False, ticks=False, domain=False),
    )

    plan_tooltip = [
        alt.Tooltip("year:Q", title="Year", format="d"),
        alt.Tooltip("mark:N", title="Kind"),
        alt.Tooltip("goal:N", title="Goal"),
        alt.Tooltip("source:N", title="Source"),
    ]
    plan_base = (
        alt.Chart(plan)
        .encode(x=x_hidden, y=alt.Y("lane:N", title=None, axis=alt.Axis(labelFontWeight="bold")))
        .transform_calculate(lane="'2017 plan'")
    )
    plan_marks = plan_base.mark_point(size=150, filled=True, opacity=1).encode(
        color=mark_colour, shape=mark_shape, tooltip=plan_tooltip
    )
    plan_text = plan_base.mark_text(align="center", dy=-14, fontSize=11, color=TEXT).encode(
        text="text:N", tooltip=plan_tooltip
    )
    plan_lane = (plan_marks + plan_text).properties(width=lane_width, height=44)

    doc_tooltip = [
        alt.Tooltip("title:N", title="Title"),
        alt.Tooltip("issuer_shown:N", title="Issuer"),
        alt.Tooltip("date:N", title="Date"),
        alt.Tooltip("category_label:N", title="Category"),
        alt.Tooltip("source:N", title="Source"),
    ]

    def category_lane(label, last):
        rows = docs[docs["category_label"] == label]
        x = x_year if last else x_hidden
        points = (
            alt.Chart(rows)
            .mark_point(size=110, filled=True, opacity=1)
            .encode(
                x=x,
                y=alt.Y(
                    "label:N", title=None, sort=list(rows["label"]), axis=alt.Axis(labelLimit=320)
                ),
                color=mark_colour,
                shape=mark_shape,
                tooltip=doc_tooltip,
            )
        )
        # Dashed lines at the milestone years, drawn in every document lane.
        rules = alt.Chart(milestones).mark_rule(strokeDash=[4, 4], color=MUTED).encode(x=x)
        return (rules + points).properties(
            width=lane_width,
            height=22 * len(rows),
            title=alt.Title(
                f"{label} ({len(rows)} documents)", fontSize=13, anchor="start", offset=4
            ),
        )

    lanes = [category_lane(label, i == len(categories) - 1) for i, label in enumerate(categories)]
    counts = docs["category_label"].value_counts().reindex(categories)
    issued = plan.loc[plan["mark"] == "Plan issued", "year"].iloc[0]
    description = (
        f"Timeline from 2016 to 2030. Top lane: the State Council's AI plan, issued in {issued}, "
        f"with governance milestones in {', '.join(str(y) for y in milestones['year'])}. "
        + " ".join(
            f"{label} lane, {n} documents: "
            + "; ".join(
                f"{r.label}, {r.date}" for r in docs[docs["category_label"] == label].itertuples()
            )
            + "."
            for label, n in counts.items()
        )
        + f" All {len(docs)} documents fall between {docs['year'].min()} and "
        f"{docs['year'].max()}, most of them in 2020 and 2021, around the plan's first milestone; "
        "nothing is shown after 2021 because the article's list stops there."
    )
    return finalize(
        alt.vconcat(plan_lane, *lanes, spacing=14)
        .resolve_scale(x="shared")
        .configure_legend(labelLimit=300, symbolSize=110, columns=3),
        title="China's AI rules and standards bunch around the plan's 2020 milestone",
        source="Source: Cheng and Zeng, 2023; State Council, 2017; others in the table below",
        description=description,
    )
