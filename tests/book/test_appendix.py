"""The appendix page "Data and sources" is generated from the data package and up to date."""

from __future__ import annotations

import re
from pathlib import Path

import aigovbook
from aigovbook import data as D
from aigovbook.book import appendix

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "chapters" / "data-and-sources.md"


def test_committed_page_matches_the_generator():
    # The Sphinx extension rewrites the page on every build; the committed copy
    # must be what it would write, so readers of the repository see the same page.
    assert PAGE.read_text(encoding="utf-8") == appendix.render_page(ROOT / "data")


def test_page_has_every_table_with_download_link_and_row_count():
    text = appendix.render_page(ROOT / "data")
    assert [line for line in text.splitlines() if line.startswith("# ")] == ["# Data and sources"]
    for res in D.package()["resources"]:
        rows = len(aigovbook.load(res["name"]))
        assert f"## {res['title']}" in text
        assert f"{{download}}`{res['path']} <../data/{res['path']}>` ({rows} rows" in text
        for field in res["schema"]["fields"]:
            assert f"| `{field['name']}` | {field['type']} |" in text
    assert "{download}`datapackage.json <../data/datapackage.json>`" in text
    for gap in D.package()["x-gaps"]:
        assert gap in text


def test_every_citation_on_the_page_is_in_the_bibliography():
    text = appendix.render_page(ROOT / "data")
    cited = {k for group in re.findall(r"\{cite:[pt]\}`([^`]+)`", text) for k in group.split(",")}
    assert cited, "the page cites its sources"
    assert cited <= D.bib_keys()
    used = set()
    for res in D.package()["resources"]:
        frame = aigovbook.load(res["name"])
        for col in res.get("x-bib-columns", []):
            used |= set(frame[col]) - {""}
    assert used <= cited  # every source used in the data is listed on the page


def test_disagreements_point_at_real_rows_and_sources():
    ids = set(aigovbook.load("figures")["id"])
    for item in D.package()["x-disagreements"]:
        assert set(item["rows"]) <= ids, item["title"]
        assert set(item["sources"]) <= D.bib_keys(), item["title"]


def test_write_page_is_idempotent(tmp_path):
    (tmp_path / "chapters").mkdir()
    assert appendix.write_page(tmp_path, data_dir=ROOT / "data") is True
    first = (tmp_path / "chapters" / "data-and-sources.md").read_text(encoding="utf-8")
    assert appendix.write_page(tmp_path, data_dir=ROOT / "data") is False
    assert (tmp_path / "chapters" / "data-and-sources.md").read_text(encoding="utf-8") == first
