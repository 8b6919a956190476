"""The print/PDF edition (``./dev pdf``, ``./dev pdf --student``), read back with poppler.

Both editions are printed from their built HTML by ``tools.pdf`` and read
with ``pdftotext``/``pdfinfo`` (Debian's poppler-utils). What must hold, for
each edition: every chapter title of ``_toc.yml`` and every figure number of
the web book appear; at least one axis title (or, for charts without axes
titles, the chart's own title) of every chart appears as text, which proves
the charts are vector with real text; every glued value appears, filled in;
no "Needs a live kernel" note and no Check button is left; the page count and
file size are within the bounds below; internal links exist. The student
PDF holds no worked solution, the instructor PDF holds them in an appendix.
The instructor edition goes through both passes (page numbers in the
contents, outline, tags); the student edition is printed as a ``--draft``
(one pass: the same pages, without those), which halves its time.

The student edition is built by ``tools/student_edition.py`` (or taken from
``$STUDENT_HTML``; fixture in conftest.py).
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tools import pdf

pytestmark = pytest.mark.browser

# Stated bounds (A4). The instructor edition printed at 165 pages and 4.8 MB
# when this test was written; the bounds leave room for growth (Part V) but
# catch a runaway (a chart per page, fonts embedded per page, empty PDF).
MIN_PAGES, MAX_PAGES = 60, 400
MAX_BYTES = 25_000_000
A4_POINTS = (595, 842)


def _norm(text: str) -> str:
    text = text.replace("\u00ad", "").replace("ﬁ", "fi").replace("ﬂ", "fl")
    return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').split())


def _pdftotext(path: Path, *options: str) -> str:
    return subprocess.run(
        ["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return dict(line.split(":", 1) for line in out.stdout.splitlines() if ":" in line) | {}


# student_html: tests/browser/conftest.py


class Edition:
    def __init__(self, html: Path, pdf_path: Path, student: bool, browser):
        self.html, self.pdf, self.student = html, pdf_path, student
        # The student edition is printed as a draft (one pass): its pages are
        # the same as in the two-pass print, which the instructor edition
        # goes through (contents page numbers, outline, tags).
        self.result = pdf.write_pdf(html, pdf_path, student=student, browser=browser, draft=student)
        self.raw = _pdftotext(pdf_path)
        self.layout = _pdftotext(pdf_path, "-layout") if not student else ""
        self.text = _norm(self.raw)
        self.info = {k.strip(): v.strip() for k, v in _pdfinfo(pdf_path).items()}
        self.expected = [
            p for p, part in pdf.toc_entries() if not (student and pdf.is_instructor_only(part))
        ]
        self.pages = {
            p: BeautifulSoup((html / f"{p}.html").read_text(encoding="utf-8"), "html.parser")
            for p in self.expected
            if (html / f"{p}.html").is_file()
        }


@pytest.fixture(scope="module")
def editions(browser, html_dir, student_html, tmp_path_factory) -> dict[str, Edition]:
    out = tmp_path_factory.mktemp("pdf")
    return {
        "instructor": Edition(html_dir, out / "book.pdf", student=False, browser=browser),
        "student": Edition(student_html, out / "student.pdf", student=True, browser=browser),
    }


EDITIONS = ["instructor", "student"]


def _chart_specs(soup) -> list[dict]:
    """The Vega-Lite spec of every chart output on a page."""
    specs = []
    for div in soup.select(".aigov-chart"):
        script = div.find_next_sibling("script")
        text = script.string or ""
        start = text.index("})(") + 3
        spec, _ = json.JSONDecoder().raw_decode(text[start:])
        specs.append(spec)
    return specs


def _texts(spec, key_filter) -> list[str]:
    found = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key_filter(key, value):
                found.append(value if isinstance(value, str) else " ".join(value))
            found += _texts(value, key_filter)
    elif isinstance(spec, list):
        for item in spec:
            found += _texts(item, key_filter)
    return found


def _axis_titles(spec) -> list[str]:
    titles = []

    def walk(node):
        if isinstance(node, dict):
            enc = node.get("encoding", {})
            for channel in ("x", "y"):
                title = (
                    enc.get(channel, {}).get("title")
                    if isinstance(enc.get(channel), dict)
                    else None
                )
                if isinstance(title, str) and title.strip():
                    titles.append(title)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec)
    return titles


def _chart_titles(spec) -> list[str]:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    return [title] if isinstance(title, str) else []


@pytest.mark.parametrize("edition", EDITIONS)
def test_pdf_size_and_pages_within_bounds(editions, edition):
    e = editions[edition]
    pages = int(e.info["Pages"])
    assert MIN_PAGES <= pages <= MAX_PAGES, pages
    assert e.pdf.stat().st_size <= MAX_BYTES
    width, height = (float(x) for x in re.findall(r"[\d.]+", e.info["Page size"])[:2])
    assert (round(width), round(height)) in {A4_POINTS, (596, 843)}, e.info["Page size"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_chapter_title_appears(editions, edition):
    e = editions[edition]
    missing = []
    for page, soup in e.pages.items():
        h1 = soup.select_one("article.bd-article h1")
        title = _norm(h1.get_text(" ", strip=True).rstrip("#"))
        if title not in e.text:
            missing.append((page, title))
    assert missing == []
    assert list(e.pages) == e.expected, "toc pages missing from the build"


def test_instructors_page_only_in_instructor_pdf(editions):
    only = [p for p, part in pdf.toc_entries() if pdf.is_instructor_only(part)]
    assert only, "no instructors part in _toc.yml"
    for page in only:
        soup = editions["instructor"].pages[page]
        title = _norm(
            soup.select_one("article.bd-article h1").get_text(" ", strip=True).rstrip("#")
        )
        assert title in editions["instructor"].text
        assert f"{title} " not in editions["student"].text.split("Contents", 1)[1][:3000]


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_figure_number_appears(editions, edition):
    e = editions[edition]
    numbers = [
        _norm(span.get_text())
        for soup in e.pages.values()
        for span in soup.select("figcaption .caption-number")
    ]
    assert numbers, "no numbered figures found in the web book"
    assert [n for n in numbers if n not in e.text] == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_exercise_number_appears(editions, edition):
    e = editions[edition]
    numbers = [
        _norm(span.get_text())
        for soup in e.pages.values()
        for span in soup.select(".exercise .admonition-title .caption-number")
    ]
    assert numbers, "no numbered exercises found in the web book"
    assert [n for n in numbers if n not in e.text] == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_chart_is_vector_text(editions, edition):
    e = editions[edition]
    charts, missing = 0, []
    for page, soup in e.pages.items():
        for spec in _chart_specs(soup):
            charts += 1
            candidates = _axis_titles(spec) or _chart_titles(spec)
            assert candidates, f"a chart on {page} has neither axis titles nor a title"
            if not any(_norm(c) in e.text for c in candidates):
                missing.append((page, candidates[:3]))
    assert charts > 0
    assert missing == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_glued_values_are_filled_in(editions, edition):
    e = editions[edition]
    values = [
        _norm(span.get_text()) for soup in e.pages.values() for span in soup.select(".pasted-text")
    ]
    assert values, "no glued values found in the web book"
    assert [v for v in values if v not in e.text] == []
    # An unfilled role would print as "{glue:text}`name`"; the authoring guide
    # shows that syntax as code on purpose, so count what the web pages show.
    shown = sum(soup.select_one("article").get_text().count("{glue") for soup in e.pages.values())
    assert e.text.count("{glue") == shown


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_live_kernel_notes_or_check_buttons(editions, edition):
    e = editions[edition]
    # The note's own title; prose that quotes it (“Needs a live kernel”) may stay.
    assert re.findall(r'(?<!")Needs a live kernel(?!")', e.text) == []
    lines = [line.strip() for line in e.raw.splitlines()]
    assert [x for x in lines if x in {"Check", "Check answer", "Show solution"}] == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_pdf_has_internal_links_and_contents(editions, edition):
    e = editions[edition]
    data = e.pdf.read_bytes()
    # Same-document links are written as GoTo actions or named destinations.
    assert data.count(b"/Dest") + data.count(b"/GoTo") > 20
    assert "Contents" in e.text
    if edition == "student":  # printed as a draft: no page numbers in its contents
        assert e.result["numbered"] == 0, e.result
        assert e.info.get("Tagged") == "no", e.info
    else:
        assert e.result["numbered"] == e.result["chapters"], e.result
        assert e.info.get("Tagged") == "yes", e.info


def test_contents_page_numbers_are_where_the_chapters_start(editions):
    """The page numbers in the instructor PDF's contents come from its first
    pass (printed without the running footer); each is the page on which that
    chapter's title heads a page of the final PDF."""
    e = editions["instructor"]
    numbers = e.result["pages"]
    assert len(numbers) == e.result["chapters"] > 20
    footer = re.compile(rf"{re.escape(pdf.TITLE)} · \d+ / \d+$")
    pages = e.layout.split("\f")
    tops = []  # each page's first 100 characters of text, its footer left out
    for page in pages:
        lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
        tops.append(_norm(" ".join(ln for ln in lines if not footer.fullmatch(ln)))[:100])
    wrong = {
        ident: (numbers.get(ident), tops[numbers[ident] - 1][:60] if ident in numbers else "")
        for ident, title in e.result["titles"]
        if ident not in numbers or not tops[numbers[ident] - 1].startswith(_norm(title)[:40])
    }
    assert wrong == {}
    assert list(numbers.values()) == sorted(numbers.values())


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", _norm(text))


