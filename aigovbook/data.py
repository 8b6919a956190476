"""Load and validate the book's data package (``data/datapackage.json``).

Every table in ``data/`` is described by a Frictionless Data Package. This
module reads a table with pandas and checks it against that description
*without* needing the ``frictionless`` library at run time (Binder's lean
environment does not have it):

- the CSV header has exactly the schema's columns, in any order;
- ``required`` values are present; values parse as their ``type``
  (``string``, ``integer``, ``number``, ``date`` as ``YYYY-MM-DD``);
- ``enum``, ``pattern``, ``minimum`` / ``maximum`` and ``unique`` hold;
- the ``primaryKey`` is unique and every ``foreignKey`` points at a row
  of the referenced table;
- every bibliography column (``x-bib-columns``: ``source``,
  ``original_source``) holds a key present in ``references.bib``;
- a few rules Frictionless cannot express: a figure has a ``value`` or a
  ``value_low``/``value_high`` pair; a membership's ``left`` is after its
  ``joined`` and has a precision, and one member's spells in one forum do
  not overlap; an event's Chinese title comes with the source it was read in;
- a table has at least one data row; ``references.bib`` defines no key
  twice (keys compared ignoring case, as BibTeX does).

Any problem raises :class:`DataValidationError`, whose message names the
file, the CSV line number (the header is line 1) and the column.

Typical use::

    >>> from aigovbook import load
    >>> figures = load("figures")

Types in the returned DataFrame: ``string`` columns are Python strings with
``""`` for empty cells; ``integer`` columns are pandas ``Int64`` (nullable);
``number`` columns are ``float64`` (``NaN`` when empty); ``date`` columns are
``datetime64`` (``NaT`` when empty).

Where the files are: by default ``data/`` and ``references.bib`` at the root
of the repository this package lives in. Override with the ``data_dir`` and
``bib_path`` arguments, or the environment variables ``AIGOVBOOK_DATA_DIR``
and ``AIGOVBOOK_BIB``. Loads are cached (keyed on the files' paths and
modification times), and every call returns a fresh copy, so callers may
modify what they get.
"""

from __future__ import annotations

import csv
import datetime as _dt
import difflib
import functools
import json
import math
import os
import re
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = [
    "VOTE_ROLES",
    "DataValidationError",
    "bib_keys",
    "data_path",
    "load",
    "official_source",
    "package",
    "resource_names",
    "source_host",
]

_REPO_ROOT = Path(__file__).resolve().parent.parent
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT_RE = re.compile(r"^[+-]?\d+$")
_BIB_KEY_RE = re.compile(r"^\s*@\s*(\w+)\s*[{(]\s*([^,\s]+)\s*,", re.MULTILINE)
_NOT_ENTRIES = {"comment", "string", "preamble"}
#: Roles that record a recorded vote (events.csv); they need a tally in the summary.
VOTE_ROLES = ("voted_for", "voted_against", "abstained")
_TALLY_RE = re.compile(r"\b\d+\s*(?:–|-|to)\s*\d+\b")


class DataValidationError(ValueError):
    """A data file does not match its schema.

    Attributes ``file``, ``row`` (CSV line number; 1 is the header, ``None``
    for file-level problems) and ``column`` say where.
    """

    def __init__(self, file: str, row: int | None, column: str | None, problem: str):
        self.file = file
        self.row = row
        self.column = column
        self.problem = problem
        where = [file]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column '{column}'")
        super().__init__(f"{', '.join(where)}: {problem}")


# --------------------------------------------------------------------------
# Locating files
# --------------------------------------------------------------------------


def data_path(data_dir: str | os.PathLike | None = None) -> Path:
    """The data folder: the argument, else ``$AIGOVBOOK_DATA_DIR``, else ``<repo>/data``."""
    if data_dir is not None:
        return Path(data_dir).resolve()
    env = os.environ.get("AIGOVBOOK_DATA_DIR")
    if env:
        return Path(env).resolve()
    return _REPO_ROOT / "data"


def _bib_path(bib_path: str | os.PathLike | None, ddir: Path) -> Path:
    if bib_path is not None:
        return Path(bib_path).resolve()
    env = os.environ.get("AIGOVBOOK_BIB")
    if env:
        return Path(env).resolve()
    return ddir.parent / "references.bib"


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return -1.0


