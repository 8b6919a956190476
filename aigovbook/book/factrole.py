"""The MyST role ``{fact}`key```: a figure from ``data/facts.csv`` in the prose.

The role prints the fact's value with its unit (see :mod:`aigovbook.facts`).
On the web the figure can take keyboard focus, and on hover or focus a note
shows its source and the date it holds for; screen readers get the same text
as the figure's accessible description (``aria-describedby``). Escape hides
the note (WCAG 1.4.13). In the PDF (``tools/pdf.py``) each figure gets a
numbered note at the end of its chapter.

Registered in ``_config.yml`` (``sphinx: extra_extensions``). Pages that use a
fact are rebuilt when ``data/facts.csv`` or a table it is computed from changes.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path

from docutils import nodes

from ..facts import fact, format_date

CSS_FILE = "facts/facts.css"
JS_FILE = "facts/facts.js"
DEPENDS_ON = ("facts.csv", "memberships.csv", "events.csv", "countries.csv", "datapackage.json")


class fact_node(nodes.inline):
    """A figure from facts.csv; attributes ``key``, ``tip`` (source and date) and ``ident``."""


@lru_cache(maxsize=4)
def _bib_labels(bib_path: str, mtime: float) -> dict[str, str]:
    """``key -> "Author (year), Title"`` for every entry of references.bib."""
    from pybtex.database import parse_file

    out = {}
    for key, entry in parse_file(bib_path, bib_format="bibtex").entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        if people:
            names = [" ".join(p.last_names) or str(p) for p in people]
            who = names[0] if len(names) < 3 else names[0] + " et al."
            if len(names) == 2:
                who = f"{names[0]} and {names[1]}"
        else:
            who = entry.fields.get("author", entry.fields.get("organization", key))
        who = re.sub(r"[{}]", "", who)
        title = re.sub(r"[{}]", "", entry.fields.get("title", ""))
        year = entry.fields.get("year", "n.d.")
        label = f"{who} ({year}), {title}".strip().rstrip(",")
        out[key] = label.replace("---", "—").replace("--", "–")  # BibTeX dashes
    return out


def source_label(key: str, bib: Path) -> str:
    return _bib_labels(str(bib), bib.stat().st_mtime_ns).get(key, key)


def tip_text(key: str, data_dir: Path, bib: Path) -> str:
    """What the note says: source, date and, for a computed figure, how."""
    f = fact(key, data_dir)
    parts = []
    if f.computed_from:
        parts.append(f"Computed from the book's data/{f.computed_from}.")
    if f.source:
        parts.append(f"Source: {source_label(f.source, bib)}.")
    parts.append(f"As of {format_date(f.as_of)}.")
    if f.status == "RECALLED":
        parts.append("Not confirmed (recalled).")
    return " ".join(parts)


def fact_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    env = inliner.document.settings.env
    srcdir = Path(env.srcdir)
    data_dir, bib = srcdir / "data", srcdir / "references.bib"
    for dep in DEPENDS_ON:
        env.note_dependency(str(data_dir / dep))
    env.note_dependency(str(bib))
    # and on this code: a change to how facts print re-reads the pages that use them
    for module in (Path(__file__), Path(__file__).with_name("facts.py")):
        env.note_dependency(str(module))
    key = text.strip()
    try:
        f = fact(key, data_dir)
        tip = tip_text(key, data_dir, bib)
    except (KeyError, ValueError) as exc:
        msg = inliner.reporter.error(f"{{fact}}: {exc}", line=lineno)
        prb = inliner.problematic(rawtext, rawtext, msg)
        return [prb], [msg]
    doc = inliner.document
    count = getattr(doc, "_aigov_fact_count", 0) + 1
    doc._aigov_fact_count = count
    node = fact_node(rawtext, f.text, classes=["aigov-fact"])
    node["key"], node["tip"], node["ident"] = key, tip, f"fact-{count}-{key.replace('_', '-')}"
    return [node], []


def visit_fact_html(self, node: fact_node) -> None:
    self.body.append(
        f'<span class="aigov-fact-box"><span class="aigov-fact" tabindex="0" '
        f'data-fact="{html.escape(node["key"])}" aria-describedby="{node["ident"]}">'
    )


def depart_fact_html(self, node: fact_node) -> None:
    self.body.append(
        f'</span><span class="aigov-fact-tip" role="tooltip" id="{node["ident"]}">'
        f"{html.escape(node['tip'])}</span></span>"
    )


def _pass(self, node) -> None:
    pass


def _add_assets(app, pagename, templatename, context, doctree) -> None:
    if doctree is not None and any(doctree.findall(fact_node)):
        app.add_css_file(CSS_FILE)
        app.add_js_file(JS_FILE)


def setup(app):
    app.add_role("fact", fact_role)
    app.add_node(
        fact_node,
        html=(visit_fact_html, depart_fact_html),
        latex=(_pass, _pass),
        text=(_pass, _pass),
        man=(_pass, _pass),
        texinfo=(_pass, _pass),
    )
    app.connect("html-page-context", _add_assets)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
