"""Events in global AI governance after the article (2023 to November 2026).

One row of ``data/events.csv`` per dated event, with the part China and the United States
played (``led``, ``signed``, ``did_not_sign``, ``voted_for``...: the schema lists them).
``RECALLED`` rows are the book's recollection, not confirmed: shown and marked on the page,
but left out of ``events(gradable=True)``, so no exercise is graded on them. Typical use::

    >>> from aigovbook.events import events, role_of
    >>> role_of("paris_statement", "USA")
    'did_not_sign'
"""

from __future__ import annotations

import datetime as _dt
import difflib
from collections.abc import Iterable

import pandas as pd

from .data import load
from .text import format_date, month_year

__all__ = [
    "KINDS",
    "POWERS",
    "ROLES",
    "ROLE_GROUPS",
    "events",
    "role_counts",
    "role_of",
    "timeline_frame",
]

#: Tracks of events, in the order the book presents them, with display labels.
KINDS: dict[str, str] = {
    "china_initiative": "China's own initiatives",
    "summit": "AI summit series",
    "un": "United Nations",
    "western_regional": "Western and regional tracks",
    "other_coalitions": "Other coalitions",
    "us_china": "US–China talks",
    "china_domestic": "China's domestic rules",
}

#: The roles a power can play in an event, with display labels.
ROLES: dict[str, str] = {
    "led": "led",
    "co-led": "co-led",
    "signed": "signed",
    "co-sponsored": "co-sponsored",
    "supported": "supported",
    "attended": "attended",
    "did_not_sign": "did not sign",
    "voted_for": "voted for",
    "voted_against": "voted against",
    "abstained": "abstained",
    "not_party": "not a party",
    "unknown": "unknown",
}

#: Roles grouped for charts: each group gets its own colour AND shape.
ROLE_GROUPS: dict[str, str] = {
    "led": "led or co-led",
    "co-led": "led or co-led",
    "signed": "signed or backed",
    "co-sponsored": "signed or backed",
    "supported": "signed or backed",
    "attended": "signed or backed",
    "did_not_sign": "did not back it",
    "voted_for": "signed or backed",
    "voted_against": "did not back it",
    "abstained": "did not back it",
    "not_party": "not a party",
    "unknown": "unknown",
}

#: The two powers the table records, by the column that holds their role.
POWERS: dict[str, str] = {"CHN": "china_role", "USA": "us_role"}


def _power_column(power: str) -> str:
    key = str(power).strip().upper()
    aliases = {"CHINA": "CHN", "US": "USA", "UNITED STATES": "USA"}
    key = aliases.get(key, key)
    if key not in POWERS:
        raise ValueError(
            f"Unknown power {power!r}: the events table records only 'CHN' (China) "
            "and 'USA' (the United States)."
        )
    return POWERS[key]


def _day(value: str | _dt.date | None, name: str) -> pd.Timestamp | None:
    if value is None:
        return None
    try:
        return pd.Timestamp(_dt.date.fromisoformat(str(value)[:10]))
    except ValueError:
        raise ValueError(f"{name}={value!r} is not a date in YYYY-MM-DD form") from None


def events(
    kind: str | Iterable[str] | None = None,
    start: str | _dt.date | None = None,
    end: str | _dt.date | None = None,
    *,
    gradable: bool = False,
) -> pd.DataFrame:
    """The events table, sorted by date, optionally filtered.

    ``kind`` is one track of :data:`KINDS` (or several); ``start`` and
    ``end`` are inclusive dates. With ``gradable=True`` the RECALLED rows are
    left out: use that for anything an exercise grades.
    """
    table = load("events")
    if kind is not None:
        kinds = [kind] if isinstance(kind, str) else list(kind)
        for k in kinds:
            if k not in KINDS:
                hint = difflib.get_close_matches(str(k), list(KINDS), n=1)
                did_you_mean = f" Did you mean {hint[0]!r}?" if hint else ""
                raise ValueError(
                    f"Unknown kind {k!r}.{did_you_mean} Valid kinds: {', '.join(KINDS)}."
                )
        table = table[table["kind"].isin(kinds)]
    first, last = _day(start, "start"), _day(end, "end")
    if first is not None:
        table = table[table["date"] >= first]
    if last is not None:
        table = table[table["date"] <= last]
    if gradable:
        table = table[table["status"] != "RECALLED"]
    return table.sort_values(["date", "id"], kind="stable").reset_index(drop=True)


def role_of(event_id: str, power: str) -> str:
    """The role (a key of :data:`ROLES`) that ``power`` played in ``event_id``."""
    column = _power_column(power)
    table = load("events").set_index("id")
    if event_id not in table.index:
        hint = difflib.get_close_matches(str(event_id), list(table.index), n=1)
        did_you_mean = f" Did you mean {hint[0]!r}?" if hint else ""
        raise ValueError(f"Unknown event {event_id!r}.{did_you_mean}")
    return str(table.loc[event_id, column])


def role_counts(power: str, *, kind: str | None = None, gradable: bool = True) -> pd.Series:
    """How many events ``power`` played each role in (every role, zeros included)."""
    column = _power_column(power)
    table = events(kind=kind, gradable=gradable)
    return table[column].value_counts().reindex(list(ROLES), fill_value=0).rename(column)


