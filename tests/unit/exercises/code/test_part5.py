"""The checkers of Part V's code exercises (aigovbook.exercises.code.checkers.part5)."""

from __future__ import annotations

import pandas as pd

import aigovbook
from aigovbook.exercises.code import check

from .answers import messages, solution_value


def test_c5_1_summits_recalled_row_track_and_sort():
    summits = solution_value("C5.1")
    table = aigovbook.load("events")
    every = table[table["kind"] == "summit"][list(summits.columns)]
    # the one RECALLED summit row (other tracks hold RECALLED rows too)
    recalled = table.loc[
        (table["status"] == "RECALLED") & (table["kind"] == "summit"), "title"
    ].item()
    assert recalled in set(every["title"])  # the trap is in the data
    text = messages("C5.1", every)
    assert f"extra row {recalled!r}: its status is RECALLED" in text
    un = table[table["kind"] == "un"].iloc[[0]][list(summits.columns)]
    assert "its kind is 'un', not \"summit\"" in messages("C5.1", pd.concat([summits, un]))
    first = summits["title"].iloc[0]
    assert f"missing row {first!r}: a confirmed summit event of" in messages(
        "C5.1", summits.iloc[1:]
    )
    assert "wrong order: sort by ['date']" in messages("C5.1", summits.iloc[::-1])
    assert "extra column(s) status" in messages(
        "C5.1", table.loc[summits.index, [*summits, "status"]]
    )
    assert "in its index, not as a column" in messages("C5.1", summits.set_index("date"))
    assert "the answer is a DataFrame" in messages("C5.1", summits["title"])
    as_text = summits.assign(date=summits["date"].dt.strftime("%Y-%m-%d"))
    assert check("C5.1", as_text).correct


def test_c5_2_china_roles_recalled_row_and_wrong_column():
    roles = solution_value("C5.2")
    table = aigovbook.load("events")
    confirmed = table[table["status"] != "RECALLED"]
    text = messages("C5.2", table["china_role"].value_counts())
    assert "RECALLED ones too" in text and "seoul_ministerial" in text
    assert "roles of the United States" in messages("C5.2", confirmed["us_role"].value_counts())
    summit = confirmed[confirmed["kind"] == "summit"]["china_role"].value_counts()
    assert "counted the 'summit' events only" in messages("C5.2", summit)
    assert "shares" in messages("C5.2", confirmed["china_role"].value_counts(normalize=True))
    assert "percentages" in messages(
        "C5.2", 100 * confirmed["china_role"].value_counts(normalize=True)
    )
    assert "not display labels: e.g. 'not_party' for 'not a party'" in messages(
        "C5.2", roles.rename(index={"not_party": "not a party"})
    )
    assert "counts every column" in messages("C5.2", confirmed.groupby("china_role").count())
    assert "missing role(s): unknown" in messages("C5.2", roles.drop("unknown"))
    assert check("C5.2", roles.to_dict()).correct
    assert check("C5.2", aigovbook.events.role_counts("CHN")).correct  # zeros are fine
