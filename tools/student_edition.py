"""Build the student edition: the same book with every solution removed.

Usage::

    python tools/student_edition.py [--out DIR] [extra jupyter-book args]

(``./dev student`` runs it with the defaults.) The HTML lands in
``DIR/_build/html``; ``DIR`` defaults to ``_build/student``.

There is one source and one configuration. This script does not copy or
edit either: it

1. reads ``_config.yml`` and derives a configuration that differs in two
   keys only: ``sphinx.config.hide_solutions: true`` (sphinx-exercise drops
   every ``{solution}`` and gated ``{solution-start}``/``{solution-end}``
   block) and ``execute.execute_notebooks: force`` (every notebook is run
   again, see 2.). The derived file is written to ``DIR/_config.student.yml``;
2. builds the book strictly (``-W -n --keep-going``, through
   ``tools/build.py``) with ``--config DIR/_config.student.yml
   --path-output DIR`` and the environment variable
   ``AIGOVBOOK_EDITION=student``. ``aigovbook.exercises`` reads it: the
   exercise widgets then render without their solution toggles and the
   "For instructors" page without its answer key. (Worked solutions never
   enter the widgets' saved state in either edition; they are only made
   when a student clicks "Show solution" in a live kernel.);
3. strips solutions from the downloadable sources that Sphinx copies
   verbatim (``_sources/**/*.md`` and ``*.ipynb``, and the executed
   notebooks): ``{solution}`` blocks, gated solution blocks (also across
   notebook cells), cells tagged ``solution``, and outputs that carry a
   solution (the ``aigov-solution`` marker or any explanation from the
   exercise bank);
4. scans the whole output for solution text (every explanation in the
   exercise bank and a probe from every ``{solution}`` body in the
   chapters) and fails if any is left.

Exit status: 0 on success; 1 if the build had warnings or errors, or if
solution text was found in the output (each finding is printed).
"""

from __future__ import annotations

import argparse
import copy
import html
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

EDITION_ENV = "AIGOVBOOK_EDITION"  # the same name as aigovbook.exercises.EDITION_ENV
MARKER = "aigov-solution"
DEFAULT_OUT = ROOT / "_build" / "student"
TEXT_SUFFIXES = {".html", ".js", ".md", ".ipynb", ".txt", ".json"}


# --------------------------------------------------------------------------
# configuration
# --------------------------------------------------------------------------


def student_config(source: Path = ROOT / "_config.yml") -> dict:
    """``_config.yml`` with the student edition's two differences applied."""
    config = yaml.safe_load(source.read_text(encoding="utf-8"))
    derived = copy.deepcopy(config)
    derived.setdefault("sphinx", {}).setdefault("config", {})["hide_solutions"] = True
    derived.setdefault("execute", {})["execute_notebooks"] = "force"
    return derived


def config_difference(a: dict, b: dict, prefix: str = "") -> list[str]:
    """Dotted keys whose values differ between two nested configurations."""
    keys = set(a) | set(b)
    out = []
    for key in sorted(keys, key=str):
        left, right = a.get(key), b.get(key)
        name = f"{prefix}{key}"
        if isinstance(left, dict) and isinstance(right, dict):
            out += config_difference(left, right, name + ".")
        elif left != right:
            out.append(name)
    return out


# --------------------------------------------------------------------------
# finding and stripping solutions in sources
# --------------------------------------------------------------------------

_OPEN = re.compile(
    r"^(?P<indent>\s*)(?P<fence>`{3,}|:{3,})\{(?P<name>solution|solution-start|solution-end)\}"
)


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and set(stripped) == {fence[0]} and len(stripped) >= len(fence)


def _directive_blocks(lines: list[str]) -> Iterator[tuple[str, int, int]]:
    """``(name, first, last)`` line indexes of solution directives in MyST text."""
    i = 0
    while i < len(lines):
        match = _OPEN.match(lines[i])
        if not match:
            i += 1
            continue
        fence = match.group("fence")
        j = i + 1
        while j < len(lines) and not _closes(lines[j], fence):
            j += 1
        yield match.group("name"), i, min(j, len(lines) - 1)
        i = j + 1


def strip_myst(text: str, inside_gate: bool = False) -> tuple[str, bool]:
    """Remove ``{solution}`` blocks and gated solution regions from MyST text.

    Returns the stripped text and whether a gated region is still open at
    the end (notebooks continue it into the next cells).
    """
    lines = text.splitlines(keepends=True)
    drop = [inside_gate] * len(lines)
    gate = inside_gate
    blocks = list(_directive_blocks(lines))
    cursor = 0
    for name, first, last in blocks:
        for k in range(cursor, first):
            drop[k] = gate
        if name == "solution":
            for k in range(first, last + 1):
                drop[k] = True
        elif name == "solution-start":
            for k in range(first, last + 1):
                drop[k] = True
            gate = True
        else:  # solution-end
            for k in range(first, last + 1):
                drop[k] = True
            gate = False
        cursor = last + 1
    for k in range(cursor, len(lines)):
        drop[k] = gate
    return "".join(line for line, gone in zip(lines, drop, strict=True) if not gone), gate


def solution_bodies(text: str) -> list[str]:
    """Bodies (option lines removed) of ``{solution}`` and gated solution blocks."""
    lines = text.splitlines()
    bodies, gate_start = [], None
    for name, first, last in _directive_blocks(lines):
        if name == "solution":
            body = [ln for ln in lines[first + 1 : last] if not re.match(r"^\s*:[\w-]+:", ln)]
            bodies.append("\n".join(body))
        elif name == "solution-start":
            gate_start = last + 1
        elif name == "solution-end" and gate_start is not None:
            bodies.append("\n".join(lines[gate_start:first]))
            gate_start = None
    return [b for b in bodies if b.strip()]


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
    text = html.unescape(text)
    text = unicodedata.normalize("NFKC", text)
    text = (
        text.replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
    )
    text = text.replace("\u00a0", " ")
    return " ".join(text.split()).casefold()


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
                found_probe = probe(body)
                if found_probe:
                    found.append((f"{path.relative_to(root)} solution {n}", found_probe))
    return found


