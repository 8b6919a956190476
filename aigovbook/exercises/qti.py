"""The IMS QTI 1.2 package of the quiz, as Canvas imports it (:func:`qti_zip`).

The shared text, numbers and variants are in :mod:`.lms`, which writes Moodle XML too."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from .bank import Entry
from .lms import (
    CANVAS_NS,
    CP_NS,
    ORDINALS,
    QTI_NS,
    QUIZ_ID,
    QUIZ_TITLE,
    _fraction,
    _num,
    choices,
    exportable,
    lms_prompt,
    md_html,
    numeric_bands,
    solution_html,
    variants,
)
from .quiz.kinds import Classification, Exercise, MultipleChoice, MultipleSelect, Numeric, Ordering
from .quiz.static import book_version


def _meta(parent: ET.Element, fields: dict[str, str], wrap: str | None = "itemmetadata") -> None:
    md = ET.SubElement(ET.SubElement(parent, wrap) if wrap else parent, "qtimetadata")
    for label, entry in fields.items():
        f = ET.SubElement(md, "qtimetadatafield")
        ET.SubElement(f, "fieldlabel").text = label
        ET.SubElement(f, "fieldentry").text = entry


def _mattext(parent: ET.Element, text: str, texttype: str = "text/html") -> None:
    mat = ET.SubElement(parent, "material")
    ET.SubElement(mat, "mattext", {"texttype": texttype}).text = text


def _feedback(item: ET.Element, ident: str, fragment: str) -> None:
    fb = ET.SubElement(item, "itemfeedback", {"ident": ident})
    _mattext(ET.SubElement(fb, "flow_mat"), fragment)


def _condition(proc: ET.Element, continue_: str, **attrs: str) -> tuple[ET.Element, ET.Element]:
    cond = ET.SubElement(proc, "respcondition", {"continue": continue_, **attrs})
    return cond, ET.SubElement(cond, "conditionvar")


def _show(cond: ET.Element, ident: str) -> None:
    ET.SubElement(cond, "displayfeedback", {"feedbacktype": "Response", "linkrefid": ident})


def qti_item(ident: str, name: str, ex: Exercise, prompt: str = "") -> ET.Element:
    """One item in the form Canvas's own exporter writes (canvas-lms lib/cc/qti/qti_items.rb)."""
    qtype = {
        MultipleChoice: "multiple_choice_question",
        MultipleSelect: "multiple_answers_question",
        Numeric: "numerical_question",
        Ordering: "matching_question",
        Classification: "matching_question",
    }[type(ex)]
    item = ET.Element("item", {"ident": ident, "title": name})
    meta = {"question_type": qtype, "points_possible": "1", "original_answer_ids": ""}
    _meta(item, meta)
    pres = ET.SubElement(item, "presentation")
    _mattext(pres, md_html(prompt or ex.prompt))
    proc = ET.SubElement(item, "resprocessing")
    outcomes = ET.SubElement(proc, "outcomes")
    ET.SubElement(
        outcomes,
        "decvar",
        {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"},
    )
    # the worked solution is shown whatever the answer (QTI 1.2 <other/>; Canvas: neutral_comments)
    cond, var = _condition(proc, "Yes")
    ET.SubElement(var, "other")
    _show(cond, "general_fb")
    answer_ids: list[str] = []
    feedback: list[tuple[str, str]] = []
    if isinstance(ex, (MultipleChoice, MultipleSelect)):
        single = isinstance(ex, MultipleChoice)
        options, right = choices(ex)
        answer_ids = [k for k, _ in options]
        resp = ET.SubElement(
            pres,
            "response_lid",
            {"ident": "response1", "rcardinality": "Single" if single else "Multiple"},
        )
        render = ET.SubElement(resp, "render_choice")
        for key, label in options:
            _mattext(ET.SubElement(render, "response_label", {"ident": key}), label, "text/plain")
        for key, _ in options:  # per-answer feedback
            if ex.why.get(key):
                cond, var = _condition(proc, "Yes")
                ET.SubElement(var, "varequal", {"respident": "response1"}).text = key
                _show(cond, f"{key}_fb")
                feedback.append((f"{key}_fb", md_html(ex.why[key])))
        cond, var = _condition(proc, "No")
        if single:
            ET.SubElement(var, "varequal", {"respident": "response1"}).text = ex.answer
        else:
            both = ET.SubElement(var, "and")
            for key, _ in options:
                target = both if key in right else ET.SubElement(both, "not")
                ET.SubElement(target, "varequal", {"respident": "response1"}).text = key
        ET.SubElement(cond, "setvar", {"action": "Set", "varname": "SCORE"}).text = "100"
    elif isinstance(ex, Numeric):
        resp = ET.SubElement(pres, "response_str", {"ident": "response1", "rcardinality": "Single"})
        fib = ET.SubElement(resp, "render_fib", {"fibtype": "Decimal"})
        ET.SubElement(fib, "response_label", {"ident": "answer1"})
        answer_ids = ["answer1"]
        for value, margin in numeric_bands(ex):
            cond, var = _condition(proc, "No")
            either = ET.SubElement(var, "or")
            ET.SubElement(either, "varequal", {"respident": "response1"}).text = _num(value)
            if margin:
                both = ET.SubElement(either, "and")
                ET.SubElement(both, "vargte", {"respident": "response1"}).text = _num(
                    value - margin
                )
                ET.SubElement(both, "varlte", {"respident": "response1"}).text = _num(
                    value + margin
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
        answer_ids = [key for key, _, _ in pairs]
        share = 100 / len(pairs)
        for key, label, right in pairs:
            resp = ET.SubElement(pres, "response_lid", {"ident": f"response_{key}"})
            _mattext(resp, label, "text/plain")
            render = ET.SubElement(resp, "render_choice")
            for a in answers:
                _mattext(
                    ET.SubElement(render, "response_label", {"ident": ids[a]}), a, "text/plain"
                )
            # continue="Yes": every pair is scored (the QTI 1.2 default, "No", stops at the first)
            cond, var = _condition(proc, "Yes")
            ET.SubElement(var, "varequal", {"respident": f"response_{key}"}).text = ids[right]
            ET.SubElement(cond, "setvar", {"varname": "SCORE", "action": "Add"}).text = _fraction(
                share
            )
    for field in item.iter("qtimetadatafield"):
        if field.findtext("fieldlabel") == "original_answer_ids":
            field.find("fieldentry").text = ",".join(answer_ids)
    _feedback(item, "general_fb", solution_html(ex))
    for ident_fb, fragment in feedback:
        _feedback(item, ident_fb, fragment)
    return item


def qti_document(items: list[Entry] | None = None) -> ET.Element:
    root = ET.Element("questestinterop", {"xmlns": QTI_NS})
    assessment = ET.SubElement(root, "assessment", {"ident": QUIZ_ID, "title": QUIZ_TITLE})
    _meta(assessment, {"cc_maxattempts": "unlimited"}, wrap=None)
    outer = ET.SubElement(assessment, "section", {"ident": "root_section"})
    for item in exportable(items):
        section = outer
        if item.params:
            # canvas-lms lib/cc/qti/qti_generator.rb add_group: a question group is a section
            # whose <selection_ordering> draws selection_number items, points_per_item each.
            section = ET.SubElement(
                outer,
                "section",
                {
                    "ident": f"{item.id.replace('.', '_')}_variants",
                    "title": f"{item.id} (one variant per choice)",
                },
            )
            selection = ET.SubElement(ET.SubElement(section, "selection_ordering"), "selection")
            ET.SubElement(selection, "selection_number").text = "1"
            extension = ET.SubElement(selection, "selection_extension")
            ET.SubElement(extension, "points_per_item").text = "1"
        for n, (name, params, ex) in enumerate(variants(item)):
            ident = f"{item.id.replace('.', '_')}_{n}"
            section.append(qti_item(ident, name, ex, lms_prompt(item, params, ex)))
    ET.indent(root)
    return root


def quiz_points(items: list[Entry] | None = None) -> int:
    """Points of the exported quiz: one per question, one per group of variants."""
    return len(exportable(items))


def assessment_meta(items: list[Entry] | None = None) -> ET.Element:
    """Canvas's quiz settings file, as canvas-lms lib/cc/qti/qti_generator.rb
    (generate_assessment_meta) writes it."""
    quiz = ET.Element(
        "quiz",
        {
            "identifier": QUIZ_ID,
            "xmlns": CANVAS_NS,
            "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
            "xsi:schemaLocation": f"{CANVAS_NS} https://canvas.instructure.com/xsd/cccv1p0.xsd",
        },
    )
    fields = {
        "title": QUIZ_TITLE,
        "description": (
            f"<p>Self-check questions of the open module, book version {book_version()}.</p>"
        ),
        "shuffle_answers": "true",
        "scoring_policy": "keep_highest",
        "hide_results": "",
        "quiz_type": "assignment",
        "points_possible": f"{quiz_points(items)}.0",
        "show_correct_answers": "true",
        "allowed_attempts": "-1",
        "one_question_at_a_time": "false",
        "cant_go_back": "false",
        "available": "false",
    }
    for tag, value in fields.items():
        ET.SubElement(quiz, tag).text = value
    ET.indent(quiz)
    return quiz


def qti_zip(path: Path, items: list[Entry] | None = None) -> None:
    version = book_version()
    root = qti_document(items)
    manifest = ET.Element("manifest", {"identifier": f"{QUIZ_ID}_manifest", "xmlns": CP_NS})
    md = ET.SubElement(manifest, "metadata")
    ET.SubElement(md, "schema").text = "IMS Content"
    ET.SubElement(md, "schemaversion").text = "1.1.3"
    ET.SubElement(manifest, "organizations")
    resources = ET.SubElement(manifest, "resources")
    quiz_file, meta_file = f"{QUIZ_ID}/{QUIZ_ID}.xml", f"{QUIZ_ID}/assessment_meta.xml"
    res = ET.SubElement(resources, "resource", {"identifier": QUIZ_ID, "type": "imsqti_xmlv1p2"})
    ET.SubElement(res, "file", {"href": quiz_file})
    ET.SubElement(res, "dependency", {"identifierref": f"{QUIZ_ID}_meta"})
    meta = ET.SubElement(
        resources,
        "resource",
        {
            "identifier": f"{QUIZ_ID}_meta",
            "type": "associatedcontent/imscc_xmlv1p1/learning-application-resource",
            "href": meta_file,
        },
    )
    ET.SubElement(meta, "file", {"href": meta_file})
    ET.indent(manifest)
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("imsmanifest.xml", head + ET.tostring(manifest, encoding="utf-8"))
        z.writestr(
            quiz_file,
            head
            + f"<!-- book version {version} -->\n".encode()
            + ET.tostring(root, encoding="utf-8"),
        )
        z.writestr(meta_file, head + ET.tostring(assessment_meta(items), encoding="utf-8"))
