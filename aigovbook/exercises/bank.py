"""The exercise bank, ``data/exercises.yaml``: the one loader and cache of that file
(:func:`read_file`, :func:`read_section`, used by the quiz questions and the code
exercises alike), and the quiz questions' entries: validated (:func:`validate_bank`)
and built into checkable exercises (:func:`build`) whose data-driven answers are
computed by :mod:`.quiz.answers`, never typed.

The fields of an entry are listed at the top of the YAML file and explained in the
authors' architecture notes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .. import membership
from ..facts import all_facts
from . import factrefs
from .quiz.answers import ANSWER_FUNCTIONS, AnswerError, figure
from .quiz.formatting import fill, format_date, iso, present, with_article
from .quiz.kinds import KINDS, Exercise, Option, SpecParts

__all__ = [
    "BANK_PATH",
    "BankError",
    "Entry",
    "build",
    "catalogue",
    "entries",
    "entry",
    "format_date",
    "load_bank",
    "param_label",
    "read_file",
    "read_section",
    "parameter_grid",
    "validate_bank",
]

BANK_PATH = Path(__file__).resolve().parents[2] / "data" / "exercises.yaml"

REQUIRED = (
    "id",
    "chapter",
    "page",
    "kind",
    "title",
    "prompt",
    "explanation",
    "objective",
    "difficulty",
)
DIFFICULTIES = ("easy", "medium", "hard")
ID_PATTERN = re.compile(r"^Q([1-9])\.([1-9][0-9]?)$")
MIN_EXPLANATION = 60  # characters: long enough to be a real, distinctive explanation


class BankError(ValueError):
    """The exercise bank is malformed; the message names the entry and field."""


# --------------------------------------------------------------------------
# loading and validating
# --------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _parse(path: str, mtime: int) -> Any:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


_RESOLVED: dict[tuple[str, int, str], tuple[Any, Any]] = {}


def read_file(path: str | Path | None = None, form: str = "text") -> Any:
    """The parsed bank file with every ``{fact:key}`` resolved (:mod:`.factrefs`), cached
    until the file or the facts change: the one loader of the bank, so that every
    consumer reads the same text. An unknown fact raises :class:`BankError`.

    ``form="text"`` (the default, for every consumer) puts the fact's text in place;
    ``form="myst"`` the role ``{fact}`key``` instead, for a page of the book written
    in MyST Markdown, where the role prints the same text with its source note.
    """
    file = Path(path or BANK_PATH)
    stamp = (str(file), file.stat().st_mtime_ns)
    facts = all_facts()
    cached = _RESOLVED.get((*stamp, form))
    if cached is None or cached[0] is not facts:
        resolved, problems = factrefs.resolve(_parse(*stamp), facts, form)
        if problems:
            listed = "\n- ".join(problems)
            raise BankError(f"{file.name}: figures from data/facts.csv:\n- {listed}")
        if any(key[:2] != stamp for key in _RESOLVED):
            _RESOLVED.clear()
        _RESOLVED[(*stamp, form)] = cached = (facts, resolved)
    return cached[1]


def read_section(name: str, path: str | Path | None = None, form: str = "text") -> Any:
    """One top-level section of the bank file (``exercises``, ``code_exercises``), or None;
    ``form`` as for :func:`read_file`."""
    raw = read_file(path, form)
    return raw.get(name) if isinstance(raw, dict) else None


def fact_keys(exercise_id: str, field: str = "prompt", path: str | Path | None = None) -> list:
    """The facts (``{fact:key}``) that an entry's ``field`` names as written, in order: the
    page marks their resolved text with its source note (:mod:`.quiz.static`)."""
    file = Path(path or BANK_PATH)
    raw = _parse(str(file), file.stat().st_mtime_ns)
    specs = raw.get("exercises") if isinstance(raw, dict) else raw
    for spec in specs if isinstance(specs, list) else []:
        if isinstance(spec, dict) and str(spec.get("id")) == exercise_id:
            return list(dict.fromkeys(factrefs.fact_keys(str(spec.get(field) or ""))))
    return []


def _read(path: str) -> tuple[dict[str, Any], ...]:
    raw = read_file(path)
    specs = raw.get("exercises") if isinstance(raw, dict) else raw
    if not isinstance(specs, list):
        raise BankError(f"{path}: expected a list of exercises under 'exercises:'")
    return tuple(specs)


def load_bank(path: str | Path | None = None) -> list[dict[str, Any]]:
    """Read and validate the bank; raise :class:`BankError` listing every problem."""
    specs = [dict(s) if isinstance(s, dict) else s for s in _read(str(path or BANK_PATH))]
    problems = validate_bank(specs)
    if problems:
        raise BankError("Exercise bank problems:\n- " + "\n- ".join(problems))
    return specs


def _option_keys(spec: Mapping[str, Any]) -> list[str]:
    keys = []
    for option in spec.get("options") or []:
        keys.append(str(option["key"]) if isinstance(option, dict) else str(option))
    return keys


def validate_bank(specs: list[Any]) -> list[str]:
    """Structural checks that need no data. Returns a list of problems."""
    problems: list[str] = []
    seen: set[str] = set()
    for index, spec in enumerate(specs):
        where = f"entry {index + 1}"
        if not isinstance(spec, dict):
            problems.append(f"{where}: not a mapping")
            continue
        ident = spec.get("id")
        where = f"{ident or where}"
        for name in REQUIRED:
            if not present(spec.get(name)):
                problems.append(f"{where}: missing '{name}'")
        if ident is not None:
            ident = str(ident)
            if ident in seen:
                problems.append(f"{where}: duplicate id")
            seen.add(ident)
            match = ID_PATTERN.match(ident)
            if not match:
                problems.append(f"{where}: id must look like 'Q4.3'")
            elif spec.get("chapter") is not None and int(match.group(1)) != spec.get("chapter"):
                problems.append(f"{where}: id does not match chapter {spec.get('chapter')}")
        kind = spec.get("kind")
        if kind not in KINDS:
            problems.append(f"{where}: unknown kind {kind!r} (known: {', '.join(KINDS)})")
        if spec.get("difficulty") not in DIFFICULTIES:
            problems.append(f"{where}: difficulty must be one of {', '.join(DIFFICULTIES)}")
        if present(spec.get("explanation")) and len(str(spec["explanation"])) < MIN_EXPLANATION:
            problems.append(f"{where}: explanation is shorter than {MIN_EXPLANATION} characters")
        has_answer = "answer" in spec
        source = spec.get("answer_from")
        if has_answer and source:
            problems.append(f"{where}: give 'answer' or 'answer_from', not both")
        if not has_answer and not source and kind != "ordering":
            problems.append(f"{where}: no 'answer' and no 'answer_from'")
        if source is not None:
            if not isinstance(source, dict) or source.get("function") not in ANSWER_FUNCTIONS:
                problems.append(
                    f"{where}: answer_from.function must be one of {', '.join(ANSWER_FUNCTIONS)}"
                )
        if kind == "ordering" and not source and not spec.get("options"):
            problems.append(
                f"{where}: an ordering needs 'options' (in the right order) or 'answer_from'"
            )
        keys = _option_keys(spec)
        if len(keys) != len(set(keys)):
            problems.append(f"{where}: duplicate option keys")
        if has_answer and keys:
            answer = spec["answer"]
            if kind == "multiple_choice" and str(answer) not in keys:
                problems.append(f"{where}: answer {answer!r} is not among the options")
            if kind == "multiple_select":
                missing = [a for a in (answer or []) if str(a) not in keys]
                if missing:
                    problems.append(f"{where}: answers {missing} are not among the options")
            if kind == "classification":
                cats = [str(c) for c in spec.get("categories") or []]
                if not isinstance(answer, dict):
                    problems.append(f"{where}: a classification answer maps items to categories")
                else:
                    if set(map(str, answer)) != set(keys):
                        problems.append(
                            f"{where}: the answer must classify every option exactly once"
                        )
                    bad = [c for c in answer.values() if str(c) not in cats]
                    if bad:
                        problems.append(f"{where}: categories {bad} are not in 'categories'")
        if kind == "numeric" and has_answer:
            try:
                float(spec["answer"])
            except (TypeError, ValueError):
                problems.append(f"{where}: a numeric answer must be a number")
        if kind == "numeric" and "tolerance" in spec:
            try:
                if float(spec["tolerance"]) < 0:
                    problems.append(f"{where}: tolerance must not be negative")
            except (TypeError, ValueError):
                problems.append(f"{where}: tolerance must be a number")
        for name, param in (spec.get("params") or {}).items():
            if not isinstance(param, dict) or not param.get("choices"):
                problems.append(f"{where}: param {name!r} needs 'choices'")
    return problems


# --------------------------------------------------------------------------
# building exercises
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """A bank entry: its spec (as written) plus helpers to build it."""

    spec: Mapping[str, Any]

    @property
    def id(self) -> str:
        return str(self.spec["id"])

    @property
    def params(self) -> dict[str, dict[str, Any]]:
        return dict(self.spec.get("params") or {})

    def default_params(self) -> dict[str, str]:
        return {name: iso(p.get("default", p["choices"][0])) for name, p in self.params.items()}

    def build(self, **params: Any) -> Exercise:
        return build(self.spec, **params)


def _substitute(value: Any, params: Mapping[str, str]) -> Any:
    if isinstance(value, str) and value.startswith("$") and value[1:] in params:
        return params[value[1:]]
    if isinstance(value, list):
        return [_substitute(v, params) for v in value]
    if isinstance(value, dict):
        return {k: _substitute(v, params) for k, v in value.items()}
    return value


def param_label(name: str, value: str) -> str:
    """How a parameter value is shown: dates spelled out, members by name."""
    value = iso(value)
    if re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        return format_date(value)
    if name == "member":
        return with_article(membership.member_names().get(value, value))
    if name == "forum":
        return membership.forum_names().get(value, value)
    return value


def _compute(spec: Mapping[str, Any], source: Mapping[str, Any], chosen: Mapping[str, str]):
    """Run the answer function ``source`` names, with ``$param`` arguments filled in."""
    arguments = _substitute({k: v for k, v in source.items() if k != "function"}, chosen)
    try:
        return ANSWER_FUNCTIONS[source["function"]](spec, **arguments)
    except AnswerError as error:
        raise BankError(str(error)) from error


def _chosen_params(spec: Mapping[str, Any], params: Mapping[str, Any]) -> dict[str, str]:
    """The entry's default parameters overridden by ``params``, each checked."""
    item = Entry(spec)
    chosen = {**item.default_params(), **{k: iso(v) for k, v in params.items()}}
    unknown = set(chosen) - set(item.params)
    if unknown:
        raise BankError(f"{spec.get('id')}: unknown parameter(s) {sorted(unknown)}")
    for name, value in chosen.items():
        allowed = [iso(c) for c in spec["params"][name]["choices"]]
        if value not in allowed:
            raise BankError(f"{spec.get('id')}: {name}={value!r} is not one of {allowed}")
    return chosen


