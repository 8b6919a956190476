"""Check that notebooks are stored executed, in order, and without errors.

nbval compares a fresh run with the stored outputs, so a notebook saved
without outputs (or with an error) would fail the test suite later; this
check catches it at commit time. Usage: ``python -m tools.check_notebooks [NB ...]``
(default: every notebook of the book).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from tools.book import notebooks


def problems(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    found = []
    if code and not any(c.outputs for c in code):
        found.append("no stored outputs (run ./dev execute)")
    counts = [c.execution_count for c in code]
    if any(n is None for n in counts) or counts != sorted(counts):
        found.append("not executed top to bottom in one kernel (run ./dev execute)")
    for i, cell in enumerate(code):
        if any(o.output_type == "error" for o in cell.outputs):
            found.append(f"code cell {i + 1} stores an error output")
    return found


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] or notebooks()
    bad = 0
    for path in paths:
        if ".ipynb_checkpoints" in path.parts:
            continue
        for problem in problems(path):
            bad += 1
            print(f"{path}: {problem}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
