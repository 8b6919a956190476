"""Grade the answer files students download from the book's "My progress" page.

Usage::

    python -m aigovbook.exercises.grading SUBMISSIONS --out OUT_DIR

(``./dev grade SUBMISSIONS --out OUT_DIR``.) ``SUBMISSIONS`` is a folder; its
sub-folders are read too, and so are zips in it, such as the "download all
submissions" zips of Moodle (one folder per student,
``Jane Doe_12345_assignsubmission_file/my-answers.json``) and Canvas (flat,
``doejane_12345_67890_my-answers.json``). Writes

- ``OUT_DIR/gradebook.csv``: one row per student, one column per question
  id (the score, 0 to 1; empty if not answered) and ``total``;
- ``OUT_DIR/questions.csv``: per question, how many answered it, the share
  correct and the most common wrong answers;
- ``OUT_DIR/report.html``: the same as a small self-contained page with a
  bar chart (inline SVG; no script, no third-party request).

The three files are written only when at least one file was graded, each to
a temporary file in ``OUT_DIR`` first and then moved into place, so that an
existing gradebook is never replaced by an empty or half-written one.

Scores are recomputed from the answers with the book's own checkers
(:meth:`Exercise.safe_check`); the scores and states in a file are never
trusted. A bad file is skipped with one line naming it (its path relative to
``SUBMISSIONS``; inside a zip, the zip's path and the member's) and the
reason, and the run goes on: not JSON, not an answer file, another book
version, an unknown question id, a parameter choice the question does not
offer, a student who already handed in a file, a recorded result that
differs from the recomputed one (an edited score), or a file beyond one of
the limits below. Files are read in the order of their relative paths; the
first file of a student counts.

Limits (a file beyond one is skipped, nothing else): a file or zip member of
at most 1 MB (``MAX_FILE_BYTES``); JSON nested at most 20 levels
(``MAX_DEPTH``); numbers at most 40 characters long (``MAX_NUMBER_CHARS``);
texts (names, ids, answers, any string) at most 1000 characters
(``MAX_TEXT_CHARS``). In a zip: at most 10,000 entries, a compression ratio of
at most 100:1 per member and 256 MB read in all; members with an absolute
path or ``..``, links, encrypted members and zips inside zips are not read.
Links (symbolic links) that lead outside ``SUBMISSIONS`` are refused; hidden
files and folders (name starting with ".") are not read.

Who a student is: the ``student_id`` in the file, else its ``name``, else the
name and number the LMS gave the submission (from the Moodle folder or the
Canvas file name), else the file name. Two files are from the same student
when these agree after Unicode NFKC normalisation, case folding and
collapsing runs of white space (and trimming it).

In ``gradebook.csv`` and ``questions.csv`` a text cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
apostrophe (OWASP's advice against CSV injection), so that a spreadsheet
shows it as text instead of running it as a formula; number cells (scores,
totals, counts) are left as numbers. Names, ids and file names printed to the
terminal have control characters shown escaped (``\\x1b``).

Exit status: 0 when at least one file was graded, 1 when none was (the
outputs are then left as they were), 2 for a usage error (no such folder,
``--out`` is a file, an output that cannot be written).

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
import codecs
import csv
import html
import io
import json
import os
import re
import stat
import sys
import tempfile
import textwrap
import unicodedata
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .bank import BankError, entries
from .static import book_version

SCHEMA = "aigov-answers/1"
STATES = ("correct", "incorrect", "partial", "invalid")

# Limits on what one submission may be; a file beyond one is skipped with a line.
MAX_FILE_BYTES = 1_048_576  # 1 MB (a real answer file is a few kB)
MAX_DEPTH = 20  # JSON nesting levels (a real file needs 4)
MAX_NUMBER_CHARS = 40  # characters in one JSON number
MAX_TEXT_CHARS = 1000  # characters in one string: a name, an id, an answer, a key
MAX_ZIP_MEMBERS = 10_000  # entries in one zip
MAX_ZIP_RATIO = 100  # uncompressed size / compressed size of one member
MAX_ZIP_READ_BYTES = 256 * 1_048_576  # bytes unpacked from one zip in all

# Cells a spreadsheet would run as a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# How the LMSs name what they put in their "download all submissions" zips.
# Moodle, mod/assign: "<full name>_<participant id>_assignsubmission_<plugin>"
# then "/" (4.x), "_/" (3.1 to 3.11) or "_<file name>" (download as folders off).
MOODLE_FOLDER = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assignsubmission_[a-z]+_?$")
MOODLE_FILE = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assignsubmission_[a-z]+_.")
# Canvas, lib/content_zipper.rb: "<sortable name, lower case, letters only>
# [_LATE]_<user id>_<attachment id>_<file name>", "anon_<id>" when anonymous.
CANVAS_ANONYMOUS = re.compile(r"^(?:LATE_)?(?P<id>anon_[A-Za-z0-9]+)_\d+_.")
CANVAS_FILE = re.compile(r"^(?P<name>[^\W_]*)_(?:LATE_)?(?P<id>\d+)_\d+_.")


def _mb(size: int) -> str:
    return f"{size / 1_048_576:g} MB"


def state_of(feedback: Any) -> str:
    if not feedback.valid:
        return "invalid"
    if feedback.correct:
        return "correct"
    return "partial" if feedback.score > 0 else "incorrect"


class Rejected(Exception):
    """A file that cannot be graded; the message says why."""


class UsageError(Exception):
    """The command cannot run as asked; the message says why (exit 2)."""


@dataclass
class Graded:
    file: str
    name: str
    student_id: str
    lms: str = ""  # the submitter as the LMS's zip names them
    scores: dict[str, float] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)  # id -> shown answer (wrong ones)

    @property
    def student(self) -> str:
        return self.student_id or self.name or self.lms or Path(self.file).stem


def identity(student: str) -> str:
    """The key two files of the same student share: NFKC, case folded, white space collapsed."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", student).casefold())
    return " ".join(folded.split())