def timeline_frame(*, include_recalled: bool = True) -> pd.DataFrame:
    """The events ready for a timeline chart: display labels for track and roles.

    Adds ``track`` (label of ``kind``), ``china`` and ``us`` (role labels),
    ``china_group`` (a key of the chart's colour-and-shape legend) and
    ``checked`` ("confirmed" or "recalled, not confirmed") and ``lane`` (0 or
    1: events of one track less than 40 days apart alternate lanes, so their
    marks do not hide each other).
    """
    table = events(gradable=not include_recalled)
    lanes, last = [], {}
    for kind, day in zip(table["kind"], table["date"], strict=True):
        previous = last.get(kind)
        close = previous is not None and (day - previous[0]).days < 40
        lanes.append((previous[1] + 1) % 2 if close else 0)
        last[kind] = (day, lanes[-1])
    return table.assign(
        lane=lanes,
        track=table["kind"].map(KINDS),
        china=table["china_role"].map(ROLES),
        us=table["us_role"].map(ROLES),
        china_group=table["china_role"].map(ROLE_GROUPS),
        checked=table["status"].map(
            lambda s: "recalled, not confirmed" if s == "RECALLED" else "confirmed"
        ),
    )


# The rows of the table when Part V was first written (events to February 2026):
# the page compares who led what in that first selection with the whole table.
FIRST_SELECTION = (
    "china_genai_measures", "gaigi", "g7_hiroshima", "bletchley", "unga_safe_ai",
    "seoul_declaration", "seoul_ministerial", "unga_capacity", "gpai_oecd", "waic_shanghai",
    "eu_ai_act", "coe_convention", "global_digital_compact", "capacity_meeting",
    "group_of_friends", "us_eo_revoked", "paris_statement", "us_action_plan",
    "waic_action_plan", "un_panel_dialogue", "china_labelling", "new_delhi_declaration",
)  # fmt: skip
LEAD_ROLES = ("led", "co-led")
# Days the Part V prose names: glue name -> event id
NAMED_DAYS = {
    "gaigi": "gaigi",
    "delhi": "new_delhi_declaration",
    "panel_report": "un_panel_report",
    "dialogue": "un_global_dialogue_geneva",
}


def part5_figures() -> dict[str, object]:
    """Every figure Part V's prose states, computed from the events table (glue names)."""
    from .data import VOTE_ROLES, official_source, package

    frame = timeline_frame()
    confirmed = events(gradable=True)
    china, usa = role_counts("CHN"), role_counts("USA")
    review = next(r for r in package()["resources"] if r["name"] == "events")
    summits = confirmed[confirmed["kind"] == "summit"]
    verified = confirmed[confirmed["status"] == "VERIFIED"]
    official = verified["source"].map(official_source) | verified["source_2"].map(
        lambda key: bool(key) and official_source(key)
    )
    voted = confirmed["china_role"].isin(VOTE_ROLES) | confirmed["us_role"].isin(VOTE_ROLES)
    first = confirmed[confirmed["id"].isin(FIRST_SELECTION)]
    western = confirmed[confirmed["kind"] == "western_regional"]
    outside = int((western["china_role"] == "not_party").sum())
    dates = frame.set_index("id")["date"]
    lead = list(LEAD_ROLES)
    figures: dict[str, object] = {"ch5_n_events": len(frame)}
    figures |= {f"ch5_{name}_day": format_date(dates[ev]) for name, ev in NAMED_DAYS.items()}
    return figures | {
        "ch5_first_month": month_year(frame["date"].min()),
        "ch5_last_month": month_year(frame["date"].max()),
        "ch5_reviewed_through": format_date(review["x-reviewed-through"]),
        "ch5_last_reviewed": format_date(review["x-last-reviewed"]),
        "ch5_n_recalled": int((frame["status"] == "RECALLED").sum()),
        "ch5_n_derived": int((frame["status"] == "DERIVED").sum()),
        "ch5_n_official": int(official.sum()),
        "ch5_n_two_sources": int((~official).sum()),
        "ch5_china_led": int(china[lead].sum()),
        "ch5_us_led": int(usa[lead].sum()),
        "ch5_n_first": int(frame["id"].isin(FIRST_SELECTION).sum()),
        "ch5_china_led_first": int(first["china_role"].isin(lead).sum()),
        "ch5_us_led_first": int(first["us_role"].isin(lead).sum()),
        "ch5_china_outside_western": (
            f"any of the {len(western)}"
            if outside == len(western)
            else f"{outside} of the {len(western)}"
        ),
        "ch5_n_summits": len(summits),
        "ch5_summits_both": int(
            ((summits["china_role"] == "signed") & (summits["us_role"] == "signed")).sum()
        ),
        "ch5_china_unknown": int(china["unknown"]),
        "ch5_us_unknown": int(usa["unknown"]),
        "ch5_n_un": int((confirmed["kind"] == "un").sum()),
        "ch5_n_votes": int((voted & (confirmed["kind"] == "un")).sum()),
    }


def events_table() -> pd.DataFrame:
    """Part V's table of events: one row per event, with its Chinese title and sources."""
    frame = timeline_frame()
    sources = (
        frame["source"]
        + frame["source_2"].map(lambda key: f", {key}" if key else "")
        + frame["title_zh_source"].map(lambda key: f"; Chinese title: {key}" if key else "")
    )
    table = frame.assign(Date=frame["date"].dt.strftime("%d %b %Y"), Sources=sources)
    columns = {"title": "Event", "title_zh": "Chinese title", "track": "Track",
               "china": "China", "us": "United States", "status": "Status"}  # fmt: skip
    return table[["Date", *columns, "Sources"]].rename(columns=columns)
