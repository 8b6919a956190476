"""The offline copy (``./dev bundle``): a clean, reproducible artefact that,
unzipped elsewhere, works with no network.

Two clean builds of the same sources give byte-identical zips (the suite's
instructor build and a second one made here, once per run, with the same
options); only the files the build's manifest lists are zipped, so a file
planted in the build folder afterwards (a stale page, a dotfile or swap
file, a ``.git`` folder, a symbolic link) never is; ``./dev bundle`` empties
its build folder first, and ``--student`` bundles the student edition.

The zip written by ``tools.bundle`` is unpacked into a fresh folder and
compared, file by file, with the built site that the browser walk checked,
and served exactly as its README.txt tells readers to (``python -m
http.server``, a separate process): Chromium opens the start page and a page
of each live kind with every request that leaves that server aborted; every
chart and widget must render, with no console error and no failed request.
Every page with a chart or a widget is then opened straight from disk
(``file://``); the README's statement of what works there (everything but the
search page's excerpts) is checked too.
"""

from __future__ import annotations

import os
import sys
import time
import zipfile
from pathlib import Path

import browserkit as bk
import pytest
from sessionjobs import once, shared_root

from tools import build as book_build
from tools import bundle

pytestmark = pytest.mark.browser

PAGES = bk.toc_files()
LIVE_MARKERS = ('class="aigov-chart"', "application/vnd.jupyter.widget-state+json")


@pytest.fixture(scope="module")
def listed(html_dir) -> Path:
    """The book under test, with its manifest: the suite's clean build gets one
    now (nothing has written into it since it was built); ``./dev bundle``'s
    build has its own; any other ``$BOOK_HTML`` is listed as it stands."""
    made_by_dev_bundle = Path(html_dir).resolve().is_relative_to(bundle.BUNDLE_BUILDS)
    if not (made_by_dev_bundle and bundle.manifest_path(html_dir).is_file()):
        bundle.write_manifest(html_dir)
    return html_dir


@pytest.fixture(scope="module")
def zipped(listed, tmp_path_factory) -> Path:
    """The bundle of the book under test."""
    result = bundle.write_bundle(listed, tmp_path_factory.mktemp("bundle") / "book.zip")
    assert result["zip_bytes"] > 0
    return result["out"]


