"""Export the exercise bank to learning-management systems.

Usage: ``python -m aigovbook.exercises.lms --out OUT_DIR`` (``./dev export-quiz``) writes
``aigov-quiz.moodle.xml`` (Moodle XML, this module) and ``aigov-quiz.qti.zip`` (an IMS
QTI 1.2 package as Canvas imports it, :mod:`.qti`). Both hold the worked solutions:
they are for instructors, never for the student edition. How each kind maps to the
two formats, and which importers' rules the exports follow, is in the authors'
architecture notes (tests/unit/exercises/test_lms.py cites each rule).
"""

from __future__ import annotations

import argparse
import html
import sys
import xml.etree.ElementTree as ET
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from functools import lru_cache
from pathlib import Path

from .bank import Entry, entries, param_label, parameter_grid
from .quiz.kinds import Classification, Exercise, MultipleChoice, MultipleSelect, Numeric, Ordering
from .quiz.static import book_version

DESCRIPTION = "Export the exercise bank to learning-management systems."
MOODLE_FILE = "aigov-quiz.moodle.xml"
QTI_FILE = "aigov-quiz.qti.zip"
QUIZ_ID = "aigov_quiz"
QUIZ_TITLE = "China and Global AI Governance: self-check questions"
ORDINALS = ["1st", "2nd", "3rd"] + [f"{n}th" for n in range(4, 21)]
#: Added to a multiple-select question whose right answer is "none of them", so that the
#: LMS has an option to mark right (Canvas takes an option inside a "not" otherwise).
NONE_KEY, NONE_LABEL = "none_of_these", "None of these"
CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"


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


def lms_prompt(item: Entry, params: dict[str, str], ex: Exercise) -> str:
    """The prompt an LMS shows: the bank's ``lms_prompt`` where the book's speaks of its
    own controls (choosing a country, the Check button), with ``{param}`` filled in."""
    text = item.spec.get("lms_prompt")
    if not text:
        return ex.prompt
    paragraphs = [" ".join(p.split()) for p in str(text).split("\n\n")]
    labels = {name: param_label(name, value) for name, value in params.items()}
    out = []
    for paragraph in paragraphs:
        for name, label in labels.items():
            paragraph = paragraph.replace("{" + name + "}", label)
        out.append(paragraph)
    return "\n\n".join(p for p in out if p)


# ------------------------------------------------------------ shared text


@lru_cache(maxsize=1)
def _markdown():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})


def md_html(text: str) -> str:
    """Bank text (Markdown: paragraphs, *emphasis*) as HTML; raw HTML is escaped."""
    return _markdown().render(text or "").strip()


def _plain_p(text: str) -> str:
    return f"<p>{html.escape(text, quote=False)}</p>"


def choices(ex: MultipleChoice | MultipleSelect) -> tuple[list[tuple[str, str]], set[str]]:
    """The options an LMS shows (``(key, label)``) and the keys that are right."""
    options = [(o.key, o.label) for o in ex.options]
    right = {ex.answer} if isinstance(ex, MultipleChoice) else set(ex.answer)
    if not right:  # "none of them" is right: say so as an option
        options.append((NONE_KEY, NONE_LABEL))
        right = {NONE_KEY}
    return options, right


def solution_html(ex: Exercise) -> str:
    """The worked solution as HTML: the answer (a list for ordering and classification),
    then the explanation with its Markdown turned into HTML."""
    if isinstance(ex, Ordering):
        rows = [
            html.escape(o.label + (f" ({ex.why[o.key]})" if ex.why.get(o.key) else ""), False)
            for o in ex.options
        ]
        answer = "<p><strong>Answer:</strong></p><ol>" + "".join(f"<li>{r}</li>" for r in rows)
        answer += "</ol>"
    elif isinstance(ex, Classification):
        rows = []
        for category in ex.categories:
            members = [
                o.label + (f" ({ex.why[o.key]})" if ex.why.get(o.key) else "")
                for o in ex.options
                if ex.answer.get(o.key) == category
            ]
            rows.append(
                f"<strong>{html.escape(category, False)}</strong>: "
                + html.escape("; ".join(members) if members else "none", False)
            )
        answer = "<p><strong>Answer:</strong></p><ul>" + "".join(f"<li>{r}</li>" for r in rows)
        answer += "</ul>"
    else:
        answer = f"<p><strong>Answer:</strong> {html.escape(ex.answer_text(), False)}</p>"
    return answer + (md_html(ex.explanation) if ex.explanation else "")


