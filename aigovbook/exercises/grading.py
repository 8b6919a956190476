"""Grade the answer files students download from the book's "My progress" page.

Usage: ``python -m aigovbook.exercises.grading SUBMISSIONS --out OUT_DIR`` (``./dev grade``).
Reads every answer file in SUBMISSIONS (sub-folders and LMS zips too, see
:mod:`.answerfiles`), recomputes each score with the book's checkers, and writes
``gradebook.csv``, ``questions.csv`` and ``report.html`` to OUT_DIR, all or nothing.
Exit status: 0 graded, 1 nothing graded, 2 usage error. The rules (limits, who a
student is, CSV cells) are in ``--help`` and in the authors' architecture notes.
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import os
import sys
import tempfile
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

from .answerfiles import (  # noqa: F401  (re-exported: the grading API)
    CANVAS_ANONYMOUS,
    CANVAS_FILE,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NUMBER_CHARS,
    MAX_TEXT_CHARS,
    MAX_ZIP_MEMBERS,
    MAX_ZIP_RATIO,
    MAX_ZIP_READ_BYTES,
    MOODLE_FILE,
    MOODLE_FOLDER,
    SCHEMA,
    STATES,
    Found,
    Graded,
    Rejected,
    _mb,
    brief,
    find_files,
    identity,
    lms_submitter,
    parse_answer_file,
    printable,
    read_submission,
    state_of,
)
from .bank import entries
from .quiz.static import book_version

# Cells a spreadsheet would run as a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class UsageError(Exception):
    """The command cannot run as asked; the message says why (exit 2)."""


def cell(value: Any) -> str:
    """A text cell a spreadsheet shows as text (OWASP's leading apostrophe)."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


# --- grading and writing ----------------------------------------------------


def _write_all(out: Path, texts: dict[str, str]) -> None:
    """Write every output to a temporary file in ``out``, then move them all into place."""
    mask = os.umask(0)
    os.umask(mask)
    temporary: dict[str, str] = {}
    try:
        for name, text in texts.items():
            handle, temp = tempfile.mkstemp(dir=out, prefix=f".{name}.", suffix=".tmp")
            temporary[name] = temp
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temp, 0o666 & ~mask)
        for name, temp in temporary.items():
            os.replace(temp, out / name)
    finally:
        for temp in temporary.values():
            if os.path.exists(temp):
                os.unlink(temp)


