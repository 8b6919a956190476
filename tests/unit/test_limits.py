"""The house limits on the package: short modules, short module docstrings."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "aigovbook"
MODULES = sorted([*PACKAGE.rglob("*.py"), *(ROOT / "tools").glob("*.py")])


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_a_module_and_its_docstring_are_short(path):
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 500, "over 500 lines: split it by concern"
    tree = ast.parse(text)
    first = tree.body[0] if tree.body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        lines = first.end_lineno - first.lineno + 1
        assert lines <= 12, f"module docstring of {lines} lines: rationale goes to architecture.md"


def test_notebooks_load_no_sphinx_code():
    """aigovbook.book holds what only the build imports: drawing a chart loads no Sphinx
    (only the renderer and the chart markup it shares with the build)."""
    code = (
        "import sys, aigovbook, aigovbook.charts; "
        "print(sorted(m for m in sys.modules if m.startswith(('sphinx', 'aigovbook.book.'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['aigovbook.book.chartmarkup', 'aigovbook.book.chartrender']"
