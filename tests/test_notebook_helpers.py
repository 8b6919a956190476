"""The helpers the notebooks lean on: book tables, figure look-ups, glue, the
forum facts in forums.csv, and the stored charts (house rules: tests/notebooks)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import aigovbook
from aigovbook import DataValidationError
from aigovbook.figures import PART2_CLAIMS, PART2_PUBLISHED, look_up, one_row, stated, value
from aigovbook.tables import MISSING, format_cell, show_table

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "chapters").rglob("*.ipynb"))

# ------------------------------------------------------------------- tables


@pytest.mark.parametrize(
    "value, text",
    [
        (400.0, "400"),
        (np.float64(15.7), "15.7"),
        (np.int64(7), "7"),
        (2021, "2021"),  # years keep no thousands separator
        (1_000_000, "1,000,000"),
        (26.36, "26.36"),
        (float("nan"), MISSING),
        (pd.NA, MISSING),
        (None, MISSING),
        (pd.NaT, MISSING),
        (True, "yes"),
        ("up to 26%", "up to 26%"),
    ],
)
def test_cells_are_written_as_the_prose_writes_them(value, text):
    assert format_cell(value) == text


def test_a_table_has_no_index_no_nan_and_no_truncation():
    long = "x" * 400
    frame = pd.DataFrame(
        {"region": ["China", "Mexico"], "value": [7.0, np.nan], "note": [long, None]}
    )
    html = show_table(frame, note="— no figure in the source.")._repr_html_()
    assert "NaN" not in html and "None" not in html and "..." not in html
    assert long in html
    assert ">0<" not in html  # no index column of row numbers
    assert '<th scope="col">region</th>' in html.split("<tbody>")[0]
    assert "<td>7</td>" in html and f"<td>{MISSING}</td>" in html
    assert "— no figure in the source." in html
    # the note about "—" is shown only when a value is missing
    assert "no figure" not in show_table(frame.dropna())._repr_html_()


def test_a_meaningful_index_is_kept_as_row_headers():
    frame = pd.DataFrame({"members": [38]}, index=pd.Index(["OECD"], name="Forum"))
    html = show_table(frame, index=True)._repr_html_()
    assert '<th scope="col">Forum</th>' in html and '<th scope="row">OECD</th>' in html


def test_table_output_is_deterministic():
    frame = pd.DataFrame({"a": [1.5, 2.0]})
    assert show_table(frame)._repr_html_() == show_table(frame.copy())._repr_html_()
    assert repr(show_table(frame)) == "a\n1.5\n2"


# ------------------------------------------------------------------ figures


def test_figures_are_plain_numbers():
    figures = aigovbook.load("figures")
    published = figures[figures.row_type != "article_claim"]
    assert value(published, "displaced_workers", "World", "midpoint") == 400
    assert type(value(published, "displaced_workers", "World", "midpoint")) is int
    assert value(published, "gdp_gain", "World") == 15.7
    with pytest.raises(LookupError, match="measure='gdp_gain', region='Atlantis'"):
        one_row(published, "gdp_gain", "Atlantis")
    quoted = look_up(published, PART2_PUBLISHED) | look_up(
        figures[figures.row_type == "article_claim"], PART2_CLAIMS
    )
    assert all(type(v) in (int, float) for v in quoted.values())
    assert quoted["ch2_pwc_eu_low"] == 9 and quoted["ch2_article_share"] == 70


def test_stated_keeps_qualifiers_ranges_and_gaps():
    rows = pd.DataFrame(
        {
            "value": [26.0, np.nan, np.nan],
            "value_low": [np.nan, 9.0, np.nan],
            "value_high": [np.nan, 12.0, np.nan],
            "qualifier": ["up to", "", ""],
        }
    )
    texts = stated(rows, "%")
    assert list(texts[:2]) == ["up to 26%", "9 to 12%"] and pd.isna(texts[2])


# --------------------------------------------------------------------- glue


def test_glue_stores_numpy_scalars_as_plain_numbers(monkeypatch):
    from aigovbook import notebook

    shown = []
    monkeypatch.setattr(notebook, "display", lambda data, **kw: shown.append(data))
    notebook.glue("a", np.int64(7))
    notebook.glue("b", np.float64(15.7))
    texts = [d["application/papermill.record/text/plain"] for d in shown]
    assert texts == ["7", "15.7"]


# ---------------------------------------------------- forum facts, one source


def test_forum_labels_and_coverage_come_from_forums_csv():
    forums = aigovbook.load("forums").set_index("id")
    assert forums.loc["AIPD", "short_label"] == "AI Partnership for Defense"
    partial = set(forums.index[forums["member_coverage"] == "partial"])
    assert partial == {"UN", "CCW", "G20_AI", "UNESCO_AI", "SC42"}
    from aigovbook.charts.explorer import FULL_FORUMS, explorer_forums

    assert set(FULL_FORUMS) == set(forums.index) - partial
    assert list(explorer_forums()["forum"]) == [forums.loc[f, "short_label"] for f in FULL_FORUMS]


@pytest.mark.parametrize(
    "column, old, new, problem",
    [
        ("member_coverage", ",G7,full", ",G7,some", "enum"),
        ("short_label", ",G20 AI Principles,partial", ",G7,partial", "unique"),
    ],
)
def test_bad_forum_facts_are_refused(tmp_path, column, old, new, problem):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("READY", "*.yaml"))
    shutil.copy(ROOT / "references.bib", tmp_path / "references.bib")
    path = data / "forums.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        aigovbook.load("forums", data_dir=data)
    assert err.value.file == "forums.csv" and err.value.column == column


# ------------------------------------------------------------ stored charts


def _stored_outputs():
    import nbformat

    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                yield path, output


def test_stored_outputs_load_nothing_from_elsewhere():
    """The stored outputs are the student view (JupyterLab on Binder or a
    JupyterHub): no output may load a script or style from any address."""
    import re

    fetches = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|https?://cdn""", re.I)
    found = [
        f"{path.relative_to(ROOT)}: {m.group(0)}"
        for path, output in _stored_outputs()
        for key, value in output.get("data", {}).items()
        if isinstance(value, str) and key.endswith(("html", "javascript"))
        for m in [fetches.search(value)]
        if m
    ]
    assert found == []


