"""The one notebook executor: in place (``./dev execute``) or into a build's cache.

:func:`execute` runs a notebook in a fresh kernel over IPC, in the notebook's folder,
with the cell timeout of ``_config.yml``; :func:`run_all` runs several at a time;
:func:`fill_cache` is the build's pre-execution. See chapters/architecture.md.

Usage: ``python -m tools.execute [NOTEBOOK ...]`` re-executes the given notebooks
(default: every notebook in the table of contents) in place, two at a time, and
exits non-zero if any fails.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat

from tools.book import ROOT, execution_timeout, notebooks, relative

JOBS = 2  # notebooks executed at once: one kernel per core on the 2-core reference machine
MARKER = "aigov-solution"  # outputs that differ between editions carry it (aigovbook.exercises)


@dataclass
class Executed:
    """One notebook run: the executed notebook, its time, and the error if it failed."""

    path: Path
    nb: nbformat.NotebookNode
    seconds: float
    error: str | None = None
    cell: int | None = None  # the failing cell, counted from 1 as the notebook shows them

    def failure(self) -> str:
        """One line for a summary: the notebook, the failing cell and the error line."""
        where = relative(self.path)
        if self.cell is not None:
            source = self.nb.cells[self.cell - 1].source.strip().splitlines()
            first = f' ("{source[0][:60]}")' if source else ""
            where += f", cell {self.cell}{first}"
        return f"{where}: {error_line(self.error or '')}"


# ANSI colour codes, as kernels print them in tracebacks
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def error_line(text: str) -> str:
    """The line of an error message or traceback that names the error: the
    last one shaped ``SomeError: ...`` (else the last non-empty line)."""
    lines = [ln.strip() for ln in _ANSI.sub("", text).splitlines() if ln.strip()]
    named = [
        ln for ln in lines if re.match(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b", ln)
    ]
    line = (named or lines or ["(no message)"])[-1]
    return line[:300]


def execute(
    path: Path,
    *,
    nb: nbformat.NotebookNode | None = None,
    timeout: int | None = None,
    env: Mapping[str, str] | None = None,
    kernel_name: str = "python3",
) -> Executed:
    """Run notebook ``path`` (or its already read ``nb``) top to bottom in a fresh kernel.

    ``env`` adds variables to the kernel's environment (e.g. the edition).
    Errors are returned, not raised, so a caller can run the others.
    """
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    path = Path(path)
    nb = copy.deepcopy(nb) if nb is not None else nbformat.read(path, as_version=4)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="aigov-kernel-") as sockets:
        km = KernelManager(kernel_name=kernel_name, transport="ipc", ip=f"{sockets}/k")
        client = NotebookClient(
            nb,
            km=km,
            timeout=execution_timeout() if timeout is None else timeout,
            allow_errors=False,
            record_timing=False,  # no timestamps in cell metadata: smaller diffs
            resources={"metadata": {"path": str(path.parent)}},
        )
        current: list[int] = []  # the index of the cell being run

        def started(cell, cell_index, **_) -> None:
            current[:] = [cell_index]

        client.on_cell_start = started
        error = cell = None
        try:
            client.execute(env={**os.environ, **(env or {})})
        except Exception as exc:  # report every failure, keep going with the others
            error = f"{type(exc).__name__}: {exc}"
            cell = current[0] + 1 if current else None
        finally:  # nbclient leaves a kernel manager it was given running
            if km.has_kernel:
                km.shutdown_kernel(now=True)  # the run is over: nothing left to flush
    return Executed(path, nb, time.perf_counter() - start, error, cell)


def run_all(
    paths: Iterable[Path], run: Callable[[Path], Executed] = execute, jobs: int = JOBS
) -> Iterable[Executed]:
    """``run`` every path, ``jobs`` at a time (kernels are processes: threads suffice)."""
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(run, list(paths))


# --------------------------------------------------------------------------
# pre-execution into a build's jupyter-cache
# --------------------------------------------------------------------------


def cache_dir(path_output: Path) -> Path:
    """Where ``jupyter-book build --path-output path_output`` keeps its execution cache."""
    return Path(path_output) / "_build" / ".jupyter_cache"


# What every notebook reads besides its own code: jupyter-cache matches
# notebooks by their code only, so a cached run also records these files' digest.
NOTEBOOK_INPUTS = ("aigovbook", "data", "references.bib")


def inputs_digest(root: Path = ROOT) -> str:
    """Digest of the package and data files the notebooks read (their bytes)."""
    from aigovbook.book.notebookwait import inputs_digest as digest_of

    return digest_of(root, NOTEBOOK_INPUTS)


def has_marker(nb: nbformat.NotebookNode) -> bool:
    """Whether any output of ``nb`` carries the edition marker."""
    return any(MARKER in json.dumps(cell.get("outputs", [])) for cell in nb.cells)


def fill_cache(
    path_output: Path = ROOT,
    paths: list[Path] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    reuse: Path | None = None,
    stored_outputs: bool = False,
    on_ready: Callable[[Path], None] | None = None,
    on_plan: Callable[[list[Path]], None] | None = None,
) -> dict:
    """Execute into the build's cache the notebooks it lacks, ``JOBS`` at a time.

    ``reuse`` names another build's output folder (the instructor edition's)
    whose cached notebooks may be copied instead of executed: only those
    whose outputs carry no edition marker, i.e. that the edition cannot
    change. ``stored_outputs`` caches each notebook with the outputs stored
    in it, executing nothing: only for a caller that checks those outputs
    against a fresh run itself (the test suite, whose nbval run re-executes
    every notebook and compares, strictly). ``on_ready(path)`` is called as
    soon as a notebook is in the cache (or failed), from a worker thread:
    ``tools.build`` lets Jupyter Book read it then. Notebooks run in path
    order, the order in which Sphinx reads them. ``on_plan(paths)`` is
    called once, before any runs, with the notebooks to be executed (every
    other one is in the cache by then). Returns counts, failures (one line
    each: notebook, cell, error line) and each executed notebook's seconds.
    A failed run is stored too (see ``store``), never taken as cached.
    """
    import threading

    ready = on_ready or (lambda path: None)
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    paths = notebooks() if paths is None else paths
    start = time.perf_counter()
    cache = get_cache(str(cache_dir(path_output)))
    donor = None
    if reuse is not None and cache_dir(reuse).is_dir():
        donor = get_cache(str(cache_dir(reuse)))

    inputs = inputs_digest()

    def cached(into, nb) -> nbformat.NotebookNode | None:
        """The cached run of ``nb``: same code, and made from the same package and data."""
        try:
            record = into.match_cache_notebook(nb)
        except KeyError:
            return None
        data = record.data or {}
        if data.get("inputs") != inputs or data.get("failed"):
            return None
        return into.get_cache_bundle(record.pk).nb

    lock = threading.Lock()  # one writer at a time for the cache's database

    def store(
        nb: nbformat.NotebookNode, path: Path, seconds: float = 0.0, failed: str | None = None
    ) -> None:
        """Put ``nb`` in the build's cache as the run of ``path``, made from ``inputs``.

        A failed run is stored too (marked ``failed``, never taken as a
        cached run here): the page then shows this run's error, not an
        older run's outputs, which Jupyter Book would take (it matches a
        notebook by its code only)."""
        data = {"execution_seconds": seconds, "inputs": inputs}
        if failed:
            data["failed"] = failed
        with lock:
            cache.cache_notebook_bundle(
                CacheBundleIn(nb, str(path), data=data),
                check_validity=False,
                overwrite=True,
            )

    todo, copied, stored = [], 0, 0
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if cached(cache, nb) is not None:
            ready(path)
            continue
        if stored_outputs:
            store(nb, path)
            stored += 1
            ready(path)
            continue
        other = cached(donor, nb) if donor is not None else None
        if other is not None and not has_marker(other):
            store(other, path)
            copied += 1
            ready(path)
            continue
        todo.append((path, nb))

    todo.sort(key=lambda item: str(item[0]))  # Sphinx reads its documents in sorted order
    sources = dict(todo)
    if on_plan is not None:
        on_plan(list(sources))

    def run(path: Path) -> Executed:
        done = execute(path, nb=sources[path], env=env)
        store(done.nb, done.path, done.seconds, done.failure() if done.error else None)
        ready(path)
        return done

    failed, failures, times = [], [], {}
    for done in run_all(sources, run):
        if done.error:
            failed.append(relative(done.path))
            failures.append(done.failure())
        else:
            times[relative(done.path)] = round(done.seconds, 2)
    return {
        "seconds": round(time.perf_counter() - start, 1),
        "executed": len(times),
        "reused": copied,
        "stored": stored,
        "failed": sorted(failed),
        "failures": sorted(failures),  # one line each: notebook, cell, error line
        "notebooks_s": times,
    }


# --------------------------------------------------------------------------
# ./dev execute
# --------------------------------------------------------------------------


def execute_in_place(path: Path) -> Executed:
    """Execute ``path`` and, if it succeeded, save it with its new outputs."""
    done = execute(path)
    if not done.error:
        for cell in done.nb.cells:
            cell.metadata.pop("execution", None)
        nbformat.write(done.nb, path)
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Re-execute notebooks in place.")
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every book notebook")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.notebooks] or notebooks()
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print("No such notebook:", *missing, sep="\n  ")
        return 2
    failures = 0
    for done in run_all(paths, execute_in_place):
        print(f"{done.seconds:6.1f} s  {relative(done.path)}{'  FAILED' if done.error else ''}")
        if done.error:
            failures += 1
            print("   ", done.failure())
    print(f"{len(paths) - failures} executed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
