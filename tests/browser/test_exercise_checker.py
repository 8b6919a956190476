"""One semantics in two runtimes: Python ``check()`` and the page's checker agree.

hypothesis generates answers for every exercise of the bank (every variant
of the parameterised ones): well-formed ones built from the options and
categories, and malformed ones (empty, whitespace, wrong types, unknown
keys, duplicates, huge and tiny numbers, ``NaN``/``Infinity`` text,
``12,5``, ``68 %``, emoji, 10,000-character strings). Each answer goes
through :meth:`Exercise.safe_check` and through ``aigovCheck.check`` of the
script the built book serves (evaluated in Chromium, in a page of the
built book, with every off-origin request blocked); validity, correctness,
score, message, hint and per-item feedback must be identical.

What the two runtimes cannot share, and the test therefore does not
generate: integral floats (``3.0``; a JSON number in the page is just 3),
integers beyond 2**53, NaN/infinite floats as *numbers* (JSON has none; the
texts ``"NaN"``/``"Infinity"`` are generated), and scripts whose case
folding differs between Python's ``casefold`` and the browser's (Greek
final sigma); the alphabet is ASCII, Latin-1 letters, Unicode spaces,
non-ASCII digits, CJK and emoji.

Runs against ``$BOOK_HTML`` if set, else the session's strict build.
"""

from __future__ import annotations

import os
from pathlib import Path

import browserkit as bk
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aigovbook.book.exercises import PAGE_KINDS
from aigovbook.exercises import Numeric, entries
from aigovbook.exercises.bank import parameter_grid
from aigovbook.exercises.quiz.static import JS_PATH, variant, variant_key

pytestmark = pytest.mark.browser

PAGE = "chapters/01-shifting-views/self-check.html"
ALPHABET = (
    "".join(chr(c) for c in range(0x20, 0x7F))
    + "\t\n\r\x0b\x0c\x1c\x85\xa0\u2009\u3000\u200b"
    + "éÉßüÜçñøÅİﬁ½−٣٥中文😀🇨🇳"
)
SPECIAL = [
    "",
    " ",
    "\t\n ",
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "inf",
    "1e309",
    "1e-400",
    "12,5",
    "68 %",
    "68%",
    "68 percent",
    "68.2 PER CENT",
    "0.68",
    "1,000",
    "1,000.5",
    "1,0000",
    "$1,234.5 trillion",
    "\u22125",
    "-0",
    "-0.04",
    "2.5",
    "0.125",
    "16 members",
    "16 member",
    "٣٥",
    "1_0",
    "😀",
    "🇨🇳",
    "x" * 10_000,
    "9" * 10_000,
    "1" + "0" * 400,
    "1e16",
    "0.00001",
]


def _cases():
    cases = []
    for item in entries():
        if item.spec["kind"] not in PAGE_KINDS:
            continue
        for combo in parameter_grid(item) if item.params else [{}]:
            cases.append((item.id, variant_key(combo), item.build(**combo)))
    return cases


CASES = _cases()


def _text(exercise) -> st.SearchStrategy:
    words = [o.key for o in getattr(exercise, "options", ())]
    words += [o.label for o in getattr(exercise, "options", ())]
    words += list(getattr(exercise, "categories", ()))
    words = [w for w in words if w] or ["x"]
    styled = st.tuples(
        st.sampled_from(words), st.sampled_from(["", " ", "  \t"]), st.booleans()
    ).map(lambda t: t[1] + (t[0].upper() if t[2] else t[0]) + t[1])
    return st.one_of(
        st.sampled_from(SPECIAL),
        st.text(alphabet=ALPHABET, max_size=24),
        styled,
        st.lists(st.sampled_from(words), min_size=1, max_size=4).map(", ".join),
        st.from_regex(r"\A[+-]?[0-9]{1,5}([.,][0-9]{1,4})?( ?(%|percent|members|kg|tn))?\Z"),
    )


def _near(exercise) -> st.SearchStrategy:
    """Numbers around a numeric answer, its mistakes and its rounding ties, in every spelling."""
    if not isinstance(exercise, Numeric):
        return st.nothing()
    step = max(exercise.tolerance, 10.0**-exercise.decimals)
    targets = [exercise.answer] + [m[0] for m in exercise.mistakes]
    value = st.one_of(
        st.builds(
            lambda t, k: t + k * step,
            st.sampled_from(targets),
            st.sampled_from([-4, -3, -1.01, -1, -0.5, 0, 0.5, 1, 1.01, 3, 4]),
        ),
        # exact binary ties at the rounding digit (2.5; 0.25, 0.75; 0.125 ...):
        # Python rounds them half to even, JavaScript's toFixed would not
        st.builds(
            lambda n, j: n + (2 * j + 1) / 2 ** (exercise.decimals + 1),
            st.integers(0, 300),
            st.integers(0, 2**exercise.decimals - 1),
        ),
    )
    spell = st.sampled_from(["{}", "{} ", "{}{}", "{} {}", "{:.3f}", "{:,.2f}", "p"])

    def show(v, form):
        if form == "p":
            return repr(v / 100)
        text = (
            form.format(v, exercise.unit) if "{}{}" in form or "{} {}" in form else form.format(v)
        )
        return text

    decimal_comma = value.map(lambda v: repr(v).replace(".", ","))
    return st.one_of(st.builds(show, value, spell), decimal_comma, value)


def _scalar(exercise) -> st.SearchStrategy:
    return st.one_of(
        _near(exercise),
        _text(exercise),
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**53), max_value=2**53),
        st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: not x.is_integer()),
    )


