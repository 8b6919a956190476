"""Load the book's data package (``data/datapackage.json``), each table validated.

>>> from aigovbook import load
>>> figures = load("figures")

A table is checked against its schema without the ``frictionless`` library: columns, types,
constraints, keys, bibliography keys, and the rules in :mod:`aigovbook.validate`. A problem
raises :class:`DataValidationError` naming file, CSV line (the header is line 1) and column.
Columns come back as ``str`` (``""`` when empty), ``Int64``, ``float64`` or ``datetime64``.
Loads are cached on the files' paths and modification times; each call returns a copy.
"""

from __future__ import annotations

import difflib
import functools
import json
import os
import re
from pathlib import Path
from typing import Any

import pandas as pd

from .bib import _read_bib, bib_keys, official_source, source_host
from .files import DataValidationError, _bib_path, _mtime, data_path
from .validate import VOTE_ROLES, _extra_rules, _parse, _read_rows, _to_frame

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
