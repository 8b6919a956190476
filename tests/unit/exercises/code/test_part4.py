"""The checkers of Part IV's code exercises (aigovbook.exercises.code.checkers.part4)."""

from __future__ import annotations

import pandas as pd

import aigovbook
from aigovbook.exercises.code import check, expected

from .answers import messages, solution_value


def test_c4_1_china_forums_explains_dates():
    now = aigovbook.forums_of("CHN", "2026-01-01")
    text = messages("C4.1", now)
    assert "China's list on 1 January 2026" in text
    assert "extra forum BLETCHLEY: China joined on 1 November 2023, after 31 December 2021" in text
    missing = expected("C4.1") - {"UNESCO_AI"}
    assert "missing forum UNESCO_AI: China was a member since" in messages("C4.1", missing)
    assert "extra forum OECD: China the data record no membership" in messages(
        "C4.1", expected("C4.1") | {"OECD"}
    )
    assert "use forum ids, not names" in messages("C4.1", {"Group of Twenty (G20)"})
    assert "did you mean 'G20'" in messages("C4.1", {"G2O"})
    assert "a set" in messages("C4.1", "G20")
    assert "a set would do" in messages("C4.1", sorted(expected("C4.1")))


def test_c4_2_gpai_counts_and_date_boundary():
    gpai = solution_value("C4.2")
    january = pd.Series(
        [len(aigovbook.members_on("GPAI", f"{y}-01-01")) for y in gpai.index], index=gpai.index
    )
    assert "counts on 1 January" in messages("C4.2", january)
    assert "European Union is missing" in messages("C4.2", gpai - 1)
    assert "missing year(s): 2024" in messages("C4.2", gpai.iloc[:-1])
    dated = gpai.set_axis(pd.to_datetime([f"{y}-12-31" for y in gpai.index]))
    assert "index holds dates" in messages("C4.2", dated)
    assert "a pandas Series" in messages("C4.2", list(gpai))
    assert check("C4.2", gpai.to_dict()).correct
