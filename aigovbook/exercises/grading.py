"""Grade the answer files students download from the book's "My progress" page.

Usage::

    python -m aigovbook.exercises.grading SUBMISSIONS_DIR --out OUT_DIR

(``./dev grade SUBMISSIONS_DIR --out OUT_DIR``.) Writes

- ``OUT_DIR/gradebook.csv``: one row per student, one column per question
  id (the score, 0 to 1; empty if not answered) and ``total``;
- ``OUT_DIR/questions.csv``: per question, how many answered it, the share
  correct and the most common wrong answers;
- ``OUT_DIR/report.html``: the same as a small self-contained page with a
  bar chart (inline SVG; no script, no third-party request).

Scores are recomputed from the answers with the book's own checkers
(:meth:`Exercise.safe_check`); the scores and states in a file are never
trusted. A bad file is skipped with one line naming it and the reason, and
the run goes on: not JSON, not an answer file, another book version, an
unknown question id, a parameter choice the question does not offer, a
student who already handed in a file (files are read in name order; the
first file of a student counts), or a recorded result that differs
from the recomputed one (an edited score). Exit status 0 when at least one
file was graded, 1 otherwise, 2 for a usage error.

The answer file (schema ``aigov-answers/1``)::

    {"schema": "aigov-answers/1", "book_version": "0.1.0+<bank hash>",
     "name": "optional", "student_id": "optional", "saved_at": "ISO time",
     "answers": {"Q4.2": {"params": {"member": "USA", "date": "2019-12-31"},
                          "answer": ["G20", "OECD"], "state": "partial",
                          "score": 0.5, "at": "ISO time"}, ...}}

``answer`` is what the page's checker read: an option key (multiple
choice), a list of keys (multiple select), the typed text (numeric), an
object item -> position (ordering) or item -> category (classification).
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .bank import BankError, entries
from .static import book_version

SCHEMA = "aigov-answers/1"
STATES = ("correct", "incorrect", "partial", "invalid")


def state_of(feedback: Any) -> str:
    if not feedback.valid:
        return "invalid"
    if feedback.correct:
        return "correct"
    return "partial" if feedback.score > 0 else "incorrect"


class Rejected(Exception):
    """A file that cannot be graded; the message says why."""


@dataclass
class Graded:
    file: str
    name: str
    student_id: str
    scores: dict[str, float] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)  # id -> shown answer (wrong ones)

    @property
    def student(self) -> str:
        return self.student_id or self.name or Path(self.file).stem


def _shown(answer: Any, params: dict[str, str]) -> str:
    text = (
        answer
        if isinstance(answer, str)
        else json.dumps(answer, ensure_ascii=False, sort_keys=True)
    )
    text = " ".join(str(text).split())[:80]
    return f"[{', '.join(params.values())}] {text}" if params else text


def read_submission(path: Path, bank: dict, version: str) -> Graded:
    """Check and grade one file; raise :class:`Rejected` with the reason."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise Rejected("not a text file") from None
    except json.JSONDecodeError as error:
        raise Rejected(f"not JSON ({error.msg}, line {error.lineno})") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise Rejected(f'not a book answer file (no "schema": "{SCHEMA}")')
    if data.get("book_version") != version:
        raise Rejected(
            f"answers for book version {data.get('book_version')!r}, not this book's {version!r}"
        )
    answers = data.get("answers")
    if not isinstance(answers, dict):
        raise Rejected('"answers" is not an object')
    unknown = [qid for qid in answers if qid not in bank]
    if unknown:
        raise Rejected(f"unknown question id(s): {', '.join(map(str, unknown[:5]))}")
    graded = Graded(
        path.name, str(data.get("name") or "").strip(), str(data.get("student_id") or "").strip()
    )
    for qid, record in answers.items():
        if not isinstance(record, dict) or "answer" not in record:
            raise Rejected(f"{qid}: no answer recorded")
        item = bank[qid]
        params = record.get("params") or {}
        if not isinstance(params, dict):
            raise Rejected(f'{qid}: "params" is not an object')
        try:
            exercise = item.build(**{str(k): str(v) for k, v in params.items()})
        except BankError as error:
            raise Rejected(f"{qid}: {error}") from None
        feedback = exercise.safe_check(record["answer"])
        if "score" in record and not _same(record["score"], feedback.score):
            raise Rejected(
                f"{qid}: recorded score {record['score']!r} is not the recomputed "
                f"{feedback.score:g} (edited?)"
            )
        if "state" in record and record["state"] != state_of(feedback):
            raise Rejected(
                f"{qid}: recorded state {record['state']!r} is not the recomputed "
                f"{state_of(feedback)!r} (edited?)"
            )
        graded.scores[qid] = feedback.score if feedback.valid else 0.0
        if not feedback.correct:
            graded.answers[qid] = _shown(
                record["answer"], {str(k): str(v) for k, v in params.items()}
            )
    return graded


def _same(recorded: Any, score: float) -> bool:
    try:
        return not isinstance(recorded, bool) and abs(float(recorded) - score) < 1e-9
    except (TypeError, ValueError):
        return False


def grade(folder: Path, out: Path, echo=print) -> int:
    """Grade every file in ``folder``; return how many were graded."""
    bank = {item.id: item for item in entries()}
    version = book_version()
    graded: list[Graded] = []
    seen: dict[str, str] = {}
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    for path in files:
        try:
            result = read_submission(path, bank, version)
            key = result.student.casefold()
            if key in seen:
                raise Rejected(f"student {result.student!r} already handed in {seen[key]}")
        except Rejected as reason:
            echo(f"skipped {path.name}: {reason}")
            continue
        seen[key] = path.name
        graded.append(result)
    out.mkdir(parents=True, exist_ok=True)
    ids = list(bank)
    with open(out / "gradebook.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "name", "student_id", "file", *ids, "total", "out_of"])
        for g in graded:
            writer.writerow(
                [g.student, g.name, g.student_id, g.file]
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
    with open(out / "questions.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["id"])
        writer.writeheader()
        writer.writerows(rows)
    (out / "report.html").write_text(report_html(rows, len(graded), version), encoding="utf-8")
    echo(
        f"graded {len(graded)} of {len(files)} file(s); "
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="./dev grade", description="Grade the answer files downloaded from the book."
    )
    parser.add_argument("submissions", type=Path, help="folder of answer files (JSON)")
    parser.add_argument("--out", type=Path, required=True, help="folder for the results")
    args = parser.parse_args(argv)
    if not args.submissions.is_dir():
        print(f"{args.submissions}: not a folder", file=sys.stderr)
        return 2
    return 0 if grade(args.submissions, args.out) else 1


if __name__ == "__main__":
    sys.exit(main())
