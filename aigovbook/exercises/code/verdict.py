"""Checking a student's answer to a code exercise: :func:`check`, :func:`expected`
and :func:`matches`."""

from __future__ import annotations

from typing import Any

from ..feedback import Feedback
from .checkers import CHECKERS
from .compare import _fb
from .definitions import code_exercise

__all__ = ["check", "expected", "matches"]


def check(exercise_id: str, value: Any) -> Feedback:
    """Check a student's ``value`` for exercise ``exercise_id``; never raises on the value."""
    item = code_exercise(exercise_id)
    if value is Ellipsis or value is None:
        return Feedback.of_code(
            item.id,
            "unanswered",
            (
                f"`{item.answer}` is still `{'...' if value is Ellipsis else 'None'}`: "
                "replace it with your code and run the cell.",
            ),
        )
    checker = CHECKERS[item.checker]
    try:
        status, messages = checker.compare(value, checker.expected())
    except Exception as exc:  # a student's object can break anything; say so, lose nothing
        status, messages = _fb(
            "invalid", f"The checker could not read your answer ({type(exc).__name__}: {exc})."
        )
    return Feedback.of_code(item.id, status, messages)


def expected(exercise_id: str) -> Any:
    """The expected answer, computed from the book's data."""
    return CHECKERS[code_exercise(exercise_id).checker].expected()


def matches(exercise_id: str, value: Any) -> bool:
    """Strict comparison with :func:`expected` (nbgrader's hidden tests)."""
    return check(exercise_id, value).correct


# --------------------------------------------------------------------------