def printable(text: str) -> str:
    """``text`` safe for a terminal: control and other invisible characters escaped."""
    return "".join(
        c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii")
        for c in text
    )


def brief(value: Any, limit: int = 60) -> str:
    """A value as it appears in a message: its repr, cut to ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cell(value: Any) -> str:
    """A text cell a spreadsheet shows as text (OWASP's leading apostrophe)."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _shown(answer: Any, params: dict[str, str]) -> str:
    text = (
        answer
        if isinstance(answer, str)
        else json.dumps(answer, ensure_ascii=False, sort_keys=True)
    )
    text = " ".join(str(text).split())[:80]
    return f"[{', '.join(params.values())}] {text}" if params else text


# --- reading one file -------------------------------------------------------

_SPECIAL = re.compile(r'[\\"\[\]{}]')  # what the nesting depends on: quotes, escapes, brackets


def _check_depth(text: str) -> None:
    """Raise :class:`Rejected` past ``MAX_DEPTH`` levels, before ``json`` recurses (linear)."""
    depth, in_string, escaped = 0, False, -1
    for match in _SPECIAL.finditer(text):
        at, char = match.start(), match.group()
        if at == escaped:
            continue
        if in_string:
            if char == "\\":
                escaped = at + 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise Rejected(f"nested more than {MAX_DEPTH} levels deep")
        elif char in "]}":
            depth -= 1


def _number(kind: Callable[[str], Any]) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        if len(text) > MAX_NUMBER_CHARS:
            raise Rejected(f"a number {len(text)} characters long (limit {MAX_NUMBER_CHARS})")
        return kind(text)

    return parse


def _no_constant(name: str) -> Any:
    raise Rejected(f"{name} is not a JSON number")


def _check_texts(data: Any) -> None:
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
            raise Rejected(f"a text {len(value)} characters long (limit {MAX_TEXT_CHARS})")


def parse_answer_file(raw: bytes) -> Any:
    """The JSON in ``raw``, within the limits; raise :class:`Rejected` otherwise."""
    if len(raw) > MAX_FILE_BYTES:
        raise Rejected(f"larger than the {_mb(MAX_FILE_BYTES)} limit ({len(raw):,} bytes)")
    try:
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = raw.decode("utf-16")  # Notepad's "Unicode"
        else:
            text = raw.decode("utf-8-sig")  # with or without a BOM
    except UnicodeDecodeError:
        raise Rejected("not a text file") from None
    _check_depth(text)
    try:
        data = json.loads(
            text,
            parse_int=_number(int),
            parse_float=_number(float),
            parse_constant=_no_constant,
        )
    except json.JSONDecodeError as error:
        raise Rejected(f"not JSON ({error.msg}, line {error.lineno})") from None
    except RecursionError:  # not reached with the depth check; a last guard
        raise Rejected(f"nested more than {MAX_DEPTH} levels deep") from None
    _check_texts(data)
    return data


def read_submission(raw: bytes, shown: str, bank: dict, version: str, lms: str = "") -> Graded:
    """Check and grade one file's bytes; raise :class:`Rejected` with the reason."""
    data = parse_answer_file(raw)
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise Rejected(f'not a book answer file (no "schema": "{SCHEMA}")')
    if data.get("book_version") != version:
        raise Rejected(
            f"answers for book version {brief(data.get('book_version'))}, "
            f"not this book's {version!r}"
        )
    answers = data.get("answers")
    if not isinstance(answers, dict):
        raise Rejected('"answers" is not an object')
    unknown = [qid for qid in answers if qid not in bank]
    if unknown:
        raise Rejected(f"unknown question id(s): {', '.join(brief(q) for q in unknown[:5])}")
    graded = Graded(
        shown,
        str(data.get("name") or "").strip(),
        str(data.get("student_id") or "").strip(),
        lms,
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
                f"{qid}: recorded score {brief(record['score'])} is not the recomputed "
                f"{feedback.score:g} (edited?)"
            )
        if "state" in record and record["state"] != state_of(feedback):
            raise Rejected(
                f"{qid}: recorded state {brief(record['state'])} is not the recomputed "
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
    except (TypeError, ValueError, OverflowError):
        return False


# --- finding the files ------------------------------------------------------


@dataclass
class Found:
    """One file to read (``load`` gives its bytes) or one thing refused (``problem``)."""

    shown: str
    load: Callable[[], bytes] | None = None
    problem: str = ""
    lms: str = ""


def lms_submitter(parts: tuple[str, ...]) -> str:
    """The submitter as a Moodle or Canvas download names them, from a file's path."""
    for folder in reversed(parts[:-1]):
        match = MOODLE_FOLDER.match(folder)
        if match:
            return f"{match['name']} ({match['id']})"
    name = parts[-1]
    match = MOODLE_FILE.match(name) or CANVAS_FILE.match(name)
    if match:
        return f"{match['name']} ({match['id']})" if match["name"] else match["id"]
    match = CANVAS_ANONYMOUS.match(name)
    return match["id"] if match else ""


def _read_path(path: Path) -> Callable[[], bytes]:
    def load() -> bytes:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise Rejected(f"larger than the {_mb(MAX_FILE_BYTES)} limit ({size:,} bytes)")
        with open(path, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)

    return load


def _walk(root: Path, skip: Path | None) -> list[tuple[tuple[str, ...], Path, str]]:
    """Every file under ``root`` (no recursion: any depth), with what is refused and why."""
    found: list[tuple[tuple[str, ...], Path, str]] = []
    stack: list[tuple[Path, tuple[str, ...]]] = [(root, ())]
    while stack:
        folder, parts = stack.pop()
        try:
            listing = list(os.scandir(folder))
        except OSError as error:
            found.append((parts, folder, f"folder cannot be read ({error.strerror})"))
            continue
        for entry in listing:
            sub, path = (*parts, entry.name), Path(entry.path)
            if entry.name.startswith("."):
                found.append((sub, path, "hidden, not read"))
            elif entry.is_symlink():
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError):
                    found.append((sub, path, "a broken link"))
                    continue
                if not target.is_relative_to(root):
                    found.append((sub, path, "a link to outside the folder: refused"))
                elif target.is_dir():
                    found.append((sub, path, "a link to a folder: not followed"))
                elif target.is_file():
                    found.append((sub, path, ""))
                else:
                    found.append((sub, path, "not a regular file"))
            elif entry.is_dir(follow_symlinks=False):
                if skip is not None and path.resolve() == skip:
                    found.append((sub, path, "the output folder, not read"))
                else:
                    stack.append((path, sub))
            elif entry.is_file(follow_symlinks=False):
                found.append((sub, path, ""))
            else:
                found.append((sub, path, "not a regular file"))
    return sorted(found)


def _member_problem(info: zipfile.ZipInfo) -> str:
    name = info.filename
    parts = name.replace("\\", "/").split("/")
    if (
        name.startswith(("/", "\\"))
        or re.match(r"^[A-Za-z]:", name)
        or ".." in parts
        or "\x00" in name
    ):
        return "an unsafe path (absolute or with ..): not read"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "a link inside the zip: not read"
    if any(p.startswith(".") or p == "__MACOSX" for p in parts):
        return "hidden, not read"
    if name.casefold().endswith(".zip"):
        return "a zip inside a zip: not read (unzip it into the folder first)"
    if info.flag_bits & 0x1:
        return "encrypted: not read"
    if info.file_size > MAX_FILE_BYTES:
        return f"larger than the {_mb(MAX_FILE_BYTES)} limit ({info.file_size:,} bytes)"
    if info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
        ratio = info.file_size // max(info.compress_size, 1)
        return f"a compression ratio of {ratio}:1 (limit {MAX_ZIP_RATIO}:1): not read"
    return ""


def _zip_members(path: Path, shown: str, parts: tuple[str, ...]) -> Iterator[Found]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        yield Found(shown, problem=f"not a zip that can be read ({error})")
        return
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            yield Found(shown, problem=f"a zip with {len(infos)} entries (limit {MAX_ZIP_MEMBERS})")
            return
        budget = MAX_ZIP_READ_BYTES
        for info in sorted(infos, key=lambda i: i.filename):
            if info.is_dir():
                continue
            member = f"{shown}/{info.filename}"
            problem = _member_problem(info)
            if not problem and info.file_size > budget:
                problem = f"not read: {_mb(MAX_ZIP_READ_BYTES)} already read from this zip"
            if problem:
                yield Found(member, problem=problem)
                continue
            try:
                with archive.open(info) as handle:
                    raw = handle.read(MAX_FILE_BYTES + 1)
            except (
                zipfile.BadZipFile,
                zlib.error,
                NotImplementedError,
                RuntimeError,
                OSError,
                EOFError,
                ValueError,
            ) as error:
                yield Found(member, problem=f"cannot be unpacked ({error})")
                continue
            budget -= len(raw)
            member_parts = (*parts, *info.filename.split("/"))
            yield Found(member, load=lambda raw=raw: raw, lms=lms_submitter(member_parts))


def find_files(root: Path, skip: Path | None = None) -> Iterator[Found]:
    """What ``grade`` reads, in the order of relative paths: files, zip members, refusals."""
    for parts, path, problem in _walk(root, skip):
        shown = "/".join(parts)
        if problem:
            yield Found(shown, problem=problem)
        elif path.suffix.casefold() == ".zip":
            yield from _zip_members(path, shown, parts)
        else:
            yield Found(shown, load=_read_path(path), lms=lms_submitter(parts))


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