def _csv(rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def grade(folder: Path, out: Path, echo=print) -> int:
    """Grade every file under ``folder``; return how many were graded.

    The outputs in ``out`` are written (and replaced) only when that is at least one.
    """

    def say(line: str) -> None:
        echo(printable(line))

    root = folder.resolve()
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: is a file, not a folder")
    bank = {item.id: item for item in entries()}
    version = book_version()
    graded: list[Graded] = []
    seen: dict[str, str] = {}
    count = 0
    for found in find_files(root, skip=out.resolve()):
        count += 1
        try:
            if found.problem:
                raise Rejected(found.problem)
            try:
                raw = found.load() if found.load else b""
            except OSError as error:
                raise Rejected(f"cannot be read ({error.strerror or error})") from None
            result = read_submission(raw, found.shown, bank, version, found.lms)
            key = identity(result.student)
            if key in seen:
                raise Rejected(f"student {brief(result.student)} already handed in {seen[key]}")
        except Rejected as reason:
            say(f"skipped {found.shown}: {reason}")
            continue
        except Exception as error:  # noqa: BLE001 - one file must never stop the others
            say(f"skipped {found.shown}: could not be graded ({type(error).__name__}: {error})")
            continue
        seen[key] = found.shown
        graded.append(result)
    if not graded:
        say(f"nothing graded ({count} file(s) read); {out} left as it was")
        return 0
    ids = list(bank)
    gradebook = [["student", "name", "student_id", "file", *ids, "total", "out_of"]]
    for g in graded:
        gradebook.append(
            [cell(g.student), cell(g.name), cell(g.student_id), cell(g.file)]
            + [f"{g.scores[i]:.3g}" if i in g.scores else "" for i in ids]
            + [f"{sum(g.scores.values()):.3g}", len(ids)]
        )
    rows = []
    for qid in ids:
        answered = [g for g in graded if qid in g.scores]
        right = sum(1 for g in answered if g.scores[qid] >= 1)
        wrong = Counter(g.answers[qid] for g in answered if qid in g.answers)
        rows.append(
            {
                "id": qid,
                "title": str(bank[qid].spec["title"]),
                "answered": len(answered),
                "correct": right,
                "share_correct": f"{right / len(answered):.2f}" if answered else "",
                "common_wrong_answers": " | ".join(f"{a} ({n})" for a, n in wrong.most_common(3)),
            }
        )
    text_columns = ("id", "title", "common_wrong_answers")
    questions = [list(rows[0]) if rows else ["id"]] + [
        [cell(v) if k in text_columns else v for k, v in row.items()] for row in rows
    ]
    texts = {
        "gradebook.csv": _csv(gradebook),
        "questions.csv": _csv(questions),
        "report.html": report_html(rows, len(graded), version),
    }
    try:
        out.mkdir(parents=True, exist_ok=True)
        _write_all(out, texts)
    except OSError as error:
        raise UsageError(f"--out {out}: cannot write the results ({error})") from None
    say(
        f"graded {len(graded)} of {count} file(s); "
        f"wrote {out}/gradebook.csv, questions.csv, report.html"
    )
    return len(graded)


def report_html(rows: list[dict], students: int, version: str) -> str:
    """A self-contained page: an inline SVG bar chart of the share correct, then the table."""
    bar_h, gap, left, width = 22, 6, 70, 420
    height = len(rows) * (bar_h + gap) + 30
    bars = []
    for n, row in enumerate(rows):
        share = float(row["share_correct"] or 0)
        y = n * (bar_h + gap)
        bars.append(
            f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">{html.escape(row["id"])}</text>'
            f'<rect x="{left}" y="{y}" width="{share * width:.1f}" height="{bar_h}" fill="#0072B2">'
            f"<title>{html.escape(row['id'])}: {share:.0%} correct</title></rect>"
            f'<text x="{left + share * width + 6:.1f}" y="{y + 15}">'
            f"{share:.0%} of {row['answered']}</text>"
        )
    axis = len(rows) * (bar_h + gap) + 14
    description = "; ".join(f"{r['id']} {float(r['share_correct'] or 0):.0%}" for r in rows)
    table = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row.values()) + "</tr>"
        for row in rows
    )
    head = "".join(f'<th scope="col">{html.escape(k)}</th>' for k in (rows[0] if rows else {}))
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Exercise report</title><style>body{font-family:sans-serif;max-width:60em;"
        "margin:1em auto;padding:0 1em;color:#222}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:.2em .4em;text-align:left;vertical-align:top}"
        "svg text{font-size:13px;fill:#222}</style></head><body>"
        f"<h1>Exercise report</h1><p>{students} student(s) graded; book version "
        f"{html.escape(version)}. Scores were recomputed from the answers.</p>"
        "<h2>Share of students who answered each question correctly</h2>"
        f'<svg role="img" aria-labelledby="chart-desc" '
        f'width="{left + width + 90}" height="{height}" '
        f'viewBox="0 0 {left + width + 90} {height}">'
        f'<desc id="chart-desc">Bar chart, share correct per question: '
        f"{html.escape(description)}.</desc>"
        + "".join(bars)
        + f'<line x1="{left}" y1="{axis - 10}" x2="{left + width}" y2="{axis - 10}" stroke="#222"/>'
        f'<text x="{left}" y="{axis + 6}">0%</text><text x="{left + width}" y="{axis + 6}" '
        'text-anchor="end">100%</text></svg>'
        f"<h2>Questions</h2><table><thead><tr>{head}</tr></thead><tbody>{table}</tbody></table>"
        "</body></html>\n"
    )


def help_epilog() -> str:
    """The end of ``--help``: what is read, the limits, the formula rule, the exit codes."""
    paragraphs = [
        "Sub-folders are read, and zips in them (Moodle's and Canvas's \"download all "
        'submissions" zips). Each file that cannot be graded is skipped with one line that '
        "names it and says why; the others are graded.",
        f"Limits per file: {_mb(MAX_FILE_BYTES)} ({MAX_FILE_BYTES:,} bytes); JSON nested at "
        f"most {MAX_DEPTH} levels; numbers at most {MAX_NUMBER_CHARS} characters long; texts "
        f"(names, ids, answers) at most {MAX_TEXT_CHARS} characters. Per zip: at most "
        f"{MAX_ZIP_MEMBERS:,} entries, a compression ratio of at most {MAX_ZIP_RATIO}:1 per "
        f"member, {_mb(MAX_ZIP_READ_BYTES)} read in all; members with an absolute or "
        '".." path, links and zips inside the zip are not read. Links that lead outside '
        "the folder are refused.",
        "In the CSV files a text cell that starts with = + - @ a tab or a carriage return "
        "gets a leading ' so that a spreadsheet shows it as text, not as a formula "
        "(numbers are left as they are).",
    ]
    return "\n\n".join(textwrap.fill(p, 78, break_on_hyphens=False) for p in paragraphs) + (
        "\n\nExit status:\n"
        "  0  at least one file graded (the results in OUT were written)\n"
        "  1  nothing graded (OUT left as it was)\n"
        "  2  usage error (no such folder, --out is a file, OUT cannot be written)\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="./dev grade",
        description="Grade the answer files downloaded from the book.",
        epilog=help_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "submissions", type=Path, help="folder of answer files (JSON), sub-folders and zips"
    )
    parser.add_argument("--out", type=Path, required=True, help="folder for the results")
    args = parser.parse_args(argv)
    if not args.submissions.is_dir():
        print(printable(f"{args.submissions}: not a folder"), file=sys.stderr)
        return 2
    try:
        return 0 if grade(args.submissions, args.out) else 1
    except UsageError as error:
        print(printable(str(error)), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
