"""aigovbook: data, charts and exercises for the teaching module
"China and Global AI Governance".

Public API (names are fixed; exercises and instructors call them):

- ``load(name)``: a validated table from the book's data package.
- ``members_on(forum, date)``, ``forums_of(member, date)``,
  ``membership_matrix(date)``: who belonged to which forum on a date.
- ``aigovbook.charts``: the theme and one module of chart recipes per part
  (``charts.displacement_panels(world)``...); ``aigovbook.text``: formatting.
- ``aigovbook.tables``: ``show_table(frame)``, a DataFrame as a book table.
- ``aigovbook.figures``: ``value(table, measure, region)``, one published number.
- ``aigovbook.notebook``: ``glue`` and ``glue_all`` for the Markdown pages.
- ``aigovbook.exercises``: exercise kinds, the exercise bank and widgets.
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
