"""Multiple choice and multiple select: one option, or a set of options."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ...text import listing as _listing
from ..feedback import Feedback, ItemFeedback
from .base import Exercise, Option, SpecParts, _Choices, _is_blank, _plural

__all__ = ["MultipleChoice", "MultipleSelect"]


# multiple choice
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class MultipleChoice(Exercise, _Choices):
    """Pick exactly one option. ``why`` explains options (key -> text)."""

    options: tuple[Option, ...] = ()
    answer: str = ""
    why: Mapping[str, str] = field(default_factory=dict)
    kind: ClassVar[str] = "multiple_choice"

    @classmethod
    def from_spec(cls, spec: SpecParts) -> MultipleChoice:
        answer = spec.fields["answer"]
        if isinstance(answer, (set, frozenset, list, tuple)):  # computed: the right set
            hits = [o.key for o in spec.options if o.key in set(answer)]
            if len(hits) != 1:
                raise ValueError(
                    f"{spec.texts()['id']}: the data give {len(hits)} right options ({hits}); "
                    "a multiple-choice question needs exactly one"
                )
            answer = hits[0]
        return cls(options=spec.options, answer=str(answer), why=spec.why, **spec.texts())

    def check(self, answer: Any) -> Feedback:
        if isinstance(answer, (list, tuple, set, frozenset)):
            values = [a for a in answer if not _is_blank(a)]
            if len(values) > 1:
                return Feedback.invalid("Choose only one option.", self.hint)
            answer = values[0] if values else None
        if _is_blank(answer):
            return Feedback.invalid("Choose one of the options, then press Check.", self.hint)
        key = self._resolve(answer)
        if key is None:
            return Feedback.invalid(self._unknown_message(answer), self.hint)
        ok = key == self.answer
        item = ItemFeedback(key, self._label(key), ok, self.why.get(key, ""))
        if ok:
            return Feedback(correct=True, message="Correct.", items=(item,), score=1.0)
        return Feedback(
            correct=False,
            message="Not quite: that is not the best answer.",
            items=(item,),
            hint=self.hint,
        )

    def answer_text(self) -> str:
        return self._label(self.answer)


# --------------------------------------------------------------------------
# multiple select
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class MultipleSelect(Exercise, _Choices):
    """Select every option that applies. ``answer`` is the set of right keys."""

    options: tuple[Option, ...] = ()
    answer: frozenset[str] = frozenset()
    why: Mapping[str, str] = field(default_factory=dict)
    kind: ClassVar[str] = "multiple_select"

    @classmethod
    def from_spec(cls, spec: SpecParts) -> MultipleSelect:
        keys = {o.key for o in spec.options}
        answer = frozenset(str(a) for a in spec.fields.get("answer") or ()) & keys
        return cls(options=spec.options, answer=answer, why=spec.why, **spec.texts())

    def _as_list(self, answer: Any) -> list[Any] | None:
        if answer is None:
            return []
        if isinstance(answer, str):
            return [part for part in re.split(r"[,;\n]", answer) if part.strip()]
        if isinstance(answer, Mapping):  # {key: True/False}, as checkboxes give
            return [k for k, v in answer.items() if v is True]
        if isinstance(answer, Iterable):
            return list(answer)
        return None

    def check(self, answer: Any) -> Feedback:
        values = self._as_list(answer)
        if values is None:
            return Feedback.invalid(
                "Select one or more options (for example “G20, UN”).", self.hint
            )
        keys: list[str] = []
        for value in values:
            key = self._resolve(value)
            if key is None:
                return Feedback.invalid(self._unknown_message(value), self.hint)
            if key in keys:
                return Feedback.invalid(
                    f"You selected {self._label(key)} twice. Select each option at most once.",
                    self.hint,
                )
            keys.append(key)
        chosen = set(keys)
        if not chosen and self.answer:
            return Feedback.invalid(
                "You have not selected anything yet. Select every option that applies.",
                self.hint,
            )
        items = tuple(
            ItemFeedback(o.key, o.label, o.key in self.answer, self.why.get(o.key, ""))
            for o in self.options
            if o.key in chosen
        )
        right = len(chosen & self.answer)
        wrong = len(chosen - self.answer)
        missed = len(self.answer - chosen)
        total = len(self.answer)
        score = right / (total + wrong) if (total + wrong) else 1.0
        if not wrong and not missed:
            return Feedback(
                correct=True,
                message="Correct: you selected exactly the right options.",
                items=items,
                score=1.0,
            )
        parts = []
        if total:
            parts.append(f"You found {right} of {total}.")
        if wrong:
            parts.append(f"{_plural(wrong, 'selection')} {'is' if wrong == 1 else 'are'} wrong.")
        if missed:
            parts.append(
                f"{_plural(missed, 'option')} {'is' if missed == 1 else 'are'} still missing."
            )
        return Feedback(
            correct=False,
            message="Partly right. " + " ".join(parts),
            items=items,
            hint=self.hint,
            score=score,
        )

    def answer_text(self) -> str:
        labels = [o.label for o in self.options if o.key in self.answer]
        return _listing(labels) if labels else "none of the options"
