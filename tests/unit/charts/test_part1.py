"""Part I's chart recipe (aigovbook.charts.part1) on the doctrine data the page draws."""

from __future__ import annotations

from aigovbook.charts import part1

from .vl import encodings

PAGE = "01-shifting-views/doctrine-timeline.ipynb"


def test_doctrine_timeline_states_its_takeaway_and_names_every_era(chapter):
    page = chapter(PAGE)
    spec = part1.doctrine_timeline(
        page["eras"], page["principles"], page["turning"], as_of=page["AS_OF"]
    ).to_dict()
    assert spec["title"]["text"] == (
        "China went from challenging global governance to a low profile to seeking leadership"
    )
    assert spec["title"]["subtitle"].startswith("Source: Cheng and Zeng")
    for era in (
        "(1949–1976; Mao Zedong)",
        "(1978–2012; Deng Xiaoping, Jiang Zemin, Hu Jintao)",
        "(2012–ongoing; Xi Jinping)",
        "2023, China signs the Bletchley Declaration",
    ):
        assert era in spec["description"]
    assert {
        ("x", "start", "quantitative"),
        ("y", "lane", "nominal"),
        ("color", "principle", "nominal"),
        ("text", "surname", "nominal"),
        ("tooltip", "source", "nominal"),
    } <= encodings(spec)


def test_turning_point_labels_are_short(chapter):
    turning = chapter(PAGE)["turning"]
    assert set(part1.TURNING_POINT_LABELS) <= set(turning["id"])
    assert all(len(label) <= 30 for label in part1.TURNING_POINT_LABELS.values())