# ------------------------------------------------------------ numbers


def _num(value: Decimal | float) -> str:
    """A number as a short decimal (no exponent, no trailing zeros)."""
    text = format(Decimal(str(value)).normalize(), "f")
    return text if text not in ("-0",) else "0"


def numeric_bands(ex: Numeric) -> list[tuple[Decimal, Decimal]]:
    """``(value, margin)`` pairs, each worth full marks, for an LMS.

    The first is the answer as the book writes it (``decimals`` places) with the
    widest margin that stays inside the book's interval; any further pair covers
    the rest of it. Together they accept exactly the answers the book accepts
    among all numbers written with up to ``decimals + 1`` places (the book's
    interval, ``answer ± tolerance``, rounded inwards to that precision), so the
    LMS shows "68.2", not "68.15286624203821", and grades as the book does.
    """
    step = Decimal(1).scaleb(-(ex.decimals + 1))
    low = (Decimal(str(ex.answer - ex.tolerance - 1e-9)) / step).to_integral_value(ROUND_CEILING)
    high = (Decimal(str(ex.answer + ex.tolerance + 1e-9)) / step).to_integral_value(ROUND_FLOOR)
    low, high = low * step, high * step
    shown = Decimal(str(round(ex.answer, ex.decimals)))
    if not low <= shown <= high:  # a tolerance narrower than the rounding: centre the band
        shown = (low + high) / 2
    margin = min(shown - low, high - shown)
    bands = [(shown, margin)]
    for start, end in ((low, shown - margin), (shown + margin, high)):
        if end > start:
            bands.append(((start + end) / 2, (end - start) / 2))
    return bands


#: The grade fractions Moodle accepts (percent): question_bank::fraction_options_full()
#: in Moodle's question/engine/bank.php; question/format.php refuses any other on import.
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


def _nearest(share: float) -> float:
    return min(MOODLE_FRACTIONS, key=lambda f: abs(f - abs(share)))


def moodle_right_fractions(n: int) -> list[float]:
    """Fractions (percent) for ``n`` right options that Moodle accepts and that sum to 100.

    An equal share when Moodle has one (1 to 10 options); otherwise two neighbouring
    allowed values, as evenly as the list allows (11 options: nine at 10 % and two at
    5 %). qtype_multichoice's save_question_options
    refuses a multiple-answer question whose positive fractions do not sum to 100 %.
    """
    if n < 1:
        raise ValueError("a question needs at least one right option")
    equal = _nearest(100 / n)
    if abs(equal * n - 100) < 0.01:
        return [equal] * n
    values = sorted(f for f in MOODLE_FRACTIONS if f > 0)
    for low, high in zip(values, values[1:], strict=False):
        if not low <= 100 / n <= high:
            continue
        k = (100 - n * low) / (high - low)  # options at the higher value
        if abs(k - round(k)) < 1e-6:
            k = round(k)
            return [high] * k + [low] * (n - k)
    raise ValueError(
        f"{n} right options cannot share 100 % in Moodle's allowed grades; "
        "split the question or use fewer right options"
    )


def _fraction(share: float) -> str:
    return f"{share:.5f}".rstrip("0").rstrip(".")


def _text(parent: ET.Element, tag: str, value: str, fmt: str | None = None) -> ET.Element:
    node = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(node, "text").text = value
    return node


# ---------------------------------------------------------------- Moodle


