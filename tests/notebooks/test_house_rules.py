"""House rules for the chapter notebooks: code a student reads at a glance.

At most 80 lines of code per notebook and 15 per cell, no line over 100
characters, no plumbing (functions, copied data facts) in a notebook.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "chapters").rglob("*.ipynb"))
MAX_CODE_LINES, MAX_CELL_LINES = 80, 15
MAX_LINE_LENGTH = 100  # as [tool.ruff] line-length; nbqa checks E501 with it too

#: A cell tagged so may define a function: the text around it teaches that function.
TEACHES_A_FUNCTION = "teaches-function"


def _code_lines(source: str) -> int:
    return sum(
        1 for line in source.splitlines() if line.strip() and not line.strip().startswith("#")
    )


def _code_cells(path: Path, *, with_tags: bool = False):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    if with_tags:
        return [("".join(c["source"]), c.get("metadata", {}).get("tags", [])) for c in code]
    return ["".join(c["source"]) for c in code]


def test_the_rules_see_the_notebooks():
    assert len(NOTEBOOKS) >= 15


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_code_is_short(path):
    """House style: at most 80 lines of code per notebook and 15 per cell,
    counting every cell (hidden or removed), without blank or comment lines."""
    cells = [_code_lines(source) for source in _code_cells(path)]
    assert sum(cells) <= MAX_CODE_LINES, f"{sum(cells)} lines of code"
    assert max(cells, default=0) <= MAX_CELL_LINES, f"a cell has {max(cells)} lines"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_code_lines_are_at_most_100_characters(path):
    """The caps above are not met with long lines: no code line over 100 characters."""
    long = [
        f"code cell {n}: {len(line)} characters: {line[:60]}..."
        for n, source in enumerate(_code_cells(path))
        for line in source.splitlines()
        if len(line) > MAX_LINE_LENGTH
    ]
    assert long == []


def test_nbqa_checks_line_length_in_notebooks():
    """The authoring hook keeps E501 on for notebooks, so an author sees the rule on commit."""
    import yaml

    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert "E501" not in hooks["nbqa-ruff"]["entry"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_defines_no_plumbing(path):
    """No functions (unless the cell is tagged ``teaches-function``: the text
    teaches it) and no copies of data facts in notebooks."""
    for source, tags in _code_cells(path, with_tags=True):
        if TEACHES_A_FUNCTION not in tags:
            assert "\ndef " not in "\n" + source, "a notebook defines a function"
        assert '"UNESCO_AI", "SC42"' not in source, "the partially recorded forums are typed in"
        assert "SHORT = {" not in source, "forum labels are typed in"
        # The article's date is one fact: aigovbook.membership.ARTICLE_DATE, not a copy.
        assert "ARTICLE_DATE = " not in source, "the article's date is typed in"