def _option(value: Any) -> Option:
    if isinstance(value, Option):
        return value
    if isinstance(value, dict):
        return Option(str(value["key"]), str(value.get("label", value["key"])))
    return Option(str(value), str(value))


def build(spec: Mapping[str, Any], **params: Any) -> Exercise:
    """Turn one bank entry into an :class:`Exercise`, computing data-driven fields."""
    chosen = _chosen_params(spec, params)
    fields: dict[str, Any] = dict(spec)
    source = fields.pop("answer_from", None)
    if source:
        for key, value in _compute(spec, source, chosen).items():
            if key == "options" and spec.get("options"):
                continue  # options written in the bank win (their order, their labels)
            if key == "why" and spec.get("why"):
                value = {**value, **spec["why"]}
            fields[key] = value
    labels = {name: param_label(name, value) for name, value in chosen.items()}
    relabel = {str(k): str(v) for k, v in (spec.get("labels") or {}).items()}
    options = tuple(
        Option(o.key, relabel.get(o.key, o.label))
        for o in map(_option, fields.get("options") or ())
    )

    def figure_value(selector: str) -> float:
        return float(figure(selector)["value"])

    def fill_text(text: str, answer: str | None = None) -> str:
        return fill(" ".join(str(text or "").split()), chosen, labels, figure_value, answer)

    def texts(answer: str | None = None) -> dict[str, str]:
        paragraphs = str(spec["prompt"]).split("\n\n")
        return {
            "id": str(spec["id"]),
            "prompt": "\n\n".join(fill_text(p) for p in paragraphs),
            "explanation": fill_text(spec.get("explanation"), answer),
            "hint": fill_text(spec.get("hint"), answer),
        }

    def compute(value: Any) -> float:
        """A number, or a ``{function: ...}`` computed like an answer."""
        if isinstance(value, dict):
            return float(_compute(spec, value, chosen)["answer"])
        return float(value)

    parts = SpecParts(
        fields=fields,
        options=options,
        why={str(k): str(v) for k, v in (fields.get("why") or {}).items()},
        texts=texts,
        compute=compute,
    )
    kind = KINDS.get(str(spec.get("kind")))
    if kind is None:
        raise BankError(f"{spec.get('id')}: unknown kind {spec.get('kind')!r}")
    try:
        return kind.from_spec(parts)
    except ValueError as error:
        raise BankError(str(error)) from error


