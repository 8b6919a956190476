"""Where the data package and the bibliography are, and the error a bad file raises.

Defaults: ``data/`` and ``references.bib`` at the root of this repository; override with
``data_dir``/``bib_path`` arguments or ``$AIGOVBOOK_DATA_DIR``/``$AIGOVBOOK_BIB``.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["DataValidationError", "data_path"]

_REPO_ROOT = Path(__file__).resolve().parent.parent


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
