"""Part III's chart recipe (aigovbook.charts.part3) on the plan and the documents."""

from __future__ import annotations

from aigovbook.charts import part3

from .vl import encodings

PAGE = "03-goals-and-practices/plan-and-documents.ipynb"


def test_plan_timeline_lists_every_document_by_lane(chapter):
    page = chapter(PAGE)
    spec = part3.plan_timeline(page["plan_rows"], page["docs"], page["milestones"]).to_dict()
    assert spec["title"]["text"] == (
        "China's AI rules and standards bunch around the plan's 2020 milestone"
    )
    description = spec["description"]
    assert "Privacy and data protection lane, 6 documents" in description
    assert "Ethics lane, 3 documents" in description
    assert "Technical standards lane, 7 documents" in description
    assert all(label in description for label in page["docs"]["label"])
    assert {
        ("x", "year", "quantitative"),
        ("y", "lane", "nominal"),
        ("shape", "mark", "nominal"),
        ("tooltip", "source", "nominal"),
    } <= encodings(spec)
