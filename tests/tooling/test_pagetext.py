"""tools.pagetext: the text a reader gets from each built page, and the comparison of two builds."""

from __future__ import annotations

import json

from tools import pagetext

PAGE = """<html><head><style>p {color: red}</style></head><body>
<nav><a href="#">Part I</a></nav>
<p>China joined <b>in 2023</b>.</p><img src="x.png" alt="A bar chart of members">
<div id="altair-viz-3f2a9c0d1e5b4a7f8c6d"><script>vegaEmbed("#altair-viz-3f2a9c0d1e5b4a7f8c6d",
{"description": "Members by year"})</script></div></body></html>"""


def test_page_text_keeps_what_a_reader_meets_and_blanks_generated_ids():
    text = pagetext.page_text(PAGE)
    assert "China joined in 2023." in text.splitlines()
    assert "[alt: A bar chart of members]" in text
    assert '"description": "Members by year"' in text
    assert "color: red" not in text
    assert "3f2a9c0d1e5b4a7f8c6d" not in text and "altair-viz-<id>" in text
    other_id = PAGE.replace("3f2a9c0d1e5b4a7f8c6d", "0123456789abcdef0123")
    assert pagetext.page_text(other_id) == text


def test_compare_names_every_changed_added_and_removed_page(tmp_path, capsys):
    before = {"a.html": "one\ntwo", "b.html": "same", "gone.html": "x"}
    after = {"a.html": "one\nthree", "b.html": "same", "new.html": "y"}
    report = pagetext.compare(before, after)
    assert report[:3] == ["only before: gone.html", "only after: new.html", "changed: a.html"]
    assert "    -two" in report and "    +three" in report
    assert pagetext.compare(before, before) == []
    (tmp_path / "b.json").write_text(json.dumps(before))
    (tmp_path / "a.json").write_text(json.dumps(after))
    assert pagetext.main(["--compare", str(tmp_path / "b.json"), str(tmp_path / "a.json")]) == 1
    assert pagetext.main(["--compare", str(tmp_path / "b.json"), str(tmp_path / "b.json")]) == 0
    assert "identical: 3 pages" in capsys.readouterr().out


def test_a_built_folder_is_read_page_by_page(tmp_path):
    (tmp_path / "part").mkdir()
    (tmp_path / "part" / "p.html").write_text(PAGE)
    (tmp_path / "index.html").write_text("<p>Home</p>")
    assert pagetext.book_text(tmp_path) == {
        "index.html": "Home",
        "part/p.html": pagetext.page_text(PAGE),
    }
