"""The bibliography (``references.bib``): its keys, and which sources are official."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from .files import DataValidationError, _bib_path, _mtime, data_path

__all__ = ["bib_keys", "official_source", "source_host"]

_BIB_KEY_RE = re.compile(r"^\s*@\s*(\w+)\s*[{(]\s*([^,\s]+)\s*,", re.MULTILINE)
_NOT_ENTRIES = {"comment", "string", "preamble"}


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
