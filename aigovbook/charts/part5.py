"""The Part V timeline chart: events of 2023-2026 and China's part in them.

China's role is carried by colour AND shape, so the chart reads the same in
greyscale and for colour-blind readers; the tooltip gives every detail.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..events import KINDS
from .theme import CHINA, MUTED, OTHER, TEXT, finalize

__all__ = ["GROUP_STYLE", "TIMELINE_DESCRIPTION", "events_timeline"]

#: China's role group -> (colour, shape). Colours are from the book's
#: Okabe-Ito palette (China's vermilion for "led"), shapes differ for every group.
GROUP_STYLE: dict[str, tuple[str, str]] = {
    "led or co-led": (CHINA, "triangle-up"),
    "signed or backed": ("#009E73", "circle"),
    "did not back it": ("#CC79A7", "cross"),
    "not a party": (OTHER, "square"),
    "unknown": (MUTED, "diamond"),
}


# What a screen reader gives for Part V's timeline (the chart's Vega-Lite description).
TIMELINE_DESCRIPTION = (
    "Timeline from July 2023 to July 2026 with one row per track: China's own initiatives, "
    "the AI summit series, the United Nations, Western and regional tracks, other coalitions "
    "(military AI and BRICS), US-China talks, and China's domestic rules. Mark colour and shape "
    "give China's role: triangles where China led or co-led (its own initiatives, one UN "
    "resolution, its talks with the United States and its domestic rules), circles where it "
    "signed, backed or voted for a text (Bletchley, Paris, New Delhi, BRICS and several UN "
    "texts), squares where it was not a party (the Seoul leaders' declaration, the G7, GPAI, "
    "the EU, the Council of Europe, the safety institutes, US policy and the US declaration on "
    "military AI), diamonds where its role is unknown, and crosses where it did not back a text "
    "(it abstained on the UN resolution on autonomous weapons and did not back the REAIM "
    "texts of 2024 and 2026); question marks flag the recalled, unconfirmed rows."
)


def events_timeline(
    frame: pd.DataFrame, *, title: str, source: str, description: str
) -> alt.LayerChart:
    """Events by date (x) and track (y); mark colour and shape give China's role.

    ``frame`` is :func:`aigovbook.events.timeline_frame` (or a filtered copy).
    Recalled rows get a "?" beside their mark. ``title``, ``source`` and
    ``description`` go through :func:`aigovbook.charts.theme.finalize`.
    """
    groups = [g for g in GROUP_STYLE if g in set(frame["china_group"])]
    legend = alt.Legend(title="China's role", orient="bottom", columns=3, symbolSize=90)
    base = alt.Chart(frame).encode(
        x=alt.X(
            "date:T",
            title="Date",
            scale=alt.Scale(domain=["2023-06-01", "2026-12-31"]),
            axis=alt.Axis(format="%b %Y", tickCount=7),
        ),
        y=alt.Y(
            "track:N",
            title=None,
            sort=[t for t in KINDS.values() if t in set(frame["track"])],
            axis=alt.Axis(labelLimit=220),
        ),
        yOffset=alt.YOffset("lane:O", scale=alt.Scale(paddingOuter=0.6)),
        tooltip=[
            alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
            alt.Tooltip("title:N", title="Event"),
            alt.Tooltip("venue:N", title="Where"),
            alt.Tooltip("china:N", title="China"),
            alt.Tooltip("us:N", title="United States"),
            alt.Tooltip("checked:N", title="Status"),
            alt.Tooltip("source:N", title="Source"),
        ],
    )
    points = base.mark_point(filled=True, size=150, opacity=0.95, strokeWidth=1.5).encode(
        color=alt.Color(
            "china_group:N",
            legend=legend,
            scale=alt.Scale(domain=groups, range=[GROUP_STYLE[g][0] for g in groups]),
        ),
        shape=alt.Shape(
            "china_group:N",
            legend=legend,
            scale=alt.Scale(domain=groups, range=[GROUP_STYLE[g][1] for g in groups]),
        ),
    )
    recalled = base.transform_filter(alt.datum.checked != "confirmed").mark_text(
        text="?", dx=11, dy=-9, fontSize=14, fontWeight="bold", color=TEXT
    )
    chart = (points + recalled).properties(width=600, height=380)
    return finalize(chart, title=title, source=source, description=description)
