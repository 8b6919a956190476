"""Content rules, checked on the pages themselves.

- Prose is in our own words: no 11-word run of the article appears outside
  quotation marks or block quotes (checked against hashed shingles, so the
  tests carry no copy of the article; see tools/fingerprint_article.py).
- Numbers about the world come from data/ through glue, not typed by hand.
- Each chapter page has the parts a student expects and enough real prose.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tools.book import ROOT
from tools.fingerprint_article import SHINGLE, shingle_hash, words

CHAPTERS = sorted((ROOT / "chapters").glob("0*/index.md"))
GENERATED = {"data-and-sources.md"}  # written from datapackage.json by aigovbook.book.appendix
ARTICLE = set((ROOT / "tests" / "fixtures" / "article_shingles.txt").read_text().split())

QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|'[^'\n]{20,}'")
ROLE = re.compile(r"\{[a-z:-]+\}`[^`]*`")


def pages() -> list[Path]:
    found = [p for p in (ROOT / "chapters").rglob("*.md") if p.name not in GENERATED]
    return sorted(found)


def markdown_of(path: Path) -> str:
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8"))
        return "\n\n".join(
            "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"
        )
    return path.read_text(encoding="utf-8")


def own_words(text: str) -> str:
    """The text minus block quotes, quotations, code and roles."""
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith(">")]
    text = "\n".join(lines)
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = ROLE.sub(" ", text)
    return QUOTED.sub(" ", text)


def copied_runs(text: str) -> list[str]:
    w = words(own_words(text))
    return [
        " ".join(w[i : i + SHINGLE])
        for i in range(len(w) - SHINGLE + 1)
        if shingle_hash(w[i : i + SHINGLE]) in ARTICLE
    ]


def test_fingerprint_detects_a_copied_sentence():
    # The fingerprint must be able to fail: a known sentence of the article is found...
    sentence = (
        "China's leadership ambition in global AI governance lies in the wider context of its "
        "aspiration to shift from a norm-taker towards a norm-shaper"
    )
    assert copied_runs(sentence)
    # ...and the same sentence in quotation marks is allowed.
    assert copied_runs(f'The authors write that "{sentence}".') == []


@pytest.mark.parametrize(
    "path",
    pages() + sorted((ROOT / "chapters").rglob("*.ipynb")),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_no_sentence_of_the_article_is_copied(path):
    assert copied_runs(markdown_of(path)) == []


# Digits that are not quantities about the world: years, list numbers, names
# of bodies and standards, cross-reference numbers, software versions.
NOT_A_QUANTITY = re.compile(
    r"\b(1[89]\d\d|20\d\d)s?\b"
    r"|^\s*\d+\.\s"
    r"|\b\d{1,2}(st|nd|rd|th)\b"
    r"|\b(G\d+|SC \d+|JTC \d+|ISO/IEC \d+|5G)\b"
    r"|\b(Q\d\.\d|[Pp]osition \d|Exercise \d\.\d|Figs?\. \d\.\d)\b"
    r"|\b[Nn]otes? \d+( and \d+)?\b"  # the article's endnote numbers
    r"|\b\d+ words\b"
    r"|\b(Debian \d+|Python 3\.\d+|CC BY 4\.0|Attribution 4\.0)"
)


def typed_numbers(text: str) -> list[str]:
    found = []
    fence = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith(("```", ":::")):
            fence = not fence if stripped in ("```", ":::") or not fence else fence
            continue
        if stripped.startswith((":label:", ":class:", "(", "#")):
            continue
        line = ROLE.sub("", line)
        line = re.sub(r"`[^`]*`", "", line)  # inline code: commands, ids
        line = re.sub(r"\]\([^)]*\)", "]", line)  # link targets
        line = NOT_A_QUANTITY.sub("", line)
        found += [f"{m!r} in: {stripped[:100]}" for m in re.findall(r"\d[\d.,%]*", line)]
    return found


def test_typed_number_check_can_fail():
    assert typed_numbers("PwC expects a gain of 15.7 trillion dollars by 2030.") != []
    assert typed_numbers("A gain of {glue:text}`nb.ipynb::gain:.1f` trillion by 2030.") == []
    assert typed_numbers("The article cites it (its notes 54 and 60).") == []
    assert typed_numbers("Up to 54 million notes.") != []


# The authoring guide's numbers are measurements of the book itself (build
# times, page sizes), reported from benchmarks/results, not claims about the world;
# the architecture notes' are the code's own limits (lines, megabytes, zip entries).
ABOUT_THE_BOOK = {"authoring.md", "architecture.md"}


@pytest.mark.parametrize(
    "path",
    [p for p in pages() if p.name not in ABOUT_THE_BOOK],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_no_number_typed_by_hand_in_prose(path):
    assert typed_numbers(path.read_text(encoding="utf-8")) == []


def prose_words(text: str) -> int:
    """Words of running prose: no directives, code, glossary or exercise blocks."""
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r":::.*?:::", " ", text, flags=re.S)
    text = ROLE.sub(" word ", text)
    return len(re.findall(r"[A-Za-z][A-Za-z'’-]*", text))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.parent.name)
def test_chapter_page_has_the_expected_parts(path):
    text = path.read_text(encoding="utf-8")
    assert len(CHAPTERS) == 5
    assert len(re.findall(r"^# ", text, flags=re.M)) == 1, "one H1 title"
    for heading in ("Learning objectives", "Summary", "Discussion"):
        assert re.search(rf"^##+ .*{heading}", text, flags=re.M | re.I), heading
    assert "```{glossary}" in text
    assert re.search(r"```\{exercise\}", text) and re.search(r"```\{solution\}", text)
    assert "chengzeng2023" in text, "cites the article"
    assert re.search(r"\{numref\}`fig-", text), "cross-references its figures"
    assert "{glue:text}" in text, "numbers come from the data"
    assert prose_words(text) >= 1200