def moodle_question(name: str, ex: Exercise, idnumber: str = "", prompt: str = "") -> ET.Element:
    kind = {
        MultipleChoice: "multichoice",
        MultipleSelect: "multichoice",
        Numeric: "numerical",
        Ordering: "matching",
        Classification: "matching",
    }[type(ex)]
    q = ET.Element("question", {"type": kind})
    _text(q, "name", name)
    _text(q, "questiontext", md_html(prompt or ex.prompt), "html")
    _text(q, "generalfeedback", solution_html(ex), "html")
    ET.SubElement(q, "defaultgrade").text = "1"
    ET.SubElement(q, "idnumber").text = idnumber
    if isinstance(ex, (MultipleChoice, MultipleSelect)):
        single = isinstance(ex, MultipleChoice)
        ET.SubElement(q, "single").text = "true" if single else "false"
        ET.SubElement(q, "shuffleanswers").text = "true"
        ET.SubElement(q, "answernumbering").text = "abc"
        options, right = choices(ex)
        wrong = [k for k, _ in options if k not in right]
        shares = iter(moodle_right_fractions(len(right)))
        for key, label in options:
            if key in right:
                share = next(shares)
            else:
                share = 0 if single else -_nearest(100 / len(wrong))
            a = ET.SubElement(q, "answer", {"fraction": _fraction(share), "format": "html"})
            ET.SubElement(a, "text").text = _plain_p(label)
            why = ex.why.get(key, "")
            _text(a, "feedback", md_html(why) if why else "", "html")
    elif isinstance(ex, Numeric):
        for value, margin in numeric_bands(ex):
            a = ET.SubElement(q, "answer", {"fraction": "100", "format": "moodle_auto_format"})
            ET.SubElement(a, "text").text = _num(value)
            ET.SubElement(a, "tolerance").text = _num(margin)
            _text(a, "feedback", "<p>Correct.</p>", "html")
        for value, tolerance, message in ex.mistakes:
            m = ET.SubElement(q, "answer", {"fraction": "0", "format": "moodle_auto_format"})
            ET.SubElement(m, "text").text = _num(round(value, ex.decimals + 3))
            ET.SubElement(m, "tolerance").text = _num(tolerance)
            _text(m, "feedback", md_html(message), "html")
        if ex.unit:
            # question/type/numerical/questiontype.php: UNITINPUT = 0 (the unit may be typed
            # in the answer box), UNITNONE = 3 ("units not used": any unit typed is refused
            # with "Do not include a unit"); unitgradingtype 0 is UNITOPTIONAL (no penalty).
            from .quiz.kinds import UNIT_ALIASES

            units = ET.SubElement(q, "units")
            names = [ex.unit] + [a for a in UNIT_ALIASES.get(ex.unit, ()) if a != ex.unit]
            for unit_name in dict.fromkeys(names):
                unit = ET.SubElement(units, "unit")
                ET.SubElement(unit, "multiplier").text = "1"
                ET.SubElement(unit, "unit_name").text = unit_name
            ET.SubElement(q, "unitgradingtype").text = "0"  # a unit is optional, as in the book
            ET.SubElement(q, "unitpenalty").text = "0"
            ET.SubElement(q, "showunits").text = "0"  # typed in the answer box, optional
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
            ET.SubElement(sub, "text").text = _plain_p(label) if label else ""
            _text(sub, "answer", answer)
    if ex.hint:
        _text(q, "hint", md_html(ex.hint), "html")
    return q


def moodle_category(item: Entry) -> str:
    category = f"$course$/China and Global AI Governance/Part {item.spec['chapter']}"
    if item.params:  # one category per question with variants: a quiz draws one at random
        category += f"/{item.id} (one variant per choice)"
    return category


def moodle_xml(items: list[Entry] | None = None) -> bytes:
    quiz = ET.Element("quiz")
    quiz.append(ET.Comment(f" China and Global AI Governance, book version {book_version()} "))
    for item in exportable(items):
        c = ET.SubElement(quiz, "question", {"type": "category"})
        _text(c, "category", moodle_category(item))
        for n, (name, params, ex) in enumerate(variants(item)):
            ident = f"{item.id}-{n + 1}" if item.params else item.id
            quiz.append(moodle_question(name, ex, ident, lms_prompt(item, params, ex)))
    ET.indent(quiz)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./dev export-quiz", description=DESCRIPTION)
    parser.add_argument("--out", type=Path, required=True, help="folder for the two files")
    args = parser.parse_args(argv)
    if args.out.exists() and not args.out.is_dir():
        print(
            f"export-quiz: --out {args.out} is a file, not a folder. Give a folder "
            "(it is created if missing); nothing was written.",
            file=sys.stderr,
        )
        return 2
    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        print(
            f"export-quiz: cannot create the folder {args.out} ({error.strerror or error}); "
            "nothing was written.",
            file=sys.stderr,
        )
        return 2
    from .qti import qti_zip, quiz_points

    (args.out / MOODLE_FILE).write_bytes(moodle_xml())
    qti_zip(args.out / QTI_FILE)
    found = exportable()
    count = sum(len(variants(i)) for i in found)
    groups = sum(1 for i in found if i.params)
    left_out = [i.id for i in entries() if i.spec["kind"] not in KINDS]
    if left_out:
        print(f"left out (a kind the LMS formats do not have): {', '.join(left_out)}")
    print(
        f"wrote {count} questions ({groups} group(s) of variants drawing one each; "
        f"a quiz of {quiz_points()} points) to {args.out / MOODLE_FILE} and {args.out / QTI_FILE}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
