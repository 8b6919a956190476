"""Unit tests for the small shared pieces of aigovbook: glue and notebook checks."""

from __future__ import annotations

import sys

from IPython.core.interactiveshell import InteractiveShell

from aigovbook.notebook import glue
from tools import check_notebooks
from tools.book import ROOT


def captured_display(func, *args, **kwargs):
    """Call ``func`` and return what it sent to IPython's display publisher."""
    shell = InteractiveShell.instance()
    published = []
    original = shell.display_pub.publish
    shell.display_pub.publish = lambda data, metadata=None, **kw: published.append((data, metadata))
    try:
        func(*args, **kwargs)
    finally:
        shell.display_pub.publish = original
    return published


def test_glue_writes_what_myst_nb_writes():
    from myst_nb import glue as myst_glue

    ours = captured_display(glue, "share", 68.2)
    theirs = captured_display(myst_glue, "share", 68.2, display=False)
    assert ours == theirs
    data, metadata = ours[0]
    prefix = "application/papermill.record/"
    assert metadata["scrapbook"] == {"name": "share", "mime_prefix": prefix}
    assert data["application/papermill.record/text/plain"] == "68.2"


def test_check_notebooks_flags_unexecuted_and_error_notebooks(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    assert any("no stored outputs" in p for p in check_notebooks.problems(path))

    nb.cells[0].execution_count = 1
    nb.cells[0].outputs = [nbformat.v4.new_output("error", ename="E", evalue="v", traceback=[])]
    nbformat.write(nb, path)
    assert any("error output" in p for p in check_notebooks.problems(path))


def test_every_chapter_notebook_is_stored_executed_without_errors():
    notebooks = sorted((ROOT / "chapters").rglob("*.ipynb"))
    assert notebooks, "the book has notebooks"
    bad = {str(p.relative_to(ROOT)): check_notebooks.problems(p) for p in notebooks}
    assert {k: v for k, v in bad.items() if v} == {}


def test_notebook_imports_stay_lean():
    # jsonschema imports rfc3987-syntax when it is installed, which compiles a
    # grammar and adds seconds to every notebook's 'import altair'
    # (requirements.txt explains why it is left out).
    import subprocess

    code = "import sys, aigovbook, aigovbook.charts; print('rfc3987_syntax' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_books_sphinx_extensions_do_not_import_altair():
    """Every build process loads the extensions (aigovbook.book.EXTENSIONS) and
    the chart-file queue; they find charts by their markup (chartmarkup.py)
    and need no Altair, whose import costs each build about 0.3 CPU-s. Read
    from their source, imports inside functions included."""
    import ast
    import importlib
    import importlib.util
    from pathlib import Path

    from aigovbook.book import EXTENSIONS

    altair_modules = {"altair", "aigovbook.charts", "aigovbook.book.chartrender"}
    found = {}
    for name in [*EXTENSIONS, "aigovbook.book.chartfiles"]:
        module = importlib.import_module(name)
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = importlib.util.resolve_name(
                    "." * node.level + (node.module or ""), module.__package__
                )
                targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
            else:
                continue
            hits = [
                t for t in targets if any(t == m or t.startswith(m + ".") for m in altair_modules)
            ]
            if hits:
                found.setdefault(name, []).extend(hits)
    assert found == {}
