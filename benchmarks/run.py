"""Benchmark what authors and students wait for; print a table, write JSON.

    .venv/bin/python -m benchmarks.run            # builds, page sizes, explorer latency
    .venv/bin/python -m benchmarks.run --suite    # ... and time the whole test suite
    .venv/bin/python -m benchmarks.run --full-env # ... and time a fresh full-venv install

(``./dev bench`` runs it with its arguments.) Measures, on this machine, the
``./dev build`` command itself (a subprocess, as an author runs it):

* cold build: empty output folder and execution cache, every notebook executed
  (pre-execution two at a time, then Jupyter Book);
* rebuild with nothing changed;
* rebuild after editing one page (a line is appended, then removed again);
* rebuild after editing one notebook's code (a comment is appended to its
  first code cell, then removed again): the notebook runs again;
* a bare notebook (one cell, ``import aigovbook``): the floor of every
  notebook's run time, from which the cold-build target is computed as
  1.5 x (notebooks x bare notebook / cores) + 8 s;
* each notebook's execution time in the cold build;
* optionally the whole test suite (``pytest``, as the README runs it);
* bytes of each page's HTML and of the chart data (Vega-Lite JSON) and widget
  state embedded in it;
* the kernel-free explorer's update latency: time from choosing another value
  in the chart's own <select> to the last change Vega makes to the chart's SVG.

Builds go to a temporary folder (or ``--path-output``), never to ``_build/``.
Results: ``benchmarks/results/latest.json`` (``--json`` to change) and a
Markdown table next to it (``latest.md``), which the book's authoring
appendix includes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from tools import browser as bk
from tools.book import ROOT, notebooks, toc_files
from tools.build import log_problems
from tools.execute import execute

EDITED_PAGE = ROOT / "chapters" / "conclusion.md"
EDITED_NOTEBOOK = ROOT / "chapters" / "04-challenges" / "forums.ipynb"
EXPLORER_PAGE = "chapters/04-challenges/membership-exercises"
TARGETS = {
    "cold_build_s": None,  # computed from the bare notebook: see cold_build_limit()
    "warm_build_s": 3.0,
    "edit_one_page_s": 5.0,
    "edit_one_notebook_s": None,  # that notebook's run time + 5 s
    "slowest_notebook_s": 5.0,
    "suite_s": 180.0,
    "largest_page_bytes": 1_000_000,
    "explorer_update_ms": 50.0,
}
EXECUTED_RE = re.compile(r"executed (\S+\.ipynb) in ([\d.]+) s")


def os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return platform.platform()


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        mem_kb = 0
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "os": os_name(),
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


CPU_S: dict[str, float] = {}  # CPU seconds of the last build's processes


def build(path_output: Path) -> tuple[float, str, int]:
    """``./dev build --path-output path_output``: (seconds, its output and log, returncode).

    The CPU seconds its processes used (user + system) go to ``CPU_S["last"]``.
    """
    log_file = path_output / "_build" / "build.log"
    before = log_file.stat().st_mtime_ns if log_file.is_file() else None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(
        [str(ROOT / "dev"), "build", "--path-output", str(path_output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU_S["last"] = round(after.ru_utime - usage.ru_utime + after.ru_stime - usage.ru_stime, 1)
    written = log_file.is_file() and log_file.stat().st_mtime_ns != before
    log = log_file.read_text(encoding="utf-8") if written else ""  # skipped builds write none
    return seconds, proc.stdout + proc.stderr + log, proc.returncode


def problems(log: str) -> list[str]:
    return log_problems(log)


def notebook_times(output: str) -> dict[str, float]:
    return {path: float(secs) for path, secs in EXECUTED_RE.findall(output)}


def reread(log: str) -> list[str]:
    """Documents a build read again (empty for a true no-op rebuild)."""
    clean = re.sub(r"\x1b\[[0-9;]*m", "", log)
    return re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", clean)


def edit_and_rebuild(path: Path, edit, path_output: Path) -> tuple[float, str]:
    """Rebuild after ``edit(bytes) -> bytes`` on ``path``; restore it byte for byte."""
    original = path.read_bytes()
    stat = path.stat()
    try:
        path.write_bytes(edit(original))
        seconds, log, _ = build(path_output)
    finally:
        path.write_bytes(original)
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    return seconds, log


def append_comment_to_first_code_cell(raw: bytes) -> bytes:
    nb = json.loads(raw)
    cell = next(c for c in nb["cells"] if c["cell_type"] == "code")
    source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    cell["source"] = source + "\n# benchmark edit"
    return (json.dumps(nb, indent=1, ensure_ascii=False) + "\n").encode()


def bare_notebook_s(repeats: int = 3) -> float:
    """Median time to run a notebook whose one cell imports the book's package."""
    with tempfile.TemporaryDirectory(prefix="bench-bare-") as tmp:
        path = Path(tmp) / "bare.ipynb"
        cell = nbformat.v4.new_code_cell("import aigovbook")
        nbformat.write(nbformat.v4.new_notebook(cells=[cell]), path)
        times = [execute(path).seconds for _ in range(repeats)]
    return round(statistics.median(times), 2)


