"""Build the student edition: the same book with every solution removed.

Usage: ``python -m tools.student_edition [--out DIR] [--reuse BUILD] [extra args]``
(``./dev student``; the HTML lands in ``DIR/_build/html``, ``DIR`` defaults to
``_build/student``). One source and one configuration: the edition differs in
``hide_solutions: true`` and ``AIGOVBOOK_EDITION=student``, reuses the instructor
build's execution cache where the outputs do not depend on the edition, and strips
solutions from the copied sources. See chapters/architecture.md.
Exit status: 0 on success; 1 if the build had warnings or errors.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import yaml

from tools import build as book_build
from tools.book import CONFIG, ROOT
from tools.execute import MARKER

EDITION_ENV = book_build.EDITION_ENV
DEFAULT_OUT = ROOT / "_build" / "student"


def student_config(source: Path = CONFIG) -> dict:
    """``_config.yml`` with the student edition's one difference applied."""
    derived = copy.deepcopy(yaml.safe_load(source.read_text(encoding="utf-8")))
    derived.setdefault("sphinx", {}).setdefault("config", {})["hide_solutions"] = True
    return derived


# --------------------------------------------------------------------------
# stripping the downloadable sources
# --------------------------------------------------------------------------

_OPEN = re.compile(r"^\s*(?P<fence>`{3,}|:{3,})\{solution\}")


def solution_blocks(lines: list[str]) -> Iterator[tuple[int, int]]:
    """``(first, last)`` line indexes of the ``{solution}`` directives in MyST text."""
    i = 0
    while i < len(lines):
        match = _OPEN.match(lines[i])
        if not match:
            i += 1
            continue
        fence = match.group("fence")
        j = i + 1
        while j < len(lines) and not _closes(lines[j], fence):
            j += 1
        yield i, min(j, len(lines) - 1)
        i = j + 1


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and set(stripped) == {fence[0]} and len(stripped) >= len(fence)


def strip_myst(text: str) -> str:
    """``text`` without its ``{solution}`` blocks."""
    lines = text.splitlines(keepends=True)
    drop = set()
    for first, last in solution_blocks(lines):
        drop.update(range(first, last + 1))
    return "".join(line for k, line in enumerate(lines) if k not in drop)


def strip_notebook(nb: dict) -> dict:
    """A copy of notebook ``nb`` without solutions: ``{solution}`` blocks in its Markdown
    cells (the code-exercise pages), cells left empty by that, and outputs that carry the
    solution marker."""
    out = copy.deepcopy(nb)
    cells = []
    for cell in out.get("cells", []):
        if cell.get("cell_type") == "markdown":
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            stripped = strip_myst(source)
            if not stripped.strip():
                continue
            if stripped != source:
                cell["source"] = stripped
        if cell.get("outputs"):
            cell["outputs"] = [o for o in cell["outputs"] if MARKER not in json.dumps(o)]
        cells.append(cell)
    out["cells"] = cells
    return out


def strip_sources(folder: Path) -> list[Path]:
    """Strip solutions from every ``.md`` and ``.ipynb`` under ``folder``; return changed files."""
    changed = []
    for path in sorted(folder.rglob("*")):
        if path.suffix not in {".md", ".ipynb"} or not path.is_file():
            continue
        before = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            after = strip_myst(before)
        else:
            nb = json.loads(before)
            stripped = strip_notebook(nb)
            after = before if stripped == nb else json.dumps(stripped, indent=1) + "\n"
        if after != before:
            path.write_text(after, encoding="utf-8")
            changed.append(path)
    return changed


# --------------------------------------------------------------------------
# the command
# --------------------------------------------------------------------------


def build_student(
    out: Path = DEFAULT_OUT, *extra: str, reuse: Path = ROOT, force: bool = False
) -> tuple[book_build.BuildResult, list[Path]]:
    """Build the student edition into ``out`` and strip its downloadable
    sources; return the build and the stripped files."""
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    derived = out / "_config.student.yml"
    text = "# Derived from _config.yml by tools/student_edition.py; do not edit.\n"
    text += yaml.safe_dump(student_config(), sort_keys=False, allow_unicode=True)
    if not derived.is_file() or derived.read_text(encoding="utf-8") != text:
        derived.write_text(text, encoding="utf-8")

    result = book_build.build(
        out,
        "--config",
        str(derived),
        *extra,
        reuse=Path(reuse).resolve(),
        force=force,
        edition="student",  # for Jupyter Book and the notebooks' kernels, not this process
    )
    # Strip even after a failed build: never leave solutions behind.
    folders = [result.html / "_sources", out / "_build" / "jupyter_execute"]
    return result, [path for folder in folders if folder.is_dir() for path in strip_sources(folder)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output folder (default: _build/student)"
    )
    parser.add_argument(
        "--reuse",
        type=Path,
        default=ROOT,
        help="the instructor build's output folder, whose execution cache is reused",
    )
    parser.add_argument("--force", action="store_true", help="build even if nothing changed")
    args, extra = parser.parse_known_args(argv)
    result, stripped = build_student(args.out, *extra, reuse=args.reuse, force=args.force)
    status = book_build.report(result, args.out.resolve() / "build.log", "Student edition")
    if stripped:
        print(f"Stripped solutions from {len(stripped)} downloadable source file(s).")
    return status


if __name__ == "__main__":
    sys.exit(main())
