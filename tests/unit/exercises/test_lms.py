"""``./dev export-quiz``: the Moodle XML and QTI 1.2 (Canvas) exports, tested against the
rules the importers apply and read back by third-party readers.

The rules are written from the importers' source (paths name the file in each project):

- Canvas: canvas-lms ``gems/plugins/qti_exporter/lib/qti/choice_interaction.rb`` and
  ``assessment_test_converter.rb`` (after instructure/QTIMigrationTool ``lib/imsqtiv1.py``
  has turned QTI 1.2 into QTI 2), and Canvas's own QTI writer, ``lib/cc/qti/qti_items.rb``
  and ``qti_generator.rb``, whose form the importer reads best;
- Moodle: ``question/format/xml/format.php`` (import), ``question/format.php`` (grades
  must be in ``question_bank::fraction_options_full()``), ``question/type/multichoice/
  questiontype.php`` (positive fractions of a multiple-answer question sum to 100 %) and
  ``question/type/numerical/question.php`` / ``questiontype.php`` (units, tolerance).

Third-party readers, installed from requirements.txt: qti2latex (its QTI reader, and its
whole command with an answer key) and moodle-xml-parser. Each reads every exported
question and its right answers are compared with the bank's.
"""

from __future__ import annotations

import html
import math
import re
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal

import pytest

from aigovbook.exercises import (
    Classification,
    MultipleChoice,
    MultipleSelect,
    Numeric,
    Ordering,
)
from aigovbook.exercises.lms import (
    MOODLE_FILE,
    MOODLE_FRACTIONS,
    NONE_LABEL,
    ORDINALS,
    QTI_FILE,
    QUIZ_TITLE,
    choices,
    exportable,
    lms_prompt,
    main,
    moodle_right_fractions,
    numeric_bands,
    variants,
)

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
CANVAS = "{http://canvas.instructure.com/xsd/cccv1p0}"
KINDS = {
    MultipleChoice: "multiple_choice_question",
    MultipleSelect: "multiple_answers_question",
    Numeric: "numerical_question",
    Ordering: "matching_question",
    Classification: "matching_question",
}


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment or "")).split())


