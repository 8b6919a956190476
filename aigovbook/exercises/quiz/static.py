"""Kernel-free exercises: the data the in-page checker needs, from the bank.

Every exercise is also rendered as a small HTML holder carrying its checking data as
JSON (one variant per parameter choice); ``assets/aigov-check.js`` turns it into
controls and checks answers exactly as :mod:`.kinds` does. The JSON never carries the
worked solution or the answer text: the Sphinx extension adds those in the instructor
edition only. What it carries, and why, is in the authors' architecture notes.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from ...facts import fact, tip_text
from ..bank import BANK_PATH, Entry, fact_keys, load_bank, param_label, parameter_grid
from .formatting import iso
from .kinds import (
    UNIT_ALIASES,
    Classification,
    Exercise,
    MultipleChoice,
    MultipleSelect,
    Numeric,
    Ordering,
)

__all__ = [
    "BOOK_VERSION_FILE",
    "JS_PATH",
    "anchor",
    "book_version",
    "holder_html",
    "payload",
    "solutions",
    "variant",
    "variant_key",
]

JS_PATH = Path(__file__).resolve().parent / "assets" / "aigov-check.js"
BOOK_VERSION_FILE = Path(__file__).resolve().parents[3] / "pyproject.toml"


@lru_cache(maxsize=4)
def book_version(bank_path: str | None = None) -> str:
    """``<package version>+<first 10 hex of a SHA-256 of the questions>``, e.g. ``0.1.0+3f2a...``.

    Progress in the browser and submitted answer files are keyed by it: a
    change to a question (a corrected answer, a new question) is a new version.
    Only the questions count (the bank's ``exercises:`` list, as parsed): a new
    code exercise or an edited comment in the file leaves the version alone.
    """
    version = "0"
    try:
        for line in BOOK_VERSION_FILE.read_text(encoding="utf-8").splitlines():
            if line.strip().startswith("version"):
                version = line.split("=", 1)[1].strip().strip("\"'")
                break
    except OSError:
        pass
    questions = json.dumps(load_bank(bank_path or BANK_PATH), sort_keys=True, default=str)
    digest = hashlib.sha256(questions.encode("utf-8")).hexdigest()[:10]
    return f"{version}+{digest}"


def anchor(exercise_id: str) -> str:
    """The HTML id of an exercise's holder: ``Q4.1`` -> ``exercise-q4-1``."""
    return "exercise-" + exercise_id.lower().replace(".", "-")


def variant_key(params: dict[str, str]) -> str:
    """``{member: USA, date: 2019-12-31}`` -> ``"USA|2019-12-31"`` (bank order)."""
    return "|".join(str(v) for v in params.values())


def variant(exercise: Exercise) -> dict[str, Any]:
    """What the page's checker needs to check one built exercise (no solution)."""
    data: dict[str, Any] = {"kind": exercise.kind, "prompt": exercise.prompt, "hint": exercise.hint}
    if isinstance(exercise, (MultipleChoice, MultipleSelect, Ordering, Classification)):
        data["options"] = [[o.key, o.label] for o in exercise.options]
    if isinstance(exercise, MultipleChoice):
        data["answer"] = exercise.answer
        data["why"] = dict(exercise.why)
    elif isinstance(exercise, MultipleSelect):
        data["answer"] = [o.key for o in exercise.options if o.key in exercise.answer]
        data["why"] = dict(exercise.why)
    elif isinstance(exercise, Ordering):
        # options are in the right order; the page shows them in display order
        data["display"] = [o.key for o in exercise.display_order()]
    elif isinstance(exercise, Classification):
        data["categories"] = list(exercise.categories)
        data["answer"] = dict(exercise.answer)
    elif isinstance(exercise, Numeric):
        data.update(
            answer=exercise.answer,
            tolerance=exercise.tolerance,
            unit=exercise.unit,
            aliases=list(UNIT_ALIASES.get(exercise.unit, ())),
            minimum=exercise.minimum,
            maximum=exercise.maximum,
            decimals=exercise.decimals,
            mistakes=[list(m) for m in exercise.mistakes],
        )
    return data


def _grid(item: Entry) -> list[dict[str, str]]:
    return parameter_grid(item) if item.params else [{}]


def payload(item: Entry) -> dict[str, Any]:
    """The JSON for one exercise: its parameters and one variant per choice."""
    params = [
        {
            "name": name,
            "label": str(p.get("label", name.capitalize())),
            "choices": [[iso(c), param_label(name, c)] for c in p["choices"]],
        }
        for name, p in item.params.items()
    ]
    variants = {variant_key(combo): variant(item.build(**combo)) for combo in _grid(item)}
    data = {
        "id": item.id,
        "title": str(item.spec["title"]),
        "version": book_version(),
        "params": params,
        "default": variant_key(item.default_params()),
        **_factor(variants),
    }
    keys = fact_keys(item.id)
    if keys:  # figures from data/facts.csv in the prompt: [text, source note, key]
        data["facts"] = [[fact(k).text, tip_text(k), k] for k in keys]
    return data


def mark_facts(escaped: str, facts: list[list[str]], prefix: str, start: int = 0) -> str:
    """An HTML-escaped text with each figure of ``facts`` marked as the ``{fact}`` role
    marks it in the prose (focusable, with its source note as a tooltip), in one pass."""
    if not facts:
        return escaped
    notes = {html.escape(text): (tip, key) for text, tip, key in facts}
    pattern = re.compile("|".join(re.escape(t) for t in sorted(notes, key=len, reverse=True)))
    count = start

    def one(match: re.Match) -> str:
        nonlocal count
        count += 1
        tip, key = notes[match.group()]
        ident = f"{prefix}-fact-{count}"
        return (
            f'<span class="aigov-fact-box"><span class="aigov-fact" tabindex="0" '
            f'data-fact="{html.escape(key)}" aria-describedby="{ident}">{match.group()}</span>'
            f'<span class="aigov-fact-tip" role="tooltip" id="{ident}">{html.escape(tip)}</span>'
            "</span>"
        )

    return pattern.sub(one, escaped)


def _factor(variants: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Fields equal in every variant go to ``common`` once (the page merges them back)."""
    first = next(iter(variants.values()))
    common = {k: v for k, v in first.items() if all(x.get(k) == v for x in variants.values())}
    rest = {key: {k: v for k, v in x.items() if k not in common} for key, x in variants.items()}
    return {"common": common, "variants": rest}


def full_variant(data: dict[str, Any], key: str) -> dict[str, Any]:
    """Variant ``key`` of a :func:`payload`, with its common fields merged back."""
    return {**data["common"], **data["variants"][key]}


def solutions(item: Entry) -> dict[str, Any]:
    """Worked solution text (answer + explanation) per variant: instructor edition only.

    ``{"answers": {variant: answer text}, "explanation": text}`` when every
    variant has the same explanation, else ``{"solutions": {variant: text}}``.
    """
    built = {variant_key(combo): item.build(**combo) for combo in _grid(item)}
    explanations = {ex.explanation for ex in built.values()}
    if len(explanations) == 1:
        return {
            "answers": {k: f"Answer: {ex.answer_text()}" for k, ex in built.items()},
            "explanation": explanations.pop(),
        }
    return {"solutions": {k: ex.solution() for k, ex in built.items()}}


def _json_for_html(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">`` (no ``</`` or ``<!--``)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def holder_html(item: Entry) -> str:
    """The static fallback of an exercise: its question as text plus its checking data.

    Without JavaScript the reader sees the question and the options; the
    script replaces the list with controls, a Check button and a live
    feedback region.
    """
    data = payload(item)
    first = full_variant(data, data["default"])
    parts = [
        f'<div class="aigov-ex" id="{anchor(item.id)}" data-exercise-id="{html.escape(item.id)}"'
        f' data-kind="{html.escape(first["kind"])}">',
        '<div class="aigov-ex-prompt">',
    ]
    facts = data.get("facts", [])
    parts += [
        f"<p>{mark_facts(html.escape(p), facts, f'{anchor(item.id)}-{n}')}</p>"
        for n, p in enumerate(first["prompt"].split("\n\n"))
        if p.strip()
    ]
    parts.append("</div>")
    options = first.get("options")
    if first["kind"] == "ordering":
        by_key = dict(options)
        options = [[k, by_key[k]] for k in first["display"]]
    if options:
        parts.append('<ul class="aigov-ex-static">')
        parts += [f"<li>{html.escape(label)}</li>" for _, label in options]
        parts.append("</ul>")
    if first.get("categories"):
        cats = ", ".join(html.escape(c) for c in first["categories"])
        parts.append(f'<p class="aigov-ex-static">Categories: {cats}.</p>')
    parts.append(
        '<p class="aigov-ex-nojs">To check your answer on this page, turn on JavaScript '
        "(or open the page in Jupyter).</p>"
    )
    parts.append(
        f'<script type="application/json" class="aigov-ex-data">{_json_for_html(data)}</script>'
    )
    parts.append("</div>")
    return "".join(parts)
