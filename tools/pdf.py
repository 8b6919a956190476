"""Print the built book to one PDF through Chromium (the print/PDF edition).

Usage (``./dev pdf`` and ``./dev pdf --student`` build the edition first)::

    python -m tools.pdf [--html _build/html] [--out _build/pdf/book.pdf] [--student] [--draft]

Every page of the table of contents goes, in reading order, into one print page that
Chromium prints; links, charts (as SVG), solutions (an "Answers" appendix in the
instructor edition) and the contents' page numbers are made to work on paper. Needs
Chromium and poppler-utils. See chapters/architecture.md.
"""

from __future__ import annotations

import argparse
import copy
import html as htmllib
import json
import posixpath
import re
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tools.book import ROOT
from tools.browser import launch
from tools.pdfpages import TITLE, chapter_pages

PRINT_DIR = "_print"
RENDER_TIMEOUT_MS = 60_000

PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
html, body { background: white !important; }
body { font-size: 10.5pt; }
.print-chapter { break-before: page; }
figure, table, .cell_output, .admonition, .exercise, .solution, .print-answer,
pre, .vega-embed { break-inside: avoid; }
h1, h2, h3, h4 { break-after: avoid; }
a { color: inherit; text-decoration: none; }
.headerlink, .toggle-details, button, .jupyter-widgets, .widget-subarea,
.chart-downloads, .chart-downloads-para {
  display: none !important;
}
details > summary { list-style: none; }
.vega-embed svg { max-width: 100%; height: auto; }
.cell_input, .tag_hide-input > .cell_input { display: none !important; }
.print-title { text-align: center; padding-top: 30vh; }
.print-toc ol { list-style: none; padding-left: 0; }
.print-toc li { display: flex; gap: .5em; margin: .15em 0; }
.print-toc li .dots { flex: 1; border-bottom: 1px dotted #999; margin-bottom: .3em; }
.print-toc li.part { font-weight: 600; margin-top: .6em; }
.print-answers h2 { break-before: page; }
.print-factnotes { font-size: 9pt; border-top: 1px solid #999; margin-top: 2em; }
.print-factnotes h2 { font-size: 10pt; }
"""


def toc_entries(root: Path = ROOT) -> list[tuple[str, str | None]]:
    """(page, part caption or None) for every toc page, in reading order."""
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    out: list[tuple[str, str | None]] = [(toc["root"], None)]

    def walk(entries, part):
        for entry in entries:
            if "file" in entry:
                out.append((entry["file"], part))
            walk(entry.get("sections", []), part)
            walk(entry.get("chapters", []), part)

    for part in toc.get("parts", []):
        walk(part.get("chapters", []), part.get("caption"))
    walk(toc.get("chapters", []), None)
    return [(str(Path(p).with_suffix("")), part) for p, part in out]


def is_instructor_only(part: str | None) -> bool:
    """Pages of a toc part captioned for instructors stay out of the student PDF."""
    return bool(part) and "instructor" in part.lower()


def anchor(page: str, ident: str = "") -> str:
    base = "p-" + re.sub(r"[^A-Za-z0-9_-]", "-", page)
    return f"{base}--{ident}" if ident else base


def _rebase(url: str, page: str) -> str:
    """A resource URL relative to ``page`` made relative to ``_print/book.html``."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("#", "data:", "mailto:")):
        return url
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))
    rebased = posixpath.relpath(joined, PRINT_DIR)
    return rebased + (f"?{parts.query}" if parts.query else "")


