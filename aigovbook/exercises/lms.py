"""Export the exercise bank to learning-management systems.

Usage::

    python -m aigovbook.exercises.lms --out OUT_DIR

(``./dev export-quiz --out OUT_DIR``.) Writes

- ``OUT_DIR/aigov-quiz.moodle.xml``: Moodle XML (import in a course's
  question bank: Question bank > Import > Moodle XML format);
- ``OUT_DIR/aigov-quiz.qti.zip``: an IMS QTI 1.2 package as Canvas imports
  it (Settings > Import course content > QTI .zip file).

The writers are our own (the standard library's ``xml.etree``), not
text2qti: text2qti reads its own Markdown dialect, has no matching
questions (needed for ordering and classification) and would add a
dependency; both formats are small and documented.

Mapping of the bank's kinds (Moodle type / Canvas question type):

=================  ==========================  ============================
bank kind          Moodle                      Canvas (QTI 1.2)
=================  ==========================  ============================
multiple choice    ``multichoice`` (single)    ``multiple_choice_question``
multiple select    ``multichoice`` (multiple;  ``multiple_answers_question``
                   right options share +100%,
                   wrong ones share -100%)
numeric            ``numerical`` (tolerance,   ``numerical_question`` (exact
                   unit, targeted mistakes)    answer with margin)
ordering           ``matching`` (item ->       ``matching_question`` (item ->
                   position "1st", "2nd" ...)  position)
classification     ``matching`` (item ->       ``matching_question`` (item ->
                   category)                   category)
=================  ==========================  ============================

Neither LMS has a core ordering or drag-into-category type that both import,
so ordering and classification become matching questions: the closest
standard type, graded per item as in the book. Per-option explanations
become per-answer feedback, the hint a hint (Moodle) and the worked
solution the general feedback. An exercise whose parameters the student
chooses in the book (country, date) becomes one question per choice, named
``"Q4.2 [United States, 31 December 2019]"``, gathered in a category (Moodle)
or section (Canvas) of its own so that a quiz can draw one at random.

The export holds the worked solutions: it is for instructors, never for the
student edition.
"""

from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from .bank import Entry, entries, param_label, parameter_grid
from .kinds import Classification, Exercise, MultipleChoice, MultipleSelect, Numeric, Ordering
from .static import book_version

MOODLE_FILE = "aigov-quiz.moodle.xml"
QTI_FILE = "aigov-quiz.qti.zip"
ORDINALS = ["1st", "2nd", "3rd"] + [f"{n}th" for n in range(4, 21)]


#: The bank kinds the exports know; entries of any other kind (added later) are left out.
KINDS = ("multiple_choice", "multiple_select", "numeric", "ordering", "classification")


def exportable(items: list[Entry] | None = None) -> list[Entry]:
    return [i for i in (items if items is not None else entries()) if i.spec["kind"] in KINDS]


def variants(item: Entry) -> list[tuple[str, dict[str, str], Exercise]]:
    """``(name, params, exercise)`` for every choice of an entry (one if it has none)."""
    out = []
    for combo in parameter_grid(item) if item.params else [{}]:
        name = f"{item.id} {item.spec['title']}"
        if combo:
            name = f"{item.id} [{', '.join(param_label(n, v) for n, v in combo.items())}]"
        out.append((name, combo, item.build(**combo)))
    return out


#: The grade fractions Moodle accepts (percent); others are refused on import.
MOODLE_FRACTIONS = (
    100,
    90,
    83.33333,
    80,
    75,
    70,
    66.66667,
    60,
    50,
    40,
    33.33333,
    30,
    25,
    20,
    16.66667,
    14.28571,
    12.5,
    11.11111,
    10,
    5,
    0,
)


def _fraction(share: float, moodle: bool = False) -> str:
    if moodle:  # the nearest accepted value, keeping the sign
        share = (1 if share >= 0 else -1) * min(MOODLE_FRACTIONS, key=lambda f: abs(f - abs(share)))
    return f"{share:.5f}".rstrip("0").rstrip(".")


