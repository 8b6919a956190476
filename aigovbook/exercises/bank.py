"""The exercise bank: load ``data/exercises.yaml``, validate it, and build
checkable exercises whose data-driven answers are computed, never typed.

An entry in the bank (YAML) has these fields:

``id``           ``"Q<chapter>.<n>"``, unique (``Q4.3``); the "Q" keeps the
                 auto-checked questions apart from the chapters' numbered
                 discussion exercises ("Exercise 4.3").
``chapter``      1-5; ``page``: the notebook that shows it (repo path, no suffix).
``kind``         one of :data:`aigovbook.exercises.kinds.KINDS`.
``title``, ``prompt``, ``hint``, ``explanation`` (the worked solution),
``objective`` (the learning objective it checks), ``difficulty``
(``easy``/``medium``/``hard``).
``options``      a list of ``{key, label}`` (or plain strings); ``why`` maps
                 option keys to explanations.
``answer``       typed answers, only for conceptual questions.
``answer_from``  ``{function: <name>, ...arguments}``: the answer (and, where
                 useful, the options and per-item explanations) computed from
                 the book's data through the ``aigovbook`` API. See
                 :data:`ANSWER_FUNCTIONS`.
``params``       optional choices the student makes before answering
                 (``{member: {label, choices}, date: {label, choices}}``);
                 ``$member`` / ``$date`` in ``answer_from`` and ``prompt``
                 are replaced by the chosen values.

Kind-specific fields: ``categories`` (classification); ``tolerance``,
``unit``, ``minimum``, ``maximum``, ``decimals``, ``mistakes`` (numeric).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from .kinds import KINDS, Exercise, Option

__all__ = [
    "ANSWER_FUNCTIONS",
    "BANK_PATH",
    "BankError",
    "Entry",
    "build",
    "entries",
    "entry",
    "format_date",
    "load_bank",
    "validate_bank",
]

BANK_PATH = Path(__file__).resolve().parents[2] / "data" / "exercises.yaml"

REQUIRED = (
    "id",
    "chapter",
    "page",
    "kind",
    "title",
    "prompt",
    "explanation",
    "objective",
    "difficulty",
)
DIFFICULTIES = ("easy", "medium", "hard")
ID_PATTERN = re.compile(r"^Q([1-9])\.([1-9][0-9]?)$")
MIN_EXPLANATION = 60  # characters: long enough to be a real, distinctive explanation


class BankError(ValueError):
    """The exercise bank is malformed; the message names the entry and field."""


def _api() -> ModuleType:
    import aigovbook  # imported late: the bank can be validated without data

    return aigovbook


# --------------------------------------------------------------------------
# small data helpers
# --------------------------------------------------------------------------


def format_date(value: str | _dt.date) -> str:
    """``"2021-12-31"`` -> ``"31 December 2021"``."""
    day = value if isinstance(value, _dt.date) else _dt.date.fromisoformat(str(value))
    return f"{day.day} {day:%B %Y}"


def _iso(value: Any) -> str:
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value)
    return text[:10] if re.match(r"^\d{4}-\d{2}-\d{2}", text) else text


def _present(value: Any) -> bool:
    """True for a real cell value (not None/NaN/NaT/empty)."""
    if value is None:
        return False
    try:
        if value != value:  # NaN, NaT
            return False
    except (TypeError, ValueError):
        pass
    return str(value).strip() not in ("", "NaT", "nan", "None", "<NA>")


@lru_cache(maxsize=8)
def _forum_names(api: ModuleType) -> dict[str, str]:
    forums = api.load("forums")
    return dict(zip(forums["id"], forums["name"], strict=True))


@lru_cache(maxsize=8)
def _country_names(api: ModuleType) -> dict[str, str]:
    countries = api.load("countries")
    return dict(zip(countries["code"], countries["name"], strict=True))


@lru_cache(maxsize=8)
def _membership_index(
    api: ModuleType,
) -> dict[tuple[str, str], list[tuple[str, Any, str | None, Any]]]:
    """(forum, member) -> [(joined, precision, left, precision)], read once per session."""
    rows = api.load("memberships")
    index: dict[tuple[str, str], list[tuple[str, Any, str | None, Any]]] = {}
    for r in rows.to_dict("records"):
        if not _present(r.get("joined")):
            continue
        left = _iso(r["left"]) if _present(r.get("left")) else None
        index.setdefault((r["forum"], r["member"]), []).append(
            (_iso(r["joined"]), r.get("joined_precision"), left, r.get("left_precision"))
        )
    return index


def _membership_rows(api: ModuleType, *, forum: str | None = None, member: str | None = None):
    rows = api.load("memberships")
    if forum is not None:
        rows = rows[rows["forum"] == forum]
    if member is not None:
        rows = rows[rows["member"] == member]
    return rows


def format_when(value: Any, precision: Any = "day") -> str:
    """A date at its known precision: "15 June 2020", "July 2024" or "1999"."""
    day = _dt.date.fromisoformat(_iso(value))
    precision = str(precision) if _present(precision) else "day"
    if precision == "year":
        return f"{day.year}"
    if precision == "month":
        return f"{day:%B %Y}"
    return format_date(day)


def _at(value: Any, precision: Any = "day") -> str:
    """ "on 15 June 2020", "in July 2024", "in 1999"."""
    known = str(precision) if _present(precision) else "day"
    return ("on " if known == "day" else "in ") + format_when(value, precision)


def with_article(name: str) -> str:
    """ "United States" -> "the United States" (for names used in sentences)."""
    needs = (
        "United ",
        "Republic ",
        "Democratic ",
        "Netherlands",
        "European ",
        "African ",
        "Philippines",
    )
    return f"the {name}" if name.startswith(needs) else name


def _membership_note(api: ModuleType, forum: str, member: str, date: str, is_member: bool) -> str:
    """Explain one membership fact with its dates, e.g. "a member since 1999"."""
    spans = _membership_index(api).get((forum, member), [])
    joins = sorted((joined, p) for joined, p, _, _ in spans)
    leaves = sorted((left, p) for _, _, left, p in spans if left)
    if is_member:
        return f"a member since {format_when(*joins[0])}" if joins else "a member"
    if leaves and leaves[-1][0] <= date:
        return f"not a member: left {_at(*leaves[-1])}"
    if joins and joins[0][0] > date:
        return f"not a member yet: joined {_at(*joins[0])}"
    return "not a member"


# --------------------------------------------------------------------------
# answer functions: each returns fields to merge into the entry
# --------------------------------------------------------------------------


def _forums_of(api: ModuleType, spec: Mapping[str, Any], *, member: str, date: str, forums=None):
    """Forums ``member`` belonged to on ``date`` (MultipleSelect/MultipleChoice)."""
    date = _iso(date)
    names = _forum_names(api)
    keys = list(forums) if forums else list(names)
    belongs = api.forums_of(member, date)
    why = {key: _membership_note(api, key, member, date, key in belongs) for key in keys}
    options = [Option(k, names.get(k, k)) for k in keys]
    answer = frozenset(k for k in keys if k in belongs)
    return {"options": options, "answer": answer, "why": why}


def _members_on(api: ModuleType, spec: Mapping[str, Any], *, forum: str, date: str, members):
    """Which of ``members`` belonged to ``forum`` on ``date`` (MultipleSelect)."""
    date = _iso(date)
    names = _country_names(api)
    inside = api.members_on(forum, date)
    why = {m: _membership_note(api, forum, m, date, m in inside) for m in members}
    return {
        "options": [Option(m, names.get(m, m)) for m in members],
        "answer": frozenset(m for m in members if m in inside),
        "why": why,
    }


def _member_count(api: ModuleType, spec: Mapping[str, Any], *, forum: str, date: str):
    """How many members ``forum`` had on ``date`` (Numeric)."""
    return {"answer": float(len(api.members_on(forum, _iso(date))))}


def _compare_forums(api: ModuleType, spec: Mapping[str, Any], *, forums, date: str, members):
    """Classify ``members`` by membership of two forums on ``date``."""
    first, second = forums
    date = _iso(date)
    a, b = first, second  # short codes keep the categories readable
    in_a, in_b = api.members_on(first, date), api.members_on(second, date)
    both, only_a, only_b, neither = f"Both {a} and {b}", f"Only {a}", f"Only {b}", "Neither"
    names = _country_names(api)
    answer, why = {}, {}
    for m in members:
        answer[m] = (
            both
            if (m in in_a and m in in_b)
            else only_a
            if m in in_a
            else only_b
            if m in in_b
            else neither
        )
        why[m] = "; ".join(
            f"{code}: {_membership_note(api, code, m, date, m in inside)}"
            for code, inside in ((first, in_a), (second, in_b))
        )
    return {
        "options": [Option(m, names.get(m, m)) for m in members],
        "categories": (both, only_a, only_b, neither),
        "answer": answer,
        "why": why,
    }


def _forum_kinds(api: ModuleType, spec: Mapping[str, Any], *, forums, labels: Mapping[str, str]):
    """Classify ``forums`` by ``forums.kind``; ``labels`` maps kind -> category."""
    table = api.load("forums").set_index("id")
    answer, why = {}, {}
    for f in forums:
        kind = str(table.loc[f, "kind"])
        answer[f] = labels[kind]
        founded = table.loc[f, "founded"] if "founded" in table.columns else None
        if _present(founded):
            why[f] = f"founded {_iso(founded)[:4]}"
    return {
        "options": [Option(f, str(table.loc[f, "name"])) for f in forums],
        "categories": tuple(dict.fromkeys(labels.values())),
        "answer": answer,
        "why": why,
    }


def _enlargements(
    api: ModuleType, spec: Mapping[str, Any], *, forum: str, until: str | None = None
):
    """Order the waves in which ``forum`` gained members (Ordering)."""
    rows = _membership_rows(api, forum=forum)
    rows = rows[[_present(v) for v in rows["joined"]]]
    names = _country_names(api)
    waves: dict[str, list[str]] = {}
    precision: dict[str, Any] = {}
    for _, row in rows.iterrows():
        day = _iso(row["joined"])
        if until and day > _iso(until):
            continue
        waves.setdefault(day, []).append(names.get(row["member"], row["member"]))
        precision[day] = row.get("joined_precision", "day")
    options, why = [], {}
    for day in sorted(waves):
        people = sorted(waves[day])
        shown = people if len(people) <= 4 else people[:3] + [f"{len(people) - 3} more"]
        key = f"wave-{day}"
        options.append(
            Option(key, ", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else shown[0])
        )
        why[key] = (
            f"{format_when(day, precision[day])}, "
            f"{len(people)} member{'s' if len(people) != 1 else ''}"
        )
    return {"options": options, "why": why}


def _row_label(row: Mapping[str, Any], label: str) -> str:
    """``label`` is a column name, or a template such as ``"{region}: {value:g}%"``."""
    if "{" not in label:
        return str(row[label])
    clean = {k: (v if _present(v) else "") for k, v in row.items()}
    return label.format(**clean)


def _timeline(
    api: ModuleType,
    spec: Mapping[str, Any],
    *,
    resource: str,
    key: str,
    label: str,
    date: str,
    items=None,
):
    """Order rows of a timeline resource by their ``date`` column (Ordering)."""
    table = api.load(resource)
    if items:
        missing = set(map(str, items)) - set(map(str, table[key]))
        if missing:
            raise BankError(f"{spec.get('id')}: {sorted(missing)} not found in {resource}.{key}")
        table = table[table[key].astype(str).isin([str(i) for i in items])]
    table = table.sort_values(date, kind="stable")
    if table[date].astype(str).duplicated().any():
        raise BankError(
            f"{spec.get('id')}: two items share a date in {resource}; the order is ambiguous"
        )
    options, why = [], {}
    for _, row in table.iterrows():
        options.append(Option(str(row[key]), _row_label(row, label)))
        why[str(row[key])] = _iso(row[date]).removesuffix(".0")
    return {"options": options, "why": why}


def _categories(
    api: ModuleType,
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
    table = api.load(resource)
    if items:
        missing = set(map(str, items)) - set(map(str, table[key]))
        if missing:
            raise BankError(f"{spec.get('id')}: {sorted(missing)} not found in {resource}.{key}")
        order = {str(i): n for n, i in enumerate(items)}
        table = table[table[key].astype(str).isin(order)]
        table = table.sort_values(key, key=lambda col: col.astype(str).map(order))
    answer, why = {}, {}
    for _, row in table.iterrows():
        raw = str(row[category])
        if labels and raw not in labels:
            raise BankError(f"{spec.get('id')}: category {raw!r} of {row[key]!r} has no label")
        answer[str(row[key])] = labels[raw] if labels else raw
        if note:
            text = _row_label(row, note)
            if text.strip():
                why[str(row[key])] = text
    categories = (
        tuple(dict.fromkeys(labels.values())) if labels else tuple(sorted(set(answer.values())))
    )
    return {
        "options": [Option(str(row[key]), _row_label(row, label)) for _, row in table.iterrows()],
        "categories": categories,
        "answer": answer,
        "why": why,
    }


def figure(api: ModuleType, selector: str | Mapping[str, Any]):
    """The one row of ``load("figures")`` that ``selector`` names.

    ``selector`` is a figure id (``"P01"``) or a mapping of column -> value
    (``{measure: gdp_gain, region: China}``) that must match exactly one row.
    """
    figures = api.load("figures")
    if isinstance(selector, str):
        rows = figures[figures["id"] == selector]
    else:
        mask = True
        for column, value in selector.items():
            mask = mask & (figures[column].astype(str) == str(value))
        rows = figures[mask]
    if len(rows) != 1:
        raise BankError(f"figure selector {selector!r} matches {len(rows)} rows, not exactly one")
    return rows.iloc[0]


def _figures_share(
    api: ModuleType, spec: Mapping[str, Any], *, parts, total, column: str = "value"
):
    """Percentage that the figures ``parts`` make of figure ``total`` (Numeric)."""
    value = (
        sum(float(figure(api, p)[column]) for p in parts) / float(figure(api, total)[column]) * 100
    )
    return {"answer": value}


def _figure_value(api: ModuleType, spec: Mapping[str, Any], *, select, column: str = "value"):
    """One figure's value (Numeric)."""
    return {"answer": float(figure(api, select)[column])}


