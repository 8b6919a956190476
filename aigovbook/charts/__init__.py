"""The book's charts, one module per part: ``charts.part2.displacement_panels``...

:mod:`.theme` holds the palette, the Altair theme (enabled on import) and
``finalize``; :mod:`.shaping` adds the columns the charts draw; ``part1`` ...
``part5`` hold each part's recipes and :mod:`.explorer` the Part IV
membership explorers. Every public name is re-exported here, so
``from aigovbook import charts; charts.displacement_panels(world)`` works.
"""

from __future__ import annotations

from typing import Any

from .part1 import TURNING_POINT_LABELS, doctrine_timeline
from .part2 import (
    DISPLACEMENT_GROUPS,
    FOCUS_COUNTRIES,
    FOCUS_PANELS,
    china_share_of_world,
    displacement_panels,
    focus_country_panels,
    gdp_boost_bars,
    internet_bar,
    regional_gain_bars,
    share_bullet,
    survey_bars,
    world_displacement,
)
from .part3 import plan_timeline
from .part4 import (
    FORUM_TYPES,
    forum_typology,
    member_counts_over_time,
    membership_heatmap,
    then_now_dumbbell,
)
from .part5 import GROUP_STYLE, events_timeline
from .shaping import (
    DOCUMENT_CATEGORIES,
    DOCUMENT_LABELS,
    HEATMAP_STATUS,
    doctrine_rows,
    document_rows,
    focus_country_rows,
    forum_changes,
    membership_cells,
    plan_rows,
    principle_spans,
)
from .theme import CHINA, MUTED, OTHER, PALETTE, TEXT, THEME_NAME, finalize, theme

#: Names of :mod:`.explorer`, which reads ``forums.csv`` when imported: loaded on first use.
_EXPLORER = (
    "FULL_FORUMS",
    "MEMBERSHIP_RULE",
    "YEARS",
    "active_in_browser",
    "explorer_forums",
    "explorer_members",
    "explorer_spans",
    "forum_sizes",
    "full_forums",
    "membership_explorer",
    "status_explorer",
    "status_table",
)


def __getattr__(name: str) -> Any:
    if name in _EXPLORER:
        from . import explorer

        return getattr(explorer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CHINA",
    "DISPLACEMENT_GROUPS",
    "DOCUMENT_CATEGORIES",
    "DOCUMENT_LABELS",
    "FOCUS_COUNTRIES",
    "FOCUS_PANELS",
    "FORUM_TYPES",
    "GROUP_STYLE",
    "HEATMAP_STATUS",
    "MUTED",
    "OTHER",
    "PALETTE",
    "TEXT",
    "THEME_NAME",
    "TURNING_POINT_LABELS",
    "china_share_of_world",
    "displacement_panels",
    "doctrine_rows",
    "doctrine_timeline",
    "document_rows",
    "events_timeline",
    "finalize",
    "focus_country_panels",
    "focus_country_rows",
    "forum_changes",
    "forum_typology",
    "gdp_boost_bars",
    "internet_bar",
    "member_counts_over_time",
    "membership_cells",
    "membership_heatmap",
    "plan_rows",
    "plan_timeline",
    "principle_spans",
    "regional_gain_bars",
    "share_bullet",
    "survey_bars",
    "theme",
    "then_now_dumbbell",
    "world_displacement",
    *_EXPLORER,
]


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPLORER})
