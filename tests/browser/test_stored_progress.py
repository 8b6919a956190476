"""The page survives any stored progress value (issue 18, deliverable 3).

Progress lives in localStorage under ``aigov-progress:<book version>``
(aigov-check.js). Before, ``{"answers": null}`` broke every exercise of every
page and the progress page's Clear and Download, and ``{"answers": []}``
silently stopped saving. For each of several corrupt values planted there,
in Chromium against the built book:

- every exercise of the page still checks (``data-state`` is set);
- a visible, accessible notice (``role="alert"``, no axe violation) says the
  value was set aside; the value itself is kept, verbatim, under
  ``aigov-progress-set-aside:<version>:<time>``, and the notice's Download
  button saves exactly it;
- records of the value that match the schema are kept, the rest dropped;
- saving works again (the answer is in the store, and kept on reload);
- the progress page shows the answer, and its Download and Clear work;
- Discard removes the set-aside copy and the notice; no console errors.

Runs against ``$BOOK_HTML`` if set, else the session's strict build.
"""

from __future__ import annotations

import json

import browserkit as bk
import pytest

from aigovbook.book.exercises import PAGE_KINDS
from aigovbook.exercises import MultipleChoice, entries

pytestmark = pytest.mark.browser

ENTRIES = [e for e in entries() if e.spec["kind"] in PAGE_KINDS]
PAGES = sorted({str(e.spec["page"]) for e in ENTRIES})
# A page whose widgets are all exercises (a self-check page: no chart to draw, so each
# value costs a light page load), and a multiple-choice exercise on it. Every exercise
# page is visited with the value that broke them all (test_null_answers_...).
PAGE = min(
    (p for p in PAGES if p.endswith("self-check")),
    key=lambda p: (-sum(str(e.spec["page"]) == p for e in ENTRIES), p),
)
ON_PAGE = [e for e in ENTRIES if str(e.spec["page"]) == PAGE]
CHOICE = next(e for e in ON_PAGE if isinstance(e.build(), MultipleChoice))
OTHERS = [e.id for e in ENTRIES if e.id != CHOICE.id]  # records may name any exercise
GOOD = {
    "answer": CHOICE.build().answer,
    "state": "correct",
    "score": 1,
    "at": "2026-01-01T00:00:00Z",
}

CORRUPT = {
    "null answers": '{"answers": null}',
    "array answers": '{"answers": []}',
    "not JSON": '{"answers": {"Q4.1": ',
    "a number": "42",
    "wrong-typed records": json.dumps(
        {
            "answers": {
                OTHERS[0]: 5,
                OTHERS[1]: {"answer": ["x"], "state": 7},
                OTHERS[2]: {"params": [], "answer": {}},
                OTHERS[3]: {"answer": None, "score": "high"},
                CHOICE.id: GOOD,  # the one good record: kept
            }
        }
    ),
    "a huge string": json.dumps("x" * 1_500_000),
}
ASIDE_KEYS_JS = """(prefix) => Object.keys(localStorage).filter((k) => k.startsWith(prefix))"""


@pytest.fixture(scope="module")
def book(html_dir, browser):
    with bk.serve(html_dir) as base_url:
        version = _version(html_dir)
        yield base_url, browser, version


def _version(html_dir) -> str:
    import re

    text = (html_dir / "chapters" / "progress.html").read_text(encoding="utf-8")
    return re.search(r'data-aigov-progress data-version="([^"]+)"', text).group(1)


def _open(book):
    base_url, browser, version = book
    context, net = bk.new_context(browser, base_url)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page, errors


def _plant(page, base_url: str, key: str, value: str) -> None:
    """Store ``value`` under ``key`` before the tab's first page runs a script
    (once per tab: a reload or the next page reads what the page left)."""
    page.add_init_script(
        "(([k, v]) => { if (sessionStorage.getItem('aigov-test-planted')) return;"
        " localStorage.clear(); localStorage.setItem(k, v);"
        f" sessionStorage.setItem('aigov-test-planted', '1'); }})({json.dumps([key, value])});"
    )


def _stored(page, key: str):
    raw = page.evaluate("(k) => localStorage.getItem(k)", key)
    return None if raw is None else json.loads(raw)


def _checks_every_exercise(page, ids) -> dict[str, str | None]:
    states = {}
    for exercise_id in ids:
        holder = page.locator(f'[data-exercise-id="{exercise_id}"]')
        assert holder.get_attribute("data-error") is None, holder.get_attribute("data-error")
        holder.get_by_role("button", name="Check").click()
        states[exercise_id] = holder.get_attribute("data-state")
    return states


