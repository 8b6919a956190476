"""How ``tools.pdf`` (``tools/pdfpages.py``) finds the page on which each chapter starts (the page
numbers of the PDF's contents), on pdftotext output made up here: no browser."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tools import pdfpages as pdf

FOOTER = f"            {pdf.TITLE} · {{n}} / 9"
PAGES = [
    "China and Global AI\nGovernance\nAn open teaching module",  # title page
    "Contents\nChina and Global AI Governance     4\nHow to use this book     5",
    "Grade with nbgrader    169\nAppendix",  # the contents go on
    "China and Global AI\nGovernance\nThis open book ... see How to use this book.",
    "rules. The Conclusion ... How to use this book explains\nthe exercises.",
    "How to use this book\nEach part ...",
]


@pytest.fixture()
def layout(monkeypatch):
    text = "\f".join(f"{page}\n\n{FOOTER.format(n=n)}\n" for n, page in enumerate(PAGES, 1))

    def run(argv, **kwargs):
        assert argv[:2] == ["pdftotext", "-layout"]
        return subprocess.CompletedProcess(argv, 0, stdout=text, stderr="")

    monkeypatch.setattr(pdf.subprocess, "run", run)


def test_a_chapter_starts_where_its_title_begins_a_page(layout):
    titles = [("intro", "China and Global AI Governance"), ("how", "How to use this book")]
    # not page 3 (the book's title is in its footer), not page 5 (the title is mentioned)
    assert pdf.chapter_pages(Path("book.pdf"), titles) == {"intro": 4, "how": 6}


def test_a_title_that_begins_no_page_gets_no_number(layout):
    titles = [("intro", "China and Global AI Governance"), ("gone", "A chapter not printed")]
    assert pdf.chapter_pages(Path("book.pdf"), titles) == {"intro": 4}
