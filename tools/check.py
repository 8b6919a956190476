"""The edit loop's fast tier: unit, data and prose tests, and the changed notebooks.

Usage: ``python -m tools.check [--base REF] [extra pytest args]`` (``./dev check``).

Runs, in one pytest session, every test in ``tests/`` that needs neither a
build, a browser nor a Binder environment, plus nbval (strict, as in the full
suite) on the notebooks changed since the branch left ``main``: committed,
staged, unstaged or new (``git diff`` against the merge base with ``main``).
When no notebook changed, no notebook runs. ``./dev test`` runs everything.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from tools.book import ROOT, chapter_notebooks, relative

FAST = "not build and not browser and not binder"


def _git(*args: str) -> str | None:
    proc = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    return proc.stdout if proc.returncode == 0 else None


def merge_base(base: str | None = None) -> str | None:
    """The commit where this branch left ``base`` (default ``main``, then ``origin/main``)."""
    for ref in [base] if base else ["main", "origin/main"]:
        found = _git("merge-base", "HEAD", ref)
        if found:
            return found.strip()
    return None


def changed_notebooks(base: str | None = None) -> list[Path]:
    """Book notebooks that differ from the merge base, or are new and untracked."""
    since = merge_base(base)
    if since is None:
        raise SystemExit(f"check: no branch {base or 'main'} to compare with (use --base REF)")
    names = (_git("diff", "--name-only", since, "--") or "").split("\n")
    names += (_git("ls-files", "--others", "--exclude-standard") or "").split("\n")
    changed = {(ROOT / n).resolve() for n in names if n.endswith(".ipynb")}
    return [p for p in chapter_notebooks() if p.resolve() in changed]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", help="compare notebooks with this branch (default: main)")
    args, extra = parser.parse_known_args(argv)
    notebooks = changed_notebooks(args.base)
    shown = ", ".join(relative(p) for p in notebooks) or "none"
    print(f"check: fast tests + nbval of the notebooks changed since main: {shown}", flush=True)
    command = [sys.executable, "-m", "pytest", "-m", FAST, "tests", *map(str, notebooks), *extra]
    return subprocess.run(command, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main())
