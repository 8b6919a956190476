"""Students' answer files: finding them (folders, Moodle and Canvas zips) and reading
one safely (size, nesting, text and zip limits), with scores recomputed by the book's
checkers. :mod:`.grading` grades with them; the limits are listed in its ``--help``."""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .bank import BankError

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
