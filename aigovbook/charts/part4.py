"""Part IV's charts: the forums, their members, and changes since the article."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..text import format_date, month_year
from .shaping import HEATMAP_STATUS
from .theme import (
    CHINA,
    MUTED,
    OTHER,
    TEXT,
    finalize,
)

#: The article's two kinds of forum (the ``kind`` column of ``forums``), as the book names them.
FORUM_TYPES: dict[str, str] = {
    "embedded": "Embedded in an existing institution",
    "new": "Newly created for AI",
}
_CHINA_MEMBER = ["China a member", "China not a member"]


def forum_typology(forums: pd.DataFrame) -> alt.TopLevelMixin:
    """The forums on a timeline of founding years, shaped by type, with China's status.

    ``forums`` needs ``chart_label``, ``name``, ``type``, ``kind``,
    ``kind_basis``, ``founded`` and ``china_2021`` ("China a member",
    "China not a member" or "not yet created"). Forums are listed by type,
    then founding date; the status is also written beside each forum, so
    colour is not the only cue.
    """
    order = forums.sort_values(["kind", "founded"])["chart_label"].tolist()
    y = alt.Y("chart_label:N", sort=order, title=None, axis=alt.Axis(labelLimit=220))
    status_colour = alt.Color(
        "china_2021:N",
        title="China at the end of 2021",
        scale=alt.Scale(domain=[*_CHINA_MEMBER, "not yet created"], range=[CHINA, OTHER, MUTED]),
        legend=alt.Legend(direction="vertical"),
    )
    # Same shape as the document tooltip of part3's `plan_timeline`: each lists its own fields.
    tooltip = [
        alt.Tooltip("name:N", title="Forum"),
        alt.Tooltip("type:N", title="Type"),
        alt.Tooltip("kind_basis:N", title="Classified by"),
        alt.Tooltip("year(founded):O", title="Founded"),
        alt.Tooltip("china_2021:N", title="China at end of 2021"),
    ]
    timeline = (
        alt.Chart(forums)
        .mark_point(filled=True, size=140, stroke="black", strokeWidth=0.5)
        .encode(
            x=alt.X(
                "founded:T",
                title="Year founded",
                scale=alt.Scale(domain=["1940-01-01", "2026-12-31"]),
            ),
            y=y,
            shape=alt.Shape(
                "type:N",
                title="Type",
                legend=alt.Legend(labelLimit=300, direction="vertical"),
                scale=alt.Scale(range=["circle", "triangle-up"]),
            ),
            color=status_colour,
            tooltip=tooltip,
        )
        .properties(width=250, height=alt.Step(26))
    )
    status = (
        alt.Chart(forums)
        .mark_text(align="left", fontSize=12, color=TEXT)
        .encode(
            y=alt.Y("chart_label:N", sort=order, axis=None),
            text=alt.Text("china_2021:N"),
            tooltip=tooltip,
        )
        .properties(
            width=130, height=alt.Step(26), title=alt.Title("China, end of 2021", fontSize=12)
        )
    )
    return finalize(
        alt.hconcat(timeline, status, spacing=8).resolve_scale(y="shared"),
        title="Both AI bodies created before 2022 left China out",
        source="Source: the book's forums table; typology from Cheng and Zeng, 2023 (* the book's)",
        description=(
            "Dot timeline of the forums tracked in this book by founding year, from the UN (1945) "
            "to the Bletchley Declaration (2023). Circles are initiatives embedded in existing "
            "institutions, triangles are newly created ones. Text beside each forum says whether "
            "China was a member at the end of 2021: China belonged to the G20, its AI Principles, "
            "BRICS, the UN, the CCW, ISO/IEC SC 42 and UNESCO's AI Recommendation, but not to the "
            "G7, OECD, Council of Europe or EU, nor to the two newly created bodies of 2020, GPAI "
            "and the AI Partnership for Defense."
        ),
    )


def membership_heatmap(cells: pd.DataFrame, row_order: list[str]) -> alt.TopLevelMixin:
    """A member-by-forum grid of :func:`membership_cells`, one panel per forum type.

    Rows follow ``row_order`` (country names; China first, bold and
    outlined); columns follow the order of ``cells``. Each cell says yes, no
    or ? (not recorded), so colour is never the only cue.
    """
    col_order = list(dict.fromkeys(cells["label"]))
    base = alt.Chart().encode(
        x=alt.X(
            "label:N",
            sort=col_order,
            title=None,
            axis=alt.Axis(labelAngle=-40, labelLimit=220),
        ),
        y=alt.Y(
            "country:N",
            sort=row_order,
            title=None,
            axis=alt.Axis(
                labelFontWeight=alt.expr("datum.label == 'China' ? 'bold' : 'normal'"),
                labelFontSize=alt.expr("datum.label == 'China' ? 14 : 12"),
            ),
        ),
        tooltip=[
            alt.Tooltip("country:N", title="Member"),
            alt.Tooltip("name:N", title="Forum"),
            alt.Tooltip("type:N", title="Type"),
            alt.Tooltip("status:N", title="End of 2021"),
        ],
    )
    rects = base.mark_rect(stroke="#bdbdbd", strokeWidth=0.5).encode(
        fill=alt.Fill(
            "status:N",
            title=None,
            legend=alt.Legend(labelLimit=260),
            scale=alt.Scale(domain=HEATMAP_STATUS, range=[CHINA, OTHER, "#e8e8e8", "#ffffff"]),
        ),
    )
    labels = base.mark_text(fontSize=11).encode(
        text="symbol:N",
        color=alt.Color(
            "status:N",
            legend=None,
            scale=alt.Scale(
                domain=HEATMAP_STATUS, range=["#000000", "#ffffff", "#3d3d3d", "#3d3d3d"]
            ),
        ),
    )
    china_outline = base.mark_rect(fill=None, stroke="black", strokeWidth=2).transform_filter(
        "datum.member == 'CHN'"
    )
    heatmap = (
        alt.layer(rects, labels, china_outline, data=cells)
        .properties(width=alt.Step(36), height=alt.Step(20))
        .facet(
            column=alt.Column(
                "type:N",
                title=None,
                sort=list(FORUM_TYPES.values()),
                header=alt.Header(labelFontWeight="bold", labelFontSize=12),
            ),
        )
        .resolve_scale(x="independent")
    )
    return finalize(
        heatmap,
        title="In 2021 China sat in the G20, BRICS and UN bodies but no Western-led club",
        source="Source: the book's memberships table (G20 members on 31 December 2021)",
        description=(
            "Grid of G20 members (rows, China first and outlined) against the forums that existed "
            "on 31 December 2021 (columns), grouped into initiatives embedded in existing "
            "institutions and newly created ones. Each cell reads yes, no or ? (not recorded). "
            "China's row has yes for the G20, the G20 AI Principles, BRICS, the UN, the CCW, "
            "ISO/IEC SC 42 and the UNESCO AI Recommendation, and no for the G7, OECD, Council of "
            "Europe, EU, GPAI and the AI Partnership for Defense. Most G7 and OECD countries in "
            "the grid belong to GPAI, and several to the AI Partnership for Defense."
        ),
    )


def member_counts_over_time(
    counts: pd.DataFrame, forums: pd.DataFrame, china_now: set[str], latest: pd.Timestamp
) -> alt.TopLevelMixin:
    """Small multiples of each forum's member count over time, as step lines.

    ``counts`` comes from :func:`aigovbook.membership.membership_counts`
    (``date``, ``forum``, ``members``); ``china_now`` holds the forums China
    belongs to at ``latest``. Each forum is drawn from its founding (or
    January 2017), keeping only the dates on which its count changed; a
    dotted line marks the end of 2021, where the article's evidence stops.
    """
    start = counts["date"].min()
    data = counts.merge(forums[["id", "label", "name", "founded"]], left_on="forum", right_on="id")
    data = data[data["date"] >= data["founded"].clip(lower=start)]
    data = data.sort_values(["forum", "date"])
    changed = data.groupby("forum")["members"].diff().ne(0)
    data = data[changed | data["date"].eq(latest)].reset_index(drop=True)
    data["panel"] = [
        f"{label} (incl. China)" if f in china_now else label
        for f, label in zip(data["forum"], data["label"], strict=False)
    ]
    data["china"] = (
        data["forum"].isin(china_now).map({True: "China a member", False: "China not a member"})
    )
    panel_order = (
        data[data["date"] == latest].sort_values("members", ascending=False)["panel"].tolist()
    )
    step = (
        alt.Chart()
        .mark_line(interpolate="step-after", strokeWidth=2.5)
        .encode(
            x=alt.X("date:T", title="Date", axis=alt.Axis(format="%Y", tickCount=5)),
            y=alt.Y("members:Q", title="Members (number)"),
            color=alt.Color(
                "china:N", title=None, scale=alt.Scale(domain=_CHINA_MEMBER, range=[CHINA, OTHER])
            ),
            strokeDash=alt.StrokeDash(
                "china:N",
                title=None,
                scale=alt.Scale(domain=_CHINA_MEMBER, range=[[1, 0], [6, 3]]),
            ),
        )
    )
    points = (
        alt.Chart()
        .mark_point(size=30, filled=True)
        .encode(
            x="date:T",
            y="members:Q",
            color=alt.Color("china:N"),
            tooltip=[
                alt.Tooltip("name:N", title="Forum"),
                alt.Tooltip("date:T", title="From", format="%d %b %Y"),
                alt.Tooltip("members:Q", title="Members"),
            ],
        )
    )
    article_rule = (
        alt.Chart()
        .mark_rule(color=MUTED, strokeDash=[2, 2], aria=False)
        .encode(x=alt.datum(alt.DateTime(year=2021, month=12, date=31)))
    )
    return finalize(
        alt.layer(step, points, article_rule, data=data)
        .properties(width=165, height=130)
        .facet(
            facet=alt.Facet(
                "panel:N",
                sort=panel_order,
                title=None,
                header=alt.Header(labelFontSize=12, labelFontWeight="bold"),
            ),
            columns=3,
        ),
        title="Since 2021 GPAI and BRICS grew sharply, and China joined the Bletchley process",
        source=f"Source: the book's memberships table, 2017 to {format_date(latest)}",
        description=(
            "Small multiples of member counts over time, one panel per forum with a full member "
            f"list, from January 2017 to {month_year(latest)}, with a dotted vertical line at the "
            "end of 2021. GPAI rises from its launch in 2020 to the largest jump in 2024 (the "
            "merger with the OECD's AI work, derived rows); BRICS grows from five members to ten "
            "in 2024 and 2025; the G20 adds the African Union in 2023; the Council of Europe "
            "loses Russia in 2022; the Bletchley Declaration appears in 2023 with China among its "
            "signatories. The G7, OECD, EU and AI Partnership for Defense stay flat."
        ),
    )


def then_now_dumbbell(then_now: pd.DataFrame, latest: pd.Timestamp) -> alt.TopLevelMixin:
    """Member counts per forum at the end of 2021 (hollow circle) and at ``latest`` (diamond).

    ``then_now`` comes from :func:`forum_changes`; the change is written
    beside each forum. A forum created after 2021 has no 2021 point (it did
    not exist, rather than having no members).
    """
    latest_short = f"{latest.day} {latest:%b %Y}"
    long = then_now.melt(
        id_vars=["forum", "Forum", "name", "change", "china"],
        value_vars=["then", "now"],
        var_name="when",
        value_name="members",
    )
    long["when"] = long["when"].map({"then": "31 Dec 2021", "now": latest_short})
    is_new = long["change"].str.startswith("new")
    long = long[~(is_new & (long["when"] == "31 Dec 2021"))]

    order = then_now["Forum"].tolist()
    y = alt.Y("Forum:N", sort=order, title=None, axis=alt.Axis(labelLimit=220))
    china_colour = alt.Color(
        "china:N", title=None, scale=alt.Scale(domain=_CHINA_MEMBER, range=[CHINA, OTHER])
    )
    tooltip = [
        alt.Tooltip("name:N", title="Forum"),
        alt.Tooltip("then:Q", title="Members, 31 Dec 2021"),
        alt.Tooltip("now:Q", title=f"Members, {latest_short}"),
        alt.Tooltip("change:N", title="Change"),
    ]
    link = (
        alt.Chart(then_now[~then_now["change"].str.startswith("new")])
        .mark_rule(strokeWidth=2, color=MUTED)
        .encode(
            x=alt.X("then:Q", title="Members (number of countries and blocs)"),
            x2="now:Q",
            y=y,
            tooltip=tooltip,
        )
    )
    when_shape = alt.Shape(
        "when:N",
        title=None,
        scale=alt.Scale(domain=["31 Dec 2021", latest_short], range=["circle", "diamond"]),
    )
    dot_tooltip = [
        alt.Tooltip("name:N", title="Forum"),
        alt.Tooltip("when:N", title="Date"),
        alt.Tooltip("members:Q", title="Members"),
    ]
    then_dots = (
        alt.Chart(long[long["when"] == "31 Dec 2021"])
        .mark_point(filled=False, size=110, strokeWidth=2)
        .encode(x="members:Q", y=y, color=china_colour, shape=when_shape, tooltip=dot_tooltip)
    )
    now_dots = (
        alt.Chart(long[long["when"] != "31 Dec 2021"])
        .mark_point(filled=True, size=130)
        .encode(x="members:Q", y=y, color=china_colour, shape=when_shape, tooltip=dot_tooltip)
    )
    text = (
        alt.Chart(then_now)
        .mark_text(align="left", dx=10, fontSize=12, color=TEXT)
        .encode(x=alt.X("max_members:Q"), y=y, text="change:N", tooltip=tooltip)
        .transform_calculate(max_members="max(datum.then, datum.now)")
    )
    return finalize(
        alt.layer(link, then_dots, now_dots, text).properties(width=300, height=alt.Step(30)),
        title="GPAI grew most since 2021, mainly through its merger with the OECD's AI work",
        source=f"Source: the book's memberships table, 31 December 2021 and {format_date(latest)}",
        description=(
            "Dumbbell chart of member counts per forum at the end of 2021 (hollow circle) and on "
            f"{format_date(latest)} (filled diamond), with the change written beside each. "
            + " ".join(
                f"{r.Forum}: {r.then} to {r.now} ({r.change})." for r in then_now.itertuples()
            )
        ),
    )
