"""The one verdict on an answer, for quiz questions and code exercises alike.

Quiz kinds build it with ``correct``, ``message``, ``items``, ``hint``, ``valid``
and ``score``; code checkers with :meth:`Feedback.of_code`, which also sets the
exercise id and one message per mistake. :attr:`Feedback.status` names the
outcome in words (``correct``, ``partial``, ``incorrect``, ``invalid``,
``unanswered``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["CODE_HEADS", "Feedback", "ItemFeedback"]

#: The first line a code exercise's feedback prints, by status.
CODE_HEADS = {
    "correct": "{}: correct.",
    "incorrect": "{}: not yet right.",
    "invalid": "{}: this is not the kind of answer expected.",
    "unanswered": "{}: not answered yet.",
}


@dataclass(frozen=True)
class ItemFeedback:
    """The verdict on one item of an answer (an option, an event, a country)."""

    item: str
    label: str
    ok: bool
    explanation: str = ""


@dataclass(frozen=True, repr=False)
class Feedback:
    """The result of checking one answer.

    ``valid`` is False when the answer could not be graded (empty, not a
    number, unknown option, the wrong kind of object ...); ``message`` then
    says what to fix. ``score`` is the share of items right (0..1), for
    partial answers. Code exercises also carry ``exercise`` (their id) and
    ``messages`` (the mistakes, one per line); ``answered`` is False while a
    code answer is still the starter's ``...``.
    """

    correct: bool
    message: str = ""
    items: tuple[ItemFeedback, ...] = ()
    hint: str = ""
    valid: bool = True
    score: float = 0.0
    exercise: str = ""
    messages: tuple[str, ...] = ()
    answered: bool = True

    @classmethod
    def invalid(cls, message: str, hint: str = "") -> Feedback:
        return cls(correct=False, message=message, hint=hint, valid=False)

    @classmethod
    def of_code(cls, exercise: str, status: str, messages: Iterable[str] = ()) -> Feedback:
        """A code exercise's verdict: ``status`` is a key of :data:`CODE_HEADS`."""
        if status not in CODE_HEADS:
            raise ValueError(f"unknown status {status!r} (known: {', '.join(CODE_HEADS)})")
        correct = status == "correct"
        return cls(
            correct=correct,
            message=CODE_HEADS[status].format(exercise),
            valid=status in ("correct", "incorrect"),
            score=1.0 if correct else 0.0,
            exercise=exercise,
            messages=tuple(messages),
            answered=status != "unanswered",
        )

    @property
    def status(self) -> str:
        """``correct``, ``partial``, ``incorrect``, ``invalid`` or ``unanswered``."""
        if not self.answered:
            return "unanswered"
        if not self.valid:
            return "invalid"
        if self.correct:
            return "correct"
        return "partial" if self.score > 0 else "incorrect"

    @property
    def well_formed(self) -> bool:
        """The right type and shape (nbgrader's visible test of a code exercise)."""
        return self.status in ("correct", "partial", "incorrect")

    def __str__(self) -> str:
        if not self.exercise:
            return repr(self)
        return "\n".join([self.message, *(f"- {m}" for m in self.messages)])

    def __repr__(self) -> str:
        if self.exercise:  # a code exercise: the text a notebook shows
            return str(self)
        return (
            f"Feedback(correct={self.correct!r}, message={self.message!r}, "
            f"items={self.items!r}, hint={self.hint!r}, valid={self.valid!r}, "
            f"score={self.score!r})"
        )
