"""The Part IV membership explorers: their data and their charts.

A kernel-free explorer (:func:`membership_explorer`, a Vega-Lite chart whose
drop-down and slider filter :func:`explorer_spans` in the browser by
:data:`MEMBERSHIP_RULE`) and a widget one for a live kernel
(:func:`status_explorer`, drawing :func:`forum_sizes`). Forum labels and
coverage come from ``data/forums.csv``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

import altair as alt
import pandas as pd

from .. import membership
from ..data import load
from ..text import count_word, format_date, format_when
from . import _EXPLORER
from .theme import CHINA, MUTED, OTHER, finalize

# The public names are listed once, in the package's ``_EXPLORER`` (which imports
# this module on first use, as it reads ``forums.csv``).
__all__ = list(_EXPLORER)


def full_forums() -> tuple[str, ...]:
    """Forums whose membership is recorded for every member (``member_coverage``
    "full" in ``forums.csv``), in the table's order. The others, such as the UN,
    are recorded only for some members (China, the United States)."""
    forums = load("forums")
    return tuple(forums.loc[forums["member_coverage"] == "full", "id"])


#: The forums the explorers offer: :func:`full_forums`, read once on import.
FULL_FORUMS = full_forums()
#: Years the explorers offer (status on 31 December of each year).
YEARS = tuple(range(2017, 2026))
DRAW_UNTIL = "2026-01-01"  # open-ended memberships are drawn up to here

#: The explorer's membership rule as the browser evaluates it (a Vega
#: expression): a member on 31 December of the chosen ``year`` if the span
#: (fractional years ``y0``, ``y1`` from :func:`explorer_spans`) started by then
#: and had not ended. :func:`active_in_browser` is its Python mirror.
MEMBERSHIP_RULE = (
    "isValid(datum.y0) && datum.y0 <= year + 0.9999"
    " && (!isValid(datum.y1) || datum.y1 > year + 0.9999)"
)


def _short_labels() -> pd.Series:
    return load("forums").set_index("id")["short_label"]


def _fractional_year(day: pd.Timestamp | None) -> float | None:
    """2020-06-15 -> 2020.4508...: a number that keeps date order and
    makes "member on 31 December Y" a comparison the browser can do."""
    if day is None or pd.isna(day):
        return None
    return round(day.year + (day.day_of_year - 1) / 366, 5)


def active_in_browser(y0: float | None, y1: float | None, year: int) -> bool:
    """The explorer's rule, as the browser evaluates it: member on 31 December ``year``."""
    cutoff = year + 0.9999
    return y0 is not None and y0 <= cutoff and (y1 is None or y1 > cutoff)


def explorer_spans(forums: Iterable[str] = FULL_FORUMS) -> pd.DataFrame:
    """One row per membership span (member x forum) in ``forums``.

    Columns: ``pair`` (``"CHN|G20"``, the key the browser looks up),
    ``code``, ``forum`` (a short name), ``start``, ``end`` (ISO dates for
    drawing; open-ended spans end at the data's horizon), ``y0``, ``y1``
    (fractional years for the status rule; ``y1`` empty while still a
    member), ``since``, ``until`` (for tooltips). Disputed rows are left out,
    as in :func:`aigovbook.members_on`.
    """
    forums = list(forums)
    labels = _short_labels()
    rows = load("memberships")
    rows = rows[(rows["status"] != "DISPUTED") & rows["forum"].isin(forums)]
    rows = rows.sort_values(["member", "forum", "joined"], kind="stable")
    out = []
    for _, r in rows.iterrows():
        left = r["left"] if not pd.isna(r["left"]) else None
        out.append(
            {
                "pair": f"{r['member']}|{r['forum']}",
                "code": r["member"],
                "forum": labels.get(r["forum"], r["forum"]),
                "start": r["joined"].date().isoformat(),
                "end": left.date().isoformat() if left is not None else DRAW_UNTIL,
                "y0": _fractional_year(r["joined"]),
                "y1": _fractional_year(left),
                "since": format_when(r["joined"], r.get("joined_precision")),
                "until": format_when(left, r.get("left_precision"))
                if left is not None
                else "still a member",
            }
        )
    frame = pd.DataFrame(out)
    if frame["pair"].duplicated().any():  # the browser's lookup takes one span per pair
        raise ValueError(
            "explorer_spans: a member has two spans in one forum; the explorer needs one"
        )
    return frame.astype(object).where(frame.notna(), None)


def explorer_forums(forums: Iterable[str] = FULL_FORUMS) -> pd.DataFrame:
    """The forums the explorer lists (``id``, ``forum``: its ``short_label``), in order."""
    labels = _short_labels()
    return pd.DataFrame([{"id": f, "forum": labels.get(f, f)} for f in forums])