@pytest.mark.parametrize("name", list(CORRUPT))
def test_a_corrupt_stored_value_is_set_aside_and_the_page_works(book, name, tmp_path):
    base_url, _, version = book
    key, prefix, value = (
        f"aigov-progress:{version}",
        f"aigov-progress-set-aside:{version}:",
        CORRUPT[name],
    )
    context, page, errors = _open(book)
    _plant(page, base_url, key, value)
    page.goto(f"{base_url}{PAGE}.html")
    page.wait_for_selector("[data-exercise-id] button")

    # the notice: visible, announced, accessible
    notice = page.locator(".aigov-aside-notice")
    assert notice.count() == 1 and notice.is_visible()
    assert notice.get_attribute("role") == "alert"
    text = " ".join(notice.inner_text().split())
    assert "could not be read" in text and "set aside, not deleted" in text, text
    if name == "wrong-typed records":
        assert "1 answer that could be read was kept" in text, text
        holder = page.locator(f'[data-exercise-id="{CHOICE.id}"]')
        assert holder.get_attribute("data-state") == "correct"  # the good record, shown
    if name == "not JSON":
        page.add_script_tag(content=bk.axe_script())
        violations = page.evaluate(
            """async (tags) => (await axe.run('.aigov-aside-notice',
                 {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}))
                 .violations.map((v) => v.id)""",
            bk.AXE_TAGS,
        )
        assert violations == []

    # the value is kept verbatim under another key; the store holds what matched
    aside = page.evaluate(ASIDE_KEYS_JS, prefix)
    assert len(aside) == 1, aside
    assert page.evaluate("([k, v]) => localStorage.getItem(k) === v", [aside[0], value])
    kept = {CHOICE.id: GOOD} if name == "wrong-typed records" else {}
    assert _stored(page, key) == {"answers": kept}

    # every exercise checks
    states = _checks_every_exercise(page, [e.id for e in ON_PAGE])
    assert all(s in ("correct", "incorrect", "partial", "invalid") for s in states.values()), states

    # saving works: answer the multiple-choice exercise rightly
    holder = page.locator(f'[data-exercise-id="{CHOICE.id}"]')
    holder.locator(f'input[value="{CHOICE.build().answer}"]').check()
    holder.get_by_role("button", name="Check").click()
    assert holder.get_attribute("data-state") == "correct"
    saved = _stored(page, key)
    assert saved["answers"][CHOICE.id]["state"] == "correct"
    assert set(saved["answers"]) == {e.id for e in ON_PAGE}  # every check was saved

    # the set-aside value downloads exactly as it was stored
    with page.expect_download() as download:
        notice.get_by_role("button", name="Download the set-aside answers").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.read_text(encoding="utf-8") == value
    assert path.suffix == (".txt" if name == "not JSON" else ".json")

    # kept on reload; the notice stays while the copy exists (for two of the
    # values: the reload reads the same repaired store whatever was planted)
    if name in ("null answers", "wrong-typed records"):
        page.reload()
        page.wait_for_selector("[data-exercise-id] button")
        holder = page.locator(f'[data-exercise-id="{CHOICE.id}"]')
        assert holder.get_attribute("data-state") == "correct"
        assert page.locator(".aigov-aside-notice").is_visible()
        assert page.evaluate(ASIDE_KEYS_JS, prefix) == aside  # not set aside twice

    # The rest of the journey is the same whatever was planted: two values walk it.
    if name not in ("null answers", "not JSON"):
        assert not errors, errors
        context.close()
        return

    # the progress page: shows the answer, Download and Clear work
    page.goto(f"{base_url}chapters/progress.html")
    status = page.locator(f'[data-progress-for="{CHOICE.id}"]')
    assert status.inner_text() == "correct"
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my answers").click()
    download.value.save_as(tmp_path / "mine.json")
    mine = json.loads((tmp_path / "mine.json").read_text(encoding="utf-8"))
    assert mine["answers"][CHOICE.id]["state"] == "correct"
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Clear my progress").click()
    assert status.inner_text() == "not tried"
    assert _stored(page, key) is None

    # Discard asks, then removes the copy and the notice
    notice = page.locator(".aigov-aside-notice")
    page.once("dialog", lambda d: d.dismiss())
    notice.get_by_role("button", name="Discard the set-aside answers").click()
    assert page.evaluate(ASIDE_KEYS_JS, prefix) == aside
    page.once("dialog", lambda d: d.accept())
    notice.get_by_role("button", name="Discard the set-aside answers").click()
    assert page.evaluate(ASIDE_KEYS_JS, prefix) == []
    assert page.locator(".aigov-aside-notice").count() == 0
    assert not errors, errors
    context.close()


