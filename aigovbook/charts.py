"""The book's one Altair theme and every chart the book draws.

The module holds what all charts share (a colour-blind-safe palette, readable
fonts, and :func:`finalize`, which refuses a chart without a takeaway title,
a source line or a text alternative) and, below it, one named recipe per
chart: :func:`doctrine_timeline`, :func:`displacement_panels`,
:func:`membership_heatmap` and so on. A recipe takes the tables a notebook
prepares and keeps the layout arithmetic (layer stacks, label offsets, date
domains) and the chart's text alternative out of the notebook, so that the
notebook shows the data steps a student can change: filter, compute, compare.
A few helpers (``doctrine_rows``, ``focus_country_rows``,
``membership_cells``, ``forum_changes``...) add the columns a chart draws.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from . import chartrender

# Okabe & Ito (2008) colour-blind-safe palette, without its yellow (too light
# for marks on white under WCAG 1.4.11). Every colour here has a contrast of at
# least 3:1 against the white page background.
PALETTE: list[str] = [
    "#0072B2",  # blue
    "#D55E00",  # vermilion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#8B6A00",  # dark ochre (Okabe-Ito orange darkened for contrast)
    "#56B4E9",  # sky blue (fills only, with a dark outline)
    "#000000",  # black
]
CHINA = "#D55E00"  # China is highlighted in vermilion throughout the book
OTHER = "#0072B2"  # everything else in blue
MUTED = "#767676"  # grey with 4.5:1 contrast on white
TEXT = "#1f1f1f"

THEME_NAME = "aigovbook"


@alt.theme.register(THEME_NAME, enable=True)
def theme() -> alt.theme.ThemeConfig:
    """Return the book's Altair theme (registered and enabled on import)."""
    return {
        "config": {
            "background": "white",
            "font": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
            "view": {"continuousWidth": 560, "continuousHeight": 300, "stroke": None},
            "range": {"category": PALETTE},
            "title": {
                "anchor": "start",
                "fontSize": 15,
                "fontWeight": 600,
                "color": TEXT,
                "subtitleColor": "#4a4a4a",
                "subtitleFontSize": 12,
            },
            "axis": {
                "labelColor": TEXT,
                "titleColor": TEXT,
                "labelFontSize": 12,
                "titleFontSize": 12,
                "gridColor": "#e0e0e0",
            },
            "legend": {
                "labelColor": TEXT,
                "titleColor": TEXT,
                "labelFontSize": 12,
                "titleFontSize": 12,
                "orient": "bottom",
            },
            "header": {"labelColor": TEXT, "titleColor": TEXT},
            "bar": {"color": OTHER},
            "point": {"filled": True, "size": 60},
        }
    }


# Vega-Embed's "..." actions menu is a <summary> without an accessible name
# (axe: summary-name); the book offers the data tables instead.
alt.renderers.set_embed_options(actions=False)

# Charts load the Vega copies the book serves, not a CDN (aigovbook/chartrender.py).
chartrender.enable()


def finalize(
    chart: alt.TopLevelMixin,
    *,
    title: str,
    source: str,
    description: str,
) -> alt.TopLevelMixin:
    """Give ``chart`` a takeaway title, a source subtitle and a text alternative.

    ``description`` becomes the rendered chart's ``aria-label``: write it as
    alt text, saying what the chart shows and what it means.
    """
    for name, value in (("title", title), ("source", source), ("description", description)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"finalize() needs a non-empty {name}")
    return chart.properties(
        title=alt.Title(text=title, subtitle=source),
        description=description,
    )


# ---------------------------------------------------------------------------
# Chart recipes. Each function below draws one of the book's charts from the
# tables a notebook prepares; the notebook keeps the data steps (filter,
# compute, compare) and these functions keep the layout arithmetic (layer
# stacks, label offsets, date domains) out of the student's way.
# ---------------------------------------------------------------------------


