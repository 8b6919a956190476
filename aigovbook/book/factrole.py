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
from pathlib import Path

from docutils import nodes

from ..facts import fact, source_label, tip_text  # noqa: F401 (source_label: re-exported)

CSS_FILE = "facts/facts.css"
JS_FILE = "facts/facts.js"
DEPENDS_ON = ("facts.csv", "memberships.csv", "events.csv", "countries.csv", "datapackage.json")


class fact_node(nodes.inline):
    """A figure from facts.csv; attributes ``key``, ``tip`` (source and date) and ``ident``."""


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
    # a figure of the role, or one in an exercise's prompt (a notebook's stored output)
    in_outputs = 'class="aigov-fact-box"' in str(context.get("body", ""))
    if in_outputs or (doctree is not None and any(doctree.findall(fact_node))):
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
