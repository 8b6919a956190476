"""Part IV's chart recipes (aigovbook.charts.part4) on the forums and their members."""

from __future__ import annotations

from aigovbook import charts
from aigovbook.charts import part4

from .vl import encodings

FORUMS = "04-challenges/forums.ipynb"
SINCE = "04-challenges/since-the-article.ipynb"


def test_forum_typology_shapes_by_type_and_says_chinas_status(chapter):
    spec = part4.forum_typology(chapter(FORUMS)["forums"]).to_dict()
    assert spec["title"]["text"] == "Both AI bodies created before 2022 left China out"
    assert "Circles are initiatives embedded in existing institutions" in spec["description"]
    assert {
        ("x", "founded", "temporal"),
        ("shape", "type", "nominal"),
        ("color", "china_2021", "nominal"),
    } <= encodings(spec)


def test_membership_heatmap_writes_yes_no_or_a_question_mark(chapter):
    page = chapter(FORUMS)
    cells = charts.membership_cells(
        page["matrix"], page["forums"], page["memberships"], page["names"]
    )
    assert set(cells["symbol"]) <= {"yes", "no", "?"}
    spec = part4.membership_heatmap(cells, page["row_order"]).to_dict()
    assert spec["title"]["text"] == (
        "In 2021 China sat in the G20, BRICS and UN bodies but no Western-led club"
    )
    assert "Each cell reads yes, no or ? (not recorded)" in spec["description"]
    assert {
        ("x", "label", "nominal"),
        ("y", "country", "nominal"),
        ("text", "symbol", "nominal"),
    } <= encodings(spec)


def test_member_counts_over_time_run_to_the_latest_date(chapter):
    page = chapter(FORUMS)
    spec = part4.member_counts_over_time(
        page["over_time"], page["forums"], page["china_now"], latest=page["LATEST"]
    ).to_dict()
    assert spec["title"]["text"].startswith("Since 2021 GPAI and BRICS grew sharply")
    assert spec["title"]["subtitle"] == (
        "Source: the book's memberships table, 2017 to 1 January 2026"
    )
    assert "from January 2017 to January 2026" in spec["description"]
    assert {("x", "date", "temporal"), ("y", "members", "quantitative")} <= encodings(spec)


def test_then_now_dumbbell_writes_each_change(chapter):
    page = chapter(SINCE)
    spec = part4.then_now_dumbbell(page["then_now"], latest=page["LATEST"]).to_dict()
    assert spec["title"]["text"].startswith("GPAI grew most since 2021")
    assert spec["title"]["subtitle"].endswith("31 December 2021 and 1 January 2026")
    assert "GPAI: 25 to 45 (+20 (16 derived))" in spec["description"]
    assert {
        ("x", "members", "quantitative"),
        ("y", "Forum", "nominal"),
        ("shape", "when", "nominal"),
    } <= encodings(spec)


def test_article_date_numbers_count_members_at_the_end_of_2021(chapter):
    from aigovbook import members_on
    from aigovbook.membership import ARTICLE_DATE, article_date_numbers

    assert ARTICLE_DATE == "2021-12-31"
    existing = chapter(FORUMS)["heat_forums"]["id"]
    numbers = article_date_numbers(existing).set_index("Glue name")["Number"]
    assert numbers["ch4_n_forums_2021"] == len(existing)
    assert numbers["ch4_g7_members_2021"] == 7
    china = sum("CHN" in members_on(f, "2021-12-31") for f in existing)
    assert numbers["ch4_china_forums_2021"] == china < len(existing)
    g20, oecd = members_on("G20", ARTICLE_DATE), members_on("OECD", ARTICLE_DATE)
    assert numbers["ch4_g20_not_oecd"] == len(g20 - {"EUU", "AFU"} - oecd)
    assert numbers.index.is_unique and len(numbers) == 9