def _china_colour(domain: list[str]) -> alt.Color:
    """A colour scale that draws the first name in ``domain`` vermilion, the second blue."""
    return alt.Color("group:N", legend=None, scale=alt.Scale(domain=domain, range=[CHINA, OTHER]))


def _gap_aware_text(value_field: str = "value") -> alt.Color:
    """Dark text for a label with a value, grey for one that marks a gap."""
    return (
        alt.when(f"isValid(datum.{value_field})").then(alt.value(TEXT)).otherwise(alt.value(MUTED))
    )


def _reference_line(x: float, text: str, **rule) -> tuple[alt.Chart, alt.Chart]:
    """A dashed vertical line at ``x`` and ``text`` at its top (two layers)."""
    data = alt.Chart(pd.DataFrame({"x": [x], "text": [text]}))
    line = data.mark_rule(strokeDash=[4, 3], color=TEXT, **rule).encode(x="x:Q")
    label = data.mark_text(align="left", dx=4, baseline="bottom", fontSize=11, color=TEXT).encode(
        x="x:Q", y=alt.value(0), text="text:N"
    )
    return line, label


# ------------------------------------------------ Part I: the doctrine timeline

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


def _year_span(start, end) -> str:
    """'1978–1989', '2012–ongoing' or '2008'."""
    start = int(start)
    if pd.isna(end):
        return f"{start}\u2013ongoing"
    end = int(end)
    return str(start) if end == start else f"{start}\u2013{end}"


def doctrine_rows(doctrine: pd.DataFrame, as_of: int) -> pd.DataFrame:
    """The ``doctrine`` table with the columns the timeline draws.

    Adds ``years`` ("1978–1989", "2012–ongoing"), ``end_drawn`` (an ongoing
    era is drawn up to ``as_of``) and ``surname``; ``start`` becomes an int.
    """
    return doctrine.assign(
        start=doctrine["start"].astype(int),
        end_drawn=doctrine["end"].fillna(as_of).astype(int),
        years=[_year_span(s, e) for s, e in zip(doctrine["start"], doctrine["end"], strict=True)],
        principle=doctrine["principle"].fillna(""),
        surname=doctrine["leader"].fillna("").str.split().str[0],
    )


def principle_spans(eras: pd.DataFrame) -> pd.DataFrame:
    """Merge consecutive eras (rows of :func:`doctrine_rows`) that share a principle.

    One row per span: ``principle``, ``start``, ``end_drawn``, ``leaders``,
    ``years``, ``description``, ``source``.
    """
    eras = eras.assign(block=(eras["principle"] != eras["principle"].shift()).cumsum())
    spans = (
        eras.groupby("block")
        .agg(
            principle=("principle", "first"),
            start=("start", "min"),
            end_drawn=("end_drawn", "max"),
            leaders=("leader", ", ".join),
            description=("description", "first"),
            source=("source", lambda s: ", ".join(dict.fromkeys(s))),
        )
        .reset_index(drop=True)
    )
    ongoing = eras.groupby("block")["end"].apply(lambda e: e.isna().any()).reset_index(drop=True)
    spans["years"] = [
        f"{s}\u2013ongoing" if is_ongoing else f"{s}\u2013{e}"
        for s, e, is_ongoing in zip(spans["start"], spans["end_drawn"], ongoing, strict=False)
    ]
    return spans


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


# ------------------------------------------- Part II: data and weapons


