"""Shared fixtures: both editions of the book are built once per test session
and reused by the build, editions and browser tests.

The builds start in a background thread as soon as the tests are collected,
and the tests that need them run last, so the unit tests and nbval use the
second core while the books build. (The Binder environment is created in the
background the same way.)"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from concurrent.futures import Future

import pytest

from tools.book import ROOT, execution_timeout
from tools.build import BuildResult, build

__all__ = ["ROOT", "BuildResult", "build", "keep_reports"]

# Where a failed build's log and execution reports are copied for people and
# CI (the pull-request workflow uploads this folder when the tests fail).
REPORTS = ROOT / "_build" / "html" / "reports"
BUILD_FIXTURES = {"instructor_build", "student_build"}
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
    return bool(names & BUILD_FIXTURES) or ("html_dir" in names and not os.environ.get("BOOK_HTML"))


def _build_instructor(out) -> BuildResult:
    return keep_reports(build(out), "instructor")


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


def pytest_collection_modifyitems(session, config, items):
    """Tests that need a built book run last (stable order otherwise)."""
    items.sort(key=_needs_build)


def pytest_collection_finish(session):
    """Start the builds, and the Binder environment (pip, about 30 s of
    downloads and installs), in the background while the other tests run."""
    factory = session.config._tmp_path_factory
    if any(_needs_build(item) for item in session.items):
        instructor_out = factory.mktemp("instructor")
        steps = [("instructor", lambda: _build_instructor(instructor_out))]
        if any("student_build" in getattr(i, "fixturenames", ()) for i in session.items):
            student_out = factory.mktemp("student")
            steps.append(
                ("student", lambda: _build_student(student_out, _BACKGROUND["instructor"].result()))
            )
        _in_background(steps)
    if any(item.get_closest_marker("binder") for item in session.items):
        import test_binder_env

        test_binder_env.start_in_background(factory.getbasetemp())


@pytest.fixture(scope="session")
def instructor_build(tmp_path_factory) -> BuildResult:
    """The default (instructor) edition, built strictly once for the whole session.

    ``instructor_build.html`` is the HTML folder; ``.log`` the build log.
    """
    if "instructor" in _BACKGROUND:
        return _BACKGROUND["instructor"].result()
    return _build_instructor(tmp_path_factory.mktemp("instructor"))


@pytest.fixture(scope="session")
def student_build(tmp_path_factory, instructor_build) -> BuildResult:
    """The student edition, reusing the instructor build's execution cache."""
    if "student" in _BACKGROUND:
        return _BACKGROUND["student"].result()
    return _build_student(tmp_path_factory.mktemp("student"), instructor_build)
