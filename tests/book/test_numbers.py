"""Every number in the built pages' prose comes from the data.

The pages are read as the student receives them (the built HTML). In each
page's article, the prose is what is left after removing what is not typed
prose:

- figures produced by the ``{fact}`` role (``data/facts.csv``) or by glue
  (values computed in a notebook from ``data/``);
- code cells and their outputs (computed from ``data/`` by the notebook);
- citations, section, figure and exercise numbers, and the numbering of
  headings;
- code, formulae and scripts.

In what is left, a number is allowed only if it is a year, a date, or one of
the few kinds in ``NOT_A_QUANTITY`` (names that contain digits, such as "G20"),
or if the page is in ``EXCEPTIONS`` with its reason. Anything else is a
figure typed by hand, and the test fails naming the page and the sentence.
"""

from __future__ import annotations

import re
from pathlib import Path

from tools.book import ROOT

# Pages whose numbers are not claims about the world, each with its reason.
EXCEPTIONS = {
    "chapters/authoring": "measurements of the book itself (build times, page sizes), "
    "reported from benchmarks/results",
    "chapters/architecture": "how the code is laid out: its own limits and sizes (lines, "
    "megabytes, zip entries), not claims about the world",
    "chapters/bibliography": "the reference list: volumes, issues, pages and access dates "
    "of the publications",
    "chapters/data-and-sources": "generated from data/datapackage.json: it documents the data "
    "files themselves (row counts computed at build time, and the package's own notes)",
    "chapters/instructors": "teaching logistics: session numbers and lengths, minutes per "
    "question, score ranges and file-format versions, about the course, not the world",
}

# Phrases whose numbers are not claims about the world, each with its reason.
PHRASES = {
    r"These 3 questions": "the number of exercises that follow on the same page",
    r"is read as 12\.5 %": "how to type an answer (instructions on exercise pages)",
    r"a factor of 100": "an example of a typing mistake (code-exercise pages' instructions)",
    r"\(100 minus the rate\)": "percentage arithmetic: the share offline is 100 minus the rate",
    r"another rate, say 80,": "a value for the student to try in the code",
    r"\(1 = member, 0 = not a member": "the legend of a table of 0s and 1s",
}

MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
YEAR = r"(?:1[89]\d\d|20\d\d)"
NOT_A_QUANTITY = re.compile(
    # dates: "1 November 2023", "1-2 November 2023", "November 2023", "1 November"
    rf"\b\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\s+{MONTH}(?:\s+{YEAR})?\b"
    rf"|\b{MONTH}\s+\d{{1,2}},\s+{YEAR}\b"
    # years and spans of years: "2021", "2023–2026", "the 2010s", "2017-18"
    rf"|\b{YEAR}s?(?:\s*[-–]\s*(?:{YEAR}|\d\d)\b)?"
    r"|\b(?:Q|C)\d+\.\d+\b"  # exercise ids: Q2.1 (self-checks), C4.2 (code exercises)
    # names that contain digits: bodies, standards, resolutions, technologies, versions
    r"|\b(?:G\d+|SC \d+|JTC \d+|ISO/IEC[ \d-]+(?::\d+)?|5G|P5|C\d|Web3|Web 3\.0)\b"
    r"|\b[A-Z]/(?:RES/)?\d+/[\w.]+"  # UN symbols such as A/RES/78/265
    r"|\[\d{4}\] No\. \d+\b"  # Chinese document numbers: Guofa [2017] No. 35
    r"|\b(?:Python 3\.\d+|Debian \d+|CC BY(?:-[A-Z]+)* \d\.\d|Attribution \d\.\d|HTTP \d+)"
    r"|\bWCAG \d(?:\.\d)?(?: AA)?\b|\b\d\.\d\.\d+\b"  # WCAG and its success criteria
    # the article's endnotes, exercise ids, list positions, parts of the book
    r"|\b[Nn]otes? \d+(?:(?:,| and) \d+)*\b"
    r"|\b(?:Q\d+\.\d+|Exercise \d+\.\d+|[Pp]osition \d+|Part [IVX]+|[Cc]hapter \d+)\b"
    # ordinals that name a report, a summit or a century: "48th Statistical Report"
    r"|\b\d+(?:st|nd|rd|th)(?=\s+[A-Z]|-century|\s+century)"
    r"|\babout \d+ words\b"  # length of a written answer
    # quotations: the quoted source's own words (the article's "70 per cent")
    r"|“[^”]{1,200}”|\"[^\"]{1,200}\""
    r"|" + "|".join(PHRASES)
)

PROSE_ROOT = "article.bd-article"
NOT_PROSE = ", ".join(
    [
        # produced from data: the {fact} role and glue
        ".aigov-fact-box",
        ".pasted-text",
        ".pasted-inline",
        # code cells and what they print or draw (computed from data/)
        ".cell_input",
        ".cell_output",
        "pre",
        "code",
        "script",
        "style",
        "svg",
        ".math",
        "math",
        # citations, and the numbering of sections, figures and exercises
        "a[href*='bibliography']",
        ".bibtex",
        ".section-number",
        ".caption-number",
        ".std-numref",
        "a.reference.internal span.doc",
        ".exercise-title, .solution-title, p.admonition-title",
        "nav",
    ]
)