@pytest.fixture(scope="module")
def unpacked(zipped, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("elsewhere")
    with zipfile.ZipFile(zipped) as zf:
        zf.extractall(target)
    site = target / bundle.FOLDER
    assert (site / "index.html").is_file()
    return site


@pytest.fixture(scope="module")
def served(unpacked):
    """``python -m http.server`` in its own process, as the README says."""
    argv = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1"]
    argv += ["--directory", str(unpacked), "{port}"]
    with bk.server_process(argv, "http://127.0.0.1:{port}/index.html") as base:
        yield base + "/"


def _problems(results: list[bk.PageResult]) -> dict[str, list[str]]:
    return {
        r.page: r.console_errors
        + r.failed_requests
        + [f"{r.charts - r.charts_rendered} chart(s) not drawn"] * (r.charts != r.charts_rendered)
        + [f"{r.widget_views - r.widgets_rendered} widget(s) not drawn"]
        * (r.widgets_rendered != r.widget_views)
        for r in results
        if r.console_errors
        or r.failed_requests
        or r.charts != r.charts_rendered
        or r.widgets_rendered != r.widget_views
    }


def test_bundle_holds_the_site_and_a_readme(unpacked, html_dir):
    readme = (unpacked / "README.txt").read_text(encoding="utf-8")
    assert "python3 -m http.server" in readme and "file://" in readme
    for page in PAGES:
        assert (unpacked / f"{page}.html").is_file(), page
    assert (unpacked / "_static" / "vega" / "vega-embed.min.js").is_file()
    assert not (unpacked / ".buildinfo").exists()


def test_bundle_entries_carry_a_fixed_time_and_mode(zipped):
    """Every entry has the fixed time and mode, in a fixed order (that a zip
    of other files with other times is byte-identical: below)."""
    with zipfile.ZipFile(zipped) as zf:
        infos = zf.infolist()
    names = [i.filename for i in infos]
    assert names[0] == f"{bundle.FOLDER}/README.txt" and names[1:] == sorted(names[1:])
    assert {(i.date_time, i.external_attr, i.create_system) for i in infos} == {
        (bundle.FIXED_TIME, bundle.FILE_MODE, bundle.UNIX)
    }


def _second_clean_build(root: Path, first: book_build.BuildResult) -> tuple[Path, float]:
    """Another clean instructor build into an empty folder, with the options of the
    suite's (notebooks executed, or taken as stored when nbval checks them all, as
    in ``./dev test``), made once per run.

    To save CPU (a third of this build's) the chart files (SVG, PNG) are seeded
    from the first build, as the student edition's are; the chart ids in the
    pages are still made anew. (Two full ``./dev bundle`` runs, every chart
    converted in each, were measured to give byte-identical zips as well.)"""
    from aigovbook.book import chartfiles

    def job(out: Path) -> tuple[Path, float]:
        start = time.perf_counter()
        chartfiles.seed(first.html, out / "_build" / "html")
        result = book_build.build(out, stored_outputs=bool(first.preexecution.get("stored")))
        assert result.problems() == [], result.problems()
        bundle.write_manifest(result.html)
        return result.html, round(time.perf_counter() - start, 1)

    return once(root, "instructor-clean-again", job)


@pytest.mark.build
def test_two_clean_builds_give_byte_identical_zips(
    instructor_build, listed, zipped, tmp_path_factory, tmp_path
):
    """Widget model ids, chart ids, search index, ``?v=`` strings: nothing in a
    clean build may differ from another clean build of the same sources."""
    first = instructor_build.html
    if not bundle.manifest_path(first).is_file():
        bundle.write_manifest(first)
    second, seconds = _second_clean_build(
        shared_root(tmp_path_factory.getbasetemp()), instructor_build
    )
    print(f"second clean build: {seconds} s")
    if Path(first).resolve() == Path(listed).resolve():
        one = zipped  # the same build, zipped above
    else:
        one = bundle.write_bundle(first, tmp_path / "one.zip")["out"]
    two = bundle.write_bundle(second, tmp_path / "two.zip")["out"]  # the manifests' files only
    if one.read_bytes() != two.read_bytes():
        with zipfile.ZipFile(one) as a, zipfile.ZipFile(two) as b:
            names_a, names_b = set(a.namelist()), set(b.namelist())
            differ = sorted(n for n in names_a & names_b if a.read(n) != b.read(n))
        assert (sorted(names_a ^ names_b), differ[:10]) == ([], [])
    assert one.read_bytes() == two.read_bytes()


def _tiny_site(root: Path) -> Path:
    """A built site in miniature: what a build writes, and its manifest."""
    html = root / "_build" / "html"
    (html / "_static").mkdir(parents=True)
    (html / "index.html").write_text("<p>start</p>", encoding="utf-8")
    (html / "page.html").write_text("<p>page</p>", encoding="utf-8")
    (html / "_static" / "style.css").write_text("p{}", encoding="utf-8")
    (html / ".buildinfo").write_text("config: x", encoding="utf-8")  # Sphinx's, never zipped
    return html


def test_the_same_files_written_again_later_give_the_same_zip(tmp_path):
    """The zip holds no time, mode or order of the files on disk: the same
    site written again later (new times, another order of creation) gives
    the same bytes."""
    first = _tiny_site(tmp_path / "one")
    bundle.write_manifest(first)
    again = tmp_path / "two" / "_build" / "html"
    (again / "_static").mkdir(parents=True)
    for rel in sorted(bundle.read_manifest(first), reverse=True):  # another order
        (again / rel).write_bytes((first / rel).read_bytes())
        os.utime(again / rel, (1_000_000_000, 1_000_000_000))
    bundle.write_manifest(again)
    one = bundle.write_bundle(first, tmp_path / "one.zip")["out"]
    two = bundle.write_bundle(again, tmp_path / "two.zip")["out"]
    assert one.read_bytes() == two.read_bytes()


def _zipped(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as zf:
        return {n.split("/", 1)[1] for n in zf.namelist()}


def test_only_listed_files_are_zipped(tmp_path):
    """Planted after the build: a stale page, swap and dotfiles, a .git folder,
    links to a file and a folder outside. None is zipped."""
    html = _tiny_site(tmp_path / "book")
    secret = tmp_path / "secret.txt"
    secret.write_text("not the book's", encoding="utf-8")
    (html / "_static" / "link-to-a-file.css").symlink_to(secret)  # present at listing time
    bundle.write_manifest(html)
    (html / "stale.html").write_text("<p>old</p>", encoding="utf-8")
    (html / ".page.html.swp").write_bytes(b"swap")
    (html / "_static" / ".hidden.js").write_text("x", encoding="utf-8")
    (html / ".git").mkdir()
    (html / ".git" / "config").write_text("[core]", encoding="utf-8")
    (html / "outside.txt").symlink_to(secret)
    (html / "folder-link").symlink_to(tmp_path, target_is_directory=True)
    out = bundle.write_bundle(html, tmp_path / "book.zip")["out"]
    assert _zipped(out) == {"README.txt", "index.html", "page.html", "_static/style.css"}
    assert b"not the book's" not in out.read_bytes()


@pytest.mark.parametrize("change", ["replaced by a link", "edited", "deleted", "folder linked"])
def test_a_listed_file_changed_after_the_build_is_refused(tmp_path, change):
    html = _tiny_site(tmp_path / "book")
    bundle.write_manifest(html)
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "style.css").write_text("p{}", encoding="utf-8")  # same bytes, elsewhere
    target = html / "_static" / "style.css"
    if change == "replaced by a link":
        target.unlink()
        target.symlink_to(secret / "style.css")
    elif change == "edited":
        target.write_text("p{color:red}", encoding="utf-8")
    elif change == "deleted":
        target.unlink()
    else:
        os.rename(html / "_static", tmp_path / "moved")
        (html / "_static").symlink_to(secret, target_is_directory=True)
    with pytest.raises(bundle.BundleError, match="_static/style.css"):
        bundle.write_bundle(html, tmp_path / "book.zip")
    assert not (tmp_path / "book.zip").exists() and not list(tmp_path.glob("*.partial"))


def test_a_build_without_manifest_or_with_a_bad_one_is_refused(tmp_path):
    html = _tiny_site(tmp_path / "book")
    with pytest.raises(bundle.BundleError, match="no manifest"):
        bundle.write_bundle(html, tmp_path / "book.zip")
    bundle.manifest_path(html).write_text('{"files": {"../../etc/passwd": {}}}', "utf-8")
    with pytest.raises(bundle.BundleError, match="no bundle may hold"):
        bundle.write_bundle(html, tmp_path / "book.zip")


@pytest.mark.parametrize("edition", bundle.EDITIONS)
def test_dev_bundle_builds_each_edition_from_scratch(tmp_path, monkeypatch, edition):
    """``./dev bundle [--student]``: the edition's build folder is emptied first (a
    stale page of an earlier build is gone), nothing is reused from elsewhere,
    the zip is the edition's. (The build itself is faked here; the suite's
    clean builds are bundled above.)"""
    from tools import student_edition

    folder = tmp_path / "bundle"
    monkeypatch.setattr(bundle, "BUNDLE_BUILDS", folder)
    stale = folder / edition / "_build" / "html" / "stale.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("<p>from an earlier build</p>", encoding="utf-8")
    calls = []

    def fake_build(out, *extra, **options):
        calls.append((Path(out), options))
        assert not stale.exists(), "the build folder was not emptied first"
        html = Path(out) / "_build" / "html"
        html.mkdir(parents=True)
        (html / "index.html").write_text(f"<p>{edition}</p>", encoding="utf-8")
        return book_build.BuildResult(html, "", 0, 0.1)

    monkeypatch.setattr(book_build, "build", fake_build)
    monkeypatch.setattr(
        student_edition, "build_student", lambda out, **kw: (fake_build(out, **kw), [])
    )
    out = tmp_path / "book.zip"
    argv = ["--out", str(out)] + (["--student"] if edition == "student" else [])
    assert bundle.main(argv) == 0
    [(built, options)] = calls
    assert built == (folder / edition).resolve()
    assert options.get("force") is True
    assert options.get("reuse") in (None, built)  # the emptied folder itself: nothing reused
    assert _zipped(out) == {"README.txt", "index.html"}
    with zipfile.ZipFile(out) as zf:
        readme = zf.read(f"{bundle.FOLDER}/README.txt").decode()
    assert bundle.EDITION_NAMES[edition] in readme


def test_a_failed_clean_build_writes_no_zip(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(bundle, "BUNDLE_BUILDS", tmp_path / "bundle")

    def failing(out, *extra, **options):
        html = Path(out) / "_build" / "html"
        html.mkdir(parents=True)
        (html / "index.html").write_text("<p>half</p>", encoding="utf-8")
        return book_build.BuildResult(html, "WARNING: something\n", 0, 0.1)

    monkeypatch.setattr(book_build, "build", failing)
    assert bundle.main(["--out", str(tmp_path / "book.zip")]) == 1
    assert "clean instructor build failed" in capsys.readouterr().err
    assert not (tmp_path / "book.zip").exists()


@pytest.mark.build
def test_the_student_bundle_holds_no_solution(student_html, tmp_path):
    if not bundle.manifest_path(student_html).is_file():
        bundle.write_manifest(student_html)
    out = bundle.write_bundle(student_html, tmp_path / "student.zip", "student")["out"]
    with zipfile.ZipFile(out) as zf:
        marked = [n for n in zf.namelist() if b"aigov-solution" in zf.read(n)]
    assert marked == []


def test_bundle_refuses_a_missing_build(tmp_path):
    with pytest.raises(bundle.BundleError, match="no built book"):
        bundle.write_bundle(tmp_path / "nothing", tmp_path / "out.zip")
    assert not (tmp_path / "out.zip").exists()


def test_bundle_holds_the_walked_site_byte_for_byte(unpacked, listed):
    """Every file the reader needs is in the bundle, unchanged: the pages the
    browser walk checked over HTTP (test_browser.py) are the bundle's pages."""
    html_dir = listed
    files = bundle.site_files(html_dir)
    assert len(files) > 100
    differ = [
        str(f.relative_to(html_dir))
        for f in files
        if (unpacked / f.relative_to(html_dir)).read_bytes() != f.read_bytes()
    ]
    assert differ == []
    inside = {p.relative_to(unpacked) for p in unpacked.rglob("*") if p.is_file()}
    assert inside - {f.relative_to(html_dir) for f in files} == {Path("README.txt")}


def test_served_bundle_works_offline(browser, served, unpacked):
    """Served as the README says, from its own folder: the start page and one
    page of each live kind (charts, widgets) work with every request off that
    server aborted. (The other pages are the same bytes the browser walk
    checked: see the test above.)"""
    text = {p: (unpacked / f"{p}.html").read_text(encoding="utf-8") for p in PAGES}
    charts = next(p for p in PAGES if LIVE_MARKERS[0] in text[p])
    widgets = next(p for p in PAGES if LIVE_MARKERS[1] in text[p])
    pages = list(dict.fromkeys([PAGES[0], charts, widgets]))
    results = bk.walk(browser, served, pages, run_axe=False, in_flight=3)
    assert [r.page for r in results] == pages
    assert sum(r.charts for r in results) > 0 and sum(r.widget_views for r in results) > 0
    assert _problems(results) == {}
    assert [u for r in results for u in r.third_party] == []


def _urls(spec) -> list[str]:
    """What a chart specification would load by URL (data, images), at any depth."""
    if isinstance(spec, dict):
        found = [str(spec["url"])] if "url" in spec else []
        return found + [u for value in spec.values() for u in _urls(value)]
    if isinstance(spec, list):
        return [u for value in spec for u in _urls(value)]
    return []


def test_no_chart_loads_a_file(unpacked):
    """A chart that fetched its data or an image by URL would stay blank from
    file:// (the browser lets such a page fetch nothing): every chart of every
    page carries what it draws."""
    from aigovbook.book.chartfiles import _CHART, chart_spec

    charts = {
        f"{p} #{m.group('id')}": chart_spec(m.group("script"))
        for p in PAGES
        for m in _CHART.finditer((unpacked / f"{p}.html").read_text(encoding="utf-8"))
    }
    assert len(charts) > 10
    assert {name: _urls(spec) for name, spec in charts.items() if _urls(spec)} == {}


def test_bundle_opened_from_disk(browser, unpacked):
    """file://: the start page and a page of each live kind (charts, widgets, an
    exercise page's checker) work, as README.txt says. The other live pages load
    the same scripts, and no chart of theirs fetches a file (the test above)."""
    base = unpacked.as_uri() + "/"
    text = {p: (unpacked / f"{p}.html").read_text(encoding="utf-8") for p in PAGES}
    kinds = [*LIVE_MARKERS, "data-exercise-id="]
    first_of = [next(p for p in PAGES if kind in text[p]) for kind in kinds]
    pages = list(dict.fromkeys([PAGES[0], *first_of]))
    results = bk.walk(browser, base, pages, run_axe=False, in_flight=3)
    assert sum(r.charts_rendered for r in results) > 0
    assert sum(r.widgets_rendered for r in results) > 0
    assert _problems(results) == {}
    assert [u for r in results for u in r.third_party] == []


def test_search_from_disk_lists_pages(browser, unpacked):
    """file://: search finds pages (README.txt says excerpts are missing there:
    the browser does not let a file:// page fetch other files)."""
    base = unpacked.as_uri() + "/"
    context, net = bk.new_context(browser, base)
    page = context.new_page()
    try:
        page.goto(base + "search.html?q=Bletchley")
        page.wait_for_function(
            "() => /found \\d+ page/.test(document.querySelector('#search-results')?.innerText)",
            timeout=bk.RENDER_TIMEOUT_MS,
        )
        assert page.locator("#search-results li").count() > 0
    finally:
        context.close()
    assert net.third_party == []
