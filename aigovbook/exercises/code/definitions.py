"""Code-exercise definitions: the ``code_exercises:`` section of ``data/exercises.yaml``,
validated and read into :class:`CodeExercise` objects."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..bank import BANK_PATH, read_section
from .checkers import CHECKERS
from .compare import ARTICLE_DATE, CodeExerciseError

__all__ = [
    "ARTICLE_DATE",
    "BANK_PATH",
    "CodeExercise",
    "CodeExerciseError",
    "code_exercise",
    "code_exercises",
    "load_code_exercises",
    "validate",
]

SECTION = "code_exercises"
ID_PATTERN = re.compile(r"^C([1-9])\.([1-9][0-9]?)$")
FIELDS = (
    "id",
    "part",
    "page",
    "title",
    "lead_in",
    "prompt",
    "skill",
    "setup",
    "starter",
    "solution",
    "answer",
    "points",
    "checker",
)
STATUSES = ("correct", "incorrect", "invalid", "unanswered")


# --------------------------------------------------------------------------
# definitions
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeExercise:
    """One code exercise, as defined in ``data/exercises.yaml``."""

    id: str
    part: int
    page: str
    title: str
    lead_in: str
    prompt: str
    skill: str
    setup: str
    starter: str
    solution: str
    answer: str
    points: int
    checker: str

    @property
    def slug(self) -> str:
        """``"C2.1"`` -> ``"C2_1"`` (nbgrader grade ids, labels)."""
        return self.id.replace(".", "_")

    @property
    def label(self) -> str:
        """The sphinx-exercise label of the exercise in the book."""
        return "code-" + self.id.replace(".", "-")

    @property
    def mistakes(self) -> tuple[str, ...]:
        """The mistakes the checker recognises (for the instructors' table)."""
        return CHECKERS[self.checker].mistakes

    def starter_code(self) -> str:
        return (self.setup.rstrip() + "\n\n" + self.starter.strip()).strip() + "\n"

    def solution_code(self) -> str:
        return (self.setup.rstrip() + "\n\n" + self.solution.strip()).strip() + "\n"


def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def validate(specs: Any) -> list[str]:
    """Structural problems of the ``code_exercises`` list (empty when fine)."""
    if not isinstance(specs, list) or not specs:
        return [f"'{SECTION}' must be a non-empty list"]
    problems: list[str] = []
    seen: set[str] = set()
    for n, spec in enumerate(specs, start=1):
        if not isinstance(spec, dict):
            problems.append(f"code exercise {n}: not a mapping")
            continue
        where = str(spec.get("id") or f"code exercise {n}")
        for name in FIELDS:
            if not _text(spec.get(name)):
                problems.append(f"{where}: missing '{name}'")
        unknown = set(spec) - set(FIELDS)
        if unknown:
            problems.append(f"{where}: unknown field(s) {sorted(unknown)}")
        match = ID_PATTERN.match(str(spec.get("id", "")))
        if not match:
            problems.append(f"{where}: id must look like 'C2.1'")
        elif str(spec.get("part")) != match.group(1):
            problems.append(f"{where}: id does not match part {spec.get('part')}")
        if where in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(where)
        if spec.get("checker") and spec["checker"] not in CHECKERS:
            problems.append(
                f"{where}: unknown checker {spec['checker']!r} (known: {', '.join(CHECKERS)})"
            )
        if not isinstance(spec.get("points"), int) or spec.get("points", 0) < 1:
            problems.append(f"{where}: points must be a whole number of at least 1")
        answer = _text(spec.get("answer"))
        if answer and not answer.isidentifier():
            problems.append(f"{where}: answer must be a Python variable name")
        for name in ("starter", "solution"):
            if answer and not re.search(rf"^{re.escape(answer)}\s*=", _text(spec.get(name)), re.M):
                problems.append(f"{where}: the {name} does not assign '{answer}'")
    return problems


def _build(specs: list[Any]) -> list[CodeExercise]:
    problems = validate(specs)
    if problems:
        raise CodeExerciseError("Code exercise problems:\n- " + "\n- ".join(problems))
    code_fields = ("setup", "starter", "solution")
    items = []
    for spec in specs:
        values: dict[str, Any] = {}
        for name in FIELDS:
            if name in ("part", "points"):
                values[name] = int(spec[name])
            elif name in code_fields:
                values[name] = str(spec[name]).strip() + "\n"
            else:
                values[name] = " ".join(str(spec[name]).split())
        items.append(CodeExercise(**values))
    return items


def load_code_exercises(path: str | Path | None = None, form: str = "text") -> list[CodeExercise]:
    """Every code exercise, in file order; :class:`CodeExerciseError` if malformed.
    ``form="myst"`` keeps a figure from ``data/facts.csv`` as the MyST role (for the
    book's page; see :func:`..bank.read_file`)."""
    return _build(read_section(SECTION, path or BANK_PATH, form))


def code_exercises(
    part: int | None = None, path: str | Path | None = None, form: str = "text"
) -> list[CodeExercise]:
    """The code exercises (of one part)."""
    return [e for e in load_code_exercises(path, form) if part is None or e.part == part]


def code_exercise(exercise_id: str, path: str | Path | None = None) -> CodeExercise:
    """The exercise with ``exercise_id``; a ``KeyError`` listing the ids otherwise."""
    found = {e.id: e for e in load_code_exercises(path)}
    key = str(exercise_id).strip()
    if key not in found:
        raise KeyError(f"No code exercise {exercise_id!r}. Known ids: {', '.join(found)}")
    return found[key]
