"""The checkers of Part I's code exercises (aigovbook.exercises.code.checkers.part1)."""

from __future__ import annotations

import pandas as pd

import aigovbook

from .answers import messages, solution_value


def test_c1_1_eras():
    eras = solution_value("C1.1")
    doctrine = aigovbook.load("doctrine")
    assert "DataFrame" in messages("C1.1", eras["leader"])
    assert "missing the column(s) principle" in messages("C1.1", eras[["leader", "start"]])
    assert "extra column(s) end" in messages(
        "C1.1", doctrine[doctrine["kind"] == "era"][["leader", "start", "principle", "end"]]
    )
    assert "turning points" in messages("C1.1", doctrine[["leader", "start", "principle"]])
    assert "missing row 'Xi Jinping'" in messages("C1.1", eras[eras["leader"] != "Xi Jinping"])
    assert "wrong order: sort by ['start']" in messages("C1.1", eras.sort_values("leader"))
    assert "in its index" in messages("C1.1", eras.set_index("leader"))


def test_c1_2_low_profile_years():
    years = solution_value("C1.2")
    assert "one year too many" in messages("C1.2", years + 1)
    assert "first low-profile era alone" in messages("C1.2", 1989 - 1978)
    assert "typed as text" in messages("C1.2", str(years))
    assert ".iloc[0]" in messages("C1.2", pd.Series([years]))
    assert "not what the data give" in messages("C1.2", 3)
