"""Shared fixtures: both editions of the book are built once per test session
and reused by the build, editions and browser tests.

The builds start in a background thread as soon as the tests are collected,
and the tests that need them run last, so the unit tests and nbval use the
second core while the books build. (The Binder environment is created in the
background the same way.)

When nbval checks every book notebook in the same session (as ``./dev test``
does: it re-executes each one and compares, strictly, with its stored
outputs), the instructor build takes the stored outputs instead of executing
every notebook a second time; a failing notebook or a stale output then fails
nbval. Run alone (e.g. ``pytest tests/book/test_build.py``), the build executes
every notebook itself, as ``./dev build`` does."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

import pytest
from sessionjobs import once, shared_root

from tools.book import ROOT, execution_timeout
from tools.build import BuildResult, build

__all__ = ["ROOT", "BuildResult", "build", "keep_reports"]

# Where a failed build's log and execution reports are copied for people and
# CI (the pull-request workflow uploads this folder when the tests fail).
REPORTS = ROOT / "_build" / "html" / "reports"
BUILD_FIXTURES = {"instructor_build", "student_build"}
# Fixtures that ask for a build (by name, at run time) only when their
# variable does not name a built book instead.
OVERRIDDEN = {"html_dir": "BOOK_HTML", "student_html": "STUDENT_HTML"}
_BACKGROUND: dict[str, Future] = {}


def keep_reports(result: BuildResult, edition: str) -> BuildResult:
    """Copy a failed build's log and execution reports to ``_build/html/reports/<edition>``."""
    if result.problems():
        target = REPORTS / edition
        shutil.rmtree(target, ignore_errors=True)
        if result.reports.is_dir():
            shutil.copytree(result.reports, target)
        target.mkdir(parents=True, exist_ok=True)
        (target / "build.log").write_text(result.log, encoding="utf-8")
    return result


def _needs_build(item) -> bool:
    names = set(getattr(item, "fixturenames", ()))  # nbval's notebook cells have none
    overridden = {name for name, var in OVERRIDDEN.items() if os.environ.get(var)}
    return bool(names & (BUILD_FIXTURES | set(OVERRIDDEN)) - overridden)


