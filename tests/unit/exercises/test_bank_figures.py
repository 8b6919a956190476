"""One truth per fact in the exercise bank: a figure or an "as of" date in a question's
text comes from ``data/facts.csv`` through ``{fact:key}``, resolved once by the bank
loader, and so reads the same on the page, in the LMS exports and in nbgrader.

The scan reads the RAW file, as authors write it, with the rule the pages' number test
applies to the built prose (``tests/book/test_numbers.py``: years, dates, names with
digits and quotations are not figures), and fails on any other number.
"""

from __future__ import annotations

import html
import io
import json
import re
import tokenize

import pytest
import yaml

from aigovbook.exercises import BankError, entry, load_bank
from aigovbook.exercises.bank import BANK_PATH, read_file
from aigovbook.exercises.factrefs import resolve
from aigovbook.facts import Fact, all_facts, text
from tests.book.test_numbers import MONTH, NOT_A_QUANTITY, YEAR
from tools.book import ROOT

#: Fields that hold identifiers, settings or data arguments, not text a reader sees.
NOT_TEXT = {"id", "page", "kind", "difficulty", "checker", "answer", "key", "choices", "default"}
#: Computed values (``answer_from``, a mistake's ``value``): function calls on the data;
#: only their ``label``/``labels`` are text.
COMPUTED = {"answer_from", "value"}
CODE = {"setup", "starter", "solution"}  # Python: only its strings and comments are text
PLACEHOLDER = re.compile(r"\{[^{}]*\}")  # {fact:key}, {fig:ID}, {member}, {answer}, {value:g}
INLINE_CODE = re.compile(r"`[^`]*`")  # names in code, such as `china_2021`
# Also not figures here: ISO dates, and the date template f"{y}-12-31" in code.
ISO_DATE = re.compile(r"\b\d{4}-\d\d-\d\d\b|(?<=[\"'])-\d\d-\d\d\b")
NUMBER = re.compile(r"\d[\d,.]*%?")
# A count in words is a figure too: "ten countries and the EU".
COUNT_WORD = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|twenty|thirty|forty|fifty|hundreds?|dozens?)\s+(?:[a-z-]+\s+)?"
    r"(?:countries|members|nations|states|governments|participants|signatories|parties|"
    r"co-sponsors|endorsers)\b",
    re.I,
)
# An "as of" date is a figure too: the day up to which a source confirms a value.
AS_OF = re.compile(
    r"\b(?:confirmed|checked|verified|as of|as at|inferred|named|known|reported)\b"
    rf"[^.;:()]{{0,40}}?\b(?:\d{{1,2}}\s+)?(?:{MONTH}\s+)?{YEAR}\b",
    re.I,
)

#: Numbers in the bank that are not figures about the world: (entry, field, number) -> why.
EXCEPTIONS = {
    ("Q2.1", "explanation", "100"): "percentage arithmetic: a share times 100 is a per cent",
    ("Q2.1", "hint", "100"): "the same arithmetic, as an instruction to the student",
    ("Q2.3", "hint", "100"): "shares of a whole add up to 100 per cent",
}


def _strings(value, field=""):
    """``(field, text)`` for every text a reader sees in one entry."""
    if isinstance(value, str):
        yield field, value
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, f"{field}[{i}]")
    elif isinstance(value, dict):
        for k, v in value.items():
            name = f"{field}.{k}" if field else str(k)
            if k in NOT_TEXT:
                continue
            if k in COMPUTED:
                for sub in ("label", "labels"):
                    if isinstance(v, dict) and sub in v:
                        yield from _strings(v[sub], f"{name}.{sub}")
            elif k in CODE and isinstance(v, str):
                tokens = tokenize.generate_tokens(io.StringIO(v).readline)
                for tok in tokens:
                    if tok.type in (tokenize.STRING, tokenize.COMMENT):
                        yield name, tok.string
            else:
                yield from _strings(v, name)


