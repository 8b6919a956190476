"""Data for the membership explorers on the Part IV exercise page.

Two explorers share these tables: a kernel-free one (a Vega-Lite chart whose
country drop-down and year slider filter the data in the browser) and a
widget one (a country drop-down and a date slider, for a live kernel,
:func:`status_explorer`). This module prepares their data and holds the
browser's membership rule, :data:`MEMBERSHIP_RULE`, which the chart
(:func:`aigovbook.charts.membership_explorer`) evaluates in the page. The
rule is checked against :func:`aigovbook.forums_of` twice: in Python through
its mirror :func:`active_in_browser` (``tests/test_exercises_bank.py``) and in
Chromium on the built page (``tests/browser/test_explorer_rule.py``).

Forum labels and the list of forums whose members are all recorded come from
the ``short_label`` and ``member_coverage`` columns of ``data/forums.csv``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

import pandas as pd

from .. import membership
from ..data import load
from .quiz.formatting import format_date, format_when

__all__ = [
    "FULL_FORUMS",
    "MEMBERSHIP_RULE",
    "YEARS",
    "active_in_browser",
    "explorer_forums",
    "explorer_members",
    "explorer_spans",
    "full_forums",
    "status_explorer",
    "status_table",
]


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
    (:func:`aigovbook.charts.forum_sizes`). Needs a live kernel to respond."""
    import ipywidgets as widgets  # imported late: the rest of this module needs no widgets
    from IPython.display import display

    from .. import charts
    from .quiz.widgets import stable_model_ids

    members = explorer_members()
    names = members.set_index("code")["name"]

    def table_html(member, date):
        frame = status_table(member, date).drop(columns="forum")
        frame.columns = ["Forum", "Member?", "Since", "Members that day"]
        return frame.to_html(index=False, border=0, justify="left", classes="aigov-status-table")

    def sizes_chart(member, date):
        return charts.forum_sizes(status_table(member, date), names[member], format_date(date))

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