def cold_build_limit(bare: float, cores: int | None = None) -> float:
    """The cold-build target: 1.5 x (notebooks x bare notebook / cores) + 8 s."""
    cores = cores or os.cpu_count() or 1
    return round(1.5 * (len(notebooks()) * bare / cores) + 8, 1)


_WIDGET_STATE = re.compile(
    r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', re.S
)


def chart_data_bytes(html: str) -> int:
    """Bytes of the Vega-Lite specifications (with their inline data) in a
    page's chart outputs (aigovbook/book/chartrender.py)."""
    from aigovbook.book import chartfiles

    return sum(
        len(json.dumps(chartfiles.chart_spec(m.group("script")), ensure_ascii=False))
        for m in chartfiles._CHART.finditer(html)
    )


def page_sizes(html_dir: Path) -> dict[str, dict[str, int]]:
    sizes = {}
    for page in toc_files():
        path = html_dir / f"{page}.html"
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        sizes[page] = {
            "html_bytes": path.stat().st_size,
            "chart_data_bytes": chart_data_bytes(text),
            "widget_state_bytes": sum(len(m) for m in _WIDGET_STATE.findall(text)),
        }
    return sizes


LATENCY_JS = """async ([value, quietMs]) => {
  const select = document.querySelector('.vega-embed .vega-bindings select');
  const target = select.closest('.vega-embed');
  let last = 0, count = 0;
  const observer = new MutationObserver(() => { last = performance.now(); count++; });
  observer.observe(target, {subtree: true, childList: true, attributes: true,
                            characterData: true});
  const t0 = performance.now();
  select.value = value;
  select.dispatchEvent(new Event('change', {bubbles: true}));
  // Wait until the chart has been quiet for quietMs.
  while (true) {
    await new Promise(r => setTimeout(r, quietMs));
    if (count && performance.now() - last >= quietMs) break;
    if (performance.now() - t0 > 5000) break;
  }
  observer.disconnect();
  return count ? last - t0 : null;
}"""


def explorer_latency(html_dir: Path, repeats: int = 12) -> dict:
    if not (html_dir / f"{EXPLORER_PAGE}.html").is_file():
        return {"error": f"{EXPLORER_PAGE}.html not built"}
    with bk.serve(html_dir) as base, bk.chromium() as browser:
        context = bk.offline_context(browser, base)
        page = context.new_page()
        page.goto(f"{base}{EXPLORER_PAGE}.html")
        page.wait_for_function(
            "() => { const s = document.querySelector('.vega-embed .vega-bindings select');"
            " return s && s.closest('.vega-embed').querySelector('svg, canvas'); }",
            timeout=bk.RENDER_TIMEOUT_MS,
        )
        page.wait_for_timeout(500)
        options = page.evaluate(
            "() => [...document.querySelector('.vega-embed .vega-bindings select').options]"
            ".map(o => o.value)"
        )
        first = page.evaluate(
            "() => document.querySelector('.vega-embed .vega-bindings select').value"
        )
        others = [o for o in options if o != first] or options
        samples = []
        for i in range(repeats):
            value = others[i % len(others)] if i % 2 == 0 else first
            ms = page.evaluate(LATENCY_JS, [value, 150])
            if ms is not None:
                samples.append(round(ms, 1))
        context.close()
    if not samples:
        return {"error": "the chart did not change"}
    return {
        "median_ms": statistics.median(samples),
        "max_ms": max(samples),
        "samples_ms": samples,
        "options": len(options),
    }


def run_suite() -> tuple[float, int, str, str]:
    """The README's test command; its reports go to a temporary folder, so the
    benchmark does not overwrite those of your last test run in _build/."""
    with tempfile.TemporaryDirectory(prefix="bench-suite-") as tmp:
        env = {
            **os.environ,
            "BROWSER_REPORT": f"{tmp}/browser-report.json",
            "BROWSER_REPORT_MODES": f"{tmp}/browser-report-modes.json",
            "BINDER_REPORT": f"{tmp}/binder-env.json",
        }
        start = time.perf_counter()
        proc = subprocess.run(
            [str(ROOT / "dev"), "test", "-q", "--durations=15"],  # as the README runs it
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=3600,
            env=env,
        )
        seconds = time.perf_counter() - start
    out = (proc.stdout + proc.stderr).strip()
    tail = out.splitlines()[-1:] or [""]
    durations = out[out.find("slowest 15 durations") :].split("=== short test summary")[0]
    return seconds, proc.returncode, tail[0], durations


