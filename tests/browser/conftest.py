"""Fixtures shared by the browser tests: the built HTML, a local server, Chromium."""

from __future__ import annotations

import os
from pathlib import Path

import browserkit as bk
import pytest


@pytest.fixture(scope="session")
def site(html_dir):
    with bk.serve(html_dir) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser():
    assert Path(bk.CHROMIUM).is_file(), "Chromium missing: apt-get install -y chromium"
    assert bk.AXE_JS.is_file(), "node_modules missing: .venv/bin/python -m tools.npm_packages"
    with bk.chromium() as chromium:
        yield chromium


@pytest.fixture(scope="session")
def student_html(request) -> Path:
    """The student edition's HTML: ``$STUDENT_HTML`` if set, else the session's
    student build (tests/conftest.py, shared with the edition tests)."""
    override = os.environ.get("STUDENT_HTML")
    if override:
        return Path(override)
    return request.getfixturevalue("student_build").html