def _norm(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("quiz")
    assert main(["--out", str(out)]) == 0
    expected = {}
    for item in exportable():
        for name, params, ex in variants(item):
            expected[name] = (item, params, ex)
    return out, expected


@pytest.fixture(scope="module")
def moodle(exported):
    out, expected = exported
    quiz = ET.parse(out / MOODLE_FILE).getroot()
    return quiz, expected


@pytest.fixture(scope="module")
def qti(exported):
    out, expected = exported
    with zipfile.ZipFile(out / QTI_FILE) as z:
        files = {name: z.read(name) for name in z.namelist()}
    manifest = ET.fromstring(files["imsmanifest.xml"])
    quiz_file = next(
        f.get("href")
        for r in manifest.iter(f"{CP}resource")
        if r.get("type") == "imsqti_xmlv1p2"
        for f in r.iter(f"{CP}file")
    )
    return files, manifest, ET.fromstring(files[quiz_file]), expected


def _questions(quiz):
    return [q for q in quiz.iter("question") if q.get("type") != "category"]


def _pairs(ex):
    if isinstance(ex, Ordering):
        return [(o.label, ORDINALS[i]) for i, o in enumerate(ex.options)]
    return [(o.label, ex.answer[o.key]) for o in ex.options]


def _right_labels(ex) -> set[str]:
    options, right = choices(ex)
    return {label for key, label in options if key in right}


# ------------------------------------------------------------------ a QTI 1.2 scorer
# Response processing as QTI 1.2 (ASI Information Model, resprocessing) defines it, which
# strict players follow: conditions in order; a true condition's <setvar> is applied, and
# processing stops there unless continue="Yes" (the default is "No").


def _true(node, response) -> bool:
    tag = node.tag.replace(QTI, "")
    if tag == "conditionvar":
        return all(_true(c, response) for c in node)
    if tag == "and":
        return all(_true(c, response) for c in node)
    if tag == "or":
        return any(_true(c, response) for c in node)
    if tag == "not":
        return not all(_true(c, response) for c in node)
    if tag == "other":
        return True
    given = response.get(node.get("respident"))
    if tag == "varequal":
        if isinstance(given, (set, frozenset)):
            return node.text in given
        if isinstance(given, float):
            return given == float(node.text)
        return given == node.text
    if tag in ("vargte", "varlte"):
        if not isinstance(given, float):
            return False
        bound = float(node.text)
        return given >= bound - 1e-9 if tag == "vargte" else given <= bound + 1e-9
    raise AssertionError(f"unknown QTI condition {tag}")


def qti_score(item, response) -> float:
    score = 0.0
    for cond in item.iter(f"{QTI}respcondition"):
        if not _true(cond.find(f"{QTI}conditionvar"), response):
            continue
        for setvar in cond.findall(f"{QTI}setvar"):
            value = float(setvar.text)
            score = value if setvar.get("action", "Set") == "Set" else score + value
        if cond.get("continue", "No") != "Yes":
            break
    return score


def _book_answer_to_qti(ex, item) -> dict:
    """The bank's right answer as a QTI response."""
    if isinstance(ex, (MultipleChoice, MultipleSelect)):
        options, right = choices(ex)
        return {"response1": next(iter(right)) if isinstance(ex, MultipleChoice) else set(right)}
    if isinstance(ex, Numeric):
        return {"response1": float(ex.answer)}
    ids = {}
    for resp in item.iter(f"{QTI}response_lid"):
        labels = {
            lab.findtext(f".//{QTI}mattext"): lab.get("ident")
            for lab in resp.iter(f"{QTI}response_label")
        }
        ids[resp.get("ident")] = labels
    out = {}
    for i, o in enumerate(ex.options):
        right = ORDINALS[i] if isinstance(ex, Ordering) else ex.answer[o.key]
        out[f"response_{o.key}"] = ids[f"response_{o.key}"][right]
    return out


# ------------------------------------------------------------------ structure and round trip


def test_moodle_round_trip(moodle):
    quiz, expected = moodle
    questions = _questions(quiz)
    assert sorted(q.findtext("name/text") for q in questions) == sorted(expected)
    for q in questions:
        item, params, ex = expected[q.findtext("name/text")]
        assert _plain(q.findtext("questiontext/text")) == _plain(lms_prompt(item, params, ex))
        assert _plain(ex.explanation)[:40] in _plain(q.findtext("generalfeedback/text"))
        if isinstance(ex, (MultipleChoice, MultipleSelect)):
            answers = {
                _plain(a.findtext("text")): float(a.get("fraction")) for a in q.findall("answer")
            }
            assert {k for k, f in answers.items() if f > 0} == _right_labels(ex)
            assert q.findtext("single") == ("true" if isinstance(ex, MultipleChoice) else "false")
            feedback = {
                _plain(a.findtext("text")): _plain(a.findtext("feedback/text"))
                for a in q.findall("answer")
            }
            for o in ex.options:
                assert feedback[o.label] == _plain(ex.why.get(o.key, ""))
        elif isinstance(ex, Numeric):
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


def test_qti_round_trip(qti):
    files, manifest, root, expected = qti
    items = list(root.iter(f"{QTI}item"))
    assert sorted(i.get("title") for i in items) == sorted(expected)
    for node in items:
        item, params, ex = expected[node.get("title")]
        fields = {
            f.findtext(f"{QTI}fieldlabel"): f.findtext(f"{QTI}fieldentry")
            for f in node.iter(f"{QTI}qtimetadatafield")
        }
        assert fields["question_type"] == KINDS[type(ex)]
        prompt = node.find(f"{QTI}presentation/{QTI}material/{QTI}mattext").text
        assert _plain(prompt) == _plain(lms_prompt(item, params, ex))
        # the bank's right answer gets full marks, under strict QTI 1.2 processing
        assert qti_score(node, _book_answer_to_qti(ex, node)) == pytest.approx(100, abs=0.01)


# ------------------------------------------------------------------ Canvas's importer rules


def _scoring_conditions(node):
    return [
        c
        for c in node.iter(f"{QTI}respcondition")
        if any(float(s.text) > 0 for s in c.findall(f"{QTI}setvar"))
    ]


def _positive_varequals(cond) -> list[str]:
    """varequal tests not inside a <not>: those Canvas marks as right answers."""
    out = []

    def walk(node, negated):
        for child in node:
            tag = child.tag.replace(QTI, "")
            if tag == "varequal" and not negated:
                out.append(child.text)
            walk(child, negated or tag == "not")

    walk(cond.find(f"{QTI}conditionvar"), False)
    return out


def test_canvas_choice_questions_have_positive_right_options(qti):
    """choice_interaction.rb: an option is right when a condition that gives SCORE > 0 tests
    it; set_question_type then counts them. A multiple_choice_question has exactly one; a
    multiple_answers_question at least one, exactly the bank's (a condition that is only
    "not"s makes Canvas take the first option inside a "not": Q4.2's old G7 bug)."""
    files, manifest, root, expected = qti
    for node in root.iter(f"{QTI}item"):
        item, params, ex = expected[node.get("title")]
        if not isinstance(ex, (MultipleChoice, MultipleSelect)):
            continue
        positive = [v for c in _scoring_conditions(node) for v in _positive_varequals(c)]
        options, right = choices(ex)
        idents = [lab.get("ident") for lab in node.iter(f"{QTI}response_label")]
        assert set(positive) <= set(idents), node.get("title")
        if isinstance(ex, MultipleChoice):
            assert positive == [ex.answer], node.get("title")
        else:
            assert positive and set(positive) == right, node.get("title")
    singapore = next(e for n, e in expected.items() if n == "Q4.2 [Singapore, 31 December 2019]")
    assert _right_labels(singapore[2]) == {NONE_LABEL}  # no forum: "None of these" is right


def test_canvas_variants_are_one_group_drawing_one(qti):
    """assessment_test_converter.rb parse_pick_count: only a section with <selection select>
    (QTIMigrationTool imsqtiv1.py: from selection_ordering/selection/selection_number) becomes
    a question group; qti_generator.rb add_group writes points_per_item beside it."""
    files, manifest, root, expected = qti
    outer = root.find(f"{QTI}assessment/{QTI}section")
    standalone = outer.findall(f"{QTI}item")
    groups = outer.findall(f"{QTI}section")
    with_params = [i for i in exportable() if i.params]
    assert len(groups) == len(with_params)
    for section, item in zip(groups, with_params, strict=True):
        selection = section.find(f"{QTI}selection_ordering/{QTI}selection")
        assert selection is not None, section.get("ident")
        assert selection.findtext(f"{QTI}selection_number") == "1"
        assert selection.findtext(f"{QTI}selection_extension/{QTI}points_per_item") == "1"
        assert len(section.findall(f"{QTI}item")) == len(variants(item))
    points = len(standalone) + len(groups)  # every item is worth 1 point
    assert points == len(exportable())
    meta = ET.fromstring(files["aigov_quiz/assessment_meta.xml"])
    assert float(meta.findtext(f"{CANVAS}points_possible")) == points


def test_canvas_matching_numeric_and_feedback_follow_qti_and_canvas(qti):
    """QTI 1.2: a respcondition stops processing unless continue="Yes", so every matching pair
    needs it; a render_fib without a response_label gives a strict player no box (Canvas's own
    calculated_response_str writes one); the worked solution is shown by a catch-all <other/>
    condition (qti_items.rb other_respcondition 'general_fb'); plain option text is
    texttype text/plain (html_mat_text); original_answer_ids lists the answers."""
    files, manifest, root, expected = qti
    for node in root.iter(f"{QTI}item"):
        item, params, ex = expected[node.get("title")]
        title = node.get("title")
        conditions = list(node.iter(f"{QTI}respcondition"))
        if isinstance(ex, (Ordering, Classification)):
            adds = [c for c in conditions if c.find(f"{QTI}setvar[@action='Add']") is not None]
            assert len(adds) == len(ex.options) and all(c.get("continue") == "Yes" for c in adds), (
                title
            )
            # a fully right answer scores 100, and each wrong pair loses exactly its share
            right = _book_answer_to_qti(ex, node)
            first = next(iter(right))
            wrong = dict(right, **{first: "nonexistent"})
            assert qti_score(node, wrong) == pytest.approx(
                100 * (1 - 1 / len(ex.options)), abs=0.05
            )
        if isinstance(ex, Numeric):
            fib = node.find(f".//{QTI}response_str/{QTI}render_fib")
            assert fib is not None and fib.find(f"{QTI}response_label") is not None, title
        general = [
            c
            for c in conditions
            if c.find(f"{QTI}conditionvar/{QTI}other") is not None
            and c.find(f"{QTI}displayfeedback[@linkrefid='general_fb']") is not None
        ]
        assert len(general) == 1 and general[0].get("continue") == "Yes", title
        assert node.find(f"{QTI}itemfeedback[@ident='general_fb']") is not None, title
        for label in node.iter(f"{QTI}response_label"):
            for mat in label.iter(f"{QTI}mattext"):
                assert mat.get("texttype") == "text/plain", title
        fields = {
            f.findtext(f"{QTI}fieldlabel"): f.findtext(f"{QTI}fieldentry")
            for f in node.iter(f"{QTI}qtimetadatafield")
        }
        assert fields["original_answer_ids"], title


def test_qti_zip_has_assessment_meta_and_manifest_dependencies(qti):
    """qti_generator.rb generate_quiz (and text2qti): the QTI resource depends on a resource
    that holds <quiz id>/assessment_meta.xml (title, points); every href exists."""
    files, manifest, root, expected = qti
    resources = {r.get("identifier"): r for r in manifest.iter(f"{CP}resource")}
    quiz = next(r for r in resources.values() if r.get("type") == "imsqti_xmlv1p2")
    deps = [d.get("identifierref") for d in quiz.findall(f"{CP}dependency")]
    assert deps and all(d in resources for d in deps)
    meta_files = [f.get("href") for d in deps for f in resources[d].findall(f"{CP}file")]
    assert any(h.endswith("/assessment_meta.xml") for h in meta_files)
    for f in manifest.iter(f"{CP}file"):
        assert f.get("href") in files
    meta = ET.fromstring(files[next(h for h in meta_files if h.endswith("assessment_meta.xml"))])
    assert meta.tag == f"{CANVAS}quiz" and meta.findtext(f"{CANVAS}title") == QUIZ_TITLE


# ------------------------------------------------------------------ Moodle's importer rules


def test_moodle_numerical_units_are_optional(moodle):
    """question/type/numerical/question.php: unless unitdisplay is UNITINPUT (0), any unit
    typed is refused ("Do not include a unit in your response"; UNITNONE is 3); a unit
    penalty applies only when unitgradingtype is 1 or 2. So showunits is 0 (or absent),
    unitgradingtype 0, and the book's unit and its spellings are known units (multiplier 1)."""
    quiz, expected = moodle
    seen = 0
    for q in _questions(quiz):
        if q.get("type") != "numerical":
            continue
        item, params, ex = expected[q.findtext("name/text")]
        assert q.findtext("showunits") in (None, "0"), ex.id
        assert q.findtext("unitgradingtype") in (None, "0"), ex.id
        if ex.unit:
            units = {u.findtext("unit_name"): u.findtext("multiplier") for u in q.iter("unit")}
            assert units.get(ex.unit) == "1", ex.id
            assert set(units.values()) == {"1"}
        seen += 1
    assert seen >= 2


def test_moodle_fractions_are_allowed_and_sum_to_100(moodle):
    """question/format.php refuses a grade not in fraction_options_full(); multichoice's
    save_question_options refuses a multiple-answer question whose positive fractions do not
    round to 100 % (round(total, 2) != 1), and a single-answer one whose best is not 100 %."""
    quiz, expected = moodle
    allowed = set(MOODLE_FRACTIONS)
    for q in _questions(quiz):
        if q.get("type") != "multichoice":
            continue
        fractions = [float(a.get("fraction")) for a in q.findall("answer")]
        for f in fractions:
            assert any(abs(abs(f) - a) < 1e-5 for a in allowed), (q.findtext("name/text"), f)
        positive = sum(f for f in fractions if f > 0)
        if q.findtext("single") == "true":
            assert max(fractions) == 100
        else:
            assert round(positive / 100, 2) == 1, q.findtext("name/text")


@pytest.mark.parametrize("n", range(1, 21))
def test_moodle_right_fractions_sum_to_100_for_up_to_20_options(n):
    """The latent bug: rounding 100/n to an allowed grade made 11-19 right options sum to
    70-130 %."""
    fractions = moodle_right_fractions(n)
    assert len(fractions) == n and all(f in MOODLE_FRACTIONS and f > 0 for f in fractions)
    assert round(sum(fractions) / 100, 2) == 1


def test_moodle_variants_are_one_category_each(moodle):
    """A quiz draws one question at random from a category (format.php: a
    <question type="category"> sets the category of the questions after it)."""
    quiz, expected = moodle
    category, members = None, {}
    for q in quiz.iter("question"):
        if q.get("type") == "category":
            category = q.findtext("category/text")
        else:
            members.setdefault(category, []).append(q.findtext("name/text"))
    for item in exportable():
        if item.params:
            names = [n for n, _, _ in variants(item)]
            holding = [c for c, m in members.items() if set(names) & set(m)]
            assert len(holding) == 1 and sorted(members[holding[0]]) == sorted(names)


# ------------------------------------------------------------------ grading as the book does


def _grid(ex):
    step = 10.0 ** -(ex.decimals + 1)
    low, high = ex.answer - 2 * ex.tolerance - 3, ex.answer + 2 * ex.tolerance + 3
    k = math.floor(low / step)
    while k * step <= high:
        yield round(k * step, ex.decimals + 1)
        k += 1


def _moodle_grade(q, value: float) -> float:
    # question.php get_matching_answer: the first answer within tolerance ('nominal':
    # tolerance plus 1e-14 x max(1, |answer|), PHP's precision 14)
    for a in q.findall("answer"):
        answer, tol = float(a.findtext("text")), float(a.findtext("tolerance") or 0)
        margin = tol + 1e-14 * max(1, abs(answer))
        if answer - margin <= value <= answer + margin:
            return float(a.get("fraction"))
    return 0.0


def test_numbers_grade_as_in_the_book_and_show_as_the_book_writes_them(moodle, qti):
    """For every number written with up to decimals+1 places around the answer, Moodle and a
    QTI player give full marks exactly when the book does; the first right answer each shows
    is the number the book writes (68.2, not 68.15286624203821)."""
    quiz, expected = moodle
    files, manifest, root, _ = qti
    items = {i.get("title"): i for i in root.iter(f"{QTI}item")}
    checked = 0
    for q in _questions(quiz):
        if q.get("type") != "numerical":
            continue
        name = q.findtext("name/text")
        item, params, ex = expected[name]
        shown = f"{ex.answer:.{ex.decimals}f}"
        assert Decimal(q.find("answer").findtext("text")) == Decimal(shown), name
        first = items[name].find(f".//{QTI}or/{QTI}varequal")
        assert Decimal(first.text) == Decimal(shown), name
        for value in _grid(ex):
            book = ex.check(value).correct
            assert (_moodle_grade(q, value) == 100) == book, (name, value)
            assert (qti_score(items[name], {"response1": value}) == 100) == book, (name, value)
            checked += 1
    assert checked > 100
    exported = b"".join(files.values()) + ET.tostring(quiz)
    assert not re.search(rb"\d\.\d{7,}", exported), "a number at full float precision"


def test_solutions_keep_lists_and_markdown(moodle, qti):
    """Worked solutions: ordering and classification answers as HTML lists, Markdown
    (*lead*) as HTML, never literal asterisks."""
    quiz, expected = moodle
    files, manifest, root, _ = qti
    feedback = {
        i.get("title"): i.find(f"{QTI}itemfeedback[@ident='general_fb']//{QTI}mattext").text
        for i in root.iter(f"{QTI}item")
    }
    for q in _questions(quiz):
        name = q.findtext("name/text")
        item, params, ex = expected[name]
        for text in (q.findtext("generalfeedback/text"), feedback[name]):
            if isinstance(ex, Ordering):
                assert text.count("<li>") == len(ex.options) and "<ol>" in text, name
            if isinstance(ex, Classification):
                assert text.count("<li>") == len(ex.categories) and "<ul>" in text, name
            assert not re.search(r"\*\w", _plain(text)), name
    q11 = next(q for q in _questions(quiz) if q.findtext("name/text").startswith("Q1.1 "))
    assert "<em>lead</em>" in q11.findtext("generalfeedback/text")


def test_prompts_are_written_for_an_lms(moodle, qti):
    """No Check button and no "try several" in an LMS."""
    quiz, expected = moodle
    files, manifest, root, _ = qti
    prompts = [q.findtext("questiontext/text") for q in _questions(quiz)]
    prompts += [
        i.find(f"{QTI}presentation/{QTI}material/{QTI}mattext").text
        for i in root.iter(f"{QTI}item")
    ]
    for prompt in prompts:
        assert not re.search(r"\bcheck\b|try several|choose a country", _plain(prompt), re.I), (
            prompt
        )


# ------------------------------------------------------------------ third-party readers


def _without_feedback_only_conditions(node):
    """The item as qti2latex should read it. qti2latex's get_correct_idents takes every
    varequal of every respcondition for a right answer, including those that only show an
    option's feedback and set no score (Canvas's own exports have them too); those
    conditions are dropped here, and nothing else."""
    copy = ET.fromstring(ET.tostring(node))
    for proc in copy.iter(f"{QTI}resprocessing"):
        for cond in list(proc.findall(f"{QTI}respcondition")):
            if cond.find(f"{QTI}setvar") is None:
                proc.remove(cond)
    return copy


def test_qti2latex_reads_every_question_and_its_right_answers(qti):
    """qti2latex (PyPI) reads Canvas QTI: its question type, right answers and groups."""
    import qti2latex

    files, manifest, root, expected = qti
    outer = root.find(f"{QTI}assessment/{QTI}section")
    read = []
    for child in outer:
        if child.tag == f"{QTI}item":
            read.append(child)
        elif child.tag == f"{QTI}section":
            count, points, items = qti2latex.get_group(child)
            assert (count, points) == (1, 1)
            read += items
    assert sorted(i.get("title") for i in read) == sorted(expected)
    for node in read:
        item, params, ex = expected[node.get("title")]
        meta = qti2latex.get_qti_metadata(node)
        assert qti2latex.guess_type(meta, node) == KINDS[type(ex)]
        assert int(meta["points_possible"]) == 1
        correct = qti2latex.get_correct_idents(_without_feedback_only_conditions(node))
        if isinstance(ex, (MultipleChoice, MultipleSelect)):
            texts = dict(qti2latex.get_choices(node))
            assert {texts[c] for c in correct} == _right_labels(ex), node.get("title")
        elif isinstance(ex, Numeric):
            assert {Decimal(c) for c in correct} == {v for v, _ in numeric_bands(ex)}


def test_qti2latex_writes_the_answer_key(exported, tmp_path, monkeypatch):
    """qti2latex's whole command on the zip (it needs assessment_meta.xml for the title).
    Its HTML-to-LaTeX step calls the pandoc program, which the book does not install: that
    one function is replaced by the identity. The zip is read with the feedback-only
    conditions dropped, as above; everything else is qti2latex's own."""
    import qti2latex
    from click.testing import CliRunner

    out, expected = exported
    source = tmp_path / "read.zip"
    with zipfile.ZipFile(out / QTI_FILE) as z, zipfile.ZipFile(source, "w") as w:
        for name in z.namelist():
            data = z.read(name)
            if name.endswith("aigov_quiz.xml"):
                root = ET.fromstring(data)
                for section in root.iter(f"{QTI}section"):
                    for i, child in enumerate(list(section)):
                        if child.tag == f"{QTI}item":
                            section.remove(child)
                            section.insert(i, _without_feedback_only_conditions(child))
                ET.register_namespace("", QTI.strip("{}"))
                data = ET.tostring(root, encoding="utf-8")
            w.writestr(name, data)
    monkeypatch.setattr(qti2latex, "html_to_latex", lambda s: s)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        qti2latex.main, [str(source), "-o", "quiz.tex", "--answer-key"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    tex = (tmp_path / "quiz-answerkey.tex").read_text(encoding="utf-8")
    assert QUIZ_TITLE in tex
    assert tex.count("\\question[") == len(expected)
    right = sum(
        len(_right_labels(ex))
        for _, _, ex in expected.values()
        if isinstance(ex, (MultipleChoice, MultipleSelect))
    )
    assert tex.count("\\CorrectChoice") == right
    solutions = [set(b.split(" / ")) for b in re.findall(r"\\begin\{solution\}\n(.*)\n", tex)]
    numbers = [ex for _, _, ex in expected.values() if isinstance(ex, Numeric)]
    assert len(solutions) == len(numbers)
    for ex, solution in zip(numbers, solutions, strict=True):
        assert f"{ex.answer:.{ex.decimals}f}" in solution


def test_moodle_xml_parser_reads_the_right_options():
    """moodle-xml-parser (PyPI) reads every multichoice question; its right options
    (score_fraction > 0) are the bank's."""
    from moodle_xml_parser.parser import parse_bytes

    from aigovbook.exercises.lms import moodle_xml

    read = {q.name: q for q in parse_bytes(moodle_xml())["multichoice"]}
    wanted = {
        name: ex
        for item in exportable()
        for name, _, ex in variants(item)
        if isinstance(ex, (MultipleChoice, MultipleSelect))
    }
    assert sorted(read) == sorted(wanted)
    for name, ex in wanted.items():
        got = {_plain(o.answer) for o in read[name].options if o.score_fraction > 0}
        assert got == _right_labels(ex), name
        assert read[name].single == isinstance(ex, MultipleChoice)


# ------------------------------------------------------------------ the command


def test_out_on_an_existing_file_is_a_clear_error(tmp_path, capsys):
    target = tmp_path / "quiz.zip"
    target.write_text("keep me", encoding="utf-8")
    assert main(["--out", str(target)]) == 2
    err = capsys.readouterr().err
    assert "is a file, not a folder" in err and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "keep me"
    assert main(["--out", str(target / "sub")]) == 2  # a folder inside a file
    err = capsys.readouterr().err
    assert "cannot create the folder" in err and "Traceback" not in err


# ------------------------------------------------------------------ what the instructor reads


def test_instructors_page_gives_the_scoring_table_and_its_example(moodle, qti):
    """The instructors page tells how partial credit differs (Q4.1: 6 right ticks and 1
    wrong), with figures computed here from the exports and the importers' scoring rules:
    Moodle sums the ticked options' fractions (qtype_multichoice, at least 0); Canvas gives
    (right - wrong) / right options (canvas-lms app/models/quizzes/quiz_question/
    multiple_answers_question.rb)."""
    import json

    from tools.book import ROOT

    quiz, expected = moodle
    files, manifest, root, _ = qti
    name = next(n for n in expected if n.startswith("Q4.1 "))
    item, params, ex = expected[name]
    options, right = choices(ex)
    ticked = sorted(right)[:-1] + [next(k for k, _ in options if k not in right)]
    q = next(q for q in _questions(quiz) if q.findtext("name/text") == name)
    answers = q.findall("answer")
    fractions = {
        key: float(a.get("fraction")) for (key, _), a in zip(options, answers, strict=True)
    }
    book = 100 * ex.check(ticked).score
    moodle_score = max(0.0, sum(fractions[k] for k in ticked))
    canvas = max(0.0, 100 * (len(right) - 2) / len(right))
    cells = json.loads((ROOT / "chapters" / "instructors.ipynb").read_text(encoding="utf-8"))[
        "cells"
    ]
    page = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    for figure in (book, moodle_score, canvas):
        assert f"{figure:.2f}".rstrip("0").rstrip(".") + " %" in page, figure
    assert f"Q4.1 has {len(right)} right options among {len(options)}" in page
    for kind in ("Multiple choice", "Multiple select", "Numeric", "Ordering, classification"):
        assert re.search(rf"^\| {kind} \|", page, re.M), kind
    groups = root.find(f"{QTI}assessment/{QTI}section").findall(f"{QTI}section")
    single = root.find(f"{QTI}assessment/{QTI}section").findall(f"{QTI}item")
    points = len(single) + len(groups)
    assert (
        f"the quiz has {points} questions ({len(single)}, plus one drawn from each of "
        f"{len(groups)} groups) and {points} points" in " ".join(page.split())
    )


def test_canvas_reads_each_number_as_an_exact_answer_with_a_margin(qti):
    """canvas-lms gems/plugins/qti_exporter/lib/qti/numeric_interaction.rb
    get_canvas_answers: a scoring condition holding <or> is an exact answer (its varequal)
    with margin = varlte - exact; our bands are symmetric, so varequal - vargte is the same
    margin, and a vargt (not vargte) bound would be taken for a "precision" answer."""
    files, manifest, root, expected = qti
    for node in root.iter(f"{QTI}item"):
        item, params, ex = expected[node.get("title")]
        if not isinstance(ex, Numeric):
            continue
        conditions = _scoring_conditions(node)
        assert len(conditions) == len(numeric_bands(ex))
        for cond, (value, margin) in zip(conditions, numeric_bands(ex), strict=True):
            either = cond.find(f"{QTI}conditionvar/{QTI}or")
            exact = Decimal(either.findtext(f"{QTI}varequal"))
            assert exact == value
            assert either.find(f".//{QTI}vargt") is None
            if margin:
                low = Decimal(either.findtext(f"{QTI}and/{QTI}vargte"))
                high = Decimal(either.findtext(f"{QTI}and/{QTI}varlte"))
                assert high - exact == exact - low == margin
            assert cond.findtext(f"{QTI}setvar[@action='Set']") == "100"
