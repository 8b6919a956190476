"""Part II's charts (data and weapons, jobs and gains) and the world and country rows they draw."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from ..text import plain
from .theme import (
    CHINA,
    MUTED,
    OTHER,
    TEXT,
    china_colour,
    finalize,
    gap_aware_text,
    reference_line,
)

#: Labels inside stacked segments: white, bold 14 px text is "large text" in WCAG
#: terms, which passes AA on every fill of the palette.
_SEGMENT_TEXT = dict(color="white", fontSize=14, fontWeight="bold", lineBreak="\n", dy=-8)


def _stacked_segments(
    base: alt.Chart, colour: str, title: str, domain: list, colours: list, **mark: Any
) -> alt.Chart:
    """Bars from ``start`` to ``end`` on a 0-100 % axis titled ``title``,
    coloured by the field ``colour`` (no legend: the segments are labelled)."""
    return base.mark_bar(**mark, stroke="white", strokeWidth=1).encode(
        x=alt.X("start:Q", title=title, scale=alt.Scale(domain=[0, 100])),
        x2="end:Q",
        color=alt.Color(colour, legend=None, scale=alt.Scale(domain=domain, range=colours)),
    )


def internet_bar(internet: pd.DataFrame, users: pd.Series) -> alt.TopLevelMixin:
    """China's population as one bar split into internet users and the rest.

    ``internet`` has two rows (``group`` "Internet users" and "Not online")
    with ``share of population (%)``; ``users`` is the article's
    ``internet_users`` row (its ``qualifier``, ``value`` and ``unit``).
    """
    penetration, offline = (float(v) for v in internet["share of population (%)"])
    people = f"{users.qualifier} {plain(users.value)}"
    internet = internet.assign(
        people=internet["people"].fillna(""),
        start=[0, penetration],
        end=[penetration, 100],
        label=[
            f"Online: {penetration:g}%\n({people} {users.unit.split()[0]} people)",
            f"Offline: {offline:g}%",
        ],
    )[["group", "share of population (%)", "people", "start", "end", "label"]]
    base = alt.Chart(internet).encode(
        y=alt.value(30),
        tooltip=[
            alt.Tooltip("group:N", title="Group"),
            alt.Tooltip("share of population (%):Q", title="% of population", format=".1f"),
            alt.Tooltip("people:N", title="People"),
        ],
    )
    bars = _stacked_segments(
        base,
        "group:N",
        "Share of China's population, mid-2021 (%)",
        ["Internet users", "Not online"],
        [CHINA, MUTED],
        height=60,
    )
    labels = (
        base.transform_calculate(middle="(datum.start + datum.end) / 2")
        .mark_text(**_SEGMENT_TEXT)
        .encode(x="middle:Q", text="label:N")
    )
    return finalize(
        (bars + labels).properties(height=60),
        title=f"{users.qualifier.capitalize()} {plain(users.value)} billion people, "
        f"{penetration:g}% of China's population, were online in 2021",
        source="Source: CNNIC, 48th Statistical Report on China's Internet Development (2021), "
        "as cited by Cheng and Zeng (2023)",
        description=(
            "A single horizontal bar showing China's population in mid-2021 split into internet "
            f"users, {penetration:g}% ({people} billion people), and people not online, "
            f"{offline:g}%. About {round(penetration / 10)} in ten people in China were online: "
            "a huge pool of data for training AI, and a sizeable offline minority."
        ),
    )


def survey_bars(survey: pd.DataFrame) -> alt.TopLevelMixin:
    """One bar per survey question, in percent of respondents.

    ``survey`` holds the article's ``survey_share`` rows with an ``answer``
    column (the bar's label); the hedges ("nearly", "more than") stay in the
    bar labels.
    """
    survey = survey[["label", "value", "qualifier", "unit"]].assign(
        text=[f"{q} {v:g}%" for q, v in zip(survey["qualifier"], survey["value"], strict=True)],
        answer=survey["answer"],
    )
    base = alt.Chart(survey).encode(
        y=alt.Y("answer:N", title=None, sort=list(survey.answer), axis=alt.Axis(labelLimit=340)),
        tooltip=[
            alt.Tooltip("answer:N", title="Answer"),
            alt.Tooltip("text:N", title="Share of respondents"),
        ],
    )
    bars = base.mark_bar(color=CHINA).encode(
        x=alt.X("value:Q", title="Respondents (%)", scale=alt.Scale(domain=[0, 100]))
    )
    # white, bold 14 px text: "large text" in WCAG terms, which passes AA on vermilion
    labels = base.mark_text(
        align="right", dx=-6, color="white", fontSize=14, fontWeight="bold"
    ).encode(x="value:Q", text="text:N")
    return finalize(
        (bars + labels).properties(width=400, height=120),
        title="Most respondents worry about data leaks and want a facial-recognition regulator",
        source="Source: a survey cited by Cheng and Zeng (2023); publisher, date and sample not "
        "given in the article's text",
        description=(
            f"Two horizontal bars, in percent of respondents to a Chinese survey: "
            f"{survey.text.iloc[0]} were concerned about data leakage; {survey.text.iloc[1]} "
            "wanted a specific regulator to oversee facial recognition. The answers come from two "
            "separate questions and cannot be added. The survey's sample and method could not be "
            "checked."
        ),
    )


def displacement_panels(world: pd.DataFrame) -> alt.TopLevelMixin:
    """MGI's worldwide displacement and occupational switching, one panel each.

    ``world`` has one row per ``group`` ("Displaced", "Must switch
    occupational category") and ``scenario`` ("Midpoint", "Rapid"), with
    ``value`` in million people and ``% of 2030 workforce`` (switching
    only). Both panels share one scale, so heights compare; the share of
    the workforce is written on a second line above the switching bars.
    """
    world = world.copy()
    world["label"] = [f"{v:.0f} million" for v in world.value]
    world["share_label"] = [
        f"~{p:.0f}% of workforce" if pd.notna(p) else "" for p in world["% of 2030 workforce"]
    ]
    displaced, switching = list(dict.fromkeys(world.group))

    def panel(group, axis_title):
        base = alt.Chart(world[world.group == group], title=group).encode(
            x=alt.X("scenario:N", title="Automation scenario, 2030", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title=axis_title, scale=alt.Scale(domain=[0, 900])),
            tooltip=[
                alt.Tooltip("group:N", title="Measure"),
                alt.Tooltip("scenario:N", title="Scenario"),
                alt.Tooltip("value:Q", title="Million people"),
                alt.Tooltip("% of 2030 workforce:Q", title="% of 2030 workforce"),
            ],
        )
        bars = base.mark_bar(width=56, color=OTHER)
        # the share of the workforce (switching only) sits on a second line under the count
        text = dict(baseline="bottom", fontSize=12, color=TEXT)
        with_share = "datum.share_label !== ''"
        counts = base.mark_text(dy=-4, **text).encode(text="label:N")
        counts = counts.transform_filter(f"!({with_share})")
        counts_high = base.mark_text(dy=-20, **text).encode(text="label:N")
        counts_high = counts_high.transform_filter(with_share)
        shares = base.mark_text(dy=-4, **text).encode(text="share_label:N")
        shares = shares.transform_filter(with_share)
        return (bars + counts + counts_high + shares).properties(width=230, height=260)

    def figure(group, scenario, column="value"):
        row = world[(world.group == group) & (world.scenario == scenario)].iloc[0]
        return plain(row[column])

    return finalize(
        alt.hconcat(
            panel(displaced, "Workers displaced (million)"),
            panel(switching, "Workers switching (million)"),
            spacing=40,
        ),
        title="Far fewer workers must change occupation than automation displaces",
        source="Source: McKinsey Global Institute, Jobs lost, jobs gained (2017)",
        description=(
            "Two bar charts side by side, both in million people on the same scale. Left: workers "
            f"displaced by automation by 2030, {figure(displaced, 'Midpoint')} million in the "
            f"midpoint scenario and {figure(displaced, 'Rapid')} million in the rapid scenario. "
            "Right: workers who must switch occupational category, "
            f"{figure(switching, 'Midpoint')} million (about "
            f"{figure(switching, 'Midpoint', '% of 2030 workforce'):.0f}% of the 2030 workforce) "
            f"in the midpoint and {figure(switching, 'Rapid')} million (about "
            f"{figure(switching, 'Rapid', '% of 2030 workforce'):.0f}%) in the rapid scenario. "
            "Switching is a much smaller group than displacement."
        ),
    )


def focus_country_panels(countries: pd.DataFrame) -> alt.TopLevelMixin:
    """MGI's focus countries in three panels (one per measure), China in vermilion.

    ``countries`` comes from :func:`focus_country_rows`. Each panel's scale
    leaves room for the value labels; a gap is labelled in grey at zero.
    """
    order = list(dict.fromkeys(countries.country))
    panels = dict(zip(countries.measure, countries.panel, strict=False))

    def panel(measure):
        data = countries[countries.measure == measure]
        base = alt.Chart(data, title=panels[measure]).encode(
            y=alt.Y("country:N", sort=order, title=None),
            tooltip=[
                alt.Tooltip("country:N", title="Country"),
                alt.Tooltip("panel:N", title="Measure"),
                alt.Tooltip("label:N", title="Value"),
                alt.Tooltip("scenario:N", title="Scenario"),
            ],
        )
        bars = base.mark_bar().encode(
            x=alt.X(
                "value:Q",
                title=panels[measure],
                scale=alt.Scale(domain=[0, data.value.max() * 1.9]),
            ),
            color=china_colour(["China", "Other focus country"]),
        )
        labels = base.mark_text(align="left", dx=4, fontSize=11).encode(
            x="label_x:Q", text="label:N", color=gap_aware_text()
        )
        return (bars + labels).properties(width=190, height=190)

    def describe(measure):
        data = countries[countries.measure == measure]
        return ", ".join(f"{c} {lab}" for c, lab in zip(data.country, data.label, strict=False))

    return finalize(
        alt.hconcat(*[panel(m) for m in panels], spacing=12),
        title="China has the most affected workers, but not the largest share of its workforce",
        source="Source: McKinsey Global Institute (2017), as reported by Statista, Daily Mail and "
        "Financial Express (2017); rapid scenario unless stated",
        description=(
            "Three bar charts for six focus countries in the rapid automation scenario. Displaced "
            f"workers in millions: {describe('displaced_workers')}. Workers switching occupation "
            f"in millions: {describe('occupation_switchers')}. Share of the 2030 workforce "
            f"switching occupation: {describe('occupation_switchers_share')}. China is largest in "
            "absolute numbers; Japan, the United States and Germany are more affected as a share "
            "of the workforce."
        ),
    )


def regional_gain_bars(gain: pd.DataFrame, global_gain: float) -> alt.TopLevelMixin:
    """PwC's projected 2030 GDP gain from AI by region, in US dollar trillions.

    ``gain`` has ``region``, ``gain (USD trillion)`` and ``share of global
    gain (%)``, in the order to draw; China's bar is vermilion.
    """
    gain = gain.assign(group=["China" if r == "China" else "Other region" for r in gain.region])
    china_gain = float(gain.loc[gain.region == "China", "gain (USD trillion)"].iloc[0])
    base = alt.Chart(gain).encode(
        y=alt.Y("region:N", sort=list(gain.region), title=None),
        tooltip=[
            alt.Tooltip("region:N", title="PwC region"),
            alt.Tooltip("gain (USD trillion):Q", title="Gain in 2030 (USD tn)", format=".1f"),
            alt.Tooltip(
                "share of global gain (%):Q", title="Share of global gain (%)", format=".1f"
            ),
        ],
    )
    bars = base.mark_bar().encode(
        x=alt.X(
            "gain (USD trillion):Q",
            title="GDP gain from AI in 2030 (USD trillion)",
            scale=alt.Scale(domain=[0, 8]),
        ),
        color=china_colour(["China", "Other region"]),
    )
    labels = base.mark_text(align="left", dx=4, fontSize=12, color=TEXT).encode(
        x="gain (USD trillion):Q", text=alt.Text("gain (USD trillion):Q", format="$.1f")
    )
    return finalize(
        (bars + labels).properties(height=240),
        title=f"China alone would take ${china_gain:.1f}tn of the ${global_gain}tn global gain "
        "from AI in 2030",
        source="Source: PwC, Sizing the prize (2017); regional figures via Visual Capitalist "
        "(2017)",
        description=(
            "Horizontal bar chart of PwC's projected GDP gain from AI in 2030, in US dollar "
            f"trillions, for {len(gain)} regions: "
            + ", ".join(
                f"{r} {v:.1f}"
                for r, v in zip(gain.region, gain["gain (USD trillion)"], strict=False)
            )
            + ". China and North America dominate; the regions of developing countries gain least."
        ),
    )


def gdp_boost_bars(
    boost: pd.DataFrame, world_boost: float, europe_range: tuple[float, float]
) -> alt.TopLevelMixin:
    """PwC's boost to each region's own 2030 GDP, in percent of that GDP.

    ``boost`` has one row per region with ``value`` (missing where no figure
    was confirmed: labelled as a gap, not drawn as zero), ``qualifier`` and
    ``source``, in the order to draw. A dashed line marks ``world_boost``;
    ``europe_range`` is PwC's (low, high) for Europe and developed Asia,
    named in the description.
    """
    boost = boost.assign(
        group=["China" if r == "China" else "Other region" for r in boost.region],
        label=[
            "not confirmed separately" if pd.isna(v) else (f"{q} " if q else "") + f"{v:g}%"
            for v, q in zip(boost.value, boost.qualifier.fillna(""), strict=False)
        ],
        label_x=boost.value.fillna(0),
    )
    base = alt.Chart(boost).encode(
        y=alt.Y("region:N", sort=list(boost.region), title=None),
        tooltip=[
            alt.Tooltip("region:N", title="PwC region"),
            alt.Tooltip("label:N", title="GDP boost"),
        ],
    )
    bars = base.mark_bar().encode(
        x=alt.X(
            "value:Q",
            title="Boost to the region's own GDP in 2030 (% of its GDP)",
            scale=alt.Scale(domain=[0, 45]),
        ),
        color=china_colour(["China", "Other region"]),
    )
    labels = base.mark_text(align="left", dx=4, fontSize=12).encode(
        x="label_x:Q", text="label:N", color=gap_aware_text()
    )
    rule, rule_label = reference_line(world_boost, f"World: up to {world_boost}%")
    verified = boost.dropna(subset=["value"])
    china = plain(boost.loc[boost.region == "China", "value"].iloc[0])
    low, high = europe_range
    return finalize(
        (bars + labels + rule + rule_label).properties(height=240),
        title=f"AI would lift China's own GDP the most: by about {china}% in 2030",
        source="Source: PwC press release (2017); Developed Asia, Latin America and Rest of world "
        "via BusinessDay (2017)",
        description=(
            "Horizontal bar chart of PwC's GDP boost from AI in 2030, in percent of each region's "
            "own GDP: "
            + ", ".join(
                f"{r} {v:g}%" for r, v in zip(verified.region, verified.value, strict=False)
            )
            + ". "
            + " and ".join(boost[boost.value.isna()].region)
            + f" have no separately confirmed figure; PwC gives {low:g} to {high:g}% for Europe "
            "and developed Asia together. A dashed line marks the world figure of up to "
            f"{world_boost}%. "
            "China gains most relative to its own economy; developing regions least."
        ),
    )


def share_bullet(
    share: pd.DataFrame, total_share: float, global_gain: float, article_total: float
) -> alt.TopLevelMixin:
    """The computed share of PwC's global gain against the article's claim.

    ``share`` has one row per segment: ``row`` (the bar: the first is
    computed from PwC, the last is the article's), ``part``, ``share (%)``
    and ``of a global total of (USD trillion)``. Segments stack left to
    right; a dashed line marks the article's share. ``total_share`` is the
    computed total (in percent of ``global_gain``) written beside the top bar.
    """
    share = share.reset_index(drop=True).copy()
    share["end"] = share.groupby("row")["share (%)"].cumsum()
    share["start"] = share["end"] - share["share (%)"]
    share["middle"] = (share.start + share.end) / 2
    share["label"] = [
        f"{p.replace(' (as stated)', '')}\n{s:g}%"
        for p, s in zip(share.part, share["share (%)"], strict=False)
    ]
    rows = list(dict.fromkeys(share.row))
    computed = total_share
    article = plain(share.loc[share.row == rows[-1], "share (%)"].sum())
    # Same shape as in `internet_bar`, but its own rows, fields and colours; the drawing
    # they share is `_stacked_segments` and `_SEGMENT_TEXT`.
    base = alt.Chart(share).encode(
        y=alt.Y("row:N", title=None, sort=rows, axis=alt.Axis(labelLimit=300)),
        tooltip=[
            alt.Tooltip("part:N", title="Part"),
            alt.Tooltip("share (%):Q", title="Share of global gain (%)", format=".1f"),
            alt.Tooltip("of a global total of (USD trillion):Q", title="Global total (USD tn)"),
        ],
    )
    bars = _stacked_segments(
        base,
        "part:N",
        "Share of the global AI GDP gain in 2030 (%)",
        list(share.part),
        [CHINA, OTHER, MUTED],
    )
    segment_labels = base.mark_text(**_SEGMENT_TEXT).encode(x="middle:Q", text="label:N")
    total = alt.Chart(
        pd.DataFrame(
            {
                "row": [rows[0]],
                "x": [max(computed, article)],
                "text": [f"total {computed:g}% of ${global_gain}tn"],
            }
        )
    )
    total_label = total.mark_text(align="left", dx=6, fontSize=12, color=TEXT).encode(
        y=alt.Y("row:N", sort=rows), x="x:Q", text="text:N"
    )
    rule, rule_label = reference_line(article, f"article: {article}%", strokeWidth=1.5)
    parts = share["share (%)"]
    return finalize(
        (bars + segment_labels + total_label + rule + rule_label).properties(height=140),
        title=f"China and North America take {computed:g}% of PwC's gain, a little below the "
        f"article's {article}%",
        source="Source: PwC (2017), share computed from its regional gains; claim: Cheng and "
        "Zeng (2023), citing Zwetsloot et al. (2018)",
        description=(
            "Bullet chart of shares of the global AI GDP gain in 2030. Top bar, computed from "
            f"PwC's data: China {parts[0]:g}% plus North America {parts[1]:g}%, total "
            f"{computed:g}% of {global_gain} trillion US dollars. Bottom bar: the article's "
            f"claim, {article}% of {article_total} trillion dollars for China and the US. A "
            f"dashed line marks {article}%. The article rounds up the share and the total, and "
            "names the US where PwC's region is North America."
        ),
    )


#: MGI's two world measures (2030) and the names the Part II table gives them.
DISPLACEMENT_GROUPS: dict[str, str] = {
    "displaced_workers": "Displaced",
    "occupation_switchers": "Must switch occupational category",
}

#: The six countries Part II compares (ISO codes) and its three panels, by measure.
FOCUS_COUNTRIES: list[str] = ["CHN", "IND", "USA", "JPN", "MEX", "DEU"]
FOCUS_PANELS: dict[str, str] = {
    "displaced_workers": "Displaced (million people)",
    "occupation_switchers": "Switching occupation (million people)",
    "occupation_switchers_share": "Switching occupation (% of 2030 workforce)",
}


def world_displacement(published: pd.DataFrame) -> pd.DataFrame:
    """MGI's world rows for the midpoint and rapid scenarios, one per measure of
    :data:`DISPLACEMENT_GROUPS`, with ``group``, a capitalised ``scenario`` and the
    ``% of 2030 workforce`` (given for occupational switching only)."""
    in_scenarios = published.scenario.isin(["midpoint", "rapid"])
    world = published[(published.region == "World") & in_scenarios]
    is_share = world.measure == "occupation_switchers_share"
    workforce_share = world[is_share].set_index("scenario")["value"]
    world = world[world.measure.isin(list(DISPLACEMENT_GROUPS))].copy()
    world["% of 2030 workforce"] = world.scenario.map(workforce_share).where(
        world.measure == "occupation_switchers"
    )
    world["group"] = world.measure.map(DISPLACEMENT_GROUPS)
    world["scenario"] = world.scenario.str.capitalize()
    return world


def china_share_of_world(world: pd.DataFrame, countries: pd.DataFrame) -> pd.DataFrame:
    """China's rapid-scenario figures beside the world's, by measure, with China's
    share of the world in % (one decimal); measures the world lacks are dropped."""
    in_world = world[world.scenario == "Rapid"].set_index("measure")["value"]
    in_china = countries[countries.region == "CHN"].set_index("measure")["value"]
    china = pd.DataFrame({"China (million)": in_china, "World (million)": in_world}).dropna()
    share = 100 * china["China (million)"] / china["World (million)"]
    china["China's share of world (%)"] = share.round(1)
    return china
