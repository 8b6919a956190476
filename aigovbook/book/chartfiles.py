"""SVG and PNG files of every chart, for slides, linked from the chart's caption.

For each chart output on a page Sphinx writes, :func:`add_downloads` adds the links and
queues a conversion with ``vl-convert-python`` (no browser) into
``_downloads/charts/<page>--<figure or chart-N>.svg`` (title and text alternative as
``<title>`` and ``<desc>``) and a 2x ``.png``. One worker process (the script
:mod:`.chartconvert`, jobs as JSON lines) converts beside Sphinx; :func:`finish`
waits for it and fails the build if a conversion failed. ``.specs.json`` records each
file's specification digest, so an unchanged chart is not converted again.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import queue
import re
import subprocess
import sys
import threading
from pathlib import Path

from . import chartconvert
from .chartconvert import _title
from .chartmarkup import CHART_CLASS

DOWNLOAD_DIR = Path("_downloads") / "charts"
LINKS_CLASS = "chart-downloads"

_CHART = re.compile(
    r'<div id="(?P<id>altair-viz-[0-9a-f]{32})" class="' + CHART_CLASS + r'"></div>\s*'
    r'<script type="text/javascript">(?P<script>.*?)</script>',
    re.DOTALL,
)
_FIGURE_OPEN = re.compile(r'<figure\b[^>]*\bid="(?P<id>[^"]+)"[^>]*>')
_CAPTION_END = re.compile(r"(</p>\s*</figcaption>)")


def chart_spec(script: str) -> dict:
    """The Vega-Lite spec passed to a chart output's script."""
    start = script.index("})(") + 3
    spec, _ = json.JSONDecoder().raw_decode(script[start:])
    return spec


def converter_version() -> str:
    """The installed vl-convert, which draws the files (an upgrade draws them anew)."""
    from importlib.metadata import version

    return version("vl-convert-python")


@functools.cache
def _maker() -> str:
    """What every chart's files are made by: the converter's code and version, and
    this module (read once per build, not once per chart)."""
    code = "".join(Path(f).read_text(encoding="utf-8") for f in (chartconvert.__file__, __file__))
    return code + converter_version()


def spec_digest(spec: dict) -> str:
    """What a chart's files are made from: its specification and :func:`_maker`."""
    text = json.dumps(spec, sort_keys=True) + _maker()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Worker:
    """One ``python chartconvert.py`` process converting queued charts."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, chartconvert.__file__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        # A writer thread feeds the pipe, so that a large specification never
        # blocks Sphinx while the worker is busy converting the previous one.
        self.outbox: queue.Queue[str | None] = queue.Queue()
        self.writer = threading.Thread(target=self._feed, name="chart-files", daemon=True)
        self.writer.start()

    def _feed(self) -> None:
        stdin = self.proc.stdin
        assert stdin is not None
        try:
            while (line := self.outbox.get()) is not None:
                stdin.write(line)
                stdin.flush()
        except OSError:
            pass  # the worker died: close() reports every job it did not answer
        finally:
            stdin.close()

    def submit(self, svg_path: Path, spec: dict) -> None:
        self.outbox.put(json.dumps({"svg": str(svg_path), "spec": spec}) + "\n")

    def stop(self) -> None:
        """Stop a worker that got no job (it may still be importing its libraries)."""
        self.proc.kill()
        self.proc.wait()
        self.outbox.put(None)
        self.writer.join()
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None and not stream.closed:
                stream.close()

    def close(self) -> dict[str, str | None]:
        """Wait for the worker: svg path -> None (written) or the error."""
        self.outbox.put(None)
        out = self.proc.stdout.read() if self.proc.stdout else ""
        self.proc.wait()
        self.writer.join()
        answers = [json.loads(line) for line in out.splitlines() if line.strip()]
        return {a["svg"]: a.get("error") for a in answers}


class _Queue:
    """Conversions waiting for the worker, per output folder."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.worker: _Worker | None = None
        self.jobs: list[tuple[Path, str, str]] = []  # folder, stem, digest
        self.done: dict[Path, dict[str, str]] = {}  # folder -> {stem: digest} on disk

    def recorded(self, folder: Path) -> dict[str, str]:
        if folder not in self.done:
            try:
                self.done[folder] = json.loads((folder / ".specs.json").read_text("utf-8"))
            except (OSError, ValueError):
                self.done[folder] = {}
        return self.done[folder]

    def submit(self, folder: Path, stem: str, spec: dict) -> None:
        digest = spec_digest(spec)
        svg_path = folder / f"{stem}.svg"
        with self.lock:
            fresh = self.recorded(folder).get(stem) == digest
            if fresh and svg_path.is_file() and svg_path.with_suffix(".png").is_file():
                return
            self.recorded(folder).pop(stem, None)
            if self.worker is None:
                self.worker = _Worker()
            self.worker.submit(svg_path, spec)
            self.jobs.append((folder, stem, digest))

    def finish(self) -> list[str]:
        """Wait for every queued conversion; record the good ones; return the failures."""
        with self.lock:
            jobs, self.jobs = self.jobs, []
            worker, self.worker = self.worker, None
        if worker is not None and not jobs:
            worker.stop()
        answers = worker.close() if worker is not None and jobs else {}
        failures = []
        for folder, stem, digest in jobs:
            svg = str(folder / f"{stem}.svg")
            if svg not in answers:
                failures.append(f"{stem}: the conversion process stopped before it")
            elif answers[svg] is not None:
                failures.append(f"{stem}: {answers[svg]}")
            else:
                self.recorded(folder)[stem] = digest
        for folder in {job[0] for job in jobs}:
            folder.mkdir(parents=True, exist_ok=True)
            record = json.dumps(self.done[folder], indent=0, sort_keys=True)
            (folder / ".specs.json").write_text(record, encoding="utf-8")
        return failures