def test_null_answers_break_no_exercise_page(book):
    """The value that broke every page: each exercise page still checks each exercise
    (the page of the test above included: there it is the first visit)."""
    base_url, _, version = book
    context, page, errors = _open(book)
    _plant(page, base_url, f"aigov-progress:{version}", CORRUPT["null answers"])
    for name in PAGES:
        page.goto(f"{base_url}{name}.html")
        page.wait_for_selector("[data-exercise-id] button")
        assert page.locator(".aigov-aside-notice").is_visible(), name
        ids = [e.id for e in ENTRIES if str(e.spec["page"]) == name]
        states = _checks_every_exercise(page, ids)
        assert None not in states.values(), (name, states)
    assert not errors, errors
    context.close()


def test_a_good_stored_value_is_used_as_it_is(book):
    """No notice and nothing set aside when the stored progress matches the schema."""
    base_url, _, version = book
    key = f"aigov-progress:{version}"
    context, page, errors = _open(book)
    value = {"answers": {CHOICE.id: GOOD}, "note": "a field of a later version"}
    _plant(page, base_url, key, json.dumps(value))
    page.goto(f"{base_url}{PAGE}.html")
    page.wait_for_selector("[data-exercise-id] button")
    holder = page.locator(f'[data-exercise-id="{CHOICE.id}"]')
    assert holder.get_attribute("data-state") == "correct"
    assert page.locator(".aigov-aside-notice").count() == 0
    assert page.evaluate(ASIDE_KEYS_JS, "aigov-progress-set-aside:") == []
    assert _stored(page, key) == value  # untouched until something is saved
    holder.get_by_role("button", name="Check").click()
    saved = _stored(page, key)
    assert saved["note"] == value["note"] and saved["answers"][CHOICE.id]["state"] == "correct"
    assert not errors, errors
    context.close()


def test_the_script_knows_the_states_the_grader_knows():
    """The stored records are the answer file's (aigovbook/exercises/answerfiles.py)."""
    import re

    from aigovbook.exercises import grading
    from aigovbook.exercises.quiz.static import JS_PATH

    script = JS_PATH
    found = re.search(r"const STATES = \[([^\]]*)\];", script.read_text(encoding="utf-8"))
    assert tuple(json.loads(f"[{found.group(1)}]")) == grading.STATES


def test_a_value_that_cannot_be_moved_is_never_overwritten(book, tmp_path):
    """If the browser refuses the set-aside copy (storage full), the value stays
    where it was and nothing is saved over it until it is downloaded and discarded."""
    base_url, _, version = book
    key, value = f"aigov-progress:{version}", CORRUPT["array answers"]
    context, page, errors = _open(book)
    context.add_init_script(
        """(() => { const set = Storage.prototype.setItem;
             Storage.prototype.setItem = function (k, v) {
               if (String(k).startsWith('aigov-progress-set-aside:'))
                 throw new DOMException('full', 'QuotaExceededError');
               return set.call(this, k, v); }; })();"""
    )
    _plant(page, base_url, key, value)
    page.goto(f"{base_url}{PAGE}.html")
    page.wait_for_selector("[data-exercise-id] button")
    notice = page.locator(".aigov-aside-notice")
    assert "could not be moved" in notice.inner_text()
    holder = page.locator(f'[data-exercise-id="{CHOICE.id}"]')
    holder.locator(f'input[value="{CHOICE.build().answer}"]').check()
    holder.get_by_role("button", name="Check").click()
    assert holder.get_attribute("data-state") == "correct"  # the page works...
    assert page.evaluate("(k) => localStorage.getItem(k)", key) == value  # ...and keeps it
    with page.expect_download() as download:
        notice.get_by_role("button", name="Download the set-aside answers").click()
    download.value.save_as(tmp_path / "aside.json")
    assert (tmp_path / "aside.json").read_text(encoding="utf-8") == value
    page.once("dialog", lambda d: d.accept())
    notice.get_by_role("button", name="Discard the set-aside answers").click()
    assert page.locator(".aigov-aside-notice").count() == 0
    holder.get_by_role("button", name="Check").click()  # now saving resumes
    assert _stored(page, key)["answers"][CHOICE.id]["state"] == "correct"
    assert not errors, errors
    context.close()
