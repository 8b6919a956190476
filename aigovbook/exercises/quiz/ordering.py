"""Orderings (put items in order) and classifications (items into categories)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ...text import listing as _listing
from ..feedback import Feedback, ItemFeedback
from .base import Exercise, Option, SpecParts, _Choices, _is_blank, _short, _tally
from .numeric import _WHOLE_NUMBER

__all__ = ["Classification", "Ordering"]


# --------------------------------------------------------------------------
# ordering
# --------------------------------------------------------------------------


def _unfinished(
    exercise: Exercise, answered: Mapping[str, Any], *, empty: str, done: str, to_do: str
) -> Feedback | None:
    """Feedback when no item or only some items of ``exercise`` are ``answered``, else ``None``."""
    n = len(exercise.options)
    if not answered:
        return Feedback.invalid(empty, exercise.hint)
    if len(answered) < n:
        missing = [o.label for o in exercise.options if o.key not in answered]
        return Feedback.invalid(
            f"You have {done} {len(answered)} of {n} items. Still to {to_do}: {_listing(missing)}.",
            exercise.hint,
        )
    return None


@dataclass(frozen=True)
class Ordering(Exercise, _Choices):
    """Put items in order. ``options`` lists them in the CORRECT order;
    ``why`` explains each item (e.g. its date). Widgets shuffle the display
    deterministically (see :meth:`display_order`)."""

    options: tuple[Option, ...] = ()
    why: Mapping[str, str] = field(default_factory=dict)
    kind: ClassVar[str] = "ordering"

    @classmethod
    def from_spec(cls, spec: SpecParts) -> Ordering:
        return cls(options=spec.options, why=spec.why, **spec.texts())

    @property
    def answer(self) -> tuple[str, ...]:
        return tuple(o.key for o in self.options)

    def display_order(self) -> tuple[Option, ...]:
        """The options in a fixed, non-chronological order for display."""
        ordered = sorted(self.options, key=lambda o: o.label.casefold())
        if tuple(o.key for o in ordered) == self.answer and len(ordered) > 1:
            ordered = ordered[::-1]
        return tuple(ordered)

    def _positions(self, answer: Any) -> tuple[dict[str, int] | None, str]:
        n = len(self.options)
        if isinstance(answer, Mapping):
            positions: dict[str, int] = {}
            used: dict[int, str] = {}
            for raw_key, raw_pos in answer.items():
                key = self._resolve(raw_key)
                if key is None:
                    return None, self._unknown_message(raw_key)
                if _is_blank(raw_pos):
                    continue
                try:
                    if isinstance(raw_pos, bool):
                        raise ValueError
                    text = str(raw_pos).strip()
                    pos = int(text)
                except (ValueError, TypeError, OverflowError):
                    if isinstance(raw_pos, bool) or not _WHOLE_NUMBER.fullmatch(text):
                        return None, f"Give {self._label(key)} a position from 1 to {n}."
                    pos = 0  # a whole number Python will not read (over 4,300 digits): too big
                if not 1 <= pos <= n:
                    return (
                        None,
                        f"Positions go from 1 to {n}; "
                        f"{self._label(key)} has {_short(raw_pos, 12)}.",
                    )
                if key in positions:
                    return None, f"{self._label(key)} appears twice. Place each item once."
                if pos in used:
                    return None, (
                        f"{self._label(used[pos])} and {self._label(key)} are both in position "
                        f"{pos}. Give every item its own position."
                    )
                positions[key] = pos
                used[pos] = key
            return positions, ""
        if isinstance(answer, str):
            answer = [part for part in re.split(r"[,;\n]", answer) if part.strip()]
        if isinstance(answer, Iterable):
            positions = {}
            for index, value in enumerate(list(answer), start=1):
                key = self._resolve(value)
                if key is None:
                    return None, self._unknown_message(value)
                if key in positions:
                    return None, f"{self._label(key)} appears twice. Place each item once."
                positions[key] = index
            return positions, ""
        return None, "Give the items in order, first to last."

    def check(self, answer: Any) -> Feedback:
        if _is_blank(answer):
            return Feedback.invalid(
                "Put the items in order (give each a position), then press Check.", self.hint
            )
        positions, message = self._positions(answer)
        if positions is None:
            return Feedback.invalid(message, self.hint)
        unfinished = _unfinished(
            self,
            positions,
            empty="Put the items in order (give each a position), then press Check.",
            done="placed",
            to_do="place",
        )
        if unfinished:
            return unfinished
        correct_pos = {o.key: i for i, o in enumerate(self.options, start=1)}
        items = tuple(
            ItemFeedback(
                key,
                self._label(key),
                positions[key] == correct_pos[key],
                f"you put it in position {positions[key]}",
            )
            for key in sorted(positions, key=positions.__getitem__)
        )
        return _tally(items, "everything is in the right order", "in the right place", self.hint)

    def answer_text(self) -> str:
        lines = []
        for i, o in enumerate(self.options, start=1):
            why = self.why.get(o.key, "")
            lines.append(f"{i}. {o.label}" + (f" ({why})" if why else ""))
        return "\n" + "\n".join(lines)


# --------------------------------------------------------------------------
# classification
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Classification(Exercise, _Choices):
    """Assign every item (``options``) to one of ``categories``.

    ``answer`` maps item key -> category; ``why`` explains items.
    """

    options: tuple[Option, ...] = ()
    categories: tuple[str, ...] = ()
    answer: Mapping[str, str] = field(default_factory=dict)
    why: Mapping[str, str] = field(default_factory=dict)
    kind: ClassVar[str] = "classification"

    @classmethod
    def from_spec(cls, spec: SpecParts) -> Classification:
        answer = {str(k): str(v) for k, v in (spec.fields.get("answer") or {}).items()}
        categories = tuple(str(c) for c in spec.fields.get("categories") or ())
        return cls(
            options=spec.options,
            categories=categories,
            answer=answer,
            why=spec.why,
            **spec.texts(),
        )

    def _category(self, value: Any) -> str | None:
        if not isinstance(value, str):
            return None
        folded = value.strip().casefold()
        for category in self.categories:
            if category.casefold() == folded:
                return category
        return None

    def check(self, answer: Any) -> Feedback:
        if _is_blank(answer):
            return Feedback.invalid("Choose a category for each item, then press Check.", self.hint)
        if not isinstance(answer, Mapping):
            return Feedback.invalid("Give a category for each item (item -> category).", self.hint)
        chosen: dict[str, str] = {}
        for raw_key, raw_category in answer.items():
            key = self._resolve(raw_key)
            if key is None:
                return Feedback.invalid(self._unknown_message(raw_key), self.hint)
            if _is_blank(raw_category):
                continue
            category = self._category(raw_category)
            if category is None:
                return Feedback.invalid(
                    f"“{_short(raw_category)}” is not a category. Use one of: "
                    f"{_listing(list(self.categories))}.",
                    self.hint,
                )
            if key in chosen:
                return Feedback.invalid(
                    f"{self._label(key)} is classified twice. Classify each item once.", self.hint
                )
            chosen[key] = category
        unfinished = _unfinished(
            self,
            chosen,
            empty="Choose a category for each item, then press Check.",
            done="classified",
            to_do="classify",
        )
        if unfinished:
            return unfinished
        items = tuple(
            ItemFeedback(
                o.key,
                o.label,
                chosen[o.key] == self.answer.get(o.key),
                f"you chose “{chosen[o.key]}”",
            )
            for o in self.options
        )
        return _tally(
            items, "every item is in the right category", "in the right category", self.hint
        )

    def answer_text(self) -> str:
        lines = []
        for category in self.categories:
            members = [o for o in self.options if self.answer.get(o.key) == category]
            labels = [
                o.label + (f" ({self.why[o.key]})" if self.why.get(o.key) else "") for o in members
            ]
            lines.append(f"{category}: {'; '.join(labels) if labels else 'none'}")
        return "\n" + "\n".join(lines)
