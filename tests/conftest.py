"""Shared fixtures: the book is built once per test session and reused by the
build, editions and browser tests."""

from __future__ import annotations

import pytest

from tools.book import ROOT
from tools.build import BuildResult, build

__all__ = ["ROOT", "BuildResult", "build"]


@pytest.fixture(scope="session")
def instructor_build(tmp_path_factory) -> BuildResult:
    """The default (instructor) edition, built strictly once for the whole session.

    ``instructor_build.html`` is the HTML folder; ``.log`` the build log.
    """
    return build(tmp_path_factory.mktemp("instructor"))


def pytest_collection_finish(session):
    """Start creating the Binder environment (pip, about 30 s of downloads and
    installs) in the background while the other tests run."""
    if any(item.get_closest_marker("binder") for item in session.items):
        import test_binder_env

        test_binder_env.start_in_background(session.config._tmp_path_factory.getbasetemp())
