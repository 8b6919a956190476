"""The chart theme (aigovbook/charts/theme.py, re-exported by charts): palette, finalize."""

from __future__ import annotations

import altair as alt
import pytest

from aigovbook import charts


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


def test_every_public_chart_function_is_documented():
    for name in charts.__all__:
        item = getattr(charts, name)
        if callable(item):
            assert item.__module__.startswith("aigovbook.charts."), name
            assert (item.__doc__ or "").strip(), f"charts.{name} has no docstring"


def test_the_old_names_still_work():
    from aigovbook.charts import displacement_panels, events_timeline, membership_explorer

    assert displacement_panels.__module__ == "aigovbook.charts.part2"
    assert events_timeline.__module__ == "aigovbook.charts.part5"
    assert membership_explorer.__module__ == "aigovbook.charts.explorer"
    assert charts.FULL_FORUMS == charts.explorer.FULL_FORUMS
