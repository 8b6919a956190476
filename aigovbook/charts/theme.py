"""The book's one Altair theme: palette, fonts, and :func:`finalize`."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..book import chartrender

# Okabe & Ito (2008) colour-blind-safe palette, without its yellow (too light
# for marks on white under WCAG 1.4.11). Every colour here has a contrast of at
# least 3:1 against the white page background.
PALETTE: list[str] = [
    "#0072B2",  # blue
    "#D55E00",  # vermilion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#8B6A00",  # dark ochre (Okabe-Ito orange darkened for contrast)
    "#56B4E9",  # sky blue (fills only, with a dark outline)
    "#000000",  # black
]
CHINA = "#D55E00"  # China is highlighted in vermilion throughout the book
OTHER = "#0072B2"  # everything else in blue
MUTED = "#767676"  # grey with 4.5:1 contrast on white
TEXT = "#1f1f1f"

THEME_NAME = "aigovbook"


@alt.theme.register(THEME_NAME, enable=True)
def theme() -> alt.theme.ThemeConfig:
    """Return the book's Altair theme (registered and enabled on import)."""
    return {
        "config": {
            "background": "white",
            "font": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
            "view": {"continuousWidth": 560, "continuousHeight": 300, "stroke": None},
            "range": {"category": PALETTE},
            "title": {
                "anchor": "start",
                "fontSize": 15,
                "fontWeight": 600,
                "color": TEXT,
                "subtitleColor": "#4a4a4a",
                "subtitleFontSize": 12,
            },
            "axis": {
                "labelColor": TEXT,
                "titleColor": TEXT,
                "labelFontSize": 12,
                "titleFontSize": 12,
                "gridColor": "#e0e0e0",
            },
            "legend": {
                "labelColor": TEXT,
                "titleColor": TEXT,
                "labelFontSize": 12,
                "titleFontSize": 12,
                "orient": "bottom",
            },
            "header": {"labelColor": TEXT, "titleColor": TEXT},
            "bar": {"color": OTHER},
            "point": {"filled": True, "size": 60},
        }
    }


# Vega-Embed's "..." actions menu is a <summary> without an accessible name
# (axe: summary-name); the book offers the data tables instead.
alt.renderers.set_embed_options(actions=False)

# Charts load the Vega copies the book serves, not a CDN (aigovbook/book/chartrender.py).
chartrender.enable()


def finalize(
    chart: alt.TopLevelMixin,
    *,
    title: str,
    source: str,
    description: str,
) -> alt.TopLevelMixin:
    """Give ``chart`` a takeaway title, a source subtitle and a text alternative.

    ``description`` becomes the rendered chart's ``aria-label``: write it as
    alt text, saying what the chart shows and what it means.
    """
    for name, value in (("title", title), ("source", source), ("description", description)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"finalize() needs a non-empty {name}")
    return chart.properties(
        title=alt.Title(text=title, subtitle=source),
        description=description,
    )


# Layers that the charts of several parts share.


def china_colour(domain: list[str]) -> alt.Color:
    """A colour scale that draws the first name in ``domain`` vermilion, the second blue."""
    return alt.Color("group:N", legend=None, scale=alt.Scale(domain=domain, range=[CHINA, OTHER]))


def gap_aware_text(value_field: str = "value") -> alt.Color:
    """Dark text for a label with a value, grey for one that marks a gap."""
    return (
        alt.when(f"isValid(datum.{value_field})").then(alt.value(TEXT)).otherwise(alt.value(MUTED))
    )


def reference_line(x: float, text: str, **rule) -> tuple[alt.Chart, alt.Chart]:
    """A dashed vertical line at ``x`` and ``text`` at its top (two layers)."""
    data = alt.Chart(pd.DataFrame({"x": [x], "text": [text]}))
    line = data.mark_rule(strokeDash=[4, 3], color=TEXT, **rule).encode(x="x:Q")
    label = data.mark_text(align="left", dx=4, baseline="bottom", fontSize=11, color=TEXT).encode(
        x="x:Q", y=alt.value(0), text="text:N"
    )
    return line, label
