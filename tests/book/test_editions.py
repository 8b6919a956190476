"""Instructor and student editions from one source (tools/student_edition.py).

The fast tests check the stripping and the derived configuration; the
``build`` tests build both editions and prove that the student output holds
no solution text (the leak scan below: every explanation in the exercise
bank and a probe from every ``{solution}`` body in the chapters), that the
instructor output holds all of it, and that the two differ by the solutions
only.
"""

from __future__ import annotations

import difflib
import html as html_lib
import json
import os
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import pytest
import yaml

from tools import student_edition as se
from tools.book import ROOT

TEXT_SUFFIXES = {".html", ".js", ".md", ".ipynb", ".txt", ".json"}

# -- the leak scan ------------------------------------------------------------------------

_MARKUP = re.compile(
    r"\{[\w:-]+\}`[^`]*`"  # roles: {cite}`key`, {glue:text}`x:.1f`, {term}`x`
    r"|`[^`]*`"  # inline code
    r"|\$[^$]*\$"  # inline maths
    r"|\]\([^)]*\)"  # link targets
    r"|<[^>]+>"  # html
    r"|[\[\]*_#>|\"'“”‘’()]"  # emphasis, brackets, quotes, tables, headings
    r"|\s[-–—]+\s"  # dashes that typography may change
)


def normalize(text: str) -> str:
    """Text as a reader sees it, for comparisons: unescaped, straight quotes,
    one space between words, case-folded."""
    text = unicodedata.normalize("NFKC", html_lib.unescape(text))
    for curly, straight in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(curly, straight)
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


def solution_bodies(text: str) -> list[str]:
    """Bodies (option lines removed) of the ``{solution}`` blocks of MyST text."""
    lines = text.splitlines()
    bodies = []
    for first, last in se.solution_blocks(lines):
        body = [ln for ln in lines[first + 1 : last] if not re.match(r"^\s*:[\w-]+:", ln)]
        bodies.append("\n".join(body))
    return [b for b in bodies if b.strip()]


def probe(body: str, words: int = 6) -> str | None:
    """The longest plain-text run of a MyST body (markup splits runs), used to
    look for the body in rendered HTML; None if no run has ``words`` words."""
    runs = [normalize(r) for r in _MARKUP.split(body)]
    runs = [r.strip(" ,.;:") for r in runs if len(r.split()) >= words]
    return max(runs, key=len) if runs else None


def bank_solutions() -> list[tuple[str, str]]:
    """``(id, explanation)`` for every exercise in the bank (default choices)."""
    from aigovbook.exercises import entries

    return [(item.id, item.build().explanation) for item in entries()]


def chapter_solution_probes(root: Path = ROOT) -> list[tuple[str, str]]:
    """``(where, probe)`` for every ``{solution}`` body in the book's sources."""
    found = []
    for path in sorted((root / "chapters").rglob("*")):
        if path.suffix == ".md":
            texts = [path.read_text(encoding="utf-8")]
        elif path.suffix == ".ipynb" and ".ipynb_checkpoints" not in path.parts:
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            texts = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
        else:
            continue
        for text in texts:
            for n, body in enumerate(solution_bodies(text), start=1):
                if found_probe := probe(body):
                    found.append((f"{path.relative_to(root)} solution {n}", found_probe))
    return found


def needles() -> list[tuple[str, str]]:
    """What must not appear in the student edition."""
    return bank_solutions() + chapter_solution_probes()


def page_text(raw: str) -> str:
    """Visible-ish text of an HTML file (tags removed), normalized."""
    raw = re.sub(
        r"<script\b[^>]*>.*?</script>|<style\b[^>]*>.*?</style>", " ", raw, flags=re.S | re.I
    )
    return normalize(re.sub(r"<[^>]+>", " ", raw))


def find_solutions(folder: Path, wanted: Iterable[tuple[str, str]]) -> list[str]:
    """Every place under ``folder`` where a solution needle or the marker occurs."""
    wanted = [(where, normalize(text)) for where, text in wanted if text and text.strip()]
    findings = []
    for path in sorted(folder.rglob("*")):
        if path.suffix not in TEXT_SUFFIXES or not path.is_file():
            continue
        raw = path.read_text(encoding="utf-8", errors="replace")
        if se.MARKER in raw:
            findings.append(f"{path.relative_to(folder)}: contains the {se.MARKER!r} marker")
        flat = page_text(raw) if path.suffix == ".html" else normalize(raw.replace("\\n", " "))
        flat_raw = normalize(raw.replace("\\n", " "))
        for where, needle in wanted:
            if needle in flat or needle in flat_raw:
                findings.append(f"{path.relative_to(folder)}: contains the solution of {where}")
    return findings


