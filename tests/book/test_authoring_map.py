"""The authors' page names only paths that exist (chapters/authoring.md)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "chapters" / "authoring.md"
# Folders of the repository's sources; a path under any other first folder
# (_build/, _static/ in the built site, text/html ...) is not a source path.
SOURCES = {"aigovbook", "chapters", "data", "tools", "tests", "benchmarks", "binder",
           "source", "_widgets", "_templates", ".ci", ".github"}  # fmt: skip
CODE = re.compile(r"`([^`\s]+)`")


def named_paths(text: str) -> list[str]:
    """Every code span that is a path under one of the source folders."""
    return [
        span.rstrip("/")
        for span in CODE.findall(text)
        if "/" in span and span.split("/")[0] in SOURCES
    ]


def exists(path: str) -> bool:
    """``<part>`` stands for any one folder or file name."""
    pattern = re.sub(r"<[^>/]+>", "*", path)
    return any(ROOT.glob(pattern)) if "*" in pattern else (ROOT / pattern).exists()


def test_the_map_names_the_folders_of_the_package():
    paths = named_paths(PAGE.read_text(encoding="utf-8"))
    for folder in ("aigovbook/charts/part2.py", "aigovbook/book/", "aigovbook/exercises/quiz/"):
        assert folder.rstrip("/") in paths, folder


def test_every_path_the_authors_page_names_exists():
    missing = [p for p in named_paths(PAGE.read_text(encoding="utf-8")) if not exists(p)]
    assert missing == []


def test_a_missing_path_is_found():
    assert named_paths("see `aigovbook/charts.py` and `text/html`") == ["aigovbook/charts.py"]
    assert not exists("aigovbook/charts.py")  # the module before the move
    assert exists("chapters/<part>/index.md")
