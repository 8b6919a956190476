"""The import rules of the repository's code, and the tools' shared settings.

- ``tools/`` is one package whose modules import each other without a cycle;
- no file changes ``sys.path`` (tests import ``tools`` because pytest puts the
  repository root on the path: ``pythonpath`` in pyproject.toml);
- the benchmark imports nothing from ``tests/``;
- one cell timeout, ``execute.timeout`` in ``_config.yml``, for every executor.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

from tools.book import ROOT, execution_timeout, notebooks, toc_files

SKIP = {".git", ".venv", "node_modules", "_build", "__pycache__", ".pytest_cache"}


def python_files() -> list[Path]:
    found = []
    for path in ROOT.rglob("*.py"):
        if not SKIP & set(path.relative_to(ROOT).parts):
            found.append(path)
    return sorted(found)


def imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_no_file_changes_sys_path():
    pattern = re.compile(r"sys\.path\.(insert|append|extend)|sys\.path\s*[+=]")
    offenders = [
        str(p.relative_to(ROOT))
        for p in python_files()
        if pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_benchmark_imports_nothing_from_the_tests():
    for path in (ROOT / "benchmarks").glob("*.py"):
        found = {
            name
            for name in imports(path)
            if name.split(".")[0] in {"tests", "conftest", "browserkit"}
        }
        assert found == set(), path


def test_tools_is_a_package_without_import_cycles():
    modules = {p.stem: p for p in (ROOT / "tools").glob("*.py") if p.stem != "__init__"}
    assert (ROOT / "tools" / "__init__.py").is_file()
    graph = {
        name: {other for other in modules if other != name and f"tools.{other}" in imports(path)}
        for name, path in modules.items()
    }
    assert graph["build"] and "build" not in graph["execute"]  # the old cycle is gone

    def reaches(start: str, goal: str, seen: frozenset = frozenset()) -> bool:
        return any(
            nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt}))
            for nxt in graph[start]
        )

    assert [name for name in modules if reaches(name, name)] == []


def test_one_timeout_for_the_build_the_executors_and_nbval(request):
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert execution_timeout() == config["execute"]["timeout"]
    assert request.config.option.nbval_cell_timeout == execution_timeout()


def test_one_executor():
    """Only tools/execute.py drives notebooks (nbclient, jupyter-cache executors)."""
    drivers = ("nbclient", "jupyter_cache.executors", "nbconvert.preprocessors")
    users = [
        str(p.relative_to(ROOT))
        for p in python_files()
        if any(name.startswith(drivers) for name in imports(p))
    ]
    assert users == ["tools/execute.py"]


def test_one_notebook_list():
    listed = [ROOT / f"{f}.ipynb" for f in toc_files()]
    assert notebooks() == [p for p in listed if p.is_file()]
    assert notebooks(), "the book has notebooks"
