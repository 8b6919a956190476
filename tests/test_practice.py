"""Code exercises (aigovbook.practice): definitions, checkers and their messages,
and the generated practice pages and nbgrader sources (tools.practice)."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd
import pytest
import yaml

import aigovbook
from aigovbook import practice
from aigovbook.exercises import entries
from aigovbook.practice import check, code_exercise, code_exercises, expected
from tools import practice as practice_build
from tools.book import ROOT


def run(code: str) -> dict:
    namespace: dict = {}
    exec(code, namespace)
    return namespace


def solution_value(exercise_id: str):
    item = code_exercise(exercise_id)
    return run(item.solution_code())[item.answer]


def messages(exercise_id: str, value) -> str:
    feedback = check(exercise_id, value)
    assert not feedback.correct, feedback
    return "\n".join(feedback.messages)


# -- definitions -----------------------------------------------------------------------


def test_at_least_two_code_exercises_per_part_and_eight_in_all():
    items = code_exercises()
    assert len(items) >= 8
    for part in (1, 2, 3, 4, 5):
        assert len(code_exercises(part)) >= 2, part
    assert {i.checker for i in items} == set(practice.CHECKERS)  # every checker is used


def test_the_question_bank_ignores_the_code_section():
    raw = yaml.safe_load((ROOT / "data" / "exercises.yaml").read_text(encoding="utf-8"))
    assert [s["id"] for s in raw["code_exercises"]] == [i.id for i in code_exercises()]
    assert not any(e.id.startswith("C") for e in entries())


@pytest.mark.parametrize("item", code_exercises(), ids=lambda i: i.id)
def test_solution_is_correct_and_starter_is_unanswered(item):
    solved = run(item.solution_code())[item.answer]
    assert check(item.id, solved).correct, check(item.id, solved)
    started = run(item.starter_code())[item.answer]
    feedback = check(item.id, started)
    assert feedback.status == "unanswered"
    assert f"`{item.answer}` is still `...`" in str(feedback)
    assert item.mistakes  # documented for the instructors' table


def test_validation_names_each_problem(tmp_path):
    good = yaml.safe_load((ROOT / "data" / "exercises.yaml").read_text(encoding="utf-8"))
    specs = good["code_exercises"]
    assert practice.validate(specs) == []
    broken = [dict(s) for s in specs[:3]]
    broken[0]["id"] = "C9.1"
    broken[1]["checker"] = "nope"
    broken[2]["solution"] = "x = 1"
    del broken[2]["points"]
    problems = practice.validate(broken + [dict(specs[1])])
    assert "C9.1: id does not match part 1" in problems
    assert any("unknown checker 'nope'" in p for p in problems)
    assert any("the solution does not assign 'share'" in p for p in problems)
    assert any("missing 'points'" in p for p in problems)
    assert any("duplicate id" in p for p in problems)
    path = tmp_path / "bank.yaml"
    path.write_text(yaml.safe_dump({"exercises": [], "code_exercises": broken}), "utf-8")
    with pytest.raises(practice.CodeExerciseError, match="unknown checker"):
        practice.load_code_exercises(path)
    with pytest.raises(KeyError, match="Known ids: C1.1"):
        code_exercise("C7.7")


def test_expected_answers_come_from_the_data_not_from_typed_values():
    gain = aigovbook.load("figures").query("row_type == 'source_figure' and measure == 'gdp_gain'")
    gain = gain.set_index("region")["value"]
    assert expected("C2.1") == pytest.approx(
        100 * (gain["China"] + gain["North America"]) / gain["World"]
    )
    assert expected("C4.1") == aigovbook.forums_of("CHN", "2021-12-31")
    assert list(expected("C4.2")) == [
        len(aigovbook.members_on("GPAI", f"{y}-12-31")) for y in range(2020, 2025)
    ]
    table = aigovbook.load("events")
    confirmed = table[table["status"] != "RECALLED"]
    summits = confirmed[confirmed["kind"] == "summit"].sort_values("date")
    assert list(expected("C5.1")["title"]) == list(summits["title"])
    assert expected("C5.2").to_dict() == confirmed["china_role"].value_counts().to_dict()
    # nothing a code exercise grades rests on a RECALLED fact
    memberships = aigovbook.load("memberships")
    assert not (memberships.query("forum == 'GPAI'")["status"] == "RECALLED").any()
    figures = aigovbook.load("figures")
    used = figures[figures["measure"].isin(["gdp_gain", *practice.MCKINSEY])]
    assert not (used.query("row_type == 'source_figure'")["status"] == "RECALLED").any()


def test_a_broken_answer_never_raises():
    class Weird:
        def __len__(self):
            raise RuntimeError("boom")

    for item in code_exercises():
        feedback = check(item.id, Weird())
        assert feedback.status == "invalid", (item.id, feedback)


# -- each checker's mistakes ------------------------------------------------------------


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


def test_c2_1_share():
    share = solution_value("C2.1")
    assert "off by a factor of 100" in messages("C2.1", share / 100)
    assert "100 times too big" in messages("C2.1", share * 100)
    assert "China alone" in messages("C2.1", 100 * 7.0 / 15.7)
    assert "article's rounded total" in messages("C2.1", 100 * 10.7 / 16)
    assert "article's rounded claim" in messages("C2.1", 70)
    assert "rounded to a whole number" in messages("C2.1", 68)
    assert ".iloc[0]" in messages("C2.1", pd.Series([share]))
    assert check("C2.1", round(share, 1)).correct


def test_c2_2_mckinsey_table():
    table = solution_value("C2.2")
    assert "swapped" in messages("C2.2", table.T)
    assert "values are swapped" in messages(
        "C2.2",
        table.rename(columns={"displaced_workers": "x"}).rename(
            columns={"occupation_switchers": "displaced_workers", "x": "occupation_switchers"}
        ),
    )
    assert "million times too big" in messages("C2.2", table * 1e6)
    assert "make it the index" in messages("C2.2", table.reset_index())
    assert "tidy (long) table" in messages("C2.2", table.reset_index().melt(id_vars="scenario"))
    assert "missing scenario(s) rapid" in messages("C2.2", table.loc[["midpoint"]])
    assert "DataFrame" in messages("C2.2", table["displaced_workers"])


def test_c2_3_chart_names_the_expected_encoding():
    chart = solution_value("C2.3")
    gain = chart.data
    encoding = "Expected: mark_bar(); x = the gain"
    line = chart.mark_line()
    text = messages("C2.3", line)
    assert "mark is 'line'" in text and encoding in text
    swapped = (
        alt.Chart(gain, title="t", description=chart.description)
        .mark_bar()
        .encode(x="region:N", y="value:Q")
    )
    assert "x and y are swapped" in messages("C2.3", swapped)
    untitled = (
        alt.Chart(gain, description=chart.description).mark_bar().encode(x="value:Q", y="region:N")
    )
    assert "no title" in messages("C2.3", untitled)
    undescribed = alt.Chart(gain, title="t").mark_bar().encode(x="value:Q", y="region:N")
    assert "no description" in messages("C2.3", undescribed)
    ordinal = (
        alt.Chart(gain, title="t", description=chart.description)
        .mark_bar()
        .encode(x="value:O", y="region:N")
    )
    assert "x encodes 'value' as ordinal; expected a quantitative field" in messages(
        "C2.3", ordinal
    )
    fewer = (
        alt.Chart(gain.iloc[:5], title="t", description=chart.description)
        .mark_bar()
        .encode(x="value:Q", y="region:N")
    )
    assert "regions missing from the chart" in messages("C2.3", fewer)
    assert "several charts combined" in messages("C2.3", chart + chart)
    assert "Altair chart" in messages("C2.3", gain)


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


def test_c5_1_summits_recalled_row_track_and_sort():
    summits = solution_value("C5.1")
    table = aigovbook.load("events")
    every = table[table["kind"] == "summit"][list(summits.columns)]
    # the one RECALLED summit row (other tracks hold RECALLED rows too)
    recalled = table.loc[(table["status"] == "RECALLED") & (table["kind"] == "summit"), "title"].item()
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


# -- the generated notebooks -------------------------------------------------------------


def test_committed_practice_pages_and_nbgrader_sources_are_current():
    assert practice_build.stale() == []


def test_practice_pages_follow_the_page_that_teaches_them():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8").splitlines()
    files = [line.split("file:")[1].strip() for line in toc if "file:" in line]
    for part in practice_build.parts():
        page = str(practice_build.book_path(part).relative_to(ROOT).with_suffix(""))
        teaching = {i.page for i in code_exercises(part)}
        assert files[files.index(page) - 1] in teaching, (page, teaching)


@pytest.mark.parametrize("part", practice_build.parts())
def test_student_view_of_a_practice_page_has_no_solution(part):
    """Stripped as the student edition strips: no solution code, no solution check."""
    from tools import student_edition as se

    nb = json.loads(practice_build.book_path(part).read_text(encoding="utf-8"))
    text = json.dumps(nb)
    stripped = json.dumps(se.strip_notebook(nb))
    given = "\n".join(i.starter_code() for i in code_exercises(part))
    for item in code_exercises(part):
        for line in item.solution.strip().splitlines():
            if len(line.strip()) > 25 and line.strip() not in given:
                assert json.dumps(line.strip())[1:-1] in text  # the instructor view has it
                assert json.dumps(line.strip())[1:-1] not in stripped, (item.id, line)
        assert f"{item.id}: correct." in text  # the instructor's note on the solution
        assert f"{item.id}: correct." not in stripped
        assert f"{item.id}: not answered yet." in stripped  # what the student sees
    assert "{solution" not in stripped
