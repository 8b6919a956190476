"""A page removed or renamed in the sources leaves no stale HTML behind (tools/build.py)."""

from __future__ import annotations

import zlib
from pathlib import Path

from tools.build import book_documents, prune_stale_pages


def _site(html: Path, documents: list[str], pages: list[str]) -> None:
    entries = "".join(f"{d} std:doc -1 {d}.html {d}\n" for d in documents)
    header = b"# Sphinx inventory version 2\n# Project: t\n# Version: \n# zlib\n"
    html.mkdir(parents=True)
    (html / "objects.inv").write_bytes(header + zlib.compress(entries.encode()))
    for page in pages:
        path = html / page
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("<html></html>", encoding="utf-8")


def test_pages_of_documents_no_longer_in_the_book_are_removed(tmp_path):
    html = tmp_path / "html"
    _site(
        html,
        ["intro", "chapters/a/code-exercises"],
        [
            "index.html",
            "search.html",
            "genindex.html",
            "chapters/intro.html",
            "intro.html",
            "chapters/a/code-exercises.html",
            "chapters/a/practice.html",  # the page's old name
            "_sources/chapters/a/practice.ipynb",
            "_static/keep.html",
        ],
    )
    assert book_documents(html) == {"intro", "chapters/a/code-exercises"}
    removed = prune_stale_pages(html)
    assert removed == [
        "chapters/a/practice.html",
        "_sources/chapters/a/practice.ipynb",
        "chapters/intro.html",
    ]
    left = sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html"))
    assert left == [
        "_static/keep.html",
        "chapters/a/code-exercises.html",
        "genindex.html",
        "index.html",
        "intro.html",
        "search.html",
    ]


def test_a_site_without_an_inventory_is_left_alone(tmp_path):
    (tmp_path / "page.html").write_text("x", encoding="utf-8")
    assert prune_stale_pages(tmp_path) == []
    assert (tmp_path / "page.html").exists()