def explorer_members(forums: Iterable[str] = FULL_FORUMS) -> pd.DataFrame:
    """Members (``code``, ``name``) with at least one span in ``forums``, by name."""
    codes = set(explorer_spans(forums)["code"])
    countries = load("countries")
    chosen = countries[countries["code"].isin(codes)][["code", "name"]]
    return chosen.sort_values("name", key=lambda s: s.str.casefold()).reset_index(drop=True)


def status_table(
    member: str, date: str | _dt.date, forums: Iterable[str] = FULL_FORUMS
) -> pd.DataFrame:
    """For the widget explorer: each forum, whether ``member`` belonged to it
    on ``date``, since when, and how many members the forum had that day."""
    forums = list(forums)
    names = load("forums").set_index("id")["name"]
    belongs = membership.forums_of(member, date)
    rows = load("memberships")
    records = []
    for forum in forums:
        mine = rows[(rows["forum"] == forum) & (rows["member"] == member)]
        since = ""
        if forum in belongs and len(mine):
            first = mine.sort_values("joined").iloc[0]
            since = format_when(first["joined"], first.get("joined_precision"))
        records.append(
            {
                "forum": forum,
                "name": names.get(forum, forum),
                "member": "yes" if forum in belongs else "no",
                "since": since,
                "members that day": len(membership.members_on(forum, date)),
            }
        )
    return pd.DataFrame(records)


def status_explorer(member: str = "CHN", date: str = "2021-12-31") -> None:
    """Display the widget explorer: a country drop-down and a year-end slider
    above :func:`status_table` and a bar chart of each forum's size that day
    (:func:`forum_sizes`). Needs a live kernel to respond."""
    import ipywidgets as widgets  # imported late: the rest of this module needs no widgets
    from IPython.display import display

    from ..exercises.quiz.widgets import stable_model_ids

    members = explorer_members()
    names = members.set_index("code")["name"]

    def table_html(member, date):
        frame = status_table(member, date).drop(columns="forum")
        frame.columns = ["Forum", "Member?", "Since", "Members that day"]
        return frame.to_html(index=False, border=0, justify="left", classes="aigov-status-table")

    def sizes_chart(member, date):
        return forum_sizes(status_table(member, date), names[member], format_date(date))

    with stable_model_ids(f"aigov-explorer:{member}:{date}"):  # ids the same in every run
        country_picker = widgets.Dropdown(
            options=list(zip(members["name"], members["code"], strict=False)),
            value=member,
            description="Country",
        )
        date_picker = widgets.SelectionSlider(
            options=[(str(y), f"{y}-12-31") for y in YEARS],
            value=date,
            description="31 December of",
            continuous_update=False,
            style={"description_width": "initial"},
        )
        status_view = widgets.HTML(table_html(member, date))
        box = widgets.VBox([country_picker, date_picker, status_view])

    def refresh(change=None):
        status_view.value = table_html(country_picker.value, date_picker.value)
        sizes.update(sizes_chart(country_picker.value, date_picker.value))

    country_picker.observe(refresh, names="value")
    date_picker.observe(refresh, names="value")
    display(box)
    sizes = display(sizes_chart(member, date), display_id=True)


def membership_explorer(
    spans: pd.DataFrame,
    forums: pd.DataFrame,
    members: pd.DataFrame,
    years: tuple[int, ...],
    rule: str,
) -> alt.TopLevelMixin:
    """The kernel-free explorer: one country's membership spans, with a year slider.

    ``spans``, ``forums`` and ``members`` come from
    :func:`explorer_spans` and friends;
    ``years`` are the slider's years. ``rule`` is the Vega expression that
    decides, in the browser, whether the chosen country was a member on 31
    December of the chosen ``year`` (:data:`MEMBERSHIP_RULE`); each
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
            f"Interactive timeline of one country's memberships in {count_word(len(forums))} "
            f"forums ({', '.join(forums['forum'])}). Bars span the membership years; a vertical "
            "line marks 31 December of the chosen year, and each forum is labelled member or not "
            "a member on that day. It opens on China in 2021: China then belonged only to the G20 "
            "and BRICS among these forums."
        ),
    )


def _epoch_ms(day: str) -> int:
    """Midnight UTC of ``day`` in milliseconds since 1970, as Vega-Lite's time scales count."""
    return int(pd.Timestamp(day, tz="UTC").timestamp() * 1000)


def forum_sizes(frame: pd.DataFrame, member_name: str, date_text: str) -> alt.TopLevelMixin:
    """Each forum's size on one day, labelled with one member's status.

    ``frame`` comes from :func:`status_table`
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
            f"Bar chart of the number of members of the {count_word(len(frame))} forums "
            f"whose full member lists the book records, on {date_text}; each bar is labelled "
            f"with whether {member_name} was a member that day ({held} of {len(frame)}). "
            f"Forums recorded only in part are not drawn: {partial}."
        ),
    )
