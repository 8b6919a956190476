"""The checkers of the code exercises, one module per part: the ``checker:`` name
in ``data/exercises.yaml`` -> its :class:`~aigovbook.exercises.code.compare.Checker`."""

from __future__ import annotations

from ..compare import Checker
from . import part1, part2, part3, part4, part5

__all__ = ["CHECKERS", "Checker"]

#: checker name (``checker:`` in the YAML) -> :class:`Checker`, in the book's order
CHECKERS: dict[str, Checker] = {
    **part1.CHECKERS,
    **part2.CHECKERS,
    **part3.CHECKERS,
    **part4.CHECKERS,
    **part5.CHECKERS,
}