def config_difference(a: dict, b: dict, prefix: str = "") -> list[str]:
    """Dotted keys whose values differ between two nested configurations."""
    out = []
    for key in sorted(set(a) | set(b), key=str):
        left, right = a.get(key), b.get(key)
        name = f"{prefix}{key}"
        if isinstance(left, dict) and isinstance(right, dict):
            out += config_difference(left, right, name + ".")
        elif left != right:
            out.append(name)
    return out


# -- fast: configuration ----------------------------------------------------------------


def test_student_config_differs_in_one_key_only():
    source = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    derived = se.student_config()
    assert config_difference(source, derived) == ["sphinx.config.hide_solutions"]
    assert derived["sphinx"]["config"]["hide_solutions"] is True
    assert source["sphinx"]["config"].get("hide_solutions", False) is False  # default = instructor


def test_edition_variable_name_and_marker_match_the_package():
    from aigovbook.exercises import EDITION_ENV, entries
    from aigovbook.exercises.quiz import widgets

    assert se.EDITION_ENV == EDITION_ENV
    # stored outputs are the student view: an exercise's output and the answer-key slot carry
    # no solution, so the student edition can reuse every cached notebook; the explicit
    # instructor view of the key carries the marker the stripper and the cache reuse rely on
    assert entries()[0].id and se.MARKER not in widgets.answer_key_html(1)
    assert se.MARKER in widgets.answer_key_html(1, inline=True)


# -- fast: stripping MyST and notebooks -------------------------------------------------------

MYST = """# Page

Keep this.

```{exercise} A question
:label: ex-1

Why?
```

```{solution} ex-1
:label: ex-1-solution
:class: dropdown

Because the secret answer is forty-two and nothing else.

```python
print(1)
```
```

Keep this too.

:::{solution} ex-2
Colon-fenced secret.
:::

End.
"""


def test_strip_myst_removes_solutions_and_keeps_the_rest():
    stripped = se.strip_myst(MYST)
    for secret in ("forty-two", "Colon-fenced", "solution"):
        assert secret not in stripped
    for kept in ("# Page", "Keep this.", "{exercise} A question", "Why?", "Keep this too.", "End."):
        assert kept in stripped


def test_solution_bodies_and_probes():
    bodies = solution_bodies(MYST)
    assert len(bodies) == 2
    assert "forty-two" in bodies[0] and ":label:" not in bodies[0]
    body = (
        "As {cite:t}`chengzeng2023` argue, *China* is a norm-taker in the OECD"
        " and a shaper in the G20 process."
    )
    found = probe(body)
    assert found == "is a norm-taker in the oecd and a shaper in the g20 process"
    assert probe("Too short.") is None


def _nb(cells):
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def _md(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def _code(text, outputs=(), tags=()):
    return {
        "cell_type": "code",
        "metadata": {"tags": list(tags)},
        "source": text,
        "outputs": list(outputs),
        "execution_count": 1,
    }


def _html(text):
    return {"output_type": "display_data", "metadata": {}, "data": {"text/html": [text]}}


def test_strip_notebook_removes_the_marked_outputs_only():
    nb = _nb(
        [
            _md("# Title"),
            _code(
                "show()",
                outputs=[
                    _html('<details class="aigov-solution">worked</details>'),
                    _html("<b>widget</b>"),
                ],
            ),
            _code("print()", outputs=[_html("<p>Plain output.</p>")]),
        ]
    )
    out = se.strip_notebook(nb)
    text = json.dumps(out)
    assert "worked" not in text and se.MARKER not in text
    assert "# Title" in text and "<b>widget</b>" in text and "Plain output." in text
    assert len(out["cells"]) == 3
    assert nb["cells"][1]["outputs"][0]["data"]["text/html"] == [
        '<details class="aigov-solution">worked</details>'
    ]  # the input is left alone


def test_find_solutions_reports_marker_and_needles(tmp_path):
    (tmp_path / "a.html").write_text(
        "<p>The &quot;worked&quot; solution text.</p>", encoding="utf-8"
    )
    (tmp_path / "b.html").write_text('<div class="aigov-solution"></div>', encoding="utf-8")
    (tmp_path / "c.html").write_text("<p>Nothing here.</p>", encoding="utf-8")
    found = find_solutions(tmp_path, [("Q1.1", 'The "worked" solution text')])
    assert found == [
        "a.html: contains the solution of Q1.1",
        "b.html: contains the 'aigov-solution' marker",
    ]


def test_every_chapter_solution_has_a_probe():
    """Each {solution} in the chapters must be findable, or the build tests prove nothing."""
    bodies = []
    for path in sorted((ROOT / "chapters").rglob("*.md")):
        bodies += solution_bodies(path.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "chapters").rglob("*.ipynb")):  # e.g. the code-exercise pages
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                bodies += solution_bodies("".join(cell["source"]))
    probes = chapter_solution_probes()
    assert len(probes) == len([b for b in bodies if probe(b)])
    assert len(probes) == len(bodies), "a {solution} body has no plain-text run of six words"


