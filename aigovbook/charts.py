"""The book's one Altair theme and the small helpers every chart uses.

Chart expressions themselves live in the notebooks, where students read them;
this module only holds what all charts share: a colour-blind-safe palette,
readable fonts, and :func:`finalize`, which refuses a chart without a
takeaway title, a source line or a text alternative.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

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
    x_year = alt.X("start:Q", title="Year", scale=year_scale, axis=alt.Axis(format="d", tickCount=10))
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
        base = alt.Chart(data).encode(
            x=x_year_top,
            y=alt.Y(
                "lane:N",
                title=None,
                sort=["Leader", "Guiding principle"],
                axis=alt.Axis(labelFontWeight="bold", domain=False, ticks=False),
            ),
        ).transform_calculate(lane=f"'{lane_name}'")
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
        y=alt.Y("row:O", title="Turning points", axis=alt.Axis(labels=False, ticks=False, domain=False)),
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
    era_bands = alt.Chart(principles).mark_rect(opacity=0.08).encode(
        x=x_year, x2="end_drawn:Q", color=principle_colour
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
        title="China went from challenging global governance to a low profile to seeking leadership",
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
