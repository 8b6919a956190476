"""The generated code-exercise pages and nbgrader sources (tools.code_exercises)."""

from __future__ import annotations

import json

import pytest

from aigovbook.exercises.code import code_exercises
from tools import code_exercises as pages
from tools.book import ROOT


def test_committed_code_exercise_pages_and_nbgrader_sources_are_current():
    assert pages.stale() == []


def test_code_exercise_pages_follow_the_page_that_teaches_them():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8").splitlines()
    files = [line.split("file:")[1].strip() for line in toc if "file:" in line]
    for part in pages.parts():
        page = str(pages.book_path(part).relative_to(ROOT).with_suffix(""))
        teaching = {i.page for i in code_exercises(part)}
        assert files[files.index(page) - 1] in teaching, (page, teaching)


@pytest.mark.parametrize("part", pages.parts())
def test_student_view_of_a_code_exercise_page_has_no_solution(part):
    """Stripped as the student edition strips: no solution code, no solution check."""
    from tools import student_edition as se

    nb = json.loads(pages.book_path(part).read_text(encoding="utf-8"))
    text = json.dumps(nb)
    stripped = json.dumps(se.strip_notebook(nb))
    given = "\n".join(i.starter_code() for i in code_exercises(part))
    for item in code_exercises(part):
        for line in item.solution.strip().splitlines():
            if len(line.strip()) > 25 and line.strip() not in given:
                assert json.dumps(line.strip())[1:-1] in text  # the instructor view has it
                assert json.dumps(line.strip())[1:-1] not in stripped, (item.id, line)
        assert f"{item.id}: correct." in text  # the instructor's note on the solution
        assert f"{item.id}: correct." not in stripped
        assert f"{item.id}: not answered yet." in stripped  # what the student sees
    assert "{solution" not in stripped
