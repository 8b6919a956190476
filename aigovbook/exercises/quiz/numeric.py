"""Numeric questions: a number within a tolerance, read by documented rules."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from ..feedback import Feedback, ItemFeedback
from .base import Exercise, SpecParts, _is_blank, _short

__all__ = ["UNIT_ALIASES", "Numeric"]


# --------------------------------------------------------------------------
# numeric
# --------------------------------------------------------------------------

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
# What int() reads as a whole number (Unicode digits, underscores between them),
# as aigov-check.js's pyInt does.
_WHOLE_NUMBER = re.compile(r"[+-]?\d+(_\d+)*")

#: Unit spellings a student may type, by the unit an exercise declares.
UNIT_ALIASES: dict[str, tuple[str, ...]] = {
    "%": ("%", "percent", "per cent", "pct", "percentage"),
    "USD trillion": (
        "usd trillion",
        "trillion usd",
        "trillion",
        "tn",
        "usd tn",
        "$tn",
        "$ trillion",
        "trillion dollars",
        "tn usd",
    ),
    "million people": ("million people", "million", "m", "mn", "million persons"),
    "members": ("members", "member", "countries", "participants"),
}


@dataclass(frozen=True)
class Numeric(Exercise):
    """A number, within ``tolerance`` (absolute, in ``unit``) of ``answer``.

    Reading rules (documented for students on the page):

    1. Spaces are ignored around the number and the unit; ``$`` and thousands
       separators (``1,000``) are allowed; a single comma with other than
       three digits after it is a decimal comma (``68,2`` = 68.2).
    2. The unit is optional. If given it must be the exercise's unit or one
       of its spellings in :data:`UNIT_ALIASES` (``68 %``, ``68%``,
       ``68 percent``); any other unit is rejected with a message naming the
       expected unit (it is never silently converted).
    3. Percentages: a bare number strictly between 0 and 1 with no unit (``0.68``) is
       read as a proportion and converted to percent (68 %), and the feedback
       says so; this applies only when the expected answer is at least 1 %.
    4. Values outside ``[minimum, maximum]`` are rejected as impossible
       (a share above 100 %, a negative count) rather than graded.
    5. ``mistakes`` maps tempting wrong values to a targeted message (for
       example the article's rounded 70 %).
    """

    answer: float = 0.0
    tolerance: float = 0.0
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    mistakes: tuple[tuple[float, float, str], ...] = ()  # (value, tolerance, message)
    decimals: int = 1
    kind: ClassVar[str] = "numeric"

    @classmethod
    def from_spec(cls, spec: SpecParts) -> Numeric:
        fields = spec.fields
        mistakes = tuple(
            (
                spec.compute(m["value"]),
                float(m.get("tolerance", 0)),
                " ".join(str(m["message"]).split()),
            )
            for m in fields.get("mistakes") or ()
        )
        draft = cls(
            answer=float(fields["answer"]),
            tolerance=float(fields.get("tolerance", 0)),
            unit=str(fields.get("unit", "")),
            minimum=fields.get("minimum"),
            maximum=fields.get("maximum"),
            decimals=int(fields.get("decimals", 1)),
            mistakes=mistakes,
            **spec.texts(),
        )
        # explanation and hint may quote the answer as the checker formats it
        return replace(draft, **spec.texts(answer=draft._fmt(draft.answer)))

    def _fmt(self, value: float) -> str:
        text = f"{value:,.{self.decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        sep = "" if self.unit == "%" else " "
        return f"{text}{sep}{self.unit}" if self.unit else text

    def parse(self, answer: Any) -> tuple[float | None, str]:
        """Read ``answer`` as a number in this exercise's unit.

        Returns ``(value, note)``; ``value`` is None when the input cannot be
        read, and ``note`` then holds the message for the student.
        """
        if isinstance(answer, bool):
            return None, "Type a number, not True or False."
        if isinstance(answer, (int, float)):
            value = float(answer)
            if not math.isfinite(value):
                return None, "Type a finite number."
            return value, ""
        if _is_blank(answer):
            return (
                None,
                f"Type a number{' in ' + self.unit if self.unit else ''}, then press Check.",
            )
        if not isinstance(answer, str):
            return None, f"Type a number (you gave “{_short(answer)}”)."
        text = answer.strip().replace("\u2212", "-").replace("\u00a0", " ")
        text = text.replace("$", "").strip()
        # thousands separators and decimal commas
        if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?\b.*", text):
            text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
        elif re.match(r"^[+-]?\d+,\d+", text) and "." not in text.split()[0]:
            text = text.replace(",", ".", 1)
        match = _NUMBER.match(text)
        if not match:
            return None, (
                f"“{_short(answer)}” is not a number. Type digits, for example "
                f"{self._fmt(self.minimum if self.minimum is not None else 12.5)}."
            )
        try:
            value = float(match.group(0))
        except (ValueError, OverflowError):
            return None, f"“{_short(answer)}” is not a number I can read."
        if not math.isfinite(value):
            return None, "Type a finite number."
        rest = text[match.end() :].strip().casefold()
        if rest:
            aliases = UNIT_ALIASES.get(self.unit, ()) + (
                (self.unit.casefold(),) if self.unit else ()
            )
            if rest not in aliases:
                if self.unit:
                    return None, (
                        f"The unit “{_short(rest, 20)}” does not fit: give the answer in "
                        f"{self.unit} (for example “{self._fmt(value)}”)."
                    )
                return None, f"Type just the number, without “{_short(rest, 20)}”."
            return value, ""
        if self.unit == "%" and 0 < abs(value) < 1 and abs(self.answer) >= 1:
            return (
                value * 100,
                f"I read {_short(answer)} as a proportion, that is {self._fmt(value * 100)}.",
            )
        return value, ""

    def check(self, answer: Any) -> Feedback:
        value, note = self.parse(answer)
        if value is None:
            return Feedback.invalid(note, self.hint)
        if self.minimum is not None and value < self.minimum:
            return Feedback.invalid(
                f"{self._fmt(value)} is impossible here: the answer cannot be below "
                f"{self._fmt(self.minimum)}.",
                self.hint,
            )
        if self.maximum is not None and value > self.maximum:
            return Feedback.invalid(
                f"{self._fmt(value)} is impossible here: the answer cannot be above "
                f"{self._fmt(self.maximum)}.",
                self.hint,
            )
        prefix = (note + " ") if note else ""
        item = ItemFeedback("value", self._fmt(value), False)
        if abs(value - self.answer) <= self.tolerance + 1e-9:
            item = ItemFeedback("value", self._fmt(value), True)
            return Feedback(
                correct=True,
                message=prefix + f"Correct: {self._fmt(value)}.",
                items=(item,),
                score=1.0,
            )
        for mistake, tol, message in self.mistakes:
            if abs(value - mistake) <= tol + 1e-9:
                return Feedback(
                    correct=False, message=prefix + message, items=(item,), hint=self.hint
                )
        close = abs(value - self.answer) <= 3 * max(self.tolerance, 1e-9)
        direction = "high" if value > self.answer else "low"
        message = (
            f"Close, but {self._fmt(value)} is a little too {direction}."
            if close
            else f"Not quite: {self._fmt(value)} is too {direction}."
        )
        return Feedback(correct=False, message=prefix + message, items=(item,), hint=self.hint)

    def answer_text(self) -> str:
        if self.tolerance:
            return f"{self._fmt(self.answer)} (answers within ±{self._fmt(self.tolerance)} count)"
        return self._fmt(self.answer)
