"""Drive Debian's Chromium over the built book, offline.

Used by the browser tests (tests/browser/test_browser_*.py) and by the
benchmark (benchmarks/run.py). The built HTML is served from a
``http.server`` thread on 127.0.0.1, and **every request that leaves that
origin is aborted** and counted as a failed request of the page that made it
(``PageResult.third_party`` lists them). The abort needs no request routing
(which would turn Chromium's cache off, a third more CPU per page): each
context sends everything but its origin to a proxy address where nothing
listens (:func:`offline_proxy`), and a listener records every request off the
origin (:func:`off_origin_watch`). The book serves every script, style
and font itself (Vega from ``_widgets/vega/``, the widget manager from
``_widgets/jupyter-widgets/``), so a page that still needs a CDN fails here
exactly as it would fail for a reader without network. The allow-list of
external hosts that may be aborted without counting (``OPTIONAL_HOSTS``) is
empty: a page of this book needs nothing else.
"""

from __future__ import annotations

import functools
import json
import re
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tools.book import toc_files  # noqa: F401  (re-exported: the one table-of-contents walker)
from tools.browser import (  # noqa: F401  (one server and one launcher for tests and tools)
    CHROMIUM,
    CHROMIUM_ARGS,
    chromium,
    serve,
)

ROOT = Path(__file__).resolve().parents[2]

NODE_MODULES = ROOT / "node_modules"
LOCKFILE = ROOT / "package-lock.json"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"

# External hosts a page may try to reach without that counting as a failure.
# Deliberately empty; add a host only with a comment saying why it is optional.
OPTIONAL_HOSTS: set[str] = set()
# WCAG 2.0 and 2.1, levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"critical", "serious"}
# What axe leaves out on the pages of a walk after the first of each mode
# (AXE_SCOPE_NOTE says why; visit() and the first page are read whole):
SITE_CHROME = ("header.bd-header", "#pst-primary-sidebar")  # the same on every page
CHART_MARKS = ".aigov-chart svg > g"  # a chart's drawn marks, inside its labelled <svg>
AXE_SCOPE_NOTE = (
    "The header and the site navigation are the same on every page: each walk "
    "has axe read them on its first page, then each page's own content. The walks "
    "in other modes than light also leave out the marks inside a chart's drawing: "
    "the same SVG and ARIA as in the light walk, which reads them on every page, "
    "and axe's colour-contrast rule reads no text inside a chart."
)
# What Vega calls a chart that has no description: not a text alternative.
GENERIC_CHART_LABELS = {"", "vega visualization", "visualization", "chart", "figure"}
MOBILE_VIEWPORT = {"width": 375, "height": 812}
# A walk's mode: its colour scheme, and "-narrow" for the 375 px viewport
# ("dark", "light-narrow", "dark-narrow"; "light" is the desktop light walk).
MODES = ("light", "dark", "light-narrow", "dark-narrow")
DESKTOP_VIEWPORT = {"width": 1280, "height": 900}
ALTAIR_CHARTS = "div[id^='altair-viz-']"
WIDGET_VIEWS = "script[type='application/vnd.jupyter.widget-view+json']"
RENDER_TIMEOUT_MS = 20_000
SETTLE_MS = 250
IN_FLIGHT = 2  # pages loading at once in a walk (3 measured no faster on 2 cores)


# --------------------------------------------------------------------- pages


def is_notebook(page: str, root: Path = ROOT) -> bool:
    return (root / f"{page}.ipynb").is_file()


# -------------------------------------------------------------- npm lockfile


@functools.cache
def locked_versions() -> dict[str, str]:
    """Package name -> version, for the top-level packages in package-lock.json."""
    lock = json.loads(LOCKFILE.read_text(encoding="utf-8"))
    prefix = "node_modules/"
    return {
        key[len(prefix) :]: meta["version"]
        for key, meta in lock["packages"].items()
        if key.startswith(prefix) and "/node_modules/" not in key[len(prefix) :]
    }


# The local server and the Chromium launcher are the tools package's
# (tools.browser). Below: a server in a process of its own (http.server, as
# the offline README says, and JupyterLab).