# --------------------------------------------------------------------------
# Package descriptor and bibliography
# --------------------------------------------------------------------------


@functools.lru_cache(maxsize=16)
def _read_package(path: str, mtime: float) -> dict:
    p = Path(path)
    if not p.exists():
        raise DataValidationError(p.name, None, None, f"data package descriptor not found at {p}")
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataValidationError(p.name, exc.lineno, None, f"invalid JSON: {exc.msg}") from None


def package(data_dir_: str | os.PathLike | None = None) -> dict:
    """The parsed ``datapackage.json`` (a deep copy, safe to modify)."""
    path = data_path(data_dir_) / "datapackage.json"
    return json.loads(json.dumps(_read_package(str(path), _mtime(path))))


@functools.lru_cache(maxsize=16)
def _read_bib(path: str, mtime: float) -> frozenset[str]:
    p = Path(path)
    if not p.exists():
        raise DataValidationError(p.name, None, None, f"bibliography not found at {p}")
    text = p.read_text(encoding="utf-8")
    seen: dict[str, tuple[str, int]] = {}  # casefolded key -> (key, line)
    for match in _BIB_KEY_RE.finditer(text):
        kind, key = match.groups()
        if kind.lower() in _NOT_ENTRIES:
            continue
        line = text.count("\n", 0, match.start(2)) + 1
        # BibTeX (and pybtex, which Sphinx uses) compares keys ignoring case
        first = seen.get(key.casefold())
        if first is not None:
            same = "" if first[0] == key else f" (as '{first[0]}': keys ignore case)"
            raise DataValidationError(
                p.name,
                line,
                None,
                f"duplicate bibliography key '{key}': already defined on line {first[1]}{same}",
            )
        seen[key.casefold()] = (key, line)
    return frozenset(key for key, _ in seen.values())


@functools.lru_cache(maxsize=16)
def _read_bib_entries(path: str, mtime: float) -> dict[str, dict[str, str]]:
    """Each entry's ``url`` and ``keywords`` fields (empty strings when absent)."""
    text = Path(path).read_text(encoding="utf-8")
    starts = [m for m in _BIB_KEY_RE.finditer(text) if m.group(1).lower() not in _NOT_ENTRIES]
    entries: dict[str, dict[str, str]] = {}
    for i, match in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        body = text[match.end() : end]
        fields = {}
        for field in ("url", "keywords"):
            found = re.search(rf"^\s*{field}\s*=\s*[{{\"]([^}}\"]*)[}}\"]", body, re.M | re.I)
            fields[field] = found.group(1).strip() if found else ""
        entries[match.group(2)] = fields
    return entries


def official_source(key: str, bib_path: str | os.PathLike | None = None) -> bool:
    """Whether the bibliography marks ``key`` as an official source (``keywords = {official}``).

    Official means published by the government or intergovernmental body that
    acted, on its own site (a republication elsewhere is not official).
    """
    path = _bib_path(bib_path, data_path())
    entry = _read_bib_entries(str(path), _mtime(path)).get(key, {})
    return "official" in re.split(r"[,;\s]+", entry.get("keywords", "").lower())


def source_host(key: str, bib_path: str | os.PathLike | None = None) -> str:
    """The web host of ``key``'s ``url`` without ``www.`` (``''`` when it has none)."""
    path = _bib_path(bib_path, data_path())
    url = _read_bib_entries(str(path), _mtime(path)).get(key, {}).get("url", "")
    host = re.sub(r"^[a-z]+://", "", url.lower()).split("/")[0]
    return host.removeprefix("www.")


def bib_keys(
    bib_path: str | os.PathLike | None = None, data_dir_: str | os.PathLike | None = None
) -> frozenset[str]:
    """The entry keys defined in ``references.bib``."""
    path = _bib_path(bib_path, data_path(data_dir_))
    return _read_bib(str(path), _mtime(path))


def resource_names(data_dir: str | os.PathLike | None = None) -> list[str]:
    """Names of the tables in the data package, in package order."""
    return [r["name"] for r in package(data_dir)["resources"]]