def _text(parent: ET.Element, tag: str, value: str, fmt: str | None = None) -> ET.Element:
    node = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(node, "text").text = value
    return node


def _html(text: str) -> str:
    import html

    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in text.split("\n\n") if p.strip())


# ---------------------------------------------------------------- Moodle


def moodle_question(name: str, ex: Exercise, idnumber: str = "") -> ET.Element:
    kind = {
        MultipleChoice: "multichoice",
        MultipleSelect: "multichoice",
        Numeric: "numerical",
        Ordering: "matching",
        Classification: "matching",
    }[type(ex)]
    q = ET.Element("question", {"type": kind})
    _text(q, "name", name)
    _text(q, "questiontext", _html(ex.prompt), "html")
    _text(q, "generalfeedback", _html(ex.solution()), "html")
    ET.SubElement(q, "defaultgrade").text = "1"
    ET.SubElement(q, "idnumber").text = idnumber
    if isinstance(ex, (MultipleChoice, MultipleSelect)):
        single = isinstance(ex, MultipleChoice)
        ET.SubElement(q, "single").text = "true" if single else "false"
        ET.SubElement(q, "shuffleanswers").text = "true"
        ET.SubElement(q, "answernumbering").text = "abc"
        right = {ex.answer} if single else set(ex.answer)
        options = [(o.key, o.label) for o in ex.options]
        if not single and not right:  # "none of them" is right: say so as an option
            options.append(("__none__", "None of these"))
            right = {"__none__"}
        wrong = [k for k, _ in options if k not in right]
        for key, label in options:
            if key in right:
                share = 100 if single else 100 / len(right)
            else:
                share = 0 if single else -100 / len(wrong)
            a = ET.SubElement(q, "answer", {"fraction": _fraction(share, True), "format": "html"})
            ET.SubElement(a, "text").text = _html(label)
            _text(a, "feedback", ex.why.get(key, "") if hasattr(ex, "why") else "", "html")
    elif isinstance(ex, Numeric):
        a = ET.SubElement(q, "answer", {"fraction": "100", "format": "moodle_auto_format"})
        ET.SubElement(a, "text").text = repr(float(ex.answer))
        ET.SubElement(a, "tolerance").text = repr(float(ex.tolerance))
        _text(a, "feedback", "Correct.", "html")
        for value, tolerance, message in ex.mistakes:
            m = ET.SubElement(q, "answer", {"fraction": "0", "format": "moodle_auto_format"})
            ET.SubElement(m, "text").text = repr(float(value))
            ET.SubElement(m, "tolerance").text = repr(float(tolerance))
            _text(m, "feedback", _html(message), "html")
        if ex.unit:
            units = ET.SubElement(q, "units")
            unit = ET.SubElement(units, "unit")
            ET.SubElement(unit, "multiplier").text = "1"
            ET.SubElement(unit, "unit_name").text = ex.unit
            ET.SubElement(q, "unitgradingtype").text = "0"  # a unit is optional, as in the book
            ET.SubElement(q, "showunits").text = "3"  # no unit box; the unit is in the text
            ET.SubElement(q, "unitsleft").text = "0"
    else:
        ET.SubElement(q, "shuffleanswers").text = "true"
        if isinstance(ex, Ordering):
            pairs = [(o.label, ORDINALS[i]) for i, o in enumerate(ex.options)]
        else:
            pairs = [(o.label, ex.answer[o.key]) for o in ex.options]
            used = {c for _, c in pairs}
            pairs += [("", c) for c in ex.categories if c not in used]  # distractor categories
        for label, answer in pairs:
            sub = ET.SubElement(q, "subquestion", {"format": "html"})
            ET.SubElement(sub, "text").text = _html(label) if label else ""
            _text(sub, "answer", answer)
    if ex.hint:
        _text(q, "hint", _html(ex.hint), "html")
    return q