@contextmanager
def server_process(
    argv: list[str], probe: str, *, cwd: Path | None = None, seconds: float = 60
) -> Iterator[str]:
    """Run a server (``python -m http.server``, JupyterLab) in its own process.

    ``argv`` and ``probe`` (a URL to ask) may hold ``{port}``, a free local
    port. Yield ``http://127.0.0.1:{port}`` once ``probe`` answers at all (an
    HTTP error is an answer); fail with the end of the server's output if it
    stops or does not answer within ``seconds``. Stopped on exit."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    argv = [a.format(port=port) for a in argv]
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, cwd=cwd)
        try:
            deadline = time.monotonic() + seconds
            while not _answers(probe.format(port=port)):
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"{argv[:3]} did not start:\n{log.read()[-2000:]}")
                time.sleep(0.1)
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:  # a loaded machine: JupyterLab may take long to stop
                proc.kill()
                proc.wait(timeout=15)


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=1).close()
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


@dataclass
class Network:
    """What one browser context asked the network for."""

    failed: list[str] = field(default_factory=list)
    third_party: list[str] = field(default_factory=list)
    optional_blocked: list[str] = field(default_factory=list)
    # The same failures and off-origin URLs, by the page that made the request
    # (pages are walked several at a time, so the context-wide lists cannot tell).
    failed_by_page: dict = field(default_factory=dict)
    third_party_by_page: dict = field(default_factory=dict)

    def fail(self, request, message: str) -> None:
        self.failed.append(message)
        try:
            page = request.frame.page
        except Exception:  # noqa: BLE001 - a request without a page (worker)
            page = None
        self.failed_by_page.setdefault(page, []).append(message)
        self.third_party_by_page.setdefault(page, []).append(request.url)


def off_origin_watch(origin: str, net: Network):
    """A listener for a context's ``request`` events: each request that leaves
    ``origin`` (data: and blob: URLs stay in the page) is recorded in ``net``,
    as a failure of its page unless its host is in OPTIONAL_HOSTS. (The
    context's proxy makes it fail: :func:`offline_proxy`.)"""
    origin = origin.rstrip("/")

    def watch(request) -> None:
        url = request.url
        if url == origin or url.startswith(origin + "/") or url.startswith(("data:", "blob:")):
            return
        if (urlsplit(url).hostname or "") in OPTIONAL_HOSTS:
            net.optional_blocked.append(url)
        else:
            net.third_party.append(url)
            net.fail(request, f"off-origin request aborted: {url}")

    return watch


@functools.cache
def _dead_port() -> int:
    """A local port where nothing listens (taken from the system, then let go)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def offline_proxy(base_url: str) -> dict[str, str]:
    """Playwright's ``proxy`` for a context that may reach ``base_url``'s origin
    only: every other request, to another host or another local port alike
    (``<-loopback>`` drops Chromium's rule that local addresses skip the proxy),
    goes to a port where nothing listens, and fails there."""
    parts = urlsplit(base_url)
    proxy = {"server": f"http://127.0.0.1:{_dead_port()}", "bypass": "<-loopback>"}
    if parts.scheme in ("http", "https"):
        proxy["bypass"] += f",{parts.netloc}"
    return proxy


def mode_options(mode: str) -> dict[str, bool]:
    """``new_context``'s options for a walk's mode (see ``MODES``)."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}: one of {MODES}")
    return {"dark": mode.startswith("dark"), "mobile": mode.endswith("-narrow")}


def new_context(browser, base_url: str, *, dark: bool = False, mobile: bool = False):
    """A browser context that may reach ``base_url``'s origin and nothing else."""
    context = browser.new_context(
        viewport=MOBILE_VIEWPORT if mobile else DESKTOP_VIEWPORT,
        color_scheme="dark" if dark else "light",
        reduced_motion="reduce",
        service_workers="block",
        proxy=offline_proxy(base_url),
    )
    mode = "dark" if dark else "light"
    # pydata-sphinx-theme reads the colour mode from localStorage["mode"]
    # ("theme" in older versions) and sets <html data-theme=...>.
    context.add_init_script(
        f"try {{ localStorage.setItem('mode', '{mode}');"
        f" localStorage.setItem('theme', '{mode}'); }} catch (e) {{}}"
    )
    net = Network()
    parts = urlsplit(base_url)
    context.on("request", off_origin_watch(f"{parts.scheme}://{parts.netloc}", net))
    return context, net


@dataclass
class PageResult:
    """Everything the tests assert about one page in one mode."""

    page: str
    mode: str = "light"
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    third_party: list[str] = field(default_factory=list)
    charts: int = 0
    charts_rendered: int = 0
    chart_labels: list[str] = field(default_factory=list)
    widget_views: int = 0
    widgets_rendered: int = 0
    widget_kinds: str = ""
    launch_links: list[str] = field(default_factory=list)
    axe_counts: dict[str, int] = field(default_factory=dict)
    axe_blocking: list[str] = field(default_factory=list)
    load_ms: float = 0.0
    scroll_width: int = 0
    theme: str = ""  # <html data-theme>, as the theme set it
    viewport_width: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


AXE_WRAPPER = (
    # Shadow AMD/CommonJS so that axe's bundled UMD modules do not register
    # anonymous modules with the page's require.js (that would throw
    # "Mismatched anonymous define()").
    "(function (define, module, exports) {{\n{source}\n;window.axe = window.axe || axe;}})"
    "(undefined, undefined, undefined);"
)


@functools.cache
def axe_script() -> str:
    if not AXE_JS.is_file():
        raise FileNotFoundError(f"{AXE_JS} missing: .venv/bin/python -m tools.npm_packages")
    return AXE_WRAPPER.format(source=AXE_JS.read_text(encoding="utf-8"))


RENDERED_JS = """([charts, views]) => {
  const c = [...document.querySelectorAll(charts)];
  const v = [...document.querySelectorAll(views)];
  const chartDone = c.filter(d => d.querySelector('svg, canvas')).length;
  const viewDone = v.filter(s => {
    const area = s.previousElementSibling;
    return area && area.classList.contains('widget-subarea')
      && area.querySelector('.jupyter-widgets, [class*="widget-"]');
  }).length;
  return {charts: c.length, chartDone, views: v.length, viewDone};
}"""

WIDGET_KINDS_JS = """() => {
  const state = document.querySelector('script[type="application/vnd.jupyter.widget-state+json"]');
  if (!state) return '';
  const models = Object.values(JSON.parse(state.textContent).state || {});
  return [...new Set(models.map(m => m.model_name))].sort().join(' ');
}"""

CHART_LABELS_JS = """(charts) => [...document.querySelectorAll(charts)].map(d => {
  const g = d.querySelector('[role="graphics-document"]') || d;
  return (g.getAttribute('aria-label') || '').trim();
})"""

LAUNCH_LINKS_JS = """() => [...document.querySelectorAll(
  '.dropdown-launch-buttons a[href], .dropdown-launch-buttons button[data-bs-title]')]
  .map(a => a.getAttribute('href') || a.getAttribute('data-bs-title'))"""

AXE_RUN_JS = """async ([tags, exclude]) => {
  const context = exclude.length ? {exclude: exclude.map((s) => [s])} : document;
  const r = await axe.run(context,
    {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


class Tab:
    """One browser tab that visits pages one after another, as a reader does.

    Navigating a tab keeps its renderer process (and the scripts it has
    compiled), so a page costs less than half the CPU of a new tab. The
    listeners are attached once and report into the page being visited
    (``result``); what a page does while the next one loads (its unload) is
    reported for the next one, which fails the walk all the same.
    """

    def __init__(self, context):
        self.page = context.new_page()
        self.result: PageResult | None = None
        self.local = ""
        self.page.on("console", self._console)
        self.page.on("pageerror", self._pageerror)
        self.page.on("requestfailed", self._failed)
        self.page.on("response", self._response)

    def _console(self, msg) -> None:
        if msg.type == "error" and self.result is not None:
            loc = msg.location or {}
            where = f"{loc.get('url', '')}:{loc.get('lineNumber', '')}"
            self.result.console_errors.append(f"{msg.text} ({where})")

    def _pageerror(self, exc) -> None:
        if self.result is not None:
            self.result.console_errors.append(f"uncaught: {exc}")

    def _failed(self, req) -> None:
        # Aborted off-origin requests are counted by off_origin_watch.
        if self.result is not None and urlsplit(req.url).netloc == self.local:
            self.result.failed_requests.append(f"{req.url}: {req.failure}")

    def _response(self, resp) -> None:
        local = urlsplit(resp.url).netloc == self.local
        if self.result is not None and resp.status >= 400 and local:
            self.result.failed_requests.append(f"{resp.url}: HTTP {resp.status}")


def _open(tab: Tab, url: str, page_name: str, mode: str):
    """Start loading ``url`` in ``tab`` for a new PageResult."""
    result = PageResult(page=page_name, mode=mode)
    tab.result, tab.local = result, urlsplit(url).netloc
    start = time.perf_counter()
    tab.page.goto(url, wait_until="commit")
    return tab, result, start


def axe_exclude(mode: str, first: bool) -> list[str]:
    """What axe leaves out on a page of a walk in ``mode`` (see AXE_SCOPE_NOTE)."""
    if first:
        return []
    return [*SITE_CHROME, *([CHART_MARKS] if mode != "light" else [])]


def _finish(
    tab: Tab, result: PageResult, start: float, net: Network, run_axe: bool | list[str]
) -> PageResult:
    """``run_axe``: False, True (the whole page) or the selectors axe leaves out."""
    """Wait for the tab's page to load and draw, then collect what the tests check."""
    page = tab.page
    try:
        page.wait_for_load_state("load", timeout=RENDER_TIMEOUT_MS)
        try:
            page.wait_for_function(
                f"""() => {{ const r = ({RENDERED_JS})({json.dumps([ALTAIR_CHARTS, WIDGET_VIEWS])});
                    return r.chartDone === r.charts && r.viewDone === r.views; }}""",
                timeout=RENDER_TIMEOUT_MS,
            )
        except Exception:  # noqa: BLE001 - counted below as charts/widgets not rendered
            pass
        result.load_ms = round((time.perf_counter() - start) * 1000, 1)
        counts = page.evaluate(RENDERED_JS, [ALTAIR_CHARTS, WIDGET_VIEWS])
        result.charts, result.charts_rendered = counts["charts"], counts["chartDone"]
        result.widget_views, result.widgets_rendered = counts["views"], counts["viewDone"]
        result.chart_labels = page.evaluate(CHART_LABELS_JS, ALTAIR_CHARTS)
        result.widget_kinds = page.evaluate(WIDGET_KINDS_JS)
        result.launch_links = page.evaluate(LAUNCH_LINKS_JS)
        # Fonts and code chunks are requested while charts and widgets render;
        # give stragglers a moment before the failures are counted.
        page.wait_for_timeout(SETTLE_MS)
        result.scroll_width, result.theme, result.viewport_width = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.dataset.theme"
            " || '', window.innerWidth]"
        )
        if run_axe:
            page.add_script_tag(content=axe_script())
            exclude = [] if run_axe is True else list(run_axe)
            violations = page.evaluate(AXE_RUN_JS, [AXE_TAGS, exclude])
            for v in violations:
                impact = v["impact"] or "unknown"
                result.axe_counts[impact] = result.axe_counts.get(impact, 0) + v["nodes"]
                if impact in BLOCKING_IMPACTS:
                    result.axe_blocking.append(
                        f"{v['id']} ({impact}, {v['nodes']} node(s)): {v['help']} {v['targets']}"
                    )
    finally:
        result.failed_requests += net.failed_by_page.pop(page, [])
        result.third_party += net.third_party_by_page.pop(page, [])
    return result


