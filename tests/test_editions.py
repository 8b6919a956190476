"""Instructor and student editions from one source (tools/student_edition.py).

The fast tests check the stripping and the derived configuration; the
``build`` tests build both editions and prove that the student output holds
no solution text, that the instructor output holds all of it, and that the
two differ by the solutions only.
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pytest
import student_edition as se
import yaml
from conftest import ROOT  # tests/conftest.py also puts tools/ on sys.path

# -- fast: configuration ----------------------------------------------------------------


def test_student_config_differs_in_two_keys_only():
    source = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    derived = se.student_config()
    assert se.config_difference(source, derived) == [
        "execute.execute_notebooks",
        "sphinx.config.hide_solutions",
    ]
    assert derived["sphinx"]["config"]["hide_solutions"] is True
    assert source["sphinx"]["config"].get("hide_solutions", False) is False  # default = instructor


def test_edition_variable_name_matches_the_package():
    from aigovbook.exercises import EDITION_ENV

    assert se.EDITION_ENV == EDITION_ENV


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

````{solution-start} ex-3
````

Gated secret text.

````{solution-end}
````

End.
"""


def test_strip_myst_removes_solutions_and_keeps_the_rest():
    stripped, open_gate = se.strip_myst(MYST)
    assert not open_gate
    for secret in ("forty-two", "Colon-fenced", "Gated secret", "solution"):
        assert secret not in stripped
    for kept in ("# Page", "Keep this.", "{exercise} A question", "Why?", "Keep this too.", "End."):
        assert kept in stripped


def test_solution_bodies_and_probes():
    bodies = se.solution_bodies(MYST)
    assert len(bodies) == 3
    assert "forty-two" in bodies[0] and ":label:" not in bodies[0]
    body = (
        "As {cite:t}`chengzeng2023` argue, *China* is a norm-taker in the OECD"
        " and a shaper in the G20 process."
    )
    found = se.probe(body)
    assert found == "is a norm-taker in the oecd and a shaper in the g20 process"
    assert se.probe("Too short.") is None


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


def test_strip_notebook_handles_gates_across_cells_tags_and_outputs():
    nb = _nb(
        [
            _md("# Title\n\n```{solution-start} ex\n```\n"),
            _code("secret_code()"),
            _md("```{solution-end}\n```\nAfter the gate."),
            _code("x = 1", tags=["solution"]),
            _code(
                "show()",
                outputs=[
                    _html('<details class="aigov-solution">worked</details>'),
                    _html("<b>widget</b>"),
                ],
            ),
            _code("print()", outputs=[_html("<p>The unique explanation text appears here.</p>")]),
        ]
    )
    out = se.strip_notebook(nb, ["The unique explanation text"])
    text = json.dumps(out)
    assert "secret_code" not in text and "x = 1" not in text and "worked" not in text
    assert "unique explanation" not in text
    assert "# Title" in text and "After the gate." in text and "<b>widget</b>" in text
    assert len(out["cells"]) == 4


def test_find_solutions_reports_marker_and_needles(tmp_path):
    (tmp_path / "a.html").write_text(
        "<p>The &quot;worked&quot; solution text.</p>", encoding="utf-8"
    )
    (tmp_path / "b.html").write_text('<div class="aigov-solution"></div>', encoding="utf-8")
    (tmp_path / "c.html").write_text("<p>Nothing here.</p>", encoding="utf-8")
    found = se.find_solutions(tmp_path, [("Q1.1", 'The "worked" solution text')])
    assert found == [
        "a.html: contains the solution of Q1.1",
        "b.html: contains the 'aigov-solution' marker",
    ]


def test_every_chapter_solution_has_a_probe():
    """Each {solution} in the chapters must be findable, or the build tests prove nothing."""
    bodies = []
    for path in sorted((ROOT / "chapters").rglob("*.md")):
        bodies += se.solution_bodies(path.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "chapters").rglob("*.ipynb")):  # e.g. the practice pages
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                bodies += se.solution_bodies("".join(cell["source"]))
    probes = se.chapter_solution_probes()
    assert len(probes) == len([b for b in bodies if se.probe(b)])
    assert len(probes) == len(bodies), "a {solution} body has no plain-text run of six words"


# -- slow: both editions built -------------------------------------------------------------------


@pytest.fixture(scope="session")
def student_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    status = se.main(["--out", str(out)])
    return status, out / "_build" / "html"


def _pages(html: Path) -> dict[str, str]:
    return {
        str(p.relative_to(html)): p.read_text(encoding="utf-8")
        for p in sorted(html.rglob("*.html"))
        if "_static" not in p.parts and "reports" not in p.parts
    }


@pytest.mark.build
def test_student_edition_builds_cleanly(student_build):
    status, html = student_build
    assert status == 0, (html.parent.parent / "build.log").read_text(encoding="utf-8")[-4000:]
    assert (html / "index.html").exists()


