"""Checks on the data tables' cells and rows beyond reading them (see :func:`aigovbook.load`).

Cells parse as their schema type; then the rules a Frictionless schema cannot express:
figure ranges, membership spells, events' sources and votes, doctrine dates.
"""

from __future__ import annotations

import csv
import datetime as _dt
import math
import re
from pathlib import Path
from typing import Any

import pandas as pd

from .bib import official_source, source_host
from .files import DataValidationError

__all__ = ["VOTE_ROLES"]

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT_RE = re.compile(r"^[+-]?\d+$")
#: Roles that record a recorded vote (events.csv); they need a tally in the summary.
VOTE_ROLES = ("voted_for", "voted_against", "abstained")
_TALLY_RE = re.compile(r"\b\d+\s*(?:–|-|to)\s*\d+\b")


def _parse(value: str, ftype: str) -> Any:
    """Parse one non-empty cell; raise ValueError with a readable reason."""
    if ftype == "string":
        return value
    if ftype == "integer":
        if not _INT_RE.match(value):
            raise ValueError(f"'{value}' is not an integer")
        return int(value)
    if ftype == "number":
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a number") from None
        if math.isnan(number) or math.isinf(number):
            raise ValueError(f"'{value}' is not a finite number")
        return number
    if ftype == "date":
        if not _DATE_RE.match(value):
            raise ValueError(f"'{value}' is not a date in YYYY-MM-DD form")
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a valid calendar date") from None
    raise ValueError(f"unsupported field type '{ftype}' in the schema")


