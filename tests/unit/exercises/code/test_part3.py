"""The checkers of Part III's code exercises (aigovbook.exercises.code.checkers.part3)."""

from __future__ import annotations

import aigovbook
from aigovbook.exercises.code import check

from .answers import messages, solution_value


def test_c3_1_documents_boundaries_and_sort():
    docs = solution_value("C3.1")
    documents = aigovbook.load("documents")
    columns = ["category", "year", "title"]
    narrow = documents[(documents["year"] >= 2020) & (documents["year"] < 2021)][columns]
    text = messages("C3.1", narrow.sort_values(columns))
    assert "missing row" in text and "from 2021, inside 2020-2021" in text
    with_2018 = documents[documents["year"].between(2018, 2021)][columns]
    assert "from 2018, outside 2020-2021" in messages("C3.1", with_2018.sort_values(columns))
    assert "wrong order" in messages("C3.1", docs.sort_values("title"))
    assert "missing the column(s) year" in messages("C3.1", docs[["category", "title"]])


def test_c3_2_counts():
    counts = solution_value("C3.2")
    documents = aigovbook.load("documents")
    assert "shares" in messages("C3.2", documents["category"].value_counts(normalize=True))
    assert "percentages" in messages(
        "C3.2", 100 * documents["category"].value_counts(normalize=True)
    )
    assert "counts every column" in messages("C3.2", documents.groupby("category").count())
    assert "2020-2021 only" in messages(
        "C3.2", documents[documents["year"].between(2020, 2021)]["category"].value_counts()
    )
    assert "category codes" in messages("C3.2", counts.rename(index=str.upper))
    assert check("C3.2", counts.to_dict()).correct
