"""Generate the code exercises' notebooks from ``data/exercises.yaml``.

Usage: ``python -m tools.code_exercises`` (``./dev code-exercises``) writes and executes
``chapters/<part folder>/code-exercises.ipynb`` (the book's page of the part's code
exercises) and ``source/part<N>/part<N>.ipynb`` (the nbgrader source notebook) for
every part that has code exercises; ``--check`` exits 1 if a committed file is stale.
How the pages and sources are laid out is in the authors' architecture notes.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import nbformat

from aigovbook.exercises.code import CodeExercise, code_exercises
from tools import execute as executor
from tools.book import ROOT, relative

KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
LANGUAGE = {"name": "python", "pygments_lexer": "ipython3"}
NBGRADER_SCHEMA = 3
PAGE_NAME = "code-exercises.ipynb"  # in each part's folder


def parts() -> list[int]:
    return sorted({e.part for e in code_exercises()})


def part_folder(part: int) -> Path:
    """``chapters/02-why-govern`` for part 2 (from the exercises' pages)."""
    pages = {Path(e.page).parent for e in code_exercises(part)}
    if len(pages) != 1:
        raise ValueError(f"part {part}: exercises name pages in several folders: {sorted(pages)}")
    return pages.pop()


def book_path(part: int, root: Path = ROOT) -> Path:
    return root / part_folder(part) / PAGE_NAME


def source_path(part: int, root: Path = ROOT) -> Path:
    return root / "source" / f"part{part}" / f"part{part}.ipynb"


def _part_title(part: int, root: Path = ROOT) -> str:
    index = root / part_folder(part) / "index.md"
    for line in index.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return f"Part {part}"


def _code(source: str, tags: tuple[str, ...] = (), **metadata) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source.rstrip("\n"))
    if tags:
        cell.metadata["tags"] = list(tags)
    cell.metadata.update(metadata)
    return cell


def _md(source: str, **metadata) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_markdown_cell(source.rstrip("\n"))
    cell.metadata.update(metadata)
    return cell


def _notebook(cells: list) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = dict(LANGUAGE)
    nb.cells = cells
    for n, cell in enumerate(nb.cells):  # stable ids: regenerating changes nothing
        cell["id"] = f"cell-{n:03d}"
    return nb


def _check_call(item: CodeExercise) -> str:
    return f'check("{item.id}", {item.answer})'


# --------------------------------------------------------------------------
# the book's code-exercise page
# --------------------------------------------------------------------------


def book_notebook(part: int, root: Path = ROOT) -> nbformat.NotebookNode:
    """The code-exercise page of ``part``, not executed. A figure from data/facts.csv
    is written as the MyST role, which prints it with its source note."""
    items = code_exercises(part, form="myst")
    intro = (
        f"# Practice: code on the data ({_part_title(part, root)})\n\n"
        "Short exercises in Python on the same data as this part's charts. Each comes "
        "after the page that teaches what it needs. To work on them, open this page as a "
        "notebook (the launch button at the top: Binder or JupyterHub, or `./dev lab` "
        "locally), replace the `...` in each starter cell with your code, and run the check "
        "cell below it. The checker compares your answer with the one computed from the "
        "book's data and says what is wrong: a wrong type, a missing column, a value off by "
        "a factor of 100, a date on the wrong side of a boundary, and so on.\n\n"
        "Below, the check cells show what they say before anything is answered."
    )
    cells = [_md(intro), _code("from aigovbook.exercises.code import check", ("remove-output",))]
    for item in items:
        cells.append(
            _md(
                f"## {item.id} {item.title}\n\n"
                f"{item.lead_in}\n\n"
                f"```{{exercise}} {item.id}\n:label: {item.label}\n:nonumber:\n\n"
                f"{item.prompt}\n\n*Skill:* {item.skill}\n```"
            )
        )
        cells.append(_code(item.starter_code()))
        cells.append(_code(_check_call(item)))
        cells.append(
            _md(
                f"````{{solution}} {item.label}\n:class: dropdown\n\n"
                f"```python\n{item.solution_code().rstrip()}\n```\n\n"
                f"With this answer, the check cell prints `{item.id}: correct.`\n````"
            )
        )
    return _notebook(cells)


def execute(nb: nbformat.NotebookNode, path: Path) -> nbformat.NotebookNode:
    """Run the book notebook ``nb`` (to be saved at ``path``) with the book's one executor."""
    done = executor.execute(path, nb=nb)
    if done.error:
        raise RuntimeError(f"{relative(path)}: {done.error}")
    for cell in done.nb.cells:
        cell.metadata.pop("execution", None)
    return done.nb


# --------------------------------------------------------------------------
# nbgrader source notebooks
# --------------------------------------------------------------------------


