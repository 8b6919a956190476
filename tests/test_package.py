"""Unit tests for the small shared pieces of aigovbook: theme, glue, checks."""

from __future__ import annotations

import sys

import altair as alt
import pytest
from IPython.core.interactiveshell import InteractiveShell

from aigovbook import charts
from aigovbook.notebook import glue
from tools import check_notebooks
from tools.book import ROOT


def relative_luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_theme_is_enabled_and_uses_the_palette():
    assert alt.theme.active == charts.THEME_NAME
    config = charts.theme()["config"]
    assert config["range"]["category"] == charts.PALETTE


@pytest.mark.parametrize("colour", [c for c in charts.PALETTE if c != "#56B4E9"])
def test_mark_colours_have_3_to_1_contrast_on_white(colour):
    # WCAG 1.4.11 (non-text contrast). Sky blue is documented as fill-only.
    assert contrast(colour, "#ffffff") >= 3.0


def test_text_colours_pass_wcag_aa():
    assert contrast(charts.TEXT, "#ffffff") >= 4.5
    assert contrast(charts.MUTED, "#ffffff") >= 4.5


def test_china_and_other_are_distinct_palette_colours():
    assert charts.CHINA != charts.OTHER
    assert {charts.CHINA, charts.OTHER} <= set(charts.PALETTE)


def test_finalize_sets_title_source_and_description():
    chart = alt.Chart(alt.Data(values=[{"x": 1}])).mark_bar().encode(x="x:Q")
    spec = charts.finalize(chart, title="T", source="Source: S", description="D").to_dict()
    assert spec["title"] == {"text": "T", "subtitle": "Source: S"}
    assert spec["description"] == "D"


@pytest.mark.parametrize("missing", ["title", "source", "description"])
def test_finalize_refuses_a_chart_without_text(missing):
    chart = alt.Chart(alt.Data(values=[{"x": 1}])).mark_bar().encode(x="x:Q")
    kwargs = {"title": "T", "source": "S", "description": "D", missing: "  "}
    with pytest.raises(ValueError, match=missing):
        charts.finalize(chart, **kwargs)


def captured_display(func, *args, **kwargs):
    """Call ``func`` and return what it sent to IPython's display publisher."""
    shell = InteractiveShell.instance()
    published = []
    original = shell.display_pub.publish
    shell.display_pub.publish = lambda data, metadata=None, **kw: published.append((data, metadata))
    try:
        func(*args, **kwargs)
    finally:
        shell.display_pub.publish = original
    return published


def test_glue_writes_what_myst_nb_writes():
    from myst_nb import glue as myst_glue

    ours = captured_display(glue, "share", 68.2)
    theirs = captured_display(myst_glue, "share", 68.2, display=False)
    assert ours == theirs
    data, metadata = ours[0]
    prefix = "application/papermill.record/"
    assert metadata["scrapbook"] == {"name": "share", "mime_prefix": prefix}
    assert data["application/papermill.record/text/plain"] == "68.2"


def test_check_notebooks_flags_unexecuted_and_error_notebooks(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    assert any("no stored outputs" in p for p in check_notebooks.problems(path))

    nb.cells[0].execution_count = 1
    nb.cells[0].outputs = [nbformat.v4.new_output("error", ename="E", evalue="v", traceback=[])]
    nbformat.write(nb, path)
    assert any("error output" in p for p in check_notebooks.problems(path))


def test_every_chapter_notebook_is_stored_executed_without_errors():
    notebooks = sorted((ROOT / "chapters").rglob("*.ipynb"))
    assert notebooks, "the book has notebooks"
    bad = {str(p.relative_to(ROOT)): check_notebooks.problems(p) for p in notebooks}
    assert {k: v for k, v in bad.items() if v} == {}


def test_notebook_imports_stay_lean():
    # jsonschema imports rfc3987-syntax when it is installed, which compiles a
    # grammar and adds seconds to every notebook's 'import altair'
    # (requirements.txt explains why it is left out).
    import subprocess

    code = "import sys, aigovbook, aigovbook.charts; print('rfc3987_syntax' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