def typed_figures(specs) -> list[str]:
    """Every typed figure in raw bank entries, as ``"Q4.2 prompt: '16' in ..."``."""
    found = []
    for spec in specs:
        ident = str(spec.get("id"))
        for field, raw in _strings(spec):
            texts = " ".join(raw.split())
            rest = PLACEHOLDER.sub(lambda m: " " * len(m.group()), texts)
            rest = INLINE_CODE.sub(lambda m: " " * len(m.group()), rest)
            rest = ISO_DATE.sub(lambda m: " " * len(m.group()), rest)
            rest = NOT_A_QUANTITY.sub(lambda m: " " * len(m.group()), rest)
            hits = [*NUMBER.finditer(rest), *COUNT_WORD.finditer(texts)]
            hits += AS_OF.finditer(PLACEHOLDER.sub(lambda m: " " * len(m.group()), texts))
            for m in hits:
                number = m.group().rstrip(".,")
                if (ident, field.split("[")[0], number) in EXCEPTIONS:
                    continue
                context = texts[max(0, m.start() - 50) : m.end() + 50]
                found.append(f"{ident} {field}: {number!r} in ...{context}...")
    return found


def raw_bank() -> dict:
    return yaml.safe_load(BANK_PATH.read_text(encoding="utf-8"))


def test_no_figure_is_typed_in_the_bank():
    raw = raw_bank()
    specs = raw["exercises"] + raw["code_exercises"]
    problems = typed_figures(specs)
    assert problems == [], (
        f"{len(problems)} figures typed in data/exercises.yaml; write {{fact:key}} "
        "(data/facts.csv) or {fig:ID} instead:\n" + "\n".join(problems)
    )


def test_the_scan_finds_a_typed_figure_and_passes_what_is_not_one():
    typed = {
        "id": "Q9.1",
        "prompt": "Its count of 16 participants is confirmed up to June 2023.",
        "explanation": "Only ten countries and the EU adopted it.",
        "hint": "Members are inferred after 2021: the count is confirmed for June 2023.",
        "options": [{"key": "a1", "label": "GPAI had 45 members"}],
    }
    assert [p.split(" in ")[0] for p in typed_figures([typed])] == [
        "Q9.1 prompt: '16'",
        "Q9.1 prompt: 'confirmed up to June 2023'",
        "Q9.1 explanation: 'ten countries'",
        "Q9.1 hint: 'inferred after 2021'",
        "Q9.1 hint: 'confirmed for June 2023'",
        "Q9.1 options[0].label: '45'",
    ]
    fine = {
        "id": "Q9.2",
        "page": "chapters/04-challenges/x2",
        "prompt": "On {date}, {member} had {fact:aipd_participants}, confirmed on "
        "{fact:aipd_last_count_date}, in the G20 (Q4.1, "
        'A/RES/78/265, "almost 70 per cent") on 1-2 November 2023, in 2023–2026.',
        "answer_from": {"function": "forums_of", "date": "2021-12-31", "forums": ["G7", "P06"]},
        "params": {"date": {"label": "Date", "choices": ["2019-12-31"]}},
        "solution": 'x = members_on("GPAI", f"{y}-12-31")[:3]  # the 2021 list',
    }
    assert typed_figures([fine]) == []


def test_every_exception_is_still_needed():
    raw = raw_bank()
    specs = {str(s["id"]): s for s in raw["exercises"] + raw["code_exercises"]}
    for ident, field, number in EXCEPTIONS:
        texts = [t for f, t in _strings(specs[ident]) if f.split("[")[0] == field]
        assert any(number in t for t in texts), (ident, field, number)


def _bank_with(tmp_path, old: str, new: str):
    source = BANK_PATH.read_text(encoding="utf-8")
    assert old in source, old
    path = tmp_path / "exercises.yaml"
    path.write_text(source.replace(old, new, 1), encoding="utf-8")  # the first: a prompt
    return path


@pytest.mark.parametrize(
    "old, new, where",
    [
        ("{fact:aipd_last_count_date}, not", "{fact:aipd_last_count}, not", "Q4.2, field 'prompt'"),
        ("OECD counts {fact:gpai_countries_2024}", "OECD counts {fact:gpai_countrys}", "C4.2"),
        ('label: "Striving for achievement"', 'label: "Striving {fact:nope}"', "options[1].label"),
    ],
)
def test_an_unknown_fact_stops_loading_naming_exercise_field_and_key(tmp_path, old, new, where):
    path = _bank_with(tmp_path, old, new)
    with pytest.raises(BankError) as error:
        read_file(path)
    message = str(error.value)
    assert where in message and "unknown fact" in message and "data/facts.csv" in message
    assert re.search(r"'(aipd_last_count|gpai_countrys|nope)'", message)
    if "aipd_last_count'" in message:
        assert "did you mean 'aipd_last_count_date'?" in message