# -- slow: both editions built -------------------------------------------------------------------


def _pages(html: Path) -> dict[str, str]:
    return {
        str(p.relative_to(html)): p.read_text(encoding="utf-8")
        for p in sorted(html.rglob("*.html"))
        if "_static" not in p.parts and "reports" not in p.parts
    }


@pytest.mark.build
def test_student_edition_builds_cleanly(student_build):
    html = student_build.html
    assert student_build.problems() == [], student_build.log[-4000:]
    assert (html / "index.html").exists()


@pytest.mark.build
def test_student_edition_reuses_every_notebook(student_build):
    """Stored and executed outputs are the student view in both editions (the worked
    solutions are added to the instructor's pages by the Sphinx extension), so the
    student edition copies every notebook from the instructor's execution cache and
    executes none; a notebook whose outputs carried the marker would run again."""
    import nbformat
    from jupyter_cache import get_cache

    from tools.book import notebooks
    from tools.execute import cache_dir, has_marker

    html = student_build.html
    cache = get_cache(str(cache_dir(html.parent.parent)))
    for path in notebooks():
        assert se.MARKER not in path.read_text(encoding="utf-8"), path
        record = cache.match_cache_notebook(nbformat.read(path, as_version=4))
        assert not has_marker(cache.get_cache_bundle(record.pk).nb), path
    pre = student_build.preexecution
    if pre:  # empty when the build was skipped as unchanged
        assert pre["executed"] == 0 and pre["failed"] == [], pre
        assert pre["reused"] == len(notebooks()), pre


@pytest.mark.build
def test_student_output_contains_no_solution_text(student_build):
    html = student_build.html
    wanted = needles()
    assert len(wanted) >= 16  # every bank explanation plus the chapters' {solution} bodies
    assert find_solutions(html.parent, wanted) == []
    # the downloadable sources exist and are clean too
    sources = list((html / "_sources").rglob("*.ipynb")) + list((html / "_sources").rglob("*.md"))
    assert any(p.name == "membership-exercises.ipynb" for p in sources)
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert "{solution" not in text and se.MARKER not in text, path


@pytest.mark.build
def test_instructor_output_contains_every_solution(instructor_build):
    html = instructor_build.html
    text = "\n".join(page_text(raw) for raw in _pages(html).values())
    missing = [where for where, needle in needles() if normalize(needle) not in text]
    assert missing == []
    assert se.MARKER in (
        html / "chapters" / "04-challenges" / "membership-exercises.html"
    ).read_text("utf-8")
    key = page_text((html / "chapters" / "instructors.html").read_text("utf-8"))
    for _, explanation in bank_solutions():
        assert normalize(explanation) in key
    # stored outputs are the student view, in both editions' downloadable notebooks
    source = (
        html / "_sources" / "chapters" / "04-challenges" / "membership-exercises.ipynb"
    ).read_text("utf-8")
    assert se.MARKER not in source