def _link(href: str, page: str, pages: set[str]) -> str | None:
    """An internal href on ``page`` as a same-document link, or None if not a page link."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return "#" + anchor(page, unquote(parts.fragment)) if parts.fragment else None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    target = re.sub(r"\.html$", "", target)
    if target not in pages:
        return None
    return "#" + (anchor(target, unquote(parts.fragment)) if parts.fragment else anchor(target))


def strip_live_parts(article) -> None:
    """Remove what means nothing on paper: widgets, kernel notes, buttons."""
    for node in article.select(
        "script[type='application/vnd.jupyter.widget-view+json'],"
        "script[type='application/vnd.jupyter.widget-state+json'],"
        ".jupyter-widgets, .widget-subarea, button, .headerlink, .cell_input,"
        " details.hide.above-input, .aigov-ex-nojs, script.aigov-ex-data"
    ):
        node.decompose()
    for title in article.select(".admonition-title"):
        if "Needs a live kernel" in title.get_text():
            box = title.find_parent(class_="admonition")
            if box is not None:
                box.decompose()
    # Paper cannot open a disclosure: print every <details> open.
    for details in article.select("details"):
        details["open"] = ""
    # Widget outputs leave empty output areas behind.
    for out in article.select(".cell_output"):
        if not out.get_text(strip=True) and not out.select("svg, img, .aigov-chart, table"):
            out.decompose()


def fact_notes(article) -> int:
    """Give every figure from ``data/facts.csv`` (the ``{fact}`` role) a numbered
    note, listed at the end of its page with the figure's source and "as of"
    date: on paper the web's hover note cannot show. Returns the number of notes."""
    boxes = article.select(".aigov-fact-box")
    if not boxes:
        return 0
    notes = article.new_tag("section", attrs={"class": "print-factnotes"})
    heading = article.new_tag("h2")
    heading.string = "Sources of the figures on this page"
    notes.append(heading)
    items = article.new_tag("ol")
    notes.append(items)
    for number, box in enumerate(boxes, start=1):
        value = box.select_one(".aigov-fact")
        tip = box.select_one(".aigov-fact-tip")
        shown = value.get_text() if value is not None else box.get_text()
        item = article.new_tag("li", attrs={"id": f"factnote-{number}"})
        item.string = f"{shown}: {tip.get_text() if tip is not None else ''}".strip()
        items.append(item)
        mark = article.new_tag("sup", attrs={"class": "print-factmark"})
        link = article.new_tag("a", attrs={"href": f"#factnote-{number}"})
        link.string = str(number)
        mark.append(link)
        replacement = article.new_tag("span", attrs={"class": "aigov-fact"})
        replacement.string = shown
        box.replace_with(replacement)
        replacement.insert_after(mark)
    article.append(notes)
    return len(boxes)


def worked_solution_text(solution: dict, variant: str) -> str:
    """One exercise's worked solution (the ``aigov-worked`` JSON the instructor
    edition's pages carry, see :func:`aigovbook.exercises.quiz.static.solutions`) for
    ``variant``: "Answer: ..." and the explanation."""
    if "solutions" in solution:
        texts = solution["solutions"]
        return texts.get(variant) or next(iter(texts.values()))
    answers = solution["answers"]
    answer = answers.get(variant) or next(iter(answers.values()))
    return f"{answer}\n\n{solution['explanation']}"


def print_worked_solutions(article) -> None:
    """Turn the page's worked-solution data into text after each exercise, for the
    exercise as printed (its default choices); the caller moves it to the appendix."""
    script = article.select_one("script#aigov-worked")
    if script is None:
        return
    worked = json.loads(script.string or "{}")
    script.decompose()
    for exercise_id, solution in worked.items():
        holder = article.select_one(f'[data-exercise-id="{exercise_id}"]')
        if holder is None:
            continue
        data = holder.select_one("script.aigov-ex-data")
        variant = json.loads(data.string).get("default", "") if data is not None else ""
        box = article.new_tag(
            "div",
            attrs={"class": "aigov-solution", "id": f"{holder.get('id', exercise_id)}-solution"},
        )
        title = article.new_tag("p")
        title.string = f"Solution to {exercise_id}"
        box.append(title)
        for paragraph in worked_solution_text(solution, variant).split("\n\n"):
            node = article.new_tag("p")
            node.string = paragraph
            box.append(node)
        holder.insert_after(box)


