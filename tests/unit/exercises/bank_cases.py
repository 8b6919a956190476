"""The bank's entries and every exercise each parameter choice builds, for the tests."""

from __future__ import annotations

from aigovbook.exercises import entries
from aigovbook.exercises.bank import parameter_grid

ENTRIES = entries()
IDS = [e.id for e in ENTRIES]


def all_builds():
    """``(entry, parameter choice, built exercise)`` for every choice of every entry."""
    for item in ENTRIES:
        for combo in parameter_grid(item):
            yield item, combo, item.build(**combo)