def full_env_install() -> float:
    with tempfile.TemporaryDirectory(prefix="bench-venv-") as tmp:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "venv", f"{tmp}/venv"], check=True)
        subprocess.run(
            [
                f"{tmp}/venv/bin/python",
                "-m",
                "pip",
                "install",
                "-q",
                "--no-compile",
                "--disable-pip-version-check",
                "--no-deps",  # as ./dev installs it: every package is pinned
                "-r",
                str(ROOT / "requirements.txt"),
            ],
            check=True,
        )
        return time.perf_counter() - start


def verdict(results: dict, key: str, value: float | None) -> str:
    target = results["targets"].get(key)
    if value is None:
        return "n/a"
    if target is None:
        return "-"
    return "ok" if value <= target else "MISSED"


def markdown(results: dict, rows) -> str:
    """The results as a Markdown table for the authoring appendix."""
    m = results["machine"]
    when = results["date"][:10]
    lines = [
        f"Measured on {when} on {m['cpu']} ({m['cores']} cores, {m['memory_gib']} GiB, "
        f"{m['os']}, "
        f"Python {m['python']}; load average at the start {m['load_average_at_start'][0]}).",
        "",
        "| Measure | Value | Target |",
        "| --- | ---: | ---: |",
    ]
    for label, key, unit in rows:
        value = results.get(key)
        target = results["targets"].get(key)
        if value is None:
            continue
        shown = f"{value / 1000:,.0f} kB" if unit == "B" else f"{value} {unit}"
        cpu = results.get(key.removesuffix("_s") + "_cpu_s")
        shown += f" (CPU {cpu} s)" if cpu is not None else ""
        goal = (
            "–"
            if target is None
            else (f"≤ {target / 1e6:g} MB" if unit == "B" else f"≤ {target:g} {unit}")
        )
        mark = "" if target is None or value <= target else " (missed)"
        lines.append(f"| {label} | {shown}{mark} | {goal} |")
    lines += [
        "",
        "Builds are timed as `./dev build` runs them. The cold-build target is "
        "1.5 × (notebooks × bare notebook ÷ cores) + 8 s; the bare notebook "
        f"(one cell, `import aigovbook`) ran in {results.get('bare_notebook_s')} s. "
        "The target after editing a notebook is that notebook's run time + 5 s.",
        "",
        "Notebook execution times in the cold build (seconds): "
        + ", ".join(
            f"{Path(k).relative_to('chapters').with_suffix('')} {v:.1f}"
            for k, v in sorted(results["notebooks_s"].items())
        )
        + ".",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--path-output", type=Path, help="build here (emptied first) instead of a temporary folder"
    )
    parser.add_argument("--suite", action="store_true", help="also time the whole test suite")
    parser.add_argument(
        "--full-env", action="store_true", help="also time a fresh install of requirements.txt"
    )
    parser.add_argument(
        "--json", type=Path, default=ROOT / "benchmarks" / "results" / "latest.json"
    )
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="measure nothing: print the table and rewrite the Markdown from --json",
    )
    args = parser.parse_args(argv)
    if args.report_only:
        return report(json.loads(args.json.read_text(encoding="utf-8")), args.json)

    results: dict = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "targets": dict(TARGETS),
    }
    tmp = None
    if args.path_output:
        out = args.path_output.resolve()
        shutil.rmtree(out, ignore_errors=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="aigovbook-bench-")
        out = Path(tmp.name)
    html = out / "_build" / "html"
    try:
        print("bare notebook ...", flush=True)
        results["bare_notebook_s"] = bare_notebook_s()
        results["targets"]["cold_build_s"] = cold_build_limit(results["bare_notebook_s"])
        print(f"cold build into {out} ...", flush=True)
        cold, log, rc = build(out)
        results["cold_build_s"] = round(cold, 1)
        results["cold_build_cpu_s"] = CPU_S["last"]
        results["cold_build_returncode"] = rc
        results["cold_build_problems"] = problems(log)
        results["notebooks_s"] = notebook_times(log)
        print("rebuild, nothing changed ...", flush=True)
        warm, log, _ = build(out)
        results["warm_build_s"] = round(warm, 1)
        results["warm_build_cpu_s"] = CPU_S["last"]
        results["warm_build_problems"] = problems(log)
        results["warm_build_reread"] = reread(log)
        print(f"rebuild after editing {EDITED_PAGE.relative_to(ROOT)} ...", flush=True)
        edit, log = edit_and_rebuild(
            EDITED_PAGE, lambda raw: raw + b"\n<!-- benchmark edit -->\n", out
        )
        results["edit_one_page_s"] = round(edit, 1)
        results["edit_one_page_cpu_s"] = CPU_S["last"]
        results["edit_one_page_reread"] = reread(log)
        results["edited_page"] = str(EDITED_PAGE.relative_to(ROOT))
        print(f"rebuild after editing {EDITED_NOTEBOOK.relative_to(ROOT)} ...", flush=True)
        edit, log = edit_and_rebuild(EDITED_NOTEBOOK, append_comment_to_first_code_cell, out)
        name = str(EDITED_NOTEBOOK.relative_to(ROOT))
        results["edit_one_notebook_s"] = round(edit, 1)
        results["edit_one_notebook_cpu_s"] = CPU_S["last"]
        results["edited_notebook"] = name
        results["edited_notebook_run_s"] = notebook_times(log).get(name)
        if results["edited_notebook_run_s"] is not None:
            results["targets"]["edit_one_notebook_s"] = round(
                results["edited_notebook_run_s"] + 5, 1
            )
        results["edit_one_notebook_problems"] = problems(log)
        results["pages"] = page_sizes(html)
        print("explorer latency ...", flush=True)
        results["explorer"] = explorer_latency(html)
    finally:
        if tmp is not None:
            tmp.cleanup()
    if args.suite:
        print("test suite ...", flush=True)
        secs, rc, tail, durations = run_suite()
        results["suite_s"], results["suite_returncode"], results["suite_summary"] = (
            round(secs, 1),
            rc,
            tail,
        )
        results["suite_slowest"] = durations.strip().splitlines()[1:]
    if args.full_env:
        print("fresh install of requirements.txt ...", flush=True)
        results["full_env_install_s"] = round(full_env_install(), 1)
    return report(results, args.json)


