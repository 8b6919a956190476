"""Figures from ``data/facts.csv`` in the exercise bank's texts: ``{fact:key}``.

Any text of the bank (prompt, hint, explanation, option labels, feedback, a code
exercise's lead-in...) states a figure or an "as of" date only as ``{fact:key}``. The
bank loader (:func:`aigovbook.exercises.bank.read_file`) replaces each with the fact's
text (value with unit) before anything else reads the bank, so every consumer (pages,
LMS exports, PDF, nbgrader) gets the same text. The form cannot clash with the
parameters (``{member}``), ``{fig:ID}`` or ``{answer}``. An unknown key, or a RECALLED
fact (an LMS could not say it is unconfirmed), stops the loading with a message naming
the exercise, the field and the key. Rationale: the architecture notes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..facts import Fact

__all__ = ["FACT_REF", "FORMS", "fact_keys", "resolve"]

#: ``{fact:key}``: the key as ``data/facts.csv`` spells it (anything up to the brace,
#: so that a misspelt key is reported rather than left in the text).
FACT_REF = re.compile(r"\{fact:([^{}]*)\}")


def fact_keys(text: str) -> list[str]:
    """The keys a text refers to, in order."""
    return [m.group(1) for m in FACT_REF.finditer(text)]


def _problem(key: str, facts: Mapping[str, Fact]) -> str | None:
    if key not in facts:
        import difflib

        hint = difflib.get_close_matches(key, sorted(facts), n=1)
        return f"unknown fact {key!r} (not in data/facts.csv)" + (
            f"; did you mean {hint[0]!r}?" if hint else ""
        )
    if facts[key].status == "RECALLED":
        return f"fact {key!r} is RECALLED (not confirmed): an exercise may not state it"
    return None


#: How a resolved fact is written: its text (every consumer), or the MyST role that
#: prints the same text with its source note (a page of the book in MyST Markdown).
FORMS = {
    "text": lambda f: f.text,
    "myst": lambda f: f"{{fact}}`{f.key}`",
}


def resolve(raw: Any, facts: Mapping[str, Fact], form: str = "text") -> tuple[Any, list[str]]:
    """A copy of the parsed bank with every ``{fact:key}`` replaced by the fact (as
    ``form`` says, see :data:`FORMS`), and the problems found (``"Q4.2, field
    'prompt': unknown fact 'x' ..."``).

    ``raw`` is the parsed file: sections (``exercises``, ``code_exercises``) holding
    lists of entries, or a bare list of entries. The original is not changed.
    """
    write = FORMS[form]
    problems: list[str] = []

    def fill(text: str, where: str, field: str) -> str:
        def one(match: re.Match) -> str:
            key = match.group(1)
            problem = _problem(key, facts)
            if problem:
                problems.append(f"{where}, field {field!r}: {problem}")
                return match.group(0)
            return write(facts[key])

        return FACT_REF.sub(one, text) if "{fact:" in text else text

    def walk(value: Any, where: str, field: str) -> Any:
        if isinstance(value, str):
            return fill(value, where, field)
        if isinstance(value, list):
            return [walk(v, where, f"{field}[{i}]") for i, v in enumerate(value)]
        if isinstance(value, dict):
            return {
                k: walk(v, where, f"{field}.{k}" if field else str(k)) for k, v in value.items()
            }
        return value

    def entries(items: list[Any], section: str) -> list[Any]:
        out = []
        for index, item in enumerate(items):
            ident = item.get("id") if isinstance(item, dict) else None
            out.append(walk(item, str(ident or f"{section} entry {index + 1}"), ""))
        return out

    if isinstance(raw, list):
        return entries(raw, "exercises"), problems
    if not isinstance(raw, dict):
        return raw, problems
    resolved = {
        name: entries(value, name) if isinstance(value, list) else walk(value, name, "")
        for name, value in raw.items()
    }
    return resolved, problems
