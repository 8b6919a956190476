"""The events table (data/events.csv), its queries and the Part V exercises built on it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import aigovbook
from aigovbook import DataValidationError
from aigovbook.events import KINDS, ROLES, events, role_counts, role_of
from aigovbook.exercises.bank import BankError, build, entry

ROOT = Path(__file__).resolve().parent.parent


# ------------------------------------------------------------------ the data


def test_the_table_loads_with_its_schema_roles_and_dates():
    table = aigovbook.load("events")
    assert len(table) >= 15
    assert set(table["china_role"]) <= set(ROLES) and set(table["us_role"]) <= set(ROLES)
    assert set(table["kind"]) == set(KINDS), "every track has at least one event"
    assert table["date"].min() >= __import__("pandas").Timestamp("2022-01-01")
    assert table["date"].is_monotonic_increasing


def test_the_facts_the_part_relies_on():
    # Each was read in the source named in its row (see the Part V page).
    assert role_of("bletchley", "CHN") == "signed" and role_of("bletchley", "USA") == "signed"
    assert role_of("paris_statement", "CHN") == "signed"
    assert role_of("paris_statement", "USA") == "did_not_sign"
    assert role_of("seoul_declaration", "CHN") == "not_party"
    assert role_of("unga_safe_ai", "USA") == "led"
    assert role_of("unga_safe_ai", "CHN") == "co-sponsored"
    assert role_of("unga_capacity", "CHN") == "led"
    assert role_of("unga_capacity", "US") == "co-sponsored"  # aliases are accepted
    assert role_of("coe_convention", "USA") == "signed"
    dates = events().set_index("id")["date"].dt.strftime("%Y-%m-%d")
    assert dates["eu_ai_act"] == "2024-08-01"
    assert dates["coe_convention"] == "2024-09-05"
    assert dates["china_genai_measures"] == "2023-08-15"
    assert dates["china_labelling"] == "2025-09-01"
    assert dates["un_panel_dialogue"] == "2025-08-26"


def test_every_source_is_in_the_bibliography_and_recalled_rows_say_so():
    table = aigovbook.load("events")
    keys = aigovbook.data.bib_keys()
    assert set(table["source"]) <= keys
    recalled = table[table["status"] == "RECALLED"]
    assert len(recalled) >= 1, "the page teaches what RECALLED means with a real row"
    assert recalled["summary"].str.contains("RECALLED").all()


def test_filters_and_counts():
    summits = events(kind="summit")
    assert set(summits["kind"]) == {"summit"}
    assert len(events(start="2025-01-01")) < len(events())
    assert (events(end="2024-06-30")["date"] <= "2024-06-30").all()
    assert "RECALLED" not in set(events(gradable=True)["status"])
    counts = role_counts("CHN")
    assert list(counts.index) == list(ROLES)
    assert counts.sum() == len(events(gradable=True))


def test_bad_queries_get_clear_messages():
    with pytest.raises(ValueError, match="Unknown power 'RUS'.*'CHN'.*'USA'"):
        role_of("bletchley", "RUS")
    with pytest.raises(ValueError, match="Unknown event 'bletchly'.*Did you mean 'bletchley'"):
        role_of("bletchly", "CHN")
    with pytest.raises(ValueError, match="Unknown kind 'summits'.*Did you mean 'summit'"):
        events(kind="summits")
    with pytest.raises(ValueError, match="start='2024-13-01' is not a date"):
        events(start="2024-13-01")


# ------------------------------------------------------- malformed input


@pytest.fixture
def copy(tmp_path) -> Path:
    shutil.copytree(
        ROOT / "data", tmp_path / "data", ignore=shutil.ignore_patterns("READY", "*.yaml")
    )
    shutil.copy(ROOT / "references.bib", tmp_path / "references.bib")
    return tmp_path / "data"


def _line(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def _break(copy: Path, old: str, new: str) -> int:
    path = copy / "events.csv"
    line = _line(path, old)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


@pytest.mark.parametrize(
    ("old", "new", "column", "message"),
    [
        (",signed,signed,", ",signed,sgned,", "us_role", "'sgned' is not one of: led, co-led"),
        ("2024-09-05", "5 Sept 2024", "date", "not a date in YYYY-MM-DD form"),
        ("2024-09-05", "2024-09-31", "date", "not a valid calendar date"),
        ("2023-11-01", "2021-11-01", "date", "before 2022-01-01"),
        (",anews2024coe,", ",anews2024coee,", "source", "did you mean 'anews2024coe'"),
        (',summit,"AI Safety', ',summits,"AI Safety', "kind", "is not one of: china_initiative"),
        ("RECALLED, not confirmed:", "Not confirmed:", "summary", "must say so in its summary"),
    ],
)
def test_malformed_rows_name_file_row_and_column(copy, old, new, column, message):
    line = _break(copy, old, new)
    with pytest.raises(DataValidationError) as caught:
        aigovbook.load("events", data_dir=copy)
    error = caught.value
    assert (error.file, error.row, error.column) == ("events.csv", line, column)
    assert message in str(error)
    assert str(error).startswith(f"events.csv, row {line}, column '{column}'")


def test_a_missing_column_is_reported_and_the_file_is_untouched(copy):
    path = copy / "events.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",us_role,", ",usrole,", 1), encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    with pytest.raises(DataValidationError, match="column 'us_role': required column is missing"):
        aigovbook.load("events", data_dir=copy)
    assert path.read_text(encoding="utf-8") == before, "validation never rewrites data"


# The chart is tested in tests/unit/charts/test_part5.py.


# ------------------------------------------------------ the Part V exercises


def test_part_five_answers_are_computed_from_the_data():
    signatures = entry("Q5.1").build()
    assert signatures.answer == {
        "bletchley": "Both signed",
        "seoul_declaration": "Only the US signed",
        "paris_statement": "Only China signed",
        "new_delhi_declaration": "Both signed",
    }
    order = entry("Q5.2").build().answer
    assert order[0] == "gaigi" and order[-1] == "waic_action_plan"
    count = entry("Q5.3").build()
    expected = events(gradable=True)["china_role"].isin(["led", "co-led"]).sum()
    assert count.answer == float(expected)


def test_an_exercise_is_never_graded_on_a_recalled_row():
    spec = dict(entry("Q5.1").spec)
    spec["answer_from"] = {"function": "event_signatures", "items": ["seoul_ministerial"]}
    with pytest.raises(BankError, match="RECALLED.*never be graded"):
        build(spec)
    spec["answer_from"] = {
        "function": "event_timeline",
        "items": ["bletchley", "seoul_ministerial"],
    }
    with pytest.raises(BankError, match="RECALLED"):
        build(spec)
    spec["answer_from"] = {"function": "event_signatures", "items": ["no_such_event"]}
    with pytest.raises(BankError, match="not found in events.id"):
        build(spec)
