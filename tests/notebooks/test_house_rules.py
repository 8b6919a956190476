"""House rules for the chapter notebooks: code a student reads at a glance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "chapters").rglob("*.ipynb"))
MAX_LINE_LENGTH = 100  # as [tool.ruff] line-length; nbqa checks E501 with it too


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_code_lines_are_at_most_100_characters(path):
    """Short cells are not met with long lines: no code line over 100 characters."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    long = [
        f"cell {n}: {len(line)} characters: {line[:60]}..."
        for n, cell in enumerate(cells)
        if cell["cell_type"] == "code"
        for line in "".join(cell["source"]).splitlines()
        if len(line) > MAX_LINE_LENGTH
    ]
    assert long == []


def test_the_rule_sees_the_notebooks():
    assert len(NOTEBOOKS) >= 15


def test_nbqa_checks_line_length_in_notebooks():
    """The authoring hook keeps E501 on for notebooks, so an author sees the rule on commit."""
    import yaml

    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert "E501" not in hooks["nbqa-ruff"]["entry"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_take_the_article_date_from_the_package(path):
    """The article's date is one fact: aigovbook.membership.ARTICLE_DATE, not a copy."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    sources = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    assert not any("ARTICLE_DATE = " in source for source in sources)
