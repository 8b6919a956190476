"""The exercise bank: validation, bank <-> data consistency, pages, widgets."""

from __future__ import annotations

import copy
import html
import json
import re
from pathlib import Path

import pytest

import aigovbook
from aigovbook.charts.explorer import FULL_FORUMS
from aigovbook.exercises import (
    EDITION_ENV,
    BankError,
    Classification,
    MultipleChoice,
    MultipleSelect,
    Numeric,
    Ordering,
    build,
    entries,
    entry,
    load_bank,
    show,
    validate_bank,
    widget,
)
from aigovbook.exercises.bank import BANK_PATH, catalogue, parameter_grid
from aigovbook.exercises.widgets import answer_key_html

ROOT = Path(__file__).resolve().parent.parent
ENTRIES = entries()
IDS = [e.id for e in ENTRIES]


def all_builds():
    for item in ENTRIES:
        for combo in parameter_grid(item):
            yield item, combo, item.build(**combo)


def right_answer(exercise):
    """The answer a student would give to be right, in the kind's input form."""
    if isinstance(exercise, MultipleChoice):
        return exercise.answer
    if isinstance(exercise, MultipleSelect):
        return sorted(exercise.answer)
    if isinstance(exercise, Numeric):
        return exercise.answer
    if isinstance(exercise, Ordering):
        return list(exercise.answer)
    if isinstance(exercise, Classification):
        return dict(exercise.answer)
    raise AssertionError(exercise)


# -- the bank as written --------------------------------------------------------------


def test_bank_is_valid_and_covers_every_chapter():
    specs = load_bank()
    assert len(specs) == len(set(IDS)) == len(IDS)
    per_chapter = {n: sum(1 for e in ENTRIES if e.spec["chapter"] == n) for n in (1, 2, 3, 4)}
    assert all(per_chapter[n] >= 2 for n in (1, 2, 3)), per_chapter
    assert per_chapter[4] >= 6, per_chapter
    kinds = {e.spec["kind"] for e in ENTRIES}
    assert kinds == {"multiple_choice", "multiple_select", "numeric", "ordering", "classification"}


def _bad(**change):
    spec = copy.deepcopy(load_bank()[1])  # Q1.2, a typed multiple-choice question
    spec.update(change)
    return spec


@pytest.mark.parametrize(
    "specs, words",
    [
        ([_bad(), _bad()], "duplicate id"),
        ([_bad(kind="essay")], "unknown kind"),
        ([_bad(answer="nope")], "not among the options"),
        ([_bad(difficulty="brutal")], "difficulty"),
        ([_bad(id="4.1")], "id must look like"),
        ([_bad(id="Q3.9")], "does not match chapter"),
        ([_bad(explanation="Too short.")], "shorter than"),
        (
            [_bad(answer_from={"function": "forums_of", "member": "CHN", "date": "2021-12-31"})],
            "not both",
        ),
        ([{k: v for k, v in _bad().items() if k != "objective"}], "missing 'objective'"),
        ([{k: v for k, v in _bad().items() if k != "answer"}], "no 'answer'"),
        ([_bad(options=["a", "a"], answer="a")], "duplicate option keys"),
        ([_bad(kind="numeric", answer="many", options=[])], "must be a number"),
        ([_bad(kind="numeric", answer=3, options=[], tolerance=-1)], "must not be negative"),
        ([_bad(kind="multiple_select", answer=["striving", "zzz"])], "not among the options"),
        ([_bad(kind="classification", categories=["x"], answer={"striving": "x"})], "exactly once"),
        (
            [
                _bad(
                    kind="classification",
                    categories=["x"],
                    answer={k: "y" for k in ["low_profile", "striving", "g2", "five_principles"]},
                )
            ],
            "not in 'categories'",
        ),
        (
            [
                {k: v for k, v in _bad().items() if k != "answer"}
                | {"answer_from": {"function": "guess"}}
            ],
            "answer_from.function",
        ),
        ([_bad(params={"member": {"label": "Country"}})], "needs 'choices'"),
        (["not a mapping"], "not a mapping"),
    ],
)
def test_validation_names_the_problem(specs, words):
    problems = validate_bank(specs)
    assert any(words in p for p in problems), problems


