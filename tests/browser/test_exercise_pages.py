"""The exercises in the built book work without a kernel (issue: exercises everywhere).

For every exercise of the bank, on its page of the built book, in Chromium
with every off-origin request blocked or answered locally (browserkit):

- the holder has ``data-exercise-id``, a button whose accessible name
  contains "Check", labelled controls and an ``aria-live`` feedback region;
- Check with no answer gives ``data-state="invalid"``; the right answer
  (computed from the bank, entered through the controls, by keyboard)
  gives ``correct``; a wrong one ``incorrect`` or ``partial``;
- the worked solution is not in the page's visible text before a checked
  attempt and can be shown after one (instructor edition);
- answers persist across reloads and appear on the "My progress" page;
  "Download my answers" saves a file that ``./dev grade`` grades with the
  same scores; clearing asks for confirmation;
- in dark mode and at 375 px the exercises fit and keep their contrast
  colours from the theme; no console errors, no failed requests.

Runs against ``$BOOK_HTML`` if set, else the session's strict build.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import browserkit as bk
import pytest

from aigovbook.book.exercises import PAGE_KINDS
from aigovbook.exercises import Classification, MultipleChoice, MultipleSelect, Numeric, entries
from aigovbook.exercises.grading import grade
from aigovbook.exercises.quiz.static import anchor

pytestmark = pytest.mark.browser

ENTRIES = [e for e in entries() if e.spec["kind"] in PAGE_KINDS]  # kinds the page checks
PAGES = sorted({str(e.spec["page"]) for e in ENTRIES})


@pytest.fixture(scope="module")
def book(html_dir, browser):
    """The built book (``$BOOK_HTML`` or the session's strict build), served, in the
    session's Chromium (Playwright's sync API cannot run two at once)."""
    with bk.serve(html_dir) as base_url:
        yield html_dir, base_url, browser


def _page(book, *, dark=False, mobile=False):
    html, base_url, browser = book
    context, net = bk.new_context(browser, base_url, dark=dark, mobile=mobile)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, net, page, errors


def _fill(page, holder, exercise, right: bool) -> None:
    """Answer through the controls, with the keyboard where a person would."""
    if isinstance(exercise, (MultipleChoice, MultipleSelect)):
        keys = [o.key for o in exercise.options]
        if isinstance(exercise, MultipleChoice):
            chosen = [exercise.answer] if right else [k for k in keys if k != exercise.answer][:1]
        else:
            chosen = (
                sorted(exercise.answer)
                if right
                else [k for k in keys if k not in exercise.answer][:1]
            )
        for key in chosen:
            control = holder.locator(f'input[value="{key}"]')
            control.focus()
            page.keyboard.press("Space")
    elif isinstance(exercise, Numeric):
        box = holder.get_by_role("textbox", name="Answer")
        box.fill(
            str(exercise.answer if right else exercise.answer + 10 * max(1, exercise.tolerance))
        )
    elif isinstance(exercise, Classification):
        cats = list(exercise.categories)
        for o in exercise.options:
            want = exercise.answer[o.key]
            pick = want if right else next(c for c in cats if c != want)
            holder.get_by_label(o.label, exact=True).select_option(value=pick)
    else:  # ordering: options are in the right order
        n = len(exercise.options)
        for i, o in enumerate(exercise.options, start=1):
            pos = i if right else n + 1 - i
            holder.get_by_label(o.label, exact=True).select_option(value=str(pos))


def _check(page, holder) -> str:
    button = holder.get_by_role("button", name="Check")
    button.focus()
    page.keyboard.press("Enter")
    return holder.get_attribute("data-state")


@pytest.mark.parametrize("page_name", PAGES)
def test_every_exercise_checks_in_the_page(book, page_name):
    html, base_url, _ = book
    context, net, page, errors = _page(book)
    page.goto(f"{base_url}{page_name}.html")
    on_page = [e for e in ENTRIES if e.spec["page"] == page_name]
    # Every exercise is first answered wrongly, then the page is reloaded once
    # (the verdicts must be kept), then every exercise is answered rightly.
    for item in on_page:
        exercise = item.build()
        holder = page.locator(f'[data-exercise-id="{item.id}"]')
        assert holder.count() == 1, item.id
        assert holder.get_attribute("id") == anchor(item.id)
        button = holder.get_by_role("button", name="Check")
        assert "Check" in button.get_attribute("aria-label")
        live = holder.locator('[aria-live="polite"]')
        assert live.count() == 1
        # every control has a label
        for control in holder.locator("input, select").all():
            cid = control.get_attribute("id")
            assert cid and holder.locator(f'label[for="{cid}"]').count() == 1, (item.id, cid)
        # no solution before an attempt; the Show solution button appears after one
        solution = holder.locator("button.aigov-ex-show")
        assert solution.count() == 1 and not solution.is_visible()
        visible = page.evaluate("() => document.body.innerText")
        assert exercise.explanation[:50] not in visible, item.id
        assert _check(page, holder) == "invalid", item.id
        assert not solution.is_visible()
        _fill(page, holder, exercise, right=False)
        assert _check(page, holder) in ("incorrect", "partial"), item.id
        assert live.inner_text().strip(), item.id
    page.reload()
    for item in on_page:
        exercise = item.build()
        holder = page.locator(f'[data-exercise-id="{item.id}"]')
        assert holder.get_attribute("data-state") in ("incorrect", "partial"), "not kept on reload"
        for control in holder.locator("input[type=checkbox], input[type=radio]").all():
            if control.is_checked():
                control.focus()
                page.keyboard.press("Space")  # clear (radios stay: they are replaced below)
        _fill(page, holder, exercise, right=True)
        assert _check(page, holder) == "correct", (
            item.id,
            holder.locator("[aria-live]").inner_text(),
        )
        show = holder.get_by_role("button", name="Show solution")
        assert show.is_visible(), item.id
        show.click()
        shown = holder.locator(".aigov-ex-solution").inner_text()
        assert " ".join(exercise.explanation.split())[:50] in " ".join(shown.split()), item.id
    assert not errors, errors
    assert not [f for f in net.failed if "aigov" in f or "127.0.0.1" in f], net.failed
    context.close()


def test_progress_page_download_grade_and_clear(book, tmp_path):
    html, base_url, _ = book
    context, net, page, errors = _page(book)
    item = next(e for e in ENTRIES if isinstance(e.build(), MultipleChoice))
    exercise = item.build()
    page.goto(f"{base_url}{item.spec['page']}.html")
    holder = page.locator(f'[data-exercise-id="{item.id}"]')
    _fill(page, holder, exercise, right=True)
    assert _check(page, holder) == "correct"
    page.goto(f"{base_url}chapters/progress.html")
    status = page.locator(f'[data-progress-for="{item.id}"]')
    assert status.inner_text() == "correct"
    assert page.locator("[data-progress-for]").count() == len(ENTRIES)
    link = page.locator(f'a[href*="#{anchor(item.id)}"]')
    assert link.count() == 1
    page.get_by_label("Student id (optional)").fill("s123")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my answers").click()
    saved = tmp_path / "in" / "s123.json"
    saved.parent.mkdir()
    download.value.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["schema"] == "aigov-answers/1" and data["student_id"] == "s123"
    assert data["answers"][item.id]["state"] == "correct"
    lines = []
    assert grade(saved.parent, tmp_path / "out", echo=lines.append) == 1, lines
    assert not [x for x in lines if x.startswith("skipped")], lines
    # clearing asks first: dismissing keeps everything, accepting clears
    page.once("dialog", lambda d: d.dismiss())
    page.get_by_role("button", name="Clear my progress").click()
    assert status.inner_text() == "correct"
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Clear my progress").click()
    assert status.inner_text() == "not tried"
    assert not errors, errors
    context.close()


# At 375 px in both colour modes: what fits there fits a desktop, and the dark
# desktop page is checked by axe (contrast included) in test_browser_modes.py.
@pytest.mark.parametrize("dark,mobile", [(False, True), (True, True)])
def test_exercises_fit_and_follow_the_theme(book, dark, mobile):
    html, base_url, _ = book
    context, net, page, errors = _page(book, dark=dark, mobile=mobile)
    page.goto(f"{base_url}chapters/04-challenges/membership-exercises.html")
    page.wait_for_selector("[data-exercise-id] button")
    theme = page.evaluate("() => document.documentElement.dataset.theme")
    assert theme == ("dark" if dark else "light")
    widths = page.evaluate(
        """() => [...document.querySelectorAll('[data-exercise-id]')].map((h) => {
             const r = h.getBoundingClientRect();
             return [h.dataset.exerciseId, r.right, h.scrollWidth - h.clientWidth];})"""
    )
    viewport = bk.MOBILE_VIEWPORT["width"] if mobile else bk.DESKTOP_VIEWPORT["width"]
    for exercise_id, right, overflow in widths:
        assert right <= viewport + 1 and overflow <= 1, (exercise_id, right, overflow)
    # text and control colours come from the theme (no fixed light colours in dark mode)
    # the text of an option, of a button and what is really behind each (the nearest
    # ancestor with a background)
    colours = page.evaluate(
        """() => {
             const behind = (el) => { for (let n = el; n; n = n.parentElement) {
                 const c = getComputedStyle(n).backgroundColor;
                 if (c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c; }
               return 'rgb(255, 255, 255)'; };
             const h = document.querySelector('[data-exercise-id]');
             const label = h.querySelector('label'); const b = h.querySelector('button');
             return [getComputedStyle(label).color, getComputedStyle(b).color, behind(b),
                     behind(label)]; }"""
    )
    text, button_text, button_bg, page_bg = colours

    def luminance(css: str) -> float:
        r, g, b = (float(x) for x in re.findall(r"[\d.]+", css)[:3])

        def ch(c: float) -> float:
            c /= 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)

    def contrast(a: str, b: str) -> float:
        la, lb = sorted((luminance(a), luminance(b)), reverse=True)
        return (la + 0.05) / (lb + 0.05)

    assert contrast(text, page_bg) >= 4.5, colours
    assert contrast(button_text, button_bg) >= 4.5, colours
    assert not [e for e in errors if "aigov" in e], errors
    context.close()


def test_without_worked_solutions_the_page_still_checks(book):
    """What the student edition's pages do: no aigov-worked data, so no Show solution."""
    html, base_url, _ = book
    context, net, page, errors = _page(book)
    item = next(e for e in ENTRIES if isinstance(e.build(), Numeric))
    exercise = item.build()
    page_html = (Path(html) / f"{item.spec['page']}.html").read_text(encoding="utf-8")
    without = re.sub(
        r'<script type="application/json" id="aigov-worked"[^>]*>.*?</script>',
        "",
        page_html,
        flags=re.S,
    )
    context.route(
        f"**/{item.spec['page']}.html",
        lambda route: route.fulfill(body=without, content_type="text/html; charset=utf-8"),
    )
    page.goto(f"{base_url}{item.spec['page']}.html")
    assert page.locator("#aigov-worked").count() == 0
    holder = page.locator(f'[data-exercise-id="{item.id}"]')
    _fill(page, holder, exercise, right=True)
    assert _check(page, holder) == "correct"
    assert not holder.locator("button.aigov-ex-show").is_visible()
    assert exercise.explanation[:50] not in page.content()
    assert not errors, errors
    context.close()


def test_a_figure_in_a_prompt_carries_its_source_note(book):
    """Q4.2's caveat states figures from data/facts.csv: once the checker has drawn the
    prompt, and again after another choice, each is focusable and its note gives the
    source and the date, as the {fact} role does in the prose; Escape hides it."""
    from playwright.sync_api import expect

    from aigovbook.facts import fact, format_date

    _, base_url, _ = book
    context, net, page, errors = _page(book)
    page.goto(f"{base_url}chapters/04-challenges/membership-exercises.html")
    holder = page.locator('[data-exercise-id="Q4.2"]')
    expect(holder.get_by_role("button", name="Check")).to_be_visible()
    f = fact("aipd_participants")
    for choice in (None, "IND"):
        if choice:
            holder.locator("select").first.select_option(choice)
        figures = holder.locator(".aigov-ex-prompt .aigov-fact")
        assert figures.count() >= 4  # names, count, date of the count, GPAI's date
        figure = holder.locator('.aigov-ex-prompt .aigov-fact[data-fact="aipd_participants"]')
        expect(figure).to_have_count(1)
        expect(figure).to_have_text(f.text)
        tip = page.locator(f"#{figure.get_attribute('aria-describedby')}")
        expect(tip).to_be_hidden()
        figure.focus()
        expect(tip).to_be_visible()
        expect(tip).to_contain_text(f"As of {format_date(f.as_of)}.")
        expect(tip).to_contain_text("Source: ")
        expect(figure).to_have_accessible_description(tip.inner_text())
        page.keyboard.press("Escape")
        expect(tip).to_be_hidden()
        holder.get_by_role("button", name="Check").focus()
    assert not errors, errors
    context.close()
