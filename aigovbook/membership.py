"""Who belonged to which forum on a given date, from ``data/memberships.csv``.

A member belongs on date ``D`` when ``joined <= D`` and (``left`` is empty or ``D < left``):
``left`` is the first day it no longer belongs (Russia left the Council of Europe on
2022-03-16: a member on 15 March, not on 16 March). ``DISPUTED`` rows are left out unless
``include_disputed=True``. Dates are ``"YYYY-MM-DD"`` strings or :class:`datetime.date`;
forum ids and member codes (ISO 3166-1 alpha-3, ``"EUU"``, ``"AFU"``) match
case-insensitively, and unknown ones raise ``ValueError`` suggesting valid ones.

Main functions: :func:`members_on`, :func:`forums_of`, :func:`membership_matrix`.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import os
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from .data import _shared, load

__all__ = [
    "coverage",
    "forum_ids",
    "forum_names",
    "forums_of",
    "is_member",
    "member_count",
    "member_count_series",
    "member_names",
    "members_on",
    "membership_counts",
    "membership_events",
    "membership_matrix",
    "membership_spans",
    "parse_date",
]

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PathLike = str | os.PathLike | None


def parse_date(date: object) -> _dt.date:
    """Turn ``"YYYY-MM-DD"`` or a ``datetime.date`` into a ``datetime.date``.

    >>> parse_date("2021-12-31")
    datetime.date(2021, 12, 31)
    """
    if isinstance(date, _dt.datetime):  # includes pandas.Timestamp
        if pd.isna(date):
            raise ValueError("date is missing (NaT); give 'YYYY-MM-DD' or a datetime.date")
        return date.date()
    if isinstance(date, _dt.date):
        return date
    if isinstance(date, str):
        text = date.strip()
        if not _DATE_RE.match(text):
            raise ValueError(
                f"Malformed date {date!r}: use the form 'YYYY-MM-DD' (e.g. '2021-12-31') "
                "or a datetime.date."
            )
        try:
            return _dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"Invalid date {date!r}: no such day in the calendar.") from None
    raise ValueError(
        f"Unsupported date {date!r} of type {type(date).__name__}: "
        "use 'YYYY-MM-DD' or a datetime.date."
    )


# --------------------------------------------------------------------------
# Lookups
# --------------------------------------------------------------------------


def forum_ids(data_dir: PathLike = None) -> list[str]:
    """Forum ids in the order of ``forums.csv``."""
    return _shared("forums", data_dir)["id"].tolist()


def forum_names(data_dir: PathLike = None) -> dict[str, str]:
    """``{forum id: full name}``, e.g. ``{"G20": "Group of Twenty (G20)", ...}``."""
    forums = _shared("forums", data_dir)
    return dict(zip(forums["id"], forums["name"], strict=True))


def member_names(data_dir: PathLike = None) -> dict[str, str]:
    """``{member code: name}``, e.g. ``{"CHN": "China", "EUU": "European Union", ...}``."""
    countries = _shared("countries", data_dir)
    return dict(zip(countries["code"], countries["name"], strict=True))


def _check_forum(forum: object, data_dir: PathLike) -> str:
    names = forum_names(data_dir)
    if isinstance(forum, str):
        wanted = forum.strip().upper()
        if wanted in names:
            return wanted
        # Also offer ids whose full name resembles what was typed ("Council of Europe" -> COE).
        by_name = {n.upper(): i for i, n in names.items()}
        close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.5)
        close += [
            by_name[n] for n in difflib.get_close_matches(wanted, list(by_name), n=2, cutoff=0.5)
        ]
        close += [i for i, n in names.items() if wanted and wanted in n.upper()]
    else:
        close = []
    close = list(dict.fromkeys(close))[:4]
    hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise ValueError(f"Unknown forum {forum!r}.{hint} Valid forum ids: {', '.join(names)}.")


def _check_member(member: object, data_dir: PathLike) -> str:
    # Same shape as `_check_forum`, different rule: members match their names first and
    # more strictly (cutoff 0.6), with no substring search, and the hint names each code.
    names = member_names(data_dir)
    if isinstance(member, str):
        wanted = member.strip().upper()
        if wanted in names:
            return wanted
        by_name = {n.upper(): c for c, n in names.items()}
        close = [
            by_name[n] for n in difflib.get_close_matches(wanted, list(by_name), n=3, cutoff=0.6)
        ]
        close += difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.6)
    else:
        close = []
    close = list(dict.fromkeys(close))[:4]
    hint = " Did you mean " + ", ".join(f"{c!r} ({names[c]})" for c in close) + "?" if close else ""
    raise ValueError(
        f"Unknown member {member!r}.{hint} Members are ISO 3166-1 alpha-3 codes "
        "such as 'CHN' or 'USA', "
        "plus 'EUU' (European Union) and 'AFU' (African Union); see load('countries')."
    )


def _active(date: object, include_disputed: bool, data_dir: PathLike) -> pd.DataFrame:
    """Membership rows in force on ``date`` (see the interval semantics above)."""
    day = np.datetime64(parse_date(date), "ns")
    ms = _shared("memberships", data_dir)
    joined = ms["joined"].to_numpy()
    left = ms["left"].to_numpy()
    mask = (joined <= day) & (np.isnat(left) | (day < left))
    if not include_disputed:
        mask &= ms["status"].to_numpy() != "DISPUTED"
    return ms[mask]


# --------------------------------------------------------------------------
# The three main questions
# --------------------------------------------------------------------------


def members_on(
    forum: str, date: object, *, include_disputed: bool = False, data_dir: PathLike = None
) -> set[str]:
    """Member codes of ``forum`` on ``date``.

    >>> sorted(members_on("G7", "2021-12-31"))
    ['CAN', 'DEU', 'FRA', 'GBR', 'ITA', 'JPN', 'USA']
    """
    fid = _check_forum(forum, data_dir)
    active = _active(date, include_disputed, data_dir)
    return set(active.loc[active["forum"] == fid, "member"])


def forums_of(
    member: str, date: object, *, include_disputed: bool = False, data_dir: PathLike = None
) -> set[str]:
    """Forum ids that ``member`` belonged to on ``date``.

    Read the result with the coverage caveats in mind: for UN, CCW,
    UNESCO_AI and SC42 only some members are recorded (see :func:`coverage`).
    """
    code = _check_member(member, data_dir)
    active = _active(date, include_disputed, data_dir)
    return set(active.loc[active["member"] == code, "forum"])


def membership_matrix(
    date: object,
    *,
    members: Iterable[str] | None = None,
    forums: Iterable[str] | None = None,
    include_disputed: bool = False,
    data_dir: PathLike = None,
) -> pd.DataFrame:
    """Members x forums table of booleans for ``date``.

    Rows are member codes (by default every code in ``countries.csv``,
    sorted), columns are forum ids (by default all, in ``forums.csv``
    order). ``True`` means a member on that date.
    """
    row_codes = (
        [_check_member(m, data_dir) for m in members]
        if members is not None
        else sorted(member_names(data_dir))
    )
    col_ids = (
        [_check_forum(f, data_dir) for f in forums] if forums is not None else forum_ids(data_dir)
    )
    active = _active(date, include_disputed, data_dir)
    pairs = set(zip(active["member"], active["forum"], strict=True))
    matrix = pd.DataFrame(
        [[(m, f) in pairs for f in col_ids] for m in row_codes],
        index=pd.Index(row_codes, name="member"),
        columns=pd.Index(col_ids, name="forum"),
        dtype=bool,
    )
    return matrix


# --------------------------------------------------------------------------
# Helpers for charts and exercises
# --------------------------------------------------------------------------


def is_member(
    member: str,
    forum: str,
    date: object,
    *,
    include_disputed: bool = False,
    data_dir: PathLike = None,
) -> bool:
    """Whether ``member`` belonged to ``forum`` on ``date``."""
    code = _check_member(member, data_dir)
    return code in members_on(forum, date, include_disputed=include_disputed, data_dir=data_dir)


def member_count(
    forum: str, date: object, *, include_disputed: bool = False, data_dir: PathLike = None
) -> int:
    """Number of members of ``forum`` on ``date`` (organisations such as the EU count as one)."""
    return len(members_on(forum, date, include_disputed=include_disputed, data_dir=data_dir))


def membership_counts(
    dates: Iterable[object],
    forums: Iterable[str] | None = None,
    *,
    include_disputed: bool = False,
    data_dir: PathLike = None,
) -> pd.DataFrame:
    """Tidy table of member counts: one row per (date, forum).

    Columns: ``date`` (datetime64), ``forum``, ``members`` (int). Handy for
    a line chart of membership over time, e.g.
    ``membership_counts(pd.date_range("2017-01-01", "2026-01-01", freq="YS"))``.
    """
    fids = (
        [_check_forum(f, data_dir) for f in forums] if forums is not None else forum_ids(data_dir)
    )
    rows = []
    for d in dates:
        day = parse_date(d)
        active = _active(day, include_disputed, data_dir)
        counts = active.groupby("forum")["member"].nunique()
        rows += [(pd.Timestamp(day), f, int(counts.get(f, 0))) for f in fids]
    frame = pd.DataFrame(rows, columns=["date", "forum", "members"])
    frame["date"] = frame["date"].astype("datetime64[ns]")
    return frame


def member_count_series(
    forum: str,
    start: object = "2017-01-01",
    end: object = "2026-12-31",
    freq: str = "MS",
    *,
    include_disputed: bool = False,
    data_dir: PathLike = None,
) -> pd.Series:
    """Member count of one forum at each date of ``pd.date_range(start, end, freq=freq)``.

    The default is the first day of every month, 2017-2026.
    """
    fid = _check_forum(forum, data_dir)
    dates = pd.date_range(pd.Timestamp(parse_date(start)), pd.Timestamp(parse_date(end)), freq=freq)
    counts = membership_counts(dates, [fid], include_disputed=include_disputed, data_dir=data_dir)
    series = pd.Series(
        counts["members"].to_numpy(), index=pd.DatetimeIndex(counts["date"], name="date")
    )
    series.name = fid
    return series


def membership_events(
    start: object = "2017-01-01",
    end: object = "2026-12-31",
    forums: Iterable[str] | None = None,
    *,
    include_disputed: bool = True,
    data_dir: PathLike = None,
) -> pd.DataFrame:
    """Joins and departures between ``start`` and ``end`` (inclusive), sorted by date.

    Columns: ``date``, ``forum``, ``member``, ``name``, ``event`` ("joined" or
    "left"), ``precision``, ``status``, ``source``, ``note``. Useful for
    "what changed since the article" tables.
    """
    lo, hi = pd.Timestamp(parse_date(start)), pd.Timestamp(parse_date(end))
    fids = (
        [_check_forum(f, data_dir) for f in forums] if forums is not None else forum_ids(data_dir)
    )
    ms = load("memberships", data_dir=data_dir)
    ms = ms[ms["forum"].isin(fids)]
    if not include_disputed:
        ms = ms[ms["status"] != "DISPUTED"]
    names = member_names(data_dir)
    rows = []
    for r in ms.itertuples(index=False):
        if lo <= r.joined <= hi:
            rows.append(
                (
                    r.joined,
                    r.forum,
                    r.member,
                    "joined",
                    r.joined_precision,
                    r.status,
                    r.source,
                    r.note,
                )
            )
        if pd.notna(r.left) and lo <= r.left <= hi:
            rows.append(
                (r.left, r.forum, r.member, "left", r.left_precision, r.status, r.source, r.note)
            )
    frame = pd.DataFrame(
        rows, columns=["date", "forum", "member", "event", "precision", "status", "source", "note"]
    )
    frame.insert(3, "name", frame["member"].map(names))
    frame["date"] = frame["date"].astype("datetime64[ns]")
    return frame.sort_values(["date", "forum", "member"], kind="stable").reset_index(drop=True)


def membership_spans(
    forum: str, member: str, *, data_dir: PathLike = None
) -> list[tuple[_dt.date, str, _dt.date | None, str | None]]:
    """Every spell of ``member`` in ``forum``, oldest first.

    Each spell is ``(joined, joined_precision, left, left_precision)``; ``left``
    is ``None`` for a member that has not left (see the interval semantics).

    >>> membership_spans("COE", "RUS")[0][2]
    datetime.date(2022, 3, 16)
    """
    fid, code = _check_forum(forum, data_dir), _check_member(member, data_dir)
    return list(_spans_index(_shared("memberships", data_dir)).get((fid, code), ()))


# The spans of every (forum, member) pair, for the memberships table they were
# read from (held here with it: a reloaded table gets a new index).
_SPANS: dict[int, tuple[pd.DataFrame, dict]] = {}


def _spans_index(ms: pd.DataFrame) -> dict[tuple[str, str], list]:
    held = _SPANS.get(id(ms))
    if held is not None and held[0] is ms:
        return held[1]
    index: dict[tuple[str, str], list] = {}
    for r in ms[ms["joined"].notna()].itertuples(index=False):
        left = None if pd.isna(r.left) else r.left.date()
        left_precision = None if left is None else (r.left_precision or "day")
        index.setdefault((r.forum, r.member), []).append(
            (r.joined.date(), r.joined_precision or "day", left, left_precision)
        )
    for spans in index.values():
        spans.sort()
    _SPANS.clear()
    _SPANS[id(ms)] = (ms, index)
    return index


def coverage(forum: str, data_dir: PathLike = None) -> dict[str, object]:
    """What the membership rows of ``forum`` cover: kind, verified-through date, note.

    Returns ``{"id", "name", "kind", "data_verified_through", "coverage_note"}``.
    """
    fid = _check_forum(forum, data_dir)
    row = _shared("forums", data_dir).set_index("id").loc[fid]
    through = row["data_verified_through"]
    return {
        "id": fid,
        "name": row["name"],
        "kind": row["kind"],
        "data_verified_through": None if pd.isna(through) else through.date(),
        "coverage_note": row["coverage_note"],
    }


#: The article's evidence runs to the end of 2021: its "now" in every question of the book.
ARTICLE_DATE = "2021-12-31"


def article_date_numbers(existing: Iterable[str], data_dir: PathLike = None) -> pd.DataFrame:
    """The memberships Part IV quotes at :data:`ARTICLE_DATE`, one row each:
    ``End of 2021`` (what is counted), ``Number`` and its ``Glue name``.

    ``existing`` are the forums that existed then (the heatmap's columns).
    """
    existing = list(existing)
    on = {f: members_on(f, ARTICLE_DATE, data_dir=data_dir) for f in forum_ids(data_dir)}
    g20 = on["G20"]
    rows = [
        ("Forums existing at the end of 2021", len(existing), "ch4_n_forums_2021"),
        (
            "of which: China belonged to",
            sum("CHN" in on[f] for f in existing),
            "ch4_china_forums_2021",
        ),
        (
            "of which: the United States belonged to",
            sum("USA" in on[f] for f in existing),
            "ch4_usa_forums_2021",
        ),
        ("G7 members", len(on["G7"]), "ch4_g7_members_2021"),
        ("OECD members", len(on["OECD"]), "ch4_oecd_members_2021"),
        ("G20 members (incl. the EU)", len(g20), "ch4_g20_members_2021"),
        (
            "G20 member countries outside the OECD",
            len(g20 - {"EUU", "AFU"} - on["OECD"]),
            "ch4_g20_not_oecd",
        ),
        ("G20 members also in GPAI", len(g20 & on["GPAI"]), "ch4_g20_in_gpai_2021"),
        ("Council of Europe members", len(on["COE"]), "ch4_coe_members_2021"),
    ]
    return pd.DataFrame(rows, columns=["End of 2021", "Number", "Glue name"])


__all__ += ["ARTICLE_DATE", "article_date_numbers"]
