"""The instructors' page and the how-to page cover every part of the book,
Part V included (it was once left out of both)."""

from __future__ import annotations

import json
import re

import yaml

from tools.book import ROOT

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII"]


def parts() -> list[tuple[str, str]]:
    """(roman numeral, chapter folder) of every "Part ..." in the table of contents."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    found = []
    for part in toc["parts"]:
        match = re.match(r"Part ([IVX]+):", part["caption"])
        if match:
            folder = part["chapters"][0]["file"].split("/")[1]
            found.append((match.group(1), folder))
    return found


def markdown(path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"])


def test_the_book_has_five_parts():
    assert [r for r, _ in parts()] == ROMAN[:5]


def test_instructors_page_plans_every_part():
    text = markdown(ROOT / "chapters" / "instructors.ipynb")
    for number, (roman, folder) in enumerate(parts(), start=1):
        assert f"{{include}} {folder}/index.md" in text, f"objectives of Part {roman}"
        assert f"| {number}. Part {roman} |" in text, f"timing row for Part {roman}"
        assert f"instr_minutes_{number}`" in text
        assert f'{number}: ("Part {roman}", "{folder}"' in text, f"PARTS lists Part {roman}"
    count = ["one", "two", "three", "four", "five", "six"][len(parts()) - 1]
    assert f"**{count} sessions" in text


def test_how_to_use_names_every_part():
    text = (ROOT / "chapters" / "how-to-use.md").read_text(encoding="utf-8")
    for roman, _folder in parts():
        assert f"Part {roman}" in text or f"Parts I–{roman}" in text, roman
    assert "05-after-the-article/timeline" in text, "where Part V's questions are"
