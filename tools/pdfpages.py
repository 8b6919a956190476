"""Reading a printed book back: on which page each chapter starts.

``tools.pdf`` prints the book once, reads where each chapter starts with
``pdftotext -layout`` (Debian's poppler-utils), fills those page numbers into
the contents and prints again.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

TITLE = "China and Global AI Governance"  # the book's title, in the running footer


def _plain(text: str) -> str:
    """``text`` as pdftotext gives it back, for comparing: ligatures and soft
    hyphens undone, runs of white space made one space."""
    text = text.replace("\u00ad", "").replace("\ufb01", "fi").replace("\ufb02", "fl")
    return " ".join(text.split())


def page_tops(pdf: Path) -> list[str]:
    """The first words of each page of ``pdf`` (its running footer left out)."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    footer = re.compile(rf"{re.escape(TITLE)} · \d+ / \d+")
    tops = []
    for page in text.split("\f"):
        lines = [line.strip() for line in page.splitlines()]
        tops.append(_plain(" ".join(ln for ln in lines if ln and not footer.fullmatch(ln)))[:200])
    return tops


def chapter_pages(pdf: Path, titles: list[tuple[str, str]]) -> dict[str, int]:
    """The page that each chapter, in order, starts: the first page after the
    previous chapter's whose text begins with its title (every chapter starts
    a page, ``.print-chapter``; a title mentioned in the text, or the book's
    title in the footer, is not a start)."""
    tops = page_tops(pdf)
    found: dict[str, int] = {}
    start = 2  # title page, then the contents
    for ident, title in titles:
        key = _plain(title)[:40]
        for n in range(start, len(tops)):
            if tops[n].startswith(key):
                found[ident] = n + 1
                start = n + 1
                break
    return found