def entries(chapter: int | None = None, path: str | Path | None = None) -> list[Entry]:
    """All bank entries (optionally of one chapter), in bank order."""
    return [Entry(s) for s in load_bank(path) if chapter is None or s["chapter"] == chapter]


def entry(exercise_id: str, path: str | Path | None = None) -> Entry:
    """The entry with ``exercise_id``; a helpful ``KeyError`` otherwise."""
    found = {e.id: e for e in entries(path=path)}
    key = str(exercise_id).strip()
    if key not in found and f"Q{key}" in found:
        key = f"Q{key}"
    if key not in found:
        raise KeyError(f"No exercise {exercise_id!r}. Known ids: {', '.join(found)}")
    return found[key]


KIND_NAMES = {
    "multiple_choice": "multiple choice",
    "multiple_select": "multiple select",
    "numeric": "numeric",
    "ordering": "ordering",
    "classification": "classification",
}
MINUTES = {"easy": 3, "medium": 5, "hard": 8}  # suggested working time per question


def catalogue(path: str | Path | None = None):
    """The exercise list for instructors: one row per bank entry.

    Columns: ``id``, ``chapter``, ``title``, ``kind``, ``difficulty``,
    ``minutes`` (suggested), ``objective``, ``page``, ``data_driven``.
    """
    import pandas as pd

    rows = []
    for item in entries(path=path):
        spec = item.spec
        rows.append(
            {
                "id": item.id,
                "chapter": int(spec["chapter"]),
                "title": str(spec["title"]),
                "kind": KIND_NAMES[spec["kind"]],
                "difficulty": str(spec["difficulty"]),
                "minutes": MINUTES[str(spec["difficulty"])],
                "objective": " ".join(str(spec["objective"]).split()),
                "page": str(spec["page"]),
                "data_driven": bool(spec.get("answer_from")),
            }
        )
    return pd.DataFrame(rows)


def parameter_grid(item: Entry) -> list[dict[str, str]]:
    """Every combination of an entry's parameters (for the answer key)."""
    combos: list[dict[str, str]] = [{}]
    for name, param in item.params.items():
        combos = [{**c, name: iso(v)} for c in combos for v in param["choices"]]
    return combos
