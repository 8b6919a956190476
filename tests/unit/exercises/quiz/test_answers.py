"""Answers computed from the data (aigovbook.exercises.quiz.answers), checked against the API."""

from __future__ import annotations

import pytest

import aigovbook
from aigovbook.charts.explorer import (
    FULL_FORUMS,
)
from aigovbook.exercises import (
    entries,
    entry,
)
from aigovbook.exercises.bank import parameter_grid


def test_membership_answers_are_computed_not_typed():
    for item in entries(chapter=4):
        assert "answer" not in item.spec and item.spec.get("answer_from"), item.id


def test_q4_1_matches_forums_of():
    exercise = entry("Q4.1").build()
    offered = {o.key for o in exercise.options}
    assert exercise.answer == aigovbook.forums_of("CHN", "2021-12-31") & offered
    assert {"G20", "UN", "BRICS"} <= exercise.answer
    assert not {"G7", "OECD", "GPAI"} & exercise.answer


@pytest.mark.parametrize("combo", parameter_grid(entry("Q4.2")), ids=lambda c: ",".join(c.values()))
def test_q4_2_matches_forums_of_for_every_choice(combo):
    exercise = entry("Q4.2").build(**combo)
    offered = {o.key for o in exercise.options}
    assert exercise.answer == aigovbook.forums_of(combo["member"], combo["date"]) & offered
    assert offered <= set(FULL_FORUMS)  # only forums whose members are all recorded


@pytest.mark.parametrize("combo", parameter_grid(entry("Q4.3")), ids=lambda c: ",".join(c.values()))
def test_q4_3_matches_members_on(combo):
    exercise = entry("Q4.3").build(**combo)
    g20 = aigovbook.members_on("G20", combo["date"])
    gpai = aigovbook.members_on("GPAI", combo["date"])
    for code, category in exercise.answer.items():
        expected = (code in g20, code in gpai)
        assert (
            category
            == {
                (True, True): "Both G20 and GPAI",
                (True, False): "Only G20",
                (False, True): "Only GPAI",
                (False, False): "Neither",
            }[expected]
        )


def test_q4_4_matches_the_forums_table():
    kinds = aigovbook.load("forums").set_index("id")["kind"]
    exercise = entry("Q4.4").build()
    for key, category in exercise.answer.items():
        assert category.startswith("Embedded") == (kinds[key] == "embedded"), key


def test_q4_5_orders_gpai_by_join_date():
    exercise = entry("Q4.5").build()
    days = [key.removeprefix("wave-") for key in exercise.answer]
    joined = aigovbook.load("memberships").query("forum == 'GPAI'")["joined"].dt.date.astype(str)
    assert days == sorted(set(joined))
    assert days[0] == "2020-06-15"


def test_q4_6_and_q4_7_follow_the_membership_api():
    assert entry("Q4.6").build().answer == "G20"
    assert "CHN" in aigovbook.members_on("G20", "2021-12-31")
    assert entry("Q4.7").build().answer == len(aigovbook.members_on("GPAI", "2021-12-31")) == 25


def test_q2_1_is_computed_from_pwc_figures():
    figures = aigovbook.load("figures").set_index("id")["value"]
    exercise = entry("Q2.1").build()
    assert exercise.answer == pytest.approx(
        (figures["P06"] + figures["P09"]) / figures["P01"] * 100
    )
    assert 67 < exercise.answer < 69.5  # "almost 70 per cent", not the article's 70
    assert "rounded figure" in exercise.check("70%").message
    assert "China's share alone" in exercise.check(figures["P08"]).message


def test_timelines_and_categories_follow_their_tables():
    doctrine = aigovbook.load("doctrine").set_index("id")["start"]
    order = entry("Q1.1").build().answer
    assert [doctrine[k] for k in order] == sorted(doctrine[k] for k in order)
    milestones = entry("Q3.2").build().answer
    assert list(milestones) == sorted(milestones)
    documents = aigovbook.load("documents").set_index("id")["category"]
    labels = entry("Q3.1").spec["answer_from"]["labels"]
    for key, category in entry("Q3.1").build().answer.items():
        assert category == labels[documents[key]]
