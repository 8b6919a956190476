"""Code exercises ("C<part>.<n>"): students write a few lines of Python on the
book's data, and a checker computed from the data names what is wrong.

In a notebook::

    from aigovbook.exercises.code import check
    check("C2.1", share)      # -> Feedback, shown as text

Definitions: :mod:`.definitions`; checking: :mod:`.verdict`; comparison
helpers: :mod:`.compare`; the checkers of Part N: :mod:`.checkers.partN`.
"""

from ..feedback import Feedback
from .checkers import CHECKERS, Checker
from .checkers.part2 import MCKINSEY
from .compare import compare_chart, compare_number, compare_table
from .definitions import (
    ARTICLE_DATE,
    BANK_PATH,
    FIELDS,
    SECTION,
    STATUSES,
    CodeExercise,
    CodeExerciseError,
    code_exercise,
    code_exercises,
    load_code_exercises,
    validate,
)
from .verdict import check, expected, matches

__all__ = [
    "ARTICLE_DATE",
    "BANK_PATH",
    "CHECKERS",
    "Checker",
    "CodeExercise",
    "CodeExerciseError",
    "FIELDS",
    "Feedback",
    "MCKINSEY",
    "SECTION",
    "STATUSES",
    "check",
    "code_exercise",
    "code_exercises",
    "compare_chart",
    "compare_number",
    "compare_table",
    "expected",
    "load_code_exercises",
    "matches",
    "validate",
]