@pytest.mark.build
def test_student_output_contains_no_solution_text(student_build):
    _, html = student_build
    wanted = se.needles()
    assert len(wanted) >= 16  # every bank explanation plus the chapters' {solution} bodies
    assert se.find_solutions(html.parent, wanted) == []
    # the downloadable sources exist and are clean too
    sources = list((html / "_sources").rglob("*.ipynb")) + list((html / "_sources").rglob("*.md"))
    assert any(p.name == "membership-exercises.ipynb" for p in sources)
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert "{solution" not in text and se.MARKER not in text, path


@pytest.mark.build
def test_instructor_output_contains_every_solution(instructor_build):
    html = instructor_build.html
    text = "\n".join(se.page_text(raw) for raw in _pages(html).values())
    missing = [where for where, needle in se.needles() if se.normalize(needle) not in text]
    assert missing == []
    assert se.MARKER in (
        html / "chapters" / "04-challenges" / "membership-exercises.html"
    ).read_text("utf-8")
    key = se.page_text((html / "chapters" / "instructors.html").read_text("utf-8"))
    for _, explanation in se.bank_solutions():
        assert se.normalize(explanation) in key
    # the instructor's downloadable notebooks keep their solution toggles
    source = (
        html / "_sources" / "chapters" / "04-challenges" / "membership-exercises.ipynb"
    ).read_text("utf-8")
    assert se.MARKER in source


@pytest.mark.build
def test_editions_differ_by_the_solutions_only(instructor_build, student_build):
    _, student_html = student_build
    teacher, student = _pages(instructor_build.html), _pages(student_html)
    assert sorted(teacher) == sorted(student)  # the same pages
    needles = [se.normalize(n) for _, n in se.needles()]
    # the one sentence the student edition has instead of the answer key
    note = se.normalize("The answer key is not included in the student edition.")
    for page in teacher:
        if page in ("genindex.html", "search.html"):
            continue
        a = se.page_text(teacher[page]).split()
        b = se.page_text(student[page]).replace(note, " ").split()
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
            assert any(extra in n or n[:60] in extra for n in needles) or _inside_solution(
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
    flat = " ".join(se.page_text(block) for block in blocks)
    return words in flat


def test_main_builds_with_the_student_flag_then_strips_and_restores(tmp_path, monkeypatch):
    """The command's flow without a real build: flag set for the build only, sources stripped."""
    import build as build_module

    from aigovbook.exercises import EDITION_ENV

    seen = {}

    def fake_build(out, *extra, **options):
        seen["edition"] = se.os.environ.get(EDITION_ENV)
        seen["extra"] = extra
        html = Path(out) / "_build" / "html"
        (html / "_sources").mkdir(parents=True)
        (html / "_sources" / "page.md").write_text(MYST, encoding="utf-8")
        (html / "page.html").write_text("<p>Clean page.</p>", encoding="utf-8")
        log = (
            "[IPKernelApp] WARNING | Kernel is running over TCP without encryption.\n"
            "build succeeded."
        )
        return build_module.BuildResult(html=html, log=log, returncode=0, seconds=0.1)

    monkeypatch.setattr(build_module, "build", fake_build)
    monkeypatch.delenv(EDITION_ENV, raising=False)
    assert se.main(["--out", str(tmp_path)]) == 0
    assert seen["edition"] == "student"
    assert EDITION_ENV not in se.os.environ
    derived = tmp_path / "_config.student.yml"
    assert seen["extra"][:2] == ("--config", str(derived))
    assert yaml.safe_load(derived.read_text(encoding="utf-8"))["sphinx"]["config"]["hide_solutions"]
    stripped = (tmp_path / "_build" / "html" / "_sources" / "page.md").read_text(encoding="utf-8")
    assert "forty-two" not in stripped and "Keep this too." in stripped


# -- code exercises (aigovbook.practice): solutions in the instructor edition only ------------


def _code_solution_probes() -> list[tuple[str, str]]:
    """(id, a solution line without spaces) for every line the starter does not give."""
    from aigovbook.practice import code_exercises

    given = "\n".join(item.starter_code() for item in code_exercises())
    return [
        (item.id, "".join(se.normalize(line).split()))
        for item in code_exercises()
        for line in item.solution.strip().splitlines()
        if len(line.strip()) > 25 and line.strip() not in given
    ]


@pytest.mark.build
def test_code_exercise_solutions_only_in_the_instructor_edition(instructor_build, student_build):
    _, student_html = student_build
    probes = _code_solution_probes()
    assert len({item for item, _ in probes}) >= 8
    for html, present in ((instructor_build.html, True), (student_html, False)):
        pages = [p for p in sorted(html.rglob("practice.html")) if "_static" not in p.parts]
        assert len(pages) >= 4
        text = "".join("".join(se.page_text(p.read_text("utf-8")).split()) for p in pages)
        for item, probe in probes:
            assert (probe in text) is present, (str(html), item, probe)
    # the downloadable notebooks too
    for html, present in ((instructor_build.html, True), (student_html, False)):
        sources = sorted((html / "_sources").rglob("practice.ipynb"))
        assert len(sources) >= 4
        flat = "".join(
            "".join(se.normalize(p.read_text("utf-8").replace("\\n", " ")).split()) for p in sources
        )
        for item, probe in probes:
            assert (probe.replace('"', '\\"') in flat) is present, (str(html), item, probe)