def test_load_bank_raises_with_every_problem(tmp_path):
    bad = tmp_path / "bank.yaml"
    bad.write_text("exercises:\n  - {id: Q1.1, kind: essay}\n", encoding="utf-8")
    with pytest.raises(BankError, match="unknown kind"):
        load_bank(bad)


def test_unknown_ids_and_parameters_are_explained():
    with pytest.raises(KeyError, match="Known ids"):
        entry("Q9.9")
    assert entry("4.1").id == "Q4.1"  # the "Q" may be left out
    with pytest.raises(BankError, match="not one of"):
        entry("Q4.2").build(member="CHN")  # not offered: China is the subject of Q4.1
    with pytest.raises(BankError, match="unknown parameter"):
        entry("Q4.1").build(colour="red")


# -- every exercise accepts its own answer -----------------------------------------------------


@pytest.mark.parametrize(
    "item, combo, exercise",
    list(all_builds()),
    ids=lambda v: getattr(v, "id", None) or (",".join(v.values()) if isinstance(v, dict) else None),
)
def test_every_exercise_accepts_its_answer_and_rejects_a_wrong_one(item, combo, exercise):
    good = exercise.check(right_answer(exercise))
    assert good.valid and good.correct, good
    assert exercise.explanation and exercise.explanation not in exercise.prompt
    assert (
        "{" not in exercise.prompt + exercise.explanation + exercise.hint
    )  # every placeholder filled
    if isinstance(exercise, (MultipleChoice, MultipleSelect, Classification, Ordering)):
        assert len(exercise.options) >= 3
    if isinstance(exercise, MultipleChoice):
        wrong = next(o.key for o in exercise.options if o.key != exercise.answer)
        assert not exercise.check(wrong).correct
        assert set(exercise.why) <= {o.key for o in exercise.options}
    if isinstance(exercise, Ordering):
        assert not exercise.check(list(reversed(exercise.answer))).correct
    if isinstance(exercise, Classification):
        assert set(exercise.answer) == {o.key for o in exercise.options}
        assert set(exercise.answer.values()) <= set(exercise.categories)
        assert len(set(exercise.answer.values())) >= 2  # more than one category is used
    if isinstance(exercise, Numeric):
        for value, _tol, _message in exercise.mistakes:
            assert abs(value - exercise.answer) > exercise.tolerance, (
                "a listed mistake counts as right"
            )


# -- bank <-> data consistency -------------------------------------------------------------------


def test_membership_answers_are_computed_not_typed():
    for item in entries(chapter=4):
        assert "answer" not in item.spec and item.spec.get("answer_from"), item.id


def test_q4_1_matches_forums_of():
    exercise = entry("Q4.1").build()
    offered = {o.key for o in exercise.options}
    assert exercise.answer == aigovbook.forums_of("CHN", "2021-12-31") & offered
    assert {"G20", "UN", "BRICS"} <= exercise.answer
    assert not {"G7", "OECD", "GPAI"} & exercise.answer


@pytest.mark.parametrize("combo", parameter_grid(entry("Q4.2")), ids=lambda c: ",".join(c.values()))
def test_q4_2_matches_forums_of_for_every_choice(combo):
    exercise = entry("Q4.2").build(**combo)
    offered = {o.key for o in exercise.options}
    assert exercise.answer == aigovbook.forums_of(combo["member"], combo["date"]) & offered
    assert offered <= set(FULL_FORUMS)  # only forums whose members are all recorded


