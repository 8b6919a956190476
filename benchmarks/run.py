"""Benchmark what authors and students wait for; print a table, write JSON.

    .venv/bin/python benchmarks/run.py            # builds, page sizes, explorer latency
    .venv/bin/python benchmarks/run.py --suite    # ... and time the whole test suite
    .venv/bin/python benchmarks/run.py --full-env # ... and time a fresh full-venv install
    .venv/bin/python benchmarks/run.py --pre-execute  # cold build with parallel pre-execution

(``./dev bench`` runs it with its arguments.) Measures, on this machine:

* cold build: empty output folder and execution cache, every notebook executed;
* warm rebuild with nothing changed;
* rebuild after editing one page (a line is appended, then removed again);
* each notebook's execution time, as myst-nb reports it in the cold build;
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
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))
import browserkit as bk  # noqa: E402  (tests/browser is not a package)

sys.path.insert(0, str(ROOT / "tools"))
import build as tools_build  # noqa: E402
from preexecute import preexecute  # noqa: E402

EDITED_PAGE = ROOT / "chapters" / "conclusion.md"
EXPLORER_PAGE = "chapters/04-challenges/membership-exercises"
TARGETS = {
    "cold_build_s": 30.0,
    "warm_build_s": 3.0,
    "edit_one_page_s": None,  # no target set; reported
    "slowest_notebook_s": 5.0,
    "suite_s": 180.0,
    "largest_page_bytes": 1_000_000,
    "explorer_update_ms": 50.0,
}
EXECUTED_RE = re.compile(r"([^\s]+\.(?:ipynb|md)): Executed notebook in ([\d.]+) seconds")


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


def build(path_output: Path) -> tuple[float, str, int]:
    """One strict build, as tools/build.py runs it; (seconds, log, returncode).

    Pre-execution is measured separately (``--pre-execute``).
    """
    result = tools_build.build(path_output, pre_execute=False)
    return result.seconds, result.log, result.returncode


def problems(log: str) -> list[str]:
    return tools_build.log_problems(log)


def notebook_times(log: str) -> dict[str, float]:
    times = {}
    for path, secs in EXECUTED_RE.findall(re.sub(r"\x1b\[[0-9;]*m", "", log)):
        p = Path(path)
        times[str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else path] = float(secs)
    return times


def reread(log: str) -> list[str]:
    """Documents a build read again (empty for a true no-op rebuild)."""
    clean = re.sub(r"\x1b\[[0-9;]*m", "", log)
    return re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", clean)


def edit_and_rebuild(path_output: Path) -> tuple[float, str]:
    original = EDITED_PAGE.read_bytes()
    stat = EDITED_PAGE.stat()
    try:
        EDITED_PAGE.write_bytes(original + b"\n<!-- benchmark edit -->\n")
        seconds, log, _ = build(path_output)
    finally:
        EDITED_PAGE.write_bytes(original)
        os.utime(EDITED_PAGE, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    return seconds, log


_CHART_CALL = "vegaEmbed(outputDiv, spec, embedOpt)"
_WIDGET_STATE = re.compile(
    r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', re.S
)


def chart_data_bytes(html: str) -> int:
    """Bytes of the Vega-Lite specs (with their inline data) Altair embeds in a page."""
    total = 0
    decoder = json.JSONDecoder()
    pos = 0
    while (pos := html.find(_CHART_CALL, pos)) != -1:
        start = html.find("})(", pos)
        if start == -1:
            break
        start += 3
        _, end = decoder.raw_decode(html, start)
        total += end - start
        pos = end
    return total


def page_sizes(html_dir: Path) -> dict[str, dict[str, int]]:
    sizes = {}
    for page in bk.toc_files():
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
        context, _ = bk.new_context(browser, base)
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
            "BINDER_REPORT": f"{tmp}/binder-env.json",
        }
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "--durations=15"],
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


def verdict(key: str, value: float | None) -> str:
    target = TARGETS.get(key)
    if value is None:
        return "n/a"
    if target is None:
        return "-"
    return "ok" if value <= target else "MISSED"


def markdown(results: dict, rows, slowest, largest) -> str:
    """The results as a Markdown table for the authoring appendix."""
    m = results["machine"]
    when = results["date"][:10]
    lines = [
        f"Measured on {when} on {m['cpu']} ({m['cores']} cores, {m['memory_gib']} GiB, "
        f"{m['os']}, "
        f"Python {m['python']}).",
        "",
        "| Measure | Value | Target |",
        "| --- | ---: | ---: |",
    ]
    for label, key, unit in rows:
        value = results.get(key)
        target = TARGETS.get(key)
        if value is None:
            continue
        shown = f"{value / 1000:,.0f} kB" if unit == "B" else f"{value} {unit}"
        goal = (
            "–"
            if target is None
            else (f"≤ {target / 1e6:g} MB" if unit == "B" else f"≤ {target:g} {unit}")
        )
        mark = "" if target is None or value <= target else " (missed)"
        lines.append(f"| {label} | {shown}{mark} | {goal} |")
    if results.get("pre_execute"):
        lines += [
            "",
            f"The cold build includes {results['pre_execute']['seconds']} s of "
            "parallel pre-execution of the notebooks.",
        ]
    lines += [
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
        "--pre-execute",
        action="store_true",
        help="execute notebooks in parallel into the cache before the cold build",
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
        "targets": TARGETS,
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
        print(f"cold build into {out} ...", flush=True)
        pre = 0.0
        if args.pre_execute:
            summary = preexecute(out)
            results["pre_execute"] = summary
            pre = summary["seconds"]
        cold, log, rc = build(out)
        results["cold_build_s"] = round(pre + cold, 1)
        results["cold_build_returncode"] = rc
        results["cold_build_problems"] = problems(log)
        results["notebooks_s"] = notebook_times(log) or (
            results.get("pre_execute", {}).get("notebooks_s", {})
        )
        print("warm rebuild ...", flush=True)
        warm, log, _ = build(out)
        results["warm_build_s"] = round(warm, 1)
        results["warm_build_problems"] = problems(log)
        results["warm_build_reread"] = reread(log)
        print(f"rebuild after editing {EDITED_PAGE.relative_to(ROOT)} ...", flush=True)
        edit, log = edit_and_rebuild(out)
        results["edit_one_page_s"] = round(edit, 1)
        results["edit_one_page_reread"] = reread(log)
        results["edited_page"] = str(EDITED_PAGE.relative_to(ROOT))
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
        ("warm rebuild (nothing changed)", "warm_build_s", "s"),
        (f"rebuild after editing {results['edited_page']}", "edit_one_page_s", "s"),
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
    print(f"{'measure':<62} {'value':>12} {'target':>12}  verdict")
    for label, key, unit in rows:
        value = results.get(key)
        target = TARGETS.get(key)
        shown = "-" if value is None else (f"{value:,}" if unit == "B" else f"{value}")
        print(
            f"{label:<62} {shown + ' ' + unit:>12} "
            f"{'-' if target is None else f'<= {target:,} {unit}':>12}  {verdict(key, value)}"
        )
    print("\nnotebook execution (s):")
    for name, secs in sorted(nb.items()):
        print(f"  {name:<60} {secs:>6.2f}  {verdict('slowest_notebook_s', secs)}")
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
    md.write_text(markdown(results, rows, slowest, largest), encoding="utf-8")
    print(f"\nwritten to {json_path} and {md}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
