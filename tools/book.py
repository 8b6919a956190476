"""The repository as the tools see it: its root, configuration, table of
contents, notebooks and execution timeout, each read in one place."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "_config.yml"
TOC = ROOT / "_toc.yml"


@functools.cache
def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def config(path: Path = CONFIG) -> dict:
    """``_config.yml`` as a dictionary (read once per process; do not mutate)."""
    return _yaml(path)


def toc_files(root: Path = ROOT) -> list[str]:
    """Every document the table of contents names, in reading order, without suffix."""
    toc = _yaml(root / "_toc.yml")
    files = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections", []))
            walk(entry.get("chapters", []))

    walk(toc.get("parts", []))
    walk(toc.get("chapters", []))
    return [str(Path(f).with_suffix("")) for f in files]


def notebooks(root: Path = ROOT) -> list[Path]:
    """The book's notebooks: every table-of-contents entry stored as ``.ipynb``."""
    paths = [root / f"{f}.ipynb" for f in toc_files(root)]
    return [p for p in paths if p.is_file()]


def chapter_notebooks(root: Path = ROOT) -> list[Path]:
    """Every notebook file under ``chapters/`` (listed in the table of contents or not)."""
    return sorted(
        p for p in (root / "chapters").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
    )


def execution_timeout(path: Path = CONFIG) -> int:
    """Seconds a notebook cell may run: ``execute.timeout`` in ``_config.yml``.

    The build (myst-nb), pre-execution and ``./dev execute`` all use it.
    """
    return int((config(path).get("execute") or {}).get("timeout", 30))


def relative(path: Path) -> str:
    """``path`` relative to the repository when it lies inside it (for messages)."""
    path = Path(path)
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