# --- Part V: events of 2022-2026 (data/events.csv) --------------------------


def _gradable_events(api: ModuleType, spec: Mapping[str, Any], items) -> Any:
    """The ``items`` rows of the events table; a RECALLED row is refused (never graded)."""
    from aigovbook.events import events  # late: the bank validates without data

    table = events().set_index("id")
    missing = [i for i in items if i not in table.index]
    if missing:
        raise BankError(f"{spec.get('id')}: {missing} not found in events.id")
    rows = table.loc[list(items)]
    recalled = rows.index[rows["status"] == "RECALLED"].tolist()
    if recalled:
        raise BankError(
            f"{spec.get('id')}: {recalled} are RECALLED (not confirmed from a source); "
            "an exercise must never be graded on them"
        )
    return rows


def _event_signatures(api: ModuleType, spec: Mapping[str, Any], *, items):
    """Classify events by who signed: China and the US, only one of them, or neither."""
    rows = _gradable_events(api, spec, items)
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


def _event_role_count(api: ModuleType, spec: Mapping[str, Any], *, power: str, roles):
    """How many confirmed events ``power`` played one of ``roles`` in (Numeric)."""
    from aigovbook.events import role_counts

    counts = role_counts(power, gradable=True)
    unknown = [r for r in roles if r not in counts.index]
    if unknown:
        raise BankError(f"{spec.get('id')}: unknown role(s) {unknown}")
    return {"answer": float(counts[list(roles)].sum())}


