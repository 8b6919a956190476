"""Broken copies of the data package must fail loudly, naming file, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest

import aigovbook
from aigovbook import DataValidationError

ROOT = Path(__file__).resolve().parents[2]


def edit(path: Path, old: str, new: str, count: int = 1) -> int:
    """Replace ``old`` by ``new`` in a CSV; return the line number (1-based) of the first change."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {path.name}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path.name}")


def assert_error(err: DataValidationError, file: str, row: int | None, column: str | None) -> None:
    message = str(err)
    assert err.file == file and file in message
    assert err.row == row
    if row is not None:
        assert f"row {row}" in message
    assert err.column == column
    if column is not None:
        assert f"column '{column}'" in message


def test_the_untouched_copy_is_valid(copy):
    for name in aigovbook.resource_names(copy):
        assert len(aigovbook.load(name, data_dir=copy)) > 0


def test_missing_column(copy):
    path = copy / "memberships.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    # drop the 'joined' column (3rd) from every line; no quoted commas occur before it
    rows = [",".join(line.split(",")[:2] + line.split(",")[3:]) for line in lines]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        aigovbook.load("memberships", data_dir=copy)
    assert_error(err.value, "memberships.csv", 1, "joined")
    assert "missing" in str(err.value)


def test_bad_date(copy):
    path = copy / "memberships.csv"
    row = edit(path, "OECD,CRI,2021-05-25", "OECD,CRI,2021-13-25")
    with pytest.raises(DataValidationError) as err:
        aigovbook.load("memberships", data_dir=copy)
    assert_error(err.value, "memberships.csv", row, "joined")
    assert "2021-13-25" in str(err.value)


def test_date_in_wrong_format(copy):
    path = copy / "forums.csv"
    row = line_of(path, "GPAI,")
    edit(path, "2020-06-15", "15/06/2020")
    with pytest.raises(DataValidationError) as err:
        aigovbook.load("forums", data_dir=copy)
    assert_error(err.value, "forums.csv", row, "founded")
    assert "YYYY-MM-DD" in str(err.value)


def test_duplicate_key(copy):
    path = copy / "forums.csv"
    row = line_of(path, "G20_AI,")
    edit(path, "\nG20_AI,", "\nG20,")
    with pytest.raises(DataValidationError) as err:
        aigovbook.load("forums", data_dir=copy)
    assert_error(err.value, "forums.csv", row, "id")
    assert "duplicate" in str(err.value)


