"""The data the in-page checker gets: complete enough to check, never the worked solution."""

from __future__ import annotations

import html
import json
import re
from types import SimpleNamespace

import pytest

from aigovbook.book.exercises import PAGE_KINDS, PROGRESS, _page_context, progress_html
from aigovbook.exercises import Classification, MultipleChoice, MultipleSelect, Ordering, entries
from aigovbook.exercises.bank import parameter_grid
from aigovbook.exercises.quiz.static import (
    JS_PATH,
    book_version,
    full_variant,
    holder_html,
    payload,
    variant_key,
)

ENTRIES = [e for e in entries() if e.spec["kind"] in PAGE_KINDS]  # kinds the page checks


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _data(holder: str) -> dict:
    raw = re.search(
        r'<script type="application/json" class="aigov-ex-data">(.*?)</script>', holder, re.S
    )
    return json.loads(raw.group(1))


@pytest.mark.parametrize("item", ENTRIES, ids=lambda e: e.id)
def test_holder_carries_every_variant_and_no_solution(item):
    holder = holder_html(item)
    assert f'data-exercise-id="{item.id}"' in holder
    assert (
        "</script>" not in holder.split('class="aigov-ex-data">', 1)[1][: -len("</script></div>")]
    )
    data = _data(holder)
    assert data == json.loads(json.dumps(payload(item)))
    assert data["version"] == book_version()
    combos = parameter_grid(item) if item.params else [{}]
    assert sorted(data["variants"]) == sorted(variant_key(c) for c in combos)
    flat = _norm(holder)
    for combo in combos:
        ex = item.build(**combo)
        got = full_variant(data, variant_key(combo))
        assert got["prompt"] == ex.prompt and got["kind"] == ex.kind
        # no worked solution, no answer text with its explanations
        assert _norm(ex.explanation) not in flat
        assert _norm(ex.explanation)[:60] not in flat
        if isinstance(ex, (Ordering, Classification)):
            assert "why" not in got  # for these kinds the explanations are solution material
            for why in ex.why.values():
                if len(why) > 25:
                    assert _norm(why) not in flat
        if isinstance(ex, (MultipleChoice, MultipleSelect)):
            assert got["why"] == dict(ex.why)  # shown as feedback after a check, as in Python


def _app(hide: bool):
    added = []
    builder = SimpleNamespace(get_relative_uri=lambda here, there: f"../{there}.html")
    config = SimpleNamespace(hide_solutions=hide)
    return SimpleNamespace(
        config=config, builder=builder, add_js_file=added.append, add_css_file=added.append
    ), added


@pytest.mark.parametrize("hide", [False, True])
def test_solutions_only_in_the_instructor_edition(hide):
    item = next(e for e in ENTRIES if e.params)
    app, added = _app(hide)
    context = {"body": holder_html(item)}
    _page_context(app, "chapters/x", "page.html", context, None)
    assert JS_PATH.name in added
    explanation = _norm(item.build().explanation)
    has = 'id="aigov-worked"' in context["body"]
    assert has is (not hide)
    assert (explanation in _norm(context["body"].replace("\\n", " "))) is (not hide)


def test_pages_without_exercises_get_no_script():
    app, added = _app(False)
    context = {"body": "<p>Nothing here.</p>"}
    _page_context(app, "chapters/x", "page.html", context, None)
    assert added == [] and context["body"] == "<p>Nothing here.</p>"


def test_progress_page_lists_every_question_with_a_link():
    app, added = _app(True)
    context = {"body": f"<h1>My progress</h1>{PROGRESS}"}
    _page_context(app, "chapters/progress", "page.html", context, None)
    body = context["body"]
    assert body.count("data-progress-for=") == len(ENTRIES)
    for item in ENTRIES:
        assert (
            f'href="../{item.spec["page"]}.html#exercise-{item.id.lower().replace(".", "-")}"'
            in body
        )
    assert progress_html(app, "chapters/progress") in body
    assert "Download my answers" in body and "Clear my progress" in body
    assert f'data-version="{book_version()}"' in body


def test_exercise_only_pages_drop_the_widget_manager():
    from aigovbook.book.exercises import WIDGET_STATE

    item = ENTRIES[0]
    manager = {"jupyter-widgets/require.js": {}, "jupyter-widgets/embed-amd.js": {}}

    def scripts():
        return [
            SimpleNamespace(filename="jupyter-widgets/require.js", attributes={}),
            SimpleNamespace(filename="jupyter-widgets/embed-amd.js", attributes={}),
            SimpleNamespace(filename=None, attributes={"type": WIDGET_STATE, "body": "{}"}),
            SimpleNamespace(filename="other.js", attributes={}),
        ]

    for extra, kept in (("", 1), ('<script type="application/vnd.jupyter.widget-view+json">', 4)):
        app, added = _app(True)
        app.config.nb_ipywidgets_js = manager
        context = {"body": holder_html(item) + extra, "script_files": scripts()}
        _page_context(app, "chapters/x", "page.html", context, None)
        assert len(context["script_files"]) == kept


@pytest.mark.parametrize("hide", [False, True])
def test_answer_key_slot_is_filled_only_in_the_instructor_edition(hide, monkeypatch):
    from aigovbook.exercises import EDITION_ENV
    from aigovbook.exercises.quiz.widgets import answer_key_html

    monkeypatch.delenv(EDITION_ENV, raising=False)
    slot = answer_key_html()  # what a stored output holds: the student view
    explanation = _norm(ENTRIES[0].build().explanation)
    assert "data-aigov-answer-key" in slot and explanation not in _norm(slot)
    monkeypatch.setenv(EDITION_ENV, "instructor")  # the explicit instructor view
    assert explanation in _norm(html.unescape(answer_key_html()))
    app, _ = _app(hide)
    context = {"body": f"<h2>Answer key</h2>{slot}<p>after</p>"}
    _page_context(app, "chapters/instructors", "page.html", context, None)
    body = context["body"]
    assert "data-aigov-answer-key" not in body and body.endswith("<p>after</p>")
    assert (explanation in _norm(html.unescape(body))) is (not hide)
    assert ("not included in the student edition" in body) is hide


def test_book_version_follows_the_questions_only(tmp_path):
    """Progress is keyed by the questions: a code exercise or a comment added to the bank
    file keeps the version; a changed question changes it."""
    from aigovbook.exercises.bank import BANK_PATH

    text = BANK_PATH.read_text(encoding="utf-8")
    same = tmp_path / "same.yaml"
    same.write_text("# a comment\n" + text + "\n# another comment\n", encoding="utf-8")
    assert book_version(str(same)) == book_version()
    changed = tmp_path / "changed.yaml"
    changed.write_text(text.replace("difficulty: easy", "difficulty: medium", 1), "utf-8")
    assert book_version(str(changed)) != book_version()
