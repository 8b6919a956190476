"""tools/jupyterbook.py: Jupyter Book's command line as tools.build runs it."""

from __future__ import annotations

import subprocess
import sys

from tools.book import ROOT


def test_it_is_jupyter_books_command_line_with_fewer_collections():
    probe = (
        "import gc, sys, tools.jupyterbook as jb; "
        "sys.argv = ['x', '--version']\n"
        "try:\n    jb.main()\nexcept SystemExit as e:\n    code = e.code\n"
        "print(gc.get_threshold() == jb.THRESHOLDS, gc.get_freeze_count() > 10_000, code)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert "Jupyter Book" in out.stdout and lines[-1] == "True True 0", out.stdout
