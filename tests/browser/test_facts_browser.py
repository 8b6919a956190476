"""Figures from data/facts.csv in the page: source and date on hover and on
keyboard focus, dismissible with Escape, with no axe violation while shown
(light and dark mode; the walk in test_browser.py runs axe on every page too)."""

from __future__ import annotations

import browserkit as bk
import pytest
from playwright.sync_api import expect

PAGE = "chapters/04-challenges/since-the-article.html"


def _open(browser, site, mode: str):
    context, _ = bk.new_context(browser, site, dark=mode == "dark")
    tab = context.new_page()
    tab.goto(f"{site}/{PAGE}")
    tab.wait_for_selector(".aigov-fact")
    return context, tab


@pytest.fixture(scope="module")
def page(browser, site):
    """The page in light mode, shared by the tests of this module (each leaves
    focus and pointer where it found them: nothing shown)."""
    context, tab = _open(browser, site, "light")
    yield tab
    context.close()


def test_keyboard_focus_shows_source_and_date(page):
    # Tab from the first fact's preceding text: the fact is in the tab order.
    first = page.locator(".aigov-fact").first
    tip = page.locator(".aigov-fact-tip").first
    expect(tip).to_be_hidden()
    page.evaluate(
        """() => { const f = document.querySelector('.aigov-fact');
        const b = document.createElement('button'); b.id = 'before-fact';
        f.parentElement.parentElement.insertBefore(b, f.parentElement); b.focus(); }"""
    )
    page.keyboard.press("Tab")
    expect(first).to_be_focused()
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("As of ")
    expect(tip).to_contain_text("Source: ")
    expect(first).to_have_accessible_description(tip.inner_text())
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    expect(tip).to_be_visible()
    page.keyboard.press("Shift+Tab")
    expect(tip).to_be_hidden()


def test_hover_shows_the_note_and_the_note_can_be_hovered(page):
    box = page.locator(".aigov-fact-box").nth(1)
    tip = box.locator(".aigov-fact-tip")
    box.locator(".aigov-fact").hover()
    expect(tip).to_be_visible()
    tip.hover()  # WCAG 1.4.13: the pointer can move onto the note
    expect(tip).to_be_visible()
    page.mouse.move(0, 0)
    expect(tip).to_be_hidden()


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_no_axe_violation_while_a_note_is_shown(browser, site, mode):
    context, page = _open(browser, site, mode)
    try:
        page.locator(".aigov-fact").first.focus()
        expect(page.locator(".aigov-fact-tip").first).to_be_visible()
        page.add_script_tag(content=bk.axe_script())
        violations = page.evaluate(bk.AXE_RUN_JS, [bk.AXE_TAGS, []])
        assert violations == []
    finally:
        context.close()
