"""``./dev grade``: answer files in, gradebook, question statistics and report out."""

from __future__ import annotations

import csv
import json

import pytest

from aigovbook.exercises import MultipleChoice, MultipleSelect, Numeric, entries, entry
from aigovbook.exercises.grading import SCHEMA, main, state_of
from aigovbook.exercises.static import book_version


def _right(exercise):
    if isinstance(exercise, MultipleChoice):
        return exercise.answer
    if isinstance(exercise, MultipleSelect):
        return sorted(exercise.answer)
    if isinstance(exercise, Numeric):
        return f"{exercise.answer:.2f}"
    if hasattr(exercise, "categories"):
        return dict(exercise.answer)
    return {o.key: i for i, o in enumerate(exercise.options, start=1)}


def _record(item, answer, params=None):
    exercise = item.build(**(params or {}))
    f = exercise.safe_check(answer)
    return {"params": params or {}, "answer": answer, "state": state_of(f), "score": f.score}


def _file(path, answers, **fields):
    data = {"schema": SCHEMA, "book_version": book_version(), "name": "", "student_id": ""}
    data.update(fields)
    data["answers"] = answers
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.fixture
def submissions(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    items = entries()
    all_right = {i.id: _record(i, _right(i.build())) for i in items}
    _file(folder / "ana.json", all_right, name="Ana", student_id="s1")
    q42 = entry("Q4.2")
    usa = {"member": "USA", "date": "2019-12-31"}
    wrong = {
        "Q1.2": _record(
            entry("Q1.2"),
            next(
                o.key
                for o in entry("Q1.2").build().options
                if o.key != entry("Q1.2").build().answer
            ),
        ),
        "Q4.2": _record(q42, ["G7"], usa),
    }
    _file(folder / "ben.json", wrong, name="Ben")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    _file(folder / "old.json", {}, book_version="0.0.1+deadbeef00", name="Old")
    _file(folder / "unknown.json", {"Q9.9": {"answer": "x"}}, name="Uma")
    _file(folder / "zz-again.json", {}, student_id="s1")  # Ana a second time
    edited = dict(wrong)
    edited["Q1.2"] = {**wrong["Q1.2"], "score": 1.0}
    _file(folder / "edited.json", edited, name="Eve")
    (folder / "notes.txt").write_text("hello", encoding="utf-8")
    return folder


def test_grade_writes_gradebook_questions_and_report(submissions, tmp_path, capsys):
    out = tmp_path / "out"
    assert main([str(submissions), "--out", str(out)]) == 0
    said = capsys.readouterr().out
    for name, reason in [
        ("broken.json", "not JSON"),
        ("old.json", "book version"),
        ("unknown.json", "unknown question id"),
        ("zz-again.json", "already handed in"),
        ("edited.json", "edited"),
        ("notes.txt", "not JSON"),
    ]:
        assert any(
            line.startswith(f"skipped {name}: ") and reason in line for line in said.splitlines()
        ), (
            name,
            said,
        )
    assert "graded 2 of 8" in said
    rows = list(csv.DictReader((out / "gradebook.csv").open(encoding="utf-8")))
    assert [r["student"] for r in rows] == ["s1", "Ben"]
    ids = [e.id for e in entries()]
    assert float(rows[0]["total"]) == len(ids)  # every answer right, recomputed
    assert all(rows[0][i] == "1" for i in ids)
    assert rows[1]["Q1.2"] == "0" and rows[1]["Q1.1"] == ""
    assert float(rows[1]["Q4.2"]) < 1
    questions = {r["id"]: r for r in csv.DictReader((out / "questions.csv").open(encoding="utf-8"))}
    assert questions["Q1.2"]["share_correct"] == "0.50" and questions["Q1.2"]["answered"] == "2"
    assert "[USA, 2019-12-31]" in questions["Q4.2"]["common_wrong_answers"]
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "<svg" in report and "<desc" in report and "<script" not in report
    assert "http://" not in report.replace("http://www.w3.org", "") and "https://" not in report


def test_scores_in_a_file_are_never_trusted(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    item = entry("Q1.2")
    wrong = next(o.key for o in item.build().options if o.key != item.build().answer)
    # no recorded score at all: graded from the answer alone
    _file(folder / "a.json", {"Q1.2": {"answer": wrong}}, student_id="a")
    assert main([str(folder), "--out", str(tmp_path / "out")]) == 0
    rows = list(csv.DictReader((tmp_path / "out" / "gradebook.csv").open(encoding="utf-8")))
    assert rows[0]["Q1.2"] == "0"


def test_nothing_graded_is_exit_1_and_usage_errors_are_2(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x.json").write_text("[]", encoding="utf-8")
    assert main([str(folder), "--out", str(tmp_path / "out")]) == 1
    assert "skipped x.json: not a book answer file" in capsys.readouterr().out
    assert main([str(tmp_path / "missing"), "--out", str(tmp_path / "out")]) == 2
