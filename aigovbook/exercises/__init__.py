"""Exercises: the bank (:mod:`.bank`, ``data/exercises.yaml``), one :class:`Feedback`,
quiz questions (:mod:`.quiz`: kinds, widgets, in-page checker), code exercises
(:mod:`.code`: checkers by part), grading (:mod:`.grading`) and LMS exports (:mod:`.lms`).

In a notebook, one call renders a quiz question::

    from aigovbook.exercises import show
    show("Q4.1")
"""

from .bank import BankError, Entry, build, entries, entry, load_bank, validate_bank
from .quiz.kinds import (
    KINDS,
    Classification,
    Feedback,
    ItemFeedback,
    MultipleChoice,
    MultipleSelect,
    Numeric,
    Option,
    Ordering,
)
from .quiz.widgets import EDITION_ENV, ExerciseWidget, is_student_edition, show, widget

__all__ = [
    "BankError",
    "Classification",
    "EDITION_ENV",
    "Entry",
    "ExerciseWidget",
    "Feedback",
    "ItemFeedback",
    "KINDS",
    "MultipleChoice",
    "MultipleSelect",
    "Numeric",
    "Option",
    "Ordering",
    "build",
    "entries",
    "entry",
    "is_student_edition",
    "load_bank",
    "show",
    "validate_bank",
    "widget",
]
