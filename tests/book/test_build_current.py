"""A build is either current and green, or red (``./dev build``, tools/build.py).

The builds here run on a copy of the repository in a temporary folder, so
the real data are never touched: a small book made of the pages that the
mutations below affect (the G20 counts of Part IV, a figure of Part II, the
data appendix and the bibliography), with the same package, data, tools and
configuration. Each build runs ``python -m tools.build`` in the copy as
``./dev build`` does; the copy's ``aigovbook`` comes first on the path, so
its pages and kernels read the copy's data.

The builds are shared (one fixture, run once): a first build, then an edit
of the data and an incremental build, compared page by page with a clean
build of the same tree; then edits that must fail the build.
"""

from __future__ import annotations

import csv
import html.parser
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from aigovbook.book import chartfiles
from tools.book import ROOT

# The pages of the small book, beside its root: real pages, whose text the
# mutations change, and stubs standing in for the pages they link to.
PAGES = (
    "chapters/04-challenges/since-the-article",
    "chapters/04-challenges/forums",
    "chapters/02-why-govern/data-and-weapons",
    "chapters/data-and-sources",
    "chapters/bibliography",
)
ROOT_PAGE = "chapters/04-challenges/index"
STUBS = {  # linked from the pages above (notebooks: LINKED_NOTEBOOKS)
    "chapters/02-why-govern/index.md": "# Part II (stub)\n",
    "chapters/02-why-govern/jobs-and-gains.md": "# Jobs and gains (stub)\n",
    "chapters/05-after-the-article/index.md": "# Part V (stub)\n",
}
# A stub of a linked notebook is a Markdown page (no kernel to start in every
# build): the link to it is rewritten in the copy.
LINKED_NOTEBOOKS = {"chapters/02-why-govern/data-and-weapons.ipynb": "jobs-and-gains"}
COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "_build", ".pytest_cache", "__pycache__", "*.egg-info"
)

# the mutations
G20_ROW = "G20,ZAF,"  # a G20 member that is not China: its row is deleted
CHINA_G20_ROW = "G20,CHN,"  # deleting it breaks a Part IV notebook (KeyError):
FAILING = "chapters/04-challenges/forums"
BIB_KEY = "dfatg20"  # cited by the G20 rows
FIGURE_ID, FIGURE_COLUMN, FIGURE_VALUE = "A05", "value", "987654321"


def small_book(target: Path) -> Path:
    """A copy of the repository whose table of contents holds ``PAGES`` only."""
    shutil.copytree(ROOT, target, ignore=COPY_IGNORE, symlinks=True)
    keep = {f"{p}.ipynb" for p in PAGES} | {f"{p}.md" for p in PAGES}
    for path in sorted((target / "chapters").rglob("*")):
        if path.is_file() and path.relative_to(target).as_posix() not in keep:
            path.unlink()
    (target / f"{ROOT_PAGE}.md").write_text("# Small book\n\nThe pages under test.\n")
    for name, title in STUBS.items():
        (target / name).write_text(title, encoding="utf-8")
    for name, stub in LINKED_NOTEBOOKS.items():
        page = target / name
        text = page.read_text(encoding="utf-8")
        assert f"]({stub}.ipynb)" in text, (name, stub)
        page.write_text(text.replace(f"]({stub}.ipynb)", f"]({stub}.md)"), encoding="utf-8")
    chapters = [*PAGES, *(n.rsplit(".", 1)[0] for n in STUBS)]
    toc = {"format": "jb-book", "root": ROOT_PAGE, "chapters": [{"file": c} for c in chapters]}
    (target / "_toc.yml").write_text(json.dumps(toc, indent=1), encoding="utf-8")
    return target


@dataclass
class Run:
    returncode: int
    out: str
    seconds: float


# The first build takes the notebooks' stored outputs, executing none (as the
# test suite's own build does when nbval checks every notebook against them):
# it only gives the pages as they were before the edits.
STORED = (
    "import sys; from tools.build import build, report; r = build(stored_outputs=True); "
    "sys.exit(report(r, r.html.parent / 'build.log'))"
)


