"""The ipywidgets UI (aigovbook.exercises.quiz.widgets), the pages that show it, the answer key."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

import aigovbook
from aigovbook.exercises import (
    EDITION_ENV,
    Classification,
    MultipleChoice,
    MultipleSelect,
    Numeric,
    Ordering,
    entry,
    show,
    widget,
)
from aigovbook.exercises.quiz.widgets import answer_key_html
from tools.book import ROOT

from ..bank_cases import ENTRIES, IDS, all_builds


def _notebook(page: str) -> dict:
    return json.loads((ROOT / f"{page}.ipynb").read_text(encoding="utf-8"))


def _sources(nb: dict, kind: str) -> list[str]:
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == kind]


def _widget_texts(box) -> str:
    """Every string value in a widget tree (what the saved widget state holds)."""
    texts = []
    stack = [box]
    while stack:
        node = stack.pop()
        for name in ("value", "description", "tooltip", "placeholder", "_options_labels"):
            value = getattr(node, name, None)
            if isinstance(value, str):
                texts.append(value)
            elif isinstance(value, (tuple, list)):
                texts += [str(v) for v in value]
        stack += list(getattr(node, "children", ()))
    return "\n".join(texts)


def _answer_through_controls(ui, exercise):
    if isinstance(exercise, MultipleChoice):
        ui.control.value = exercise.answer
    elif isinstance(exercise, MultipleSelect):
        for key, box in ui.checkboxes.items():
            box.value = key in exercise.answer
    elif isinstance(exercise, Numeric):
        ui.control.value = f"{exercise.answer:.3f}"
    elif isinstance(exercise, Ordering):
        for position, key in enumerate(exercise.answer, start=1):
            ui.dropdowns[key].value = position
    elif isinstance(exercise, Classification):
        for key, category in exercise.answer.items():
            ui.dropdowns[key].value = category


@pytest.mark.parametrize("page", sorted({e.spec["page"] for e in ENTRIES}))
def test_each_page_shows_its_exercises_and_nothing_else(page):
    nb = _notebook(page)
    code = "\n".join(_sources(nb, "code"))
    markdown = "\n".join(_sources(nb, "markdown"))
    shown = re.findall(r'show\("([^"]+)"\)', code)
    expected = [e.id for e in ENTRIES if e.spec["page"] == page]
    assert shown == expected
    for item in ENTRIES:
        if item.spec["page"] == page:
            assert re.search(
                rf"^#+ {re.escape(item.id)} {re.escape(item.spec['title'])}$", markdown, re.M
            )
    # the page opens with its title and links back to its chapter, which exists
    first = _sources(nb, "markdown")[0]
    assert first.startswith("# ")
    links = re.findall(r"\]\((index\.md)\)", markdown)
    assert links and (ROOT / Path(page).parent / "index.md").exists()
    # the exercises work in the static page (aigov-check.js): no "needs a kernel" note for them
    assert "Launch this page (rocket icon, top of the page) to check your answer" not in markdown
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


def test_widget_notebooks_use_no_interact():
    for page in {e.spec["page"] for e in ENTRIES} | {"chapters/instructors"}:
        assert "interact" not in "\n".join(_sources(_notebook(page), "code"))


def test_answer_key_contains_every_answer_and_explanation():
    key = html.unescape(re.sub(r"<[^>]+>", " ", answer_key_html(inline=True)))
    flat = " ".join(key.split())
    for item, combo, exercise in all_builds():
        assert exercise.explanation in flat, item.id
        assert " ".join(exercise.answer_text().split()) in flat, (item.id, combo)


@pytest.mark.parametrize("exercise_id", IDS)
def test_widget_checks_in_place_and_reveals_the_solution_only_after_an_attempt(exercise_id):
    ui = widget(exercise_id)
    exercise = ui.exercise
    # initial (saved, static) state: no solution anywhere, solution button disabled
    assert exercise.explanation not in _widget_texts(ui.box)
    assert ui.solution_button.disabled and ui.solution.value == "" and ui.feedback.value == ""
    ui._on_solution()
    assert ui.solution.value == ""
    # an empty attempt gives a helpful message and keeps the solution locked
    ui._on_check()
    assert "Please check your answer" in ui.feedback.value and ui.solution_button.disabled
    # a right answer through the controls
    _answer_through_controls(ui, exercise)
    result = ui._on_check()
    assert result.correct and "✓ Correct" in ui.feedback.value
    assert not ui.solution_button.disabled
    ui._on_solution()
    assert (
        exercise.explanation[:40].replace('"', "&quot;").replace("'", "&#x27;") in ui.solution.value
    )


def test_every_control_is_labelled():
    for exercise_id in IDS:
        ui = widget(exercise_id)
        controls = list(ui.answer_box.children) + list(ui.param_controls.values())
        for control in controls:
            assert control.description.strip(), (exercise_id, control)
        assert ui.check_button.description == "Check"
        assert ui.solution_button.description == "Show solution"


def test_changing_a_parameter_rebuilds_and_resets():
    ui = widget("Q4.2")
    _answer_through_controls(ui, ui.exercise)
    assert ui._on_check().correct
    ui.param_controls["member"].value = "RUS"
    assert ui.solution_button.disabled and ui.feedback.value == ""
    assert "Russia" in ui.prompt.value
    assert ui.exercise.answer == aigovbook.forums_of("RUS", "2019-12-31") & {
        o.key for o in ui.exercise.options
    }


def test_numeric_widget_explains_bad_input():
    ui = widget("Q2.1")
    ui.control.value = "sixty-eight"
    ui._on_check()
    assert "is not a number" in ui.feedback.value and ui.solution_button.disabled
    ui.control.value = "68 kg"
    ui._on_check()
    assert "give the answer in %" in ui.feedback.value


def test_show_displays_one_output_with_the_widget_and_the_static_holder(monkeypatch):
    from aigovbook.exercises.quiz import widgets as ui_module

    shown = []
    monkeypatch.setattr(ui_module, "display", shown.append)
    for edition in ("", "student"):
        monkeypatch.setenv(EDITION_ENV, edition)
        shown.clear()
        show("Q4.1")
        assert len(shown) == 1 and isinstance(shown[0], ui_module.ExerciseOutput)
        bundle = shown[0]._repr_mimebundle_()
        assert "application/vnd.jupyter.widget-view+json" in bundle
        holder = bundle["text/html"]
        assert 'data-exercise-id="Q4.1"' in holder and "aigov-ex-data" in holder
        # the worked solution is in no output, in either edition
        assert entry("Q4.1").build().explanation[:40] not in holder
        assert "aigov-solution" not in holder


def test_bank_exercises_explain_bad_input():
    countries = entry("Q4.3").build()
    unknown = countries.check({"ATLANTIS": "Neither"})
    assert not unknown.valid and "not one of the options" in unknown.message
    partial = countries.check({"CHN": "Only G20"})
    assert not partial.valid and "1 of 8" in partial.message
    forums = entry("Q4.1").build()
    assert "twice" in forums.check(["G20", "G20"]).message
    assert "not one of the options" in forums.check(["NATO"]).message
    count = entry("Q4.7").build()
    assert "does not fit" in count.check("25 %").message
    assert "cannot be below" in count.check("-1").message
