"""The tables a chapter notebook hands its chart recipes, for the recipes' unit tests."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

CHAPTERS = Path(__file__).resolve().parents[3] / "chapters"


@functools.cache
def _namespace(notebook: str) -> dict[str, Any]:
    """Run the code cells of ``chapters/<notebook>`` (its data steps) and return their names.

    The recipes are then called here on the very tables the page draws.
    """
    cells = json.loads((CHAPTERS / notebook).read_text(encoding="utf-8"))["cells"]
    names: dict[str, Any] = {"__name__": "__chapter__"}
    for cell in cells:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), notebook, "exec"), names)
    return names


@pytest.fixture
def chapter():
    """``chapter("02-why-govern/jobs-and-gains.ipynb")`` -> the notebook's variables."""
    return _namespace
