"""Part II's chart recipes (aigovbook.charts.part2) on the tables its two pages draw."""

from __future__ import annotations

from aigovbook.charts import part2

from .vl import encodings

WEAPONS = "02-why-govern/data-and-weapons.ipynb"
JOBS = "02-why-govern/jobs-and-gains.ipynb"


def test_internet_bar_splits_the_population_in_two(chapter):
    page = chapter(WEAPONS)
    spec = part2.internet_bar(page["internet"], page["users"]).to_dict()
    assert spec["title"]["text"] == (
        "Over 1 billion people, 71.6% of China's population, were online in 2021"
    )
    assert spec["title"]["subtitle"].startswith("Source: CNNIC")
    assert (
        "internet users, 71.6% (over 1 billion people), and people not online, 28.4%"
        in (spec["description"])
    )
    assert {("x", "start", "quantitative"), ("color", "group", "nominal")} <= encodings(spec)


def test_survey_bars_say_the_answers_cannot_be_added(chapter):
    spec = part2.survey_bars(chapter(WEAPONS)["survey"]).to_dict()
    assert spec["title"]["text"].startswith("Most respondents worry about data leaks")
    assert "cannot be added" in spec["description"]
    assert {("x", "value", "quantitative"), ("y", "answer", "nominal")} <= encodings(spec)


def test_displacement_panels_share_one_scale_in_million_people(chapter):
    spec = part2.displacement_panels(chapter(JOBS)["world"]).to_dict()
    assert spec["title"]["text"] == (
        "Far fewer workers must change occupation than automation displaces"
    )
    assert (
        "400 million in the midpoint scenario and 800 million in the rapid" in (spec["description"])
    )
    assert {("x", "scenario", "nominal"), ("y", "value", "quantitative")} <= encodings(spec)


def test_focus_country_panels_give_every_country_a_value_or_a_gap(chapter):
    spec = part2.focus_country_panels(chapter(JOBS)["countries"]).to_dict()
    assert spec["title"]["text"].startswith("China has the most affected workers")
    assert "China 236, India 120, United States 73" in spec["description"]
    assert "no verified figure" in spec["description"]
    assert {("y", "country", "nominal"), ("x", "value", "quantitative")} <= encodings(spec)


def test_regional_gain_bars_lead_with_china(chapter):
    page = chapter(JOBS)
    spec = part2.regional_gain_bars(page["gain"], page["global_gain"]).to_dict()
    assert spec["title"]["text"] == (
        "China alone would take $7.0tn of the $15.7tn global gain from AI in 2030"
    )
    assert "China 7.0, North America 3.7" in spec["description"]
    assert ("x", "gain (USD trillion)", "quantitative") in encodings(spec)


def test_gdp_boost_bars_mark_regions_without_a_figure(chapter):
    page = chapter(JOBS)
    europe = page["europe"]
    world = page["value"](page["published"], "gdp_boost", "World")
    spec = part2.gdp_boost_bars(page["boost"], world, (europe.value_low, europe.value_high))
    spec = spec.to_dict()
    assert spec["title"]["text"] == "AI would lift China's own GDP the most: by about 26% in 2030"
    assert (
        "Northern Europe and Southern Europe have no separately confirmed figure"
        in (spec["description"])
    )
    assert {("x", "value", "quantitative"), ("y", "region", "nominal")} <= encodings(spec)


def test_share_bullet_compares_pwc_with_the_article(chapter):
    page = chapter(JOBS)
    spec = part2.share_bullet(
        page["share"], page["china_na_share"], page["global_gain"], page["article_total"]
    ).to_dict()
    assert spec["title"]["text"] == (
        "China and North America take 68.2% of PwC's gain, a little below the article's 70%"
    )
    assert "total 68.2% of 15.7 trillion US dollars" in spec["description"]
    assert {("y", "row", "nominal"), ("color", "part", "nominal")} <= encodings(spec)


def _published():
    from aigovbook import load

    figures = load("figures")
    return figures[figures.row_type != "article_claim"]


def test_world_displacement_names_the_groups_and_the_workforce_share():
    world = part2.world_displacement(_published())
    assert sorted(zip(world.group, world.scenario, world.value, strict=True)) == [
        (
            "Displaced",
            "Midpoint",
            400,
        ),
        ("Displaced", "Rapid", 800),
        ("Must switch occupational category", "Midpoint", 75),
        ("Must switch occupational category", "Rapid", 375),
    ]
    share = world.set_index(["measure", "scenario"])["% of 2030 workforce"]
    assert share["displaced_workers"].isna().all()  # MGI gives it for switching only
    assert share["occupation_switchers", "Rapid"] == 14


def test_china_share_of_world_is_a_percentage_of_the_world_row(chapter):
    page = chapter(JOBS)
    china = part2.china_share_of_world(page["world"], page["countries"])
    assert list(china.index) == ["displaced_workers", "occupation_switchers"]
    displaced = china.loc["displaced_workers"]
    assert displaced["World (million)"] == 800 and displaced["China (million)"] == 236
    assert displaced["China's share of world (%)"] == round(100 * 236 / 800, 1)


def test_focus_panels_are_the_measures_the_page_compares():
    assert part2.FOCUS_COUNTRIES[0] == "CHN" and len(part2.FOCUS_COUNTRIES) == 6
    assert set(part2.DISPLACEMENT_GROUPS) < set(part2.FOCUS_PANELS)