def _needs_student_build(item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    return "student_build" in names or (
        "student_html" in names and not os.environ.get("STUDENT_HTML")
    )


def chart_files_source() -> Path | None:
    """A built book whose chart files (SVG and PNG downloads) a new build may
    start from (``chartfiles.seed``): the session's instructor build once it is
    done, else the one ``./dev build`` made. Each file keeps its recorded
    digest of its chart's specification and of the converter's code and
    version, so a chart that differs is converted anew; the pages themselves
    are all built."""
    from aigovbook.book import chartfiles

    made = _BACKGROUND.get("instructor")
    if made is not None and made.done() and made.exception() is None:
        return made.result().html
    local = ROOT / "_build" / "html"
    return local if (local / chartfiles.DOWNLOAD_DIR / ".specs.json").is_file() else None


def _build_instructor(out, stored_outputs: bool = False) -> BuildResult:
    from aigovbook.book import chartfiles

    source = chart_files_source()
    if source is not None:
        chartfiles.seed(source, Path(out) / "_build" / "html")
    return keep_reports(build(out, stored_outputs=stored_outputs), "instructor")


def nbval_checks_every_notebook(items) -> bool:
    """Whether nbval runs every book notebook in this session (see the module's docstring)."""
    from tools.book import notebooks

    checked = {
        (ROOT / item.nodeid.split("::")[0]).resolve()
        for item in items
        if item.nodeid.split("::")[0].endswith(".ipynb")
    }
    return set(p.resolve() for p in notebooks()) <= checked


def _build_student(out, instructor: BuildResult) -> BuildResult:
    from tools.student_edition import build_student

    result, _ = build_student(out, reuse=instructor.html.parent.parent)
    return keep_reports(result, "student")


def _in_background(steps: list[tuple[str, Callable[[], BuildResult]]]) -> None:
    """Run ``steps`` one after another in a daemon thread; each name gets a Future."""
    futures = {name: Future() for name, _ in steps}
    _BACKGROUND.update(futures)

    def run() -> None:
        for name, step in steps:
            try:
                futures[name].set_result(step())
            except BaseException as exc:  # noqa: BLE001 - re-raised by the fixture
                futures[name].set_exception(exc)

    threading.Thread(target=run, name="book-builds", daemon=True).start()


def pytest_configure(config):
    """nbval's cell timeout is the book's one timeout (``execute.timeout`` in _config.yml)."""
    if hasattr(config.option, "nbval_cell_timeout"):
        config.option.nbval_cell_timeout = execution_timeout()


# Scheduling hint for ``./dev test`` (pytest-xdist hands out whole files in
# collection order, see ``--no-loadscope-reorder`` in ./dev): within each
# group of pytest_collection_modifyitems the long files go first, so that no
# worker is left with a long file at the end.
# Seconds are wall time in a two-worker run on the 2-core reference machine.
LONG_FILES = (
    "tests/browser/test_browser.py",  # the light-mode walk: ~65 s, from when the book is built
    "tests/browser/test_browser_modes.py",  # the dark walk at 375 px: ~25 s
    # Needing no build, and first while the builds and the Binder environment
    # (pip: ~30 s on a clean checkout) are made in the background:
    "tests/tooling/test_nbgrader.py",  # ~25 s
    "tests/browser/test_jupyterlab.py",  # ~12 s (starts JupyterLab)
    "tests/browser/test_pdf.py",  # ~45 s (both editions printed)
    "tests/browser/test_exercise_pages.py",  # ~35 s
    "tests/browser/test_offline_bundle.py",  # ~20 s, plus a second clean build (~17 s)
    "tests/browser/test_stored_progress.py",  # ~38 s on a loaded machine
)
# After the notebooks, which nbval runs in the Binder environment's kernel
# (by then it is made): what is left of the Binder tests.
LAST_FILES = ("tests/test_binder_env.py",)


def pytest_collection_modifyitems(session, config, items):
    """The walk first (it starts once the book is built), then the files that
    need no build while the builds run, then the others; the long files first
    within each group, and the Binder tests last of theirs. Files stay whole
    (a file with any test that needs a build counts as needing one); stable
    order otherwise."""
    needs = {}
    for item in items:
        path = item.nodeid.split("::")[0]
        needs[path] = needs.get(path, False) or _needs_build(item)

    def order(item) -> tuple[int, int, str]:
        path = item.nodeid.split("::")[0]
        long = LONG_FILES.index(path) if path in LONG_FILES else len(LONG_FILES)
        long += LAST_FILES.index(path) + 1 if path in LAST_FILES else 0
        return (0 if path == LONG_FILES[0] else 1 + needs[path], long, path)

    items.sort(key=order)
    repeats = binder_replaces_current_env(items)
    if repeats:
        import test_binder_env

        config.option.nbval_current_env = False
        config.option.nbval_kernel_name = test_binder_env.KERNEL_NAME
        root = shared_root(config._tmp_path_factory.getbasetemp())
        (root / BINDER_NOTE).write_text(f"{len(repeats)}\n", encoding="utf-8")
        config.pluginmanager.register(_BinderKernel(root), "aigov-binder-kernel")
        config.hook.pytest_deselected(items=repeats)
        items[:] = [item for item in items if item not in repeats]


# The Binder tests' run of every notebook in a fresh Binder kernel
# (tests/test_binder_env.py), and nbval's strict run of every notebook.
BINDER_RUNS = "tests/test_binder_env.py::test_notebook_runs_in_the_binder_env"
BINDER_NOTE = "binder-kernel-for-nbval.txt"  # in the run's shared folder: the summary says so


def binder_replaces_current_env(items) -> list:
    """When nbval checks every book notebook and the Binder tests run every
    notebook too (as in ``./dev test``), each notebook would run twice. Then
    nbval runs it once, in the Binder environment's kernel: its outputs are
    compared strictly with the stored ones and it proves that the notebook
    runs with only what Binder installs. Return the Binder runs so replaced
    (deselected, and said so in the summary); none otherwise, e.g. under
    ``./dev check``, where nbval uses the test environment's kernel."""
    repeats = [item for item in items if item.nodeid.startswith(BINDER_RUNS + "[")]
    return repeats if repeats and nbval_checks_every_notebook(items) else []


class _BinderKernel:
    """Before nbval's first notebook: the Binder kernel, built or waited for.

    A plugin object, not a hook of this conftest: a conftest's run-time hooks
    apply only to the tests under its folder, and the notebooks are in chapters/."""

    def __init__(self, root: Path) -> None:
        self.root, self.ready = root, False

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item):
        if self.ready or not item.nodeid.split("::")[0].endswith(".ipynb"):
            return
        import test_binder_env

        test_binder_env.use_binder_kernel(self.root)
        self.ready = True


