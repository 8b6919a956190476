"""Widget model ids are the same in every run (issue 18: a reproducible bundle).

ipywidgets names each model with a random uuid4, and the notebooks store
those ids (outputs and widget state), so every execution, and every book
built from one, differed. ``stable_model_ids`` derives them from the
exercise (or explorer) and the order of construction instead. nbval does not
compare widget views ("Model IDs are random"), so this test does: it makes,
in this process, the widgets of every ``show(...)`` and ``status_explorer(...)``
call of each stored notebook, in order, and finds exactly the stored ids.
"""

from __future__ import annotations

import ast
import json
import re
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest

from aigovbook.exercises.quiz import widgets as exercise_widgets
from tools.book import notebooks

VIEW = "application/vnd.jupyter.widget-view+json"
STATE = "application/vnd.jupyter.widget-state+json"


def _stored(path: Path) -> tuple[list[str], set[str]]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    views = [
        out["data"][VIEW]["model_id"]
        for cell in nb["cells"]
        for out in cell.get("outputs", [])
        if VIEW in out.get("data", {})
    ]
    state = nb["metadata"].get("widgets", {}).get(STATE, {}).get("state", {})
    return views, set(state)


CALL = re.compile(r"^(show|status_explorer)\((.*)\)\s*$", re.MULTILINE)


def _calls(path: Path) -> list[tuple[str, tuple]]:
    """The notebook's ``show(...)`` and ``status_explorer(...)`` calls (each on a
    line of its own, with literal arguments), in order."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [
        (m.group(1), ast.literal_eval(f"({m.group(2)},)"))
        for cell in nb["cells"]
        if cell["cell_type"] == "code"
        for m in CALL.finditer("".join(cell["source"]))
    ]


WIDGET_NOTEBOOKS = [p for p in notebooks() if _stored(p)[1]]


def _made(path: Path, monkeypatch) -> tuple[list[str], set[str]]:
    """The views and all model ids that the notebook's calls make in a fresh kernel."""
    import IPython.display

    from aigovbook.charts.explorer import status_explorer

    monkeypatch.setattr(exercise_widgets, "_MADE", Counter(), raising=False)  # as in a fresh kernel
    shown: list[str] = []
    monkeypatch.setattr(
        IPython.display,
        "display",
        lambda obj, **kw: shown.append(obj.model_id) if hasattr(obj, "model_id") else None,
    )
    with _made_here() as made:
        for name, args in _calls(path):
            if name == "show":
                shown.append(exercise_widgets.widget(*args).box.model_id)
            else:
                status_explorer(*args)
    return shown, made


@contextmanager
def _made_here():
    """The ids of the widgets made in the block; they are closed after it (as a
    kernel's end would), so that a later block may make the same ids."""
    from ipywidgets.widgets import widget as widget_module

    # A fresh registry, as in a new kernel: the ids are deterministic, so widgets
    # that an earlier test in this process made may carry the same ids.
    saved, widget_module._instances = widget_module._instances, {}
    made: set[str] = set()
    try:
        yield made
    finally:
        made.update(widget_module._instances)
        for model_id in made:
            widget_module._instances[model_id].close()
        widget_module._instances = saved


def test_some_notebooks_store_widgets():
    assert len(WIDGET_NOTEBOOKS) >= 5


@pytest.mark.parametrize("path", WIDGET_NOTEBOOKS, ids=lambda p: p.parent.name + "/" + p.stem)
def test_stored_widget_ids_are_the_ones_every_run_makes(path, monkeypatch):
    views, state = _stored(path)
    shown, made = _made(path, monkeypatch)
    assert shown == views
    assert made == state  # every stored model, and nothing random besides


def test_the_ids_follow_the_exercise_and_stay_unique(monkeypatch):
    import ipywidgets

    monkeypatch.setattr(exercise_widgets, "_MADE", Counter(), raising=False)
    with _made_here() as made:
        first = exercise_widgets.widget("Q1.1").box.model_id
        again = exercise_widgets.widget("Q1.1").box.model_id  # a second show, same kernel
        other = exercise_widgets.widget("Q1.2").box.model_id
    assert len({first, again, other}) == 3
    assert all(len(m) == 32 and int(m, 16) >= 0 for m in made)
    monkeypatch.setattr(exercise_widgets, "_MADE", Counter(), raising=False)
    with _made_here() as made_again:
        assert exercise_widgets.widget("Q1.1").box.model_id == first  # a new kernel: same id
    assert made_again < made
    assert ipywidgets.Widget._widget_construction_callback is None  # the hook is put back