def run_build(book: Path, out_dir: Path | None = None, *, stored=False, wait: bool = True):
    """``python -m tools.build`` in the copy ``book`` (as ``./dev build`` runs it)."""
    command = [sys.executable, *(("-c", STORED) if stored else ("-m", "tools.build"))]
    if out_dir is not None:
        command += ["--path-output", str(out_dir)]
    env = {**os.environ, "PYTHONPATH": str(book)}
    env.pop("AIGOVBOOK_DATA_DIR", None)
    env.pop("AIGOVBOOK_BIB", None)
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, cwd=book, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    if not wait:
        return proc
    out, _ = proc.communicate(timeout=900)
    return Run(proc.returncode, out, time.perf_counter() - start)


class _Text(html.parser.HTMLParser):
    """The text a reader gets from a page: its words, and its charts' data."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            kind = dict(attrs).get("type", "")
            # chart specifications and widget states are data; code is not text
            self.skip += 0 if "json" in kind else 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.parts.append(" ".join(data.split()))


def page_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return "\n".join(parser.parts)


def pages(html: Path) -> dict[str, str]:
    """Every page of a build: its text, by its path in the build."""
    return {
        p.relative_to(html).as_posix(): page_text(p)
        for p in sorted(html.rglob("*.html"))
        if "_static" not in p.parts and "reports" not in p.parts
    }


def edit_lines(path: Path, drop_prefix: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [ln for ln in lines if not ln.startswith(drop_prefix)]
    assert len(kept) == len(lines) - 1, f"expected one row starting {drop_prefix!r}"
    path.write_text("".join(kept), encoding="utf-8")


def set_figure(path: Path, row_id: str, column: str, value: str) -> str:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    header = rows[0]
    for row in rows[1:]:
        if row[0] == row_id:
            old, row[header.index(column)] = row[header.index(column)], value
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    path.write_text(text.getvalue(), encoding="utf-8")
    return old


@dataclass
class Story:
    """What the shared builds gave (see :func:`story`)."""

    book: Path
    first: Run
    before: dict[str, str]
    stale_report: Path
    incremental: Run
    after: dict[str, str]
    clean: Run
    clean_pages: dict[str, str]
    waiter: Run
    old_figure: str


@pytest.fixture(scope="module")
def story(tmp_path_factory, chart_files_from) -> Story:
    """First build; a member row deleted and a figure changed, with a stale
    failure report of an earlier run left in the output; the incremental
    build; a clean build of the same tree, with a second build started into
    the same folder while it runs. (The first build's chart files start from
    a full build's where there is one, tests/conftest.py: the same pages have
    the same charts; what is compared here is the pages' text.)"""
    book = small_book(tmp_path_factory.mktemp("book") / "book")
    source = chart_files_from()
    if source is not None:
        chartfiles.seed(source, book / "_build" / "html")
    first = run_build(book, stored=True)
    html = book / "_build" / "html"
    before = pages(html)
    stale = html / "reports" / "chapters" / "04-challenges" / "forums.err.log"
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_text("Traceback (most recent call last):\nKeyError: 'from an earlier run'\n")

    edit_lines(book / "data" / "memberships.csv", G20_ROW)
    old = set_figure(book / "data" / "figures.csv", FIGURE_ID, FIGURE_COLUMN, FIGURE_VALUE)
    incremental = run_build(book)
    after = pages(html)

    clean_out = tmp_path_factory.mktemp("clean")
    # The chart files (SVG, PNG downloads; not what is compared here) start from
    # the incremental build's, as the student edition's do: an unchanged chart is
    # not converted again. The pages are all made anew.
    chartfiles.seed(html, clean_out / "_build" / "html")
    clean_proc = run_build(book, clean_out, wait=False)
    lock = clean_out / "_build" / ".build.lock"
    deadline = time.monotonic() + 60
    while not (lock.is_file() and lock.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.05)
    waiter = run_build(book, clean_out)  # started while the clean build runs
    out, _ = clean_proc.communicate(timeout=900)
    clean = Run(clean_proc.returncode, out, 0.0)
    return Story(
        book, first, before, stale, incremental, after, clean,
        pages(clean_out / "_build" / "html"), waiter, old,
    )  # fmt: skip


@pytest.mark.build
def test_first_build_of_the_small_book_is_green(story):
    assert story.first.returncode == 0, story.first.out[-3000:]
    assert set(f"{p}.html" for p in PAGES) <= set(story.before)


@pytest.mark.build
def test_incremental_build_after_a_data_edit_equals_a_clean_build(story):
    assert story.after.keys() == story.clean_pages.keys()
    differ = [name for name in story.after if story.after[name] != story.clean_pages[name]]
    assert differ == [], f"incremental pages unlike the clean build's: {differ}"
    assert story.incremental.returncode == 0, story.incremental.out[-3000:]
    assert story.clean.returncode == 0, story.clean.out[-3000:]


@pytest.mark.build
def test_a_deleted_member_row_changes_the_pages_that_count_members(story):
    page = "chapters/04-challenges/since-the-article.html"
    assert story.after[page] != story.before[page]
    # the appendix counts the rows of every table
    assert (
        story.after["chapters/data-and-sources.html"]
        != story.before["chapters/data-and-sources.html"]
    )
    assert story.incremental.returncode == 0, story.incremental.out[-3000:]


@pytest.mark.build
def test_a_changed_figure_changes_its_page(story):
    page = "chapters/02-why-govern/data-and-weapons.html"
    assert story.after[page] != story.before[page]
    shown = re.sub(r"\D", "", story.after[page])
    assert FIGURE_VALUE in shown and FIGURE_VALUE not in re.sub(r"\D", "", story.before[page])
    assert story.incremental.returncode == 0, story.incremental.out[-3000:]


@pytest.mark.build
def test_stale_reports_of_an_earlier_run_do_not_fail_a_later_build(story):
    assert story.incremental.returncode == 0, story.incremental.out[-3000:]
    assert "earlier run" not in story.incremental.out
    assert not story.stale_report.exists()


@pytest.mark.build
def test_a_second_build_into_the_same_folder_waits_for_the_first(story):
    assert "waiting for it to finish" in story.waiter.out, story.waiter.out[-2000:]
    assert story.waiter.returncode == 0, story.waiter.out[-3000:]
    # it ran after the first had finished: nothing left to do
    assert "nothing changed since the last build" in story.waiter.out


@pytest.mark.build
def test_a_failing_notebook_makes_the_build_red_and_says_where(story):
    """China's G20 row deleted: the Part IV forums notebook fails with a
    KeyError in its pre-execution. The build exits non-zero, names the
    notebook, the cell and the error line, and its page shows this run's
    error, not the outputs of an earlier run. (That a failed run is run
    again next time, not taken from the cache, is checked without a build:
    test_a_notebook_failing_in_pre_execution_fails_the_build.)"""
    book = story.book
    memberships = book / "data" / "memberships.csv"
    saved = memberships.read_text(encoding="utf-8")
    edit_lines(memberships, CHINA_G20_ROW)
    try:
        failed = run_build(book)
    finally:
        memberships.write_text(saved, encoding="utf-8")
    assert failed.returncode != 0, failed.out[-3000:]
    summary = failed.out[failed.out.index("build FAILED") :]
    line = next(ln for ln in summary.splitlines() if f"{FAILING}.ipynb, cell" in ln)
    assert re.search(r"cell \d+ \(\".+\"\): KeyError: .*China", line), summary
    assert "KeyError" in page_text(book / "_build" / "html" / f"{FAILING}.html")


@pytest.mark.build
def test_a_removed_bibliography_key_makes_the_build_red(story):
    """A key that data rows cite, removed from references.bib: red at once (the
    data are checked before anything runs), and the key is named."""
    bib = story.book / "references.bib"
    saved = bib.read_text(encoding="utf-8")
    entry = re.search(r"@\w+\{" + BIB_KEY + r",.*?\n\}\n", saved, re.S)
    assert entry, BIB_KEY
    bib.write_text(saved.replace(entry.group(0), ""), encoding="utf-8")
    try:
        failed = run_build(story.book)
    finally:
        bib.write_text(saved, encoding="utf-8")
    assert failed.returncode != 0, failed.out[-3000:]
    summary = failed.out[failed.out.index("build FAILED") :]
    assert BIB_KEY in summary and "data invalid: " in summary, summary
    assert "nothing was built" in failed.out and "executed" not in failed.out, failed.out[-3000:]


def test_dev_names_an_unknown_command():
    proc = subprocess.run(
        ["bash", str(ROOT / "dev"), "frobnicate"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("dev: unknown command 'frobnicate'"), proc.stderr
    assert "./dev build" in proc.stdout  # then the help


def test_a_notebook_failing_in_pre_execution_fails_the_build(tmp_path, capsys):
    """The pre-execution's failures count (tools/build.py once left them out
    and printed "Book built, 0 warnings"): the summary names the notebook,
    the cell and the error line. A failed run is cached for its page, never
    taken as a run to reuse."""
    from tools.build import BuildResult, report
    from tools.execute import fill_cache

    path = tmp_path / "fails.ipynb"
    cells = ["x = {'USA': 1}", "# look China up\nx['CHN']", "print('never')"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nbformat.write(nb, path)
    for _ in range(2):  # the second run executes it again
        summary = fill_cache(tmp_path, [path])
        assert summary["failed"] == [str(path)] and summary["executed"] == 0, summary
        assert summary["failures"] == [f"{path}, cell 2 (\"# look China up\"): KeyError: 'CHN'"]
    html = tmp_path / "_build" / "html"
    result = BuildResult(html, "build succeeded.\n", 0, 1.0, preexecution=summary)
    assert result.problems() == [f"notebook failed: {summary['failures'][0]}"]
    assert report(result, tmp_path / "build.log") == 1
    assert "cell 2 (\"# look China up\"): KeyError: 'CHN'" in capsys.readouterr().out


def test_pages_are_read_again_when_anything_the_notebooks_read_changes(tmp_path):
    """The Sphinx hook's digest covers every input of the notebooks' cached
    runs, and the configuration."""
    from aigovbook.book.notebookwait import PAGE_INPUTS, inputs_digest
    from tools.execute import NOTEBOOK_INPUTS

    assert set(NOTEBOOK_INPUTS) <= set(PAGE_INPUTS) and "_config.yml" in PAGE_INPUTS
    for name in ("aigovbook", "data"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x.csv").write_text("a\n1\n")
    for name in ("references.bib", "_config.yml"):
        (tmp_path / name).write_text("")
    seen = {inputs_digest(tmp_path)}
    for name in ("data/x.csv", "aigovbook/x.csv", "references.bib", "_config.yml"):
        (tmp_path / name).write_text("edited\n")
        seen.add(inputs_digest(tmp_path))
    assert len(seen) == 5


def test_a_report_of_jupyter_book_is_summed_up_with_its_cell_and_error(tmp_path):
    """A notebook that Jupyter Book itself executes and that fails leaves a
    report (nbclient's message); the summary line names the report, the
    cell's first line and the error line."""
    from tools.build import BuildResult

    reports = tmp_path / "html" / "reports" / "chapters"
    reports.mkdir(parents=True)
    (reports / "forums.err.log").write_text(
        "Traceback (most recent call last):\n  File ...\nnbclient.exceptions.CellExecutionError: "
        "An error occurred while executing the following cell:\n------------------\n"
        "table = matrix.loc['China']\n------------------\n\n"
        "\x1b[0;31mKeyError\x1b[0m                      Traceback (most recent call last)\n"
        "\x1b[0;31mKeyError\x1b[0m: 'China'\n",
        encoding="utf-8",
    )
    result = BuildResult(tmp_path / "html", "", 0, 1.0)
    assert result.problems() == [
        "execution report: forums.err.log cell \"table = matrix.loc['China']\": KeyError: 'China'"
    ]
