"""Build the book strictly and fail on any warning or notebook failure.

Jupyter Book can exit 0 when a notebook fails, so this also reads the build log
and the execution reports. Notebooks missing from the execution cache run first,
two at a time, while Jupyter Book reads the other pages; a build whose inputs did
not change is skipped (``--force`` builds anyway). See chapters/architecture.md.

Usage: ``python -m tools.build [--path-output DIR] [--force] [extra jupyter-book args]``
(``./dev build``: output in ``_build/html``).
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
import zlib
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from aigovbook.exercises import EDITION_ENV
from tools.book import ROOT, notebooks, relative

# What Sphinx, myst-nb, jupyter-cache and the kernels print for problems.
# There are no exceptions: kernels run over IPC (tools.execute), so the build
# output carries no warning line at all when all is well.
PROBLEM = re.compile(r"\b(WARNING|ERROR|CRITICAL|Traceback|Execution Failed)\b")

# Folders and files that cannot change the built book: never part of the stamp.
NOT_INPUTS = {
    ".git",
    ".github",
    ".ci",
    ".venv",
    ".pytest_cache",
    ".hypothesis",
    ".ipynb_checkpoints",
    "__pycache__",
    "_build",
    "node_modules",
    "benchmarks",
    "binder",
    "tests",
    "build",  # setuptools' work folders when a test installs the package (Binder environment)
    "dist",
}


@dataclass(frozen=True)
class BuildResult:
    """One run of ``jupyter-book build``: where it wrote and what it said."""

    html: Path
    log: str
    returncode: int
    seconds: float
    skipped: bool = False  # nothing changed since the last successful build
    preexecution: dict = field(default_factory=dict, compare=False)
    invalid_data: tuple[str, ...] = ()  # data_problems(): nothing was built

    @property
    def reports(self) -> Path:
        """Folder where Jupyter Book writes notebook execution tracebacks
        (emptied at the start of every build that runs)."""
        return self.html / "reports"

    def problems(self) -> list[str]:
        """Warning/error lines of the log, one line per notebook that failed
        in pre-execution and one per execution report this build wrote."""
        found = [f"data invalid: {line}" for line in self.invalid_data]
        found += log_problems(self.log)
        found += [f"notebook failed: {line}" for line in self.preexecution.get("failures", [])]
        if self.reports.exists() and not self.skipped:
            found += [
                f"execution report: {report_line(p)}" for p in sorted(self.reports.rglob("*.log"))
            ]
        if self.returncode != 0:
            found.append(f"jupyter-book exited with {self.returncode}")
        return found


def report_line(path: Path) -> str:
    """One line for an execution report of Jupyter Book: the report, the
    notebook's failing cell (its first line) and the error line."""
    from tools.execute import error_line

    text = path.read_text(encoding="utf-8", errors="replace")
    # nbclient's message: "...executing the following cell:\n----\n<source>\n----"
    cell = re.search(r"following cell:\s*-+\s*\n(.*?)\n", text)
    first = f' cell "{cell.group(1).strip()[:60]}"' if cell else ""
    return f"{path.name}{first}: {error_line(text)}"


def log_problems(log: str) -> list[str]:
    """The lines of a build log that report a warning or an error."""
    return [ln for ln in log.splitlines() if PROBLEM.search(ln)]


# --------------------------------------------------------------------------
# stamps: what a build (or a pre-execution) was made from
# --------------------------------------------------------------------------


def _files(root: Path = ROOT):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(
            d for d in dirnames if d not in NOT_INPUTS and not d.endswith(".egg-info")
        )
        for name in sorted(filenames):
            yield Path(dirpath) / name