def visit(
    context, net: Network, url: str, page_name: str, *, mode: str = "light", run_axe: bool = True
) -> PageResult:
    """Open one page in a new tab, wait for charts and widgets, collect errors and axe results."""
    tab = Tab(context)
    try:
        return _finish(*_open(tab, url, page_name, mode), net, run_axe)
    finally:
        tab.page.close()


def walk_modes(
    browser,
    base_url: str,
    plan: dict[str, list[str]],
    *,
    run_axe: bool = True,
    in_flight: int = IN_FLIGHT,
) -> dict[str, list[PageResult]]:
    """Visit the pages of every mode in ``plan`` ({"light": [...], "dark-narrow":
    [...], ...}; see ``MODES``) at the same time: one browser context per mode, the
    modes' pages interleaved, ``in_flight`` pages loading at once (while one
    is checked, axe running in the page, the others load and draw). Each
    context's tabs are reused from page to page (see :class:`Tab`)."""
    contexts = {mode: new_context(browser, base_url, **mode_options(mode)) for mode in plan}
    queues = {mode: list(pages) for mode, pages in plan.items()}
    jobs = []
    while any(queues.values()):  # round robin over the modes
        for mode, queue in queues.items():
            if queue:
                jobs.append((mode, queue.pop(0)))
    results: dict[str, list[PageResult]] = {mode: [] for mode in plan}
    idle: dict[str, list[Tab]] = {mode: [] for mode in plan}
    opened: list = []

    def finish_one():
        mode, job = opened.pop(0)
        axe = run_axe and (axe_exclude(mode, first=not results[mode]) or True)
        results[mode].append(_finish(*job, contexts[mode][1], axe))
        idle[mode].append(job[0])

    try:
        for mode, name in jobs:
            tab = idle[mode].pop() if idle[mode] else Tab(contexts[mode][0])
            opened.append((mode, _open(tab, f"{base_url}{name}.html", name, mode)))
            if len(opened) >= in_flight:
                finish_one()
        while opened:
            finish_one()
    finally:
        for context, _ in contexts.values():
            context.close()
    return results