def test_stored_charts_are_vega_lite_that_jupyterlab_can_draw():
    """Every stored chart is the Vega-Lite mimetype JupyterLab 4.6 draws with
    its own Vega (aigovbook/book/chartrender.py), in strict JSON, with no HTML part
    (JupyterLab would prefer it), and compiles with Vega-Lite 5.8, the oldest
    5.x vl-convert has (JupyterLab ships 5.6)."""
    import vl_convert as vlc

    from aigovbook.book.chartrender import LAB_MIMETYPE, LAB_SCHEMA

    charts_seen = 0
    for path, output in _stored_outputs():
        data = output.get("data", {})
        if LAB_MIMETYPE not in data:
            continue
        charts_seen += 1
        spec = data[LAB_MIMETYPE]
        where = path.relative_to(ROOT)
        assert "text/html" not in data, where
        assert spec["$schema"] == LAB_SCHEMA, where
        json.dumps(spec, allow_nan=False)  # raises on NaN or infinity
        vega = vlc.vegalite_to_vega(spec, vl_version="5.8")
        assert vega.get("marks") or vega.get("data"), where
    assert charts_seen >= 15


def test_chart_outputs_are_strict_json():
    """pandas' missing values reach a chart's data as NaN: the notebook output
    must carry them as null (Jupyter refuses NaN in a message)."""
    import altair as alt

    from aigovbook.book.chartrender import LAB_MIMETYPE, render

    frame = pd.DataFrame({"x": [1.0, float("nan"), float("inf")], "y": [1, 2, 3]})
    chart = alt.Chart(alt.Data(values=frame.to_dict("records"))).mark_point()
    bundle, _ = render(chart.encode(x="x:Q", y="y:Q").to_dict())
    values = bundle[LAB_MIMETYPE]["data"]["values"]
    assert [v["x"] for v in values] == [1.0, None, None]
    json.dumps(bundle[LAB_MIMETYPE], allow_nan=False)