def _event_timeline(api: ModuleType, spec: Mapping[str, Any], *, items):
    """Order events by date (Ordering); refuses RECALLED rows."""
    rows = _gradable_events(api, spec, items).sort_values("date", kind="stable")
    if rows["date"].duplicated().any():
        raise BankError(f"{spec.get('id')}: two events share a date; the order is ambiguous")
    return {
        "options": [Option(k, str(rows.loc[k, "title"])) for k in rows.index],
        "why": {k: format_date(rows.loc[k, "date"].date()) for k in rows.index},
    }


#: name -> function(api, spec, **arguments) -> fields to merge into the entry
ANSWER_FUNCTIONS: dict[str, Callable[..., dict[str, Any]]] = {
    "forums_of": _forums_of,
    "members_on": _members_on,
    "member_count": _member_count,
    "compare_forums": _compare_forums,
    "forum_kinds": _forum_kinds,
    "enlargements": _enlargements,
    "timeline": _timeline,
    "categories": _categories,
    "figures_share": _figures_share,
    "figure_value": _figure_value,
    "event_signatures": _event_signatures,
    "event_role_count": _event_role_count,
    "event_timeline": _event_timeline,
}

# --------------------------------------------------------------------------
# loading and validating
# --------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _read(path: str) -> tuple[dict[str, Any], ...]:
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    specs = raw.get("exercises") if isinstance(raw, dict) else raw
    if not isinstance(specs, list):
        raise BankError(f"{path}: expected a list of exercises under 'exercises:'")
    return tuple(specs)