_QUEUE = _Queue()


def start() -> None:
    """Start the conversion worker now (it takes a second to import its libraries)."""
    with _QUEUE.lock:
        if _QUEUE.worker is None:
            _QUEUE.worker = _Worker()


def finish() -> None:
    """Wait for the background conversions; raise if any failed."""
    failures = _QUEUE.finish()
    if failures:
        raise RuntimeError("chart files could not be written: " + "; ".join(failures))


def seed(source_html: Path, target_html: Path) -> bool:
    """Start ``target_html``'s chart files from another build's (e.g. the
    student edition from the instructor's, whose charts are the same): copied
    only where the target has none yet. Each file keeps its recorded
    specification digest, so a chart whose specification differs is still
    converted anew. Return whether files were copied."""
    import shutil

    source, target = Path(source_html) / DOWNLOAD_DIR, Path(target_html) / DOWNLOAD_DIR
    if target.exists() or not (source / ".specs.json").is_file():
        return False
    shutil.copytree(source, target)
    return True


def add_downloads(body: str, pagename: str, outdir: Path, url_for) -> str:
    """Queue the files of every chart in ``body`` (see :func:`finish`); return
    ``body`` with links to them.

    ``url_for(path)`` turns a path from the site root into a link from this
    page (Sphinx's ``pathto(path, 1)``).
    """
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", pagename).strip("-")
    out = []
    pos = 0
    used: set[str] = set()
    for n, match in enumerate(_CHART.finditer(body), start=1):
        before = body[: match.start()]
        figure = None
        opened = list(_FIGURE_OPEN.finditer(before))
        if opened and "</figure>" not in before[opened[-1].end() :]:
            figure = opened[-1].group("id")
        spec = chart_spec(match.group("script"))
        stem = f"{slug}--{figure or f'chart-{n}'}"
        if stem in used:
            stem = f"{stem}-{n}"
        used.add(stem)
        _QUEUE.submit(outdir / DOWNLOAD_DIR, stem, spec)
        svg_url = url_for(f"{DOWNLOAD_DIR.as_posix()}/{stem}.svg")
        png_url = url_for(f"{DOWNLOAD_DIR.as_posix()}/{stem}.png")
        label = html.escape(_title(spec) or "this chart", quote=True)
        links = (
            f'<span class="{LINKS_CLASS}">Download the chart: '
            f'<a href="{svg_url}" download aria-label="SVG file of {label}">SVG</a> · '
            f'<a href="{png_url}" download aria-label="PNG file of {label}">PNG</a></span>'
        )
        end = _CAPTION_END.search(body, match.end()) if figure else None
        if end is not None and "</figure>" not in body[match.end() : end.start()]:
            out.append(body[pos : end.start()])
            out.append(" " + links)
            pos = end.start()
        else:
            out.append(body[pos : match.end()])
            out.append(f'<p class="{LINKS_CLASS}-para">{links}</p>')
            pos = match.end()
    out.append(body[pos:])
    return "".join(out)
