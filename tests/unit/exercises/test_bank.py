"""The exercise bank (aigovbook.exercises.bank), validation, loading, building, the catalogue."""

from __future__ import annotations

import copy

import pytest

from aigovbook.exercises import (
    BankError,
    Classification,
    MultipleChoice,
    MultipleSelect,
    Numeric,
    Ordering,
    build,
    entry,
    load_bank,
    validate_bank,
)
from aigovbook.exercises.bank import BANK_PATH, catalogue

from .bank_cases import ENTRIES, IDS, all_builds


def right_answer(exercise):
    """The answer a student would give to be right, in the kind's input form."""
    if isinstance(exercise, MultipleChoice):
        return exercise.answer
    if isinstance(exercise, MultipleSelect):
        return sorted(exercise.answer)
    if isinstance(exercise, Numeric):
        return exercise.answer
    if isinstance(exercise, Ordering):
        return list(exercise.answer)
    if isinstance(exercise, Classification):
        return dict(exercise.answer)
    raise AssertionError(exercise)


def _bad(**change):
    spec = copy.deepcopy(load_bank()[1])  # Q1.2, a typed multiple-choice question
    spec.update(change)
    return spec


def test_bank_is_valid_and_covers_every_chapter():
    specs = load_bank()
    assert len(specs) == len(set(IDS)) == len(IDS)
    per_chapter = {n: sum(1 for e in ENTRIES if e.spec["chapter"] == n) for n in (1, 2, 3, 4)}
    assert all(per_chapter[n] >= 2 for n in (1, 2, 3)), per_chapter
    assert per_chapter[4] >= 6, per_chapter
    kinds = {e.spec["kind"] for e in ENTRIES}
    assert kinds == {"multiple_choice", "multiple_select", "numeric", "ordering", "classification"}


@pytest.mark.parametrize(
    "specs, words",
    [
        ([_bad(), _bad()], "duplicate id"),
        ([_bad(kind="essay")], "unknown kind"),
        ([_bad(answer="nope")], "not among the options"),
        ([_bad(difficulty="brutal")], "difficulty"),
        ([_bad(id="4.1")], "id must look like"),
        ([_bad(id="Q3.9")], "does not match chapter"),
        ([_bad(explanation="Too short.")], "shorter than"),
        (
            [_bad(answer_from={"function": "forums_of", "member": "CHN", "date": "2021-12-31"})],
            "not both",
        ),
        ([{k: v for k, v in _bad().items() if k != "objective"}], "missing 'objective'"),
        ([{k: v for k, v in _bad().items() if k != "answer"}], "no 'answer'"),
        ([_bad(options=["a", "a"], answer="a")], "duplicate option keys"),
        ([_bad(kind="numeric", answer="many", options=[])], "must be a number"),
        ([_bad(kind="numeric", answer=3, options=[], tolerance=-1)], "must not be negative"),
        ([_bad(kind="multiple_select", answer=["striving", "zzz"])], "not among the options"),
        ([_bad(kind="classification", categories=["x"], answer={"striving": "x"})], "exactly once"),
        (
            [
                _bad(
                    kind="classification",
                    categories=["x"],
                    answer={k: "y" for k in ["low_profile", "striving", "g2", "five_principles"]},
                )
            ],
            "not in 'categories'",
        ),
        (
            [
                {k: v for k, v in _bad().items() if k != "answer"}
                | {"answer_from": {"function": "guess"}}
            ],
            "answer_from.function",
        ),
        ([_bad(params={"member": {"label": "Country"}})], "needs 'choices'"),
        (["not a mapping"], "not a mapping"),
    ],
)
def test_validation_names_the_problem(specs, words):
    problems = validate_bank(specs)
    assert any(words in p for p in problems), problems