def internet_bar(internet: pd.DataFrame, users: pd.Series) -> alt.TopLevelMixin:
    """China's population as one bar split into internet users and the rest.

    ``internet`` has two rows (``group`` "Internet users" and "Not online")
    with ``share of population (%)``; ``users`` is the article's
    ``internet_users`` row (its ``qualifier``, ``value`` and ``unit``).
    """
    penetration, offline = (float(v) for v in internet["share of population (%)"])
    people = f"{users.qualifier} {_plain(users.value)}"
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
    bars = base.mark_bar(height=60, stroke="white", strokeWidth=1).encode(
        x=alt.X(
            "start:Q",
            title="Share of China's population, mid-2021 (%)",
            scale=alt.Scale(domain=[0, 100]),
        ),
        x2="end:Q",
        color=alt.Color(
            "group:N",
            legend=None,
            scale=alt.Scale(domain=["Internet users", "Not online"], range=[CHINA, MUTED]),
        ),
    )
    # white, bold 14 px text: "large text" in WCAG terms, which passes AA on both fills
    labels = (
        base.transform_calculate(middle="(datum.start + datum.end) / 2")
        .mark_text(color="white", fontSize=14, fontWeight="bold", lineBreak="\n", dy=-8)
        .encode(x="middle:Q", text="label:N")
    )
    return finalize(
        (bars + labels).properties(height=60),
        title=f"{users.qualifier.capitalize()} {_plain(users.value)} billion people, "
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


def _plain(x):
    x = float(x)
    return int(x) if x.is_integer() else x


# ------------------------------------------------- Part II: jobs and gains


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
        return _plain(row[column])

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


def focus_country_rows(
    found: pd.DataFrame, focus: list[str], panels: dict[str, str], country_names: pd.Series
) -> pd.DataFrame:
    """One row per panel (measure) and focus country, gaps included.

    ``found`` holds the published rows for the ``focus`` countries (codes)
    and the measures in ``panels`` (measure -> panel title). A country with
    no figure for a measure keeps a row with a missing ``value`` and the
    label "no verified figure", so a chart shows the gap instead of a zero.
    """
    grid = pd.MultiIndex.from_product([list(panels), focus], names=["measure", "region"])
    columns = ["measure", "region", "scenario", "value", "qualifier"]
    rows = grid.to_frame(index=False).merge(found[columns], how="left")
    rows["country"] = rows.region.map(country_names)
    rows["panel"] = rows.measure.map(panels)
    rows["group"] = ["China" if r == "CHN" else "Other focus country" for r in rows.region]
    rows["scenario"] = rows.scenario.fillna("").replace({"unspecified": "not stated"})
    rows["label"] = [
        "no verified figure"
        if pd.isna(v)
        else (f"{q} " if q else "")
        + f"{v:.0f}"
        + ("%" if m.endswith("share") else "")
        + (" (scenario not stated)" if s == "not stated" else "")
        for v, q, m, s in zip(rows.value, rows.qualifier, rows.measure, rows.scenario, strict=False)
    ]
    rows["label_x"] = rows.value.fillna(0)
    return rows


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
            color=_china_colour(["China", "Other focus country"]),
        )
        labels = base.mark_text(align="left", dx=4, fontSize=11).encode(
            x="label_x:Q", text="label:N", color=_gap_aware_text()
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
        color=_china_colour(["China", "Other region"]),
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
        color=_china_colour(["China", "Other region"]),
    )
    labels = base.mark_text(align="left", dx=4, fontSize=12).encode(
        x="label_x:Q", text="label:N", color=_gap_aware_text()
    )
    rule, rule_label = _reference_line(world_boost, f"World: up to {world_boost}%")
    verified = boost.dropna(subset=["value"])
    china = _plain(boost.loc[boost.region == "China", "value"].iloc[0])
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
    article = _plain(share.loc[share.row == rows[-1], "share (%)"].sum())
    base = alt.Chart(share).encode(
        y=alt.Y("row:N", title=None, sort=rows, axis=alt.Axis(labelLimit=300)),
        tooltip=[
            alt.Tooltip("part:N", title="Part"),
            alt.Tooltip("share (%):Q", title="Share of global gain (%)", format=".1f"),
            alt.Tooltip("of a global total of (USD trillion):Q", title="Global total (USD tn)"),
        ],
    )
    bars = base.mark_bar(stroke="white", strokeWidth=1).encode(
        x=alt.X(
            "start:Q",
            title="Share of the global AI GDP gain in 2030 (%)",
            scale=alt.Scale(domain=[0, 100]),
        ),
        x2="end:Q",
        color=alt.Color(
            "part:N",
            legend=None,
            scale=alt.Scale(domain=list(share.part), range=[CHINA, OTHER, MUTED]),
        ),
    )
    # white, bold 14 px text: "large text" in WCAG terms, which passes AA on all three fills
    segment_labels = base.mark_text(
        color="white", fontSize=14, fontWeight="bold", lineBreak="\n", dy=-8
    ).encode(x="middle:Q", text="label:N")
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
    rule, rule_label = _reference_line(article, f"article: {article}%", strokeWidth=1.5)
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


