"""The nbgrader round trip, offline, in a temporary course directory.

The committed source notebooks (``source/part<N>/``, generated from
``data/exercises.yaml``) go through ``nbgrader generate_assignment``; the
released notebooks must hold no solution code and no hidden test. Then
``nbgrader autograde`` grades three students and ``nbgrader export`` reads the
scores back as CSV:

- ``solver`` submits the source notebooks (the model solutions): full marks in
  every part;
- ``blank`` submits the released part 2 untouched: zero;
- ``half`` submits parts 2 and 4 with some exercises solved, one answered with
  a well-formed but wrong value (it passes the visible test and fails the
  hidden one) and one left untouched: exactly the points of the solved ones.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aigovbook.exercises.code import code_exercise, code_exercises
from tools import code_exercises as pages
from tools.book import ROOT

BIN = Path(sys.executable).parent
STUB = "raise NotImplementedError()"

# part -> {exercise id: what the "half" student writes in place of the stub}
# ("solve": the model solution; "stub": left untouched; other text: that code)
HALF = {
    2: {
        "C2.1": "solve",
        # the two measures' columns swapped: well formed, wrong
        "C2.2": "solve+table = table.rename(columns={'displaced_workers': 'occupation_switchers', "
        "'occupation_switchers': 'displaced_workers'})",
        "C2.3": "solve",
    },
    4: {
        # the list on the wrong date: well formed, wrong
        "C4.1": 'china_2021 = aigovbook.forums_of("CHN", "2026-01-01")',
        "C4.2": "solve",
    },
}
BLANK_PART = 2


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("AIGOVBOOK_EDITION", None)
    result = subprocess.run(
        [str(BIN / "nbgrader"), *args],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def _answer_cell(nb: dict, item) -> dict:
    return next(
        c
        for c in nb["cells"]
        if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == f"{item.slug}_answer"
    )


def half_right(release: dict, part: int) -> tuple[dict, float]:
    """A released notebook filled in as HALF says; returns it and its expected score."""
    nb = json.loads(json.dumps(release))
    score = 0.0
    for item in code_exercises(part):
        plan = HALF[part][item.id]
        cell = _answer_cell(nb, item)
        source = "".join(cell["source"])
        assert STUB in source
        if plan == "stub":
            continue
        if plan.startswith("solve"):
            code = item.solution.strip() + ("\n" + plan[6:] if "+" in plan else "")
            if plan == "solve":
                score += item.points
        else:
            code = plan
        cell["source"] = source.replace("# YOUR CODE HERE\n" + STUB, code)
    return nb, score


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """Generate every assignment, submit, autograde, export; returns the course and timings."""
    start = time.perf_counter()
    course = tmp_path_factory.mktemp("course")
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "source", course / "source")
    parts = pages.parts()
    nbgrader(course, "generate_assignment", "part*", "--force")  # every part at once
    generated = time.perf_counter()

    def submit(student: str, part: int, nb: dict) -> None:
        folder = course / "submitted" / student / f"part{part}"
        folder.mkdir(parents=True)
        (folder / f"part{part}.ipynb").write_text(json.dumps(nb), encoding="utf-8")

    expected = {}
    for part in parts:
        source = json.loads(pages.source_path(part).read_text(encoding="utf-8"))
        submit("solver", part, source)
        expected[("solver", part)] = float(sum(i.points for i in code_exercises(part)))
    release = lambda part: json.loads(  # noqa: E731
        (course / "release" / f"part{part}" / f"part{part}.ipynb").read_text(encoding="utf-8")
    )
    submit("blank", BLANK_PART, release(BLANK_PART))
    expected[("blank", BLANK_PART)] = 0.0
    for part in HALF:
        nb, score = half_right(release(part), part)
        submit("half", part, nb)
        expected[("half", part)] = score
    nbgrader(course, "autograde", "part*", "--force")
    graded = time.perf_counter()
    nbgrader(course, "export", "--to", str(course / "grades.csv"))
    done = time.perf_counter()
    print(
        f"\nnbgrader round trip: generate {generated - start:.1f} s, "
        f"autograde {graded - generated:.1f} s, export {done - graded:.1f} s"
    )
    return course, expected


def test_release_has_no_solution_code_and_no_hidden_tests(course):
    course, _ = course
    for part in pages.parts():
        text = (course / "release" / f"part{part}" / f"part{part}.ipynb").read_text("utf-8")
        nb = json.loads(text)
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "matches("):
            assert marker not in text, (part, marker)
        given = "\n".join(i.setup for i in code_exercises(part))  # code students are given
        for item in code_exercises(part):
            assert STUB in "".join(_answer_cell(nb, item)["source"])
            for line in item.solution.strip().splitlines():
                if len(line.strip()) > 20 and line.strip() not in given:
                    assert json.dumps(line.strip())[1:-1] not in text, (item.id, line)
            visible = f'check("{item.id}", {item.answer})'
            assert json.dumps(visible)[1:-1] in text  # the visible test stays


def test_autograde_scores_read_back_from_the_csv_export(course):
    course, expected = course
    with (course / "grades.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    got = {
        (r["student_id"], int(r["assignment"].removeprefix("part"))): float(r["raw_score"])
        for r in rows
        if r["timestamp"] or r["raw_score"]
    }
    maxima = {int(r["assignment"].removeprefix("part")): float(r["max_score"]) for r in rows}
    for part, maximum in maxima.items():
        assert maximum == sum(i.points for i in code_exercises(part))
    for key, score in expected.items():
        assert got.get(key) == score, (key, got.get(key), score)
    # the half-right submissions really are partial
    for part in HALF:
        assert 0 < expected[("half", part)] < maxima[part]


def test_the_wrong_answers_get_the_checkers_feedback(course):
    """A well-formed wrong answer passes the visible test, fails the hidden one, and the
    autograded notebook tells the student why."""
    course, _ = course
    graded = (course / "autograded" / "half" / "part4" / "part4.ipynb").read_text("utf-8")
    assert "China's list on 1 January 2026" in graded
    graded = (course / "autograded" / "half" / "part2" / "part2.ipynb").read_text("utf-8")
    assert "values are swapped" in graded
    assert code_exercise("C2.2").points > 0
