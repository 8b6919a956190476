"""One truth per fact: the figures the prose states, from ``data/facts.csv``.

A row of ``facts.csv`` is one figure the book's prose states (a count, a share, an
amount, an "as of" date), with its unit, the date it holds for (``as_of``), its source
(a ``references.bib`` key) and its status. Where the figure can be computed from another
table, the row does not type it: ``derived_from`` says how (:func:`_derive`), so a page
using the fact and a chart drawn from the same table cannot disagree.

Pages use a fact through the MyST role ``{fact}`key``` (see
:mod:`aigovbook.book.factrole`); notebooks through :func:`value` or :func:`text`.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .data import DataValidationError, _shared, data_path
from .files import _bib_path
from .text import format_date

__all__ = ["Fact", "all_facts", "fact", "format_date", "source_label", "text", "tip_text", "value"]


@dataclass(frozen=True)
class Fact:
    """A resolved fact: ``value`` (int, float, str or date), its ``unit`` template,
    ``as_of`` date, ``source`` key, ``status`` and ``note``."""

    key: str
    value: object
    unit: str
    as_of: _dt.date
    source: str
    status: str
    note: str
    derived_from: str

    @property
    def computed_from(self) -> str:
        """The data file a DERIVED value is computed from ("" for a typed value)."""
        if not self.derived_from:
            return ""
        return "events.csv" if self.derived_from == "events_years" else "memberships.csv"

    @property
    def value_text(self) -> str:
        v = self.value
        if isinstance(v, _dt.date):
            return format_date(v)
        if isinstance(v, float):
            return f"{v:,.1f}" if v != int(v) else f"{int(v):,}"
        if isinstance(v, int):
            return f"{v:,}" if abs(v) >= 10000 else str(v)
        return str(v)

    @property
    def text(self) -> str:
        """The value with its unit: ``unit`` holds ``{}`` where the value goes
        (``more than {} co-sponsors``), or follows the value (``%`` without a space)."""
        if "{}" in self.unit:
            return self.unit.replace("{}", self.value_text)
        if not self.unit:
            return self.value_text
        sep = "" if self.unit[0] in "%" else " "
        return f"{self.value_text}{sep}{self.unit}"


def _derive(spec: str, data_dir) -> object:
    """The value a ``derived_from`` spec computes (dates are YYYY-MM-DD).

    - ``members FORUM DATE``: number of members of FORUM on DATE (states and
      organisations such as the EU);
    - ``countries FORUM DATE``: number of those members that are states;
    - ``events_years``: the first and last year of ``events.csv``, as "2023–2026".
    """
    from .membership import members_on

    parts = spec.split()
    if parts and parts[0] in {"members", "countries"} and len(parts) == 3:
        found = members_on(parts[1], parts[2], data_dir=data_dir)
        if parts[0] == "countries":
            kinds = _shared("countries", data_dir).set_index("code")["kind"]
            found = {m for m in found if kinds.get(m) == "state"}
        return len(found)
    if parts == ["events_years"]:
        years = _shared("events", data_dir)["date"].dt.year
        return f"{years.min()}–{years.max()}"
    raise ValueError(
        f"unknown derivation {spec!r} (expected 'members FORUM DATE', "
        "'countries FORUM DATE' or 'events_years')"
    )


_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _parse_value(raw: str) -> object:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        return _dt.date.fromisoformat(raw)
    if _NUMBER.match(raw):
        return float(raw) if "." in raw else int(raw)
    return raw


def _resolve(data_dir=None) -> dict[str, Fact]:
    frame = _shared("facts", data_dir)
    out: dict[str, Fact] = {}
    for line, row in enumerate(frame.itertuples(index=False), start=2):
        raw, spec = row.value.strip(), row.derived_from.strip()
        if bool(raw) == bool(spec):
            raise DataValidationError(
                "facts.csv",
                line,
                "value",
                "give exactly one of value (typed) and derived_from (computed from another table)",
            )
        if not row.source and not spec:
            raise DataValidationError(
                "facts.csv", line, "source", "a typed value needs its source (a references.bib key)"
            )
        if spec and row.status != "DERIVED":
            raise DataValidationError(
                "facts.csv", line, "status", "a fact computed from another table is DERIVED"
            )
        try:
            value = _derive(spec, data_dir) if spec else _parse_value(raw)
        except (ValueError, KeyError) as exc:
            raise DataValidationError("facts.csv", line, "derived_from", str(exc)) from None
        out[row.key] = Fact(
            key=row.key,
            value=value,
            unit=row.unit,
            as_of=row.as_of.date(),
            source=row.source,
            status=row.status,
            note=row.note,
            derived_from=spec,
        )
    return out


_CACHE: dict[tuple, dict[str, Fact]] = {}


def all_facts(data_dir: str | os.PathLike | None = None) -> dict[str, Fact]:
    """Every fact, resolved (derived ones computed), keyed by ``key``."""
    ddir = data_path(data_dir)
    stamp = tuple(
        (ddir / f).stat().st_mtime_ns if (ddir / f).exists() else 0
        for f in ("facts.csv", "memberships.csv", "events.csv", "countries.csv")
    )
    key = (str(ddir), stamp)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = _resolve(ddir)
    return _CACHE[key]


def fact(key: str, data_dir: str | os.PathLike | None = None) -> Fact:
    """One fact; an unknown key raises ``KeyError`` naming the closest known key."""
    facts = all_facts(data_dir)
    if key not in facts:
        import difflib

        hint = difflib.get_close_matches(key, sorted(facts), n=1)
        did_you_mean = f" Did you mean '{hint[0]}'?" if hint else ""
        raise KeyError(f"Unknown fact {key!r} (not in data/facts.csv).{did_you_mean}")
    return facts[key]


def value(key: str, data_dir: str | os.PathLike | None = None) -> object:
    """The fact's value (a number, a date or a text)."""
    return fact(key, data_dir).value