# ------------------------------------- Part III: the plan and the documents

#: Names of the ``documents`` table's categories.
DOCUMENT_CATEGORIES: dict[str, str] = {
    "privacy_data": "Privacy and data protection",
    "ethics": "Ethics",
    "technical_standards": "Technical standards",
}
#: Short chart labels for documents (by ``id``); the tooltip and table give full titles.
DOCUMENT_LABELS: dict[str, str] = {
    "cyber_security_law": "Cyber Security Law",
    "civil_code": "Civil Code",
    "app_self_assessment_2020": "App self-assessment guideline (draft)",
    "data_security_law": "Data Security Law",
    "apps_pi_white_paper": "Mobile-apps personal information white paper",
    "pipl": "Personal Information Protection Law",
    "ai_ethics_guide_2020": "Guide to AI Ethics",
    "ethical_norms_2021": "Ethical Norms for New Generation AI",
    "trustworthy_ai_white_paper": "White Paper on Trustworthy AI",
    "ai_standardization_white_paper_2018": "White Paper on AI Standardization (2018)",
    "ai_standardization_white_paper_2021": "White Paper on AI Standardization (2021)",
    "guide_standard_framework_2020": "Guide to a national AI standard framework",
    "smart_car_strategy_2020": "Smart Car strategy",
    "intelligent_manufacturing_framework_2021": "Intelligent manufacturing standard framework",
    "standardization_outline_2021": "National Standardization Development Outline",
    "ai_terminology_draft_2021": "AI terminology (draft national standard)",
}
_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def document_rows(documents: pd.DataFrame) -> pd.DataFrame:
    """The ``documents`` table, in date order, with the columns the timeline shows.

    Adds ``label`` (from :data:`DOCUMENT_LABELS`, else the title), ``date``
    ("March 2021", or "2019 (month not given)"), ``category_label`` and
    ``mark`` (the category's name), and ``issuer_shown`` (says so when the
    sources name no issuer).
    """

    def readable_date(row):
        if pd.isna(row["month"]):
            return f"{row['year']} (month not given)"
        return f"{_MONTHS[int(row['month']) - 1]} {row['year']}"

    return (
        documents.assign(
            year=documents["year"].astype(int),
            label=[
                DOCUMENT_LABELS.get(i, t)
                for i, t in zip(documents["id"], documents["title"], strict=True)
            ],
            date=documents.apply(readable_date, axis=1),
            category_label=documents["category"].map(DOCUMENT_CATEGORIES),
            mark=documents["category"].map(DOCUMENT_CATEGORIES),
            issuer_shown=documents["issuer"].replace("", "Not recorded in the book's sources"),
            month_sort=documents["month"].fillna(0).astype(int),
        )
        .sort_values(["year", "month_sort", "label"])
        .reset_index(drop=True)
    )


