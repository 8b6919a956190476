"""Code-exercise definitions (aigovbook.exercises.code.definitions) and checking (.verdict)."""

from __future__ import annotations

import pytest
import yaml

import aigovbook
from aigovbook.exercises import code as exercises_code
from aigovbook.exercises import entries
from aigovbook.exercises.code import check, code_exercise, code_exercises, expected
from tools.book import ROOT

from .answers import run


def test_at_least_two_code_exercises_per_part_and_eight_in_all():
    items = code_exercises()
    assert len(items) >= 8
    for part in (1, 2, 3, 4, 5):
        assert len(code_exercises(part)) >= 2, part
    assert {i.checker for i in items} == set(exercises_code.CHECKERS)  # every checker is used


def test_the_question_bank_ignores_the_code_section():
    raw = yaml.safe_load((ROOT / "data" / "exercises.yaml").read_text(encoding="utf-8"))
    assert [s["id"] for s in raw["code_exercises"]] == [i.id for i in code_exercises()]
    assert not any(e.id.startswith("C") for e in entries())


@pytest.mark.parametrize("item", code_exercises(), ids=lambda i: i.id)
def test_solution_is_correct_and_starter_is_unanswered(item):
    solved = run(item.solution_code())[item.answer]
    assert check(item.id, solved).correct, check(item.id, solved)
    started = run(item.starter_code())[item.answer]
    feedback = check(item.id, started)
    assert feedback.status == "unanswered"
    assert f"`{item.answer}` is still `...`" in str(feedback)
    assert item.mistakes  # documented for the instructors' table


def test_validation_names_each_problem(tmp_path):
    good = yaml.safe_load((ROOT / "data" / "exercises.yaml").read_text(encoding="utf-8"))
    specs = good["code_exercises"]
    assert exercises_code.validate(specs) == []
    broken = [dict(s) for s in specs[:3]]
    broken[0]["id"] = "C9.1"
    broken[1]["checker"] = "nope"
    broken[2]["solution"] = "x = 1"
    del broken[2]["points"]
    problems = exercises_code.validate(broken + [dict(specs[1])])
    assert "C9.1: id does not match part 1" in problems
    assert any("unknown checker 'nope'" in p for p in problems)
    assert any("the solution does not assign 'share'" in p for p in problems)
    assert any("missing 'points'" in p for p in problems)
    assert any("duplicate id" in p for p in problems)
    path = tmp_path / "bank.yaml"
    path.write_text(yaml.safe_dump({"exercises": [], "code_exercises": broken}), "utf-8")
    with pytest.raises(exercises_code.CodeExerciseError, match="unknown checker"):
        exercises_code.load_code_exercises(path)
    with pytest.raises(KeyError, match="Known ids: C1.1"):
        code_exercise("C7.7")


def test_expected_answers_come_from_the_data_not_from_typed_values():
    gain = aigovbook.load("figures").query("row_type == 'source_figure' and measure == 'gdp_gain'")
    gain = gain.set_index("region")["value"]
    assert expected("C2.1") == pytest.approx(
        100 * (gain["China"] + gain["North America"]) / gain["World"]
    )
    assert expected("C4.1") == aigovbook.forums_of("CHN", "2021-12-31")
    assert list(expected("C4.2")) == [
        len(aigovbook.members_on("GPAI", f"{y}-12-31")) for y in range(2020, 2025)
    ]
    table = aigovbook.load("events")
    confirmed = table[table["status"] != "RECALLED"]
    summits = confirmed[confirmed["kind"] == "summit"].sort_values("date")
    assert list(expected("C5.1")["title"]) == list(summits["title"])
    assert expected("C5.2").to_dict() == confirmed["china_role"].value_counts().to_dict()
    # nothing a code exercise grades rests on a RECALLED fact
    memberships = aigovbook.load("memberships")
    assert not (memberships.query("forum == 'GPAI'")["status"] == "RECALLED").any()
    figures = aigovbook.load("figures")
    used = figures[figures["measure"].isin(["gdp_gain", *exercises_code.MCKINSEY])]
    assert not (used.query("row_type == 'source_figure'")["status"] == "RECALLED").any()


def test_a_broken_answer_never_raises():
    class Weird:
        def __len__(self):
            raise RuntimeError("boom")

    for item in code_exercises():
        feedback = check(item.id, Weird())
        assert feedback.status == "invalid", (item.id, feedback)
