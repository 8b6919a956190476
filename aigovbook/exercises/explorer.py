"""Data for the membership explorers on the Part IV exercise page.

Two explorers share these tables: a kernel-free one (a Vega-Lite chart whose
country drop-down and year slider filter the data in the browser) and a
widget one (a country drop-down and a date slider, for a live kernel). The
chart expressions live in the notebook; this module only prepares the data,
so that the browser's membership rule can be tested against
:func:`aigovbook.forums_of` (see ``tests/test_exercises_bank.py``).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable

import pandas as pd

from .. import membership
from ..data import load
from .formatting import format_when

__all__ = [
    "FULL_FORUMS",
    "YEARS",
    "active_in_browser",
    "explorer_forums",
    "explorer_members",
    "explorer_spans",
    "short_name",
    "status_table",
]

#: Forums whose membership is recorded for every member (the others, such as
#: the UN, are recorded only for China and the United States).
FULL_FORUMS = ("G7", "G20", "OECD", "GPAI", "AIPD", "COE", "EU", "BRICS", "BLETCHLEY")
#: Years the explorers offer (status on 31 December of each year).
YEARS = tuple(range(2017, 2026))
DRAW_UNTIL = "2026-01-01"  # open-ended memberships are drawn up to here


def short_name(name: str) -> str:
    """ "Group of Seven (G7)" -> "G7"; "Bletchley Declaration (AI Safety Summit, 2023)"
    -> "Bletchley Declaration": short labels for chart axes."""
    acronym = re.search(r"\(([A-Z0-9]+)\)$", name)
    return acronym.group(1) if acronym else name.split(" (")[0]


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
    names = load("forums").set_index("id")["name"]
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
                "forum": short_name(names.get(r["forum"], r["forum"])),
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
    """The forums the explorer lists (``id``, short ``forum`` name), in order."""
    names = load("forums").set_index("id")["name"]
    return pd.DataFrame([{"id": f, "forum": short_name(names.get(f, f))} for f in forums])


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
