"""The strict build: zero warnings, zero notebook execution errors.

Jupyter Book 1 can exit 0 even when a notebook fails to execute, so these
tests read the log and the ``reports/`` folder themselves.
"""

from __future__ import annotations

import nbformat
import pytest

from tools import build as book_build
from tools.book import ROOT, chapter_notebooks, toc_files
from tools.execute import execute


@pytest.mark.build
def test_build_succeeds(instructor_build):
    assert instructor_build.returncode == 0, instructor_build.log[-4000:]
    assert (instructor_build.html / "index.html").is_file()


@pytest.mark.build
def test_build_has_no_warnings(instructor_build):
    problems = instructor_build.problems()
    assert problems == [], "\n".join(problems)
    assert "WARNING" not in instructor_build.log


@pytest.mark.build
def test_no_notebook_failed_to_execute(instructor_build):
    reports = instructor_build.reports
    failed = sorted(p.name for p in reports.glob("**/*")) if reports.exists() else []
    assert failed == [], f"execution reports written: {failed}"
    assert "Execution Failed" not in instructor_build.log
    # every notebook was executed (or, when nbval checks them all in this session,
    # taken with its stored outputs) before the build read it, none by the build itself
    pre = instructor_build.preexecution
    assert pre["failed"] == []
    assert pre["executed"] + pre["stored"] == len(toc_notebooks_listed()), pre
    assert "Executing notebook" not in instructor_build.log


def test_stored_outputs_are_cached_as_they_are_and_nothing_runs(tmp_path):
    """The test suite's shortcut: a notebook cached with its stored outputs
    (the error below would stop any real run) and found by the build's cache."""
    from jupyter_cache import get_cache

    from tools.execute import cache_dir, fill_cache

    path = tmp_path / "stored.ipynb"
    cell = nbformat.v4.new_code_cell("raise SystemExit('executed')")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="stored\n")]
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), path)
    summary = fill_cache(tmp_path, [path], stored_outputs=True)
    assert (summary["stored"], summary["executed"], summary["failed"]) == (1, 0, [])
    cache = get_cache(str(cache_dir(tmp_path)))
    record = cache.match_cache_notebook(nbformat.read(path, as_version=4))
    assert cache.get_cache_bundle(record.pk).nb.cells[0].outputs[0]["text"] == "stored\n"
    # without the option the same notebook runs, and fails
    again = fill_cache(tmp_path / "fresh", [path])
    assert again["failed"] and again["stored"] == 0


@pytest.mark.build
def test_every_toc_page_is_built(instructor_build):
    missing = [f for f in toc_files() if not (instructor_build.html / f"{f}.html").is_file()]
    assert missing == []


@pytest.mark.build
def test_unchanged_rebuild_is_skipped_and_an_edit_is_not(instructor_build, tmp_path):
    stored = bool(instructor_build.preexecution.get("stored"))  # as conftest built it
    again = book_build.build(instructor_build.html.parent.parent, stored_outputs=stored)
    assert again.skipped, "rebuilt although nothing changed (or files were edited during the tests)"
    assert again.problems() == []
    assert book_build.input_stamp(tmp_path, (), {}) != book_build.input_stamp(
        tmp_path, (), {book_build.EDITION_ENV: "student"}
    )


def toc_notebooks_listed() -> list[str]:
    return [f for f in toc_files() if (ROOT / f"{f}.ipynb").is_file()]


def test_every_notebook_is_in_the_toc():
    listed = set(toc_files())
    notebooks = {str(p.relative_to(ROOT).with_suffix("")) for p in chapter_notebooks()}
    assert notebooks - listed == set(), "notebooks outside the table of contents"


def test_log_problems_flags_every_warning_line():
    log = (
        "reading sources... [100%] chapters/intro\n"
        "chapters/intro.md:3: WARNING: undefined label: 'nowhere'\n"
        "[IPKernelApp] WARNING | Kernel is running over TCP without encryption.\n"
        "build succeeded.\n"
    )
    assert len(book_build.log_problems(log)) == 2  # no line is excused, the kernel's neither


def test_kernels_print_no_warning(tmp_path, capfd):
    """The executor's kernels say nothing on stderr (no TCP notice), so builds
    and pre-execution print no warning line."""
    path = tmp_path / "tiny.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")]), path)
    done = execute(path, timeout=60)
    assert done.error is None
    assert done.nb.cells[0].outputs[0]["data"]["text/plain"] == "2"
    captured = capfd.readouterr()
    assert "WARNING" not in captured.err + captured.out, captured.err


def test_a_change_to_the_package_or_data_runs_the_notebooks_again(tmp_path, monkeypatch):
    """jupyter-cache matches notebooks by their code; the build's cache also
    records what they read (aigovbook/, data/, references.bib)."""
    from tools import execute as ex

    path = tmp_path / "reads-data.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("2 + 2")]), path)
    assert ex.fill_cache(tmp_path, [path])["executed"] == 1
    assert ex.fill_cache(tmp_path, [path])["executed"] == 0  # cached
    digest = ex.inputs_digest()
    monkeypatch.setattr(ex, "inputs_digest", lambda root=ROOT: digest[::-1])  # data edited
    assert ex.fill_cache(tmp_path, [path])["executed"] == 1
    assert ex.fill_cache(tmp_path, [path])["executed"] == 0


def test_the_inputs_digest_follows_the_data(tmp_path):
    from tools.execute import inputs_digest

    for name in ("aigovbook", "data"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x.csv").write_text("a\n1\n")
    (tmp_path / "references.bib").write_text("")
    before = inputs_digest(tmp_path)
    (tmp_path / "data" / "x.csv").write_text("a\n2\n")
    assert inputs_digest(tmp_path) != before


@pytest.mark.build
def test_the_benchmark_measures_the_chart_specs_of_each_page(instructor_build):
    """benchmarks/run.py reports the bytes of chart specifications per page:
    more than none exactly on the pages that hold a chart (it once read an
    old output pattern and reported 0 everywhere)."""
    from aigovbook.book.chartscripts import page_has_chart
    from benchmarks.run import page_sizes

    html = instructor_build.html
    sizes = page_sizes(html)
    assert len(sizes) >= 25
    wrong = {
        page: size["chart_data_bytes"]
        for page, size in sizes.items()
        if (size["chart_data_bytes"] > 0)
        != page_has_chart((html / f"{page}.html").read_text(encoding="utf-8"))
    }
    assert wrong == {}
    assert sum(page_has_chart((html / f"{p}.html").read_text("utf-8")) for p in sizes) >= 8
