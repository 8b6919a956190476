"""Fixtures shared by the unit tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def copy(tmp_path) -> Path:
    """A private copy of data/ and references.bib (the bib sits next to data/, as in the repo)."""
    shutil.copytree(
        ROOT / "data", tmp_path / "data", ignore=shutil.ignore_patterns("READY", "*.yaml")
    )
    shutil.copy(ROOT / "references.bib", tmp_path / "references.bib")
    return tmp_path / "data"