def load_bank(path: str | Path | None = None) -> list[dict[str, Any]]:
    """Read and validate the bank; raise :class:`BankError` listing every problem."""
    specs = [dict(s) if isinstance(s, dict) else s for s in _read(str(path or BANK_PATH))]
    problems = validate_bank(specs)
    if problems:
        raise BankError("Exercise bank problems:\n- " + "\n- ".join(problems))
    return specs


def _option_keys(spec: Mapping[str, Any]) -> list[str]:
    keys = []
    for option in spec.get("options") or []:
        keys.append(str(option["key"]) if isinstance(option, dict) else str(option))
    return keys


def validate_bank(specs: list[Any]) -> list[str]:
    """Structural checks that need no data. Returns a list of problems."""
    problems: list[str] = []
    seen: set[str] = set()
    for index, spec in enumerate(specs):
        where = f"entry {index + 1}"
        if not isinstance(spec, dict):
            problems.append(f"{where}: not a mapping")
            continue
        ident = spec.get("id")
        where = f"{ident or where}"
        for name in REQUIRED:
            if not _present(spec.get(name)):
                problems.append(f"{where}: missing '{name}'")
        if ident is not None:
            ident = str(ident)
            if ident in seen:
                problems.append(f"{where}: duplicate id")
            seen.add(ident)
            match = ID_PATTERN.match(ident)
            if not match:
                problems.append(f"{where}: id must look like 'Q4.3'")
            elif spec.get("chapter") is not None and int(match.group(1)) != spec.get("chapter"):
                problems.append(f"{where}: id does not match chapter {spec.get('chapter')}")
        kind = spec.get("kind")
        if kind not in KINDS:
            problems.append(f"{where}: unknown kind {kind!r} (known: {', '.join(KINDS)})")
        if spec.get("difficulty") not in DIFFICULTIES:
            problems.append(f"{where}: difficulty must be one of {', '.join(DIFFICULTIES)}")
        if _present(spec.get("explanation")) and len(str(spec["explanation"])) < MIN_EXPLANATION:
            problems.append(f"{where}: explanation is shorter than {MIN_EXPLANATION} characters")
        has_answer = "answer" in spec
        source = spec.get("answer_from")
        if has_answer and source:
            problems.append(f"{where}: give 'answer' or 'answer_from', not both")
        if not has_answer and not source and kind != "ordering":
            problems.append(f"{where}: no 'answer' and no 'answer_from'")
        if source is not None:
            if not isinstance(source, dict) or source.get("function") not in ANSWER_FUNCTIONS:
                problems.append(
                    f"{where}: answer_from.function must be one of {', '.join(ANSWER_FUNCTIONS)}"
                )
        if kind == "ordering" and not source and not spec.get("options"):
            problems.append(
                f"{where}: an ordering needs 'options' (in the right order) or 'answer_from'"
            )
        keys = _option_keys(spec)
        if len(keys) != len(set(keys)):
            problems.append(f"{where}: duplicate option keys")
        if has_answer and keys:
            answer = spec["answer"]
            if kind == "multiple_choice" and str(answer) not in keys:
                problems.append(f"{where}: answer {answer!r} is not among the options")
            if kind == "multiple_select":
                missing = [a for a in (answer or []) if str(a) not in keys]
                if missing:
                    problems.append(f"{where}: answers {missing} are not among the options")
            if kind == "classification":
                cats = [str(c) for c in spec.get("categories") or []]
                if not isinstance(answer, dict):
                    problems.append(f"{where}: a classification answer maps items to categories")
                else:
                    if set(map(str, answer)) != set(keys):
                        problems.append(
                            f"{where}: the answer must classify every option exactly once"
                        )
                    bad = [c for c in answer.values() if str(c) not in cats]
                    if bad:
                        problems.append(f"{where}: categories {bad} are not in 'categories'")
        if kind == "numeric" and has_answer:
            try:
                float(spec["answer"])
            except (TypeError, ValueError):
                problems.append(f"{where}: a numeric answer must be a number")
        if kind == "numeric" and "tolerance" in spec:
            try:
                if float(spec["tolerance"]) < 0:
                    problems.append(f"{where}: tolerance must not be negative")
            except (TypeError, ValueError):
                problems.append(f"{where}: tolerance must be a number")
        for name, param in (spec.get("params") or {}).items():
            if not isinstance(param, dict) or not param.get("choices"):
                problems.append(f"{where}: param {name!r} needs 'choices'")
    return problems