def walk(
    browser,
    base_url: str,
    pages: list[str],
    *,
    mode: str = "light",
    run_axe: bool = True,
    in_flight: int = IN_FLIGHT,
) -> list[PageResult]:
    """Visit ``pages`` (toc names, without suffix) in one context for ``mode``."""
    return walk_modes(browser, base_url, {mode: pages}, run_axe=run_axe, in_flight=in_flight)[mode]


def interactive_pages(html_dir: Path, pages: list[str]) -> list[str]:
    """Pages to check again in dark mode at 375 px, read from the built HTML:
    every page with a chart, and the first page of each distinct set of widget
    kinds (the self-check pages repeat the same widgets)."""
    chosen, seen_widgets = [], set()
    state_re = re.compile(
        r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', re.DOTALL
    )
    for page in pages:
        text = (html_dir / f"{page}.html").read_text(encoding="utf-8")
        if 'class="aigov-chart"' in text:
            chosen.append(page)
            continue
        state = state_re.search(text)
        if state:
            models = json.loads(state.group(1)).get("state", {}).values()
            kinds = " ".join(sorted({m.get("model_name", "") for m in models}))
            if kinds not in seen_widgets:
                seen_widgets.add(kinds)
                chosen.append(page)
    return chosen


# ------------------------------------------------------------ static links