def _output_text(output: dict) -> str:
    parts = []
    for value in (output.get("data") or {}).values():
        parts.append("".join(value) if isinstance(value, list) else json.dumps(value))
    parts.append(
        "".join(output.get("text", "")) if isinstance(output.get("text"), (list, str)) else ""
    )
    return "\n".join(parts)


def strip_notebook(nb: dict, needles: Iterable[str]) -> dict:
    """A copy of notebook ``nb`` without solutions (see the module docstring)."""
    needles = [normalize(n) for n in needles if n]
    out = copy.deepcopy(nb)
    cells, gate = [], False
    for cell in out.get("cells", []):
        tags = set(cell.get("metadata", {}).get("tags", []))
        if "solution" in tags:
            continue
        if cell["cell_type"] == "markdown":
            original = (
                "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            )
            source, gate = strip_myst(original, gate)
            if not source.strip():
                continue
            if source != original:
                cell["source"] = source
        elif gate:
            continue
        if cell["cell_type"] == "code":
            outputs = cell.get("outputs", [])
            kept = [
                output
                for output in outputs
                if MARKER not in _output_text(output)
                and not any(n in normalize(_output_text(output)) for n in needles)
            ]
            if len(kept) != len(outputs):
                cell["outputs"] = kept
        cells.append(cell)
    out["cells"] = cells
    return out


def strip_sources(folder: Path, needles: Iterable[str]) -> list[Path]:
    """Strip solutions from every ``.md`` and ``.ipynb`` under ``folder``; return changed files."""
    needles = list(needles)
    changed = []
    for path in sorted(folder.rglob("*")):
        if path.suffix not in {".md", ".ipynb"} or not path.is_file():
            continue
        before = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            after, _ = strip_myst(before)
        else:
            after = (
                json.dumps(
                    strip_notebook(json.loads(before), needles), ensure_ascii=False, indent=1
                )
                + "\n"
            )
            if json.loads(after) == json.loads(before):
                after = before
        if after != before:
            path.write_text(after, encoding="utf-8")
            changed.append(path)
    return changed


def page_text(raw: str) -> str:
    """Visible-ish text of an HTML file (tags removed), normalized."""
    raw = re.sub(
        r"<script\b[^>]*>.*?</script>|<style\b[^>]*>.*?</style>", " ", raw, flags=re.S | re.I
    )
    return normalize(re.sub(r"<[^>]+>", " ", raw))


def find_solutions(folder: Path, needles: Iterable[tuple[str, str]]) -> list[str]:
    """Every place under ``folder`` where a solution needle or the marker occurs."""
    needles = [(where, normalize(text)) for where, text in needles if text and text.strip()]
    findings = []
    for path in sorted(folder.rglob("*")):
        if path.suffix not in TEXT_SUFFIXES or not path.is_file():
            continue
        raw = path.read_text(encoding="utf-8", errors="replace")
        if MARKER in raw:
            findings.append(f"{path.relative_to(folder)}: contains the {MARKER!r} marker")
        flat = page_text(raw) if path.suffix == ".html" else normalize(raw.replace("\\n", " "))
        flat_raw = normalize(raw.replace("\\n", " "))
        for where, needle in needles:
            if needle in flat or needle in flat_raw:
                findings.append(f"{path.relative_to(folder)}: contains the solution of {where}")
    return findings


def needles() -> list[tuple[str, str]]:
    """What must not appear in the student edition."""
    return bank_solutions() + chapter_solution_probes()


# --------------------------------------------------------------------------
# the command
# --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output folder (default: _build/student)"
    )
    args, extra = parser.parse_known_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    derived = out / "_config.student.yml"
    derived.write_text(
        "# Derived from _config.yml by tools/student_edition.py; do not edit.\n"
        + yaml.safe_dump(student_config(), sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    from build import build  # tools/build.py: strict build, reads the log and reports

    previous = os.environ.get(EDITION_ENV)
    os.environ[EDITION_ENV] = "student"  # read by the notebooks' kernels (they inherit it)
    try:
        # The student configuration forces execution (the kernels see the
        # edition), so filling the execution cache first would be wasted work.
        result = build(out, "--config", str(derived), *extra, pre_execute=False)
    finally:  # leave the calling process as it was (tests build both editions in one session)
        if previous is None:
            del os.environ[EDITION_ENV]
        else:
            os.environ[EDITION_ENV] = previous
    (out / "build.log").write_text(result.log, encoding="utf-8")
    status = 0
    problems = result.problems()
    if problems:
        print(result.log[-6000:])
        print(f"\nStudent edition build: {len(problems)} problem(s):", *problems, sep="\n  ")
        status = 1
    if not result.html.exists():
        return 1
    # Strip and check even after a failed build: never leave solutions behind.
    wanted = needles()
    stripped = strip_sources(result.html / "_sources", [text for _, text in wanted])
    executed = out / "_build" / "jupyter_execute"
    if executed.exists():
        stripped += strip_sources(executed, [text for _, text in wanted])
    leaks = find_solutions(out / "_build", wanted)
    if leaks:
        print("Solution text found in the student edition:", *leaks, sep="\n  ")
        return 1
    print(
        f"Student edition in {result.html} ({result.seconds:.0f} s): stripped solutions from "
        f"{len(stripped)} source file(s); checked {len(wanted)} solution texts: none left."
    )
    return status


if __name__ == "__main__":
    sys.exit(main())
