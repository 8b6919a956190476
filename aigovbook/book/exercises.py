"""Sphinx extension: kernel-free exercises in the built book.

The book shows each exercise's HTML holder instead of its ipywidgets view, and
serves ``aigov-check.js``/``.css`` only to pages that need them. The instructor
edition gets the worked solutions and the answer key; the student edition none.
It also leaves the widget manager out of pages whose only widgets are
exercises, and fills the "My progress" page. See chapters/architecture.md.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path
from typing import Any

from ..exercises.quiz import static as static_module
from ..exercises.quiz.static import JS_PATH, anchor, book_version, solutions

SCRIPT = JS_PATH.name
STYLE = JS_PATH.with_suffix(".css").name
PROGRESS = "<div data-aigov-progress></div>"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
_HOLDER = re.compile(r'data-exercise-id="([^"]+)"')
_KEY_SLOT = re.compile(
    r'<div class="aigov-answer-key-slot" data-aigov-answer-key="(\w+)">.*?</div>', re.S
)
PAGE_KINDS = ("multiple_choice", "multiple_select", "numeric", "ordering", "classification")
STUDENT_KEY_NOTE = "<p>The answer key is not included in the student edition.</p>"


def _fill_answer_key(app: Any, body: str) -> str:
    """Answer-key slots (stored outputs: student view) -> the key, instructor edition only."""
    if "data-aigov-answer-key" not in body:
        return body
    from ..exercises.quiz.widgets import answer_key_html

    def key(match: re.Match) -> str:
        if getattr(app.config, "hide_solutions", False):
            return STUDENT_KEY_NOTE
        chapter = None if match.group(1) == "all" else int(match.group(1))
        return answer_key_html(chapter, inline=True)

    return _KEY_SLOT.sub(key, body)


def _config_inited(app: Any, config: Any) -> None:
    overrides = list(config.nb_mime_priority_overrides or [])
    # text/html has priority 30 for HTML builders; put the widget view after it.
    overrides += [(builder, WIDGET_VIEW, 35) for builder in ("html", "dirhtml", "singlehtml")]
    config.nb_mime_priority_overrides = overrides
    static = list(config.html_static_path or [])
    if str(JS_PATH.parent) not in static:
        static.append(str(JS_PATH.parent))
    config.html_static_path = static


def _script_json(data: Any, element_id: str) -> str:
    """Worked solutions as JSON; the class is the editions' solution marker
    (``tools/student_edition.py`` fails the student edition if it finds it)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (
        f'<script type="application/json" id="{element_id}" class="aigov-solution">{text}</script>'
    )


def progress_html(app: Any, pagename: str) -> str:
    """The "My progress" page's table and controls (status filled in by the script)."""
    from ..exercises.bank import entries

    rows = []
    for item in entries():
        if item.spec["kind"] not in PAGE_KINDS:
            continue  # a kind the page cannot check is not listed
        try:
            uri = app.builder.get_relative_uri(pagename, str(item.spec["page"]))
        except Exception:  # noqa: BLE001 - a page outside the build: list it without a link
            uri = ""
        title = html.escape(f"{item.id} {item.spec['title']}")
        link = f'<a href="{html.escape(uri)}#{anchor(item.id)}">{title}</a>' if uri else title
        rows.append(
            f'<tr><td>{link}</td><td data-progress-for="{html.escape(item.id)}">not tried</td></tr>'
        )
    return (
        f'<div data-aigov-progress data-version="{html.escape(book_version())}">'
        '<p class="aigov-progress-summary" role="status" aria-live="polite"></p>'
        '<table class="aigov-progress-table"><caption>Every auto-checked question and your '
        'latest result in this browser</caption><thead><tr><th scope="col">Question</th>'
        '<th scope="col">Status</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>"
        '<div class="aigov-progress-controls">'
        '<p><label for="aigov-progress-name">Your name (optional)</label> '
        '<input type="text" id="aigov-progress-name" autocomplete="name"></p>'
        '<p><label for="aigov-progress-id">Student id (optional)</label> '
        '<input type="text" id="aigov-progress-id" autocomplete="off"></p>'
        '<p><button type="button" class="aigov-progress-download">Download my answers</button> '
        '<button type="button" class="aigov-progress-clear">Clear my progress</button></p>'
        "</div></div>"
    )


def _page_context(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    body = context.get("body") or ""
    if "data-aigov-answer-key" in body:
        body = context["body"] = _fill_answer_key(app, body)
    ids = list(dict.fromkeys(_HOLDER.findall(body)))
    has_progress = PROGRESS in body
    if not ids and not has_progress:
        return
    app.add_js_file(SCRIPT)
    app.add_css_file(STYLE)
    if has_progress:
        body = body.replace(PROGRESS, progress_html(app, pagename))
    if ids and not getattr(app.config, "hide_solutions", False):
        from ..exercises.bank import entry

        worked = {}
        for exercise_id in ids:
            try:
                worked[exercise_id] = solutions(entry(exercise_id))
            except KeyError:
                continue
        body += _script_json(worked, "aigov-worked")
    context["body"] = body
    if ids and f'type="{WIDGET_VIEW}"' not in body:
        _drop_widget_scripts(app, context)


def _drop_widget_scripts(app: Any, context: dict) -> None:
    """A page whose only widgets were exercises renders none of them: leave out the
    saved widget state and the widget manager (require.js, about 4 MB of scripts)."""
    manager = set(getattr(app.config, "nb_ipywidgets_js", None) or {})
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    scripts[:] = [
        js
        for js in scripts
        if getattr(js, "attributes", {}).get("type") != WIDGET_STATE
        and str(getattr(js, "filename", js)).removeprefix("_static/") not in manager
    ]


def _env_version() -> int:
    """Changes whenever this extension, the page data or the script change, so that
    an incremental build rewrites every page instead of mixing old pages and a new script."""
    digest = hashlib.sha256()
    for path in (Path(__file__), Path(static_module.__file__), JS_PATH):
        digest.update(path.read_bytes())
    return int(digest.hexdigest()[:7], 16)


def setup(app: Any) -> dict[str, Any]:
    app.connect("config-inited", _config_inited)
    app.connect("html-page-context", _page_context)
    return {
        "version": "1",
        "env_version": _env_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