def _solution_probes(soup) -> list[str]:
    probes = []
    worked = soup.select_one("script#aigov-worked")  # exercises' worked solutions as data
    for solution in json.loads(worked.string).values() if worked is not None else ():
        explanation = solution.get("explanation") or next(iter(solution["solutions"].values()))
        probes.append(_squash(_norm(explanation))[:50])
    for sol in soup.select(".solution, div.aigov-solution, details.aigov-solution"):
        body = sol.select_one("section, .aigov-solution-text") or sol
        text = _norm(body.get_text(" ", strip=True))
        if len(text) > 40:
            probes.append(_squash(text)[:50])
    return probes


def test_instructor_pdf_has_answers_appendix(editions):
    e = editions["instructor"]
    probes = [p for soup in e.pages.values() for p in _solution_probes(soup)]
    assert probes, "no worked solutions in the instructor edition"
    assert "Answers to the exercises" in e.text
    squashed = _squash(e.text)
    assert [p for p in probes if p not in squashed] == []


def test_student_pdf_has_no_worked_solutions(editions):
    instructor, student = editions["instructor"], editions["student"]
    probes = [p for soup in instructor.pages.values() for p in _solution_probes(soup)]
    assert probes
    squashed = _squash(student.text)
    assert [p for p in probes if p in squashed] == []
    assert "Answers to the exercises" not in student.text


@pytest.mark.parametrize("edition", EDITIONS)
def test_facts_have_their_source_and_date_in_a_note(editions, edition):
    """On paper each {fact} figure keeps its value and gets a numbered note
    with its source and "as of" date (tools/pdf.py fact_notes)."""
    e = editions[edition]
    boxes = [box for soup in e.pages.values() for box in soup.select(".aigov-fact-box")]
    assert boxes, "no facts found in the web book"
    for box in boxes:
        value = _norm(box.select_one(".aigov-fact").get_text())
        tip = _norm(box.select_one(".aigov-fact-tip").get_text())
        assert f"{value}: {tip}" in e.text, value
    assert e.text.count("Sources of the figures on this page") >= 3


@pytest.mark.parametrize("edition", EDITIONS)
def test_chinese_characters_are_printed(editions, edition):
    """Glossary terms and document titles in Chinese reach the PDF as text
    (./dev installs a CJK font, without which Chromium prints empty boxes)."""
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    assert fonts.strip(), "no CJK font: ./dev test installs fonts-noto-cjk"
    for term in ("韬光养晦", "奋发有为", "新一代人工智能发展规划"):
        assert term in e_text(editions[edition]), term


def e_text(edition) -> str:
    return edition.text.replace(" ", "")