# --------------------------------------------------------------------------
# building exercises
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """A bank entry: its spec (as written) plus helpers to build it."""

    spec: Mapping[str, Any]

    @property
    def id(self) -> str:
        return str(self.spec["id"])

    @property
    def params(self) -> dict[str, dict[str, Any]]:
        return dict(self.spec.get("params") or {})

    def default_params(self) -> dict[str, str]:
        return {name: _iso(p.get("default", p["choices"][0])) for name, p in self.params.items()}

    def build(self, api: ModuleType | None = None, **params: Any) -> Exercise:
        return build(self.spec, api=api, **params)


def _substitute(value: Any, params: Mapping[str, str]) -> Any:
    if isinstance(value, str) and value.startswith("$") and value[1:] in params:
        return params[value[1:]]
    if isinstance(value, list):
        return [_substitute(v, params) for v in value]
    if isinstance(value, dict):
        return {k: _substitute(v, params) for k, v in value.items()}
    return value


_FIGURE_REF = re.compile(r"\{fig:([A-Za-z0-9_]+)\}")


def _fill(
    text: str,
    params: Mapping[str, str],
    labels: Mapping[str, str],
    api: ModuleType | None = None,
    answer: str | None = None,
) -> str:
    """Fill ``{param}``, ``{fig:ID}`` (a figure's value) and ``{answer}`` in bank text."""
    for name, value in params.items():
        text = text.replace("{" + name + "}", labels.get(name, value))
    if answer is not None:
        text = text.replace("{answer}", answer)
    if _FIGURE_REF.search(text):
        api = api or _api()
        text = _FIGURE_REF.sub(lambda m: f"{float(figure(api, m.group(1))['value']):g}", text)
    return text