def _digest(paths, *extra: str) -> str:
    h = hashlib.sha256()
    for path in paths:
        try:
            st = path.stat()
        except FileNotFoundError:
            continue
        h.update(f"{relative(path)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    for item in extra:
        h.update(f"{item}\n".encode())
    return h.hexdigest()


def input_stamp(out_dir: Path, extra: tuple[str, ...], env: Mapping[str, str]) -> str:
    """Digest of everything the build reads: sources, package, data, tools,
    the installed requirements, the output folder, the arguments, the edition."""
    venv_stamp = Path(sys.prefix) / ".requirements.sha256"
    return _digest(
        [*_files(), venv_stamp],
        str(Path(out_dir).resolve()),
        sys.executable,
        *extra,
        f"{EDITION_ENV}={env.get(EDITION_ENV, '')}",
    )


def _stamp_file(out_dir: Path, name: str) -> Path:
    return Path(out_dir) / "_build" / f".{name}-stamp"


def _fresh(path: Path, want: str) -> bool:
    return path.is_file() and path.read_text(encoding="utf-8") == want


# --------------------------------------------------------------------------
# the build
# --------------------------------------------------------------------------


def build(
    out_dir: Path = ROOT,
    *extra: str,
    pre_execute: bool = True,
    force: bool = False,
    reuse: Path | None = None,
    edition: str | None = None,
    stored_outputs: bool = False,
) -> BuildResult:
    """Build the book with ``-W -n --keep-going``; the HTML lands in ``out_dir/_build/html``.

    ``edition`` (e.g. ``"student"``) is passed to Jupyter Book and every
    kernel as ``AIGOVBOOK_EDITION`` (this process's environment is left
    alone, so builds may run in threads beside other work).
    ``pre_execute`` (the default) fills the execution cache first, two
    notebooks at a time; ``reuse`` names another build
    folder whose cached notebooks may be reused (see ``fill_cache``). A
    notebook that fails there fails the build (:meth:`BuildResult.problems`
    names it, its cell and the error line). One build at a time writes into
    ``out_dir`` (:func:`build_lock`). Unless
    ``force``, nothing is done when nothing changed since the last
    successful build into ``out_dir``. ``stored_outputs`` builds from the
    outputs stored in the notebooks, executing none (see ``fill_cache``: only
    where a fresh run is compared with them, as nbval does in the tests).
    """
    with build_lock(out_dir):
        return _build(
            out_dir,
            *extra,
            pre_execute=pre_execute,
            force=force,
            reuse=reuse,
            edition=edition,
            stored_outputs=stored_outputs,
        )


LOCK_NAME = ".build.lock"


@contextmanager
def build_lock(out_dir: Path):
    """Hold the lock of the output folder ``out_dir/_build/.build.lock`` for
    one build: a second build into the same folder says so and waits for the
    first (the lock is ``flock``'s: it is released however the first ends)."""
    lock = Path(out_dir) / "_build" / LOCK_NAME
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            print(
                f"Another build into {relative(lock.parent)} is running ({holder}); "
                "waiting for it to finish ...",
                file=sys.stderr,
                flush=True,
            )
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build(
    out_dir: Path,
    *extra: str,
    pre_execute: bool,
    force: bool,
    reuse: Path | None,
    edition: str | None,
    stored_outputs: bool,
) -> BuildResult:
    start = time.perf_counter()
    out_dir = Path(out_dir)
    html = out_dir / "_build" / "html"
    env = {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    if edition is not None:
        env[EDITION_ENV] = edition
    stamp = input_stamp(out_dir, (*extra, "stored-outputs") if stored_outputs else extra, env)
    build_stamp = _stamp_file(out_dir, "build")
    if not force and _fresh(build_stamp, stamp) and (html / "index.html").is_file():
        log = f"Nothing changed since the last successful build into {relative(html)}.\n"
        return BuildResult(html, log, 0, time.perf_counter() - start, skipped=True)
    build_stamp.unlink(missing_ok=True)
    # Reports of earlier runs: Jupyter Book writes one for each notebook that
    # fails in this run (a page it does not read again writes none).
    shutil.rmtree(html / "reports", ignore_errors=True)
    invalid = data_problems()
    if invalid:  # every notebook and page would read them: nothing is executed or built
        log = "The data do not pass their checks; nothing was built.\n"
        return BuildResult(html, log, 0, time.perf_counter() - start, invalid_data=invalid)
    if reuse is not None:
        from aigovbook.book import chartfiles

        chartfiles.seed(Path(reuse) / "_build" / "html", html)

    command = [
        sys.executable,
        "-m",
        "tools.jupyterbook",
        "build",
        str(ROOT),
        "-W",
        "-n",
        "--keep-going",
        "--path-output",
        str(out_dir),
        *extra,
    ]
    summary: dict = {}
    todo = None
    if pre_execute:
        from tools.execute import cache_dir, inputs_digest

        nbs = notebooks()
        edition = env.get(EDITION_ENV, "")  # also when set by the caller's environment
        nb_stamp = _digest(nbs, edition, str(reuse), f"stored={stored_outputs}", inputs_digest())
        nb_stamp_file = _stamp_file(out_dir, "preexecute")
        fresh = _fresh(nb_stamp_file, nb_stamp) and cache_dir(out_dir).is_dir()
        if force or not fresh:
            nb_stamp_file.unlink(missing_ok=True)
            todo = (nbs, nb_stamp, nb_stamp_file, {EDITION_ENV: edition} if edition else None)
    if todo is None:
        proc = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, env=env, timeout=1200
        )
        out, err = proc.stdout, proc.stderr
    else:
        # Jupyter Book starts (about 2 s of imports and set-up) while the
        # notebooks run; it waits for them before it reads any page.
        from aigovbook.book.notebookwait import READY_ALL, WAIT_ENV

        ready = _stamp_file(out_dir, "preexecuted")
        shutil.rmtree(ready, ignore_errors=True)
        ready.mkdir(parents=True)
        proc = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**env, WAIT_ENV: str(ready)},
        )
        try:
            summary = _pre_execute(out_dir, todo, reuse, stored_outputs, ready)
        finally:
            (ready / READY_ALL).write_text("done\n", encoding="utf-8")
        out, err = proc.communicate(timeout=1200)
    result = BuildResult(
        html=html,
        log=out + err,
        returncode=proc.returncode,
        seconds=time.perf_counter() - start,
        preexecution=summary,
    )
    if not result.problems():
        prune_stale_pages(html)
        build_stamp.write_text(stamp, encoding="utf-8")
    return result


