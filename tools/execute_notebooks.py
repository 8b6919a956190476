"""Re-execute notebooks in place, top to bottom in fresh kernels.

Run this after editing a notebook or anything it depends on (``aigovbook/``,
``data/``), so the stored outputs that nbval compares against stay current.

Usage: ``python tools/execute_notebooks.py [NOTEBOOK ...]`` (default: every
notebook under ``chapters/``; ``./dev execute`` runs it). Notebooks run two
at a time; the script prints each one's time and exits non-zero if any fails.
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def notebooks(paths: list[str]) -> list[Path]:
    if paths:
        return [Path(p).resolve() for p in paths]
    return sorted(
        p for p in (ROOT / "chapters").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
    )


def execute(path: Path) -> tuple[Path, float, str | None]:
    start = time.perf_counter()
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        record_timing=False,  # no timestamps in cell metadata: smaller diffs
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute()
    except Exception as exc:  # report every failure, keep going with the others
        return path, time.perf_counter() - start, f"{type(exc).__name__}: {exc}"
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)
    return path, time.perf_counter() - start, None


def main(argv: list[str]) -> int:
    paths = notebooks(argv)
    failures = 0
    with ThreadPoolExecutor(max_workers=2) as pool:
        for path, seconds, error in pool.map(execute, paths):
            rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
            print(f"{seconds:6.1f} s  {rel}{'  FAILED' if error else ''}")
            if error:
                failures += 1
                print("   ", error.splitlines()[0][:300])
    print(f"{len(paths) - failures} executed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
