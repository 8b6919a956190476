"""Part V's chart recipe (aigovbook.charts.part5): the events timeline."""

from __future__ import annotations

import pandas as pd
import pytest

from aigovbook.charts.part5 import GROUP_STYLE, events_timeline
from aigovbook.events import ROLE_GROUPS, ROLES, timeline_frame

from .vl import encodings

PAGE = "05-after-the-article/timeline.ipynb"


def test_timeline_frame_and_chart_carry_china_role_by_shape_and_colour():
    frame = timeline_frame()
    assert set(frame["china_group"]) <= set(ROLE_GROUPS.values())
    assert set(frame["lane"]) <= {0, 1}
    spec = events_timeline(frame, title="t", source="s", description="d").to_dict()
    point = spec["layer"][0]["encoding"]
    assert point["color"]["field"] == point["shape"]["field"] == "china_group"
    shapes = point["shape"]["scale"]["range"]
    assert len(set(shapes)) == len(shapes), "each role group has its own shape"
    assert spec["description"] == "d"
    assert {g for g, _ in GROUP_STYLE.items()} >= set(frame["china_group"])
    with pytest.raises(ValueError, match="non-empty description"):
        events_timeline(frame, title="t", source="s", description=" ")
    # the time axis reaches the last event, so no mark falls off the chart
    last = spec["layer"][0]["encoding"]["x"]["scale"]["domain"][1]
    assert pd.Timestamp(last) >= frame["date"].max()
    assert set(ROLE_GROUPS) == set(ROLES), "every role, the vote roles too, has a chart group"


def test_the_page_timeline_has_a_title_source_and_description(chapter):
    page = chapter(PAGE)
    spec = events_timeline(
        page["frame"],
        title="China leads a track of its own and signs most summit texts",
        source="Source: the book's events table (data/events.csv); one named source per event",
        description="Timeline from mid-2023 to early 2026.",
    ).to_dict()
    assert spec["title"] == {
        "text": "China leads a track of its own and signs most summit texts",
        "subtitle": "Source: the book's events table (data/events.csv); one named source per event",
    }
    assert {
        ("x", "date", "temporal"),
        ("y", "track", "nominal"),
        ("yOffset", "lane", "ordinal"),
        ("tooltip", "source", "nominal"),
    } <= encodings(spec)
    recalled = spec["layer"][1]
    assert recalled["mark"]["text"] == "?"
