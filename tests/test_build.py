"""The strict build: zero warnings, zero notebook execution errors.

Jupyter Book 1 can exit 0 even when a notebook fails to execute, so these
tests read the log and the ``reports/`` folder themselves.
"""

from __future__ import annotations

import pytest
from build import toc_files
from conftest import ROOT

pytestmark = pytest.mark.build


def test_build_succeeds(instructor_build):
    assert instructor_build.returncode == 0, instructor_build.log[-4000:]
    assert (instructor_build.html / "index.html").is_file()


def test_build_has_no_warnings(instructor_build):
    problems = instructor_build.problems()
    assert problems == [], "\n".join(problems)


def test_no_notebook_failed_to_execute(instructor_build):
    reports = instructor_build.reports
    failed = sorted(p.name for p in reports.glob("**/*")) if reports.exists() else []
    assert failed == [], f"execution reports written: {failed}"
    assert "Execution Failed" not in instructor_build.log


def test_every_toc_page_is_built(instructor_build):
    missing = [f for f in toc_files() if not (instructor_build.html / f"{f}.html").is_file()]
    assert missing == []


def test_every_notebook_is_in_the_toc():
    listed = set(toc_files())
    notebooks = {
        str(p.relative_to(ROOT).with_suffix(""))
        for p in (ROOT / "chapters").rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    }
    assert notebooks - listed == set(), "notebooks outside the table of contents"
