"""Part I's chart: China's doctrine timeline."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .theme import (
    CHINA,
    OTHER,
    PALETTE,
    TEXT,
    finalize,
)

#: Short chart labels for the doctrine table's turning points (by ``id``); the
#: full event text is in the tooltip and the table. Other events are cut at 28
#: characters.
TURNING_POINT_LABELS: dict[str, str] = {
    "five_principles": "Five Principles",
    "un_seat": "UN seat",
    "financial_crisis": "Financial crisis; G2 rejected",
    "free_rider": "'Free-rider' critique",
    "lead_reform": "'Lead the reform' call",
    "ai_plan": "AI Development Plan",
    "g20_ai": "G20 AI Principles",
    "bletchley": "Bletchley Declaration",
}


def doctrine_timeline(
    eras: pd.DataFrame, principles: pd.DataFrame, turning: pd.DataFrame, as_of: int
) -> alt.TopLevelMixin:
    """Part I's timeline: a leader lane, a guiding-principle lane, and turning points.

    ``eras`` and ``turning`` are rows of :func:`doctrine_rows`, ``principles``
    comes from :func:`principle_spans`. Turning-point labels come from
    :data:`TURNING_POINT_LABELS`; they sit right of early points and left of
    late ones, so none leave the plot. The year axis runs from four years
    before the first row to four years after ``as_of``.
    """
    turning = turning.reset_index(drop=True).copy()

    def short_label(row):
        event = row["event"] if len(row["event"]) <= 28 else row["event"][:27] + "\u2026"
        return f"{row['start']} {TURNING_POINT_LABELS.get(row['id'], event)}"

    turning["label"] = turning.apply(short_label, axis=1)
    turning["row"] = range(1, len(turning) + 1)
    first_year = min(eras["start"].min(), turning["start"].min())
    turning["label_left"] = turning["start"] > (first_year + as_of) / 2

    year_scale = alt.Scale(domain=[int(first_year) - 4, as_of + 4], nice=False)
    x_year = alt.X(
        "start:Q", title="Year", scale=year_scale, axis=alt.Axis(format="d", tickCount=10)
    )
    # The upper lanes share the year axis drawn under the turning points: gridlines only.
    x_year_top = alt.X(
        "start:Q",
        title=None,
        scale=year_scale,
        axis=alt.Axis(labels=False, ticks=False, domain=False, tickCount=10),
    )
    # One colour per principle, as light fills with dark outlines so dark text on them keeps AA
    # contrast; the principle is also written on the bar, so colour is never the only cue.
    principle_colour = alt.Color(
        "principle:N",
        scale=alt.Scale(domain=list(principles["principle"]), range=[PALETTE[4], OTHER, CHINA]),
        legend=None,
    )

    def lane(data, lane_name, label_field, tooltip):
        base = (
            alt.Chart(data)
            .encode(
                x=x_year_top,
                y=alt.Y(
                    "lane:N",
                    title=None,
                    sort=["Leader", "Guiding principle"],
                    axis=alt.Axis(labelFontWeight="bold", domain=False, ticks=False),
                ),
            )
            .transform_calculate(lane=f"'{lane_name}'")
        )
        bars = base.mark_bar(height=26, fillOpacity=0.22, strokeWidth=1.5).encode(
            x2="end_drawn:Q", color=principle_colour, stroke=principle_colour, tooltip=tooltip
        )
        text = base.mark_text(align="left", dx=5, fontSize=11, color=TEXT).encode(
            text=f"{label_field}:N", tooltip=tooltip
        )
        return bars + text

    source_tip = alt.Tooltip("source:N", title="Source (bibliography key)")
    description_tip = alt.Tooltip("description:N", title="Description")
    # Two calls of `lane`, one per row of the chart: alike in shape, but each row's
    # tooltip names its own fields.
    leader_lane = lane(
        eras,
        "Leader",
        "surname",
        tooltip=[
            alt.Tooltip("leader:N", title="Leader"),
            alt.Tooltip("years:N", title="Years"),
            alt.Tooltip("principle:N", title="Guiding principle"),
            description_tip,
            source_tip,
        ],
    )
    principle_lane = lane(
        principles,
        "Guiding principle",
        "principle",
        tooltip=[
            alt.Tooltip("principle:N", title="Guiding principle"),
            alt.Tooltip("years:N", title="Years"),
            alt.Tooltip("leaders:N", title="Leaders"),
            description_tip,
            source_tip,
        ],
    )
    eras_chart = alt.layer(leader_lane, principle_lane).properties(width=700, height=80)

    turning_base = alt.Chart(turning).encode(
        x=x_year,
        y=alt.Y(
            "row:O", title="Turning points", axis=alt.Axis(labels=False, ticks=False, domain=False)
        ),
        tooltip=[
            alt.Tooltip("years:N", title="Year"),
            alt.Tooltip("event:N", title="Event"),
            alt.Tooltip("leader:N", title="Leader"),
            alt.Tooltip("principle:N", title="Principle"),
            description_tip,
            source_tip,
        ],
    )
    points = turning_base.mark_point(shape="diamond", size=110, filled=True, opacity=1, color=TEXT)
    # Faint bands behind the turning points repeat the principle spans, so each point can be
    # read against the era it falls in.
    era_bands = (
        alt.Chart(principles)
        .mark_rect(opacity=0.08)
        .encode(x=x_year, x2="end_drawn:Q", color=principle_colour)
    )
    labels_right = (
        turning_base.transform_filter("!datum.label_left")
        .mark_text(align="left", dx=9, fontSize=11, color=TEXT)
        .encode(text="label:N")
    )
    labels_left = (
        turning_base.transform_filter("datum.label_left")
        .mark_text(align="right", dx=-9, fontSize=11, color=TEXT)
        .encode(text="label:N")
    )
    turning_chart = alt.layer(era_bands, points, labels_right, labels_left).properties(
        width=700, height=22 * len(turning)
    )

    first_era, last_era = eras.iloc[0], eras.iloc[-1]
    crisis = turning.loc[turning["id"] == "financial_crisis", "start"]
    description = (
        f"Timeline of China's approach to global governance from {first_era['start']} to today. "
        + " ".join(f"{r.principle} ({r.years}; {r.leaders})." for r in principles.itertuples())
        + " Turning points: "
        + "; ".join(f"{r.start}, {r.event}" for r in turning.itertuples())
        + ". The chart shows a long low-profile period that ends only when Xi Jinping takes power "
        f"in {last_era['start']}, after the {int(crisis.iloc[0])} crisis had opened the debate."
    )
    return finalize(
        alt.vconcat(eras_chart, turning_chart, spacing=6).resolve_scale(x="shared"),
        title="China went from challenging global governance to a low profile to seeking "
        "leadership",
        source=(
            "Source: Cheng and Zeng, Journal of Contemporary China, 2023, and the sources in the "
            f"table below; the book's doctrine data, {as_of}"
        ),
        description=description,
    )