def html_pages(html_dir: Path) -> list[str]:
    from tools.pdf import toc_entries

    return [p for p, _ in toc_entries() if (html_dir / f"{p}.html").is_file()]


def prose_of(page_html: str) -> list[str]:
    """The page's prose, one string per block (paragraph, list item, cell...)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page_html, "html.parser")
    article = soup.select_one(PROSE_ROOT)
    if article is None:
        return []
    for node in article.select(NOT_PROSE):
        node.decompose()
    blocks = []
    for block in article.find_all(["p", "li", "dt", "dd", "td", "th", "h1", "h2", "h3", "h4"]):
        if block.find(["p", "li", "dt", "dd", "table"]):
            continue  # the inner blocks are read on their own
        text = " ".join(block.get_text(" ").split())
        if text:
            blocks.append(text)
    return blocks


def typed_numbers(blocks: list[str]) -> list[str]:
    found = []
    for text in blocks:
        rest = NOT_A_QUANTITY.sub(lambda m: " " * len(m.group()), text)
        for match in re.finditer(r"\d[\d,.]*%?", rest):
            context = text[max(0, match.start() - 60) : match.end() + 60]
            found.append(f"{match.group().rstrip('.,')!r} in: ...{context}...")
    return found


def test_typed_numbers_can_fail():
    typed = ["PwC expects a gain of 15.7 trillion dollars by 2030."]
    assert typed_numbers(typed) == [
        "'15.7' in: ...PwC expects a gain of 15.7 trillion dollars by 2030...."
    ]
    allowed = [
        "On 1 November 2023 the G20 met; in 2023–2026 (its notes 53 and 54) A/RES/78/265 passed.",
        "The Part IV exercise Q4.1 follows WCAG 2.1 AA.",
    ]
    assert typed_numbers(allowed) == []


def test_prose_leaves_out_facts_glue_code_and_citations():
    page = (
        '<article class="bd-article"><p>Signed by '
        '<span class="aigov-fact-box"><span class="aigov-fact" tabindex="0">28 countries</span>'
        '<span class="aigov-fact-tip">As of 1 November 2023.</span></span>, and '
        '<span class="pasted-text">45</span> members '
        '<a href="../bibliography.html#id5">(UK, 2023, p. 4)</a>; see '
        '<span class="std-numref">Fig. 4.2</span>.</p>'
        '<div class="cell_output"><p>Total 17</p></div>'
        "<p>But 12 forums were typed.</p></article>"
    )
    blocks = prose_of(page)
    assert typed_numbers(blocks) == ["'12' in: ...But 12 forums were typed...."]


def test_no_number_typed_by_hand_in_the_built_prose(html_dir):
    pages = html_pages(html_dir)
    assert len(pages) > 20, f"only {len(pages)} pages found in {html_dir}"
    assert set(EXCEPTIONS) <= set(pages), "every exception names a built page"
    problems = []
    for page in pages:
        if page in EXCEPTIONS:
            continue
        html = (html_dir / f"{page}.html").read_text(encoding="utf-8")
        problems += [f"{page}: {p}" for p in typed_numbers(prose_of(html))]
    assert problems == [], (
        f"{len(problems)} numbers typed by hand; state them with the {{fact}} role "
        "(data/facts.csv) or glue:\n" + "\n".join(problems)
    )


def test_facts_render_with_source_and_date_on_the_page(html_dir):
    """A fact on a built page has its value, focus, and a description with source and date."""
    from bs4 import BeautifulSoup

    from aigovbook.facts import all_facts, format_date

    facts = all_facts()
    seen = 0
    for page in html_pages(html_dir):
        soup = BeautifulSoup((html_dir / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
        for node in soup.select(".aigov-fact"):
            f = facts[node["data-fact"]]
            assert node.get_text() == f.text
            assert node["tabindex"] == "0"
            tip = soup.find(id=node["aria-describedby"])
            assert tip is not None and tip.get("role") == "tooltip"
            assert f"As of {format_date(f.as_of)}." in tip.get_text()
            seen += 1
    assert seen >= 10, f"only {seen} facts found on the built pages"


def test_every_fact_is_used_or_listed():
    """A fact nobody states is a second truth waiting to drift: every key is used
    somewhere in the chapters (Markdown pages or notebooks) or in the exercise bank
    (``{fact:key}``)."""
    from aigovbook.facts import all_facts

    files = [p for p in (ROOT / "chapters").rglob("*") if p.suffix in {".md", ".ipynb"}]
    text = "\n".join(p.read_text(encoding="utf-8") for p in [*files, ROOT / "data/exercises.yaml"])
    unused = [
        k
        for k in all_facts()
        if f"`{k}`" not in text and f'"{k}"' not in text and f"{{fact:{k}}}" not in text
    ]
    assert unused == []