def test_duplicate_composite_primary_key(copy):
    path = copy / "memberships.csv"
    text = path.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line.startswith("G7,USA,"))
    path.write_text(text + first + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        aigovbook.load("memberships", data_dir=copy)
    last = len(path.read_text(encoding="utf-8").splitlines())
    assert_error(err.value, "memberships.csv", last, "forum+member+joined")


def test_unknown_member_code(copy):
    path = copy / "memberships.csv"
    row = edit(path, "G7,USA,", "G7,USX,")
    with pytest.raises(DataValidationError) as err:
        aigovbook.load("memberships", data_dir=copy)
    assert_error(err.value, "memberships.csv", row, "member")
    assert "USX" in str(err.value) and "countries.csv" in str(err.value) and "USA" in str(err.value)


def test_unknown_forum_in_memberships(copy):
    path = copy / "memberships.csv"
    row = edit(path, "G7,USA,", "G8,USA,")
    with pytest.raises(DataValidationError) as err:
        aigovbook.load("memberships", data_dir=copy)
    assert_error(err.value, "memberships.csv", row, "forum")
    assert "forums.csv" in str(err.value)


def test_source_key_not_in_bibliography(copy):
    path = copy / "figures.csv"
    row = line_of(path, "P01,")
    edit(path, ",pwc2017press,pwc2017,", ",pwc2017presss,pwc2017,")
    with pytest.raises(DataValidationError) as err:
        aigovbook.load("figures", data_dir=copy)
    assert_error(err.value, "figures.csv", row, "source")
    assert "pwc2017presss" in str(err.value) and "references.bib" in str(err.value)


def test_bibliography_can_be_given_explicitly(copy, tmp_path):
    empty = tmp_path / "empty.bib"
    empty.write_text("% no entries\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="not in the bibliography empty.bib"):
        aigovbook.load("forums", data_dir=copy, bib_path=empty)


def test_wrong_type_integer(copy):
    path = copy / "documents.csv"
    row = line_of(path, "pipl,")
    edit(
        path,
        "pipl,Personal Information Protection Law,中华人民共和国个人信息保护法,2021,",
        "pipl,Personal Information Protection Law,中华人民共和国个人信息保护法,20x1,",
    )
    with pytest.raises(DataValidationError) as err:
        aigovbook.load("documents", data_dir=copy)
    assert_error(err.value, "documents.csv", row, "year")
    assert "not an integer" in str(err.value)


def test_enum_violation(copy):
    path = copy / "forums.csv"
    row = line_of(path, "AIPD,")
    edit(path, "(AIPD),new,", "(AIPD),novel,")
    with pytest.raises(DataValidationError) as err:
        aigovbook.load("forums", data_dir=copy)
    assert_error(err.value, "forums.csv", row, "kind")
    assert "embedded, new" in str(err.value)


def test_required_value_missing(copy):
    path = copy / "countries.csv"
    row = edit(path, "CHN,China,Asia,", "CHN,,Asia,")
    with pytest.raises(DataValidationError) as err:
        aigovbook.load("countries", data_dir=copy)
    assert_error(err.value, "countries.csv", row, "name")


def test_figure_without_value_or_range(copy):
    path = copy / "figures.csv"
    row = line_of(path, "M01,")
    edit(
        path,
        ",World,midpoint,2030,400,,,,million people,",
        ",World,midpoint,2030,,,,,million people,",
    )
    with pytest.raises(DataValidationError) as err:
        aigovbook.load("figures", data_dir=copy)
    assert_error(err.value, "figures.csv", row, "value")


def test_left_before_joined(copy):
    path = copy / "memberships.csv"
    row = edit(path, "2022-03-16,day", "1990-03-16,day")
    with pytest.raises(DataValidationError) as err:
        aigovbook.load("memberships", data_dir=copy)
    assert_error(err.value, "memberships.csv", row, "left")


def test_row_with_too_few_cells(copy):
    path = copy / "countries.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "XYZ,Nowhere\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        aigovbook.load("countries", data_dir=copy)
    assert_error(err.value, "countries.csv", len(text.splitlines()) + 1, None)


def test_unknown_extra_column(copy):
    path = copy / "plan_milestones.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text(
        "\n".join([lines[0] + ",extra"] + [line + "," for line in lines[1:]]) + "\n",
        encoding="utf-8",
    )
    with pytest.raises(DataValidationError) as err:
        aigovbook.load("plan_milestones", data_dir=copy)
    assert_error(err.value, "plan_milestones.csv", 1, "extra")


def test_errors_are_value_errors(copy):
    assert issubclass(DataValidationError, ValueError)


def test_cache_notices_edits(copy):
    assert "CHN" in set(aigovbook.load("countries", data_dir=copy)["code"])
    path = copy / "countries.csv"
    import os
    import time

    edit(path, "CHN,China,Asia,", "CHN,China (PRC),Asia,")
    stamp = time.time() + 5
    os.utime(path, (stamp, stamp))
    names = aigovbook.load("countries", data_dir=copy).set_index("code")["name"]
    assert names["CHN"] == "China (PRC)"


# ---------------------------------------------------------------- issue 18: rules that passed


def _append(path: Path, line: str) -> int:
    """Append one CSV line; return its line number."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text + line + "\n", encoding="utf-8")
    return len(text.splitlines()) + 1


MEMBER_ROW = ",{status},dfatg20,https://example.org,planted for a test"


def test_overlapping_memberships_of_one_member_in_one_forum(copy):
    """China in the G20 since 1999 (open) and again from 2010: two spells at once."""
    path = copy / "memberships.csv"
    row = _append(path, "G20,CHN,2010-01-01,year,,," + MEMBER_ROW.format(status="VERIFIED")[1:])
    with pytest.raises(DataValidationError) as err:
        aigovbook.load("memberships", data_dir=copy)
    assert_error(err.value, "memberships.csv", row, "joined")
    first = line_of(path, "G20,CHN,1999-01-01")
    assert "overlap" in str(err.value) and f"rows {first} and {row}" in str(err.value)
    assert "CHN" in str(err.value) and "G20" in str(err.value)


def test_overlap_of_a_closed_spell(copy):
    """The UK in the EU 1973-2020 (left 2020-02-01) and again from 2019: overlap."""
    path = copy / "memberships.csv"
    row = _append(path, "EU,GBR,2019-06-01,day,,," + MEMBER_ROW.format(status="VERIFIED")[1:])
    with pytest.raises(DataValidationError) as err:
        aigovbook.load("memberships", data_dir=copy)
    assert_error(err.value, "memberships.csv", row, "joined")
    assert "2020-02-01" in str(err.value)


def test_rejoining_after_leaving_is_not_an_overlap(copy):
    """Leaving on 2020-02-01 and rejoining that day (left is exclusive) is two spells, fine."""
    path = copy / "memberships.csv"
    _append(path, "EU,GBR,2020-02-01,day,,," + MEMBER_ROW.format(status="VERIFIED")[1:])
    frame = aigovbook.load("memberships", data_dir=copy)
    assert len(frame[(frame.forum == "EU") & (frame.member == "GBR")]) == 2


def test_duplicate_key_in_the_bibliography(copy):
    bib = copy.parent / "references.bib"
    text = bib.read_text(encoding="utf-8")
    first = line_of(bib, "@article{chengzeng2023,")
    line = len(text.splitlines()) + 2
    bib.write_text(text + "\n@misc{chengzeng2023,\n  title = {Planted twice},\n}\n", "utf-8")
    with pytest.raises(DataValidationError) as err:
        aigovbook.load("figures", data_dir=copy)
    assert_error(err.value, "references.bib", line, None)
    assert "duplicate" in str(err.value) and "chengzeng2023" in str(err.value)
    assert f"line {first}" in str(err.value)


def test_bibliography_keys_differing_only_in_case_are_duplicates(copy):
    """BibTeX and pybtex (Sphinx's reader) compare keys ignoring case."""
    bib = copy.parent / "references.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text + "\n@misc{ChengZeng2023,\n  title = {Planted},\n}\n", "utf-8")
    with pytest.raises(DataValidationError, match="duplicate bibliography key 'ChengZeng2023'"):
        aigovbook.load("forums", data_dir=copy)


@pytest.mark.parametrize("name", ["memberships", "countries", "figures"])
def test_a_table_with_a_header_and_no_rows(copy, name):
    from aigovbook.data import package

    pkg = package(copy)
    fname = next(r["path"] for r in pkg["resources"] if r["name"] == name)
    path = copy / fname
    header = path.read_text(encoding="utf-8").splitlines()[0]
    path.write_text(header + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        aigovbook.load(name, data_dir=copy)
    assert_error(err.value, fname, 2, None)
    assert "no data rows" in str(err.value)
