"""Quiz kinds: pure checking logic, no widgets and no kernel.

Every kind is a small frozen dataclass with ``check(answer) -> Feedback`` that never
raises: malformed input gets ``valid=False`` and a message that says how to fix it.
:class:`MultipleChoice`, :class:`MultipleSelect` (:mod:`.choice`), :class:`Numeric`
(:mod:`.numeric`), :class:`Ordering` and :class:`Classification` (:mod:`.ordering`);
what they share is in :mod:`.base`. The answers each kind reads are described in the
authors' architecture notes.
"""

from __future__ import annotations

from ..feedback import Feedback, ItemFeedback
from .base import Exercise, Option, SpecParts
from .choice import MultipleChoice, MultipleSelect
from .numeric import UNIT_ALIASES, Numeric
from .ordering import Classification, Ordering

__all__ = [
    "Classification",
    "Exercise",
    "Feedback",
    "ItemFeedback",
    "MultipleChoice",
    "MultipleSelect",
    "Numeric",
    "Option",
    "Ordering",
    "SpecParts",
    "KINDS",
    "UNIT_ALIASES",
]

KINDS: dict[str, type[Exercise]] = {
    cls.kind: cls for cls in (MultipleChoice, MultipleSelect, Numeric, Ordering, Classification)
}