def data_problems() -> tuple[str, ...]:
    """Each table of the data package that fails its checks (file, row and
    reason: a source missing from references.bib, overlapping memberships...),
    found before anything runs: the notebooks would all fail on it."""
    from aigovbook.data import load, resource_names
    from aigovbook.files import DataValidationError

    problems = []
    for name in resource_names():
        try:
            load(name)
        except DataValidationError as exc:
            problems.append(str(exc))
    return tuple(problems)


# Pages Sphinx and Jupyter Book write that are not documents of the book.
NOT_DOCUMENTS = {"index", "genindex", "search"}


def book_documents(html: Path) -> set[str] | None:
    """The documents of the build in ``html``, read from its ``objects.inv``."""
    try:
        data = (Path(html) / "objects.inv").read_bytes()
    except OSError:
        return None
    body = data.split(b"\n", 4)[4]  # four header lines, then zlib-compressed entries
    return {
        line.split(" ", 1)[0]
        for line in zlib.decompress(body).decode("utf-8").splitlines()
        if " std:doc " in line
    }


def prune_stale_pages(html: Path) -> list[str]:
    """Remove the pages (and their ``_sources/`` copies) of documents that are no
    longer in the book, e.g. after a page was renamed: Sphinx keeps their old HTML,
    which a clean build would not have. Returns the removed paths."""
    html = Path(html)
    documents = book_documents(html)
    if not documents:
        return []
    removed = []
    for page in sorted(html.rglob("*.html")):
        name = page.relative_to(html).as_posix()[: -len(".html")]
        if name.split("/")[0].startswith("_") or name in documents | NOT_DOCUMENTS:
            continue
        page.unlink()
        removed.append(f"{name}.html")
        for source in (html / "_sources").glob(f"{name}.*"):
            source.unlink()
            removed.append(source.relative_to(html).as_posix())
    return removed


def _pre_execute(out_dir: Path, todo, reuse, stored_outputs: bool, ready: Path) -> dict:
    """Fill the build's execution cache (tools.execute.fill_cache), signalling
    each notebook in ``ready``; stamp the cache if every notebook ran."""
    from aigovbook.book.notebookwait import PLANNED, ready_name
    from tools.execute import fill_cache

    def docname(path: Path) -> str:
        return path.resolve().relative_to(ROOT).with_suffix("").as_posix()

    def signal(path: Path) -> None:
        (ready / ready_name(docname(path))).write_text("done\n", encoding="utf-8")

    def plan(paths: list[Path]) -> None:
        # the notebooks about to run: Sphinx reads their pages again (written whole, then renamed)
        part = ready / f"{PLANNED}.part"
        part.write_text("".join(f"{docname(p)}\n" for p in paths), encoding="utf-8")
        part.rename(ready / PLANNED)

    nbs, nb_stamp, nb_stamp_file, kernel_env = todo
    summary = fill_cache(
        out_dir,
        nbs,
        env=kernel_env,
        reuse=reuse,
        stored_outputs=stored_outputs,
        on_ready=signal,
        on_plan=plan,
    )
    if not summary["failed"]:
        nb_stamp_file.write_text(nb_stamp, encoding="utf-8")
    return summary


def report(result: BuildResult, log_file: Path, what: str = "Book") -> int:
    """Write the log, print what was executed and the verdict; 0 if the build was clean."""
    pre = result.preexecution
    for name, seconds in pre.get("notebooks_s", {}).items():
        print(f"  executed {name} in {seconds:.1f} s")
    if pre:
        print(
            f"Pre-execution: {pre['executed']} notebook(s) executed, {pre['reused']} reused, "
            f"{pre.get('stored', 0)} taken as stored, "
            f"{len(pre['failed'])} failed, in {pre['seconds']} s."
        )
    if not result.skipped:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        log_file.write_text(result.log, encoding="utf-8")
    problems = result.problems()
    if problems:
        print(result.log[-6000:])
        print(f"\n{what} build FAILED with {len(problems)} problem(s):", *problems, sep="\n  ")
        return 1
    how = "up to date: nothing changed since the last build" if result.skipped else "0 warnings"
    print(
        f"{what} built: {relative(result.html / 'index.html')} in {result.seconds:.1f} s, {how} "
        f"(log: {relative(log_file)})."
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path-output", type=Path, default=ROOT)
    parser.add_argument("--force", action="store_true", help="build even if nothing changed")
    args, extra = parser.parse_known_args(argv)
    result = build(args.path_output, *extra, force=args.force)
    return report(result, result.html.parent / "build.log")


if __name__ == "__main__":
    sys.exit(main())