@pytest.mark.build
def test_editions_differ_by_the_solutions_only(instructor_build, student_build):
    student_html = student_build.html
    teacher, student = _pages(instructor_build.html), _pages(student_html)
    assert sorted(teacher) == sorted(student)  # the same pages
    solution_texts = [normalize(n) for _, n in needles()]
    # the one sentence the student edition has instead of the answer key
    note = normalize("The answer key is not included in the student edition.")
    for page in teacher:
        if page in ("genindex.html", "search.html"):
            continue
        a = page_text(teacher[page]).split()
        b = page_text(student[page]).replace(note, " ").split()
        if a == b:
            continue
        matcher = difflib.SequenceMatcher(a=b, b=a, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            # the student edition has nothing that the instructor edition lacks ...
            assert op == "insert", (page, op, " ".join(b[i1:i2])[:200], " ".join(a[j1:j2])[:200])
            # ... and what the instructor edition has in addition is solution material
            extra = " ".join(a[j1:j2])
            assert any(extra in n or n[:60] in extra for n in solution_texts) or _inside_solution(
                teacher[page], extra
            ), (page, extra[:300])


def _inside_solution(raw: str, words: str) -> bool:
    """Whether ``words`` occur inside a sphinx-exercise solution or an aigov-solution block."""
    blocks = re.findall(
        r'<div class="[^"]*\bsolution\b[^"]*".*?</div>\s*</div>'
        r'|<details class="aigov-solution.*?</details>'
        r'|<div class="aigov-solution.*?</div>\s*</div>',
        raw,
        flags=re.S,
    )
    flat = " ".join(page_text(block) for block in blocks)
    return words in flat


def test_main_builds_with_the_student_flag_then_strips_and_restores(tmp_path, monkeypatch):
    """The command's flow without a real build: flag set for the build only, sources stripped."""
    from aigovbook.exercises import EDITION_ENV
    from tools import build as build_module

    seen = {}

    def fake_build(out, *extra, **options):
        seen["environment"] = os.environ.get(EDITION_ENV)
        seen["extra"] = extra
        seen["options"] = options
        html = Path(out) / "_build" / "html"
        (html / "_sources").mkdir(parents=True)
        (html / "_sources" / "page.md").write_text(MYST, encoding="utf-8")
        (html / "page.html").write_text("<p>Clean page.</p>", encoding="utf-8")
        log = "build succeeded."
        return build_module.BuildResult(html=html, log=log, returncode=0, seconds=0.1)

    monkeypatch.setattr(build_module, "build", fake_build)
    monkeypatch.delenv(EDITION_ENV, raising=False)
    assert se.main(["--out", str(tmp_path)]) == 0
    assert seen["options"]["edition"] == "student"
    assert seen["environment"] is None  # passed to the build, not set in this process
    derived = tmp_path / "_config.student.yml"
    assert seen["extra"][:2] == ("--config", str(derived))
    assert seen["options"]["reuse"] == ROOT  # the instructor build's cache, by default
    assert yaml.safe_load(derived.read_text(encoding="utf-8"))["sphinx"]["config"]["hide_solutions"]
    stripped = (tmp_path / "_build" / "html" / "_sources" / "page.md").read_text(encoding="utf-8")
    assert "forty-two" not in stripped and "Keep this too." in stripped


# -- code exercises (aigovbook.exercises.code): solutions in the instructor edition only ---------


def _code_solution_probes() -> list[tuple[str, str]]:
    """(id, a solution line without spaces) for every line the starter does not give."""
    from aigovbook.exercises.code import code_exercises

    given = "\n".join(item.starter_code() for item in code_exercises())
    return [
        (item.id, "".join(normalize(line).split()))
        for item in code_exercises()
        for line in item.solution.strip().splitlines()
        if len(line.strip()) > 25 and line.strip() not in given
    ]


@pytest.mark.build
def test_code_exercise_solutions_only_in_the_instructor_edition(instructor_build, student_build):
    student_html = student_build.html
    probes = _code_solution_probes()
    assert len({item for item, _ in probes}) >= 8
    for html, present in ((instructor_build.html, True), (student_html, False)):
        pages = [p for p in sorted(html.rglob("code-exercises.html")) if "_static" not in p.parts]
        assert len(pages) >= 4
        text = "".join("".join(page_text(p.read_text("utf-8")).split()) for p in pages)
        for item, probe in probes:
            assert (probe in text) is present, (str(html), item, probe)
    # the downloadable notebooks too
    for html, present in ((instructor_build.html, True), (student_html, False)):
        sources = sorted((html / "_sources").rglob("code-exercises.ipynb"))
        assert len(sources) >= 4
        flat = "".join(
            "".join(normalize(p.read_text("utf-8").replace("\\n", " ")).split()) for p in sources
        )
        for item, probe in probes:
            assert (probe.replace('"', '\\"') in flat) is present, (str(html), item, probe)


_SCRIPT_SRC = re.compile(r'<script\b[^>]*\bsrc="([^"]+)"[^>]*>')


def _vega_scripts(html: Path, page: Path) -> list[tuple[str, bool]]:
    """(script name, file exists) for the Vega scripts a built page loads, in order."""
    from aigovbook.book.chartscripts import VEGA_SCRIPTS

    names = {s.split("/")[-1] for s in VEGA_SCRIPTS}
    found = []
    for src in _SCRIPT_SRC.findall(page.read_text(encoding="utf-8")):
        path = src.split("?")[0]
        if path.split("/")[-1] in names:
            found.append((path.split("/")[-1], (page.parent / path).resolve().is_file()))
    return found


@pytest.mark.build
@pytest.mark.parametrize("edition", ["instructor", "student"])
def test_every_chart_page_loads_the_books_own_vega(request, edition):
    """Every page with a chart output loads the three Vega scripts the book
    serves, in order and from files that exist (relative to the page, at any
    folder depth); no other page loads them. The browser walks then draw the
    charts of one edition's pages, and of one student-edition page."""
    from aigovbook.book.chartscripts import VEGA_SCRIPTS, page_has_chart

    html = request.getfixturevalue(f"{edition}_build").html
    wanted = [(s.split("/")[-1], True) for s in VEGA_SCRIPTS]
    charted = 0
    for page in sorted(html.rglob("*.html")):
        if "_static" in page.parts or "reports" in page.parts:
            continue
        scripts = _vega_scripts(html, page)
        if page_has_chart(page.read_text(encoding="utf-8")):
            charted += 1
            assert scripts == wanted, (str(page.relative_to(html)), scripts)
        else:
            assert scripts == [], (str(page.relative_to(html)), scripts)
    assert charted >= 8