def plan_rows(milestones: pd.DataFrame, plan_issued: int) -> pd.DataFrame:
    """The plan lane's rows: the plan itself (issued in ``plan_issued``) and its milestones."""
    return pd.concat(
        [
            pd.DataFrame(
                {
                    "year": [plan_issued],
                    "mark": ["Plan issued"],
                    "text": ["Plan issued"],
                    "goal": ["New Generation AI Development Plan issued by the State Council"],
                    "source": ["statecouncil2017"],
                }
            ),
            milestones.assign(
                mark="Plan milestone",
                text=milestones["year"].astype(str) + " goal",
                source=milestones["source"]
                + " (translating "
                + milestones["original_source"]
                + ")",
            )[["year", "mark", "text", "goal", "source"]],
        ],
        ignore_index=True,
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


# ------------------------------------------------ Part IV: forums and members

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


_HEATMAP_STATUS = ["China is a member", "Member", "Not a member", "Not recorded in the data"]


def membership_cells(
    matrix: pd.DataFrame, forums: pd.DataFrame, memberships: pd.DataFrame, names: dict
) -> pd.DataFrame:
    """One row per member and forum of ``matrix`` (a :func:`membership_matrix`), with its status.

    A member that is not in a forum whose ``member_coverage`` is "partial"
    and has no row for it in ``memberships`` is "Not recorded in the data",
    not "Not a member". ``forums`` needs ``label`` and ``type``.
    """
    partial = set(forums.loc[forums["member_coverage"] == "partial", "id"])
    recorded = memberships.groupby("forum")["member"].agg(set)

    def state(member, forum, is_member):
        if is_member:
            return "China is a member" if member == "CHN" else "Member"
        if forum in partial and member not in recorded[forum]:
            return "Not recorded in the data"
        return "Not a member"

    cells = matrix.stack().rename("is_member").reset_index()
    cells["status"] = [
        state(m, f, b)
        for m, f, b in zip(cells["member"], cells["forum"], cells["is_member"], strict=False)
    ]
    cells["symbol"] = cells["status"].map(
        dict(zip(_HEATMAP_STATUS, ["yes", "yes", "no", "?"], strict=True))
    )
    cells = cells.merge(
        forums[["id", "label", "name", "type", "founded"]], left_on="forum", right_on="id"
    )
    cells["country"] = cells["member"].map(names)
    return cells


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
            scale=alt.Scale(domain=_HEATMAP_STATUS, range=[CHINA, OTHER, "#e8e8e8", "#ffffff"]),
        ),
    )
    labels = base.mark_text(fontSize=11).encode(
        text="symbol:N",
        color=alt.Color(
            "status:N",
            legend=None,
            scale=alt.Scale(
                domain=_HEATMAP_STATUS, range=["#000000", "#ffffff", "#3d3d3d", "#3d3d3d"]
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
        source=f"Source: the book's memberships table, 2017 to {latest.day} {latest:%B %Y}",
        description=(
            "Small multiples of member counts over time, one panel per forum with a full member "
            f"list, from January 2017 to {latest:%B %Y}, with a dotted vertical line at the end of "
            "2021. GPAI rises from its launch in 2020 to the largest jump in 2024 (the merger with "
            "the OECD's AI work, derived rows); BRICS grows from five members to ten in 2024 and "
            "2025; the G20 adds the African Union in 2023; the Council of Europe loses Russia in "
            "2022; the Bletchley Declaration appears in 2023 with China among its signatories. "
            "The G7, OECD, EU and AI Partnership for Defense stay flat."
        ),
    )


# ------------------------------------------- Part IV: since the article


def forum_changes(
    forums: pd.DataFrame, events: pd.DataFrame, full: list[str], then: str, now: pd.Timestamp
) -> pd.DataFrame:
    """Each forum in ``full``: its member count on ``then`` and ``now``, and the change in words.

    ``forums`` is indexed by id (with ``short_label``, ``name`` and
    ``founded``); ``events`` comes from
    :func:`aigovbook.membership.membership_events` over the same period. The
    ``change`` says "no change", "new since 2021: N" for a forum created
    after ``then``, or "+N" / "−N" with how many of the new rows are derived,
    or (for one or two events) who joined or left. ``china`` says whether
    China is a member ``now``. Rows are sorted by the count ``now``.
    """
    from .membership import members_on

    def change_text(forum, before, after):
        if before == 0 and forums.loc[forum, "founded"] > pd.Timestamp(then):
            return f"new since 2021: {after}"
        if after == before:
            return "no change"
        mine = events[(events["forum"] == forum) & (events["status"] != "DISPUTED")]
        derived = int((mine["status"] == "DERIVED").sum())
        if derived:
            note = f" ({derived} derived)"
        elif len(mine) <= 2:  # name the one or two members who joined or left
            note = (
                " ("
                + ", ".join(
                    f"{'' if e == 'joined' else 'left: '}{n}"
                    for n, e in zip(mine["name"], mine["event"], strict=False)
                )
                + ")"
            )
        else:
            note = ""
        return f"{after - before:+d}{note}".replace("-", "\u2212", 1)

    rows = []
    for f in full:
        before, after = len(members_on(f, then)), len(members_on(f, now))
        china_now = "CHN" in members_on(f, now)
        rows.append(
            {
                "forum": f,
                "Forum": forums.loc[f, "short_label"] + (" (incl. China)" if china_now else ""),
                "name": forums.loc[f, "name"],
                "then": before,
                "now": after,
                "change": change_text(f, before, after),
                "china": "China a member" if china_now else "China not a member",
            }
        )
    return pd.DataFrame(rows).sort_values("now", ascending=False, kind="stable")


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
        source="Source: the book's memberships table, 31 December 2021 and "
        f"{latest.day} {latest:%B %Y}",
        description=(
            "Dumbbell chart of member counts per forum at the end of 2021 (hollow circle) and on "
            f"{latest.day} {latest:%B %Y} (filled diamond), with the change written beside each. "
            + " ".join(
                f"{r.Forum}: {r.then} to {r.now} ({r.change})." for r in then_now.itertuples()
            )
        ),
    )


# ------------------------------------------- Part IV: the membership explorers


def membership_explorer(
    spans: pd.DataFrame,
    forums: pd.DataFrame,
    members: pd.DataFrame,
    years: tuple[int, ...],
    rule: str,
) -> alt.TopLevelMixin:
    """The kernel-free explorer: one country's membership spans, with a year slider.

    ``spans``, ``forums`` and ``members`` come from
    :mod:`aigovbook.exercises.explorer` (``explorer_spans`` and friends);
    ``years`` are the slider's years. ``rule`` is the Vega expression that
    decides, in the browser, whether the chosen country was a member on 31
    December of the chosen ``year`` (``explorer.MEMBERSHIP_RULE``); each
    forum is labelled "member" or "not a member" by it. The time axis runs
    from 2015 to 2025.
    """
    country = alt.param(
        name="country",
        value="CHN",
        bind=alt.binding_select(
            options=list(members["code"]), labels=list(members["name"]), name="Country: "
        ),
    )
    year = alt.param(
        name="year",
        value=2021,
        bind=alt.binding_range(
            min=years[0], max=years[-1], step=1, name="Status on 31 December of: "
        ),
    )
    y = alt.Y("forum:N", title=None, scale=alt.Scale(domain=list(forums["forum"])))
    x = alt.X(
        "start:T",
        title="Membership over time (year)",
        scale=alt.Scale(domainMin=_epoch_ms("2015-01-01"), domainMax=_epoch_ms("2026-01-01")),
    )
    bars = (
        alt.Chart(spans)
        .transform_filter("datum.code == country")
        .mark_bar(height=14, clip=True)
        .encode(
            x=x,
            x2="end:T",
            y=y,
            color=alt.condition("datum.code == 'CHN'", alt.value(CHINA), alt.value(OTHER)),
            tooltip=[
                alt.Tooltip("forum:N", title="Forum"),
                alt.Tooltip("since:N", title="Member since"),
                alt.Tooltip("until:N", title="Until"),
            ],
        )
    )
    status = (
        alt.Chart(forums)
        .transform_calculate(pair="country + '|' + datum.id")
        .transform_lookup(
            lookup="pair", from_=alt.LookupData(spans, key="pair", fields=["y0", "y1"])
        )
        .transform_calculate(
            member=rule,
            status="datum.member ? 'member' : 'not a member'",
            when="datetime(year, 11, 31)",
        )
    )
    rule_mark = status.mark_rule(color=MUTED).encode(x="when:T")
    marks = status.mark_point(size=90, filled=True, color="black").encode(
        x="when:T",
        y=y,
        shape=alt.Shape(
            "status:N",
            title="Status at the line",
            scale=alt.Scale(domain=["member", "not a member"], range=["circle", "cross"]),
        ),
        tooltip=[alt.Tooltip("forum:N", title="Forum"), alt.Tooltip("status:N", title="Status")],
    )
    labels = status.mark_text(align="left", dx=6).encode(x=alt.value(426), y=y, text="status:N")
    explorer = (
        alt.layer(bars, rule_mark, marks, labels)
        .add_params(country, year)
        .properties(width=420, height=alt.Step(26))
    )
    return finalize(
        explorer,
        title="Which forums did a country belong to, and when?",
        source="Source: the book's membership data (aigovbook), 2015-2025",
        description=(
            f"Interactive timeline of one country's memberships in {_count_word(len(forums))} "
            f"forums ({', '.join(forums['forum'])}). Bars span the membership years; a vertical "
            "line marks 31 December of the chosen year, and each forum is labelled member or not "
            "a member on that day. It opens on China in 2021: China then belonged only to the G20 "
            "and BRICS among these forums."
        ),
    )


def _epoch_ms(day: str) -> int:
    """Midnight UTC of ``day`` in milliseconds since 1970, as Vega-Lite's time scales count."""
    return int(pd.Timestamp(day, tz="UTC").timestamp() * 1000)


def _count_word(n: int) -> str:
    words = "zero one two three four five six seven eight nine ten eleven twelve".split()
    return words[n] if n < len(words) else str(n)


def forum_sizes(frame: pd.DataFrame, member_name: str, date_text: str) -> alt.TopLevelMixin:
    """Each forum's size on one day, labelled with one member's status.

    ``frame`` comes from :func:`aigovbook.exercises.explorer.status_table`
    (``forum``, ``name``, ``member`` "yes"/"no", ``since``, ``members that
    day``); ``date_text`` is the day in words ("31 December 2021").
    """
    frame = frame.copy()
    frame["status"] = frame["member"].map(
        {"yes": f"{member_name}: member", "no": f"{member_name}: not a member"}
    )
    highlight = CHINA if member_name == "China" else OTHER
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("members that day:Q", title="Members on that day (count)"),
            y=alt.Y("forum:N", title=None, sort=None),
            color=alt.Color(
                "member:N",
                title=f"Is {member_name} a member?",
                scale=alt.Scale(domain=["yes", "no"], range=[highlight, MUTED]),
            ),
            tooltip=["name:N", "members that day:Q", "member:N", "since:N"],
        )
    )
    text = bars.mark_text(align="left", dx=4, color="black").encode(
        text="status:N", color=alt.value("black")
    )
    held = int((frame["member"] == "yes").sum())
    from .data import load

    forums = load("forums")
    partial = ", ".join(forums.loc[forums["member_coverage"] != "full", "short_label"])
    return finalize(
        (bars + text).properties(width=380, height=alt.Step(24)),
        # Only forums whose whole membership is recorded are drawn (the UN,
        # CCW, UNESCO and SC 42 rows are partial), so the title says so: the
        # chapter's count over every forum is larger.
        title=(
            f"{member_name} sat in {held} of the {len(frame)} forums with full member "
            f"lists on {date_text}"
        ),
        source="Source: the book's membership data (aigovbook); forums recorded only in "
        f"part are left out ({partial})",
        description=(
            f"Bar chart of the number of members of the {_count_word(len(frame))} forums "
            f"whose full member lists the book records, on {date_text}; each bar is labelled "
            f"with whether {member_name} was a member that day ({held} of {len(frame)}). "
            f"Forums recorded only in part are not drawn: {partial}."
        ),
    )
