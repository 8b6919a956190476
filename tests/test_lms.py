"""``./dev export-quiz``: Moodle XML and QTI 1.2 (Canvas), parsed back, compared with the bank."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest

from aigovbook.exercises import (
    Classification,
    MultipleChoice,
    MultipleSelect,
    Numeric,
    Ordering,
    entries,
)
from aigovbook.exercises.lms import MOODLE_FILE, ORDINALS, QTI_FILE, main, variants

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment or "")).split())


def _norm(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("quiz")
    assert main(["--out", str(out)]) == 0
    expected = {name: ex for item in entries() for name, _, ex in variants(item)}
    return out, expected


def _pairs(ex):
    if isinstance(ex, Ordering):
        return [(o.label, ORDINALS[i]) for i, o in enumerate(ex.options)]
    return [(o.label, ex.answer[o.key]) for o in ex.options]


def test_moodle_xml_round_trip(exported):
    out, expected = exported
    quiz = ET.parse(out / MOODLE_FILE).getroot()
    questions = [q for q in quiz.iter("question") if q.get("type") != "category"]
    names = [q.findtext("name/text") for q in questions]
    assert sorted(names) == sorted(expected)  # one question per exercise and per choice
    for q in questions:
        ex = expected[q.findtext("name/text")]
        assert _norm(_plain(q.findtext("questiontext/text"))) == _norm(ex.prompt)
        assert ex.explanation[:40] in _plain(q.findtext("generalfeedback/text"))
        if isinstance(ex, (MultipleChoice, MultipleSelect)):
            answers = {
                _plain(a.findtext("text")): float(a.get("fraction")) for a in q.findall("answer")
            }
            right = {
                o.label
                for o in ex.options
                if o.key in ({ex.answer} if isinstance(ex, MultipleChoice) else ex.answer)
            }
            if isinstance(ex, MultipleSelect) and not right:
                right = {"None of these"}
            assert {k for k, f in answers.items() if f > 0} == right
            assert abs(sum(f for f in answers.values() if f > 0) - 100) < 0.01
            assert q.findtext("single") == ("true" if isinstance(ex, MultipleChoice) else "false")
            feedback = {
                _plain(a.findtext("text")): _plain(a.findtext("feedback/text"))
                for a in q.findall("answer")
            }
            for o in ex.options:
                assert feedback[o.label] == _norm(ex.why.get(o.key, ""))
        elif isinstance(ex, Numeric):
            first, *mistakes = q.findall("answer")
            assert float(first.findtext("text")) == ex.answer and first.get("fraction") == "100"
            assert float(first.findtext("tolerance")) == ex.tolerance
            assert [
                (float(m.findtext("text")), float(m.findtext("tolerance"))) for m in mistakes
            ] == [(v, t) for v, t, _ in ex.mistakes]
            if ex.unit:
                assert q.findtext("units/unit/unit_name") == ex.unit
        else:
            assert q.get("type") == "matching"
            got = [
                (_plain(s.findtext("text")), s.findtext("answer/text"))
                for s in q.findall("subquestion")
            ]
            assert [g for g in got if g[0]] == [(_norm(a), b) for a, b in _pairs(ex)]
            if isinstance(ex, Classification):
                assert {b for _, b in got} == set(ex.categories)
        assert (q.findtext("hint/text") is not None) == bool(ex.hint)


def test_qti_zip_round_trip(exported):
    out, expected = exported
    with zipfile.ZipFile(out / QTI_FILE) as z:
        manifest = ET.fromstring(z.read("imsmanifest.xml"))
        hrefs = [f.get("href") for f in manifest.iter() if f.tag.endswith("file")]
        assert hrefs and all(h in z.namelist() for h in hrefs)
        root = ET.fromstring(z.read(hrefs[0]))
    items = list(root.iter(f"{QTI}item"))
    assert sorted(i.get("title") for i in items) == sorted(expected)
    kinds = {
        MultipleChoice: "multiple_choice_question",
        MultipleSelect: "multiple_answers_question",
        Numeric: "numerical_question",
        Ordering: "matching_question",
        Classification: "matching_question",
    }
    for item in items:
        ex = expected[item.get("title")]
        fields = {
            f.findtext(f"{QTI}fieldlabel"): f.findtext(f"{QTI}fieldentry")
            for f in item.iter(f"{QTI}qtimetadatafield")
        }
        assert fields["question_type"] == kinds[type(ex)]
        texts = [m.text or "" for m in item.iter(f"{QTI}mattext")]
        assert _norm(_plain(texts[0])) == _norm(ex.prompt)
        final = [c for c in item.iter(f"{QTI}respcondition") if c.get("continue") == "No"]
        if isinstance(ex, MultipleChoice):
            assert final[0].find(f".//{QTI}varequal").text == ex.answer
        elif isinstance(ex, MultipleSelect):
            both = final[0].find(f"{QTI}conditionvar/{QTI}and")
            required = {v.text for v in both.findall(f"{QTI}varequal")}
            excluded = {v.text for v in both.findall(f"{QTI}not/{QTI}varequal")}
            assert required == set(ex.answer) and excluded == {o.key for o in ex.options} - set(
                ex.answer
            )
        elif isinstance(ex, Numeric):
            low = float(final[0].find(f".//{QTI}vargte").text)
            high = float(final[0].find(f".//{QTI}varlte").text)
            assert low == pytest.approx(ex.answer - ex.tolerance) and high == pytest.approx(
                ex.answer + ex.tolerance
            )
        else:
            labels = {}
            for resp in item.iter(f"{QTI}response_lid"):
                choices = {
                    lab.get("ident"): lab.findtext(f".//{QTI}mattext")
                    for lab in resp.iter(f"{QTI}response_label")
                }
                labels[resp.get("ident")] = (resp.findtext(f"{QTI}material/{QTI}mattext"), choices)
            got = []
            for cond in item.iter(f"{QTI}respcondition"):
                v = cond.find(f".//{QTI}varequal")
                label, choices = labels[v.get("respident")]
                got.append((label, choices[v.text]))
            assert got == _pairs(ex)