def test_a_recalled_fact_is_refused_and_the_raw_bank_is_left_alone():
    import datetime as dt

    facts = {
        "x": Fact("x", 3, "talks", dt.date(2024, 1, 1), "src", "RECALLED", "", ""),
        "y": Fact("y", 4, "talks", dt.date(2024, 1, 1), "src", "VERIFIED", "", ""),
    }
    raw = {"exercises": [{"id": "Q9.1", "hint": "{fact:x} and {fact:y}"}]}
    resolved, problems = resolve(raw, facts)
    assert problems == [
        "Q9.1, field 'hint': fact 'x' is RECALLED (not confirmed): an exercise may not state it"
    ]
    assert resolved["exercises"][0]["hint"] == "{fact:x} and 4 talks"
    assert raw["exercises"][0]["hint"] == "{fact:x} and {fact:y}"
    myst, _ = resolve(raw, facts, "myst")
    assert myst["exercises"][0]["hint"].endswith("{fact}`y`")


def test_the_same_fact_reads_the_same_on_the_page_in_the_lms_and_in_nbgrader():
    """One fact, every consumer: the in-page checker's data (and its static text), the
    answer key, the Moodle and QTI exports, and the nbgrader source notebook."""
    import xml.etree.ElementTree as ET

    from aigovbook.exercises.lms import lms_prompt, moodle_xml, variants
    from aigovbook.exercises.qti import qti_document
    from aigovbook.exercises.quiz.static import holder_html, payload, solutions
    from tools.code_exercises import book_notebook, source_notebook

    count, day = text("aipd_participants"), text("aipd_last_count_date")
    aipd = f"count of {count} was last confirmed on {day}"
    gpai = text("gpai_countries_2024")
    assert "16" in aipd and "June 2023" in aipd and gpai == "44 countries"
    q42, q43 = entry("Q4.2"), entry("Q4.3")
    page = json.dumps([payload(q42), payload(q43)], ensure_ascii=False)
    assert aipd in page and gpai in page
    static = holder_html(q42)  # the text without JavaScript: figures marked with their note
    assert 'data-fact="aipd_participants"' in static
    static = re.sub(r'<span class="aigov-fact-tip"[^>]*>[^<]*</span>', "", static)
    assert aipd in html.unescape(re.sub(r"<[^>]+>", "", static))
    assert aipd in json.dumps(solutions(q42), ensure_ascii=False)  # the explanation
    name, params, ex = variants(q42)[0]
    assert aipd in lms_prompt(q42, params, ex)
    moodle = moodle_xml([q42, q43]).decode("utf-8")
    qti = ET.tostring(qti_document([q42, q43]), encoding="unicode")
    for export in (moodle, qti):
        assert html.escape(aipd) in export or aipd in export
        assert gpai in export
        assert "{fact" not in export
    nbgrader = json.dumps(source_notebook(4), ensure_ascii=False)
    assert gpai in nbgrader and "{fact" not in nbgrader
    stored = (ROOT / "source" / "part4" / "part4.ipynb").read_text(encoding="utf-8")
    assert gpai in stored and "{fact" not in stored
    book_page = json.dumps(book_notebook(4), ensure_ascii=False)
    assert "{fact}`gpai_countries_2024`" in book_page and "{fact:" not in book_page


def test_every_fact_the_bank_names_exists_and_resolves_everywhere():
    keys = set(re.findall(r"\{fact:([a-z][a-z0-9_]*)\}", BANK_PATH.read_text(encoding="utf-8")))
    assert keys and keys <= set(all_facts())
    assert "{fact:" not in json.dumps(load_bank(), default=str)


def test_the_page_marks_each_figure_once_with_its_note():
    """Q4.3's prompt states three facts; "3 July 2024" is also in the notes ("As of
    3 July 2024."), which must not be marked again."""
    from aigovbook.exercises.quiz.static import holder_html, payload

    static = holder_html(entry("Q4.3"))
    assert static.count('class="aigov-fact"') == 3
    assert [k for _, _, k in payload(entry("Q4.3"))["facts"]] == [
        "gpai_integration_date",
        "gpai_countries_2024",
        "gpai_members_2024",
    ]
    assert "facts" not in payload(entry("Q4.1"))  # no figure from a fact in its prompt