def _resource(pkg: dict, name: str) -> dict:
    names = [r["name"] for r in pkg["resources"]]
    if not isinstance(name, str) or name not in names:
        hint = difflib.get_close_matches(str(name), names, n=1)
        did_you_mean = f" Did you mean '{hint[0]}'?" if hint else ""
        raise ValueError(
            f"Unknown data resource {name!r}.{did_you_mean} Valid names: {', '.join(names)}."
        )
    return next(r for r in pkg["resources"] if r["name"] == name)


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------


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


def _validate(name: str, ddir: Path, bib: Path) -> pd.DataFrame:
    pkg = _read_package(str(ddir / "datapackage.json"), _mtime(ddir / "datapackage.json"))
    res = _resource(pkg, name)
    schema = res["schema"]
    fields = schema["fields"]
    fname = res["path"]
    path = ddir / fname
    header, records = _read_rows(path)

    # Header: every schema column present, no unknown column, no duplicates.
    expected = [f["name"] for f in fields]
    for col in header:
        if header.count(col) > 1:
            raise DataValidationError(fname, 1, col, "column appears more than once in the header")
    for col in expected:
        if col not in header:
            raise DataValidationError(fname, 1, col, "required column is missing from the header")
    for col in header:
        if col not in expected:
            raise DataValidationError(
                fname, 1, col, f"unknown column (not in the schema; expected {', '.join(expected)})"
            )
    position = {col: header.index(col) for col in expected}

    keys = _read_bib(str(bib), _mtime(bib)) if res.get("x-bib-columns") else frozenset()
    bib_cols = set(res.get("x-bib-columns", []))

    parsed: dict[str, list[Any]] = {col: [] for col in expected}
    lines: list[int] = []
    seen_unique: dict[str, dict[Any, int]] = {}
    for line, cells in records:
        if len(cells) != len(header):
            raise DataValidationError(
                fname, line, None, f"has {len(cells)} cells but the header has {len(header)}"
            )
        lines.append(line)
        for field in fields:
            col = field["name"]
            raw = cells[position[col]]
            cons = field.get("constraints", {})
            if raw.strip() == "":
                if cons.get("required"):
                    raise DataValidationError(
                        fname, line, col, "a value is required but the cell is empty"
                    )
                parsed[col].append(None)
                continue
            try:
                value = _parse(raw, field["type"])
            except ValueError as exc:
                raise DataValidationError(fname, line, col, str(exc)) from None
            if "enum" in cons and value not in cons["enum"]:
                allowed = ", ".join(map(str, cons["enum"]))
                raise DataValidationError(fname, line, col, f"'{raw}' is not one of: {allowed}")
            if "pattern" in cons and not re.fullmatch(cons["pattern"], raw):
                raise DataValidationError(
                    fname, line, col, f"'{raw}' does not match the pattern {cons['pattern']}"
                )
            if "minimum" in cons and value < cons["minimum"]:
                raise DataValidationError(
                    fname, line, col, f"{raw} is below the minimum {cons['minimum']}"
                )
            if "maximum" in cons and value > cons["maximum"]:
                raise DataValidationError(
                    fname, line, col, f"{raw} is above the maximum {cons['maximum']}"
                )
            if cons.get("unique"):
                first = seen_unique.setdefault(col, {}).get(value)
                if first is not None:
                    raise DataValidationError(
                        fname,
                        line,
                        col,
                        f"duplicate value '{raw}' (first used on row {first}); "
                        "values must be unique",
                    )
                seen_unique[col][value] = line
            if col in bib_cols and value not in keys:
                hint = difflib.get_close_matches(value, sorted(keys), n=1)
                did_you_mean = f" (did you mean '{hint[0]}'?)" if hint else ""
                raise DataValidationError(
                    fname,
                    line,
                    col,
                    f"source key '{value}' is not in the bibliography {bib.name}{did_you_mean}",
                )
            parsed[col].append(value)

    # Primary key (possibly composite).
    pk = schema.get("primaryKey")
    if pk:
        pk = [pk] if isinstance(pk, str) else list(pk)
        seen: dict[tuple, int] = {}
        for i, line in enumerate(lines):
            key = tuple(parsed[c][i] for c in pk)
            if key in seen:
                shown = ", ".join(f"{c}={parsed[c][i]}" for c in pk)
                raise DataValidationError(
                    fname,
                    line,
                    "+".join(pk),
                    f"duplicate primary key ({shown}); first on row {seen[key]}",
                )
            seen[key] = line

    # Foreign keys.
    for fk in schema.get("foreignKeys", []):
        cols = [fk["fields"]] if isinstance(fk["fields"], str) else list(fk["fields"])
        ref = fk["reference"]
        ref_cols = [ref["fields"]] if isinstance(ref["fields"], str) else list(ref["fields"])
        ref_name = ref.get("resource") or name
        if ref_name == name:
            ref_frame = pd.DataFrame({c: parsed[c] for c in ref_cols})
        else:
            ref_frame = _load_cached(ref_name, str(ddir), str(bib), *_stamps(ref_name, ddir, bib))
        valid = set(
            map(tuple, ref_frame[ref_cols].astype(object).itertuples(index=False, name=None))
        )
        ref_file = _resource(pkg, ref_name)["path"]
        for i, line in enumerate(lines):
            key = tuple(parsed[c][i] for c in cols)
            if any(k is None for k in key):
                continue
            if key not in valid:
                shown = ", ".join(str(k) for k in key)
                choices = sorted(str(v[0]) for v in valid) if len(ref_cols) == 1 else []
                hint = difflib.get_close_matches(shown, choices, n=1)
                did_you_mean = f" (did you mean '{hint[0]}'?)" if hint else ""
                raise DataValidationError(
                    fname,
                    line,
                    "+".join(cols),
                    f"'{shown}' is not a known {'/'.join(ref_cols)} in {ref_file}{did_you_mean}",
                )

    _extra_rules(name, fname, parsed, lines, bib)
    if name == "memberships":
        _joined_after_founding(fname, parsed, lines, ddir, bib)
    return _to_frame(fields, parsed)


