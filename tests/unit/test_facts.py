"""data/facts.csv: one row per figure the prose states (aigovbook.facts)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from aigovbook import load
from aigovbook.data import DataValidationError
from aigovbook.facts import all_facts, fact, format_date, text
from aigovbook.membership import members_on
from tools.book import ROOT

HEADER = "key,value,unit,as_of,source,status,derived_from,note\n"


@pytest.fixture
def data_copy(tmp_path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data", ignore=shutil.ignore_patterns("*.yaml"))
    shutil.copy(ROOT / "references.bib", tmp_path / "references.bib")
    return tmp_path / "data"


def write_facts(ddir: Path, *rows: str) -> None:
    (ddir / "facts.csv").write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")


def test_every_fact_resolves_and_is_in_the_package():
    facts = all_facts()
    assert len(facts) == len(load("facts")) >= 10
    for f in facts.values():
        assert f.text.strip() and f.as_of <= dt.date(2026, 11, 30)


def test_derived_facts_are_computed_from_the_membership_table():
    states = {"EUU", "AFU"}
    bletchley = members_on("BLETCHLEY", "2023-11-01")
    assert fact("bletchley_countries_recorded").value == len(bletchley - states)
    assert fact("gpai_members_2024").value == len(members_on("GPAI", "2024-07-03"))


def test_a_derived_fact_follows_its_table(data_copy):
    """Change the table, and the fact changes with it: nothing typed to drift."""
    before = fact("bletchley_countries_recorded", data_copy).value
    rows = (data_copy / "memberships.csv").read_text(encoding="utf-8").splitlines(True)
    kept = [r for r in rows if not (r.startswith("BLETCHLEY,AUS,"))]
    (data_copy / "memberships.csv").write_text("".join(kept), encoding="utf-8")
    assert fact("bletchley_countries_recorded", data_copy).value == before - 1


def test_text_puts_the_value_in_its_unit(data_copy):
    write_facts(
        data_copy,
        "a,140,more than {} co-sponsors,2024-07-01,bletchley2023,VERIFIED,,",
        "b,68.2,%,2017-06-27,bletchley2023,VERIFIED,,",
        "c,2024-07-03,,2024-07-03,bletchley2023,VERIFIED,,",
        "d,28,countries and the EU,2023-11-01,bletchley2023,VERIFIED,,",
    )
    assert [text(k, data_copy) for k in "abcd"] == [
        "more than 140 co-sponsors",
        "68.2%",
        "3 July 2024",
        "28 countries and the EU",
    ]
    assert format_date("2023-11-01") == "1 November 2023"


@pytest.mark.parametrize(
    "row, column",
    [
        ("a,,countries,2023-11-01,bletchley2023,DERIVED,,", "value"),  # neither
        ("a,3,countries,2023-11-01,bletchley2023,DERIVED,members G7 2021-01-01,", "value"),
        ("a,,countries,2023-11-01,bletchley2023,VERIFIED,members G7 2021-01-01,", "status"),
        ("a,,countries,2023-11-01,bletchley2023,DERIVED,members NOPE 2021-01-01,", "derived_from"),
        ("a,,countries,2023-11-01,bletchley2023,DERIVED,average G7,", "derived_from"),
        ("a,3,countries,2023-11-01,,VERIFIED,,", "source"),
    ],
)
def test_bad_fact_rows_are_refused_with_their_place(data_copy, row, column):
    write_facts(data_copy, row)
    with pytest.raises(DataValidationError) as err:
        all_facts(data_copy)
    assert err.value.file == "facts.csv" and err.value.row == 2 and err.value.column == column


def test_schema_rules_apply_to_facts(data_copy):
    write_facts(data_copy, "Bad Key,3,x,2023-11-01,bletchley2023,VERIFIED,,")
    with pytest.raises(DataValidationError, match="pattern"):
        load("facts", data_dir=data_copy)
    write_facts(data_copy, "a,3,x,2023-11-01,nosuchkey,VERIFIED,,")
    with pytest.raises(DataValidationError, match="not in the bibliography"):
        load("facts", data_dir=data_copy)


def test_unknown_fact_names_the_closest():
    with pytest.raises(KeyError, match="bletchley_countries"):
        fact("bletchley_country")


def test_print_edition_turns_each_fact_into_a_numbered_note():
    """tools/pdf.py: on paper a fact keeps its value and gets a note with its source and date."""
    from bs4 import BeautifulSoup

    from tools.pdf import fact_notes

    soup = BeautifulSoup(
        '<article class="bd-article"><p>Signed by <span class="aigov-fact-box">'
        '<span class="aigov-fact" tabindex="0" aria-describedby="t1">28 countries and the EU</span>'
        '<span class="aigov-fact-tip" role="tooltip" id="t1">Source: UK Government (2023). '
        "As of 1 November 2023.</span></span>.</p></article>",
        "html.parser",
    )
    article = soup.select_one("article")
    assert fact_notes(article) == 1
    assert article.select_one("p").get_text() == "Signed by 28 countries and the EU1."
    note = article.select_one(".print-factnotes li#factnote-1")
    assert note.get_text() == (
        "28 countries and the EU: Source: UK Government (2023). As of 1 November 2023."
    )
    assert article.select_one("sup a")["href"] == "#factnote-1"
    assert not article.select(".aigov-fact-tip")


def test_part_v_is_named_after_the_span_of_its_events():
    """The table of contents cannot compute, so it is checked: Part V's caption
    gives the first and last year of events.csv (the fact events_span)."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    caption = next(p["caption"] for p in toc["parts"] if p["caption"].startswith("Part V:"))
    assert caption.endswith(text("events_span")), (caption, text("events_span"))


def test_no_member_joins_a_forum_before_it_exists(data_copy):
    """China ratified the CCW in 1982, but the convention entered into force on
    2 December 1983: a membership row dated 1982 is refused."""
    path = data_copy / "memberships.csv"
    text = path.read_text(encoding="utf-8")
    assert "CCW,CHN,1983-12-02,day," in text
    path.write_text(text.replace("CCW,CHN,1983-12-02,day,", "CCW,CHN,1982-01-01,year,"), "utf-8")
    with pytest.raises(DataValidationError, match="before CCW was founded or entered into force"):
        load("memberships", data_dir=data_copy)


def test_the_sensenets_figure_counts_people_not_users():
    figures = load("figures").set_index("id")
    assert figures.loc["A09", "unit"].startswith("million people")


def test_the_signatories_recorded_are_the_signatories_counted():
    """The UK government's count (typed) and the membership rows (computed) agree:
    a missing or extra Bletchley row fails here before it reaches a page."""
    assert fact("bletchley_countries_recorded").value == fact("bletchley_countries").value
    gpai = members_on("GPAI", fact("gpai_integration_date").value)
    assert len(gpai - {"EUU"}) == fact("gpai_countries_2024").value


def test_the_note_names_source_date_and_how_a_value_was_computed():
    from aigovbook.book.factrole import tip_text

    data, bib = ROOT / "data", ROOT / "references.bib"
    assert tip_text("bletchley_countries", data, bib) == (
        "Source: UK Government (2023), The Bletchley Declaration by Countries Attending the "
        "AI Safety Summit, 1–2 November 2023. As of 1 November 2023."
    )
    computed = tip_text("bletchley_countries_recorded", data, bib)
    assert computed.startswith("Computed from the book's data/memberships.csv. Source: UK")
    assert tip_text("events_span", data, bib) == (
        "Computed from the book's data/events.csv. As of 30 November 2026."
    )