@pytest.mark.parametrize("combo", parameter_grid(entry("Q4.3")), ids=lambda c: ",".join(c.values()))
def test_q4_3_matches_members_on(combo):
    exercise = entry("Q4.3").build(**combo)
    g20 = aigovbook.members_on("G20", combo["date"])
    gpai = aigovbook.members_on("GPAI", combo["date"])
    for code, category in exercise.answer.items():
        expected = (code in g20, code in gpai)
        assert (
            category
            == {
                (True, True): "Both G20 and GPAI",
                (True, False): "Only G20",
                (False, True): "Only GPAI",
                (False, False): "Neither",
            }[expected]
        )


def test_q4_4_matches_the_forums_table():
    kinds = aigovbook.load("forums").set_index("id")["kind"]
    exercise = entry("Q4.4").build()
    for key, category in exercise.answer.items():
        assert category.startswith("Embedded") == (kinds[key] == "embedded"), key


def test_q4_5_orders_gpai_by_join_date():
    exercise = entry("Q4.5").build()
    days = [key.removeprefix("wave-") for key in exercise.answer]
    joined = aigovbook.load("memberships").query("forum == 'GPAI'")["joined"].dt.date.astype(str)
    assert days == sorted(set(joined))
    assert days[0] == "2020-06-15"


def test_q4_6_and_q4_7_follow_the_membership_api():
    assert entry("Q4.6").build().answer == "G20"
    assert "CHN" in aigovbook.members_on("G20", "2021-12-31")
    assert entry("Q4.7").build().answer == len(aigovbook.members_on("GPAI", "2021-12-31")) == 25


def test_q2_1_is_computed_from_pwc_figures():
    figures = aigovbook.load("figures").set_index("id")["value"]
    exercise = entry("Q2.1").build()
    assert exercise.answer == pytest.approx(
        (figures["P06"] + figures["P09"]) / figures["P01"] * 100
    )
    assert 67 < exercise.answer < 69.5  # "almost 70 per cent", not the article's 70
    assert "rounded figure" in exercise.check("70%").message
    assert "China's share alone" in exercise.check(figures["P08"]).message


def test_timelines_and_categories_follow_their_tables():
    doctrine = aigovbook.load("doctrine").set_index("id")["start"]
    order = entry("Q1.1").build().answer
    assert [doctrine[k] for k in order] == sorted(doctrine[k] for k in order)
    milestones = entry("Q3.2").build().answer
    assert list(milestones) == sorted(milestones)
    documents = aigovbook.load("documents").set_index("id")["category"]
    labels = entry("Q3.1").spec["answer_from"]["labels"]
    for key, category in entry("Q3.1").build().answer.items():
        assert category == labels[documents[key]]


# The membership explorers are tested in tests/unit/charts/test_explorer.py.


# -- pages --------------------------------------------------------------------------------------


def _notebook(page: str) -> dict:
    return json.loads((ROOT / f"{page}.ipynb").read_text(encoding="utf-8"))


def _sources(nb: dict, kind: str) -> list[str]:
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == kind]


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


def test_catalogue_lists_every_exercise():
    table = catalogue()
    assert list(table["id"]) == IDS
    assert set(table.columns) >= {"id", "kind", "difficulty", "objective", "minutes"}


def test_answer_key_contains_every_answer_and_explanation():
    key = html.unescape(re.sub(r"<[^>]+>", " ", answer_key_html(inline=True)))
    flat = " ".join(key.split())
    for item, combo, exercise in all_builds():
        assert exercise.explanation in flat, item.id
        assert " ".join(exercise.answer_text().split()) in flat, (item.id, combo)


# -- widgets --------------------------------------------------------------------------------------


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
    from aigovbook.exercises import widgets as ui_module

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


def test_build_works_on_a_copy_of_the_spec():
    spec = copy.deepcopy(load_bank(BANK_PATH)[0])
    first = build(spec)
    assert spec == load_bank(BANK_PATH)[0]  # building does not mutate the bank
    assert first.answer == build(spec).answer


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