def _joined_after_founding(fname: str, parsed: dict, lines: list[int], ddir: Path, bib: Path):
    """Nobody joins a forum before it exists: a treaty's parties join on its
    entry into force at the earliest, even if they ratified before."""
    forums = _load_cached("forums", str(ddir), str(bib), *_stamps("forums", ddir, bib))
    founded = dict(zip(forums["id"], forums["founded"].dt.date, strict=True))
    for i, line in enumerate(lines):
        start = founded.get(parsed["forum"][i])
        if start is not None and parsed["joined"][i] < start:
            raise DataValidationError(
                fname,
                line,
                "joined",
                f"{parsed['joined'][i]} is before {parsed['forum'][i]} was founded or entered "
                f"into force ({start}, forums.csv): a member joins on that day at the earliest",
            )


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


def _stamps(name: str, ddir: Path, bib: Path) -> tuple[float, float, float]:
    pkg = _read_package(str(ddir / "datapackage.json"), _mtime(ddir / "datapackage.json"))
    res = _resource(pkg, name)
    return (_mtime(ddir / "datapackage.json"), _mtime(ddir / res["path"]), _mtime(bib))


@functools.lru_cache(maxsize=64)
def _load_cached(name: str, ddir: str, bib: str, *stamps: float) -> pd.DataFrame:
    return _validate(name, Path(ddir), Path(bib))


def _shared(name: str, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The cached, validated table itself (not a copy): for read-only use inside the package."""
    ddir = data_path(data_dir)
    bib = _bib_path(None, ddir)
    return _load_cached(name, str(ddir), str(bib), *_stamps(name, ddir, bib))


def load(
    name: str,
    data_dir: str | os.PathLike | None = None,
    bib_path: str | os.PathLike | None = None,
) -> pd.DataFrame:
    """Return the table ``name`` from the data package, validated against its schema.

    ``name`` is one of :func:`resource_names` ("figures", "forums",
    "memberships", "countries", "doctrine", "plan_milestones",
    "documents"). An unknown name raises ``ValueError`` listing the valid
    ones; a file that breaks its schema raises :class:`DataValidationError`
    naming file, row and column. The result is a copy: modify it freely.
    """
    ddir = data_path(data_dir)
    bib = _bib_path(bib_path, ddir)
    pkg = _read_package(str(ddir / "datapackage.json"), _mtime(ddir / "datapackage.json"))
    _resource(pkg, name)  # unknown names fail here, before any file is read
    frame = _load_cached(name, str(ddir), str(bib), *_stamps(name, ddir, bib))
    return frame.copy()