_ID_RE = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")
_HREF_RE = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


@functools.cache
def _ids(path: Path) -> frozenset[str]:
    return frozenset(_ID_RE.findall(path.read_text(encoding="utf-8", errors="replace")))


def broken_links(html_dir: Path, pages: list[str]) -> list[str]:
    """Every <a href> on ``pages`` that points inside the site to a missing file or id."""
    import html as htmllib

    problems = []
    for page in pages:
        source = html_dir / f"{page}.html"
        text = source.read_text(encoding="utf-8", errors="replace")
        for raw in _HREF_RE.findall(text):
            href = htmllib.unescape(raw).strip()
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            target = source if not parts.path else (source.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{page}: {href} -> missing file")
                continue
            if parts.fragment and target.suffix == ".html":
                if unquote(parts.fragment) not in _ids(target):
                    problems.append(f"{page}: {href} -> no id {parts.fragment!r}")
    return problems


# ------------------------------------------------------------------ report


def summary_table(results: list[PageResult]) -> str:
    head = (
        f"{'page':<48} {'mode':<6} {'cons.err':>8} {'failed':>6} {'3rd-p.':>6} {'charts':>7} "
        f"{'widgets':>7} {'axe crit':>8} {'serious':>7} {'moderate':>8} {'minor':>5}"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        lines.append(
            f"{r.page:<48} {r.mode:<6} {len(r.console_errors):>8} {len(r.failed_requests):>6} "
            f"{len(r.third_party):>6} "
            f"{r.charts_rendered:>3}/{r.charts:<3} {r.widgets_rendered:>3}/{r.widget_views:<3} "
            f"{r.axe_counts.get('critical', 0):>8} {r.axe_counts.get('serious', 0):>7} "
            f"{r.axe_counts.get('moderate', 0):>8} {r.axe_counts.get('minor', 0):>5}"
        )
    return "\n".join(lines)