def param_label(api: ModuleType, name: str, value: str) -> str:
    """How a parameter value is shown: dates spelled out, members by name."""
    value = _iso(value)
    if re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        return format_date(value)
    if name == "member":
        return with_article(_country_names(api).get(value, value))
    if name == "forum":
        return _forum_names(api).get(value, value)
    return value


def build(spec: Mapping[str, Any], api: ModuleType | None = None, **params: Any) -> Exercise:
    """Turn one bank entry into an :class:`Exercise`, computing data-driven fields."""
    fields: dict[str, Any] = dict(spec)
    chosen = dict(Entry(spec).default_params())
    chosen.update({k: _iso(v) for k, v in params.items()})
    unknown = set(chosen) - set(Entry(spec).params)
    if unknown:
        raise BankError(f"{spec.get('id')}: unknown parameter(s) {sorted(unknown)}")
    for name, value in chosen.items():
        allowed = [_iso(c) for c in spec["params"][name]["choices"]]
        if value not in allowed:
            raise BankError(f"{spec.get('id')}: {name}={value!r} is not one of {allowed}")
    source = fields.pop("answer_from", None)
    if source or chosen:
        api = api or _api()
    if source:
        arguments = _substitute({k: v for k, v in source.items() if k != "function"}, chosen)
        computed = ANSWER_FUNCTIONS[source["function"]](api, spec, **arguments)
        for key, value in computed.items():
            if key == "options" and spec.get("options"):
                continue  # options written in the bank win (their order, their labels)
            if key == "why" and spec.get("why"):
                value = {**value, **spec["why"]}
            fields[key] = value
    labels = (
        {name: param_label(api, name, value) for name, value in chosen.items()} if chosen else {}
    )
    kind = KINDS[spec["kind"]]
    options = tuple(
        o
        if isinstance(o, Option)
        else Option(str(o["key"]), str(o.get("label", o["key"])))
        if isinstance(o, dict)
        else Option(str(o), str(o))
        for o in fields.get("options") or ()
    )
    relabel = {str(k): str(v) for k, v in (spec.get("labels") or {}).items()}
    options = tuple(Option(o.key, relabel.get(o.key, o.label)) for o in options)
    why = {str(k): str(v) for k, v in (fields.get("why") or {}).items()}

    def text(name: str, answer: str | None = None) -> str:
        return _fill(" ".join(str(spec.get(name) or "").split()), chosen, labels, api, answer)

    def common(answer: str | None = None) -> dict[str, str]:
        prompt = "\n\n".join(
            _fill(" ".join(p.split()), chosen, labels, api)
            for p in str(spec["prompt"]).split("\n\n")
        )
        return {
            "id": str(spec["id"]),
            "prompt": prompt,
            "explanation": text("explanation", answer),
            "hint": text("hint"),
        }

    if spec["kind"] == "multiple_choice":
        answer = fields["answer"]
        if isinstance(answer, (set, frozenset, list, tuple)):
            hits = [o.key for o in options if o.key in set(answer)]
            if len(hits) != 1:
                raise BankError(
                    f"{spec['id']}: the data give {len(hits)} right options ({hits}); "
                    "a multiple-choice question needs exactly one"
                )
            answer = hits[0]
        return kind(options=options, answer=str(answer), why=why, **common())
    if spec["kind"] == "multiple_select":
        keys = {o.key for o in options}
        answer = frozenset(str(a) for a in fields.get("answer") or ()) & keys
        return kind(options=options, answer=answer, why=why, **common())
    if spec["kind"] == "numeric":
        mistakes = []
        for m in fields.get("mistakes") or ():
            value = m["value"]
            if isinstance(value, dict):  # computed like an answer: {function: ..., ...}
                value = ANSWER_FUNCTIONS[value["function"]](
                    api or _api(), spec, **{k: v for k, v in value.items() if k != "function"}
                )["answer"]
            mistakes.append(
                (float(value), float(m.get("tolerance", 0)), " ".join(str(m["message"]).split()))
            )
        numeric = kind(
            answer=float(fields["answer"]),
            tolerance=float(fields.get("tolerance", 0)),
            unit=str(fields.get("unit", "")),
            minimum=fields.get("minimum"),
            maximum=fields.get("maximum"),
            decimals=int(fields.get("decimals", 1)),
            mistakes=tuple(mistakes),
            **common(),
        )
        shown = numeric._fmt(numeric.answer)
        return replace(numeric, explanation=text("explanation", shown), hint=text("hint", shown))
    if spec["kind"] == "ordering":
        return kind(options=options, why=why, **common())
    if spec["kind"] == "classification":
        answer = {str(k): str(v) for k, v in (fields.get("answer") or {}).items()}
        categories = tuple(str(c) for c in fields.get("categories") or ())
        return kind(options=options, categories=categories, answer=answer, why=why, **common())
    raise BankError(f"{spec['id']}: unknown kind {spec['kind']!r}")  # pragma: no cover


