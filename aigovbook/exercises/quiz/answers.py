"""Answer functions: the bank's data-driven answers, computed from ``data/``.

A bank entry names one of these in ``answer_from: {function: <name>, ...}``.
Each function takes the entry (``spec``) and the entry's arguments and returns
the fields to merge into it (``answer``, and where useful ``options``,
``categories`` and per-item explanations ``why``). Memberships are read
through :mod:`aigovbook.membership`, figures and tables through
:func:`aigovbook.data.load`; nothing here keeps an index of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ... import events, membership
from ...data import load
from .formatting import at, format_date, format_when, iso, present
from .kinds import Option

__all__ = ["ANSWER_FUNCTIONS", "AnswerError", "answer_function", "figure", "membership_note"]


class AnswerError(ValueError):
    """An answer cannot be computed from the data as the entry asks."""


#: name -> function(spec, **arguments) -> fields to merge into the entry
ANSWER_FUNCTIONS: dict[str, Callable[..., dict[str, Any]]] = {}


def answer_function(name: str) -> Callable[[Callable[..., dict[str, Any]]], Callable]:
    """Register an answer function under ``name`` (the bank's ``function:``)."""

    def register(function: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
        ANSWER_FUNCTIONS[name] = function
        return function

    return register


def membership_note(forum: str, member: str, date: str, is_member: bool) -> str:
    """Explain one membership fact with its dates, e.g. "a member since 1999"."""
    spans = membership.membership_spans(forum, member)
    joins = sorted((joined, p) for joined, p, _, _ in spans)
    leaves = sorted((left, p) for _, _, left, p in spans if left)
    if is_member:
        return f"a member since {format_when(*joins[0])}" if joins else "a member"
    if leaves and leaves[-1][0].isoformat() <= date:
        return f"not a member: left {at(*leaves[-1])}"
    if joins and joins[0][0].isoformat() > date:
        return f"not a member yet: joined {at(*joins[0])}"
    return "not a member"


@answer_function("forums_of")
def forums_of(spec: Mapping[str, Any], *, member: str, date: str, forums=None):
    """Forums ``member`` belonged to on ``date`` (MultipleSelect/MultipleChoice)."""
    date = iso(date)
    names = membership.forum_names()
    keys = list(forums) if forums else list(names)
    belongs = membership.forums_of(member, date)
    return _choose(keys, names, belongs, lambda k, inside: membership_note(k, member, date, inside))


@answer_function("members_on")
def members_on(spec: Mapping[str, Any], *, forum: str, date: str, members):
    """Which of ``members`` belonged to ``forum`` on ``date`` (MultipleSelect)."""
    date = iso(date)
    names = membership.member_names()
    inside = membership.members_on(forum, date)
    return _choose(members, names, inside, lambda m, is_in: membership_note(forum, m, date, is_in))


def _choose(keys, names: Mapping[str, str], chosen, note) -> dict[str, Any]:
    """Options ``keys`` labelled by ``names``; the answer is those in ``chosen``;
    ``note(key, is_chosen)`` explains each."""
    return {
        "options": [Option(k, names.get(k, k)) for k in keys],
        "answer": frozenset(k for k in keys if k in chosen),
        "why": {k: note(k, k in chosen) for k in keys},
    }


@answer_function("member_count")
def member_count(spec: Mapping[str, Any], *, forum: str, date: str):
    """How many members ``forum`` had on ``date`` (Numeric)."""
    return {"answer": float(membership.member_count(forum, iso(date)))}


@answer_function("compare_forums")
def compare_forums(spec: Mapping[str, Any], *, forums, date: str, members):
    """Classify ``members`` by membership of two forums on ``date``."""
    a, b = forums  # short codes keep the categories readable
    date = iso(date)
    in_a, in_b = membership.members_on(a, date), membership.members_on(b, date)
    both, only_a, only_b, neither = f"Both {a} and {b}", f"Only {a}", f"Only {b}", "Neither"
    category = {(True, True): both, (True, False): only_a, (False, True): only_b}
    names = membership.member_names()
    answer = {m: category.get((m in in_a, m in in_b), neither) for m in members}
    why = {
        m: "; ".join(
            f"{code}: {membership_note(code, m, date, m in inside)}"
            for code, inside in ((a, in_a), (b, in_b))
        )
        for m in members
    }
    return {
        "options": [Option(m, names.get(m, m)) for m in members],
        "categories": (both, only_a, only_b, neither),
        "answer": answer,
        "why": why,
    }


@answer_function("forum_kinds")
def forum_kinds(spec: Mapping[str, Any], *, forums, labels: Mapping[str, str]):
    """Classify ``forums`` by ``forums.kind``; ``labels`` maps kind -> category."""
    table = load("forums").set_index("id")
    answer, why = {}, {}
    for f in forums:
        answer[f] = labels[str(table.loc[f, "kind"])]
        founded = table.loc[f, "founded"] if "founded" in table.columns else None
        if present(founded):
            why[f] = f"founded {iso(founded)[:4]}"
    return {
        "options": [Option(f, str(table.loc[f, "name"])) for f in forums],
        "categories": tuple(dict.fromkeys(labels.values())),
        "answer": answer,
        "why": why,
    }


@answer_function("enlargements")
def enlargements(spec: Mapping[str, Any], *, forum: str, until: str | None = None):
    """Order the waves in which ``forum`` gained members (Ordering)."""
    rows = load("memberships")
    rows = rows[(rows["forum"] == forum) & rows["joined"].notna()]
    names = membership.member_names()
    waves: dict[str, list[str]] = {}
    precision: dict[str, Any] = {}
    for row in rows.to_dict("records"):
        day = iso(row["joined"])
        if until and day > iso(until):
            continue
        waves.setdefault(day, []).append(names.get(row["member"], row["member"]))
        precision[day] = row.get("joined_precision", "day")
    options, why = [], {}
    for day in sorted(waves):
        people = sorted(waves[day])
        shown = people if len(people) <= 4 else people[:3] + [f"{len(people) - 3} more"]
        key = f"wave-{day}"
        label = ", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else shown[0]
        options.append(Option(key, label))
        count = f"{len(people)} member{'s' if len(people) != 1 else ''}"
        why[key] = f"{format_when(day, precision[day])}, {count}"
    return {"options": options, "why": why}


def _row_label(row: Mapping[str, Any], label: str) -> str:
    """``label`` is a column name, or a template such as ``"{region}: {value:g}%"``."""
    if "{" not in label:
        return str(row[label])
    return label.format(**{k: (v if present(v) else "") for k, v in row.items()})


def _rows(spec: Mapping[str, Any], resource: str, key: str, items=None):
    """The rows of ``resource`` whose ``key`` is in ``items`` (all rows without items)."""
    table = load(resource)
    if not items:
        return table
    missing = set(map(str, items)) - set(map(str, table[key]))
    if missing:
        raise AnswerError(f"{spec.get('id')}: {sorted(missing)} not found in {resource}.{key}")
    order = {str(i): n for n, i in enumerate(items)}
    table = table[table[key].astype(str).isin(order)]
    return table.sort_values(key, key=lambda col: col.astype(str).map(order))


@answer_function("timeline")
def timeline(
    spec: Mapping[str, Any], *, resource: str, key: str, label: str, date: str, items=None
):
    """Order rows of a timeline resource by their ``date`` column (Ordering)."""
    table = _rows(spec, resource, key, items).sort_values(date, kind="stable")
    if table[date].astype(str).duplicated().any():
        raise AnswerError(
            f"{spec.get('id')}: two items share a date in {resource}; the order is ambiguous"
        )
    records = table.to_dict("records")
    return {
        "options": [Option(str(r[key]), _row_label(r, label)) for r in records],
        "why": {str(r[key]): iso(r[date]).removesuffix(".0") for r in records},
    }


@answer_function("categories")
def categories(
    spec: Mapping[str, Any],
    *,
    resource: str,
    key: str,
    label: str,
    category: str,
    items=None,
    labels: Mapping[str, str] | None = None,
    note: str | None = None,
):
    """Classify rows of a resource by one of its columns (Classification)."""
    records = _rows(spec, resource, key, items).to_dict("records")
    answer, why = {}, {}
    for row in records:
        raw = str(row[category])
        if labels and raw not in labels:
            raise AnswerError(f"{spec.get('id')}: category {raw!r} of {row[key]!r} has no label")
        answer[str(row[key])] = labels[raw] if labels else raw
        text = _row_label(row, note) if note else ""
        if text.strip():
            why[str(row[key])] = text
    cats = tuple(dict.fromkeys(labels.values())) if labels else tuple(sorted(set(answer.values())))
    return {
        "options": [Option(str(r[key]), _row_label(r, label)) for r in records],
        "categories": cats,
        "answer": answer,
        "why": why,
    }


def figure(selector: str | Mapping[str, Any]):
    """The one row of ``load("figures")`` that ``selector`` names.

    ``selector`` is a figure id (``"P01"``) or a mapping of column -> value
    (``{measure: gdp_gain, region: China}``) that must match exactly one row.
    """
    figures = load("figures")
    if isinstance(selector, str):
        rows = figures[figures["id"] == selector]
    else:
        mask = True
        for column, value in selector.items():
            mask = mask & (figures[column].astype(str) == str(value))
        rows = figures[mask]
    if len(rows) != 1:
        raise AnswerError(f"figure selector {selector!r} matches {len(rows)} rows, not exactly one")
    return rows.iloc[0]


@answer_function("figures_share")
def figures_share(spec: Mapping[str, Any], *, parts, total, column: str = "value"):
    """Percentage that the figures ``parts`` make of figure ``total`` (Numeric)."""
    part = sum(float(figure(p)[column]) for p in parts)
    return {"answer": part / float(figure(total)[column]) * 100}


@answer_function("figure_value")
def figure_value(spec: Mapping[str, Any], *, select, column: str = "value"):
    """One figure's value (Numeric)."""
    return {"answer": float(figure(select)[column])}


# --- Part V: events of 2022-2026 (data/events.csv) --------------------------


def _gradable_events(spec: Mapping[str, Any], items):
    """The ``items`` rows of the events table; a RECALLED row is refused (never graded)."""
    table = events.events().set_index("id")
    missing = [i for i in items if i not in table.index]
    if missing:
        raise AnswerError(f"{spec.get('id')}: {missing} not found in events.id")
    rows = table.loc[list(items)]
    recalled = rows.index[rows["status"] == "RECALLED"].tolist()
    if recalled:
        raise AnswerError(
            f"{spec.get('id')}: {recalled} are RECALLED (not confirmed from a source); "
            "an exercise must never be graded on them"
        )
    return rows


@answer_function("event_signatures")
def event_signatures(spec: Mapping[str, Any], *, items):
    """Classify events by who signed: China and the US, only one of them, or neither."""
    rows = _gradable_events(spec, items)
    both, china, usa, neither = "Both signed", "Only China signed", "Only the US signed", "Neither"
    answer, why = {}, {}
    for key, row in rows.iterrows():
        c, u = row["china_role"] == "signed", row["us_role"] == "signed"
        answer[key] = both if c and u else china if c else usa if u else neither
        why[key] = (
            f"{format_date(row['date'].date())}: China {row['china_role'].replace('_', ' ')}, "
            f"the US {row['us_role'].replace('_', ' ')}"
        )
    return {
        "options": [Option(k, str(rows.loc[k, "title"])) for k in rows.index],
        "categories": (both, china, usa, neither),
        "answer": answer,
        "why": why,
    }


@answer_function("event_role_count")
def event_role_count(spec: Mapping[str, Any], *, power: str, roles):
    """How many confirmed events ``power`` played one of ``roles`` in (Numeric)."""
    counts = events.role_counts(power, gradable=True)
    unknown = [r for r in roles if r not in counts.index]
    if unknown:
        raise AnswerError(f"{spec.get('id')}: unknown role(s) {unknown}")
    return {"answer": float(counts[list(roles)].sum())}


@answer_function("event_timeline")
def event_timeline(spec: Mapping[str, Any], *, items):
    """Order events by date (Ordering); refuses RECALLED rows."""
    rows = _gradable_events(spec, items).sort_values("date", kind="stable")
    if rows["date"].duplicated().any():
        raise AnswerError(f"{spec.get('id')}: two events share a date; the order is ambiguous")
    return {
        "options": [Option(k, str(rows.loc[k, "title"])) for k in rows.index],
        "why": {k: format_date(rows.loc[k, "date"].date()) for k in rows.index},
    }