def pytest_terminal_summary(terminalreporter, config):
    """Say that the Binder runs were deselected, and why (the note is written
    by the workers under pytest-xdist; this runs in the controller)."""
    note = shared_root(config._tmp_path_factory.getbasetemp()) / BINDER_NOTE
    if note.is_file():
        count = note.read_text(encoding="utf-8").strip()
        terminalreporter.write_line(
            f"nbval ran every notebook in the Binder environment's kernel, so the {count} "
            "separate Binder runs of the same notebooks were deselected (tests/conftest.py)."
        )


def pytest_collection_finish(session):
    """Start the builds, and the Binder environment (venv and pip: about 30 s
    on a clean checkout), in the background while the other tests run.

    Under pytest-xdist every worker does this, and each job runs in one of
    them only (``sessionjobs.once``): the other waits for its result."""
    root = shared_root(session.config._tmp_path_factory.getbasetemp())
    if any(_needs_build(item) for item in session.items):
        stored = nbval_checks_every_notebook(session.items)
        steps = [("instructor", lambda: _shared_instructor(root, stored))]
        if any(_needs_student_build(item) for item in session.items):
            steps.append(("student", lambda: _shared_student(root)))
        _in_background(steps)
    if any(item.get_closest_marker("binder") for item in session.items):
        import test_binder_env

        test_binder_env.start_in_background(root)


def _shared_instructor(root: Path, stored_outputs: bool = False) -> BuildResult:
    return once(root, "instructor", lambda out: _build_instructor(out, stored_outputs))


def _shared_student(root: Path) -> BuildResult:
    instructor = _BACKGROUND["instructor"].result() if "instructor" in _BACKGROUND else None
    instructor = instructor or _shared_instructor(root)
    return once(root, "student", lambda out: _build_student(out, instructor))


@pytest.fixture(scope="session")
def chart_files_from() -> Callable[[], Path | None]:
    """:func:`chart_files_source`, to call when a build starts."""
    return chart_files_source


@pytest.fixture(scope="session")
def html_dir(request) -> Path:
    """The built HTML: ``$BOOK_HTML`` if set, else the session's strict build."""
    override = os.environ.get("BOOK_HTML")
    html = Path(override) if override else request.getfixturevalue("instructor_build").html
    assert (html / "index.html").is_file(), f"no built book at {html}"
    return html


@pytest.fixture(scope="session")
def instructor_build(tmp_path_factory) -> BuildResult:
    """The default (instructor) edition, built strictly once for the whole run.

    ``instructor_build.html`` is the HTML folder; ``.log`` the build log.
    """
    if "instructor" in _BACKGROUND:
        return _BACKGROUND["instructor"].result()
    return _shared_instructor(shared_root(tmp_path_factory.getbasetemp()))


@pytest.fixture(scope="session")
def student_build(tmp_path_factory, instructor_build) -> BuildResult:
    """The student edition, reusing the instructor build's execution cache."""
    if "student" in _BACKGROUND:
        return _BACKGROUND["student"].result()
    return _shared_student(shared_root(tmp_path_factory.getbasetemp()))
