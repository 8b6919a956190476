"""The ipywidgets UI for bank exercises: one call, ``show("Q4.1")``.

Each exercise is a box of labelled, keyboard-operable controls, a Check button, a
feedback area and a "Show solution" button enabled after a graded attempt. Solutions
enter the widget models only when a student clicks in a live kernel, so the stored
widget state never contains them. :func:`show` displays one output with the widget
view and a static HTML fallback (:class:`ExerciseOutput`) that the book renders.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import os
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import ipywidgets as w
from IPython.display import display

from ..bank import Entry, entry, param_label
from .kinds import (
    Classification,
    Exercise,
    Feedback,
    MultipleChoice,
    MultipleSelect,
    Numeric,
    Ordering,
)

__all__ = [
    "EDITION_ENV",
    "ExerciseOutput",
    "ExerciseWidget",
    "is_student_edition",
    "show",
    "solution_html",
    "stable_model_ids",
    "widget",
]

EDITION_ENV = "AIGOVBOOK_EDITION"
UNSET = ""
WIDE = {"description_width": "initial"}
ROW = {"description_width": "60%"}  # item text on the left (wraps), control on the right

# Standard ipywidgets labels are one line and cut long text; exercise options
# are sentences. Scoped to ``.aigov-exercise`` and shipped inside the prompt's
# HTML widget, so it applies in JupyterLab, on Binder and in the static book.
STYLE = """<style>
.aigov-exercise .widget-radio-box label, .aigov-exercise .jupyter-widget-radio-box label,
.aigov-exercise .widget-label-basic, .aigov-exercise .jupyter-widget-label-basic,
.aigov-exercise .widget-label, .aigov-exercise .jupyter-widget-label {
  white-space: normal; height: auto; line-height: 1.4; overflow: visible; text-align: left;
}
.aigov-exercise .widget-radio-box label,
.aigov-exercise .jupyter-widget-radio-box label { margin: 0.2em 0; }
.aigov-exercise .widget-checkbox, .aigov-exercise .jupyter-widget-checkbox,
.aigov-exercise .widget-dropdown, .aigov-exercise .jupyter-widget-dropdown,
.aigov-exercise .widget-text,
.aigov-exercise .jupyter-widget-text { height: auto; min-height: 2em; }
</style>"""


def is_student_edition() -> bool:
    """True while the student edition is being built (solutions left out)."""
    return os.environ.get(EDITION_ENV, "").strip().lower() == "student"


def _paragraphs(text: str) -> str:
    """Plain text -> HTML: blank lines make paragraphs, newlines make breaks."""
    blocks = [b.strip("\n") for b in text.split("\n\n") if b.strip()]
    return "".join("<p>" + html.escape(b).replace("\n", "<br>") + "</p>" for b in blocks)


def solution_html(exercise: Exercise) -> str:
    """The worked solution as HTML (used in the widget and the instructor toggle)."""
    return f'<div class="aigov-solution-text">{_paragraphs(exercise.solution())}</div>'


def feedback_html(feedback: Feedback) -> str:
    """Feedback as HTML: words and symbols carry the verdict, not colour alone."""
    if not feedback.valid:
        head = f"<p><strong>Please check your answer:</strong> {html.escape(feedback.message)}</p>"
    elif feedback.correct:
        rest = feedback.message.removeprefix("Correct").lstrip(":. ")
        head = f"<p><strong>✓ Correct.</strong> {html.escape(rest)}</p>"
    else:
        head = f"<p><strong>✗ Not yet.</strong> {html.escape(feedback.message)}</p>"
    items = ""
    if feedback.items:
        rows = []
        for item in feedback.items:
            mark = "✓ right" if item.ok else "✗ wrong"
            note = f": {html.escape(item.explanation)}" if item.explanation else ""
            rows.append(f"<li>{mark}: {html.escape(item.label)}{note}</li>")
        items = "<ul>" + "".join(rows) + "</ul>"
    hint = (
        f"<p><em>Hint:</em> {html.escape(feedback.hint)}</p>"
        if feedback.hint and not feedback.correct
        else ""
    )
    return f'<div role="status" aria-live="polite">{head}{items}{hint}</div>'


_MADE: Counter[str] = Counter()  # how often each exercise's widgets were made in this kernel


@contextmanager
def stable_model_ids(seed: str) -> Iterator[None]:
    """Give every widget made in the block a model id derived from ``seed``.

    ipywidgets names each widget model with a random ``uuid4`` (its comm
    id), and a notebook stores those ids in its outputs and widget state, so
    every execution, and every book built from one, differed. Here the id is
    the first 32 hex digits of SHA-256 of ``seed``, how many times that seed
    was used in this kernel, the widget's place in the block and its class:
    the same in every run, and unique within a kernel (a second ``show`` of
    the same exercise gets other ids). Uses ipywidgets' construction hook,
    which runs before a widget opens its comm; the previous hook is kept.
    """
    _MADE[seed] += 1
    prefix, order = f"{seed}#{_MADE[seed]}", itertools.count()
    previous = w.Widget._widget_construction_callback

    def name(widget: w.Widget) -> None:
        if callable(previous):
            previous(widget)
        if widget._model_id is None:
            text = f"{prefix}/{next(order)}/{type(widget).__name__}"
            widget._model_id = hashlib.sha256(text.encode()).hexdigest()[:32]

    w.Widget.on_widget_constructed(name)
    try:
        yield
    finally:
        w.Widget.on_widget_constructed(previous)


class ExerciseWidget:
    """The controls, Check/Show-solution buttons and feedback of one exercise."""

    def __init__(self, item: Entry) -> None:
        with stable_model_ids(f"aigov-exercise:{item.id}"):
            self._build(item)

    def _build(self, item: Entry) -> None:
        self.entry = item
        self.params = item.default_params()
        self.exercise = item.build(**self.params)
        self.attempted = False
        self.param_controls: dict[str, w.Dropdown] = {}
        for name, param in item.params.items():
            options = [(param_label(name, str(c)), self._iso(c)) for c in param["choices"]]
            control = w.Dropdown(
                options=options,
                value=self.params[name],
                description=str(param.get("label", name.capitalize())),
                style=WIDE,
            )
            control.observe(self._on_param, names="value")
            self.param_controls[name] = control
        self.prompt = w.HTML()
        self.answer_box = w.VBox()
        self.check_button = w.Button(description="Check", tooltip=f"Check your answer to {item.id}")
        self.solution_button = w.Button(
            description="Show solution",
            disabled=True,
            tooltip="Available after you have checked an answer",
        )
        self.feedback = w.HTML(value="")
        self.solution = w.HTML(value="")
        self.check_button.on_click(self._on_check)
        self.solution_button.on_click(self._on_solution)
        self._render_exercise()
        children = [self.prompt]
        if self.param_controls:
            children.append(w.HBox(list(self.param_controls.values())))
        children += [
            self.answer_box,
            w.HBox([self.check_button, self.solution_button]),
            self.feedback,
            self.solution,
        ]
        self.box = w.VBox(children)
        self.box.add_class("aigov-exercise")

    @staticmethod
    def _iso(value: Any) -> str:
        return value.isoformat() if hasattr(value, "isoformat") else str(value)

    # -- building the controls ------------------------------------------------

    def _render_exercise(self) -> None:
        ex = self.exercise
        self.prompt.value = STYLE + _paragraphs(ex.prompt)
        if isinstance(ex, MultipleChoice):
            self.control = w.RadioButtons(
                options=[(o.label, o.key) for o in ex.options],
                value=None,
                description="Answer",
                layout=w.Layout(width="100%"),
            )
            self.answer_box.children = [self.control]
        elif isinstance(ex, MultipleSelect):
            self.checkboxes = {
                o.key: w.Checkbox(
                    value=False, description=o.label, indent=False, layout=w.Layout(width="100%")
                )
                for o in ex.options
            }
            self.answer_box.children = list(self.checkboxes.values())
        elif isinstance(ex, Numeric):
            unit = f" (in {ex.unit})" if ex.unit else ""
            self.control = w.Text(
                value="",
                description=f"Answer{unit}",
                placeholder="type a number" + (f", e.g. 12.5 {ex.unit}" if ex.unit else ""),
                style=WIDE,
            )
            self.answer_box.children = [self.control]
        elif isinstance(ex, Ordering):
            positions = [("choose a position", 0)] + [
                (str(i), i) for i in range(1, len(ex.options) + 1)
            ]
            self.dropdowns = {
                o.key: w.Dropdown(
                    options=positions,
                    value=0,
                    description=o.label,
                    style=ROW,
                    layout=w.Layout(width="100%"),
                )
                for o in ex.display_order()
            }
            self.answer_box.children = list(self.dropdowns.values())
        elif isinstance(ex, Classification):
            choices = [("choose a category", UNSET)] + [(c, c) for c in ex.categories]
            self.dropdowns = {
                o.key: w.Dropdown(
                    options=choices,
                    value=UNSET,
                    description=o.label,
                    style=ROW,
                    layout=w.Layout(width="100%"),
                )
                for o in ex.options
            }
            self.answer_box.children = list(self.dropdowns.values())

    def answer(self) -> Any:
        """The student's current answer, in the form the kind's ``check`` reads."""
        ex = self.exercise
        if isinstance(ex, MultipleChoice):
            return self.control.value
        if isinstance(ex, MultipleSelect):
            return [key for key, box in self.checkboxes.items() if box.value]
        if isinstance(ex, Numeric):
            return self.control.value
        if isinstance(ex, Ordering):
            return {key: d.value for key, d in self.dropdowns.items() if d.value}
        if isinstance(ex, Classification):
            return {key: d.value for key, d in self.dropdowns.items() if d.value}
        return None  # pragma: no cover

    # -- events ---------------------------------------------------------------

    def _on_param(self, change: dict[str, Any]) -> None:
        self.params = {name: c.value for name, c in self.param_controls.items()}
        self.exercise = self.entry.build(**self.params)
        self.attempted = False
        self.solution_button.disabled = True
        self.feedback.value = ""
        self.solution.value = ""
        self._render_exercise()

    def _on_check(self, _button: Any = None) -> Feedback:
        result = self.exercise.safe_check(self.answer())
        self.feedback.value = feedback_html(result)
        if result.valid:
            self.attempted = True
            self.solution_button.disabled = False
            self.solution_button.tooltip = "Show the worked solution"
        return result

    def _on_solution(self, _button: Any = None) -> None:
        if self.attempted:
            self.solution.value = "<p><strong>Solution</strong></p>" + solution_html(self.exercise)


def widget(exercise_id: str) -> ExerciseWidget:
    """Build (without displaying) the UI of exercise ``exercise_id``."""
    return ExerciseWidget(entry(exercise_id))


class ExerciseOutput:
    """One output, two renderings: the ipywidgets view and a static HTML holder.

    Its mimebundle holds the widget view (JupyterLab and Notebook with a
    kernel render it, as before) and ``text/html``: the exercise's question,
    options and checking data, made by :func:`.static.holder_html`. The
    book's Sphinx extension (:mod:`.sphinx`) tells myst-nb to prefer
    ``text/html`` over the widget view, so the static page shows the
    holder, which ``aigov-check.js`` turns into a working exercise.

    Neither rendering carries the worked solution, so a stored output is the
    student view in every edition.
    """

    def __init__(self, ui: ExerciseWidget) -> None:
        self.ui = ui

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        from .static import holder_html

        bundle = dict(self.ui.box._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/html"] = holder_html(self.ui.entry)
        return bundle


def show(exercise_id: str) -> None:
    """Display exercise ``exercise_id`` (e.g. ``"Q4.1"``) with its controls.

    One output (see :class:`ExerciseOutput`): the widget in Jupyter, the
    kernel-free exercise in the book. The worked solution is never in the
    output; Jupyter shows it with "Show solution" after a checked attempt,
    the instructor edition of the book likewise (added by :mod:`.sphinx`).
    """
    display(ExerciseOutput(widget(exercise_id)))


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI"}


ANSWER_KEY_SLOT = (
    '<div class="aigov-answer-key-slot" data-aigov-answer-key="{chapter}"><p>The answer key is '
    "added here when the book is built (instructor edition only). To see it in Jupyter, run this "
    "notebook with the environment variable AIGOVBOOK_EDITION=instructor.</p></div>"
)


def answer_key_html(chapter: int | None = None, inline: bool | None = None) -> str:
    """The answer key, generated from the bank: every answer and explanation.

    For exercises with choices (country, date) the key lists the answer for
    every combination. Stored notebook outputs are the student view: by
    default this returns only a slot (:data:`ANSWER_KEY_SLOT`), which the
    book's Sphinx extension (:mod:`.sphinx`) fills with the key in the
    instructor edition and with a note in the student edition. ``inline=True``
    (or ``AIGOVBOOK_EDITION=instructor`` in the environment) returns the key
    itself: the instructor view, an explicit choice.
    """
    if inline is None:
        inline = os.environ.get(EDITION_ENV, "").strip().lower() == "instructor"
    if not inline:
        return ANSWER_KEY_SLOT.format(chapter="all" if chapter is None else int(chapter))
    from ..bank import entries, parameter_grid

    parts = ['<div class="aigov-solution aigov-answer-key">']
    current = None
    for item in entries(chapter):
        spec = item.spec
        if chapter is None and spec["chapter"] != current:
            current = spec["chapter"]
            parts.append(f"<h3>Part {ROMAN[int(current)]}</h3>")
        exercise = item.build()
        parts.append(
            f'<h4 id="key-{html.escape(item.id.lower().replace(".", "-"))}">'
            f"{html.escape(item.id)} {html.escape(str(spec['title']))}</h4>"
        )
        parts.append(
            f"<p><em>{html.escape(spec['kind'].replace('_', ' '))}, "
            f"{html.escape(str(spec['difficulty']))}."
            f"</em> {html.escape(' '.join(str(spec['objective']).split()))}</p>"
        )
        if item.params:
            rows = []
            for combo in parameter_grid(item):
                built = item.build(**combo)
                chosen = ", ".join(param_label(n, v) for n, v in combo.items())
                rows.append(
                    f"<tr><td>{html.escape(chosen)}</td><td>{_paragraphs(built.answer_text().strip())}</td></tr>"
                )
            names = " and ".join(str(p.get("label", n)) for n, p in item.params.items())
            parts.append(
                "<table><caption>Answers for every choice of "
                f"{html.escape(names.lower())}</caption>"
                "<thead><tr><th>Choice</th><th>Answer</th></tr></thead><tbody>"
                + "".join(rows)
                + "</tbody></table>"
            )
            parts.append(_paragraphs(exercise.explanation))
        else:
            parts.append(solution_html(exercise))
    parts.append("</div>")
    return "".join(parts)