def moodle_xml(items: list[Entry] | None = None) -> bytes:
    quiz = ET.Element("quiz")
    quiz.append(ET.Comment(f" China and Global AI Governance, book version {book_version()} "))
    for item in exportable(items):
        found = variants(item)
        category = f"$course$/China and Global AI Governance/Part {item.spec['chapter']}"
        if item.params:
            category += f"/{item.id} (one variant per choice)"
        c = ET.SubElement(quiz, "question", {"type": "category"})
        _text(c, "category", category)
        for n, (name, _, ex) in enumerate(found):
            quiz.append(moodle_question(name, ex, f"{item.id}-{n + 1}" if item.params else item.id))
    ET.indent(quiz)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="utf-8")


# ------------------------------------------------------------ QTI (Canvas)


def _meta(item: ET.Element, fields: dict[str, str]) -> None:
    md = ET.SubElement(ET.SubElement(item, "itemmetadata"), "qtimetadata")
    for label, entry in fields.items():
        f = ET.SubElement(md, "qtimetadatafield")
        ET.SubElement(f, "fieldlabel").text = label
        ET.SubElement(f, "fieldentry").text = entry


def _mattext(parent: ET.Element, text: str) -> None:
    mat = ET.SubElement(parent, "material")
    ET.SubElement(mat, "mattext", {"texttype": "text/html"}).text = text


def _feedback(item: ET.Element, ident: str, text: str) -> None:
    fb = ET.SubElement(item, "itemfeedback", {"ident": ident})
    _mattext(ET.SubElement(fb, "flow_mat"), _html(text))