def _answers(exercise) -> st.SearchStrategy:
    # Inside lists and mappings a float that is a whole number (21.0) cannot cross JSON
    # as a float (the page receives 21, and Python's message would quote "21.0"); a page's
    # inputs never produce one, so nested answers leave them out (top-level ones keep them).
    scalar = _scalar(exercise).filter(lambda x: not (isinstance(x, float) and x.is_integer()))
    keys = [o.key for o in getattr(exercise, "options", ())] or ["value"]
    n = len(keys)
    cats = list(getattr(exercise, "categories", ())) or ["Neither"]
    position = st.one_of(
        st.integers(min_value=-1, max_value=n + 1), st.integers(0, n).map(str), scalar
    )
    category = st.one_of(st.sampled_from(cats), st.sampled_from(cats).map(str.upper), scalar)
    key = st.one_of(st.sampled_from(keys), _text(exercise))
    well_formed = st.one_of(
        st.permutations(keys).map(list),
        st.lists(st.sampled_from(keys), unique=True),
        st.permutations(keys).map(lambda ks: {k: i + 1 for i, k in enumerate(ks)}),
        st.fixed_dictionaries({k: st.sampled_from(cats) for k in keys}),
        st.dictionaries(st.sampled_from(keys), st.one_of(position, category), max_size=n),
    )
    near = _near(exercise)
    return st.one_of(
        near,
        near,
        _scalar(exercise),
        well_formed,
        st.lists(st.one_of(key, scalar), max_size=6),
        st.dictionaries(
            key, st.one_of(position, category, st.lists(scalar, max_size=2)), max_size=6
        ),
        st.lists(st.lists(scalar, max_size=2), max_size=2),
    )


def encode(value):
    """A Python answer as JSON for the page: mappings keep their key order."""
    if isinstance(value, dict):
        return {"$map": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    return value


def python_feedback(exercise, answer) -> dict:
    f = exercise.safe_check(answer)
    return {
        "valid": f.valid,
        "correct": f.correct,
        "score": f.score,
        "message": f.message,
        "hint": f.hint,
        "items": [[i.item, i.label, i.ok, i.explanation] for i in f.items],
    }


JS_CHECK = """([v, answers]) => answers.map((a) => {
  const f = window.aigovCheck.check(v, window.aigovCheck.decode(a));
  return {valid: f.valid, correct: f.correct, score: f.score, message: f.message, hint: f.hint,
          items: f.items.map((i) => [i.item, i.label, i.ok, i.explanation])};
})"""


@pytest.fixture(scope="module")
def checker_page(html_dir, browser):
    """A page of the built book (``$BOOK_HTML`` or the session's strict build), in the
    session's Chromium (Playwright's sync API cannot run two at once)."""
    yield from _open(html_dir, browser)


def _open(html: Path, browser):
    served = html / "_static" / JS_PATH.name
    assert served.is_file(), f"{served} missing: the book does not serve the checker"
    assert served.read_bytes() == JS_PATH.read_bytes(), "the built book's checker is stale"
    with bk.serve(html) as base_url:
        context, net = bk.new_context(browser, base_url)
        page = context.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(base_url + PAGE)
        page.wait_for_function("window.aigovCheck !== undefined")
        yield page
        assert not net.failed, net.failed
        assert not errors, errors
        context.close()


@settings(
    max_examples=int(os.environ.get("CHECKER_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_page_checker_agrees_with_python(checker_page, data):
    # every question equally often, then one of its variants (Q4.2 has 32)
    exercise_id = data.draw(st.sampled_from(sorted({c[0] for c in CASES})), label="question")
    exercise_id, key, exercise = data.draw(
        st.sampled_from([c for c in CASES if c[0] == exercise_id]), label="variant"
    )
    answers = data.draw(st.lists(_answers(exercise), min_size=1, max_size=12), label="answers")
    want = [python_feedback(exercise, a) for a in answers]
    got = checker_page.evaluate(JS_CHECK, [variant(exercise), [encode(a) for a in answers]])
    for answer, w, g in zip(answers, want, got, strict=True):
        assert g == w, f"{exercise_id} [{key}] answer {answer!r:.300}"


def test_page_checker_is_fast(checker_page):
    """Checking one answer in the page takes well under one frame (16 ms)."""
    answers = []
    for _, _, exercise in CASES:
        keys = [o.key for o in getattr(exercise, "options", ())]
        answers.append((exercise, keys or "68,5 %"))
        answers.append((exercise, "x" * 10_000))
    payload = [[variant(ex), encode(a)] for ex, a in answers]
    # each answer checked 15 times; its median time counts (one-off pauses of a busy
    # machine, garbage collection or the first compilation are not the checker)
    timing = checker_page.evaluate(
        """(cases) => { const per = cases.map(() => []);
          for (let r = 0; r < 15; r++) cases.forEach(([v, a], i) => { const s = performance.now();
            window.aigovCheck.check(v, window.aigovCheck.decode(a));
            per[i].push(performance.now() - s); });
          const med = per.map((t) => t.sort((x, y) => x - y)[7]).sort((x, y) => x - y);
          return {max: med[med.length - 1], median: med[med.length >> 1], n: med.length}; }""",
        payload,
    )
    print(
        f"page checker: {timing['n']} answers, median {timing['median']:.3f} ms, "
        f"slowest answer {timing['max']:.3f} ms (medians of 15 runs)"
    )
    assert timing["max"] < 16, timing


def test_script_is_small():
    size = JS_PATH.stat().st_size
    print(f"aigov-check.js: {size} bytes")
    assert size < 40_000  # was 30 KB; the stored-progress schema and set-aside notice add 7 KB
    text = JS_PATH.read_text(encoding="utf-8")
    assert "http://" not in text and "https://" not in text  # nothing fetched from elsewhere


def test_every_exercise_is_a_case():
    assert {c[0] for c in CASES} == {e.id for e in entries() if e.spec["kind"] in PAGE_KINDS}