def test_load_bank_raises_with_every_problem(tmp_path):
    bad = tmp_path / "bank.yaml"
    bad.write_text("exercises:\n  - {id: Q1.1, kind: essay}\n", encoding="utf-8")
    with pytest.raises(BankError, match="unknown kind"):
        load_bank(bad)


def test_unknown_ids_and_parameters_are_explained():
    with pytest.raises(KeyError, match="Known ids"):
        entry("Q9.9")
    assert entry("4.1").id == "Q4.1"  # the "Q" may be left out
    with pytest.raises(BankError, match="not one of"):
        entry("Q4.2").build(member="CHN")  # not offered: China is the subject of Q4.1
    with pytest.raises(BankError, match="unknown parameter"):
        entry("Q4.1").build(colour="red")


@pytest.mark.parametrize(
    "item, combo, exercise",
    list(all_builds()),
    ids=lambda v: getattr(v, "id", None) or (",".join(v.values()) if isinstance(v, dict) else None),
)
def test_every_exercise_accepts_its_answer_and_rejects_a_wrong_one(item, combo, exercise):
    good = exercise.check(right_answer(exercise))
    assert good.valid and good.correct, good
    assert exercise.explanation and exercise.explanation not in exercise.prompt
    assert (
        "{" not in exercise.prompt + exercise.explanation + exercise.hint
    )  # every placeholder filled
    if isinstance(exercise, (MultipleChoice, MultipleSelect, Classification, Ordering)):
        assert len(exercise.options) >= 3
    if isinstance(exercise, MultipleChoice):
        wrong = next(o.key for o in exercise.options if o.key != exercise.answer)
        assert not exercise.check(wrong).correct
        assert set(exercise.why) <= {o.key for o in exercise.options}
    if isinstance(exercise, Ordering):
        assert not exercise.check(list(reversed(exercise.answer))).correct
    if isinstance(exercise, Classification):
        assert set(exercise.answer) == {o.key for o in exercise.options}
        assert set(exercise.answer.values()) <= set(exercise.categories)
        assert len(set(exercise.answer.values())) >= 2  # more than one category is used
    if isinstance(exercise, Numeric):
        for value, _tol, _message in exercise.mistakes:
            assert abs(value - exercise.answer) > exercise.tolerance, (
                "a listed mistake counts as right"
            )


def test_catalogue_lists_every_exercise():
    table = catalogue()
    assert list(table["id"]) == IDS
    assert set(table.columns) >= {"id", "kind", "difficulty", "objective", "minutes"}


def test_build_works_on_a_copy_of_the_spec():
    spec = copy.deepcopy(load_bank(BANK_PATH)[0])
    first = build(spec)
    assert spec == load_bank(BANK_PATH)[0]  # building does not mutate the bank
    assert first.answer == build(spec).answer


def test_one_loader_parses_the_bank_file_once_for_questions_and_code_exercises(monkeypatch):
    import yaml

    from aigovbook.exercises import bank
    from aigovbook.exercises.code import code_exercises

    parsed = []
    real = yaml.safe_load
    monkeypatch.setattr(yaml, "safe_load", lambda stream: parsed.append(1) or real(stream))
    bank._parse.cache_clear()
    bank._RESOLVED.clear()  # the resolved bank is cached too
    for _ in range(2):
        load_bank()
        code_exercises()
    assert len(parsed) == 1


def test_an_edited_bank_file_is_read_again(tmp_path):
    import os

    path = tmp_path / "exercises.yaml"
    text = BANK_PATH.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    first = copy.deepcopy(load_bank(path))
    assert "difficulty: easy" in text
    path.write_text(text.replace("difficulty: easy", "difficulty: hard", 1), encoding="utf-8")
    later = path.stat().st_mtime_ns + 2_000_000_000  # a later edit, even on a coarse clock
    os.utime(path, ns=(later, later))
    again = load_bank(path)
    assert again != first
    assert [s["difficulty"] for s in again].count("hard") == 1 + [
        s["difficulty"] for s in first
    ].count("hard")