def qti_item(ident: str, name: str, ex: Exercise) -> ET.Element:
    qtype = {
        MultipleChoice: "multiple_choice_question",
        MultipleSelect: "multiple_answers_question",
        Numeric: "numerical_question",
        Ordering: "matching_question",
        Classification: "matching_question",
    }[type(ex)]
    item = ET.Element("item", {"ident": ident, "title": name})
    _meta(item, {"question_type": qtype, "points_possible": "1", "original_answer_ids": ""})
    pres = ET.SubElement(item, "presentation")
    _mattext(pres, _html(ex.prompt))
    proc = ET.SubElement(item, "resprocessing")
    outcomes = ET.SubElement(proc, "outcomes")
    ET.SubElement(
        outcomes,
        "decvar",
        {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"},
    )
    if isinstance(ex, (MultipleChoice, MultipleSelect)):
        single = isinstance(ex, MultipleChoice)
        resp = ET.SubElement(
            pres,
            "response_lid",
            {"ident": "response1", "rcardinality": "Single" if single else "Multiple"},
        )
        choices = ET.SubElement(resp, "render_choice")
        for o in ex.options:
            label = ET.SubElement(choices, "response_label", {"ident": o.key})
            _mattext(label, o.label)
        right = {ex.answer} if single else set(ex.answer)
        for o in ex.options:  # per-answer feedback
            if ex.why.get(o.key):
                cond = ET.SubElement(proc, "respcondition", {"continue": "Yes"})
                ET.SubElement(
                    ET.SubElement(cond, "conditionvar"), "varequal", {"respident": "response1"}
                ).text = o.key
                ET.SubElement(
                    cond,
                    "displayfeedback",
                    {"feedbacktype": "Response", "linkrefid": f"{o.key}_fb"},
                )
        cond = ET.SubElement(proc, "respcondition", {"continue": "No"})
        var = ET.SubElement(cond, "conditionvar")
        if single:
            ET.SubElement(var, "varequal", {"respident": "response1"}).text = ex.answer
        else:
            both = ET.SubElement(var, "and")
            for o in ex.options:
                target = both if o.key in right else ET.SubElement(both, "not")
                ET.SubElement(target, "varequal", {"respident": "response1"}).text = o.key
        ET.SubElement(cond, "setvar", {"action": "Set", "varname": "SCORE"}).text = "100"
        for o in ex.options:
            if ex.why.get(o.key):
                _feedback(item, f"{o.key}_fb", ex.why[o.key])
    elif isinstance(ex, Numeric):
        resp = ET.SubElement(pres, "response_str", {"ident": "response1", "rcardinality": "Single"})
        ET.SubElement(resp, "render_fib", {"fibtype": "Decimal"})
        cond = ET.SubElement(proc, "respcondition", {"continue": "No"})
        var = ET.SubElement(cond, "conditionvar")
        ET.SubElement(var, "vargte", {"respident": "response1"}).text = repr(
            ex.answer - ex.tolerance
        )
        ET.SubElement(var, "varlte", {"respident": "response1"}).text = repr(
            ex.answer + ex.tolerance
        )
        ET.SubElement(cond, "setvar", {"action": "Set", "varname": "SCORE"}).text = "100"
    else:
        if isinstance(ex, Ordering):
            pairs = [(o.key, o.label, ORDINALS[i]) for i, o in enumerate(ex.options)]
            answers = ORDINALS[: len(ex.options)]
        else:
            pairs = [(o.key, o.label, ex.answer[o.key]) for o in ex.options]
            answers = list(ex.categories)
        ids = {a: f"c{n}" for n, a in enumerate(answers)}
        share = 100 / len(pairs)
        for key, label, right in pairs:
            resp = ET.SubElement(pres, "response_lid", {"ident": f"response_{key}"})
            _mattext(resp, label)
            choices = ET.SubElement(resp, "render_choice")
            for a in answers:
                _mattext(ET.SubElement(choices, "response_label", {"ident": ids[a]}), a)
            cond = ET.SubElement(proc, "respcondition")
            ET.SubElement(
                ET.SubElement(cond, "conditionvar"), "varequal", {"respident": f"response_{key}"}
            ).text = ids[right]
            ET.SubElement(cond, "setvar", {"varname": "SCORE", "action": "Add"}).text = _fraction(
                share
            )
    _feedback(item, "general_fb", ex.solution())
    return item


def qti_zip(path: Path, items: list[Entry] | None = None) -> None:
    version = book_version()
    root = ET.Element("questestinterop", {"xmlns": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"})
    assessment = ET.SubElement(
        root,
        "assessment",
        {"ident": "aigov_quiz", "title": "China and Global AI Governance: self-check questions"},
    )
    outer = ET.SubElement(assessment, "section", {"ident": "root_section"})
    for item in exportable(items):
        section = outer
        if item.params:
            section = ET.SubElement(
                outer,
                "section",
                {"ident": f"{item.id}_variants", "title": f"{item.id} (one variant per choice)"},
            )
        for n, (name, _, ex) in enumerate(variants(item)):
            section.append(qti_item(f"{item.id.replace('.', '_')}_{n}", name, ex))
    ET.indent(root)
    manifest = ET.Element(
        "manifest",
        {
            "identifier": "aigov_quiz_manifest",
            "xmlns": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1",
        },
    )
    md = ET.SubElement(manifest, "metadata")
    ET.SubElement(md, "schema").text = "IMS Content"
    ET.SubElement(md, "schemaversion").text = "1.1.3"
    ET.SubElement(manifest, "organizations")
    resources = ET.SubElement(manifest, "resources")
    res = ET.SubElement(
        resources,
        "resource",
        {"identifier": "aigov_quiz", "type": "imsqti_xmlv1p2", "href": "aigov_quiz/aigov_quiz.xml"},
    )
    ET.SubElement(res, "file", {"href": "aigov_quiz/aigov_quiz.xml"})
    ET.indent(manifest)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "imsmanifest.xml",
            b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(manifest, encoding="utf-8"),
        )
        body = ET.tostring(root, encoding="utf-8")
        z.writestr(
            "aigov_quiz/aigov_quiz.xml",
            b'<?xml version="1.0" encoding="UTF-8"?>\n'
            + f"<!-- book version {version} -->\n".encode()
            + body,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./dev export-quiz", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for the two files")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / MOODLE_FILE).write_bytes(moodle_xml())
    qti_zip(args.out / QTI_FILE)
    count = sum(len(variants(i)) for i in exportable())
    left_out = [i.id for i in entries() if i.spec["kind"] not in KINDS]
    if left_out:
        print(f"left out (a kind the LMS formats do not have): {', '.join(left_out)}")
    print(f"wrote {count} questions to {args.out / MOODLE_FILE} and {args.out / QTI_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
