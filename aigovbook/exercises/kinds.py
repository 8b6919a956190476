"""Exercise kinds: pure checking logic, no widgets and no kernel.

Every kind is a small frozen dataclass with ``check(answer) -> Feedback``.
``check`` never raises: whatever it is given (``None``, an empty string, a
number where a list was expected, unknown option keys, duplicates, a partial
answer ...) it returns a :class:`Feedback`. Malformed input is reported with
``valid=False`` and a message that says how to fix it; a well-formed answer
is graded (``valid=True``) with a message, per-item explanations and a hint.

Answers, by kind:

- :class:`MultipleChoice`: one option key (``"G20"``), or its label.
- :class:`MultipleSelect`: an iterable of option keys, or one string with
  keys separated by commas (``"G20, UN"``). Selecting nothing is a valid
  answer only when the correct answer is "none of them".
- :class:`Numeric`: a number, or a string such as ``"68"``, ``"68 %"``,
  ``"68.2 percent"``, ``"10.7 USD trillion"``. See :meth:`Numeric.parse`
  for the documented reading rules (units, fractions, decimal commas).
- :class:`Ordering`: the item keys in the proposed order (a list), or a
  mapping ``{item: position}`` with positions 1..n.
- :class:`Classification`: a mapping ``{item: category}``.

Per-item explanations after a check mark only what the student chose (or
placed); the full answer with every explanation is in :meth:`solution`,
which the widgets reveal on request after an attempt.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

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
]


@dataclass(frozen=True)
class ItemFeedback:
    """The verdict on one item of an answer (an option, an event, a country)."""

    item: str
    label: str
    ok: bool
    explanation: str = ""


@dataclass(frozen=True)
class Feedback:
    """The result of checking one answer.

    ``valid`` is False when the answer could not be graded (empty, not a
    number, unknown option ...); ``message`` then says what to fix.
    ``score`` is the share of items right (0..1), for partial answers.
    """

    correct: bool
    message: str
    items: tuple[ItemFeedback, ...] = ()
    hint: str = ""
    valid: bool = True
    score: float = 0.0

    @classmethod
    def invalid(cls, message: str, hint: str = "") -> Feedback:
        return cls(correct=False, message=message, hint=hint, valid=False)


@dataclass(frozen=True)
class Option:
    """A choice offered to the student: a stable key and the text shown."""

    key: str
    label: str


@dataclass(frozen=True)
class SpecParts:
    """A bank entry, ready for :meth:`Exercise.from_spec`.

    ``fields``: the entry with computed answers merged in; ``options`` and
    ``why``: normalised; ``texts(answer=None)``: ``id``, ``prompt``,
    ``explanation`` and ``hint`` with parameters filled in (``{answer}``
    replaced when given); ``compute(value)``: a number, or the value of an
    answer function for a ``{function: ...}`` mapping.
    """

    fields: Mapping[str, Any]
    options: tuple[Option, ...]
    why: Mapping[str, str]
    texts: Callable[..., dict[str, str]]
    compute: Callable[[Any], float]


# --------------------------------------------------------------------------
# helpers shared by the kinds
# --------------------------------------------------------------------------


def _short(value: Any, limit: int = 40) -> str:
    """A safe, short text rendering of anything a student might submit."""
    try:
        text = str(value)
    except Exception:  # noqa: BLE001 - any object, even one with a broken __str__
        text = f"<{type(value).__name__}>"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        return len(value) == 0
    return False


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _listing(labels: Sequence[str]) -> str:
    labels = list(labels)
    if not labels:
        return "none"
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def _tally(items: tuple[ItemFeedback, ...], all_right: str, where: str, hint: str) -> Feedback:
    """Feedback for an answer judged item by item (ordering, classification)."""
    n = len(items)
    right = sum(i.ok for i in items)
    if right == n:
        return Feedback(correct=True, message=f"Correct: {all_right}.", items=items, score=1.0)
    return Feedback(
        correct=False,
        message=f"{right} of {n} items are {where}.",
        items=items,
        hint=hint,
        score=right / n,
    )


@dataclass(frozen=True)
class Exercise:
    """Fields every kind shares. ``explanation`` is the worked solution."""

    id: str
    prompt: str
    explanation: str = ""
    hint: str = ""
    kind: ClassVar[str] = "exercise"

    @classmethod
    def from_spec(cls, spec: SpecParts) -> Exercise:
        """Build this kind from a bank entry whose data-driven fields are computed.

        Each kind reads the fields it needs from ``spec`` (see :class:`SpecParts`);
        the bank never branches on the kind.
        """
        raise NotImplementedError  # pragma: no cover - every kind overrides it

    def check(self, answer: Any) -> Feedback:  # pragma: no cover - abstract
        raise NotImplementedError

    def answer_text(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def solution(self) -> str:
        """The answer and its explanation, as plain text."""
        text = f"Answer: {self.answer_text()}"
        return f"{text}\n\n{self.explanation}" if self.explanation else text

    def safe_check(self, answer: Any) -> Feedback:
        """``check`` with a last line of defence: never let an error escape."""
        try:
            return self.check(answer)
        except Exception as error:  # noqa: BLE001 - students must never see a traceback
            return Feedback.invalid(
                f"This answer could not be read ({type(error).__name__}). "
                "Please check its format and try again."
            )


class _Choices:
    """Mixin for kinds with a fixed list of options."""

    options: tuple[Option, ...]

    def _by_key(self) -> dict[str, Option]:
        return {o.key: o for o in self.options}

    def _resolve(self, value: Any) -> str | None:
        """Map an option key or label (case-insensitive) to its key."""
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            return None
        text = str(value).strip()
        by_key = self._by_key()
        if text in by_key:
            return text
        folded = text.casefold()
        for option in self.options:
            if folded in (option.key.casefold(), option.label.casefold()):
                return option.key
        return None

    def _label(self, key: str) -> str:
        option = self._by_key().get(key)
        return option.label if option else key

    def _unknown_message(self, value: Any) -> str:
        shown = ", ".join(o.label for o in self.options[:8])
        more = " …" if len(self.options) > 8 else ""
        return f"“{_short(value)}” is not one of the options. The options are: {shown}{more}."


# --------------------------------------------------------------------------
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


# --------------------------------------------------------------------------
# ordering
# --------------------------------------------------------------------------


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
        n = len(self.options)
        if not positions:
            return Feedback.invalid(
                "Put the items in order (give each a position), then press Check.", self.hint
            )
        if len(positions) < n:
            missing = [o.label for o in self.options if o.key not in positions]
            return Feedback.invalid(
                f"You have placed {len(positions)} of {n} items. "
                f"Still to place: {_listing(missing)}.",
                self.hint,
            )
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
        n = len(self.options)
        if not chosen:
            return Feedback.invalid("Choose a category for each item, then press Check.", self.hint)
        if len(chosen) < n:
            missing = [o.label for o in self.options if o.key not in chosen]
            return Feedback.invalid(
                f"You have classified {len(chosen)} of {n} items. "
                f"Still to classify: {_listing(missing)}.",
                self.hint,
            )
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


KINDS: dict[str, type[Exercise]] = {
    cls.kind: cls for cls in (MultipleChoice, MultipleSelect, Numeric, Ordering, Classification)
}
