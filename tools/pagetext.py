"""What a reader gets from each built page, as text, to compare two builds.

``python -m tools.pagetext _build/html --out before.json`` saves the text of every page;
``python -m tools.pagetext --compare before.json after.json`` (files or build folders) prints
the pages whose text differs, with a diff, and exits 1 if any does.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

#: Elements that start a new line of text, so that a diff reads by paragraph.
_BLOCKS = {
    "p",
    "div",
    "li",
    "tr",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "section",
    "table",
    "figure",
    "figcaption",
    "blockquote",
    "dt",
    "dd",
    "summary",
    "details",
}
#: Attributes a reader meets through a screen reader or a tooltip.
_SPOKEN = ("alt", "aria-label", "title", "placeholder")
#: Generated identifiers: UUIDs and long hexadecimal runs (chart ids, content hashes).
_GENERATED = re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}|[0-9a-f]{12,}")


class _Text(HTMLParser):
    """Visible text, spoken attributes and script text (chart specs), one block a line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")
        for name, value in attrs:
            if name in _SPOKEN and value:
                self.parts.append(f"[{name}: {value}]")
        if tag in ("script", "style"):
            self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "style":
            return
        self.parts.append(data)


def page_text(html: str) -> str:
    """The text of one page, whitespace collapsed and generated ids replaced by ``<id>``."""
    parser = _Text()
    parser.feed(html)
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(_GENERATED.sub("<id>", line) for line in lines if line)


def book_text(root: Path) -> dict[str, str]:
    """``{page path: text}`` for every ``.html`` file under ``root`` (a built book)."""
    return {
        str(path.relative_to(root)): page_text(path.read_text(encoding="utf-8"))
        for path in sorted(root.rglob("*.html"))
    }


def _load(source: Path) -> dict[str, str]:
    if source.is_dir():
        return book_text(source)
    return json.loads(source.read_text(encoding="utf-8"))


def compare(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Differences as report lines: pages added, removed, or whose text changed (with a diff)."""
    report = [f"only before: {page}" for page in sorted(before.keys() - after.keys())]
    report += [f"only after: {page}" for page in sorted(after.keys() - before.keys())]
    for page in sorted(before.keys() & after.keys()):
        if before[page] != after[page]:
            report.append(f"changed: {page}")
            diff = difflib.unified_diff(
                before[page].splitlines(), after[page].splitlines(), lineterm="", n=0
            )
            report += [f"    {line}" for line in list(diff)[2:]]
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.pagetext", description=__doc__)
    parser.add_argument("build", nargs="?", type=Path, help="a built book (_build/html)")
    parser.add_argument("--out", type=Path, help="write the pages' text here (JSON)")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args(argv)
    if args.compare:
        before, after = (_load(p) for p in args.compare)
        report = compare(before, after)
        print("\n".join(report) if report else f"identical: {len(before)} pages")
        return 1 if report else 0
    if not args.build or not args.out:
        parser.error("give a build folder and --out, or --compare BEFORE AFTER")
    pages = book_text(args.build)
    args.out.write_text(json.dumps(pages, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"{len(pages)} pages -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