def entries(chapter: int | None = None, path: str | Path | None = None) -> list[Entry]:
    """All bank entries (optionally of one chapter), in bank order."""
    return [Entry(s) for s in load_bank(path) if chapter is None or s["chapter"] == chapter]


def entry(exercise_id: str, path: str | Path | None = None) -> Entry:
    """The entry with ``exercise_id``; a helpful ``KeyError`` otherwise."""
    found = {e.id: e for e in entries(path=path)}
    key = str(exercise_id).strip()
    if key not in found and f"Q{key}" in found:
        key = f"Q{key}"
    if key not in found:
        raise KeyError(f"No exercise {exercise_id!r}. Known ids: {', '.join(found)}")
    return found[key]


KIND_NAMES = {
    "multiple_choice": "multiple choice",
    "multiple_select": "multiple select",
    "numeric": "numeric",
    "ordering": "ordering",
    "classification": "classification",
}
MINUTES = {"easy": 3, "medium": 5, "hard": 8}  # suggested working time per question


def catalogue(path: str | Path | None = None):
    """The exercise list for instructors: one row per bank entry.

    Columns: ``id``, ``chapter``, ``title``, ``kind``, ``difficulty``,
    ``minutes`` (suggested), ``objective``, ``page``, ``data_driven``.
    """
    import pandas as pd

    rows = []
    for item in entries(path=path):
        spec = item.spec
        rows.append(
            {
                "id": item.id,
                "chapter": int(spec["chapter"]),
                "title": str(spec["title"]),
                "kind": KIND_NAMES[spec["kind"]],
                "difficulty": str(spec["difficulty"]),
                "minutes": MINUTES[str(spec["difficulty"])],
                "objective": " ".join(str(spec["objective"]).split()),
                "page": str(spec["page"]),
                "data_driven": bool(spec.get("answer_from")),
            }
        )
    return pd.DataFrame(rows)


def parameter_grid(item: Entry) -> list[dict[str, str]]:
    """Every combination of an entry's parameters (for the answer key)."""
    combos: list[dict[str, str]] = [{}]
    for name, param in item.params.items():
        combos = [{**c, name: _iso(v)} for c in combos for v in param["choices"]]
    return combos
