"""The one Feedback (aigovbook.exercises.feedback) for quiz questions and code exercises."""

from __future__ import annotations

import pytest

import aigovbook.exercises as exercises
import aigovbook.practice as old_name
from aigovbook.exercises import code, quiz
from aigovbook.exercises.feedback import Feedback, ItemFeedback


def test_one_feedback_class_for_every_kind_of_exercise():
    assert code.Feedback is exercises.Feedback is quiz.Feedback is Feedback
    assert old_name.Feedback is Feedback  # notebooks saved before the rename
    assert type(code.check("C2.1", ...)) is type(exercises.entry("Q1.2").build().check(""))


def test_a_code_exercise_prints_its_id_status_and_one_line_per_mistake():
    feedback = Feedback.of_code("C2.1", "incorrect", ["wrong column", "wrong sort"])
    assert str(feedback) == repr(feedback) == "C2.1: not yet right.\n- wrong column\n- wrong sort"
    assert str(Feedback.of_code("C1.1", "correct")) == "C1.1: correct."
    assert str(Feedback.of_code("C1.1", "invalid")).startswith(
        "C1.1: this is not the kind of answer expected."
    )
    assert str(Feedback.of_code("C1.1", "unanswered")) == "C1.1: not answered yet."


@pytest.mark.parametrize(
    ("status", "correct", "well_formed"),
    [
        ("correct", True, True),
        ("incorrect", False, True),
        ("invalid", False, False),
        ("unanswered", False, False),
    ],
)
def test_code_statuses_keep_their_meaning(status, correct, well_formed):
    feedback = Feedback.of_code("C3.1", status, ("a message",))
    assert feedback.status == status
    assert feedback.correct is correct
    assert feedback.well_formed is well_formed
    assert feedback.messages == ("a message",)
    assert feedback.exercise == "C3.1"


def test_an_unknown_code_status_is_refused():
    with pytest.raises(ValueError, match="unknown status 'maybe'"):
        Feedback.of_code("C3.1", "maybe")


def test_a_quiz_feedback_shows_the_same_fields_as_before():
    item = ItemFeedback("G20", "G20", True)
    feedback = Feedback(correct=False, message="1 of 2", items=(item,), hint="h", score=0.5)
    assert repr(feedback) == (
        "Feedback(correct=False, message='1 of 2', items=(ItemFeedback(item='G20', label='G20', "
        "ok=True, explanation=''),), hint='h', valid=True, score=0.5)"
    )
    assert str(feedback) == repr(feedback)
    assert feedback.status == "partial" and feedback.well_formed
    assert Feedback(correct=True, message="Correct.", score=1.0).status == "correct"
    assert Feedback(correct=False, message="No.").status == "incorrect"
    invalid = Feedback.invalid("Give a number.", hint="e.g. 68")
    assert (invalid.status, invalid.valid, invalid.hint) == ("invalid", False, "e.g. 68")