def _nbgrader(grade_id: str, *, solution=False, grade=False, locked=False, points=None) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": NBGRADER_SCHEMA,
        "solution": solution,
        "task": False,
    }
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


_PAGE_LINK = re.compile(r"\[\]\(([\w-]+)\.ipynb\)")


def _plain_lead_in(item: CodeExercise) -> str:
    """The lead-in with book links as page names (nbgrader shows plain Jupyter)."""
    return _PAGE_LINK.sub(lambda m: f"the book's page *{m.group(1)}*", item.lead_in)


def source_notebook(part: int, root: Path = ROOT) -> nbformat.NotebookNode:
    """The nbgrader source notebook of ``part``."""
    items = code_exercises(part)
    total = sum(i.points for i in items)
    cells = [
        _md(
            f"# Part {part} code exercises ({_part_title(part, root)})\n\n"
            f"{len(items)} exercises, {total} points. Write your code in place of "
            "`# YOUR CODE HERE` / `raise NotImplementedError()` in each answer cell and run "
            "the test cell below it: it prints what the checker thinks of your answer. The "
            "grader runs more (hidden) tests. Restart the kernel and run all cells before "
            "you submit.",
            **_nbgrader(f"part{part}_intro", locked=True),
        ),
        _code(
            "from aigovbook.exercises.code import check, matches",
            **_nbgrader(f"part{part}_imports", locked=True),
        ),
    ]
    for item in items:
        cells.append(
            _md(
                f"## {item.id} {item.title} ({item.points} point{'s' * (item.points != 1)})\n\n"
                f"{item.prompt}\n\n*Skill:* {item.skill} *Where it is taught:* "
                f"{_plain_lead_in(item)}",
                **_nbgrader(f"{item.slug}_prompt", locked=True),
            )
        )
        answer = (
            item.setup.rstrip()
            + "\n\n### BEGIN SOLUTION\n"
            + item.solution.strip()
            + "\n### END SOLUTION"
        )
        cells.append(_code(answer, **_nbgrader(f"{item.slug}_answer", solution=True)))
        test = (
            f"# Test of {item.id}: prints the checker's feedback on your answer.\n"
            f"feedback = {_check_call(item)}\n"
            "print(feedback)\n"
            "assert feedback.well_formed, feedback\n"
            "### BEGIN HIDDEN TESTS\n"
            f'assert matches("{item.id}", {item.answer}), feedback\n'
            "### END HIDDEN TESTS"
        )
        cells.append(
            _code(
                test,
                **_nbgrader(f"{item.slug}_test", grade=True, locked=True, points=item.points),
            )
        )
    return _notebook(cells)


# --------------------------------------------------------------------------
# writing and checking
# --------------------------------------------------------------------------


def _write(nb: nbformat.NotebookNode, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n", "utf-8")


def _shape(nb: dict) -> list[tuple]:
    """What --check compares in a book notebook: cell types, sources and tags."""
    out = []
    for cell in nb["cells"]:
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        out.append((cell["cell_type"], source, tuple(cell.get("metadata", {}).get("tags", []))))
    return out


def stale(root: Path = ROOT) -> list[str]:
    """Committed files that differ from what the definitions give."""
    problems = []
    for part in parts():
        book = book_path(part, root)
        if not book.exists():
            problems.append(f"{book.relative_to(root)}: missing")
        elif _shape(json.loads(book.read_text("utf-8"))) != _shape(book_notebook(part, root)):
            problems.append(f"{book.relative_to(root)}: cells differ from the definitions")
        else:
            stored = json.loads(book.read_text("utf-8"))
            unexecuted = [
                n
                for n, c in enumerate(stored["cells"])
                if c["cell_type"] == "code" and c.get("execution_count") is None
            ]
            if unexecuted:
                problems.append(f"{book.relative_to(root)}: not executed (cells {unexecuted})")
        source = source_path(part, root)
        want = json.dumps(source_notebook(part, root), indent=1, ensure_ascii=False, sort_keys=True)
        if not source.exists():
            problems.append(f"{source.relative_to(root)}: missing")
        elif source.read_text("utf-8") != want + "\n":
            problems.append(f"{source.relative_to(root)}: differs from the definitions")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files")
    parser.add_argument(
        "--no-execute", action="store_true", help="write the book's notebooks without running them"
    )
    args = parser.parse_args(argv)
    if args.check:
        problems = stale()
        for problem in problems:
            print(problem)
        if problems:
            print("Regenerate with: ./dev code-exercises")
        return 1 if problems else 0
    for part in parts():
        nb = book_notebook(part)
        path = book_path(part)
        if not args.no_execute:
            nb = execute(nb, path)
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, path)  # as tools.execute writes it: ./dev execute changes nothing
        _write(source_notebook(part), source_path(part))
        print(f"part {part}: {path.relative_to(ROOT)}, {source_path(part).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