def text(key: str, data_dir: str | os.PathLike | None = None) -> str:
    """The fact as the prose states it: value with unit."""
    return fact(key, data_dir).text


# --------------------------------------------------------------------------
# the source note a figure carries on the web ({fact} role, exercise prompts)
# --------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _bib_labels(bib_path: str, mtime: float) -> dict[str, str]:
    """``key -> "Author (year), Title"`` for every entry of references.bib."""
    from pybtex.database import parse_file

    out = {}
    for key, entry in parse_file(bib_path, bib_format="bibtex").entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        if people:
            names = [" ".join(p.last_names) or str(p) for p in people]
            who = names[0] if len(names) < 3 else names[0] + " et al."
            if len(names) == 2:
                who = f"{names[0]} and {names[1]}"
        else:
            who = entry.fields.get("author", entry.fields.get("organization", key))
        who = re.sub(r"[{}]", "", who)
        title = re.sub(r"[{}]", "", entry.fields.get("title", ""))
        year = entry.fields.get("year", "n.d.")
        label = f"{who} ({year}), {title}".strip().rstrip(",")
        out[key] = label.replace("---", "—").replace("--", "–")  # BibTeX dashes
    return out


def source_label(key: str, bib: Path) -> str:
    return _bib_labels(str(bib), bib.stat().st_mtime_ns).get(key, key)


def tip_text(
    key: str, data_dir: str | os.PathLike | None = None, bib: str | os.PathLike | None = None
) -> str:
    """What a figure's note says: source, date and, for a computed figure, how."""
    ddir = data_path(data_dir)
    bib = _bib_path(bib, ddir)
    f = fact(key, ddir)
    parts = []
    if f.computed_from:
        parts.append(f"Computed from the book's data/{f.computed_from}.")
    if f.source:
        parts.append(f"Source: {source_label(f.source, bib)}.")
    parts.append(f"As of {format_date(f.as_of)}.")
    if f.status == "RECALLED":
        parts.append("Not confirmed (recalled).")
    return " ".join(parts)