def report(results: dict, json_path: Path) -> int:
    """Print the table; write ``json_path`` and the Markdown table beside it."""
    nb = results["notebooks_s"]
    slowest = max(nb.items(), key=lambda kv: kv[1]) if nb else (None, None)
    results["slowest_notebook_s"] = slowest[1]
    largest = max(results["pages"].items(), key=lambda kv: kv[1]["html_bytes"])
    results["largest_page_bytes"] = largest[1]["html_bytes"]
    results["explorer_update_ms"] = results["explorer"].get("max_ms")

    rows = [
        ("cold build (clean, all notebooks executed)", "cold_build_s", "s"),
        ("rebuild, nothing changed", "warm_build_s", "s"),
        (f"rebuild after editing {results['edited_page']}", "edit_one_page_s", "s"),
        (f"rebuild after editing {results.get('edited_notebook')}", "edit_one_notebook_s", "s"),
        (f"slowest notebook ({slowest[0]})", "slowest_notebook_s", "s"),
        ("test suite (pytest)", "suite_s", "s"),
        (f"largest page ({largest[0]})", "largest_page_bytes", "B"),
        ("explorer update (max of samples)", "explorer_update_ms", "ms"),
    ]
    print(
        f"\nBenchmark {results['date']} on {results['machine']['cpu']}, "
        f"{results['machine']['cores']} cores, {results['machine']['memory_gib']} GiB "
        f"(load at start {results['machine']['load_average_at_start']})"
    )
    print(f"{'measure':<62} {'value':>22} {'target':>12}  verdict")
    for label, key, unit in rows:
        value = results.get(key)
        target = results["targets"].get(key)
        shown = "-" if value is None else (f"{value:,}" if unit == "B" else f"{value}")
        shown += f" {unit}"
        cpu = results.get(key.removesuffix("_s") + "_cpu_s")
        shown += f" (cpu {cpu} s)" if cpu is not None else ""
        goal = "-" if target is None else f"<= {target:,} {unit}"
        print(f"{label:<62} {shown:>22} {goal:>12}  {verdict(results, key, value)}")
    print("\nnotebook execution (s):")
    for name, secs in sorted(nb.items()):
        print(f"  {name:<60} {secs:>6.2f}  {verdict(results, 'slowest_notebook_s', secs)}")
    print("\npage bytes (HTML / of which chart specs / widget state):")
    for page, s in results["pages"].items():
        print(
            f"  {page:<60} {s['html_bytes']:>9,} {s['chart_data_bytes']:>9,} "
            f"{s['widget_state_bytes']:>8,}"
        )
    if results["warm_build_reread"]:
        print(
            "\nNOTE: the warm rebuild read again:",
            ", ".join(results["warm_build_reread"]),
            "(files changed while the benchmark ran?)",
        )
    if results["cold_build_problems"]:
        print(
            f"\nNOTE: the cold build reported {len(results['cold_build_problems'])} problem(s), "
            "e.g.",
            results["cold_build_problems"][0],
        )
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    md = json_path.with_suffix(".md")
    md.write_text(markdown(results, rows), encoding="utf-8")
    print(f"\nwritten to {json_path} and {md}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
