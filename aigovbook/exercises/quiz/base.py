"""What every quiz kind shares: the :class:`Exercise` base, options, the bank's
:class:`SpecParts` and small text helpers. The kinds are in :mod:`.kinds`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from ..feedback import Feedback, ItemFeedback

__all__ = ["Exercise", "Option", "SpecParts"]


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