def _read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (CSV line number, cells) for each record, via the csv module."""
    if not path.exists():
        raise DataValidationError(path.name, None, None, f"file not found at {path}")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            raise DataValidationError(path.name, 1, None, "file is empty (no header row)") from None
        except UnicodeDecodeError as exc:
            raise DataValidationError(path.name, None, None, f"not UTF-8: {exc}") from None
        records = []
        line = reader.line_num + 1
        try:
            for cells in reader:
                if cells:  # skip blank lines
                    records.append((line, cells))
                line = reader.line_num + 1
        except (csv.Error, UnicodeDecodeError) as exc:
            raise DataValidationError(path.name, line, None, f"malformed CSV: {exc}") from None
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    if not records:
        raise DataValidationError(
            path.name, 2, None, "the table has a header but no data rows (it needs at least one)"
        )
    return header, records


def _extra_rules(
    name: str, fname: str, parsed: dict[str, list], lines: list[int], bib: Path
) -> None:
    """Rules that a Frictionless schema cannot express."""
    if name == "figures":
        for i, line in enumerate(lines):
            v, lo, hi = parsed["value"][i], parsed["value_low"][i], parsed["value_high"][i]
            if v is None and (lo is None or hi is None):
                raise DataValidationError(
                    fname,
                    line,
                    "value",
                    "needs a value, or both value_low and value_high for a range",
                )
            if (lo is None) != (hi is None):
                col = "value_high" if hi is None else "value_low"
                raise DataValidationError(
                    fname, line, col, "value_low and value_high must be given together"
                )
            if lo is not None and hi is not None and lo > hi:
                raise DataValidationError(
                    fname, line, "value_low", f"value_low {lo} is above value_high {hi}"
                )
    if name == "memberships":
        for i, line in enumerate(lines):
            joined, left = parsed["joined"][i], parsed["left"][i]
            if left is not None and left <= joined:
                raise DataValidationError(
                    fname, line, "left", f"left ({left}) must be after joined ({joined})"
                )
            if (left is None) != (parsed["left_precision"][i] is None):
                raise DataValidationError(
                    fname,
                    line,
                    "left_precision",
                    "left_precision must be given exactly when left is given",
                )
        _no_overlaps(fname, parsed, lines)
    if name == "events":
        first = _dt.date(2022, 1, 1)  # the article's evidence ends in 2021
        for i, line in enumerate(lines):
            if parsed["date"][i] < first:
                raise DataValidationError(
                    fname,
                    line,
                    "date",
                    f"{parsed['date'][i]} is before {first}: this table records events "
                    "after the article (Part IV's membership data cover earlier years)",
                )
            if parsed["status"][i] == "RECALLED" and "RECALLED" not in parsed["summary"][i]:
                raise DataValidationError(
                    fname,
                    line,
                    "summary",
                    "a RECALLED row must say so in its summary (start it with 'RECALLED, "
                    "not confirmed:'), so the caveat travels with the row",
                )
            if (parsed["title_zh"][i] is None) != (parsed["title_zh_source"][i] is None):
                raise DataValidationError(
                    fname,
                    line,
                    "title_zh_source",
                    "a Chinese title (title_zh) comes with the key of the source it was read "
                    "in (title_zh_source), and a source only with a title",
                )
            _event_sources(fname, line, parsed, i, bib)
            _event_votes(fname, line, parsed, i)
    if name == "doctrine":
        for i, line in enumerate(lines):
            start, end = parsed["start"][i], parsed["end"][i]
            if end is not None and end < start:
                raise DataValidationError(
                    fname, line, "end", f"end ({end}) is before start ({start})"
                )


def _no_overlaps(fname: str, parsed: dict[str, list], lines: list[int]) -> None:
    """A member's spells in one forum do not overlap: each ``[joined, left)`` ends
    (``left``, exclusive; empty = still a member) before the next begins."""
    spells: dict[tuple[str, str], list[tuple[Any, Any, int]]] = {}
    for i, line in enumerate(lines):
        key = (parsed["forum"][i], parsed["member"][i])
        spells.setdefault(key, []).append((parsed["joined"][i], parsed["left"][i], line))
    problems = []
    for (forum, member), rows in spells.items():
        rows.sort(key=lambda r: (r[0], r[2]))
        for (j1, l1, line1), (j2, _l2, line2) in zip(rows, rows[1:], strict=False):
            if l1 is None or j2 < l1:
                until = "is still open (no left date)" if l1 is None else f"runs until {l1}"
                # reported on the later line of the two, naming the other
                here, other = (line2, line1) if line2 > line1 else (line1, line2)
                problems.append(
                    (
                        here,
                        f"{member}'s membership of {forum} from {j1} {until} and overlaps "
                        f"the one from {j2}; rows {min(here, other)} and {max(here, other)} "
                        f"overlap (a member's spells in one forum must not)",
                    )
                )
    if problems:
        line, problem = min(problems)
        raise DataValidationError(fname, line, "joined", problem)


def _event_sources(fname: str, line: int, parsed: dict[str, list], i: int, bib: Path) -> None:
    """A VERIFIED event cites an official source, or two sources from different publishers."""
    first, second = parsed["source"][i], parsed["source_2"][i]
    if second is not None and second == first:
        raise DataValidationError(
            fname, line, "source_2", f"'{second}' is the same entry as source; name another one"
        )
    if parsed["status"][i] != "VERIFIED":
        return
    if official_source(first, bib) or (second is not None and official_source(second, bib)):
        return
    if second is None:
        raise DataValidationError(
            fname,
            line,
            "source_2",
            f"a VERIFIED event needs an official source or two independent ones: '{first}' is "
            "not marked official in references.bib (keywords = {official}), so name a second "
            "source from another publisher in source_2",
        )
    host_1, host_2 = source_host(first, bib), source_host(second, bib)
    if not host_1 or not host_2 or host_1 == host_2:
        raise DataValidationError(
            fname,
            line,
            "source_2",
            f"'{second}' ({host_2 or 'no url'}) is not independent of '{first}' "
            f"({host_1 or 'no url'}): two independent sources come from different sites",
        )


def _event_votes(fname: str, line: int, parsed: dict[str, list], i: int) -> None:
    """Vote roles belong to a recorded vote of a UN body, with the tally in the summary."""
    roles = {"china_role": parsed["china_role"][i], "us_role": parsed["us_role"][i]}
    voting = [col for col, role in roles.items() if role in VOTE_ROLES]
    if not voting:
        return
    col = voting[0]
    if parsed["kind"][i] != "un":
        raise DataValidationError(
            fname,
            line,
            col,
            f"'{roles[col]}' records a UN vote, but the kind is "
            f"'{parsed['kind'][i]}' (vote roles are only for kind 'un')",
        )
    if not _TALLY_RE.search(parsed["summary"][i]):
        raise DataValidationError(
            fname,
            line,
            "summary",
            f"'{roles[col]}' needs a recorded vote: give the tally "
            "(for example 117-2-2) in the summary",
        )
    for other, role in roles.items():
        if role not in VOTE_ROLES and role not in ("unknown", "not_party"):
            raise DataValidationError(
                fname,
                line,
                other,
                f"'{role}' cannot sit beside a recorded vote: in a vote "
                "a power voted_for, voted_against or abstained (or its vote is unknown)",
            )


def _to_frame(fields: list[dict], parsed: dict[str, list]) -> pd.DataFrame:
    columns = {}
    for field in fields:
        col, ftype = field["name"], field["type"]
        values = parsed[col]
        if ftype == "integer":
            columns[col] = pd.array(values, dtype="Int64")
        elif ftype == "number":
            columns[col] = pd.array(
                [float("nan") if v is None else v for v in values], dtype="float64"
            )
        elif ftype == "date":
            columns[col] = pd.to_datetime(
                pd.Series([pd.NaT if v is None else v for v in values], dtype=object)
            )
        else:
            columns[col] = pd.Series(["" if v is None else v for v in values], dtype=object)
    frame = pd.DataFrame(columns)
    for field in fields:
        if field["type"] == "date":
            frame[field["name"]] = frame[field["name"]].astype("datetime64[ns]")
    return frame