def build_print_html(html_dir: Path, *, student: bool) -> tuple[str, list[tuple[str, str]]]:
    """The combined print page and its (anchor, chapter title) list."""
    from bs4 import BeautifulSoup

    entries = [
        (p, part)
        for p, part in toc_entries()
        if (html_dir / f"{p}.html").is_file() and not (student and is_instructor_only(part))
    ]
    pages = {p for p, _ in entries}
    head_links: list[str] = []
    body: list[str] = []
    chapters: list[tuple[str, str, str | None]] = []
    answers: list[str] = []
    vega_needed = False
    for page, part in entries:
        soup = BeautifulSoup((html_dir / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
        if not head_links:
            for link in soup.select("link[rel=stylesheet]"):
                head_links.append(f'<link rel="stylesheet" href="{_rebase(link["href"], page)}">')
        article = soup.select_one("article.bd-article")
        if article is None:
            continue
        print_worked_solutions(article)
        strip_live_parts(article)
        fact_notes(article)
        vega_needed = vega_needed or bool(article.select(".aigov-chart"))
        h1 = article.find("h1")
        title = h1.get_text(" ", strip=True).rstrip("#").strip() if h1 else page
        # Solutions: to the appendix (instructor) or gone (student edition).
        for sol in article.select(".solution, .aigov-solution"):
            if not student:
                moved = copy.copy(sol)
                label = sol.get("id", "")
                heading = title
                answers.append(
                    f'<section class="print-answer" id="{anchor(page, label)}-answer">'
                    f"<h3>{htmllib.escape(heading)}</h3>{moved}</section>"
                )
            sol.decompose()
        for tag in article.find_all(True):
            if tag.has_attr("id") and not tag["id"].startswith("altair-viz-"):
                tag["id"] = anchor(page, tag["id"])
            if tag.name == "a" and tag.has_attr("href"):
                new = _link(tag["href"], page, pages)
                if new is not None:
                    tag["href"] = new
                elif not urlsplit(tag["href"]).scheme and not tag["href"].startswith("#"):
                    tag["href"] = _rebase(tag["href"], page)
            for attr in ("src", "data"):
                if tag.has_attr(attr) and tag.name != "script":
                    tag[attr] = _rebase(tag[attr], page)
            if tag.name == "script" and tag.has_attr("src"):
                tag["src"] = _rebase(tag["src"], page)
        chapters.append((anchor(page), title, part))
        body.append(
            f'<section class="print-chapter" id="{anchor(page)}">'
            f"{article.decode_contents()}</section>"
        )
    scripts = ""
    if vega_needed:
        from aigovbook.book.chartmarkup import BOOK_SCRIPT_ID
        from aigovbook.book.chartscripts import VEGA_SCRIPTS

        scripts = "".join(
            f'<script src="../_static/{s}"'
            + (f' id="{BOOK_SCRIPT_ID}"' if s.endswith("vega-embed.min.js") else "")
            + "></script>"
            for s in VEGA_SCRIPTS
        )
    edition = "Student edition" if student else "Instructor edition"
    answers_html = ""
    if answers and not student:
        answers_html = (
            '<section class="print-chapter print-answers" id="print-answers">'
            "<h1>Answers to the exercises</h1>" + "".join(answers) + "</section>"
        )
        chapters.append(("print-answers", "Answers to the exercises", "Appendix"))
    toc = ['<nav class="print-toc print-chapter" id="print-toc"><h1>Contents</h1><ol>']
    last_part = None
    for ident, title, part in chapters:
        if part and part != last_part:
            toc.append(f'<li class="part">{htmllib.escape(part)}</li>')
            last_part = part
        toc.append(
            f'<li><a href="#{ident}">{htmllib.escape(title)}</a><span class="dots"></span>'
            f'<span class="pageno" data-for="{ident}"></span></li>'
        )
    toc.append("</ol></nav>")
    doc = (
        '<!DOCTYPE html><html lang="en" data-theme="light"><head><meta charset="utf-8">'
        f"<title>{TITLE} ({edition})</title>"
        + "".join(head_links)
        + f"<style>{PRINT_CSS}</style>{scripts}</head><body>"
        f'<section class="print-title"><h1>{TITLE}</h1><p>An open teaching module</p>'
        f"<p>{edition}</p></section>"
        + "".join(toc)
        + "".join(body)
        + answers_html
        + "</body></html>"
    )
    return doc, [(i, t) for i, t, _ in chapters]


@contextmanager
def _print_page(browser, url: str):
    """``url`` loaded for print, every chart drawn; uncaught page errors fail the print."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route(
        "**/*",
        lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort(),
    )
    try:
        page.emulate_media(media="print")
        page.goto(url, wait_until="load")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.aigov-chart')]"
            ".every(d => d.querySelector('svg'))",
            timeout=RENDER_TIMEOUT_MS,
        )
        yield page
    finally:
        page.close()
    if errors:
        raise RuntimeError(f"errors while printing: {errors}")


FILL_PAGE_NUMBERS_JS = """(numbers) => Object.entries(numbers).filter(([ident, n]) => {
  const span = document.querySelector(`span.pageno[data-for="${ident}"]`);
  if (span) span.textContent = String(n);
  return Boolean(span);
}).length"""


def _print(page, out: Path, *, final: bool = True, footer: bool = True) -> None:
    """Print the loaded ``page`` to ``out``; a draft (``final=False``) only serves
    to find the page numbers: same layout, but no outline and no tags (faster).
    ``footer=False``: no running footer either (it is drawn in the bottom
    margin, so the pages break in the same places), for a pass whose PDF is
    only read for its page numbers and then printed again."""
    page.pdf(
        path=str(out),
        format="A4",
        print_background=True,
        display_header_footer=footer,
        header_template="<span></span>",
        footer_template=(
            '<div style="font-size:8pt;width:100%;text-align:center;color:#444">'
            f'{TITLE} · <span class="pageNumber"></span> / '
            '<span class="totalPages"></span></div>'
        ),
        margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"},
        outline=final,
        tagged=final,
    )


def _print_book(browser, target: Path, doc: str, titles, out: Path, *, draft: bool) -> dict:
    """Print ``doc`` once (``draft``: no page numbers in the contents, outline or
    tags); otherwise read each chapter's first page back, fill the page numbers
    into the contents of the page still loaded (no second load) and print again."""
    numbers: dict[str, int] = {}
    try:
        target.write_text(doc, encoding="utf-8")
        with _print_page(browser, target.as_uri()) as page:
            _print(page, out, final=False, footer=draft)
            if not draft:
                numbers = chapter_pages(out, titles)
                filled = page.evaluate(FILL_PAGE_NUMBERS_JS, numbers)
                if filled != len(numbers):
                    raise RuntimeError(f"{len(numbers) - filled} page number(s) not placed")
                _print(page, out)
    finally:
        shutil.rmtree(target.parent.parent, ignore_errors=True)
    return numbers


def print_folder(html_dir: Path) -> Path:
    """A temporary folder that mirrors the built site with symbolic links, so
    the print document (in its ``_print/``) finds every asset by the same
    relative path while nothing is written into the site itself (which may be
    read, bundled or served at the same time)."""
    folder = Path(tempfile.mkdtemp(prefix="aigov-print-"))
    for entry in html_dir.iterdir():
        if entry.name != PRINT_DIR:
            (folder / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    return folder


def write_pdf(
    html_dir: Path, out: Path, *, student: bool = False, browser=None, draft: bool = False
) -> dict:
    """Print the edition built at ``html_dir`` to ``out``; ``browser``: a
    Playwright Chromium to reuse (one is launched if None); ``draft``: one
    pass (see the module's docstring)."""
    from playwright.sync_api import sync_playwright

    html_dir = Path(html_dir).resolve()
    if not (html_dir / "index.html").is_file():
        raise FileNotFoundError(f"no built book at {html_dir}")
    if not shutil.which("pdftotext"):
        raise FileNotFoundError("pdftotext missing: apt-get install poppler-utils")
    t0 = time.perf_counter()
    doc, titles = build_print_html(html_dir, student=student)
    target = print_folder(html_dir) / PRINT_DIR / "book.html"
    target.parent.mkdir()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if browser is not None:
        numbers = _print_book(browser, target, doc, titles, out, draft=draft)
    else:
        with sync_playwright() as pw:
            own = launch(pw.chromium)
            try:
                numbers = _print_book(own, target, doc, titles, out, draft=draft)
            finally:
                own.close()
    return {
        "out": out,
        "seconds": round(time.perf_counter() - t0, 1),
        "chapters": len(titles),
        "numbered": len(numbers),
        # where each chapter starts, as the contents say: {anchor: page}
        "pages": numbers,
        "titles": titles,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--student", action="store_true", help="the student edition")
    parser.add_argument("--html", type=Path, help="built site (default: the edition's)")
    parser.add_argument("--out", type=Path, help="PDF to write (default: _build/pdf/...)")
    parser.add_argument(
        "--draft",
        action="store_true",
        help="print once, for proofreading: no page numbers in the contents, no outline",
    )
    args = parser.parse_args(argv)
    html = args.html or (
        ROOT / "_build" / "student" / "_build" / "html"
        if args.student
        else ROOT / "_build" / "html"
    )
    name = (
        "china-global-ai-governance-student.pdf"
        if args.student
        else "china-global-ai-governance.pdf"
    )
    out = args.out or ROOT / "_build" / "pdf" / name
    try:
        result = write_pdf(html, out, student=args.student, draft=args.draft)
    except (FileNotFoundError, RuntimeError) as err:
        print(f"pdf: {err}", file=sys.stderr)
        return 1
    numbered = (
        "a draft: no page numbers in the contents"
        if args.draft
        else f"{result['numbered']}/{result['chapters']} chapters numbered in the contents"
    )
    print(f"pdf: wrote {result['out']} in {result['seconds']} s ({numbered})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
