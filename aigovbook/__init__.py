"""aigovbook: data, charts and exercises for the module "China and Global AI Governance".

Public API (names are fixed; exercises and instructors call them):

- ``load(name)``: a validated table; ``members_on``, ``forums_of``, ``membership_matrix``.
- ``aigovbook.charts``: the theme and one module of chart recipes per part
  (``charts.displacement_panels(world)``...); ``aigovbook.text``: formatting.
- ``aigovbook.tables``: ``show_table(frame)``; ``aigovbook.figures``: ``value(...)``.
- ``aigovbook.notebook``: ``glue`` and ``glue_all`` for the Markdown pages.
- ``aigovbook.exercises``: exercise kinds, the exercise bank and widgets.
- ``aigovbook.book``: what only the build imports (Sphinx extensions, chart files).
"""

from .data import DataValidationError, load, resource_names
from .membership import forums_of, members_on, membership_matrix

__all__ = [
    "DataValidationError",
    "forums_of",
    "load",
    "members_on",
    "membership_matrix",
    "resource_names",
]
